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

size_t ram_probe_size(const struct ram_probe_ops *ops, size_t max)
{
	return ram_probe_size_inline(ops, max);
}
