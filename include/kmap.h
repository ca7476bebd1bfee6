/*
 * RAM the identity map leaves out (what lies at or above the I/O window,
 * and all RAM above 4 GiB: `-m 4096` and more on virt), reached one page at
 * a time through a reserved virtual slot: the page just above the I/O
 * window (kmap() in Linux's HIGHMEM, memremap() for RAM).
 *
 * kmap_phys(pa, &va) maps the page holding pa, Normal write-back,
 * read-write, execute-never, and sets *va to pa's address through it.
 * One mapping at a time. 0, or:
 *   -ERANGE  pa is not high RAM (RAM below the window is reached at its own
 *            address; anything else is not RAM)
 *   -EBUSY   the slot is in use: kunmap_phys() first
 *   -EINVAL  the tables cannot reach pa (short descriptors above 4 GiB:
 *            only 16 MiB supersections reach there, and the slot is one
 *            page; a supersection would take 16 MiB of address space for
 *            each page looked at, so kmap refuses rather than map one)
 * kunmap_phys() unmaps the slot (the page is cleaned out of the data cache
 * first, as every unmap of Normal memory is); nothing if it is free.
 */
#ifndef KMAP_H
#define KMAP_H

#include <stdint.h>
#include "compiler.h"

/* The high RAM: [*base, *base + *size); *size 0 if there is none. */
void kmap_ram_range(phys_addr_t *base, uint64_t *size);

int kmap_phys(phys_addr_t pa, void **va);
void kunmap_phys(void);

#endif
