/*
 * The table builder (src/mmu/pgtable.c, ptwalk.c, ptpolicy.c) run against
 * every ARMv7 format: short descriptors (1 MiB sections, 4-byte entries) and
 * long descriptors (LPAE: 2 MiB blocks, 8-byte entries, a root table). Each
 * test reads the geometry from the format and checks behaviour through the
 * format's own encoders and decoders and through the raw tables: blocks
 * where alignment allows, pages elsewhere, refused calls that change
 * nothing, break-before-make order, W^X and one memory type per page, and
 * 40-bit output addresses where the format has them. (The raw bit values of
 * each format are in test_pgtable.c, test_fmt_armv5.c and test_fmt_lpae.c.)
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
#define NORMAL_RW	ATTRS(MT_NORMAL, PROT_R | PROT_W)
#define NORMAL_R	ATTRS(MT_NORMAL, PROT_R)
#define NORMAL_RX	ATTRS(MT_NORMAL, PROT_R | PROT_X)
#define DEVICE_RW	ATTRS(MT_DEVICE, PROT_R | PROT_W)

static const struct pt_format *F;	/* the format of the group running */

struct fix {
	struct pgtable pt;
	uint8_t *top, *pool, *root;
};

static struct fix fx;

/* ---- recording hooks: what break-before-make did, in order ---- */

enum { EV_SYNC = 1, EV_INVAL, EV_FLUSH };
struct ev {
	int kind;
	const void *p;
	size_t bytes;
	uint64_t watched;	/* the watched entry at that moment */
	uintptr_t va;
	size_t size;
};
static struct ev evs[64];
static unsigned nev;
static const void *watch;

static uint64_t watched_now(void)
{
	return watch ? pt_entry(&fx.pt, watch, 0) : 0;
}

static void rec(int kind, const void *p, size_t bytes, uintptr_t va, size_t size)
{
	if (nev < 64)
		evs[nev++] = (struct ev){ kind, p, bytes, watched_now(), va, size };
}

static void rec_sync(void *ctx, const void *p, size_t bytes)
{
	(void)ctx;
	rec(EV_SYNC, p, bytes, 0, 0);
}

static void rec_inval(void *ctx, uintptr_t va, size_t size, bool cached)
{
	(void)ctx, (void)cached;
	rec(EV_INVAL, NULL, 0, va, size);
}

static void rec_flush(void *ctx, uintptr_t va, size_t size)
{
	(void)ctx;
	rec(EV_FLUSH, NULL, 0, va, size);
}

static const struct pt_hooks hooks = { .sync = rec_sync, .inval = rec_inval, .flush = rec_flush };

static size_t block(void)
{
	return pt_block_size(F);
}

/* The top-table entry covering va, and a pointer to it. */
static const void *top_slot(uintptr_t va)
{
	return fx.top + ((uint32_t)va >> F->block_shift) * F->desc_bytes;
}

static uint64_t top_entry(uintptr_t va)
{
	return pt_entry(&fx.pt, top_slot(va), 0);
}

static int setup(void **state)
{
	size_t next = pt_next_bytes(F);

	(void)state;
	fx.top = aligned_alloc(PT_TOP_BYTES, PT_TOP_BYTES);
	fx.pool = aligned_alloc(next, POOL * next);
	fx.root = aligned_alloc(64, 64);
	memset(fx.top, 0xAA, PT_TOP_BYTES);
	memset(fx.pool, 0x5A, POOL * next);
	if (pt_init(&fx.pt, F, fx.top, FAKE_TOP_PA, fx.pool, FAKE_POOL_PA, POOL))
		return -1;
	if (F->root_entries && pt_set_root(&fx.pt, fx.root, FAKE_ROOT_PA))
		return -1;
	nev = 0;
	watch = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(fx.top);
	free(fx.pool);
	free(fx.root);
	return 0;
}

/* ---- snapshots: a refused call changes nothing ---- */

static uint8_t snap_top[PT_TOP_BYTES], snap_pool[POOL * 4096];
static struct pgtable snap_pt;

static void snap_take(void)
{
	memcpy(snap_top, fx.top, PT_TOP_BYTES);
	memcpy(snap_pool, fx.pool, POOL * pt_next_bytes(F));
	snap_pt = fx.pt;
}

