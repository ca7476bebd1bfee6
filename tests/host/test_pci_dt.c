/*
 * Host tests for the PCI host bridge's device-tree decoding
 * (src/bus/pci/of_host.c) against the exact property bytes of QEMU 7.2's
 * virt tree, dumped with
 *   qemu-system-arm -M virt[,highmem=off],dumpdtb=x.dtb -cpu cortex-a15 -m 128
 *   fdtget -t bx x.dtb /pcie@10000000 <property>
 * (the root and the GIC both have #address-cells = 2; the GIC's
 * #interrupt-cells is 3; its phandle is 0x8002).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pci.h>

/* ---- the bytes ---- */

static const uint8_t virt_ranges[84] = {
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x3e, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x2e, 0xff, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
};

static const uint8_t virt_lowmem_ranges[56] = {
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x3e, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x2e, 0xff, 0x00, 0x00,
};

static const uint8_t virt_bus_range[8] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff,
};

static const uint8_t virt_lowmem_bus_range[8] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f,
};

static const uint8_t virt_irq_map[640] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x80, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x08, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x80, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x10, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x80, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x10, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x80, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x18, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04,
	0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x80, 0x02, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x00, 0x00, 0x00, 0x04,
};

static const uint8_t virt_irq_map_mask[16] = {
	0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x07,
};

#define GIC_PHANDLE	0x8002u

static int gic_cells(void *ctx, uint32_t phandle, unsigned int *addr_cells,
		     unsigned int *int_cells)
{
	(void)ctx;
	if (phandle != GIC_PHANDLE)
		return -ENOENT;
	*addr_cells = 2;
	*int_cells = 3;
	return 0;
}

static void window_is(const struct pci_window *w, enum pci_space space, bool pf,
		      uint64_t cpu, uint64_t bus, uint64_t size)
{
	assert_int_equal(w->space, space);
	assert_int_equal(w->prefetchable, pf);
	assert_true(w->cpu_base == cpu);
	assert_true(w->bus_base == bus);
	assert_true(w->size == size);
}

/* ---- ranges ---- */

static void virt_ranges_give_io_mem32_and_mem64_windows(void **state)
{
	struct pci_window w[4];

	(void)state;
	assert_int_equal(pci_dt_ranges(virt_ranges, sizeof(virt_ranges), 2, 2, w, 4), 3);
	window_is(&w[0], PCI_SPACE_IO, false, 0x3eff0000, 0, 0x10000);
	window_is(&w[1], PCI_SPACE_MEM32, false, 0x10000000, 0x10000000, 0x2eff0000);
	window_is(&w[2], PCI_SPACE_MEM64, false, 0x8000000000ull, 0x8000000000ull,
		  0x8000000000ull);
	assert_int_equal(pci_dt_ranges(virt_lowmem_ranges, sizeof(virt_lowmem_ranges),
				       2, 2, w, 4), 2);
	window_is(&w[1], PCI_SPACE_MEM32, false, 0x10000000, 0x10000000, 0x2eff0000);
}

static void ranges_cell_counts_and_flags(void **state)
{
	/* One prefetchable 32-bit window, 1 parent address cell, 1 size cell, with a
	 * CPU-to-bus offset (versatilepb-like): bus 0x20000000 at CPU 0x50000000. */
	static const uint8_t one[] = {
		0x42, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x20, 0, 0, 0,
		0x50, 0, 0, 0, 0x10, 0, 0, 0,
	};
	struct pci_window w[1];

	(void)state;
	assert_int_equal(pci_dt_ranges(one, sizeof(one), 1, 1, w, 1), 1);
	window_is(&w[0], PCI_SPACE_MEM32, true, 0x50000000, 0x20000000, 0x10000000);
}

