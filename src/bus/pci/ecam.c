/*
 * Memory-mapped configuration space: ECAM (PCI Express Base 3.0, 7.2.2): bus
 * b, device d, function f, register r at base + (b << 20 | d << 15 | f << 12
 * | r), 4 KiB per function; and the same scheme with 256 bytes per function
 * (b << 16 | d << 11 | f << 8 | r), the Versatile PCI controller's. One bus
 * (1 MiB, or 64 KiB) is mapped at a time, as the walk needs it, not the
 * whole range at once: the enumerator scans a bus through before it
 * descends, so a bridge costs two remaps. Where the tables' block is larger
 * than a bus (LPAE: 2 MiB), the block's worth of buses is mapped instead:
 * one block descriptor rather than 256 pages. A bus that cannot be mapped
 * reads as all ones (absent), as an undecoded access does.
 */
#include <stdio.h>
#include "arch.h"
#include "io.h"
#include "ioremap.h"
#include "pci_host.h"

/* Map the buses around bus: one bus, or a table block's worth (aligned in
 * the range, and never past its end). Both sizes are powers of two, so the
 * block's first bus is a mask away (no division: ARMv5 has no divider).
 * Out of line: only the first access to a bus comes here. */
static void __attribute__((noinline)) ecam_map(struct pci_ecam *e, unsigned int bus)
{
	size_t bus_bytes = (size_t)1 << (e->fn_shift + 8);
	size_t block = pt_block_size(arch_pt_format());
	unsigned int per = block > bus_bytes ? (unsigned int)(block / bus_bytes) : 1;
	unsigned int first = (bus - e->bus_first) & ~(per - 1);

	if (e->map)
		iounmap(e->map);
	e->mapped_bus = e->bus_first + first;
	e->mapped_buses = e->buses - first < per ? e->buses - first : per;
	e->map = ioremap(e->base + ((phys_addr_t)first << (e->fn_shift + 8)),
			 e->mapped_buses * bus_bytes);
}

/* The register's address on the mapped buses, mapping them first; NULL if
 * they cannot be mapped. The mapped buses lie inside the range, so a bus
 * among them needs no other check (rel is unsigned: a bus below them
 * wraps past mapped_buses). */
static void __iomem *ecam_reg(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	struct pci_ecam *e = ctx;
	unsigned int fn_shift = e->fn_shift;	/* 12: ECAM; 8: 256-byte functions */
	unsigned int rel = bus - e->mapped_bus;

	if (off >= 1u << fn_shift)
		return NULL;
	if (!e->map || rel >= e->mapped_buses) {
		if (bus < e->bus_first || (unsigned int)(bus - e->bus_first) >= e->buses)
			return NULL;
		ecam_map(e, bus);
		if (!e->map)
			return NULL;
		rel = bus - e->mapped_bus;
	}
	return (uint8_t __iomem *)e->map + (rel << (fn_shift + 8) |
					    (uint32_t)(dev & 0x1f) << (fn_shift + 3) |
					    (uint32_t)(fn & 7) << fn_shift | off);
}

static uint8_t ecam_read8(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	void __iomem *r = ecam_reg(ctx, bus, dev, fn, off);

	return r ? readb(r) : 0xff;
}

static uint16_t ecam_read16(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	void __iomem *r = ecam_reg(ctx, bus, dev, fn, off);

	return r ? readw(r) : 0xffff;
}

static uint32_t ecam_read32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	void __iomem *r = ecam_reg(ctx, bus, dev, fn, off);

	return r ? readl(r) : 0xffffffffu;
}

static void ecam_write8(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint8_t v)
{
	void __iomem *r = ecam_reg(ctx, bus, dev, fn, off);

	if (r)
		writeb(v, r);
}

static void ecam_write16(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
			 uint16_t v)
{
	void __iomem *r = ecam_reg(ctx, bus, dev, fn, off);

	if (r)
		writew(v, r);
}

static void ecam_write32(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
			 uint32_t v)
{
	void __iomem *r = ecam_reg(ctx, bus, dev, fn, off);

	if (r)
		writel(v, r);
}

const struct pci_cfg_ops pci_ecam_ops = {
	ecam_read8, ecam_read16, ecam_read32, ecam_write8, ecam_write16, ecam_write32,
};
