/*
 * PCI enumeration, pass 2: size each bridge's windows from what is behind
 * it (bottom up), place windows and BARs (top down, largest alignment first,
 * each bus inside its bridge's windows), then program BARs, windows and
 * COMMAND. See include/pci.h.
 */
#include <stdio.h>
#include "fmt.h"
#include "pci_internal.h"

static const char *const kind_names[PCI_WIN_KINDS] = {
	[PCI_WIN_IO] = "I/O", [PCI_WIN_MEM] = "memory", [PCI_WIN_PREF] = "prefetchable",
};

/* A device's regions: its BARs, then (bridges) its windows; NULL past the end. */
static struct pci_region *region_at(struct pci_dev *d, unsigned int i)
{
	if (i < d->nbar)
		return &d->bar[i];
	i -= d->nbar;
	if (pci_is_bridge(d) && i < PCI_WIN_KINDS)
		return &d->win[i];
	return NULL;
}

static bool is_window(const struct pci_dev *d, const struct pci_region *r)
{
	return r >= d->win && r < d->win + PCI_WIN_KINDS;
}

/* Every sized region of every enabled device on the bus below 'bus' (NULL: root). */
struct region_iter {
	struct pci_host *h;
	const struct pci_dev *bus;
	unsigned int di, ri;
};

static struct pci_region *next_region(struct region_iter *it, struct pci_dev **owner)
{
	struct pci_region *r;
	struct pci_dev *d;

	for (; it->di < it->h->ndev; it->di++, it->ri = 0) {
		d = &it->h->dev[it->di];
		if (d->up != it->bus || d->disabled)
			continue;
		while ((r = region_at(d, it->ri++)) != NULL) {
			if (r->size) {
				*owner = d;
				return r;
			}
		}
	}
	return NULL;
}

/* The window of bridge b that a region with these flags goes through. */
static enum pci_win_kind kind_behind(const struct pci_dev *b, uint32_t flags)
{
	if (flags & IORESOURCE_IO)
		return PCI_WIN_IO;
	if ((flags & IORESOURCE_PREFETCH) && b->has_win[PCI_WIN_PREF])
		return PCI_WIN_PREF;
	return PCI_WIN_MEM;
}

/* x rounded up to a power of two a, or UINT64_MAX if that overflows. */
static uint64_t align_up_sat(uint64_t x, uint64_t a)
{
	return x > UINT64_MAX - (a - 1) ? UINT64_MAX : (x + (a - 1)) & ~(a - 1);
}

static uint64_t add_sat(uint64_t x, uint64_t y)
{
	return x > UINT64_MAX - y ? UINT64_MAX : x + y;
}

/*
 * Size window k of bridge b: lay its contents out largest alignment first,
 * each at the next multiple of its alignment (what placement will do), and
 * round up to the register granule: 4 KiB for I/O, 1 MiB for memory
 * (PCI-to-PCI Bridge 1.2, 3.2.5.6 and 3.2.5.8). The window is aligned to
 * the larger of the granule and its largest content alignment, so every
 * BAR inside stays naturally aligned.
 */
