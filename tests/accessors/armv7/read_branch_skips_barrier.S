/*
 * make check-accessors must reject this on ARMv7: a readl() site whose load
 * is followed by an unconditional branch (which the checker follows, as a
 * compiler tail-merging io_rmb() produces) to code that returns without a
 * barrier; the DSB after the branch is never reached.
 * expect: no barrier after 'ldr r0, [r1]': 'bx lr' branches first
 */
	.syntax unified
	.arm
	.text
	.global	_start
_start:
1:	ldr	r0, [r1]		@ readl() whose barrier is skipped
	.pushsection .accessor_sites, "", %progbits
	.word	1b, 1
	.popsection
	b	2f
	dsb	sy			@ skipped by the branch
2:	add	r0, r0, #1
	bx	lr
