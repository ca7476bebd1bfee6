/*
 * make check-accessors must reject this on ARMv7: Thumb code whose writel()
 * store (kind IO_WRITE, 2) is reached by a CBZ from above its barrier, so
 * that path skips the barrier (a Thumb-only compare-and-branch).
 * expect: joins below the barrier
 */
	.syntax unified
	.thumb
	.text
	.global	_start
	.type	_start, %function
	.thumb_func
_start:
	cbz	r0, 2f
	dsb	st			@ io_wmb(), skipped when r0 is 0
2:
1:	str	r2, [r1]		@ writel(), a 16-bit encoding: 'str r2, [r1, #0]'
	.pushsection .accessor_sites, "", %progbits
	.word	1b, 2
	.popsection
	bx	lr
