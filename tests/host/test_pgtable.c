/*
 * Host unit tests for the translation-table builder (src/mmu/pgtable.c) and
 * the ARMv7 short-descriptor backend (src/mmu/fmt_armv7s.c).
 *
 * Expected descriptors are computed by hand from the ARM Architecture
 * Reference Manual ARMv7-A/R (DDI 0406C): B3.5.1 (descriptor formats),
 * B3.7.1 (AP[2:0] with SCTLR.AFE = 0) and B3.8.2 (TEX/C/B with
 * SCTLR.TRE = 0), with the bit breakdown written next to each value.
 *
 * The tables live in host buffers (16 KiB-aligned L1, 1 KiB-aligned pool)
 * and are given FAKE physical addresses; the tests find an L2 table from an
 * L1 descriptor by the same arithmetic the MMU would use on those addresses.
 *
 * Refused calls are checked to change nothing at all: the L1 table, the whole
 * pool and the pool bookkeeping are compared byte for byte with a snapshot.
 * The maintenance hooks are recorded (with the descriptor values at the time
 * of each sync) to check break-before-make ordering.
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

#define FAKE_L1_PA	0x40004000u
#define FAKE_L2_PA	0x40010000u

#define P_R	(PROT_R)
#define P_RW	(PROT_R | PROT_W)
#define P_RX	(PROT_R | PROT_X)

#define ATTRS(t, p)	((struct pt_attrs){ .type = (t), .prot = (p) })
#define NORMAL_RW	ATTRS(MT_NORMAL, P_RW)
#define NORMAL_R	ATTRS(MT_NORMAL, P_R)
#define NORMAL_RX	ATTRS(MT_NORMAL, P_RX)
#define DEVICE_RW	ATTRS(MT_DEVICE, P_RW)

#define MiB	0x00100000u
#define KiB	0x00000400u

/*
 * Attribute bits (everything but the address) of the descriptors the builder
 * tests expect; each is derived in test_fmt_*_encode below.
 *
 * Small page, MT_NORMAL, RW:  XN(0)=1 | bit1=1 | B(2)=1 | C(3)=1 |
 *   AP[1:0](5:4)=01 -> 0x10 | TEX(8:6)=001 -> 0x40 | AP2(9)=0 | S(10)=1 -> 0x400
 *   = 0x1 + 0x2 + 0x4 + 0x8 + 0x10 + 0x40 + 0x400 = 0x45f
 * Small page, MT_NORMAL, R:   as RW plus AP2 (0x200) = 0x65f
 * Small page, MT_NORMAL, RX:  as R without XN = 0x65e
 * Small page, MT_DEVICE, RW:  XN | bit1 | B | AP[1:0]=01 = 0x1+0x2+0x4+0x10 = 0x017
 * Section, MT_NORMAL, RW:     bits1:0=10 -> 0x2 | B 0x4 | C 0x8 | XN(4) 0x10 |
 *   AP[1:0](11:10)=01 -> 0x400 | TEX(14:12)=001 -> 0x1000 | AP2(15)=0 |
 *   S(16) 0x10000 = 0x1141e
 * Section, MT_NORMAL, R:      plus AP2 0x8000 = 0x1941e
 * Section, MT_NORMAL, RX:     R without XN = 0x1940e
 * Section, MT_DEVICE, RW:     0x2 | B 0x4 | XN 0x10 | AP 0x400 = 0x416
 */
#define PG_NORMAL_RW	0x45fu
#define PG_NORMAL_R	0x65fu
#define PG_NORMAL_RX	0x65eu
#define PG_DEVICE_RW	0x017u
#define SEC_NORMAL_RW	0x1141eu
#define SEC_NORMAL_R	0x1941eu
#define SEC_NORMAL_RX	0x1940eu
#define SEC_DEVICE_RW	0x00416u

/* ------------------------------------------------------------------ */
/* Fixture                                                             */
/* ------------------------------------------------------------------ */

struct fix {
	struct pgtable pt;
	uint32_t *l1;
	uint32_t (*pool)[PT_L2_ENTRIES];
	unsigned n;
};

static int fix_setup(void **state, unsigned n)
{
	struct fix *f = calloc(1, sizeof(*f));
	size_t pool_bytes = (size_t)(n ? n : 1) * PT_L2_SIZE;

	if (!f)
		return -1;
	f->l1 = aligned_alloc(PT_L1_SIZE, PT_L1_SIZE);
	f->pool = aligned_alloc(PT_L2_SIZE, pool_bytes);
	if (!f->l1 || !f->pool)
		return -1;
	/* Garbage everywhere: pt_init must zero L1, l2_take each table. */
	memset(f->l1, 0xAA, PT_L1_SIZE);
	memset(f->pool, 0x5A, pool_bytes);
	f->n = n;
	if (pt_init(&f->pt, &pt_format_armv7s, f->l1, FAKE_L1_PA,
		    n ? (void *)f->pool : NULL, FAKE_L2_PA, n))
		return -1;
	*state = f;
	return 0;
}

static int setup_pool0(void **state) { return fix_setup(state, 0); }
static int setup_pool1(void **state) { return fix_setup(state, 1); }
static int setup_pool2(void **state) { return fix_setup(state, 2); }
static int setup_pool8(void **state) { return fix_setup(state, 8); }

static int fix_teardown(void **state)
{
	struct fix *f = *state;

	free(f->l1);
	free(f->pool);
	free(f);
	return 0;
}

static uint32_t l1e(const struct fix *f, uintptr_t va)
{
	return f->l1[(uint32_t)va >> 20];
}

/* Pool index of the L2 table behind va's L1 entry (which must be a table). */
static unsigned tbl_index(const struct fix *f, uintptr_t va)
{
	uint32_t d = l1e(f, va);
	uint32_t off;

	assert_int_equal(d & 3u, 1u);		/* bits[1:0] = 01: page table */
	off = (d & 0xfffffc00u) - FAKE_L2_PA;
	assert_int_equal(off % PT_L2_SIZE, 0);
	assert_true(off / PT_L2_SIZE < f->n);
	return off / PT_L2_SIZE;
}

static uint32_t *tbl(const struct fix *f, uintptr_t va)
{
	return f->pool[tbl_index(f, va)];
}

static unsigned count_nonzero(const uint32_t *e, unsigned n)
{
	unsigned c = 0;

	for (unsigned i = 0; i < n; i++)
		c += e[i] != 0;
	return c;
}

/* Number of L1 entries that are page-table descriptors. */
static unsigned l1_tables(const struct fix *f)
{
	unsigned c = 0;

	for (unsigned i = 0; i < PT_L1_ENTRIES; i++)
		c += (f->l1[i] & 3u) == 1u;
	return c;
}

/* ---- snapshots: a refused call changes nothing ---- */

struct snap {
	uint32_t l1[PT_L1_ENTRIES];
	uint32_t pool[PT_L2_POOL_MAX][PT_L2_ENTRIES];
	unsigned in_use;
	uint16_t live[PT_L2_POOL_MAX];
	uint8_t allocated[PT_L2_POOL_MAX];
};

static struct snap g_snap;

static void snap_take(const struct fix *f, struct snap *s)
{
	memcpy(s->l1, f->l1, PT_L1_SIZE);
	if (f->n)
		memcpy(s->pool, f->pool, (size_t)f->n * PT_L2_SIZE);
	s->in_use = f->pt.l2_in_use;
	memcpy(s->live, f->pt.l2_live, sizeof(s->live));
	memcpy(s->allocated, f->pt.l2_allocated, sizeof(s->allocated));
}

static void snap_check(const struct fix *f, const struct snap *s)
{
	assert_memory_equal(s->l1, f->l1, PT_L1_SIZE);
	if (f->n)
		assert_memory_equal(s->pool, f->pool, (size_t)f->n * PT_L2_SIZE);
	assert_int_equal(s->in_use, f->pt.l2_in_use);
	assert_memory_equal(s->live, f->pt.l2_live, sizeof(s->live));
	assert_memory_equal(s->allocated, f->pt.l2_allocated, sizeof(s->allocated));
}

/* call must return err and leave every table byte and counter as it was. */
#define ASSERT_REFUSED(f, call, err) do {			\
	snap_take((f), &g_snap);				\
	assert_int_equal((call), (err));			\
	snap_check((f), &g_snap);				\
} while (0)

/* ---- recording hooks ---- */

enum { EV_SYNC = 1, EV_INVAL = 2, EV_FLUSH = 3 };

struct ev {
	int kind;
	const uint32_t *p;		/* sync: first descriptor */
	size_t count;			/* sync: number of descriptors */
	uint32_t val[PT_L2_ENTRIES];	/* sync: their values at that moment */
	uintptr_t va;			/* inval, flush */
	size_t size;			/* inval, flush */
	bool cached;			/* inval */
	uint32_t watch;			/* value of the watched L1 slot at that moment */
};

#define EV_MAX	32

struct rec {
	struct ev ev[EV_MAX];
	unsigned n;
	const uint32_t *watch;
	bool bad_ctx, overflow;
};

static struct rec g_rec;

static struct ev *rec_next(void *ctx)
{
	struct rec *r = ctx;

	if (r != &g_rec)
		g_rec.bad_ctx = true;
	if (g_rec.n >= EV_MAX) {
		g_rec.overflow = true;
		return NULL;
	}
	memset(&g_rec.ev[g_rec.n], 0, sizeof(g_rec.ev[0]));
	g_rec.ev[g_rec.n].watch = g_rec.watch ? *g_rec.watch : 0;
	return &g_rec.ev[g_rec.n++];
}

static void rec_sync(void *ctx, const void *p, size_t bytes)
{
	struct ev *e = rec_next(ctx);
	const uint32_t *desc = p;
	size_t count = bytes / 4;	/* short descriptors */

	if (!e)
		return;
	e->kind = EV_SYNC;
	e->p = desc;
	e->count = count;
	for (size_t i = 0; i < count && i < PT_L2_ENTRIES; i++)
		e->val[i] = desc[i];
}

static void rec_inval(void *ctx, uintptr_t va, size_t size, bool cached)
{
	struct ev *e = rec_next(ctx);

	if (!e)
		return;
	e->kind = EV_INVAL;
	e->va = va;
	e->size = size;
	e->cached = cached;
}

static void rec_flush(void *ctx, uintptr_t va, size_t size)
{
	struct ev *e = rec_next(ctx);

	if (!e)
		return;
	e->kind = EV_FLUSH;
	e->va = va;
	e->size = size;
}

static const struct pt_hooks rec_hooks = {
	.sync = rec_sync, .inval = rec_inval, .flush = rec_flush, .ctx = &g_rec,
};

/* Start recording on f, watching the L1 slot of watch_va. */
static void rec_start(struct fix *f, uintptr_t watch_va)
{
	memset(&g_rec, 0, sizeof(g_rec));
	g_rec.watch = &f->l1[(uint32_t)watch_va >> 20];
	f->pt.hooks = &rec_hooks;
}

static void rec_ok(void)
{
	assert_false(g_rec.bad_ctx);
	assert_false(g_rec.overflow);
}

static void ev_is_sync(unsigned i, const uint32_t *p, size_t count)
{
	assert_true(i < g_rec.n);
	assert_int_equal(g_rec.ev[i].kind, EV_SYNC);
	assert_ptr_equal(g_rec.ev[i].p, p);
	assert_int_equal(g_rec.ev[i].count, count);
}

static void ev_is_inval(unsigned i, uintptr_t va, size_t size)
{
	assert_true(i < g_rec.n);
	assert_int_equal(g_rec.ev[i].kind, EV_INVAL);
	assert_int_equal(g_rec.ev[i].va, va);
	assert_int_equal(g_rec.ev[i].size, size);
}

static void ev_is_flush(unsigned i, uintptr_t va, size_t size)
{
	assert_true(i < g_rec.n);
	assert_int_equal(g_rec.ev[i].kind, EV_FLUSH);
	assert_int_equal(g_rec.ev[i].va, va);
	assert_int_equal(g_rec.ev[i].size, size);
}

static unsigned count_kind(int kind)
{
	unsigned c = 0;

	for (unsigned i = 0; i < g_rec.n; i++)
		c += g_rec.ev[i].kind == kind;
	return c;
}

/* ------------------------------------------------------------------ */
/* ARMv7 short-descriptor encoders                                     */
/* ------------------------------------------------------------------ */

struct enc_case {
	uint8_t type, prot;
	uint32_t section;	/* for pa 0x40000000 */
	uint32_t page;		/* for pa 0x40001000 */
};

