/*
 * memcpy(), replacing newlib's (whose nano build copies a byte or a word at
 * a time): device records and buffers are copied with it at boot. When
 * source and destination share their offset within a word, eight registers
 * a load and a store (LDM/STM: 32 bytes an instruction pair) after a byte
 * head up to a word boundary, then words, then bytes; otherwise bytes. Every
 * access is aligned, so it is safe with the MMU off too (ARM ARM A3.2.1).
 * The ranges must not overlap (C11 7.24.2.1). ARM state; ARMv5 and ARMv7.
 *
 * void *memcpy(void *dst, const void *src, size_t n): returns dst.
 */
	.syntax unified
	.arm
	.text

	.global	memcpy
	.type	memcpy, %function
memcpy:
	mov	ip, r0				@ r0 is the return value
	eor	r3, r0, r1
	tst	r3, #3
	bne	6f				@ offsets differ: bytes only
1:	tst	ip, #3				@ bytes up to a word boundary
	beq	2f
	subs	r2, r2, #1
	bxcc	lr				@ n was 0: done
	ldrb	r3, [r1], #1
	strb	r3, [ip], #1
	b	1b
2:	subs	r2, r2, #32
	blo	4f
	push	{r4-r10}
3:	ldm	r1!, {r3-r10}			@ 32 bytes a turn
	stm	ip!, {r3-r10}
	subs	r2, r2, #32
	bhs	3b
	pop	{r4-r10}
4:	adds	r2, r2, #(32 - 4)		@ then words
5:	ldrhs	r3, [r1], #4
	strhs	r3, [ip], #4
	subshs	r2, r2, #4
	bhs	5b
	add	r2, r2, #4
6:	subs	r2, r2, #1			@ bytes
	bxcc	lr
	ldrb	r3, [r1], #1
	strb	r3, [ip], #1
	b	6b
	.size	memcpy, . - memcpy
