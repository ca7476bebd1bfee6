/*
 * Host unit tests for fault status decoding (src/boot/fsr.c).
 *
 * The expected tables below are written from the architecture manuals, not
 * from fsr.c:
 *  - ARMv7 short-descriptor DFSR/IFSR: ARM ARM (DDI 0406C) B3.13.3,
 *    Table B3-23. FS[4:0] = {bit 10, bits 3:0}; domain in bits 7:4; WnR in
 *    bit 11 (DFSR only).
 *  - ARMv5 FSR: ARM ARM (DDI 0100I) B4.6, Table B4-1. FS[3:0] in bits 3:0,
 *    domain in bits 7:4, no direction bit. ARMv5 has no IFSR, so every
 *    prefetch-side decode is refused by this decoder.
 *
 * Every status value is tried, for data and prefetch aborts, and every
 * fault class name is checked.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fsr.h"

#define RESERVED_TEXT	"reserved fault status"

/* One defined encoding, as the manual describes it. */
struct fsr_expect {
	bool defined;
	bool data_only;		/* DFSR only (reserved in the IFSR) */
	enum fault_class cls;
	unsigned level;		/* 1 section / first level, 2 page / second level, 0 n/a */
	bool far_valid;		/* FAR holds the faulting address */
	const char *text;
};

#define DEF_FAR(c, l, f, t)	{ true, false, (c), (l), (f), (t) }
#define DATA(c, l, f, t)	{ true, true, (c), (l), (f), (t) }

/* ARM ARM B3.13.3, Table B3-23 (short-descriptor format FSR encodings). DFAR/IFAR
 * are UNKNOWN for asynchronous aborts, debug events and the IMPLEMENTATION
 * DEFINED lockdown and coprocessor aborts (B4.1.52, B4.1.96). */
static const struct fsr_expect v7_table[32] = {
	/* 0b00000 reserved */
	[0x01] = DATA(FAULT_ALIGNMENT, 0, true, "alignment fault"),
	[0x02] = DEF_FAR(FAULT_DEBUG, 0, false, "debug event"),
	[0x03] = DEF_FAR(FAULT_ACCESS_FLAG, 1, true, "access flag fault (section)"),
	[0x04] = DATA(FAULT_ICACHE_MAINT, 0, true, "fault on instruction cache maintenance"),
	[0x05] = DEF_FAR(FAULT_TRANSLATION, 1, true, "translation fault (section)"),
	[0x06] = DEF_FAR(FAULT_ACCESS_FLAG, 2, true, "access flag fault (page)"),
	[0x07] = DEF_FAR(FAULT_TRANSLATION, 2, true, "translation fault (page)"),
	[0x08] = DEF_FAR(FAULT_EXTERNAL, 0, true, "synchronous external abort"),
	[0x09] = DEF_FAR(FAULT_DOMAIN, 1, true, "domain fault (section)"),
	/* 0b01010 reserved */
	[0x0b] = DEF_FAR(FAULT_DOMAIN, 2, true, "domain fault (page)"),
	[0x0c] = DEF_FAR(FAULT_EXTERNAL_WALK, 1, true,
			 "synchronous external abort on table walk (first level)"),
	[0x0d] = DEF_FAR(FAULT_PERMISSION, 1, true, "permission fault (section)"),
	[0x0e] = DEF_FAR(FAULT_EXTERNAL_WALK, 2, true,
			 "synchronous external abort on table walk (second level)"),
	[0x0f] = DEF_FAR(FAULT_PERMISSION, 2, true, "permission fault (page)"),
	[0x10] = DEF_FAR(FAULT_TLB_CONFLICT, 0, true, "TLB conflict abort"),
	/* 0b10001..0b10011 reserved */
	[0x14] = DEF_FAR(FAULT_LOCKDOWN, 0, false, "implementation defined (lockdown)"),
	/* 0b10101 reserved */
	[0x16] = DATA(FAULT_ASYNC_EXTERNAL, 0, false, "asynchronous external abort"),
	/* 0b10111 reserved */
	[0x18] = DATA(FAULT_ASYNC_PARITY, 0, false, "asynchronous parity error on memory access"),
	[0x19] = DEF_FAR(FAULT_PARITY, 0, true, "synchronous parity error on memory access"),
	[0x1a] = DEF_FAR(FAULT_COPROC, 0, false, "implementation defined (coprocessor abort)"),
	/* 0b11011 reserved */
	[0x1c] = DEF_FAR(FAULT_PARITY_WALK, 1, true,
			 "synchronous parity error on table walk (first level)"),
	/* 0b11101 reserved */
	[0x1e] = DEF_FAR(FAULT_PARITY_WALK, 2, true,
			 "synchronous parity error on table walk (second level)"),
	/* 0b11111 reserved */
};

