/*
 * Host tests: tick and periodic-timer arithmetic (src/lib/ticks.c) against
 * a fake clocksource, over tens of thousands of periods, so a period that is
 * one counter value short or long (freq / hz - 1, or rounded up) shows as
 * drift, and against an independent 128-bit model.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ticks.h"

#define PERIODS	50000u

/* The model: floor(k * freq / hz) in 128 bits. */
static uint64_t model_due(uint64_t base, uint32_t freq, uint32_t hz, uint64_t k)
{
	return base + (uint64_t)((unsigned __int128)k * freq / hz);
}

/*
 * A fake clocksource that interrupts exactly at each deadline (a compare-
 * value timer): every call counts exactly one tick, and each deadline is the
 * model's, tick after tick. One count of error per period would be 50,000
 * counts off by the end.
 */
static void ticks_land_exactly_on_the_deadlines(uint64_t base, uint32_t freq, uint32_t hz)
{
	struct tick_sched s;
	uint64_t now = base;

	assert_int_equal(tick_sched_init(&s, base, freq, hz), 0);
	for (uint64_t k = 1; k <= PERIODS; k++) {
		uint64_t due = tick_sched_next(&s);

		assert_int_equal(due, model_due(base, freq, hz, k));
		assert_true(due > now);			/* strictly increasing */
		/* one counter value early: not yet */
		assert_int_equal(tick_sched_advance(&s, due - 1), 0);
		now = due;
		assert_int_equal(tick_sched_advance(&s, now), 1);
		/* a second call at the same time (a re-run handler) adds nothing */
		assert_int_equal(tick_sched_advance(&s, now), 0);
		assert_int_equal(s.n, k);
	}
	/* every hz ticks span exactly freq counts: no drift */
	assert_int_equal(tick_sched_due(&s, (uint64_t)hz * 7), base + (uint64_t)freq * 7);
}

static void generic_timer_1khz_period_is_exact(void **state)
{
	(void)state;
	/* virt: CNTFRQ 62.5 MHz, 1 kHz: 62,500 counts a tick, never 62,499 or 62,501 */
	ticks_land_exactly_on_the_deadlines(123456789ull, 62500000u, 1000u);
	{
		struct tick_sched s;

		tick_sched_init(&s, 0, 62500000u, 1000u);
		assert_int_equal(tick_sched_due(&s, 1), 62500u);
		assert_int_equal(tick_sched_due(&s, PERIODS), 62500ull * PERIODS);
	}
}

static void system_counter_1khz_period_is_exact(void **state)
{
	(void)state;
	/* versatilepb: 24 MHz counter */
	ticks_land_exactly_on_the_deadlines(0, 24000000u, 1000u);
}

static void rates_that_do_not_divide_the_counter_do_not_drift(void **state)
{
	(void)state;
	ticks_land_exactly_on_the_deadlines(5, 24000000u, 7u);
	ticks_land_exactly_on_the_deadlines(1ull << 40, 62500000u, 999u);
	ticks_land_exactly_on_the_deadlines(0, 32768u, 1000u);	/* 32.768 counts a tick */
	ticks_land_exactly_on_the_deadlines(0, 1000u, 1000u);	/* one count a tick */
}

/* A tick that comes late counts every period that passed, and only those. */
static void late_ticks_count_every_period_that_passed(void **state)
{
	struct tick_sched s;
	uint64_t now = 1000;

	(void)state;
	assert_int_equal(tick_sched_init(&s, now, 62500000u, 1000u), 0);
	for (uint64_t total = 0; total < PERIODS;) {
		uint64_t late = (total * 7919u) % 5u;	/* 0-4 periods late */
		uint64_t target = total + 1 + late;

		now = model_due(1000, 62500000u, 1000u, target) + (total % 62500u);
		assert_int_equal(tick_sched_advance(&s, now), target - total);
		total = target;
		assert_int_equal(tick_sched_next(&s), model_due(1000, 62500000u, 1000u, total + 1));
	}
	/* before the base nothing is due */
	tick_sched_init(&s, 1000, 62500000u, 1000u);
	assert_int_equal(tick_sched_advance(&s, 0), 0);
}

/* Far from the base (a counter that ran for centuries) nothing overflows. */
static void large_counter_values_do_not_overflow(void **state)
{
	struct tick_sched s;
	uint64_t k = 1ull << 40;

	(void)state;
	tick_sched_init(&s, 0, 4000000000u, 3999999999u);
	assert_int_equal(tick_sched_due(&s, k), model_due(0, 4000000000u, 3999999999u, k));
	assert_int_equal(tick_sched_advance(&s, tick_sched_due(&s, k)), k);
	assert_int_equal(tick_sched_advance(&s, tick_sched_due(&s, k + 1) - 1), 0);
}

/* Counts as nanoseconds against the 128-bit model: rates that divide 10^9
 * (one multiply) and rates that do not, far from the base too. */
