/* Single-producer single-consumer byte ring (see include/ring.h). */
#include <errno.h>
#include "ring.h"

/* Keep the compiler from moving the data access across the index update;
 * one CPU needs no hardware barrier for this. */
#define compiler_barrier()	__asm__ volatile("" ::: "memory")

int ring_init(struct ring *r, uint8_t *buf, uint32_t size)
{
	if (size < 2 || (size & (size - 1)))
		return -EINVAL;
	r->buf = buf;
	r->size = size;
	r->head = r->tail = 0;
	r->dropped = 0;
	return 0;
}

uint32_t ring_count(const struct ring *r)
{
	return r->head - r->tail;
}

bool ring_push(struct ring *r, uint8_t byte)
{
	uint32_t head = r->head;

	if (head - r->tail == r->size) {
		r->dropped++;
		return false;
	}
	r->buf[head & (r->size - 1)] = byte;
	compiler_barrier();
	r->head = head + 1;
	return true;
}

int ring_pop(struct ring *r)
{
	uint32_t tail = r->tail;
	uint8_t byte;

	if (r->head == tail)
		return -1;
	byte = r->buf[tail & (r->size - 1)];
	compiler_barrier();
	r->tail = tail + 1;
	return byte;
}

bool ring_take(struct ring *r, uint8_t byte)
{
	uint32_t tail = r->tail, head = r->head, mask = r->size - 1, at;

	for (at = tail; at != head; at++)
		if (r->buf[at & mask] == byte)
			break;
	if (at == head)
		return false;
	/* Close the gap from the tail side: [tail, at) moves up by one. */
	for (; at != tail; at--)
		r->buf[at & mask] = r->buf[(at - 1) & mask];
	compiler_barrier();
	r->tail = tail + 1;
	return true;
}
