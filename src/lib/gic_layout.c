/* GIC register-array arithmetic (include/gic.h). */
#include "gic.h"

unsigned gic_lines(uint32_t typer)
{
	unsigned lines = 32 * ((typer & 0x1f) + 1);

	return lines > GIC_MAX_LINES ? GIC_MAX_LINES : lines;
}

/* 1020 lines need 32 one-bit registers, not 1020 / 32 = 31: interrupts
 * 992-1019 live in the last. */
unsigned gic_regs(unsigned lines, unsigned bits_per_irq)
{
	return (lines * bits_per_irq + 31) / 32;
}