static void snap_check(void)
{
	assert_memory_equal(snap_top, fx.top, PT_TOP_BYTES);
	assert_memory_equal(snap_pool, fx.pool, POOL * pt_next_bytes(F));
	assert_memory_equal(&snap_pt, &fx.pt, sizeof(snap_pt));
}

#define REFUSED(call, err) do { snap_take(); assert_int_equal((call), (err)); snap_check(); } while (0)

/* ---- tests ---- */

static void test_init_zeroes_and_roots(void **state)
{
	struct pt_usage u;

	(void)state;
	for (unsigned i = 0; i < F->top_entries; i++)
		assert_true(pt_entry(&fx.pt, fx.top, i) == 0);
	pt_usage(&fx.pt, &u);
	assert_int_equal(u.top, PT_TOP_BYTES);
	assert_int_equal(u.next, 0);
	assert_int_equal(u.root, (size_t)F->root_entries * F->desc_bytes);
	assert_true(pt_base_pa(&fx.pt) == (F->root_entries ? FAKE_ROOT_PA : FAKE_TOP_PA));
	/* each root entry points at its quarter of the top table */
	for (unsigned i = 0; i < F->root_entries; i++) {
		struct pte_info e;

		F->decode_l1(pt_entry(&fx.pt, fx.root, i), &e);
		assert_int_equal(e.kind, PTE_TABLE);
		assert_true(e.pa == FAKE_TOP_PA + i * (PT_TOP_BYTES / F->root_entries));
	}
	if (!F->root_entries)
		assert_int_equal(pt_set_root(&fx.pt, fx.root, FAKE_ROOT_PA), -EINVAL);
}

static void test_aligned_range_gets_blocks(void **state)
{
	uintptr_t va = 0x40000000;
	struct pt_walk w;

	(void)state;
	assert_int_equal(pt_map(&fx.pt, va, va, 2 * block(), NORMAL_RW), 0);
	assert_int_equal(fx.pt.l2_in_use, 0);
	for (unsigned k = 0; k < 2; k++) {
		uint64_t d = top_entry(va + k * block());

		assert_true(d == F->section(va + k * block(), NORMAL_RW));
	}
	assert_int_equal(pt_walk(&fx.pt, va + block() + 0x1234, &w), 0);
	assert_int_equal(w.level, 1);
	assert_true(w.pa == va + block() + 0x1234);
	assert_int_equal(w.attrs.prot, PROT_R | PROT_W);
	/* the next block is untouched */
	assert_true(top_entry(va + 2 * block()) == 0);
}

static void test_unaligned_range_gets_pages(void **state)
{
	uintptr_t va = 0x40000000 + block() - 2 * PAGE_SIZE;
	struct pt_walk w;

	(void)state;
	/* two pages at the end of one block, one at the start of the next */
	assert_int_equal(pt_map(&fx.pt, va, 0x50000000, 3 * PAGE_SIZE, DEVICE_RW), 0);
	assert_int_equal(fx.pt.l2_in_use, 2);
	assert_int_equal(pt_bytes_in_use(&fx.pt),
			 (size_t)F->root_entries * F->desc_bytes + PT_TOP_BYTES + 2 * pt_next_bytes(F));
	for (unsigned k = 0; k < 3; k++) {
		assert_int_equal(pt_walk(&fx.pt, va + k * PAGE_SIZE + 8, &w), 0);
		assert_int_equal(w.level, 2);
		assert_true(w.pa == 0x50000000 + k * PAGE_SIZE + 8);
		assert_int_equal(w.attrs.type, MT_DEVICE);
		assert_true(w.l2.raw == F->page(0x50000000 + k * PAGE_SIZE, DEVICE_RW));
	}
	assert_int_equal(pt_walk(&fx.pt, va - PAGE_SIZE, &w), -ENOENT);
}

