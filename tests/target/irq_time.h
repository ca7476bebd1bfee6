/*
 * Shared by the interrupt and time test images (t_irq.c, t_time.c): timing
 * bounds derived from the host's measured jitter (the largest gap between
 * two consecutive counter reads while spinning: a descheduled QEMU shows
 * there), a check that prints what it measured, and interrupt numbers no
 * device uses.
 */
#ifndef IRQ_TIME_H
#define IRQ_TIME_H

#include <stdint.h>
#include "harness.h"
#include "irq.h"
#include "timer.h"

#define MS	1000000ull

/* A timing check that prints the measured value and its bounds (newlib-
 * nano prints no 64-bit integers: values are shown clamped to 32 bits). */
static inline unsigned long shown(uint64_t v)
{
	return v > 0xffffffffu ? 0xfffffffful : (unsigned long)v;
}

#define CHECK_WITHIN(what, v, lo, hi)						\
	do {									\
		uint64_t _v = (v), _lo = (lo), _hi = (hi);			\
		if (_v < _lo || _v > _hi) {					\
			test_fail(__FILE__, __LINE__,				\
				  "%s: measured %lu, allowed %lu..%lu", (what),	\
				  shown(_v), shown(_lo), shown(_hi));		\
			return;							\
		}								\
	} while (0)

/* The largest gap between two consecutive uptime reads over 20 ms of
 * spinning, IRQs on: how long this host stops the guest, ticks included. */
static inline uint64_t host_jitter_ns(void)
{
	uint64_t start = uptime_ns(), last = start, worst = 0;

	while (last - start < 20 * MS) {
		uint64_t now = uptime_ns();

		if (now - last > worst)
			worst = now - last;
		last = now;
	}
	return worst;
}

static inline uint64_t tick_ns(void)
{
	return 1000 * MS / tick_hz();
}

/* How late a sleep may wake: two ticks, plus twice the measured jitter and
 * 1 ms more for what a 20 ms sample did not see. */
static inline uint64_t sleep_slack_ns(void)
{
	return 2 * tick_ns() + 2 * host_jitter_ns() + 1 * MS;
}

/*
 * Interrupt numbers no device uses: on the GIC an SGI (always enabled in
 * QEMU, which GICv2 allows) and an unused SPI (which can be masked); on a
 * 32-line VIC two spare lines.
 */
#define SLEEP_TRIES	3

/*
 * How long sleep_ms(ms) took: the fastest of up to SLEEP_TRIES runs,
 * stopping at the first within ms + slack (prepare, if not NULL, runs
 * before each). A loaded host may stop QEMU in any one run; a wake-up that
 * is late by design is late in every run, and one early run makes the
 * fastest early. 0 if sleep_ms() refused.
 */
static inline uint64_t sleep_took_ns(uint32_t ms, uint64_t slack, void (*prepare)(void))
{
	uint64_t best = ~0ull;

	for (int i = 0; i < SLEEP_TRIES && best > ms * MS + slack; i++) {
		uint64_t t0, took;

		if (prepare)
			prepare();
		t0 = uptime_ns();
		if (sleep_ms(ms))
			return 0;
		took = uptime_ns() - t0;
		if (took < best)
			best = took;
	}
	return best;
}

static inline unsigned spare_irq(void)
{
	return irq_chip()->nr_irqs > 32 ? 1 : 27;
}

static inline unsigned spare_maskable_irq(void)
{
	return irq_chip()->nr_irqs > 32 ? 40 : 28;
}


#endif