/*
 * Section (B3.5.1 Figure B3-4): [1:0]=10 (0x2), B=2 (0x4), C=3 (0x8),
 * XN=4 (0x10), domain 8:5 = 0, AP[1:0]=11:10, TEX=14:12, AP2=15 (0x8000),
 * S=16 (0x10000), nG=17 = 0, bit18 = 0 (not a supersection), NS=19 = 0.
 * Small page (Figure B3-5): XN=0 (0x1), bit1=1 (0x2), B=2 (0x4), C=3 (0x8),
 * AP[1:0]=5:4, TEX=8:6, AP2=9 (0x200), S=10 (0x400), nG=11 = 0.
 *
 * AP[2:0] (B3.7.1, AFE=0): RW = 001 (AP[1:0]=01, AP2=0): section 0x400,
 * page 0x10; R and RX = 101 (AP[1:0]=01, AP2=1): section 0x8400, page 0x210.
 * TEX/C/B (B3.8.2, TRE=0): Normal WB-WA = 001/1/1; Normal NC = 001/0/0;
 * Shareable Device = 000/0/1; Strongly-ordered = 000/0/0. S=1 only for the
 * two Normal types (Device and SO are shareable whatever S says).
 */
static const struct enc_case enc_cases[] = {
	/* NORMAL RW  sec: 0x40000000|0x2|B 0x4|C 0x8|XN 0x10|AP 0x400|TEX 0x1000|S 0x10000
	 *       page: 0x40001000|XN 0x1|0x2|B 0x4|C 0x8|AP 0x10|TEX 0x40|S 0x400 */
	{ MT_NORMAL, P_RW, 0x4001141eu, 0x4000145fu },
	/* NORMAL R   sec: RW + AP2 0x8000; page: RW + AP2 0x200 */
	{ MT_NORMAL, P_R, 0x4001941eu, 0x4000165fu },
	/* NORMAL RX  sec: R - XN 0x10; page: R - XN 0x1 */
	{ MT_NORMAL, P_RX, 0x4001940eu, 0x4000165eu },
	/* NORMAL_NC RW sec: 0x40000000|0x2|XN 0x10|AP 0x400|TEX 0x1000|S 0x10000
	 *         page: 0x40001000|XN 0x1|0x2|AP 0x10|TEX 0x40|S 0x400 */
	{ MT_NORMAL_NC, P_RW, 0x40011412u, 0x40001453u },
	/* NORMAL_NC R  sec: + AP2 0x8000; page: + AP2 0x200 */
	{ MT_NORMAL_NC, P_R, 0x40019412u, 0x40001653u },
	/* NORMAL_NC RX sec: - XN; page: - XN */
	{ MT_NORMAL_NC, P_RX, 0x40019402u, 0x40001652u },
	/* DEVICE RW  sec: 0x40000000|0x2|B 0x4|XN 0x10|AP 0x400 (TEX 000, S 0)
	 *       page: 0x40001000|XN 0x1|0x2|B 0x4|AP 0x10 */
	{ MT_DEVICE, P_RW, 0x40000416u, 0x40001017u },
	/* DEVICE R   sec: + AP2 0x8000; page: + AP2 0x200 */
	{ MT_DEVICE, P_R, 0x40008416u, 0x40001217u },
	/* DEVICE RX  sec: - XN; page: - XN */
	{ MT_DEVICE, P_RX, 0x40008406u, 0x40001216u },
	/* SO RW      sec: 0x40000000|0x2|XN 0x10|AP 0x400; page: 0x40001000|XN 0x1|0x2|AP 0x10 */
	{ MT_STRONGLY_ORDERED, P_RW, 0x40000412u, 0x40001013u },
	/* SO R       sec: + AP2 0x8000; page: + AP2 0x200 */
	{ MT_STRONGLY_ORDERED, P_R, 0x40008412u, 0x40001213u },
	/* SO RX      sec: - XN; page: - XN */
	{ MT_STRONGLY_ORDERED, P_RX, 0x40008402u, 0x40001212u },
};

#define N_ENC	(sizeof(enc_cases) / sizeof(enc_cases[0]))

static void test_fmt_section_encode(void **state)
{
	(void)state;
	assert_true(pt_format_armv7s.has_xn);
	assert_non_null(pt_format_armv7s.name);
	for (size_t i = 0; i < N_ENC; i++) {
		const struct enc_case *c = &enc_cases[i];

		assert_int_equal(pt_format_armv7s.section(0x40000000u, ATTRS(c->type, c->prot)),
				 c->section);
	}
	/*
	 * The top section: base 0xfff00000, MT_NORMAL RW: 0xfff00000 | 0x1141e.
	 * Device RW at 0x09000000 (the virt UART): 0x09000000 | 0x416.
	 */
	assert_int_equal(pt_format_armv7s.section(0xfff00000u, NORMAL_RW), 0xfff1141eu);
	assert_int_equal(pt_format_armv7s.section(0x09000000u, DEVICE_RW), 0x09000416u);
}

static void test_fmt_page_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ENC; i++) {
		const struct enc_case *c = &enc_cases[i];

		assert_int_equal(pt_format_armv7s.page(0x40001000u, ATTRS(c->type, c->prot)),
				 c->page);
	}
	/* The top page: 0xfffff000 | 0x45f; the bottom: 0x00000000 | 0x65e */
	assert_int_equal(pt_format_armv7s.page(0xfffff000u, NORMAL_RW), 0xfffff45fu);
	assert_int_equal(pt_format_armv7s.page(0x00000000u, NORMAL_RX), 0x0000065eu);
}

static void test_fmt_table_encode(void **state)
{
	(void)state;
	/* Page-table descriptor: base 31:10, bits[1:0] = 01, domain 0, NS 0, PXN 0 */
	assert_int_equal(pt_format_armv7s.table(0x40010000u), 0x40010001u);
	assert_int_equal(pt_format_armv7s.table(0x40010400u), 0x40010401u);
	assert_int_equal(pt_format_armv7s.table(0xfffffc00u), 0xfffffc01u);
	assert_int_equal(pt_format_armv7s.table(0x00000000u), 0x00000001u);
}

static void test_fmt_decode_roundtrip(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ENC; i++) {
		const struct enc_case *c = &enc_cases[i];
		struct pte_info e;

		/* Decode the hand-computed values, not the encoder's output. */
		memset(&e, 0xff, sizeof(e));
		pt_format_armv7s.decode_l1(c->section, &e);
		assert_int_equal(e.kind, PTE_SECTION);
		assert_int_equal(e.pa, 0x40000000u);
		assert_int_equal(e.attrs.type, c->type);
		assert_int_equal(e.attrs.prot, c->prot);
		/* Normal with S=1, and Device / SO always, are shareable. */
		assert_true(e.shareable);
		assert_int_equal(e.domain, 0);
		assert_int_equal(e.raw, c->section);

		memset(&e, 0xff, sizeof(e));
		pt_format_armv7s.decode_l2(c->page, &e);
		assert_int_equal(e.kind, PTE_PAGE);
		assert_int_equal(e.pa, 0x40001000u);
		assert_int_equal(e.attrs.type, c->type);
		assert_int_equal(e.attrs.prot, c->prot);
		assert_true(e.shareable);
		assert_int_equal(e.raw, c->page);
	}
}

static void test_fmt_decode_foreign(void **state)
{
	struct pte_info e;

	(void)state;
	/* L1 fault: bits[1:0] = 00, whatever the rest says */
	pt_format_armv7s.decode_l1(0, &e);
	assert_int_equal(e.kind, PTE_FAULT);
	pt_format_armv7s.decode_l1(0xfffffffcu, &e);
	assert_int_equal(e.kind, PTE_FAULT);

	/* Supersection: 0x40040002 = base 0x40000000 | bit18 (0x40000) | 0x2 */
	pt_format_armv7s.decode_l1(0x40040002u, &e);
	assert_int_equal(e.kind, PTE_SUPERSECTION);
	assert_true(e.pa == 0x40000000u);
	/* A supersection's bits 8:5 are extended base address PA[39:36], not
	 * a domain: 0xa << 5 is PA 0xa0_4000_0000. */
	pt_format_armv7s.decode_l1(0x40040002u | (0xau << 5), &e);
	assert_int_equal(e.domain, 0);
	assert_true(e.pa == 0xa040000000ull);
	/* Supersection with Normal RW attributes: 0x4001141e | bit18 */
	pt_format_armv7s.decode_l1(0x4005141eu, &e);
	assert_int_equal(e.kind, PTE_SUPERSECTION);
	assert_int_equal(e.attrs.type, MT_NORMAL);
	assert_int_equal(e.attrs.prot, P_RW);

	/* L1 bits[1:0] = 11 (reserved / PXN section): 0x40000003 */
	pt_format_armv7s.decode_l1(0x40000003u, &e);
	assert_int_equal(e.kind, PTE_OTHER);

	/* Page table with domain 3 (bits 8:5 = 0011 -> 0x60): 0x40010461 */
	pt_format_armv7s.decode_l1(0x40010461u, &e);
	assert_int_equal(e.kind, PTE_TABLE);
	assert_int_equal(e.pa, 0x40010400u);
	assert_int_equal(e.domain, 3);

	/* Section, Normal RW, domain 5 (bits 8:5 = 0101 -> 0xa0): 0x400014be | 0x10000 */
	pt_format_armv7s.decode_l1(0x400114beu, &e);
	assert_int_equal(e.kind, PTE_SECTION);
	assert_int_equal(e.domain, 5);
	assert_int_equal(e.attrs.type, MT_NORMAL);
	assert_int_equal(e.attrs.prot, P_RW);

	/* Section, write-through no-write-allocate (TEX 000 C1 B0), RW, XN:
	 * 0x40000000 | 0x2 | C 0x8 | XN 0x10 | AP01 0x400 = 0x4000041a */
	pt_format_armv7s.decode_l1(0x4000041au, &e);
	assert_int_equal(e.kind, PTE_SECTION);
	assert_int_equal(e.attrs.type, MT_UNKNOWN);
	assert_int_equal(e.attrs.prot, P_RW);

	/* Page, write-through: 0x40001000 | XN 0x1 | 0x2 | C 0x8 | AP01 0x10 = 0x4000101b */
	pt_format_armv7s.decode_l2(0x4000101bu, &e);
	assert_int_equal(e.kind, PTE_PAGE);
	assert_int_equal(e.attrs.type, MT_UNKNOWN);
	assert_int_equal(e.attrs.prot, P_RW);

	/* Section AP=011 (full access, PL0 too), SO, XN:
	 * 0x40000000 | 0x2 | XN 0x10 | AP01=11 0xc00 = 0x40000c12 */
	pt_format_armv7s.decode_l1(0x40000c12u, &e);
	assert_int_equal(e.kind, PTE_SECTION);
	assert_int_equal(e.attrs.prot, PROT_R | PROT_W | PROT_U);
	assert_int_equal(e.attrs.type, MT_STRONGLY_ORDERED);

	/* Page AP=011: 0x40001000 | XN | 0x2 | AP01=11 0x30 = 0x40001033 */
	pt_format_armv7s.decode_l2(0x40001033u, &e);
	assert_int_equal(e.kind, PTE_PAGE);
	assert_int_equal(e.attrs.prot, PROT_R | PROT_W | PROT_U);

	/* Page AP=111 (read-only at PL1 and PL0): + AP2 0x200 = 0x40001233 */
	pt_format_armv7s.decode_l2(0x40001233u, &e);
	assert_int_equal(e.attrs.prot, PROT_R | PROT_U);

	/* Page AP=011 executable (XN=0): 0x40001032 */
	pt_format_armv7s.decode_l2(0x40001032u, &e);
	assert_int_equal(e.attrs.prot, PROT_R | PROT_W | PROT_X | PROT_U);

	/* Section AP=000 (no access), XN=0: no permission at all, so no X either:
	 * 0x40000002 */
	pt_format_armv7s.decode_l1(0x40000002u, &e);
	assert_int_equal(e.kind, PTE_SECTION);
	assert_int_equal(e.attrs.prot, 0);

	/* Normal with S=0 is not shareable: NORMAL RW section without bit16 */
	pt_format_armv7s.decode_l1(0x4000141eu, &e);
	assert_int_equal(e.attrs.type, MT_NORMAL);
	assert_false(e.shareable);

	/* L2 large page (bits[1:0] = 01): 0x40010001 */
	pt_format_armv7s.decode_l2(0x40010001u, &e);
	assert_int_equal(e.kind, PTE_OTHER);

	/* L2 fault */
	pt_format_armv7s.decode_l2(0, &e);
	assert_int_equal(e.kind, PTE_FAULT);
	pt_format_armv7s.decode_l2(0xfffffffcu, &e);
	assert_int_equal(e.kind, PTE_FAULT);
}

static void test_names(void **state)
{
	char buf[8];

	(void)state;
	assert_string_equal(mem_type_name(MT_NONE), "none");
	assert_string_equal(mem_type_name(MT_NORMAL), "normal");
	assert_string_equal(mem_type_name(MT_NORMAL_NC), "normal-nc");
	assert_string_equal(mem_type_name(MT_DEVICE), "device");
	assert_string_equal(mem_type_name(MT_STRONGLY_ORDERED), "strongly-ordered");
	assert_string_equal(mem_type_name(MT_UNKNOWN), "other");
	assert_string_equal(mem_type_name(MT_UNKNOWN + 1), "other");	/* just past the names */
	assert_string_equal(mem_type_name(200), "other");

	prot_str(P_RW, buf);
	assert_string_equal(buf, "rw-");
	prot_str(P_RX, buf);
	assert_string_equal(buf, "r-x");
	prot_str(0, buf);
	assert_string_equal(buf, "---");
	prot_str(PROT_R | PROT_W | PROT_X | PROT_U, buf);
	assert_string_equal(buf, "rwxu");
}

