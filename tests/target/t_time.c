/*
 * Time: the tick against the counter, sleep_ms() (bounds, the caller's IRQ
 * mask, IRQ context), a re-run tick handler, time_init() refusals, periodic
 * and 10,000 one-shot software timers, the SP804's clock select, the RTC.
 * Every timing failure prints what it measured.
 */
#include <errno.h>
#include "device.h"
#include <string.h>
#include "arch.h"
#include "board.h"
#include "civil.h"
#include "io.h"
#include "ioremap.h"
#include "irq_time.h"
#include "mmu.h"
#include "rtc.h"

/*
 * Spin until the tick count changes and return it; *lo and *hi bracket (in
 * uptime) the moment its handler counted: after the uptime read that came
 * before the last ticks() read that saw the old count, before the uptime
 * read that follows the new one. A host that stops QEMU only widens the
 * bracket, so bounds built from it hold under any load.
 */
static uint64_t next_tick_count(uint64_t *lo, uint64_t *hi)
{
	uint64_t k = ticks(), prev = uptime_ns();

	for (;;) {
		uint64_t before = uptime_ns(), n = ticks(), after = uptime_ns();

		if (n != k) {
			*lo = prev;
			*hi = after;
			return n;
		}
		prev = before;
	}
}

/*
 * Ticks are counted against the clocksource (rounded to the nearest
 * period), so over a measured second they agree with it to the tick: the
 * count between two handler runs is the counter time between them, in
 * periods, +-1.
 */
TEST(ticks_over_a_measured_second_agree_with_the_counter)
{
	uint64_t lo0, hi0, lo1, hi1, k0, k1, t0;

	k0 = next_tick_count(&lo0, &hi0);
	t0 = uptime_ns();
	while (uptime_ns() - t0 < 1000 * MS)
		;
	k1 = next_tick_count(&lo1, &hi1);
	CHECK_WITHIN("ticks in a measured second", k1 - k0,
		     (lo1 - hi0) / tick_ns() - 1, (hi1 - lo0) / tick_ns() + 1);
	CHECK_EQ(tick_hz(), TICK_HZ_DEFAULT);
}

TEST(a_bad_tick_rate_is_refused_and_changes_nothing)
{
	const struct tick_device *td = board.tick();
	const struct clocksource *cs = board.clocksource();
	uint64_t t0;

	CHECK_EQ(time_init(0), -EINVAL);
	CHECK_EQ(time_init(0xffffffffu), -EINVAL);
	/* faster than the clocksource counts */
	CHECK_EQ(time_init(cs->freq_hz + 1), -EINVAL);
	/* faster than the tick device can: on versatilepb 1 MHz < 24 MHz, the
	 * window a check against the clocksource alone let through */
	CHECK(td->max_hz >= TICK_HZ_DEFAULT);
	CHECK_EQ(time_init(td->max_hz + 1), -EINVAL);
	t0 = ticks();
	sleep_ms(5);
	CHECK_WITHIN("ticks in 5 ms", ticks() - t0, 4, ~0ull);	/* the running tick is untouched */
	CHECK_EQ(tick_hz(), TICK_HZ_DEFAULT);
}

static void note_fired(struct soft_timer *t, void *ctx)
{
	(void)t;
	++*(volatile unsigned *)ctx;
}

/* A second time_init() with a good rate is refused before it touches
 * anything: uptime runs on from this boot, queued timers stay and fire. */
TEST(a_second_time_init_is_refused_before_any_side_effect)
{
	static struct soft_timer t = { .slot = -1 };
	static volatile unsigned fired;
	uint64_t up0, up1;

	fired = 0;
	CHECK_EQ(timer_start(&t, 5 * MS, note_fired, (void *)&fired), 0);
	up0 = uptime_ns();
	CHECK_EQ(time_init(TICK_HZ_DEFAULT), -EBUSY);
	up1 = uptime_ns();
	CHECK(up1 >= up0);			/* not reset to 0 */
	CHECK_EQ(timers_pending(), 1);		/* not dropped */
	sleep_ms(10);
	CHECK_EQ(fired, 1);
}

