/*
 * ARM Generic Interrupt Controller v3 (IHI 0069): the distributor, this
 * CPU's redistributor, and the CPU interface through the AArch32 system
 * registers (ICC_*; there is no memory-mapped CPU interface). One CPU,
 * affinity routing on, every interrupt in Group 1 and signalled as IRQ.
 *
 * SGIs and PPIs (INTIDs 0-31) are configured in the redistributor's SGI
 * frame, SPIs in the distributor, with the same per-interrupt arrays
 * (gic.h). The device tree's "arm,gic-v3" node chooses this driver; the
 * distributor's own GICD_PIDR2 (ArchRev 3 or 4) cross-checks it.
 *
 * Written for a GIC in a single security state (GICD_CTLR.DS = 1, QEMU's
 * virt without secure=on), or for Non-secure firmware on a GIC with two:
 * Group 1 (Non-secure) is then the only group the firmware needs, and
 * GICD_CTLR bit 1 enables it, bit 4 turns on affinity routing. Secure
 * firmware on a GIC with two security states (secure=on) would need Secure
 * Group 1 instead: that is refused, saying so, not programmed into silence.
 */
#include <errno.h>
#include <stdio.h>
#include <asm/barrier.h>
#include "../boot/cp15_access.h"
#include "arch.h"
#include "device.h"
#include "gic.h"
#include "io.h"
#include "ioremap.h"
#include "irq.h"

/* Distributor (IHI 0069 8.9) beyond the shared arrays */
#define GICD_SIZE_V3		0x10000		/* the distributor's 64 KiB frame */
#define GICD_IGROUPR(n)		(0x080 + 4 * (n))
#define GICD_IROUTER(n)		(0x6000 + 8 * (n))	/* 64-bit, SPIs only */
#define GICD_CTLR_ENABLE_GRP1	(1u << 1)
#define GICD_CTLR_ARE		(1u << 4)
#define GICD_CTLR_DS		(1u << 6)		/* one security state */
#define GICD_CTLR_RWP		(1u << 31)		/* register write pending */

/* Redistributor (8.11): RD_base frame, then the SGI_base frame 64 KiB on */
#define GICR_CTLR		0x0000
#define GICR_TYPER_LO		0x0008
#define GICR_TYPER_HI		0x000c			/* affinity [63:32] */
#define GICR_WAKER		0x0014
#define GICR_SGI_BASE		0x10000
#define GICR_CTLR_RWP		(1u << 3)
#define GICR_WAKER_SLEEP	(1u << 1)		/* ProcessorSleep */
#define GICR_WAKER_ASLEEP	(1u << 2)		/* ChildrenAsleep */

/* CPU interface system registers, AArch32 encodings (IHI 0069 12.2) */
CP15_READ(icc_iar1,     0, c12, c12, 0)
CP15_WRITE(icc_eoir1,   0, c12, c12, 1)
CP15_WRITE(icc_bpr1,    0, c12, c12, 3)
CP15_RW(icc_ctlr,       0, c12, c12, 4)
CP15_RW(icc_sre,        0, c12, c12, 5)
CP15_WRITE(icc_igrpen1, 0, c12, c12, 7)
CP15_WRITE(icc_pmr,     0, c4,  c6,  0)
CP15_WRITE(icc_ap1r0,   0, c12, c9,  0)
CP15_WRITE(icc_ap1r1,   0, c12, c9,  1)
CP15_WRITE(icc_ap1r2,   0, c12, c9,  2)
CP15_WRITE(icc_ap1r3,   0, c12, c9,  3)
CP15_READ(mpidr,        0, c0,  c0,  5)
CP15_WRITE64(icc_sgi1r, 0, c12)		/* the value from gicv3_sgi1r() */

#define ICC_SRE_SRE		(1u << 0)
#define ICC_CTLR_PRIBITS(v)	((((v) >> 8) & 7) + 1)

