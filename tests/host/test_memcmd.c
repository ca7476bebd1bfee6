/*
 * Host tests for the memory commands' pure parts: the range policy of
 * crc32/cmp/cp/loady (memcheck.c, against tables built in host buffers),
 * the range arithmetic, and mtest's pattern generator and checker
 * (src/lib/mtest.c) on buffers with injected faults.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "mtest.h"
#include "shell.h"
#include "pt_short.h"

/* ---- range arithmetic --------------------------------------------------------------- */

static void test_overlaps(void **state)
{
	(void)state;
	assert_true(mem_overlaps(0x1000, 0x100, 0x10ff, 1));
	assert_false(mem_overlaps(0x1000, 0x100, 0x1100, 1));
	assert_false(mem_overlaps(0x1100, 1, 0x1000, 0x100));
	assert_true(mem_overlaps(0x10ff, 1, 0x1000, 0x100));
	assert_true(mem_overlaps(0x0, 0x2000, 0x1000, 0x10));	/* contains */
	assert_false(mem_overlaps(0x1000, 0, 0x1000, 0x10));	/* empty */
	/* ranges that end exactly at 4 GiB */
	assert_true(mem_overlaps(0xfffff000, 0x1000, 0xffffffff, 1));
	assert_false(mem_overlaps(0xfffff000, 0x1000, 0x0, 0x1000));
}

static void test_within(void **state)
{
	(void)state;
	assert_true(mem_within(0x1000, 0x1000, 0x1000, 0x1000));
	assert_false(mem_within(0x1000, 0x1001, 0x1000, 0x1000));
	assert_false(mem_within(0xfff, 0x10, 0x1000, 0x1000));
	assert_true(mem_within(0x1ff0, 0x10, 0x1000, 0x1000));
	assert_false(mem_within(0x2000, 1, 0x1000, 0x1000));
	/* an empty range at the end is inside; one past it is not */
	assert_true(mem_within(0x2000, 0, 0x1000, 0x1000));
	assert_false(mem_within(0x2001, 0, 0x1000, 0x1000));
	assert_true(mem_within(0xfffff000, 0x1000, 0xfff00000, 0x100000));
	/* a huge length cannot wrap its way in */
	assert_false(mem_within(0x1800, 0xffffffff, 0x1000, 0x1000));
}

static void test_first_overlap(void **state)
{
	static const struct mem_range r[] = {
		{ "text", 0x40100000, 0x12000 },
		{ "heap", 0x40150000, 0x40000 },
	};

	(void)state;
	assert_ptr_equal(mem_first_overlap(r, 2, 0x40180000, 0x100000), &r[1]);
	assert_ptr_equal(mem_first_overlap(r, 2, 0x400ff000, 0x2000), &r[0]);
	assert_null(mem_first_overlap(r, 2, 0x40190000, 0x100000));
	assert_null(mem_first_overlap(r, 2, 0x40112000, 0x3e000));
}

/* ---- bulk range policy (shell_range_check) ------------------------------------------ */

#define RAM_VA		0x40000000u	/* identity-mapped, Normal, 3 MiB: sections */
#define FW_PA		0x40100000u	/* "the firmware" inside it, 64 KiB */
#define FW_SIZE		0x10000u
#define ALIAS_VA	0x50000000u	/* a page mapping of FW_PA + 0x8000 */
#define DEV_VA		0xf0000000u	/* Device, after a hole at DEV_VA - 4K */
#define HOLE_VA		0x60000000u	/* unmapped */

static struct pgtable mpt;
static uint32_t *mpt_l1;
static void *mpt_pool;
static const struct mem_range fw[] = { { "image", FW_PA, FW_SIZE } };

static int setup_tables(void **state)
{
	const struct pt_attrs rw = { .type = MT_NORMAL, .prot = PROT_R | PROT_W };

	(void)state;
	mpt_l1 = aligned_alloc(PT_L1_SIZE, PT_L1_SIZE);
	mpt_pool = aligned_alloc(PT_L2_SIZE, 4 * PT_L2_SIZE);
	assert_non_null(mpt_l1);
	assert_non_null(mpt_pool);
	assert_int_equal(pt_init(&mpt, &pt_format_armv7s, mpt_l1, 0x40004000u, mpt_pool,
				 0x40008000u, 4), 0);
	assert_int_equal(pt_map(&mpt, RAM_VA, RAM_VA, 3u << 20, rw), 0);
	assert_int_equal(pt_map(&mpt, ALIAS_VA, FW_PA + 0x8000, PAGE_SIZE, rw), 0);
	assert_int_equal(pt_map(&mpt, ALIAS_VA + PAGE_SIZE, 0x40200000u, PAGE_SIZE, rw), 0);
	assert_int_equal(pt_map(&mpt, DEV_VA, 0x09000000u, PAGE_SIZE,
				(struct pt_attrs){ .type = MT_DEVICE, .prot = PROT_R | PROT_W }), 0);
	return 0;
}

