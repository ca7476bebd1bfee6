/*
 * Fault status decoding (pure: no hardware access, host unit-tested).
 *
 * ARMv7 short- and long-descriptor DFSR/IFSR: ARM ARM B3.13.3 and
 * B4.1.52/B4.1.96.
 * ARMv5 FSR (ARM926EJ-S): ARM ARM (DDI 0100I) B4.6, Table B4-1.
 */
#ifndef FSR_H
#define FSR_H

#include <stdbool.h>
#include <stdint.h>

enum fault_class {
	FAULT_UNKNOWN = 0,
	FAULT_ALIGNMENT,
	FAULT_TRANSLATION,
	FAULT_ACCESS_FLAG,
	FAULT_DOMAIN,
	FAULT_PERMISSION,
	FAULT_EXTERNAL,		/* synchronous external abort */
	FAULT_EXTERNAL_WALK,	/* synchronous external abort on a table walk */
	FAULT_PARITY,
	FAULT_PARITY_WALK,
	FAULT_ASYNC_EXTERNAL,
	FAULT_ASYNC_PARITY,
	FAULT_DEBUG,
	FAULT_ICACHE_MAINT,
	FAULT_TLB_CONFLICT,
	FAULT_LOCKDOWN,
	FAULT_COPROC,
	FAULT_LINEFETCH,	/* ARMv5 */
	FAULT_VECTOR,		/* ARMv5 */
	FAULT_ADDRESS_SIZE,	/* LPAE: an address wider than the level allows */
};

struct fsr_decoded {
	enum fault_class cls;
	unsigned level;		/* the lookup level: short descriptors 1 (section) or
				 * 2 (page), long descriptors 1-3; 0 = n/a */
	unsigned status;	/* the raw FS field */
	unsigned domain;	/* DFSR domain field, where the architecture reports it */
	bool is_write;		/* data aborts: WnR (ARMv7); ARMv5 cannot tell */
	bool wnr_valid;
	bool far_valid;		/* FAR holds the faulting address */
	const char *text;	/* e.g. "translation fault (section)" */
};

/*
 * Decode an ARMv7 short-descriptor fault status register value. is_data
 * selects DFSR (true) or IFSR (false) rules. Returns 0, or -EINVAL for a
 * reserved status encoding, with out->cls = FAULT_UNKNOWN and a text saying so.
 */
int fsr_decode_v7(uint32_t fsr, bool is_data, struct fsr_decoded *out);

/*
 * Decode an ARMv7 long-descriptor (LPAE, TTBCR.EAE = 1) DFSR/IFSR value:
 * STATUS[5:0], bit 9 set (B4.1.52). Same contract; a value with bit 9 clear
 * is -EINVAL too (it is not in this layout).
 */
int fsr_decode_lpae(uint32_t fsr, bool is_data, struct fsr_decoded *out);

/* Decode an ARMv5 FSR (4-bit status, domain in [7:4]). Same contract. */
int fsr_decode_v5(uint32_t fsr, bool is_data, struct fsr_decoded *out);

const char *fault_class_name(enum fault_class cls);

/* An asynchronous abort (ARMv7 DFSR FS 0b10110 external, 0b11000 parity):
 * FAR and WnR are UNKNOWN, and the pc is where it was taken, past the access. */
bool fsr_is_async(const struct fsr_decoded *d);

/*
 * Does an armed fault_try() window take an exception that interrupted code
 * running with CPSR interrupted_cpsr, as the fault of the window's own
 * access? (Synchronous and asynchronous aborts alike: fsr.c says why.)
 */
bool fault_window_takes(bool armed, uint32_t interrupted_cpsr);

/*
 * Does the load/store instruction insn (A32, or a 16-bit Thumb encoding in
 * the low half when thumb) write memory? 1 writes (SWP included), 0 only
 * reads, -1 not a load/store this decodes. For CPUs whose data-abort status
 * has no WnR bit (ARMv5).
 */
int insn_writes(uint32_t insn, bool thumb);

#endif