/* ------------------------------------------------------------------ */
/* pt_init                                                             */
/* ------------------------------------------------------------------ */

static void test_init(void **state)
{
	struct pgtable pt;
	uint32_t *l1 = aligned_alloc(PT_L1_SIZE, 2 * PT_L1_SIZE);
	uint8_t *pool = aligned_alloc(PT_L2_SIZE, (PT_L2_POOL_MAX + 2) * PT_L2_SIZE);
	static uint8_t pattern[PT_L1_SIZE];

	(void)state;
	assert_non_null(l1);
	assert_non_null(pool);
	memset(pattern, 0xAA, sizeof(pattern));
	memset(l1, 0xAA, 2 * PT_L1_SIZE);

	/* L1 buffer not 16 KiB-aligned */
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, l1 + 256, FAKE_L1_PA,
				 pool, FAKE_L2_PA, 4), -EINVAL);
	/* L1 physical address not 16 KiB-aligned */
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, l1, FAKE_L1_PA + 0x400,
				 pool, FAKE_L2_PA, 4), -EINVAL);
	/* pool buffer not 1 KiB-aligned */
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, l1, FAKE_L1_PA,
				 pool + 512, FAKE_L2_PA, 4), -EINVAL);
	/* pool physical address not 1 KiB-aligned */
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, l1, FAKE_L1_PA,
				 pool, FAKE_L2_PA + 0x200, 4), -EINVAL);
	/* pool larger than PT_L2_POOL_MAX */
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, l1, FAKE_L1_PA,
				 pool, FAKE_L2_PA, PT_L2_POOL_MAX + 1), -EINVAL);
	/* no format, no L1 */
	assert_int_equal(pt_init(&pt, NULL, l1, FAKE_L1_PA, pool, FAKE_L2_PA, 4), -EINVAL);
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, NULL, FAKE_L1_PA,
				 pool, FAKE_L2_PA, 4), -EINVAL);
	/* a pool count without a pool */
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, l1, FAKE_L1_PA,
				 NULL, FAKE_L2_PA, 4), -EINVAL);
	/* None of those touched the L1 buffer. */
	assert_memory_equal(l1, pattern, PT_L1_SIZE);

	/* The largest pool is fine, and L1 is zeroed. */
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, l1, FAKE_L1_PA,
				 pool, FAKE_L2_PA, PT_L2_POOL_MAX), 0);
	for (unsigned i = 0; i < PT_L1_ENTRIES; i++)
		assert_int_equal(l1[i], 0);
	/* ... and only L1: the second 16 KiB of the buffer is untouched */
	assert_memory_equal(l1 + PT_L1_ENTRIES, pattern, PT_L1_SIZE);
	assert_int_equal(pt.l2_count, PT_L2_POOL_MAX);
	assert_int_equal(pt.l2_in_use, 0);
	assert_null(pt.hooks);
	assert_int_equal(pt_bytes_in_use(&pt), PT_L1_SIZE);

	/* No pool at all: sections still map, pages cannot. */
	memset(l1, 0xAA, PT_L1_SIZE);
	assert_int_equal(pt_init(&pt, &pt_format_armv7s, l1, FAKE_L1_PA, NULL, 0, 0), 0);
	assert_int_equal(l1[0], 0);
	assert_int_equal(pt_map(&pt, 0x40000000u, 0x40000000u, MiB, NORMAL_RW), 0);
	assert_int_equal(l1[0x400], 0x4001141eu);
	assert_int_equal(pt_map(&pt, 0x40100000u, 0x40100000u, PAGE_SIZE, NORMAL_RW), -ENOMEM);
	assert_int_equal(l1[0x401], 0);

	free(l1);
	free(pool);
}

/* ------------------------------------------------------------------ */
/* pt_map                                                              */
/* ------------------------------------------------------------------ */

static void test_map_sections(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x80000000u, 3 * MiB, NORMAL_RW), 0);
	/* 0x80000000|0x1141e, 0x80100000|..., 0x80200000|... */
	assert_int_equal(f->l1[0x400], 0x8001141eu);
	assert_int_equal(f->l1[0x401], 0x8011141eu);
	assert_int_equal(f->l1[0x402], 0x8021141eu);
	assert_int_equal(f->l1[0x3ff], 0);
	assert_int_equal(f->l1[0x403], 0);
	assert_int_equal(f->pt.l2_in_use, 0);
	assert_int_equal(pt_bytes_in_use(&f->pt), 16384);
	/* Nothing else in L1. */
	{
		unsigned nz = 0;

		for (unsigned i = 0; i < PT_L1_ENTRIES; i++)
			nz += f->l1[i] != 0;
		assert_int_equal(nz, 3);
	}
}

static void test_map_pages_one_table(void **state)
{
	struct fix *f = *state;
	uint32_t *t;

	/* 40 KiB at 0x40100000: ten small pages in one L2 table */
	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 40 * KiB, NORMAL_RW), 0);
	assert_int_equal(f->pt.l2_in_use, 1);
	assert_int_equal(pt_bytes_in_use(&f->pt), 16384 + 1024);
	/* First table taken: pool index 0 at FAKE_L2_PA -> 0x40010000 | 01 */
	assert_int_equal(f->l1[0x401], 0x40010001u);
	t = tbl(f, 0x40100000u);
	for (unsigned k = 0; k < PT_L2_ENTRIES; k++) {
		uint32_t want = k < 10 ? (0x40100000u + k * PAGE_SIZE) | PG_NORMAL_RW : 0;

		assert_int_equal(t[k], want);
	}
	/* e.g. entry 9: 0x40109000 | 0x45f */
	assert_int_equal(t[9], 0x4010945fu);
	assert_int_equal(f->pt.l2_live[0], 10);
	assert_int_equal(l1_tables(f), 1);
}

static void test_map_cross_mib(void **state)
{
	struct fix *f = *state;
	uint32_t *a, *b;

	/* va 0x400FF000 size 0x3000: page 255 of MiB 0x400, pages 0,1 of 0x401 */
	assert_int_equal(pt_map(&f->pt, 0x400ff000u, 0x900ff000u, 0x3000, DEVICE_RW), 0);
	assert_int_equal(f->pt.l2_in_use, 2);
	assert_int_equal(l1_tables(f), 2);
	a = tbl(f, 0x40000000u);
	b = tbl(f, 0x40100000u);
	assert_ptr_not_equal(a, b);
	assert_int_equal(count_nonzero(a, PT_L2_ENTRIES), 1);
	assert_int_equal(count_nonzero(b, PT_L2_ENTRIES), 2);
	/* 0x900ff000 | device RW page 0x017 */
	assert_int_equal(a[255], 0x900ff017u);
	assert_int_equal(b[0], 0x90100017u);
	assert_int_equal(b[1], 0x90101017u);
}

static void test_map_mixed(void **state)
{
	struct fix *f = *state;
	uint32_t *a, *c;

	/* 0x400FF000 + 0x102000: one page, one section, one page */
	assert_int_equal(pt_map(&f->pt, 0x400ff000u, 0x400ff000u, 0x102000, NORMAL_RX), 0);
	assert_int_equal(f->pt.l2_in_use, 2);
	a = tbl(f, 0x40000000u);
	c = tbl(f, 0x40200000u);
	assert_int_equal(a[255], 0x400ff65eu);
	assert_int_equal(f->l1[0x401], 0x4011940eu);	/* 0x40100000 | RX section */
	assert_int_equal(c[0], 0x4020065eu);
	assert_int_equal(count_nonzero(a, PT_L2_ENTRIES), 1);
	assert_int_equal(count_nonzero(c, PT_L2_ENTRIES), 1);
}

static void test_map_aligned_va_unaligned_pa(void **state)
{
	struct fix *f = *state;
	uint32_t *t;

	/* 1 MiB at a section-aligned VA but a PA only page-aligned: 256 pages */
	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x80001000u, MiB, NORMAL_RW), 0);
	assert_int_equal(f->pt.l2_in_use, 1);
	t = tbl(f, 0x40000000u);
	for (unsigned k = 0; k < PT_L2_ENTRIES; k++)
		assert_int_equal(t[k], (0x80001000u + k * PAGE_SIZE) | PG_NORMAL_RW);
	assert_int_equal(f->pt.l2_live[tbl_index(f, 0x40000000u)], 256);

	/* and a PA section-aligned but a VA that is not */
	assert_int_equal(pt_map(&f->pt, 0x50001000u, 0x80000000u, MiB, NORMAL_RW), 0);
	assert_int_equal(f->pt.l2_in_use, 3);
	assert_int_equal(tbl(f, 0x50000000u)[1], 0x8000045fu);
	assert_int_equal(tbl(f, 0x50100000u)[0], 0x800ff45fu);
}

static void test_map_refusals(void **state)
{
	struct fix *f = *state;
	struct pgtable *pt = &f->pt;

	/* Something mapped first, so "no change" is not just "still empty". */
	assert_int_equal(pt_map(pt, 0x40000000u, 0x40000000u, MiB, NORMAL_RW), 0);
	assert_int_equal(pt_map(pt, 0x40100000u, 0x40100000u, 40 * KiB, NORMAL_RW), 0);

	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, 0, NORMAL_RW), -EINVAL);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000800u, 0x50000000u, PAGE_SIZE, NORMAL_RW), -EINVAL);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000800u, PAGE_SIZE, NORMAL_RW), -EINVAL);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, 0x1800, NORMAL_RW), -EINVAL);
	/* VA wraps past 4 GiB */
	ASSERT_REFUSED(f, pt_map(pt, 0xfffff000u, 0x50000000u, 0x2000, NORMAL_RW), -EINVAL);
	ASSERT_REFUSED(f, pt_map(pt, 0xfff00000u, 0x50000000u, 2 * MiB, NORMAL_RW), -EINVAL);
	/* PA wraps past 4 GiB */
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0xfffff000u, 0x2000, NORMAL_RW), -EINVAL);
	/* W^X */
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(MT_NORMAL, PROT_R | PROT_W | PROT_X)), -EPERM);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, MiB,
				 ATTRS(MT_DEVICE, PROT_R | PROT_W | PROT_X)), -EPERM);
	/* not readable */
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(MT_NORMAL, PROT_W)), -EINVAL);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(MT_NORMAL, PROT_X)), -EINVAL);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(MT_NORMAL, 0)), -EINVAL);
	/* a user page is never writable and executable either */
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(MT_NORMAL, PROT_R | PROT_W | PROT_X | PROT_U)), -EPERM);
	/* no permission bits beyond R, W, X and U */
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(MT_NORMAL, PROT_R | 0x10)), -EINVAL);
	/* memory types */
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(MT_NONE, P_RW)), -EINVAL);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(MT_UNKNOWN, P_RW)), -EINVAL);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x50000000u, PAGE_SIZE,
				 ATTRS(77, P_RW)), -EINVAL);

	/* Overlap with a section: inside it, and a range whose first part is free */
	ASSERT_REFUSED(f, pt_map(pt, 0x40080000u, 0x60000000u, PAGE_SIZE, NORMAL_RW), -EEXIST);
	ASSERT_REFUSED(f, pt_map(pt, 0x3ff00000u, 0x60000000u, 2 * MiB, NORMAL_RW), -EEXIST);
	ASSERT_REFUSED(f, pt_map(pt, 0x3ffff000u, 0x60000000u, 0x2000, NORMAL_RW), -EEXIST);
	/* Overlap with a page: the last mapped page (0x40109000) */
	ASSERT_REFUSED(f, pt_map(pt, 0x40109000u, 0x60000000u, 0x2000, NORMAL_RW), -EEXIST);
	/* ... a section-sized range over the partly used table */
	ASSERT_REFUSED(f, pt_map(pt, 0x40100000u, 0x60000000u, MiB, NORMAL_RW), -EEXIST);
	/* ... a range that starts in free pages of that table and then hits the section
	 * after it, mapped below */
	assert_int_equal(pt_map(pt, 0x40200000u, 0x40200000u, MiB, NORMAL_RW), 0);
	ASSERT_REFUSED(f, pt_map(pt, 0x400ff000u + MiB, 0x60000000u, 0x2000, NORMAL_RW), -EEXIST);
	ASSERT_REFUSED(f, pt_map(pt, 0x40000000u, 0x40000000u, MiB, NORMAL_RW), -EEXIST);
	/* A run of whole sections over free entries whose last one is taken:
	 * by a section, by a table of pages. */
	ASSERT_REFUSED(f, pt_map(pt, 0x3fc00000u, 0x60000000u, 5 * MiB, NORMAL_RW), -EEXIST);
	assert_int_equal(pt_map(pt, 0x50300000u, 0x50300000u, PAGE_SIZE, NORMAL_RW), 0);
	ASSERT_REFUSED(f, pt_map(pt, 0x50000000u, 0x60000000u, 4 * MiB, NORMAL_RW), -EEXIST);
	/* ... and one just short of them maps. */
	assert_int_equal(pt_map(pt, 0x50000000u, 0x60000000u, 3 * MiB, NORMAL_RW), 0);
}

