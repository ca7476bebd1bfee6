/*
 * make check-accessors must reject this: a writel() site (kind IO_WRITE, 2)
 * whose barrier one path skips: the branch at 'again' joins between the
 * barrier and the store.
 * expect: joins below the barrier
 */
	.syntax unified
	.arm
	.text
	.global	_start
_start:
	mov	r2, #0
	mcr	p15, 0, r2, c7, c10, 4	@ io_wmb()
again:
	mov	r2, r0
1:	str	r2, [r1]		@ writel()
	.pushsection .accessor_sites, "", %progbits
	.word	1b, 2
	.popsection
	subs	r0, r0, #1
	bne	again
	b	.
