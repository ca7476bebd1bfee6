/*
 * ARM Generic Timer (ARM ARM B8): the system counter CNTPCT at CNTFRQ, and
 * the non-secure physical timer (CNTP_*) for the tick. CP15, not MMIO.
 * Found through the board's "timer" device (compatible "arm,armv7-timer");
 * boards without it never execute these instructions.
 */
#include <asm/barrier.h>
#include "device.h"
#include "timer.h"

#define CNTP_CTL_ENABLE	(1u << 0)
#define CNTP_CTL_IMASK	(1u << 1)

static uint32_t period;		/* counts per tick */
static uint64_t next;		/* compare value of the next tick */

static uint32_t read_cntfrq(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
	return v;
}

static uint64_t read_cntpct(void)
{
	uint32_t lo, hi;

	isb();	/* the read is not taken early, out of program order (B8.1.2) */
	__asm__ volatile("mrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static void write_cntp_cval(uint64_t v)
{
	__asm__ volatile("mcrr p15, 2, %0, %1, c14" :: "r"((uint32_t)v), "r"((uint32_t)(v >> 32)));
}

static void write_cntp_ctl(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c2, 1" :: "r"(v) : "memory");
	isb();
}

static const struct device *timer_device(void)
{
	return device_find("timer", "arm,armv7-timer");
}

static struct clocksource cs = {
	.name = "arm-generic-timer",
	.read = read_cntpct,
};

/*
 * Compare-value ticks do not drift: each deadline is the last plus period.
 * Deadlines already missed (interrupts held off) are stepped over; time.c
 * counts the periods that went by.
 */
static void gt_ack(void)
{
	uint64_t now = read_cntpct();

	next += period;
	if (next <= now)
		next += ((now - next) / period + 1) * period;
	write_cntp_cval(next);
}

static int gt_start(uint32_t hz)
{
	if (!hz || hz > cs.freq_hz)
		return -1;
	period = cs.freq_hz / hz;
	next = read_cntpct() + period;
	write_cntp_cval(next);
	write_cntp_ctl(CNTP_CTL_ENABLE);
	return 0;
}

static void gt_stop(void)
{
	write_cntp_ctl(CNTP_CTL_IMASK);
}

static struct tick_device tick = {
	.name = "arm-generic-timer",
	.start = gt_start,
	.stop = gt_stop,
	.ack = gt_ack,
};

const struct clocksource *gtimer_clocksource(void)
{
	if (!timer_device())
		return NULL;
	cs.freq_hz = read_cntfrq();
	return cs.freq_hz ? &cs : NULL;
}

const struct tick_device *gtimer_tick(void)
{
	int irq = device_timer_irq(timer_device());

	if (irq < 0 || !gtimer_clocksource())
		return NULL;
	tick.irq = (unsigned)irq;
	return &tick;
}
