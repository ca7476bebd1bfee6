/*
 * A fake PCI configuration space for the enumerator's host tests (included
 * by tests/host/test_pci.c only).
 *
 * It models what the enumerator must cope with: functions on a root bus and
 * behind PCI-to-PCI bridges (config cycles reach a bus only through bridges
 * whose secondary/subordinate numbers cover it; a PCIe port's link has only
 * device 0), registers whose bits are writable only where the hardware
 * implements them (a BAR of size S keeps its low log2(S) address bits at 0,
 * so writing all ones reads back the size; type bits are read-only), and
 * absent functions reading all ones. It records every moment a BAR held the
 * all-ones sizing probe while its decoder was enabled in COMMAND.
 *
 * The checks decode the final register state (never the enumerator's own
 * records): alignment, containment in every upstream window and in a host
 * window, no overlap, COMMAND bits matching what is assigned.
 */
#ifndef FAKE_PCI_H
#define FAKE_PCI_H

#include <pci.h>

#define FAKE_MAX_FN	32

enum fake_bar_type { FB_NONE, FB_IO, FB_MEM32, FB_PREF32, FB_MEM64, FB_PREF64 };

struct fake_fn {
	bool present;
	int parent;			/* bridge index, -1 on the root bus */
	uint8_t dev, fn;
	bool pcie_port;			/* only device 0 behind it */
	uint8_t cfg[256];
	uint8_t wmask[256];
	enum fake_bar_type bar_type[PCI_MAX_BARS];	/* at the BAR's first slot */
	uint64_t bar_size[PCI_MAX_BARS];
	bool probing[PCI_MAX_BARS];	/* slot holds the all-ones probe */
	unsigned int probe_writes;	/* all-ones writes seen on BAR slots */
	unsigned int violations;	/* probe held with decode enabled */
};

struct fake {
	struct fake_fn fn[FAKE_MAX_FN];
	unsigned int n;
	unsigned int accesses_absent;	/* config reads of absent functions */
};

static inline uint32_t rd(const struct fake_fn *f, unsigned int off, unsigned int size)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (uint32_t)f->cfg[off + i] << (8 * i);
	return v;
}

static inline bool is_bridge_fn(const struct fake_fn *f)
{
	return (f->cfg[PCI_HEADER_TYPE] & 0x7f) == 1;
}

static inline int fake_find(struct fake *fk, int parent, uint8_t dev, uint8_t fn)
{
	unsigned int i;

	for (i = 0; i < fk->n; i++)
		if (fk->fn[i].present && fk->fn[i].parent == parent &&
		    fk->fn[i].dev == dev && fk->fn[i].fn == fn)
			return (int)i;
	return -1;
}

/* Route a config cycle the way bridges do (PCI-to-PCI Bridge 1.2, 3.2.5.3). */
static inline int fake_route(struct fake *fk, int parent, uint8_t cur, uint8_t bus,
		      uint8_t dev, uint8_t fn)
{
	unsigned int i;

	if (bus == cur) {
		if (parent >= 0 && fk->fn[parent].pcie_port && dev != 0)
			return -1;
		return fake_find(fk, parent, dev, fn);
	}
	for (i = 0; i < fk->n; i++) {
		struct fake_fn *b = &fk->fn[i];
		uint8_t sec = b->cfg[PCI_SECONDARY_BUS], sub = b->cfg[PCI_SUBORDINATE_BUS];

		if (b->present && b->parent == parent && is_bridge_fn(b) &&
		    sec > cur && sec <= bus && bus <= sub)
			return fake_route(fk, (int)i, sec, bus, dev, fn);
	}
	return -1;
}

static inline struct fake_fn *fake_at(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn)
{
	struct fake *fk = ctx;
	int i;

	/* A configuration address has 5 device and 3 function bits (PCI 3.0 3.2.2.3.2). */
	assert_true(dev < PCI_MAX_DEV && fn < PCI_MAX_FN);
	i = fake_route(fk, -1, 0, bus, dev, fn);

	if (i < 0) {
		fk->accesses_absent++;
		return NULL;
	}
	return &fk->fn[i];
}

