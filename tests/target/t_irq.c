/*
 * Interrupts: the dispatch table, spurious and unclaimed interrupts, the
 * controller's state read back from its own registers (trigger, and nothing
 * left over after a re-initialisation), and state preserved across IRQs.
 * Runs on every interrupt controller: GICv2, GICv3 (the virt-gicv3 test
 * variant) and the PL190 VIC.
 */
#include <errno.h>
#include <string.h>
#include <asm/barrier.h>
#include "arch.h"
#include "board.h"
#include "device.h"
#include "exception.h"
#include "gic.h"
#include "io.h"
#include "ioremap.h"
#include "irq_time.h"

/* ---- dispatch ---- */

static volatile unsigned handled;
static volatile unsigned last_irq;
static void *volatile last_ctx;

static void count_irq(unsigned irq, void *ctx)
{
	handled++;
	last_irq = irq;
	last_ctx = ctx;
}

TEST(a_registered_handler_runs_with_its_context)
{
	unsigned irq = spare_irq();
	uint32_t before = irq_count(irq);
	int ctx;

	handled = 0;
	CHECK_EQ(irq_register(irq, count_irq, &ctx, "test"), 0);
	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	sleep_ms(2);
	CHECK_EQ(handled, 1);
	CHECK_EQ(last_irq, irq);
	CHECK(last_ctx == &ctx);
	CHECK_EQ(irq_count(irq), before + 1);
	CHECK_EQ(strcmp(irq_name(irq), "test"), 0);
	CHECK_EQ(irq_unregister(irq), 0);
}

TEST(registration_refusals)
{
	unsigned irq = spare_irq();

	CHECK_EQ(irq_register(IRQ_MAX, count_irq, NULL, "x"), -EINVAL);
	/* one past the controller's lines, where it has fewer than IRQ_MAX */
	if (irq_chip()->nr_irqs < IRQ_MAX)
		CHECK_EQ(irq_register(irq_chip()->nr_irqs, count_irq, NULL, "x"), -EINVAL);
	CHECK_EQ(irq_register(irq, NULL, NULL, "x"), -EINVAL);
	CHECK_EQ(irq_register(irq, count_irq, NULL, "x"), 0);
	CHECK_EQ(irq_register(irq, count_irq, NULL, "x"), -EBUSY);
	CHECK_EQ(irq_unregister(irq), 0);
	CHECK_EQ(irq_unregister(irq), -ENOENT);
	CHECK_EQ(irq_enable(IRQ_MAX), -EINVAL);
}

/* ---- the controller's own registers, read independently of the driver ---- */

static bool is_vic(void)
{
	return device_find("vic", "arm,pl190") != NULL;
}

static bool is_gicv3(void)
{
	return device_find("gic", "arm,gic-v3") != NULL;
}

/* The distributor of whichever GIC the driver chose, mapped for the test:
 * the per-interrupt arrays (gic.h) sit at the same offsets in v2 and v3.
 * GICv3's register map is 64 KiB (GICD_IROUTER at 0x6000), GICv2's 4 KiB. */
static void __iomem *gic_dist(void)
{
	static void __iomem *regs;
	const struct device *d;

	if (!regs) {
		d = device_find("gic", NULL);	/* reg[0]: the distributor, v2 or v3 */
		regs = d ? device_ioremap_part(d, 0, is_gicv3() ? SZ_64K : SZ_4K) : NULL;
	}
	return regs;
}

/* GICv3's redistributor region: this CPU's RD_base frame is the first (the
 * test machines have one CPU; the readback test checks its GICR_TYPER). */
#define GICR_TYPER_LO		0x0008
#define GICR_TYPER_HI		0x000c
#define GICR_SGI_BASE		0x10000

static void __iomem *gicr(void)
{
	static void __iomem *rd;
	const struct device *d;

	if (!rd) {
		d = device_find("gic", "arm,gic-v3");
		rd = d && d->nreg >= 2 ? ioremap((phys_addr_t)d->reg[1].addr, GICR_FRAME) : NULL;
	}
	return rd;
}

