/*
 * The GICv3 driver (src/drivers/gicv3.c) against a model of the GIC
 * (fake_gic.h) and of its CPU interface system registers: what QEMU's
 * GICv3 cannot show, a distributor with the full 1020 lines, a boot CPU
 * whose affinity is not 0.0.0 among several redistributors, and CPU
 * interfaces with 5 to 8 priority bits. Every write must land in a register
 * the driver configures: any other is 'stray'.
 */
#include "fake_hw.h"
#include "fake_gic.h"
#include "cp15_access.h"	/* before the driver: its CP15 accessors */

#include "../../src/drivers/gicv3.c"

#define DIST_PHYS	0x08000000u
#define RDIST_PHYS	0x080a0000u
#define FRAMES		3
#define MPIDR_MP	0x80000000u		/* MPIDR bit 31: the multiprocessor format */
#define BOOT_AFF	0x010203u		/* Aff2.Aff1.Aff0 = 1.2.3 */

/* Distributor */
static struct fake_gic_bank gicd;
static uint32_t gicd_ctlr;
static uint64_t irouter[FAKE_GIC_IDS];
/* GICD_CTLR.RWP (IHI 0069 8.9.4): a GICD_CTLR or ICENABLER write is in
 * progress for this many more reads of GICD_CTLR. */
static unsigned ctlr_pending, icenable_pending;
static unsigned stray;
static unsigned dist_reads;

/* Redistributors: frame i has affinity frame_aff[i]; the last is Last. */
static const uint32_t frame_aff[FRAMES] = { 0x000000, 0x010202, BOOT_AFF };
static struct fake_gic_bank sgi_bank[FRAMES];
static uint32_t waker[FRAMES];
static unsigned gicr_pending[FRAMES];	/* GICR_CTLR.RWP after an ICENABLER0 write */

#define RWP_READS	2	/* reads of RWP = 1 before a tracked write completes */

/* CPU interface */
static unsigned pribits;
static uint32_t mpidr, icc_sre, icc_ctlr, icc_igrpen1, icc_pmr, icc_bpr1, icc_ap1r[4];
static uint32_t icc_iar1, icc_eoir1;
static bool sre_fixed;			/* ICC_SRE.SRE cannot be set (a hypervisor keeps it) */
static uint64_t icc_sgi1r;
static unsigned iar_at, eoir_at, sgi1r_at;	/* fake_step() of the last such access */

enum arch_boot_mode arch_boot_mode(void)
{
	return ARCH_BOOT_NONSECURE;
}

static uint32_t dist_read(uint32_t off, unsigned size)
{
	dist_reads++;
	uint32_t v;

	if (fake_gic_bank_read(&gicd, off, size, &v))
		return v;
	if (off == GICD_CTLR) {
		bool rwp = ctlr_pending || icenable_pending;

		ctlr_pending -= !!ctlr_pending;
		icenable_pending -= !!icenable_pending;
		return gicd_ctlr | GICD_CTLR_DS | (rwp ? GICD_CTLR_RWP : 0);	/* one security state */
	}
	switch (off) {
	case GICD_TYPER: return gicd.end / 32 - 1 + (gicd.end % 32 != 0);
	case GICV3_PIDR2: return 0x3b;	/* ArchRev 3 */
	}
	fail_msg("read of distributor register %#x", off);
	return 0;
}

static void dist_write(uint32_t off, uint32_t v, unsigned size)
{
	unsigned id = (off - GICD_IROUTER(0)) / 8;

	if (off == GICD_CTLR) {
		/* ARE may change only once the group disable has completed */
		if ((v & GICD_CTLR_ARE) && !(gicd_ctlr & GICD_CTLR_ARE) && ctlr_pending)
			fail_msg("GICD_CTLR.ARE set before the previous GICD_CTLR write completed (RWP)");
		gicd_ctlr = v & (GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1);
		ctlr_pending = RWP_READS;
		return;
	}
	if (off >= GICD_ICENABLER(0) && off < GICD_ICENABLER(32))
		icenable_pending = RWP_READS;
	if (off >= GICD_IROUTER(GIC_FIRST_SPI) && off < GICD_IROUTER(gicd.end) && size == 4) {
		/* GICD_IROUTERn exist only with affinity routing in effect (8.9.13) */
		if (!(gicd_ctlr & GICD_CTLR_ARE) || ctlr_pending)
			fail_msg("GICD_IROUTER%u written before GICD_CTLR.ARE took effect", id);
		irouter[id] = off % 8 ? (irouter[id] & 0xffffffffu) | (uint64_t)v << 32
				      : (irouter[id] & ~0xffffffffull) | v;
	} else if (!fake_gic_bank_write(&gicd, off, v, size))
		stray++;		/* e.g. GICD_IGRPMODRn at 0xd00 */
}