static inline uint32_t fake_read(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn,
			  uint16_t off, unsigned int size)
{
	struct fake_fn *f = fake_at(ctx, bus, dev, fn);

	assert_true(off % size == 0 && off + size <= 256);
	if (!f)
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	return rd(f, off, size);
}

static inline bool decode_on(const struct fake_fn *f, enum fake_bar_type t)
{
	uint8_t cmd = f->cfg[PCI_COMMAND];

	return t == FB_IO ? (cmd & PCI_COMMAND_IO) : (cmd & PCI_COMMAND_MEMORY);
}

/* The type that owns BAR slot s (the upper half of a 64-bit BAR included). */
static inline enum fake_bar_type slot_type(const struct fake_fn *f, unsigned int s)
{
	if (f->bar_type[s] != FB_NONE)
		return f->bar_type[s];
	if (s > 0 && (f->bar_type[s - 1] == FB_MEM64 || f->bar_type[s - 1] == FB_PREF64))
		return f->bar_type[s - 1];
	return FB_NONE;
}

static inline void fake_write(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn,
		       uint16_t off, unsigned int size, uint32_t v)
{
	struct fake_fn *f = fake_at(ctx, bus, dev, fn);
	unsigned int i, nbar;

	assert_true(off % size == 0 && off + size <= 256);
	if (!f)
		return;
	for (i = 0; i < size; i++) {
		uint8_t m = f->wmask[off + i], b = (uint8_t)(v >> (8 * i));

		f->cfg[off + i] = (uint8_t)((f->cfg[off + i] & ~m) | (b & m));
	}
	nbar = is_bridge_fn(f) ? PCI_BRIDGE_BARS : PCI_MAX_BARS;
	if (off >= PCI_BASE_ADDRESS_0 && off < PCI_BASE_ADDRESS_0 + 4 * nbar && size == 4) {
		unsigned int s = (off - PCI_BASE_ADDRESS_0) / 4;

		f->probing[s] = v == 0xffffffffu;
		f->probe_writes += f->probing[s];
	}
	for (i = 0; i < nbar; i++)
		if (f->probing[i] && slot_type(f, i) != FB_NONE && decode_on(f, slot_type(f, i)))
			f->violations++;
}

static inline uint8_t f_r8(void *c, uint8_t b, uint8_t d, uint8_t f, uint16_t o) { return (uint8_t)fake_read(c, b, d, f, o, 1); }
static inline uint16_t f_r16(void *c, uint8_t b, uint8_t d, uint8_t f, uint16_t o) { return (uint16_t)fake_read(c, b, d, f, o, 2); }
static inline uint32_t f_r32(void *c, uint8_t b, uint8_t d, uint8_t f, uint16_t o) { return fake_read(c, b, d, f, o, 4); }
static inline void f_w8(void *c, uint8_t b, uint8_t d, uint8_t f, uint16_t o, uint8_t v) { fake_write(c, b, d, f, o, 1, v); }
static inline void f_w16(void *c, uint8_t b, uint8_t d, uint8_t f, uint16_t o, uint16_t v) { fake_write(c, b, d, f, o, 2, v); }
static inline void f_w32(void *c, uint8_t b, uint8_t d, uint8_t f, uint16_t o, uint32_t v) { fake_write(c, b, d, f, o, 4, v); }

static const struct pci_cfg_ops fake_ops = { f_r8, f_r16, f_r32, f_w8, f_w16, f_w32 };

static inline void set16(uint8_t *a, unsigned int off, uint16_t v)
{
	a[off] = (uint8_t)v;
	a[off + 1] = (uint8_t)(v >> 8);
}

static inline void set32(uint8_t *a, unsigned int off, uint32_t v)
{
	set16(a, off, (uint16_t)v);
	set16(a, off + 2, (uint16_t)(v >> 16));
}

/*
 * Add a function. Its COMMAND starts with memory and I/O decode ON (as after
 * an earlier enumeration), so sizing without disabling decode is caught.
 */