/* ARMv5 (DDI 0100I B4.6, Table B4-1): all sixteen FS[3:0] values are defined. */
static const struct fsr_expect v5_table[16] = {
	[0x0] = DATA(FAULT_VECTOR, 0, true, "vector exception"),
	[0x1] = DATA(FAULT_ALIGNMENT, 0, true, "alignment fault"),
	[0x2] = DATA(FAULT_EXTERNAL, 0, false, "terminal exception"),
	[0x3] = DATA(FAULT_ALIGNMENT, 0, true, "alignment fault"),
	[0x4] = DATA(FAULT_LINEFETCH, 1, true, "external abort on linefetch (section)"),
	[0x5] = DATA(FAULT_TRANSLATION, 1, true, "translation fault (section)"),
	[0x6] = DATA(FAULT_LINEFETCH, 2, true, "external abort on linefetch (page)"),
	[0x7] = DATA(FAULT_TRANSLATION, 2, true, "translation fault (page)"),
	[0x8] = DATA(FAULT_EXTERNAL, 1, true, "external abort on non-linefetch (section)"),
	[0x9] = DATA(FAULT_DOMAIN, 1, true, "domain fault (section)"),
	[0xa] = DATA(FAULT_EXTERNAL, 2, true, "external abort on non-linefetch (page)"),
	[0xb] = DATA(FAULT_DOMAIN, 2, true, "domain fault (page)"),
	[0xc] = DATA(FAULT_EXTERNAL_WALK, 1, true, "external abort on table walk (first level)"),
	[0xd] = DATA(FAULT_PERMISSION, 1, true, "permission fault (section)"),
	[0xe] = DATA(FAULT_EXTERNAL_WALK, 2, true, "external abort on table walk (second level)"),
	[0xf] = DATA(FAULT_PERMISSION, 2, true, "permission fault (page)"),
};

/* The v7 register value carrying a 5-bit status: FS[4] is bit 10. */
static uint32_t v7_fsr_of(unsigned status)
{
	return (status & 0x0fu) | ((status & 0x10u) << 6);
}

/* Fill *out with junk so a field the decoder forgets to set shows up. */
static void poison(struct fsr_decoded *out)
{
	memset(out, 0xa5, sizeof(*out));
	out->text = NULL;
}

static void check_reserved(int ret, const struct fsr_decoded *d, unsigned status)
{
	assert_int_equal(ret, -EINVAL);
	assert_int_equal(d->cls, FAULT_UNKNOWN);
	assert_int_equal(d->level, 0);
	assert_int_equal(d->status, status);
	assert_false(d->far_valid);
	assert_non_null(d->text);
	assert_string_equal(d->text, RESERVED_TEXT);
}

static void check_defined(int ret, const struct fsr_decoded *d, unsigned status,
			  const struct fsr_expect *e)
{
	assert_int_equal(ret, 0);
	assert_int_equal(d->status, status);
	assert_int_equal(d->cls, e->cls);
	assert_int_equal(d->level, e->level);
	assert_non_null(d->text);
	assert_string_equal(d->text, e->text);
	assert_int_equal(d->far_valid, e->far_valid);
}

/* ---- ARMv7 ---------------------------------------------------------- */