static uint32_t rdist_read(uint32_t off, unsigned size)
{
	unsigned f = off / GICR_FRAME, r = off % GICR_FRAME;
	uint32_t v;

	if (r >= GICR_SGI_BASE && fake_gic_bank_read(&sgi_bank[f], r - GICR_SGI_BASE, size, &v))
		return v;
	switch (r) {
	case GICR_CTLR:
		if (gicr_pending[f]) {
			gicr_pending[f]--;
			return GICR_CTLR_RWP;
		}
		return 0;
	case GICR_TYPER_LO: return f == FRAMES - 1 ? GICR_TYPER_LAST : 0;
	case GICR_TYPER_HI: return frame_aff[f];
	case GICR_WAKER: return waker[f] & GICR_WAKER_SLEEP ? waker[f] | GICR_WAKER_ASLEEP : waker[f];
	}
	fail_msg("read of redistributor frame %u register %#x", f, r);
	return 0;
}

static void rdist_write(uint32_t off, uint32_t v, unsigned size)
{
	unsigned f = off / GICR_FRAME, r = off % GICR_FRAME;

	if (r == GICR_SGI_BASE + GICD_ICENABLER(0))
		gicr_pending[f] = RWP_READS;
	if (r == GICR_WAKER)
		waker[f] = v & GICR_WAKER_SLEEP;
	else if (r < GICR_SGI_BASE || !fake_gic_bank_write(&sgi_bank[f], r - GICR_SGI_BASE, v, size))
		stray++;
}

/* ICC_AP1R<n> exists with 5 priority bits for n 0, 6 for 1, 7 and up for 2
 * and 3 (IHI 0069 12.2.2); another is UNDEFINED. */
static uint32_t *ap1r(unsigned n)
{
	if (n == 0 || (n == 1 && pribits >= 6) || (n >= 2 && pribits >= 7))
		return &icc_ap1r[n];
	fail_msg("ICC_AP1R%u accessed with %u priority bits: UNDEFINED", n, pribits);
	return NULL;
}

/* The register an encoding names, NULL for an unknown one. */
static uint32_t *cp15_reg(unsigned op1, const char *crn, const char *crm, unsigned op2)
{
	if (op1 == 0 && !strcmp(crn, "c12") && !strcmp(crm, "c12")) {
		switch (op2) {
		case 0: iar_at = fake_step(); return &icc_iar1;
		case 1: eoir_at = fake_step(); return &icc_eoir1;
		case 3: return &icc_bpr1;
		case 4: return &icc_ctlr;
		case 5: return &icc_sre;
		case 7: return &icc_igrpen1;
		}
	}
	if (op1 == 0 && !strcmp(crn, "c12") && !strcmp(crm, "c9") && op2 < 4)
		return ap1r(op2);
	if (op1 == 0 && !strcmp(crn, "c4") && !strcmp(crm, "c6") && op2 == 0)
		return &icc_pmr;
	if (op1 == 0 && !strcmp(crn, "c0") && !strcmp(crm, "c0") && op2 == 5)
		return &mpidr;
	fail_msg("access to p15, %u, %s, %s, %u: not a register the model has", op1, crn, crm, op2);
	return NULL;
}

uint32_t fake_cp15_read(unsigned op1, const char *crn, const char *crm, unsigned op2)
{
	uint32_t *r = cp15_reg(op1, crn, crm, op2);

	if (r == &icc_ctlr)	/* PRIbits [10:8], read-only */
		return (icc_ctlr & ~0x700u) | (pribits - 1) << 8;
	return *r;
}

void fake_cp15_write(unsigned op1, const char *crn, const char *crm, unsigned op2, uint32_t v)
{
	uint32_t *r = cp15_reg(op1, crn, crm, op2);

	if (r == &mpidr || r == &icc_iar1)
		fail_msg("write to a read-only register");
	if (r == &icc_sre && sre_fixed)
		return;
	*r = v;
}

void fake_cp15_write64(unsigned op1, const char *crm, uint64_t v)
{
	if (op1 != 0 || strcmp(crm, "c12"))
		fail_msg("64-bit write to p15, %u, %s: not ICC_SGI1R", op1, crm);
	icc_sgi1r = v;
	sgi1r_at = fake_step();
}

static struct fake_dev dist_dev = { .phys = DIST_PHYS, .size = GICD_SIZE_V3,
				    .read = dist_read, .write = dist_write };
