/*
 * Device tree -> device records. Each binding names the compatibles it
 * takes (lists tried in order, as the tree's own compatible lists are) and
 * the record name drivers look it up by; disabled nodes (DTSpec 2.3.4) are
 * skipped. The tree is the one QEMU leaves at the base of RAM on virt.
 */
#include <stdio.h>
#include "board.h"
#include "of.h"

struct of_binding {
	const char *name;		/* record name; numbered: name0, name1, ... */
	bool numbered;			/* every match, or only the first */
	const char *const *compat;	/* NULL-terminated, most specific first */
};

/* The interrupt controller first: discovery probes by class in this order. */
static const char *const gic_compat[] = {
	"arm,gic-v3", "arm,cortex-a15-gic", "arm,gic-400", NULL };
static const char *const timer_compat[] = { "arm,armv8-timer", "arm,armv7-timer", NULL };
static const char *const psci_compat[] = {
	"arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL };
static const char *const pl011_compat[] = { "arm,pl011", NULL };
static const char *const pl031_compat[] = { "arm,pl031", NULL };
static const char *const pl061_compat[] = { "arm,pl061", NULL };
static const char *const virtio_compat[] = { "virtio,mmio", NULL };
static const char *const pcie_compat[] = { "pci-host-ecam-generic", NULL };

static const struct of_binding bindings[] = {
	{ "gic",    false, gic_compat },
	{ "timer",  false, timer_compat },
	{ "psci",   false, psci_compat },
	{ "uart",   true,  pl011_compat },
	{ "rtc",    false, pl031_compat },
	{ "gpio",   false, pl061_compat },
	{ "virtio", true,  virtio_compat },
	{ "pcie",   false, pcie_compat },
};

static struct fdt tree;

/* Byte-wise string equality (blob strings may sit at any address). */
static bool same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}
static bool tree_ok;

int of_init(phys_addr_t phys, size_t maxlen)
{
	int err = fdt_open(&tree, (const void *)(uintptr_t)phys, maxlen);

	tree_ok = err == 0;
	return err;
}

const struct fdt *of_tree(void)
{
	return tree_ok ? &tree : NULL;
}

/* "uart" + 1 -> "uart1" (no snprintf needed for two digits). */
static void record_name(char *out, const char *name, bool numbered, unsigned n)
{
	size_t i = 0;

	for (; name[i] && i < DEV_NAME_MAX - 3; i++)
		out[i] = name[i];
	if (numbered) {
		if (n >= 10)
			out[i++] = (char)('0' + n / 10 % 10);
		out[i++] = (char)('0' + n % 10);
	}
	out[i] = '\0';
}

/* What one node says, read in one pass over its properties. */
struct node_info {
	struct fdt_prop compat, reg, irqs;
	bool has_compat, has_reg, has_irqs, enabled;
	uint32_t clock_ph, phandle, icells, clock_hz;
	uint32_t ac, sc;		/* its #address-cells/#size-cells (for children) */
	uint32_t ip;			/* interrupt-parent, inherited (DTSpec 2.4.1) */
};

/* Per depth, what children inherit: cells for their reg, interrupt parent. */
struct of_walk {
	uint32_t ac[FDT_MAX_DEPTH + 1], sc[FDT_MAX_DEPTH + 1], ip[FDT_MAX_DEPTH + 1];
	unsigned found[ARRAY_SIZE(bindings)];
	/* Interrupt controllers seen: phandle and #interrupt-cells. */
	uint32_t ic_phandle[4], ic_cells[4];
	unsigned nic;
	/* Clocks seen (fixed-clock: phandle and clock-frequency). */
	uint32_t clk_phandle[4], clk_hz[4];
	unsigned nclk;
	/* Per record: its interrupts and the clock it names, until the walk
	 * is over and every controller and clock has been seen. */
	struct fdt_prop irqs[OF_MAX_DEVICES];
	uint32_t clock_ph[OF_MAX_DEVICES];
	const char *compat[OF_MAX_DEVICES];
};

