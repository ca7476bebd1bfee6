/*
 * The boot map (pt_map_spans(), src/mmu/ptspans.c) and the descriptor runs
 * every map writes (fill_run() in src/mmu/pgtable.c: four a turn, then the
 * rest), in every format: ARMv7 short descriptors, ARMv5 and LPAE. Each
 * test reads the descriptors back, through the walker and raw, against the
 * format's own encoders: every page of every span with its address and
 * permissions, every gap between spans unmapped, a whole block as a block,
 * a refused call changing nothing, the table synced whole before the top
 * entry that points at it, and the live counts right (unmapping all of it
 * gives the table back to the pool).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pgtable.h"

#define FAKE_TOP_PA	0x40004000u
#define FAKE_POOL_PA	0x40010000u
#define FAKE_ROOT_PA	0x40020000u
#define POOL		4

#define ATTRS(t, p)	((struct pt_attrs){ .type = (t), .prot = (p) })
#define RW		ATTRS(MT_NORMAL, PROT_R | PROT_W)
#define RO		ATTRS(MT_NORMAL, PROT_R)
#define RX		ATTRS(MT_NORMAL, PROT_R | PROT_X)
#define PG(n)		((uintptr_t)(n) * PAGE_SIZE)

static const struct pt_format *F;	/* the format of the group running */

static struct pgtable pt;
static uint8_t *top, *pool, *root;

/* ---- hooks: every sync, in order, with the top entry of the base slot ---- */

struct sync_ev {
	const void *p;
	size_t bytes;
};
static struct sync_ev evs[32];
static unsigned nev;

static void rec_sync(void *ctx, const void *p, size_t bytes)
{
	(void)ctx;
	if (nev < 32)
		evs[nev++] = (struct sync_ev){ p, bytes };
}

static void rec_inval(void *ctx, uintptr_t va, size_t size, bool cached)
{
	(void)ctx, (void)va, (void)size, (void)cached;
}

static const struct pt_hooks hooks = { .sync = rec_sync, .inval = rec_inval };

static int setup(void **state)
{
	size_t next = pt_next_bytes(F);

	(void)state;
	top = aligned_alloc(PT_TOP_BYTES, PT_TOP_BYTES);
	pool = aligned_alloc(next, POOL * next);
	root = aligned_alloc(64, 64);
	memset(top, 0xAA, PT_TOP_BYTES);
	memset(pool, 0x5A, POOL * next);	/* garbage: taken tables are zeroed */
	if (pt_init(&pt, F, top, FAKE_TOP_PA, pool, FAKE_POOL_PA, POOL))
		return -1;
	if (F->root_entries && pt_set_root(&pt, root, FAKE_ROOT_PA))
		return -1;
	nev = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(top);
	free(pool);
	free(root);
	return 0;
}

static size_t block(void)
{
	return pt_block_size(F);
}

/* A block-aligned base for the spans, as the image's RAM. */
static uintptr_t base(void)
{
	return 0x40000000u;
}

/* va mapped as a page to itself with attrs: by the walker and raw. */
static void assert_page(uintptr_t va, struct pt_attrs a)
{
	struct pt_walk w;
	uint64_t want = F->page(va, a);

	assert_int_equal(pt_walk(&pt, va, &w), 0);
	assert_int_equal(w.level, 2);
	assert_true(w.pa == va);
	assert_true(w.l2.raw == (want & (F->desc_bytes == 8 ? ~0ull : 0xffffffffull)));
	assert_int_equal(w.attrs.type, a.type);
	if (F->has_xn)
		assert_int_equal(w.attrs.prot, a.prot);
}

static void assert_unmapped(uintptr_t va)
{
	struct pt_walk w;

	assert_int_equal(pt_walk(&pt, va, &w), -ENOENT);
}

/* ---- snapshots: a refused call changes nothing ---- */

static uint8_t snap_top[PT_TOP_BYTES], snap_pool[POOL * 4096];
static struct pgtable snap_pt;

static void snap_take(void)
{
	memcpy(snap_top, top, PT_TOP_BYTES);
	memcpy(snap_pool, pool, POOL * pt_next_bytes(F));
	snap_pt = pt;
}

static void snap_check(void)
{
	assert_memory_equal(snap_top, top, PT_TOP_BYTES);
	assert_memory_equal(snap_pool, pool, POOL * pt_next_bytes(F));
	assert_memory_equal(&snap_pt, &pt, sizeof(snap_pt));
}

