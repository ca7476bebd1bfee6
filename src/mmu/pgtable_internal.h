/*
 * What pgtable.c (pool, init, map), ptchange.c (unmap) and ptprotect.c
 * (protect) share: descriptor access and geometry as inline helpers, and
 * the pool and break-before-make steps they all use. Not an interface:
 * include/pgtable.h is.
 */
#ifndef PGTABLE_INTERNAL_H
#define PGTABLE_INTERNAL_H

#include "pgtable.h"

/* One load per descriptor: a volatile 64-bit load is one LDRD (A3.5.3). */
static inline uint64_t get_entry(const struct pgtable *pt, const void *table, unsigned i)
{
	if (pt->fmt->desc_bytes == 8)
		return ((const volatile uint64_t *)table)[i];
	return ((const uint32_t *)table)[i];
}

/* How many of n entries of table from entry k are faults (0 in every
 * format) before the first valid one? One loop per width, no per-entry
 * format test: map_check() looks at every page of the image at boot and
 * at every block of RAM, and the walks skip the unmapped bulk of the space. */
static inline __attribute__((always_inline)) unsigned
leading_faults(const struct pgtable *pt, const void *table, unsigned k, unsigned n)
{
	unsigned i = 0;

	if (pt->fmt->desc_bytes == 8) {
		const volatile uint64_t *e = (const volatile uint64_t *)table + k, *p = e;

		/* Four entries a turn (reading past the first valid entry is
		 * harmless: they are plain memory), then one. */
		while (e + n - p >= 4 && !(p[0] | p[1] | p[2] | p[3]))
			p += 4;
		while (p < e + n && !*p)
			p++;
		i = (unsigned)(p - e);
	} else {
		const uint32_t *e = (const uint32_t *)table + k;

		while (n - i >= 2 && !(e[i] | e[i + 1]))
			i += 2;
		while (i < n && !e[i])
			i++;
	}
	return i;
}

/* One store per descriptor: a volatile 64-bit store is one STRD (A3.5.3). */
static inline void set_entry(const struct pgtable *pt, void *table, unsigned i, uint64_t d)
{
	if (pt->fmt->desc_bytes == 8)
		((volatile uint64_t *)table)[i] = d;
	else
		((uint32_t *)table)[i] = (uint32_t)d;
}

static inline void *entry_ptr(const struct pgtable *pt, void *table, unsigned i)
{
	return (char *)table + (size_t)i * pt->fmt->desc_bytes;
}

static inline size_t block_size(const struct pgtable *pt)
{
	return pt_block_size(pt->fmt);
}

static inline unsigned top_index(const struct pgtable *pt, uintptr_t va)
{
	return (unsigned)((uint32_t)va >> pt->fmt->block_shift);
}

static inline unsigned next_index(const struct pgtable *pt, uintptr_t va)
{
	return ((uint32_t)va >> 12) & (pt->fmt->next_entries - 1u);
}

static inline uintptr_t block_base(const struct pgtable *pt, uintptr_t va)
{
	return va & ~(uintptr_t)(block_size(pt) - 1);
}

/* Make n descriptors from entry i of table visible to the walker. */
static inline void pt_sync(const struct pgtable *pt, void *table, unsigned i, size_t n)
{
	if (pt->hooks && pt->hooks->sync)
		pt->hooks->sync(pt->hooks->ctx, entry_ptr(pt, table, i), n * pt->fmt->desc_bytes);
}

static inline void pt_inval(const struct pgtable *pt, uintptr_t va, size_t size, bool cached)
{
	if (pt->hooks && pt->hooks->inval)
		pt->hooks->inval(pt->hooks->ctx, va, size, cached);
}

static inline void pt_flush(const struct pgtable *pt, uintptr_t va, size_t size)
{
	if (pt->hooks && pt->hooks->flush)
		pt->hooks->flush(pt->hooks->ctx, va, size);
}

/* Bytes from va to the end of its top-level block, capped at remaining. */
static inline size_t chunk_len(const struct pgtable *pt, uintptr_t va, size_t remaining)
{
	size_t room = block_size(pt) - (va & (block_size(pt) - 1));

	return room < remaining ? room : remaining;
}

/* Page-aligned, non-empty, and inside the 32-bit address space. */
static inline bool range_ok(uintptr_t va, size_t size)
{
	return size && IS_ALIGNED(va, PAGE_SIZE) && IS_ALIGNED(size, PAGE_SIZE) &&
	       (uint64_t)va + size <= (1ull << 32);
}

static inline bool maps_cacheable(const struct pte_info *e)
{
	return e->attrs.type == MT_NORMAL;
}