static int teardown_tables(void **state)
{
	(void)state;
	free(mpt_l1);
	free(mpt_pool);
	return 0;
}

static int check_range(uint32_t va, uint32_t len, bool write, const char **hit_name)
{
	const char *why = NULL;
	const struct mem_range *hit = (const void *)1;
	int err = shell_range_check(&mpt, va, len, write, fw, ARRAY_SIZE(fw), &why, &hit);

	assert_true(err ? why && why[0] : why == NULL);
	assert_true(err == -EPERM ? hit != NULL : hit == NULL);
	if (hit_name)
		*hit_name = hit ? hit->name : NULL;
	return err;
}

static void test_range_write_into_the_firmware_refused(void **state)
{
	const char *name;

	(void)state;
	assert_int_equal(check_range(FW_PA, 4, true, &name), -EPERM);
	assert_string_equal(name, "image");
	/* a long range whose last byte is the firmware's first */
	assert_int_equal(check_range(RAM_VA, FW_PA - RAM_VA + 1, true, NULL), -EPERM);
	/* starting in its last byte, ending in free RAM two sections on */
	assert_int_equal(check_range(FW_PA + FW_SIZE - 1, 2u << 20, true, NULL), -EPERM);
	/* reading it is fine, so is writing right after it or right before */
	assert_int_equal(check_range(FW_PA, FW_SIZE, false, NULL), 0);
	assert_int_equal(check_range(FW_PA + FW_SIZE, 0x100000, true, NULL), 0);
	assert_int_equal(check_range(RAM_VA, FW_PA - RAM_VA, true, NULL), 0);
}

static void test_range_firmware_through_an_alias_refused(void **state)
{
	(void)state;
	/* judged by the physical page: the alias page maps the firmware */
	assert_int_equal(check_range(ALIAS_VA + 0xff0, 0x10, true, NULL), -EPERM);
	assert_int_equal(check_range(ALIAS_VA + 0xff0, 0x20, true, NULL), -EPERM);
	/* the next alias page maps free RAM */
	assert_int_equal(check_range(ALIAS_VA + PAGE_SIZE, PAGE_SIZE, true, NULL), 0);
}

static void test_range_device_refused_unmapped_allowed(void **state)
{
	(void)state;
	assert_int_equal(check_range(DEV_VA, 4, false, NULL), -EINVAL);
	/* a range from an unmapped hole into device memory */
	assert_int_equal(check_range(DEV_VA - 0x2000, 0x2001, false, NULL), -EINVAL);
	/* unmapped alone is tried (the access shows the fault) */
	assert_int_equal(check_range(HOLE_VA, 0x10000, true, NULL), 0);
	assert_int_equal(check_range(DEV_VA - 0x2000, 0x2000, false, NULL), 0);
	/* empty: nothing to judge */
	assert_int_equal(check_range(DEV_VA, 0, false, NULL), 0);
}

static void test_range_to_4g_ends(void **state)
{
	(void)state;
	/* nothing but Normal RAM and holes: the walk reaches the last,
	 * unmapped, page, whose end is 4 GiB, and must stop there rather than
	 * wrap to page 0 and go round for ever */
	assert_int_equal(pt_unmap(&mpt, DEV_VA, PAGE_SIZE), 0);
	assert_int_equal(check_range(0, 0xffffffffu, false, NULL), 0);
	assert_int_equal(check_range(0x1000, 0xffffefffu, true, NULL), -EPERM);
}

/* ---- mtest patterns ------------------------------------------------------------------ */

#define WORDS	256u
#define BASE	0x40200000u

static void test_walking_patterns(void **state)
{
	struct mtest_gen g;

	(void)state;
	mtest_gen_init(&g, MTEST_WALK_ONES, BASE, 0);
	for (unsigned i = 0; i < 70; i++)
		assert_int_equal(mtest_gen_next(&g), 1u << (i % 32));
	mtest_gen_init(&g, MTEST_WALK_ZEROS, BASE, 0);
	for (unsigned i = 0; i < 70; i++)
		assert_int_equal(mtest_gen_next(&g), ~(1u << (i % 32)));
}

static void test_address_patterns(void **state)
{
	struct mtest_gen g;

	(void)state;
	mtest_gen_init(&g, MTEST_ADDR, BASE, 0);
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(mtest_gen_next(&g), BASE + 4 * i);
	mtest_gen_init(&g, MTEST_NOT_ADDR, BASE, 0);
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(mtest_gen_next(&g), ~(BASE + 4 * i));
}

