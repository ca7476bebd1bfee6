/*
 * uint32_t arch_irq_save(void); void arch_irq_restore(uint32_t flags)
 * (asm/irqflags.h): A32, which Thumb-1 callers reach by BLX (ARMv5T
 * interworking). ARMv5 has no CPS: the I bit is set by a read-modify-write
 * of the CPSR control field.
 */
	.syntax unified
	.arm
	.text

#define PSR_I		0x80

	.global	arch_irq_save
	.type	arch_irq_save, %function
arch_irq_save:
	mrs	r0, cpsr
	orr	r1, r0, #PSR_I
	msr	cpsr_c, r1
	bx	lr

	.global	arch_irq_restore
	.type	arch_irq_restore, %function
arch_irq_restore:
	msr	cpsr_c, r0
	bx	lr