TEST(sleep_ms_is_never_early_and_at_most_two_ticks_late)
{
	static const uint32_t delays[] = { 1, 5, 20, 100 };
	uint64_t slack = sleep_slack_ns();

	for (unsigned i = 0; i < ARRAY_SIZE(delays); i++)
		CHECK_WITHIN("sleep_ms() took (ns)", sleep_took_ns(delays[i], slack, NULL),
			     delays[i] * MS, delays[i] * MS + slack);
}

/* Spin until the tick handler has just run: a whole period ahead. */
static void just_after_a_tick(void)
{
	uint64_t k = ticks();

	while (ticks() == k)
		;
}

/*
 * Ticks are counted to the nearest period (time.c: the tick device and the
 * clocksource may be slightly out of phase): a tick interrupt that comes a
 * quarter period early counts the tick it announces, and the punctual one
 * after it counts nothing more. The early one is made by raising the tick
 * device's interrupt a quarter period before its compare value.
 */
TEST(an_early_tick_interrupt_counts_its_tick_once)
{
	const struct tick_device *td = board.tick();
	const struct clocksource *cs = time_clocksource();
	uint64_t period = cs->freq_hz / tick_hz(), deadline = 0, now = ~0ull, k = 0, early = 0;
	uint32_t flags;
	int err = 0;

	if (!td->deadline)
		SKIP("the tick device has no compare value (a reload timer)");
	for (int tries = 0; tries < 10 && !err && now >= deadline; tries++) {
		just_after_a_tick();
		flags = arch_irq_save();
		deadline = td->deadline();
		while (cs->read() < deadline - period / 4)
			;
		k = ticks();
		err = irq_raise(td->irq);
		arch_irq_restore(flags);	/* taken here, before the deadline */
		early = ticks() - k;
		now = cs->read();
	}
	CHECK_EQ(err, 0);
	CHECK(now < deadline);
	CHECK_EQ(early, 1);
	while (cs->read() < deadline + period / 2)	/* the punctual interrupt */
		;
	CHECK_EQ(ticks() - k, 1);
}

/*
 * The Generic Timer's handler may run again for a tick it already handled
 * (its level line still high at the EOI). With CNTP_CTL.ISTATUS clear such
 * a call must leave the compare value alone; moving it each time pushed the
 * next tick out by a period a call (20 calls: a 1 ms sleep took 20 ms).
 */
#define EXTRA_RUNS	50

/* Run the tick handler's ack EXTRA_RUNS more times just after a tick, with
 * IRQs masked: what a level line still high at EOI does. */
static void rerun_tick_ack(void)
{
	const struct tick_device *td = board.tick();
	uint64_t k = ticks();
	uint32_t flags;

	while (ticks() == k)	/* just after a tick: a period to spare */
		;
	flags = arch_irq_save();
	for (int i = 0; i < EXTRA_RUNS; i++)
		td->ack();
	arch_irq_restore(flags);
}

TEST(a_rerun_tick_handler_does_not_move_the_deadline)
{
	const struct tick_device *td = board.tick();
	uint64_t before = 0, after = 0, now = 0, slack;
	uint32_t flags;

	if (!td->deadline)
		SKIP("the tick device has no compare value (a reload timer)");
	slack = sleep_slack_ns();
	for (int tries = 0; tries < 10; tries++) {
		uint64_t k = ticks();

		while (ticks() == k)
			;
		flags = arch_irq_save();
		before = td->deadline();
		for (int i = 0; i < EXTRA_RUNS; i++)
			td->ack();
		after = td->deadline();
		now = time_clocksource()->read();
		arch_irq_restore(flags);
		if (now < before)
			break;		/* the deadline did not pass meanwhile */
	}
	CHECK(now < before);
	CHECK_EQ(after, before);
	CHECK_WITHIN("sleep_ms(1) after 50 extra handler runs (ns)",
		     sleep_took_ns(1, slack, rerun_tick_ack), 1 * MS, 1 * MS + slack);
}

