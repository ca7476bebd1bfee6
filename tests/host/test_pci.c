/*
 * Host tests for the PCI enumerator and BAR allocator (src/bus/pci/scan.c,
 * assign.c) against the fake configuration space in fake_pci.h. Outcomes are
 * checked on the fake's final registers (what hardware would decode), not
 * only on the enumerator's records.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <pci.h>
#include <resource.h>
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

static void log_line(void *ctx, const char *line)
{
	struct env *e = ctx;
	size_t n = strlen(e->log);

	snprintf(e->log + n, sizeof(e->log) - n, "%s\n", line);
	e->log_lines++;
}

static void env_reset(void)
{
	memset(&E, 0, sizeof(E));
	E.iomem = (struct resource)RESOURCE_ROOT("iomem", 0, UINT64_MAX, IORESOURCE_MEM);
	E.ioport = (struct resource)RESOURCE_ROOT("ioport", 0, 0xffff, IORESOURCE_IO);
}

static int enumerate(const struct pci_window *win, unsigned int nwin, uint8_t last_bus,
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

static struct pci_dev *dev_at(uint8_t bus, uint8_t dev, uint8_t fn)
{
	unsigned int i;

	for (i = 0; i < E.h.ndev; i++)
		if (E.devs[i].bus == bus && E.devs[i].dev == dev && E.devs[i].fn == fn)
			return &E.devs[i];
	return NULL;
}

/* What a function decodes, from the fake's truth: its BARs and, for a bridge, everything behind it. */
static void needs(const struct fake *fk, int i, bool *mem, bool *io)
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
static bool live(const struct fake *fk, int i, enum fake_bar_type t)
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
static void check_decoded_state(const struct fake *fk)
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
static void check_command_exact(const struct fake *fk, int i)
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

static void build_virt_like(struct fake *fk)
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

static void finds_every_function_and_numbers_buses(void **state)
{
	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);

	assert_int_equal(E.h.ndev, 12);		/* everything but the alias */
	assert_null(dev_at(0, 6, 1));
	assert_non_null(dev_at(0, 3, 1));	/* multi-function */
	assert_true(dev_at(0, 3, 0)->multifunction);
	/* Depth first: the root port gets bus 1, the bridge 2, the nested one 3. */
	assert_int_equal(E.fk.fn[T.rport].cfg[PCI_PRIMARY_BUS], 0);
	assert_int_equal(E.fk.fn[T.rport].cfg[PCI_SECONDARY_BUS], 1);
	assert_int_equal(E.fk.fn[T.rport].cfg[PCI_SUBORDINATE_BUS], 1);
	assert_int_equal(E.fk.fn[T.bridge].cfg[PCI_SECONDARY_BUS], 2);
	assert_int_equal(E.fk.fn[T.bridge].cfg[PCI_SUBORDINATE_BUS], 3);
	assert_int_equal(E.fk.fn[T.nested].cfg[PCI_PRIMARY_BUS], 2);
	assert_int_equal(E.fk.fn[T.nested].cfg[PCI_SECONDARY_BUS], 3);
	assert_int_equal(E.fk.fn[T.nested].cfg[PCI_SUBORDINATE_BUS], 3);
	assert_non_null(dev_at(1, 0, 0));
	assert_non_null(dev_at(2, 1, 0));
	assert_non_null(dev_at(3, 0, 0));
	assert_ptr_equal(dev_at(3, 0, 0)->up, dev_at(2, 2, 0));
	assert_int_equal(dev_at(3, 0, 0)->vendor, 0x1234);
	assert_int_equal(dev_at(3, 0, 0)->class_rev >> 8, 0x030000);
	assert_int_equal(E.log_lines, 0);
}

static void every_bar_fits_aligned_reachable_with_exact_command(void **state)
{
	int i;

	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	check_decoded_state(&E.fk);
	for (i = 0; i < (int)E.fk.n; i++) {
		if (i == T.alias)
			continue;
		check_command_exact(&E.fk, i);
		/* Sizing happened (all-ones probes), with decode off (checked above). */
		if (E.fk.fn[i].bar_type[0] != FB_NONE)
			assert_true(E.fk.fn[i].probe_writes > 0);
		/* No bus mastering unless asked for. */
		assert_int_equal(E.fk.fn[i].cfg[PCI_COMMAND] & PCI_COMMAND_MASTER, 0);
	}
}