/* Where irq's per-interrupt arrays are: on GICv3 SGIs and PPIs are banked
 * in the redistributor's SGI_base frame (the distributor's copies are RAZ/WI
 * with affinity routing, IHI 0069 8.9), elsewhere the distributor. */
static void __iomem *gic_bank(unsigned irq)
{
	return is_gicv3() && irq < GIC_FIRST_SPI ? gicr() + GICR_SGI_BASE : gic_dist();
}

static bool gic_bit(unsigned array_offset, unsigned irq)
{
	return readl(gic_bank(irq) + array_offset + 4 * (irq / 32)) & (1u << (irq % 32));
}

#define VICINTENABLE	0x010
#define VICSOFTINT	0x018

struct irq_state { bool enabled, pending, active; };

static struct irq_state irq_state(unsigned irq)
{
	const struct device *d = device_find("vic", "arm,pl190");
	void __iomem *vic;
	struct irq_state st = { 0 };

	if (d) {
		vic = device_ioremap(d, 0);
		st.enabled = readl(vic + VICINTENABLE) & (1u << irq);
		st.pending = readl(vic + VICSOFTINT) & (1u << irq);
		iounmap(vic);	/* the VIC has no active state */
	} else {
		st.enabled = gic_bit(GICD_ISENABLER(0), irq);
		st.pending = gic_bit(GICD_ISPENDR(0), irq);
		st.active = gic_bit(GICD_ISACTIVER(0), irq);
	}
	return st;
}

/* GICD_ICFGR's upper bit of the interrupt's pair: 1 edge, 0 level. */
static bool gic_reads_edge(unsigned irq)
{
	return readl(gic_bank(irq) + GICD_ICFGR(irq / 16)) & (2u << (2 * (irq % 16)));
}

/*
 * Priority is real on the GIC: the CPU interface masks priorities at or
 * below its mask (GICC_PMR / ICC_PMR 0xf0 here), so such an interrupt stays
 * pending until raised in priority. The VIC has no priority in hardware.
 * The trigger is read back from GICD_ICFGR itself.
 */
TEST(priority_and_trigger_settings_take_effect)
{
	unsigned irq = spare_maskable_irq();
	int err;

	handled = 0;
	CHECK_EQ(irq_set_priority(irq, 0x100), -EINVAL);
	CHECK_EQ(irq_set_priority(IRQ_MAX, 0), -EINVAL);
	CHECK_EQ(irq_set_trigger(IRQ_MAX, IRQ_EDGE), -EINVAL);
	err = irq_set_priority(irq, 0xf8);
	if (err == -ENOSYS || irq_chip()->nr_irqs <= 32)
		SKIP("no hardware priority on this interrupt controller");
	CHECK_EQ(err, 0);
	CHECK_EQ(irq_set_trigger(irq, IRQ_EDGE), 0);
	CHECK(gic_reads_edge(irq));
	CHECK(!gic_reads_edge(irq + 1));			/* only its own pair */
	CHECK(!gic_reads_edge(irq - 1));
	CHECK_EQ(irq_set_trigger(2, IRQ_LEVEL), -EINVAL);	/* SGIs are edge-only */
	CHECK_EQ(irq_register(irq, count_irq, NULL, "prio"), 0);
	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	sleep_ms(3);
	CHECK_EQ(handled, 0);			/* masked by priority */
	CHECK_EQ(irq_set_priority(irq, 0x80), 0);
	sleep_ms(3);
	CHECK_EQ(handled, 1);			/* delivered once allowed */
	CHECK_EQ(irq_set_trigger(irq, IRQ_LEVEL), 0);
	CHECK(!gic_reads_edge(irq));
	CHECK_EQ(irq_unregister(irq), 0);
}

