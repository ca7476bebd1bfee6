/*
 * A fresh identity map from sorted spans (include/pgtable.h): the image's
 * map at boot, written at the cost of its descriptors. Two passes like
 * pt_map(): the check looks at the spans and at the top-level entries they
 * touch, which must all be fault entries; then every next-level table is
 * one this call takes from the pool, zeroed, so no next-level entry needs
 * reading. The map keeps the table it is filling across spans (the image's
 * text, rodata, data, stacks, tables and heap share one) and links it into
 * its top slot when it is complete: one sync for the table, not one a span.
 */
#include <errno.h>
#include "pgtable_internal.h"

#define NO_SLOT	(~0u)

static bool is_hole(const struct pt_span *s)
{
	return s->attrs.type == MT_NONE;
}

/*
 * Every span valid, sorted and disjoint; every top-level entry under a
 * mapped span a fault entry. *need: the next-level tables the map takes
 * (one per slot not filled by a whole block). Output addresses are the
 * VAs, below 4 GiB (range_ok), which every format's pa_limit reaches.
 */
static int spans_check(const struct pgtable *pt, const struct pt_span *sp, size_t n,
		       unsigned *need)
{
	uintptr_t done = 0;	/* the end of the span before */
	unsigned table_slot = NO_SLOT;	/* the last slot counted for a table */

	for (size_t i = 0; i < n; i++) {
		const struct pt_span *s = &sp[i];
		int err;

		if (s->start < done || s->end <= s->start ||
		    !range_ok(s->start, s->end - s->start))
			return -EINVAL;
		done = s->end;
		if (is_hole(s))
			continue;
		err = attrs_check(s->attrs);
		if (err)
			return err;
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

/*
 * The page descriptor for va with attrs: encoded once per run of spans with
 * the same attributes, then stepped from the last one encoded (the output
 * address sits at its natural bit position, include/pgtable.h, and an
 * identity map's addresses stay below 4 GiB, so the step never carries
 * into anything but the address).
 */
struct encoder {
	struct pt_attrs attrs;
	uintptr_t va;
	uint64_t desc;
};

static uint64_t page_desc(const struct pgtable *pt, struct encoder *e, uintptr_t va,
			  struct pt_attrs attrs)
{
	if (e->attrs.type != attrs.type || e->attrs.prot != attrs.prot || va < e->va) {
		*e = (struct encoder){ .attrs = attrs, .va = va, .desc = pt->fmt->page(va, attrs) };
		return e->desc;
	}
	return e->desc + (va - e->va);
}

int pt_map_spans(struct pgtable *pt, const struct pt_span *sp, size_t n)
{
	struct filling f = { .slot = NO_SLOT };
	struct encoder enc = { .attrs = { .type = MT_NONE } };
	unsigned need = 0;
	int err = spans_check(pt, sp, n, &need);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		const struct pt_span *s = &sp[i];

		if (is_hole(s))
			continue;
		for (uintptr_t va = s->start, len; va < s->end; va += len) {
			unsigned slot = top_index(pt, va), pages;

			len = chunk_len(pt, va, s->end - va);
			if (section_fits(pt, va, va, len)) {
				len = map_blocks(pt, slot, va, ALIGN_DOWN(s->end - va, block_size(pt)),
						 s->attrs);
				continue;
			}
			if (slot != f.slot) {
				finish(pt, &f);
				f.t = l2_take(pt);
				f.tbl = l2_at(pt, f.t);
				f.slot = slot;
			}
			pages = (unsigned)(len / PAGE_SIZE);
			fill_run(pt, f.tbl, next_index(pt, va), pages,
				 page_desc(pt, &enc, va, s->attrs), PAGE_SIZE);
			pt->l2_live[f.t] += pages;
		}
	}
	finish(pt, &f);
	return 0;
}