/* sleep_ms() leaves the caller's IRQ mask as it found it. */
TEST(sleep_ms_keeps_the_callers_interrupt_mask)
{
	const uint32_t psr_i = 1u << 7;
	uint32_t outer, inner;
	uint64_t t0, took;

	outer = arch_irq_save();
	t0 = uptime_ns();
	CHECK_EQ(sleep_ms(2), 0);		/* masked: a busy wait */
	took = uptime_ns() - t0;
	inner = arch_irq_save();
	arch_irq_restore(outer);
	CHECK(inner & psr_i);			/* still masked */
	CHECK_WITHIN("masked sleep_ms(2) took (ns)", took, 2 * MS, ~0ull);
	inner = arch_irq_save();
	arch_irq_restore(inner);
	CHECK(!(inner & psr_i));		/* and unmasked stays unmasked */
	CHECK_EQ(sleep_ms(1), 0);
	inner = arch_irq_save();
	arch_irq_restore(inner);
	CHECK(!(inner & psr_i));
}

static volatile int sleep_in_irq_result;
static volatile uint64_t sleep_in_irq_ns;

static void sleep_from_handler(unsigned irq, void *ctx)
{
	uint64_t t0 = uptime_ns();

	(void)irq, (void)ctx;
	sleep_in_irq_result = sleep_ms(50);
	sleep_in_irq_ns = uptime_ns() - t0;
}

TEST(sleep_ms_refuses_to_sleep_in_an_interrupt_handler)
{
	unsigned irq = spare_irq();

	sleep_in_irq_result = 1;
	CHECK_EQ(irq_register(irq, sleep_from_handler, NULL, "sleeper"), 0);
	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	sleep_ms(10);
	CHECK_EQ(irq_unregister(irq), 0);
	CHECK_EQ(sleep_in_irq_result, -EDEADLK);
	/* refused at once, not after (or instead of) the 50 ms asked for */
	CHECK_WITHIN("a refused sleep in IRQ context took (ns)", sleep_in_irq_ns, 0, 25 * MS);
	CHECK(!irq_in_handler());
}

/*
 * A 10 ms periodic timer runs on the 10 ms grid it started on: each
 * deadline is a whole number of periods after the last (one, unless the
 * host stopped QEMU past a whole period, which is then skipped), however
 * late the callback ran (it runs at the next tick). Re-arming from the
 * callback's own time drifted 0.3-0.7 ms a period.
 */
#define PERIODIC_RUNS	30

/* Run i was due at next[i - 1] (run 0 at first) and re-armed for next[i]. */
static struct {
	unsigned n;
	uint64_t first;
	uint64_t next[PERIODIC_RUNS];
	uint64_t ran[PERIODIC_RUNS];
} periodic;

static void periodic_fired(struct soft_timer *t, void *ctx)
{
	(void)ctx;
	if (periodic.n < PERIODIC_RUNS) {
		periodic.next[periodic.n] = t->deadline_ns;	/* already re-armed */
		periodic.ran[periodic.n] = uptime_ns();
		periodic.n++;
	}
}

TEST(a_periodic_timer_stays_on_its_grid)
{
	static struct soft_timer t = { .slot = -1 };
	const uint64_t period = 10 * MS;
	uint64_t start, t0;
	uint32_t flags;
	int err;

	memset(&periodic, 0, sizeof(periodic));
	CHECK_EQ(timer_start_periodic(&t, timer_min_period_ns() - 1, periodic_fired, NULL), -EINVAL);
	CHECK_EQ(timer_start_periodic(&t, 0, periodic_fired, NULL), -EINVAL);
	flags = arch_irq_save();		/* read its first deadline before it runs */
	start = uptime_ns();
	err = timer_start_periodic(&t, period, periodic_fired, NULL);
	t0 = uptime_ns();
	periodic.first = t.deadline_ns;
	arch_irq_restore(flags);
	CHECK_EQ(err, 0);
	while (periodic.n < PERIODIC_RUNS && uptime_ns() - t0 < 4 * PERIODIC_RUNS * period)
		sleep_ms(5);
	CHECK_EQ(timer_cancel(&t), 0);
	CHECK_EQ(periodic.n, PERIODIC_RUNS);
	for (unsigned i = 0; i < PERIODIC_RUNS; i++) {
		uint64_t due = i ? periodic.next[i - 1] : periodic.first;
		uint64_t step = periodic.next[i] - due;

		CHECK(periodic.next[i] > due);
		CHECK_EQ(step % period, 0);				/* on the grid */
		/* a period is skipped only when this run came after it */
		CHECK(step == period || periodic.ran[i] >= periodic.next[i] - period);
		CHECK(periodic.ran[i] >= due);				/* never early */
	}
	/* the grid starts one period after timer_start_periodic() */
	CHECK_WITHIN("first deadline after start (ns)", periodic.first - start,
		     period, period + (t0 - start));
}