TEST(an_unregistered_interrupt_is_reported_masked_and_survived)
{
	unsigned irq = spare_maskable_irq();
	uint32_t unhandled = irq_unhandled_count();
	uint32_t before = irq_count(irq);
	uint64_t ticks_before = ticks(), t0 = uptime_ns();

	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	sleep_ms(2);
	CHECK_EQ(irq_unhandled_count(), unhandled + 1);
	CHECK_EQ(irq_count(irq), before + 1);
	CHECK_EQ(irq_raise(irq), 0);	/* masked now: no second report */
	sleep_ms(2);
	CHECK_EQ(irq_count(irq), before + 1);
	/* and everything else still runs: the tick went on counting */
	CHECK_WITHIN("ticks during the case", ticks() - ticks_before,
		     (uptime_ns() - t0) / tick_ns() / 2, ~0ull);
}

/* Re-enable what the firmware had running (tick, console input) after a
 * re-initialisation disabled everything. */
static void reenable_registered(void)
{
	for (unsigned i = 0; i < irq_chip()->nr_irqs; i++)
		if (irq_name(i))
			irq_enable(i);
}

/*
 * A warm boot finds the controller as the last boot left it: here an
 * interrupt enabled, pending again and active (taken, never ended). After
 * the driver's init runs again, its registers say none of that remains, and
 * interrupts are delivered again (on the GIC the CPU interface's active
 * priority from the unfinished one is gone too).
 */
TEST(a_reinitialised_controller_keeps_nothing_enabled_pending_or_active)
{
	unsigned irq = spare_maskable_irq();
	struct irq_state st;
	uint64_t k0, t0;
	uint32_t flags;
	int acked = -1;

	flags = arch_irq_save();
	CHECK_EQ(irq_set_priority(irq, 0x10), 0);	/* ahead of the tick */
	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	if (!is_vic()) {
		acked = irq_chip()->ack();	/* now active, no EOI */
		CHECK_EQ(irq_raise(irq), 0);	/* and pending again */
	}
	st = irq_state(irq);
	CHECK(st.enabled && st.pending);
	CHECK(is_vic() || (acked == (int)irq && st.active));
	CHECK(board.irqchip() == irq_chip());	/* the same controller, again */
	st = irq_state(irq);
	reenable_registered();
	arch_irq_restore(flags);
	CHECK(!st.enabled);
	CHECK(!st.pending);
	CHECK(!st.active);
	k0 = ticks();
	t0 = uptime_ns();
	sleep_ms(5);
	CHECK_WITHIN("ticks in 5 ms after re-initialisation", ticks() - k0,
		     (uptime_ns() - t0) / tick_ns() / 2 + 1, ~0ull);
}

/* An unregistered line is disabled in the controller itself: nothing is
 * left to signal an interrupt no handler will take. */
TEST(unregistering_disables_the_line_in_the_controller)
{
	unsigned irq = spare_maskable_irq();

	CHECK_EQ(irq_register(irq, count_irq, NULL, "x"), 0);
	CHECK_EQ(irq_enable(irq), 0);
	CHECK(irq_state(irq).enabled);
	CHECK_EQ(irq_unregister(irq), 0);
	CHECK(!irq_state(irq).enabled);
}

/* ---- everything the GIC driver's init promises, read back from the GIC ---- */

#define GICD_IGROUPR(n)		(0x080 + 4 * (n))	/* GICv3: 1 = Group 1 */
#define GICD_ITARGETSR(n)	(0x800 + (n))		/* GICv2, byte access */
#define GICD_IROUTER(n)		(0x6000 + 8 * (n))	/* GICv3, SPIs */
#define GICD_CTLR_V2_ENABLE	(1u << 0)
#define GICD_CTLR_V3_GRP1_ARE	((1u << 1) | (1u << 4))	/* EnableGrp1, ARE */
#define GIC_PRIO_DEFAULT	0xa0

/* GICv3 CPU interface: ICC_CTLR.EOImode (bit 1) = 1 splits EOI into a
 * priority drop and a separate deactivation (IHI 0069 12.2.6): with it left
 * set, every interrupt the driver EOIs would stay active. */
#define ICC_CTLR_EOIMODE	(1u << 1)

