/*
 * Generic two-level translation-table builder over plain buffers; the
 * geometry (descriptor width, entries and block size per level) comes from
 * the format (include/pgtable.h), one mapping rule serves both levels.
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
 *
 * 8-byte descriptors are written with one 64-bit store: with LPAE, an
 * aligned LDRD/STRD is single-copy atomic (ARM ARM A3.5.3), so the walker
 * never sees half a descriptor.
 */
#include <errno.h>
#include <string.h>
#include "pgtable_internal.h"

/* Zero a whole table: memset(), which on the target stores 32 bytes an
 * instruction (src/boot/memset.S), aligned, so also with the MMU off. */
static void zero_table(void *p, size_t bytes)
{
	memset(p, 0, bytes);
}

/* ---- descriptors of either width ---- */

uint64_t pt_entry(const struct pgtable *pt, const void *table, unsigned i)
{
	return get_entry(pt, table, i);
}

/*
 * n entries of table from entry i: desc, desc + step, desc + 2 * step, ...
 * (a run: the output address sits at its natural bit position, so stepping
 * the descriptor steps the address). One loop per width, the same body:
 * one store a descriptor (for 8 bytes one 64-bit store, single-copy atomic,
 * A3.5.3, so the walker never sees half of one), four a turn (the image is
 * mapped page by page at boot: about 200 of them).
 */
#define DEFINE_FILL_RUN(name, entry_t, value_t)				\
static void name(entry_t *e, size_t n, value_t d, uint32_t step)	\
{									\
	for (size_t q = n / 4; q; q--, e += 4) {			\
		e[0] = d, d += step;					\
		e[1] = d, d += step;					\
		e[2] = d, d += step;					\
		e[3] = d, d += step;					\
	}								\
	for (n &= 3; n; n--, e++, d += step)				\
		*e = d;							\
}
DEFINE_FILL_RUN(fill_run32, uint32_t, uint32_t)
DEFINE_FILL_RUN(fill_run64, volatile uint64_t, uint64_t)

void fill_run(const struct pgtable *pt, void *table, unsigned i, size_t n, uint64_t desc,
	      uint32_t step)
{
	if (n == 1)		/* one ioremap() page or section: no loop to set up */
		set_entry(pt, table, i, desc);
	else if (pt->fmt->desc_bytes == 8)
		fill_run64((volatile uint64_t *)table + i, n, desc, step);
	else
		fill_run32((uint32_t *)table + i, n, (uint32_t)desc, step);
}

static size_t top_bytes(const struct pt_format *f)
{
	return (size_t)f->top_entries * f->desc_bytes;
}

int attrs_check(struct pt_attrs a)
{
	if (a.type == MT_NONE || a.type >= MT_UNKNOWN || !(a.prot & PROT_R) ||
	    (a.prot & ~(PROT_R | PROT_W | PROT_X | PROT_U)))
		return -EINVAL;
	if ((a.prot & PROT_W) && (a.prot & PROT_X))
		return -EPERM;		/* W^X: never both */
	return 0;
}

/* ---- second-level table pool ---- */

unsigned l2_take(struct pgtable *pt)
{
	unsigned i = 0;

	while (pt->l2_allocated[i])	/* callers checked l2_free_count() */
		i++;
	pt->l2_allocated[i] = 1;
	pt->l2_live[i] = 0;
	pt->l2_in_use++;
	if (!pt->l2_clean[i])	/* never used: the pool starts as garbage */
		zero_table(l2_at(pt, i), pt_next_bytes(pt->fmt));
	return i;
}

/* A table returns to the pool only once no entry is valid, and the builder
 * writes 0 for every entry it clears: it is all zero, no need to zero it
 * again when it is next taken (a 4 KiB LPAE table is 512 stores). */
static void l2_release(struct pgtable *pt, unsigned i)
{
	pt->l2_allocated[i] = 0;
	pt->l2_clean[i] = 1;
	pt->l2_in_use--;
}

static phys_addr_t l2_phys(const struct pgtable *pt, unsigned i)
{
	return pt->l2_pa + i * pt_next_bytes(pt->fmt);
}

/* A new table: all of it, zeroes included, must be visible to the walker
 * before the top entry that points at it (B3.10.1). */
void link_table(struct pgtable *pt, unsigned s, unsigned t)
{
	pt_sync(pt, l2_at(pt, t), 0, pt->fmt->next_entries);
	set_entry(pt, pt->l1, s, pt->fmt->table(l2_phys(pt, t)));
	pt_sync(pt, pt->l1, s, 1);
}

