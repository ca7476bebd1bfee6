/*
 * A fresh identity map from sorted spans (include/pgtable.h): the image's
 * map at boot, written at about the cost of its descriptors. Two passes
 * like pt_map(): the check looks at the spans and at the top-level entries
 * they touch, which must all be fault entries; then every next-level table
 * is one this call takes from the pool, zeroed, so no next-level entry
 * needs reading.
 *
 * A table is linked into its top slot only once every span inside it is
 * written (the walker cannot reach it before: B3.10.1 asks no more than
 * that it be complete and synced when the pointer appears). So a run of
 * spans with the same attributes inside one table is written as one run
 * of descriptors, over the gaps between them, and the gaps cleared after:
 * the image's data, stacks, tables and heap are one run with the stacks'
 * guard pages in it.
 */
#include <errno.h>
#include "pgtable_internal.h"

#define NO_SLOT	(~0u)

static bool same_attrs(struct pt_attrs a, struct pt_attrs b)
{
	return a.type == b.type && a.prot == b.prot;
}

/* Does span s cover the whole top-level block of slot? */
static bool covers_block(const struct pt_span *s, unsigned slot, unsigned shift)
{
	return (uint64_t)slot << shift >= s->start && (uint64_t)(slot + 1) << shift <= s->end;
}

/*
 * Every span valid, sorted and disjoint; every top-level entry under a
 * mapped span a fault entry. *need: the next-level tables the map takes
 * (one per slot not covered by a whole block). Output addresses are the
 * VAs, below 4 GiB, which every format's pa_limit reaches.
 */
static int spans_check(const struct pgtable *pt, const struct pt_span *s,
		       const struct pt_span *end, unsigned *need)
{
	unsigned shift = pt->fmt->block_shift, counted = NO_SLOT;
	struct pt_attrs checked = { .type = MT_NONE };
	uintptr_t done = 0;		/* the end of the span before */

	for (; s < end; s++) {
		uintptr_t start = s->start, stop = s->end;
		unsigned slot, last;

		/* Non-empty, after the one before, page-aligned, ending at
		 * 4 GiB at most (a 64-bit host can say more). */
		if (start < done || stop <= start || ((start | stop) & PAGE_MASK) ||
		    ((uint64_t)stop - 1) >> 32)
			return -EINVAL;
		done = stop;
		if (!same_attrs(s->attrs, checked)) {
			int err = attrs_check(s->attrs);

			if (err)
				return err;
			checked = s->attrs;
		}
		slot = start >> shift;
		last = (stop - 1) >> shift;
		if (slot == counted)
			slot++;		/* a table this call takes: fresh */
		for (; slot <= last; slot++) {
			if (get_entry(pt, pt->l1, slot))
				return -EEXIST;
			if (!covers_block(s, slot, shift)) {
				counted = slot;
				(*need)++;
			}
		}
	}
	return *need > l2_free_count(pt) ? -ENOMEM : 0;
}

/* The next-level table being filled: taken from the pool, linked into its
 * top slot once every span in it is written. */
struct filling {
	unsigned slot, t;
	void *tbl;
};

/* The table's entries, zeroes included, synced, then its top entry
 * written (B3.10.1: the table visible to the walker before the pointer). */
static void finish(struct pgtable *pt, const struct filling *f)
{
	if (f->slot != NO_SLOT)
		link_table(pt, f->slot, f->t);
}

/* The table for top slot slot: the one being filled, or a new one (the
 * one before is complete: the spans are sorted). */
static void table_for(struct pgtable *pt, struct filling *f, unsigned slot)
{
	if (slot == f->slot)
		return;
	finish(pt, f);
	f->t = l2_take(pt);
	f->tbl = l2_at(pt, f->t);
	f->slot = slot;
}

/* n pages of the table being filled from va, one descriptor stepped. */
static void fill(struct pgtable *pt, struct filling *f, uintptr_t va, size_t n,
		 struct pt_attrs attrs)
{
	fill_run(pt, f->tbl, next_index(pt, va), n, pt->fmt->page(va, attrs), PAGE_SIZE);
	pt->l2_live[f->t] += (uint16_t)n;
}

/*
 * The run that starts at span s, inside top slot slot: s and the spans
 * after it inside the slot with s's attributes. Written as one run of
 * descriptors, then the gaps between its spans cleared (the table is not
 * linked yet). Returns the span after the run.
 */
static const struct pt_span *map_run(struct pgtable *pt, struct filling *f,
				     const struct pt_span *s, const struct pt_span *end,
				     unsigned slot, unsigned shift)
{
	const struct pt_span *last = s, *k;

	while (last + 1 < end && (last[1].end - 1) >> shift == slot &&
	       same_attrs(last[1].attrs, s->attrs))
		last++;
	table_for(pt, f, slot);
	fill(pt, f, s->start, (last->end - s->start) / PAGE_SIZE, s->attrs);
	for (k = s; k < last; k++) {
		for (uintptr_t p = k->end; p < k[1].start; p += PAGE_SIZE) {
			set_entry(pt, f->tbl, next_index(pt, p), 0);
			pt->l2_live[f->t]--;
		}
	}
	return last + 1;
}

/* One span over several slots: blocks where whole ones fit, pages in the
 * table of each slot elsewhere. */
static void map_span(struct pgtable *pt, struct filling *f, const struct pt_span *s)
{
	for (uintptr_t va = s->start, len; va < s->end; va += len) {
		unsigned slot = top_index(pt, va);

		len = chunk_len(pt, va, s->end - va);
		if (section_fits(pt, va, va, len)) {
			len = map_blocks(pt, slot, va, ALIGN_DOWN(s->end - va, block_size(pt)),
					 s->attrs);
			continue;
		}
		table_for(pt, f, slot);
		fill(pt, f, va, len / PAGE_SIZE, s->attrs);
	}
}

int pt_map_spans(struct pgtable *pt, const struct pt_span *sp, size_t n)
{
	const struct pt_span *end = sp + n, *s, *next;
	struct filling f = { .slot = NO_SLOT };
	unsigned shift = pt->fmt->block_shift, need = 0;
	int err = spans_check(pt, sp, end, &need);

	if (err)
		return err;
	for (s = sp; s < end; s = next) {
		unsigned slot = s->start >> shift;

		next = s + 1;
		if ((s->end - 1) >> shift == slot && !covers_block(s, slot, shift))
			next = map_run(pt, &f, s, end, slot, shift);
		else
			map_span(pt, &f, s);
	}
	finish(pt, &f);
	return 0;
}