static uint32_t read_icc_ctlr(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c12, c12, 4" : "=r"(v));
	return v;
}

static void write_icc_ctlr(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c12, c12, 4" :: "r"(v) : "memory");
	isb();
}

/* MPIDR Aff2.Aff1.Aff0: where the GICv3 driver routes every SPI. */
static uint32_t this_cpu_affinity(void)
{
	uint32_t mpidr;

	__asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
	return mpidr & 0xffffffu;
}

/* The bits of register n of enable/pending that the driver controls: a
 * GICv2 may keep SGIs always enabled (QEMU does: IHI 0048B 4.3.5), and their
 * pending state is per source CPU (GICD_CPENDSGIRn, not ICPENDR). */
static uint32_t gic_controlled(unsigned n)
{
	return n == 0 && !is_gicv3() ? 0xffff0000u : ~0u;
}

/* Lines the firmware registered (tick, console): their devices may hold a
 * level-sensitive input high, so pending is theirs to say. */
static uint32_t registered_mask(unsigned n)
{
	uint32_t m = 0;

	for (unsigned b = 0; b < 32 && 32 * n + b < irq_chip()->nr_irqs; b++)
		if (irq_name(32 * n + b))
			m |= 1u << b;
	return m;
}

/* GICv2 ITARGETSR for "CPU 0"; a uniprocessor GIC (GICD_TYPER.CPUNumber
 * 0) has them RAZ/WI (IHI 0048B 4.3.12). */
static uint32_t gicv2_cpu0_target(void)
{
	return (readl(gic_dist() + GICD_TYPER) >> 5) & 7 ? 0x01 : 0x00;
}

/* Report a register that does not read as init promises; false then. */
static bool gic_reads(const char *what, unsigned irq, uint32_t got, uint32_t want)
{
	if (got == want)
		return true;
	test_fail(__FILE__, __LINE__, "%s (irq %u) reads 0x%lx, expected 0x%lx",
		  what, irq, (unsigned long)got, (unsigned long)want);
	return false;
}

/* The opposite of everything init sets, in every line the GIC implements:
 * what a previous boot might have left. */
static void gic_scramble(unsigned lines)
{
	for (unsigned irq = 0; irq < lines; irq += 32) {
		writel(~0u, gic_bank(irq) + GICD_ISENABLER(irq / 32));
		writel(~0u, gic_bank(irq) + GICD_ISPENDR(irq / 32));
		writel(~0u, gic_bank(irq) + GICD_ISACTIVER(irq / 32));
		if (is_gicv3())
			writel(0, gic_bank(irq) + GICD_IGROUPR(irq / 32));
	}
	for (unsigned irq = 0; irq < lines; irq++) {
		writeb(0x10, gic_bank(irq) + GICD_IPRIORITYR(irq));
		if (irq < GIC_FIRST_SPI)
			continue;
		if (is_gicv3()) {
			writel(~this_cpu_affinity() & 0xffu, gic_dist() + GICD_IROUTER(irq));
			writel(0x800000ffu, gic_dist() + GICD_IROUTER(irq) + 4);  /* IRM, Aff3 */
		} else {
			writeb(0x00, gic_dist() + GICD_ITARGETSR(irq));
		}
	}
	for (unsigned n = GIC_FIRST_SPI / 16; n < gic_regs(lines, 2); n++)
		writel(~0u, gic_dist() + GICD_ICFGR(n));
	if (is_gicv3())
		write_icc_ctlr(read_icc_ctlr() | ICC_CTLR_EOIMODE);
}

/* After init: every line disabled, not pending, not active, default
 * priority, Group 1 (v3); SPIs level-sensitive and routed to this CPU; the
 * distributor on. */
