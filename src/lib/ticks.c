/* Tick and periodic-timer arithmetic on a counter (include/ticks.h). */
#include <errno.h>
#include "ticks.h"

#define NS_PER_SEC	1000000000u

int tick_sched_init(struct tick_sched *s, uint64_t base, uint32_t freq, uint32_t hz)
{
	if (!hz || hz > freq)
		return -EINVAL;
	*s = (struct tick_sched){ .base = base, .freq = freq, .hz = hz, .n = 0,
				  .period = freq % hz ? 0 : freq / hz,
				  .ns_per_count = NS_PER_SEC % freq ? 0 : NS_PER_SEC / freq };
	return 0;
}

/* n / d for a 32-bit d: the 32-bit divide while n fits in 32 bits (the
 * first minute or more of a counter that starts near 0), 64-bit after. */
static uint64_t div_by(uint64_t n, uint32_t d)
{
	return n >> 32 ? n / d : (uint32_t)n / d;
}

/*
 * floor(k * freq / hz) split as whole seconds (k / hz, each exactly freq
 * counts) plus the rest: (k % hz) * freq < hz * freq < 2^64, so nothing
 * overflows and nothing is rounded more than once.
 */
uint64_t tick_sched_due(const struct tick_sched *s, uint64_t k)
{
	if (s->period)		/* whole counts a tick (62.5 MHz / 1 kHz: 62,500) */
		return s->base + k * s->period;
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
	if (s->period)		/* the formula below, when hz * period == freq */
		return div_by(d, s->period);
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

/* Whole seconds, then the rest, as tick_sched_due(); one multiply when a
 * count is a whole number of nanoseconds (62.5 MHz: 16, 1 MHz: 1000). */
uint64_t tick_sched_ns(const struct tick_sched *s, uint64_t counts)
{
	if (s->ns_per_count)
		return counts * s->ns_per_count;
	return (counts / s->freq) * NS_PER_SEC + (counts % s->freq) * NS_PER_SEC / s->freq;
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
