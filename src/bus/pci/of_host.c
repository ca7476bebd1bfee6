/*
 * A PCI host bridge's device-tree properties decoded from their raw bytes
 * (big-endian cells), and INTx routing through bridges. Pure: the caller's
 * device-tree reader supplies the bytes and the interrupt parent's cell
 * counts. Bindings: IEEE 1275 PCI Bus Binding 2.1 (phys.hi = npt000ss
 * bbbbbbbb dddddfff rrrrrrrr) and Linux's
 * Documentation/devicetree/bindings/pci/host-generic-pci.yaml.
 */
#include <errno.h>
#include "fdt.h"
#include "pci_internal.h"

#define PHYS_HI_SPACE(hi)	(((hi) >> 24) & 3u)
#define PHYS_HI_PREFETCH	(1u << 30)
#define PCI_ADDR_CELLS		3u
#define PCI_INT_CELLS		1u	/* #interrupt-cells of a PCI host: the pin */

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* n cells (1 or 2) as one number; false if n is not 1 or 2. */
static bool cells_u64(const uint8_t *p, unsigned int n, uint64_t *v)
{
	if (n == 1)
		*v = be32_at(p);
	else if (n == 2)
		*v = (uint64_t)be32_at(p) << 32 | be32_at(p + 4);
	else
		return false;
	return true;
}

static int decode_range(const uint8_t *p, unsigned int pac, unsigned int sc,
			struct pci_window *w)
{
	uint32_t hi = be32_at(p);
	uint64_t bus, cpu, size;

	bus = (uint64_t)be32_at(p + 4) << 32 | be32_at(p + 8);
	if (!cells_u64(p + 12, pac, &cpu) || !cells_u64(p + 12 + 4 * pac, sc, &size))
		return -EINVAL;
	if (PHYS_HI_SPACE(hi) == PCI_SPACE_CONFIG || size == 0 ||
	    cpu > UINT64_MAX - (size - 1) || bus > UINT64_MAX - (size - 1))
		return -EINVAL;
	/* A 32-bit window must decode bus addresses below 4 GiB. */
	if (PHYS_HI_SPACE(hi) != PCI_SPACE_MEM64 && bus + (size - 1) > 0xffffffffu)
		return -EINVAL;
	*w = (struct pci_window){ .space = (enum pci_space)PHYS_HI_SPACE(hi),
				  .prefetchable = (hi & PHYS_HI_PREFETCH) != 0,
				  .cpu_base = cpu, .bus_base = bus, .size = size };
	return 0;
}

int pci_dt_ranges(const void *prop, size_t len, unsigned int parent_addr_cells,
		  unsigned int size_cells, struct pci_window *win, unsigned int max)
{
	const uint8_t *p = prop;
	size_t entry = 4u * (PCI_ADDR_CELLS + parent_addr_cells + size_cells);
	unsigned int n;
	int rc;

	if (parent_addr_cells < 1 || parent_addr_cells > 2 ||
	    size_cells < 1 || size_cells > 2 || len % entry)
		return -EINVAL;
	if (len / entry > max)
		return -ENOSPC;
	for (n = 0; n < len / entry; n++) {
		rc = decode_range(p + n * entry, parent_addr_cells, size_cells, &win[n]);
		if (rc)
			return rc;
	}
	return (int)n;
}

int pci_dt_bus_range(const void *prop, size_t len, uint8_t *first, uint8_t *last)
{
	const uint8_t *p = prop;
	uint32_t a, b;

	if (len != 8)
		return -EINVAL;
	a = be32_at(p);
	b = be32_at(p + 4);
	if (a > b || b > 255)
		return -EINVAL;
	*first = (uint8_t)a;
	*last = (uint8_t)b;
	return 0;
}

/*
 * Walk interrupt-map entries: <child unit address (3), pin (1), parent
 * phandle, parent unit address (its #address-cells), parent specifier (its
 * #interrupt-cells)>; the first whose masked child part equals the masked key
 * wins (Devicetree Specification 0.4, 2.4.3.1).
 */
int pci_dt_irq_map(const void *map, size_t map_len, const void *mask, size_t mask_len,
		   pci_dt_parent_cells_fn parent_cells, void *ctx,
		   uint8_t bus, uint8_t dev, uint8_t fn, uint8_t pin,
		   struct pci_dt_irq *out)
{
	const uint32_t key[4] = { (uint32_t)bus << 16 | (uint32_t)(dev & 0x1f) << 11 |
				  (uint32_t)(fn & 7) << 8, 0, 0, pin };
	uint32_t m[4] = { ~0u, ~0u, ~0u, ~0u };
	const uint8_t *p = map, *end = p + map_len;
	unsigned int i, ac, ic;
	bool match;
	int rc;

	if (pin < 1 || pin > 4 || (mask && mask_len != 16) || map_len % 4)
		return -EINVAL;
	for (i = 0; mask && i < 4; i++)
		m[i] = be32_at((const uint8_t *)mask + 4 * i);
	while (p < end) {
		if ((size_t)(end - p) < 4 * (PCI_ADDR_CELLS + PCI_INT_CELLS + 1))
			return -EINVAL;
		match = true;
		for (i = 0; i < 4; i++)
			match &= (be32_at(p + 4 * i) & m[i]) == (key[i] & m[i]);
		out->parent = be32_at(p + 16);
		rc = parent_cells(ctx, out->parent, &ac, &ic);
		if (rc)
			return rc;
		p += 20;
		if (ic > PCI_DT_MAX_SPEC || ac > 3 || (size_t)(end - p) < 4u * (ac + ic))
			return -EINVAL;
		p += 4 * ac;
		for (i = 0; i < ic; i++)
			out->spec[i] = be32_at(p + 4 * i);
		out->spec_cells = ic;
		p += 4 * ic;
		if (match)
			return 0;
	}
	return -ENOENT;
}

int pci_dt_gic_intid(const struct pci_dt_irq *irq, uint32_t *intid)
{
	unsigned id;
	int err = irq->spec_cells < 2 ? -EINVAL : fdt_gic_intid(irq->spec[0], irq->spec[1], &id);

	if (!err)
		*intid = id;
	return err;
}

uint8_t pci_swizzle(uint8_t pin, uint8_t slot)
{
	return (uint8_t)(((pin - 1u + slot) % 4u) + 1u);
}

int pci_intx_root(const struct pci_dev *d, const struct pci_dev **root, uint8_t *pin)
{
	uint8_t p = d->irq_pin;

	if (p < 1 || p > 4)
		return -ENOENT;
	for (; d->up; d = d->up)
		p = pci_swizzle(p, d->dev);
	*root = d;
	*pin = p;
	return 0;
}