static void ranges_refuse_malformed_input(void **state)
{
	struct pci_window w[4];
	uint8_t bad[sizeof(virt_ranges)];

	(void)state;
	/* Not a whole number of entries; unsupported cell counts. */
	assert_int_equal(pci_dt_ranges(virt_ranges, sizeof(virt_ranges) - 4, 2, 2, w, 4), -EINVAL);
	assert_int_equal(pci_dt_ranges(virt_ranges, sizeof(virt_ranges), 3, 1, w, 4), -EINVAL);
	assert_int_equal(pci_dt_ranges(virt_ranges, sizeof(virt_ranges), 2, 0, w, 4), -EINVAL);
	/* More entries than room. */
	assert_int_equal(pci_dt_ranges(virt_ranges, sizeof(virt_ranges), 2, 2, w, 2), -ENOSPC);
	/* A configuration-space entry (space code 00). */
	memcpy(bad, virt_ranges, sizeof(bad));
	bad[0] = 0x00;
	assert_int_equal(pci_dt_ranges(bad, sizeof(bad), 2, 2, w, 4), -EINVAL);
	/* Zero size (the I/O entry's size cells are bytes 20-27). */
	memcpy(bad, virt_ranges, sizeof(bad));
	bad[25] = 0;
	assert_int_equal(pci_dt_ranges(bad, sizeof(bad), 2, 2, w, 4), -EINVAL);
	/* A 32-bit memory window reaching past 4 GiB (its bus address high cell). */
	memcpy(bad, virt_ranges, sizeof(bad));
	bad[28 + 7] = 1;
	assert_int_equal(pci_dt_ranges(bad, sizeof(bad), 2, 2, w, 4), -EINVAL);
	/* A window wrapping past 2^64: 64-bit entry with CPU address 0xffffffff_ffff0000. */
	memcpy(bad, virt_ranges, sizeof(bad));
	memset(bad + 56 + 12, 0xff, 6);
	assert_int_equal(pci_dt_ranges(bad, sizeof(bad), 2, 2, w, 4), -EINVAL);
}

static void bus_range_decodes_and_checks(void **state)
{
	static const uint8_t backwards[] = { 0, 0, 0, 5, 0, 0, 0, 4 };
	static const uint8_t too_big[] = { 0, 0, 0, 0, 0, 0, 1, 0 };
	uint8_t first = 0xaa, last = 0xaa;

	(void)state;
	assert_int_equal(pci_dt_bus_range(virt_bus_range, sizeof(virt_bus_range), &first, &last), 0);
	assert_int_equal(first, 0);
	assert_int_equal(last, 255);
	assert_int_equal(pci_dt_bus_range(virt_lowmem_bus_range, sizeof(virt_lowmem_bus_range),
					  &first, &last), 0);
	assert_int_equal(last, 15);
	assert_int_equal(pci_dt_bus_range(virt_bus_range, 4, &first, &last), -EINVAL);
	assert_int_equal(pci_dt_bus_range(backwards, 8, &first, &last), -EINVAL);
	assert_int_equal(pci_dt_bus_range(too_big, 8, &first, &last), -EINVAL);
	assert_int_equal(last, 15);	/* untouched on error */
}

/* A host bridge with one bus: bus-range <n n>. */
static void bus_range_of_a_single_bus(void **state)
{
	static const uint8_t one_bus[] = { 0, 0, 0, 3, 0, 0, 0, 3 };
	uint8_t first = 0, last = 0;

	(void)state;
	assert_int_equal(pci_dt_bus_range(one_bus, sizeof(one_bus), &first, &last), 0);
	assert_int_equal(first, 3);
	assert_int_equal(last, 3);
}

/* A 64-bit window may end at bus address 2^64 - 1; one byte further wraps. */
static void ranges_window_may_end_at_the_top_of_bus_space(void **state)
{
	uint8_t top[28] = {
		0x03, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf0, 0, 0,	/* bus 2^64 - 1M */
		0, 0, 0, 0x80, 0, 0, 0, 0,					/* CPU 0x80_00000000 */
		0, 0, 0, 0, 0, 0x10, 0, 0,					/* size 1M */
	};
	struct pci_window w[1];

	(void)state;
	assert_int_equal(pci_dt_ranges(top, sizeof(top), 2, 2, w, 1), 1);
	window_is(&w[0], PCI_SPACE_MEM64, false, 0x8000000000ull, 0 - (uint64_t)0x100000, 0x100000);
	top[11] = 1;
	assert_int_equal(pci_dt_ranges(top, sizeof(top), 2, 2, w, 1), -EINVAL);
}

