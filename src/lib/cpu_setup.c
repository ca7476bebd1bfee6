#include "cpu_setup.h"

#define MIDR_IMPL_ARM	0x41u
#define MPIDR_M		(1u << 31)	/* multiprocessing extensions format */
#define MPIDR_U		(1u << 30)	/* uniprocessor */

/* Primary part numbers (MIDR[15:4]) whose TRM says to set ACTLR.SMP (bit 6)
 * before enabling the caches and MMU (each TRM's "Auxiliary Control
 * Register"): Cortex-A5 MPCore, A7, A9, A12, A15, A17; the same list as
 * Linux's proc-v7.S. */
static const uint16_t smp_bit_parts[] = { 0xc05, 0xc07, 0xc09, 0xc0d, 0xc0f, 0xc0e };

/* Primary part numbers of the cores whose L1 data cache (and L2, where
 * the core has one) is invalidated by hardware at reset unless a reset
 * disable pin says otherwise: Cortex-A7 (TRM DDI 0464, L1RSTDISABLE and
 * L2RSTDISABLE), A12, A15 (TRM DDI 0438, L2RSTDISABLE), A17. On these a
 * DCISW is carried out as clean and invalidate, so a set/way pass at reset
 * can only write out what was never valid (Linux commit 3ee851e212d0,
 * "ARM: rockchip: add basic smp support for rk3288": "A7/A12/A15/A17
 * should not invalid L1"). Not the Cortex-A9 (its L1 comes out of reset
 * UNKNOWN: Linux's v7_invalidate_l1 exists for it), A5 or A8. */
static const uint16_t dcache_reset_invalid_parts[] = { 0xc07, 0xc0d, 0xc0f, 0xc0e };

static bool arm_part_in(uint32_t midr, const uint16_t *parts, unsigned n)
{
	uint32_t part = (midr >> 4) & 0xfff;

	if ((midr >> 24) != MIDR_IMPL_ARM)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (parts[i] == part)
			return true;
	return false;
}

bool dcache_invalid_at_reset(uint32_t midr)
{
	return arm_part_in(midr, dcache_reset_invalid_parts,
			   sizeof(dcache_reset_invalid_parts) / sizeof(dcache_reset_invalid_parts[0]));
}

bool actlr_smp_needed(uint32_t midr, uint32_t mpidr, uint32_t actlr)
{
	if ((mpidr & (MPIDR_M | MPIDR_U)) != MPIDR_M || (actlr & ACTLR_SMP))
		return false;
	return arm_part_in(midr, smp_bit_parts, sizeof(smp_bit_parts) / sizeof(smp_bit_parts[0]));
}
