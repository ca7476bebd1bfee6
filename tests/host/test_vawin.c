/*
 * Host unit tests for the virtual-address window allocator (src/mmu/vawin.c).
 *
 * Every test observes behaviour through the public API and the documented,
 * read-only struct vawin fields. The random test drives the allocator against
 * a page bitmap model and checks first-fit placement, invariants and the
 * extent-slot bound after every step.
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

#include <vawin.h>

#define SZ_4K	0x1000u
#define SZ_1M	0x100000u
#define SZ_2M	0x200000u
#define SZ_16M	0x1000000u

#define IO_BASE	((uintptr_t)0xF0000000u)

/* A window that ends exactly at the top of the host address space. */
#define HOST_TOP_BASE	((uintptr_t)0 - SZ_16M)

#define SNAP_MAX	256u

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

struct snap {
	struct vawin w;
	struct vawin_extent ext[SNAP_MAX];
};

static void snap_take(struct snap *s, const struct vawin *w)
{
	unsigned int i;

	assert_true(w->n <= SNAP_MAX);
	s->w = *w;
	for (i = 0; i < w->n; i++)
		s->ext[i] = w->ext[i];
}

/* The whole observable state, extents included, is what it was. */
static void snap_assert_same(const struct snap *s, const struct vawin *w)
{
	unsigned int i;

	assert_true(w->base == s->w.base);
	assert_true(w->size == s->w.size);
	assert_ptr_equal(w->ext, s->w.ext);
	assert_int_equal(w->n, s->w.n);
	assert_int_equal(w->cap, s->w.cap);
	assert_true(w->free_bytes == s->w.free_bytes);
	for (i = 0; i < w->n; i++) {
		assert_true(w->ext[i].start == s->ext[i].start);
		assert_true(w->ext[i].size == s->ext[i].size);
	}
}

/*
 * Structural invariants from vawin.h, checked independently of the
 * implementation and without ever forming an end address (offsets only).
 */
static void check_invariants(const struct vawin *w)
{
	size_t sum = 0, prev_end = 0;
	unsigned int i;

	assert_true(w->n <= w->cap);
	for (i = 0; i < w->n; i++) {
		const struct vawin_extent *e = &w->ext[i];
		size_t off;

		assert_true(e->start >= w->base);
		off = e->start - w->base;
		assert_true(e->size > 0);
		assert_true(off % SZ_4K == 0);
		assert_true(e->size % SZ_4K == 0);
		assert_true(off <= w->size);
		assert_true(e->size <= w->size - off);
		/* Sorted, disjoint and not touching the previous one. */
		if (i > 0)
			assert_true(off > prev_end);
		prev_end = off + e->size;
		sum += e->size;
	}
	assert_true(sum == w->free_bytes);
}

static void assert_one_extent_whole_window(const struct vawin *w)
{
	assert_int_equal(w->n, 1);
	assert_true(w->ext[0].start == w->base);
	assert_true(w->ext[0].size == w->size);
	assert_true(w->free_bytes == w->size);
}

static void assert_extent(const struct vawin *w, unsigned int i,
			  uintptr_t start, size_t size)
{
	assert_true(i < w->n);
	assert_true(w->ext[i].start == start);
	assert_true(w->ext[i].size == size);
}

static uintptr_t must_alloc(struct vawin *w, size_t size, size_t align)
{
	uintptr_t va = 0;

	assert_int_equal(vawin_alloc(w, size, align, &va), 0);
	assert_true(va % align == 0);
	check_invariants(w);
	return va;
}

static void must_free(struct vawin *w, uintptr_t va, size_t size)
{
	assert_int_equal(vawin_free(w, va, size), 0);
	check_invariants(w);
}

/* An alloc that must fail with rc and leave everything (and *va) alone. */
static void alloc_fails(struct vawin *w, size_t size, size_t align, int rc)
{
	uintptr_t va = (uintptr_t)0x5a5a5000u;
	struct snap s;

	snap_take(&s, w);
	assert_int_equal(vawin_alloc(w, size, align, &va), rc);
	assert_true(va == (uintptr_t)0x5a5a5000u);
	snap_assert_same(&s, w);
}

static void free_fails(struct vawin *w, uintptr_t va, size_t size, int rc)
{
	struct snap s;

	snap_take(&s, w);
	assert_int_equal(vawin_free(w, va, size), rc);
	snap_assert_same(&s, w);
}

/* ------------------------------------------------------------------ */
/* vawin_init                                                          */
/* ------------------------------------------------------------------ */

static void test_init_valid(void **state)
{
	struct vawin_extent ext[4];
	struct vawin w;
	struct vawin_stats st;

	(void)state;
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M, ext, 4), 0);
	check_invariants(&w);
	assert_one_extent_whole_window(&w);
	assert_int_equal(w.cap, 4);

	vawin_stats(&w, &st);
	assert_true(st.free_bytes == SZ_16M);
	assert_true(st.largest_free == SZ_16M);
	assert_int_equal(st.extents, 1);

	/* Single page window, base 0, cap 1 are all fine. */
	assert_int_equal(vawin_init(&w, 0, SZ_4K, ext, 1), 0);
	assert_one_extent_whole_window(&w);
}

