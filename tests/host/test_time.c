/*
 * Host tests: the tick, uptime and timer glue (src/core/time.c) over a fake
 * clocksource and tick device. test_ticks proves the arithmetic it calls;
 * this proves time.c wires it up: the half-period rounding of a tick that
 * comes early, uptime before and after time_init(), the shortest periodic
 * timer, and a time_init() that is refused or fails leaving nothing behind.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/core/time.c"

#define FREQ	62500000u	/* virt's generic timer */

static uint64_t clock_now;		/* what the clocksource reads */
static bool have_cs, have_td;
static int start_err;			/* what the tick device's start() returns */
static unsigned starts, registered, unregistered, enabled;
static irq_handler_t handler;
static unsigned masked;			/* arch_irq_save() nesting */

static uint64_t fake_read(void)
{
	return clock_now;
}

static const struct clocksource fake_cs = { .name = "fake-counter", .freq_hz = FREQ,
					    .read = fake_read };

static int fake_start(uint32_t rate)
{
	(void)rate;
	starts++;
	return start_err;
}

static void fake_ack(void)
{
}

static void noop_timer(struct soft_timer *t, void *ctx)
{
	(void)t, (void)ctx;
}

static const struct tick_device fake_td = { .name = "fake-tick", .irq = 30,
					    .max_hz = 100000, .start = fake_start,
					    .ack = fake_ack };

static const struct clocksource *get_cs(void)
{
	return have_cs ? &fake_cs : NULL;
}

static const struct tick_device *get_td(void)
{
	return have_td ? &fake_td : NULL;
}

const struct board board = { .name = "host", .clocksource = get_cs, .tick = get_td };

uint32_t arch_irq_save(void)
{
	return masked++;
}

void arch_irq_restore(uint32_t flags)
{
	assert_int_equal(flags + 1, masked);
	masked = flags;
}

/* The CPU sleeps until the next tick: the clock reaches it, the handler runs. */
void arch_wait_for_interrupt(void)
{
	clock_now = tick_sched_next(&sched);
	handler(fake_td.irq, NULL);
}

bool irq_in_handler(void)
{
	return false;
}

int irq_register(unsigned irq, irq_handler_t fn, void *ctx, const char *name)
{
	(void)ctx, (void)name;
	assert_int_equal(irq, fake_td.irq);
	handler = fn;
	registered++;
	return 0;
}

int irq_unregister(unsigned irq)
{
	assert_int_equal(irq, fake_td.irq);
	handler = NULL;
	unregistered++;
	return 0;
}

int irq_enable(unsigned irq)
{
	assert_int_equal(irq, fake_td.irq);
	enabled++;
	return 0;
}

/* time.c's state as at boot, and the devices present. */
static int reset(void **state)
{
	(void)state;
	cs = NULL;
	td = NULL;
	hz = 0;
	tick_count = boot_count = half_period = 0;
	clock_now = 1000000007ull;	/* the counter ran before we booted */
	have_cs = have_td = true;
	start_err = 0;
	starts = registered = unregistered = enabled = masked = 0;
	handler = NULL;
	return 0;
}

static void uptime_is_zero_before_time_runs(void **state)
{
	(void)state;
	assert_int_equal(uptime_ns(), 0);
	assert_int_equal(ticks(), 0);
	assert_int_equal(timer_min_period_ns(), 0);
}

static void uptime_counts_from_time_init(void **state)
{
	(void)state;
	assert_int_equal(time_init(1000), 0);
	assert_int_equal(uptime_ns(), 0);
	clock_now += FREQ + FREQ / 2;			/* 1.5 s later */
	assert_int_equal(uptime_ns(), 1500000000ull);
	clock_now += 1;					/* 16 ns a count */
	assert_int_equal(uptime_ns(), 1500000016ull);
}

/*
 * A tick that arrives up to half a period early counts (the tick device and
 * the counter may be out of phase); one that arrives earlier than that does
 * not. With 62,500 counts a tick, the edge is 31,250 counts before the due
 * time: a half period computed as a third (20,833) would miss it.
 */