static void v7_all_statuses(bool is_data)
{
	for (unsigned status = 0; status < 32; status++) {
		const struct fsr_expect *e = &v7_table[status];
		struct fsr_decoded d;
		int ret;

		poison(&d);
		ret = fsr_decode_v7(v7_fsr_of(status), is_data, &d);
		if (e->defined && (is_data || !e->data_only))
			check_defined(ret, &d, status, e);
		else
			check_reserved(ret, &d, status);
		/* With WnR, domain and the other high bits clear: */
		assert_int_equal(d.domain, 0);
		assert_false(d.is_write);
		/* WnR is UNKNOWN for asynchronous aborts (B4.1.52) */
		assert_int_equal(d.wnr_valid, is_data && !fsr_is_async(&d));
	}
}

static void test_v7_data_every_status(void **state)
{
	(void)state;
	v7_all_statuses(true);
}

static void test_v7_prefetch_every_status(void **state)
{
	(void)state;
	v7_all_statuses(false);
}

/* The DFSR-only encodings, spelled out: reserved in an IFSR. */
static void test_v7_data_only_encodings(void **state)
{
	static const unsigned data_only[] = { 0x01, 0x04, 0x16, 0x18 };
	struct fsr_decoded d;

	(void)state;
	for (size_t i = 0; i < sizeof(data_only) / sizeof(data_only[0]); i++) {
		unsigned s = data_only[i];

		poison(&d);
		assert_int_equal(fsr_decode_v7(v7_fsr_of(s), true, &d), 0);
		assert_int_not_equal(d.cls, FAULT_UNKNOWN);
		poison(&d);
		check_reserved(fsr_decode_v7(v7_fsr_of(s), false, &d), &d, s);
	}
}

/* The reserved encodings, spelled out: reserved for both registers. */
static void test_v7_reserved_encodings(void **state)
{
	static const unsigned reserved[] = {
		0x00, 0x0a, 0x11, 0x12, 0x13, 0x15, 0x17, 0x1b, 0x1d, 0x1f,
	};
	struct fsr_decoded d;

	(void)state;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		for (int data = 0; data < 2; data++) {
			poison(&d);
			check_reserved(fsr_decode_v7(v7_fsr_of(reserved[i]), data, &d), &d,
				       reserved[i]);
		}
	}
}

/* FS[4] is bit 10 of the register, not bit 4 (bit 4 is part of the domain). */
static void test_v7_fs4_is_bit10(void **state)
{
	struct fsr_decoded d;

	(void)state;
	/* 0x406: bit 10 + 0b0110 -> FS = 0b10110, asynchronous external abort */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x406, true, &d), 0);
	assert_int_equal(d.status, 0x16);
	assert_int_equal(d.cls, FAULT_ASYNC_EXTERNAL);
	assert_false(d.far_valid);

	/* 0x006 without bit 10 -> FS = 0b00110, access flag fault (page) */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x006, true, &d), 0);
	assert_int_equal(d.status, 0x06);
	assert_int_equal(d.cls, FAULT_ACCESS_FLAG);
	assert_int_equal(d.level, 2);

	/* 0x015: bit 4 is domain[0], so FS = 0b00101 (translation, section), domain 1 */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x015, true, &d), 0);
	assert_int_equal(d.status, 0x05);
	assert_int_equal(d.cls, FAULT_TRANSLATION);
	assert_int_equal(d.level, 1);
	assert_int_equal(d.domain, 1);

	/* 0x405: FS = 0b10101, reserved */
	poison(&d);
	check_reserved(fsr_decode_v7(0x405, true, &d), &d, 0x15);

	/* 0x410: FS = 0b10000, TLB conflict, both registers */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x410, false, &d), 0);
	assert_int_equal(d.status, 0x10);
	assert_int_equal(d.cls, FAULT_TLB_CONFLICT);
}

