/*
 * Host unit tests for the ARMv5 (ARM926EJ-S) descriptor backend,
 * src/mmu/fmt_armv5.c, alone and driven by the table builder (pgtable.c).
 *
 * Expected descriptors are computed by hand from the ARM Architecture
 * Reference Manual (DDI 0100I, VMSA chapter: descriptor formats, and access
 * permissions with SCTLR.S = 1, R = 0), the ARM926EJ-S TRM Table 3-2
 * (first-level descriptors) and Table 4-4 (C and
 * B), with the bit breakdown next to each value:
 *
 *   section: [31:20] base | [11:10] AP | [8:5] domain | bit4 = 1 | C(3) | B(2) | 10
 *   coarse:  [31:10] base | [8:5] domain | bit4 = 1 | 01
 *   small:   [31:12] base | AP3 AP2 AP1 AP0 in [11:4] | C(3) | B(2) | 10
 *
 * Memory types: NORMAL = C1 B1, NORMAL_NC = C0 B1, DEVICE = STRONGLY_ORDERED
 * = C0 B0 (the two collapse into one encoding, which decodes as MT_DEVICE).
 * AP: 00 = privileged read-only, 01 = privileged read/write. No XN: PROT_X
 * is ignored on encode and reported on every decoded mapping.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pgtable.h"
#include "pt_short.h"

#define P_R	(PROT_R)
#define P_RW	(PROT_R | PROT_W)
#define P_RX	(PROT_R | PROT_X)
#define P_RWX	(PROT_R | PROT_W | PROT_X)

#define ATTRS(t, p)	((struct pt_attrs){ .type = (t), .prot = (p) })

static const struct pt_format *const F = &pt_format_armv5;

/*
 * One row per memory type x permission. Section bits:
 *   10 -> 0x2, bit4 -> 0x10, B -> 0x4, C -> 0x8, AP=01 -> 0x400, AP=00 -> 0
 * Small-page bits:
 *   10 -> 0x2, B -> 0x4, C -> 0x8, AP=01 in all four subpages -> 0x550
 */
struct enc_case {
	unsigned type, prot;
	uint32_t section, page;		/* attribute bits; base address 0 */
	unsigned decoded_type;
	unsigned decoded_prot;
};

static const struct enc_case cases[] = {
	/* Normal write-back, C1 B1 */
	{ MT_NORMAL, P_RW, 0x2 | 0x10 | 0x4 | 0x8 | 0x400, 0x2 | 0x4 | 0x8 | 0x550,
	  MT_NORMAL, P_RWX },
	{ MT_NORMAL, P_R,  0x2 | 0x10 | 0x4 | 0x8,         0x2 | 0x4 | 0x8,
	  MT_NORMAL, P_RX },
	{ MT_NORMAL, P_RX, 0x2 | 0x10 | 0x4 | 0x8,         0x2 | 0x4 | 0x8,
	  MT_NORMAL, P_RX },
	/* Normal non-cacheable, C0 B1 */
	{ MT_NORMAL_NC, P_RW, 0x2 | 0x10 | 0x4 | 0x400, 0x2 | 0x4 | 0x550,
	  MT_NORMAL_NC, P_RWX },
	{ MT_NORMAL_NC, P_R,  0x2 | 0x10 | 0x4,         0x2 | 0x4,
	  MT_NORMAL_NC, P_RX },
	{ MT_NORMAL_NC, P_RX, 0x2 | 0x10 | 0x4,         0x2 | 0x4,
	  MT_NORMAL_NC, P_RX },
	/* Device, C0 B0 */
	{ MT_DEVICE, P_RW, 0x2 | 0x10 | 0x400, 0x2 | 0x550, MT_DEVICE, P_RWX },
	{ MT_DEVICE, P_R,  0x2 | 0x10,         0x2,         MT_DEVICE, P_RX },
	{ MT_DEVICE, P_RX, 0x2 | 0x10,         0x2,         MT_DEVICE, P_RX },
	/* Strongly-ordered: the same C0 B0, so it decodes as MT_DEVICE */
	{ MT_STRONGLY_ORDERED, P_RW, 0x2 | 0x10 | 0x400, 0x2 | 0x550, MT_DEVICE, P_RWX },
	{ MT_STRONGLY_ORDERED, P_R,  0x2 | 0x10,         0x2,         MT_DEVICE, P_RX },
	{ MT_STRONGLY_ORDERED, P_RX, 0x2 | 0x10,         0x2,         MT_DEVICE, P_RX },
};