static void test_init_rejects(void **state)
{
	struct vawin_extent ext[2];
	struct vawin w, before;

	(void)state;
	memset(&w, 0xa5, sizeof(w));
	before = w;

	assert_int_equal(vawin_init(NULL, IO_BASE, SZ_16M, ext, 2), -EINVAL);
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M, NULL, 2), -EINVAL);
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M, ext, 0), -EINVAL);
	assert_int_equal(vawin_init(&w, IO_BASE, 0, ext, 2), -EINVAL);
	assert_int_equal(vawin_init(&w, 0, 0, ext, 2), -EINVAL);
	assert_int_equal(vawin_init(&w, IO_BASE + 1, SZ_16M, ext, 2), -EINVAL);
	assert_int_equal(vawin_init(&w, IO_BASE + 0x800, SZ_16M, ext, 2), -EINVAL);
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M + 1, ext, 2), -EINVAL);
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M - 0x800, ext, 2), -EINVAL);
	/* Wraps: one page past the top of the address space. */
	assert_int_equal(vawin_init(&w, HOST_TOP_BASE, SZ_16M + SZ_4K, ext, 2),
			 -EINVAL);
	assert_int_equal(vawin_init(&w, (uintptr_t)0 - SZ_4K, 2 * SZ_4K, ext, 2),
			 -EINVAL);
	assert_int_equal(vawin_init(&w, 2 * SZ_4K, (size_t)0 - SZ_4K, ext, 2),
			 -EINVAL);
	/* Nothing was written on failure. */
	assert_memory_equal(&w, &before, sizeof(w));

	/* Ending exactly at the top is not a wrap. */
	assert_int_equal(vawin_init(&w, HOST_TOP_BASE, SZ_16M, ext, 2), 0);
	assert_int_equal(vawin_init(&w, 0, (size_t)0 - SZ_4K, ext, 2), 0);
	assert_int_equal(vawin_init(&w, SZ_4K, (size_t)0 - SZ_4K, ext, 2), 0);
	assert_int_equal(vawin_init(&w, (uintptr_t)0 - SZ_4K, SZ_4K, ext, 2), 0);
}

/* ------------------------------------------------------------------ */
/* Alignment                                                           */
/* ------------------------------------------------------------------ */

/* The window's free space starts 3 pages past a 1 MiB boundary. */
static void test_section_from_unaligned_free_space(void **state)
{
	const uintptr_t base = IO_BASE + 3 * SZ_4K;
	struct vawin_extent ext[8];
	struct vawin w;
	uintptr_t va, pg;

	(void)state;
	assert_int_equal(vawin_init(&w, base, 8 * SZ_1M, ext, 8), 0);

	/* First 1 MiB boundary inside the window; the head stays free. */
	va = must_alloc(&w, SZ_1M, SZ_1M);
	assert_true(va == IO_BASE + SZ_1M);
	assert_int_equal(w.n, 2);
	assert_extent(&w, 0, base, SZ_1M - 3 * SZ_4K);
	assert_extent(&w, 1, IO_BASE + 2 * SZ_1M, 8 * SZ_1M - 2 * SZ_1M + 3 * SZ_4K);
	assert_true(vawin_is_allocated(&w, va, SZ_1M));
	assert_false(vawin_is_allocated(&w, va - SZ_4K, SZ_4K));
	assert_false(vawin_is_allocated(&w, va + SZ_1M, SZ_4K));

	/* A page allocation is first fit: it goes into the unaligned head. */
	pg = must_alloc(&w, SZ_4K, SZ_4K);
	assert_true(pg == base);
	assert_extent(&w, 0, base + SZ_4K, SZ_1M - 4 * SZ_4K);

	/* A 2 MiB section at 1 MiB alignment follows the first one. */
	va = must_alloc(&w, SZ_2M, SZ_1M);
	assert_true(va == IO_BASE + 2 * SZ_1M);

	/* Larger alignment than the request: next 2 MiB boundary. */
	va = must_alloc(&w, SZ_4K, SZ_2M);
	assert_true(va == IO_BASE + 4 * SZ_1M);
	assert_int_equal(w.n, 2);
	assert_extent(&w, 1, IO_BASE + 4 * SZ_1M + SZ_4K, 4 * SZ_1M + 2 * SZ_4K);

	/* Aligned allocation that uses the rest of the extent (no tail). */
	va = must_alloc(&w, 3 * SZ_1M + 3 * SZ_4K, SZ_1M);
	assert_true(va == IO_BASE + 5 * SZ_1M);
	assert_int_equal(w.n, 2);
	assert_extent(&w, 1, IO_BASE + 4 * SZ_1M + SZ_4K, SZ_1M - SZ_4K);
}

/* ------------------------------------------------------------------ */
/* Refusals                                                            */
/* ------------------------------------------------------------------ */

static void test_alloc_rejects_bad_args(void **state)
{
	struct vawin_extent ext[4];
	struct vawin w;

	(void)state;
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M, ext, 4), 0);
	(void)must_alloc(&w, SZ_4K, SZ_4K);	/* a non-trivial state */

	alloc_fails(&w, 0, SZ_4K, -EINVAL);
	alloc_fails(&w, 1, SZ_4K, -EINVAL);
	alloc_fails(&w, 100, SZ_4K, -EINVAL);
	alloc_fails(&w, SZ_4K + 1, SZ_4K, -EINVAL);
	alloc_fails(&w, SZ_4K - 1, SZ_4K, -EINVAL);
	alloc_fails(&w, SZ_4K, 0, -EINVAL);
	alloc_fails(&w, SZ_4K, 1, -EINVAL);
	alloc_fails(&w, SZ_4K, 2048, -EINVAL);
	alloc_fails(&w, SZ_4K, 3 * SZ_4K, -EINVAL);
	alloc_fails(&w, SZ_4K, SZ_4K + 1, -EINVAL);
	alloc_fails(&w, SZ_4K, SZ_1M - SZ_4K, -EINVAL);
	alloc_fails(&w, SZ_4K, (size_t)-1, -EINVAL);
	/* Bad size reported as -EINVAL even when it would not fit either. */
	alloc_fails(&w, SZ_16M * 2 + 1, SZ_4K, -EINVAL);
}

