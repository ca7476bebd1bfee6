/*
 * ARMv7-A (Cortex-A15 on QEMU virt): CP15 control of the MMU, caches and
 * TLBs, and the fault registers.
 */
#include <errno.h>
#include "arch.h"
#include "cpu_setup.h"
#include "exception.h"
#include "midr.h"
#include "cp15.h"
#include <asm/barrier.h>

void v7_dcache_inval_local(void);	/* cache.S */
extern char vectors[];

/* TTBR0 walk attributes (B4.1.154): Inner and Outer Write-Back
 * Write-Allocate, Shareable, matching how the tables themselves are mapped
 * (MT_NORMAL), so the walker and the CPU see the same data. */
#define TTBR_S		(1u << 1)
#define TTBR_RGN_WBWA	(1u << 3)
#define TTBR_IRGN_WBWA	(1u << 6)	/* IRGN[1:0] = 0b01: IRGN[0] is bit 6 */

/*
 * TTBCR with long descriptors (B4.1.153): EAE, and TTBR0 walks Inner
 * Shareable (SH0 = 0b11), Outer and Inner Write-Back Write-Allocate
 * (ORGN0 = IRGN0 = 0b01), T0SZ = 0 (TTBR0 translates all 4 GiB).
 */
#define TTBCR_EAE	(1u << 31)
#define TTBCR_LPAE	(TTBCR_EAE | (3u << 12) | (1u << 10) | (1u << 8))

/* All sixteen domains Client (0b01): permissions are always checked. */
#define DACR_ALL_CLIENT	0x55555555u

#define TLB_RANGE_MAX	(64u * 4096u)	/* past this, invalidate everything */

/* Written by reset.S before .bss is cleared, hence kept in .data. */
extern uint32_t arch_entered_hyp;
uint32_t arch_entered_hyp __attribute__((section(".data")));
static enum arch_boot_mode boot_mode;

/*
 * Coherency needs ACTLR.SMP set before the caches and MMU are enabled on the
 * cores that have it (src/lib/cpu_setup.c says which); set only when clear.
 */
static void set_actlr_smp(void)
{
	uint32_t actlr = read_actlr();

	if (actlr_smp_needed(read_midr(), read_mpidr(), actlr)) {
		write_actlr(actlr | ACTLR_SMP);
		isb();
	}
}

/* The ARMv7 build adapts to the CPU (LPAE or short descriptors, Hyp,
 * Secure): every CPU QEMU's virt takes boots it. */
const char *arch_cpu_unsupported(void)
{
	return NULL;
}

void arch_early_init(void)
{
	/*
	 * Entered with the MMU or data cache on (a boot loader's `go`, running
	 * identity-mapped): the cache may hold dirty lines, this image's own
	 * among them (the loader wrote it through the cache). Invalidating
	 * would lose them: clean and invalidate to the point of coherency,
	 * then turn the MMU and caches off (arch_mmu_disable, B2.2.7, B4.2.1).
	 * Entered with both off: what the cache holds is not ours (it may be
	 * reset garbage, which cleaning could write out). On the cores whose
	 * hardware invalidates L1 and L2 at reset (Cortex-A7, A12, A15, A17:
	 * dcache_invalid_at_reset() cites their TRMs) there is nothing to do,
	 * and a set/way "invalidate" would be carried out as a clean there
	 * anyway. Elsewhere (the Cortex-A9's L1 is UNKNOWN at reset):
	 * invalidate by set/way, to LoUIS. A boot loader that turned the data
	 * cache off before jumping here has cleaned and invalidated it (as
	 * U-Boot's cleanup_before_linux() and this firmware's mmu_off() do).
	 */
	if (read_sctlr() & (SCTLR_M | SCTLR_C))
		arch_mmu_disable();
	else if (!dcache_invalid_at_reset(read_midr()))
		v7_dcache_inval_local();
	/* The vectors stay in .text, wherever it is linked: SCTLR.V = 0 and
	 * VBAR (B4.1.156) pointing at them. No alignment checking until
	 * arch_mmu_enable decides. */
	write_sctlr(read_sctlr() & ~(SCTLR_V | SCTLR_TE | SCTLR_A | SCTLR_M | SCTLR_C | SCTLR_I));
	write_vbar((uint32_t)vectors);
	set_actlr_smp();
	/* Nothing in the I-cache, TLB or branch predictor is ours yet
	 * (B2.2.2, B3.10.2). */
	write_iciallu(0);
	write_bpiall(0);
	write_tlbiall(0);
	dsb();
	isb();
}

