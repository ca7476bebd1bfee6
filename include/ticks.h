/*
 * Tick and timer arithmetic on a free-running counter (pure, host-tested in
 * tests/host/test_ticks.c): where each periodic tick falls, how many ticks
 * a given counter value has passed, and where a periodic software timer
 * goes next. No hardware access; the drivers and time.c read the counter
 * and feed it in.
 *
 * Tick k (k >= 1) of a schedule is due at exactly
 *     base + floor(k * freq / hz)
 * counter values, computed without overflow for any k, so no rounding error
 * accumulates: after hz ticks exactly freq counts have passed, whatever the
 * ratio (62.5 MHz / 1000 is 62,500 a tick; 24 MHz / 7 alternates 3428571
 * and 3428572).
 */
#ifndef TICKS_H
#define TICKS_H

#include <stdbool.h>
#include <stdint.h>

struct tick_sched {
	uint64_t base;		/* counter value of tick 0 */
	uint32_t freq;		/* counter rate, Hz */
	uint32_t hz;		/* ticks per second, 1 .. freq */
	uint64_t n;		/* ticks counted so far */
	uint32_t period;	/* counts a tick when hz divides freq, else 0 */
	uint32_t ns_per_count;	/* when freq divides 10^9, else 0 */
};

/* 0, or -EINVAL unless 1 <= hz <= freq. */
int tick_sched_init(struct tick_sched *s, uint64_t base, uint32_t freq, uint32_t hz);
/* The counter value at which tick k is due. */
uint64_t tick_sched_due(const struct tick_sched *s, uint64_t k);
/* The counter value at which the next uncounted tick (n + 1) is due. */
uint64_t tick_sched_next(const struct tick_sched *s);
/* Count every tick due at or before now; returns how many were added (0 if
 * none: a repeated or early call moves nothing). */
uint64_t tick_sched_advance(struct tick_sched *s, uint64_t now);
/* counts of the counter as nanoseconds, rounded down; exact until the
 * result passes 2^64 ns (584 years). */
uint64_t tick_sched_ns(const struct tick_sched *s, uint64_t counts);

/*
 * A tick rate both the clocksource (counter at cs_freq) and the tick device
 * (at most dev_max_hz) can do: 1 <= hz <= min(cs_freq, dev_max_hz).
 */
bool tick_rate_ok(uint32_t hz, uint32_t cs_freq, uint32_t dev_max_hz);

/*
 * A periodic timer that was due at deadline runs at now (>= deadline): its
 * next deadline is deadline + m * period for the smallest m >= 1 that lies
 * after now, so it never drifts by the callback's lateness, and periods it
 * missed entirely (interrupts held off) are skipped rather than run in a
 * burst. period must be > 0.
 */
uint64_t periodic_next(uint64_t deadline, uint64_t period, uint64_t now);

#endif
