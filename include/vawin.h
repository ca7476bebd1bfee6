/*
 * vawin - allocator of a virtual-address window (e.g. the ioremap() window).
 *
 * A window [base, base + size) is handed out in page-granular ranges, each at
 * a caller-chosen power-of-two alignment (VAWIN_PAGE for page mappings,
 * 1 MiB for section mappings). Pure C, no hardware access, no malloc, no
 * libc calls: the caller provides the storage for the bookkeeping.
 *
 * Representation: a sorted array of FREE extents. Invariants, true after
 * every call that returns (whatever it returns):
 *   - ext[0..n) are sorted by start, every extent lies inside the window,
 *     has a non-zero page-multiple size and a page-aligned start;
 *   - no two extents overlap or touch: between two consecutive extents there
 *     is at least one allocated page (the free space is fully coalesced);
 *   - free_bytes is the sum of the extent sizes.
 * Every address not covered by an extent is allocated.
 *
 * Overflow: the window may end exactly at the top of the address space
 * (base 0xFF000000, size 16 MiB on a 32-bit target, where base + size == 2^32
 * is not representable). The implementation therefore never forms an
 * exclusive end address; it works with offsets from base, which are bounded
 * by the window size and so always fit in size_t.
 *
 * Cost (n = number of free extents, <= cap; NOT the number of live ranges):
 *   - vawin_alloc: first-fit linear scan from the lowest extent, stopping at
 *     the first one that fits, so the cost is proportional to the number of
 *     free holes below the chosen address that are too small or misaligned
 *     for the request. With mappings that are freed in roughly reverse order
 *     there is a single free extent and the scan is O(1) however many
 *     mappings are live; a heavily fragmented window costs up to O(n).
 *     Using up an extent exactly, or keeping both a head and a tail, shifts
 *     the array tail after it (a plain word-copy loop, O(n - i)).
 *   - vawin_free: binary search for the insertion point, O(log n), then an
 *     O(1) merge in place; only an unmerged insert or a merge with both
 *     neighbours shifts the array tail.
 *   - vawin_is_allocated: O(log n). vawin_stats: O(n).
 *
 * How many extent slots (cap) a caller needs:
 *   Free extents are separated by allocated pages, so with R maximal runs of
 *   allocated pages there are at most R + 1 free extents.
 *   - If every vawin_free() returns exactly a range that vawin_alloc() handed
 *     out (the ioremap/iounmap usage) and at most M ranges are live at once,
 *     then R <= M and cap >= M + 1 (VAWIN_SLOTS_FOR_LIVE(M)) guarantees that
 *     -ENOMEM never occurs. An aligned allocation whose extent keeps both an
 *     unaligned head and a tail does need one new slot, but that slot is part
 *     of the resulting state (M live ranges, <= M + 1 extents), so no extra
 *     transient slot is required: every operation goes directly from one
 *     valid state to the next. The bound is tight: M allocations at 1 MiB
 *     alignment from a window whose base is not 1 MiB aligned leave M + 1
 *     free extents.
 *   - Whatever the usage (including freeing parts of ranges), n free extents
 *     need n pages plus n - 1 separating allocated pages, so a window of P
 *     pages never has more than (P + 1) / 2 free extents:
 *     cap >= VAWIN_SLOTS_WORST(size) guarantees -ENOMEM never occurs.
 *   With a smaller cap, -ENOMEM is reported and the state is left unchanged.
 *
 * Concurrency: none. The caller serialises access to a struct vawin.
 */
#ifndef VAWIN_H
#define VAWIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VAWIN_PAGE	4096u

/* Slots sufficient when at most max_live ranges are live, each freed whole. */
#define VAWIN_SLOTS_FOR_LIVE(max_live)	((max_live) + 1u)
/* Slots sufficient for any usage of a window of win_size bytes. */
#define VAWIN_SLOTS_WORST(win_size)	(((win_size) / VAWIN_PAGE + 1u) / 2u)

/* One free extent: [start, start + size). size > 0, both page multiples. */
struct vawin_extent {
	uintptr_t start;
	size_t size;
};

/*
 * The allocator state. Read-only for callers (tests inspect it); change it
 * only through the functions below.
 */
struct vawin {
	uintptr_t base;			/* the whole window: [base, base + size) */
	size_t size;
	struct vawin_extent *ext;	/* free extents, sorted by start */
	unsigned int n;			/* extents in use */
	unsigned int cap;		/* slots in ext[] */
	size_t free_bytes;		/* sum of ext[i].size */
};

struct vawin_stats {
	size_t free_bytes;		/* total free space */
	size_t largest_free;		/* size of the largest free extent (0 if none) */
	unsigned int extents;		/* number of free extents */
};

/*
 * Set up w to manage [base, base + size), all of it free (one extent), using
 * storage[0..cap) for the extents. storage must outlive w.
 * Returns 0, or -EINVAL (w untouched) if: w or storage is NULL, cap == 0,
 * base or size is not a multiple of VAWIN_PAGE, size == 0, or the window
 * wraps (its last byte base + size - 1 exceeds UINTPTR_MAX). A window ending
 * exactly at the top of the address space is valid.
 */
int vawin_init(struct vawin *w, uintptr_t base, size_t size,
	       struct vawin_extent *storage, unsigned int cap);

/*
 * Allocate size bytes at an address that is a multiple of align, taken from
 * the lowest free extent that can hold it (first fit). The part of that
 * extent below the aligned address (the head) and the part above the
 * allocation (the tail) stay free.
 * On success returns 0 and stores the address in *va (va must not be NULL).
 * Errors (nothing changes, *va untouched):
 *   -EINVAL  size == 0, size not a multiple of VAWIN_PAGE, or align not a
 *            power of two >= VAWIN_PAGE;
 *   -ENOSPC  no free extent can hold size bytes at that alignment (this
 *            includes size larger than the window);
 *   -ENOMEM  the first fitting extent would keep both a head and a tail,
 *            which needs a new extent slot, and all cap slots are in use.
 */
int vawin_alloc(struct vawin *w, size_t size, size_t align, uintptr_t *va);

/*
 * Return [va, va + size) to the window, merging it with free neighbours.
 * The range need not be exactly one earlier allocation: any allocated,
 * page-aligned range inside the window may be freed (see the slot bound).
 * Returns 0, or (nothing changes):
 *   -EINVAL  va or size not a multiple of VAWIN_PAGE, size == 0, the range
 *            not entirely inside the window, or the range overlapping space
 *            that is already free (double or partially double free);
 *   -ENOMEM  the range touches no free neighbour, so it needs a new extent
 *            slot, and all cap slots are in use (cannot happen when cap
 *            respects the slot bound above).
 */
int vawin_free(struct vawin *w, uintptr_t va, size_t size);

/*
 * True if every byte of [va, va + size) lies inside the window and is
 * currently allocated (covered by no free extent). False if size == 0, if
 * the range leaves the window, or if any byte of it is free. va and size
 * need not be page aligned.
 */
bool vawin_is_allocated(const struct vawin *w, uintptr_t va, size_t size);

/* Fill *st with the current free-space statistics. */
void vawin_stats(const struct vawin *w, struct vawin_stats *st);

#endif /* VAWIN_H */
