/* Host tests: how many GIC distributor registers cover the implemented
 * interrupts (src/lib/gic_layout.c). */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_come_from_itlinesnumber_capped_at_1020),
		cmocka_unit_test(every_line_is_covered_by_the_register_count),
		cmocka_unit_test(a_full_gic_needs_the_partly_used_last_registers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
