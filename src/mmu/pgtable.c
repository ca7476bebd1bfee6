/*
 * Generic two-level translation-table builder over plain buffers.
 *
 * Every operation runs in two passes: the first checks the whole range and
 * counts the second-level tables it needs, the second changes descriptors and
 * cannot fail. So a refused call leaves the tables exactly as they were.
 *
 * Live entries whose memory type, output address or size change are replaced
 * break-before-make (ARM ARM B3.10.1): clear, make the clear visible to the
 * walker (sync), invalidate the TLB for what it covered (inval), and only
 * then write the new entry; cacheable memory losing its cacheability is
 * flushed first. A change of permissions alone is written in place, then
 * invalidated. The live layer (mmu.c) masks IRQs around each call.
 */
#include <errno.h>
#include "pgtable.h"

/* Zero a whole table (1 or 16 KiB, so 8-byte aligned and a multiple of
 * 64 bytes) with doubleword stores, 64 bytes a turn. */
static void zero_words(uint32_t *p, size_t n)
{
	uint64_t *d = (uint64_t *)p;

	for (uint64_t *end = d + n / 2; d < end; d += 8) {
		d[0] = 0; d[1] = 0; d[2] = 0; d[3] = 0;
		d[4] = 0; d[5] = 0; d[6] = 0; d[7] = 0;
	}
}

static void pt_sync(const struct pgtable *pt, const uint32_t *desc, size_t count)
{
	if (pt->hooks && pt->hooks->sync)
		pt->hooks->sync(pt->hooks->ctx, desc, count);
}

static void pt_inval(const struct pgtable *pt, uintptr_t va, size_t size, bool cached)
{
	if (pt->hooks && pt->hooks->inval)
		pt->hooks->inval(pt->hooks->ctx, va, size, cached);
}

static void pt_flush(const struct pgtable *pt, uintptr_t va, size_t size)
{
	if (pt->hooks && pt->hooks->flush)
		pt->hooks->flush(pt->hooks->ctx, va, size);
}

/* Bytes from va to the end of its 1 MiB section, capped at remaining. */
static size_t chunk_len(uintptr_t va, size_t remaining)
{
	size_t room = SECTION_SIZE - (va & SECTION_MASK);

	return room < remaining ? room : remaining;
}

/* Page-aligned, non-empty, and inside the 32-bit address space. */
static bool range_ok(uintptr_t va, size_t size)
{
	return size && IS_ALIGNED(va, PAGE_SIZE) && IS_ALIGNED(size, PAGE_SIZE) &&
	       (uint64_t)va + size <= (1ull << 32);
}

static int attrs_check(struct pt_attrs a)
{
	if (a.type == MT_NONE || a.type >= MT_UNKNOWN || !(a.prot & PROT_R) ||
	    (a.prot & ~(PROT_R | PROT_W | PROT_X)))
		return -EINVAL;
	if ((a.prot & PROT_W) && (a.prot & PROT_X))
		return -EPERM;		/* W^X: never both */
	return 0;
}

/* ---- second-level table pool ---- */

static unsigned l2_free_count(const struct pgtable *pt)
{
	return pt->l2_count - pt->l2_in_use;
}

static int l2_index_of(const struct pgtable *pt, phys_addr_t table_pa)
{
	uint32_t off = table_pa - pt->l2_pa;

	if (table_pa < pt->l2_pa || off / PT_L2_SIZE >= pt->l2_count || off % PT_L2_SIZE)
		return -1;
	return (int)(off / PT_L2_SIZE);
}

static unsigned l2_take(struct pgtable *pt)
{
	unsigned i = 0;

	while (pt->l2_allocated[i])	/* callers checked l2_free_count() */
		i++;
	pt->l2_allocated[i] = 1;
	pt->l2_live[i] = 0;
	pt->l2_in_use++;
	zero_words(pt->l2[i], PT_L2_ENTRIES);
	return i;
}

static void l2_release(struct pgtable *pt, unsigned i)
{
	pt->l2_allocated[i] = 0;
	pt->l2_in_use--;
}

static phys_addr_t l2_phys(const struct pgtable *pt, unsigned i)
{
	return pt->l2_pa + i * PT_L2_SIZE;
}

