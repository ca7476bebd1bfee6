/*
 * Fault status decoding for ARMv7 short-descriptor and ARMv5 formats.
 * Pure table lookups: the host unit tests check every encoding.
 */
#include <errno.h>
#include <stddef.h>
#include "fsr.h"

struct fsr_rule {
	uint8_t status;
	uint8_t cls;
	uint8_t level;
	bool data_only;		/* encoding only defined for DFSR */
	bool far_valid;
	const char *text;
};

/* ARM ARM B3.13.3, Table B3-23: short-descriptor FS[4:0], FS[4] = bit 10. */
static const struct fsr_rule v7_rules[] = {
	{ 0x01, FAULT_ALIGNMENT,      0, 1, 1, "alignment fault" },
	{ 0x04, FAULT_ICACHE_MAINT,   0, 1, 1, "fault on instruction cache maintenance" },
	{ 0x0c, FAULT_EXTERNAL_WALK,  1, 0, 1, "synchronous external abort on table walk (first level)" },
	{ 0x0e, FAULT_EXTERNAL_WALK,  2, 0, 1, "synchronous external abort on table walk (second level)" },
	{ 0x1c, FAULT_PARITY_WALK,    1, 0, 1, "synchronous parity error on table walk (first level)" },
	{ 0x1e, FAULT_PARITY_WALK,    2, 0, 1, "synchronous parity error on table walk (second level)" },
	{ 0x05, FAULT_TRANSLATION,    1, 0, 1, "translation fault (section)" },
	{ 0x07, FAULT_TRANSLATION,    2, 0, 1, "translation fault (page)" },
	{ 0x03, FAULT_ACCESS_FLAG,    1, 0, 1, "access flag fault (section)" },
	{ 0x06, FAULT_ACCESS_FLAG,    2, 0, 1, "access flag fault (page)" },
	{ 0x09, FAULT_DOMAIN,         1, 0, 1, "domain fault (section)" },
	{ 0x0b, FAULT_DOMAIN,         2, 0, 1, "domain fault (page)" },
	{ 0x0d, FAULT_PERMISSION,     1, 0, 1, "permission fault (section)" },
	{ 0x0f, FAULT_PERMISSION,     2, 0, 1, "permission fault (page)" },
	{ 0x02, FAULT_DEBUG,          0, 0, 0, "debug event" },
	{ 0x08, FAULT_EXTERNAL,       0, 0, 1, "synchronous external abort" },
	{ 0x10, FAULT_TLB_CONFLICT,   0, 0, 1, "TLB conflict abort" },
	{ 0x14, FAULT_LOCKDOWN,       0, 0, 0, "implementation defined (lockdown)" },
	{ 0x1a, FAULT_COPROC,         0, 0, 0, "implementation defined (coprocessor abort)" },
	{ 0x19, FAULT_PARITY,         0, 0, 1, "synchronous parity error on memory access" },
	{ 0x16, FAULT_ASYNC_EXTERNAL, 0, 1, 0, "asynchronous external abort" },
	{ 0x18, FAULT_ASYNC_PARITY,   0, 1, 0, "asynchronous parity error on memory access" },
};

/* ARM ARM B3.13.3, Table B3-24: long-descriptor (LPAE) STATUS[5:0]; the
 * low two bits of the MMU faults are the lookup level (LL). */
