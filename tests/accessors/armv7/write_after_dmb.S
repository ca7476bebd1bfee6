/*
 * make check-accessors must reject this on ARMv7: a writel() site (kind
 * IO_WRITE, 2) preceded by a DMB instead of a DSB. A DMB orders accesses only
 * as other observers see them; a device write must wait for earlier Normal
 * memory writes to complete (asm/barrier.h, ARM ARM A3.8.3).
 * expect: 'dmb st' is a DMB, which does not wait for completion
 */
	.syntax unified
	.arm
	.text
	.global	_start
_start:
	dmb	st
1:	str	r0, [r1]		@ writel() with the wrong barrier
	.pushsection .accessor_sites, "", %progbits
	.word	1b, 2
	.popsection
	bx	lr