static void test_alloc_too_large_and_exhausted(void **state)
{
	struct vawin_extent ext[4];
	struct vawin w;
	uintptr_t va;
	unsigned int i;

	(void)state;
	assert_int_equal(vawin_init(&w, IO_BASE, 4 * SZ_1M, ext, 4), 0);

	alloc_fails(&w, 4 * SZ_1M + SZ_4K, SZ_4K, -ENOSPC);
	alloc_fails(&w, (size_t)0 - SZ_4K, SZ_4K, -ENOSPC);
	/* Alignment larger than the window: no aligned address inside it. */
	alloc_fails(&w, SZ_4K, (size_t)1 << (sizeof(size_t) * 8 - 1), -ENOSPC);
	/* Fits by size, but no 1 MiB boundary leaves room for 4 MiB. */
	va = must_alloc(&w, SZ_4K, SZ_4K);
	alloc_fails(&w, 4 * SZ_1M - SZ_4K, SZ_1M, -ENOSPC);
	must_free(&w, va, SZ_4K);

	/* Fill exactly with four sections, empty, then fill again. */
	for (int round = 0; round < 2; round++) {
		for (i = 0; i < 4; i++) {
			va = must_alloc(&w, SZ_1M, SZ_1M);
			assert_true(va == IO_BASE + i * SZ_1M);
		}
		assert_int_equal(w.n, 0);
		assert_true(w.free_bytes == 0);
		assert_true(vawin_is_allocated(&w, IO_BASE, 4 * SZ_1M));
		alloc_fails(&w, SZ_4K, SZ_4K, -ENOSPC);
		alloc_fails(&w, SZ_1M, SZ_1M, -ENOSPC);

		/* Free in an order that exercises every merge case. */
		must_free(&w, IO_BASE + 1 * SZ_1M, SZ_1M);	/* insert */
		must_free(&w, IO_BASE + 3 * SZ_1M, SZ_1M);	/* insert */
		assert_int_equal(w.n, 2);
		must_free(&w, IO_BASE + 0 * SZ_1M, SZ_1M);	/* join next */
		must_free(&w, IO_BASE + 2 * SZ_1M, SZ_1M);	/* join both */
		assert_one_extent_whole_window(&w);
	}

	/* Fill exactly with pages, then empty again. */
	for (i = 0; i < 1024; i++) {
		va = must_alloc(&w, SZ_4K, SZ_4K);
		assert_true(va == IO_BASE + i * SZ_4K);
	}
	alloc_fails(&w, SZ_4K, SZ_4K, -ENOSPC);
	for (i = 0; i < 1024; i++)
		must_free(&w, IO_BASE + i * SZ_4K, SZ_4K);	/* join prev */
	assert_one_extent_whole_window(&w);
}

/*
 * A window covering nearly the whole address space and the largest possible
 * alignment: head + size would overflow a size_t if the fit test were
 * written naively (the 32-bit analogue: base 4K, size 4G - 8K, align 2G).
 */
static void test_alloc_huge_alignment_no_overflow(void **state)
{
	const uintptr_t half = (uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1);
	struct vawin_extent ext[4];
	struct vawin w;
	uintptr_t va;

	(void)state;
	assert_int_equal(vawin_init(&w, SZ_4K, (size_t)0 - 2 * SZ_4K, ext, 4), 0);
	assert_true(must_alloc(&w, half, SZ_4K) == SZ_4K);
	assert_true(must_alloc(&w, SZ_4K, SZ_4K) == half + SZ_4K);
	must_free(&w, SZ_4K, half);
	assert_extent(&w, 0, SZ_4K, half);
	assert_extent(&w, 1, half + 2 * SZ_4K, half - 3 * SZ_4K);

	/* Fits by free_bytes, not in any extent at that alignment. */
	alloc_fails(&w, half + 3 * SZ_4K, half, -ENOSPC);
	alloc_fails(&w, 2 * SZ_4K, half, -ENOSPC);
	/* The one aligned page that does fit, at the very end of extent 0. */
	va = must_alloc(&w, SZ_4K, half);
	assert_true(va == half);
	assert_extent(&w, 0, SZ_4K, half - SZ_4K);
}

