/*
 * Flattened device tree: what the standard properties mean (see
 * include/fdt.h): cells, reg, GIC interrupts, /memory, /chosen stdout-path.
 * Same rules as fdt.c: byte loads only, no libc, no allocation.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt.h"
#include "bytestr.h"
#include "fdt_internal.h"

/* DTSpec 2.3.5: defaults when a node does not say. */
#define FDT_DEFAULT_ADDR_CELLS	2u
#define FDT_DEFAULT_SIZE_CELLS	1u

/* arm,gic.yaml: SPIs 0-987 (INTIDs 32-1019), PPIs 0-15 (INTIDs 16-31). */
#define GIC_TYPE_SPI		0u
#define GIC_TYPE_PPI		1u
#define GIC_NR_SPI		988u
#define GIC_NR_PPI		16u
#define GIC_INTERRUPT_CELLS	3u

/* One #...-cells value: absent gives dflt; else one u32 of 1 or 2. */
static int fdt_cells_prop(const struct fdt *t, int node, const char *name, uint32_t dflt,
			  uint32_t *cells)
{
	struct fdt_prop p;
	int ret = fdt_get_prop(t, node, name, &p);

	if (ret == -ENOENT) {
		*cells = dflt;
		return 0;
	}
	if (ret)
		return ret;
	if (p.len != 4)
		return -EINVAL;
	*cells = fdt_be32(p.val);
	return (*cells == 1 || *cells == 2) ? 0 : -EINVAL;
}

int fdt_cells(const struct fdt *t, int node, uint32_t *addr_cells, uint32_t *size_cells)
{
	int ret = fdt_cells_prop(t, node, "#address-cells", FDT_DEFAULT_ADDR_CELLS, addr_cells);

	if (ret)
		return ret;
	return fdt_cells_prop(t, node, "#size-cells", FDT_DEFAULT_SIZE_CELLS, size_cells);
}

/* A 1- or 2-cell big-endian value at p. */
static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
	uint64_t v = fdt_be32(p);

	if (cells == 2)
		v = (v << 32) | fdt_be32(p + 4);
	return v;
}

/*
 * True if len bytes are a whole number of entries of cells 32-bit cells (2
 * to 4). Each case divides by a constant, which the compiler turns into a
 * multiply: ARMv5 has no divide instruction and this file calls no helpers.
 */
static bool whole_entries(uint32_t len, uint32_t cells)
{
	switch (cells) {
	case 2:
		return len % 8 == 0;
	case 3:
		return len % 12 == 0;
	case 4:
		return len % 16 == 0;
	default:
		return false;
	}
}

/* Entry idx of a reg value with the given cells. */
int fdt_reg_decode(const struct fdt_prop *p, uint32_t ac, uint32_t sc, unsigned idx,
		   uint64_t *addr, uint64_t *size)
{
	uint32_t entry = (ac + sc) * 4;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -EINVAL;
	if (!whole_entries(p->len, ac + sc))
		return -EINVAL;
	if (idx >= p->len / entry)
		return -ENOENT;
	*addr = read_cells(p->val + idx * entry, ac);
	*size = read_cells(p->val + idx * entry + ac * 4, sc);
	return 0;
}

int fdt_reg(const struct fdt *t, int node, unsigned idx, uint64_t *addr, uint64_t *size)
{
	struct fdt_prop p;
	uint32_t ac, sc;
	int parent = fdt_parent(t, node);
	int ret;

	if (parent < 0)
		return parent == -ENOENT ? -EINVAL : parent;	/* the root has no reg */
	ret = fdt_cells(t, parent, &ac, &sc);
	if (!ret)
		ret = fdt_get_prop(t, node, "reg", &p);
	if (!ret)
		ret = fdt_reg_decode(&p, ac, sc, idx, addr, size);
	return ret;
}