static void test_map_pool_exhausted(void **state)
{
	struct fix *f = *state;		/* pool of 2 */
	struct pgtable *pt = &f->pt;

	assert_int_equal(pt_map(pt, 0x40000000u, 0x40000000u, PAGE_SIZE, NORMAL_RW), 0);
	/* Needs two tables (one page each side of 0x40600000) with one free. */
	ASSERT_REFUSED(f, pt_map(pt, 0x405ff000u, 0x405ff000u, 0x2000, NORMAL_RW), -ENOMEM);
	/* Even with a section in between that would not need a table. */
	ASSERT_REFUSED(f, pt_map(pt, 0x405ff000u, 0x405ff000u, 0x102000, NORMAL_RW), -ENOMEM);
	assert_int_equal(pt_map(pt, 0x40100000u, 0x40100000u, PAGE_SIZE, NORMAL_RW), 0);
	assert_int_equal(pt->l2_in_use, 2);
	ASSERT_REFUSED(f, pt_map(pt, 0x40200000u, 0x40200000u, PAGE_SIZE, NORMAL_RW), -ENOMEM);
	/* A section needs no table; pages in an existing table need none either. */
	assert_int_equal(pt_map(pt, 0x40300000u, 0x40300000u, MiB, NORMAL_RW), 0);
	assert_int_equal(pt_map(pt, 0x40001000u, 0x40001000u, 0xff000, NORMAL_RW), 0);
	assert_int_equal(pt->l2_in_use, 2);
	assert_int_equal(count_nonzero(tbl(f, 0x40000000u), PT_L2_ENTRIES), 256);
}

static void test_map_last_page(void **state)
{
	struct fix *f = *state;
	struct pt_walk w;

	assert_int_equal(pt_map(&f->pt, 0xfffff000u, 0x40000000u, PAGE_SIZE, NORMAL_R), 0);
	assert_int_equal(tbl(f, 0xfff00000u)[255], 0x4000065fu);
	assert_int_equal(pt_walk(&f->pt, 0xffffffffu, &w), 0);
	assert_int_equal(w.pa, 0x40000fffu);
	/* and the last section, and the last page of PA space */
	assert_int_equal(pt_map(&f->pt, 0xffe00000u, 0xfff00000u, MiB, NORMAL_R), 0);
	assert_int_equal(f->l1[0xffe], 0xfff1941eu);
	assert_int_equal(pt_map(&f->pt, 0xfffff000u - PAGE_SIZE, 0xfffff000u, PAGE_SIZE, NORMAL_R), 0);
	assert_int_equal(tbl(f, 0xfff00000u)[254], 0xfffff65fu);
	assert_int_equal(pt_unmap(&f->pt, 0xffe00000u, 2 * MiB), 0);
	assert_int_equal(f->l1[0xffe], 0);
	assert_int_equal(f->l1[0xfff], 0);
	assert_int_equal(f->pt.l2_in_use, 0);
}

/* ------------------------------------------------------------------ */
/* pt_unmap                                                            */
/* ------------------------------------------------------------------ */

static void test_unmap_section(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x40000000u, 3 * MiB, NORMAL_RW), 0);
	assert_int_equal(pt_unmap(&f->pt, 0x40100000u, MiB), 0);
	assert_int_equal(f->l1[0x400], 0x4001141eu);
	assert_int_equal(f->l1[0x401], 0);
	assert_int_equal(f->l1[0x402], 0x4021141eu);
	assert_int_equal(f->pt.l2_in_use, 0);
}

static void test_unmap_split(void **state)
{
	struct fix *f = *state;
	uint32_t *t;

	/* va 0x40000000 -> pa 0x80000000, Normal RW; unmap pages 16 and 17 */
	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x80000000u, MiB, NORMAL_RW), 0);
	assert_int_equal(pt_unmap(&f->pt, 0x40010000u, 0x2000), 0);
	assert_int_equal(f->pt.l2_in_use, 1);
	assert_int_equal(f->l1[0x400], 0x40010001u);	/* table at pool 0 */
	t = tbl(f, 0x40000000u);
	for (unsigned k = 0; k < PT_L2_ENTRIES; k++) {
		/* the other 255 replicate the section: pa 0x80000000 + k pages, Normal RW */
		uint32_t want = (k == 16 || k == 17) ? 0 : (0x80000000u + k * PAGE_SIZE) | PG_NORMAL_RW;

		assert_int_equal(t[k], want);
	}
	assert_int_equal(f->pt.l2_live[0], 254);

	/* A range straddling two sections splits both. */
	assert_int_equal(pt_map(&f->pt, 0x50000000u, 0x60000000u, 2 * MiB, NORMAL_R), 0);
	assert_int_equal(pt_unmap(&f->pt, 0x50080000u, MiB), 0);
	assert_int_equal(f->pt.l2_in_use, 3);
	{
		uint32_t *a = tbl(f, 0x50000000u), *b = tbl(f, 0x50100000u);

		for (unsigned k = 0; k < PT_L2_ENTRIES; k++) {
			assert_int_equal(a[k], k < 128 ? (0x60000000u + k * PAGE_SIZE) | PG_NORMAL_R : 0);
			assert_int_equal(b[k], k >= 128 ? (0x60100000u + k * PAGE_SIZE) | PG_NORMAL_R : 0);
		}
	}

	/* Device section keeps Device attributes when split */
	assert_int_equal(pt_map(&f->pt, 0x70000000u, 0x09000000u, MiB, DEVICE_RW), 0);
	assert_int_equal(pt_unmap(&f->pt, 0x700ff000u, PAGE_SIZE), 0);
	t = tbl(f, 0x70000000u);
	assert_int_equal(t[0], 0x09000017u);
	assert_int_equal(t[254], 0x090fe017u);
	assert_int_equal(t[255], 0);
}

static void test_unmap_releases_table(void **state)
{
	struct fix *f = *state;
	struct pt_walk w;

	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 40 * KiB, NORMAL_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0x40200000u, 0x40200000u, PAGE_SIZE, NORMAL_RW), 0);
	assert_int_equal(f->pt.l2_in_use, 2);
	/* Page by page: the table goes back only with the last one. */
	for (unsigned k = 0; k < 10; k++) {
		assert_int_equal(f->pt.l2_in_use, 2);
		assert_int_not_equal(f->l1[0x401], 0);
		assert_int_equal(pt_unmap(&f->pt, 0x40100000u + k * PAGE_SIZE, PAGE_SIZE), 0);
		assert_int_equal(f->pt.l2_live[0], 9 - k);
	}
	assert_int_equal(f->pt.l2_in_use, 1);
	assert_int_equal(f->l1[0x401], 0);
	assert_int_equal(f->pt.l2_allocated[0], 0);
	assert_int_equal(pt_walk(&f->pt, 0x40100000u, &w), -ENOENT);
	/* The freed table is the one taken next. */
	assert_int_equal(pt_map(&f->pt, 0x40500000u, 0x40500000u, PAGE_SIZE, NORMAL_RW), 0);
	assert_int_equal(f->l1[0x405], 0x40010001u);
	/* One call emptying two tables (a range over more than the mapped pages) */
	assert_int_equal(pt_unmap(&f->pt, 0x40200000u, 4 * MiB), 0);
	assert_int_equal(f->pt.l2_in_use, 0);
	assert_int_equal(l1_tables(f), 0);
	assert_int_equal(pt_bytes_in_use(&f->pt), 16384);
}

static void test_unmap_unmapped(void **state)
{
	struct fix *f = *state;

	/* empty L1 */
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40000000u, 0x5000), 0);
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40000000u, 16 * MiB), 0);
	/* unmapped pages inside a live table */
	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 40 * KiB, NORMAL_RW), 0);
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40120000u, 0x3000), 0);
	assert_int_equal(f->pt.l2_in_use, 1);
	/* bad arguments */
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40100000u, 0), -EINVAL);
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40100800u, PAGE_SIZE), -EINVAL);
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40100000u, 0x800), -EINVAL);
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0xfffff000u, 0x2000), -EINVAL);
}

static void test_unmap_split_enomem(void **state)
{
	struct fix *f = *state;		/* pool of 1 */

	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x40000000u, PAGE_SIZE, NORMAL_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 2 * MiB, NORMAL_RW), 0);
	assert_int_equal(f->pt.l2_in_use, 1);
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40100000u, PAGE_SIZE), -ENOMEM);
	/* Whole section first, then a split: the whole section must survive too. */
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40100000u, MiB + PAGE_SIZE), -ENOMEM);
	ASSERT_REFUSED(f, pt_protect(&f->pt, 0x40100000u, PAGE_SIZE, NORMAL_R), -ENOMEM);
	/* Whole sections need no table. */
	assert_int_equal(pt_unmap(&f->pt, 0x40100000u, MiB), 0);
	assert_int_equal(f->l1[0x401], 0);
	assert_int_equal(f->l1[0x402], 0x4021141eu);
}

/* No pool at all: sections map and unmap whole, nothing can be split. */
static void test_split_no_pool(void **state)
{
	struct fix *f = *state;		/* pool of 0 */

	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x40000000u, 2 * MiB, NORMAL_RW), 0);
	ASSERT_REFUSED(f, pt_map(&f->pt, 0x40200000u, 0x40200000u, PAGE_SIZE, NORMAL_RW), -ENOMEM);
	ASSERT_REFUSED(f, pt_unmap(&f->pt, 0x40000000u, PAGE_SIZE), -ENOMEM);
	ASSERT_REFUSED(f, pt_protect(&f->pt, 0x401ff000u, PAGE_SIZE, NORMAL_R), -ENOMEM);
	assert_int_equal(pt_protect(&f->pt, 0x40100000u, MiB, NORMAL_R), 0);
	assert_int_equal(f->l1[0x401], 0x4011941eu);
	assert_int_equal(pt_unmap(&f->pt, 0x40000000u, 2 * MiB), 0);
	assert_int_equal(f->l1[0x400], 0);
	assert_int_equal(f->l1[0x401], 0);
}

/* ------------------------------------------------------------------ */
/* pt_protect                                                          */
/* ------------------------------------------------------------------ */

static void test_protect_split_one_page(void **state)
{
	struct fix *f = *state;
	uint32_t *t;

	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x40000000u, MiB, NORMAL_RW), 0);
	assert_int_equal(pt_protect(&f->pt, 0x40003000u, PAGE_SIZE, NORMAL_R), 0);
	assert_int_equal(f->pt.l2_in_use, 1);
	t = tbl(f, 0x40000000u);
	for (unsigned k = 0; k < PT_L2_ENTRIES; k++)
		assert_int_equal(t[k], (0x40000000u + k * PAGE_SIZE) |
				 (k == 3 ? PG_NORMAL_R : PG_NORMAL_RW));
	assert_int_equal(f->pt.l2_live[tbl_index(f, 0x40000000u)], 256);
}

static void test_protect_section_and_pages(void **state)
{
	struct fix *f = *state;
	uint32_t *t;

	/* A whole section changes in place: no table */
	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x80000000u, MiB, NORMAL_RW), 0);
	assert_int_equal(pt_protect(&f->pt, 0x40000000u, MiB, NORMAL_RX), 0);
	assert_int_equal(f->l1[0x400], 0x8001940eu);
	assert_int_equal(f->pt.l2_in_use, 0);
	/* ... even to another memory type: Device RW section 0x80000416 */
	assert_int_equal(pt_protect(&f->pt, 0x40000000u, MiB, DEVICE_RW), 0);
	assert_int_equal(f->l1[0x400], 0x80000416u);

	/* Pages: the PA of each page is kept */
	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x90000000u, 0x5000, NORMAL_RW), 0);
	assert_int_equal(pt_protect(&f->pt, 0x40101000u, 0x3000, NORMAL_RX), 0);
	t = tbl(f, 0x40100000u);
	assert_int_equal(t[0], 0x9000045fu);
	assert_int_equal(t[1], 0x9000165eu);
	assert_int_equal(t[2], 0x9000265eu);
	assert_int_equal(t[3], 0x9000365eu);
	assert_int_equal(t[4], 0x9000445fu);
	assert_int_equal(count_nonzero(t, PT_L2_ENTRIES), 5);
	assert_int_equal(f->pt.l2_live[tbl_index(f, 0x40100000u)], 5);

	/* A range over a section and pages */
	assert_int_equal(pt_map(&f->pt, 0x40200000u, 0xa0000000u, MiB + 0x2000, NORMAL_RW), 0);
	assert_int_equal(pt_protect(&f->pt, 0x40200000u, MiB + 0x2000, NORMAL_R), 0);
	assert_int_equal(f->l1[0x402], 0xa001941eu);
	assert_int_equal(tbl(f, 0x40300000u)[0], 0xa010065fu);
	assert_int_equal(tbl(f, 0x40300000u)[1], 0xa010165fu);
}