static void test_double_and_overlapping_free(void **state)
{
	struct vawin_extent ext[8];
	struct vawin w;
	uintptr_t a, b, c;

	(void)state;
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M, ext, 8), 0);
	a = must_alloc(&w, 2 * SZ_4K, SZ_4K);
	b = must_alloc(&w, 2 * SZ_4K, SZ_4K);
	c = must_alloc(&w, 2 * SZ_4K, SZ_4K);
	assert_true(b == a + 2 * SZ_4K && c == b + 2 * SZ_4K);

	must_free(&w, b, 2 * SZ_4K);
	assert_int_equal(w.n, 2);

	/* Exact double free. */
	free_fails(&w, b, 2 * SZ_4K, -EINVAL);
	/* Subset of a free extent. */
	free_fails(&w, b + SZ_4K, SZ_4K, -EINVAL);
	free_fails(&w, b, SZ_4K, -EINVAL);
	/* Overlaps the start / the end of a free extent. */
	free_fails(&w, a + SZ_4K, 2 * SZ_4K, -EINVAL);
	free_fails(&w, b + SZ_4K, 2 * SZ_4K, -EINVAL);
	/* Covers a free extent entirely, allocated on both sides. */
	free_fails(&w, a, 6 * SZ_4K, -EINVAL);
	/* Overlaps the big free tail of the window. */
	free_fails(&w, c, 3 * SZ_4K, -EINVAL);
	free_fails(&w, c + 2 * SZ_4K, SZ_4K, -EINVAL);
	free_fails(&w, IO_BASE + SZ_16M - SZ_4K, SZ_4K, -EINVAL);

	assert_true(vawin_is_allocated(&w, a, 2 * SZ_4K));
	assert_true(vawin_is_allocated(&w, c, 2 * SZ_4K));
	assert_false(vawin_is_allocated(&w, a, 3 * SZ_4K));
	assert_false(vawin_is_allocated(&w, b, SZ_4K));

	/* Freeing part of a range is allowed; the rest stays allocated. */
	must_free(&w, a + SZ_4K, SZ_4K);	/* join next (b) */
	assert_true(vawin_is_allocated(&w, a, SZ_4K));
	free_fails(&w, a + SZ_4K, SZ_4K, -EINVAL);
	must_free(&w, a, SZ_4K);
	must_free(&w, c, 2 * SZ_4K);
	assert_one_extent_whole_window(&w);
	free_fails(&w, a, SZ_4K, -EINVAL);
}

static void test_free_outside_window_or_misaligned(void **state)
{
	struct vawin_extent ext[4];
	struct vawin w;

	(void)state;
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M, ext, 4), 0);
	/* Fill the window so that only the range checks can reject. */
	(void)must_alloc(&w, SZ_16M, SZ_4K);
	assert_int_equal(w.n, 0);

	free_fails(&w, IO_BASE - SZ_4K, SZ_4K, -EINVAL);
	free_fails(&w, IO_BASE - SZ_4K, 2 * SZ_4K, -EINVAL);	/* straddles base */
	free_fails(&w, 0, SZ_4K, -EINVAL);
	free_fails(&w, IO_BASE + SZ_16M, SZ_4K, -EINVAL);
	free_fails(&w, IO_BASE + SZ_16M - SZ_4K, 2 * SZ_4K, -EINVAL);	/* straddles end */
	free_fails(&w, IO_BASE, SZ_16M + SZ_4K, -EINVAL);
	free_fails(&w, (uintptr_t)0 - SZ_4K, SZ_4K, -EINVAL);
	/* A size that would wrap va + size around. */
	free_fails(&w, IO_BASE + SZ_4K, (size_t)0 - SZ_4K, -EINVAL);
	free_fails(&w, IO_BASE, 0, -EINVAL);
	free_fails(&w, IO_BASE + 1, SZ_4K, -EINVAL);
	free_fails(&w, IO_BASE + 0x800, SZ_4K, -EINVAL);
	free_fails(&w, IO_BASE, SZ_4K + 1, -EINVAL);
	free_fails(&w, IO_BASE, 100, -EINVAL);

	must_free(&w, IO_BASE, SZ_16M);
	assert_one_extent_whole_window(&w);
}

/* ------------------------------------------------------------------ */
/* Extent slots                                                        */
/* ------------------------------------------------------------------ */

static void test_slot_exhaustion_alloc(void **state)
{
	const uintptr_t base = IO_BASE + SZ_4K;	/* not 1 MiB aligned */
	struct vawin_extent ext[2];
	struct vawin w;
	uintptr_t va;

	(void)state;
	assert_int_equal(vawin_init(&w, base, 8 * SZ_1M, ext, 2), 0);

	/* Head and tail both stay free: uses the second (last) slot. */
	va = must_alloc(&w, SZ_1M, SZ_1M);
	assert_true(va == IO_BASE + SZ_1M);
	assert_int_equal(w.n, 2);

	/* Moves the tail extent's start off the 1 MiB grid, no split. */
	va = must_alloc(&w, SZ_4K, SZ_1M);
	assert_true(va == IO_BASE + 2 * SZ_1M);
	assert_int_equal(w.n, 2);

	/* A section now needs head + tail in the tail extent: no slot left. */
	alloc_fails(&w, SZ_1M, SZ_1M, -ENOMEM);
	alloc_fails(&w, SZ_4K, SZ_1M, -ENOMEM);

	/* Allocations that need no new slot still work with the array full. */
	must_free(&w, IO_BASE + 2 * SZ_1M, SZ_4K);	/* tail aligned again */
	va = must_alloc(&w, SZ_1M, SZ_1M);		/* head == 0 */
	assert_true(va == IO_BASE + 2 * SZ_1M);
	must_free(&w, IO_BASE + SZ_1M, SZ_1M);		/* joins the head extent */
	assert_int_equal(w.n, 2);
	va = must_alloc(&w, SZ_4K, SZ_4K);		/* head == 0 */
	assert_true(va == base);
	va = must_alloc(&w, SZ_1M, SZ_1M);		/* tail == 0 */
	assert_true(va == IO_BASE + SZ_1M);
	assert_int_equal(w.n, 2);
	assert_extent(&w, 0, base + SZ_4K, SZ_1M - 2 * SZ_4K);
	assert_extent(&w, 1, IO_BASE + 3 * SZ_1M, 5 * SZ_1M + SZ_4K);
}

