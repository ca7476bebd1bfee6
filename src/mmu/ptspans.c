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
 * contiguous spans with the same attributes inside one table, holes
 * between them included, is written as one run of descriptors and the
 * holes cleared after: the image's data, stacks, tables and heap are one
 * run with five guard pages in it.
 */
#include <errno.h>
#include "pgtable_internal.h"

#define NO_SLOT	(~0u)

static bool is_hole(const struct pt_span *s)
{
	return s->attrs.type == MT_NONE;
}

static bool same_attrs(struct pt_attrs a, struct pt_attrs b)
{
	return a.type == b.type && a.prot == b.prot;
}

/*
 * Every span valid, sorted and disjoint; every top-level entry under a
 * mapped span a fault entry. *need: the next-level tables the map takes
 * (one per slot not filled by a whole block). Output addresses are the
 * VAs, below 4 GiB, which every format's pa_limit reaches.
 */
static int spans_check(const struct pgtable *pt, const struct pt_span *sp, size_t n,
		       unsigned *need)
{
	struct pt_attrs checked = { .type = MT_NONE };
	uintptr_t done = 0;		/* the end of the span before */
	unsigned table_slot = NO_SLOT;	/* the last slot counted for a table */

	for (size_t i = 0; i < n; i++) {
		const struct pt_span *s = &sp[i];

		if (s->start < done || s->end <= s->start ||
		    !range_ok(s->start, s->end - s->start))
			return -EINVAL;
		done = s->end;
		if (is_hole(s))
			continue;
		if (!same_attrs(s->attrs, checked)) {
			int err = attrs_check(s->attrs);

			if (err)
				return err;
			checked = s->attrs;
		}
		for (uintptr_t va = s->start, len; va < s->end; va += len) {
			unsigned slot = top_index(pt, va);

			len = chunk_len(pt, va, s->end - va);
			if (slot == table_slot)
				continue;	/* a table this call takes: fresh */
			if (get_entry(pt, pt->l1, slot))
				return -EEXIST;
			if (!section_fits(pt, va, va, len)) {
				table_slot = slot;
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

/*
 * The end (exclusive) of the run that starts at mapped span i: the spans
 * after it that continue it without a gap, inside its top slot, each a
 * hole or with its attributes, up to the last mapped one. i + 1 when span
 * i is not inside one slot (it has blocks, or crosses slots).
 */
static size_t run_end(const struct pgtable *pt, const struct pt_span *sp, size_t i, size_t n)
{
	unsigned slot = top_index(pt, sp[i].start);
	size_t end = i + 1;

	if (top_index(pt, sp[i].end - 1) != slot || sp[i].end - sp[i].start == block_size(pt))
		return end;
	for (size_t k = i + 1; k < n && sp[k].start == sp[k - 1].end &&
	     top_index(pt, sp[k].end - 1) == slot; k++) {
		if (is_hole(&sp[k]))
			continue;
		if (!same_attrs(sp[k].attrs, sp[i].attrs))
			break;
		end = k + 1;
	}
	return end;
}

/* Spans i..end-1, one run inside one table: its descriptors in one go,
 * then its holes cleared (the table is not linked yet). */
static void map_run(struct pgtable *pt, struct filling *f, const struct pt_span *sp, size_t i,
		    size_t end)
{
	uintptr_t va = sp[i].start;
	unsigned k0 = next_index(pt, va), pages = (unsigned)((sp[end - 1].end - va) / PAGE_SIZE);

	table_for(pt, f, top_index(pt, va));
	fill_run(pt, f->tbl, k0, pages, pt->fmt->page(va, sp[i].attrs), PAGE_SIZE);
	for (size_t k = i + 1; k < end; k++) {
		if (!is_hole(&sp[k]))
			continue;
		for (uintptr_t p = sp[k].start; p < sp[k].end; p += PAGE_SIZE, pages--)
			set_entry(pt, f->tbl, next_index(pt, p), 0);
	}
	pt->l2_live[f->t] += pages;
}

/* One span, whatever its extent: blocks where whole ones fit, pages in
 * the table of each slot elsewhere. */
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
		fill_run(pt, f->tbl, next_index(pt, va), len / PAGE_SIZE,
			 pt->fmt->page(va, s->attrs), PAGE_SIZE);
		pt->l2_live[f->t] += len / PAGE_SIZE;
	}
}

int pt_map_spans(struct pgtable *pt, const struct pt_span *sp, size_t n)
{
	struct filling f = { .slot = NO_SLOT };
	unsigned need = 0;
	int err = spans_check(pt, sp, n, &need);

	if (err)
		return err;
	for (size_t i = 0, end; i < n; i = end) {
		end = i + 1;
		if (is_hole(&sp[i]))
			continue;
		end = run_end(pt, sp, i, n);
		if (end > i + 1)
			map_run(pt, &f, sp, i, end);
		else
			map_span(pt, &f, &sp[i]);
	}
	finish(pt, &f);
	return 0;
}
