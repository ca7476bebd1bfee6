/*
 * The Versatile system controller's 24 MHz counter (SYS_24MHZ, system
 * registers + 0x5C; ARM DUI 0224 4.3, "24MHz counter register") as the
 * clocksource: a free-running, read-only 32-bit up-counter at the device's
 * clock_hz.
 *
 * 32 bits at 24 MHz wrap every 2^32 / 24e6 = 178.9 s, so the driver extends
 * the count to 64 bits in software: each read compares the hardware value
 * with the last one seen, and a smaller value means the counter wrapped once
 * since, which adds 2^32. The rule this rests on: read() must run at least
 * once per wrap period, or a whole wrap goes unseen and time jumps back by
 * 178.9 s. The tick guarantees it: its interrupt handler reads the clock
 * (src/core/time.c) every tick, i.e. every millisecond, while interrupts are
 * on. (Code that keeps IRQs masked for minutes is broken anyway.)
 *
 * read() runs in thread and in IRQ context, so the compare-and-update runs
 * with IRQs masked: otherwise a tick between the hardware read and the
 * update could count one wrap twice.
 */
#include "arch.h"
#include "device.h"
#include "io.h"
#include "ioremap.h"
#include "timer.h"

#define SYS_24MHZ	0x5c

static void __iomem *regs;
static uint32_t last;		/* the hardware value at the last read */
static uint32_t wraps;		/* the upper 32 bits */

static uint64_t sysctr_read(void)
{
	uint32_t flags = arch_irq_save();
	uint32_t now = readl(regs + SYS_24MHZ);
	uint64_t v;

	if (now < last)
		wraps++;
	last = now;
	v = ((uint64_t)wraps << 32) | now;
	arch_irq_restore(flags);
	return v;
}

static struct clocksource cs = {
	.name = "versatile-24mhz",
	.read = sysctr_read,
};

const struct clocksource *sysctr_clocksource(void)
{
	const struct device *d = device_find("sysregs", "arm,versatile-sysreg");

	if (!d || !d->clock_hz || d->nreg < 1 || d->reg[0].size < SYS_24MHZ + 4)
		return NULL;
	if (!regs) {
		regs = device_ioremap(d, 0);
		if (!regs)
			return NULL;
		last = readl(regs + SYS_24MHZ);
	}
	cs.freq_hz = d->clock_hz;
	return &cs;
}
