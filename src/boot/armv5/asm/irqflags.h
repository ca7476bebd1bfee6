/*
 * ARMv5 IRQ masking: calls into src/boot/armv5/irqflags.S, A32 code,
 * because the Thumb-1 code most of ARMv5's C is built as has no MRS or MSR.
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <stdint.h>

/* Mask IRQs; the CPSR before, for arch_irq_restore(). Nests, and is safe
 * in IRQ context (IRQs are masked there already). */
uint32_t arch_irq_save(void);
/* Put back the CPSR control field (its I bit) that arch_irq_save() read. */
void arch_irq_restore(uint32_t flags);

#endif
