/*
 * Unmapping live mappings (include/pgtable.h), in two passes like pt_map()
 * (check the whole range, then change what cannot fail), so a refused call
 * changes nothing. Blocks partly covered are split first (a supersection
 * cannot be: it is cleared whole or refused); entries are cleared
 * break-before-make (ARM ARM B3.10.1). ptprotect.c changes attributes with
 * the same check.
 */
#include <errno.h>
#include "pgtable_internal.h"

/*
 * A supersection met at cur with remaining bytes to change: 0 if the range
 * covers all of it; -ERANGE if only part (it cannot be split: sections and
 * pages do not reach its output addresses above pa_limit); -EINVAL if its
 * 16 entries are not one supersection this builder wrote.
 */
static int super_check(const struct pgtable *pt, uintptr_t cur, size_t remaining)
{
	size_t ss = pt_super_size(pt->fmt);
	unsigned s = top_index(pt, cur);

	if (!ss || !super_intact(pt, s & ~(pt_super_entries(pt->fmt) - 1u)))
		return -EINVAL;
	return IS_ALIGNED(cur, ss) && remaining >= ss ? 0 : -ERANGE;
}

/*
 * Check [va, va+size) for unmap (need_mapped = false) or protect (true):
 * count the blocks that must be split and refuse anything not ours.
 */
int change_check(const struct pgtable *pt, uintptr_t va, size_t size, bool need_mapped)
{
	unsigned need = 0;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;
		uint64_t l1 = get_entry(pt, pt->l1, top_index(pt, cur));
		struct pte_info e;
		const void *l2;
		int err;

		/* One of our tables (the usual case) needs no decoding. */
		l2 = l2_of(pt, l1, NULL);
		if (l2) {
			n = chunk_len(pt, cur, size - off);
			if (need_mapped &&
			    count_valid(pt, l2, next_index(pt, cur), n / PAGE_SIZE) != n / PAGE_SIZE)
				return -ENOENT;
			continue;
		}
		pt->fmt->decode_l1(l1, &e);
		n = step_len(pt, &e, cur, size - off);
		switch (e.kind) {
		case PTE_FAULT:
			if (need_mapped)
				return -ENOENT;
			break;
		case PTE_SECTION:
			if (e.attrs.type == MT_UNKNOWN)
				return -EINVAL;
			need += n != block_size(pt);
			break;
		case PTE_SUPERSECTION:
			err = e.attrs.type == MT_UNKNOWN ? -EINVAL : super_check(pt, cur, size - off);
			if (err)
				return err;
			break;
		default:		/* a table we did not build, or unknown */
			return -EINVAL;
		}
	}
	return need > l2_free_count(pt) ? -ENOMEM : 0;
}

/*
 * Clear the whole block e in top slot s, covering [va, va+size): a
 * section's one entry, or a supersection's 16. Cacheable memory is flushed
 * while still mapped, then the entries are cleared, synced, and the TLB
 * invalidated for all of [va, va+size) (B3.10.1; a supersection's TLB entry
 * covers its 16 MiB).
 */
static void clear_block(struct pgtable *pt, unsigned s, const struct pte_info *e, uintptr_t va,
			size_t size)
{
	unsigned count = (unsigned)(size / block_size(pt));

	if (maps_cacheable(e))
		pt_flush(pt, va, size);
	fill_run(pt, pt->l1, s, count, 0, 0);
	pt_sync(pt, pt->l1, s, count);
	pt_inval(pt, va, size, maps_cacheable(e));
}

/*
 * The usual cases, the whole range inside one top slot: pages of one of our
 * tables (one ioremap() or user page), or exactly one block of a known type
 * (an ioremap() of a section). Neither can be refused, so they are done on
 * one look at the slot. False: not these cases (nothing mapped, a block to
 * split, something not ours), nothing done: the general path decides.
 */
static bool unmap_in_slot(struct pgtable *pt, uintptr_t va, size_t size)
{
	unsigned s = top_index(pt, va);
	uint64_t l1 = get_entry(pt, pt->l1, s);
	struct pte_info e;
	int t;

	if (chunk_len(pt, va, size) != size)
		return false;
	if (l2_of(pt, l1, &t)) {
		if (size == PAGE_SIZE)
			clear_page(pt, (unsigned)t, next_index(pt, va), va, true);
		else
			clear_pages(pt, (unsigned)t, next_index(pt, va), size / PAGE_SIZE, va,
				    true);
		release_if_empty(pt, (unsigned)t, s, block_base(pt, va));
		return true;
	}
	pt->fmt->decode_l1(l1, &e);
	if (e.kind != PTE_SECTION || e.attrs.type == MT_UNKNOWN || size != block_size(pt))
		return false;
	clear_block(pt, s, &e, va, size);
	return true;
}

int pt_unmap(struct pgtable *pt, uintptr_t va, size_t size)
{
	int err;

	if (!range_ok(va, size))
		return -EINVAL;
	if (unmap_in_slot(pt, va, size))
		return 0;
	err = change_check(pt, va, size, false);
	if (err)
		return err;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;
		unsigned s = top_index(pt, cur);
		uint64_t l1 = get_entry(pt, pt->l1, s);
		struct pte_info e;
		int t;

		n = chunk_len(pt, cur, size - off);
		if (!l2_of(pt, l1, &t)) {	/* not one of our tables: decode it */
			pt->fmt->decode_l1(l1, &e);
			n = step_len(pt, &e, cur, size - off);
			if (e.kind == PTE_FAULT)
				continue;
			if (e.kind == PTE_SUPERSECTION || n == block_size(pt)) {	/* whole (checked) */
				clear_block(pt, s, &e, cur, n);
				continue;
			}
			t = (int)split_section(pt, s, block_base(pt, cur));
		}
		clear_pages(pt, (unsigned)t, next_index(pt, cur), n / PAGE_SIZE, cur, true);
		release_if_empty(pt, (unsigned)t, s, block_base(pt, cur));
	}
	return 0;
}
