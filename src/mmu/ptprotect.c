/*
 * Changing the attributes of live mappings (include/pgtable.h), in two
 * passes like pt_map(): change_check() (ptchange.c) looks at the whole
 * range first, so a refused call changes nothing. Blocks partly covered are
 * split first (a supersection cannot be: it is changed whole or refused);
 * entries whose type or shareability change are replaced break-before-make
 * (ARM ARM B3.10.1), a change of permissions alone is written in place.
 * Built -Os (Makefile HOT_SRCS): mprotect() and a task's start come here,
 * no measured hot path does.
 */
#include <errno.h>
#include "pgtable_internal.h"

/* The next-level table behind top slot s, splitting a block first. */
static unsigned table_for_change(struct pgtable *pt, unsigned s, const struct pte_info *e,
				 uintptr_t va)
{
	int t;

	if (e->kind == PTE_SECTION)
		return split_section(pt, s, block_base(pt, va));
	l2_of(pt, get_entry(pt, pt->l1, s), &t);
	return (unsigned)t;
}

/*
 * May old become new without a break? Only if nothing but the permissions
 * changes: the caller keeps the output address and the size, so the memory
 * type and shareability must match too (ARM ARM B3.10.1, "Using
 * break-before-make when updating translation table entries"; Linux's
 * set_memory_ro() rewrites such entries in place).
 */
static bool prot_only_change(const struct pte_info *old, const struct pte_info *new)
{
	/* nG follows PROT_U; a change of nG needs the break too (B3.10.1). */
	return old->attrs.type == new->attrs.type && old->shareable == new->shareable &&
	       old->ng == new->ng;
}

/* Does going from old to attrs leave cacheable memory non-cacheable? */
static bool loses_cacheability(const struct pte_info *old, struct pt_attrs attrs)
{
	return maps_cacheable(old) && attrs.type != MT_NORMAL;
}

/*
 * After memory was retyped non-cacheable: flush once more, through the new
 * mapping (by-VA maintenance acts on the lines of the physical address
 * whatever the memory type it is reached through, ARM ARM B2.2.6), to drop
 * lines a speculative access refilled between the first flush and the break.
 */
static void flush_after_retype(const struct pgtable *pt, bool lost, uintptr_t va, size_t size)
{
	if (lost)
		pt_flush(pt, va, size);
}

/* Give the whole live block in top slot s, covering [va, va+size) (a
 * section, or a supersection's 16 entries), new attributes. */
static void protect_block(struct pgtable *pt, unsigned s, uintptr_t va, size_t size,
			  struct pt_attrs attrs)
{
	struct pte_info old, new;
	uint64_t desc, cur = get_entry(pt, pt->l1, s);
	unsigned count = (unsigned)(size / block_size(pt));
	bool in_place, lost;

	pt->fmt->decode_l1(cur, &old);
	desc = old.kind == PTE_SUPERSECTION ? pt->fmt->supersection(old.pa, attrs)
					    : pt->fmt->section(old.pa, attrs);
	if (desc == cur)
		return;
	pt->fmt->decode_l1(desc, &new);
	in_place = prot_only_change(&old, &new);
	lost = loses_cacheability(&old, attrs);
	if (!in_place) {
		if (lost)
			pt_flush(pt, va, size);
		fill_run(pt, pt->l1, s, count, 0, 0);
		pt_sync(pt, pt->l1, s, count);
		pt_inval(pt, va, size, maps_cacheable(&old));
	}
	fill_run(pt, pt->l1, s, count, desc, 0);
	pt_sync(pt, pt->l1, s, count);
	if (in_place)	/* the TLB may still hold the old permissions */
		pt_inval(pt, va, size, maps_cacheable(&old));
	flush_after_retype(pt, lost, va, size);
}

/* Give n live pages of L2 table t from entry k0 (covering va) new
 * attributes: in place if only permissions change, else break-before-make
 * for the whole run. */
static void protect_pages(struct pgtable *pt, unsigned t, unsigned k0, unsigned n,
			  uintptr_t va, struct pt_attrs attrs)
{
	void *tbl = l2_at(pt, t);
	phys_addr_t pa[PT_NEXT_MAX];
	bool in_place = true, cached = false;

	for (unsigned k = 0; k < n; k++) {
		struct pte_info old, new;

		pt->fmt->decode_l2(get_entry(pt, tbl, k0 + k), &old);
		pt->fmt->decode_l2(pt->fmt->page(old.pa, attrs), &new);
		pa[k] = old.pa;
		in_place &= prot_only_change(&old, &new);
		cached |= maps_cacheable(&old);
	}
	if (!in_place) {
		clear_pages(pt, t, k0, n, va, attrs.type != MT_NORMAL);
		pt->l2_live[t] += n;
	}
	for (unsigned k = 0; k < n; k++)
		set_entry(pt, tbl, k0 + k, pt->fmt->page(pa[k], attrs));
	pt_sync(pt, tbl, k0, n);
	if (in_place)
		pt_inval(pt, va, (size_t)n * PAGE_SIZE, cached);
	flush_after_retype(pt, cached && attrs.type != MT_NORMAL, va, (size_t)n * PAGE_SIZE);
}

int pt_protect(struct pgtable *pt, uintptr_t va, size_t size, struct pt_attrs attrs)
{
	int err;

	if (!range_ok(va, size))
		return -EINVAL;
	err = attrs_check(attrs);
	if (!err)
		err = change_check(pt, va, size, true);
	if (err)
		return err;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;
		unsigned s = top_index(pt, cur);
		struct pte_info e;

		pt->fmt->decode_l1(get_entry(pt, pt->l1, s), &e);
		n = step_len(pt, &e, cur, size - off);
		if (e.kind == PTE_SUPERSECTION || (e.kind == PTE_SECTION && n == block_size(pt))) {
			protect_block(pt, s, cur, n, attrs);
			continue;
		}
		protect_pages(pt, table_for_change(pt, s, &e, cur), next_index(pt, cur),
			      n / PAGE_SIZE, cur, attrs);
	}
	return 0;
}
