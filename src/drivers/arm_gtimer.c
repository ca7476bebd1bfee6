/*
 * ARM Generic Timer (ARM ARM B8): the system counter CNTPCT at CNTFRQ, and
 * the non-secure physical timer (CNTP_*) for the tick. CP15, not MMIO.
 * Found through the board's "timer" device (compatible "arm,armv7-timer");
 * boards without it never execute these instructions.
 */
#include <errno.h>
#include <asm/barrier.h>
#include "device.h"
#include "ticks.h"
#include "timer.h"
#include "../boot/cp15_access.h"

#define CNTP_CTL_ENABLE		(1u << 0)
#define CNTP_CTL_IMASK		(1u << 1)
#define CNTP_CTL_ISTATUS	(1u << 2)	/* read-only: CNTPCT >= CVAL */

static struct tick_sched sched;	/* the compare value of each tick */

CP15_READ(cntfrq,	0, c14, c0, 0)
CP15_RW(cntp_ctl,	0, c14, c2, 1)
CP15_READ64(cntpct_raw,	0, c14)
CP15_RW64(cntp_cval,	2, c14)

static uint64_t read_cntpct(void)
{
	isb();	/* the read is not taken early, out of program order (B8.1.2) */
	return read_cntpct_raw();
}

/*
 * A write to a timer register takes effect for later instructions only
 * after a context synchronization event (ARM ARM DDI 0406C, "Synchronization
 * of changes to system control registers"; the timer registers of B8 are
 * system registers): the ISB makes the new compare value drop the interrupt
 * condition before the handler's EOI, so the line is low when the GIC
 * looks at it again.
 */
static void set_cntp_cval(uint64_t v)
{
	write_cntp_cval(v);
	isb();
}

static void set_cntp_ctl(uint32_t v)
{
	write_cntp_ctl(v);
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
 * Compare-value ticks do not drift: each compare value is the schedule's
 * next deadline (ticks.h), exact to the counter value. Deadlines already
 * missed (interrupts held off) are stepped over; time.c counts the periods
 * that went by. Only a timer whose condition is met (CNTP_CTL.ISTATUS: CNTPCT -
 * CVAL >= 0, ARM ARM B8 "Timers") moves on: a handler run again for the same tick (the level
 * line still high at EOI) finds ISTATUS clear and leaves the deadline alone.
 */
static void gt_ack(void)
{
	if (!(read_cntp_ctl() & CNTP_CTL_ISTATUS))
		return;
	tick_sched_advance(&sched, read_cntpct());
	set_cntp_cval(tick_sched_next(&sched));
}

static int gt_start(uint32_t hz)
{
	if (tick_sched_init(&sched, read_cntpct(), cs.freq_hz, hz))
		return -EINVAL;
	set_cntp_cval(tick_sched_next(&sched));
	set_cntp_ctl(CNTP_CTL_ENABLE);
	return 0;
}

static struct tick_device tick = {
	.name = "arm-generic-timer",
	.start = gt_start,
	.ack = gt_ack,
	.deadline = read_cntp_cval,
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
	tick.max_hz = cs.freq_hz;
	return &tick;
}