/* The same at the top of the CPU's address space. */
static void ranges_window_may_end_at_the_top_of_cpu_space(void **state)
{
	uint8_t top[28] = {
		0x03, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0,		/* bus 0x80_00000000 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xf0, 0, 0,		/* CPU 2^64 - 1M */
		0, 0, 0, 0, 0, 0x10, 0, 0,				/* size 1M */
	};
	struct pci_window w[1];

	(void)state;
	assert_int_equal(pci_dt_ranges(top, sizeof(top), 2, 2, w, 1), 1);
	window_is(&w[0], PCI_SPACE_MEM64, false, 0 - (uint64_t)0x100000, 0x8000000000ull, 0x100000);
	top[19] = 1;
	assert_int_equal(pci_dt_ranges(top, sizeof(top), 2, 2, w, 1), -EINVAL);
}

/* A 32-bit window may end at bus address 4 GiB - 1, not one byte further. */
static void ranges_32bit_window_ends_below_4g(void **state)
{
	uint8_t top[28] = {
		0x02, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xf0, 0, 0,	/* bus 4 GiB - 1M */
		0, 0, 0, 0, 0x10, 0, 0, 0,			/* CPU 0x10000000 */
		0, 0, 0, 0, 0, 0x10, 0, 0,			/* size 1M */
	};
	struct pci_window w[1];

	(void)state;
	assert_int_equal(pci_dt_ranges(top, sizeof(top), 2, 2, w, 1), 1);
	top[11] = 1;	/* bus 4 GiB - 1M + 1: its last byte is at 4 GiB */
	assert_int_equal(pci_dt_ranges(top, sizeof(top), 2, 2, w, 1), -EINVAL);
}

/* Cell counts are checked before anything else, even for an empty property. */
static void ranges_cell_counts_checked_even_when_empty(void **state)
{
	struct pci_window w[1];

	(void)state;
	assert_int_equal(pci_dt_ranges(virt_ranges, 0, 2, 3, w, 1), -EINVAL);
	assert_int_equal(pci_dt_ranges(virt_ranges, 0, 3, 2, w, 1), -EINVAL);
	assert_int_equal(pci_dt_ranges(virt_ranges, 0, 2, 2, w, 1), 0);
}

/* ---- interrupt-map ---- */

static uint32_t intid_of(uint8_t bus, uint8_t dev, uint8_t pin)
{
	struct pci_dt_irq irq;
	uint32_t intid;

	assert_int_equal(pci_dt_irq_map(virt_irq_map, sizeof(virt_irq_map),
					virt_irq_map_mask, sizeof(virt_irq_map_mask),
					gic_cells, NULL, bus, dev, 0, pin, &irq), 0);
	assert_int_equal(irq.parent, GIC_PHANDLE);
	assert_int_equal(irq.spec_cells, 3);
	assert_int_equal(irq.spec[2], 4);	/* level, active high */
	assert_int_equal(pci_dt_gic_intid(&irq, &intid), 0);
	return intid;
}

/* QEMU's rule (hw/arm/virt.c): SPI 3 + ((slot + pin - 1) mod 4), INTID = 32 + SPI. */
static void virt_interrupt_map_gives_every_slot_and_pin(void **state)
{
	unsigned int dev, pin;

	(void)state;
	for (dev = 0; dev < 32; dev++)
		for (pin = 1; pin <= 4; pin++)
			assert_int_equal(intid_of(0, (uint8_t)dev, (uint8_t)pin),
					 32 + 3 + (dev + pin - 1) % 4);
	/* The mask ignores the bus and function. */
	assert_int_equal(intid_of(7, 5, 1), 32 + 3 + 5 % 4);
}