static void read_scr_into(void *arg)
{
	*(uint32_t *)arg = read_scr();
}

/*
 * Which state reset left the firmware in. reset.S saw Hyp (and left it for
 * Non-secure SVC). Without the Security Extensions (ID_PFR1.Security,
 * B4.1.94, is 0) there is one state, which QEMU runs as Non-secure. With
 * them, SCR (B4.1.129) is readable only from Secure PL1: UNDEFINED in
 * Non-secure state.
 */
static enum arch_boot_mode detect_boot_mode(void)
{
	struct fault_info fi;
	uint32_t scr;

	if (arch_entered_hyp)
		return ARCH_BOOT_HYP;
	if (!((read_id_pfr1() >> 4) & 0xf))
		return ARCH_BOOT_NONSECURE;
	return fault_try(read_scr_into, &scr, &fi) ? ARCH_BOOT_NONSECURE : ARCH_BOOT_SECURE;
}

void arch_exceptions_ready(void)
{
	boot_mode = detect_boot_mode();
	/* CPSR.A is set at reset: unmask asynchronous aborts now that the
	 * vectors are in place and .bss is clear (so one a boot loader left
	 * pending is dispatched on a sane state), so an external abort on a
	 * buffered write is reported (a data abort whose status says
	 * asynchronous) instead of staying pending for ever (B1.8.2). */
	__asm__ volatile("cpsie a" ::: "memory");
}

enum arch_boot_mode arch_boot_mode(void)
{
	return boot_mode;
}

/* VBAR points at the vectors where they are linked: nothing to map. */
uintptr_t arch_vectors_va(void)
{
	return 0;
}

uint32_t arch_midr(void)
{
	return read_midr();
}

const char *arch_cpu_name(uint32_t midr)
{
	static const struct cpu_part parts[] = {
		{ 0xc05, "Cortex-A5" }, { 0xc07, "Cortex-A7" }, { 0xc08, "Cortex-A8" },
		{ 0xc09, "Cortex-A9" }, { 0xc0f, "Cortex-A15" }, { 0xc0e, "Cortex-A17" },
	};

	return midr_part_name(midr, parts, ARRAY_SIZE(parts));
}

const char *arch_name(void)
{
	return "ARMv7-A";
}

/* ID_MMFR0.VMSA (bits [3:0]) >= 5: VMSAv7 with the Large Physical Address
 * Extension, so a 40-bit physical address space (B4.1.89). */
static bool has_lpae(void)
{
	return (read_id_mmfr0() & 0xf) >= 5;
}

/*
 * Long descriptors where the CPU has them. A build with FORMAT=short
 * (PT_FORCE_SHORT) keeps short descriptors regardless.
 */
static bool use_long_descriptors(void)
{
#ifdef PT_FORCE_SHORT
	return false;
#else
	return has_lpae();
#endif
}

/*
 * Short descriptors reach above 4 GiB through supersections when the CPU
 * has them (ID_MMFR3.SuperSec, bits [31:28], is 0: B4.1.92) and has a
 * physical address space past 32 bits: the supersection's extended base
 * address (PA[39:32]) is optional (Cortex-A8 has supersections without it,
 * its TRM 6.3), so only a CPU with LPAE's 40-bit physical addresses
 * (Cortex-A15) is trusted to use it.
 */
static bool has_40bit_supersections(void)
{
	return has_lpae() && (read_id_mmfr3() >> 28) == 0;
}

const struct pt_format *arch_pt_format(void)
{
	static const struct pt_format *fmt;

	if (!fmt)
		fmt = use_long_descriptors() ? &pt_format_lpae :
		      has_40bit_supersections() ? &pt_format_armv7s_super : &pt_format_armv7s;
	return fmt;
}

