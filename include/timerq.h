/*
 * A priority queue of software timers (pure, host-tested): a binary min-heap
 * ordered by deadline, then by the order timers were added, so timers due
 * together fire in a defined order. O(log n) add, remove and pop.
 */
#ifndef TIMERQ_H
#define TIMERQ_H

#include "timer.h"

struct timerq {
	struct soft_timer **heap;
	unsigned n, cap;
	uint32_t seq;
};

void timerq_init(struct timerq *q, struct soft_timer **storage, unsigned cap);
/* t->deadline_ns must be set. -EBUSY if t is queued, -ENOMEM if full. */
int timerq_add(struct timerq *q, struct soft_timer *t);
bool timerq_contains(const struct timerq *q, const struct soft_timer *t);
/* -ENOENT if t is not queued here. */
int timerq_remove(struct timerq *q, struct soft_timer *t);
/* The earliest timer if its deadline is <= now (removed), else NULL. */
struct soft_timer *timerq_pop_due(struct timerq *q, uint64_t now);
const struct soft_timer *timerq_peek(const struct timerq *q);

#endif