int pt_init(struct pgtable *pt, const struct pt_format *fmt,
	    uint32_t *l1, phys_addr_t l1_pa,
	    void *l2pool, phys_addr_t l2_pa, unsigned l2_count)
{
	if (!fmt || !l1 || !IS_ALIGNED(l1_pa, PT_L1_SIZE) ||
	    !IS_ALIGNED((uintptr_t)l1, PT_L1_SIZE) || l2_count > PT_L2_POOL_MAX ||
	    (l2_count && (!l2pool || !IS_ALIGNED(l2_pa, PT_L2_SIZE) ||
			  !IS_ALIGNED((uintptr_t)l2pool, PT_L2_SIZE))))
		return -EINVAL;

	*pt = (struct pgtable){
		.fmt = fmt, .l1 = l1, .l1_pa = l1_pa,
		.l2 = l2pool, .l2_pa = l2_pa, .l2_count = l2_count,
	};
	zero_words(l1, PT_L1_ENTRIES);
	return 0;
}

/* The L2 table behind a table descriptor, or NULL if it is not one of ours. */
static uint32_t *l2_of(const struct pgtable *pt, uint32_t l1desc, int *index)
{
	struct pte_info e;
	int i;

	pt->fmt->decode_l1(l1desc, &e);
	i = l2_index_of(pt, e.pa);
	if (index)
		*index = i;
	return i < 0 ? NULL : pt->l2[i];
}

/* Count the valid entries among n consecutive L2 entries. */
static unsigned count_valid(const uint32_t *e, unsigned n)
{
	unsigned valid = 0;

	for (unsigned i = 0; i < n; i++)
		valid += e[i] != 0;
	return valid;
}

/*
 * Split the live section behind *slot into 256 pages with the same
 * attributes: build the table, then break (clear, sync, invalidate) and make.
 */
static unsigned split_section(struct pgtable *pt, uint32_t *slot, uintptr_t section_va)
{
	struct pte_info sec;
	unsigned i = l2_take(pt);

	pt->fmt->decode_l1(*slot, &sec);
	for (unsigned k = 0; k < PT_L2_ENTRIES; k++)
		pt->l2[i][k] = pt->fmt->page(sec.pa + k * PAGE_SIZE, sec.attrs);
	pt->l2_live[i] = PT_L2_ENTRIES;
	pt_sync(pt, pt->l2[i], PT_L2_ENTRIES);

	/* The pages translate exactly as the section did: no cache line
	 * changes meaning, only the TLB entry must go. */
	*slot = 0;
	pt_sync(pt, slot, 1);
	pt_inval(pt, section_va, SECTION_SIZE, false);
	*slot = pt->fmt->table(l2_phys(pt, i));
	pt_sync(pt, slot, 1);
	return i;
}

static bool maps_cacheable(const struct pte_info *e)
{
	return e->attrs.type == MT_NORMAL;
}

/*
 * Clear the live entries among n L2 entries covering va..; the break half of
 * break-before-make. flush: what was cacheable is going away or becoming
 * non-cacheable, so each run of cacheable pages is flushed first, all of
 * them before any entry is cleared: by-VA maintenance needs the old
 * translation (it may fault on an unmapped VA, ARM ARM B2.2.6).
 */
static void clear_pages(struct pgtable *pt, unsigned table, uint32_t *e, unsigned n, uintptr_t va,
			bool flush)
{
	unsigned cleared = 0, run = 0;
	bool cached = false;

	for (unsigned k = 0; k <= n; k++) {
		bool c = false;

		if (k < n && e[k]) {
			struct pte_info p;

			pt->fmt->decode_l2(e[k], &p);
			c = maps_cacheable(&p);
			cached |= c;
			cleared++;
		}
		if (flush && c) {
			run++;
			continue;
		}
		if (run)
			pt_flush(pt, va + (k - run) * PAGE_SIZE, (size_t)run * PAGE_SIZE);
		run = 0;
	}
	for (unsigned k = 0; k < n; k++)
		e[k] = 0;
	pt->l2_live[table] -= cleared;
	pt_sync(pt, e, n);
	pt_inval(pt, va, (size_t)n * PAGE_SIZE, cached);
}

/* Drop an emptied L2 table: clear its L1 entry, then return it to the pool. */
static void release_if_empty(struct pgtable *pt, unsigned table, uint32_t *slot, uintptr_t section_va)
{
	if (pt->l2_live[table])
		return;
	*slot = 0;
	pt_sync(pt, slot, 1);
	pt_inval(pt, section_va, SECTION_SIZE, false);	/* its pages were done */
	l2_release(pt, table);
}

/* ---- map ---- */

