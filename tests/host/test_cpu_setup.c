/* Reset-path decisions from ID registers (src/lib/cpu_setup.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "cpu_setup.h"

#define A15_MIDR	0x414fc0f0u	/* QEMU's Cortex-A15 */
#define A9_MIDR		0x410fc090u
#define A7_MIDR		0x410fc075u
#define A8_MIDR		0x413fc082u	/* uniprocessor core: no SMP bit */
#define ARM926_MIDR	0x41069265u
#define MPIDR_SMP	0x80000000u	/* M = 1, U = 0, CPU 0 */
#define MPIDR_UP	0xc0000000u	/* M = 1, U = 1 */

static void smp_bit_set_on_listed_cores_in_an_mp_system(void **state)
{
	/* Every core Linux's proc-v7.S sets ACTLR.SMP for, by its MIDR part
	 * number (bits [15:4]): A5 0xc05, A7 0xc07, A9 0xc09, A12 0xc0d,
	 * A15 0xc0f, A17 0xc0e. */
	static const uint32_t parts[] = { 0xc05, 0xc07, 0xc09, 0xc0d, 0xc0f, 0xc0e };

	(void)state;
	assert_true(actlr_smp_needed(A15_MIDR, MPIDR_SMP, 0));
	assert_true(actlr_smp_needed(A9_MIDR, MPIDR_SMP, 0));
	assert_true(actlr_smp_needed(A7_MIDR, MPIDR_SMP | 3, 0));
	for (unsigned i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		assert_true(actlr_smp_needed(0x410f0000u | parts[i] << 4, MPIDR_SMP, 0));
}

static void never_written_when_already_set(void **state)
{
	(void)state;
	assert_false(actlr_smp_needed(A15_MIDR, MPIDR_SMP, ACTLR_SMP));
	assert_false(actlr_smp_needed(A9_MIDR, MPIDR_SMP, ACTLR_SMP | 1));
}

static void not_on_uniprocessors_or_old_mpidr_format(void **state)
{
	(void)state;
	assert_false(actlr_smp_needed(A15_MIDR, MPIDR_UP, 0));
	assert_false(actlr_smp_needed(A15_MIDR, 0, 0));	/* no MP extensions format */
}

static void not_on_other_cores(void **state)
{
	(void)state;
	assert_false(actlr_smp_needed(A8_MIDR, MPIDR_SMP, 0));
	assert_false(actlr_smp_needed(ARM926_MIDR, 0, 0));
	assert_false(actlr_smp_needed(0x510fc0f0u, MPIDR_SMP, 0));	/* not ARM's */
}

static void dcache_invalid_at_reset_on_a7_a12_a15_a17_only(void **state)
{
	(void)state;
	assert_true(dcache_invalid_at_reset(A15_MIDR));
	assert_true(dcache_invalid_at_reset(A7_MIDR));
	assert_true(dcache_invalid_at_reset(0x410fc0d0u));	/* Cortex-A12 */
	assert_true(dcache_invalid_at_reset(0x410fc0e0u));	/* Cortex-A17 */
	/* The A9's L1 comes out of reset UNKNOWN; A5, A8 and the ARM926
	 * are not listed either; nor a core that is not ARM's. */
	assert_false(dcache_invalid_at_reset(A9_MIDR));
	assert_false(dcache_invalid_at_reset(0x410fc050u));	/* Cortex-A5 */
	assert_false(dcache_invalid_at_reset(A8_MIDR));
	assert_false(dcache_invalid_at_reset(ARM926_MIDR));
	assert_false(dcache_invalid_at_reset(0x510fc0f0u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(smp_bit_set_on_listed_cores_in_an_mp_system),
		cmocka_unit_test(never_written_when_already_set),
		cmocka_unit_test(not_on_uniprocessors_or_old_mpidr_format),
		cmocka_unit_test(not_on_other_cores),
		cmocka_unit_test(dcache_invalid_at_reset_on_a7_a12_a15_a17_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