static const struct fsr_rule lpae_rules[] = {
	{ 0x00, FAULT_ADDRESS_SIZE,   0, 0, 1, "address size fault (TTBR)" },
	{ 0x01, FAULT_ADDRESS_SIZE,   1, 0, 1, "address size fault (level 1)" },
	{ 0x02, FAULT_ADDRESS_SIZE,   2, 0, 1, "address size fault (level 2)" },
	{ 0x03, FAULT_ADDRESS_SIZE,   3, 0, 1, "address size fault (level 3)" },
	{ 0x05, FAULT_TRANSLATION,    1, 0, 1, "translation fault (level 1)" },
	{ 0x06, FAULT_TRANSLATION,    2, 0, 1, "translation fault (level 2)" },
	{ 0x07, FAULT_TRANSLATION,    3, 0, 1, "translation fault (level 3)" },
	{ 0x09, FAULT_ACCESS_FLAG,    1, 0, 1, "access flag fault (level 1)" },
	{ 0x0a, FAULT_ACCESS_FLAG,    2, 0, 1, "access flag fault (level 2)" },
	{ 0x0b, FAULT_ACCESS_FLAG,    3, 0, 1, "access flag fault (level 3)" },
	{ 0x0d, FAULT_PERMISSION,     1, 0, 1, "permission fault (level 1)" },
	{ 0x0e, FAULT_PERMISSION,     2, 0, 1, "permission fault (level 2)" },
	{ 0x0f, FAULT_PERMISSION,     3, 0, 1, "permission fault (level 3)" },
	{ 0x10, FAULT_EXTERNAL,       0, 0, 1, "synchronous external abort" },
	{ 0x11, FAULT_ASYNC_EXTERNAL, 0, 1, 0, "asynchronous external abort" },
	{ 0x15, FAULT_EXTERNAL_WALK,  1, 0, 1, "synchronous external abort on table walk (level 1)" },
	{ 0x16, FAULT_EXTERNAL_WALK,  2, 0, 1, "synchronous external abort on table walk (level 2)" },
	{ 0x17, FAULT_EXTERNAL_WALK,  3, 0, 1, "synchronous external abort on table walk (level 3)" },
	{ 0x18, FAULT_PARITY,         0, 0, 1, "synchronous parity error on memory access" },
	{ 0x19, FAULT_ASYNC_PARITY,   0, 1, 0, "asynchronous parity error on memory access" },
	{ 0x1d, FAULT_PARITY_WALK,    1, 0, 1, "synchronous parity error on table walk (level 1)" },
	{ 0x1e, FAULT_PARITY_WALK,    2, 0, 1, "synchronous parity error on table walk (level 2)" },
	{ 0x1f, FAULT_PARITY_WALK,    3, 0, 1, "synchronous parity error on table walk (level 3)" },
	{ 0x21, FAULT_ALIGNMENT,      0, 0, 1, "alignment fault" },
	{ 0x22, FAULT_DEBUG,          0, 0, 0, "debug event" },
	{ 0x30, FAULT_TLB_CONFLICT,   0, 0, 1, "TLB conflict abort" },
	{ 0x34, FAULT_LOCKDOWN,       0, 0, 0, "implementation defined (lockdown)" },
	{ 0x3a, FAULT_COPROC,         0, 0, 0, "implementation defined (coprocessor abort)" },
};

/* ARMv5 (DDI 0100I B4.6, Table B4-1): FS[3:0]; prefetch aborts have no FSR
 * on ARMv5, so is_data is always true in practice. */
static const struct fsr_rule v5_rules[] = {
	{ 0x1, FAULT_ALIGNMENT,     0, 1, 1, "alignment fault" },
	{ 0x3, FAULT_ALIGNMENT,     0, 1, 1, "alignment fault" },
	{ 0x0, FAULT_VECTOR,        0, 1, 1, "vector exception" },
	{ 0x2, FAULT_EXTERNAL,      0, 1, 0, "terminal exception" },
	{ 0xc, FAULT_EXTERNAL_WALK, 1, 1, 1, "external abort on table walk (first level)" },
	{ 0xe, FAULT_EXTERNAL_WALK, 2, 1, 1, "external abort on table walk (second level)" },
	{ 0x5, FAULT_TRANSLATION,   1, 1, 1, "translation fault (section)" },
	{ 0x7, FAULT_TRANSLATION,   2, 1, 1, "translation fault (page)" },
	{ 0x9, FAULT_DOMAIN,        1, 1, 1, "domain fault (section)" },
	{ 0xb, FAULT_DOMAIN,        2, 1, 1, "domain fault (page)" },
	{ 0xd, FAULT_PERMISSION,    1, 1, 1, "permission fault (section)" },
	{ 0xf, FAULT_PERMISSION,    2, 1, 1, "permission fault (page)" },
	{ 0x4, FAULT_LINEFETCH,     1, 1, 1, "external abort on linefetch (section)" },
	{ 0x6, FAULT_LINEFETCH,     2, 1, 1, "external abort on linefetch (page)" },
	{ 0x8, FAULT_EXTERNAL,      1, 1, 1, "external abort on non-linefetch (section)" },
	{ 0xa, FAULT_EXTERNAL,      2, 1, 1, "external abort on non-linefetch (page)" },
};

