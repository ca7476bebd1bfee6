/*
 * ARM PrimeCell PL190 Vectored Interrupt Controller (DDI 0181): 32 level-
 * sensitive lines, every one routed to IRQ (none to FIQ).
 *
 * Acknowledge by status, not by vector: ack() reads VICIRQStatus (enabled,
 * pending IRQ lines) and returns the pending line with the highest priority
 * (lowest number, set with set_priority; ties go to the lowest line). The
 * vectored hardware (VICVectAddr, 16 slots and a hardware priority stack)
 * is left unused: it covers only 16 of the 32 lines, and reading VICVectAddr
 * would have to be paired with a write at the end of every interrupt. Since
 * VICVectAddr is never read, the controller's priority logic never masks
 * anything, and end of interrupt needs no register write (TRM 2.2.4).
 *
 * Lines are level-sensitive: a device keeps its line up until its driver
 * clears the cause, so eoi() has nothing to do. A software interrupt (raise,
 * VICSoftInt) is a latch; ack() clears it (VICSoftIntClear), so a raise is
 * taken once, like a GIC SGI.
 */
#include <errno.h>
#include <string.h>
#include "device.h"
#include "io.h"
#include "ioremap.h"
#include "irq.h"

/* Registers (TRM 3.2, Table 3-1) */
#define VICIRQSTATUS	0x000	/* masked IRQ status */
#define VICFIQSTATUS	0x004
#define VICRAWINTR	0x008
#define VICINTSELECT	0x00c	/* 1 = FIQ */
#define VICINTENABLE	0x010	/* write 1s to enable */
#define VICINTENCLEAR	0x014	/* write 1s to disable */
#define VICSOFTINT	0x018	/* write 1s to raise */
#define VICSOFTINTCLEAR	0x01c	/* write 1s to clear */
#define VICPROTECTION	0x020
#define VICVECTADDR	0x030
#define VICDEFVECTADDR	0x034
#define VICVECTCNTL(n)	(0x200 + 4 * (n))
#define VICPERIPHID0	0xfe0	/* 0x90, 0x11, 0x04 (PL190), 0x00 */

#define VIC_LINES	32
#define VIC_SLOTS	16
#define VIC_PRIO_DEFAULT 0x80

static void __iomem *regs;
static uint8_t prio[VIC_LINES];

static void vic_enable(unsigned irq)
{
	writel(1u << irq, regs + VICINTENABLE);
}

static void vic_disable(unsigned irq)
{
	writel(1u << irq, regs + VICINTENCLEAR);
}

/* Software priorities: only the order in which ack() picks pending lines. */
static int vic_set_priority(unsigned irq, unsigned p)
{
	if (p > 0xff)
		return -EINVAL;
	prio[irq] = (uint8_t)p;
	return 0;
}

/* Every PL190 input is level-sensitive; there is no edge detection. */
static int vic_set_trigger(unsigned irq, enum irq_trigger t)
{
	(void)irq;
	return t == IRQ_LEVEL ? 0 : -EINVAL;
}

static int vic_ack(void)
{
	uint32_t pending = readl(regs + VICIRQSTATUS);
	int best = IRQ_SPURIOUS;

	for (unsigned irq = 0; pending; irq++, pending >>= 1)
		if ((pending & 1) && (best < 0 || prio[irq] < prio[best]))
			best = (int)irq;
	if (best >= 0)
		writel(1u << best, regs + VICSOFTINTCLEAR);	/* consume a raise */
	return best;
}

static void vic_eoi(unsigned irq)
{
	(void)irq;	/* level-sensitive, VICVectAddr unused: nothing to signal */
}

static void vic_raise(unsigned irq)
{
	writel(1u << irq, regs + VICSOFTINT);
}

static const struct irq_chip vic_chip = {
	.name = "PL190 VIC",
	.nr_irqs = VIC_LINES,
	.enable = vic_enable,
	.disable = vic_disable,
	.set_priority = vic_set_priority,
	.set_trigger = vic_set_trigger,
	.ack = vic_ack,
	.eoi = vic_eoi,
	.raise = vic_raise,
};

static const struct irq_chip *pl190_probe(void)
{
	const struct device *d = device_find("vic", "arm,pl190");

	if (!d)
		return NULL;
	if (!regs) {
		regs = device_ioremap(d, 0);
		if (!regs)
			return NULL;
	}
	/* Everything masked, IRQ not FIQ, no latched software interrupts,
	 * no vectored slots, registers privileged-only. */
	writel(0xffffffffu, regs + VICINTENCLEAR);
	writel(0, regs + VICINTSELECT);
	writel(0xffffffffu, regs + VICSOFTINTCLEAR);
	for (unsigned n = 0; n < VIC_SLOTS; n++)
		writel(0, regs + VICVECTCNTL(n));
	writel(0, regs + VICDEFVECTADDR);
	writel(1, regs + VICPROTECTION);
	/* Unwind the priority logic in case a previous owner left interrupts
	 * in service: each write to VICVectAddr ends one nesting level, and
	 * there are at most 17 (16 vectored slots and the default). */
	for (unsigned n = 0; n <= VIC_SLOTS; n++)
		writel(0, regs + VICVECTADDR);
	memset(prio, VIC_PRIO_DEFAULT, sizeof(prio));
	return &vic_chip;
}
IRQCHIP_DECLARE(pl190, "arm,pl190", pl190_probe);