static void test_refusals_change_nothing(void **state)
{
	uintptr_t va = 0x40000000;

	(void)state;
	assert_int_equal(pt_map(&fx.pt, va, va, PAGE_SIZE, NORMAL_RW), 0);
	REFUSED(pt_map(&fx.pt, va + PAGE_SIZE, va, PAGE_SIZE,
		       ATTRS(MT_NORMAL, PROT_R | PROT_W | PROT_X)), -EPERM);		/* W^X */
	REFUSED(pt_map(&fx.pt, va, va, 2 * PAGE_SIZE, NORMAL_RW), -EEXIST);
	REFUSED(pt_map(&fx.pt, va + 0x10, va, PAGE_SIZE, NORMAL_RW), -EINVAL);
	REFUSED(pt_map(&fx.pt, va, va, 0, NORMAL_RW), -EINVAL);
	REFUSED(pt_map(&fx.pt, 0xfffff000, 0, 2 * PAGE_SIZE, NORMAL_RW), -EINVAL);
	REFUSED(pt_map(&fx.pt, va, F->pa_limit - PAGE_SIZE, 2 * PAGE_SIZE, NORMAL_RW), -EINVAL);
	REFUSED(pt_protect(&fx.pt, va, 2 * PAGE_SIZE, NORMAL_R), -ENOENT);
	/* every table taken: a page in one more block is -ENOMEM, and a
	 * range that would need two tables when one is left too */
	for (unsigned k = 1; k < POOL - 1; k++)
		assert_int_equal(pt_map(&fx.pt, va + k * block(), va + k * block(), PAGE_SIZE,
					NORMAL_RW), 0);
	REFUSED(pt_map(&fx.pt, 0x60000000 + block() - PAGE_SIZE, 0x60000000, 2 * PAGE_SIZE,
		       DEVICE_RW), -ENOMEM);
	assert_int_equal(pt_map(&fx.pt, 0x60000000, 0x60000000, PAGE_SIZE, DEVICE_RW), 0);
	REFUSED(pt_map(&fx.pt, 0x70000000, 0x70000000, PAGE_SIZE, DEVICE_RW), -ENOMEM);
}

/* pt_walk() reports the root entry covering va: each GiB quarter of the
 * address space has its own (ARM ARM B3.6, LPAE with T0SZ 0: VA[31:30]
 * select the first-level entry). */
static void test_walk_reports_root_entry(void **state)
{
	(void)state;
	for (unsigned k = 0; k < 4; k++) {
		uintptr_t va = (uintptr_t)k << 30 | 0x12345678u >> 2;
		struct pt_walk w;

		assert_int_equal(pt_walk(&fx.pt, va, &w), -ENOENT);
		if (!F->root_entries) {
			assert_int_equal(w.root.kind, PTE_FAULT);
			continue;
		}
		assert_int_equal(w.root.kind, PTE_TABLE);
		assert_true(w.root.pa == FAKE_TOP_PA + (va >> 30) * (PT_TOP_BYTES / F->root_entries));
	}
}

/* Store a raw descriptor in the top-table entry covering va (host order). */
static void put_top(uintptr_t va, uint64_t desc)
{
	void *slot = fx.top + ((uint32_t)va >> F->block_shift) * F->desc_bytes;
	uint32_t d32 = (uint32_t)desc;

	if (F->desc_bytes == 4)
		memcpy(slot, &d32, 4);
	else
		memcpy(slot, &desc, 8);
}

/*
 * A table descriptor pointing outside the pool (one table past its end or
 * one below it) is a table this code did not build: map,
 * unmap and protect through it refuse with -EINVAL and change nothing.
 */
static void test_foreign_table_refused(void **state)
{
	size_t next = pt_next_bytes(F);
	const uint64_t foreign[] = {
		FAKE_POOL_PA + POOL * next, FAKE_POOL_PA - next,
	};
	uintptr_t va = 0x40000000;

	(void)state;
	for (unsigned i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++) {
		put_top(va, F->table(foreign[i]));
		REFUSED(pt_map(&fx.pt, va, va, PAGE_SIZE, NORMAL_RW), -EINVAL);
		REFUSED(pt_unmap(&fx.pt, va, PAGE_SIZE), -EINVAL);
		REFUSED(pt_protect(&fx.pt, va, PAGE_SIZE, NORMAL_R), -EINVAL);
	}
}

/* Splitting a live block: the table is complete before the break, the
 * top entry is cleared, synced and invalidated before the table entry
 * replaces it (B3.10.1). */
