/*
 * The GICv2 driver (src/drivers/gicv2.c) against a model of the GIC
 * (fake_gic.h): what QEMU's GIC cannot show, a distributor with the full
 * 1020 lines and a CPU interface left with active priorities. Every write
 * must land in a register the driver configures: any other is 'stray'.
 */
#include "fake_hw.h"
#include "fake_gic.h"

#include "../../src/drivers/gicv2.c"

#define DIST_PHYS	0x2c001000u
#define CPU_PHYS	0x2c002000u

static struct fake_gic_bank gicd;
static uint32_t gicd_ctlr;
static uint8_t gicd_targets[FAKE_GIC_IDS];
static unsigned stray;

/* GICC: the registers cpu_init() programs, and the Non-secure copies of
 * the active priorities (GICC_NSAPRn, IHI 0048B 4.4.11) it must leave. */
static uint32_t gicc_ctlr, gicc_pmr, gicc_bpr, gicc_apr[4], gicc_nsapr[4];
static uint32_t gicc_iar, gicc_eoir, gicd_sgir;
static uint32_t gicd_pidr2 = 0x2b;	/* ArchRev 2 */
static unsigned dist_reads;

static uint32_t dist_read(uint32_t off, unsigned size)
{
	uint32_t v;

	dist_reads++;

	if (fake_gic_bank_read(&gicd, off, size, &v))
		return v;
	switch (off) {
	case GICD_CTLR: return gicd_ctlr;
	case GICD_TYPER: return gicd.end / 32 - 1 + (gicd.end % 32 != 0);	/* ITLinesNumber */
	case GICV2_PIDR2: return gicd_pidr2;
	}
	fail_msg("read of distributor register %#x", off);
	return 0;
}

static void dist_write(uint32_t off, uint32_t v, unsigned size)
{
	if (off >= GICD_ITARGETSR(0) && off < GICD_ITARGETSR(FAKE_GIC_IDS)) {
		for (unsigned i = 0; i < size; i++) {
			unsigned id = off - GICD_ITARGETSR(0) + i;

			if (id >= GIC_FIRST_SPI && id < gicd.end)
				gicd_targets[id] = (uint8_t)(v >> (8 * i));
			else	/* SGI/PPI: read-only; past the lines: RAZ/WI */
				stray++;
		}
	} else if (off == GICD_CTLR) {
		gicd_ctlr = v & 1;
	} else if (off == GICD_SGIR) {
		gicd_sgir = v;
	} else if (!fake_gic_bank_write(&gicd, off, v, size) || (off >= 0x080 && off < 0x100)) {
		stray++;	/* IGROUPR included: every line stays Group 0 */
	}
}

static uint32_t cpu_read(uint32_t off, unsigned size)
{
	assert_int_equal(size, 4);
	if (off == GICC_IAR)
		return gicc_iar;
	fail_msg("read of CPU interface register %#x", off);
	return 0;
}

static void cpu_write(uint32_t off, uint32_t v, unsigned size)
{
	assert_int_equal(size, 4);
	if ((off == GICC_PMR || off == GICC_BPR || (off >= GICC_APR(0) && off <= GICC_APR(3))) &&
	    (gicc_ctlr & 1))
		fail_msg("GICC register %#x written while the interface is enabled", off);
	if (off == GICC_CTLR)
		gicc_ctlr = v;
	else if (off == GICC_EOIR)
		gicc_eoir = v;
	else if (off == GICC_PMR)
		gicc_pmr = v;
	else if (off == GICC_BPR)
		gicc_bpr = v;
	else if (off >= GICC_APR(0) && off <= GICC_APR(3))
		gicc_apr[(off - GICC_APR(0)) / 4] = v;
	else if (off >= 0xe0 && off <= 0xec) {
		gicc_nsapr[(off - 0xe0) / 4] = v;
		stray++;
	} else {
		stray++;
	}
}

static struct fake_dev dist_dev = { .phys = DIST_PHYS, .size = 0x1000,
				    .read = dist_read, .write = dist_write };
