/*
 * Host unit tests for the ARMv7 long-descriptor backend, src/mmu/fmt_lpae.c.
 *
 * Expected descriptors are computed by hand from the ARM Architecture
 * Reference Manual ARMv7-A/R (DDI 0406C) B3.6.1 (descriptor formats), B3.6.2
 * (attribute fields), B3.7.1 (AP[2:1]), B3.8.4 / B4.1.104 (MAIR, AttrIndx):
 *
 *   bits[1:0]   01 block (level 2), 11 table (level 2) or page (level 3)
 *   AttrIndx    [4:2]   our MAIR: 0 SO (0x00), 1 Device (0x04),
 *                       2 Normal NC (0x44), 3 Normal WB WA (0xff)
 *   AP[1]       bit 6   PL0 access      -> 0x40
 *   AP[2]       bit 7   read-only       -> 0x80
 *   SH          [9:8]   11 Inner Shareable -> 0x300 (Normal only)
 *   AF          bit 10  -> 0x400 (always)
 *   nG          bit 11  -> 0x800 (PROT_U only)
 *   OA          [39:21] block, [39:12] page or table
 *   PXN         bit 53  -> 0x0020_0000_0000_0000 (PROT_U only)
 *   XN          bit 54  -> 0x0040_0000_0000_0000 (unless PROT_X)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pgtable.h"

#define ATTRS(t, p)	((struct pt_attrs){ .type = (t), .prot = (p) })
#define P_R	PROT_R
#define P_RW	(PROT_R | PROT_W)
#define P_RX	(PROT_R | PROT_X)
#define XN	0x0040000000000000ull
#define PXN	0x0020000000000000ull

static const struct pt_format *const F = &pt_format_lpae;

static void test_geometry(void **state)
{
	(void)state;
	/* T0SZ = 0: 4 level-1 entries of 1 GiB, each a level-2 table of 512
	 * x 2 MiB; contiguous, 2048 x 8 bytes = 16 KiB (B3.6.5). */
	assert_int_equal(F->desc_bytes, 8);
	assert_int_equal(F->root_entries, 4);
	assert_int_equal(F->top_entries, 2048);
	assert_int_equal((size_t)F->top_entries * F->desc_bytes, PT_TOP_BYTES);
	assert_int_equal(pt_block_size(F), 2u << 20);
	assert_int_equal(F->next_entries, 512);
	assert_int_equal(pt_next_bytes(F), 4096);
	assert_true(F->pa_limit == 1ull << 40);
	assert_true(F->has_xn);
	/* Attr0..3 = 0x00, 0x04, 0x44, 0xff */
	assert_int_equal(pt_lpae_mair0, 0xff440400u);
	assert_int_equal(pt_lpae_mair1, 0);
}

static void test_block_encode(void **state)
{
	(void)state;
	/* Normal RW: 0x400 AF | 0x300 SH | 3 << 2 | 01, XN */
	assert_true(F->section(0x40000000, ATTRS(MT_NORMAL, P_RW)) == (XN | 0x4000070dull));
	/* Normal RX (text): AP[2] 0x80, no XN */
	assert_true(F->section(0x40000000, ATTRS(MT_NORMAL, P_RX)) == 0x4000078dull);
	/* Normal R: AP[2], XN */
	assert_true(F->section(0x40200000, ATTRS(MT_NORMAL, P_R)) == (XN | 0x4020078dull));
	/* Device RW: AF | 1 << 2 | 01, no SH, XN */
	assert_true(F->section(0x08000000, ATTRS(MT_DEVICE, P_RW)) == (XN | 0x08000405ull));
	/* the highest 40-bit block: OA[39:21] all ones */
	assert_true(F->section(0xffffe00000ull, ATTRS(MT_STRONGLY_ORDERED, P_RW)) ==
		    (XN | 0xffffe00401ull));
	/* bits below 2 MiB are not part of a block's address */
	assert_true(F->section(0x401ff000, ATTRS(MT_NORMAL, P_RW)) == (XN | 0x4000070dull));
}

static void test_page_and_table_encode(void **state)
{
	(void)state;
	/* virt's high ECAM, Device RW: OA | AF | 1 << 2 | 11, XN */
	assert_true(F->page(0x4010000000ull, ATTRS(MT_DEVICE, P_RW)) == (XN | 0x4010000407ull));
	/* Strongly-ordered: AttrIndx 0 */
	assert_true(F->page(0x4010000000ull, ATTRS(MT_STRONGLY_ORDERED, P_RW)) ==
		    (XN | 0x4010000403ull));
	/* Normal NC RW: 2 << 2 | SH | AF | 11 */
	assert_true(F->page(0x09000000, ATTRS(MT_NORMAL_NC, P_RW)) == (XN | 0x0900070bull));
	/* table: [39:12] | 11, nothing else */
	assert_true(F->table(0x40011000) == 0x40011003ull);
	assert_true(F->table(0x8040011000ull) == 0x8040011003ull);
}