static void gic_check_init_state(unsigned lines)
{
	bool ok = true;

	if (is_gicv3())
		ok &= gic_reads("GICD_CTLR.ARE|EnableGrp1", 0,
				readl(gic_dist() + GICD_CTLR) & GICD_CTLR_V3_GRP1_ARE,
				GICD_CTLR_V3_GRP1_ARE);
	else
		ok &= gic_reads("GICD_CTLR", 0, readl(gic_dist() + GICD_CTLR), GICD_CTLR_V2_ENABLE);
	if (is_gicv3())
		ok &= gic_reads("ICC_CTLR.EOImode", 0, read_icc_ctlr() & ICC_CTLR_EOIMODE, 0);
	for (unsigned irq = 0; ok && irq < lines; irq += 32) {
		void __iomem *b = gic_bank(irq);
		unsigned n = irq / 32;

		ok &= gic_reads("GICD_ISENABLER", irq,
				readl(b + GICD_ISENABLER(n)) & gic_controlled(n), 0);
		ok &= gic_reads("GICD_ISPENDR", irq, readl(b + GICD_ISPENDR(n)) &
				gic_controlled(n) & ~registered_mask(n), 0);
		ok &= gic_reads("GICD_ISACTIVER", irq, readl(b + GICD_ISACTIVER(n)), 0);
		if (is_gicv3())
			ok &= gic_reads("GICD_IGROUPR", irq, readl(b + GICD_IGROUPR(n)), ~0u);
	}
	for (unsigned irq = 0; ok && irq < lines; irq++) {
		ok &= gic_reads("GICD_IPRIORITYR", irq,
				readb(gic_bank(irq) + GICD_IPRIORITYR(irq)), GIC_PRIO_DEFAULT);
		if (irq < GIC_FIRST_SPI)
			continue;
		if (is_gicv3()) {
			ok &= gic_reads("GICD_IROUTER[31:0]", irq,
					readl(gic_dist() + GICD_IROUTER(irq)), this_cpu_affinity());
			ok &= gic_reads("GICD_IROUTER[63:32]", irq,
					readl(gic_dist() + GICD_IROUTER(irq) + 4), 0);
		} else {
			ok &= gic_reads("GICD_ITARGETSR", irq,
					readb(gic_dist() + GICD_ITARGETSR(irq)), gicv2_cpu0_target());
		}
	}
	for (unsigned n = GIC_FIRST_SPI / 16; ok && n < gic_regs(lines, 2); n++)
		ok &= gic_reads("GICD_ICFGR", 16 * n, readl(gic_dist() + GICD_ICFGR(n)), 0);
}

/* Enable, disable and raise each line the driver serves (PPIs and SPIs;
 * registered ones excepted), each seen in its own bit of its own register
 * (enabling: and no other bit of that register, as every line starts
 * disabled); pending is cleared directly after. */
static void gic_check_each_line(void)
{
	for (unsigned irq = GIC_FIRST_PPI; irq < irq_chip()->nr_irqs; irq++) {
		void __iomem *b = gic_bank(irq);
		unsigned n = irq / 32;
		uint32_t bit = 1u << (irq % 32);

		if (irq_name(irq))
			continue;
		if (irq_enable(irq) || !gic_reads("GICD_ISENABLER after irq_enable", irq,
			readl(b + GICD_ISENABLER(n)) & gic_controlled(n) & ~registered_mask(n), bit))
			return;
		if (irq_disable(irq) || !gic_reads("GICD_ISENABLER after irq_disable", irq,
			readl(b + GICD_ISENABLER(n)) & gic_controlled(n), 0))
			return;
		if (irq_raise(irq) || !gic_reads("GICD_ISPENDR after irq_raise", irq,
						 readl(b + GICD_ISPENDR(n)) & bit, bit))
			return;
		writel(bit, b + GICD_ICPENDR(n));
	}
}

/* How long n reads of a distributor register take, IRQs masked. */
static uint64_t gic_reads_ns(unsigned n)
{
	uint64_t t0 = uptime_ns();

	for (unsigned i = 0; i < n; i++)
		(void)readl(gic_dist() + GICD_TYPER);
	return uptime_ns() - t0;
}