int pt_init(struct pgtable *pt, const struct pt_format *fmt,
	    void *l1, phys_addr_t l1_pa,
	    void *l2pool, phys_addr_t l2_pa, unsigned l2_count)
{
	size_t next = fmt ? pt_next_bytes(fmt) : 1;

	if (!fmt || !l1 || !IS_ALIGNED(l1_pa, PT_TOP_BYTES) ||
	    !IS_ALIGNED((uintptr_t)l1, PT_TOP_BYTES) || l2_count > PT_L2_POOL_MAX ||
	    (l2_count && (!l2pool || !IS_ALIGNED(l2_pa, next) ||
			  !IS_ALIGNED((uintptr_t)l2pool, next))))
		return -EINVAL;

	*pt = (struct pgtable){
		.fmt = fmt, .l1 = l1, .l1_pa = l1_pa,
		.l2 = l2pool, .l2_pa = l2_pa, .l2_count = l2_count,
	};
	zero_table(l1, top_bytes(fmt));
	return 0;
}

int pt_set_root(struct pgtable *pt, void *root, phys_addr_t root_pa)
{
	const struct pt_format *f = pt->fmt;
	size_t bytes = (size_t)f->root_entries * f->desc_bytes;
	size_t share = top_bytes(f) / (f->root_entries ? f->root_entries : 1);

	if (!f->root_entries || !root || !IS_ALIGNED(root_pa, bytes) ||
	    !IS_ALIGNED((uintptr_t)root, bytes))
		return -EINVAL;
	pt->root = root;
	pt->root_pa = root_pa;
	for (unsigned i = 0; i < f->root_entries; i++)
		set_entry(pt, root, i, f->table(pt->l1_pa + i * share));
	pt_sync(pt, root, 0, f->root_entries);
	return 0;
}

phys_addr_t pt_base_pa(const struct pgtable *pt)
{
	return pt->root ? pt->root_pa : pt->l1_pa;
}

/* Count the valid entries among n entries of table from entry k. */
unsigned count_valid(const struct pgtable *pt, const void *table, unsigned k, unsigned n)
{
	unsigned valid = 0;

	for (unsigned i = k; i < k + n; i++)
		valid += get_entry(pt, table, i) != 0;
	return valid;
}

__cold bool super_intact(const struct pgtable *pt, unsigned s)
{
	unsigned per = pt_super_entries(pt->fmt);
	uint64_t d = get_entry(pt, pt->l1, s);

	if (!per || (s & (per - 1)))
		return false;
	for (unsigned k = 1; k < per; k++)
		if (get_entry(pt, pt->l1, s + k) != d)
			return false;
	return true;
}

static bool any_valid(const struct pgtable *pt, const void *table, unsigned k, unsigned n)
{
	return leading_faults(pt, table, k, n) < n;
}

/*
 * Split the live block in top slot s into pages with the same attributes:
 * build the table, then break (clear, sync, invalidate) and make.
 */
unsigned split_section(struct pgtable *pt, unsigned s, uintptr_t block_va)
{
	struct pte_info sec;
	unsigned i = l2_take(pt), n = pt->fmt->next_entries;
	void *t = l2_at(pt, i);

	pt->fmt->decode_l1(get_entry(pt, pt->l1, s), &sec);
	fill_run(pt, t, 0, n, pt->fmt->page(sec.pa, sec.attrs), PAGE_SIZE);
	pt->l2_live[i] = (uint16_t)n;
	pt_sync(pt, t, 0, n);

	/* The pages translate exactly as the block did: no cache line
	 * changes meaning, only the TLB entry must go. */
	set_entry(pt, pt->l1, s, 0);
	pt_sync(pt, pt->l1, s, 1);
	pt_inval(pt, block_va, block_size(pt), false);
	set_entry(pt, pt->l1, s, pt->fmt->table(l2_phys(pt, i)));
	pt_sync(pt, pt->l1, s, 1);
	return i;
}

/*
 * Clear the live entries among n entries of next-level table t from entry
 * k, covering va..; the break half of break-before-make. flush: what was
 * cacheable is going away or becoming non-cacheable, so each run of
 * cacheable pages is flushed first, all of them before any entry is
 * cleared: by-VA maintenance needs the old translation (it may fault on an
 * unmapped VA, ARM ARM B2.2.6).
 */