/* WnR (bit 11) is a DFSR field only. */
static void test_v7_wnr(void **state)
{
	struct fsr_decoded d;

	(void)state;
	/* 0x80f: WnR=1, FS=0b01111 permission (page): a write */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x80f, true, &d), 0);
	assert_true(d.wnr_valid);
	assert_true(d.is_write);
	assert_int_equal(d.cls, FAULT_PERMISSION);
	assert_int_equal(d.level, 2);

	/* 0x00f: WnR=0: a read */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x00f, true, &d), 0);
	assert_true(d.wnr_valid);
	assert_false(d.is_write);

	/* The same value from an IFSR: bit 11 means nothing there. */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x80f, false, &d), 0);
	assert_false(d.wnr_valid);
	assert_false(d.is_write);
	assert_int_equal(d.cls, FAULT_PERMISSION);

	/* A reserved status still reports the direction of a data abort. */
	poison(&d);
	check_reserved(fsr_decode_v7(0x800, true, &d), &d, 0x00);
	assert_true(d.wnr_valid);
	assert_true(d.is_write);
}

/* Domain is bits 7:4; unrelated high bits (ExT, CM, ...) are ignored. */
static void test_v7_domain_and_high_bits(void **state)
{
	struct fsr_decoded d;

	(void)state;
	for (unsigned dom = 0; dom < 16; dom++) {
		/* 0x009 | dom << 4: FS=0b01001 domain fault (section) */
		poison(&d);
		assert_int_equal(fsr_decode_v7(0x009u | (dom << 4), true, &d), 0);
		assert_int_equal(d.domain, dom);
		assert_int_equal(d.cls, FAULT_DOMAIN);
		assert_int_equal(d.level, 1);
		assert_int_equal(d.status, 0x09);
	}

	/*
	 * 0xfffffbf5: bits 31:12 set (ExT bit 12, CM bit 13, ...), WnR bit 11
	 * set, bit 10 clear (FS[4] = 0), bits 9:8 set, domain 0xf, FS[3:0] = 5:
	 * a translation fault (section) on a write, domain 15.
	 */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0xfffffbf5u, true, &d), 0);
	assert_int_equal(d.status, 0x05);
	assert_int_equal(d.cls, FAULT_TRANSLATION);
	assert_int_equal(d.level, 1);
	assert_int_equal(d.domain, 0xf);
	assert_true(d.is_write);
	assert_string_equal(d.text, "translation fault (section)");

	/* 0xffffffff: FS = 0b11111, reserved, whatever the rest says */
	poison(&d);
	check_reserved(fsr_decode_v7(0xffffffffu, true, &d), &d, 0x1f);
	assert_int_equal(d.domain, 0xf);
}

/* ---- ARMv5 ---------------------------------------------------------- */

static void test_v5_every_status_data(void **state)
{
	(void)state;
	for (unsigned status = 0; status < 16; status++) {
		const struct fsr_expect *e = &v5_table[status];
		struct fsr_decoded d;
		int ret;

		poison(&d);
		ret = fsr_decode_v5(status, true, &d);
		check_defined(ret, &d, status, e);
		assert_int_equal(d.domain, 0);
		assert_false(d.wnr_valid);
		assert_false(d.is_write);
	}
}

/* ARMv5 has no IFSR: nothing decodes on the prefetch side. */
static void test_v5_prefetch_refused(void **state)
{
	(void)state;
	for (unsigned status = 0; status < 16; status++) {
		struct fsr_decoded d;

		poison(&d);
		check_reserved(fsr_decode_v5(status, false, &d), &d, status);
		assert_false(d.wnr_valid);
		assert_false(d.is_write);
	}
}

/* v5: status is 4 bits (bit 10 is not FS[4]), domain 7:4, no WnR. */
static void test_v5_fields(void **state)
{
	struct fsr_decoded d;

	(void)state;
	for (unsigned dom = 0; dom < 16; dom++) {
		/* 0x00b | dom << 4: domain fault (page) */
		poison(&d);
		assert_int_equal(fsr_decode_v5(0x00bu | (dom << 4), true, &d), 0);
		assert_int_equal(d.domain, dom);
		assert_int_equal(d.status, 0xb);
		assert_int_equal(d.cls, FAULT_DOMAIN);
		assert_int_equal(d.level, 2);
	}

	/* 0xc05: bit 11 and bit 10 set, FS = 0b0101: translation (section), and
	 * ARMv5 reports neither a direction nor an FS[4]. */
	poison(&d);
	assert_int_equal(fsr_decode_v5(0xc05, true, &d), 0);
	assert_int_equal(d.status, 0x5);
	assert_int_equal(d.cls, FAULT_TRANSLATION);
	assert_int_equal(d.level, 1);
	assert_false(d.wnr_valid);
	assert_false(d.is_write);

	/* 0xffffffff: FS = 0xf permission (page), domain 0xf */
	poison(&d);
	assert_int_equal(fsr_decode_v5(0xffffffffu, true, &d), 0);
	assert_int_equal(d.status, 0xf);
	assert_int_equal(d.cls, FAULT_PERMISSION);
	assert_int_equal(d.domain, 0xf);
	assert_false(d.is_write);
}