static void counts_convert_to_exact_nanoseconds(void **state)
{
	static const uint32_t freqs[] = { 62500000u, 24000000u, 1000000u, 19200000u, 1u,
					  4000000000u };
	static const uint64_t counts[] = { 0, 1, 15, 16, 999999, 1000000, 23999999,
					   0xffffffffull, 0x100000000ull, 1ull << 40, 1ull << 50 };
	struct tick_sched s;

	(void)state;
	for (unsigned i = 0; i < sizeof(freqs) / sizeof(freqs[0]); i++) {
		assert_int_equal(tick_sched_init(&s, 0, freqs[i], 1), 0);
		for (unsigned j = 0; j < sizeof(counts) / sizeof(counts[0]); j++) {
			unsigned __int128 ns = (unsigned __int128)counts[j] * 1000000000u /
					       freqs[i];

			if (ns >> 64)
				continue;	/* past 584 years: outside the contract */
			assert_int_equal(tick_sched_ns(&s, counts[j]), (uint64_t)ns);
		}
	}
}

/* Either side of 2^32 counts from the base, where a whole-counts tick
 * (62.5 MHz / 1 kHz) changes from the 32-bit divide to the 64-bit one, and
 * a rate with no whole-counts tick (24 MHz / 7 Hz): what the model says. */
static void ticks_either_side_of_2_to_the_32_counts(void **state)
{
	static const uint32_t rate[][2] = { { 62500000u, 1000u }, { 24000000u, 7u } };
	struct tick_sched s;

	(void)state;
	for (unsigned r = 0; r < 2; r++)
		for (uint64_t d = 0xfffffffeull; d <= 0x100000002ull; d++) {
			uint64_t want = (uint64_t)(((unsigned __int128)(d + 1) * rate[r][1] - 1) /
						   rate[r][0]);

			assert_int_equal(tick_sched_init(&s, 9, rate[r][0], rate[r][1]), 0);
			assert_int_equal(tick_sched_advance(&s, 9 + d), want);
			assert_true(tick_sched_due(&s, want) <= 9 + d);
			assert_true(tick_sched_due(&s, want + 1) > 9 + d);
		}
}

static void rates_are_checked_against_counter_and_device(void **state)
{
	struct tick_sched s;

	(void)state;
	assert_int_equal(tick_sched_init(&s, 0, 1000u, 0), -EINVAL);
	assert_int_equal(tick_sched_init(&s, 0, 1000u, 1001u), -EINVAL);
	assert_false(tick_rate_ok(0, 24000000u, 1000000u));
	assert_true(tick_rate_ok(1, 24000000u, 1000000u));
	assert_true(tick_rate_ok(1000000u, 24000000u, 1000000u));
	/* versatilepb: the counter could, the 1 MHz SP804 cannot */
	assert_false(tick_rate_ok(1000001u, 24000000u, 1000000u));
	assert_false(tick_rate_ok(24000000u, 24000000u, 1000000u));
	assert_false(tick_rate_ok(62500001u, 62500000u, 62500000u));
}

/*
 * A 10 ms periodic timer whose callback runs 0.3-0.7 ms late each time (the
 * tick's granularity) keeps its deadlines on the 10 ms grid: after 60,000
 * periods (10 minutes) it is due at exactly start + 60,000 * 10 ms.
 */
static void a_periodic_timer_does_not_drift_with_callback_lateness(void **state)
{
	const uint64_t period = 10000000u, start = 777;
	uint64_t deadline = start + period;

	(void)state;
	for (unsigned i = 1; i <= 60000u; i++) {
		uint64_t now = deadline + 300000u + (i * 7919u) % 400000u;

		assert_int_equal(deadline, start + (uint64_t)i * period);
		deadline = periodic_next(deadline, period, now);
	}
	assert_int_equal(deadline, start + 60001ull * period);
}

static void a_periodic_timer_skips_periods_it_missed_whole(void **state)
{
	(void)state;
	/* run 35 ms late on a 10 ms grid: 110-130 missed, next on the grid after now */
	assert_int_equal(periodic_next(100, 10, 135), 140);
	/* exactly on a later grid point: that one is past, the next is due */
	assert_int_equal(periodic_next(100, 10, 120), 130);
	assert_int_equal(periodic_next(100, 10, 100), 110);
	assert_int_equal(periodic_next(100, 10, 109), 110);
	assert_int_equal(periodic_next(100, 10, 99), 110);	/* called early */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generic_timer_1khz_period_is_exact),
		cmocka_unit_test(counts_convert_to_exact_nanoseconds),
		cmocka_unit_test(ticks_either_side_of_2_to_the_32_counts),
		cmocka_unit_test(system_counter_1khz_period_is_exact),
		cmocka_unit_test(rates_that_do_not_divide_the_counter_do_not_drift),
		cmocka_unit_test(late_ticks_count_every_period_that_passed),
		cmocka_unit_test(large_counter_values_do_not_overflow),
		cmocka_unit_test(rates_are_checked_against_counter_and_device),
		cmocka_unit_test(a_periodic_timer_does_not_drift_with_callback_lateness),
		cmocka_unit_test(a_periodic_timer_skips_periods_it_missed_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