static void test_protect_refusals(void **state)
{
	struct fix *f = *state;
	struct pgtable *pt = &f->pt;

	assert_int_equal(pt_map(pt, 0x40000000u, 0x40000000u, MiB, NORMAL_RW), 0);
	assert_int_equal(pt_map(pt, 0x40100000u, 0x40100000u, 40 * KiB, NORMAL_RW), 0);

	/* Any unmapped page: -ENOENT */
	ASSERT_REFUSED(f, pt_protect(pt, 0x40100000u, 44 * KiB, NORMAL_R), -ENOENT);
	ASSERT_REFUSED(f, pt_protect(pt, 0x4010a000u, PAGE_SIZE, NORMAL_R), -ENOENT);
	ASSERT_REFUSED(f, pt_protect(pt, 0x3ffff000u, 0x2000, NORMAL_R), -ENOENT);
	/* section then the free rest of the table's MiB: the section is not split */
	ASSERT_REFUSED(f, pt_protect(pt, 0x400ff000u, 0x102000, NORMAL_R), -ENOENT);
	ASSERT_REFUSED(f, pt_protect(pt, 0x50000000u, MiB, NORMAL_R), -ENOENT);
	/* W^X and other attributes */
	ASSERT_REFUSED(f, pt_protect(pt, 0x40000000u, MiB,
				     ATTRS(MT_NORMAL, PROT_R | PROT_W | PROT_X)), -EPERM);
	ASSERT_REFUSED(f, pt_protect(pt, 0x40100000u, PAGE_SIZE,
				     ATTRS(MT_NORMAL, PROT_R | PROT_W | PROT_X)), -EPERM);
	ASSERT_REFUSED(f, pt_protect(pt, 0x40100000u, PAGE_SIZE, ATTRS(MT_NONE, P_R)), -EINVAL);
	ASSERT_REFUSED(f, pt_protect(pt, 0x40100000u, PAGE_SIZE, ATTRS(MT_NORMAL, PROT_W)), -EINVAL);
	/* range */
	ASSERT_REFUSED(f, pt_protect(pt, 0x40100000u, 0, NORMAL_R), -EINVAL);
	ASSERT_REFUSED(f, pt_protect(pt, 0x40100100u, PAGE_SIZE, NORMAL_R), -EINVAL);
	ASSERT_REFUSED(f, pt_protect(pt, 0xfffff000u, 0x2000, NORMAL_R), -EINVAL);
}

/* ------------------------------------------------------------------ */
/* Break-before-make                                                   */
/* ------------------------------------------------------------------ */

/* A run of sections is written once and synced once, as one range (B3.10.1). */
static void test_map_section_run_is_synced_once(void **state)
{
	struct fix *f = *state;
	const uint32_t *slot = &f->l1[0x400];

	rec_start(f, 0x40000000u);
	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x80000000u, 3 * MiB, NORMAL_RW), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 1);
	ev_is_sync(0, slot, 3);
	assert_int_equal(g_rec.ev[0].val[2], 0x8021141eu);
}

/*
 * (a) a live section changes permissions only: rewritten in place (no
 * break: B3.10.1 needs one only when the type, shareability, output address
 * or size change), then its TLB entries go.
 */
static void test_protect_section_prot_only_in_place(void **state)
{
	struct fix *f = *state;
	const uint32_t *slot = &f->l1[0x400];

	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x40000000u, MiB, NORMAL_RW), 0);
	rec_start(f, 0x40000000u);
	assert_int_equal(pt_protect(&f->pt, 0x40000000u, MiB, NORMAL_R), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 2);
	ev_is_sync(0, slot, 1);
	assert_int_equal(g_rec.ev[0].val[0], 0x4001941eu);	/* never 0 in between */
	ev_is_inval(1, 0x40000000u, MiB);
	assert_int_equal(g_rec.ev[1].watch, 0x4001941eu);
	assert_int_equal(*slot, 0x4001941eu);

	/* Same attributes again: nothing to do, no maintenance */
	rec_start(f, 0x40000000u);
	assert_int_equal(pt_protect(&f->pt, 0x40000000u, MiB, NORMAL_R), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 0);
}

/*
 * (a2) a live section changes memory type, Normal -> Device: flushed by VA
 * while still mapped cacheable, then break (clear, sync, inval), then make,
 * then flushed again.
 */
static void test_bbm_protect_section_type_change(void **state)
{
	struct fix *f = *state;
	const uint32_t *slot = &f->l1[0x400];

	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x40000000u, MiB, NORMAL_RW), 0);
	rec_start(f, 0x40000000u);
	assert_int_equal(pt_protect(&f->pt, 0x40000000u, MiB, DEVICE_RW), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 5);
	ev_is_flush(0, 0x40000000u, MiB);
	assert_int_equal(g_rec.ev[0].watch, 0x4001141eu);	/* still the cacheable section */
	ev_is_sync(1, slot, 1);
	assert_int_equal(g_rec.ev[1].val[0], 0);
	ev_is_inval(2, 0x40000000u, MiB);
	assert_int_equal(g_rec.ev[2].watch, 0);		/* still clear at inval */
	ev_is_sync(3, slot, 1);
	assert_int_equal(g_rec.ev[3].val[0], 0x40000000u | SEC_DEVICE_RW);
	/* and once more through the Device mapping: what a speculative
	 * access refilled before the break goes too */
	ev_is_flush(4, 0x40000000u, MiB);
	assert_int_equal(g_rec.ev[4].watch, 0x40000000u | SEC_DEVICE_RW);

	/* Device -> Normal: a break, but nothing cacheable to flush */
	rec_start(f, 0x40000000u);
	assert_int_equal(pt_protect(&f->pt, 0x40000000u, MiB, NORMAL_RW), 0);
	rec_ok();
	assert_int_equal(count_kind(EV_FLUSH), 0);
	assert_int_equal(g_rec.n, 3);
	assert_int_equal(g_rec.ev[0].val[0], 0);
}

/* (b) a split: the new table is complete and synced before L1 is broken */
static void test_bbm_split(void **state)
{
	struct fix *f = *state;
	const uint32_t *slot = &f->l1[0x400];
	const uint32_t *t0 = f->pool[0];

	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x80000000u, MiB, NORMAL_RW), 0);
	rec_start(f, 0x40000000u);
	assert_int_equal(pt_unmap(&f->pt, 0x40005000u, PAGE_SIZE), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 7);

	/* 1: the whole new table, every entry replicating the section, synced
	 *    while L1 still holds the old section */
	ev_is_sync(0, t0, PT_L2_ENTRIES);
	for (unsigned k = 0; k < PT_L2_ENTRIES; k++)
		assert_int_equal(g_rec.ev[0].val[k], (0x80000000u + k * PAGE_SIZE) | PG_NORMAL_RW);
	assert_int_equal(g_rec.ev[0].watch, 0x8001141eu);
	/* 2: L1 cleared and synced */
	ev_is_sync(1, slot, 1);
	assert_int_equal(g_rec.ev[1].val[0], 0);
	/* 3: the section's TLB entries go */
	ev_is_inval(2, 0x40000000u, MiB);
	assert_int_equal(g_rec.ev[2].watch, 0);
	/* 4: L1 becomes the table descriptor */
	ev_is_sync(3, slot, 1);
	assert_int_equal(g_rec.ev[3].val[0], 0x40010001u);
	/* 5, 6, 7: the unmapped (cacheable) page flushed while mapped, then
	 * cleared and synced, then invalidated */
	ev_is_flush(4, 0x40005000u, PAGE_SIZE);
	ev_is_sync(5, &t0[5], 1);
	assert_int_equal(g_rec.ev[5].val[0], 0);
	ev_is_inval(6, 0x40005000u, PAGE_SIZE);
}

/* The page-level union of inval calls is exactly [va, va+size). */
static void assert_page_invals_cover(uintptr_t va, size_t size)
{
	uintptr_t next = va;

	for (unsigned i = 0; i < g_rec.n; i++) {
		const struct ev *e = &g_rec.ev[i];

		if (e->kind != EV_INVAL || e->size == MiB)
			continue;
		assert_int_equal(e->va, next);
		next += e->size;
	}
	assert_int_equal(next, va + size);
}

/* The inval hook says whether what went away was cacheable: a virtually
 * tagged cache must clean Normal memory, never Device memory. */
static void test_inval_says_whether_cacheable(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 0x2000, NORMAL_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0xf0000000u, 0x09000000u, 0x1000, DEVICE_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0x40200000u, 0x40200000u, MiB, NORMAL_RW), 0);

	rec_start(f, 0x40100000u);
	assert_int_equal(pt_unmap(&f->pt, 0x40100000u, 0x1000), 0);
	rec_ok();
	ev_is_flush(0, 0x40100000u, 0x1000);
	ev_is_inval(2, 0x40100000u, 0x1000);
	assert_true(g_rec.ev[2].cached);

	rec_start(f, 0xf0000000u);
	assert_int_equal(pt_unmap(&f->pt, 0xf0000000u, 0x1000), 0);
	rec_ok();
	ev_is_inval(1, 0xf0000000u, 0x1000);
	assert_false(g_rec.ev[1].cached);
	ev_is_inval(3, 0xf0000000u, MiB);	/* the emptied table: nothing cached left */
	assert_false(g_rec.ev[3].cached);

	/* Splitting keeps every translation: its break is TLB work only; the
	 * one page then unmapped is cacheable memory. */
	rec_start(f, 0x40200000u);
	assert_int_equal(pt_unmap(&f->pt, 0x40205000u, 0x1000), 0);
	rec_ok();
	for (unsigned k = 0; k < g_rec.n; k++) {
		const struct ev *e = &g_rec.ev[k];

		if (e->kind == EV_INVAL)
			assert_int_equal(e->cached, e->size == 0x1000);
	}
}

/* (c) unmapping pages: zeros are synced, then exactly that VA is invalidated */
static void test_bbm_unmap_pages(void **state)
{
	struct fix *f = *state;
	const uint32_t *t0;

	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 40 * KiB, NORMAL_RW), 0);
	t0 = tbl(f, 0x40100000u);

	rec_start(f, 0x40100000u);
	assert_int_equal(pt_unmap(&f->pt, 0x40102000u, 0x3000), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 3);
	ev_is_flush(0, 0x40102000u, 0x3000);
	ev_is_sync(1, &t0[2], 3);
	assert_int_equal(g_rec.ev[1].val[0], 0);
	assert_int_equal(g_rec.ev[1].val[1], 0);
	assert_int_equal(g_rec.ev[1].val[2], 0);
	ev_is_inval(2, 0x40102000u, 0x3000);

	/* The rest: the table empties, so L1 is cleared, synced, invalidated. */
	rec_start(f, 0x40100000u);
	assert_int_equal(pt_unmap(&f->pt, 0x40100000u, 40 * KiB), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 6);
	ev_is_flush(0, 0x40100000u, 0x2000);	/* the pages still mapped ... */
	ev_is_flush(1, 0x40105000u, 0x5000);	/* ... and only those */
	ev_is_sync(2, &t0[0], 10);
	for (unsigned k = 0; k < 10; k++)
		assert_int_equal(g_rec.ev[2].val[k], 0);
	ev_is_inval(3, 0x40100000u, 40 * KiB);
	ev_is_sync(4, &f->l1[0x401], 1);
	assert_int_equal(g_rec.ev[4].val[0], 0);
	ev_is_inval(5, 0x40100000u, MiB);
	assert_int_equal(f->pt.l2_in_use, 0);

	/* Across a MiB boundary: every synced entry is zero, invals are exact */
	assert_int_equal(pt_map(&f->pt, 0x401fc000u, 0x401fc000u, 0x8000, NORMAL_RW), 0);
	rec_start(f, 0x40100000u);
	assert_int_equal(pt_unmap(&f->pt, 0x401fe000u, 0x4000), 0);
	rec_ok();
	for (unsigned i = 0; i < g_rec.n; i++)
		if (g_rec.ev[i].kind == EV_SYNC)
			for (size_t k = 0; k < g_rec.ev[i].count; k++)
				assert_int_equal(g_rec.ev[i].val[k], 0);
	assert_page_invals_cover(0x401fe000u, 0x4000);
}

/* (a3) live pages change permissions only: new values synced in place, then
 * inval; never a zero in between. */
static void test_protect_pages_prot_only_in_place(void **state)
{
	struct fix *f = *state;
	const uint32_t *t0;

	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 40 * KiB, NORMAL_RW), 0);
	t0 = tbl(f, 0x40100000u);
	rec_start(f, 0x40100000u);
	assert_int_equal(pt_protect(&f->pt, 0x40104000u, 0x2000, NORMAL_R), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 2);
	ev_is_sync(0, &t0[4], 2);
	assert_int_equal(g_rec.ev[0].val[0], 0x4010465fu);
	assert_int_equal(g_rec.ev[0].val[1], 0x4010565fu);
	ev_is_inval(1, 0x40104000u, 0x2000);
	assert_int_equal(f->pt.l2_live[tbl_index(f, 0x40100000u)], 10);
}

/* (a4) live pages change memory type, Normal -> non-cacheable: flush while
 * mapped, zeros synced, inval, new values synced, flush again. */