/* ---- class names ---------------------------------------------------- */

static void test_fault_class_names(void **state)
{
	static const struct {
		enum fault_class cls;
		const char *name;
	} names[] = {
		{ FAULT_UNKNOWN, "unknown" },
		{ FAULT_ALIGNMENT, "alignment" },
		{ FAULT_TRANSLATION, "translation" },
		{ FAULT_ACCESS_FLAG, "access flag" },
		{ FAULT_DOMAIN, "domain" },
		{ FAULT_PERMISSION, "permission" },
		{ FAULT_EXTERNAL, "external abort" },
		{ FAULT_EXTERNAL_WALK, "external abort on walk" },
		{ FAULT_PARITY, "parity" },
		{ FAULT_PARITY_WALK, "parity on walk" },
		{ FAULT_ASYNC_EXTERNAL, "asynchronous external abort" },
		{ FAULT_ASYNC_PARITY, "asynchronous parity" },
		{ FAULT_DEBUG, "debug" },
		{ FAULT_ICACHE_MAINT, "icache maintenance" },
		{ FAULT_TLB_CONFLICT, "TLB conflict" },
		{ FAULT_LOCKDOWN, "lockdown" },
		{ FAULT_COPROC, "coprocessor" },
		{ FAULT_LINEFETCH, "linefetch" },
		{ FAULT_VECTOR, "vector" },
		{ FAULT_ADDRESS_SIZE, "address size" },
	};
	const size_t n = sizeof(names) / sizeof(names[0]);

	(void)state;
	/* The table above must list every class exactly once, in order. */
	assert_int_equal(n, (size_t)FAULT_ADDRESS_SIZE + 1);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(names[i].cls, (enum fault_class)i);
		assert_non_null(fault_class_name(names[i].cls));
		assert_string_equal(fault_class_name(names[i].cls), names[i].name);
	}
	/* Distinct names, so a dump line tells the classes apart. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			assert_string_not_equal(fault_class_name(names[i].cls),
						fault_class_name(names[j].cls));

	/* Out of range, including a value that is negative as an int. */
	assert_string_equal(fault_class_name((enum fault_class)(FAULT_ADDRESS_SIZE + 1)), "unknown");
	assert_string_equal(fault_class_name((enum fault_class)1000), "unknown");
	assert_string_equal(fault_class_name((enum fault_class)-1), "unknown");
}