static bool section_fits(uintptr_t va, phys_addr_t pa, size_t len)
{
	return len == SECTION_SIZE && !(va & SECTION_MASK) && !(pa & SECTION_MASK);
}

static int map_check(const struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t size)
{
	unsigned need = 0;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;
		uint32_t l1 = pt->l1[L1_INDEX(cur)];
		struct pte_info e;
		const uint32_t *l2;

		n = chunk_len(cur, size - off);
		if (!l1) {			/* a fault entry in every format */
			need += !section_fits(cur, pa + off, n);
			continue;
		}
		pt->fmt->decode_l1(l1, &e);
		if (e.kind != PTE_TABLE)
			return -EEXIST;
		l2 = l2_of(pt, l1, NULL);
		if (!l2)
			return -EINVAL;		/* a table we did not build */
		if (count_valid(&l2[L2_INDEX(cur)], n / PAGE_SIZE))
			return -EEXIST;
	}
	return need > l2_free_count(pt) ? -ENOMEM : 0;
}

int pt_map(struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t size,
	   struct pt_attrs attrs)
{
	int err;

	if (!range_ok(va, size) || !IS_ALIGNED(pa, PAGE_SIZE) || pa > pt->fmt->pa_limit ||
	    size > pt->fmt->pa_limit - pa)
		return -EINVAL;
	err = attrs_check(attrs);
	if (!err)
		err = map_check(pt, va, pa, size);
	if (err)
		return err;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;
		uint32_t *slot = &pt->l1[L1_INDEX(cur)];
		uint32_t *e;
		int t;

		n = chunk_len(cur, size - off);
		if (section_fits(cur, pa + off, n)) {
			/* A run of sections: encode once, then step the output
			 * address (bits [31:20]) for each further MiB. */
			uint32_t desc = pt->fmt->section(pa + off, attrs);
			size_t run = (size - off) / SECTION_SIZE;

			for (size_t k = 0; k < run; k++)
				slot[k] = desc + (uint32_t)(k * SECTION_SIZE);
			pt_sync(pt, slot, run);
			n = run * SECTION_SIZE;
			continue;
		}
		bool fresh = !*slot;

		if (fresh)
			t = (int)l2_take(pt);
		else
			l2_of(pt, *slot, &t);
		e = &pt->l2[t][L2_INDEX(cur)];
		/* Encode once, then step the output address (bits [31:12]). */
		uint32_t desc = pt->fmt->page(pa + off, attrs);
		for (unsigned k = 0; k < n / PAGE_SIZE; k++)
			e[k] = desc + k * PAGE_SIZE;
		pt->l2_live[t] += n / PAGE_SIZE;
		if (!fresh) {
			pt_sync(pt, e, n / PAGE_SIZE);
			continue;
		}
		/* A new table: all of it, zeroes included, must be visible to the
		 * walker before the L1 entry that points at it (B3.10.1). */
		pt_sync(pt, pt->l2[t], PT_L2_ENTRIES);
		*slot = pt->fmt->table(l2_phys(pt, (unsigned)t));
		pt_sync(pt, slot, 1);
	}
	return 0;
}

/* ---- unmap and protect ---- */

/*
 * Check [va, va+size) for unmap (need_mapped = false) or protect (true):
 * count the sections that must be split and refuse anything not ours.
 */
static int change_check(const struct pgtable *pt, uintptr_t va, size_t size, bool need_mapped)
{
	unsigned need = 0;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;
		uint32_t l1 = pt->l1[L1_INDEX(cur)];
		struct pte_info e;
		const uint32_t *l2;

		n = chunk_len(cur, size - off);
		pt->fmt->decode_l1(l1, &e);
		switch (e.kind) {
		case PTE_FAULT:
			if (need_mapped)
				return -ENOENT;
			break;
		case PTE_SECTION:
			if (e.attrs.type == MT_UNKNOWN)
				return -EINVAL;
			need += n != SECTION_SIZE;
			break;
		case PTE_TABLE:
			l2 = l2_of(pt, l1, NULL);
			if (!l2)
				return -EINVAL;
			if (need_mapped && count_valid(&l2[L2_INDEX(cur)], n / PAGE_SIZE) != n / PAGE_SIZE)
				return -ENOENT;
			break;
		default:
			return -EINVAL;
		}
	}
	return need > l2_free_count(pt) ? -ENOMEM : 0;
}