static void device_behind_bridges_is_swizzled_then_mapped(void **state)
{
	/* 03:00.0 INTA behind 02:02.0 behind root-bus bridge 00:05.0. */
	struct pci_dev rb = { .bus = 0, .dev = 5 }, nb = { .bus = 2, .dev = 2, .up = &rb };
	struct pci_dev d = { .bus = 3, .dev = 0, .irq_pin = 1, .up = &nb };
	const struct pci_dev *root;
	uint8_t pin;

	(void)state;
	assert_int_equal(pci_intx_root(&d, &root, &pin), 0);
	assert_ptr_equal(root, &rb);
	assert_int_equal(pin, 3);
	assert_int_equal(intid_of(root->bus, root->dev, pin), 38);
	/* INTA-INTD are pins 1-4: anything else is no pin. */
	d.irq_pin = 5;
	assert_int_equal(pci_intx_root(&d, &root, &pin), -ENOENT);
}

static void interrupt_map_refuses_malformed_input(void **state)
{
	struct pci_dt_irq irq;
	static const uint8_t short_mask[12] = { 0 };

	(void)state;
	assert_int_equal(pci_dt_irq_map(virt_irq_map, sizeof(virt_irq_map), virt_irq_map_mask,
					16, gic_cells, NULL, 0, 1, 0, 0, &irq), -EINVAL);
	assert_int_equal(pci_dt_irq_map(virt_irq_map, sizeof(virt_irq_map), virt_irq_map_mask,
					16, gic_cells, NULL, 0, 1, 0, 5, &irq), -EINVAL);
	assert_int_equal(pci_dt_irq_map(virt_irq_map, sizeof(virt_irq_map), short_mask,
					sizeof(short_mask), gic_cells, NULL, 0, 1, 0, 1, &irq), -EINVAL);
	/* Cut inside the first entry's parent specifier. */
	assert_int_equal(pci_dt_irq_map(virt_irq_map, 36, virt_irq_map_mask, 16, gic_cells,
					NULL, 0, 1, 0, 1, &irq), -EINVAL);
	/* Only the first entry (slot 0 INTA, 40 bytes): slot 0 INTB matches nothing. */
	assert_int_equal(pci_dt_irq_map(virt_irq_map, 40, virt_irq_map_mask, 16, gic_cells,
					NULL, 0, 0, 0, 2, &irq), -ENOENT);
	assert_int_equal(pci_dt_irq_map(virt_irq_map, 40, virt_irq_map_mask, 16, gic_cells,
					NULL, 0, 0, 0, 1, &irq), 0);
	/* Cut after the pin, before the parent's phandle: nothing past the cut is read (ASan). */
	{
		uint8_t *cut = malloc(16);

		assert_non_null(cut);
		memcpy(cut, virt_irq_map, 16);
		assert_int_equal(pci_dt_irq_map(cut, 16, virt_irq_map_mask, 16, gic_cells,
						NULL, 0, 0, 0, 1, &irq), -EINVAL);
		free(cut);
	}
	/* Without a mask, the function number matters: 00:00.1 matches no entry. */
	assert_int_equal(pci_dt_irq_map(virt_irq_map, sizeof(virt_irq_map), NULL, 0, gic_cells,
					NULL, 0, 0, 1, 1, &irq), -ENOENT);
}

static int no_parent(void *ctx, uint32_t phandle, unsigned int *a, unsigned int *i)
{
	(void)ctx;
	(void)phandle;
	(void)a;
	(void)i;
	return -ENOENT;
}

/* A parent whose unit address is parent_ac cells and whose specifier is one. */
static unsigned int parent_ac;

static int nexus_cells(void *ctx, uint32_t phandle, unsigned int *a, unsigned int *i)
{
	(void)ctx;
	(void)phandle;
	*a = parent_ac;
	*i = 1;
	return 0;
}

/*
 * Parent unit addresses of up to 3 cells (a PCI nexus as parent) are skipped
 * whole: the second entry is found after the first's 3 address cells. More
 * than 3 are refused.
 */
