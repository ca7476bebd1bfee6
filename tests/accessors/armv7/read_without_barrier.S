/*
 * make check-accessors must reject this on ARMv7: a readl() site (kind
 * IO_READ, 1) whose load is not followed by a barrier before the function
 * returns, as if io_rmb() were dropped from readl(). (ARMv5's io_rmb() is a
 * compiler barrier only, so this sample is for ARMv7.)
 * expect: no barrier after 'ldr r0, [r1]': 'bx lr' branches first
 */
	.syntax unified
	.arm
	.text
	.global	_start
_start:
1:	ldr	r0, [r1]		@ readl() without its barrier
	.pushsection .accessor_sites, "", %progbits
	.word	1b, 1
	.popsection
	add	r0, r0, #1
	bx	lr
	dsb	sy			@ too late: after the return
