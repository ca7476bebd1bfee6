/*
 * ARM Generic Interrupt Controller v2 (IHI 0048B): distributor and CPU
 * interface, one CPU, every interrupt routed to it as a Group 0 IRQ.
 */
#include <errno.h>
#include <stdio.h>
#include "device.h"
#include "gic.h"
#include "io.h"
#include "ioremap.h"
#include "irq.h"

/* Distributor (4.3); the per-interrupt arrays are in gic.h */
#define GICD_ITARGETSR(n)	(0x800 + (n))		/* byte access */
#define GICD_SGIR		0xf00
#define GICD_SIZE		0x1000	/* 4.1.2 Table 4-1: the distributor's 4 KiB */

/* CPU interface (4.4) */
#define GICC_CTLR		0x000
#define GICC_PMR		0x004
#define GICC_BPR		0x008
#define GICC_IAR		0x00c
#define GICC_EOIR		0x010
#define GICC_APR(n)		(0x0d0 + 4 * (n))	/* active priorities */
#define GICC_SIZE		0x2000	/* 4.1.3 Table 4-2: to GICC_DIR at 0x1000 */

#define GIC_PRIO_DEFAULT	0xa0
#define GIC_PMR_ALL		0xf0	/* every priority above the lowest */

static void __iomem *dist;
static void __iomem *cpu;
static unsigned lines;
static uint32_t last_iar;	/* CPUID bits of an SGI must go back in EOIR */

static void gic_enable(unsigned irq)
{
	writel(1u << (irq % 32), dist + GICD_ISENABLER(irq / 32));
}

static void gic_disable(unsigned irq)
{
	writel(1u << (irq % 32), dist + GICD_ICENABLER(irq / 32));
}

static int gic_set_priority(unsigned irq, unsigned prio)
{
	if (prio > 0xff)
		return -EINVAL;
	writeb((uint8_t)prio, dist + GICD_IPRIORITYR(irq));
	return 0;
}

/* 4.3.13: ICFGR has two bits per interrupt; the upper one selects edge.
 * SGIs are always edge; PPIs may be fixed by the implementation. */
static int gic_set_trigger(unsigned irq, enum irq_trigger t)
{
	void __iomem *reg = dist + GICD_ICFGR(gic_icfgr_reg(irq));
	uint32_t bit = gic_icfgr_edge_bit(irq);
	uint32_t v = readl(reg);

	if (irq < 16)
		return t == IRQ_EDGE ? 0 : -EINVAL;
	writel(t == IRQ_EDGE ? v | bit : v & ~bit, reg);
	return 0;
}

static int gic_ack(void)
{
	uint32_t iar = readl(cpu + GICC_IAR);
	unsigned id = iar & 0x3ff;

	if (id >= 1020)		/* 1020-1023 are special IDs (4.4.4) */
		return IRQ_SPURIOUS;
	last_iar = iar;
	return (int)id;
}

static void gic_eoi(unsigned irq)
{
	writel(irq < 16 ? last_iar : irq, cpu + GICC_EOIR);
}

/* SGIs through GICD_SGIR to this CPU only (TargetListFilter 0b10);
 * others by setting the pending bit. */
static void gic_raise(unsigned irq)
{
	if (irq < 16)
		writel((2u << 24) | irq, dist + GICD_SGIR);
	else
		writel(1u << (irq % 32), dist + GICD_ISPENDR(irq / 32));
}

static struct irq_chip gic_chip = {
	.name = "GICv2",
	.enable = gic_enable,
	.disable = gic_disable,
	.set_priority = gic_set_priority,
	.set_trigger = gic_set_trigger,
	.ack = gic_ack,
	.eoi = gic_eoi,
	.raise = gic_raise,
};

/*
 * From any state a previous boot left (a warm reset does not reset the
 * GIC): every interrupt disabled, not pending and not active (4.3.5-4.3.9;
 * an active interrupt whose EOI never came would otherwise never be taken
 * again; IHI 0048B, GICD_ICENABLERn/ICPENDRn/ICACTIVERn), default priority, routed to CPU 0, SPIs level-sensitive. The
 * register counts round up: 1020 lines fill 31 enable registers and part of
 * a 32nd (gic_regs()).
 */