void clear_pages(struct pgtable *pt, unsigned t, unsigned k0, unsigned n, uintptr_t va,
			bool flush)
{
	void *tbl = l2_at(pt, t);
	unsigned cleared = 0, run = 0;
	bool cached = false;

	for (unsigned k = 0; k <= n; k++) {
		uint64_t d = k < n ? get_entry(pt, tbl, k0 + k) : 0;
		bool c = d && pt->fmt->page_cacheable(d);

		cached |= c;
		cleared += d != 0;
		if (flush && c) {
			run++;
			continue;
		}
		if (run)
			pt_flush(pt, va + (k - run) * PAGE_SIZE, (size_t)run * PAGE_SIZE);
		run = 0;
	}
	for (unsigned k = 0; k < n; k++)
		set_entry(pt, tbl, k0 + k, 0);
	pt->l2_live[t] -= cleared;
	pt_sync(pt, tbl, k0, n);
	pt_inval(pt, va, (size_t)n * PAGE_SIZE, cached);
}

/* clear_pages() of one page (one ioremap() or user page): no runs to find,
 * and a function small enough to save few registers. */
void clear_page(struct pgtable *pt, unsigned t, unsigned k, uintptr_t va, bool flush)
{
	void *tbl = l2_at(pt, t);
	uint64_t d = get_entry(pt, tbl, k);
	bool cached = d && pt->fmt->page_cacheable(d);

	if (flush && cached)
		pt_flush(pt, va, PAGE_SIZE);
	set_entry(pt, tbl, k, 0);
	pt->l2_live[t] -= d != 0;
	pt_sync(pt, tbl, k, 1);
	pt_inval(pt, va, PAGE_SIZE, cached);
}

/* Drop an emptied L2 table: clear its top entry, then return it to the pool. */
void release_if_empty(struct pgtable *pt, unsigned table, unsigned s, uintptr_t block_va)
{
	if (pt->l2_live[table])
		return;
	set_entry(pt, pt->l1, s, 0);
	pt_sync(pt, pt->l1, s, 1);
	pt_inval(pt, block_va, block_size(pt), false);	/* its pages were done */
	l2_release(pt, table);
}

/* ---- map ---- */

static int map_check(const struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t size)
{
	unsigned need = 0;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;
		uint64_t l1 = get_entry(pt, pt->l1, top_index(pt, cur));
		struct pte_info e;
		const void *l2;

		n = chunk_len(pt, cur, size - off);
		if (!l1) {			/* a fault entry in every format */
			if (!section_fits(pt, cur, pa + off, n)) {
				need++;		/* pages: a table from the pool */
				continue;
			}
			/* Whole blocks over fault entries need nothing: skip
			 * the run of them in one scan (RAM is thousands). */
			n = leading_faults(pt, pt->l1, top_index(pt, cur),
					   (unsigned)((size - off) >> pt->fmt->block_shift)) *
			    block_size(pt);
			continue;
		}
		/* One of our tables (the usual case) needs no decoding. */
		l2 = l2_of(pt, l1, NULL);
		if (!l2) {
			pt->fmt->decode_l1(l1, &e);
			return e.kind == PTE_TABLE ? -EINVAL : -EEXIST;	/* not ours : mapped */
		}
		if (any_valid(pt, l2, next_index(pt, cur), n / PAGE_SIZE))
			return -EEXIST;
	}
	return need > l2_free_count(pt) ? -ENOMEM : 0;
}

size_t map_blocks(struct pgtable *pt, unsigned s, phys_addr_t pa, size_t size,
		  struct pt_attrs attrs)
{
	size_t run = size / block_size(pt);

	fill_run(pt, pt->l1, s, run, pt->fmt->section(pa, attrs), (uint32_t)block_size(pt));
	pt_sync(pt, pt->l1, s, run);
	return run * block_size(pt);
}

/* Write pages entries of table t (at tbl) from entry k0, desc and on, and
 * make them visible to the walker. */
static void fill_pages(struct pgtable *pt, void *tbl, unsigned t, unsigned k0, unsigned pages,
		       uint64_t desc)
{
	if (pages == 1)		/* one ioremap() or user page */
		set_entry(pt, tbl, k0, desc);
	else
		fill_run(pt, tbl, k0, pages, desc, PAGE_SIZE);
	pt->l2_live[t] += pages;
	pt_sync(pt, tbl, k0, pages);
}

/* n bytes of pages at va (inside one block) to pa. */
static void map_pages(struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t n,
		      struct pt_attrs attrs)
{
	unsigned s = top_index(pt, va), k0 = next_index(pt, va), pages = n / PAGE_SIZE;
	uint64_t slot = get_entry(pt, pt->l1, s);
	void *tbl;
	int t;

	if (slot) {
		tbl = l2_of(pt, slot, &t);
		fill_pages(pt, tbl, (unsigned)t, k0, pages, pt->fmt->page(pa, attrs));
		return;
	}
	t = (int)l2_take(pt);
	tbl = l2_at(pt, (unsigned)t);
	fill_pages(pt, tbl, (unsigned)t, k0, pages, pt->fmt->page(pa, attrs));
	link_table(pt, s, (unsigned)t);
}