#define GIC_PRIO_DEFAULT	0xa0
#define GIC_PMR_ALL		0xf0	/* every priority above the lowest */
#define RWP_SPINS		100000	/* a write completes in far fewer reads */

static void __iomem *dist;
static void __iomem *rd;	/* this CPU's RD_base frame */
static void __iomem *sgi;	/* ... and its SGI_base frame */
static unsigned lines;
static uint32_t affinity;	/* MPIDR Aff2.Aff1.Aff0 */

/* Where the per-interrupt arrays of irq live: SGIs and PPIs are banked in
 * the redistributor (with affinity routing the distributor's copies are
 * RAZ/WI), SPIs in the distributor. */
static void __iomem *bank(unsigned irq)
{
	return irq < GIC_FIRST_SPI ? sgi : dist;
}

/* A write to GICD_CTLR or an ICENABLER takes effect once RWP reads 0
 * (8.9.4, 8.11.2); bounded, since a broken GIC must not hang the boot. */
static void wait_rwp(void __iomem *ctlr, uint32_t rwp)
{
	for (unsigned n = 0; n < RWP_SPINS && (readl(ctlr) & rwp); n++)
		;
}

static void wait_for(unsigned irq)
{
	if (irq < GIC_FIRST_SPI)
		wait_rwp(rd + GICR_CTLR, GICR_CTLR_RWP);
	else
		wait_rwp(dist + GICD_CTLR, GICD_CTLR_RWP);
}

static void gic3_enable(unsigned irq)
{
	writel(1u << (irq % 32), bank(irq) + GICD_ISENABLER(irq / 32));
}

static void gic3_disable(unsigned irq)
{
	writel(1u << (irq % 32), bank(irq) + GICD_ICENABLER(irq / 32));
	wait_for(irq);
}

static int gic3_set_priority(unsigned irq, unsigned prio)
{
	if (prio > 0xff)
		return -EINVAL;
	writeb((uint8_t)prio, bank(irq) + GICD_IPRIORITYR(irq));
	return 0;
}

/* ICFGR as in GICv2: the upper bit of each pair selects edge; SGIs are
 * always edge (8.9.9, 8.11.7). */
static int gic3_set_trigger(unsigned irq, enum irq_trigger t)
{
	void __iomem *reg = bank(irq) + GICD_ICFGR(gic_icfgr_reg(irq));
	uint32_t bit = gic_icfgr_edge_bit(irq);
	uint32_t v = readl(reg);

	if (irq < GIC_FIRST_PPI)
		return t == IRQ_EDGE ? 0 : -EINVAL;
	writel(t == IRQ_EDGE ? v | bit : v & ~bit, reg);
	return 0;
}

/* Reading ICC_IAR1 acknowledges; the DSB keeps later accesses (the
 * device's registers in the handler) after it, as Linux does. */
static int gic3_ack(void)
{
	uint32_t id = read_icc_iar1() & 0xffffff;

	dsb();
	return id >= GIC_MAX_LINES ? IRQ_SPURIOUS : (int)id;	/* 1020-1023 special */
}

/* EOImode 0: the write drops the priority and deactivates (12.2.9). */
static void gic3_eoi(unsigned irq)
{
	write_icc_eoir1(irq);
	isb();
}

/* SGIs to this CPU through ICC_SGI1R; others by their pending bit. */
static void gic3_raise(unsigned irq)
{
	if (irq < GIC_FIRST_PPI) {
		write_icc_sgi1r(gicv3_sgi1r(affinity, irq));
		isb();
	} else {
		writel(1u << (irq % 32), bank(irq) + GICD_ISPENDR(irq / 32));
	}
}

static struct irq_chip gic3_chip = {
	.name = "GICv3",
	.enable = gic3_enable,
	.disable = gic3_disable,
	.set_priority = gic3_set_priority,
	.set_trigger = gic3_set_trigger,
	.ack = gic3_ack,
	.eoi = gic3_eoi,
	.raise = gic3_raise,
};

