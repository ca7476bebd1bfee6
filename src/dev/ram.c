/*
 * RAM discovery (include/ram.h): the device tree's /memory regions on virt,
 * a non-destructive probe on a board without a tree, the board's default
 * when neither answers. The identity map cannot reach past the I/O window,
 * so what lies above it is clamped, and said.
 */
#include <stdio.h>
#include "board.h"
#include "of.h"
#include "ram.h"

extern char __image_end[];

static struct ram_info info;
static size_t probed;		/* ram_probe_early()'s answer, 0 if none */

static uint32_t phys_read(void *ctx, uintptr_t off)
{
	return *(volatile uint32_t *)((uintptr_t)ctx + off);
}

static void phys_write(void *ctx, uintptr_t off, uint32_t v)
{
	*(volatile uint32_t *)((uintptr_t)ctx + off) = v;
}

/*
 * MMU off: every access is physical and Strongly-ordered (ARM ARM B3.2;
 * ARM926EJ-S TRM 2.3: no D-cache without the MMU), so each write reaches
 * the bus before the next read. IRQs are still masked from reset.
 */
void ram_probe_early(void)
{
	const struct ram_probe_ops ops = {
		.read = phys_read, .write = phys_write,
		.ctx = (void *)(uintptr_t)board.ram_base,
		.known = (uintptr_t)__image_end - board.ram_base,
	};

	if (!board.has_dtb && board.ram_probe_max)
		probed = ram_probe_size_inline(&ops, board.ram_probe_max);
}

/* Below the I/O window: RAM is identity-mapped. */
static uint64_t map_limit(void)
{
	return board.io_window_base;
}

static int ram_from_tree(void)
{
	struct fdt_region r[RAM_MAX_REGIONS];
	struct ram_span span;
	unsigned n, more = 0;
	int err;

	if (!of_tree())
		return device_tree_error() ? device_tree_error() : -ENOENT;
	err = of_memory(r, RAM_MAX_REGIONS, &n);
	if (err == -ENOSPC)
		err = 0, more = 1;	/* the first RAM_MAX_REGIONS; the rest said unused */
	if (!err)
		err = ram_span(r, n, board.ram_base, map_limit(), &span);
	if (err)
		return err;
	info.size = span.size;
	info.usable = (size_t)span.usable;
	info.regions = n;
	info.unused = span.unused + more;
	info.source = DEV_FROM_TREE;
	return 0;
}

const struct ram_info *ram_discover(void)
{
	info.base = board.ram_base;
	if (board.has_dtb) {
		info.error = ram_from_tree();
		if (!info.error)
			return &info;
	} else if (probed) {
		info.size = info.usable = probed;
		info.source = DEV_FROM_PROBE;
		return &info;
	}
	info.size = info.usable = board.ram_default_size;
	info.source = board.has_dtb ? DEV_FROM_FALLBACK : DEV_FROM_BOARD;
	return &info;
}

const struct ram_info *ram_info(void)
{
	return &info;
}

void ram_report(void)
{
	if (info.source == DEV_FROM_FALLBACK)
		printf("boot: no usable /memory in the device tree (%d); assuming %lu MiB\n",
		       info.error, (unsigned long)(board.ram_default_size >> 20));
	char base[PHYS_STR_LEN], limit[PHYS_STR_LEN];

	phys_str(info.base, base);
	if (info.usable < info.size)
		printf("boot: RAM clamped: %lu MiB of %lu MiB at %s; the rest lies at or above "
		       "%s (the I/O window), beyond the 32-bit identity map\n",
		       (unsigned long)(info.usable >> 20), (unsigned long)(info.size >> 20),
		       base, phys_str(map_limit(), limit));
	if (info.unused)
		printf("boot: %u RAM region(s) of the device tree not contiguous with %s: "
		       "not mapped\n", info.unused, base);
}