static inline int fake_add(struct fake *fk, int parent, uint8_t dev, uint8_t fn,
		    uint32_t id, uint32_t class_code, uint8_t pin)
{
	struct fake_fn *f = &fk->fn[fk->n];

	assert_true(fk->n < FAKE_MAX_FN);
	memset(f, 0, sizeof(*f));
	f->present = true;
	f->parent = parent;
	f->dev = dev;
	f->fn = fn;
	set32(f->cfg, PCI_VENDOR_ID, id);
	set32(f->cfg, PCI_CLASS_REVISION, class_code << 8 | 1);
	f->cfg[PCI_COMMAND] = PCI_COMMAND_IO | PCI_COMMAND_MEMORY;
	f->wmask[PCI_COMMAND] = PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	f->cfg[PCI_INTERRUPT_PIN] = pin;
	return (int)fk->n++;
}

static inline void fake_multifunction(struct fake *fk, int i)
{
	fk->fn[i].cfg[PCI_HEADER_TYPE] |= PCI_HEADER_MULTI_FUNC;
}

/* A BAR of type t and size (a power of two) at slot s (and s + 1 if 64-bit). */
static inline void fake_bar(struct fake *fk, int i, unsigned int s, enum fake_bar_type t, uint64_t size)
{
	struct fake_fn *f = &fk->fn[i];
	unsigned int off = PCI_BASE_ADDRESS_0 + 4 * s;
	uint64_t mask = ~(size - 1);
	uint32_t type = t == FB_IO ? PCI_BAR_SPACE_IO :
			(t == FB_MEM64 || t == FB_PREF64 ? PCI_BAR_MEM_TYPE_64 : 0) |
			(t == FB_PREF32 || t == FB_PREF64 ? PCI_BAR_MEM_PREFETCH : 0);

	f->bar_type[s] = t;
	f->bar_size[s] = size;
	set32(f->cfg, off, type);
	set32(f->wmask, off, (uint32_t)mask & (t == FB_IO ? PCI_BAR_IO_MASK : PCI_BAR_MEM_MASK));
	if (t == FB_MEM64 || t == FB_PREF64)
		set32(f->wmask, off + 4, (uint32_t)(mask >> 32));
}

/* A PCI-to-PCI bridge: 16-bit I/O window, 64-bit prefetchable window. */
static inline int fake_bridge(struct fake *fk, int parent, uint8_t dev, uint32_t id, bool pcie)
{
	int i = fake_add(fk, parent, dev, 0, id, 0x060400, pcie ? 1 : 0);
	struct fake_fn *f = &fk->fn[i];

	f->pcie_port = pcie;
	f->cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_BRIDGE;
	memset(f->wmask + PCI_PRIMARY_BUS, 0xff, 3);
	f->wmask[PCI_IO_BASE] = 0xf0;
	f->wmask[PCI_IO_LIMIT] = 0xf0;
	set16(f->wmask, PCI_MEMORY_BASE, 0xfff0);
	set16(f->wmask, PCI_MEMORY_LIMIT, 0xfff0);
	set16(f->wmask, PCI_PREF_MEMORY_BASE, 0xfff0);
	set16(f->wmask, PCI_PREF_MEMORY_LIMIT, 0xfff0);
	f->cfg[PCI_PREF_MEMORY_BASE] = PCI_PREF_RANGE_TYPE_64;
	f->cfg[PCI_PREF_MEMORY_LIMIT] = PCI_PREF_RANGE_TYPE_64;
	set32(f->wmask, PCI_PREF_BASE_UPPER32, 0xffffffffu);
	set32(f->wmask, PCI_PREF_LIMIT_UPPER32, 0xffffffffu);
	return i;
}

/* Give bridge i a 32-bit I/O window: upper 16 address bits in 0x30/0x32 (3.2.5.6). */
static inline void fake_bridge_io32(struct fake *fk, int i)
{
	struct fake_fn *f = &fk->fn[i];

	f->cfg[PCI_IO_BASE] = PCI_IO_RANGE_TYPE_32;
	f->cfg[PCI_IO_LIMIT] = PCI_IO_RANGE_TYPE_32;
	set16(f->wmask, PCI_IO_BASE_UPPER16, 0xffff);
	set16(f->wmask, PCI_IO_LIMIT_UPPER16, 0xffff);
}

