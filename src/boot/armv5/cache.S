/*
 * ARM926EJ-S whole-D-cache maintenance and MMU switch-off. Assembly because
 * arch_mmu_disable runs while the data cache is being turned off: nothing may
 * touch memory between clearing SCTLR.C and the end of the clean (the same
 * rule as src/boot/armv7/cache.S).
 *
 * ARMv5 has no set/way hierarchy to walk (no CLIDR/CCSIDR): the ARM926 has
 * one level, and "test, clean and invalidate" (MRC p15, 0, r15, c7, c14, 3;
 * ARM926EJ-S TRM 2.3, register 7) cleans and invalidates one dirty line per
 * call, setting the Z flag once no dirty line is left. The loop uses no
 * memory and no register but the flags.
 */
	.syntax unified
	.arm
	.text

#define SCTLR_M	(1 << 0)
#define SCTLR_C	(1 << 2)
#define SCTLR_I	(1 << 12)
#define SCTLR_V	(1 << 13)

/* Clean and invalidate the whole D-cache, then drain the write buffer. */
.macro	dcache_clean_inval_all tmp
1:	mrc	p15, 0, APSR_nzcv, c7, c14, 3	@ test, clean and invalidate
	bne	1b
	mov	\tmp, #0
	mcr	p15, 0, \tmp, c7, c10, 4	@ drain write buffer
.endm

	.global	arch_dcache_clean_inval_all
	.type	arch_dcache_clean_inval_all, %function
arch_dcache_clean_inval_all:
	dcache_clean_inval_all r0
	bx	lr

/*
 * Turn the MMU and caches off. The push dirties a stack line while the cache
 * is still on; after SCTLR.C is cleared nothing is written until the clean
 * has pushed every dirty line (that one included) to memory, so the pop reads
 * what memory holds. SCTLR.V goes back to 0 with M: with the MMU off the
 * vectors are the copy arch_early_init left at physical 0 (arch.c explains).
 * The caller runs identity-mapped, so the next fetch is the same address.
 */
	.global	arch_mmu_disable
	.type	arch_mmu_disable, %function
arch_mmu_disable:
	push	{r4, lr}
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_C
	mcr	p15, 0, r0, c1, c0, 0
	dcache_clean_inval_all r1
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_M
	bic	r0, r0, #SCTLR_I
	bic	r0, r0, #SCTLR_V
	mcr	p15, 0, r0, c1, c0, 0
	sub	pc, pc, #4			@ refetch: no ISB on ARMv5
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0		@ invalidate TLBs
	mcr	p15, 0, r0, c7, c5, 0		@ invalidate I-cache
	mcr	p15, 0, r0, c7, c10, 4		@ drain write buffer
	pop	{r4, pc}
