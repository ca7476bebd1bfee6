/*
 * Host unit tests for the physical memory policy (src/mmu/ptpolicy.c): a new
 * or changed mapping is checked against every other live mapping of the
 * same physical pages (ARM ARM A3.5.7 mismatched attributes; W^X per page).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pgtable.h"
#include "pt_short.h"

#define MiB		0x00100000u
#define ATTRS(t, p)	((struct pt_attrs){ .type = (t), .prot = (p) })
#define RW		(PROT_R | PROT_W)
#define RX		(PROT_R | PROT_X)
#define NORMAL_RW	ATTRS(MT_NORMAL, RW)
#define NORMAL_R	ATTRS(MT_NORMAL, PROT_R)
#define NORMAL_RX	ATTRS(MT_NORMAL, RX)
#define DEVICE_RW	ATTRS(MT_DEVICE, RW)

struct fix {
	struct pgtable pt;
	uint32_t *l1;
	void *pool;
};

static int setup_fmt(void **state, const struct pt_format *fmt)
{
	struct fix *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->l1 = aligned_alloc(PT_L1_SIZE, PT_L1_SIZE);
	f->pool = aligned_alloc(PT_L2_SIZE, 8 * PT_L2_SIZE);
	if (!f->l1 || !f->pool ||
	    pt_init(&f->pt, fmt, f->l1, 0x40004000u, f->pool, 0x40010000u, 8))
		return -1;
	/* A firmware-like layout: text RX and data RW in pages, RAM in a
	 * section, one device page in the I/O window. */
	if (pt_map(&f->pt, 0x40010000u, 0x40010000u, 0x4000, NORMAL_RX) ||
	    pt_map(&f->pt, 0x40014000u, 0x40014000u, 0x4000, NORMAL_RW) ||
	    pt_map(&f->pt, 0x40100000u, 0x40100000u, MiB, NORMAL_RW) ||
	    pt_map(&f->pt, 0xf0000000u, 0x09000000u, 0x1000, DEVICE_RW))
		return -1;
	*state = f;
	return 0;
}

static int setup_v7(void **state) { return setup_fmt(state, &pt_format_armv7s); }
static int setup_v5(void **state) { return setup_fmt(state, &pt_format_armv5); }

static int teardown(void **state)
{
	struct fix *f = *state;

	free(f->l1);
	free(f->pool);
	free(f);
	return 0;
}

/* A new mapping: no VA range to skip. */
static int check_new(struct fix *f, uint32_t pa, size_t size, struct pt_attrs a)
{
	return pt_alias_check(&f->pt, pa, size, a, 0, 0);
}

static void test_same_type_aliases_are_fine(void **state)
{
	struct fix *f = *state;

	assert_int_equal(check_new(f, 0x40100000u, 0x1000, NORMAL_RW), 0);
	assert_int_equal(check_new(f, 0x40010000u, 0x1000, NORMAL_R), 0);	/* r-- alias of text */
	assert_int_equal(check_new(f, 0x09000000u, 0x1000, DEVICE_RW), 0);
	/* nothing maps these pages at all */
	assert_int_equal(check_new(f, 0x0a000000u, 0x1000, NORMAL_RX), 0);
	assert_int_equal(check_new(f, 0xfffff000u, 0x1000, DEVICE_RW), 0);
}

static void test_type_mismatch_is_busy(void **state)
{
	struct fix *f = *state;

	/* a Device alias of RAM, first and last page of the section */
	assert_int_equal(check_new(f, 0x40100000u, 0x1000, DEVICE_RW), -EBUSY);
	assert_int_equal(check_new(f, 0x401ff000u, 0x1000, DEVICE_RW), -EBUSY);
	/* a range that only reaches into it */
	assert_int_equal(check_new(f, 0x400ff000u, 0x2000, ATTRS(MT_NORMAL_NC, RW)), -EBUSY);
	assert_int_equal(check_new(f, 0x400ff000u, 0x1000, ATTRS(MT_NORMAL_NC, RW)), 0);
	/* a Normal alias of an ioremapped device */
	assert_int_equal(check_new(f, 0x09000000u, 0x1000, NORMAL_RW), -EBUSY);
	assert_int_equal(check_new(f, 0x09000000u, 0x1000, ATTRS(MT_STRONGLY_ORDERED, RW)), -EBUSY);
	/* a range ending exactly at 4 GiB that covers RAM: no overflow */
	assert_int_equal(check_new(f, 0x40000000u, 0xc0000000u, DEVICE_RW), -EBUSY);
}

