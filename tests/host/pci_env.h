/*
 * Shared by the PCI enumerator's host tests: an environment (fake config
 * space, resource roots, device table, captured log), a virt-like topology,
 * and checks that decode the fake's final registers.
 */
#ifndef PCI_ENV_H
#define PCI_ENV_H

#include "fake_pci.h"

#define SZ_4K	0x1000u
#define SZ_64K	0x10000u
#define SZ_1M	0x100000ull
#define SZ_4G	0x100000000ull

#define ID(v, d)	((uint32_t)(d) << 16 | (v))

/* QEMU virt's host windows (its `ranges`, decoded in test_pci_dt.c). */
static const struct pci_window virt_high[] = {
	{ PCI_SPACE_IO, false, 0x3eff0000, 0, 0x10000 },
	{ PCI_SPACE_MEM32, false, 0x10000000, 0x10000000, 0x2eff0000 },
	{ PCI_SPACE_MEM64, false, 0x8000000000ull, 0x8000000000ull, 0x8000000000ull },
};
#define VIRT_LOW_N	2	/* highmem=off: the first two only */

struct env {
	struct fake fk;
	struct resource iomem, ioport;
	struct pci_dev devs[24];
	struct pci_host h;
	char log[2048];
	unsigned int log_lines;
	const struct pci_window *win;
	unsigned int nwin;
};

static struct env E;

static inline void log_line(void *ctx, const char *line)
{
	struct env *e = ctx;
	size_t n = strlen(e->log);

	snprintf(e->log + n, sizeof(e->log) - n, "%s\n", line);
	e->log_lines++;
}

static inline void env_reset(void)
{
	memset(&E, 0, sizeof(E));
	E.iomem = (struct resource)RESOURCE_ROOT("iomem", 0, UINT64_MAX, IORESOURCE_MEM);
	E.ioport = (struct resource)RESOURCE_ROOT("ioport", 0, 0xffff, IORESOURCE_IO);
}

static inline int enumerate(const struct pci_window *win, unsigned int nwin, uint8_t last_bus,
		     unsigned int dev_cap)
{
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, last_bus, win, nwin,
				       &E.iomem, &E.ioport, E.devs, dev_cap), 0);
	E.h.log = log_line;
	E.h.log_ctx = &E;
	E.win = win;
	E.nwin = nwin;
	return pci_enumerate(&E.h);
}

static inline struct pci_dev *dev_at(uint8_t bus, uint8_t dev, uint8_t fn)
{
	unsigned int i;

	for (i = 0; i < E.h.ndev; i++)
		if (E.devs[i].bus == bus && E.devs[i].dev == dev && E.devs[i].fn == fn)
			return &E.devs[i];
	return NULL;
}

/* What a function decodes, from the fake's truth: its BARs and, for a bridge, everything behind it. */
static inline void needs(const struct fake *fk, int i, bool *mem, bool *io)
{
	const struct fake_fn *f = &fk->fn[i];
	unsigned int s, j;

	for (s = 0; s < PCI_MAX_BARS; s++) {
		if (f->bar_type[s] == FB_IO)
			*io = true;
		else if (f->bar_type[s] != FB_NONE)
			*mem = true;
	}
	for (j = 0; j < fk->n; j++)
		if (fk->fn[j].parent == i)
			needs(fk, (int)j, mem, io);
}

/* Decode of type t is on in the function and in every bridge above it. */
static inline bool live(const struct fake *fk, int i, enum fake_bar_type t)
{
	for (; i >= 0; i = fk->fn[i].parent)
		if (!decode_on(&fk->fn[i], t))
			return false;
	return true;
}

struct span {
	uint64_t base, limit;
	bool io;
	int owner;
};

/*
 * Every live BAR (its decoder on, and on in every bridge above it) is
 * naturally aligned, inside a window of every bridge above it and of the
 * host, and overlaps no other; so is every live bridge window; no BAR was
 * ever probed with its decoder on.
 */