static uint32_t u32_value(const struct fdt_prop *p, uint32_t dflt)
{
	uint32_t v;

	return fdt_cell(p, 0, &v) == 0 ? v : dflt;
}

/* DTSpec 2.3.5: cells of 1 or 2 are decoded; 0 marks "cannot decode reg". */
static uint32_t cells_value(const struct fdt_prop *p)
{
	uint32_t v = u32_value(p, 0);

	return (p->len == 4 && (v == 1 || v == 2)) ? v : 0;
}

/* Byte-wise: names in the blob may sit at any address. */
static bool prop_is(const struct fdt_prop *p, const char *name)
{
	return p->name[0] == name[0] && same(p->name, name);
}

static void read_props(int node, struct node_info *ni)
{
	struct fdt_prop p;
	int ret;

	for (ret = fdt_first_prop(&tree, node, &p); !ret; ret = fdt_next_prop(&tree, &p)) {
		if (prop_is(&p, "compatible"))
			ni->compat = p, ni->has_compat = true;
		else if (prop_is(&p, "reg"))
			ni->reg = p, ni->has_reg = true;
		else if (prop_is(&p, "interrupts"))
			ni->irqs = p, ni->has_irqs = true;
		else if (prop_is(&p, "status"))
			ni->enabled = fdt_stringlist_contains(p.val, p.len, "okay") ||
				      fdt_stringlist_contains(p.val, p.len, "ok");
		else if (prop_is(&p, "clocks"))
			ni->clock_ph = u32_value(&p, 0);
		else if (prop_is(&p, "interrupt-parent"))
			ni->ip = u32_value(&p, 0);
		else if (prop_is(&p, "phandle"))
			ni->phandle = u32_value(&p, 0);
		else if (prop_is(&p, "#interrupt-cells"))
			ni->icells = u32_value(&p, 0);
		else if (prop_is(&p, "#address-cells"))
			ni->ac = cells_value(&p);
		else if (prop_is(&p, "#size-cells"))
			ni->sc = cells_value(&p);
		else if (prop_is(&p, "clock-frequency"))
			ni->clock_hz = u32_value(&p, 0);
	}
}

/* DTSpec 2.3 "clocks" -> the fixed-clock's clock-frequency; else what the
 * board data says for the same compatible (0 if nothing does). */
static uint32_t node_clock(const struct of_walk *w, uint32_t ph, const char *compat)
{
	for (unsigned i = 0; ph && i < w->nclk; i++)
		if (w->clk_phandle[i] == ph)
			return w->clk_hz[i];
	for (size_t i = 0; i < board.ndevices; i++)
		if (device_is_compatible(&board.devices[i], compat))
			return board.devices[i].clock_hz;
	return 0;
}

/* The binding that takes this compatible list, and which of its entries:
 * the node's own order decides (its most specific entry first). */
static const struct of_binding *match(const struct fdt_prop *compat, const char **which)
{
	const char *s;

	for (unsigned k = 0; (s = fdt_stringlist_get(compat->val, compat->len, k)); k++)
		for (size_t i = 0; i < ARRAY_SIZE(bindings); i++)
			for (const char *const *c = bindings[i].compat; *c; c++)
				if (s[0] == (*c)[0] && same(s, *c)) {
					*which = *c;
					return &bindings[i];
				}
	return NULL;
}

static void fill_record(struct device *d, int node, const struct node_info *ni,
			uint32_t ac, uint32_t sc)
{
	d->node = node;
	d->source = DEV_FROM_TREE;
	d->compatible = (const char *)ni->compat.val;
	d->compat_len = ni->compat.len;
	d->nreg = 0;
	while (ni->has_reg && d->nreg < DEV_MAX_REG &&
	       fdt_reg_decode(&ni->reg, ac, sc, d->nreg, &d->reg[d->nreg].addr,
			      &d->reg[d->nreg].size) == 0)
		d->nreg++;
	d->nirq = 0;
	d->irq[0] = (int)ni->ip;	/* resolved by finish() once the walk is over */
}

