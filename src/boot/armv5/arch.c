/*
 * ARMv5TEJ (ARM926EJ-S on QEMU versatilepb): CP15 control of the MMU,
 * caches and TLB, and the fault registers.
 *
 * References: ARM ARM (DDI 0100I) part B (the System Control Coprocessor,
 * Virtual Memory System Architecture, and Caches and Write Buffers
 * chapters); ARM926EJ-S TRM (DDI 0198D) chapters 2 (CP15 registers), 3 (MMU)
 * and 4 (caches and write buffer).
 *
 * Exception vectors: ARMv5 has no VBAR; the table is at 0x00000000, or at
 * 0xFFFF0000 with SCTLR.V ("high vectors"). RAM starts at physical 0 on
 * versatilepb, and the firmware wants page 0 unmapped so that a NULL
 * dereference aborts. So with the MMU on, SCTLR.V = 1 and the MMU maps the
 * page at 0xFFFF0000 read-only and executable onto the physical page that
 * holds `vectors` (src/mmu/mmu.c, through arch_vectors_va()). The table is a
 * set of "ldr pc, [pc, #...]" loads of absolute addresses (entry.S), so it
 * works from either address. With the MMU off (from reset until mmu_init,
 * and between mmu_off and mmu_on) there is no 0xFFFF0000, so SCTLR.V = 0 and
 * arch_early_init leaves a copy of the table at physical 0, where only the
 * MMU-off CPU can see it: early faults are still reported.
 *
 * Caches: the ARM926 has virtually indexed, virtually tagged caches. The
 * D-cache keeps each line's physical address for write-back (TRM 4.1), so a
 * clean by MVA works after the mapping is gone; stale lines of a VA whose
 * translation changes are removed when its TLB entries are invalidated.
 */
#include <errno.h>
#include "arch.h"
#include "midr.h"
#include "cp15.h"
#include <asm/barrier.h>

extern char vectors[], vectors_end[];

/* All sixteen domains Client (0b01): permissions are always checked. */
#define DACR_ALL_CLIENT	0x55555555u

#define HIGH_VECTORS	0xffff0000u
#define TLB_RANGE_MAX	(64u * 4096u)	/* past this, invalidate the whole TLB */
#define DCACHE_RANGE_MAX (16u * 1024u)	/* past this, clean the whole D-cache */

/*
 * This build's tables use the ARMv5 format. ARMv6 still walks it while
 * SCTLR.XP (bit 23) is 0, its reset value (QEMU's ARM1136 and ARM1176 boot
 * this image); ARMv7 does not: XP reads as one (ARM ARM DDI 0406C, SCTLR),
 * and bit 4, which ARMv5 sets in each section, is then XN, so the first
 * fetch after the MMU is on would abort, and so would its vector. (QEMU
 * lets XP be cleared on ARMv7 and walks the old format: only hardware
 * would show it, and the ARM926's cache operations are undefined there.)
 * ARMv7 is the CPUID scheme (MIDR architecture 0xF, ARMv6 too) with
 * Thumb-2 (ID_PFR0[7:4] 3), which no ARMv6 with an MMU has (ARMv6T2's
 * ARM1156 has an MPU). An ARMv6 gets XP cleared, as a loader may set it.
 * Valid from reset; reads only MIDR before it knows ID_PFR0 exists.
 */
const char *arch_cpu_unsupported(void)
{
	uint32_t midr = read_midr(), part = (midr >> 4) & 0xfff;

	/* ARM's parts of this family with a protection unit, or nothing, for
	 * an MMU (ARM940T, ARM946E-S, ARM966E-S). */
	if ((midr >> 24) == 0x41 && (part == 0x940 || part == 0x946 || part == 0x966))
		return "this CPU has no MMU (a protection unit at most): boot it with -cpu arm926";
	if (((midr >> 16) & 0xf) != 0xf)
		return NULL;
	if (((read_id_pfr0() >> 4) & 0xf) >= 3)
		return "this image is built for ARMv5 and the CPU is ARMv7, whose MMU does "
		       "not walk ARMv5 tables: boot it with -cpu arm926, or build BOARD=virt";
	write_sctlr(read_sctlr() & ~SCTLR_XP);
	return NULL;
}