static struct fake_dev rdist_dev = { .phys = RDIST_PHYS, .size = FRAMES * GICR_FRAME,
				     .read = rdist_read, .write = rdist_write };

/* A GIC with nlines lines and a CPU interface with bits priority bits as a
 * warm reset leaves them, probed by the CPU with MPIDR affinity aff. */
static const struct irq_chip *probe_dirty_gic(unsigned nlines, unsigned bits, uint32_t aff)
{
	struct device *d;

	fake_hw_reset();
	dist = rd = sgi = NULL;
	fake_gic_bank_dirty(&gicd, GIC_FIRST_SPI, nlines, 0xff);
	memset(irouter, 0xff, sizeof(irouter));
	gicd_ctlr = GICD_CTLR_ENABLE_GRP1;
	ctlr_pending = icenable_pending = 0;
	stray = 0;
	for (unsigned f = 0; f < FRAMES; f++) {
		fake_gic_bank_dirty(&sgi_bank[f], 0, GIC_FIRST_SPI, 0xff);
		waker[f] = GICR_WAKER_SLEEP;
		gicr_pending[f] = 0;
	}
	pribits = bits;
	mpidr = MPIDR_MP | aff;
	icc_sre = 0;			/* the system-register interface off */
	sre_fixed = false;
	icc_igrpen1 = 1;
	icc_ctlr = 1u << 1;		/* EOImode 1 */
	icc_pmr = 0;
	icc_bpr1 = 3;
	icc_sgi1r = 0;
	for (unsigned n = 0; n < 4; n++)
		icc_ap1r[n] = 0x80000001u;
	fake_dev_add(&dist_dev);
	fake_dev_add(&rdist_dev);
	d = fake_table_add("gic", "arm,gic-v3");
	fake_table_reg(d, DIST_PHYS, GICD_SIZE_V3);
	fake_table_reg(d, RDIST_PHYS, FRAMES * GICR_FRAME);
	return gicv3_probe();
}

static void check_clean(unsigned nlines)
{
	const struct irq_chip *c = probe_dirty_gic(nlines, 5, BOOT_AFF);

	assert_non_null(c);
	assert_int_equal(c->nr_irqs, nlines < IRQ_MAX ? nlines : IRQ_MAX);
	assert_gic_bank_clean(&gicd, GIC_PRIO_DEFAULT, GIC_FIRST_SPI);
	for (unsigned id = GIC_FIRST_SPI; id < nlines; id++) {
		assert_true(fake_bit(gicd.group, id));			/* Group 1 */
		if (irouter[id] != BOOT_AFF)
			fail_msg("SPI %u routed to %#llx", id, (unsigned long long)irouter[id]);
	}
	assert_int_equal(gicd_ctlr, GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1);
	assert_int_equal(ctlr_pending + icenable_pending, 0);	/* probe waited for RWP */
	assert_int_equal(gicr_pending[FRAMES - 1], 0);
	assert_int_equal(icc_sre & ICC_SRE_SRE, 1);
	assert_int_equal(stray, 0);
}

/* 1020 lines: the ICFGR array ends at 0xcfc; GICD_IGRPMODRn follow. */
static void a_full_gic_is_left_idle_and_routed_to_this_cpu(void **state)
{
	(void)state;
	check_clean(GIC_MAX_LINES);
}

static void smaller_gics_are_left_idle_too(void **state)
{
	(void)state;
	check_clean(64);
	check_clean(288);	/* QEMU virt */
}

/* CPU 1.2.3 is not the first redistributor, nor 1.2.2 next to it: only
 * its own frame is woken and cleared; SGIs target it alone. */
static void the_boot_cpus_own_redistributor_is_used(void **state)
{
	(void)state;
	assert_non_null(probe_dirty_gic(96, 5, BOOT_AFF));
	for (unsigned f = 0; f < FRAMES; f++) {
		bool mine = frame_aff[f] == BOOT_AFF;

		assert_int_equal(waker[f], mine ? 0 : GICR_WAKER_SLEEP);
		assert_int_equal(sgi_bank[f].enable[0], mine ? 0 : 0xffffffffu);
	}
	assert_gic_bank_clean(&sgi_bank[FRAMES - 1], GIC_PRIO_DEFAULT, GIC_FIRST_SPI);
	gic3_chip.raise(5);
	/* Aff2 [39:32], Aff1 [23:16], INTID [27:24], TargetList bit Aff0 */
	assert_int_equal(icc_sgi1r, (1ull << 32) | (2u << 16) | (5u << 24) | (1u << 3));
}

/* Each CPU interface's active priority registers, and only those, are
 * zeroed; the interface ends enabled, EOImode 0. */