static void test_format_flags(void **state)
{
	(void)state;
	assert_false(F->has_xn);
	assert_string_equal(F->name, "ARMv5 short-descriptor");
}

static void test_section_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct enc_case *c = &cases[i];

		assert_int_equal(F->section(0x00000000u, ATTRS(c->type, c->prot)), c->section);
		assert_int_equal(F->section(0x12300000u, ATTRS(c->type, c->prot)),
				 0x12300000u | c->section);
		/* the low 20 bits of the address are not part of a section base */
		assert_int_equal(F->section(0xfff5a000u, ATTRS(c->type, c->prot)),
				 0xfff00000u | c->section);
	}
}

static void test_page_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct enc_case *c = &cases[i];

		assert_int_equal(F->page(0x00000000u, ATTRS(c->type, c->prot)), c->page);
		assert_int_equal(F->page(0x101f1000u, ATTRS(c->type, c->prot)),
				 0x101f1000u | c->page);
		assert_int_equal(F->page(0xffff0fffu, ATTRS(c->type, c->prot)),
				 0xffff0000u | c->page);
	}
}

static void test_encode_exact_values(void **state)
{
	(void)state;
	/* A few whole descriptors, spelled out. */
	/* 0x00100000 normal rw section: base | AP01 0x400 | bit4 0x10 | C 8 | B 4 | 10 */
	assert_int_equal(F->section(0x00100000u, ATTRS(MT_NORMAL, P_RW)), 0x0010041eu);
	/* 0x10100000 device rw section: base | AP01 0x400 | bit4 0x10 | 10 */
	assert_int_equal(F->section(0x10100000u, ATTRS(MT_DEVICE, P_RW)), 0x10100412u);
	/* 0x00010000 text page, normal r-x: base | AP 00 x4 | C | B | 10 */
	assert_int_equal(F->page(0x00010000u, ATTRS(MT_NORMAL, P_RX)), 0x0001000eu);
	/* 0x101f1000 uart page, device rw: base | AP 01 x4 = 0x550 | 10 */
	assert_int_equal(F->page(0x101f1000u, ATTRS(MT_DEVICE, P_RW)), 0x101f1552u);
	/* write-combining page: C0 B1 */
	assert_int_equal(F->page(0x0a000000u, ATTRS(MT_NORMAL_NC, P_RW)), 0x0a000556u);
	/* a type outside the five is written as the safest, C0 B0 */
	assert_int_equal(F->page(0x0a000000u, ATTRS(MT_UNKNOWN, P_RW)), 0x0a000552u);
	assert_int_equal(F->section(0x0a000000u, ATTRS(99, P_R)), 0x0a000012u);
}

static void test_bit4_set(void **state)
{
	(void)state;
	/* ARM926EJ-S TRM Table 3-2: bit 4 of first-level descriptors is 1 */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_true(F->section(0x00100000u, ATTRS(cases[i].type, cases[i].prot)) & 0x10u);
	assert_true(F->table(0x00004400u) & 0x10u);
	/* In a small page bit 4 is AP0[0], not a fixed 1. */
	assert_false(F->page(0x1000u, ATTRS(MT_NORMAL, P_R)) & 0x10u);
	assert_true(F->page(0x1000u, ATTRS(MT_NORMAL, P_RW)) & 0x10u);
}

static void test_table_encode(void **state)
{
	(void)state;
	/* coarse: [31:10] base | bit4 | 01, domain 0 */
	assert_int_equal(F->table(0x00084000u), 0x00084011u);
	assert_int_equal(F->table(0x00084400u), 0x00084411u);
	assert_int_equal(F->table(0xfffffc00u), 0xfffffc11u);
	/* low bits of the address are dropped */
	assert_int_equal(F->table(0x000843ffu), 0x00084011u);
}

static void test_decode_roundtrip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct enc_case *c = &cases[i];
		struct pte_info e;
		uint32_t d;

		d = F->section(0x04500000u, ATTRS(c->type, c->prot));
		F->decode_l1(d, &e);
		assert_int_equal(e.kind, PTE_SECTION);
		assert_int_equal(e.pa, 0x04500000u);
		assert_int_equal(e.attrs.type, c->decoded_type);
		assert_int_equal(e.attrs.prot, c->decoded_prot);
		assert_true(e.shareable);
		assert_int_equal(e.domain, 0);
		assert_int_equal(e.raw, d);

		d = F->page(0x0450f000u, ATTRS(c->type, c->prot));
		F->decode_l2(d, &e);
		assert_int_equal(e.kind, PTE_PAGE);
		assert_int_equal(e.pa, 0x0450f000u);
		assert_int_equal(e.attrs.type, c->decoded_type);
		assert_int_equal(e.attrs.prot, c->decoded_prot);
		assert_true(e.shareable);
		assert_int_equal(e.raw, d);
	}
}

