/*
 * Host unit tests for user (PL0) mappings in the descriptor backends and the
 * table builder, and for the ASID allocator: what QEMU cannot show (it
 * flushes its whole TLB on every CONTEXTIDR write, so a missing nG bit or a
 * reused live ASID would go unnoticed there).
 *
 * ARMv7 short descriptors (ARM ARM B3.5.1, B3.7.1 with AFE = 0):
 *   small page: nG bit 11, AP2 bit 9, AP[1:0] bits 5:4, XN bit 0
 *   section:    nG bit 17, AP2 bit 15, AP[1:0] bits 11:10, XN bit 4
 *   AP 011 = read/write at PL1 and PL0, 111 = read-only at both.
 * ARMv5 (SCTLR.S = 1, R = 0): AP 11 = user read/write, 10 = user read-only,
 * the same AP in all four subpage fields; no nG (no ASIDs).
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

#include "asid.h"
#include "pgtable.h"

#define ATTRS(t, p)	((struct pt_attrs){ .type = (t), .prot = (p) })
#define U_RW		(PROT_R | PROT_W | PROT_U)
#define U_RX		(PROT_R | PROT_X | PROT_U)
#define U_R		(PROT_R | PROT_U)

#define V7_L2_NG	(1u << 11)
#define V7_L2_AP2	(1u << 9)
#define V7_L2_AP01	(3u << 4)
#define V7_L2_XN	(1u << 0)
#define V7_L1_NG	(1u << 17)
#define V7_L1_AP2	(1u << 15)
#define V7_L1_AP01	(3u << 10)
#define V7_L1_XN	(1u << 4)

struct fix {
	struct pgtable pt;
	uint32_t *l1;
	void *pool;
	/* hook log: what happened, in order */
	char log[64];
	size_t nlog;
};

static void log_sync(void *ctx, const void *d, size_t n)
{
	struct fix *f = ctx;

	(void)d, (void)n;
	if (f->nlog < sizeof(f->log) - 1)
		f->log[f->nlog++] = 's';
}

static void log_inval(void *ctx, uintptr_t va, size_t size, bool cached)
{
	struct fix *f = ctx;

	(void)va, (void)size, (void)cached;
	if (f->nlog < sizeof(f->log) - 1)
		f->log[f->nlog++] = 'i';
}

static struct pt_hooks hooks = { .sync = log_sync, .inval = log_inval };

static struct fix *fix_new(const struct pt_format *fmt)
{
	struct fix *f = calloc(1, sizeof(*f));

	f->l1 = aligned_alloc(PT_TOP_BYTES, PT_TOP_BYTES);
	f->pool = aligned_alloc(pt_next_bytes(fmt), 4 * pt_next_bytes(fmt));
	assert_int_equal(pt_init(&f->pt, fmt, f->l1, 0x40004000u, f->pool, 0x40008000u, 4), 0);
	return f;
}

static void fix_free(struct fix *f)
{
	free(f->l1);
	free(f->pool);
	free(f);
}

/* The top-level entry covering va (these formats' entries are 4 bytes). */
static uint32_t l1_desc(struct fix *f, uintptr_t va)
{
	return (uint32_t)pt_entry(&f->pt, f->l1, (unsigned)(va >> f->pt.fmt->block_shift));
}

static uint32_t l2_desc(struct fix *f, uintptr_t va)
{
	const void *t = pt_l2_table(&f->pt, l1_desc(f, va));

	assert_non_null(t);
	return (uint32_t)pt_entry(&f->pt, t, (va >> 12) % f->pt.fmt->next_entries);
}

/* A user page is non-global, PL0-accessible, and decodes back as such. */
static void test_v7_user_pages_are_not_global(void **state)
{
	struct fix *f = fix_new(&pt_format_armv7s);
	struct pte_info e;
	uint32_t d;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x20010000u, 0x40200000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, U_RW)), 0);
	d = l2_desc(f, 0x20010000u);
	assert_true(d & V7_L2_NG);
	assert_int_equal(d & (V7_L2_AP2 | V7_L2_AP01), V7_L2_AP01);	/* AP 011 */
	assert_true(d & V7_L2_XN);
	pt_format_armv7s.decode_l2(d, &e);
	assert_true(e.ng);
	assert_int_equal(e.attrs.prot, U_RW);

	assert_int_equal(pt_map(&f->pt, 0x20000000u, 0x40100000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, U_RX)), 0);
	d = l2_desc(f, 0x20000000u);
	assert_true(d & V7_L2_NG);
	assert_int_equal(d & (V7_L2_AP2 | V7_L2_AP01), V7_L2_AP2 | V7_L2_AP01);	/* AP 111 */
	assert_false(d & V7_L2_XN);
	pt_format_armv7s.decode_l2(d, &e);
	assert_true(e.ng);
	assert_int_equal(e.attrs.prot, U_RX);

	/* device memory for a task: still nG, and execute-never */
	assert_int_equal(pt_map(&f->pt, 0x20100000u, 0x09000000u, PAGE_SIZE,
				ATTRS(MT_DEVICE, U_RW)), 0);
	d = l2_desc(f, 0x20100000u);
	assert_true(d & V7_L2_NG);
	assert_true(d & V7_L2_XN);
	fix_free(f);
}