static void test_bbm_protect_pages_type_change(void **state)
{
	struct fix *f = *state;
	const uint32_t *t0;

	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 40 * KiB, NORMAL_RW), 0);
	t0 = tbl(f, 0x40100000u);
	rec_start(f, 0x40100000u);
	assert_int_equal(pt_protect(&f->pt, 0x40104000u, 0x2000, ATTRS(MT_NORMAL_NC, P_RW)), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 5);
	ev_is_flush(0, 0x40104000u, 0x2000);
	ev_is_sync(1, &t0[4], 2);
	assert_int_equal(g_rec.ev[1].val[0], 0);
	assert_int_equal(g_rec.ev[1].val[1], 0);
	ev_is_inval(2, 0x40104000u, 0x2000);
	ev_is_sync(3, &t0[4], 2);
	assert_int_equal(g_rec.ev[3].val[0], t0[4]);
	assert_int_not_equal(t0[4], 0x4010465fu);
	assert_int_equal(t0[4] & ~0xfffu, 0x40104000u);
	assert_int_equal(f->pt.l2_live[tbl_index(f, 0x40100000u)], 10);
	ev_is_flush(4, 0x40104000u, 0x2000);	/* again, through the new mapping */
}

/*
 * Issue 11 item 5: a clean+invalidate is asked for, by VA and before any
 * entry of the range is cleared, exactly when cacheable memory goes away or
 * becomes non-cacheable; never for Device memory, a split or a permission
 * change.
 */
static void test_flush_only_where_cacheability_is_lost(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 0x4000, NORMAL_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0x40104000u, 0x09000000u, 0x2000, DEVICE_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0x40106000u, 0x40106000u, 0x2000, NORMAL_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0x40200000u, 0x40200000u, MiB, NORMAL_RW), 0);

	/* Unmapping Normal, Device, Normal: one flush per cacheable run, each
	 * before the first clearing sync. */
	rec_start(f, 0x40100000u);
	assert_int_equal(pt_unmap(&f->pt, 0x40101000u, 0x6000), 0);
	rec_ok();
	ev_is_flush(0, 0x40101000u, 0x3000);
	ev_is_flush(1, 0x40106000u, 0x1000);
	assert_int_equal(count_kind(EV_FLUSH), 2);
	ev_is_sync(2, &tbl(f, 0x40100000u)[1], 6);

	/* A split and a permission change keep every line's meaning */
	rec_start(f, 0x40200000u);
	assert_int_equal(pt_protect(&f->pt, 0x40203000u, 0x1000, NORMAL_R), 0);
	rec_ok();
	assert_int_equal(count_kind(EV_FLUSH), 0);

	/* Unmapping the whole Normal section: flushed while still mapped */
	assert_int_equal(pt_map(&f->pt, 0x40300000u, 0x40300000u, MiB, NORMAL_RW), 0);
	rec_start(f, 0x40300000u);
	assert_int_equal(pt_unmap(&f->pt, 0x40300000u, MiB), 0);
	rec_ok();
	ev_is_flush(0, 0x40300000u, MiB);
	assert_int_equal(g_rec.ev[0].watch, 0x4031141eu);
	ev_is_sync(1, &f->l1[0x403], 1);

	/* Unmapping Device memory: nothing to flush */
	rec_start(f, 0x40100000u);
	assert_int_equal(pt_unmap(&f->pt, 0x40104000u, 0x1000), 0);
	rec_ok();
	assert_int_equal(count_kind(EV_FLUSH), 0);
}

/* Index of the first sync event that covered *p while it held v, or -1. */
static int find_sync(const uint32_t *p, uint32_t v)
{
	for (unsigned i = 0; i < g_rec.n; i++) {
		const struct ev *e = &g_rec.ev[i];

		if (e->kind == EV_SYNC && p >= e->p && p < e->p + e->count &&
		    (size_t)(p - e->p) < PT_L2_ENTRIES && e->val[p - e->p] == v)
			return (int)i;
	}
	return -1;
}

/* (d) a fresh map into empty space: no invalidation, L2 synced before L1 */
static void test_bbm_fresh_map(void **state)
{
	struct fix *f = *state;
	const uint32_t *slot = &f->l1[0x401];
	int l1_ev;

	/* A section into nothing: one sync of the L1 slot, no inval */
	rec_start(f, 0x40000000u);
	assert_int_equal(pt_map(&f->pt, 0x40000000u, 0x40000000u, MiB, NORMAL_RW), 0);
	rec_ok();
	assert_int_equal(g_rec.n, 1);
	ev_is_sync(0, &f->l1[0x400], 1);
	assert_int_equal(g_rec.ev[0].val[0], 0x4001141eu);

	/* Pages into nothing: no inval; the page entries are synced with their
	 * final values before the L1 slot is synced as the table descriptor,
	 * and that is the last thing done. */
	rec_start(f, 0x40100000u);
	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 0x3000, NORMAL_RW), 0);
	rec_ok();
	assert_int_equal(count_kind(EV_INVAL), 0);
	l1_ev = find_sync(slot, 0x40010001u);
	assert_true(l1_ev >= 0);
	assert_int_equal(l1_ev, (int)g_rec.n - 1);
	for (unsigned k = 0; k < 3; k++) {
		int i = find_sync(&f->pool[0][k], (0x40100000u + k * PAGE_SIZE) | PG_NORMAL_RW);

		assert_true(i >= 0);
		assert_true(i < l1_ev);
	}

	/* More pages into the same table: still no inval, the entries synced */
	rec_start(f, 0x40100000u);
	assert_int_equal(pt_map(&f->pt, 0x40180000u, 0x40180000u, 0x2000, NORMAL_R), 0);
	rec_ok();
	assert_int_equal(count_kind(EV_INVAL), 0);
	assert_true(find_sync(&f->pool[0][0x80], 0x4018065fu) >= 0);
	assert_true(find_sync(&f->pool[0][0x81], 0x4018165fu) >= 0);
	assert_int_equal(*slot, 0x40010001u);
}

/*
 * (d, strict) The table must be complete and visible before the L1 entry
 * that publishes it is even written: a walker (speculative, or one that sees
 * the L1 store early through a line eviction) must never find the new table
 * descriptor while the table still holds stale pool contents. split_section()
 * does exactly this; pt_map() does not.
 */
static void test_bbm_fresh_map_table_before_l1(void **state)
{
	struct fix *f = *state;
	bool covered[PT_L2_ENTRIES] = { false };
	const uint32_t *t0 = f->pool[0];
	int i;

	rec_start(f, 0x40100000u);
	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, 0x3000, NORMAL_RW), 0);
	rec_ok();
	i = find_sync(&t0[0], 0x4010045fu);
	assert_true(i >= 0);
	/* The page entries are synced while the L1 slot is still empty: a
	 * walker must never see a table descriptor before the table. */
	assert_int_equal(g_rec.ev[i].watch, 0);

	/* All 256 entries of the new table, zeroes included, are synced with
	 * their final values before the L1 entry: a walker that is not coherent
	 * with the data cache must not read stale pool memory. */
	for (unsigned k = 0; k < g_rec.n; k++) {
		const struct ev *e = &g_rec.ev[k];

		if (e->kind != EV_SYNC || e->watch != 0 || e->p < t0 || e->p >= t0 + PT_L2_ENTRIES)
			continue;
		for (size_t j = 0; j < e->count && (size_t)(e->p - t0) + j < PT_L2_ENTRIES; j++)
			if (e->val[j] == t0[(e->p - t0) + j])
				covered[(e->p - t0) + j] = true;
	}
	for (unsigned k = 0; k < PT_L2_ENTRIES; k++)
		assert_true(covered[k]);
	/* and the L1 entry is published last */
	assert_int_equal(find_sync(&f->l1[0x401], 0x40010001u), (int)g_rec.n - 1);
}

/* ------------------------------------------------------------------ */
/* pt_walk                                                             */
/* ------------------------------------------------------------------ */

static void test_walk(void **state)
{
	struct fix *f = *state;
	struct pt_walk w;

	assert_int_equal(pt_map(&f->pt, 0x50000000u, 0x40000000u, MiB, NORMAL_RW), 0);
	assert_int_equal(pt_map(&f->pt, 0x60001000u, 0x70005000u, PAGE_SIZE, DEVICE_RW), 0);

	/* section: pa keeps the 20-bit offset */
	assert_int_equal(pt_walk(&f->pt, 0x50012345u, &w), 0);
	assert_true(w.mapped);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.pa, 0x40012345u);
	assert_int_equal(w.attrs.type, MT_NORMAL);
	assert_int_equal(w.attrs.prot, P_RW);
	assert_int_equal(w.l1.kind, PTE_SECTION);
	assert_int_equal(w.l2.kind, PTE_FAULT);

	/* page: pa keeps the 12-bit offset */
	assert_int_equal(pt_walk(&f->pt, 0x60001abcu, &w), 0);
	assert_true(w.mapped);
	assert_int_equal(w.level, 2);
	assert_int_equal(w.pa, 0x70005abcu);
	assert_int_equal(w.attrs.type, MT_DEVICE);
	assert_int_equal(w.attrs.prot, P_RW);
	assert_int_equal(w.l1.kind, PTE_TABLE);
	assert_int_equal(w.l1.pa, FAKE_L2_PA);
	assert_int_equal(w.l2.kind, PTE_PAGE);
	assert_int_equal(w.l2.raw, 0x70005017u);

	/* unmapped at level 1 */
	memset(&w, 0xff, sizeof(w));
	assert_int_equal(pt_walk(&f->pt, 0x70000000u, &w), -ENOENT);
	assert_false(w.mapped);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.l1.kind, PTE_FAULT);

	/* unmapped at level 2, in a live table */
	memset(&w, 0xff, sizeof(w));
	assert_int_equal(pt_walk(&f->pt, 0x60002000u, &w), -ENOENT);
	assert_false(w.mapped);
	assert_int_equal(w.level, 2);
	assert_int_equal(w.l1.kind, PTE_TABLE);
	assert_int_equal(w.l2.kind, PTE_FAULT);
}

/* ------------------------------------------------------------------ */
/* pt_for_each_range and pt_range_format                               */
/* ------------------------------------------------------------------ */

#define COLLECT_MAX	8192

struct collect {
	struct pt_range r[COLLECT_MAX];
	unsigned n;
	unsigned stop_at;	/* return stop_ret from call number stop_at (1-based) */
	int stop_ret;
	bool overflow;
};

static struct collect g_col;

static int collect_fn(void *ctx, const struct pt_range *r)
{
	struct collect *c = ctx;

	if (c->n >= COLLECT_MAX) {
		c->overflow = true;
		return -1;
	}
	c->r[c->n++] = *r;
	return (c->stop_at && c->n == c->stop_at) ? c->stop_ret : 0;
}

struct want_range {
	uint32_t va, pa, size;
	uint8_t type, prot;
	bool shareable;
	unsigned sections, pages;
};

static void assert_range(const struct pt_range *r, const struct want_range *w)
{
	assert_int_equal(r->va, w->va);
	assert_int_equal(r->pa, w->pa);
	assert_int_equal(r->size, w->size);
	assert_int_equal(r->attrs.type, w->type);
	assert_int_equal(r->attrs.prot, w->prot);
	assert_int_equal(r->shareable, w->shareable);
	assert_int_equal(r->sections, w->sections);
	assert_int_equal(r->pages, w->pages);
}

/* The firmware's layout: text RX, rodata R, data RW, a guard page, RW to the
 * end of the MiB and then RW sections, plus a UART page. */
static void map_fw_layout(struct fix *f)
{
	struct pgtable *pt = &f->pt;

	assert_int_equal(pt_map(pt, 0x40010000u, 0x40010000u, 0x5000, NORMAL_RX), 0);
	assert_int_equal(pt_map(pt, 0x40015000u, 0x40015000u, 0x3000, NORMAL_R), 0);
	assert_int_equal(pt_map(pt, 0x40018000u, 0x40018000u, 0x4000, NORMAL_RW), 0);
	/* guard page at 0x4001c000 */
	assert_int_equal(pt_map(pt, 0x4001d000u, 0x4001d000u, 0xe3000, NORMAL_RW), 0);
	assert_int_equal(pt_map(pt, 0x40100000u, 0x40100000u, 3 * MiB, NORMAL_RW), 0);
	assert_int_equal(pt_map(pt, 0xf0000000u, 0x09000000u, PAGE_SIZE, DEVICE_RW), 0);
}