static int fsr_lookup(const struct fsr_rule *rules, size_t n, unsigned status,
		      bool is_data, struct fsr_decoded *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct fsr_rule *r = &rules[i];

		if (r->status != status || (r->data_only && !is_data))
			continue;
		out->cls = r->cls;
		out->level = r->level;
		out->far_valid = r->far_valid;
		out->text = r->text;
		return 0;
	}
	out->cls = FAULT_UNKNOWN;
	out->level = 0;
	out->far_valid = false;
	out->text = "reserved fault status";
	return -EINVAL;
}

int fsr_decode_v7(uint32_t fsr, bool is_data, struct fsr_decoded *out)
{
	out->status = ((fsr >> 6) & 0x10) | (fsr & 0x0f);
	out->domain = (fsr >> 4) & 0x0f;
	int ret;

	out->wnr_valid = is_data;
	out->is_write = is_data && (fsr & (1u << 11));
	ret = fsr_lookup(v7_rules, sizeof(v7_rules) / sizeof(v7_rules[0]),
			 out->status, is_data, out);
	/* B4.1.52: on an asynchronous abort WnR is UNKNOWN, and no
	 * instruction to decode the direction from is at the pc. */
	if (fsr_is_async(out))
		out->wnr_valid = out->is_write = false;
	return ret;
}

int fsr_decode_lpae(uint32_t fsr, bool is_data, struct fsr_decoded *out)
{
	int ret;

	out->status = fsr & 0x3f;
	out->domain = 0;		/* long descriptors have no domains */
	out->wnr_valid = is_data;
	out->is_write = is_data && (fsr & (1u << 11));
	ret = fsr_lookup(lpae_rules, sizeof(lpae_rules) / sizeof(lpae_rules[0]),
			 out->status, is_data, out);
	if (!(fsr & (1u << 9))) {	/* B4.1.52: bit 9 says which layout */
		out->cls = FAULT_UNKNOWN;
		out->level = 0;
		out->far_valid = false;
		out->text = "not a long-descriptor fault status (bit 9 clear)";
		ret = -EINVAL;
	}
	if (fsr_is_async(out))
		out->wnr_valid = out->is_write = false;
	return ret;
}

int fsr_decode_v5(uint32_t fsr, bool is_data, struct fsr_decoded *out)
{
	out->status = fsr & 0x0f;
	out->domain = (fsr >> 4) & 0x0f;
	out->wnr_valid = false;		/* ARMv5 does not report the direction */
	out->is_write = false;
	return fsr_lookup(v5_rules, sizeof(v5_rules) / sizeof(v5_rules[0]),
			  out->status, is_data, out);
}

bool fsr_is_async(const struct fsr_decoded *d)
{
	return d->cls == FAULT_ASYNC_EXTERNAL || d->cls == FAULT_ASYNC_PARITY;
}

/*
 * fault_try() arms its window in SVC mode and runs the callee there; the
 * window ends with a DSB and an ISB while still armed (entry.S), so every
 * access the callee made has completed and an abort it raised, synchronous
 * or asynchronous, has been taken by then. An IRQ taken inside the window
 * runs in IRQ mode with CPSR.A set by the exception entry (B1.8.3), so an
 * asynchronous abort arriving then stays pending until the window's code
 * runs again. Hence: armed and interrupted code in SVC mode means "inside
 * the window", whatever the kind of abort. Anything else is fatal.
 */
