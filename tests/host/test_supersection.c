/*
 * Short-descriptor supersections (ARM ARM B3.5.1): the encoding against
 * hand-computed descriptors, the decode round trip, and the builder
 * (pgtable.c, ptchange.c, ptwalk.c) mapping, walking, listing, re-protecting
 * and unmapping 16 MiB above 4 GiB through all 16 first-level entries, with
 * the maintenance hooks recorded in order.
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

#define F		(&pt_format_armv7s_super)
#define MiB		0x100000u
#define SS		(16 * MiB)
#define ECAM		0x4010000000ull		/* QEMU virt's high ECAM */
#define VA		0xf1000000u		/* 16 MiB-aligned */
#define POOL		4

#define ATTRS(t, p)	((struct pt_attrs){ .type = (t), .prot = (p) })
#define DEVICE_RW	ATTRS(MT_DEVICE, PROT_R | PROT_W)
#define NORMAL_RW	ATTRS(MT_NORMAL, PROT_R | PROT_W)
#define NC_RW		ATTRS(MT_NORMAL_NC, PROT_R | PROT_W)
#define USER_RO		ATTRS(MT_NORMAL, PROT_R | PROT_U)

/*
 * PA 0x40_1000_0000, Shareable Device, privileged read/write, XN:
 *   PA[31:24] 0x10 -> bits [31:24]        0x10000000
 *   PA[35:32] 0x0  -> bits [23:20]        0x00000000
 *   PA[39:36] 0x4  -> bits [8:5]  4 << 5  0x00000080
 *   supersection, bit 18                  0x00040000
 *   AP[1:0] = 01 (PL1 RW), bits [11:10]   0x00000400
 *   XN, bit 4                             0x00000010
 *   Device: TEX 000, C 0, B 1 (bit 2)     0x00000004
 *   bits [1:0] = 10                       0x00000002
 *                                   sum   0x10040496
 */
#define ECAM_DEVICE_DESC	0x10040496u

/*
 * PA 0xa5_0f00_0000, Normal write-back write-allocate, PL1 RW, XN:
 *   PA[31:24] 0x0f -> 0x0f000000; PA[35:32] 0x5 -> 5 << 20 = 0x00500000;
 *   PA[39:36] 0xa -> 0xa << 5 = 0x00000140; bit 18 0x00040000;
 *   S (bit 16) 0x00010000; TEX 001 (bits [14:12]) 0x00001000;
 *   AP 01 0x00000400; XN 0x10; C 0x8; B 0x4; type 0x2
 *   sum 0x0f55155e
 */
#define HIGH_NORMAL_PA		0xa50f000000ull
#define HIGH_NORMAL_DESC	0x0f55155eu

static struct pgtable pt;
static uint32_t *top;
static uint8_t *pool;

/* ---- recorded maintenance ---- */

enum { EV_SYNC = 1, EV_INVAL, EV_FLUSH };
struct ev {
	int kind;
	unsigned first, count;	/* sync: top entries; inval/flush: va, size */
	uintptr_t va;
	size_t size;
	uint32_t entry0;	/* the supersection's first entry at that moment */
};
static struct ev evs[16];
static unsigned nev;

static void rec(int kind, unsigned first, unsigned count, uintptr_t va, size_t size)
{
	if (nev < 16)
		evs[nev++] = (struct ev){ kind, first, count, va, size, top[VA >> 20] };
}

static void rec_sync(void *ctx, const void *p, size_t bytes)
{
	(void)ctx;
	rec(EV_SYNC, (unsigned)((const uint32_t *)p - top), (unsigned)(bytes / 4), 0, 0);
}

static void rec_inval(void *ctx, uintptr_t va, size_t size, bool cached)
{
	(void)ctx, (void)cached;
	rec(EV_INVAL, 0, 0, va, size);
}

static void rec_flush(void *ctx, uintptr_t va, size_t size)
{
	(void)ctx;
	rec(EV_FLUSH, 0, 0, va, size);
}