/* ARMv5 has no WnR: the direction comes from the instruction (DDI 0100I A3/A6). */
static void test_insn_writes(void **state)
{
	(void)state;
	assert_int_equal(insn_writes(0xe5901000, false), 0);	/* ldr r1, [r0] */
	assert_int_equal(insn_writes(0xe5801000, false), 1);	/* str r1, [r0] */
	assert_int_equal(insn_writes(0xe5c01000, false), 1);	/* strb r1, [r0] */
	assert_int_equal(insn_writes(0xe1d010b0, false), 0);	/* ldrh r1, [r0] */
	assert_int_equal(insn_writes(0xe1c010b0, false), 1);	/* strh r1, [r0] */
	/* The class is bits 27:25 (A5.1), whatever the condition in bits 31:28. */
	assert_int_equal(insn_writes(0x11c010b0, false), 1);	/* strhne r1, [r0] */
	assert_int_equal(insn_writes(0x01d010b0, false), 0);	/* ldrheq r1, [r0] */
	assert_int_equal(insn_writes(0x028110b0, false), -1);	/* addeq r1, r1, #0xb0 */
	assert_int_equal(insn_writes(0xe1c020f0, false), 1);	/* strd r2, [r0] */
	assert_int_equal(insn_writes(0xe1c020d0, false), 0);	/* ldrd r2, [r0] */
	assert_int_equal(insn_writes(0xe8bd8010, false), 0);	/* pop {r4, pc} */
	assert_int_equal(insn_writes(0xe92d4010, false), 1);	/* push {r4, lr} */
	assert_int_equal(insn_writes(0xe1001091, false), 1);	/* swp r1, r1, [r0] */
	assert_int_equal(insn_writes(0xe0010291, false), -1);	/* mul r1, r1, r2 */
	assert_int_equal(insn_writes(0xe0811002, false), -1);	/* add r1, r1, r2 */
	assert_int_equal(insn_writes(0xf5d0f000, false), -1);	/* pld [r0] */
	assert_int_equal(insn_writes(0x6801, true), 0);		/* ldr r1, [r0] */
	assert_int_equal(insn_writes(0x6001, true), 1);		/* str r1, [r0] */
	assert_int_equal(insn_writes(0x5042, true), 1);		/* str r2, [r0, r1] */
	assert_int_equal(insn_writes(0x5842, true), 0);		/* ldr r2, [r0, r1] */
	assert_int_equal(insn_writes(0x8001, true), 1);		/* strh r1, [r0] */
	assert_int_equal(insn_writes(0xc006, true), 1);		/* stmia r0!, {r1, r2} */
	assert_int_equal(insn_writes(0xc806, true), 0);		/* ldmia r0!, {r1, r2} */
	assert_int_equal(insn_writes(0xd001, true), -1);		/* beq . + 6 */
	assert_int_equal(insn_writes(0x4901, true), 0);		/* ldr r1, [pc, #4] */
	assert_int_equal(insn_writes(0xb510, true), 1);		/* push {r4, lr} */
	assert_int_equal(insn_writes(0xbd10, true), 0);		/* pop {r4, pc} */
	assert_int_equal(insn_writes(0xbe00, true), -1);	/* bkpt 0: 1011 111x, not POP */
	assert_int_equal(insn_writes(0xb662, true), -1);	/* cpsie i: 1011 011x, not PUSH */
	assert_int_equal(insn_writes(0x1840, true), -1);	/* adds r0, r0, r1 */
}

/* Coprocessor and SP-relative transfers have a direction; a branch is no transfer. */
static void test_insn_writes_coproc_sp_relative_and_branch(void **state)
{
	(void)state;
	assert_int_equal(insn_writes(0xed805e00, false), 1);	/* stc p14, c5, [r0] */
	assert_int_equal(insn_writes(0xed905e00, false), 0);	/* ldc p14, c5, [r0] */
	assert_int_equal(insn_writes(0xeafffffe, false), -1);	/* b . */
	assert_int_equal(insn_writes(0xebfffffe, false), -1);	/* bl . */
	assert_int_equal(insn_writes(0x9101, true), 1);		/* str r1, [sp, #4] */
	assert_int_equal(insn_writes(0x9901, true), 0);		/* ldr r1, [sp, #4] */
}

/*
 * Asynchronous aborts (B3.13.3: FS 0b10110 external, 0b11000 parity; FS[4]
 * is bit 10): FAR and WnR are UNKNOWN (B4.1.52), so neither an address nor
 * a direction may be reported, whatever bits 11 and 7:4 hold.
 */
static void test_v7_async_aborts_have_no_address_or_direction(void **state)
{
	static const uint32_t async[] = { 0x406, 0xc06, 0x4f6, 0x408, 0xc08 };
	struct fsr_decoded d;

	(void)state;
	for (size_t i = 0; i < sizeof(async) / sizeof(async[0]); i++) {
		poison(&d);
		assert_int_equal(fsr_decode_v7(async[i], true, &d), 0);
		assert_true(fsr_is_async(&d));
		assert_false(d.far_valid);
		assert_false(d.wnr_valid);
		assert_false(d.is_write);
	}
	/* Synchronous external aborts are not asynchronous; they keep WnR. */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x808, true, &d), 0);
	assert_int_equal(d.cls, FAULT_EXTERNAL);
	assert_false(fsr_is_async(&d));
	assert_true(d.wnr_valid && d.is_write && d.far_valid);
	/* 0x006 (no bit 10) is an access flag fault, not 0b10110. */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x006, true, &d), 0);
	assert_false(fsr_is_async(&d));
	/* The asynchronous encodings are DFSR-only. */
	poison(&d);
	assert_int_equal(fsr_decode_v7(0x406, false, &d), -EINVAL);
	assert_false(fsr_is_async(&d));
}