static void test_split_is_break_before_make(void **state)
{
	uintptr_t va = 0x40000000;
	uint64_t old;
	unsigned clear = ~0u, inval = ~0u, make = ~0u;

	(void)state;
	assert_int_equal(pt_map(&fx.pt, va, va, block(), NORMAL_RW), 0);
	old = top_entry(va);
	fx.pt.hooks = &hooks;
	watch = top_slot(va);
	nev = 0;
	assert_int_equal(pt_protect(&fx.pt, va + PAGE_SIZE, PAGE_SIZE, NORMAL_R), 0);
	assert_true(evs[0].kind == EV_SYNC && evs[0].bytes == pt_next_bytes(F));
	assert_true(evs[0].watched == old);	/* built while the block still maps */
	for (unsigned i = 0; i < nev; i++) {
		if (evs[i].kind == EV_SYNC && evs[i].p == watch && evs[i].watched == 0 && clear == ~0u)
			clear = i;
		if (evs[i].kind == EV_INVAL && evs[i].va == va && evs[i].size == block() && inval == ~0u)
			inval = i;
		if (evs[i].kind == EV_SYNC && evs[i].p == watch && evs[i].watched != 0 &&
		    evs[i].watched != old)
			make = i;
		assert_true(evs[i].kind != EV_SYNC || evs[i].bytes % F->desc_bytes == 0);
	}
	assert_true(clear < inval && inval < make);
	assert_int_equal(evs[clear].bytes, F->desc_bytes);
	/* every page of the block still maps what the block did */
	for (unsigned k = 0; k < F->next_entries; k++) {
		struct pt_walk w;

		assert_int_equal(pt_walk(&fx.pt, va + k * PAGE_SIZE, &w), 0);
		assert_true(w.pa == va + k * PAGE_SIZE);
		assert_int_equal(w.attrs.prot, k == 1 ? PROT_R : (PROT_R | PROT_W));
	}
}

/* Retyping a live block: cacheable memory is flushed first, then the break,
 * then the new entry; a change of permissions alone is made in place. */
static void test_retype_block(void **state)
{
	uintptr_t va = 0x40000000;

	(void)state;
	assert_int_equal(pt_map(&fx.pt, va, va, block(), NORMAL_RW), 0);
	fx.pt.hooks = &hooks;
	watch = top_slot(va);
	nev = 0;
	assert_int_equal(pt_protect(&fx.pt, va, block(), ATTRS(MT_NORMAL_NC, PROT_R | PROT_W)), 0);
	assert_true(nev >= 5);
	assert_true(evs[0].kind == EV_FLUSH && evs[0].size == block());
	assert_true(evs[1].kind == EV_SYNC && evs[1].watched == 0);
	assert_true(evs[2].kind == EV_INVAL && evs[2].va == va);
	assert_true(evs[3].kind == EV_SYNC &&
		    evs[3].watched == F->section(va, ATTRS(MT_NORMAL_NC, PROT_R | PROT_W)));
	assert_true(evs[4].kind == EV_FLUSH);	/* again, through the new mapping */
	nev = 0;
	assert_int_equal(pt_protect(&fx.pt, va, block(), ATTRS(MT_NORMAL_NC, PROT_R)), 0);
	assert_true(evs[0].kind == EV_SYNC && evs[0].watched != 0);	/* no break */
	assert_true(evs[1].kind == EV_INVAL);
}