static const struct pt_hooks hooks = { .sync = rec_sync, .inval = rec_inval, .flush = rec_flush };

static int setup(void **state)
{
	(void)state;
	top = aligned_alloc(PT_TOP_BYTES, PT_TOP_BYTES);
	pool = aligned_alloc(1024, POOL * 1024);
	memset(pool, 0x5a, POOL * 1024);
	if (pt_init(&pt, F, top, 0x40004000u, pool, 0x40010000u, POOL))
		return -1;
	nev = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(top);
	free(pool);
	return 0;
}

static void map_ecam(void)
{
	assert_int_equal(pt_map(&pt, VA, ECAM, SS, DEVICE_RW), 0);
	pt.hooks = &hooks;
	nev = 0;
}

/* Entries [s, s+n) of the top table all equal d. */
static void assert_entries(unsigned s, unsigned n, uint32_t d)
{
	for (unsigned k = 0; k < n; k++)
		assert_int_equal(top[s + k], d);
}

/* ---- the format ---- */

static void test_encode_hand_computed(void **state)
{
	(void)state;
	assert_int_equal(F->supersection(ECAM, DEVICE_RW), ECAM_DEVICE_DESC);
	assert_int_equal(F->supersection(HIGH_NORMAL_PA, NORMAL_RW), HIGH_NORMAL_DESC);
	/* PL0 read-only (AP 111: AP2 bit 15, AP[1:0] 11 at [11:10]), nG (bit
	 * 17), Normal: 0x10000000 | 0x20000 nG | 0x10000 S | 0x8000 AP2 |
	 * 0x1000 TEX | 0xc00 | 0x80 | 0x40000 | 0x10 | 0xc | 0x2 = 0x10079c9e */
	assert_int_equal(F->supersection(ECAM, USER_RO), 0x10079c9eu);
	assert_true(F->super_pa_limit == 1ull << 40);
	assert_int_equal(pt_super_size(F), SS);
	assert_int_equal(pt_super_entries(F), 16);
}

static void test_decode_round_trip(void **state)
{
	static const struct { phys_addr_t pa; struct pt_attrs a; } cases[] = {
		{ ECAM, DEVICE_RW }, { HIGH_NORMAL_PA, NORMAL_RW }, { 0xff00000000ull, NC_RW },
		{ 0x100000000ull, USER_RO }, { 0x8000000000ull, ATTRS(MT_STRONGLY_ORDERED, PROT_R) },
	};
	struct pte_info e;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		F->decode_l1(F->supersection(cases[i].pa, cases[i].a), &e);
		assert_int_equal(e.kind, PTE_SUPERSECTION);
		assert_true(e.pa == cases[i].pa);
		assert_int_equal(e.attrs.type, cases[i].a.type);
		assert_int_equal(e.attrs.prot, cases[i].a.prot);
		assert_int_equal(e.domain, 0);	/* bits [8:5] are PA[39:36] */
		assert_int_equal(e.ng, !!(cases[i].a.prot & PROT_U));
	}
	F->decode_l1(ECAM_DEVICE_DESC, &e);
	assert_true(e.pa == ECAM);
	assert_true(e.shareable);
	/* the plain ARMv7 short format decodes one the same way */
	pt_format_armv7s.decode_l1(HIGH_NORMAL_DESC, &e);
	assert_int_equal(e.kind, PTE_SUPERSECTION);
	assert_true(e.pa == HIGH_NORMAL_PA);
}

/* Without supersections (ARMv5, an ARMv7 CPU without them) nothing above
 * 4 GiB maps, however aligned. */
