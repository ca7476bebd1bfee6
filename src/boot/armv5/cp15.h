/*
 * ARMv5 (ARM926EJ-S) CP15 register access: ARM ARM (DDI 0100I), "The
 * System Control Coprocessor"; ARM926EJ-S TRM (DDI 0198D) 2.3. There is no
 * VBAR, no TTBCR, no separate IFSR/IFAR and no address-translation
 * operation: those are ARMv6/v7 additions.
 */
#ifndef ARMV5_CP15_H
#define ARMV5_CP15_H

#include <stdint.h>
#include "../cp15_access.h"

CP15_READ(midr,   0, c0, c0, 0)		/* main ID */
CP15_READ(ctr,    0, c0, c0, 1)		/* cache type (ARMv5 format) */
CP15_READ(id_pfr0, 0, c0, c1, 0)	/* ARMv6 and later only (the CPUID scheme) */
CP15_RW(sctlr,    0, c1, c0, 0)		/* control */
CP15_RW(ttbr0,    0, c2, c0, 0)		/* translation table base */
CP15_RW(dacr,     0, c3, c0, 0)		/* domain access control */
CP15_READ(fsr,    0, c5, c0, 0)		/* data fault status */
CP15_READ(far,    0, c6, c0, 0)		/* data fault address */

/* c7: cache operations (TRM 2.3, register 7). "all" operations take SBZ. */
CP15_WRITE(wfi,         0, c7, c0, 4)	/* wait for interrupt */
CP15_WRITE(icache_inval_all, 0, c7, c5, 0)
CP15_WRITE(icache_inval_mva, 0, c7, c5, 1)
CP15_WRITE(dcache_inval_all, 0, c7, c6, 0)
CP15_WRITE(dcache_inval_mva, 0, c7, c6, 1)
CP15_WRITE(dcache_clean_mva, 0, c7, c10, 1)
CP15_WRITE(drain_wb,    0, c7, c10, 4)	/* drain write buffer */
CP15_WRITE(dcache_clean_inval_mva, 0, c7, c14, 1)

/* c8: TLB operations (TRM 2.3, register 8); the ARM926 TLB is unified. */
CP15_WRITE(tlb_inval_all, 0, c8, c7, 0)
CP15_WRITE(tlb_inval_mva, 0, c8, c7, 1)

/* SCTLR bits (control register 1; TRM 2.3). */
#define SCTLR_M		(1u << 0)	/* MMU */
#define SCTLR_A		(1u << 1)	/* alignment checking */
#define SCTLR_C		(1u << 2)	/* D-cache */
#define SCTLR_W		(1u << 3)	/* write buffer: reads as one on ARM926 */
#define SCTLR_S		(1u << 8)	/* system protection: AP = 00 is privileged RO */
#define SCTLR_R		(1u << 9)	/* ROM protection */
#define SCTLR_I		(1u << 12)	/* I-cache */
#define SCTLR_V		(1u << 13)	/* high vectors at 0xFFFF0000 */
#define SCTLR_RR	(1u << 14)	/* round-robin cache replacement */
#define SCTLR_L4	(1u << 15)	/* ARMv4 PC-load behaviour (no interworking) */
#define SCTLR_XP	(1u << 23)	/* ARMv6: the v6 table format; ARMv7: reads as one */

#endif
