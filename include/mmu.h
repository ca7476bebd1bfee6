/*
 * The live MMU: the firmware's own translation tables, built in RAM at boot.
 *
 * Memory map after mmu_init() (identity-mapped RAM; everything else faults):
 *   page 0 .................... unmapped (NULL dereferences abort)
 *   RAM below the image ....... read-only, execute-never (the device tree)
 *   .text ..................... read-only, executable
 *   .rodata ................... read-only, execute-never
 *   .data/.bss, stacks, heap .. read-write, execute-never
 *   stack guard pages ......... unmapped, one below each stack
 *   translation tables ........ read-write, execute-never
 *   the rest of RAM ........... read-write, execute-never, 1 MiB sections
 *   I/O window ................ only what ioremap() maps (include/ioremap.h)
 * Normal memory is write-back write-allocate, shareable. No page is ever both
 * writable and executable.
 *
 * The policy is physical, not per mapping: no page is mapped with two memory
 * types at once (ARM ARM A3.5.7), and where the MMU can forbid execution no
 * page is writable through one mapping and executable through another.
 * Every change of the live tables runs with IRQs masked (break-before-make
 * leaves entries invalid for a moment).
 *
 * Errors are those of include/pgtable.h, plus -ERANGE for a range that
 * overlaps the I/O window through mmu_map/unmap/protect (the window is
 * ioremap()'s), -EBUSY for a mapping of another memory type over the same
 * physical pages, and -EPERM for a writable alias of an executable page or
 * the reverse (pt_alias_check()).
 */
#ifndef MMU_H
#define MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "pgtable.h"

struct mmu_ram {
	phys_addr_t base;
	size_t size;		/* what the firmware maps (clamped below the I/O window) */
	uint64_t reported;	/* what the device tree (or the default) said: RAM,
				 * contiguous from base, whether or not it could be
				 * mapped (it may reach past the I/O window and
				 * 4 GiB; never less than the image) */
	bool from_dt;
};

/* One region of the image, as the linker laid it out. */
struct image_region {
	const char *name;
	uintptr_t start, end;	/* end exclusive; both page-aligned */
	uint8_t prot;		/* PROT_*; 0 = a guard page, left unmapped */
};

/*
 * Build the tables for the image, in RAM starting at ram_base, turn the MMU
 * on, then map the RAM below the image (read-only: the device tree). Runs
 * once, with the MMU off. 0, or a negative errno (the MMU is off again).
 */
int mmu_init(phys_addr_t ram_base);

/*
 * Record size as the RAM the board or device tree reports, all of it, even
 * what lies past the I/O window or 4 GiB (ioremap() refuses all of it), then
 * map the rest of RAM, from the end of the image to ram_base + size (clamped
 * below the I/O window), read-write. Once, after mmu_init(). -ERANGE if size
 * does not even cover the image; the errors of pt_map() otherwise. A failure
 * leaves the fact recorded.
 */
int mmu_add_ram(uint64_t size, bool from_dt);

const struct mmu_ram *mmu_ram(void);

/* The image's regions in address order, guards included; *n gets the count. */
const struct image_region *mmu_image_regions(size_t *n);

/* The live table (for walkers such as the dump and ioremap). */
struct pgtable *mmu_pgtable(void);

/* Map, unmap or re-protect a range of the live tables outside the I/O
 * window, with every cache and TLB operation it needs (see pgtable.h for the
 * contracts) and the physical policy checked against every other mapping. */
int mmu_map(uintptr_t va, phys_addr_t pa, size_t size, struct pt_attrs attrs);
int mmu_unmap(uintptr_t va, size_t size);
int mmu_protect(uintptr_t va, size_t size, struct pt_attrs attrs);

/* For ioremap() only: map or unmap inside the I/O window (-ERANGE for a
 * range not wholly inside it); the registry checks the policy. */
int mmu_io_map(uintptr_t va, phys_addr_t pa, size_t size, struct pt_attrs attrs);
int mmu_io_unmap(uintptr_t va, size_t size);

/* Pages mapped outside the I/O window of memory that is not RAM (by
 * mmu_map(); each map and unmap keeps the count, page by page): only when
 * there are any can a new ioremap() alias one that the registry does not
 * know, so only then must it walk the tables. */
unsigned mmu_foreign_mappings(void);

/* Translate va by walking the tables: 0 and *pa, or -ENOENT if unmapped. */
int virt_to_phys(uintptr_t va, phys_addr_t *pa);

/* Turn the MMU off (cleaning the caches first) and on again with the same
 * tables. Only identity-mapped code may call these. IRQs stay masked from
 * mmu_off() to mmu_on(): with the MMU off, every ioremap()ed register a
 * handler would touch is unreachable. */
void mmu_off(void);
void mmu_on(void);
bool mmu_is_on(void);

/* Print the live tables as merged ranges, one per line. */
void mmu_dump(void);

/* Bytes of translation-table memory in use (L1 + L2 tables). */
size_t mmu_table_bytes(void);

#endif
