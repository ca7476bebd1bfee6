/*
 * ARMv7 IRQ masking, inline (as Linux's arch/arm/include/asm/irqflags.h):
 * Thumb-2 has MRS, MSR and CPS, so each is one or two instructions in its
 * caller instead of a call (every change of the live tables masks IRQs).
 * The "memory" clobber keeps the compiler from moving loads and stores of
 * the critical section across the mask or the restore.
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <stdint.h>

/* Mask IRQs; the CPSR before, for arch_irq_restore(). Nests, and is safe
 * in IRQ context (IRQs are masked there already). */
static inline uint32_t arch_irq_save(void)
{
	uint32_t flags;

	__asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(flags) : : "memory", "cc");
	return flags;
}

/* Put back the CPSR control field (its I bit) that arch_irq_save() read. */
static inline void arch_irq_restore(uint32_t flags)
{
	__asm__ volatile("msr cpsr_c, %0" : : "r"(flags) : "memory", "cc");
}

#endif
