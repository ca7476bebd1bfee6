/*
 * make check-accessors must reject this: a writel() site (kind IO_WRITE, 2)
 * whose store has no barrier before it, as if io_wmb() were dropped from
 * writel(). Everything else about it is right (one plain STR).
 * expect: no barrier before 'str r0, [r1]'
 */
	.syntax unified
	.arm
	.text
	.global	_start
_start:
	mov	r0, #1
	add	r1, r1, #4
1:	str	r0, [r1]		@ writel() without its barrier
	.pushsection .accessor_sites, "", %progbits
	.word	1b, 2
	.popsection
	bx	lr