/* Kernel mappings stay global and privileged-only. */
static void test_v7_kernel_pages_stay_global(void **state)
{
	struct fix *f = fix_new(&pt_format_armv7s);
	struct pte_info e;
	uint32_t d;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x40100000u, 0x40100000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, PROT_R | PROT_X)), 0);
	d = l2_desc(f, 0x40100000u);
	assert_false(d & V7_L2_NG);
	pt_format_armv7s.decode_l2(d, &e);
	assert_false(e.ng);
	assert_int_equal(e.attrs.prot, PROT_R | PROT_X);
	assert_int_equal(pt_map(&f->pt, 0x40200000u, 0x40200000u, pt_block_size(f->pt.fmt),
				ATTRS(MT_NORMAL, PROT_R | PROT_W)), 0);
	assert_false(l1_desc(f, 0x40200000u) & V7_L1_NG);
	fix_free(f);
}

static void test_v7_user_sections_are_not_global(void **state)
{
	struct fix *f = fix_new(&pt_format_armv7s);
	struct pte_info e;
	uint32_t d;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x20100000u, 0x00000000u, pt_block_size(f->pt.fmt),
				ATTRS(MT_DEVICE, U_R)), 0);
	d = l1_desc(f, 0x20100000u);
	assert_true(d & V7_L1_NG);
	assert_int_equal(d & (V7_L1_AP2 | V7_L1_AP01), V7_L1_AP2 | V7_L1_AP01);
	assert_true(d & V7_L1_XN);
	pt_format_armv7s.decode_l1(d, &e);
	assert_true(e.ng);
	assert_int_equal(e.attrs.prot, U_R);
	fix_free(f);
}

/* W^X holds for tasks as for the kernel. */
static void test_user_pages_are_never_writable_and_executable(void **state)
{
	struct fix *f = fix_new(&pt_format_armv7s);

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x20000000u, 0x40100000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, PROT_R | PROT_W | PROT_X | PROT_U)), -EPERM);
	assert_int_equal(l1_desc(f, 0x20000000u), 0);
	fix_free(f);
}

/* mprotect of a user page keeps nG: rewritten in place (write, sync,
 * invalidate); a change between user and kernel flips nG, which needs
 * break-before-make (B3.10.1): invalidate before the new entry. */
static void test_v7_protect_keeps_ng_and_breaks_on_ng_change(void **state)
{
	struct fix *f = fix_new(&pt_format_armv7s);
	uint32_t d;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x20010000u, 0x40200000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, U_RW)), 0);
	f->pt.hooks = &hooks;
	hooks.ctx = f;
	f->nlog = 0;
	assert_int_equal(pt_protect(&f->pt, 0x20010000u, PAGE_SIZE, ATTRS(MT_NORMAL, U_R)), 0);
	d = l2_desc(f, 0x20010000u);
	assert_true(d & V7_L2_NG);
	assert_int_equal(d & (V7_L2_AP2 | V7_L2_AP01), V7_L2_AP2 | V7_L2_AP01);
	f->log[f->nlog] = '\0';
	assert_string_equal(f->log, "si");		/* in place */

	f->nlog = 0;
	assert_int_equal(pt_protect(&f->pt, 0x20010000u, PAGE_SIZE,
				    ATTRS(MT_NORMAL, PROT_R)), 0);
	d = l2_desc(f, 0x20010000u);
	assert_false(d & V7_L2_NG);
	f->log[f->nlog] = '\0';
	assert_string_equal(f->log, "sis");		/* break, invalidate, make */
	f->pt.hooks = NULL;
	fix_free(f);
}

