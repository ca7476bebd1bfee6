/*
 * A byte ring for one producer (an interrupt handler) and one consumer (the
 * main loop) on one CPU (pure, host-tested). The producer only writes head,
 * the consumer only tail; indices run freely and wrap, so full and empty are
 * told apart without a spare slot. A push into a full ring is refused and
 * counted in dropped: old data is never overwritten.
 */
#ifndef RING_H
#define RING_H

#include <stdbool.h>
#include <stdint.h>

struct ring {
	uint8_t *buf;
	uint32_t size;			/* a power of two */
	volatile uint32_t head;		/* next write, producer side */
	volatile uint32_t tail;		/* next read, consumer side */
	volatile uint32_t dropped;
};

/* -EINVAL unless size is a power of two >= 2. */
int ring_init(struct ring *r, uint8_t *buf, uint32_t size);
/* true if stored; false (and dropped++) when full. */
bool ring_push(struct ring *r, uint8_t byte);
/* The oldest byte, or -1 when empty. */
int ring_pop(struct ring *r);
uint32_t ring_count(const struct ring *r);
/*
 * Consumer side: remove the oldest stored byte equal to @byte, keeping every
 * other byte in order (so typed-ahead input survives a Ctrl-C check).
 * Returns true if one was removed. The bytes before it move up one slot,
 * which only the consumer owns, so the producer may push meanwhile.
 */
bool ring_take(struct ring *r, uint8_t byte);

#endif