/* Next-level table i of the pool. */
static inline void *l2_at(const struct pgtable *pt, unsigned i)
{
	return (char *)pt->l2 + (size_t)i * pt_next_bytes(pt->fmt);
}

static inline unsigned l2_free_count(const struct pgtable *pt)
{
	return pt->l2_count - pt->l2_in_use;
}

/* n entries of table from entry i: desc, then desc + step, ... (step 0:
 * the same descriptor n times, as a supersection's 16 entries). */
void fill_run(const struct pgtable *pt, void *table, unsigned i, size_t n, uint64_t desc,
	      uint32_t step);
/* Is top slot s the first entry of a whole supersection: aligned to its 16
 * entries, all 16 the same descriptor (B3.5.1)? */
bool super_intact(const struct pgtable *pt, unsigned s);
/*
 * The pool table behind a table descriptor (*index its number), or NULL
 * (*index -1) for any other descriptor or a table not in our pool. Every
 * change looks it up: inline, one indirect call (table_pa), and 32-bit
 * arithmetic past the subtraction. A next-level table is a power of two
 * bytes (1 or 4 KiB): indexed by shift, never a 64-bit division.
 * PT_NO_TABLE, like any address below the pool, leaves an offset of 4 GiB
 * or more: refused by the same test.
 */
static inline void *l2_of(const struct pgtable *pt, uint64_t l1desc, int *index)
{
	uint64_t off = pt->fmt->table_pa(l1desc) - pt->l2_pa;
	size_t bytes = pt_next_bytes(pt->fmt);
	uint32_t i = (uint32_t)off >> __builtin_ctz((unsigned)bytes);

	if ((off >> 32) || ((uint32_t)off & (bytes - 1)) || i >= pt->l2_count) {
		if (index)
			*index = -1;
		return NULL;
	}
	if (index)
		*index = (int)i;
	return l2_at(pt, i);
}

/* Can [va, va+len) (len at most one block) to pa be one top-level block? */
static inline bool section_fits(const struct pgtable *pt, uintptr_t va, phys_addr_t pa,
				size_t len)
{
	size_t mask = block_size(pt) - 1;

	return len == block_size(pt) && !(va & mask) && !(pa & mask);
}

/* Take a free table from the pool (callers checked l2_free_count()): all
 * zero, not yet synced nor pointed at; its index. */
unsigned l2_take(struct pgtable *pt);
/* Point top slot s at pool table t: t synced whole first (B3.10.1). */
void link_table(struct pgtable *pt, unsigned s, unsigned t);
/* A run of top-level blocks from slot s over fault entries: encoded once,
 * stepped for each further block, synced. Returns the bytes mapped. */
size_t map_blocks(struct pgtable *pt, unsigned s, phys_addr_t pa, size_t size,
		  struct pt_attrs attrs);
/* W^X and a known type: 0, -EINVAL or -EPERM. */
int attrs_check(struct pt_attrs a);
/* Valid entries among n of table from entry k. */
unsigned count_valid(const struct pgtable *pt, const void *table, unsigned k, unsigned n);
/* Split the live block in top slot s into a new table of pages; its index. */
unsigned split_section(struct pgtable *pt, unsigned s, uintptr_t block_va);
/* Clear (break) n entries of table t from k0, covering va; flush first if
 * what was cacheable goes. */
void clear_pages(struct pgtable *pt, unsigned t, unsigned k0, unsigned n, uintptr_t va,
		 bool flush);
void clear_page(struct pgtable *pt, unsigned t, unsigned k, uintptr_t va, bool flush);
/* Return table t to the pool if it has no valid entry left. */
void release_if_empty(struct pgtable *pt, unsigned table, unsigned s, uintptr_t block_va);

/*
 * The bytes one step of a change covers from cur: a whole supersection
 * (e is one of its entries), else up to the end of cur's top-level block.
 */
static inline size_t step_len(const struct pgtable *pt, const struct pte_info *e,
			      uintptr_t cur, size_t remaining)
{
	return e->kind == PTE_SUPERSECTION ? pt_super_size(pt->fmt)
					   : chunk_len(pt, cur, remaining);
}

/*
 * Check [va, va+size) for unmap (need_mapped = false) or protect (true):
 * 0; -ENOENT (protect: a page or block not mapped), -EINVAL (an entry this
 * builder did not write, or a supersection not whole), -ERANGE (part of a
 * supersection), -ENOMEM (too few free tables for the blocks to split).
 */
int change_check(const struct pgtable *pt, uintptr_t va, size_t size, bool need_mapped);

#endif