static inline void check_decoded_state(const struct fake *fk)
{
	static struct span spans[FAKE_MAX_FN * PCI_MAX_BARS];
	unsigned int n = 0, i, s, j;
	int k;

	for (i = 0; i < fk->n; i++) {
		const struct fake_fn *f = &fk->fn[i];

		assert_int_equal(f->violations, 0);
		for (s = 0; s < PCI_MAX_BARS; s++) {
			enum fake_bar_type t = f->bar_type[s];
			uint64_t a = bar_addr(f, s), sz = f->bar_size[s];

			if (t == FB_NONE || !live(fk, (int)i, t))
				continue;
			if (a % sz)
				fail_msg("fn %u BAR %u at %#llx not aligned to its size %#llx",
					 i, s, (unsigned long long)a, (unsigned long long)sz);
			if (!reachable(fk, f->parent, t == FB_IO, t == FB_PREF32 || t == FB_PREF64,
				       a, a + sz - 1, E.win, E.nwin))
				fail_msg("fn %u BAR %u at %#llx size %#llx not reachable",
					 i, s, (unsigned long long)a, (unsigned long long)sz);
			spans[n++] = (struct span){ a, a + sz - 1, t == FB_IO, (int)i };
		}
		if (!is_bridge_fn(f))
			continue;
		for (k = 0; k < PCI_WIN_KINDS; k++) {
			static const uint8_t base_reg[] = { PCI_IO_BASE, PCI_MEMORY_BASE + 1,
							    PCI_PREF_MEMORY_BASE + 1 };
			struct range w = window_of(f, (enum pci_win_kind)k);

			if (!f->wmask[base_reg[k]])
				continue;	/* not implemented: reads 0, decodes nothing */

			/* A bridge with the space's decode off forwards nothing. */
			if (w.base <= w.limit && live(fk, (int)i, k == PCI_WIN_IO ? FB_IO : FB_MEM32))
				assert_true(reachable(fk, f->parent, k == PCI_WIN_IO, k == PCI_WIN_PREF,
						      w.base, w.limit, E.win, E.nwin));
		}
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (spans[i].io == spans[j].io && spans[i].base <= spans[j].limit &&
			    spans[j].base <= spans[i].limit)
				fail_msg("fn %d and fn %d overlap", spans[i].owner, spans[j].owner);
}

/* COMMAND decode bits are exactly what the function needs. */
static inline void check_command_exact(const struct fake *fk, int i)
{
	bool mem = false, io = false;
	uint8_t cmd = fk->fn[i].cfg[PCI_COMMAND];

	needs(fk, i, &mem, &io);
	assert_int_equal(cmd & PCI_COMMAND_MEMORY, mem ? PCI_COMMAND_MEMORY : 0);
	assert_int_equal(cmd & PCI_COMMAND_IO, io ? PCI_COMMAND_IO : 0);
}

/* ---- a virt-like topology: root bus, a multi-function device, a root port, nested bridges ---- */

struct topo {
	int host, edu, ivshmem, testdev, serial, rport, behind_rport, bridge, behind_bridge,
	    nested, deep, big, alias;
};

static struct topo T;

static inline void build_virt_like(struct fake *fk)
{
	T.host = fake_add(fk, -1, 0, 0, ID(0x1b36, 0x0008), 0x060000, 0);
	T.edu = fake_add(fk, -1, 1, 0, ID(0x1234, 0x11e8), 0x00ff00, 1);
	fake_bar(fk, T.edu, 0, FB_MEM32, SZ_1M);
	T.ivshmem = fake_add(fk, -1, 2, 0, ID(0x1af4, 0x1110), 0x050000, 1);
	fake_bar(fk, T.ivshmem, 0, FB_MEM32, 256);
	fake_bar(fk, T.ivshmem, 2, FB_PREF64, SZ_1M);
	T.testdev = fake_add(fk, -1, 3, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_multifunction(fk, T.testdev);
	fake_bar(fk, T.testdev, 0, FB_MEM32, SZ_4K);
	fake_bar(fk, T.testdev, 1, FB_IO, 256);
	T.serial = fake_add(fk, -1, 3, 1, ID(0x1b36, 0x0002), 0x070002, 1);
	fake_bar(fk, T.serial, 0, FB_IO, 8);
	T.rport = fake_bridge(fk, -1, 4, ID(0x1b36, 0x000c), true);
	T.behind_rport = fake_add(fk, T.rport, 0, 0, ID(0x1af4, 0x1041), 0x020000, 1);
	fake_bar(fk, T.behind_rport, 0, FB_MEM64, 16 * SZ_4K);
	fake_bar(fk, T.behind_rport, 2, FB_PREF64, 2 * SZ_1M);
	T.bridge = fake_bridge(fk, -1, 5, ID(0x1b36, 0x0001), false);
	fake_bar(fk, T.bridge, 0, FB_MEM32, 256);	/* its SHPC registers */
	T.behind_bridge = fake_add(fk, T.bridge, 1, 0, ID(0x1b36, 0x0005), 0x00ff00, 1);
	fake_bar(fk, T.behind_bridge, 0, FB_MEM32, 2 * SZ_4K);
	fake_bar(fk, T.behind_bridge, 1, FB_IO, 32);
	T.nested = fake_bridge(fk, T.bridge, 2, ID(0x1b36, 0x0001), false);
	T.deep = fake_add(fk, T.nested, 0, 0, ID(0x1234, 0x5678), 0x030000, 1);
	fake_bar(fk, T.deep, 0, FB_PREF32, 2 * SZ_1M);
	fake_bar(fk, T.deep, 1, FB_MEM32, SZ_4K);
	T.big = fake_add(fk, -1, 6, 0, ID(0x1af4, 0x1110), 0x050000, 1);
	fake_bar(fk, T.big, 2, FB_PREF64, 2 * SZ_4G);	/* sized through its upper dword */
	/* Function 1 of a single-function device answers (aliasing): never probed. */
	T.alias = fake_add(fk, -1, 6, 1, ID(0xdead, 0xbeef), 0x00ff00, 0);
}

#endif /* PCI_ENV_H */