/* ---- decoding the final state ---- */

struct range {
	uint64_t base, limit;		/* inclusive; closed when base > limit */
};

static inline uint64_t bar_addr(const struct fake_fn *f, unsigned int s)
{
	uint64_t a = rd(f, PCI_BASE_ADDRESS_0 + 4 * s, 4);

	if (f->bar_type[s] == FB_MEM64 || f->bar_type[s] == FB_PREF64)
		a |= (uint64_t)rd(f, PCI_BASE_ADDRESS_0 + 4 * s + 4, 4) << 32;
	return a & (f->bar_type[s] == FB_IO ? ~(uint64_t)3 : ~(uint64_t)0xf);
}

static inline struct range window_of(const struct fake_fn *b, enum pci_win_kind k)
{
	struct range r;

	if (k == PCI_WIN_IO) {
		r.base = (uint64_t)(b->cfg[PCI_IO_BASE] & 0xf0) << 8;
		r.limit = (uint64_t)(b->cfg[PCI_IO_LIMIT] & 0xf0) << 8 | 0xfff;
		if ((b->cfg[PCI_IO_BASE] & 0xf) == PCI_IO_RANGE_TYPE_32) {
			r.base |= (uint64_t)rd(b, PCI_IO_BASE_UPPER16, 2) << 16;
			r.limit |= (uint64_t)rd(b, PCI_IO_LIMIT_UPPER16, 2) << 16;
		}
	} else if (k == PCI_WIN_MEM) {
		r.base = (uint64_t)(rd(b, PCI_MEMORY_BASE, 2) & 0xfff0) << 16;
		r.limit = (uint64_t)(rd(b, PCI_MEMORY_LIMIT, 2) & 0xfff0) << 16 | 0xfffff;
	} else {
		r.base = (uint64_t)(rd(b, PCI_PREF_MEMORY_BASE, 2) & 0xfff0) << 16 |
			 (uint64_t)rd(b, PCI_PREF_BASE_UPPER32, 4) << 32;
		r.limit = (uint64_t)(rd(b, PCI_PREF_MEMORY_LIMIT, 2) & 0xfff0) << 16 | 0xfffff |
			  (uint64_t)rd(b, PCI_PREF_LIMIT_UPPER32, 4) << 32;
	}
	return r;
}

static inline bool inside(struct range outer, uint64_t base, uint64_t limit)
{
	return outer.base <= outer.limit && outer.base <= base && limit <= outer.limit;
}

/*
 * [base, limit] of the given space reaches function 'parent's secondary bus:
 * every bridge on the way forwards it (window + COMMAND decode) and the host
 * has a window of that space holding it. A non-prefetchable range must be in
 * a memory (not a prefetchable) window.
 */
static inline bool reachable(const struct fake *fk, int parent, bool io, bool pref,
		      uint64_t base, uint64_t limit,
		      const struct pci_window *hw, unsigned int nhw)
{
	unsigned int i;

	if (parent < 0) {
		for (i = 0; i < nhw; i++) {
			struct range w = { hw[i].bus_base, hw[i].bus_base + hw[i].size - 1 };

			if ((hw[i].space == PCI_SPACE_IO) == io && inside(w, base, limit) &&
			    (pref || !hw[i].prefetchable))
				return true;
		}
		return false;
	}
	{
		const struct fake_fn *b = &fk->fn[parent];

		if (!decode_on(b, io ? FB_IO : FB_MEM32))
			return false;
		if (io ? !inside(window_of(b, PCI_WIN_IO), base, limit) :
		    !(inside(window_of(b, PCI_WIN_MEM), base, limit) ||
		      (pref && inside(window_of(b, PCI_WIN_PREF), base, limit))))
			return false;
		return reachable(fk, b->parent, io, pref, base, limit, hw, nhw);
	}
}

#endif /* FAKE_PCI_H */