static void test_dump_layout(void **state)
{
	struct fix *f = *state;
	static const struct want_range want[] = {
		{ 0x40010000u, 0x40010000u, 0x5000, MT_NORMAL, P_RX, true, 0, 5 },
		{ 0x40015000u, 0x40015000u, 0x3000, MT_NORMAL, P_R, true, 0, 3 },
		{ 0x40018000u, 0x40018000u, 0x4000, MT_NORMAL, P_RW, true, 0, 4 },
		/* 0xe3000 of pages (227) then 3 sections, one run */
		{ 0x4001d000u, 0x4001d000u, 0x3e3000, MT_NORMAL, P_RW, true, 3, 227 },
		{ 0xf0000000u, 0x09000000u, 0x1000, MT_DEVICE, P_RW, true, 0, 1 },
	};

	map_fw_layout(f);
	memset(&g_col, 0, sizeof(g_col));
	assert_int_equal(pt_for_each_range(&f->pt, collect_fn, &g_col), 0);
	assert_int_equal(g_col.n, sizeof(want) / sizeof(want[0]));
	for (unsigned i = 0; i < g_col.n; i++)
		assert_range(&g_col.r[i], &want[i]);
}

static void test_dump_no_merge(void **state)
{
	struct fix *f = *state;
	struct pgtable *pt = &f->pt;
	static const struct want_range want[] = {
		{ 0x50000000u, 0x60000000u, 0x2000, MT_NORMAL, P_RW, true, 0, 2 },
		{ 0x50002000u, 0x70000000u, 0x1000, MT_NORMAL, P_RW, true, 0, 1 },
		{ 0x50003000u, 0x70001000u, 0x1000, MT_NORMAL_NC, P_RW, true, 0, 1 },
		{ 0x51000000u, 0x80000000u, MiB, MT_NORMAL, P_R, true, 1, 0 },
		{ 0x51100000u, 0x90000000u, MiB, MT_NORMAL, P_R, true, 1, 0 },
		/* PA contiguous with the last one but VA not: separate */
		{ 0x51300000u, 0x90100000u, MiB, MT_NORMAL, P_R, true, 1, 0 },
		/* contiguous VA and PA across a table and a section: merged */
		{ 0x522ff000u, 0xa00ff000u, MiB + PAGE_SIZE, MT_NORMAL, P_R, true, 1, 1 },
	};

	/* VA contiguous, PA not */
	assert_int_equal(pt_map(pt, 0x50000000u, 0x60000000u, 0x2000, NORMAL_RW), 0);
	assert_int_equal(pt_map(pt, 0x50002000u, 0x70000000u, 0x1000, NORMAL_RW), 0);
	/* VA and PA contiguous, type differs */
	assert_int_equal(pt_map(pt, 0x50003000u, 0x70001000u, 0x1000,
				ATTRS(MT_NORMAL_NC, P_RW)), 0);
	/* sections, PA not contiguous */
	assert_int_equal(pt_map(pt, 0x51000000u, 0x80000000u, MiB, NORMAL_R), 0);
	assert_int_equal(pt_map(pt, 0x51100000u, 0x90000000u, MiB, NORMAL_R), 0);
	assert_int_equal(pt_map(pt, 0x51300000u, 0x90100000u, MiB, NORMAL_R), 0);
	assert_int_equal(pt_map(pt, 0x522ff000u, 0xa00ff000u, MiB + PAGE_SIZE, NORMAL_R), 0);

	memset(&g_col, 0, sizeof(g_col));
	assert_int_equal(pt_for_each_range(pt, collect_fn, &g_col), 0);
	assert_int_equal(g_col.n, sizeof(want) / sizeof(want[0]));
	for (unsigned i = 0; i < g_col.n; i++)
		assert_range(&g_col.r[i], &want[i]);

	/* An empty table has no ranges. */
	assert_int_equal(pt_unmap(pt, 0x50000000u, 0x3000000u), 0);
	memset(&g_col, 0, sizeof(g_col));
	assert_int_equal(pt_for_each_range(pt, collect_fn, &g_col), 0);
	assert_int_equal(g_col.n, 0);
}

static void test_dump_stop_early(void **state)
{
	struct fix *f = *state;

	map_fw_layout(f);
	memset(&g_col, 0, sizeof(g_col));
	g_col.stop_at = 2;
	g_col.stop_ret = 42;
	assert_int_equal(pt_for_each_range(&f->pt, collect_fn, &g_col), 42);
	assert_int_equal(g_col.n, 2);
	assert_int_equal(g_col.r[1].va, 0x40015000u);

	/* stopping on the very last range, flushed at the end of the walk */
	memset(&g_col, 0, sizeof(g_col));
	g_col.stop_at = 5;
	g_col.stop_ret = -7;
	assert_int_equal(pt_for_each_range(&f->pt, collect_fn, &g_col), -7);
	assert_int_equal(g_col.n, 5);
}

/* pt_for_each_range_in(): only the part of the table holding the range is
 * walked, merged within it; a part that starts or ends inside a next-level
 * table or a section, and one past the last mapping, each say so. */
static void test_dump_part(void **state)
{
	struct fix *f = *state;
	static const struct want_range rodata_to_guard[] = {
		{ 0x40015000u, 0x40015000u, 0x3000, MT_NORMAL, P_R, true, 0, 3 },
		{ 0x40018000u, 0x40018000u, 0x4000, MT_NORMAL, P_RW, true, 0, 4 },
	};
	static const struct want_range one_section[] = {
		{ 0x40200000u, 0x40200000u, MiB, MT_NORMAL, P_RW, true, 1, 0 },
	};

	map_fw_layout(f);
	/* From inside rodata to inside the guard page: rodata whole (the
	 * walk starts at its first page there), data, nothing after. */
	memset(&g_col, 0, sizeof(g_col));
	assert_int_equal(pt_for_each_range_in(&f->pt, 0x40015000u, 0x7800, collect_fn, &g_col), 0);
	assert_int_equal(g_col.n, 2);
	for (unsigned i = 0; i < g_col.n; i++)
		assert_range(&g_col.r[i], &rodata_to_guard[i]);
	/* One byte in the middle of a section: that section alone. */
	memset(&g_col, 0, sizeof(g_col));
	assert_int_equal(pt_for_each_range_in(&f->pt, 0x40280000u, 1, collect_fn, &g_col), 0);
	assert_int_equal(g_col.n, 1);
	assert_range(&g_col.r[0], &one_section[0]);
	/* Nothing mapped there, and size 0: no range. */
	memset(&g_col, 0, sizeof(g_col));
	assert_int_equal(pt_for_each_range_in(&f->pt, 0x50000000u, 16 * MiB, collect_fn, &g_col), 0);
	assert_int_equal(pt_for_each_range_in(&f->pt, 0x40015000u, 0, collect_fn, &g_col), 0);
	assert_int_equal(g_col.n, 0);
	/* Past the top of the space (the end clamped at 4 GiB): the UART page. */
	assert_int_equal(pt_for_each_range_in(&f->pt, 0xf0000000u, 0x20000000u, collect_fn,
					      &g_col), 0);
	assert_int_equal(g_col.n, 1);
	assert_int_equal(g_col.r[0].va, 0xf0000000u);
}

/* pt_range_part(): the bytes of a range inside a window, and where they
 * start physically; none when they do not meet. */
static void test_range_part(void **state)
{
	const struct pt_range r = { .va = 0x40001000u, .pa = 0x80001000u, .size = 0x3000 };
	phys_addr_t pa = 0;

	(void)state;
	assert_int_equal(pt_range_part(&r, 0x40002000u, 0x40010000u, &pa), 0x2000);
	assert_int_equal(pa, 0x80002000u);
	assert_int_equal(pt_range_part(&r, 0x40000000u, 0x40002000u, &pa), 0x1000);
	assert_int_equal(pa, 0x80001000u);
	assert_int_equal(pt_range_part(&r, 0x40000000u, 0x100000000ull, &pa), 0x3000);
	pa = 0;
	assert_int_equal(pt_range_part(&r, 0x40004000u, 0x40005000u, &pa), 0);
	assert_int_equal(pt_range_part(&r, 0x40000000u, 0x40001000u, &pa), 0);
	assert_int_equal(pa, 0);	/* untouched when nothing meets */
}