static void size_window(struct pci_host *h, struct pci_dev *b, enum pci_win_kind k)
{
	uint64_t gran = k == PCI_WIN_IO ? PCI_BRIDGE_IO_ALIGN : PCI_BRIDGE_MEM_ALIGN;
	uint64_t off = 0, max_align = 0, cur = 0, a;
	struct pci_region *w = &b->win[k], *r;
	struct region_iter it;
	struct pci_dev *owner;
	bool all64 = true;

	for (;;) {
		a = 0;
		it = (struct region_iter){ .h = h, .bus = b };
		while ((r = next_region(&it, &owner)) != NULL)
			if (kind_behind(b, r->flags) == k && r->align > a &&
			    (cur == 0 || r->align < cur))
				a = r->align;
		if (a == 0)
			break;
		it = (struct region_iter){ .h = h, .bus = b };
		while ((r = next_region(&it, &owner)) != NULL) {
			if (kind_behind(b, r->flags) != k || r->align != a)
				continue;
			off = add_sat(align_up_sat(off, a), r->size);
			all64 &= (r->flags & IORESOURCE_MEM_64) != 0;
		}
		if (max_align == 0)
			max_align = a;
		cur = a;
	}
	if (off == 0)
		return;
	w->size = align_up_sat(off, gran);
	w->align = max_align > gran ? max_align : gran;
	if (k == PCI_WIN_IO)
		w->flags = IORESOURCE_IO;
	else if (k == PCI_WIN_MEM)
		w->flags = IORESOURCE_MEM;
	else
		w->flags = IORESOURCE_MEM | IORESOURCE_PREFETCH |
			   (b->pref64 && all64 ? IORESOURCE_MEM_64 : 0);
}

/* Bottom up: a bridge's windows hold its child bridges' windows. */
static void size_bridge(struct pci_host *h, struct pci_dev *b)
{
	unsigned int i;
	int k;

	for (i = 0; i < h->ndev; i++)
		if (h->dev[i].up == b && pci_is_bridge(&h->dev[i]) && !h->dev[i].disabled)
			size_bridge(h, &h->dev[i]);
	for (k = 0; k < PCI_WIN_KINDS; k++)
		if (b->has_win[k])
			size_window(h, b, (enum pci_win_kind)k);
}

/*
 * Preference of host window w for a region (0 first, -1 never): I/O in I/O;
 * non-prefetchable only in a non-prefetchable window, below 4 GiB first;
 * 64-bit prefetchable above 4 GiB first, then below; 32-bit prefetchable in
 * a prefetchable window first.
 */
static int host_rank(const struct pci_window *w, uint32_t flags)
{
	bool w64 = w->space == PCI_SPACE_MEM64, wpf = w->prefetchable;

	if (flags & IORESOURCE_IO)
		return w->space == PCI_SPACE_IO ? 0 : -1;
	if (w->space == PCI_SPACE_IO)
		return -1;
	if (!(flags & IORESOURCE_PREFETCH))
		return wpf ? -1 : w64;
	if (flags & IORESOURCE_MEM_64)
		return (w64 ? 0 : 2) + !wpf;
	return (w64 ? 2 : 0) + !wpf;
}

/*
 * Place r inside 'in' (a host window, or a bridge window carved from host
 * window hw). Bus-address limits: I/O below 64 KiB and never below
 * PCI_IO_MIN; a region without IORESOURCE_MEM_64 below 4 GiB (a 32-bit BAR
 * or bridge register cannot hold more).
 */
static bool try_place(struct resource *in, const struct pci_window *hw,
		      struct pci_region *r, const char *name)
{
	bool io = r->flags & IORESOURCE_IO;
	uint64_t res_base = io ? hw->bus_base : hw->cpu_base;
	uint64_t min = 0, max = UINT64_MAX, bus_max = UINT64_MAX;

	if (io) {
		bus_max = 0xffff;
		if (hw->bus_base < PCI_IO_MIN)
			min = add_sat(res_base, PCI_IO_MIN - hw->bus_base);
	} else if (!(r->flags & IORESOURCE_MEM_64)) {
		bus_max = 0xffffffffu;
	}
	if (bus_max != UINT64_MAX) {
		if (hw->bus_base > bus_max)
			return false;
		max = add_sat(res_base, bus_max - hw->bus_base);
	}
	if (resource_allocate(in, &r->res, r->size, min, max, r->align, name, r->flags))
		return false;
	r->hw = hw;
	r->assigned = true;
	r->cpu_addr = r->res.start - res_base + hw->cpu_base;
	r->bus_addr = r->res.start - res_base + hw->bus_base;
	return true;
}