static void test_wx_is_physical(void **state)
{
	struct fix *f = *state;

	assert_int_equal(check_new(f, 0x40012000u, 0x1000, NORMAL_RW), -EPERM);	/* text, writable */
	assert_int_equal(check_new(f, 0x40014000u, 0x1000, NORMAL_RX), -EPERM);	/* data, executable */
	assert_int_equal(check_new(f, 0x40100000u, 0x1000, NORMAL_RX), -EPERM);
	assert_int_equal(check_new(f, 0x40013000u, 0x2000, NORMAL_RX), -EPERM);	/* straddles */
	assert_int_equal(check_new(f, 0x40010000u, 0x4000, NORMAL_RX), 0);
}

/* Without execute-never (ARMv5) every mapping decodes executable: the
 * cross-alias W^X rule cannot be told from the tables and is not applied;
 * the type rule still is. */
static void test_v5_checks_types_only(void **state)
{
	struct fix *f = *state;

	assert_int_equal(check_new(f, 0x40100000u, 0x1000, NORMAL_RW), 0);
	assert_int_equal(check_new(f, 0x40012000u, 0x1000, NORMAL_RW), 0);
	assert_int_equal(check_new(f, 0x40100000u, 0x1000, DEVICE_RW), -EBUSY);
}

static void test_skip_range_is_not_its_own_alias(void **state)
{
	struct fix *f = *state;

	/* retyping the RAM section itself: it is the only mapping */
	assert_int_equal(pt_alias_check(&f->pt, 0x40100000u, MiB, DEVICE_RW, 0x40100000u, MiB), 0);
	/* skipping only half of it leaves the other half as an alias */
	assert_int_equal(pt_alias_check(&f->pt, 0x40100000u, MiB, DEVICE_RW, 0x40100000u, MiB / 2),
			 -EBUSY);
	assert_int_equal(pt_alias_check(&f->pt, 0x40100000u, MiB / 2, DEVICE_RW, 0x40180000u, MiB / 2),
			 -EBUSY);
	assert_int_equal(pt_alias_check(&f->pt, 0x40100000u, MiB / 2, DEVICE_RW, 0x40100000u, MiB / 2),
			 0);
}

static void test_protect_checks_every_page_it_maps(void **state)
{
	struct fix *f = *state;

	/* an alias of the middle of the RAM section, at another VA */
	assert_int_equal(pt_map(&f->pt, 0x30000000u, 0x40140000u, 0x2000, NORMAL_RW), 0);
	assert_int_equal(pt_protect_alias_check(&f->pt, 0x30000000u, 0x2000, DEVICE_RW), -EBUSY);
	assert_int_equal(pt_protect_alias_check(&f->pt, 0x30000000u, 0x2000, NORMAL_R), 0);
	/* the section may not turn executable while the alias is writable */
	assert_int_equal(pt_protect_alias_check(&f->pt, 0x40100000u, MiB, NORMAL_RX), -EPERM);
	/* with the alias gone, the section is its only mapping */
	assert_int_equal(pt_unmap(&f->pt, 0x30000000u, 0x2000), 0);
	assert_int_equal(pt_protect_alias_check(&f->pt, 0x40100000u, MiB, DEVICE_RW), 0);
	/* text and data are different pages: neither is the other's alias */
	assert_int_equal(pt_protect_alias_check(&f->pt, 0x40014000u, 0x4000, NORMAL_RX), 0);
	/* an ioremapped page retyped: its only mapping, so the policy is the
	 * window's owner's business (mmu.c refuses it by VA) */
	assert_int_equal(pt_protect_alias_check(&f->pt, 0xf0000000u, 0x1000, NORMAL_RW), 0);
}

/*
 * Only the pages the range maps are checked: a mapping that ends exactly
 * where the range starts contributes nothing, not even the physical address
 * just past its end (here inside the RAM section, whose type differs).
 */
static void test_protect_ignores_the_mapping_ending_where_it_starts(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x30000000u, 0x40140000u, 0x1000, NORMAL_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0x30001000u, 0x50000000u, 0x1000, NORMAL_RW), 0);
	assert_int_equal(pt_protect_alias_check(&f->pt, 0x30001000u, 0x1000, DEVICE_RW), 0);
	/* the neighbour itself is still checked when the range covers it */
	assert_int_equal(pt_protect_alias_check(&f->pt, 0x30000000u, 0x2000, DEVICE_RW), -EBUSY);
}

#define T(fn, s)	cmocka_unit_test_setup_teardown(fn, s, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_same_type_aliases_are_fine, setup_v7),
		T(test_type_mismatch_is_busy, setup_v7),
		T(test_wx_is_physical, setup_v7),
		T(test_v5_checks_types_only, setup_v5),
		T(test_skip_range_is_not_its_own_alias, setup_v7),
		T(test_protect_checks_every_page_it_maps, setup_v7),
		T(test_protect_ignores_the_mapping_ending_where_it_starts, setup_v7),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