/* Wherever the encoding distinguishes types, decode gives back exactly what
 * encode was given; only STRONGLY_ORDERED collapses (into DEVICE). */
static void test_decode_is_exact_where_distinguishable(void **state)
{
	static const unsigned exact[] = { MT_NORMAL, MT_NORMAL_NC, MT_DEVICE };
	struct pte_info e;

	(void)state;
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		F->decode_l1(F->section(0, ATTRS(exact[i], P_RW)), &e);
		assert_int_equal(e.attrs.type, exact[i]);
		F->decode_l2(F->page(0, ATTRS(exact[i], P_R)), &e);
		assert_int_equal(e.attrs.type, exact[i]);
	}
	assert_int_equal(F->section(0, ATTRS(MT_STRONGLY_ORDERED, P_RW)),
			 F->section(0, ATTRS(MT_DEVICE, P_RW)));
	assert_int_equal(F->page(0, ATTRS(MT_STRONGLY_ORDERED, P_RW)),
			 F->page(0, ATTRS(MT_DEVICE, P_RW)));
	/* read-only and read-write stay apart */
	assert_int_not_equal(F->page(0, ATTRS(MT_NORMAL, P_R)), F->page(0, ATTRS(MT_NORMAL, P_RW)));
}

static void test_decode_table(void **state)
{
	struct pte_info e;

	(void)state;
	F->decode_l1(0x00084011u, &e);
	assert_int_equal(e.kind, PTE_TABLE);
	assert_int_equal(e.pa, 0x00084000u);
	assert_int_equal(e.domain, 0);
	/* domain in [8:5]: 0xa -> 0x140; bit 4 absent is still a coarse table */
	F->decode_l1(0x00084401u | (0xau << 5), &e);
	assert_int_equal(e.kind, PTE_TABLE);
	assert_int_equal(e.pa, 0x00084400u);
	assert_int_equal(e.domain, 0xa);
	/* section domain */
	F->decode_l1(0x0010041eu | (5u << 5), &e);
	assert_int_equal(e.kind, PTE_SECTION);
	assert_int_equal(e.domain, 5);
}

static void test_decode_foreign(void **state)
{
	struct pte_info e;

	(void)state;
	/* first level */
	F->decode_l1(0, &e);
	assert_int_equal(e.kind, PTE_FAULT);
	F->decode_l1(0xfffffffcu, &e);		/* bits[1:0] = 00: fault, whatever else */
	assert_int_equal(e.kind, PTE_FAULT);
	assert_int_equal(e.raw, 0xfffffffcu);
	F->decode_l1(0x00084013u, &e);		/* bits = 11: fine page table */
	assert_int_equal(e.kind, PTE_OTHER);
	/* a descriptor not managed here reports no domain, as ARMv7's PTE_OTHER */
	F->decode_l1(0x00084013u | (0xau << 5), &e);
	assert_int_equal(e.kind, PTE_OTHER);
	assert_int_equal(e.domain, 0);
	F->decode_l1(0x00084003u, &e);
	assert_int_equal(e.kind, PTE_OTHER);

	/* second level */
	F->decode_l2(0, &e);
	assert_int_equal(e.kind, PTE_FAULT);
	F->decode_l2(0xfffffffcu, &e);
	assert_int_equal(e.kind, PTE_FAULT);
	F->decode_l2(0x00010551u, &e);		/* bits = 01: 64 KiB large page */
	assert_int_equal(e.kind, PTE_OTHER);
	F->decode_l2(0x0001000du, &e);		/* bits = 01 with C, B: still large */
	assert_int_equal(e.kind, PTE_OTHER);
	F->decode_l2(0x00010c13u, &e);		/* bits = 11: 1 KiB tiny page */
	assert_int_equal(e.kind, PTE_OTHER);
	F->decode_l2(0x00010003u, &e);
	assert_int_equal(e.kind, PTE_OTHER);
	/* a small page whose four subpages differ: AP0=01, others 00 */
	F->decode_l2(0x0001001eu, &e);
	assert_int_equal(e.kind, PTE_OTHER);
	/* AP3 differs only */
	F->decode_l2(0x0001015eu, &e);		/* AP3..0 = 00 01 01 01 */
	assert_int_equal(e.kind, PTE_OTHER);
}