static void test_slot_exhaustion_free(void **state)
{
	struct vawin_extent ext[2];
	struct vawin w;
	unsigned int i;

	(void)state;
	assert_int_equal(vawin_init(&w, IO_BASE, 6 * SZ_4K, ext, 2), 0);
	for (i = 0; i < 6; i++)
		assert_true(must_alloc(&w, SZ_4K, SZ_4K) == IO_BASE + i * SZ_4K);
	must_free(&w, IO_BASE + 0 * SZ_4K, SZ_4K);
	must_free(&w, IO_BASE + 2 * SZ_4K, SZ_4K);
	assert_int_equal(w.n, 2);
	/* Page 4 touches no free extent: would need a third slot. */
	free_fails(&w, IO_BASE + 4 * SZ_4K, SZ_4K, -ENOMEM);
	free_fails(&w, IO_BASE + 4 * SZ_4K, 2 * SZ_4K, -ENOMEM);
	/* Merging frees need no slot, even with the array full. */
	must_free(&w, IO_BASE + 3 * SZ_4K, SZ_4K);	/* join prev */
	must_free(&w, IO_BASE + 1 * SZ_4K, SZ_4K);	/* join both */
	assert_int_equal(w.n, 1);
	must_free(&w, IO_BASE + 5 * SZ_4K, SZ_4K);	/* insert */
	must_free(&w, IO_BASE + 4 * SZ_4K, SZ_4K);	/* join both */
	assert_one_extent_whole_window(&w);
}

/*
 * The documented bound: M live ranges (each freed whole) need M + 1 slots,
 * and M aligned allocations from an unaligned window reach it.
 */
static void test_slot_bound_live_is_tight(void **state)
{
	enum { M = 7 };
	const uintptr_t base = IO_BASE + 5 * SZ_4K;
	struct vawin_extent ext[M + 1];
	struct vawin w;
	uintptr_t va[M];
	unsigned int i;

	(void)state;
	assert_int_equal(VAWIN_SLOTS_FOR_LIVE(M), M + 1);
	assert_int_equal(vawin_init(&w, base, 16 * SZ_1M, ext,
				    VAWIN_SLOTS_FOR_LIVE(M)), 0);
	for (i = 0; i < M; i++) {
		va[i] = must_alloc(&w, SZ_4K, SZ_1M);
		assert_true(va[i] == IO_BASE + (i + 1) * SZ_1M);
		assert_int_equal(w.n, i + 2);
	}
	assert_int_equal(w.n, M + 1);	/* the bound is reached */

	/* With one slot fewer the M-th allocation is refused. */
	for (i = 0; i < M; i++)
		must_free(&w, va[i], SZ_4K);
	assert_one_extent_whole_window(&w);
	assert_int_equal(vawin_init(&w, base, 16 * SZ_1M, ext, M), 0);
	for (i = 0; i < M - 1; i++)
		(void)must_alloc(&w, SZ_4K, SZ_1M);
	alloc_fails(&w, SZ_4K, SZ_1M, -ENOMEM);
}

/* ------------------------------------------------------------------ */
/* Random test against a bitmap model                                  */
/* ------------------------------------------------------------------ */

static uint64_t rng_state;

/* splitmix64: small, good enough, and reproducible. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned int rng_below(unsigned int n)
{
	return (unsigned int)(rng_next() % n);
}

static uint64_t test_seed(void)
{
	const char *s = getenv("VAWIN_SEED");

	return s ? strtoull(s, NULL, 0) : 0x76617769e5eedull;
}

#define RW_PAGES	(SZ_16M / SZ_4K)
#define RW_MAX_LIVE	48u
#define RW_CAP		VAWIN_SLOTS_FOR_LIVE(RW_MAX_LIVE)
#define RW_SEQUENCES	10000u

struct live_range {
	uintptr_t va;
	size_t size;
};

struct model {
	struct vawin w;
	struct vawin_extent ext[RW_CAP];
	uintptr_t base;
	unsigned char used[RW_PAGES];
	size_t used_pages;
	struct live_range live[RW_MAX_LIVE];
	unsigned int nlive, max_live;
	unsigned long allocs, frees, enospc, bad_frees, at_bound;
};

static bool page_is_aligned(const struct model *m, size_t page, size_t align)
{
	return ((m->base + page * SZ_4K) & (align - 1)) == 0;
}

/* Lowest page index where npages free pages start at an aligned address. */
static long model_first_fit(const struct model *m, size_t npages, size_t align)
{
	size_t p = 0, q;

	while (p < RW_PAGES && !page_is_aligned(m, p, align))
		p++;
	while (p + npages <= RW_PAGES) {
		for (q = p; q < p + npages; q++)
			if (m->used[q])
				break;
		if (q == p + npages)
			return (long)p;
		/* Next aligned candidate past the used page q. */
		p = q + 1;
		while (p < RW_PAGES && !page_is_aligned(m, p, align))
			p++;
	}
	return -1;
}