static void test_random_is_reproducible_per_seed(void **state)
{
	struct mtest_gen a, b, c, z;
	unsigned same = 0, nonzero = 0;

	(void)state;
	mtest_gen_init(&a, MTEST_RANDOM, BASE, 1234);
	mtest_gen_init(&b, MTEST_RANDOM, BASE + 0x1000, 1234);
	mtest_gen_init(&c, MTEST_RANDOM, BASE, 1235);
	mtest_gen_init(&z, MTEST_RANDOM, BASE, 0);
	for (unsigned i = 0; i < 1000; i++) {
		uint32_t va = mtest_gen_next(&a);

		assert_int_equal(va, mtest_gen_next(&b));	/* the seed decides */
		same += va == mtest_gen_next(&c);
		nonzero += mtest_gen_next(&z) != 0;	/* seed 0 is not stuck at 0 */
	}
	assert_int_equal(same, 0);
	assert_int_equal(nonzero, 1000);
	/* xorshift32 from 1: the published first values */
	mtest_gen_init(&a, MTEST_RANDOM, BASE, 1);
	assert_int_equal(mtest_gen_next(&a), 270369u);
	assert_int_equal(mtest_gen_next(&a), 67634689u);
	/* each iteration gets its own seed */
	assert_int_not_equal(mtest_iter_seed(7, 0), mtest_iter_seed(7, 1));
	assert_int_equal(mtest_iter_seed(7, 0), 7);
}

static void test_check_passes_good_memory(void **state)
{
	static uint32_t buf[WORDS];
	struct mtest_gen g;
	struct mtest_fail f;

	(void)state;
	for (unsigned p = 0; p < MTEST_PATTERNS; p++) {
		mtest_gen_init(&g, p, BASE, 99);
		/* in two pieces, as the command runs it */
		mtest_fill(&g, buf, WORDS / 2);
		mtest_fill(&g, buf + WORDS / 2, WORDS / 2);
		mtest_gen_init(&g, p, BASE, 99);
		assert_int_equal(mtest_check(&g, buf, WORDS / 2, &f), 0);
		assert_int_equal(mtest_check(&g, buf + WORDS / 2, WORDS / 2, &f), 0);
		assert_string_not_equal(mtest_pattern_name(p), "?");
	}
}

/* Fill with @p, apply @fault to the buffer, check: the first failure. */
static int run_with_fault(enum mtest_pattern p, void (*fault)(uint32_t *w),
			  struct mtest_fail *f)
{
	static uint32_t buf[WORDS];
	struct mtest_gen g;

	mtest_gen_init(&g, p, BASE, 5);
	mtest_fill(&g, buf, WORDS);
	fault(buf);
	mtest_gen_init(&g, p, BASE, 5);
	return mtest_check(&g, buf, WORDS, f);
}

/* Data bit 5 stuck at 1. */
static void stuck_bit5(uint32_t *w)
{
	for (unsigned i = 0; i < WORDS; i++)
		w[i] |= 1u << 5;
}

/* Address bit 2 (word 1 of every pair) not decoded: a write to the odd
 * word of a pair also lands in the even one, and the later write wins. */
static void alias_a2(uint32_t *w)
{
	for (unsigned i = 0; i < WORDS; i += 2)
		w[i] = w[i + 1];
}

/* One word that holds nothing: reads 0. */
static void dead_word_77(uint32_t *w)
{
	w[77] = 0;
}

static void test_check_reports_first_failure(void **state)
{
	struct mtest_fail f;

	(void)state;
	assert_int_equal(run_with_fault(MTEST_WALK_ONES, stuck_bit5, &f), -EIO);
	assert_int_equal(f.addr, BASE);
	assert_int_equal(f.expected, 1);
	assert_int_equal(f.read, 0x21);
	/* walking zeros sees it at the word whose pattern clears bit 5 */
	assert_int_equal(run_with_fault(MTEST_WALK_ZEROS, stuck_bit5, &f), -EIO);
	assert_int_equal(f.addr, BASE + 5 * 4);
	assert_int_equal(f.expected, ~(1u << 5));
	assert_int_equal(f.read, 0xffffffffu);

	assert_int_equal(run_with_fault(MTEST_ADDR, alias_a2, &f), -EIO);
	assert_int_equal(f.addr, BASE);
	assert_int_equal(f.expected, BASE);
	assert_int_equal(f.read, BASE + 4);

	for (unsigned p = 0; p < MTEST_PATTERNS; p++) {
		assert_int_equal(run_with_fault(p, dead_word_77, &f), -EIO);
		assert_int_equal(f.addr, BASE + 77 * 4);
		assert_int_equal(f.read, 0);
		assert_int_not_equal(f.expected, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_within),
		cmocka_unit_test(test_first_overlap),
		cmocka_unit_test_setup_teardown(test_range_write_into_the_firmware_refused,
						setup_tables, teardown_tables),
		cmocka_unit_test_setup_teardown(test_range_firmware_through_an_alias_refused,
						setup_tables, teardown_tables),
		cmocka_unit_test_setup_teardown(test_range_device_refused_unmapped_allowed,
						setup_tables, teardown_tables),
		cmocka_unit_test_setup_teardown(test_range_to_4g_ends,
						setup_tables, teardown_tables),
		cmocka_unit_test(test_walking_patterns),
		cmocka_unit_test(test_address_patterns),
		cmocka_unit_test(test_random_is_reproducible_per_seed),
		cmocka_unit_test(test_check_passes_good_memory),
		cmocka_unit_test(test_check_reports_first_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
