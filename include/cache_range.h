/* Which cache lines a by-address maintenance operation must touch (pure). */
#ifndef CACHE_RANGE_H
#define CACHE_RANGE_H

#include <stdint.h>

/*
 * The number of line-sized (a power of two) lines that [va, va+size)
 * touches in a 32-bit address space, starting with the line holding va.
 * Counting lines instead of comparing addresses keeps a range that ends at
 * 4 GiB right: va + size wraps to 0 there.
 */
static inline uint32_t cache_lines_in_range(uint32_t va, uint32_t size, uint32_t line)
{
	uint32_t first = va & ~(line - 1);

	return size ? (va + (size - 1) - first) / line + 1 : 0;
}

#endif
