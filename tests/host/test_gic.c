/* Host tests: how many GIC distributor registers cover the implemented
 * interrupts, GICv3 SGI encoding and the redistributor walk
 * (src/lib/gic_layout.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gic.h"

static void lines_come_from_itlinesnumber_capped_at_1020(void **state)
{
	(void)state;
	assert_int_equal(gic_lines(0), 32);
	assert_int_equal(gic_lines(3), 128);
	assert_int_equal(gic_lines(0x1e), 992);
	assert_int_equal(gic_lines(0x1f), 1020);	/* 1024 would include the special IDs */
	assert_int_equal(gic_lines(0xffffffe0u | 2), 96);	/* other TYPER fields ignored */
}

/* Every implemented interrupt's bit lies in a register the count covers,
 * and no register beyond the last interrupt is counted. */
static void every_line_is_covered_by_the_register_count(void **state)
{
	static const unsigned widths[] = { 1, 2, 8 };

	(void)state;
	for (uint32_t n = 0; n <= 0x1f; n++) {
		unsigned lines = gic_lines(n);

		for (unsigned w = 0; w < 3; w++) {
			unsigned bits = widths[w], regs = gic_regs(lines, bits);
			unsigned last = lines - 1;

			assert_true(last * bits / 32 < regs);		/* the last one is in */
			assert_true((regs - 1) * 32 < lines * bits);	/* none beyond it */
		}
	}
}

static void a_full_gic_needs_the_partly_used_last_registers(void **state)
{
	(void)state;
	assert_int_equal(gic_regs(1020, 1), 32);	/* not 1020 / 32 = 31 */
	assert_int_equal(gic_regs(1020, 2), 64);	/* not 1020 / 16 = 63 */
	assert_int_equal(gic_regs(1020, 8), 255);
	assert_int_equal(gic_regs(96, 1), 3);
	assert_int_equal(gic_regs(96, 2), 6);
	assert_int_equal(gic_icfgr_reg(1019), 63);
	assert_int_equal(gic_icfgr_edge_bit(1019), 2u << 22);
	assert_int_equal(gic_icfgr_edge_bit(40), 2u << 16);
}

/* SGI to self: CPU 0 of cluster 0, and a CPU whose Aff0 needs the range
 * selector (Aff0 >= 16). */
static void an_sgi_targets_exactly_this_cpu(void **state)
{
	(void)state;
	assert_int_equal(gicv3_sgi1r(0, 1), (1ull << 24) | 1);
	assert_int_equal(gicv3_sgi1r(0x030201, 15), (3ull << 32) | (2ull << 16) | (15ull << 24) | (1u << 1));
	assert_int_equal(gicv3_sgi1r(0x000011, 0), (1ull << 44) | (1u << 1));	/* Aff0 17 */
	/* each range of 16 starts at bit 0: Aff0 16 and 32 */
	assert_int_equal(gicv3_sgi1r(0x000010, 3), (1ull << 44) | (3ull << 24) | 1);
	assert_int_equal(gicv3_sgi1r(0x000020, 3), (2ull << 44) | (3ull << 24) | 1);
}

/* A fake redistributor region: one GICR_TYPER per frame, read in order. */
struct fake_gicr {
	const uint64_t *typer;	/* by frame offset / 128 KiB */
	unsigned reads;
};

static uint64_t fake_read_typer(uint32_t off, void *ctx)
{
	struct fake_gicr *f = ctx;

	f->reads++;
	return f->typer[off / GICR_FRAME];
}

#define TYPER(aff, flags)	(((uint64_t)(aff) << 32) | (flags))

static void the_redistributor_is_found_by_affinity(void **state)
{
	/* four CPUs 0.0.0-0.0.3; the last frame marked Last */
	static const uint64_t four[] = { TYPER(0, 0), TYPER(1, 0), TYPER(2, 0),
					 TYPER(3, GICR_TYPER_LAST), TYPER(4, 0) };
	/* GICv4: 256 KiB frames (VLPIS): the second redistributor is 2 slots on */
	static const uint64_t v4[] = { TYPER(0x100, GICR_TYPER_VLPIS), TYPER(0xdead, 0),
				       TYPER(0x101, GICR_TYPER_VLPIS | GICR_TYPER_LAST) };
	struct fake_gicr f = { four, 0 };

	(void)state;
	assert_int_equal(gicv3_find_redistributor(fake_read_typer, &f, 0xf60000, 0), 0);
	assert_int_equal(gicv3_find_redistributor(fake_read_typer, &f, 0xf60000, 2), 2 * GICR_FRAME);
	f.reads = 0;
	/* no match: stops at Last, never reads past it */
	assert_int_equal(gicv3_find_redistributor(fake_read_typer, &f, 0xf60000, 4), -1);
	assert_int_equal(f.reads, 4);
	/* nor past the region */
	assert_int_equal(gicv3_find_redistributor(fake_read_typer, &f, 2 * GICR_FRAME, 3), -1);
	assert_int_equal(gicv3_find_redistributor(fake_read_typer, &f, GICR_FRAME - 1, 0), -1);
	/* a region of exactly one frame holds that frame */
	assert_int_equal(gicv3_find_redistributor(fake_read_typer, &f, GICR_FRAME, 0), 0);
	f.typer = v4;
	assert_int_equal(gicv3_find_redistributor(fake_read_typer, &f, 0xf60000, 0x101),
			 2 * GICR_FRAME);
}

static void an_unreadable_frame_ends_the_walk(void **state)
{
	static const uint64_t bad[] = { ~0ull, TYPER(0, 0) };
	struct fake_gicr f = { bad, 0 };

	(void)state;
	assert_int_equal(gicv3_find_redistributor(fake_read_typer, &f, 0xf60000, 0), -1);
	assert_int_equal(f.reads, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_come_from_itlinesnumber_capped_at_1020),
		cmocka_unit_test(every_line_is_covered_by_the_register_count),
		cmocka_unit_test(a_full_gic_needs_the_partly_used_last_registers),
		cmocka_unit_test(an_sgi_targets_exactly_this_cpu),
		cmocka_unit_test(the_redistributor_is_found_by_affinity),
		cmocka_unit_test(an_unreadable_frame_ends_the_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
