/*
 * RAM sizing decisions, pure (include/ram.h): which tree regions make up the
 * RAM at the board's base, and U-Boot get_ram_size()-style probing through
 * caller-supplied accessors. Host-tested in tests/host/test_ram.c.
 */
#include <errno.h>
#include "ram.h"

/* Does region r hold the byte at end (start at or before it, reach past it)? */
static bool extends(const struct fdt_region *r, uint64_t end)
{
	return r->base <= end && r->base + r->size > end;
}

int ram_span(const struct fdt_region *r, unsigned n, uint64_t base, uint64_t limit,
	     struct ram_span *out)
{
	uint64_t end = base;
	uint32_t used = 0;	/* bit i: region i is part of the span */
	bool grew = true;
	unsigned i;

	if (n > RAM_MAX_REGIONS)
		return -EINVAL;
	/* Grow [base, end) by any region that continues it; at most n passes. */
	while (grew) {
		grew = false;
		for (i = 0; i < n; i++) {
			if (!(used & (1u << i)) && extends(&r[i], end)) {
				end = r[i].base + r[i].size;
				used |= 1u << i;
				grew = true;
			}
		}
	}
	if (end == base)
		return -ENOENT;
	out->size = end - base;
	out->usable = end <= limit ? out->size : (limit > base ? limit - base : 0);
	out->unused = 0;
	for (i = 0; i < n; i++)
		out->unused += !(used & (1u << i)) &&
			       !(r[i].base >= base && r[i].base + r[i].size <= end);
	return 0;
}

/* The lowest offset probed: the first power-of-two word offset at or
 * above known (the ones below are never visited at all); 0 when there is
 * none. */
static uintptr_t first_off(const struct ram_probe_ops *ops)
{
	uintptr_t off = sizeof(uint32_t);

	while (off && off < ops->known)
		off <<= 1;
	return off;
}

size_t ram_probe_size(const struct ram_probe_ops *ops, size_t max)
{
	uint32_t save[32], save0;
	uintptr_t lo = first_off(ops), off;
	unsigned i = 0;
	size_t size = max;

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