static void prefetchable_64bit_bar_goes_above_4g(void **state)
{
	const struct pci_dev *d;

	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	d = dev_at(0, 2, 0);
	assert_true(d->bar[2].bus_addr >= 0x8000000000ull);
	assert_true(bar_addr(&E.fk.fn[T.ivshmem], 2) == d->bar[2].bus_addr);
	assert_int_equal(rd(&E.fk.fn[T.ivshmem], PCI_BASE_ADDRESS_0 + 12, 4),
			 (uint32_t)(d->bar[2].bus_addr >> 32));
	/* The 8 GiB BAR, sized through its upper dword. */
	d = dev_at(0, 6, 0);
	assert_true(d->bar[2].size == 2 * SZ_4G);
	assert_true(d->bar[2].bus_addr >= 0x8000000000ull && d->bar[2].bus_addr % (2 * SZ_4G) == 0);
	/* Behind the root port: its prefetchable window is above 4 GiB too. */
	assert_true(window_of(&E.fk.fn[T.rport], PCI_WIN_PREF).base >= 0x8000000000ull);
	/* A non-prefetchable 64-bit BAR stays below 4 GiB (bridge memory windows are 32-bit). */
	assert_true(dev_at(1, 0, 0)->bar[0].bus_addr < SZ_4G);
	/* The second half of a 64-bit BAR is not a BAR. */
	assert_true(dev_at(0, 2, 0)->bar[3].size == 0);
	assert_true(dev_at(1, 0, 0)->bar[1].size == 0);
	assert_false(dev_at(1, 0, 0)->bar[1].assigned);
}

static void without_64bit_window_it_goes_below_4g(void **state)
{
	const struct pci_dev *d;

	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	/* highmem=off: no 64-bit window; only the 8 GiB BAR cannot fit. */
	assert_int_equal(enumerate(virt_high, VIRT_LOW_N, 15, 24), 1);
	check_decoded_state(&E.fk);
	d = dev_at(0, 2, 0);
	assert_true(d->bar[2].assigned && d->bar[2].bus_addr + d->bar[2].size <= SZ_4G);
	assert_int_equal(rd(&E.fk.fn[T.ivshmem], PCI_BASE_ADDRESS_0 + 12, 4), 0);
	assert_true(window_of(&E.fk.fn[T.rport], PCI_WIN_PREF).limit < SZ_4G);
	d = dev_at(0, 6, 0);
	assert_true(d->disabled);
	assert_int_equal(E.fk.fn[T.big].cfg[PCI_COMMAND] & (PCI_COMMAND_MEMORY | PCI_COMMAND_IO), 0);
	assert_string_equal(d->reason,
		"BAR 2 (64-bit prefetchable memory) size=8G does not fit in any host window");
	assert_string_equal(E.log, "pci 00:06.0 1af4:1110: left disabled: BAR 2 (64-bit "
		"prefetchable memory) size=8G does not fit in any host window\n");
}

static void resource_tree_nests_bars_in_bridge_windows(void **state)
{
	static char text[4096];

	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	resource_print(&E.iomem, text, sizeof(text));
	assert_string_equal(text,
		"10000000-3efeffff : PCI mem\n"
		"  10000000-101fffff : PCI Bus 02\n"
		"    10000000-101fffff : PCI Bus 03\n"
		"      10000000-101fffff : 03:00.0\n"
		"  10200000-102fffff : 00:01.0\n"
		"  10300000-103fffff : PCI Bus 01\n"
		"    10300000-1030ffff : 01:00.0\n"
		"  10400000-105fffff : PCI Bus 02\n"
		"    10400000-104fffff : PCI Bus 03\n"
		"      10400000-10400fff : 03:00.0\n"
		"    10500000-10501fff : 02:01.0\n"
		"  10600000-10600fff : 00:03.0\n"
		"  10601000-106010ff : 00:02.0\n"
		"  10601100-106011ff : 00:05.0\n"
		"8000000000-ffffffffff : PCI mem 64-bit\n"
		"  8000000000-81ffffffff : 00:06.0\n"
		"  8200000000-82001fffff : PCI Bus 01\n"
		"    8200000000-82001fffff : 01:00.0\n"
		"  8200200000-82002fffff : 00:02.0\n");
	resource_print(&E.ioport, text, sizeof(text));
	assert_string_equal(text,
		"0000-ffff : PCI I/O\n"
		"  1000-1fff : PCI Bus 02\n"
		"    1000-101f : 02:01.0\n"
		"  2000-20ff : 00:03.0\n"
		"  2100-2107 : 00:03.1\n");
	/* A driver's claim inside a BAR succeeds once; the second is refused. */
	{
		struct resource slot[2] = { 0 }, *c;
		struct resource_pool pool = { slot, 2 };
		uint64_t edu = dev_at(0, 1, 0)->bar[0].cpu_addr;

		assert_int_equal(resource_claim(&E.iomem, &pool, edu, 0x100, "edu", &c), 0);
		assert_ptr_equal(c->parent, &dev_at(0, 1, 0)->bar[0].res);
		assert_int_equal(resource_claim(&E.iomem, &pool, edu, 0x100, "edu", &c), -EBUSY);
	}
}

