/*
 * What generic code needs from the CPU architecture. Implemented once per
 * architecture under src/boot/<arch>/; generic code never uses #ifdef.
 */
#ifndef ARCH_H
#define ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <asm/irqflags.h>
#include "compiler.h"
#include "fsr.h"
#include "pgtable.h"

/*
 * The reset path, in entry.S order:
 * arch_reset_mode: first instruction's call, no stack (assembly, r0-r3):
 *   leaves Hyp mode for SVC where the CPU came up in Hyp (ARMv7).
 * arch_early_init: with stacks set, before .bss is cleared: when entered
 *   with the MMU or caches on, clean and invalidate the data cache and turn
 *   them off; vector base; invalidate caches, TLB and branch predictor;
 *   CPU setup that must precede enabling the caches (ACTLR.SMP).
 * arch_exceptions_ready: .bss clear and vectors in place: record the boot
 *   mode, unmask asynchronous aborts (ARMv7 CPSR.A).
 */
void arch_reset_mode(void);
void arch_early_init(void);
void arch_exceptions_ready(void);

/*
 * The mode and security state reset handed the firmware, which then runs in
 * PL1 (SVC) in every case; discovery picks the timer interrupt from it:
 * ARCH_BOOT_NONSECURE  Non-secure PL1, or no Security Extensions (ARMv5,
 *                      QEMU virt without secure=on): non-secure physical timer.
 * ARCH_BOOT_SECURE     Secure PL1 (virt,secure=on): secure physical timer.
 * ARCH_BOOT_HYP        entered in Hyp, left for Non-secure SVC with PL1
 *                      owning the physical timer (CNTHCTL): non-secure
 *                      physical timer, not the Hyp one.
 * Valid once arch_exceptions_ready() has run.
 */
enum arch_boot_mode { ARCH_BOOT_NONSECURE, ARCH_BOOT_SECURE, ARCH_BOOT_HYP };
enum arch_boot_mode arch_boot_mode(void);

/*
 * Where the CPU fetches exception vectors from once the MMU is on, when that
 * is a fixed address the MMU must map (ARMv5 high vectors: 0xFFFF0000); 0 when
 * the vector base register points at `vectors` in place (ARMv7 VBAR). mmu.c
 * maps that page read-only and executable onto the page holding `vectors`.
 */
uintptr_t arch_vectors_va(void);

uint32_t arch_midr(void);
/*
 * NULL, or why this image cannot run on the CPU it booted on (the build's
 * architecture needs what the CPU lacks). Valid from reset, MMU off;
 * boot_c() says it on the early console and halts before the tables.
 */
const char *arch_cpu_unsupported(void);
/* A short name for the CPU part from MIDR, e.g. "Cortex-A15", or "unknown". */
const char *arch_cpu_name(uint32_t midr);
const char *arch_name(void);

/* The descriptor format this CPU's MMU walks. */
const struct pt_format *arch_pt_format(void);

/* Fault registers for a data (true) or prefetch (false) abort, decoded. */
void arch_fault_status(bool is_data, uint32_t *fsr, uint32_t *far, bool *far_valid,
		       struct fsr_decoded *dec);

/*
 * MMU control. arch_mmu_enable: TTBCR/TTBR0/DACR, invalidate TLB and branch
 * predictor, turn on MMU, D-cache, I-cache and branch prediction. The tables
 * must be in memory (made visible by arch_pt_sync).
 * arch_mmu_disable: clean and invalidate the data cache, then turn the MMU
 * and caches off; code must run from an identity-mapped region.
 */
void arch_mmu_enable(phys_addr_t base);	/* pt_base_pa() of the tables */
void arch_mmu_disable(void);
bool arch_mmu_enabled(void);

/* Make bytes of just-written descriptors from desc visible to the table
 * walker. */
void arch_pt_sync(const void *desc, size_t bytes);
/* Invalidate TLB entries (and walk caches) for [va, va+size). */
void arch_tlb_inval_range(uintptr_t va, size_t size);
/*
 * Address-space identifiers for user tasks (include/asid.h). ARMv7: the
 * ASID in CONTEXTIDR tags the TLB entries of non-global mappings (B3.9.1);
 * arch_set_asid writes it (0 while no task runs) with the ISB that makes it
 * take effect (B3.10.4: the table itself stays, so no TTBR change is
 * needed); arch_tlb_inval_asid drops every entry of one ASID (TLBIASIDIS);
 * arch_tlb_inval_all every entry. ARMv5 has no ASIDs: arch_set_asid does
 * nothing and arch_tlb_inval_asid invalidates the whole TLB.
 * arch_tlb_inval_range above invalidates global entries and those of the
 * current ASID.
 */
bool arch_has_asids(void);
void arch_set_asid(unsigned asid);
unsigned arch_asid(void);
void arch_tlb_inval_asid(unsigned asid);
void arch_tlb_inval_all(void);

/*
 * Cacheable memory at [va, va+size) was just unmapped or remapped: write back
 * and drop the cache lines tagged with those virtual addresses, where caches
 * are virtually tagged (ARMv5). A no-op where they behave as physically
 * tagged (ARMv7 data caches, B2.2.1).
 */
void arch_cache_unmap_range(uintptr_t va, size_t size);

/* Data cache maintenance by VA range to the point of coherency. */
void arch_dcache_clean_range(uintptr_t va, size_t size);
void arch_dcache_inval_range(uintptr_t va, size_t size);
void arch_dcache_clean_inval_range(uintptr_t va, size_t size);
/*
 * Instructions were written to [va, va+size) through the data side: make
 * the instruction side see them (clean the data cache to the point of
 * unification, invalidate the instruction cache and branch predictor,
 * with the barriers the architecture requires between). The range must be
 * mapped.
 */
void arch_icache_sync_range(uintptr_t va, size_t size);

/* Whole-cache maintenance by set/way (ARM ARM B2.2.7 example). */
void arch_dcache_clean_inval_all(void);

/*
 * Ask the MMU itself to translate va for a privileged read (write = false)
 * or write: 0 and *pa on success; -EFAULT when the MMU would fault;
 * -ENOSYS when the CPU has no address translation operation.
 */
int arch_translate(uintptr_t va, bool write, phys_addr_t *pa);

/* SCTLR.A: alignment checking on (true) or off. Returns the previous state. */
bool arch_alignment_check(bool on);

/*
 * Wait until every memory access this CPU has made has completed, so that an
 * asynchronous abort one of them raises is taken (CPSR.A clear) before this
 * returns: ARMv7 DSB (A3.8.3: completes the accesses) then ISB (a context
 * synchronization, at which a pending unmasked abort is taken, as Linux/KVM
 * rely on for SError); ARMv5 drains the write buffer (ARMv5 has no
 * asynchronous aborts: imprecise aborts and CPSR.A came with ARMv6).
 */
void arch_abort_barrier(void);

/* Interrupt masking and waiting. */
void arch_irq_enable(void);
void arch_irq_disable(void);
void arch_wait_for_interrupt(void);
/* arch_irq_save(), arch_irq_restore(): <asm/irqflags.h> (included above),
 * inline where the ISA allows. */

/* Cache line size in bytes of the smallest data cache line (CTR). */
size_t arch_dcache_line(void);

#endif