/* GICv3: the redistributor the test reads is this CPU's, the only one. */
static bool gicr_is_this_cpus(void)
{
	return readl(gicr() + GICR_TYPER_HI) == this_cpu_affinity() &&
	       (readl(gicr() + GICR_TYPER_LO) & GICR_TYPER_LAST);
}

TEST(every_setting_init_promises_reads_back_from_the_gic)
{
	const struct irq_chip *chip;
	uint64_t t0, took;
	unsigned lines;
	uint32_t flags;

	if (is_vic())
		SKIP("the GIC's registers: this board has a VIC");
	CHECK(gic_dist() != NULL);
	CHECK(!is_gicv3() || (gicr() && gicr_is_this_cpus()));
	lines = gic_lines(readl(gic_dist() + GICD_TYPER));
	flags = arch_irq_save();
	gic_scramble(lines);
	t0 = uptime_ns();
	chip = board.irqchip();			/* re-initialised */
	took = uptime_ns() - t0;
	gic_check_init_state(lines);
	gic_check_each_line();
	reenable_registered();
	arch_irq_restore(flags);
	CHECK(chip == irq_chip());
	/* Init touches a few registers per line and waits only while the GIC
	 * says it is busy (RWP, ChildrenAsleep: QEMU's never is): it must not
	 * take longer than 8 register reads a line, let alone a wait's bound. */
	CHECK_WITHIN("GIC init, ns", took, 0, gic_reads_ns(8 * lines));
}

/* 0xff is the lowest priority, not out of range, on every controller. */
TEST(the_whole_priority_range_is_accepted)
{
	unsigned irq = spare_maskable_irq();
	int err = irq_set_priority(irq, 0xff);

	if (err == -ENOSYS)
		SKIP("no priorities on this interrupt controller");
	CHECK_EQ(err, 0);
	if (!is_vic())	/* at least the upper 4 bits are implemented (IHI 0048B 3.3) */
		CHECK_EQ(readb(gic_bank(irq) + GICD_IPRIORITYR(irq)) & 0xf0, 0xf0);
	CHECK_EQ(irq_set_priority(irq, 0x100), -EINVAL);
	CHECK_EQ(irq_set_priority(irq, GIC_PRIO_DEFAULT), 0);
}

/* The VIC is level-only; on the GIC only SGIs are fixed (edge), a PPI takes
 * either (its ICFGR bit may be fixed by the implementation: not read back). */
TEST(each_controller_accepts_the_triggers_it_has)
{
	bool was_edge;

	if (is_vic()) {
		CHECK_EQ(irq_set_trigger(spare_maskable_irq(), IRQ_LEVEL), 0);
		CHECK_EQ(irq_set_trigger(spare_maskable_irq(), IRQ_EDGE), -EINVAL);
		return;
	}
	CHECK_EQ(irq_set_trigger(GIC_FIRST_PPI - 1, IRQ_LEVEL), -EINVAL);
	CHECK_EQ(irq_set_trigger(GIC_FIRST_PPI - 1, IRQ_EDGE), 0);
	was_edge = gic_reads_edge(GIC_FIRST_PPI);
	CHECK_EQ(irq_set_trigger(GIC_FIRST_PPI, IRQ_LEVEL), 0);
	CHECK_EQ(irq_set_trigger(GIC_FIRST_PPI, was_edge ? IRQ_EDGE : IRQ_LEVEL), 0);
}

TEST(enable_and_disable_take_effect_in_the_controller)
{
	unsigned irq = spare_maskable_irq();

	CHECK_EQ(irq_enable(irq), 0);
	CHECK(irq_state(irq).enabled);
	CHECK_EQ(irq_disable(irq), 0);
	CHECK(!irq_state(irq).enabled);
}

/* The interrupt number the time code registered as "tick". */
static int tick_irq(void)
{
	for (unsigned i = 0; i < irq_chip()->nr_irqs; i++)
		if (irq_name(i) && !strcmp(irq_name(i), "tick"))
			return (int)i;
	return -1;
}