/* versatilepb-like: CPU and bus addresses differ by the window's offset. */
static void cpu_and_bus_addresses_differ_by_the_window_offset(void **state)
{
	static const struct pci_window vpb[] = {
		{ PCI_SPACE_IO, false, 0x43000000, 0, 0x10000 },
		{ PCI_SPACE_MEM32, false, 0x50000000, 0x20000000, 0x10000000 },
		{ PCI_SPACE_MEM32, true, 0x60000000, 0x30000000, 0x10000000 },
	};
	const struct pci_dev *d;
	int td;

	(void)state;
	env_reset();
	fake_add(&E.fk, -1, 0, 0, ID(0x10ee, 0x0300), 0x0b4000, 0);
	td = fake_add(&E.fk, -1, 1, 0, ID(0x1b36, 0x0005), 0x00ff00, 1);
	fake_bar(&E.fk, td, 0, FB_MEM32, SZ_4K);
	fake_bar(&E.fk, td, 1, FB_IO, 256);
	fake_bar(&E.fk, td, 2, FB_PREF32, SZ_64K);
	assert_int_equal(enumerate(vpb, 3, 255, 24), 0);
	check_decoded_state(&E.fk);
	check_command_exact(&E.fk, td);
	d = dev_at(0, 1, 0);
	assert_true(d->bar[0].cpu_addr == 0x50000000 && d->bar[0].bus_addr == 0x20000000);
	assert_int_equal(rd(&E.fk.fn[td], PCI_BASE_ADDRESS_0, 4) & ~0xfu, 0x20000000);
	assert_true(d->bar[0].res.start == d->bar[0].cpu_addr);	/* the tree holds CPU addresses */
	/* Prefetchable BAR in the prefetchable window. */
	assert_true(d->bar[2].cpu_addr == 0x60000000 && d->bar[2].bus_addr == 0x30000000);
	/* I/O: the port number in the BAR and the tree, CPU address through the window. */
	assert_true(d->bar[1].bus_addr == 0x1000 && d->bar[1].cpu_addr == 0x43001000);
	assert_true(d->bar[1].res.start == 0x1000);
	assert_int_equal(rd(&E.fk.fn[td], PCI_BASE_ADDRESS_0 + 4, 4), 0x1000 | PCI_BAR_SPACE_IO);
}

static void device_whose_bar_does_not_fit_is_left_disabled(void **state)
{
	static const struct pci_window small[] = {
		{ PCI_SPACE_MEM32, false, 0x10000000, 0x10000000, SZ_1M },
	};
	int big, ok, half;

	(void)state;
	env_reset();
	ok = fake_add(&E.fk, -1, 1, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, ok, 0, FB_MEM32, 512 * 1024);
	big = fake_add(&E.fk, -1, 2, 0, ID(0x1234, 0x11e8), 0x00ff00, 0);
	fake_bar(&E.fk, big, 0, FB_MEM32, 2 * SZ_1M);
	/* Its first BAR fits, the second does not: both must end up unassigned. */
	half = fake_add(&E.fk, -1, 3, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, half, 0, FB_MEM32, 256 * 1024);
	fake_bar(&E.fk, half, 1, FB_MEM32, 512 * 1024);
	fake_bar(&E.fk, half, 2, FB_IO, 16);	/* and there is no I/O window at all */
	assert_int_equal(enumerate(small, 1, 255, 24), 2);
	check_decoded_state(&E.fk);
	check_command_exact(&E.fk, ok);
	assert_int_equal(E.fk.fn[big].cfg[PCI_COMMAND] & 3, 0);
	assert_int_equal(E.fk.fn[half].cfg[PCI_COMMAND] & 3, 0);
	assert_true(dev_at(0, 2, 0)->disabled && dev_at(0, 3, 0)->disabled);
	assert_false(dev_at(0, 3, 0)->bar[0].assigned);
	assert_null(dev_at(0, 3, 0)->bar[0].res.parent);
	/* One line each, saying why (the largest request is tried first). */
	assert_int_equal(E.log_lines, 2);
	assert_string_equal(E.log,
		"pci 00:02.0 1234:11e8: left disabled: BAR 0 (32-bit memory) size=2M does not fit in any host window\n"
		"pci 00:03.0 1b36:0005: left disabled: BAR 0 (32-bit memory) size=256K does not fit in any host window\n");
	/* What was freed is free: the window holds only the device that fits. */
	assert_ptr_equal(E.h.win_res[0].child, &dev_at(0, 1, 0)->bar[0].res);
	assert_null(E.h.win_res[0].child->sibling);
}