static void test_formats_without_supersections_refuse(void **state)
{
	const struct pt_format *fmts[] = { &pt_format_armv7s, &pt_format_armv5 };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct pgtable p2;

		assert_int_equal(fmts[i]->super_pa_limit, 0);
		assert_int_equal(pt_super_size(fmts[i]), 0);
		assert_int_equal(pt_init(&p2, fmts[i], top, 0x40004000u, pool, 0x40010000u, POOL), 0);
		assert_int_equal(pt_map(&p2, VA, ECAM, SS, DEVICE_RW), -EINVAL);
		assert_int_equal(pt_bytes_in_use(&p2), PT_TOP_BYTES);
		for (unsigned k = 0; k < 4096; k++)
			assert_int_equal(top[k], 0);
	}
}

/* ---- the builder ---- */

static void test_map_writes_all_16_entries(void **state)
{
	(void)state;
	pt.hooks = &hooks;
	assert_int_equal(pt_map(&pt, VA, ECAM, SS, DEVICE_RW), 0);
	assert_entries(VA >> 20, 16, ECAM_DEVICE_DESC);
	assert_int_equal(top[(VA >> 20) - 1], 0);
	assert_int_equal(top[(VA >> 20) + 16], 0);
	/* all 16 made visible to the walker together; nothing to invalidate */
	assert_int_equal(nev, 1);
	assert_int_equal(evs[0].kind, EV_SYNC);
	assert_int_equal(evs[0].first, VA >> 20);
	assert_int_equal(evs[0].count, 16);
	assert_int_equal(pt_bytes_in_use(&pt), PT_TOP_BYTES);	/* no second-level table */
}

/* Two supersections in a row whose PA crosses a 4 GiB multiple: each is
 * encoded on its own (adding 16 MiB to bits [31:24] would not carry into
 * the extended base fields). */
static void test_run_across_a_4gib_multiple(void **state)
{
	struct pt_walk w;

	(void)state;
	assert_int_equal(pt_map(&pt, VA, 0x4ff000000ull, 2 * SS, NC_RW), 0);
	assert_int_equal(pt_walk(&pt, VA + SS - 4, &w), 0);
	assert_true(w.pa == 0x4fffffffcull);
	assert_int_equal(pt_walk(&pt, VA + SS + 8, &w), 0);
	assert_true(w.pa == 0x500000008ull);
	assert_entries((VA + SS) >> 20, 16, (uint32_t)F->supersection(0x500000000ull, NC_RW));
}

static void test_walk_decodes_40_bits(void **state)
{
	struct pt_walk w;

	(void)state;
	map_ecam();
	for (uint32_t off = 0; off < SS; off += 0x123457) {
		assert_int_equal(pt_walk(&pt, VA + off, &w), 0);
		assert_true(w.mapped);
		assert_int_equal(w.level, 1);
		assert_int_equal(w.l1.kind, PTE_SUPERSECTION);
		assert_true(w.pa == ECAM + off);
		assert_int_equal(w.attrs.type, MT_DEVICE);
		assert_int_equal(w.attrs.prot, PROT_R | PROT_W);
	}
	assert_int_equal(pt_walk(&pt, VA + SS, &w), -ENOENT);
}

static int last_range(void *ctx, const struct pt_range *r)
{
	struct pt_range *out = ctx;

	*out = *r;
	return 0;
}

static void test_ranges_and_dump(void **state)
{
	struct pt_range r = { 0 };
	char line[160];

	(void)state;
	map_ecam();
	assert_int_equal(pt_for_each_range(&pt, last_range, &r), 0);
	assert_int_equal(r.va, VA);
	assert_true(r.pa == ECAM);
	assert_int_equal(r.size, SS);
	assert_int_equal(r.supersections, 1);
	assert_int_equal(r.sections, 0);
	assert_int_equal(r.pages, 0);
	pt_range_format(&r, line, sizeof(line));
	assert_non_null(strstr(line, "0xf1000000-0xf1ffffff    16M  pa 0x4010000000"));
	assert_non_null(strstr(line, ", 1 supersection"));
	/* the physical policy sees it: a Normal alias of one of its pages */
	assert_int_equal(pt_alias_check(&pt, ECAM + 0x5000, PAGE_SIZE, NORMAL_RW, 0, 0), -EBUSY);
	assert_int_equal(pt_alias_check(&pt, ECAM + SS, PAGE_SIZE, NORMAL_RW, 0, 0), 0);
}