/* "BAR 2 (64-bit prefetchable memory) size=1M" or "bridge I/O window size=4K" into buf[80]. */
static void describe(char *buf, const struct pci_dev *d, const struct pci_region *r)
{
	char sz[24];
	const char *bits = r->flags & IORESOURCE_IO ? "I/O" :
			   r->flags & IORESOURCE_MEM_64 ? "64-bit" : "32-bit";
	const char *pf = r->flags & IORESOURCE_PREFETCH ? " prefetchable" : "";
	int n;

	if (is_window(d, r))
		n = fmt_snprintf(buf, 80, "bridge %s window", kind_names[r - d->win]);
	else
		n = fmt_snprintf(buf, 80, "BAR %u (%s%s%s)", (unsigned int)(r - d->bar),
			     bits, pf, r->flags & IORESOURCE_IO ? "" : " memory");
	fmt_snprintf(buf + n, 80 - (size_t)n, " size=%s", pci_fmt_size(sz, r->size));
}

/* Place one region of d, on the bus below 'up'; on failure say why. */
static void place(struct pci_host *h, struct pci_dev *up, struct pci_dev *d,
		  struct pci_region *r)
{
	const char *name = is_window(d, r) ? d->bus_name : d->name, *where;
	char what[80];
	unsigned int i;
	int rank;

	if (up) {
		struct pci_region *w = &up->win[kind_behind(up, r->flags)];

		if (w->assigned && try_place(&w->res, w->hw, r, name))
			return;
	} else {
		for (rank = 0; rank < 4; rank++)
			for (i = 0; i < h->nwin; i++)
				if (host_rank(&h->win[i], r->flags) == rank &&
				    try_place(&h->win_res[i], &h->win[i], r, name))
					return;
	}
	describe(what, d, r);
	where = up ? "the window of bridge " : "any host window";
	/* A bridge stays usable without one window: what needs it fails below. */
	if (is_window(d, r))
		pci_log(h, d, "%s does not fit in %s%s", what, where, up ? up->name : "");
	else
		pci_disable(h, d, "%s does not fit in %s%s", what, where, up ? up->name : "");
}

static void release_regions(struct pci_dev *d)
{
	struct pci_region *r;
	unsigned int i;

	for (i = 0; (r = region_at(d, i)) != NULL; i++) {
		if (r->assigned)
			resource_release(&r->res);
		r->assigned = false;
	}
}

/* Top down: place everything on the bus below 'up', then recurse. */
static void assign_bus(struct pci_host *h, struct pci_dev *up)
{
	struct pci_region *r, *best;
	struct pci_dev *owner, *best_owner = NULL;
	struct region_iter it;
	unsigned int i;

	for (i = 0; i < h->ndev; i++)
		if (up && up->disabled && h->dev[i].up == up)
			pci_disable(h, &h->dev[i], "behind bridge %s, which is disabled", up->name);
	for (;;) {
		best = NULL;
		it = (struct region_iter){ .h = h, .bus = up };
		while ((r = next_region(&it, &owner)) != NULL)
			if (!r->tried && (!best || r->align > best->align)) {
				best = r;
				best_owner = owner;
			}
		if (!best)
			break;
		best->tried = true;
		place(h, up, best_owner, best);
	}
	for (i = 0; i < h->ndev; i++) {
		struct pci_dev *d = &h->dev[i];

		if (d->up != up)
			continue;
		if (d->disabled)
			release_regions(d);
		if (pci_is_bridge(d))
			assign_bus(h, d);
	}
}

static void write_bar(struct pci_host *h, struct pci_dev *d, unsigned int i)
{
	const struct pci_region *r = &d->bar[i];
	uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * i);

	cfg_w32(h, d, off, (uint32_t)r->bus_addr);
	if (r->flags & IORESOURCE_MEM_64)
		cfg_w32(h, d, off + 4, (uint32_t)(r->bus_addr >> 32));
}

/*
 * Program a bridge window, or close it (base above limit) when it holds
 * nothing (PCI-to-PCI Bridge 1.2, 3.2.5.6, 3.2.5.8, 3.2.5.9).
 */
