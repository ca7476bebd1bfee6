/* Binary min-heap of soft timers; each timer knows its slot for O(log n) removal. */
#include <errno.h>
#include <stddef.h>
#include "timerq.h"

void timerq_init(struct timerq *q, struct soft_timer **storage, unsigned cap)
{
	q->heap = storage;
	q->n = 0;
	q->cap = cap;
	q->seq = 0;
}

/* Strict order: deadline, then insertion sequence (wrap-safe difference). */
static bool before(const struct soft_timer *a, const struct soft_timer *b)
{
	if (a->deadline_ns != b->deadline_ns)
		return a->deadline_ns < b->deadline_ns;
	return (int32_t)(a->seq - b->seq) < 0;
}

static void place(struct timerq *q, unsigned i, struct soft_timer *t)
{
	q->heap[i] = t;
	t->slot = (int32_t)i;
}

static void sift_up(struct timerq *q, unsigned i)
{
	struct soft_timer *t = q->heap[i];

	while (i > 0) {
		unsigned parent = (i - 1) / 2;

		if (!before(t, q->heap[parent]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, t);
}

static void sift_down(struct timerq *q, unsigned i)
{
	struct soft_timer *t = q->heap[i];

	for (;;) {
		unsigned child = 2 * i + 1;

		if (child >= q->n)
			break;
		if (child + 1 < q->n && before(q->heap[child + 1], q->heap[child]))
			child++;
		if (!before(q->heap[child], t))
			break;
		place(q, i, q->heap[child]);
		i = child;
	}
	place(q, i, t);
}

bool timerq_contains(const struct timerq *q, const struct soft_timer *t)
{
	return t->slot >= 0 && (unsigned)t->slot < q->n && q->heap[t->slot] == t;
}

int timerq_add(struct timerq *q, struct soft_timer *t)
{
	if (timerq_contains(q, t))
		return -EBUSY;
	if (q->n == q->cap)
		return -ENOMEM;
	t->seq = q->seq++;
	q->heap[q->n] = t;	/* sift_up() places it, slot and all */
	q->n++;
	sift_up(q, q->n - 1);
	return 0;
}

int timerq_remove(struct timerq *q, struct soft_timer *t)
{
	unsigned i;
	struct soft_timer *last;

	if (!timerq_contains(q, t))
		return -ENOENT;
	i = (unsigned)t->slot;
	t->slot = -1;
	last = q->heap[--q->n];
	if (i == q->n)
		return 0;
	place(q, i, last);
	sift_down(q, i);
	sift_up(q, (unsigned)last->slot);
	return 0;
}

struct soft_timer *timerq_pop_due(struct timerq *q, uint64_t now)
{
	struct soft_timer *t;

	if (!q->n || q->heap[0]->deadline_ns > now)
		return NULL;
	t = q->heap[0];
	timerq_remove(q, t);
	return t;
}

const struct soft_timer *timerq_peek(const struct timerq *q)
{
	return q->n ? q->heap[0] : NULL;
}