int pt_unmap(struct pgtable *pt, uintptr_t va, size_t size)
{
	int err;

	if (!range_ok(va, size))
		return -EINVAL;
	err = change_check(pt, va, size, false);
	if (err)
		return err;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;
		uintptr_t section_va = cur & ~(uintptr_t)SECTION_MASK;
		uint32_t *slot = &pt->l1[L1_INDEX(cur)];
		struct pte_info e;
		int t;

		n = chunk_len(cur, size - off);
		pt->fmt->decode_l1(*slot, &e);
		if (e.kind == PTE_FAULT)
			continue;
		if (e.kind == PTE_SECTION && n == SECTION_SIZE) {
			if (maps_cacheable(&e))
				pt_flush(pt, cur, SECTION_SIZE);
			*slot = 0;
			pt_sync(pt, slot, 1);
			pt_inval(pt, cur, SECTION_SIZE, maps_cacheable(&e));
			continue;
		}
		if (e.kind == PTE_SECTION)
			t = (int)split_section(pt, slot, section_va);
		else
			l2_of(pt, *slot, &t);
		clear_pages(pt, (unsigned)t, &pt->l2[t][L2_INDEX(cur)], n / PAGE_SIZE, cur, true);
		release_if_empty(pt, (unsigned)t, slot, section_va);
	}
	return 0;
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
	return old->attrs.type == new->attrs.type && old->shareable == new->shareable;
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

/* Give the live section behind *slot (covering va) new attributes. */
static void protect_section(struct pgtable *pt, uint32_t *slot, uintptr_t va, struct pt_attrs attrs)
{
	struct pte_info old, new;
	uint32_t desc;
	bool in_place, lost;

	pt->fmt->decode_l1(*slot, &old);
	desc = pt->fmt->section(old.pa, attrs);
	if (desc == *slot)
		return;
	pt->fmt->decode_l1(desc, &new);
	in_place = prot_only_change(&old, &new);
	lost = loses_cacheability(&old, attrs);
	if (!in_place) {
		if (lost)
			pt_flush(pt, va, SECTION_SIZE);
		*slot = 0;
		pt_sync(pt, slot, 1);
		pt_inval(pt, va, SECTION_SIZE, maps_cacheable(&old));
	}
	*slot = desc;
	pt_sync(pt, slot, 1);
	if (in_place)	/* the TLB may still hold the old permissions */
		pt_inval(pt, va, SECTION_SIZE, maps_cacheable(&old));
	flush_after_retype(pt, lost, va, SECTION_SIZE);
}

/* Give n live pages of L2 table t (covering va) new attributes: in place if
 * only permissions change, else break-before-make for the whole run. */
static void protect_pages(struct pgtable *pt, unsigned t, uint32_t *pages, unsigned n,
			  uintptr_t va, struct pt_attrs attrs)
{
	phys_addr_t pa[PT_L2_ENTRIES];
	bool in_place = true, cached = false;

	for (unsigned k = 0; k < n; k++) {
		struct pte_info old, new;

		pt->fmt->decode_l2(pages[k], &old);
		pt->fmt->decode_l2(pt->fmt->page(old.pa, attrs), &new);
		pa[k] = old.pa;
		in_place &= prot_only_change(&old, &new);
		cached |= maps_cacheable(&old);
	}
	if (!in_place) {
		clear_pages(pt, t, pages, n, va, attrs.type != MT_NORMAL);
		pt->l2_live[t] += n;
	}
	for (unsigned k = 0; k < n; k++)
		pages[k] = pt->fmt->page(pa[k], attrs);
	pt_sync(pt, pages, n);
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
		uint32_t *slot = &pt->l1[L1_INDEX(cur)];
		struct pte_info e;
		int t;

		n = chunk_len(cur, size - off);
		pt->fmt->decode_l1(*slot, &e);
		if (e.kind == PTE_SECTION && n == SECTION_SIZE) {
			protect_section(pt, slot, cur, attrs);
			continue;
		}
		if (e.kind == PTE_SECTION)
			t = (int)split_section(pt, slot, cur & ~(uintptr_t)SECTION_MASK);
		else
			l2_of(pt, *slot, &t);
		protect_pages(pt, (unsigned)t, &pt->l2[t][L2_INDEX(cur)], n / PAGE_SIZE, cur, attrs);
	}
	return 0;
}

const uint32_t *pt_l2_table(const struct pgtable *pt, uint32_t l1desc)
{
	return l2_of(pt, l1desc, NULL);
}

size_t pt_bytes_in_use(const struct pgtable *pt)
{
	return PT_L1_SIZE + (size_t)pt->l2_in_use * PT_L2_SIZE;
}
