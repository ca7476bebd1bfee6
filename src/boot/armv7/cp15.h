/* ARMv7 CP15 register access (ARM ARM B4.2, B4.1). */
#ifndef ARMV7_CP15_H
#define ARMV7_CP15_H

#include <stdint.h>
#include "../cp15_access.h"

CP15_READ(midr,   0, c0, c0, 0)
CP15_READ(ctr,    0, c0, c0, 1)
CP15_READ(mpidr,  0, c0, c0, 5)
CP15_READ(id_pfr1, 0, c0, c1, 1)
CP15_RW(sctlr,    0, c1, c0, 0)
CP15_RW(actlr,    0, c1, c0, 1)
CP15_READ(scr,    0, c1, c1, 0)	/* Secure PL1 only: UNDEFINED in Non-secure */
CP15_RW(ttbr0,    0, c2, c0, 0)
CP15_RW(ttbcr,    0, c2, c0, 2)
CP15_READ(id_mmfr0, 0, c0, c1, 4)
CP15_READ(id_mmfr3, 0, c0, c1, 7)
CP15_WRITE(mair0, 0, c10, c2, 0)
CP15_WRITE(mair1, 0, c10, c2, 1)
CP15_RW(dacr,     0, c3, c0, 0)
CP15_READ(dfsr,   0, c5, c0, 0)
CP15_READ(ifsr,   0, c5, c0, 1)
CP15_READ(dfar,   0, c6, c0, 0)
CP15_READ(ifar,   0, c6, c0, 2)
CP15_READ(par,    0, c7, c4, 0)
CP15_WRITE(ats1cpr, 0, c7, c8, 0)
CP15_WRITE(ats1cpw, 0, c7, c8, 1)
CP15_WRITE(iciallu, 0, c7, c5, 0)
CP15_WRITE(bpiall,  0, c7, c5, 6)
CP15_WRITE(bpiallis, 0, c7, c1, 6)
CP15_WRITE(dcimvac, 0, c7, c6, 1)
CP15_WRITE(dccmvac, 0, c7, c10, 1)
CP15_WRITE(dccmvau, 0, c7, c11, 1)
CP15_WRITE(dccimvac, 0, c7, c14, 1)
CP15_WRITE(tlbiall,   0, c8, c7, 0)
CP15_WRITE(tlbiallis, 0, c8, c3, 0)
CP15_WRITE(tlbimvais, 0, c8, c3, 1)
CP15_WRITE(tlbiasidis, 0, c8, c3, 2)
CP15_RW(vbar,     0, c12, c0, 0)
CP15_RW(contextidr, 0, c13, c0, 1)

/* 64-bit registers with long descriptors (B4.2.2: MCRR/MRRC). */
static inline void write_ttbr0_64(uint64_t v)
{
	__asm__ volatile("mcrr p15, 0, %Q0, %R0, c2" :: "r"(v) : "memory");
}

static inline uint64_t read_par_64(void)
{
	uint64_t v;

	__asm__ volatile("mrrc p15, 0, %Q0, %R0, c7" : "=r"(v) :: "memory");
	return v;
}

#define SCTLR_M		(1u << 0)
#define SCTLR_A		(1u << 1)
#define SCTLR_C		(1u << 2)
#define SCTLR_Z		(1u << 11)
#define SCTLR_I		(1u << 12)
#define SCTLR_V		(1u << 13)
#define SCTLR_TRE	(1u << 28)
#define SCTLR_AFE	(1u << 29)
#define SCTLR_TE	(1u << 30)

#endif