static void test_decode_other_attrs(void **state)
{
	struct pte_info e;

	(void)state;
	/* C1 B0: write-through, never written here */
	F->decode_l1(0x0010041au, &e);		/* 10 | bit4 | C | AP01 */
	assert_int_equal(e.kind, PTE_SECTION);
	assert_int_equal(e.attrs.type, MT_UNKNOWN);
	F->decode_l2(0x0001055au, &e);		/* 10 | C | AP01 x4 */
	assert_int_equal(e.kind, PTE_PAGE);
	assert_int_equal(e.attrs.type, MT_UNKNOWN);
	/* AP = 10: user read-only; AP = 11: user read/write -> PROT_U */
	F->decode_l1(0x0010081eu, &e);
	assert_int_equal(e.attrs.prot, PROT_R | PROT_X | PROT_U);
	F->decode_l1(0x00100c1eu, &e);
	assert_int_equal(e.attrs.prot, P_RWX | PROT_U);
	F->decode_l2(0x00010aaeu, &e);		/* AP 10 x4 = 0xaa0 */
	assert_int_equal(e.kind, PTE_PAGE);
	assert_int_equal(e.attrs.prot, PROT_R | PROT_X | PROT_U);
	F->decode_l2(0x00010ffeu, &e);		/* AP 11 x4 = 0xff0 */
	assert_int_equal(e.attrs.prot, P_RWX | PROT_U);
	/* section without bit 4 is still a section */
	F->decode_l1(0x0010040eu, &e);
	assert_int_equal(e.kind, PTE_SECTION);
	assert_int_equal(e.attrs.type, MT_NORMAL);
	assert_int_equal(e.attrs.prot, P_RWX);
}

/* ---- driven by the builder ---- */

#define FAKE_L1_PA	0x00004000u
#define FAKE_L2_PA	0x00080000u
#define NPOOL		4

struct fix {
	struct pgtable pt;
	uint32_t *l1;
	uint32_t (*pool)[PT_L2_ENTRIES];
};

static int fix_setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->l1 = aligned_alloc(PT_L1_SIZE, PT_L1_SIZE);
	f->pool = aligned_alloc(PT_L2_SIZE, NPOOL * PT_L2_SIZE);
	if (!f->l1 || !f->pool)
		return -1;
	memset(f->l1, 0xAA, PT_L1_SIZE);
	memset(f->pool, 0x5A, NPOOL * PT_L2_SIZE);
	if (pt_init(&f->pt, F, f->l1, FAKE_L1_PA, f->pool, FAKE_L2_PA, NPOOL))
		return -1;
	*state = f;
	return 0;
}

static int fix_teardown(void **state)
{
	struct fix *f = *state;

	free(f->l1);
	free(f->pool);
	free(f);
	return 0;
}

struct collected {
	struct pt_range r[16];
	unsigned n;
};

static int collect(void *ctx, const struct pt_range *r)
{
	struct collected *c = ctx;

	if (c->n >= 16)
		return -1;
	c->r[c->n++] = *r;
	return 0;
}

/*
 * A versatilepb-like layout: text (r-x pages at 0x10000), rodata (r--),
 * data (rw-), the rest of the first 2 MiB as a section, a device page in the
 * I/O window, and the high-vector page.
 */