/*
 * The per-interrupt arrays of one bank, from whatever a previous boot left:
 * Group 1, disabled, not pending, not active, default priority.
 */
static void clear_bank(void __iomem *base, unsigned first, unsigned end)
{
	for (unsigned n = first / 32; n < gic_regs(end, 1); n++) {
		writel(0xffffffffu, base + GICD_IGROUPR(n));
		writel(0xffffffffu, base + GICD_ICENABLER(n));
		writel(0xffffffffu, base + GICD_ICPENDR(n));
		writel(0xffffffffu, base + GICD_ICACTIVER(n));
	}
	/* Four lines a write: the array is word-accessible too (IHI 0069
	 * 8.9.14), and first and end are multiples of 32. */
	for (unsigned n = first / 4; n < gic_regs(end, 8); n++)
		writel(GIC_PRIO_DEFAULT * 0x01010101u, base + GICD_IPRIORITYR(4 * n));
}

/* Affinity routing first (IROUTER exists only with it), then the SPIs:
 * level-sensitive, routed to this CPU; then Group 1 on. */
static void dist_init(void)
{
	writel(0, dist + GICD_CTLR);
	wait_rwp(dist + GICD_CTLR, GICD_CTLR_RWP);
	writel(GICD_CTLR_ARE, dist + GICD_CTLR);
	wait_rwp(dist + GICD_CTLR, GICD_CTLR_RWP);
	clear_bank(dist, GIC_FIRST_SPI, lines);
	for (unsigned n = GIC_FIRST_SPI / 16; n < gic_regs(lines, 2); n++)
		writel(0, dist + GICD_ICFGR(n));
	for (unsigned irq = GIC_FIRST_SPI; irq < lines; irq++) {
		writel(affinity & 0xffffffu, dist + GICD_IROUTER(irq));	/* Aff2.Aff1.Aff0 */
		writel(0, dist + GICD_IROUTER(irq) + 4);		/* Aff3 0, IRM 0 */
	}
	writel(GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1, dist + GICD_CTLR);
	wait_rwp(dist + GICD_CTLR, GICD_CTLR_RWP);
}

/* Wake the redistributor (8.11.19: clear ProcessorSleep, wait until
 * ChildrenAsleep reads 0), then its SGIs and PPIs like the SPIs. */