static void bridge_window_too_small_disables_what_is_behind(void **state)
{
	static const struct pci_window two_mib[] = {
		{ PCI_SPACE_MEM32, false, 0x10000000, 0x10000000, 2 * SZ_1M },
	};
	int root_dev, br, child, io_child;

	(void)state;
	env_reset();
	root_dev = fake_add(&E.fk, -1, 1, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, root_dev, 0, FB_MEM32, SZ_1M);
	br = fake_bridge(&E.fk, -1, 2, ID(0x1b36, 0x0001), false);
	child = fake_add(&E.fk, br, 0, 0, ID(0x1234, 0x11e8), 0x00ff00, 1);
	fake_bar(&E.fk, child, 0, FB_MEM32, 4 * SZ_1M);
	io_child = fake_add(&E.fk, br, 1, 0, ID(0x1b36, 0x0002), 0x070002, 1);
	fake_bar(&E.fk, io_child, 0, FB_IO, 8);
	assert_int_equal(enumerate(two_mib, 1, 255, 24), 2);
	check_decoded_state(&E.fk);
	check_command_exact(&E.fk, root_dev);
	assert_int_equal(E.fk.fn[child].cfg[PCI_COMMAND] & 3, 0);
	assert_int_equal(E.fk.fn[io_child].cfg[PCI_COMMAND] & 3, 0);
	/* The bridge's windows stay closed and it decodes nothing. */
	assert_true(window_of(&E.fk.fn[br], PCI_WIN_MEM).base > window_of(&E.fk.fn[br], PCI_WIN_MEM).limit);
	assert_true(window_of(&E.fk.fn[br], PCI_WIN_IO).base > window_of(&E.fk.fn[br], PCI_WIN_IO).limit);
	assert_int_equal(E.fk.fn[br].cfg[PCI_COMMAND] & 3, 0);
	assert_string_equal(dev_at(1, 0, 0)->reason,
		"BAR 0 (32-bit memory) size=4M does not fit in the window of bridge 00:02.0");
	assert_non_null(strstr(E.log, "pci 00:02.0 1b36:0001: bridge memory window size=4M "
				      "does not fit in any host window\n"));
}

