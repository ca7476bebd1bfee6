/*
 * User program entry (PL0). The firmware enters at USER_TEXT_VA with
 * r0 = argc, r1 = argv (strings on the task's stack), sp 8-byte aligned,
 * .data copied and .bss zeroed. main's return value is the exit status.
 */
#include "uabi.h"

	.syntax unified
	.arm
	.section .text.start, "ax"
	.global	_start
	.type	_start, %function
_start:
	bl	main
	mov	r7, #SYS_EXIT
	svc	#0
	b	.			/* exit never returns */

/* long usys(long a0, long a1, long a2, long a3, long a4, long a5, long nr):
 * the AAPCS puts a4, a5 and nr on the stack; the ABI wants r4, r5, r7. */
	.text
	.global	usys
	.type	usys, %function		/* so Thumb callers reach it with BLX */
usys:
	push	{r4, r5, r7, lr}
	add	r7, sp, #16
	ldm	r7, {r4, r5, r7}
	svc	#0
	pop	{r4, r5, r7, pc}