/* An armed window takes what interrupts its SVC-mode code, synchronous or
 * not; nothing is taken when disarmed or from another mode. */
static void test_fault_window_takes(void **state)
{
	static const uint32_t other_modes[] = { 0x10, 0x11, 0x12, 0x16, 0x17, 0x1a, 0x1b, 0x1f };

	(void)state;
	assert_true(fault_window_takes(true, 0x13));
	assert_true(fault_window_takes(true, 0x600f0013));	/* flags, A, I, F set */
	assert_true(fault_window_takes(true, 0x33));		/* Thumb SVC */
	assert_false(fault_window_takes(false, 0x13));
	for (size_t i = 0; i < sizeof(other_modes) / sizeof(other_modes[0]); i++) {
		assert_false(fault_window_takes(true, other_modes[i]));
		assert_false(fault_window_takes(true, other_modes[i] | 0x1c0));
	}
}

/*
 * Long-descriptor (LPAE) DFSR/IFSR, ARM ARM B3.13.3 Table B3-24, B4.1.52:
 * bit 9 set, STATUS[5:0], WnR bit 11. Every one of the 64 status values,
 * as data and prefetch abort: the defined ones decode to their class and
 * lookup level, the rest are reserved.
 */
static void test_lpae_every_status(void **state)
{
	static const struct { uint8_t s, cls, level, data_only; } defined[] = {
		{ 0x00, FAULT_ADDRESS_SIZE, 0, 0 }, { 0x01, FAULT_ADDRESS_SIZE, 1, 0 },
		{ 0x02, FAULT_ADDRESS_SIZE, 2, 0 }, { 0x03, FAULT_ADDRESS_SIZE, 3, 0 },
		{ 0x05, FAULT_TRANSLATION, 1, 0 }, { 0x06, FAULT_TRANSLATION, 2, 0 },
		{ 0x07, FAULT_TRANSLATION, 3, 0 }, { 0x09, FAULT_ACCESS_FLAG, 1, 0 },
		{ 0x0a, FAULT_ACCESS_FLAG, 2, 0 }, { 0x0b, FAULT_ACCESS_FLAG, 3, 0 },
		{ 0x0d, FAULT_PERMISSION, 1, 0 }, { 0x0e, FAULT_PERMISSION, 2, 0 },
		{ 0x0f, FAULT_PERMISSION, 3, 0 }, { 0x10, FAULT_EXTERNAL, 0, 0 },
		{ 0x11, FAULT_ASYNC_EXTERNAL, 0, 1 }, { 0x15, FAULT_EXTERNAL_WALK, 1, 0 },
		{ 0x16, FAULT_EXTERNAL_WALK, 2, 0 }, { 0x17, FAULT_EXTERNAL_WALK, 3, 0 },
		{ 0x18, FAULT_PARITY, 0, 0 }, { 0x19, FAULT_ASYNC_PARITY, 0, 1 },
		{ 0x1d, FAULT_PARITY_WALK, 1, 0 }, { 0x1e, FAULT_PARITY_WALK, 2, 0 },
		{ 0x1f, FAULT_PARITY_WALK, 3, 0 }, { 0x21, FAULT_ALIGNMENT, 0, 0 },
		{ 0x22, FAULT_DEBUG, 0, 0 }, { 0x30, FAULT_TLB_CONFLICT, 0, 0 },
		{ 0x34, FAULT_LOCKDOWN, 0, 0 }, { 0x3a, FAULT_COPROC, 0, 0 },
	};
	struct fsr_decoded d;

	(void)state;
	for (unsigned s = 0; s < 64; s++) {
		for (int data = 0; data < 2; data++) {
			size_t i = 0;
			int ret;

			while (i < (sizeof(defined) / sizeof(defined[0])) && defined[i].s != s)
				i++;
			poison(&d);
			ret = fsr_decode_lpae(0x200u | s, data, &d);
			assert_int_equal(d.status, s);
			assert_int_equal(d.domain, 0);
			if (i == (sizeof(defined) / sizeof(defined[0])) || (defined[i].data_only && !data)) {
				assert_int_equal(ret, -EINVAL);
				assert_int_equal(d.cls, FAULT_UNKNOWN);
				continue;
			}
			assert_int_equal(ret, 0);
			assert_int_equal(d.cls, defined[i].cls);
			assert_int_equal(d.level, defined[i].level);
			assert_non_null(d.text);
			/* DFAR/IFAR hold the address for every synchronous abort;
			 * they are UNKNOWN for asynchronous ones, debug events and
			 * the IMPLEMENTATION DEFINED lockdown and coprocessor
			 * aborts (ARM ARM B4.1.52, B4.1.96). */
			assert_int_equal(d.far_valid, !(s == 0x11 || s == 0x19 || s == 0x22 ||
							 s == 0x34 || s == 0x3a));
		}
	}
}