/* Independent check: does any free extent intersect [va, va + size)? */
static bool extents_intersect(const struct vawin *w, uintptr_t va, size_t size)
{
	size_t off = va - w->base;
	unsigned int i;

	for (i = 0; i < w->n; i++) {
		size_t eo = w->ext[i].start - w->base;

		if (eo < off + size && off < eo + w->ext[i].size)
			return true;
	}
	return false;
}

/*
 * After every step: invariants, byte count, and every live range allocated.
 * Live ranges are pairwise disjoint (the bitmap proves it when they are
 * handed out), extents are disjoint from them and the byte counts add up,
 * so the free extents are exactly the complement of the live ranges.
 */
static void model_check(const struct model *m)
{
	size_t live_bytes = 0;
	unsigned int i;

	check_invariants(&m->w);
	assert_true(m->w.free_bytes == (RW_PAGES - m->used_pages) * SZ_4K);
	for (i = 0; i < m->nlive; i++) {
		const struct live_range *r = &m->live[i];

		assert_true(vawin_is_allocated(&m->w, r->va, r->size));
		live_bytes += r->size;
	}
	assert_true(live_bytes == m->used_pages * SZ_4K);
	/* The O(n * live) cross check is too slow for every step. */
	if (rng_below(16) == 0)
		for (i = 0; i < m->nlive; i++)
			assert_false(extents_intersect(&m->w, m->live[i].va,
						       m->live[i].size));
}

static void model_mark(struct model *m, uintptr_t va, size_t size, bool used)
{
	size_t p = (va - m->base) / SZ_4K, np = size / SZ_4K, q;

	for (q = p; q < p + np; q++) {
		/* Allocating over used space would be an overlap. */
		assert_int_equal(m->used[q], !used);
		m->used[q] = used;
	}
	if (used)
		m->used_pages += np;
	else
		m->used_pages -= np;
}

static size_t random_size(void)
{
	/* Mostly small device windows, sometimes up to 2 MiB. */
	switch (rng_below(8)) {
	case 0:
		return (1 + rng_below(512)) * SZ_4K;
	case 1:
		return SZ_1M * (1 + rng_below(2));
	default:
		return (1 + rng_below(16)) * SZ_4K;
	}
}

static void model_alloc(struct model *m)
{
	size_t size = random_size();
	size_t align = rng_below(4) == 0 ? SZ_1M : SZ_4K;
	long expect = model_first_fit(m, size / SZ_4K, align);
	uintptr_t va;
	size_t off;
	int rc;

	if (expect < 0) {
		alloc_fails(&m->w, size, align, -ENOSPC);
		m->enospc++;
		return;
	}
	/* cap == max_live + 1 (the documented bound): never -ENOMEM. */
	rc = vawin_alloc(&m->w, size, align, &va);
	assert_int_equal(rc, 0);
	assert_true(va % align == 0);
	assert_true(va >= m->base);
	off = va - m->base;
	assert_true(off < SZ_16M && size <= SZ_16M - off);
	/* First fit == lowest aligned address with enough free pages. */
	assert_true(off == (size_t)expect * SZ_4K);
	model_mark(m, va, size, true);
	m->live[m->nlive].va = va;
	m->live[m->nlive].size = size;
	m->nlive++;
	m->allocs++;
	if (m->w.n == m->w.cap)
		m->at_bound++;
}

static void model_free_one(struct model *m, unsigned int i)
{
	struct live_range r = m->live[i];

	assert_int_equal(vawin_free(&m->w, r.va, r.size), 0);
	model_mark(m, r.va, r.size, false);
	m->live[i] = m->live[--m->nlive];
	m->frees++;
}

/* A random range that touches free space must be refused, state unchanged. */
static void model_bad_free(struct model *m)
{
	size_t p = rng_below(RW_PAGES), np = 1 + rng_below(8), q;
	bool touches_free = false;

	if (p + np > RW_PAGES)
		return;
	for (q = p; q < p + np; q++)
		touches_free |= !m->used[q];
	if (!touches_free)
		return;
	free_fails(&m->w, m->base + p * SZ_4K, np * SZ_4K, -EINVAL);
	m->bad_frees++;
}

static void model_sequence(struct model *m, uintptr_t base,
			   unsigned int max_live)
{
	unsigned int steps = 1 + rng_below(120), s;

	memset(m->used, 0, sizeof(m->used));
	m->used_pages = 0;
	m->nlive = 0;
	m->base = base;
	m->max_live = max_live;
	assert_int_equal(vawin_init(&m->w, base, SZ_16M, m->ext,
				    VAWIN_SLOTS_FOR_LIVE(max_live)), 0);

	for (s = 0; s < steps; s++) {
		unsigned int r = rng_below(16);

		if (r == 0)
			model_bad_free(m);
		else if (m->nlive < m->max_live && (m->nlive == 0 || r < 10))
			model_alloc(m);
		else if (m->nlive > 0)
			model_free_one(m, rng_below(m->nlive));
		model_check(m);
	}
	/* Free everything in random order: no leak, full coalescing. */
	while (m->nlive > 0) {
		model_free_one(m, rng_below(m->nlive));
		model_check(m);
	}
	assert_int_equal(m->used_pages, 0);
	assert_one_extent_whole_window(&m->w);
}