/* PROT_U: AP[1], and not global (nG) and never executable at PL1 (PXN);
 * kernel mappings stay global. */
static void test_user_pages_are_not_global(void **state)
{
	(void)state;
	/* user RO: nG 0x800 | AF | SH | AP[2] 0x80 | AP[1] 0x40 | 0xc | 11, PXN, XN */
	assert_true(F->page(0x40200000, ATTRS(MT_NORMAL, P_R | PROT_U)) ==
		    (XN | PXN | 0x40200fcfull));
	/* user RW: no AP[2] */
	assert_true(F->page(0x40200000, ATTRS(MT_NORMAL, P_RW | PROT_U)) ==
		    (XN | PXN | 0x40200f4full));
	/* user RX: executable at PL0 only */
	assert_true(F->page(0x40200000, ATTRS(MT_NORMAL, P_RX | PROT_U)) == (PXN | 0x40200fcfull));
	/* kernel: nG clear */
	assert_int_equal(F->page(0x40200000, ATTRS(MT_NORMAL, P_RW)) & 0x800, 0);
	assert_int_equal(F->section(0x40200000, ATTRS(MT_NORMAL, P_RW)) & 0x800, 0);
	assert_int_equal(F->section(0x40200000, ATTRS(MT_NORMAL, P_RW | PROT_U)) & 0x800, 0x800);
}

/* Every type and permission decodes back to what was encoded. */
static void test_roundtrip(void **state)
{
	static const unsigned types[] = { MT_NORMAL, MT_NORMAL_NC, MT_DEVICE, MT_STRONGLY_ORDERED };
	static const unsigned prots[] = { P_R, P_RW, P_RX, P_R | PROT_U, P_RW | PROT_U,
					  P_RX | PROT_U };

	(void)state;
	for (unsigned t = 0; t < 4; t++) {
		for (unsigned p = 0; p < 6; p++) {
			struct pt_attrs a = ATTRS(types[t], prots[p]);
			phys_addr_t pa = 0x8000000000ull + 0x40200000u;
			struct pte_info b, g;

			F->decode_l1(F->section(pa, a), &b);
			F->decode_l2(F->page(pa + 0x3000, a), &g);
			assert_int_equal(b.kind, PTE_SECTION);
			assert_int_equal(g.kind, PTE_PAGE);
			assert_true(b.pa == pa && g.pa == pa + 0x3000);
			assert_int_equal(b.attrs.type, types[t]);
			assert_int_equal(g.attrs.type, types[t]);
			assert_int_equal(b.attrs.prot, prots[p]);
			assert_int_equal(g.attrs.prot, prots[p]);
			assert_true(b.shareable && g.shareable);
			assert_int_equal(b.domain, 0);
		}
	}
}

static void test_decode_kinds(void **state)
{
	struct pte_info e;

	(void)state;
	F->decode_l1(0, &e);
	assert_int_equal(e.kind, PTE_FAULT);
	F->decode_l1(0x2, &e);			/* bit 0 clear: invalid */
	assert_int_equal(e.kind, PTE_FAULT);
	F->decode_l1(0x40011003ull, &e);
	assert_int_equal(e.kind, PTE_TABLE);
	assert_true(e.pa == 0x40011000);
	F->decode_l1(XN | 0x4000030dull, &e);	/* a block without AF */
	assert_int_equal(e.kind, PTE_OTHER);
	F->decode_l2(0x40000401ull, &e);	/* 01 is reserved at level 3 */
	assert_int_equal(e.kind, PTE_OTHER);
	F->decode_l2(0, &e);
	assert_int_equal(e.kind, PTE_FAULT);
	/* AttrIndx 5: an index this firmware never writes */
	F->decode_l2(XN | 0x40000417ull, &e);
	assert_int_equal(e.kind, PTE_PAGE);
	assert_int_equal(e.attrs.type, MT_UNKNOWN);
	/* PXN without PROT_U: not executable at PL1, so not executable */
	F->decode_l2(PXN | 0x4000078full, &e);
	assert_int_equal(e.attrs.prot, P_R);
	/* the raw descriptor is kept whole, upper attributes included */
	F->decode_l2(XN | 0x4010000407ull, &e);
	assert_true(e.raw == (XN | 0x4010000407ull));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_block_encode),
		cmocka_unit_test(test_page_and_table_encode),
		cmocka_unit_test(test_user_pages_are_not_global),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_decode_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