int fdt_gic_intid(uint32_t type, uint32_t num, unsigned *intid)
{
	if (type == GIC_TYPE_SPI && num < GIC_NR_SPI)
		*intid = 32 + num;
	else if (type == GIC_TYPE_PPI && num < GIC_NR_PPI)
		*intid = 16 + num;
	else
		return -EINVAL;
	return 0;
}

/* DTSpec 2.4.1: interrupt-parent on the node or its nearest ancestor. */
static int fdt_interrupt_parent(const struct fdt *t, int node)
{
	struct fdt_prop p;

	for (; node >= 0; node = fdt_parent(t, node)) {
		if (fdt_get_prop(t, node, "interrupt-parent", &p) == 0)
			return p.len == 4 ? fdt_node_by_phandle(t, fdt_be32(p.val)) : -EINVAL;
	}
	return -EINVAL;
}

int fdt_gic_irq_decode(const struct fdt_prop *p, unsigned idx, unsigned *intid, uint32_t *flags)
{
	const uint8_t *e;

	if (p->len % (GIC_INTERRUPT_CELLS * 4) != 0)
		return -EINVAL;
	if (idx >= p->len / (GIC_INTERRUPT_CELLS * 4))
		return -ENOENT;
	/* A whole entry is there: its three cells read directly. */
	e = p->val + idx * GIC_INTERRUPT_CELLS * 4;
	*flags = fdt_be32(e + 8);
	return fdt_gic_intid(fdt_be32(e), fdt_be32(e + 4), intid);
}

int fdt_irq(const struct fdt *t, int node, unsigned idx, unsigned *intid, uint32_t *flags)
{
	struct fdt_prop p, cells;
	int ret, ip;

	ret = fdt_get_prop(t, node, "interrupts", &p);
	if (ret)
		return ret;
	ip = fdt_interrupt_parent(t, node);
	if (ip < 0 || fdt_get_prop(t, ip, "#interrupt-cells", &cells) ||
	    cells.len != 4 || fdt_be32(cells.val) != GIC_INTERRUPT_CELLS)
		return -EINVAL;
	return fdt_gic_irq_decode(&p, idx, intid, flags);
}

bool fdt_is_memory_name(const char *name)
{
	static const char memory[] = "memory";
	size_t i;

	for (i = 0; i < sizeof(memory) - 1 && name[i] == memory[i]; i++)
		;
	return i == sizeof(memory) - 1 && (name[i] == '\0' || name[i] == '@');
}

bool fdt_is_memory_type(const struct fdt_prop *p)
{
	const char *s = fdt_stringlist_get(p->val, p->len, 0);

	return s && str_same(s, "memory");
}

/* DTSpec 3.4: a root child named memory[@unit], or device_type "memory". */
static bool fdt_is_memory(const struct fdt *t, int node)
{
	struct fdt_prop p;

	return fdt_is_memory_name(fdt_node_name(t, node)) ||
	       (fdt_get_prop(t, node, "device_type", &p) == 0 && fdt_is_memory_type(&p));
}

int fdt_memory_add(const struct fdt_prop *reg, uint32_t ac, uint32_t sc,
		   struct fdt_region *r, unsigned max, unsigned *n)
{
	uint64_t base, size;
	int ret;

	for (unsigned i = 0; (ret = fdt_reg_decode(reg, ac, sc, i, &base, &size)) == 0; i++) {
		if (size == 0 || base + size - 1 < base)
			return -EINVAL;	/* empty, or wraps past 2^64 */
		if (*n < max) {
			r[*n].base = base;
			r[*n].size = size;
		}
		(*n)++;
	}
	return ret == -ENOENT ? 0 : ret;
}

/* Add every reg entry of one memory node; counts past max. */
static int fdt_memory_node(const struct fdt *t, int node, uint32_t ac, uint32_t sc,
			   struct fdt_region *r, unsigned max, unsigned *n)
{
	struct fdt_prop p;