static void test_lpae_fields(void **state)
{
	struct fsr_decoded d;

	(void)state;
	/* QEMU's access-flag fault on a write, level 3: DFSR 0xa0b */
	poison(&d);
	assert_int_equal(fsr_decode_lpae(0xa0b, true, &d), 0);
	assert_int_equal(d.cls, FAULT_ACCESS_FLAG);
	assert_int_equal(d.level, 3);
	assert_true(d.is_write && d.wnr_valid && d.far_valid);
	assert_string_equal(d.text, "access flag fault (level 3)");
	/* a translation fault at level 2 (a 2 MiB block's entry), a read,
	 * with ExT and CM set: still that */
	poison(&d);
	assert_int_equal(fsr_decode_lpae(0x3206, true, &d), 0);
	assert_int_equal(d.cls, FAULT_TRANSLATION);
	assert_int_equal(d.level, 2);
	assert_false(d.is_write);
	/* prefetch aborts have no WnR */
	poison(&d);
	assert_int_equal(fsr_decode_lpae(0xa0f, false, &d), 0);
	assert_false(d.is_write || d.wnr_valid);
	/* asynchronous: no address, no direction */
	poison(&d);
	assert_int_equal(fsr_decode_lpae(0xa11, true, &d), 0);
	assert_false(d.far_valid || d.wnr_valid || d.is_write);
	/* bit 9 clear: a short-descriptor value, not decoded as long */
	poison(&d);
	assert_int_equal(fsr_decode_lpae(0x007, true, &d), -EINVAL);
	assert_int_equal(d.cls, FAULT_UNKNOWN);
	assert_string_equal(fault_class_name(FAULT_ADDRESS_SIZE), "address size");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v7_data_every_status),
		cmocka_unit_test(test_v7_prefetch_every_status),
		cmocka_unit_test(test_v7_data_only_encodings),
		cmocka_unit_test(test_v7_reserved_encodings),
		cmocka_unit_test(test_v7_fs4_is_bit10),
		cmocka_unit_test(test_v7_wnr),
		cmocka_unit_test(test_v7_domain_and_high_bits),
		cmocka_unit_test(test_v5_every_status_data),
		cmocka_unit_test(test_v5_prefetch_refused),
		cmocka_unit_test(test_v5_fields),
		cmocka_unit_test(test_fault_class_names),
		cmocka_unit_test(test_insn_writes),
		cmocka_unit_test(test_insn_writes_coproc_sp_relative_and_branch),
		cmocka_unit_test(test_v7_async_aborts_have_no_address_or_direction),
		cmocka_unit_test(test_fault_window_takes),
		cmocka_unit_test(test_lpae_every_status),
		cmocka_unit_test(test_lpae_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
