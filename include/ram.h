/*
 * RAM discovery: how much RAM there is at the board's RAM base, from every
 * /memory region of the device tree (virt) or by probing (versatilepb), and
 * how much of it the firmware can identity-map (src/dev/ram.c). The two
 * decisions are pure (src/lib/ram_layout.c, host-tested).
 */
#ifndef RAM_H
#define RAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "device.h"
#include "fdt.h"

/* Regions ram_span() takes (and src/dev/ram.c reads from the tree). */
#define RAM_MAX_REGIONS	16

/* The RAM span containing base, from a list of regions. */
struct ram_span {
	uint64_t size;		/* contiguous from base, as the regions say */
	uint64_t usable;	/* clamped below limit */
	unsigned unused;	/* regions not part of the span (not mapped) */
};

/*
 * Pure: the span starting at base that the regions cover without a gap (in
 * any order, adjacent or overlapping), and how much of it lies below limit.
 * 0, -ENOENT when no region holds base, -EINVAL for more than
 * RAM_MAX_REGIONS regions.
 */
int ram_span(const struct fdt_region *r, unsigned n, uint64_t base, uint64_t limit,
	     struct ram_span *out);

/* Word accessors for ram_probe_size(), at an offset from the RAM base. */
struct ram_probe_ops {
	uint32_t (*read)(void *ctx, uintptr_t off);
	void (*write)(void *ctx, uintptr_t off, uint32_t v);
	void *ctx;
	uintptr_t known;	/* offsets below are RAM already (the running image):
				 * never probed, so neither the image nor the
				 * exception vectors below it are ever overwritten */
};

/*
 * Pure: the RAM size at base, at most max (a power of two), found the way
 * U-Boot's get_ram_size() does and leaving memory as it was: write a
 * distinct pattern at every power-of-two word offset below max from the top
 * down, then check each from the bottom up. Memory that aliases a lower
 * address (a partly decoded bus) shows the lower address's pattern; memory
 * that is not there reads back 0 or garbage: either way the first offset
 * that does not hold its own pattern is the size. Offsets below known are
 * not probed; the base's word 0 is (written 0, then restored: it is only
 * the reset vector of the MMU-off copy). max must be a power of two.
 */
size_t ram_probe_size(const struct ram_probe_ops *ops, size_t max);

/*
 * The same, inline: where ops is a constant the caller built, its
 * accessors are inlined too instead of called through pointers (boot
 * probes before the MMU is on, and every instruction there is counted).
 */
static inline __attribute__((always_inline)) size_t
ram_probe_size_inline(const struct ram_probe_ops *ops, size_t max)
{
	uint32_t save[32], save0;
	uintptr_t lo = sizeof(uint32_t), off;
	unsigned i = 0;
	size_t size = max;

	/* The lowest offset probed: the first power-of-two word offset at
	 * or above known (none below is visited at all); 0 if there is none. */
	while (lo && lo < ops->known)
		lo <<= 1;
	/* Top down, so that the lowest alias of an address is written last;
	 * then 0 at the base, which every alias of the base reads back. */
	for (off = max / 2; lo && off >= lo; off >>= 1) {
		save[i++] = ops->read(ops->ctx, off);
		ops->write(ops->ctx, off, ~(uint32_t)off);
	}
	save0 = ops->read(ops->ctx, 0);
	ops->write(ops->ctx, 0, 0);
	if (ops->read(ops->ctx, 0) != 0)
		size = 0;	/* nothing at the base */
	/* Bottom up: the first offset that does not hold its own pattern. */
	for (off = lo; lo && size == max && off <= max / 2; off <<= 1)
		if (ops->read(ops->ctx, off) != ~(uint32_t)off)
			size = off;
	/* Undo every write in the reverse order: aliases end as they were. */
	ops->write(ops->ctx, 0, save0);
	for (off = lo; lo && off <= max / 2; off <<= 1)
		ops->write(ops->ctx, off, save[--i]);
	return size;
}

/* What boot found (src/dev/ram.c). */
struct ram_info {
	uint64_t base;
	uint64_t size;			/* as the source says, contiguous from base */
	size_t usable;			/* what mmu_add_ram() is asked to map */
	unsigned regions, unused;	/* tree regions, and how many are not mapped */
	enum dev_source source;
	int error;			/* why the tree was not used */
};

/* Before mmu_init(), MMU off: probe RAM on a board without a tree. */
void ram_probe_early(void);
/* After device_init(): RAM from the tree, or the probe, or the default. */
const struct ram_info *ram_discover(void);
const struct ram_info *ram_info(void);
/* Lines saying what was clamped or why the default is used; boot prints them. */
void ram_report(void);

#endif