#define REFUSED(sp, err) do {							\
		snap_take();							\
		assert_int_equal(pt_map_spans(&pt, sp, ARRAY_SIZE(sp)), (err));	\
		snap_check();							\
	} while (0)

/* ---- tests ---- */

/*
 * An image-like layout inside one block: text, rodata, data, stacks below
 * guard pages, a gap before the tables, tables and heap. Runs of 3, 2, 5,
 * 1, 6 and 9 pages (not all multiples of four: both halves of the fill).
 */
static void test_image_layout_reads_back(void **state)
{
	uintptr_t b = base();
	const struct pt_span sp[] = {
		{ b + PG(1), b + PG(4), RX },		/* page 0 stays out: NULL-like */
		{ b + PG(4), b + PG(6), RO },
		{ b + PG(6), b + PG(11), RW },
		{ b + PG(12), b + PG(13), RW },		/* a stack above a guard */
		{ b + PG(14), b + PG(20), RW },
		{ b + PG(23), b + PG(32), RW },		/* after a 3-page gap */
	};

	(void)state;
	assert_int_equal(pt_map_spans(&pt, sp, ARRAY_SIZE(sp)), 0);
	assert_int_equal(pt.l2_in_use, 1);	/* one table for the whole image */
	for (unsigned p = 0; p < 40; p++) {
		uintptr_t va = b + PG(p);
		const struct pt_span *s = NULL;

		for (size_t i = 0; i < ARRAY_SIZE(sp); i++)
			if (va >= sp[i].start && va < sp[i].end)
				s = &sp[i];
		if (s)
			assert_page(va, s->attrs);
		else
			assert_unmapped(va);
	}
}

/* Every page counted live: unmapping all the spans leaves the table with
 * no valid entry, so it goes back to the pool. */
static void test_live_counts_return_the_table(void **state)
{
	uintptr_t b = base();
	const struct pt_span sp[] = {
		{ b + PG(0), b + PG(5), RX },
		{ b + PG(6), b + PG(9), RW },
		{ b + PG(10), b + PG(17), RW },
	};

	(void)state;
	assert_int_equal(pt_map_spans(&pt, sp, ARRAY_SIZE(sp)), 0);
	assert_int_equal(pt_unmap(&pt, b, PG(10)), 0);
	assert_int_equal(pt.l2_in_use, 1);
	assert_int_equal(pt_unmap(&pt, b + PG(10), PG(7)), 0);
	assert_int_equal(pt.l2_in_use, 0);
}

/* A span over a whole aligned block gets a block; its head and tail in the
 * slots around it get pages, each slot its own table. */
static void test_whole_block_is_a_block(void **state)
{
	uintptr_t b = base() + block();
	const struct pt_span sp[] = {
		{ b - PG(2), b + block() + PG(3), RW },
	};
	struct pt_walk w;

	(void)state;
	assert_int_equal(pt_map_spans(&pt, sp, ARRAY_SIZE(sp)), 0);
	assert_int_equal(pt.l2_in_use, 2);
	assert_int_equal(pt_walk(&pt, b + 0x1234, &w), 0);
	assert_int_equal(w.level, 1);
	assert_true(w.l1.raw == F->section(b, RW));
	assert_page(b - PG(2), RW);
	assert_page(b - PG(1), RW);
	assert_page(b + block(), RW);
	assert_page(b + block() + PG(2), RW);
	assert_unmapped(b - PG(3));
	assert_unmapped(b + block() + PG(3));
}

/* The table is synced whole before the top entry that points at it is
 * written and synced (B3.10.1). */
static void test_table_synced_before_its_pointer(void **state)
{
	uintptr_t b = base();
	const struct pt_span sp[] = { { b, b + PG(6), RW }, { b + PG(8), b + PG(9), RO } };
	const uint8_t *slot = top + (b >> F->block_shift) * F->desc_bytes;

	(void)state;
	pt.hooks = &hooks;
	assert_int_equal(pt_map_spans(&pt, sp, ARRAY_SIZE(sp)), 0);
	assert_int_equal(nev, 2);
	assert_true(evs[0].p == (const void *)pool);
	assert_int_equal(evs[0].bytes, pt_next_bytes(F));
	assert_true(evs[1].p == (const void *)slot);
	assert_int_equal(evs[1].bytes, F->desc_bytes);
}