static void active_priorities_are_cleared_for_every_priority_width(void **state)
{
	(void)state;
	for (unsigned bits = 5; bits <= 8; bits++) {
		unsigned implemented = bits == 5 ? 1 : bits == 6 ? 2 : 4;

		assert_non_null(probe_dirty_gic(64, bits, 0));
		for (unsigned n = 0; n < 4; n++)
			assert_int_equal(icc_ap1r[n], n < implemented ? 0 : 0x80000001u);
		assert_int_equal(icc_pmr, GIC_PMR_ALL);
		assert_int_equal(icc_bpr1, 0);
		assert_int_equal(icc_ctlr & (1u << 1), 0);
		assert_int_equal(icc_igrpen1, 1);
	}
}

/*
 * A redistributor region whose last byte lies one past the 40-bit physical
 * address space (PHYS_ADDR_MAX) is refused before the distributor is even
 * read; one byte lower it is looked for (and here, not found).
 */
static void a_redistributor_past_40_bit_addresses_is_refused(void **state)
{
	struct device *d;

	(void)state;
	fake_hw_reset();
	dist = rd = sgi = NULL;
	fake_dev_add(&dist_dev);
	d = fake_table_add("gic", "arm,gic-v3");
	fake_table_reg(d, DIST_PHYS, GICD_SIZE_V3);
	fake_table_reg(d, PHYS_ADDR_MAX + 2 - FRAMES * GICR_FRAME, FRAMES * GICR_FRAME);
	dist_reads = 0;
	assert_null(gicv3_probe());
	assert_int_equal(dist_reads, 0);
	d->reg[1].addr--;
	assert_null(gicv3_probe());
	assert_true(dist_reads > 0);
	assert_null(dist);
}

/* Disabling an interrupt completes before disable() returns: RWP of the
 * distributor (SPIs) or of the redistributor (SGIs, PPIs) polled to 0
 * (8.9.4, 8.11.2). */
static void disable_waits_for_the_write_to_complete(void **state)
{
	const struct irq_chip *c;

	(void)state;
	c = probe_dirty_gic(96, 5, BOOT_AFF);
	assert_non_null(c);
	c->disable(40);
	assert_false(fake_bit(gicd.enable, 40));
	assert_int_equal(icenable_pending, 0);
	c->disable(27);
	assert_false(fake_bit(sgi_bank[FRAMES - 1].enable, 27));
	assert_int_equal(gicr_pending[FRAMES - 1], 0);
}

/*
 * The CPU interface's system-register accesses and their barriers: a DSB
 * after the IAR read (later device accesses stay after the acknowledge), an
 * ISB after the EOI and after an SGI (12.2: a system register write takes
 * effect at the next context synchronization event). Special IDs are spurious.
 */
static void acknowledge_eoi_and_sgis_are_synchronised(void **state)
{
	const struct irq_chip *c;

	(void)state;
	c = probe_dirty_gic(96, 5, BOOT_AFF);
	assert_non_null(c);
	icc_iar1 = 40;
	assert_int_equal(c->ack(), 40);
	assert_true(fake_dsb_at > iar_at);
	c->eoi(40);
	assert_int_equal(icc_eoir1, 40);
	assert_true(fake_isb_at > eoir_at);
	c->raise(3);
	assert_true(fake_isb_at > sgi1r_at);
	icc_iar1 = 1023;
	assert_int_equal(c->ack(), IRQ_SPURIOUS);
}

/* A CPU whose ICC_SRE.SRE cannot be set (a hypervisor keeps the memory-
 * mapped interface) gets no GICv3 driver. */
static void a_cpu_interface_that_stays_off_is_refused(void **state)
{
	(void)state;
	assert_non_null(probe_dirty_gic(96, 5, BOOT_AFF));
	assert_int_equal(icc_sre & ICC_SRE_SRE, 1);
	icc_sre = 0;
	sre_fixed = true;
	assert_null(gicv3_probe());
	sre_fixed = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_full_gic_is_left_idle_and_routed_to_this_cpu),
		cmocka_unit_test(smaller_gics_are_left_idle_too),
		cmocka_unit_test(the_boot_cpus_own_redistributor_is_used),
		cmocka_unit_test(active_priorities_are_cleared_for_every_priority_width),
		cmocka_unit_test(a_redistributor_past_40_bit_addresses_is_refused),
		cmocka_unit_test(disable_waits_for_the_write_to_complete),
		cmocka_unit_test(acknowledge_eoi_and_sgis_are_synchronised),
		cmocka_unit_test(a_cpu_interface_that_stays_off_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