static void test_unmap_clears_all_16_then_invalidates(void **state)
{
	(void)state;
	map_ecam();
	assert_int_equal(pt_unmap(&pt, VA, SS), 0);
	assert_entries(VA >> 20, 16, 0);
	/* Device memory: no flush; the clear is synced, then the TLB
	 * invalidated for the whole 16 MiB (B3.10.1) */
	assert_int_equal(nev, 2);
	assert_int_equal(evs[0].kind, EV_SYNC);
	assert_int_equal(evs[0].first, VA >> 20);
	assert_int_equal(evs[0].count, 16);
	assert_int_equal(evs[1].kind, EV_INVAL);
	assert_int_equal(evs[1].va, VA);
	assert_int_equal(evs[1].size, SS);
	assert_int_equal(evs[1].entry0, 0);
	/* mappable again */
	assert_int_equal(pt_map(&pt, VA, ECAM, SS, DEVICE_RW), 0);
}

/* A range that is part of a supersection: refused, nothing changes. */
static void test_partial_change_refused(void **state)
{
	static const struct { uint32_t va, size; } parts[] = {
		{ VA, MiB }, { VA + MiB, SS - MiB }, { VA, SS - PAGE_SIZE },
		{ VA + SS - PAGE_SIZE, PAGE_SIZE }, { VA + 8 * MiB, SS },
	};

	(void)state;
	map_ecam();
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		assert_int_equal(pt_unmap(&pt, parts[i].va, parts[i].size), -ERANGE);
		assert_int_equal(pt_protect(&pt, parts[i].va, parts[i].size, NC_RW), -ERANGE);
	}
	assert_entries(VA >> 20, 16, ECAM_DEVICE_DESC);
	assert_int_equal(nev, 0);
	assert_int_equal(pt_bytes_in_use(&pt), PT_TOP_BYTES);	/* no split was tried */
}

/* A new memory type: break (clear all 16, sync, invalidate 16 MiB), then
 * make (all 16 written, synced). */
static void test_protect_whole_is_break_before_make(void **state)
{
	uint32_t want = (uint32_t)F->supersection(ECAM, NC_RW);

	(void)state;
	map_ecam();
	assert_int_equal(pt_protect(&pt, VA, SS, NC_RW), 0);
	assert_entries(VA >> 20, 16, want);
	assert_int_equal(nev, 3);
	assert_int_equal(evs[0].kind, EV_SYNC);
	assert_int_equal(evs[0].count, 16);
	assert_int_equal(evs[0].entry0, 0);		/* the break */
	assert_int_equal(evs[1].kind, EV_INVAL);
	assert_int_equal(evs[1].size, SS);
	assert_int_equal(evs[1].entry0, 0);		/* still broken */
	assert_int_equal(evs[2].kind, EV_SYNC);
	assert_int_equal(evs[2].count, 16);
	assert_int_equal(evs[2].entry0, want);		/* the make */
	/* permissions alone: in place, then invalidated */
	nev = 0;
	assert_int_equal(pt_protect(&pt, VA, SS, ATTRS(MT_NORMAL_NC, PROT_R)), 0);
	assert_int_equal(nev, 2);
	assert_int_equal(evs[0].kind, EV_SYNC);
	assert_int_equal(evs[1].kind, EV_INVAL);
	assert_int_equal(evs[1].size, SS);
}