TEST(a_spurious_interrupt_is_counted_and_survived)
{
	struct exc_frame frame = { .spsr = 0x13 };
	uint32_t spurious = irq_spurious_count();
	int tick = tick_irq();
	uint32_t flags;
	int acked;

	CHECK(tick >= 0);
	/* Silence the tick so nothing can be pending meanwhile. */
	irq_disable((unsigned)tick);
	flags = arch_irq_save();
	/* Nothing pending: the controller says so ... */
	acked = irq_chip()->ack();
	/* ... and an IRQ exception that finds nothing just returns. */
	exception_dispatch(EXC_IRQ, &frame);
	arch_irq_restore(flags);
	irq_enable((unsigned)tick);
	CHECK_EQ(acked, IRQ_SPURIOUS);
	CHECK_EQ(irq_spurious_count(), spurious + 1);
}

/*
 * Spin with known values in r0-r12, lr and the flags while the tick
 * interrupts; any register the IRQ path failed to restore shows up as a
 * mismatch. Returns the number of mismatches (A32, so no register is spare).
 */
unsigned irq_torture(unsigned loops);
__asm__(
	".text\n.arm\n.global irq_torture\nirq_torture:\n"
	"	push	{r4-r11, lr}\n"
	"	mov	r12, r0\n"		/* r12: loops left */
	"	mov	r0, #0\n"		/* r0: mismatches */
	"1:	ldr	r1, =0x11111111\n	ldr	r2, =0x22222222\n"
	"	ldr	r3, =0x33333333\n	ldr	r4, =0x44444444\n"
	"	ldr	r5, =0x55555555\n	ldr	r6, =0x66666666\n"
	"	ldr	r7, =0x77777777\n	ldr	r8, =0x88888888\n"
	"	ldr	r9, =0x99999999\n	ldr	r10, =0xaaaaaaaa\n"
	"	ldr	r11, =0xbbbbbbbb\n	ldr	lr, =0xcccccccc\n"
	"	msr	cpsr_f, #0x60000000\n"	/* Z and C set */
	"	.rept	64\n	nop\n	.endr\n"
	"	bne	2f\n	bcc	2f\n"
	"	eor	r1, r1, #0x11000000\n	eor	r1, r1, #0x110000\n"
	"	eor	r1, r1, #0x1100\n	eors	r1, r1, #0x11\n	bne	2f\n"
	"	ldr	r1, =0x22222222\n	cmp	r2, r1\n	bne	2f\n"
	"	ldr	r1, =0x33333333\n	cmp	r3, r1\n	bne	2f\n"
	"	ldr	r1, =0x44444444\n	cmp	r4, r1\n	bne	2f\n"
	"	ldr	r1, =0x55555555\n	cmp	r5, r1\n	bne	2f\n"
	"	ldr	r1, =0x66666666\n	cmp	r6, r1\n	bne	2f\n"
	"	ldr	r1, =0x77777777\n	cmp	r7, r1\n	bne	2f\n"
	"	ldr	r1, =0x88888888\n	cmp	r8, r1\n	bne	2f\n"
	"	ldr	r1, =0x99999999\n	cmp	r9, r1\n	bne	2f\n"
	"	ldr	r1, =0xaaaaaaaa\n	cmp	r10, r1\n	bne	2f\n"
	"	ldr	r1, =0xbbbbbbbb\n	cmp	r11, r1\n	bne	2f\n"
	"	ldr	r1, =0xcccccccc\n	cmp	lr, r1\n	bne	2f\n"
	"	b	3f\n"
	"2:	add	r0, r0, #1\n"
	"3:	subs	r12, r12, #1\n"
	"	bne	1b\n"
	"	pop	{r4-r11, pc}\n"
	"	.ltorg\n");

TEST(interrupted_code_cannot_tell)
{
	uint64_t t0 = ticks();
	unsigned bad = irq_torture(200000);

	CHECK_EQ(bad, 0);
	CHECK_WITHIN("ticks during the run", ticks() - t0, 5, ~0ull);	/* it really was interrupted */
}
