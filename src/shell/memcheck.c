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