static void test_map_refusals_change_nothing(void **state)
{
	(void)state;
	/* not 16 MiB-aligned: PA, VA, size; one page; crossing 4 GiB */
	assert_int_equal(pt_map(&pt, VA, ECAM + MiB, SS, DEVICE_RW), -EINVAL);
	assert_int_equal(pt_map(&pt, VA + MiB, ECAM, SS, DEVICE_RW), -EINVAL);
	assert_int_equal(pt_map(&pt, VA, ECAM, SS - MiB, DEVICE_RW), -EINVAL);
	assert_int_equal(pt_map(&pt, VA, ECAM, PAGE_SIZE, DEVICE_RW), -EINVAL);
	assert_int_equal(pt_map(&pt, VA, 0xff000000u, 2 * SS, DEVICE_RW), -EINVAL);
	/* past 40 bits */
	assert_int_equal(pt_map(&pt, VA, 0xfff0000000ull + 0xf000000, 2 * SS, DEVICE_RW), -EINVAL);
	/* W^X still holds */
	assert_int_equal(pt_map(&pt, VA, ECAM, SS, ATTRS(MT_NORMAL, PROT_R | PROT_W | PROT_X)),
			 -EPERM);
	for (unsigned k = 0; k < 4096; k++)
		assert_int_equal(top[k], 0);
	/* one of its 16 entries already used: -EEXIST, nothing written */
	assert_int_equal(pt_map(&pt, VA + 5 * MiB, 0x10000000u, MiB, DEVICE_RW), 0);
	assert_int_equal(pt_map(&pt, VA, ECAM, SS, DEVICE_RW), -EEXIST);
	assert_int_equal(top[VA >> 20], 0);
	/* and a supersection in place refuses anything over it */
	assert_int_equal(pt_map(&pt, VA + SS, ECAM, SS, DEVICE_RW), 0);
	assert_int_equal(pt_map(&pt, VA + SS + 3 * MiB, 0x10000000u, PAGE_SIZE, DEVICE_RW), -EEXIST);
	assert_int_equal(pt_map(&pt, VA + SS, ECAM + SS, SS, DEVICE_RW), -EEXIST);
}

/* 16 entries that are not one supersection (one overwritten, or not
 * 16-aligned): not a mapping this builder made, so not changed or listed. */
static void test_broken_supersection_refused(void **state)
{
	struct pt_range r = { 0 };

	(void)state;
	map_ecam();
	top[(VA >> 20) + 15] = 0;
	assert_int_equal(pt_unmap(&pt, VA, SS), -EINVAL);
	assert_int_equal(pt_protect(&pt, VA, SS, NC_RW), -EINVAL);
	assert_int_equal(pt_for_each_range(&pt, last_range, &r), 0);
	assert_int_equal(r.size, 0);
	assert_int_equal(top[VA >> 20], ECAM_DEVICE_DESC);
}

/* A format that does not write supersections still walks one it finds
 * (16 MiB, whatever the format's own reach), and leaves it alone. */
static void test_plain_format_walks_but_never_changes_one(void **state)
{
	struct pt_range r = { 0 };
	struct pt_walk w;

	(void)state;
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, top, 0x40004000u, pool, 0x40010000u,
				 POOL), 0);
	for (unsigned k = 0; k < 16; k++)
		top[(VA >> 20) + k] = ECAM_DEVICE_DESC;
	assert_int_equal(pt_walk(&pt, VA + 0xabcde8, &w), 0);
	assert_true(w.pa == ECAM + 0xabcde8);
	assert_int_equal(pt_unmap(&pt, VA, SS), -EINVAL);
	assert_int_equal(pt_protect(&pt, VA, SS, NC_RW), -EINVAL);
	assert_int_equal(pt_for_each_range(&pt, last_range, &r), 0);
	assert_int_equal(r.size, 0);
	assert_entries(VA >> 20, 16, ECAM_DEVICE_DESC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_hand_computed),
		cmocka_unit_test(test_decode_round_trip),
		cmocka_unit_test_setup_teardown(test_formats_without_supersections_refuse, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_writes_all_16_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_across_a_4gib_multiple, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_decodes_40_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranges_and_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_clears_all_16_then_invalidates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_partial_change_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protect_whole_is_break_before_make, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_map_refusals_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_supersection_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_format_walks_but_never_changes_one, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
