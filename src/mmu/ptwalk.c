/*
 * Reading translation tables built by pgtable.c (pure, host unit-tested):
 * one address walked as the MMU would, the whole table as merged ranges,
 * and those ranges formatted for the dump.
 */
#include <errno.h>
#include <stdio.h>
#include "fmt.h"
#include "pgtable_internal.h"

int pt_walk(const struct pgtable *pt, uintptr_t va, struct pt_walk *w)
{
	const struct pt_format *f = pt->fmt;
	uint64_t l1 = get_entry(pt, pt->l1, (uint32_t)va >> f->block_shift);
	const void *l2;

	*w = (struct pt_walk){ .level = 1 };
	if (pt->root)	/* root entries are table descriptors like the top's */
		f->decode_l1(get_entry(pt, pt->root, (unsigned)(((uint64_t)va * f->root_entries) >> 32)),
			     &w->root);
	f->decode_l1(l1, &w->l1);
	switch (w->l1.kind) {
	case PTE_SUPERSECTION:	/* pa: the 16 MiB base, any of its 16 entries
				 * (whether or not this format writes them) */
		w->pa = w->l1.pa | (va & ((1u << PT_SUPERSECTION_SHIFT) - 1));
		w->attrs = w->l1.attrs;
		w->mapped = true;
		return 0;
	case PTE_SECTION:
		w->pa = w->l1.pa | (va & (pt_block_size(f) - 1));
		w->attrs = w->l1.attrs;
		w->mapped = true;
		return 0;
	case PTE_TABLE:
		w->level = 2;
		l2 = pt_l2_table(pt, l1);
		if (!l2)
			return -ENOENT;
		f->decode_l2(get_entry(pt, l2, ((uint32_t)va >> 12) & (f->next_entries - 1u)), &w->l2);
		if (w->l2.kind != PTE_PAGE)
			return -ENOENT;
		w->pa = w->l2.pa | (va & PAGE_MASK);
		w->attrs = w->l2.attrs;
		w->mapped = true;
		return 0;
	default:
		return -ENOENT;
	}
}

struct range_acc {
	struct pt_range cur;
	uint32_t block;		/* the format's top-level block size */
	bool open;
	int (*fn)(void *ctx, const struct pt_range *r);
	void *ctx;
};

static int range_flush(struct range_acc *acc)
{
	int ret = 0;

	if (acc->open)
		ret = acc->fn(acc->ctx, &acc->cur);
	acc->open = false;
	return ret;
}

/* Add one mapped unit (a block or a page) to the run being merged. */
static int range_add(struct range_acc *acc, uintptr_t va, const struct pte_info *e, uint32_t size)
{
	struct pt_range *c = &acc->cur;
	bool joins = acc->open && va == c->va + c->size && e->pa == c->pa + c->size &&
		     e->attrs.type == c->attrs.type && e->attrs.prot == c->attrs.prot &&
		     e->shareable == c->shareable && c->size <= UINT32_MAX - size;
	int ret;

	if (!joins) {
		ret = range_flush(acc);
		if (ret)
			return ret;
		*c = (struct pt_range){ .va = va, .pa = e->pa, .attrs = e->attrs,
					.shareable = e->shareable };
		acc->open = true;
	}
	c->size += size;
	if (size > acc->block)
		c->supersections++;
	else if (size > PAGE_SIZE)
		c->sections++;
	else
		c->pages++;
	return 0;
}

/*
 * A run of fault entries (0 in every format) ends the range being merged
 * and is stepped over in one scan, without decoding: most of a table is
 * unmapped, and every alias check walks all of it. Returns how many.
 */
static unsigned skip_faults(const struct pgtable *pt, struct range_acc *acc, const void *table,
			    unsigned k, unsigned n, int *ret)
{
	unsigned run = leading_faults(pt, table, k, n - k);

	if (run)
		*ret = range_flush(acc);
	return run;
}

/*
 * How many entries of table from entry k (below n, at most max) continue a
 * run after prev: each mapping the next step bytes (a page, or a top-level
 * block) with the same attributes. In every format here the output address
 * of a page or block is its bits [39:12] or [31:12] above the unit's size,
 * and everything else is attributes (ARM ARM B3.5.1 section and small
 * page, B3.6.2 level 2 block and level 3 page; ARMv5 section and small
 * page), so that is d == prev + step with no carry out of bit 39 (bit 31):
 * no decode needed. One loop per width: runs (the image, a task's memory,
 * RAM's blocks) are most of a walk, and every alias check walks it all.
 */