static void interrupt_map_parent_address_of_3_cells(void **state)
{
	/* <child addr 3, pin, phandle, parent addr 3, specifier 1> twice */
	static const uint32_t cells[2][9] = {
		{ 0, 0, 0, 1, 0x10, 0xa, 0xb, 0xc, 40 },
		{ 0, 0, 0, 2, 0x10, 0xa, 0xb, 0xc, 41 },
	};
	uint8_t map[sizeof(cells)];
	struct pci_dt_irq irq;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(map) / 4; k++) {
		uint32_t v = cells[k / 9][k % 9];

		map[4 * k] = (uint8_t)(v >> 24);
		map[4 * k + 1] = (uint8_t)(v >> 16);
		map[4 * k + 2] = (uint8_t)(v >> 8);
		map[4 * k + 3] = (uint8_t)v;
	}
	parent_ac = 3;
	assert_int_equal(pci_dt_irq_map(map, sizeof(map), NULL, 0, nexus_cells, NULL,
					0, 0, 0, 2, &irq), 0);
	assert_int_equal(irq.parent, 0x10);
	assert_int_equal(irq.spec_cells, 1);
	assert_int_equal(irq.spec[0], 41);
	parent_ac = 4;
	assert_int_equal(pci_dt_irq_map(map, sizeof(map), NULL, 0, nexus_cells, NULL,
					0, 0, 0, 2, &irq), -EINVAL);
}

static void interrupt_map_reports_unknown_parent(void **state)
{
	struct pci_dt_irq irq;

	(void)state;
	assert_int_equal(pci_dt_irq_map(virt_irq_map, sizeof(virt_irq_map), virt_irq_map_mask,
					16, no_parent, NULL, 0, 1, 0, 1, &irq), -ENOENT);
}

static void gic_specifier_to_intid(void **state)
{
	struct pci_dt_irq irq = { .parent = GIC_PHANDLE, .spec = { 0, 1, 4 }, .spec_cells = 3 };
	uint32_t intid = 0;

	(void)state;
	assert_int_equal(pci_dt_gic_intid(&irq, &intid), 0);
	assert_int_equal(intid, 33);			/* UART0: SPI 1 */
	irq.spec[0] = 1;
	irq.spec[1] = 14;
	assert_int_equal(pci_dt_gic_intid(&irq, &intid), 0);
	assert_int_equal(intid, 30);			/* non-secure physical timer PPI */
	irq.spec[1] = 16;
	assert_int_equal(pci_dt_gic_intid(&irq, &intid), -EINVAL);
	irq.spec[0] = 2;
	irq.spec[1] = 0;
	assert_int_equal(pci_dt_gic_intid(&irq, &intid), -EINVAL);
	irq = (struct pci_dt_irq){ .spec = { 0, 988 }, .spec_cells = 2 };
	assert_int_equal(pci_dt_gic_intid(&irq, &intid), -EINVAL);
	irq.spec_cells = 1;
	irq.spec[1] = 0;
	assert_int_equal(pci_dt_gic_intid(&irq, &intid), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(virt_ranges_give_io_mem32_and_mem64_windows),
		cmocka_unit_test(ranges_cell_counts_and_flags),
		cmocka_unit_test(ranges_refuse_malformed_input),
		cmocka_unit_test(bus_range_decodes_and_checks),
		cmocka_unit_test(bus_range_of_a_single_bus),
		cmocka_unit_test(ranges_window_may_end_at_the_top_of_bus_space),
		cmocka_unit_test(ranges_window_may_end_at_the_top_of_cpu_space),
		cmocka_unit_test(ranges_32bit_window_ends_below_4g),
		cmocka_unit_test(ranges_cell_counts_checked_even_when_empty),
		cmocka_unit_test(virt_interrupt_map_gives_every_slot_and_pin),
		cmocka_unit_test(device_behind_bridges_is_swizzled_then_mapped),
		cmocka_unit_test(interrupt_map_refuses_malformed_input),
		cmocka_unit_test(interrupt_map_reports_unknown_parent),
		cmocka_unit_test(interrupt_map_parent_address_of_3_cells),
		cmocka_unit_test(gic_specifier_to_intid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