static void test_v5_user_pages(void **state)
{
	struct fix *f = fix_new(&pt_format_armv5);
	struct pte_info e;
	uint32_t d;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x20010000u, 0x00200000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, U_RW)), 0);
	d = l2_desc(f, 0x20010000u);
	assert_int_equal(d & 0xff0u, 0xff0u);		/* AP 11 in all four subpages */
	pt_format_armv5.decode_l2(d, &e);
	assert_int_equal(e.attrs.prot, U_RW | PROT_X);
	assert_false(e.ng);				/* no ASIDs on ARMv5 */

	assert_int_equal(pt_map(&f->pt, 0x20000000u, 0x00100000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, U_RX)), 0);
	d = l2_desc(f, 0x20000000u);
	assert_int_equal(d & 0xff0u, 0xaa0u);		/* AP 10: user read-only */
	pt_format_armv5.decode_l2(d, &e);
	assert_int_equal(e.attrs.prot, U_RX);

	/* kernel pages stay privileged-only: AP 01 / 00 */
	assert_int_equal(pt_map(&f->pt, 0x00300000u, 0x00300000u, PAGE_SIZE,
				ATTRS(MT_NORMAL, PROT_R | PROT_W)), 0);
	assert_int_equal(l2_desc(f, 0x00300000u) & 0xff0u, 0x550u);
	fix_free(f);
}

/* ---- ASIDs ---- */

static void test_asids_go_in_turn_from_1(void **state)
{
	struct asid_space s;
	bool flush;

	(void)state;
	asid_init(&s);
	assert_int_equal(asid_alloc(&s, &flush), 1);
	assert_false(flush);
	assert_int_equal(asid_alloc(&s, &flush), 2);
	assert_int_equal(asid_free(&s, 1), 0);
	/* a freed ASID is not reused before the round ends */
	assert_int_equal(asid_alloc(&s, &flush), 3);
	assert_false(flush);
	assert_true(asid_is_live(&s, 2));
	assert_false(asid_is_live(&s, 1));
}

static void test_asid_wrap_asks_for_a_full_flush_and_skips_live_ones(void **state)
{
	struct asid_space s;
	bool flush;
	int a;

	(void)state;
	asid_init(&s);
	assert_int_equal(asid_alloc(&s, &flush), 1);	/* stays live */
	for (unsigned i = 2; i <= ASID_MAX; i++) {
		a = asid_alloc(&s, &flush);
		assert_int_equal(a, (int)i);
		assert_false(flush);
		assert_int_equal(asid_free(&s, (unsigned)a), 0);
	}
	/* wrapped: 1 is live, so 2 comes, and the TLB must be flushed */
	assert_int_equal(asid_alloc(&s, &flush), 2);
	assert_true(flush);
	assert_int_equal(s.rollovers, 1);
	assert_int_equal(asid_alloc(&s, &flush), 3);
	assert_false(flush);
}

static void test_asids_run_out_and_bad_frees_are_refused(void **state)
{
	struct asid_space s;
	bool flush;

	(void)state;
	asid_init(&s);
	for (unsigned i = 1; i <= ASID_MAX; i++)
		assert_int_equal(asid_alloc(&s, &flush), (int)i);
	/* one pass over all ASIDs, so one wrap, however it ends */
	assert_int_equal(asid_alloc(&s, &flush), -EAGAIN);
	assert_int_equal(s.rollovers, 1);
	assert_int_equal(asid_free(&s, 0), -EINVAL);
	assert_int_equal(asid_free(&s, ASID_MAX + 1), -EINVAL);
	assert_int_equal(asid_free(&s, 7), 0);
	assert_int_equal(asid_free(&s, 7), -EINVAL);
	assert_int_equal(asid_alloc(&s, &flush), 7);
	assert_true(flush);
	assert_int_equal(s.rollovers, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v7_user_pages_are_not_global),
		cmocka_unit_test(test_v7_kernel_pages_stay_global),
		cmocka_unit_test(test_v7_user_sections_are_not_global),
		cmocka_unit_test(test_user_pages_are_never_writable_and_executable),
		cmocka_unit_test(test_v7_protect_keeps_ng_and_breaks_on_ng_change),
		cmocka_unit_test(test_v5_user_pages),
		cmocka_unit_test(test_asids_go_in_turn_from_1),
		cmocka_unit_test(test_asid_wrap_asks_for_a_full_flush_and_skips_live_ones),
		cmocka_unit_test(test_asids_run_out_and_bad_frees_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