static void dist_init(void)
{
	/* Register counts once (the writes below may alias `lines`). */
	const unsigned bit_regs = gic_regs(lines, 1), byte_regs = gic_regs(lines, 8);
	const unsigned cfg_regs = gic_regs(lines, 2);

	/* Relaxed writes between the two of GICD_CTLR, as Linux's
	 * gic_dist_config(): accesses to one Device peripheral stay in
	 * program order (ARM ARM A3.5.5), and nothing in Normal memory is
	 * published by them; the barrier of the final write covers all. */
	writel(0, dist + GICD_CTLR);
	for (unsigned n = 0; n < bit_regs; n++) {
		writel_relaxed(0xffffffffu, dist + GICD_ICENABLER(n));
		writel_relaxed(0xffffffffu, dist + GICD_ICPENDR(n));
		writel_relaxed(0xffffffffu, dist + GICD_ICACTIVER(n));
	}
	/* Four lines a write: both arrays are word-accessible too (IHI
	 * 0048B 4.3.11, 4.3.12), and lines is a multiple of 32. */
	for (unsigned n = 0; n < byte_regs; n++)
		writel_relaxed(GIC_PRIO_DEFAULT * 0x01010101u, dist + GICD_IPRIORITYR(4 * n));
	for (unsigned n = GIC_FIRST_SPI / 4; n < byte_regs; n++)
		writel_relaxed(0x01010101u, dist + GICD_ITARGETSR(4 * n));	/* CPU 0 */
	for (unsigned n = GIC_FIRST_SPI / 16; n < cfg_regs; n++)
		writel_relaxed(0, dist + GICD_ICFGR(n));			/* level */
	writel(1, dist + GICD_CTLR);
}

/* The CPU interface also remembers interrupts it signalled and never saw an
 * EOI for: their priorities stay active in GICC_APRn and mask everything at
 * or below them. Zero clears them (IHI 0048B, GICC_APRn: zero is the value
 * for no active interrupt, which dist_init() has just made true). */
static void cpu_init(void)
{
	writel(0, cpu + GICC_CTLR);
	for (unsigned n = 0; n < 4; n++)
		writel(0, cpu + GICC_APR(n));
	writel(GIC_PMR_ALL, cpu + GICC_PMR);
	writel(0, cpu + GICC_BPR);
	writel(1, cpu + GICC_CTLR);
}

/*
 * Map the distributor and cross-check what the tree says with the GIC's own
 * ID register (GICD_PIDR2.ArchRev, include/gic.h): a tree claiming a GICv2
 * where a GICv3 sits is refused, saying so. The tree
 * gives 64 KiB frames; the registers fill 4 and 8 KiB.
 */
static bool map_gicv2(const struct device *d)
{
	unsigned rev;

	if (!dist) {
		dist = device_ioremap_part(d, 0, GICD_SIZE);
		if (!dist)
			return false;
		rev = GIC_PIDR2_ARCHREV(readl(dist + GICV2_PIDR2));
		if (rev != 1 && rev != 2) {	/* GICv1 (PL390) is programmed alike */
			printf("gicv2: the device tree says GICv2, but GICD_PIDR2 says "
			       "architecture revision %u; not using it\n", rev);
			iounmap(dist);
			dist = NULL;
			return false;
		}
	}
	if (!cpu)
		cpu = device_ioremap_part(d, 1, GICC_SIZE);
	return cpu != NULL;
}

/* Probe, or on a second call re-initialise the same GIC (idempotent: the
 * mappings are made once). */
static const struct irq_chip *gicv2_probe(void)
{
	const struct device *d = device_find("gic", NULL);	/* reg: distributor, CPU interface */

	if (!d || d->nreg < 2 || !map_gicv2(d))
		return NULL;
	lines = gic_lines(readl(dist + GICD_TYPER));
	gic_chip.nr_irqs = lines < IRQ_MAX ? lines : IRQ_MAX;
	dist_init();
	cpu_init();
	return &gic_chip;
}
IRQCHIP_DECLARE(gicv2_a15, "arm,cortex-a15-gic", gicv2_probe);
IRQCHIP_DECLARE(gicv2_400, "arm,gic-400", gicv2_probe);
