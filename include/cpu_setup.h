/*
 * Decisions the reset path takes from CPU identification registers (pure:
 * no hardware access, host unit-tested in tests/host/test_cpu_setup.c).
 */
#ifndef CPU_SETUP_H
#define CPU_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#define ACTLR_SMP	(1u << 6)	/* Cortex-A5/A7/A9/A12/A15/A17 ACTLR.SMP */

/*
 * Must ACTLR.SMP be set before the caches and MMU go on? Only on the ARM
 * cores whose TRM requires it for coherent (shareable, cacheable) accesses,
 * only when MPIDR says the core is part of a multiprocessor system (M = 1,
 * U = 0), and only when it is not already set: a Non-secure write can be
 * prohibited (NSACR.NS_SMP), so it is never written needlessly (Linux,
 * arch/arm/mm/proc-v7.S, __v7_ca9mp_setup / __v7_ca15mp_setup).
 */
bool actlr_smp_needed(uint32_t midr, uint32_t mpidr, uint32_t actlr);

/*
 * Does this core's hardware invalidate its data caches at reset, so that
 * software finds them invalid (and must not clean them by set/way, which
 * on these cores cleans too)? The ARM cores whose TRM says so: Cortex-A7,
 * A12, A15, A17 (src/lib/cpu_setup.c cites each).
 */
bool dcache_invalid_at_reset(uint32_t midr);

#endif
