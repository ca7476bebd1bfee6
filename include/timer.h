/*
 * Time: a free-running counter (uptime), a periodic tick interrupt, sleeps
 * and one-shot software timers.
 *
 * Hardware is behind two small driver interfaces, found from the board's
 * device list: a clocksource (a monotonic counter and its rate) and a tick
 * device (a periodic interrupt). virt uses the ARM Generic Timer for both;
 * versatilepb its 24 MHz system counter and an SP804.
 *
 * Errors: -EINVAL bad argument, -ENODEV no timer hardware, -EBUSY a timer
 * already queued.
 */
#ifndef TIMER_H
#define TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define TICK_HZ_DEFAULT	1000

struct clocksource {
	const char *name;
	uint32_t freq_hz;
	uint64_t (*read)(void);		/* monotonic, never wraps in practice */
};

struct tick_device {
	const char *name;
	unsigned irq;
	uint32_t max_hz;		/* the fastest rate start() can do */
	/* Periodic interrupts at hz, 1 .. max_hz; refuses (-EINVAL) before
	 * touching the device. Called once per boot. */
	int (*start)(uint32_t hz);
	/* Called from the tick interrupt: clear it. Safe to call again (a level
	 * line still high at EOI re-runs the handler): a call with nothing
	 * pending changes nothing. */
	void (*ack)(void);
	/* Where the device knows it (compare-value timers): the clocksource
	 * value at which the next tick is due. NULL otherwise. */
	uint64_t (*deadline)(void);
};

/* Drivers: each returns its device, or NULL if the board has none. */
const struct clocksource *gtimer_clocksource(void);
const struct tick_device *gtimer_tick(void);
const struct clocksource *sysctr_clocksource(void);
const struct tick_device *sp804_tick(void);

/* Probe, register the tick interrupt and start ticking at hz. Needs irq_init().
 * -EINVAL for a rate the clocksource or the tick device cannot do, -EBUSY if
 * time is already running; either way nothing has changed. */
int time_init(uint32_t hz);

/* Nanoseconds since time_init() on this boot (the counter itself may have
 * run since power-on, and keeps running across a reset). */
uint64_t uptime_ns(void);
/* Tick periods elapsed, counted in the tick interrupt against the
 * clocksource: a tick that came late (interrupts held off, or the emulator
 * descheduled) still counts every period that passed. */
uint64_t ticks(void);
uint32_t tick_hz(void);
const struct clocksource *time_clocksource(void);

/* Sleep at least ms milliseconds, waiting for interrupts (WFI), and return
 * 0 with the caller's IRQ mask as it was (masked: a busy wait on the
 * clocksource, since no tick is taken). -EDEADLK in an interrupt handler
 * (nothing is taken while it runs, and the caller's interrupt stays held),
 * -ENODEV without a clocksource and tick; neither waits. */
int sleep_ms(uint32_t ms);

/* Software timer: fn(ctx) runs from the tick interrupt once the deadline
 * has passed; timers that are due together run in deadline order, ties in
 * the order they were added. A periodic timer is queued again (before fn
 * runs, so fn may cancel it) one period after its previous deadline, not
 * after the moment fn ran: it does not drift. */
struct soft_timer {
	uint64_t deadline_ns;
	uint64_t period_ns;	/* 0: one-shot */
	void (*fn)(struct soft_timer *t, void *ctx);
	void *ctx;
	uint32_t seq;		/* private */
	int32_t slot;		/* private: position in the queue, -1 when idle */
};

/* Queue t to fire delay_ns from now. -EBUSY if it is already queued,
 * -ENOMEM if the queue is full. */
int timer_start(struct soft_timer *t, uint64_t delay_ns,
		void (*fn)(struct soft_timer *t, void *ctx), void *ctx);
/* Queue t to fire every period_ns, first period_ns from now. -EINVAL if
 * the period is shorter than a tick (timer_min_period_ns()), else as
 * timer_start(). */
int timer_start_periodic(struct soft_timer *t, uint64_t period_ns,
			 void (*fn)(struct soft_timer *t, void *ctx), void *ctx);
/* The shortest period timer_start_periodic() takes: one tick (0 before
 * time_init()). */
uint64_t timer_min_period_ns(void);
/* Take t off the queue; 0, or -ENOENT if it was not queued. */
int timer_cancel(struct soft_timer *t);
unsigned timers_pending(void);

#endif