static void write_windows(struct pci_host *h, struct pci_dev *b)
{
	const struct pci_region *w = &b->win[PCI_WIN_IO];
	uint64_t base = w->bus_addr, limit = w->bus_addr + w->size - 1;

	if (b->has_win[PCI_WIN_IO]) {
		cfg_w8(h, b, PCI_IO_BASE, w->assigned ? (uint8_t)((base >> 8) & 0xf0) : 0xf0);
		cfg_w8(h, b, PCI_IO_LIMIT, w->assigned ? (uint8_t)((limit >> 8) & 0xf0) : 0);
		cfg_w16(h, b, PCI_IO_BASE_UPPER16, w->assigned ? (uint16_t)(base >> 16) : 0);
		cfg_w16(h, b, PCI_IO_LIMIT_UPPER16, w->assigned ? (uint16_t)(limit >> 16) : 0);
	}
	w = &b->win[PCI_WIN_MEM];
	base = w->bus_addr;
	limit = w->bus_addr + w->size - 1;
	cfg_w16(h, b, PCI_MEMORY_BASE, w->assigned ? (uint16_t)((base >> 16) & 0xfff0) : 0xfff0);
	cfg_w16(h, b, PCI_MEMORY_LIMIT, w->assigned ? (uint16_t)((limit >> 16) & 0xfff0) : 0);
	if (!b->has_win[PCI_WIN_PREF])
		return;
	w = &b->win[PCI_WIN_PREF];
	base = w->bus_addr;
	limit = w->bus_addr + w->size - 1;
	cfg_w16(h, b, PCI_PREF_MEMORY_BASE, w->assigned ? (uint16_t)((base >> 16) & 0xfff0) : 0xfff0);
	cfg_w16(h, b, PCI_PREF_MEMORY_LIMIT, w->assigned ? (uint16_t)((limit >> 16) & 0xfff0) : 0);
	if (b->pref64) {
		cfg_w32(h, b, PCI_PREF_BASE_UPPER32, w->assigned ? (uint32_t)(base >> 32) : 0);
		cfg_w32(h, b, PCI_PREF_LIMIT_UPPER32, w->assigned ? (uint32_t)(limit >> 32) : 0);
	}
}

/*
 * Write d's addresses, then COMMAND: memory and I/O decode enabled only for
 * the spaces something was assigned in (PCI 3.0 6.2.2), both off for a
 * disabled device; bus mastering is left as it is (pci_set_master()).
 */
static void program(struct pci_host *h, struct pci_dev *d)
{
	uint16_t cmd = cfg_r16(h, d, PCI_COMMAND) & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	struct pci_region *r;
	unsigned int i;

	if (!d->disabled) {
		for (i = 0; i < d->nbar; i++)
			if (d->bar[i].assigned)
				write_bar(h, d, i);
		if (pci_is_bridge(d))
			write_windows(h, d);
		for (i = 0; (r = region_at(d, i)) != NULL; i++)
			if (r->assigned)
				cmd |= r->flags & IORESOURCE_IO ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
	}
	cfg_w16(h, d, PCI_COMMAND, cmd);
	d->command = cmd;
}

void pci_assign(struct pci_host *h)
{
	unsigned int i;

	for (i = 0; i < h->ndev; i++)
		if (!h->dev[i].up && pci_is_bridge(&h->dev[i]) && !h->dev[i].disabled)
			size_bridge(h, &h->dev[i]);
	assign_bus(h, NULL);
	for (i = 0; i < h->ndev; i++)
		program(h, &h->dev[i]);
}

void pci_set_master(struct pci_host *h, struct pci_dev *d)
{
	for (; d; d = d->up) {
		d->command = cfg_r16(h, d, PCI_COMMAND) | PCI_COMMAND_MASTER;
		cfg_w16(h, d, PCI_COMMAND, d->command);
	}
}