static void an_early_tick_counts_within_half_a_period(void **state)
{
	uint64_t due;

	(void)state;
	assert_int_equal(time_init(1000), 0);
	due = clock_now + FREQ / 1000;
	clock_now = due - FREQ / 1000 / 2 - 1;
	handler(fake_td.irq, NULL);
	assert_int_equal(ticks(), 0);
	clock_now = due - FREQ / 1000 / 2;
	handler(fake_td.irq, NULL);
	assert_int_equal(ticks(), 1);
	clock_now = due;				/* the same tick, on time */
	handler(fake_td.irq, NULL);
	assert_int_equal(ticks(), 1);
}

/* Fifty thousand sleeps of one tick each: every wake is exactly one tick, and
 * the count ends where the clock says, with no drift. */
static void ticks_follow_the_clock_over_many_periods(void **state)
{
	uint64_t start;

	(void)state;
	assert_int_equal(time_init(1000), 0);
	start = clock_now;
	for (unsigned k = 1; k <= 50000; k++) {
		arch_wait_for_interrupt();
		assert_int_equal(ticks(), k);
	}
	assert_int_equal(clock_now - start, 50000ull * (FREQ / 1000));
	assert_int_equal(uptime_ns(), 50000000000ull);
}

/*
 * The shortest periodic timer is one tick, rounded up to whole ns: at 999 Hz
 * a tick is 1,001,001.001 ns, so 1,001,002 (1e9 = 1,001,001 * 999 + 1: a
 * rounding that adds hz - 2 instead of hz - 1 gives 1,001,001).
 */
static void the_shortest_period_is_a_tick_rounded_up(void **state)
{
	struct soft_timer t = { 0 };

	(void)state;
	assert_int_equal(time_init(999), 0);
	assert_int_equal(timer_min_period_ns(), 1001002);
	assert_int_equal(timer_start_periodic(&t, 1001001, noop_timer, NULL), -EINVAL);
	assert_int_equal(timers_pending(), 0);
	assert_int_equal(timer_start_periodic(&t, 1001002, noop_timer, NULL), 0);
	assert_int_equal(timers_pending(), 1);
}

static void no_tick_device_is_refused(void **state)
{
	(void)state;
	have_td = false;
	assert_int_equal(time_init(1000), -ENODEV);
	have_td = true;
	have_cs = false;
	assert_int_equal(time_init(1000), -ENODEV);
	assert_int_equal(registered + starts, 0);
	assert_int_equal(uptime_ns(), 0);
}

/* A start() that fails leaves time not running: no clocksource behind
 * uptime, the handler unregistered, and a later time_init() may succeed. */
static void a_failed_start_leaves_time_stopped(void **state)
{
	(void)state;
	start_err = -EIO;
	assert_int_equal(time_init(1000), -EIO);
	assert_int_equal(unregistered, 1);
	assert_int_equal(enabled, 0);
	clock_now += FREQ;
	assert_int_equal(uptime_ns(), 0);
	assert_int_equal(tick_hz(), 0);
	assert_null(time_clocksource());
	start_err = 0;
	assert_int_equal(time_init(1000), 0);
	assert_int_equal(enabled, 1);
	assert_ptr_equal(time_clocksource(), &fake_cs);
	assert_int_equal(time_init(1000), -EBUSY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(uptime_is_zero_before_time_runs, reset),
		cmocka_unit_test_setup(uptime_counts_from_time_init, reset),
		cmocka_unit_test_setup(an_early_tick_counts_within_half_a_period, reset),
		cmocka_unit_test_setup(ticks_follow_the_clock_over_many_periods, reset),
		cmocka_unit_test_setup(the_shortest_period_is_a_tick_rounded_up, reset),
		cmocka_unit_test_setup(no_tick_device_is_refused, reset),
		cmocka_unit_test_setup(a_failed_start_leaves_time_stopped, reset),
	};

	return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}