static void test_range_format(void **state)
{
	struct fix *f = *state;
	char buf[160];
	const char *want;
	int ret;

	map_fw_layout(f);
	memset(&g_col, 0, sizeof(g_col));
	assert_int_equal(pt_for_each_range(&f->pt, collect_fn, &g_col), 0);
	assert_int_equal(g_col.n, 5);

	/*
	 * "0x%08lx-0x%08lx %5lu%s  pa 0x%08lx  %-16s %-3s %s  %u section%s, %u page%s"
	 * 0x3e3000 bytes is not whole MiB: 0x3e3000 / 1024 = 3980 K.
	 * "normal" padded to 16 = "normal" + 10 spaces, then " rw-".
	 */
	want = "0x4001d000-0x403fffff  3980K  pa 0x4001d000  normal           rw- sh  3 sections, 227 pages";
	ret = pt_range_format(&g_col.r[3], buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_int_equal(ret, (int)strlen(want));

	/* singular page; "device" + 10 spaces */
	want = "0xf0000000-0xf0000fff     4K  pa 0x09000000  device           rw- sh  0 sections, 1 page";
	pt_range_format(&g_col.r[4], buf, sizeof(buf));
	assert_string_equal(buf, want);

	/* hand-made: a whole-MiB run ending at 4 GiB, user bit, not shareable */
	{
		const struct pt_range r = {
			.va = 0xfff00000u, .pa = 0x00100000u, .size = MiB,
			.attrs = { .type = MT_UNKNOWN, .prot = PROT_R | PROT_W | PROT_U },
			.shareable = false, .sections = 1, .pages = 0,
		};

		/* "other" + 11 spaces, then " rw-u" */
		want = "0xfff00000-0xffffffff     1M  pa 0x00100000  other            rw-u --  1 section, 0 pages";
		ret = pt_range_format(&r, buf, sizeof(buf));
		assert_string_equal(buf, want);
		assert_int_equal(ret, (int)strlen(want));

		/* truncation: snprintf semantics */
		memset(buf, 'x', sizeof(buf));
		ret = pt_range_format(&r, buf, 11);
		assert_string_equal(buf, "0xfff00000");
		assert_int_equal(ret, (int)strlen(want));
	}
}

/* ------------------------------------------------------------------ */
/* Randomized test against a shadow model                              */
/* ------------------------------------------------------------------ */

#define R_AREA		0x80000000u
#define R_SIZE		0x04000000u		/* 64 MiB */
#define R_PAGES		(R_SIZE / PAGE_SIZE)	/* 16384 */
#define R_SLOTS		(R_SIZE / SECTION_SIZE)	/* 64 */
#define R_POOL		24			/* fewer than R_SLOTS: -ENOMEM happens */
#define R_OPS		2000
#define R_SEED		0x5eed1234u

struct mpage {
	bool mapped;
	uint8_t type, prot;
	uint32_t pa;
};

static struct mpage model[R_PAGES];
static uint32_t rng;

static uint32_t rnd(void)
{
	/* xorshift32 */
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static uint32_t rnd_below(uint32_t n)
{
	return rnd() % n;
}

static int setup_rand(void **state)
{
	return fix_setup(state, R_POOL);
}

static int expect_attrs(struct pt_attrs a)
{
	if (a.type == MT_NONE || a.type >= MT_UNKNOWN || !(a.prot & PROT_R) ||
	    (a.prot & ~(PROT_R | PROT_W | PROT_X)))
		return -EINVAL;
	if ((a.prot & PROT_W) && (a.prot & PROT_X))
		return -EPERM;
	return 0;
}

static unsigned model_mapped_in_slot(unsigned slot)
{
	unsigned c = 0;

	for (unsigned p = slot * 256; p < (slot + 1) * 256; p++)
		c += model[p].mapped;
	return c;
}

static void check_page(const struct fix *f, unsigned p)
{
	uint32_t off = rnd_below(PAGE_SIZE);
	uintptr_t va = R_AREA + p * PAGE_SIZE + off;
	struct pt_walk w;
	int ret = pt_walk(&f->pt, va, &w);

	if (!model[p].mapped) {
		if (ret != -ENOENT)
			print_error("page %u (va 0x%lx) should be unmapped\n", p, (unsigned long)va);
		assert_int_equal(ret, -ENOENT);
		assert_false(w.mapped);
		return;
	}
	if (ret != 0)
		print_error("page %u (va 0x%lx) should be mapped\n", p, (unsigned long)va);
	assert_int_equal(ret, 0);
	assert_true(w.mapped);
	assert_int_equal(w.pa, model[p].pa + off);
	assert_int_equal(w.attrs.type, model[p].type);
	assert_int_equal(w.attrs.prot, model[p].prot);
}

/* Table-structure invariants, and L1 agreeing with the model per MiB. */
static void check_structure(const struct fix *f)
{
	bool seen[PT_L2_POOL_MAX] = { false };
	unsigned tables = 0, allocated = 0;

	for (unsigned i = 0; i < PT_L1_ENTRIES; i++) {
		uint32_t d = f->l1[i];
		bool in_area = i >= (R_AREA >> 20) && i < ((R_AREA + R_SIZE) >> 20);

		if (!in_area) {
			assert_int_equal(d, 0);
			continue;
		}
		unsigned m = model_mapped_in_slot(i - (R_AREA >> 20));

		if (d == 0) {
			assert_int_equal(m, 0);
		} else if ((d & 3u) == 2u) {
			assert_int_equal(m, 256);	/* a section is all mapped */
		} else {
			unsigned t;

			assert_int_equal(d & 3u, 1u);
			t = tbl_index(f, (uintptr_t)i << 20);
			assert_false(seen[t]);		/* one L1 entry per table */
			seen[t] = true;
			tables++;
			assert_true(f->pt.l2_allocated[t]);
			assert_int_equal(f->pt.l2_live[t], count_nonzero(f->pool[t], PT_L2_ENTRIES));
			assert_int_equal(f->pt.l2_live[t], m);
			assert_true(m > 0);		/* emptied tables are released */
		}
	}
	for (unsigned t = 0; t < f->n; t++) {
		allocated += f->pt.l2_allocated[t] != 0;
		if (f->pt.l2_allocated[t])
			assert_true(seen[t]);
	}
	assert_int_equal(f->pt.l2_in_use, tables);
	assert_int_equal(allocated, tables);
	assert_int_equal(pt_bytes_in_use(&f->pt), PT_L1_SIZE + tables * PT_L2_SIZE);
}

/* pt_for_each_range agrees with runs computed from the model. */
static void check_ranges(const struct fix *f)
{
	unsigned n = 0;
	struct want_range cur = { 0 };
	bool open = false;

	memset(&g_col, 0, sizeof(g_col));
	assert_int_equal(pt_for_each_range(&f->pt, collect_fn, &g_col), 0);
	assert_false(g_col.overflow);
	for (unsigned p = 0; p <= R_PAGES; p++) {
		const struct mpage *m = p < R_PAGES ? &model[p] : NULL;
		bool joins = open && m && m->mapped && m->pa == cur.pa + cur.size &&
			     m->type == cur.type && m->prot == cur.prot;

		if (open && !joins) {
			const struct pt_range *r;

			assert_true(n < g_col.n);
			r = &g_col.r[n++];
			assert_int_equal(r->va, cur.va);
			assert_int_equal(r->pa, cur.pa);
			assert_int_equal(r->size, cur.size);
			assert_int_equal(r->attrs.type, cur.type);
			assert_int_equal(r->attrs.prot, cur.prot);
			assert_true(r->shareable);
			assert_int_equal((uint64_t)r->sections * MiB + (uint64_t)r->pages * PAGE_SIZE,
					 r->size);
			open = false;
		}
		if (m && m->mapped && !joins) {
			cur = (struct want_range){ .va = R_AREA + p * PAGE_SIZE, .pa = m->pa,
						   .type = m->type, .prot = m->prot };
			open = true;
		}
		if (m && m->mapped)
			cur.size += PAGE_SIZE;
	}
	assert_int_equal(n, g_col.n);
}

/* Tables needed for the splits an unmap/protect of [va, va+size) would do. */
static unsigned splits_needed(const struct fix *f, uintptr_t va, size_t size)
{
	unsigned need = 0;

	for (uintptr_t cur = va, end = va + size; cur < end;) {
		uintptr_t next = (cur & ~(uintptr_t)(MiB - 1)) + MiB;
		size_t n = (next < end ? next : end) - cur;

		need += (l1e(f, cur) & 3u) == 2u && n != MiB;
		cur += n;
	}
	return need;
}

/* Tables needed for a map of [va, va+size) -> pa. */
static unsigned tables_needed(const struct fix *f, uintptr_t va, uint32_t pa, size_t size)
{
	unsigned need = 0;

	for (uintptr_t cur = va, end = va + size; cur < end;) {
		uintptr_t next = (cur & ~(uintptr_t)(MiB - 1)) + MiB;
		size_t n = (next < end ? next : end) - cur;
		uint32_t cpa = pa + (uint32_t)(cur - va);
		bool section = n == MiB && !(cur & (MiB - 1)) && !(cpa & (MiB - 1));

		need += l1e(f, cur) == 0 && !section;
		cur += n;
	}
	return need;
}

struct rstats {
	unsigned ok[3], eexist, enoent, enomem, eattr;
};

static void test_random(void **state)
{
	struct fix *f = *state;
	static const uint8_t prots[] = { P_R, P_RW, P_RX };
	struct rstats st = { { 0, 0, 0 }, 0, 0, 0, 0 };

	rng = R_SEED;
	print_message("pgtable random test: seed=0x%08x, %u ops, %u MiB area, pool %u\n",
		      R_SEED, R_OPS, R_SIZE / MiB, R_POOL);
	memset(model, 0, sizeof(model));

	for (unsigned op = 1; op <= R_OPS; op++) {
		unsigned kind = rnd_below(10);	/* 0-3 map, 4-6 unmap, 7-9 protect */
		unsigned first, npages;
		struct pt_attrs a;
		uintptr_t va;
		size_t size;
		int ret, want;

		switch (rnd_below(4)) {
		case 0:
			first = rnd_below(R_PAGES);
			npages = 1 + rnd_below(8);
			break;
		case 1:
			first = rnd_below(R_PAGES);
			npages = 1 + rnd_below(600);
			break;
		case 2:		/* section-aligned, whole MiBs */
			first = rnd_below(R_SLOTS) * 256;
			npages = 256 * (1 + rnd_below(3));
			break;
		default:	/* crossing sections */
			first = rnd_below(R_SLOTS) * 256 + 128 + rnd_below(128);
			npages = 256 + rnd_below(512);
			break;
		}
		if (first >= R_PAGES)
			first = R_PAGES - 1;
		if (npages > R_PAGES - first)
			npages = R_PAGES - first;
		/* Protect mostly what is mapped: from the next mapped page, grow a
		 * run of mapped pages. */
		if (kind >= 7 && rnd_below(4)) {
			unsigned limit = npages;

			for (unsigned tries = 0; tries < R_PAGES && !model[first].mapped; tries++)
				first = (first + 1) % R_PAGES;
			npages = 0;
			while (npages < limit && first + npages < R_PAGES && model[first + npages].mapped)
				npages++;
			if (!npages)
				npages = 1;
		}
		va = R_AREA + first * PAGE_SIZE;
		size = (size_t)npages * PAGE_SIZE;

		a = ATTRS(1 + rnd_below(4), prots[rnd_below(3)]);
		if (rnd_below(40) == 0) {
			static const struct pt_attrs bad[] = {
				{ MT_NORMAL, PROT_R | PROT_W | PROT_X },
				{ MT_NORMAL, PROT_W },
				{ MT_NONE, PROT_R },
				{ MT_UNKNOWN, PROT_R },
			};
			a = bad[rnd_below(4)];
		}

		snap_take(f, &g_snap);
		if (kind <= 3) {
			uint32_t pa = 0x10000000u + rnd_below(0xc00) * MiB +
				      (rnd_below(2) ? (uint32_t)(va & (MiB - 1))
						    : rnd_below(256) * PAGE_SIZE);
			bool busy = false;

			for (unsigned p = first; p < first + npages; p++)
				busy |= model[p].mapped;
			want = expect_attrs(a);
			if (!want && busy)
				want = -EEXIST;
			if (!want && tables_needed(f, va, pa, size) > f->n - f->pt.l2_in_use)
				want = -ENOMEM;
			ret = pt_map(&f->pt, va, pa, size, a);
			if (ret != want)
				print_error("op %u: pt_map(0x%lx, 0x%x, 0x%zx) = %d, want %d\n",
					    op, (unsigned long)va, pa, size, ret, want);
			assert_int_equal(ret, want);
			if (!ret)
				for (unsigned p = first; p < first + npages; p++)
					model[p] = (struct mpage){ true, a.type, a.prot,
								   pa + (p - first) * PAGE_SIZE };
		} else if (kind <= 6) {
			want = splits_needed(f, va, size) > f->n - f->pt.l2_in_use ? -ENOMEM : 0;
			ret = pt_unmap(&f->pt, va, size);
			if (ret != want)
				print_error("op %u: pt_unmap(0x%lx, 0x%zx) = %d, want %d\n",
					    op, (unsigned long)va, size, ret, want);
			assert_int_equal(ret, want);
			if (!ret)
				for (unsigned p = first; p < first + npages; p++)
					model[p].mapped = false;
		} else {
			bool hole = false;

			for (unsigned p = first; p < first + npages; p++)
				hole |= !model[p].mapped;
			want = expect_attrs(a);
			if (!want && hole)
				want = -ENOENT;
			if (!want && splits_needed(f, va, size) > f->n - f->pt.l2_in_use)
				want = -ENOMEM;
			ret = pt_protect(&f->pt, va, size, a);
			if (ret != want)
				print_error("op %u: pt_protect(0x%lx, 0x%zx) = %d, want %d\n",
					    op, (unsigned long)va, size, ret, want);
			assert_int_equal(ret, want);
			if (!ret)
				for (unsigned p = first; p < first + npages; p++) {
					model[p].type = a.type;
					model[p].prot = a.prot;
				}
		}

		switch (ret) {
		case 0: st.ok[kind <= 3 ? 0 : kind <= 6 ? 1 : 2]++; break;
		case -EEXIST: st.eexist++; break;
		case -ENOENT: st.enoent++; break;
		case -ENOMEM: st.enomem++; break;
		default: st.eattr++; break;
		}
		if (ret)
			snap_check(f, &g_snap);

		check_structure(f);
		/* Walk the edges of the range and a sample elsewhere. */
		check_page(f, first);
		check_page(f, first + npages - 1);
		if (first)
			check_page(f, first - 1);
		if (first + npages < R_PAGES)
			check_page(f, first + npages);
		for (unsigned s = 0; s < 64; s++)
			check_page(f, rnd_below(R_PAGES));
		if (op % 200 == 0) {
			for (unsigned p = 0; p < R_PAGES; p++)
				check_page(f, p);
			check_ranges(f);
		}
	}

	print_message("pgtable random test: ok map %u unmap %u protect %u; -EEXIST %u "
		      "-ENOENT %u -ENOMEM %u bad attrs %u\n", st.ok[0], st.ok[1], st.ok[2],
		      st.eexist, st.enoent, st.enomem, st.eattr);
	/* The run must have exercised every path. */
	assert_true(st.ok[0] >= 100 && st.ok[1] >= 100 && st.ok[2] >= 100);
	assert_true(st.eexist > 0 && st.enoent > 0 && st.enomem > 0 && st.eattr > 0);

	/* Unmap everything: all tables back, all L1 entries clear. */
	assert_int_equal(pt_unmap(&f->pt, R_AREA, R_SIZE), 0);
	memset(model, 0, sizeof(model));
	assert_int_equal(f->pt.l2_in_use, 0);
	for (unsigned i = 0; i < PT_L1_ENTRIES; i++)
		assert_int_equal(f->l1[i], 0);
	check_structure(f);
	for (unsigned p = 0; p < R_PAGES; p++)
		check_page(f, p);
}

/* ------------------------------------------------------------------ */

#define T(fn, setup)	cmocka_unit_test_setup_teardown(fn, setup, fix_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_section_encode),
		cmocka_unit_test(test_fmt_page_encode),
		cmocka_unit_test(test_fmt_table_encode),
		cmocka_unit_test(test_fmt_decode_roundtrip),
		cmocka_unit_test(test_fmt_decode_foreign),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_init),
		T(test_map_sections, setup_pool8),
		T(test_map_pages_one_table, setup_pool8),
		T(test_map_cross_mib, setup_pool8),
		T(test_map_mixed, setup_pool8),
		T(test_map_aligned_va_unaligned_pa, setup_pool8),
		T(test_map_refusals, setup_pool8),
		T(test_map_pool_exhausted, setup_pool2),
		T(test_map_last_page, setup_pool8),
		T(test_unmap_section, setup_pool8),
		T(test_unmap_split, setup_pool8),
		T(test_unmap_releases_table, setup_pool8),
		T(test_unmap_unmapped, setup_pool8),
		T(test_unmap_split_enomem, setup_pool1),
		T(test_split_no_pool, setup_pool0),
		T(test_protect_split_one_page, setup_pool8),
		T(test_protect_section_and_pages, setup_pool8),
		T(test_protect_refusals, setup_pool8),
		T(test_protect_section_prot_only_in_place, setup_pool8),
		T(test_map_section_run_is_synced_once, setup_pool8),
		T(test_bbm_protect_section_type_change, setup_pool8),
		T(test_bbm_split, setup_pool8),
		T(test_bbm_unmap_pages, setup_pool8),
		T(test_inval_says_whether_cacheable, setup_pool8),
		T(test_protect_pages_prot_only_in_place, setup_pool8),
		T(test_bbm_protect_pages_type_change, setup_pool8),
		T(test_flush_only_where_cacheability_is_lost, setup_pool8),
		T(test_bbm_fresh_map, setup_pool8),
		T(test_bbm_fresh_map_table_before_l1, setup_pool8),
		T(test_walk, setup_pool8),
		T(test_dump_layout, setup_pool8),
		T(test_dump_no_merge, setup_pool8),
		T(test_dump_stop_early, setup_pool8),
		T(test_dump_part, setup_pool8),
		cmocka_unit_test(test_range_part),
		T(test_range_format, setup_pool8),
		T(test_random, setup_rand),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