/* The fault status layout follows TTBCR.EAE (B4.1.52), whatever else. */
static bool eae(void)
{
	return read_ttbcr() & TTBCR_EAE;
}

void arch_fault_status(bool is_data, uint32_t *fsr, uint32_t *far, bool *far_valid,
		       struct fsr_decoded *dec)
{
	*fsr = is_data ? read_dfsr() : read_ifsr();
	*far = is_data ? read_dfar() : read_ifar();
	if (eae())
		fsr_decode_lpae(*fsr, is_data, dec);
	else
		fsr_decode_v7(*fsr, is_data, dec);
	*far_valid = dec->far_valid;
}

/* Point TTBR0 at the tables: long descriptors take their walk attributes
 * from TTBCR and a 64-bit TTBR0 (ASID 0); short ones from TTBR0 itself. */
static phys_addr_t translation_base;	/* what TTBR0 points at */

/* With long descriptors and TTBCR.A1 = 0, the current ASID is TTBR0[55:48]
 * (B4.1.155), not CONTEXTIDR: one 64-bit write changes both at once. */
#define TTBR0_LPAE_ASID_SHIFT	48

static void set_translation_base(phys_addr_t base)
{
	translation_base = base;
	if (arch_pt_format() == &pt_format_lpae) {
		write_mair0(pt_lpae_mair0);	/* AttrIndx -> memory type (B4.1.104) */
		write_mair1(pt_lpae_mair1);
		write_ttbcr(TTBCR_LPAE);
		isb();		/* TTBR0 is 64-bit only once EAE is set */
		write_ttbr0_64(base);
		return;
	}
	/* TTBCR.N = 0: TTBR0 translates the whole 4 GiB, short descriptors. */
	write_ttbcr(0);
	write_ttbr0((uint32_t)base | TTBR_IRGN_WBWA | TTBR_RGN_WBWA | TTBR_S);
}

void arch_mmu_enable(phys_addr_t base)
{
	uint32_t sctlr;

	set_translation_base(base);
	write_dacr(DACR_ALL_CLIENT);	/* ignored with long descriptors */
	/* No stale translation or prediction may survive into the new regime. */
	write_tlbiall(0);
	write_bpiall(0);
	write_iciallu(0);
	/* DSB: the table writes and the invalidations are complete before the
	 * MMU walks; ISB: the register writes above take effect (B3.10.1). */
	dsb();
	isb();

	sctlr = read_sctlr();
	sctlr &= ~(SCTLR_A | SCTLR_TRE | SCTLR_AFE);	/* TEX remap and access flag off */
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z;
	write_sctlr(sctlr);
	/* ISB: fetch the next instruction with the MMU on. The image is
	 * identity-mapped, so that is the instruction after this one. */
	isb();
}

bool arch_mmu_enabled(void)
{
	return read_sctlr() & SCTLR_M;
}

static size_t dline(void)
{
	return 4u << ((read_ctr() >> 16) & 0xf);	/* CTR.DminLine, words */
}

size_t arch_dcache_line(void)
{
	return dline();
}

void arch_pt_sync(const void *desc, size_t bytes)
{
	uintptr_t line = dline();
	uintptr_t p = (uintptr_t)desc & ~(line - 1);
	uintptr_t end = (uintptr_t)desc + bytes;

	/* B3.3.1: a walker that is not coherent with the data cache reads
	 * descriptors from the point of unification, so they are cleaned
	 * there; one that is (ID_MMFR3.CohWalk, bits [23:20], is 1: B4.1.92,
	 * as on Cortex-A7/A15) needs no clean. DSB makes the writes visible
	 * before any walk either way. */
	if (((read_id_mmfr3() >> 20) & 0xf) == 0 && arch_mmu_enabled())
		for (; p < end; p += line)
			write_dccmvau(p);
	dsb();
}

