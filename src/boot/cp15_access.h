/*
 * CP15 register accessors, the same instruction forms on ARMv5 and ARMv7
 * (MRC/MCR p15, op1, Rt, CRn, CRm, op2). Each arch's cp15.h lists its own
 * registers with these; so do drivers of CPU-interface and timer registers
 * (gicv3.c, arm_gtimer.c), whose host tests (tests/host/fake/cp15_access.h) define the same macros
 * over a register model.
 */
#ifndef CP15_ACCESS_H
#define CP15_ACCESS_H

#include <stdint.h>
#include "cache_range.h"

#define CP15_READ(name, op1, crn, crm, op2)					\
static inline uint32_t read_##name(void)					\
{										\
	uint32_t v;								\
	__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2	\
			 : "=r"(v) :: "memory");					\
	return v;								\
}
#define CP15_WRITE(name, op1, crn, crm, op2)					\
static inline void write_##name(uint32_t v)					\
{										\
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2	\
			 :: "r"(v) : "memory");					\
}
#define CP15_RW(name, op1, crn, crm, op2) \
	CP15_READ(name, op1, crn, crm, op2) CP15_WRITE(name, op1, crn, crm, op2)
/* A 64-bit register (MRRC/MCRR p15, op1, Rt, Rt2, CRm: Rt the low word). */
#define CP15_READ64(name, op1, crm)						\
static inline uint64_t read_##name(void)					\
{										\
	uint32_t lo, hi;							\
	__asm__ volatile("mrrc p15, " #op1 ", %0, %1, " #crm			\
			 : "=r"(lo), "=r"(hi) :: "memory");			\
	return (uint64_t)hi << 32 | lo;						\
}
#define CP15_WRITE64(name, op1, crm)						\
static inline void write_##name(uint64_t v)					\
{										\
	__asm__ volatile("mcrr p15, " #op1 ", %0, %1, " #crm			\
			 :: "r"((uint32_t)v), "r"((uint32_t)(v >> 32)) : "memory");	\
}
#define CP15_RW64(name, op1, crm) CP15_READ64(name, op1, crm) CP15_WRITE64(name, op1, crm)

/*
 * Define fn(va, size): apply the by-MVA cache operation op to each data
 * cache line of [va, va+size) (include/cache_range.h counts them), then wait
 * for completion (dsb() from <asm/barrier.h>; the line size from
 * arch_dcache_line()).
 */
#define CP15_MVA_RANGE_OP(fn, op)						\
void fn(uintptr_t va, size_t size)						\
{										\
	uintptr_t line = arch_dcache_line();					\
	uintptr_t p = va & ~(line - 1);						\
	uint32_t n = cache_lines_in_range(va, size, line);			\
										\
	for (; n; n--, p += line)						\
		op(p);								\
	dsb();									\
}

#endif