static struct fake_dev cpu_dev = { .phys = CPU_PHYS, .size = 0x2000,
				   .read = cpu_read, .write = cpu_write };

/* A GIC with lines lines as a warm reset leaves it, probed. */
static const struct irq_chip *probe_dirty_gic(unsigned nlines, uint8_t prio_mask)
{
	struct device *d;

	fake_hw_reset();
	dist = cpu = NULL;
	fake_gic_bank_dirty(&gicd, 0, nlines, prio_mask);
	memset(gicd_targets, 0xff, sizeof(gicd_targets));
	gicd_ctlr = 1;
	stray = 0;
	gicc_ctlr = 1;
	gicc_pmr = gicc_bpr = 0;
	for (unsigned n = 0; n < 4; n++)
		gicc_apr[n] = gicc_nsapr[n] = 0x80000001u;
	fake_dev_add(&dist_dev);
	fake_dev_add(&cpu_dev);
	d = fake_table_add("gic", "arm,cortex-a15-gic");
	fake_table_reg(d, DIST_PHYS, 0x1000);
	fake_table_reg(d, CPU_PHYS, 0x2000);
	return gicv2_probe();
}

static void check_dist_clean(unsigned nlines, uint8_t prio_mask)
{
	const struct irq_chip *c = probe_dirty_gic(nlines, prio_mask);

	assert_non_null(c);
	assert_int_equal(c->nr_irqs, nlines < IRQ_MAX ? nlines : IRQ_MAX);
	assert_gic_bank_clean(&gicd, GIC_PRIO_DEFAULT, GIC_FIRST_SPI);
	for (unsigned id = GIC_FIRST_SPI; id < nlines; id++)
		if (gicd_targets[id] != 1)
			fail_msg("SPI %u targets %#x, not CPU 0", id, gicd_targets[id]);
	/* SGIs are always edge, and the PPIs' trigger is the implementation's
	 * (4.3.13): the driver leaves GICD_ICFGR0-1 as they were. */
	assert_int_equal(gicd.icfgr[0], 0xaaaaaaaau);
	if (nlines > 16)
		assert_int_equal(gicd.icfgr[1], 0xaaaaaaaau);
	assert_int_equal(gicd_ctlr, 1);
	assert_int_equal(stray, 0);
}

/* 1020 lines: the enable/pending/active arrays end at 0x17c, 0x1fc, ...;
 * one register more would set every line pending and active. */
static void a_full_gic_is_left_with_every_line_idle(void **state)
{
	(void)state;
	check_dist_clean(GIC_MAX_LINES, 0xff);
}

static void smaller_gics_and_5_priority_bits_are_left_idle_too(void **state)
{
	(void)state;
	check_dist_clean(32, 0xf8);
	check_dist_clean(96, 0xf8);
	check_dist_clean(288, 0xff);	/* QEMU virt */
}

/* The Group 0 active priorities are cleared, the Non-secure ones (another
 * security state's) left alone, and the interface enabled. */
static void the_cpu_interface_forgets_active_priorities(void **state)
{
	(void)state;
	assert_non_null(probe_dirty_gic(96, 0xff));
	for (unsigned n = 0; n < 4; n++) {
		assert_int_equal(gicc_apr[n], 0);
		assert_int_equal(gicc_nsapr[n], 0x80000001u);
	}
	assert_int_equal(gicc_pmr, GIC_PMR_ALL);
	assert_int_equal(gicc_bpr, 0);
	assert_int_equal(gicc_ctlr, 1);
	assert_int_equal(stray, 0);
}

/* A record without the CPU interface's range is refused before the
 * distributor is even read. */
