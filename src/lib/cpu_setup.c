#include "cpu_setup.h"

#define MIDR_IMPL_ARM	0x41u
#define MPIDR_M		(1u << 31)	/* multiprocessing extensions format */
#define MPIDR_U		(1u << 30)	/* uniprocessor */

/* Primary part numbers (MIDR[15:4]) whose TRM says to set ACTLR.SMP (bit 6)
 * before enabling the caches and MMU (each TRM's "Auxiliary Control
 * Register"): Cortex-A5 MPCore, A7, A9, A12, A15, A17; the same list as
 * Linux's proc-v7.S. */
static const uint16_t smp_bit_parts[] = { 0xc05, 0xc07, 0xc09, 0xc0d, 0xc0f, 0xc0e };

bool actlr_smp_needed(uint32_t midr, uint32_t mpidr, uint32_t actlr)
{
	uint32_t part = (midr >> 4) & 0xfff;
	bool listed = false;

	if ((midr >> 24) != MIDR_IMPL_ARM || (mpidr & (MPIDR_M | MPIDR_U)) != MPIDR_M)
		return false;
	for (unsigned i = 0; i < sizeof(smp_bit_parts) / sizeof(smp_bit_parts[0]); i++)
		listed |= smp_bit_parts[i] == part;
	return listed && !(actlr & ACTLR_SMP);
}