static void ignore_timer(struct soft_timer *t, void *ctx)
{
	(void)t, (void)ctx;
}

/* The shortest periodic timer is one tick rounded up to a whole ns: the
 * least period p with p * hz >= 1 s, so at 1000 Hz exactly 1 ms, which is
 * accepted. */
TEST(the_shortest_periodic_timer_is_one_tick_rounded_up)
{
	static struct soft_timer t = { .slot = -1 };
	const uint64_t sec = 1000000000ull;
	uint64_t hz = tick_hz(), min = timer_min_period_ns();

	CHECK(min * hz >= sec);
	CHECK((min - 1) * hz < sec);
	if (sec % hz == 0)
		CHECK_EQ(min, sec / hz);
	CHECK_EQ(timer_start_periodic(&t, min, ignore_timer, NULL), 0);
	CHECK_EQ(timer_cancel(&t), 0);
}

#define NTIMERS	10000

struct fired_log {
	unsigned n;
	unsigned order[NTIMERS];
	uint8_t times[NTIMERS];
};

static struct soft_timer *timers;
static struct fired_log *fired;

static void timer_fired(struct soft_timer *t, void *ctx)
{
	unsigned i = (unsigned)(t - timers);

	(void)ctx;
	if (fired->times[i]++ == 0 && fired->n < NTIMERS)
		fired->order[fired->n++] = i;
}

TEST(ten_thousand_timers_fire_once_each_in_deadline_order)
{
	uintptr_t scratch = mmu_ram()->base + (64u << 20);
	uint32_t seed = 12345, flags;
	unsigned queued;
	uint64_t t0;
	int err = 0;

	if (mmu_ram()->size < (72u << 20))
		SKIP("needs 72 MiB of RAM");
	timers = (struct soft_timer *)scratch;
	fired = (struct fired_log *)(scratch + NTIMERS * sizeof(*timers));
	memset(timers, 0, NTIMERS * sizeof(*timers));
	memset(fired, 0, sizeof(*fired));
	/* Queue them all before any can fire: queueing takes longer than the
	 * shortest delays, and the case is about firing order, not racing. */
	flags = arch_irq_save();
	for (unsigned i = 0; i < NTIMERS; i++) {
		timers[i].slot = -1;
		seed = seed * 1103515245u + 12345u;
		err = timer_start(&timers[i], (seed >> 8) % (200 * MS), timer_fired, NULL);
		if (err)
			break;
	}
	queued = timers_pending();
	arch_irq_restore(flags);
	CHECK_EQ(err, 0);
	CHECK_EQ(queued, NTIMERS);
	t0 = uptime_ns();
	while (timers_pending() && uptime_ns() - t0 < 2000 * MS)
		sleep_ms(10);
	CHECK_EQ(timers_pending(), 0);
	CHECK_EQ(fired->n, NTIMERS);
	for (unsigned i = 0; i < NTIMERS; i++)
		CHECK_EQ(fired->times[i], 1);
	for (unsigned k = 1; k < NTIMERS; k++) {
		const struct soft_timer *a = &timers[fired->order[k - 1]];
		const struct soft_timer *b = &timers[fired->order[k]];

		CHECK(a->deadline_ns < b->deadline_ns ||
		      (a->deadline_ns == b->deadline_ns && fired->order[k - 1] < fired->order[k]));
	}
}

TEST(a_cancelled_timer_does_not_fire)
{
	static struct soft_timer t = { .slot = -1 };
	static struct fired_log log;

	timers = &t;
	fired = &log;
	memset(&log, 0, sizeof(log));
	CHECK_EQ(timer_start(&t, 5 * MS, timer_fired, NULL), 0);
	CHECK_EQ(timer_start(&t, 5 * MS, timer_fired, NULL), -EBUSY);	/* queued already */
	CHECK_EQ(timer_cancel(&t), 0);
	CHECK_EQ(timer_cancel(&t), -ENOENT);
	sleep_ms(10);
	CHECK_EQ(log.n, 0);
}

