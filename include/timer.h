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
	int (*start)(uint32_t hz);	/* periodic interrupts at hz */
	void (*stop)(void);
	void (*ack)(void);		/* called from the tick interrupt: clear it */
};

/* Drivers: each returns its device, or NULL if the board has none. */
const struct clocksource *gtimer_clocksource(void);
const struct tick_device *gtimer_tick(void);
const struct clocksource *sysctr_clocksource(void);
const struct tick_device *sp804_tick(void);

/* Probe, register the tick interrupt and start ticking at hz. Needs irq_init(). */
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

/* Sleep at least ms milliseconds, waiting for interrupts (WFI). */
void sleep_ms(uint32_t ms);

/* One-shot software timer: fn(ctx) runs from the tick interrupt once the
 * deadline has passed; timers that are due together run in deadline order,
 * ties in the order they were added. */
struct soft_timer {
	uint64_t deadline_ns;
	void (*fn)(struct soft_timer *t, void *ctx);
	void *ctx;
	uint32_t seq;		/* private */
	int32_t slot;		/* private: position in the queue, -1 when idle */
};

/* Queue t to fire delay_ns from now. -EBUSY if it is already queued,
 * -ENOMEM if the queue is full. */
int timer_start(struct soft_timer *t, uint64_t delay_ns,
		void (*fn)(struct soft_timer *t, void *ctx), void *ctx);
/* Take t off the queue; 0, or -ENOENT if it was not queued. */
int timer_cancel(struct soft_timer *t);
unsigned timers_pending(void);

#endif
