/*
 * Host tests for the PCI enumerator and BAR allocator (src/bus/pci/scan.c,
 * assign.c) on a virt-like topology in the fake configuration space
 * (fake_pci.h): discovery, bus numbers, placement, 64-bit BARs, CPU vs bus
 * addresses, the resource tree, bus mastering, INTx. Outcomes are checked on
 * the fake's final registers (what hardware would decode), not only on the
 * enumerator's records (pci_env.h).
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
#include "pci_env.h"

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
	assert_string_equal(d->bar[2].res.parent->name, "PCI mem prefetchable");
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
	assert_string_equal(pci_fmt_size(b, 1ull << 60), "1E");		/* the largest unit */
	assert_string_equal(pci_fmt_size(b, 1ull << 63), "8E");
	assert_string_equal(pci_fmt_size(b, 1ull << 50), "1P");
	assert_string_equal(pci_fmt_size(b, 0), "0");
	assert_string_equal(pci_fmt_size(b, UINT64_MAX), "18446744073709551615");
}

/* Each bridge's base/limit registers decode exactly the window it was given, or nothing. */
static void bridge_windows_decode_exactly_what_was_assigned(void **state)
{
	unsigned int i, k, checked = 0;

	(void)state;
	env_reset();
	build_virt_like(&E.fk);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	for (i = 0; i < E.h.ndev; i++) {
		const struct pci_dev *d = &E.devs[i];
		const struct fake_fn *f = &E.fk.fn[fake_route(&E.fk, -1, 0, d->bus, d->dev, d->fn)];

		if (d->hdr_type != PCI_HEADER_TYPE_BRIDGE)
			continue;
		for (k = 0; k < PCI_WIN_KINDS; k++) {
			const struct pci_region *w = &d->win[k];
			struct range r = window_of(f, (enum pci_win_kind)k);

			if (!w->assigned) {
				assert_true(r.base > r.limit);
				continue;
			}
			if (r.base != w->bus_addr || r.limit != w->bus_addr + w->size - 1)
				fail_msg("%s window %u decodes %#llx-%#llx, assigned %#llx size %#llx",
					 d->name, k, (unsigned long long)r.base,
					 (unsigned long long)r.limit, (unsigned long long)w->bus_addr,
					 (unsigned long long)w->size);
			checked++;
		}
	}
	assert_true(checked >= 5);
}

/* A host window may end at the last bus or CPU address (2^64 - 1), not one byte past it. */
static void host_window_may_end_at_the_top_of_either_space_but_not_wrap(void **state)
{
	struct pci_window w = { PCI_SPACE_MEM64, false, 0x8000000000ull,
				0 - (uint64_t)SZ_1M, SZ_1M };

	(void)state;
	env_reset();
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, 255, &w, 1,
				       &E.iomem, &E.ioport, E.devs, 24), 0);
	env_reset();
	w.bus_base++;
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, 255, &w, 1,
				       &E.iomem, &E.ioport, E.devs, 24), -EINVAL);
	assert_null(E.iomem.child);
	/* The same for the CPU side. */
	env_reset();
	w.bus_base = 0x8000000000ull;
	w.cpu_base = 0 - (uint64_t)SZ_1M;
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, 255, &w, 1,
				       &E.iomem, &E.ioport, E.devs, 24), 0);
	env_reset();
	w.cpu_base++;
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, 255, &w, 1,
				       &E.iomem, &E.ioport, E.devs, 24), -EINVAL);
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

/* Only 0xffff (nothing answers, PCI 3.0 6.1) and 0 mean no function; vendor
 * IDs 0x0001 and 0xfffe are functions like any other. */
static void only_all_ones_and_zero_vendor_ids_are_absent(void **state)
{
	(void)state;
	env_reset();
	fake_add(&E.fk, -1, 0, 0, ID(0x0001, 0x1234), 0x00ff00, 0);
	fake_add(&E.fk, -1, 1, 0, ID(0xfffe, 0x5678), 0x00ff00, 0);
	fake_add(&E.fk, -1, 2, 0, ID(0x0000, 0x9abc), 0x00ff00, 0);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	assert_int_equal(E.h.ndev, 2);
	assert_int_equal(dev_at(0, 0, 0)->vendor, 0x0001);
	assert_int_equal(dev_at(0, 1, 0)->vendor, 0xfffe);
	assert_null(dev_at(0, 2, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_every_function_and_numbers_buses),
		cmocka_unit_test(only_all_ones_and_zero_vendor_ids_are_absent),
		cmocka_unit_test(every_bar_fits_aligned_reachable_with_exact_command),
		cmocka_unit_test(prefetchable_64bit_bar_goes_above_4g),
		cmocka_unit_test(without_64bit_window_it_goes_below_4g),
		cmocka_unit_test(resource_tree_nests_bars_in_bridge_windows),
		cmocka_unit_test(cpu_and_bus_addresses_differ_by_the_window_offset),
		cmocka_unit_test(set_master_enables_the_device_and_its_bridges_only),
		cmocka_unit_test(intx_swizzles_at_each_bridge),
		cmocka_unit_test(fmt_size_uses_the_largest_exact_unit),
		cmocka_unit_test(host_init_refuses_bad_windows),
		cmocka_unit_test(bridge_windows_decode_exactly_what_was_assigned),
		cmocka_unit_test(host_window_may_end_at_the_top_of_either_space_but_not_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
