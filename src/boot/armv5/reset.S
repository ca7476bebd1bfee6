/*
 * The first thing reset does: nothing on ARMv5, which has no Hyp mode and
 * no Security Extensions; the ARMv7 version leaves Hyp. No stack; returns
 * to lr.
 */
	.syntax unified
	.arm
	.section .text.boot, "ax"
	.global	arch_reset_mode
	.type	arch_reset_mode, %function
arch_reset_mode:
	bx	lr
