/*
 * Memory-mapped configuration space: ECAM (PCI Express Base 3.0, 7.2.2): bus
 * b, device d, function f, register r at base + (b << 20 | d << 15 | f << 12
 * | r), 4 KiB per function; and the same scheme with 256 bytes per function
 * (b << 16 | d << 11 | f << 8 | r), the Versatile PCI controller's. One bus
 * (1 MiB, or 64 KiB) is mapped at a time, as the walk needs it, not the
 * whole range at once: the enumerator scans a bus through before it
 * descends, so a bridge costs two remaps. A bus that cannot be mapped reads
 * as all ones (absent), as an undecoded access does.
 */
#include <stdio.h>
#include "io.h"
#include "ioremap.h"
#include "pci_host.h"

/* The register's address on the mapped bus, mapping it first; NULL if it
 * cannot be mapped. */
static void __iomem *ecam_reg(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	struct pci_ecam *e = ctx;

	unsigned int fn_shift = e->fn_shift;	/* 12: ECAM; 8: 256-byte functions */

	if (bus < e->bus_first || (unsigned int)(bus - e->bus_first) >= e->buses ||
	    off >= 1u << fn_shift)
		return NULL;
	if (!e->map || e->mapped_bus != bus) {
		if (e->map)
			iounmap(e->map);
		e->map = ioremap(e->base + ((phys_addr_t)(bus - e->bus_first) << (fn_shift + 8)),
				 (size_t)1 << (fn_shift + 8));
		e->mapped_bus = bus;
		if (!e->map)
			return NULL;
	}
	return (uint8_t __iomem *)e->map + ((uint32_t)(dev & 0x1f) << (fn_shift + 3) |
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
