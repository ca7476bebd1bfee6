/*
 * Memory policy is physical, not per mapping (pure, host unit-tested): a
 * change is checked against every live mapping of the same physical pages.
 *
 *  - One memory type per page. Two mappings of one physical page with
 *    different memory types or cacheability are mismatched memory attributes
 *    (ARM ARM DDI 0406C A3.5.7): coherency and ordering are lost, and a
 *    dirty line may later overwrite what went through the other mapping.
 *  - W^X per page: a page writable through one mapping must not be
 *    executable through another, or the second mapping runs whatever the
 *    first one writes. Only where the format can forbid execution (has_xn);
 *    on ARMv5 every readable page is executable and only the attributes
 *    asked for (checked per mapping by pgtable.c) carry the intent.
 *
 * Ends are computed in 64 bits: a range may end exactly at 4 GiB.
 */
#include <errno.h>
#include "pgtable.h"

struct alias_query {
	const struct pgtable *pt;
	uint64_t pa, pa_end;		/* the physical pages being (re)mapped */
	uint64_t skip, skip_end;	/* VAs being changed: not aliases of themselves */
	struct pt_attrs attrs;
};

/* Would the mapping piece [va, va+len) of r clash with the query? */
static int piece_clashes(const struct alias_query *q, const struct pt_range *r,
			 uint64_t va, uint64_t len)
{
	uint64_t pa = r->pa + (va - r->va);
	unsigned mine = q->attrs.prot, theirs = r->attrs.prot;

	if (!len || pa >= q->pa_end || q->pa >= pa + len)
		return 0;
	if (r->attrs.type != q->attrs.type)
		return -EBUSY;		/* A3.5.7 */
	if (q->pt->fmt->has_xn && (((mine & PROT_W) && (theirs & PROT_X)) ||
				   ((mine & PROT_X) && (theirs & PROT_W))))
		return -EPERM;		/* W^X across aliases */
	return 0;
}

/* The parts of r below and above the skipped VA range, each checked. */
static int range_clashes(void *ctx, const struct pt_range *r)
{
	const struct alias_query *q = ctx;
	uint64_t start = r->va, end = start + r->size;
	uint64_t below_end = end < q->skip ? end : q->skip;
	uint64_t above = start > q->skip_end ? start : q->skip_end;
	int err = 0;

	if (q->skip == q->skip_end)
		return piece_clashes(q, r, start, r->size);
	if (start < below_end)
		err = piece_clashes(q, r, start, below_end - start);
	if (!err && above < end)
		err = piece_clashes(q, r, above, end - above);
	return err;
}

int pt_alias_check(const struct pgtable *pt, phys_addr_t pa, size_t size, struct pt_attrs attrs,
		   uintptr_t skip_va, size_t skip_size)
{
	struct alias_query q = {
		.pt = pt, .pa = pa, .pa_end = (uint64_t)pa + size,
		.skip = skip_va, .skip_end = (uint64_t)skip_va + skip_size, .attrs = attrs,
	};

	return pt_for_each_range(pt, range_clashes, &q);
}

struct protect_query {
	const struct pgtable *pt;
	uint64_t va, va_end;
	struct pt_attrs attrs;
};

/* Check the part of r inside the range being protected against the rest. */
static int protected_piece_clashes(void *ctx, const struct pt_range *r)
{
	const struct protect_query *q = ctx;
	phys_addr_t pa;
	size_t len = pt_range_part(r, q->va, q->va_end, &pa);

	if (!len)
		return 0;
	return pt_alias_check(q->pt, pa, len, q->attrs, (uintptr_t)q->va,
			      (size_t)(q->va_end - q->va));
}

int pt_protect_alias_check(const struct pgtable *pt, uintptr_t va, size_t size,
			   struct pt_attrs attrs)
{
	struct protect_query q = {
		.pt = pt, .va = va, .va_end = (uint64_t)va + size, .attrs = attrs,
	};

	return pt_for_each_range_in(pt, va, size, protected_piece_clashes, &q);
}