static void test_random_against_model(void **state)
{
	static const uintptr_t bases[] = {
		IO_BASE,			/* 1 MiB aligned */
		IO_BASE + 3 * SZ_4K,		/* free space starts unaligned */
		(uintptr_t)0xFF000000u,		/* top of a 32-bit space */
		HOST_TOP_BASE,			/* base + size wraps on the host */
	};
	static struct model m;
	uint64_t seed = test_seed();
	unsigned int i;

	(void)state;
	rng_state = seed;
	print_message("vawin random test: seed=0x%llx (set VAWIN_SEED to change)\n",
		      (unsigned long long)seed);
	memset(&m, 0, sizeof(m));
	/* Alternate a roomy cap and a small one that the bound makes tight. */
	for (i = 0; i < RW_SEQUENCES; i++)
		model_sequence(&m, bases[i % 4], (i / 4) % 2 ? 4 : RW_MAX_LIVE);
	print_message("vawin random test: %u sequences, %lu allocs, %lu frees, "
		      "%lu -ENOSPC, %lu refused bad frees, %lu allocs left "
		      "n == cap (no -ENOMEM)\n",
		      RW_SEQUENCES, m.allocs, m.frees, m.enospc, m.bad_frees,
		      m.at_bound);
}

/*
 * Worst-case bound: with cap = VAWIN_SLOTS_WORST(size), any mix of
 * allocations and partial frees never sees -ENOMEM, and the bound is reached.
 */
static void worst_case_window(unsigned int pages)
{
	struct vawin_extent ext[16];
	unsigned char used[32];
	unsigned int cap = VAWIN_SLOTS_WORST(pages * SZ_4K), i, step;
	struct vawin w;

	assert_true(cap == (pages + 1) / 2 && cap <= 16 && pages <= 32);
	assert_int_equal(vawin_init(&w, IO_BASE, pages * SZ_4K, ext, cap), 0);
	memset(used, 0, sizeof(used));

	/* Reach the bound: pages 0, 2, 4, ... free. */
	for (i = 0; i < pages; i++)
		(void)must_alloc(&w, SZ_4K, SZ_4K);
	for (i = 0; i < pages; i += 2)
		must_free(&w, IO_BASE + i * SZ_4K, SZ_4K);
	assert_int_equal(w.n, cap);
	for (i = 1; i < pages; i += 2)
		must_free(&w, IO_BASE + i * SZ_4K, SZ_4K);
	assert_one_extent_whole_window(&w);

	/* Random allocations and partial frees: never -ENOMEM. */
	for (step = 0; step < 20000; step++) {
		unsigned int p = rng_below(pages), np = 1 + rng_below(3), q;
		size_t align = (size_t)SZ_4K << rng_below(3);
		bool all_used = true;
		uintptr_t va;
		int rc;

		if (rng_below(2)) {
			rc = vawin_alloc(&w, np * SZ_4K, align, &va);
			assert_true(rc == 0 || rc == -ENOSPC);
			if (rc == 0) {
				p = (va - IO_BASE) / SZ_4K;
				for (q = p; q < p + np; q++) {
					assert_false(used[q]);
					used[q] = 1;
				}
			}
		} else if (p + np <= pages) {
			for (q = p; q < p + np; q++)
				all_used &= used[q];
			if (all_used) {
				/* Any allocated range, not only whole allocations. */
				must_free(&w, IO_BASE + p * SZ_4K, np * SZ_4K);
				for (q = p; q < p + np; q++)
					used[q] = 0;
			} else {
				free_fails(&w, IO_BASE + p * SZ_4K, np * SZ_4K,
					   -EINVAL);
			}
		}
		check_invariants(&w);
	}
}

static void test_slot_bound_worst_case(void **state)
{
	(void)state;
	rng_state = test_seed() ^ 0x5107;
	worst_case_window(1);
	worst_case_window(2);
	worst_case_window(7);
	worst_case_window(8);
	worst_case_window(31);
	worst_case_window(32);
}

/* ------------------------------------------------------------------ */
/* Top of the address space                                            */
/* ------------------------------------------------------------------ */

static void top_window(uintptr_t base)
{
	struct vawin_extent ext[17];
	struct vawin w;
	uintptr_t va[16], last_page;
	struct vawin_stats st;
	unsigned int i;

	assert_int_equal(vawin_init(&w, base, SZ_16M, ext, 17), 0);
	last_page = base + (SZ_16M - SZ_4K);

	/* The very last page is handed out and freed like any other. */
	for (i = 0; i < 16; i++) {
		va[i] = must_alloc(&w, SZ_1M, SZ_1M);
		assert_true(va[i] == base + i * SZ_1M);
	}
	assert_int_equal(w.n, 0);
	assert_true(vawin_is_allocated(&w, last_page, SZ_4K));
	assert_true(vawin_is_allocated(&w, base, SZ_16M));
	assert_true(vawin_is_allocated(&w, last_page + SZ_4K - 1, 1));
	assert_false(vawin_is_allocated(&w, last_page, 2 * SZ_4K));
	assert_false(vawin_is_allocated(&w, base - SZ_4K, SZ_4K));
	free_fails(&w, last_page, 2 * SZ_4K, -EINVAL);
	free_fails(&w, last_page + SZ_4K, SZ_4K, -EINVAL);

	must_free(&w, va[15], SZ_1M);		/* insert at the very top */
	assert_extent(&w, 0, va[15], SZ_1M);
	assert_false(vawin_is_allocated(&w, last_page, SZ_4K));
	free_fails(&w, va[15], SZ_1M, -EINVAL);
	free_fails(&w, last_page, SZ_4K, -EINVAL);
	must_free(&w, va[13], SZ_1M);
	must_free(&w, va[14], SZ_1M);		/* join both, ends at top */
	assert_extent(&w, 0, va[13], 3 * SZ_1M);
	alloc_fails(&w, 4 * SZ_1M, SZ_4K, -ENOSPC);

	/* Page allocations land right up to the top. */
	for (i = 0; i < 3 * 256; i++)
		assert_true(must_alloc(&w, SZ_4K, SZ_4K) == va[13] + i * SZ_4K);
	assert_true(vawin_is_allocated(&w, base, SZ_16M));
	for (i = 3 * 256; i-- > 0;)
		must_free(&w, va[13] + i * SZ_4K, SZ_4K);	/* join next */
	for (i = 0; i < 13; i++)
		must_free(&w, va[i], SZ_1M);
	assert_one_extent_whole_window(&w);
	vawin_stats(&w, &st);
	assert_true(st.largest_free == SZ_16M);

	/* An unaligned head right below the top. */
	(void)must_alloc(&w, SZ_16M - SZ_1M - SZ_4K, SZ_4K);
	va[0] = must_alloc(&w, SZ_4K, SZ_1M);
	assert_true(va[0] == base + SZ_16M - SZ_1M);
	assert_extent(&w, 0, base + SZ_16M - SZ_1M - SZ_4K, SZ_4K);
	assert_extent(&w, 1, va[0] + SZ_4K, SZ_1M - SZ_4K);
}