void arch_tlb_inval_range(uintptr_t va, size_t size)
{
	uintptr_t p = va & ~(uintptr_t)0xfff;
	uintptr_t last = va + (size - 1);
	uint32_t asid = arch_asid();

	if (size > TLB_RANGE_MAX) {
		write_tlbiallis(0);
	} else {
		/* B4.2.2 TLBIMVA: a global entry matches whatever the ASID
		 * field; a non-global one (a task's page) only its own ASID,
		 * which is the current one whenever a task's mapping changes. */
		for (; p <= last && p >= (va & ~(uintptr_t)0xfff); p += 4096)
			write_tlbimvais(p | asid);
	}
	write_bpiallis(0);
	dsb();	/* the invalidation has completed ... */
	isb();	/* ... before the next instruction is fetched */
}

bool arch_has_asids(void)
{
	return true;
}

static unsigned current_asid;

void arch_set_asid(unsigned asid)
{
	current_asid = asid & 0xff;
	if (arch_pt_format() == &pt_format_lpae)
		write_ttbr0_64(translation_base | (uint64_t)current_asid << TTBR0_LPAE_ASID_SHIFT);
	else
		write_contextidr(current_asid);	/* PROCID 0 */
	isb();
}

unsigned arch_asid(void)
{
	return current_asid;
}

void arch_tlb_inval_asid(unsigned asid)
{
	dsb();		/* table writes visible before the invalidation */
	write_tlbiasidis(asid & 0xff);
	write_bpiallis(0);
	dsb();
	isb();
}

void arch_tlb_inval_all(void)
{
	dsb();
	write_tlbiallis(0);
	write_bpiallis(0);
	dsb();
	isb();
}

/* ARMv7 data caches behave as physically tagged (B2.2.1), and this firmware
 * never remaps executable memory: nothing to do. */
void arch_cache_unmap_range(uintptr_t va, size_t size)
{
	(void)va, (void)size;
}

CP15_MVA_RANGE_OP(arch_dcache_clean_range, write_dccmvac)
static CP15_MVA_RANGE_OP(dcache_clean_pou_range, write_dccmvau)

/*
 * ARM ARM (DDI 0406C) B2.2.9, "Ordering of cache and branch predictor
 * maintenance operations", the example for self-modifying code: DCCMVAU
 * of each line, DSB (the cleaned data is visible to instruction fetches),
 * ICIMVAU, BPIMVA, DSB (the invalidations are complete), ISB (fetches
 * after this see the new instructions). The whole I-cache and predictor
 * are invalidated here (ICIALLU, BPIALL: also B2.2.9's operations): by MVA
 * would need CTR.IminLine too, and an I-cache tagged by VA (VIPT
 * aliasing) could hold the range under another index.
 */
void arch_icache_sync_range(uintptr_t va, size_t size)
{
	dcache_clean_pou_range(va, size);	/* ends with DSB */
	write_iciallu(0);
	write_bpiall(0);
	dsb();
	isb();
}

CP15_MVA_RANGE_OP(arch_dcache_inval_range, write_dcimvac)
CP15_MVA_RANGE_OP(arch_dcache_clean_inval_range, write_dccimvac)

int arch_translate(uintptr_t va, bool write, phys_addr_t *pa)
{
	uint64_t par;

	if (write)
		write_ats1cpw(va);
	else
		write_ats1cpr(va);
	isb();	/* B4.2.6: PAR is valid after an ISB */
	/* B4.1.113: with TTBCR.EAE the PAR is 64-bit, PA[39:12] */
	par = eae() ? read_par_64() : read_par();
	if (par & 1)
		return -EFAULT;
	*pa = (par & (eae() ? 0xfffffff000ull : 0xfffff000u)) | (va & 0xfff);
	return 0;
}

void arch_abort_barrier(void)
{
	dsb();
	isb();
}

bool arch_alignment_check(bool on)
{
	uint32_t sctlr = read_sctlr();

	write_sctlr(on ? sctlr | SCTLR_A : sctlr & ~SCTLR_A);
	isb();
	return sctlr & SCTLR_A;
}

void arch_irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

void arch_irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

void arch_wait_for_interrupt(void)
{
	dsb();
	__asm__ volatile("wfi" ::: "memory");
}