static void test_unmap_releases_tables(void **state)
{
	uintptr_t va = 0x40000000;
	struct pt_walk w;

	(void)state;
	assert_int_equal(pt_map(&fx.pt, va, va, 2 * block(), NORMAL_RW), 0);
	assert_int_equal(pt_unmap(&fx.pt, va + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(fx.pt.l2_in_use, 1);
	assert_int_equal(pt_walk(&fx.pt, va + PAGE_SIZE, &w), -ENOENT);
	assert_int_equal(pt_walk(&fx.pt, va, &w), 0);
	assert_int_equal(pt_unmap(&fx.pt, va, 2 * block()), 0);
	assert_int_equal(fx.pt.l2_in_use, 0);
	for (unsigned i = 0; i < F->top_entries; i++)
		assert_true(pt_entry(&fx.pt, fx.top, i) == 0);
	/* a released table is all zero: it is not zeroed again when taken */
	for (unsigned k = 0; k < F->next_entries; k++)
		assert_true(pt_entry(&fx.pt, fx.pool, k) == 0);
	assert_int_equal(pt_map(&fx.pt, va + block(), 0x50000000, PAGE_SIZE, DEVICE_RW), 0);
	assert_int_equal(fx.pt.l2_in_use, 1);
	for (unsigned k = 1; k < F->next_entries; k++)
		assert_true(pt_entry(&fx.pt, fx.pool, k) == 0);
}

/* One memory type per physical page, and W^X across aliases. */
static void test_alias_policy(void **state)
{
	(void)state;
	assert_int_equal(pt_map(&fx.pt, 0x40000000, 0x40000000, block(), NORMAL_RX), 0);
	assert_int_equal(pt_alias_check(&fx.pt, 0x40001000, PAGE_SIZE, DEVICE_RW, 0, 0), -EBUSY);
	assert_int_equal(pt_alias_check(&fx.pt, 0x40001000, PAGE_SIZE, NORMAL_RW, 0, 0), -EPERM);
	assert_int_equal(pt_alias_check(&fx.pt, 0x40001000, PAGE_SIZE, NORMAL_R, 0, 0), 0);
	assert_int_equal(pt_alias_check(&fx.pt, 0x40000000 + block(), PAGE_SIZE, DEVICE_RW, 0, 0), 0);
}

/* 40-bit output addresses: LPAE maps them, the short format refuses (a
 * page or a 2 MiB block: supersections take 16 MiB, test_supersection.c). */
static void test_high_physical_addresses(void **state)
{
	phys_addr_t ecam = 0x4010000000ull;
	struct pt_walk w;
	int err = pt_map(&fx.pt, 0xf0000000, ecam, PAGE_SIZE, DEVICE_RW);

	(void)state;
	if (F->pa_limit <= ecam) {
		assert_int_equal(err, -EINVAL);
		return;
	}
	assert_int_equal(err, 0);
	assert_int_equal(pt_walk(&fx.pt, 0xf0000004, &w), 0);
	assert_true(w.pa == ecam + 4);
	/* a block above 4 GiB */
	assert_int_equal(pt_map(&fx.pt, 0xe0000000, 0x8000000000ull, block(), DEVICE_RW), 0);
	assert_int_equal(pt_walk(&fx.pt, 0xe0000000 + block() - 4, &w), 0);
	assert_int_equal(w.level, 1);
	assert_true(w.pa == 0x8000000000ull + block() - 4);
}

/* A run of blocks, and one of pages, whose output addresses cross 4 GiB:
 * each entry reads back its own address (fill_run() steps the low word
 * alone only where no carry reaches the high one). */
static void test_run_across_4gib(void **state)
{
	const uint64_t four_g = 0x100000000ull;
	struct pt_walk w;

	(void)state;
	if (F->pa_limit <= four_g)
		return;		/* short descriptors end at 4 GiB */
	assert_int_equal(pt_map(&fx.pt, 0xe0000000, four_g - 2 * block(), 4 * block(),
				NORMAL_RW), 0);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(pt_walk(&fx.pt, 0xe0000000 + i * block() + 8, &w), 0);
		assert_int_equal(w.level, 1);
		assert_true(w.pa == four_g - 2 * block() + i * block() + 8);
	}
	assert_int_equal(pt_map(&fx.pt, 0xd0000000, four_g - 2 * PAGE_SIZE, 4 * PAGE_SIZE,
				NORMAL_RW), 0);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(pt_walk(&fx.pt, 0xd0000000 + i * PAGE_SIZE + 8, &w), 0);
		assert_true(w.pa == four_g - 2 * PAGE_SIZE + i * PAGE_SIZE + 8);
	}
}

/* The dump merges blocks and pages into runs, whatever the geometry. */
static int count_range(void *ctx, const struct pt_range *r)
{
	struct pt_range *out = ctx;

	*out = *r;
	return 0;
}

static void test_ranges_merge(void **state)
{
	struct pt_range r = { 0 };

	(void)state;
	assert_int_equal(pt_map(&fx.pt, 0x40000000 - PAGE_SIZE, 0x40000000 - PAGE_SIZE,
				block() + PAGE_SIZE, NORMAL_RW), 0);
	assert_int_equal(pt_for_each_range(&fx.pt, count_range, &r), 0);
	assert_int_equal(r.va, 0x40000000 - PAGE_SIZE);
	assert_int_equal(r.size, block() + PAGE_SIZE);
	assert_int_equal(r.sections, 1);
	assert_int_equal(r.pages, 1);
}

static int range_at(void *ctx, const struct pt_range *r)
{
	struct pt_range *out = ctx;

	if (r->va == out->va)
		*out = *r;
	return 0;
}

