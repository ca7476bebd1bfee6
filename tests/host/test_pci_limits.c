/*
 * Host tests for the PCI enumerator's limits (src/bus/pci/scan.c, assign.c):
 * BARs and bridge windows that do not fit, exhaustion, bus numbers and the
 * device table running out, bridges lacking windows. Each refused device is
 * left with decode off and one line saying why; everything else still works.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pci.h>
#include <resource.h>
#include "pci_env.h"

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
	/* bus numbers a previous boot left in the second bridge */
	E.fk.fn[b2].cfg[PCI_SECONDARY_BUS] = 5;
	E.fk.fn[b2].cfg[PCI_SUBORDINATE_BUS] = 5;
	/* bus-range <0 1>: the first bridge takes bus 1, none is left for the second. */
	assert_int_equal(enumerate(virt_high, 3, 1, 24), 1);
	assert_int_equal(E.fk.fn[b1].cfg[PCI_SECONDARY_BUS], 1);
	assert_int_equal(E.fk.fn[b2].cfg[PCI_SECONDARY_BUS], 0);
	assert_true(dev_at(0, 2, 0)->disabled);
	assert_string_equal(dev_at(0, 2, 0)->reason,
			    "no bus number left behind it (bus-range ends at 01)");
	/* It claims no bus, in particular not the first bridge's bus 1. */
	assert_true(E.fk.fn[b2].cfg[PCI_SUBORDINATE_BUS] < 1);
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

/* A 32-bit BAR may take the last bytes below 4 GiB: a window ending there is usable to its end. */
static void bar_fills_a_window_ending_at_4g(void **state)
{
	static const struct pci_window top[] = {
		{ PCI_SPACE_MEM32, false, 0xfff00000, 0xfff00000, SZ_1M },
	};
	int d;

	(void)state;
	env_reset();
	d = fake_add(&E.fk, -1, 1, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, d, 0, FB_MEM32, SZ_1M);
	assert_int_equal(enumerate(top, 1, 255, 24), 0);
	check_decoded_state(&E.fk);
	check_command_exact(&E.fk, d);
	assert_int_equal(bar_addr(&E.fk.fn[d], 0), 0xfff00000);
}

/* A window at CPU address 0 is usable from its first byte (cpu_base 0 is no "unset"). */
static void bar_fills_a_window_at_cpu_address_0(void **state)
{
	static const struct pci_window low[] = {
		{ PCI_SPACE_MEM32, false, 0, 0x10000000, SZ_1M },
	};
	int d;

	(void)state;
	env_reset();
	d = fake_add(&E.fk, -1, 1, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, d, 0, FB_MEM32, SZ_1M);
	assert_int_equal(enumerate(low, 1, 255, 24), 0);
	check_decoded_state(&E.fk);
	check_command_exact(&E.fk, d);
	assert_int_equal(bar_addr(&E.fk.fn[d], 0), 0x10000000);
	assert_true(dev_at(0, 1, 0)->bar[0].cpu_addr == 0);
}