/*
 * The SP804 counts TIMCLK (1 MHz) only if the SP810 system controller
 * selects it (SCCTRL TimerEnnSel, bits 15/17/19/21); a real PB926 resets to
 * the 32 kHz reference clock. QEMU models no SP810 (the register reads 0 and
 * ignores writes): there the case can only say so.
 */
TEST(the_sp810_selects_timclk_for_the_sp804)
{
	const uint32_t timclk = (1u << 15) | (1u << 17) | (1u << 19) | (1u << 21);
	const struct device *d = device_find("sysctl", "arm,sp810");
	void __iomem *sc;
	uint32_t v, probe;

	if (!d)
		SKIP("no SP810 system controller on this board");
	sc = device_ioremap(d, 0);
	CHECK(sc != NULL);
	v = readl(sc);
	if ((v & timclk) != timclk) {
		writel(v | timclk, sc);		/* does this SP810 hold a write at all? */
		probe = readl(sc);
		writel(v, sc);
		iounmap(sc);
		if (probe == v)
			SKIP("SCCTRL ignores writes here (QEMU models no SP810)");
		test_fail(__FILE__, __LINE__, "SCCTRL 0x%lx: TimerEnSel not set by the driver",
			  (unsigned long)v);
		return;
	}
	iounmap(sc);
}

/* ---- RTC ---- */

TEST(the_rtc_gives_wall_clock_time_and_advances)
{
	uint32_t a, b;
	char text[32];

	CHECK_EQ(rtc_read(&a), 0);
	CHECK(a > 1577836800u);		/* after 2020-01-01 */
	sleep_ms(1100);
	CHECK_EQ(rtc_read(&b), 0);
	CHECK_WITHIN("RTC seconds over a 1.1 s sleep", b - a, 1, 2);
	civil_format(86400u * 365 + 3661, text, sizeof(text));
	CHECK_EQ(strcmp(text, "1971-01-01 01:01:01 UTC"), 0);
}

/*
 * The 64-bit counter carries into its upper word (at 62.5 MHz, 68.7 s after
 * reset): time runs on evenly across the carry. Sleeps (idle: QEMU's
 * virtual clock skips ahead) to 100 ms before it, then measures a 200 ms
 * sleep across it. Near the end, as it moves uptime on by a minute.
 */
TEST(time_runs_evenly_across_the_counters_32_bit_carry)
{
	const struct clocksource *cs = time_clocksource();
	uint64_t carry = 1ull << 32, slack = sleep_slack_ns(), left, t0;

	if (cs->read() >= carry - cs->freq_hz / 5)
		SKIP("the counter is past its 32-bit carry already");
	left = (carry - cs->read()) / (cs->freq_hz / 1000);	/* ms */
	if (left > 120000)
		SKIP("the counter's 32-bit carry is more than 2 minutes away");
	CHECK_EQ(sleep_ms((uint32_t)(left - 100)), 0);
	t0 = uptime_ns();
	CHECK_EQ(sleep_ms(200), 0);
	CHECK_WITHIN("sleep_ms(200) across the carry took (ns)", uptime_ns() - t0,
		     200 * MS, 200 * MS + slack);
	CHECK(cs->read() >= carry);
}

/*
 * sleep_ms(ms) waits at least ms * 1000000 ns, not a part per million
 * less: started 20 us after a tick, a 40 s sleep has its deadline 20 us
 * past the tick 40 s on, whose handler wakes it a few us past that tick:
 * it must sleep on to the next one (a deadline 40 us short would end it
 * there, early). After the carry test, which must start before the carry
 * (the next one is 68.7 s further on).
 */
static void twenty_us_after_a_tick(void)
{
	uint64_t t;

	just_after_a_tick();
	t = uptime_ns();
	while (uptime_ns() - t < 20000)
		;
}

TEST(sleep_ms_is_never_early_when_its_deadline_is_just_past_a_tick)
{
	uint64_t slack = sleep_slack_ns();

	CHECK_WITHIN("sleep_ms(40000) from 20 us after a tick took (us)",
		     sleep_took_ns(40000, slack, twenty_us_after_a_tick) / 1000,
		     40000 * MS / 1000, (40000 * MS + slack) / 1000);
}