static void test_layout(void **state)
{
	struct fix *f = *state;
	struct pt_walk w;
	struct collected c = { .n = 0 };
	char line[128];
	uint32_t *t0, *tio, *tvec;

	assert_int_equal(pt_map(&f->pt, 0x00010000u, 0x00010000u, 0x4000, ATTRS(MT_NORMAL, P_RX)), 0);
	assert_int_equal(pt_map(&f->pt, 0x00014000u, 0x00014000u, 0x2000, ATTRS(MT_NORMAL, P_R)), 0);
	assert_int_equal(pt_map(&f->pt, 0x00016000u, 0x00016000u, 0x2000, ATTRS(MT_NORMAL, P_RW)), 0);
	assert_int_equal(pt_map(&f->pt, 0x00100000u, 0x00100000u, SECTION_SIZE,
				ATTRS(MT_NORMAL, P_RW)), 0);
	assert_int_equal(pt_map(&f->pt, 0xf0000000u, 0x101f1000u, PAGE_SIZE,
				ATTRS(MT_DEVICE, P_RW)), 0);
	assert_int_equal(pt_map(&f->pt, 0xf0001000u, 0x101f2000u, PAGE_SIZE,
				ATTRS(MT_STRONGLY_ORDERED, P_RW)), 0);
	assert_int_equal(pt_map(&f->pt, 0xffff0000u, 0x00010000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, P_RX)), 0);
	/* W^X is still refused at the builder */
	assert_int_equal(pt_map(&f->pt, 0x00200000u, 0x00200000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, P_RWX)), -EPERM);

	/* L1: three coarse tables (bit4 | 01, domain 0) taken in order, one section */
	assert_int_equal(f->l1[0x000], FAKE_L2_PA + 0 * PT_L2_SIZE + 0x11);
	assert_int_equal(f->l1[0xf00], FAKE_L2_PA + 1 * PT_L2_SIZE + 0x11);
	assert_int_equal(f->l1[0xfff], FAKE_L2_PA + 2 * PT_L2_SIZE + 0x11);
	assert_int_equal(f->l1[0x001], 0x0010041eu);
	assert_int_equal(f->l1[0x002], 0);
	assert_int_equal(f->pt.l2_in_use, 3);

	t0 = f->pool[0];
	tio = f->pool[1];
	tvec = f->pool[2];
	assert_int_equal(t0[0x0f], 0);
	assert_int_equal(t0[0x10], 0x0001000eu);	/* text: AP 00, C, B */
	assert_int_equal(t0[0x13], 0x0001300eu);
	assert_int_equal(t0[0x14], 0x0001400eu);	/* rodata: the same bits */
	assert_int_equal(t0[0x16], 0x0001655eu);	/* data: AP 01 x4, C, B */
	assert_int_equal(t0[0x17], 0x0001755eu);
	assert_int_equal(t0[0x18], 0);
	assert_int_equal(tio[0], 0x101f1552u);		/* device: C0 B0, AP 01 x4 */
	assert_int_equal(tio[1], 0x101f2552u);		/* strongly-ordered: the same */
	assert_int_equal(tvec[0xf0], 0x0001000eu);	/* 0xffff0000: entry 0xf0 */

	/* read back through the walker */
	assert_int_equal(pt_walk(&f->pt, 0x00010123u, &w), 0);
	assert_int_equal(w.level, 2);
	assert_int_equal(w.pa, 0x00010123u);
	assert_int_equal(w.attrs.type, MT_NORMAL);
	assert_int_equal(w.attrs.prot, P_RX);
	assert_int_equal(pt_walk(&f->pt, 0x00014000u, &w), 0);
	assert_int_equal(w.attrs.prot, P_RX);		/* no XN: read-only is executable */
	assert_int_equal(pt_walk(&f->pt, 0x00017ffcu, &w), 0);
	assert_int_equal(w.attrs.prot, P_RWX);
	assert_int_equal(pt_walk(&f->pt, 0x001fffffu, &w), 0);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.pa, 0x001fffffu);
	assert_int_equal(w.attrs.prot, P_RWX);
	assert_int_equal(pt_walk(&f->pt, 0xf0000018u, &w), 0);
	assert_int_equal(w.pa, 0x101f1018u);
	assert_int_equal(w.attrs.type, MT_DEVICE);
	assert_int_equal(pt_walk(&f->pt, 0xf0001000u, &w), 0);
	assert_int_equal(w.attrs.type, MT_DEVICE);	/* SO collapses into Device */
	assert_int_equal(pt_walk(&f->pt, 0xffff0004u, &w), 0);
	assert_int_equal(w.pa, 0x00010004u);
	assert_int_equal(pt_walk(&f->pt, 0, &w), -ENOENT);
	assert_int_equal(w.level, 2);
	assert_int_equal(pt_walk(&f->pt, 0x00200000u, &w), -ENOENT);
	assert_int_equal(w.level, 1);
	assert_int_equal(pt_walk(&f->pt, 0xfffff000u, &w), -ENOENT);

	/* the dump: text and rodata merge, since both decode as r-x */
	assert_int_equal(pt_for_each_range(&f->pt, collect, &c), 0);
	assert_int_equal(c.n, 5);
	assert_int_equal(c.r[0].va, 0x00010000u);
	assert_int_equal(c.r[0].size, 0x6000);
	assert_int_equal(c.r[0].attrs.prot, P_RX);
	assert_int_equal(c.r[1].va, 0x00016000u);
	assert_int_equal(c.r[1].size, 0x2000);
	assert_int_equal(c.r[1].attrs.prot, P_RWX);
	assert_int_equal(c.r[2].va, 0x00100000u);
	assert_int_equal(c.r[2].sections, 1);
	assert_int_equal(c.r[3].va, 0xf0000000u);
	assert_int_equal(c.r[3].size, 0x2000);
	assert_int_equal(c.r[3].attrs.type, MT_DEVICE);
	assert_int_equal(c.r[4].va, 0xffff0000u);
	pt_range_format(&c.r[3], line, sizeof(line));
	assert_non_null(strstr(line, "device"));
	assert_non_null(strstr(line, "rwx sh"));
}