/*
 * Output addresses only supersections reach (at or above pa_limit): the
 * whole range must lie there, below super_pa_limit, with va, pa and size
 * 16 MiB-aligned, or the format cannot map it.
 */
static __cold bool super_range_ok(const struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t size)
{
	const struct pt_format *f = pt->fmt;
	size_t ss = pt_super_size(f);

	return ss && pa >= f->pa_limit && pa < f->super_pa_limit &&
	       size <= f->super_pa_limit - pa && IS_ALIGNED(va, ss) && IS_ALIGNED(pa, ss) &&
	       IS_ALIGNED(size, ss);
}

/*
 * [va, va+size) as supersections: every top-level entry it covers must be
 * a fault entry (-EEXIST otherwise). Each supersection's descriptor goes
 * into all of its 16 entries (B3.5.1), then they are synced together; they
 * were invalid, so nothing needs breaking. A run is not stepped through one
 * encoding: the base is split across bits [31:24], [23:20] and [8:5].
 */
static __cold int map_supersections(struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t size,
			     struct pt_attrs attrs)
{
	size_t ss = pt_super_size(pt->fmt);
	unsigned per = pt_super_entries(pt->fmt), s0 = top_index(pt, va);

	if (count_valid(pt, pt->l1, s0, (unsigned)(size / block_size(pt))))
		return -EEXIST;
	for (size_t off = 0; off < size; off += ss) {
		unsigned s = top_index(pt, va + off);

		fill_run(pt, pt->l1, s, per, pt->fmt->supersection(pa + off, attrs), 0);
		pt_sync(pt, pt->l1, s, per);
	}
	return 0;
}

/*
 * The usual case (one ioremap() or user page): the whole range inside one
 * top slot that holds one of our tables. Checked and mapped on one lookup
 * of the table; *err is pt_map()'s result. False: not that case, nothing
 * done.
 */
static bool map_in_table(struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t size,
			 struct pt_attrs attrs, int *err)
{
	unsigned k0 = next_index(pt, va), pages = size / PAGE_SIZE;
	uint64_t slot = get_entry(pt, pt->l1, top_index(pt, va));
	void *tbl;
	int t;

	if (!slot || chunk_len(pt, va, size) != size)
		return false;
	tbl = l2_of(pt, slot, &t);
	if (!tbl)
		return false;
	*err = (pages == 1 ? get_entry(pt, tbl, k0) != 0 : any_valid(pt, tbl, k0, pages)) ?
	       -EEXIST : 0;
	if (!*err)
		fill_pages(pt, tbl, (unsigned)t, k0, pages, pt->fmt->page(pa, attrs));
	return true;
}

int pt_map(struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t size,
	   struct pt_attrs attrs)
{
	bool super = pa >= pt->fmt->pa_limit || size > pt->fmt->pa_limit - pa;
	int err;

	if (!range_ok(va, size) || !IS_ALIGNED(pa, PAGE_SIZE) ||
	    (super && !super_range_ok(pt, va, pa, size)))
		return -EINVAL;
	err = attrs_check(attrs);
	if (err)
		return err;
	if (super)
		return map_supersections(pt, va, pa, size, attrs);
	if (map_in_table(pt, va, pa, size, attrs, &err))
		return err;
	err = map_check(pt, va, pa, size);
	if (err)
		return err;

	for (size_t off = 0, n; off < size; off += n) {
		uintptr_t cur = va + off;

		n = chunk_len(pt, cur, size - off);
		if (section_fits(pt, cur, pa + off, n)) {
			n = map_blocks(pt, top_index(pt, cur), pa + off,
				       ALIGN_DOWN(size - off, block_size(pt)), attrs);
			continue;
		}
		map_pages(pt, cur, pa + off, n, attrs);
	}
	return 0;
}

const void *pt_l2_table(const struct pgtable *pt, uint64_t l1desc)
{
	return l2_of(pt, l1desc, NULL);
}

void pt_usage(const struct pgtable *pt, struct pt_usage *u)
{
	u->root = pt->root ? (size_t)pt->fmt->root_entries * pt->fmt->desc_bytes : 0;
	u->top = top_bytes(pt->fmt);
	u->next = (size_t)pt->l2_in_use * pt_next_bytes(pt->fmt);
}

size_t pt_bytes_in_use(const struct pgtable *pt)
{
	struct pt_usage u;

	pt_usage(pt, &u);
	return u.root + u.top + u.next;
}
