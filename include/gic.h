/*
 * What GICv2 and GICv3 share: the distributor's per-interrupt register
 * arrays (same offsets in both: IHI 0048B 4.3, IHI 0069 8.9) and the
 * arithmetic of how many registers cover the implemented interrupts (pure:
 * src/lib/gic_layout.c, host-tested in tests/host/test_gic.c).
 */
#ifndef GIC_H
#define GIC_H

#include <stdint.h>

#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_ISENABLER(n)	(0x100 + 4 * (n))
#define GICD_ICENABLER(n)	(0x180 + 4 * (n))
#define GICD_ISPENDR(n)		(0x200 + 4 * (n))
#define GICD_ICPENDR(n)		(0x280 + 4 * (n))
#define GICD_ISACTIVER(n)	(0x300 + 4 * (n))
#define GICD_ICACTIVER(n)	(0x380 + 4 * (n))
#define GICD_IPRIORITYR(n)	(0x400 + (n))		/* byte access */
#define GICD_ICFGR(n)		(0xc00 + 4 * (n))

#define GIC_FIRST_PPI		16
#define GIC_FIRST_SPI		32
#define GIC_MAX_LINES		1020	/* 1020-1023 are special INTIDs */
#define GIC_SPURIOUS		1023

/* GICD_PIDR2 (ArchRev in bits [7:4]): at 0xFE8 in a GICv2 distributor,
 * 0xFFE8 in a GICv3 one (its register map is 64 KiB). */
#define GICV2_PIDR2		0xfe8
#define GICV3_PIDR2		0xffe8
#define GIC_PIDR2_ARCHREV(v)	(((v) >> 4) & 0xf)

/* Interrupt lines a distributor implements: 32 * (ITLinesNumber + 1) from
 * GICD_TYPER[4:0], at most 1020. */
unsigned gic_lines(uint32_t typer);
/* 32-bit registers holding bits_per_irq bits for each of lines interrupts
 * (1 for enable/pending/active, 2 for ICFGR, 8 for priority): rounded up,
 * so the last, partly used register is included. */
unsigned gic_regs(unsigned lines, unsigned bits_per_irq);
/* Register n and the bit (of ICFGR's pair, the upper: edge) for irq. */
static inline unsigned gic_icfgr_reg(unsigned irq) { return irq / 16; }
static inline uint32_t gic_icfgr_edge_bit(unsigned irq) { return 2u << (2 * (irq % 16)); }

#endif