static void exhaustion_assigns_what_fits_naturally_aligned(void **state)
{
	static const struct pci_window one_mib[] = {
		{ PCI_SPACE_MEM32, false, 0x10000000, 0x10000000, SZ_1M },
	};
	/* 1028 KiB asked of a 1 MiB window: the last 4 KiB BAR placed cannot fit. */
	static const uint64_t kib[] = { 4, 64, 512, 8, 4, 128, 32, 256, 16, 4 };
	unsigned int i, disabled = 0;
	uint64_t used = 0;
	int idx[10];

	(void)state;
	env_reset();
	for (i = 0; i < 10; i++) {
		idx[i] = fake_add(&E.fk, -1, (uint8_t)(i + 1), 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
		fake_bar(&E.fk, idx[i], 0, FB_MEM32, kib[i] * 1024);
	}
	assert_int_equal(enumerate(one_mib, 1, 255, 24), 1);
	check_decoded_state(&E.fk);	/* aligned, inside the window, no overlap */
	for (i = 0; i < 10; i++) {
		const struct pci_dev *d = dev_at(0, (uint8_t)(i + 1), 0);

		if (d->disabled) {
			disabled++;
			assert_true(kib[i] == 4);
			assert_int_equal(E.fk.fn[idx[i]].cfg[PCI_COMMAND] & 3, 0);
			continue;
		}
		check_command_exact(&E.fk, idx[i]);
		used += kib[i] * 1024;
	}
	assert_int_equal(disabled, 1);
	assert_true(used == SZ_1M);	/* packed with no hole */
}

static void bus_numbers_run_out(void **state)
{
	int b1, b2, d;

	(void)state;
	env_reset();
	b1 = fake_bridge(&E.fk, -1, 1, ID(0x1b36, 0x0001), false);
	b2 = fake_bridge(&E.fk, -1, 2, ID(0x1b36, 0x0001), false);
	d = fake_add(&E.fk, b2, 0, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, d, 0, FB_MEM32, SZ_4K);
	/* bus-range <0 1>: the first bridge takes bus 1, none is left for the second. */
	assert_int_equal(enumerate(virt_high, 3, 1, 24), 1);
	assert_int_equal(E.fk.fn[b1].cfg[PCI_SECONDARY_BUS], 1);
	assert_int_equal(E.fk.fn[b2].cfg[PCI_SECONDARY_BUS], 0);
	assert_true(dev_at(0, 2, 0)->disabled);
	assert_string_equal(dev_at(0, 2, 0)->reason,
			    "no bus number left behind it (bus-range ends at 01)");
	assert_int_equal(E.h.ndev, 2);	/* nothing behind it was reached */
}

static void full_device_table_is_reported(void **state)
{
	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	assert_int_equal(enumerate(virt_high, 3, 255, 4), -ENOMEM);
	assert_int_equal(E.h.ndev, 4);
	assert_non_null(strstr(E.log, "device table full"));
	/* What could not be recorded decodes nothing (so nothing behind it either). */
	assert_int_equal(E.fk.fn[T.serial].cfg[PCI_COMMAND] & 3, 0);
	assert_int_equal(E.fk.fn[T.rport].cfg[PCI_COMMAND] & 3, 0);
	check_decoded_state(&E.fk);
}

static void set_master_enables_the_device_and_its_bridges_only(void **state)
{
	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	pci_set_master(&E.h, dev_at(3, 0, 0));
	assert_true(E.fk.fn[T.deep].cfg[PCI_COMMAND] & PCI_COMMAND_MASTER);
	assert_true(E.fk.fn[T.nested].cfg[PCI_COMMAND] & PCI_COMMAND_MASTER);
	assert_true(E.fk.fn[T.bridge].cfg[PCI_COMMAND] & PCI_COMMAND_MASTER);
	assert_false(E.fk.fn[T.behind_bridge].cfg[PCI_COMMAND] & PCI_COMMAND_MASTER);
	assert_false(E.fk.fn[T.rport].cfg[PCI_COMMAND] & PCI_COMMAND_MASTER);
	check_command_exact(&E.fk, T.deep);	/* decode bits untouched */
	assert_ptr_equal(pci_find(&E.h, 0x1b36, 0x0005, NULL), dev_at(0, 3, 0));
	assert_ptr_equal(pci_find(&E.h, 0x1b36, 0x0005, dev_at(0, 3, 0)), dev_at(2, 1, 0));
	assert_null(pci_find(&E.h, 0x1b36, 0x0005, dev_at(2, 1, 0)));
}

static void intx_swizzles_at_each_bridge(void **state)
{
	const struct pci_dev *root;
	uint8_t pin;

	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	/* 03:00.0 INTA: slot 0 behind 02:02.0 keeps A; slot 2 behind 00:05.0 makes it C. */
	assert_int_equal(pci_intx_root(dev_at(3, 0, 0), &root, &pin), 0);
	assert_ptr_equal(root, dev_at(0, 5, 0));
	assert_int_equal(pin, 3);
	assert_int_equal(pci_intx_root(dev_at(2, 1, 0), &root, &pin), 0);
	assert_int_equal(pin, 2);
	assert_int_equal(pci_intx_root(dev_at(0, 1, 0), &root, &pin), 0);
	assert_ptr_equal(root, dev_at(0, 1, 0));
	assert_int_equal(pin, 1);
	assert_int_equal(pci_intx_root(dev_at(0, 3, 0), &root, &pin), -ENOENT);
	assert_int_equal(pci_swizzle(4, 1), 1);
	assert_int_equal(pci_swizzle(2, 31), 1);
}

static void fmt_size_uses_the_largest_exact_unit(void **state)
{
	char b[24];

	(void)state;
	assert_string_equal(pci_fmt_size(b, 256), "256");
	assert_string_equal(pci_fmt_size(b, 0x1800), "6K");
	assert_string_equal(pci_fmt_size(b, SZ_1M), "1M");
	assert_string_equal(pci_fmt_size(b, 0x8000000000ull), "512G");
	assert_string_equal(pci_fmt_size(b, 0), "0");
	assert_string_equal(pci_fmt_size(b, UINT64_MAX), "18446744073709551615");
}

static void host_init_refuses_bad_windows(void **state)
{
	static const struct pci_window overlap[] = {
		{ PCI_SPACE_MEM32, false, 0x10000000, 0x10000000, SZ_1M },
		{ PCI_SPACE_MEM32, true, 0x10080000, 0x10080000, SZ_1M },
	};
	static const struct pci_window empty[] = { { PCI_SPACE_MEM32, false, 0x10000000, 0, 0 } };
	static const struct pci_window cfg[] = { { PCI_SPACE_CONFIG, false, 0x10000000, 0, SZ_1M } };

	(void)state;
	env_reset();
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, 255, overlap, 2,
				       &E.iomem, &E.ioport, E.devs, 24), -EBUSY);
	assert_null(E.iomem.child);	/* the first one was taken out again */
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, 255, empty, 1,
				       &E.iomem, &E.ioport, E.devs, 24), -EINVAL);
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, 255, cfg, 1,
				       &E.iomem, &E.ioport, E.devs, 24), -EINVAL);
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 2, 1, virt_high, 3,
				       &E.iomem, &E.ioport, E.devs, 24), -EINVAL);
}