bool fault_window_takes(bool armed, uint32_t interrupted_cpsr)
{
	return armed && (interrupted_cpsr & 0x1f) == 0x13;
}

const char *fault_class_name(enum fault_class cls)
{
	static const char *const names[] = {
		[FAULT_UNKNOWN] = "unknown",
		[FAULT_ALIGNMENT] = "alignment",
		[FAULT_TRANSLATION] = "translation",
		[FAULT_ACCESS_FLAG] = "access flag",
		[FAULT_DOMAIN] = "domain",
		[FAULT_PERMISSION] = "permission",
		[FAULT_EXTERNAL] = "external abort",
		[FAULT_EXTERNAL_WALK] = "external abort on walk",
		[FAULT_PARITY] = "parity",
		[FAULT_PARITY_WALK] = "parity on walk",
		[FAULT_ASYNC_EXTERNAL] = "asynchronous external abort",
		[FAULT_ASYNC_PARITY] = "asynchronous parity",
		[FAULT_DEBUG] = "debug",
		[FAULT_ICACHE_MAINT] = "icache maintenance",
		[FAULT_TLB_CONFLICT] = "TLB conflict",
		[FAULT_LOCKDOWN] = "lockdown",
		[FAULT_COPROC] = "coprocessor",
		[FAULT_LINEFETCH] = "linefetch",
		[FAULT_VECTOR] = "vector",
		[FAULT_ADDRESS_SIZE] = "address size",
	};

	if ((unsigned)cls >= sizeof(names) / sizeof(names[0]) || !names[cls])
		return "unknown";
	return names[cls];
}

/*
 * Direction of a load/store instruction, for CPUs whose fault status does
 * not say (ARMv5 has no WnR bit: DDI 0100I B4.6). 1 = it writes (SWP counts:
 * it also writes), 0 = it only reads, -1 = not a load/store decoded here.
 * A32: DDI 0100I A3.1 (Figure A3-1) and A5; Thumb: the 16-bit encodings of
 * ARMv5 (A6), which has no 32-bit loads or stores.
 */
int insn_writes(uint32_t insn, bool thumb)
{
	if (thumb) {
		uint32_t t = insn & 0xffff;

		if ((t >> 12) == 0x5)			/* register offset */
			return ((t >> 9) & 7) < 3;	/* STR, STRH, STRB */
		if ((t >> 13) == 0x3 || (t >> 12) == 0x8 || (t >> 12) == 0x9 ||
		    (t >> 12) == 0xc)			/* imm, halfword, SP, LDM/STM */
			return !(t & (1u << 11));
		if ((t >> 11) == 0x9)			/* LDR literal */
			return 0;
		if ((t >> 12) == 0xb && ((t >> 9) & 3) == 2)	/* PUSH / POP */
			return !(t & (1u << 11));
		return -1;
	}

	uint32_t a = insn;
	bool load = a & (1u << 20);

	if ((a >> 28) == 0xf)
		return -1;			/* unconditional space: PLD, ... */
	if (((a >> 26) & 3) == 1 || ((a >> 25) & 7) == 4 || ((a >> 25) & 7) == 6)
		return !load;			/* LDR/STR(B), LDM/STM, LDC/STC */
	if (((a >> 25) & 7) == 0 && (a & 0x90) == 0x90) {
		if ((a & 0x0fb00ff0) == 0x01000090)
			return 1;		/* SWP, SWPB */
		switch ((a >> 5) & 3) {
		case 0:  return -1;		/* multiplies */
		case 1:  return !load;		/* STRH / LDRH */
		case 2:  return 0;		/* LDRD, LDRSB */
		default: return !load;		/* STRD / LDRSH */
		}
	}
	return -1;
}