static void test_refused_calls_change_nothing(void **state)
{
	uintptr_t b = base();
	const struct pt_span unsorted[] = { { b + PG(4), b + PG(5), RW }, { b, b + PG(1), RW } };
	const struct pt_span overlap[] = { { b, b + PG(4), RW }, { b + PG(3), b + PG(5), RW } };
	const struct pt_span unaligned[] = { { b, b + 0x800, RW } };
	const struct pt_span empty[] = { { b, b, RW } };
	const struct pt_span inverted[] = { { b + PG(2), b, RW } };
	const struct pt_span wx[] = { { b, b + PG(1), RO },
				      { b + PG(1), b + PG(2), ATTRS(MT_NORMAL, PROT_R | PROT_W | PROT_X) } };
	const struct pt_span notype[] = { { b, b + PG(1), ATTRS(MT_NONE, PROT_R) } };
	const struct pt_span too_many[] = {	/* five slots of pages, four tables */
		{ b, b + PG(1), RW }, { b + block(), b + block() + PG(1), RW },
		{ b + 2 * block(), b + 2 * block() + PG(1), RW },
		{ b + 3 * block(), b + 3 * block() + PG(1), RW },
		{ b + 4 * block(), b + 4 * block() + PG(1), RW },
	};
	const struct pt_span mapped[] = { { b + block(), b + block() + PG(1), RW } };

	(void)state;
	REFUSED(unsorted, -EINVAL);
	REFUSED(overlap, -EINVAL);
	REFUSED(unaligned, -EINVAL);
	REFUSED(empty, -EINVAL);
	REFUSED(inverted, -EINVAL);
	REFUSED(wx, -EPERM);
	REFUSED(notype, -EINVAL);
	REFUSED(too_many, -ENOMEM);
	/* a top-level entry already in use: a block there, then a table */
	assert_int_equal(pt_map(&pt, b + block(), b + block(), block(), RW), 0);
	REFUSED(mapped, -EEXIST);
	assert_int_equal(pt_unmap(&pt, b + block(), block()), 0);
	assert_int_equal(pt_map(&pt, b + block() + PG(9), b + block() + PG(9), PG(1), RW), 0);
	REFUSED(mapped, -EEXIST);
}

/* Runs of every length from 1 to 9 pages through pt_map() (the same fill
 * as the boot map): each page its own output address, stepped from one
 * encoding. */
static void test_runs_of_every_length(void **state)
{
	(void)state;
	for (unsigned n = 1; n <= 9; n++) {
		uintptr_t va = base() + PG(16 * n);

		assert_int_equal(pt_map(&pt, va, va, PG(n), RO), 0);
		for (unsigned p = 0; p < n; p++)
			assert_page(va + PG(p), RO);
		assert_unmapped(va + PG(n));
	}
}

/* LPAE: a run of pages whose output addresses cross 4 GiB carries into the
 * descriptor's upper word (40-bit addresses). */
static void test_run_crosses_4g_output(void **state)
{
	uintptr_t va = base();
	phys_addr_t pa = 0x100000000ull - PG(6);
	struct pt_walk w;

	(void)state;
	assert_int_equal(pt_map(&pt, va, pa, PG(9), RW), 0);
	for (unsigned p = 0; p < 9; p++) {
		assert_int_equal(pt_walk(&pt, va + PG(p), &w), 0);
		assert_true(w.pa == pa + PG(p));
		assert_true(w.l2.raw == F->page(pa + PG(p), RW));
	}
}

#define CASES							\
	{							\
		cmocka_unit_test_setup_teardown(test_image_layout_reads_back, setup, teardown), \
		cmocka_unit_test_setup_teardown(test_live_counts_return_the_table, setup, teardown), \
		cmocka_unit_test_setup_teardown(test_whole_block_is_a_block, setup, teardown), \
		cmocka_unit_test_setup_teardown(test_table_synced_before_its_pointer, setup, teardown), \
		cmocka_unit_test_setup_teardown(test_refused_calls_change_nothing, setup, teardown), \
		cmocka_unit_test_setup_teardown(test_runs_of_every_length, setup, teardown), \
	}

int main(void)
{
	static const struct CMUnitTest common[] = CASES;
	static const struct CMUnitTest lpae_only[] = {
		cmocka_unit_test_setup_teardown(test_run_crosses_4g_output, setup, teardown),
	};
	int failed;

	F = &pt_format_armv7s;
	failed = cmocka_run_group_tests_name("armv7 short", common, NULL, NULL);
	F = &pt_format_armv5;
	failed |= cmocka_run_group_tests_name("armv5", common, NULL, NULL);
	F = &pt_format_lpae;
	failed |= cmocka_run_group_tests_name("lpae", common, NULL, NULL);
	return failed | cmocka_run_group_tests_name("lpae 40-bit", lpae_only, NULL, NULL);
}
