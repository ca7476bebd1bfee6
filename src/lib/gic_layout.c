/* GIC register-array arithmetic, SGI encoding and the redistributor walk
 * (include/gic.h); pure. */
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

uint64_t gicv3_sgi1r(uint32_t aff, unsigned intid)
{
	uint64_t aff0 = aff & 0xff, aff1 = (aff >> 8) & 0xff, aff2 = (aff >> 16) & 0xff;

	return (aff2 << 32) | ((aff0 / 16) << 44) | (aff1 << 16) |
	       ((uint64_t)(intid & 0xf) << 24) | (1u << (aff0 % 16));
}

long gicv3_find_redistributor(uint64_t (*read_typer)(uint32_t off, void *ctx), void *ctx,
			      uint32_t size, uint32_t aff)
{
	for (uint32_t off = 0; size >= GICR_FRAME && off <= size - GICR_FRAME;) {
		uint64_t typer = read_typer(off, ctx);

		if ((uint32_t)(typer >> 32) == aff)
			return (long)off;
		if (typer & GICR_TYPER_LAST)
			break;
		off += (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_VLPI : GICR_FRAME;
	}
	return -1;
}
