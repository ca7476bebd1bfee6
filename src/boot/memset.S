/*
 * memset(), replacing newlib's (whose nano build stores a word at a time):
 * translation tables are zeroed with it before the MMU is on, and every
 * large buffer after. Twelve registers a store (STM: 48 bytes an
 * instruction), sixteen stores a turn while 768 bytes remain (.bss and a
 * 16 KiB top-level table are the big ones), then 48-byte stores, one
 * 32-byte store, words, bytes. Every access is aligned (the head is stored a byte
 * at a time up to a word boundary), so it is safe with the MMU off, where
 * memory is Strongly-ordered and an unaligned access faults (ARM ARM
 * A3.2.1). ARM state; ARMv5 and ARMv7 alike.
 *
 * void *memset(void *s, int c, size_t n): returns s.
 */
	.syntax unified
	.arm
	.text

	.global	memset
	.type	memset, %function
memset:
	mov	ip, r0				@ r0 is the return value
	and	r1, r1, #0xff
	orr	r1, r1, r1, lsl #8
	orr	r1, r1, r1, lsl #16		@ the byte in every lane
1:	tst	ip, #3				@ bytes up to a word boundary
	beq	2f
	subs	r2, r2, #1
	bxcc	lr				@ n was 0: done
	strb	r1, [ip], #1
	b	1b
2:	cmp	r2, #32
	blo	5f
	push	{r0, r4-r11, lr}
	mov	r0, r1
	mov	r3, r1
	mov	r4, r1
	mov	r5, r1
	mov	r6, r1
	mov	r7, r1
	mov	r8, r1
	mov	r9, r1
	mov	r10, r1
	mov	r11, r1
	mov	lr, r1
	subs	r2, r2, #768
3:	stmhs	ip!, {r0, r1, r3-r11, lr}	@ 768 bytes a turn, 48 a store
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	stmhs	ip!, {r0, r1, r3-r11, lr}
	subshs	r2, r2, #768
	bhs	3b
	adds	r2, r2, #(768 - 48)		@ then 48 bytes a turn
7:	stmhs	ip!, {r0, r1, r3-r11, lr}
	subshs	r2, r2, #48
	bhs	7b
	adds	r2, r2, #(48 - 32)		@ then 32 bytes
4:	stmhs	ip!, {r1, r3-r9}
	subshs	r2, r2, #32
	bhs	4b
	add	r2, r2, #32
	pop	{r0, r4-r11, lr}
5:	subs	r2, r2, #4			@ words
	strhs	r1, [ip], #4
	bhs	5b
	adds	r2, r2, #4
6:	subs	r2, r2, #1			@ bytes
	bxcc	lr
	strb	r1, [ip], #1
	b	6b
	.size	memset, . - memset
