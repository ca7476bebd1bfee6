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
/*
 * GICv3 ICC_SGI1R value that sends SGI intid to the one CPU with affinity
 * aff (MPIDR Aff2.Aff1.Aff0, bits [23:0]): Aff1 [23:16], INTID [27:24],
 * Aff2 [39:32], RS [47:44] = Aff0 / 16, TargetList [15:0] bit Aff0 % 16,
 * IRM 0 (IHI 0069, ICC_SGI1R).
 */
uint64_t gicv3_sgi1r(uint32_t aff, unsigned intid);

/*
 * GICv3: the offset of the redistributor whose GICR_TYPER affinity (bits
 * [63:32]) equals aff, walking frames from offset 0 of a region of size
 * bytes: 128 KiB each (RD_base + SGI_base), 256 KiB with GICR_TYPER.VLPIS
 * (GICv4), up to the frame marked Last. read_typer(off, ctx) returns the
 * 64-bit GICR_TYPER of the frame at off; ~0 (Last set, no affinity
 * matches) ends the walk, e.g. when it cannot be read. -1 if none matches.
 */
#define GICR_TYPER_VLPIS	(1u << 1)
#define GICR_TYPER_LAST		(1u << 4)
#define GICR_FRAME		0x20000u
#define GICR_FRAME_VLPI		0x40000u
long gicv3_find_redistributor(uint64_t (*read_typer)(uint32_t off, void *ctx), void *ctx,
			      uint32_t size, uint32_t aff);

/* Register n and the bit (of ICFGR's pair, the upper: edge) for irq. */
static inline unsigned gic_icfgr_reg(unsigned irq) { return irq / 16; }
static inline uint32_t gic_icfgr_edge_bit(unsigned irq) { return 2u << (2 * (irq % 16)); }

#endif
