/*
 * ARM SP804 dual-input timer (DDI 0271) as the periodic tick: the first
 * timer of the board's "timer01" module (compatible "arm,sp804"), 32-bit,
 * periodic mode, no prescale, counting TIMCLK (1 MHz on versatilepb, the
 * device's clock_hz). Both timers of a module share one interrupt line; the
 * second is left disabled.
 *
 * Which clock TIMCLK is comes from outside the SP804: on the Versatile/PB926
 * the SP810 system controller's SCCTRL selects, per timer, the 32 kHz
 * reference clock (its reset value) or the 1 MHz timer clock (TimerEnnSel,
 * bits 15 + 2n; ARM DUI 0224 "System Controller", the SP810 TRM's SCCTRL). The
 * probe selects 1 MHz for all four timers, as Linux's Versatile setup and
 * U-Boot's timer_init do, when the board lists an "arm,sp810"; without it
 * the rate would be ~33 Hz on a real board. (QEMU models no SP810: there
 * the register reads 0 and the timers run at 1 MHz regardless.)
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

/* SP810 SCCTRL: TimerEnnSel, 1 = TIMCLK for timers 0-3 */
#define SCCTRL			0x000
#define SCCTRL_TIMERS_TIMCLK	((1u << 15) | (1u << 17) | (1u << 19) | (1u << 21))

static void __iomem *regs;
static uint32_t clk_hz;

/* 0, or -ENOMEM if the system controller cannot be mapped (then the
 * timer's rate is whatever the hardware reset left). */
static int sp810_select_timclk(const struct device *d)
{
	void __iomem *sc = device_ioremap(d, 0);

	if (!sc)
		return -ENOMEM;
	writel(readl(sc + SCCTRL) | SCCTRL_TIMERS_TIMCLK, sc + SCCTRL);
	iounmap(sc);
	return 0;
}

/*
 * Periodic mode reloads TimerXLoad each time the count reaches zero, which
 * is when the interrupt is raised (TRM 2.2.1): one interrupt per load
 * value's worth of TIMCLK cycles, rounded to the nearest cycle. Timer 1 is
 * stopped with its interrupt clear: sp804_tick() left it so when it mapped
 * the device, and start() runs once per boot (include/timer.h).
 */
static int sp804_start(uint32_t hz)
{
	uint32_t load;

	if (!hz || hz > clk_hz)
		return -EINVAL;
	load = (clk_hz + hz / 2) / hz;
	writel(load, regs + TIMER1 + T_LOAD);
	writel(CTRL_ENABLE | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT | CTRL_PRESCALE1,
	       regs + TIMER1 + T_CONTROL);
	return 0;
}

/* The interrupt is level: clear it, or it is taken again on return. */
static void sp804_ack(void)
{
	writel(1, regs + TIMER1 + T_INTCLR);
}

static struct tick_device tick = {
	.name = "sp804",
	.start = sp804_start,
	.ack = sp804_ack,
};

const struct tick_device *sp804_tick(void)
{
	const struct device *d = device_find("timer01", "arm,sp804");
	const struct device *sysctl = device_find("sysctl", "arm,sp810");

	if (!d || d->nirq < 1 || !d->clock_hz)
		return NULL;
	if (!regs) {
		if (sysctl && sp810_select_timclk(sysctl))
			return NULL;
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
	tick.max_hz = clk_hz;
	return &tick;
}