	if (fdt_get_prop(t, node, "reg", &p))
		return 0;	/* nothing to add */
	return fdt_memory_add(&p, ac, sc, r, max, n);
}

int fdt_memory(const struct fdt *t, struct fdt_region *r, unsigned max, unsigned *n)
{
	int root = fdt_root(t), node, ret;
	uint32_t ac, sc;

	if (!n || (max && !r))
		return -EINVAL;
	*n = 0;
	ret = fdt_cells(t, root, &ac, &sc);
	if (ret)
		return ret;
	for (node = fdt_first_child(t, root); node >= 0; node = fdt_next_sibling(t, node)) {
		if (!fdt_is_memory(t, node) || !fdt_node_enabled(t, node))
			continue;
		ret = fdt_memory_node(t, node, ac, sc, r, max, n);
		if (ret)
			return ret;
	}
	if (*n == 0)
		return -ENOENT;
	return *n > max ? -ENOSPC : 0;
}

/* Decimal digits at s, up to a non-digit (at the latest the string's NUL):
 * the baud rate. */
static uint32_t parse_baud(const char *s)
{
	uint32_t v = 0;

	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT32_MAX - 9) / 10)
			return 0;	/* nonsense: no baud rate */
		v = v * 10 + (uint32_t)(*s - '0');
	}
	return v;
}

/* DTSpec 3.3: an alias names a full path in /aliases. */
static int fdt_alias(const struct fdt *t, const char *name, size_t n)
{
	struct fdt_prop p;
	int aliases = fdt_path_offset(t, "/aliases", 8);
	int ret;

	if (aliases < 0)
		return aliases;
	for (ret = fdt_first_prop(t, aliases, &p); !ret; ret = fdt_next_prop(t, &p)) {
		size_t i;

		for (i = 0; i < n && p.name[i] == name[i]; i++)
			;
		if (i == n && p.name[n] == '\0') {
			if (!fdt_stringlist_get(p.val, p.len, 0))
				return -EINVAL;
			return fdt_path_offset(t, (const char *)p.val, p.len - 1);
		}
	}
	return ret;
}

int fdt_stdout_parse(const struct fdt *t, const struct fdt_prop *p, int *node, uint32_t *baud)
{
	const char *s = fdt_stringlist_get(p->val, p->len, 0);
	size_t len = 0, alias_len = 0;
	int nd;

	if (!s)
		return -EINVAL;
	while (s[len] != '\0' && s[len] != ':')	/* DTSpec 3.6: options after ':' */
		len++;
	if (len && s[0] == '/') {
		nd = fdt_path_offset(t, s, len);
	} else {
		while (alias_len < len && s[alias_len] != '/')
			alias_len++;
		nd = fdt_alias(t, s, alias_len);
		if (nd >= 0)
			nd = fdt_path_from(t, nd, s + alias_len, len - alias_len);
	}
	if (nd < 0)
		return nd == -EINVAL ? -EINVAL : -ENOENT;
	*node = nd;
	*baud = fdt_stdout_baud(p);
	return 0;
}

uint32_t fdt_stdout_baud(const struct fdt_prop *p)
{
	/* the first string, NUL-terminated inside the value, or NULL */
	const char *s = fdt_stringlist_get(p->val, p->len, 0);
	size_t len = 0;

	if (!s)
		return 0;
	while (s[len] != '\0' && s[len] != ':')
		len++;
	return s[len] == ':' ? parse_baud(s + len + 1) : 0;
}

int fdt_stdout(const struct fdt *t, int *node, uint32_t *baud)
{
	struct fdt_prop p;
	int chosen = fdt_path_offset(t, "/chosen", 7);

	if (chosen < 0)
		return chosen;
	if (fdt_get_prop(t, chosen, "stdout-path", &p) &&
	    fdt_get_prop(t, chosen, "linux,stdout-path", &p))
		return -ENOENT;
	return fdt_stdout_parse(t, &p, node, baud);
}
