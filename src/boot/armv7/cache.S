/*
 * ARMv7 whole-cache maintenance by set/way and MMU switch-off. Assembly
 * because these run while the data cache is being turned off: they touch no
 * memory between the switch and the clean (ARM ARM B2.2.7 and B4.2.1).
 */
	.syntax unified
	.arm
	.text

#define SCTLR_M	(1 << 0)
#define SCTLR_C	(1 << 2)
#define SCTLR_I	(1 << 12)

/*
 * Apply one set/way operation to every data/unified cache level below a
 * limit read from CLIDR (ARM ARM B2.2.7, "Cache maintenance by set/way"):
 * \limit is the bit position of LoC (24) or LoUIS (21) in CLIDR (B4.1.20).
 * \crm, \opc2 select the operation. Clobbers r0-r12; uses no memory.
 */
#define CLIDR_LOC	24
#define CLIDR_LOUIS	21

.macro	dcache_all crm, opc2, limit
	dmb
	mrc	p15, 1, r0, c0, c0, 1		@ CLIDR
	ubfx	r3, r0, #\limit, #3
	lsl	r3, r3, #1			@ compare against level << 1
	mov	r9, #0				@ r9 = level << 1
1:	cmp	r9, r3
	bhs	5f
	add	r2, r9, r9, lsr #1		@ level * 3
	lsr	r1, r0, r2
	and	r1, r1, #7			@ cache type at this level
	cmp	r1, #2
	blt	4f				@ no data cache here
	mcr	p15, 2, r9, c0, c0, 0		@ CSSELR = level, data
	isb					@ CCSIDR must see the new CSSELR
	mrc	p15, 1, r1, c0, c0, 0		@ CCSIDR
	and	r2, r1, #7
	add	r2, r2, #4			@ log2(line bytes)
	ubfx	r4, r1, #3, #10			@ ways - 1
	clz	r5, r4				@ way field shift (32 for one way:
						@ a register shift by 32 gives 0)
	ubfx	r7, r1, #13, #15		@ sets - 1
	mov	r1, #1
	lsl	r1, r1, r2			@ one set down: a line's bytes
	lsl	r7, r7, r2			@ the top set, in place
	mov	r6, r4				@ way counter
	/* Way by way, the sets from the top down (any order of sets and ways
	 * does the whole cache, B2.2.7). When the sets are a multiple of four
	 * (every cache here: 256 on a Cortex-A15), four operands one set
	 * apart go down together, four sets a turn: each line costs its MCR
	 * and one subtraction. Otherwise one set a turn. */
2:	lsl	r8, r6, r5
	orr	r8, r8, r9
	orr	r8, r8, r7			@ way, level, top set
	lsr	r2, r7, r2			@ sets - 1 again: the set counter
	and	r10, r2, #3
	cmp	r10, #3
	bne	3f				@ sets not a multiple of four
	sub	r10, r8, r1			@ the next three sets down
	sub	r11, r8, r1, lsl #1
	sub	r12, r10, r1, lsl #1
6:	mcr	p15, 0, r8, c7, \crm, \opc2
	mcr	p15, 0, r10, c7, \crm, \opc2
	mcr	p15, 0, r11, c7, \crm, \opc2
	mcr	p15, 0, r12, c7, \crm, \opc2
	sub	r8, r8, r1, lsl #2
	sub	r10, r10, r1, lsl #2
	sub	r11, r11, r1, lsl #2
	sub	r12, r12, r1, lsl #2
	subs	r2, r2, #4
	bge	6b
	b	7f
3:	mcr	p15, 0, r8, c7, \crm, \opc2
	sub	r8, r8, r1
	subs	r2, r2, #1
	bge	3b
7:	clz	r2, r1				@ log2(line bytes), back for the next way
	rsb	r2, r2, #31
	subs	r6, r6, #1
	bge	2b
4:	add	r9, r9, #2
	b	1b
5:	mov	r9, #0
	mcr	p15, 2, r9, c0, c0, 0		@ CSSELR back to level 0
	dsb
	isb
.endm

/*
 * At reset: invalidate this CPU's own data caches, up to the Level of
 * Unification Inner Shareable. Outer levels are the system's to invalidate
 * at power-on (the Cortex-A15 invalidates its L2 in hardware on reset).
 */
	.global	v7_dcache_inval_local
	.type	v7_dcache_inval_local, %function
v7_dcache_inval_local:
	push	{r4-r11, lr}
	dcache_all c6, 2, CLIDR_LOUIS		@ DCISW
	pop	{r4-r11, pc}

/* Clean and invalidate everything, out to the point of coherency. */
	.global	arch_dcache_clean_inval_all
	.type	arch_dcache_clean_inval_all, %function
arch_dcache_clean_inval_all:
	push	{r4-r11, lr}
	dcache_all c14, 2, CLIDR_LOC		@ DCCISW
	pop	{r4-r11, pc}

/*
 * Turn the MMU and caches off. The push below dirties the stack line while
 * the cache is still on; after SCTLR.C is cleared nothing is written until
 * the clean has pushed every dirty line (that one included) to memory, so
 * the pop reads what memory holds.
 */
	.global	arch_mmu_disable
	.type	arch_mmu_disable, %function
arch_mmu_disable:
	push	{r4-r11, lr}
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_C
	mcr	p15, 0, r0, c1, c0, 0
	isb
	dcache_all c14, 2, CLIDR_LOC		@ DCCISW
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_M
	bic	r0, r0, #SCTLR_I
	mcr	p15, 0, r0, c1, c0, 0
	isb
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0		@ TLBIALL
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6		@ BPIALL
	dsb
	isb
	pop	{r4-r11, pc}