static void redist_init(void)
{
	writel(readl(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP, rd + GICR_WAKER);
	for (unsigned n = 0; n < RWP_SPINS && (readl(rd + GICR_WAKER) & GICR_WAKER_ASLEEP); n++)
		;
	clear_bank(sgi, 0, GIC_FIRST_SPI);
	wait_rwp(rd + GICR_CTLR, GICR_CTLR_RWP);
}

/*
 * The active priority registers remember interrupts taken and never ended
 * (a warm boot): zero them, as Linux does, or they mask everything at or
 * below their priority. Only ICC_AP1R0 exists with 5 priority bits,
 * AP1R1 from 6 and AP1R2-3 from 7 (12.2.2); the others are UNDEFINED.
 */
static void clear_active_priorities(void)
{
	unsigned bits = ICC_CTLR_PRIBITS(read_icc_ctlr());

	write_icc_ap1r0(0);
	if (bits >= 6)
		write_icc_ap1r1(0);
	if (bits >= 7) {
		write_icc_ap1r2(0);
		write_icc_ap1r3(0);
	}
}

/* The system-register interface must be switched on (ICC_SRE.SRE, then an
 * ISB before any other ICC_* access: 12.2.13); false if it stays off (a
 * hypervisor kept it, or there is none). */
static bool cpu_init(void)
{
	write_icc_sre(read_icc_sre() | ICC_SRE_SRE);
	isb();
	if (!(read_icc_sre() & ICC_SRE_SRE))
		return false;
	write_icc_igrpen1(0);
	isb();
	clear_active_priorities();
	write_icc_pmr(GIC_PMR_ALL);
	write_icc_bpr1(0);
	write_icc_ctlr(read_icc_ctlr() & ~(1u << 1));	/* EOImode 0 */
	write_icc_igrpen1(1);
	isb();
	return true;
}

/* A GICv3 (or v4) distributor, by its own ID register. */
static bool is_gicv3(void __iomem *d)
{
	unsigned rev = GIC_PIDR2_ARCHREV(readl(d + GICV3_PIDR2));

	return rev == 3 || rev == 4;
}

/* GICR_TYPER of the frame at off in the redistributor region ctx (the
 * device), through a page mapped just to look; ~0 (ends the walk) if it
 * cannot be mapped. */
static uint64_t read_gicr_typer(uint32_t off, void *ctx)
{
	const struct device *d = ctx;
	void __iomem *p = ioremap((phys_addr_t)(d->reg[1].addr + off), SZ_4K);
	uint64_t typer;

	if (!p)
		return ~0ull;
	typer = ((uint64_t)readl(p + GICR_TYPER_HI) << 32) | readl(p + GICR_TYPER_LO);
	iounmap(p);
	return typer;
}

/* This CPU's redistributor: the frame whose GICR_TYPER affinity matches
 * MPIDR's (8.11.22; the walk is gicv3_find_redistributor()), mapped whole. */
static bool find_redistributor(const struct device *d)
{
	long off = gicv3_find_redistributor(read_gicr_typer, (void *)d,
					    (uint32_t)d->reg[1].size, affinity);

	if (off < 0)
		return false;
	rd = ioremap((phys_addr_t)(d->reg[1].addr + (uint32_t)off), GICR_FRAME);
	sgi = rd ? rd + GICR_SGI_BASE : NULL;
	return rd != NULL;
}

/*
 * With two security states (GICD_CTLR.DS = 0), Group 1 as programmed here is
 * Non-secure Group 1, which is never signalled to Secure firmware (GICv3
 * architecture specification, "Interrupt grouping and security").
 */
static bool secure_with_two_states(void)
{
	return arch_boot_mode() == ARCH_BOOT_SECURE && !(readl(dist + GICD_CTLR) & GICD_CTLR_DS);
}

/*
 * The tree's GICv3 (reg[0] distributor, reg[1] redistributor region),
 * cross-checked with the distributor's own ID register. The redistributor
 * region must lie where phys_addr_t reaches (device_ioremap_part() checks
 * the same for the distributor).
 */
static bool map_gicv3(void)
{
	const struct device *d = device_find("gic", "arm,gic-v3");

	if (dist)
		return true;
	if (!d || d->nreg < 2 || d->reg[1].addr + d->reg[1].size - 1 > PHYS_ADDR_MAX)
		return false;
	dist = device_ioremap_part(d, 0, GICD_SIZE_V3);
	if (!dist)
		return false;
	affinity = read_mpidr() & 0xffffffu;
	if (!is_gicv3(dist)) {
		printf("gicv3: the device tree says GICv3, but GICD_PIDR2 says "
		       "architecture revision %u; not using it\n",
		       (unsigned)GIC_PIDR2_ARCHREV(readl(dist + GICV3_PIDR2)));
	} else if (secure_with_two_states()) {
		printf("gicv3: the GIC has two security states and the firmware runs "
		       "Secure: Secure Group 1 is not supported; not using it\n");
	} else if (find_redistributor(d)) {
		return true;
	}
	iounmap(dist);
	dist = NULL;
	return false;
}

/* Probe, or on a second call re-initialise the same GIC. */
static const struct irq_chip *gicv3_probe(void)
{
	if (!map_gicv3())
		return NULL;
	lines = gic_lines(readl(dist + GICD_TYPER));
	gic3_chip.nr_irqs = lines < IRQ_MAX ? lines : IRQ_MAX;
	dist_init();
	redist_init();
	return cpu_init() ? &gic3_chip : NULL;
}
IRQCHIP_DECLARE(gicv3, "arm,gic-v3", gicv3_probe);
