/* Tick and periodic-timer arithmetic on a counter (include/ticks.h). */
#include <errno.h>
#include "ticks.h"

int tick_sched_init(struct tick_sched *s, uint64_t base, uint32_t freq, uint32_t hz)
{
	if (!hz || hz > freq)
		return -EINVAL;
	*s = (struct tick_sched){ .base = base, .freq = freq, .hz = hz, .n = 0 };
	return 0;
}

/*
 * floor(k * freq / hz) split as whole seconds (k / hz, each exactly freq
 * counts) plus the rest: (k % hz) * freq < hz * freq < 2^64, so nothing
 * overflows and nothing is rounded more than once.
 */
uint64_t tick_sched_due(const struct tick_sched *s, uint64_t k)
{
	return s->base + (k / s->hz) * s->freq + (k % s->hz) * s->freq / s->hz;
}

uint64_t tick_sched_next(const struct tick_sched *s)
{
	return tick_sched_due(s, s->n + 1);
}

/*
 * The last tick due at or before now is the largest k with
 * floor(k * freq / hz) <= d (d = now - base), i.e. k * freq < (d + 1) * hz,
 * i.e. k = floor(((d + 1) * hz - 1) / freq). Split d the same way as above
 * (d = q * freq + r, r < freq) to stay within 64 bits.
 */
static uint64_t ticks_due_by(const struct tick_sched *s, uint64_t now)
{
	uint64_t d, q, r;

	if (now < s->base)
		return 0;
	d = now - s->base;
	q = d / s->freq;
	r = d % s->freq;
	return q * s->hz + ((r + 1) * s->hz - 1) / s->freq;
}

uint64_t tick_sched_advance(struct tick_sched *s, uint64_t now)
{
	uint64_t k = ticks_due_by(s, now), added;

	if (k <= s->n)
		return 0;
	added = k - s->n;
	s->n = k;
	return added;
}

bool tick_rate_ok(uint32_t hz, uint32_t cs_freq, uint32_t dev_max_hz)
{
	return hz >= 1 && hz <= cs_freq && hz <= dev_max_hz;
}

uint64_t periodic_next(uint64_t deadline, uint64_t period, uint64_t now)
{
	uint64_t m = now > deadline ? (now - deadline) / period + 1 : 1;

	return deadline + m * period;
}