/*
 * The walk joins a page to the run before it without decoding when its
 * descriptor is the previous one plus 4 KiB; at the top of the 40-bit
 * space that addition carries out of the address field (bit 40, RES0),
 * and the entry after the last page is not its continuation (here it
 * decodes as a page at 0): the run must end at the last page.
 */
static void test_ranges_stop_at_the_address_space_top(void **state)
{
	const uintptr_t va = 0x50000000;
	struct pt_range r = { .va = va };
	unsigned k = (va >> 12) & (F->next_entries - 1u);
	uint64_t last;

	(void)state;
	if (F->pa_limit < (1ull << 40))
		return;		/* a 32-bit address field: no carry to make */
	assert_int_equal(pt_map(&fx.pt, va, (1ull << 40) - 2 * PAGE_SIZE, 2 * PAGE_SIZE, DEVICE_RW), 0);
	last = pt_entry(&fx.pt, fx.pool, k + 1);
	((volatile uint64_t *)fx.pool)[k + 2] = last + PAGE_SIZE;
	assert_int_equal(pt_for_each_range(&fx.pt, range_at, &r), 0);
	assert_int_equal(r.size, 2 * PAGE_SIZE);
	assert_int_equal(r.pages, 2);
}

/*
 * A run of pages ends at its table's last entry when the next table starts
 * with an entry that is not a page, even one whose bits would continue the
 * run's address (0x1000 with the type bits of a fault, written by hand): the
 * walk joins a page without decoding it only after a page.
 */
static void test_ranges_stop_before_a_fault_that_looks_like_a_page(void **state)
{
	const uintptr_t va = 0x50000000;
	struct pt_range r = { .va = va + block() - PAGE_SIZE };
	struct pt_walk w;
	uint8_t *second;

	(void)state;
	assert_int_equal(pt_map(&fx.pt, va + block() - PAGE_SIZE, 0, PAGE_SIZE, DEVICE_RW), 0);
	assert_int_equal(pt_map(&fx.pt, va + block() + 16 * PAGE_SIZE, 0x100000, PAGE_SIZE,
				DEVICE_RW), 0);
	assert_int_equal(pt_walk(&fx.pt, va + block(), &w), -ENOENT);	/* entry 0: a fault */
	assert_int_equal(w.l1.kind, PTE_TABLE);
	second = fx.pool + (w.l1.pa - FAKE_POOL_PA);
	if (F->desc_bytes == 8)
		*(volatile uint64_t *)second = PAGE_SIZE;
	else
		*(uint32_t *)second = PAGE_SIZE;
	assert_int_equal(pt_for_each_range(&fx.pt, range_at, &r), 0);
	assert_int_equal(r.size, PAGE_SIZE);
	assert_int_equal(r.pages, 1);
}

/* Each case once per format, named after it. */
#define T(p, f) { p ": " #f, f, setup, teardown, NULL }
#define CASES(p) {							\
	T(p, test_init_zeroes_and_roots), T(p, test_aligned_range_gets_blocks),	\
	T(p, test_unaligned_range_gets_pages), T(p, test_refusals_change_nothing), \
	T(p, test_foreign_table_refused), T(p, test_walk_reports_root_entry),	\
	T(p, test_split_is_break_before_make), T(p, test_retype_block),	\
	T(p, test_unmap_releases_tables), T(p, test_alias_policy),		\
	T(p, test_high_physical_addresses), T(p, test_ranges_merge),		\
	T(p, test_ranges_stop_at_the_address_space_top),			\
	T(p, test_ranges_stop_before_a_fault_that_looks_like_a_page),		\
	T(p, test_run_across_4gib),						\
}

int main(void)
{
	static const struct CMUnitTest shorts[] = CASES("short"), lpae[] = CASES("lpae"),
		supers[] = CASES("short+supersections");
	int failed;

	F = &pt_format_armv7s;
	failed = cmocka_run_group_tests_name("armv7 short", shorts, NULL, NULL);
	F = &pt_format_armv7s_super;	/* below 4 GiB it behaves as short */
	failed |= cmocka_run_group_tests_name("armv7 short+supersections", supers, NULL, NULL);
	F = &pt_format_lpae;
	return failed | cmocka_run_group_tests_name("armv7 lpae", lpae, NULL, NULL);
}