void arch_early_init(void)
{
	/* Runs before .bss is cleared: no globals. */
	uintptr_t low = 0;
	const uint32_t *src = (const uint32_t *)vectors;
	size_t words = (size_t)(vectors_end - vectors) / 4;

	/* The ARM926's cache operations below are not ARMv7's (c7, c6, 0 and
	 * c7, c14, 3 are undefined there): on an ARMv7 CPU, touch nothing;
	 * boot_c() says why it stops. */
	if (arch_cpu_unsupported())
		return;

	/*
	 * Entered with the MMU or D-cache on (a boot loader's `go`, running
	 * identity-mapped): the cache may hold dirty lines, this image's own
	 * among them. arch_mmu_disable cleans and invalidates the whole D-cache
	 * before it turns the MMU and caches off (cache.S); turning them off
	 * first and invalidating would lose those lines. Entered with both off,
	 * nothing cached is ours: invalidate below.
	 */
	if (read_sctlr() & (SCTLR_M | SCTLR_C))
		arch_mmu_disable();
	/* Low vectors while the MMU is off; caches and MMU off (reset state). */
	write_sctlr(read_sctlr() & ~(SCTLR_V | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_A));
	isb();
	/* Hide the constant 0 from GCC, which would otherwise treat the stores
	 * below as NULL dereferences. */
	__asm__("" : "+r"(low));
	for (size_t i = 0; i < words; i++)
		((volatile uint32_t *)low)[i] = src[i];
	/* Nothing in the caches or TLB is ours yet (TRM 2.3: c7, c8). */
	write_dcache_inval_all(0);
	write_icache_inval_all(0);
	write_tlb_inval_all(0);
	dsb();
}

/* No CPSR.A before ARMv6: asynchronous aborts are never masked. */
void arch_exceptions_ready(void)
{
}

/* No Hyp mode and no Security Extensions on ARMv5. */
enum arch_boot_mode arch_boot_mode(void)
{
	return ARCH_BOOT_NONSECURE;
}

uintptr_t arch_vectors_va(void)
{
	return HIGH_VECTORS;
}

uint32_t arch_midr(void)
{
	return read_midr();
}

const char *arch_cpu_name(uint32_t midr)
{
	static const struct cpu_part parts[] = {
		{ 0x920, "ARM920T" }, { 0x922, "ARM922T" }, { 0x926, "ARM926EJ-S" },
		{ 0x940, "ARM940T" }, { 0x946, "ARM946E-S" }, { 0x966, "ARM966E-S" },
		{ 0xa26, "ARM1026EJ-S" },
		{ 0xb02, "ARM11 MPCore" }, { 0xb36, "ARM1136J(F)-S" }, { 0xb76, "ARM1176JZ(F)-S" },
	};

	return midr_part_name(midr, parts, ARRAY_SIZE(parts));
}

const char *arch_name(void)
{
	return "ARMv5TEJ";
}

const struct pt_format *arch_pt_format(void)
{
	return &pt_format_armv5;
}

/*
 * ARMv5 has one FSR and one FAR, written by data aborts only: a prefetch
 * abort leaves both alone (the ARM926 has no IFSR/IFAR), so for one the
 * status is unknown here and the address is not in FAR. far_valid = false
 * tells exception.c to use the frame's pc, which for a prefetch abort is the
 * address of the instruction that could not be fetched.
 */
void arch_fault_status(bool is_data, uint32_t *fsr, uint32_t *far, bool *far_valid,
		       struct fsr_decoded *dec)
{
	if (!is_data) {
		*fsr = 0;
		*far = 0;
		*far_valid = false;
		*dec = (struct fsr_decoded){
			.cls = FAULT_UNKNOWN,
			.text = "instruction fetch abort (ARMv5 records no status for it)",
		};
		return;
	}
	*fsr = read_fsr();
	*far = read_far();
	fsr_decode_v5(*fsr, true, dec);
	*far_valid = dec->far_valid;
}

/* Smallest D-cache line: the ARMv5 cache type register (CP15 c0, opc2 1),
 * Dsize LEN in [13:12], line = 8 << LEN bytes. */
static size_t dline(void)
{
	return 8u << ((read_ctr() >> 12) & 3);
}

size_t arch_dcache_line(void)
{
	return dline();
}

void arch_mmu_enable(phys_addr_t base)
{
	uint32_t sctlr;

	/* TTBR0 is only the 16 KiB-aligned base on ARMv5: no walk attributes.
	 * The ARM926 walker reads memory, not the D-cache (TRM 3.2), which is
	 * why arch_pt_sync cleans descriptors out of the cache. */
	write_ttbr0((uint32_t)base & ~(PT_TOP_BYTES - 1));
	write_dacr(DACR_ALL_CLIENT);
	/* No stale translation or instruction may survive into the new
	 * regime. The D-cache holds nothing: it was invalidated at reset or
	 * cleaned and invalidated by arch_mmu_disable, and allocates nothing
	 * while the MMU is off (TRM Table 4-3). */
	write_tlb_inval_all(0);
	write_icache_inval_all(0);
	dsb();

	sctlr = read_sctlr();
	/* S = 1, R = 0: AP = 00 is privileged read-only (DDI 0100I, VMSA). */
	sctlr &= ~(SCTLR_A | SCTLR_R);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_S | SCTLR_V;
	write_sctlr(sctlr);
	/* Refetch with the MMU on. The image is identity-mapped, so that is
	 * the instruction after this one. */
	isb();
}