/* A 32-bit BAR in a 64-bit window that crosses 4 GiB takes only the part below it. */
static void bar32_stays_below_4g_in_a_window_crossing_it(void **state)
{
	static const struct pci_window across[] = {
		{ PCI_SPACE_MEM64, false, 0xfff00000, 0xfff00000, 2 * SZ_1M },
	};
	int d[2];

	(void)state;
	env_reset();
	for (int i = 0; i < 2; i++) {
		d[i] = fake_add(&E.fk, -1, (uint8_t)(i + 1), 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
		fake_bar(&E.fk, d[i], 0, FB_MEM32, SZ_1M);
	}
	assert_int_equal(enumerate(across, 1, 255, 24), 1);
	check_decoded_state(&E.fk);
	check_command_exact(&E.fk, d[0]);
	assert_int_equal(bar_addr(&E.fk.fn[d[0]], 0), 0xfff00000);
	assert_true(dev_at(0, 2, 0)->disabled);
	assert_int_equal(E.fk.fn[d[1]].cfg[PCI_COMMAND] & 3, 0);
}

/* Interrupt Pin 1-4 is INTA-INTD; any other value reads as no pin (PCI 3.0, 6.2.4). */
static void interrupt_pin_above_intd_is_no_pin(void **state)
{
	(void)state;
	env_reset();
	fake_add(&E.fk, -1, 1, 0, ID(0x1b36, 0x0005), 0x00ff00, 4);
	fake_add(&E.fk, -1, 2, 0, ID(0x1b36, 0x0005), 0x00ff00, 5);
	fake_add(&E.fk, -1, 3, 0, ID(0x1b36, 0x0005), 0x00ff00, 0xff);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	assert_int_equal(dev_at(0, 1, 0)->irq_pin, 4);
	assert_int_equal(dev_at(0, 2, 0)->irq_pin, 0);
	assert_int_equal(dev_at(0, 3, 0)->irq_pin, 0);
}

/* BAR 5 typed 64-bit has no upper half: it is ignored with a line, and enumeration ends. */
static void bar5_typed_64bit_is_ignored(void **state)
{
	int d;

	(void)state;
	env_reset();
	d = fake_add(&E.fk, -1, 1, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, d, 0, FB_MEM32, SZ_4K);
	set32(E.fk.fn[d].cfg, PCI_BASE_ADDRESS_0 + 20, PCI_BAR_MEM_TYPE_64);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	assert_string_equal(E.log, "pci 00:01.0 1b36:0005: BAR 5 is 64-bit but has no upper half; ignored\n");
	assert_true(dev_at(0, 1, 0)->bar[5].size == 0);
	check_decoded_state(&E.fk);
	check_command_exact(&E.fk, d);
}

/* A table filled exactly to its capacity is never read past its end (ASan: heap overflow). */
static void device_table_filled_exactly_is_read_within_it(void **state)
{
	struct pci_dev *devs = calloc(2, sizeof(*devs));
	int br, d;

	(void)state;
	env_reset();
	br = fake_bridge(&E.fk, -1, 1, ID(0x1b36, 0x0001), false);
	d = fake_add(&E.fk, br, 0, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, d, 0, FB_MEM32, SZ_4K);
	assert_non_null(devs);
	assert_int_equal(pci_host_init(&E.h, &fake_ops, &E.fk, 0, 255, virt_high, 3,
				       &E.iomem, &E.ioport, devs, 2), 0);
	E.win = virt_high;
	E.nwin = 3;
	assert_int_equal(pci_enumerate(&E.h), 0);
	assert_int_equal(E.h.ndev, 2);
	check_decoded_state(&E.fk);
	check_command_exact(&E.fk, d);
	assert_null(pci_find(&E.h, 0xdead, 0xbeef, NULL));
	free(devs);
}

/*
 * A bridge whose own BAR is I/O (so its I/O decode is on) with nothing I/O
 * behind it: its 32-bit I/O window must be closed, upper halves included.
 */
static void unused_32bit_io_window_stays_closed(void **state)
{
	int br, d;
	struct range r;

	(void)state;
	env_reset();
	br = fake_bridge(&E.fk, -1, 1, ID(0x1b36, 0x0001), false);
	fake_bridge_io32(&E.fk, br);
	fake_bar(&E.fk, br, 0, FB_IO, 16);
	d = fake_add(&E.fk, br, 0, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, d, 0, FB_MEM32, SZ_4K);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	assert_int_equal(E.fk.fn[br].cfg[PCI_COMMAND] & 3, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	r = window_of(&E.fk.fn[br], PCI_WIN_IO);
	if (r.base <= r.limit)
		fail_msg("I/O window open: %#llx-%#llx", (unsigned long long)r.base,
			 (unsigned long long)r.limit);
	check_decoded_state(&E.fk);
}

/*
 * A 32-bit prefetchable window reads type 0 in its base register until
 * written (PCI-to-PCI Bridge 1.2, 3.2.5.9): it is there all the same, and
 * a prefetchable BAR behind the bridge goes through it.
 */
static void bridge_with_a_32bit_prefetchable_window(void **state)
{
	int br, d;
	struct fake_fn *b;
	const struct pci_dev *bd;
	uint64_t bar;

	(void)state;
	env_reset();
	br = fake_bridge(&E.fk, -1, 1, ID(0x1b36, 0x0001), false);
	b = &E.fk.fn[br];
	b->cfg[PCI_PREF_MEMORY_BASE] = 0;
	b->cfg[PCI_PREF_MEMORY_LIMIT] = 0;
	memset(b->wmask + PCI_PREF_BASE_UPPER32, 0, 8);
	d = fake_add(&E.fk, br, 0, 0, ID(0x1b36, 0x0005), 0x00ff00, 0);
	fake_bar(&E.fk, d, 0, FB_PREF32, SZ_1M);
	assert_int_equal(enumerate(virt_high, 3, 255, 24), 0);
	bd = dev_at(0, 1, 0);
	assert_true(bd->has_win[PCI_WIN_PREF]);
	assert_false(bd->pref64);
	check_decoded_state(&E.fk);
	bar = dev_at(1, 0, 0)->bar[0].bus_addr;
	assert_true(inside(window_of(b, PCI_WIN_PREF), bar, bar + SZ_1M - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(device_whose_bar_does_not_fit_is_left_disabled),
		cmocka_unit_test(bridge_window_too_small_disables_what_is_behind),
		cmocka_unit_test(exhaustion_assigns_what_fits_naturally_aligned),
		cmocka_unit_test(bus_numbers_run_out),
		cmocka_unit_test(full_device_table_is_reported),
		cmocka_unit_test(bridge_without_io_or_prefetchable_window),
		cmocka_unit_test(bridge_with_a_32bit_prefetchable_window),
		cmocka_unit_test(bar_fills_a_window_ending_at_4g),
		cmocka_unit_test(bar_fills_a_window_at_cpu_address_0),
		cmocka_unit_test(bar32_stays_below_4g_in_a_window_crossing_it),
		cmocka_unit_test(interrupt_pin_above_intd_is_no_pin),
		cmocka_unit_test(bar5_typed_64bit_is_ignored),
		cmocka_unit_test(device_table_filled_exactly_is_read_within_it),
		cmocka_unit_test(unused_32bit_io_window_stays_closed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