static void bridge_without_io_or_prefetchable_window(void **state)
{
	int br, d, io;
	struct fake_fn *b;

	(void)state;
	env_reset();
	br = fake_bridge(&E.fk, -1, 1, ID(0x1b36, 0x0001), false);
	b = &E.fk.fn[br];
	/* Neither window implemented: their base/limit registers read 0. */
	memset(b->cfg + PCI_IO_BASE, 0, 2);
	memset(b->wmask + PCI_IO_BASE, 0, 2);
	memset(b->cfg + PCI_PREF_MEMORY_BASE, 0, 12);
	memset(b->wmask + PCI_PREF_MEMORY_BASE, 0, 12);
	d = fake_add(&E.fk, br, 0, 0, ID(0x1af4, 0x1110), 0x050000, 1);
	fake_bar(&E.fk, d, 2, FB_PREF64, SZ_1M);
	io = fake_add(&E.fk, br, 1, 0, ID(0x1b36, 0x0002), 0x070002, 1);
	fake_bar(&E.fk, io, 0, FB_IO, 8);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 1);
	check_decoded_state(&E.fk);
	/* The prefetchable BAR goes through the memory window, below 4 GiB. */
	check_command_exact(&E.fk, d);
	assert_true(dev_at(1, 0, 0)->bar[2].bus_addr < SZ_4G);
	assert_true(inside(window_of(b, PCI_WIN_MEM), dev_at(1, 0, 0)->bar[2].bus_addr,
			   dev_at(1, 0, 0)->bar[2].bus_addr + SZ_1M - 1));
	/* The I/O BAR has no way through. */
	assert_string_equal(dev_at(1, 1, 0)->reason,
		"BAR 0 (I/O) size=8 does not fit in the window of bridge 00:01.0");
	assert_int_equal(b->cfg[PCI_COMMAND] & 3, PCI_COMMAND_MEMORY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_every_function_and_numbers_buses),
		cmocka_unit_test(every_bar_fits_aligned_reachable_with_exact_command),
		cmocka_unit_test(prefetchable_64bit_bar_goes_above_4g),
		cmocka_unit_test(without_64bit_window_it_goes_below_4g),
		cmocka_unit_test(resource_tree_nests_bars_in_bridge_windows),
		cmocka_unit_test(cpu_and_bus_addresses_differ_by_the_window_offset),
		cmocka_unit_test(device_whose_bar_does_not_fit_is_left_disabled),
		cmocka_unit_test(bridge_window_too_small_disables_what_is_behind),
		cmocka_unit_test(exhaustion_assigns_what_fits_naturally_aligned),
		cmocka_unit_test(bus_numbers_run_out),
		cmocka_unit_test(full_device_table_is_reported),
		cmocka_unit_test(set_master_enables_the_device_and_its_bridges_only),
		cmocka_unit_test(intx_swizzles_at_each_bridge),
		cmocka_unit_test(fmt_size_uses_the_largest_exact_unit),
		cmocka_unit_test(host_init_refuses_bad_windows),
		cmocka_unit_test(bridge_without_io_or_prefetchable_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