bool arch_mmu_enabled(void)
{
	return read_sctlr() & SCTLR_M;
}

void arch_pt_sync(const void *desc, size_t bytes)
{
	uintptr_t line = dline();
	uintptr_t p = (uintptr_t)desc & ~(line - 1);
	uintptr_t end = (uintptr_t)desc + bytes;

	/* With the MMU on the tables are write-back cached and the walker
	 * does not look in the D-cache: clean the lines to memory. With it off
	 * nothing is cached. Either way, drain the write buffer. */
	if (arch_mmu_enabled())
		for (; p < end; p += line)
			write_dcache_clean_mva(p);
	dsb();
}

/*
 * VIVT caches: lines tagged with this VA may belong to the old translation.
 * The D-cache writes dirty ones back to their own physical address, so this
 * is safe after the entry is gone.
 */
void arch_cache_unmap_range(uintptr_t va, size_t size)
{
	uintptr_t last = va + (size - 1);
	uintptr_t p;

	if (size > DCACHE_RANGE_MAX) {
		arch_dcache_clean_inval_all();
	} else {
		uintptr_t line = dline();

		for (p = va & ~(line - 1); p <= last && p >= (va & ~(line - 1)); p += line)
			write_dcache_clean_inval_mva(p);
	}
	write_icache_inval_all(0);
}

/*
 * Self-modifying code on the ARM926EJ-S (its TRM, c7 cache operations;
 * ARMv5 has no architected sequence beyond these): clean the D-cache
 * lines by MVA and drain the write buffer (c7, c10, 1 and 4: the data is in
 * memory), then invalidate the I-cache (c7, c5, 0), which may hold stale
 * lines for these VAs (VIVT). No ISB on ARMv5: the branch to the new code
 * refills the pipeline. The ARM926 has no branch predictor.
 */
void arch_icache_sync_range(uintptr_t va, size_t size)
{
	arch_dcache_clean_range(va, size);	/* ends with the drain */
	write_icache_inval_all(0);
}

void arch_tlb_inval_range(uintptr_t va, size_t size)
{
	uintptr_t first = va & ~(uintptr_t)0xfff;
	uintptr_t last = va + (size - 1);
	uintptr_t p;

	if (size > TLB_RANGE_MAX) {
		write_tlb_inval_all(0);
	} else {
		for (p = first; p <= last && p >= first; p += 4096)
			write_tlb_inval_mva(p);
	}
	dsb();
	isb();
}

/* No ASIDs before ARMv6: one address space in the TLB at a time. */
bool arch_has_asids(void)
{
	return false;
}

void arch_set_asid(unsigned asid)
{
	(void)asid;
}

unsigned arch_asid(void)
{
	return 0;
}

void arch_tlb_inval_asid(unsigned asid)
{
	(void)asid;
	arch_tlb_inval_all();
}

void arch_tlb_inval_all(void)
{
	dsb();
	write_tlb_inval_all(0);
	dsb();
	isb();
}

CP15_MVA_RANGE_OP(arch_dcache_clean_range, write_dcache_clean_mva)
CP15_MVA_RANGE_OP(arch_dcache_inval_range, write_dcache_inval_mva)
CP15_MVA_RANGE_OP(arch_dcache_clean_inval_range, write_dcache_clean_inval_mva)

/* ARMv5 has no address translation operation (ARMv6K/v7 added ATS1C*). */
int arch_translate(uintptr_t va, bool write, phys_addr_t *pa)
{
	(void)va;
	(void)write;
	(void)pa;
	return -ENOSYS;
}

void arch_abort_barrier(void)
{
	dsb();	/* drain the write buffer (TRM 2.3, c7, c10, 4) */
}

bool arch_alignment_check(bool on)
{
	uint32_t sctlr = read_sctlr();

	write_sctlr(on ? sctlr | SCTLR_A : sctlr & ~SCTLR_A);
	isb();
	return sctlr & SCTLR_A;
}

/* No CPSIE/CPSID before ARMv6: read-modify-write CPSR's control byte. */
void arch_irq_enable(void)
{
	uint32_t tmp;

	__asm__ volatile("mrs %0, cpsr\n\t"
			 "bic %0, %0, #0x80\n\t"
			 "msr cpsr_c, %0" : "=r"(tmp) :: "memory");
}

void arch_irq_disable(void)
{
	uint32_t tmp;

	__asm__ volatile("mrs %0, cpsr\n\t"
			 "orr %0, %0, #0x80\n\t"
			 "msr cpsr_c, %0" : "=r"(tmp) :: "memory");
}

/* ARM926: CP15 c7, c0, 4 drains the write buffers and waits (TRM 4.2). */
void arch_wait_for_interrupt(void)
{
	write_wfi(0);
}
