/*
 * After the CPU copied code with the MMU off (entry.S moving a raw image to
 * its link address): the ARM926's DCache works only with its MMU on
 * (ARM926EJ-S TRM, chapter 4), so the copy went to memory through the
 * write buffer. Drain it, then invalidate the I-cache,
 * which may hold what was at those addresses. A macro, so the code that
 * moves the image stays position-independent: no call, no stack. Clobbers
 * \tmp.
 */
#ifndef ASM_RELOCATE_H
#define ASM_RELOCATE_H

#ifdef __ASSEMBLY__
.macro	code_copied tmp
	mov	\tmp, #0
	mcr	p15, 0, \tmp, c7, c10, 4	@ drain write buffer
	mcr	p15, 0, \tmp, c7, c5, 0		@ invalidate I-cache
.endm
#endif

#endif