/* Keep a record for this node if a binding takes it. */
static int consider(struct of_walk *w, int node, int depth, const struct node_info *ni,
		    struct device *out, size_t max, size_t *n)
{
	const char *compat;
	const struct of_binding *b = ni->has_compat ? match(&ni->compat, &compat) : NULL;
	size_t bi;

	if (!b || !ni->enabled)
		return 0;
	bi = (size_t)(b - bindings);
	if (!b->numbered && w->found[bi])
		return 0;	/* only the first */
	if (*n >= max)
		return -ENOSPC;
	record_name(out[*n].name, b->name, b->numbered, w->found[bi]++);
	fill_record(&out[*n], node, ni, w->ac[depth - 1], w->sc[depth - 1]);
	w->irqs[*n] = ni->has_irqs ? ni->irqs : (struct fdt_prop){ .len = 0 };
	w->clock_ph[*n] = ni->clock_ph;
	w->compat[*n] = compat;
	(*n)++;
	return 0;
}

/* Once every controller and clock is known: each record's interrupts,
 * through its interrupt parent (a 3-cell GIC), and its input clock. */
static void finish(const struct of_walk *w, struct device *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct device *d = &out[i];
		uint32_t ip = (uint32_t)d->irq[0];
		unsigned intid;
		uint32_t flags;
		unsigned c;

		d->clock_hz = node_clock(w, w->clock_ph[i], w->compat[i]);
		d->irq[0] = -1;
		for (c = 0; c < w->nic && w->ic_phandle[c] != ip; c++)
			;
		if (c == w->nic || w->ic_cells[c] != 3)
			continue;
		while (d->nirq < DEV_MAX_IRQ &&
		       fdt_gic_irq_decode(&w->irqs[i], d->nirq, &intid, &flags) == 0)
			d->irq[d->nirq++] = (int)intid;
	}
}

int of_build(struct device *out, size_t max, size_t *n)
{
	static struct of_walk w;
	int depth = 0, node, err = 0;

	*n = 0;
	w.nic = w.nclk = 0;
	for (size_t i = 0; i < ARRAY_SIZE(w.found); i++)
		w.found[i] = 0;
	w.ac[0] = 2, w.sc[0] = 1;	/* DTSpec 2.3.5 defaults, for the root's reg */
	for (node = fdt_next_node(&tree, -1, &depth); node >= 0 && !err;
	     node = fdt_next_node(&tree, node, &depth)) {
		struct node_info ni = { .enabled = true, .ac = 2, .sc = 1,
					.ip = depth > 0 ? w.ip[depth - 1] : 0 };

		if (depth > FDT_MAX_DEPTH)
			return -EINVAL;
		read_props(node, &ni);
		w.ac[depth] = ni.ac, w.sc[depth] = ni.sc, w.ip[depth] = ni.ip;
		if (ni.icells && ni.phandle && w.nic < ARRAY_SIZE(w.ic_phandle)) {
			w.ic_phandle[w.nic] = ni.phandle;
			w.ic_cells[w.nic++] = ni.icells;
		}
		if (ni.clock_hz && ni.phandle && w.nclk < ARRAY_SIZE(w.clk_phandle)) {
			w.clk_phandle[w.nclk] = ni.phandle;
			w.clk_hz[w.nclk++] = ni.clock_hz;
		}
		if (depth > 0)
			err = consider(&w, node, depth, &ni, out, max, n);
	}
	if (node < 0 && node != -ENOENT)
		return node;
	finish(&w, out, *n);
	return err;
}

int of_stdout(int *node, uint32_t *baud)
{
	return tree_ok ? fdt_stdout(&tree, node, baud) : -ENOENT;
}

const struct device *of_device_at_node(const struct device *d, size_t n, int node)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].node == node)
			return &d[i];
	return NULL;
}
