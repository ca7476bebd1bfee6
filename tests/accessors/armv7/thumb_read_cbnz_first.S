/*
 * make check-accessors must reject this on ARMv7: Thumb code whose readl()
 * load (kind IO_READ, 1) is followed by a CBNZ before its barrier, so one
 * path leaves without it.
 * expect: no barrier after 'ldr r0, [r1, #0]': 'cbnz r0,
 */
	.syntax unified
	.thumb
	.text
	.global	_start
	.type	_start, %function
	.thumb_func
_start:
1:	ldr	r0, [r1]		@ readl(), a 16-bit encoding
	.pushsection .accessor_sites, "", %progbits
	.word	1b, 1
	.popsection
	cbnz	r0, 2f
	dsb	sy
2:	bx	lr
