/* Host stand-in for src/boot/<arch>/asm/irqflags.h: a test that reaches
 * arch_irq_save() defines both, and counts the nesting to check that a
 * read or a change ran masked. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <stdint.h>

uint32_t arch_irq_save(void);
void arch_irq_restore(uint32_t flags);

#endif
