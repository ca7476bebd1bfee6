/*
 * ioremap(): the only way code gets at device registers.
 *
 * Each call maps the physical range into the board's I/O window (a virtual
 * range that never overlaps RAM's mapping), privileged read/write and
 * execute-never, and returns a pointer with the same offset into its page as
 * phys (ioremap(0x09000004, 4) points 4 bytes into its page). Ranges whose
 * physical address is 1 MiB-aligned and at least 1 MiB long get 1 MiB
 * sections; the rest 4 KiB pages.
 *
 * Above 4 GiB with short descriptors (as Linux's remap_area_supersections()):
 * where the format has supersections (struct pt_format's super_pa_limit:
 * an ARMv7 CPU with them and 40-bit physical addresses), the range is
 * rounded out to whole 16 MiB and mapped as supersections at a 16 MiB-
 * aligned address of the window; the pointer returned is that base plus
 * phys's offset in it, and the registry records the whole 16 MiB (so
 * ioremap_find() and iomap show what is really mapped). ARMv5 (no
 * supersections) refuses it with -ERANGE.
 *
 *   ioremap()          Shareable Device    (ARM ARM A3.5.5)
 *   ioremap_nocache()  Strongly-ordered
 *   ioremap_wc()       Normal non-cacheable (write-combining), still XN
 *   ioremap_cache()    Normal write-back (memory behind a bus, never RAM), XN
 *
 * Refusals return NULL, leave nothing mapped, print one line saying why, and
 * leave the reason in ioremap_last_error():
 *   -EINVAL  size 0, the range passes 40-bit physical addresses (PHYS_ADDR_MAX),
 *            or (ioremap_caller) a type other than Device, Strongly-ordered,
 *            Normal non-cacheable or Normal write-back
 *   -ERANGE  the range lies above what the descriptor format reaches
 *            (pa_limit, and super_pa_limit with supersections), or it
 *            crosses pa_limit (4 GiB: supersections above, pages below;
 *            one mapping does not mix them)
 *   -EPERM   the range overlaps RAM (a Device alias of Normal memory would be
 *            a mismatched-attribute alias: ARM ARM A3.5.7). RAM is what the
 *            board or device tree reports, whether or not mapping it
 *            succeeded. Also: a mapping mmu_map() made executable (W^X)
 *   -EBUSY   the range overlaps a live mapping of another memory type (in
 *            the window, or made by mmu_map() outside it)
 *   -ENOSPC  the range (rounded to 16 MiB for supersections) is larger
 *            than the I/O window, or the window has no free range large
 *            enough (for a supersection: no free 16 MiB-aligned run)
 *   -ENOMEM  the registry is full, or no second-level table is free
 *
 * Sharing: two ioremap()s of one page get two separate mappings, each with
 * its own registry entry (as in Linux). Aliases are allowed only with the
 * same memory type, so no page is ever mapped with mismatched attributes.
 *
 * A range may end exactly at 4 GiB (ioremap(0xfffff000, 0x1000)).
 *
 * iounmap(addr) takes a pointer into the page ioremap() returned a pointer
 * into (the mapping's first page, but for a supersection the page of phys
 * inside its 16 MiB): it unmaps the whole mapping (all 16 entries of each
 * supersection), invalidates its TLB entries (by MVA for up to 64 pages;
 * the whole TLB for a section or supersection, a larger range, or when its
 * second-level table empties), and returns the virtual range (and any
 * emptied second-level table) for reuse. iounmap(NULL), of an unknown
 * pointer, or a second time prints a warning and changes nothing.
 */
#ifndef IOREMAP_H
#define IOREMAP_H

#include <stddef.h>
#include "compiler.h"
#include "pgtable.h"

#define IOREMAP_MAX	1100	/* live mappings the registry holds */

struct ioremap_entry {
	phys_addr_t phys;	/* page-aligned (16 MiB for supersections) start
				 * of what is mapped */
	uintptr_t va;		/* page-aligned */
	size_t size;		/* bytes mapped: whole pages */
	uint8_t type;		/* enum mem_type */
	const char *owner;	/* the calling function */
};

/* Set up the window from the board description. 0 or a negative errno. */
int ioremap_init(void);

void __iomem *ioremap_caller(phys_addr_t phys, size_t size, unsigned type, const char *owner);

#define ioremap(phys, size)         ioremap_caller((phys), (size), MT_DEVICE, __func__)
#define ioremap_nocache(phys, size) ioremap_caller((phys), (size), MT_STRONGLY_ORDERED, __func__)
#define ioremap_wc(phys, size)      ioremap_caller((phys), (size), MT_NORMAL_NC, __func__)
#define ioremap_cache(phys, size)   ioremap_caller((phys), (size), MT_NORMAL, __func__)

/*
 * memremap(): a plain pointer to memory-like (side-effect free) memory,
 * as in Linux. flags: MEMREMAP_WB, _WT, _WC, tried in that order; the first
 * this firmware can give wins:
 *   - RAM: only WB, and memremap() returns RAM's own identity mapping
 *     (Normal write-back): a second mapping of another type would alias it
 *     with mismatched attributes (ARM ARM A3.5.7, the ptpolicy rule);
 *   - a range inside a prefetchable PCI window or BAR (the iomem tree says
 *     so): mapped in the I/O window, WB as Normal write-back, WC as Normal
 *     non-cacheable, execute-never;
 *   - anything else is device registers: refused.
 * WT has no encoding here (the descriptor backends write WB, NC, Device and
 * Strongly-ordered only), so WT alone is refused. NULL and one line saying
 * why on refusal: -EINVAL (size 0, no known flag, WT alone, beyond
 * phys_addr_t), -EPERM (device registers), -EBUSY (RAM asked without WB),
 * or ioremap()'s errors; memremap_last_error() keeps it.
 */
#define MEMREMAP_WB	0x1u
#define MEMREMAP_WT	0x2u
#define MEMREMAP_WC	0x4u
void *memremap(uint64_t phys, size_t size, unsigned flags);
void memunmap(void *addr);
int memremap_last_error(void);

void iounmap(volatile void __iomem *addr);

/* The negative errno of the most recent refused ioremap*(), 0 if none yet. */
int ioremap_last_error(void);

/* Call fn for each live mapping in virtual-address order; stops early and
 * returns fn's value when it is non-zero. */
int ioremap_for_each(int (*fn)(void *ctx, const struct ioremap_entry *e), void *ctx);

/* The live mapping holding va (anywhere inside it), or NULL. */
const struct ioremap_entry *ioremap_find(uintptr_t va);

/* Live mappings. */
unsigned ioremap_count(void);

#endif