static void test_top_of_32bit_window(void **state)
{
	(void)state;
	top_window((uintptr_t)0xFF000000u);
}

/* On the 64-bit host this makes base + size genuinely wrap to 0. */
static void test_top_of_host_window(void **state)
{
	(void)state;
	top_window(HOST_TOP_BASE);
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

static void test_is_allocated_and_stats(void **state)
{
	struct vawin_extent ext[8];
	struct vawin w;
	struct vawin_stats st;
	uintptr_t a, b;

	(void)state;
	assert_int_equal(vawin_init(&w, IO_BASE, SZ_16M, ext, 8), 0);
	assert_false(vawin_is_allocated(&w, IO_BASE, SZ_4K));

	a = must_alloc(&w, 3 * SZ_4K, SZ_4K);
	b = must_alloc(&w, SZ_2M, SZ_1M);
	assert_true(a == IO_BASE && b == IO_BASE + SZ_1M);

	assert_true(vawin_is_allocated(&w, a, 3 * SZ_4K));
	assert_true(vawin_is_allocated(&w, a + 5, 100));	/* byte granular */
	assert_true(vawin_is_allocated(&w, a + 3 * SZ_4K - 1, 1));
	assert_false(vawin_is_allocated(&w, a + 3 * SZ_4K - 1, 2));
	assert_false(vawin_is_allocated(&w, a + 3 * SZ_4K, 1));
	assert_false(vawin_is_allocated(&w, a, 0));		/* empty range */
	assert_false(vawin_is_allocated(&w, a - 1, 2));		/* below base */
	assert_false(vawin_is_allocated(&w, b - 1, 2));
	assert_true(vawin_is_allocated(&w, b, SZ_2M));
	assert_false(vawin_is_allocated(&w, b, SZ_2M + 1));
	/* Spans two ranges with a free gap between. */
	assert_false(vawin_is_allocated(&w, a, b + SZ_4K - a));
	assert_false(vawin_is_allocated(&w, IO_BASE + SZ_16M, 1));
	assert_false(vawin_is_allocated(&w, a, (size_t)-1));

	vawin_stats(&w, &st);
	assert_int_equal(st.extents, 2);
	assert_true(st.free_bytes == SZ_16M - 3 * SZ_4K - SZ_2M);
	assert_true(st.largest_free == SZ_16M - 3 * SZ_1M);

	/* The gap becomes the only free extent. */
	(void)must_alloc(&w, SZ_16M - 3 * SZ_1M, SZ_1M);
	vawin_stats(&w, &st);
	assert_int_equal(st.extents, 1);
	assert_true(st.largest_free == SZ_1M - 3 * SZ_4K);

	(void)must_alloc(&w, SZ_1M - 3 * SZ_4K, SZ_4K);
	vawin_stats(&w, &st);
	assert_int_equal(st.extents, 0);
	assert_true(st.free_bytes == 0 && st.largest_free == 0);
	assert_true(vawin_is_allocated(&w, IO_BASE, SZ_16M));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_valid),
		cmocka_unit_test(test_init_rejects),
		cmocka_unit_test(test_section_from_unaligned_free_space),
		cmocka_unit_test(test_alloc_rejects_bad_args),
		cmocka_unit_test(test_alloc_too_large_and_exhausted),
		cmocka_unit_test(test_alloc_huge_alignment_no_overflow),
		cmocka_unit_test(test_double_and_overlapping_free),
		cmocka_unit_test(test_free_outside_window_or_misaligned),
		cmocka_unit_test(test_slot_exhaustion_alloc),
		cmocka_unit_test(test_slot_exhaustion_free),
		cmocka_unit_test(test_slot_bound_live_is_tight),
		cmocka_unit_test(test_slot_bound_worst_case),
		cmocka_unit_test(test_top_of_32bit_window),
		cmocka_unit_test(test_top_of_host_window),
		cmocka_unit_test(test_is_allocated_and_stats),
		cmocka_unit_test(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