static unsigned next_run(const struct pgtable *pt, const void *table, unsigned k, unsigned n,
			 uint64_t prev, uint32_t step, unsigned max)
{
	unsigned i = k, end = n - k > max ? k + max : n;

	if (pt->fmt->desc_bytes == 8) {
		const volatile uint64_t *e = table;

		for (uint64_t d; i < end && (d = e[i]) == prev + step && !((d ^ prev) >> 40); i++)
			prev = d;
	} else {
		const uint32_t *e = table;

		for (; i < end && e[i] == (uint32_t)prev + step && e[i] > (uint32_t)prev; i++)
			prev = e[i];
	}
	return i - k;
}

/* Entries [k0, n) of next-level table l2 at VA base, of which at most live
 * are not faults (pgtable.c keeps that count per table, l2_live): once they
 * are all seen, the rest is faults and is not scanned. */
static int walk_l2(const struct pgtable *pt, struct range_acc *acc, const void *l2, uintptr_t base,
		   unsigned k0, unsigned n, unsigned live)
{
	uint64_t prev = 0;	/* the page entry k - 1, when chained */
	bool chained = false;	/* entry k - 1 was a page, the open range's last */

	for (unsigned k = k0; k < n; k++) {
		struct pte_info p;
		uint64_t d;
		int ret = 0;
		unsigned faults, more;

		if (!live)	/* only faults from k on: they end the range */
			return range_flush(acc);
		faults = skip_faults(pt, acc, l2, k, n, &ret);
		if (faults)
			chained = false;	/* the range was flushed */
		k += faults;
		if (ret || k == n)
			return ret;
		d = get_entry(pt, l2, k);
		live--;
		if (chained && (more = next_run(pt, l2, k, n, prev, PAGE_SIZE,
						(UINT32_MAX - acc->cur.size) / PAGE_SIZE))) {
			/* This page and the run after it: no decode, no call. */
			acc->cur.size += more * PAGE_SIZE;
			acc->cur.pages += more;
			prev = get_entry(pt, l2, k + more - 1);
			live -= more - 1;
			k += more - 1;
			continue;
		}
		pt->fmt->decode_l2(d, &p);
		chained = p.kind == PTE_PAGE;
		ret = chained ? range_add(acc, base + k * PAGE_SIZE, &p, PAGE_SIZE) : range_flush(acc);
		if (ret)
			return ret;
		prev = d;
	}
	return 0;
}

/*
 * Top-level entries [i0, i1] and, in the tables among them, next-level
 * entries from k0 in the first and below k1 in the last: the whole table,
 * or the part that holds [va, va+size) (pt_for_each_range_in()).
 */
static int walk_top(const struct pgtable *pt, struct range_acc *acc, unsigned i0, unsigned i1,
		    unsigned k0, unsigned k1)
{
	const uint32_t block = acc->block;
	const unsigned n = i1 + 1, per = pt->fmt->next_entries;
	uint64_t prev = 0;	/* the section entry i - 1, when chained */
	bool chained = false;	/* entry i - 1 was a section, the open range's last */

	for (unsigned i = i0; i < n; i++) {
		uintptr_t va;
		uint64_t d;
		const void *l2;
		struct pte_info e;
		int ret = 0, t;
		unsigned faults = skip_faults(pt, acc, pt->l1, i, n, &ret), more;

		if (faults)
			chained = false;	/* the range was flushed */
		i += faults;
		if (ret || i == n)
			return ret;
		va = (uintptr_t)i << pt->fmt->block_shift;
		d = get_entry(pt, pt->l1, i);
		if (chained && (more = next_run(pt, pt->l1, i, n, prev, block,
						(UINT32_MAX - acc->cur.size) / block))) {
			/* This section and the run after it (RAM's blocks). */
			acc->cur.size += more * block;
			acc->cur.sections += more;
			prev = get_entry(pt, pt->l1, i + more - 1);
			i += more - 1;
			continue;
		}
		pt->fmt->decode_l1(d, &e);
		chained = e.kind == PTE_SECTION;
		prev = d;
		if (e.kind == PTE_SUPERSECTION && super_intact(pt, i)) {
			ret = range_add(acc, va, &e, (uint32_t)pt_super_size(pt->fmt));
			i += pt_super_entries(pt->fmt) - 1;	/* its other 15 entries */
		} else if (e.kind == PTE_SECTION) {
			ret = range_add(acc, va, &e, block);
		} else if (e.kind == PTE_TABLE && (l2 = l2_of(pt, d, &t))) {
			/* The whole table's live count bounds any part of it. */
			ret = walk_l2(pt, acc, l2, va, i == i0 ? k0 : 0, i == i1 ? k1 : per,
				      pt->l2_live[t]);
		} else {
			ret = range_flush(acc);
		}
		if (ret)
			return ret;
	}
	return 0;
}

