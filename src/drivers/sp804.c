/*
 * ARM SP804 dual-input timer (DDI 0271) as the periodic tick: the first
 * timer of the board's "timer01" module (compatible "arm,sp804"), 32-bit,
 * periodic mode, no prescale, counting TIMCLK (1 MHz on versatilepb, the
 * device's clock_hz). Both timers of a module share one interrupt line; the
 * second is left disabled.
 */
#include <errno.h>
#include "device.h"
#include "io.h"
#include "ioremap.h"
#include "timer.h"

/* Per-timer registers (TRM 3.2); timer 1 at +0x00, timer 2 at +0x20. */
#define TIMER1		0x00
#define TIMER2		0x20
#define T_LOAD		0x00
#define T_VALUE		0x04
#define T_CONTROL	0x08
#define T_INTCLR	0x0c	/* any write clears the interrupt */
#define T_RIS		0x10
#define T_MIS		0x14
#define T_BGLOAD	0x18

/* TimerXControl (TRM 3.2.3) */
#define CTRL_ONESHOT	(1u << 0)
#define CTRL_32BIT	(1u << 1)
#define CTRL_PRESCALE1	(0u << 2)
#define CTRL_INTEN	(1u << 5)
#define CTRL_PERIODIC	(1u << 6)
#define CTRL_ENABLE	(1u << 7)

static void __iomem *regs;
static uint32_t clk_hz;

/*
 * Periodic mode reloads TimerXLoad each time the count reaches zero, which
 * is when the interrupt is raised (TRM 2.2.1): one interrupt per load
 * value's worth of TIMCLK cycles, rounded to the nearest cycle.
 */
static int sp804_start(uint32_t hz)
{
	uint32_t load;

	if (!hz || hz > clk_hz)
		return -EINVAL;
	load = (clk_hz + hz / 2) / hz;
	writel(0, regs + TIMER1 + T_CONTROL);
	writel(load, regs + TIMER1 + T_LOAD);
	writel(1, regs + TIMER1 + T_INTCLR);
	writel(CTRL_ENABLE | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT | CTRL_PRESCALE1,
	       regs + TIMER1 + T_CONTROL);
	return 0;
}

static void sp804_stop(void)
{
	writel(0, regs + TIMER1 + T_CONTROL);
	writel(1, regs + TIMER1 + T_INTCLR);
}

/* The interrupt is level: clear it, or it is taken again on return. */
static void sp804_ack(void)
{
	writel(1, regs + TIMER1 + T_INTCLR);
}

static struct tick_device tick = {
	.name = "sp804",
	.start = sp804_start,
	.stop = sp804_stop,
	.ack = sp804_ack,
};

const struct tick_device *sp804_tick(void)
{
	const struct device *d = device_find("timer01", "arm,sp804");

	if (!d || d->nirq < 1 || !d->clock_hz)
		return NULL;
	if (!regs) {
		regs = device_ioremap(d, 0);
		if (!regs)
			return NULL;
		/* Both timers stopped, no interrupt pending. */
		writel(0, regs + TIMER1 + T_CONTROL);
		writel(0, regs + TIMER2 + T_CONTROL);
		writel(1, regs + TIMER1 + T_INTCLR);
		writel(1, regs + TIMER2 + T_INTCLR);
	}
	clk_hz = d->clock_hz;
	tick.irq = (unsigned)d->irq[0];
	return &tick;
}