static void a_gic_record_without_a_cpu_interface_is_refused(void **state)
{
	struct device *d;

	(void)state;
	fake_hw_reset();
	dist = cpu = NULL;
	dist_reads = 0;
	fake_dev_add(&dist_dev);
	fake_dev_add(&cpu_dev);
	d = fake_table_add("gic", "arm,cortex-a15-gic");
	fake_table_reg(d, DIST_PHYS, 0x1000);
	assert_null(gicv2_probe());
	assert_int_equal(dist_reads, 0);
	assert_null(dist);
}

/* A distributor whose GICD_PIDR2 says GICv3 (ArchRev 3) is refused, and
 * its mapping given back, so a later probe starts afresh. */
static void a_gicv3_behind_a_gicv2_record_is_refused_and_unmapped(void **state)
{
	(void)state;
	gicd_pidr2 = 0x3b;
	assert_null(probe_dirty_gic(96, 0xff));
	gicd_pidr2 = 0x2b;
	assert_null(dist);
	assert_int_equal(fake_iounmaps, 1);
}

/* A GICv1 (PL390, ArchRev 1) is programmed the same way, and accepted. */
static void a_gicv1_is_accepted(void **state)
{
	(void)state;
	gicd_pidr2 = 0x1b;
	assert_non_null(probe_dirty_gic(96, 0xff));
	gicd_pidr2 = 0x2b;
	assert_gic_bank_clean(&gicd, GIC_PRIO_DEFAULT, GIC_FIRST_SPI);
}

/* IDs 1020-1023 are special (4.4.4: 1023 spurious, 1020-1022 reserved or
 * for another security state): none is an interrupt to handle. 1019 is. */
static void special_ids_are_spurious(void **state)
{
	const struct irq_chip *c;

	(void)state;
	c = probe_dirty_gic(GIC_MAX_LINES, 0xff);
	assert_non_null(c);
	for (uint32_t id = 1020; id <= 1023; id++) {
		gicc_iar = id;
		assert_int_equal(c->ack(), IRQ_SPURIOUS);
	}
	gicc_iar = 1019;
	assert_int_equal(c->ack(), 1019);
	c->eoi(1019);
	assert_int_equal(gicc_eoir, 1019);
}

/* An SGI's EOI carries back the CPUID its IAR read gave (4.4.5). */
static void an_sgi_is_ended_with_its_source_cpu(void **state)
{
	const struct irq_chip *c;

	(void)state;
	c = probe_dirty_gic(96, 0xff);
	gicc_iar = (3u << 10) | 7;
	assert_int_equal(c->ack(), 7);
	c->eoi(7);
	assert_int_equal(gicc_eoir, (3u << 10) | 7);
}

/* SGIs 0-15 go through GICD_SGIR to this CPU only (TargetListFilter 0b10,
 * 4.3.15); their GICD_ISPENDR bits are read-only. Others set pending. */
static void raise_sends_sgis_to_this_cpu_and_pends_the_rest(void **state)
{
	const struct irq_chip *c;

	(void)state;
	c = probe_dirty_gic(96, 0xff);
	for (unsigned irq = 0; irq < 16; irq++) {
		gicd_sgir = 0;
		c->raise(irq);
		assert_int_equal(gicd_sgir, (2u << 24) | irq);
	}
	gicd_sgir = 0;
	c->raise(40);
	assert_int_equal(gicd_sgir, 0);
	assert_true(fake_bit(gicd.pending, 40));
	assert_false(fake_bit(gicd.pending, 41));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_gic_record_without_a_cpu_interface_is_refused),
		cmocka_unit_test(a_gicv3_behind_a_gicv2_record_is_refused_and_unmapped),
		cmocka_unit_test(a_full_gic_is_left_with_every_line_idle),
		cmocka_unit_test(smaller_gics_and_5_priority_bits_are_left_idle_too),
		cmocka_unit_test(the_cpu_interface_forgets_active_priorities),
		cmocka_unit_test(a_gicv1_is_accepted),
		cmocka_unit_test(special_ids_are_spurious),
		cmocka_unit_test(an_sgi_is_ended_with_its_source_cpu),
		cmocka_unit_test(raise_sends_sgis_to_this_cpu_and_pends_the_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