int pt_for_each_range(const struct pgtable *pt,
		      int (*fn)(void *ctx, const struct pt_range *r), void *ctx)
{
	struct range_acc acc = { .fn = fn, .ctx = ctx, .block = (uint32_t)pt_block_size(pt->fmt) };
	int ret = walk_top(pt, &acc, 0, pt->fmt->top_entries - 1, 0, pt->fmt->next_entries);

	return ret ? ret : range_flush(&acc);
}

size_t pt_range_part(const struct pt_range *r, uint64_t va, uint64_t end, phys_addr_t *pa)
{
	uint64_t start = r->va > va ? r->va : va;
	uint64_t stop = (uint64_t)r->va + r->size < end ? (uint64_t)r->va + r->size : end;

	if (start >= stop)
		return 0;
	*pa = (phys_addr_t)(r->pa + (start - r->va));
	return (size_t)(stop - start);
}

int pt_for_each_range_in(const struct pgtable *pt, uintptr_t va, size_t size,
			 int (*fn)(void *ctx, const struct pt_range *r), void *ctx)
{
	struct range_acc acc = { .fn = fn, .ctx = ctx, .block = (uint32_t)pt_block_size(pt->fmt) };
	uint64_t end = (uint64_t)va + size - 1;
	uint32_t last = end > UINT32_MAX ? UINT32_MAX : (uint32_t)end;
	int ret;

	if (!size || va > UINT32_MAX)
		return 0;
	ret = walk_top(pt, &acc, top_index(pt, va), top_index(pt, last), next_index(pt, va),
		       next_index(pt, last) + 1u);
	return ret ? ret : range_flush(&acc);
}

const char *mem_type_name(unsigned type)
{
	static const char *const names[] = {
		[MT_NONE] = "none", [MT_NORMAL] = "normal", [MT_NORMAL_NC] = "normal-nc",
		[MT_DEVICE] = "device", [MT_STRONGLY_ORDERED] = "strongly-ordered",
		[MT_UNKNOWN] = "other",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "other";
}

void prot_str(unsigned prot, char *buf)
{
	buf[0] = (prot & PROT_R) ? 'r' : '-';
	buf[1] = (prot & PROT_W) ? 'w' : '-';
	buf[2] = (prot & PROT_X) ? 'x' : '-';
	buf[3] = (prot & PROT_U) ? 'u' : '\0';
	buf[4] = '\0';
}

int __cold pt_range_format(const struct pt_range *r, char *buf, size_t n)
{
	char prot[5], pa[PHYS_STR_LEN], supers[32] = "";
	unsigned long size = r->size;
	const char *unit = "K";

	prot_str(r->attrs.prot, prot);
	if (size % 0x100000u == 0) {
		size /= 0x100000u;
		unit = "M";
	} else {
		size /= 1024;
	}
	/* the end is inclusive, so a run reaching 4 GiB prints as 0xffffffff */
	if (r->supersections)
		fmt_snprintf(supers, sizeof(supers), ", %u supersection%s", r->supersections,
			 r->supersections == 1 ? "" : "s");
	return fmt_snprintf(buf, n, "0x%08lx-0x%08lx %5lu%s  pa %s  %-16s %-3s %s  %u section%s, %u page%s%s",
			(unsigned long)r->va, (unsigned long)(r->va + (r->size - 1)), size, unit,
			phys_str(r->pa, pa), mem_type_name(r->attrs.type), prot,
			r->shareable ? "sh" : "--",
			r->sections, r->sections == 1 ? "" : "s", r->pages, r->pages == 1 ? "" : "s",
			supers);
}
