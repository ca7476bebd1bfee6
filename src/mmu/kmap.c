/*
 * Temporary mappings of high RAM (include/kmap.h): one page, at the virtual
 * page just above the I/O window, made and unmade through mmu_map() and
 * mmu_unmap(), so the physical policy (one memory type per page) and
 * break-before-make hold as for every other mapping.
 */
#include <errno.h>
#include "board.h"
#include "kmap.h"
#include "mmu.h"

static bool busy;

static uintptr_t slot(void)
{
	return board.io_window_base + board.io_window_size;
}

void kmap_ram_range(phys_addr_t *base, uint64_t *size)
{
	const struct mmu_ram *ram = mmu_ram();

	*base = ram->base + ram->size;
	*size = ram->reported > ram->size ? ram->reported - ram->size : 0;
}

int kmap_phys(phys_addr_t pa, void **va)
{
	const struct pt_attrs rw = { .type = MT_NORMAL, .prot = PROT_R | PROT_W };
	phys_addr_t base, page = ALIGN_DOWN(pa, PAGE_SIZE);
	uint64_t size;
	int err;

	kmap_ram_range(&base, &size);
	if (pa < base || pa - base >= size)
		return -ERANGE;
	if (busy)
		return -EBUSY;
	err = mmu_map(slot(), page, PAGE_SIZE, rw);
	if (err)
		return err;
	busy = true;
	*va = (void *)(slot() + (uintptr_t)(pa - page));
	return 0;
}

void kunmap_phys(void)
{
	if (!busy)
		return;
	mmu_unmap(slot(), PAGE_SIZE);
	busy = false;
}
