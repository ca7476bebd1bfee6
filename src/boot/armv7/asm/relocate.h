/*
 * After the CPU copied code with the MMU off (entry.S moving a raw image to
 * its link address): data accesses were Strongly-ordered (ARM ARM B3.2.1),
 * so memory holds the copy and no D-cache line needs cleaning, but the
 * I-cache and the branch predictor may hold what was at those addresses.
 * DSB (the copy is complete), ICIALLU, BPIALL, DSB, ISB (B2.2.9: later
 * fetches see the new instructions). A macro, so the code that moves the
 * image stays position-independent: no call, no stack. Clobbers \tmp.
 */
#ifndef ASM_RELOCATE_H
#define ASM_RELOCATE_H

#ifdef __ASSEMBLY__
.macro	code_copied tmp
	dsb
	mov	\tmp, #0
	mcr	p15, 0, \tmp, c7, c5, 0		@ ICIALLU
	mcr	p15, 0, \tmp, c7, c5, 6		@ BPIALL
	dsb
	isb
.endm
#endif

#endif