/* Protecting one page of a section splits it into pages that keep the
 * section's attributes; unmapping gives the table back. */
static void test_split_protect_unmap(void **state)
{
	struct fix *f = *state;
	struct pt_walk w;

	assert_int_equal(pt_map(&f->pt, 0x00300000u, 0x00300000u, SECTION_SIZE,
				ATTRS(MT_NORMAL, P_RW)), 0);
	assert_int_equal(f->l1[3], 0x0030041eu);
	assert_int_equal(pt_protect(&f->pt, 0x00301000u, PAGE_SIZE, ATTRS(MT_NORMAL, P_R)), 0);
	assert_int_equal(f->l1[3], FAKE_L2_PA + 0x11);
	assert_int_equal(f->pool[0][0], 0x0030055eu);
	assert_int_equal(f->pool[0][1], 0x0030100eu);
	assert_int_equal(f->pool[0][2], 0x0030255eu);
	assert_int_equal(f->pool[0][255], 0x003ff55eu);
	assert_int_equal(pt_walk(&f->pt, 0x00301000u, &w), 0);
	assert_int_equal(w.attrs.prot, P_RX);
	assert_int_equal(pt_walk(&f->pt, 0x00302000u, &w), 0);
	assert_int_equal(w.attrs.prot, P_RWX);
	/* a section with a device type splits the same way */
	assert_int_equal(pt_map(&f->pt, 0xf0100000u, 0x10100000u, SECTION_SIZE,
				ATTRS(MT_NORMAL_NC, P_RW)), 0);
	assert_int_equal(f->l1[0xf01], 0x10100416u);
	assert_int_equal(pt_unmap(&f->pt, 0xf0100000u, PAGE_SIZE), 0);
	assert_int_equal(f->pool[1][0], 0);
	assert_int_equal(f->pool[1][1], 0x10101556u);
	assert_int_equal(pt_unmap(&f->pt, 0xf0101000u, SECTION_SIZE - PAGE_SIZE), 0);
	assert_int_equal(f->l1[0xf01], 0);
	assert_int_equal(pt_unmap(&f->pt, 0x00300000u, SECTION_SIZE), 0);
	assert_int_equal(f->l1[3], 0);
	assert_int_equal(f->pt.l2_in_use, 0);
}

/* A table the builder did not write (a fine table) is refused, not walked. */
static void test_foreign_l1_refused(void **state)
{
	struct fix *f = *state;
	struct pt_walk w;

	f->l1[5] = 0x00084013u;		/* fine page table */
	assert_int_equal(pt_map(&f->pt, 0x00500000u, 0x00500000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, P_RW)), -EEXIST);
	assert_int_equal(pt_walk(&f->pt, 0x00500000u, &w), -ENOENT);
	assert_int_equal(pt_unmap(&f->pt, 0x00500000u, PAGE_SIZE), -EINVAL);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, fix_setup, fix_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_flags),
		cmocka_unit_test(test_section_encode),
		cmocka_unit_test(test_page_encode),
		cmocka_unit_test(test_encode_exact_values),
		cmocka_unit_test(test_bit4_set),
		cmocka_unit_test(test_table_encode),
		cmocka_unit_test(test_decode_roundtrip),
		cmocka_unit_test(test_decode_is_exact_where_distinguishable),
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_decode_foreign),
		cmocka_unit_test(test_decode_other_attrs),
		T(test_layout),
		T(test_split_protect_unmap),
		T(test_foreign_l1_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
