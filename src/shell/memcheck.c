/*
 * Which peek/poke accesses the shell refuses before trying them (pure: a
 * walk of the tables it is given; see shell_access_check() in shell.h).
 */
#include "shell.h"

static bool is_device_type(unsigned type)
{
	return type == MT_DEVICE || type == MT_STRONGLY_ORDERED;
}

static bool pa_in(phys_addr_t pa, phys_addr_t start, size_t size)
{
	return pa >= start && pa - start < size;
}

int shell_access_check(const struct pgtable *pt, uintptr_t va, unsigned width, bool write,
		       phys_addr_t tables_pa, size_t tables_size, const char **why)
{
	struct pt_walk w;

	/* Each byte is judged by its own page: an unaligned access may
	 * straddle two. */
	for (unsigned i = 0; i < width; i++) {
		if (pt_walk(pt, va + i, &w))
			continue;	/* unmapped: the access shows the fault */
		/*
		 * ARM ARM (DDI 0406C) A3.2.1 and A3.5.6: an unaligned access
		 * to Device or Strongly-ordered memory is UNPREDICTABLE
		 * whatever SCTLR.A says, and a Cortex-A15 raises an alignment
		 * fault for it; an ARMv5 LDR rotates the aligned word instead
		 * of reading what was asked. QEMU does neither.
		 */
		if (va % width && is_device_type(w.attrs.type)) {
			*why = "an unaligned access to device memory faults on real CPUs "
			       "(ARM ARM A3.2.1; QEMU lets it through)";
			return -EINVAL;
		}
		/* The tables may be reached through any mapping of their
		 * pages (RAM's identity map, a later alias): judge the
		 * physical address, not the virtual one. */
		if (write && pa_in(w.pa, tables_pa, tables_size)) {
			*why = "that is the firmware's own translation tables: a write "
			       "there would corrupt the live mappings";
			return -EPERM;
		}
	}
	return 0;
}

bool mem_overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	/* Offsets, not end addresses: a range ending at 4 GiB stays right. */
	if (!alen || !blen)
		return false;
	return a >= b ? a - b < blen : b - a < alen;
}

bool mem_within(uint32_t start, uint32_t len, uint32_t base, uint32_t size)
{
	return start >= base && start - base <= size && len <= size - (start - base);
}

const struct mem_range *mem_first_overlap(const struct mem_range *r, size_t n,
					  uint32_t start, uint32_t len)
{
	for (size_t i = 0; i < n; i++)
		if (mem_overlaps(start, len, r[i].start, r[i].size))
			return &r[i];
	return NULL;
}

/* Bytes from @va to the end of the page or block @w maps it with. */
static uint32_t rest_of_mapping(const struct pgtable *pt, uintptr_t va, const struct pt_walk *w)
{
	uint32_t size = w->level == 1 ? (uint32_t)pt_block_size(pt->fmt) : PAGE_SIZE;

	return size - (uint32_t)(va & (size - 1));
}

int shell_range_check(const struct pgtable *pt, uint32_t va, uint32_t len, bool write,
		      const struct mem_range *fw, size_t n, const char **why,
		      const struct mem_range **hit)
{
	uint32_t off = 0;

	*hit = NULL;
	/* Judge each mapping the range crosses by its own attributes and
	 * physical address: RAM's identity map and any alias alike. */
	while (off < len) {
		struct pt_walk w;
		uint32_t step;

		/* Judge only the range's bytes; off never passes len, so it
		 * cannot wrap. */
		step = pt_walk(pt, va + off, &w) ? PAGE_SIZE - ((va + off) & PAGE_MASK)
						  : rest_of_mapping(pt, va + off, &w);
		if (step > len - off)
			step = len - off;
		if (w.mapped && is_device_type(w.attrs.type)) {
			*why = "that is device memory: bulk commands take Normal memory "
			       "only (reads have side effects; use md or peek)";
			return -EINVAL;
		}
		if (w.mapped && write && w.pa <= UINT32_MAX &&
		    (*hit = mem_first_overlap(fw, n, (uint32_t)w.pa, step))) {
			*why = "that is the firmware's own memory: a write there would "
			       "corrupt it";
			return -EPERM;
		}
		off += step;
	}
	return 0;
}
