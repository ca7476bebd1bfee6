/*
 * make check-accessors must reject this: accessor sites using writeback and
 * post-indexed addressing, recorded the way include/io.h records its own
 * (address, kind IO_RELAXED).
 * expect: not one plain LDR/STR
 */
	.syntax unified
	.arm
	.text
	.global	_start
_start:
1:	ldr	r0, [r1], #4		@ post-indexed
	.pushsection .accessor_sites, "", %progbits
	.word	1b, 0
	.popsection
2:	str	r0, [r1, #4]!		@ pre-indexed with writeback
	.pushsection .accessor_sites, "", %progbits
	.word	2b, 0
	.popsection
	b	.
