/*
 * Uptime, the periodic tick, sleeps and one-shot software timers over the
 * board's clocksource and tick device (include/timer.h).
 */
#include <errno.h>
#include "arch.h"
#include "board.h"
#include "irq.h"
#include "ticks.h"
#include "timer.h"
#include "timerq.h"

#define NS_PER_SEC	1000000000ull
#define TIMERS_MAX	12288

static const struct clocksource *cs;
static const struct tick_device *td;
static uint32_t hz;		/* 0 until time_init() succeeded */
static volatile uint64_t tick_count;
static uint64_t boot_count;	/* clocksource reading at time_init() */
static struct tick_sched sched;	/* the ticks due, on the clocksource */
static uint64_t half_period;	/* clocksource counts in half a tick */
static struct soft_timer *timer_slots[TIMERS_MAX] __noinit;	/* timerq reads [0, n) */
static struct timerq queue;

uint64_t uptime_ns(void)
{
	return cs ? tick_sched_ns(&sched, cs->read() - boot_count) : 0;
}

uint64_t ticks(void)
{
	uint32_t flags = arch_irq_save();	/* a 64-bit read is two loads */
	uint64_t t = tick_count;

	arch_irq_restore(flags);
	return t;
}

uint32_t tick_hz(void)
{
	return hz;
}

const struct clocksource *time_clocksource(void)
{
	return cs;
}

/* Periodic timers go back on the queue before their callback runs, one
 * period after the deadline they were due at (ticks.h: periodic_next). */
static void run_due_timers(void)
{
	uint64_t now = uptime_ns();
	struct soft_timer *t;

	while ((t = timerq_pop_due(&queue, now)) != NULL) {
		if (t->period_ns) {
			t->deadline_ns = periodic_next(t->deadline_ns, t->period_ns, now);
			timerq_add(&queue, t);	/* cannot fail: its slot was just freed */
		}
		t->fn(t, t->ctx);
	}
}

/*
 * Count every tick due by now against the clocksource, rounding to the
 * nearest one: the tick device and the clocksource may be slightly out of
 * phase (or run from different crystals), so a tick may arrive a little
 * early. A re-run of the handler with nothing new due counts nothing.
 */
static void tick_irq(unsigned irq, void *ctx)
{
	(void)irq, (void)ctx;
	td->ack();
	tick_count += tick_sched_advance(&sched, cs->read() + half_period);
	run_due_timers();
}

/* Register the tick handler, start the device, enable its line. A start()
 * that refuses has not touched the device: undoing the registration is all
 * its failure needs. irq_enable() cannot fail for a number irq_register()
 * has just accepted. */
static int start_ticking(uint32_t rate)
{
	int err = irq_register(td->irq, tick_irq, NULL, "tick");

	if (err)
		return err;
	err = td->start(rate);
	if (err) {
		irq_unregister(td->irq);
		return err;
	}
	return irq_enable(td->irq);
}

/*
 * Everything that can be refused is checked before anything changes: the
 * rate against both devices (versatilepb's counter runs at 24 MHz, its
 * SP804 at 1 MHz), then whether time is running already. Probing is
 * idempotent (each driver maps its device once).
 */
int time_init(uint32_t rate)
{
	const struct clocksource *c = board.clocksource ? board.clocksource() : NULL;
	const struct tick_device *t = board.tick ? board.tick() : NULL;
	int err;

	if (!c || !t)
		return -ENODEV;
	if (!tick_rate_ok(rate, c->freq_hz, t->max_hz))
		return -EINVAL;
	if (hz)
		return -EBUSY;
	cs = c;
	td = t;
	boot_count = cs->read();
	timerq_init(&queue, timer_slots, TIMERS_MAX);
	tick_sched_init(&sched, boot_count, cs->freq_hz, rate);
	half_period = cs->freq_hz / rate / 2;
	err = start_ticking(rate);
	if (err) {
		cs = NULL;
		td = NULL;
		return err;
	}
	hz = rate;
	return 0;
}

/*
 * Wait with IRQs masked around the check: WFI still wakes on a pending
 * interrupt (ARM ARM B1.8.13), so a tick between the check and the WFI
 * cannot be lost; restoring the caller's mask then runs its handler (or,
 * if the caller had IRQs masked, leaves it pending and the loop polls).
 */
int sleep_ms(uint32_t ms)
{
	uint64_t deadline;
	uint32_t flags;

	if (irq_in_handler())
		return -EDEADLK;
	if (!hz)
		return -ENODEV;
	deadline = uptime_ns() + (uint64_t)ms * 1000000u;
	for (;;) {
		flags = arch_irq_save();
		if (uptime_ns() >= deadline)
			break;
		arch_wait_for_interrupt();
		arch_irq_restore(flags);
	}
	arch_irq_restore(flags);
	return 0;
}

static int queue_timer(struct soft_timer *t, uint64_t delay_ns, uint64_t period_ns,
		       void (*fn)(struct soft_timer *t, void *ctx), void *ctx)
{
	uint32_t flags;
	int err = -EBUSY;

	if (!fn)
		return -EINVAL;
	flags = arch_irq_save();	/* callbacks may re-arm from the tick */
	if (!timerq_contains(&queue, t)) {
		t->deadline_ns = uptime_ns() + delay_ns;
		t->period_ns = period_ns;
		t->fn = fn;
		t->ctx = ctx;
		err = timerq_add(&queue, t);
	}
	arch_irq_restore(flags);
	return err;
}

int timer_start(struct soft_timer *t, uint64_t delay_ns,
		void (*fn)(struct soft_timer *t, void *ctx), void *ctx)
{
	return queue_timer(t, delay_ns, 0, fn, ctx);
}

uint64_t timer_min_period_ns(void)
{
	return hz ? (NS_PER_SEC + hz - 1) / hz : 0;
}

/* Shorter than a tick would fire several times a tick, or (period 0) loop
 * in the tick handler for ever. */
int timer_start_periodic(struct soft_timer *t, uint64_t period_ns,
			 void (*fn)(struct soft_timer *t, void *ctx), void *ctx)
{
	if (!hz || period_ns < timer_min_period_ns())
		return -EINVAL;
	return queue_timer(t, period_ns, period_ns, fn, ctx);
}

int timer_cancel(struct soft_timer *t)
{
	uint32_t flags = arch_irq_save();
	int err = timerq_remove(&queue, t);

	arch_irq_restore(flags);
	return err;
}

unsigned timers_pending(void)
{
	return queue.n;
}
