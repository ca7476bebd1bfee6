/*
 * Uptime, the periodic tick, sleeps and one-shot software timers over the
 * board's clocksource and tick device (include/timer.h).
 */
#include <errno.h>
#include "arch.h"
#include "board.h"
#include "irq.h"
#include "timer.h"
#include "timerq.h"

#define NS_PER_SEC	1000000000ull
#define TIMERS_MAX	12288

static const struct clocksource *cs;
static const struct tick_device *td;
static uint32_t hz;
static volatile uint64_t tick_count;
static uint64_t boot_count;	/* clocksource reading at time_init() */
static uint64_t period_counts;	/* clocksource counts per tick */
static uint64_t next_tick;	/* clocksource count at which the next tick is due */
static struct soft_timer *timer_slots[TIMERS_MAX] __noinit;	/* timerq reads [0, n) */
static struct timerq queue;

/* counts -> ns without overflowing 64 bits: whole seconds, then the rest */
static uint64_t counts_to_ns(uint64_t c)
{
	uint64_t sec = c / cs->freq_hz, rem = c % cs->freq_hz;

	return sec * NS_PER_SEC + rem * NS_PER_SEC / cs->freq_hz;
}

uint64_t uptime_ns(void)
{
	return cs ? counts_to_ns(cs->read() - boot_count) : 0;
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

static void run_due_timers(void)
{
	uint64_t now = uptime_ns();
	struct soft_timer *t;

	while ((t = timerq_pop_due(&queue, now)) != NULL)
		t->fn(t, t->ctx);
}

static void tick_irq(unsigned irq, void *ctx)
{
	uint64_t due, now;

	(void)irq, (void)ctx;
	td->ack();
	/*
	 * Count every period that has passed, rounding to the nearest one: the
	 * tick device and the clocksource may be slightly out of phase (or run
	 * from different crystals), so a tick may arrive a little early.
	 */
	due = next_tick - period_counts / 2;
	now = cs->read();
	if (now >= due) {
		uint64_t periods = (now - due) / period_counts + 1;

		tick_count += periods;
		next_tick += periods * period_counts;
	}
	run_due_timers();
}

int time_init(uint32_t rate)
{
	int err;

	cs = board.clocksource ? board.clocksource() : NULL;
	td = board.tick ? board.tick() : NULL;
	if (!cs || !td)
		return -ENODEV;
	if (!rate || rate > cs->freq_hz)
		return -EINVAL;		/* before anything is registered */
	boot_count = cs->read();
	timerq_init(&queue, timer_slots, TIMERS_MAX);
	err = irq_register(td->irq, tick_irq, NULL, "tick");
	if (err)
		return err;
	period_counts = cs->freq_hz / rate;
	next_tick = cs->read() + period_counts;
	if (td->start(rate))
		return -EINVAL;
	hz = rate;
	return irq_enable(td->irq);
}

/*
 * Wait with IRQs masked around the check: WFI still wakes on a pending
 * interrupt (ARM ARM B1.8.13), so a tick between the check and the WFI
 * cannot be lost; unmasking then runs its handler.
 */
void sleep_ms(uint32_t ms)
{
	uint64_t deadline = uptime_ns() + (uint64_t)ms * 1000000u;

	for (;;) {
		arch_irq_disable();
		if (uptime_ns() >= deadline || !td)
			break;
		arch_wait_for_interrupt();
		arch_irq_enable();
	}
	arch_irq_enable();
}

int timer_start(struct soft_timer *t, uint64_t delay_ns,
		void (*fn)(struct soft_timer *t, void *ctx), void *ctx)
{
	uint32_t flags;
	int err = -EBUSY;

	if (!fn)
		return -EINVAL;
	flags = arch_irq_save();	/* callbacks may re-arm from the tick */
	if (!timerq_contains(&queue, t)) {
		t->deadline_ns = uptime_ns() + delay_ns;
		t->fn = fn;
		t->ctx = ctx;
		err = timerq_add(&queue, t);
	}
	arch_irq_restore(flags);
	return err;
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
