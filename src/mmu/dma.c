/* The DMA API on target. See include/dma.h. */
#include <errno.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "arch.h"
#include "dma.h"
#include "mmu.h"
#include "resource.h"

/* Is [va, va + size) in mapped RAM (identity: va is the physical address)? */
static bool in_mapped_ram(uintptr_t va, size_t size)
{
	const struct mmu_ram *ram = mmu_ram();

	return size && va >= ram->base && va - ram->base <= ram->size &&
	       size <= ram->size - (va - ram->base);
}

static int check_reach(const struct dma_dev *dev, uintptr_t phys, size_t size)
{
	uint64_t bus = (uint64_t)phys + dev->bus_offset;
	char a[17], b[17], m[17];

	if (dma_reachable(dev->mask, bus, size))
		return 0;
	fmt_hex64(a, bus, 8);
	fmt_hex64(b, bus + size - 1, 8);
	fmt_hex64(m, dev->mask, 8);
	printf("dma: %s cannot reach 0x%s-0x%s: its DMA mask is 0x%s\n", dev->name, a, b, m);
	return -ERANGE;
}

static void sync(uintptr_t va, size_t size, unsigned ops)
{
	if (ops == (DMA_SYNC_CLEAN | DMA_SYNC_INVAL))
		arch_dcache_clean_inval_range(va, size);
	else if (ops == DMA_SYNC_CLEAN)
		arch_dcache_clean_range(va, size);
	else if (ops == DMA_SYNC_INVAL)
		arch_dcache_inval_range(va, size);
}

int dma_map_single(const struct dma_dev *dev, void *cpu, size_t size,
		   enum dma_data_direction dir, dma_addr_t *handle)
{
	uintptr_t va = (uintptr_t)cpu;
	int err;

	if (!in_mapped_ram(va, size)) {
		printf("dma: %s: buffer %p+%lu is not in mapped RAM\n", dev->name, cpu,
		       (unsigned long)size);
		return -EINVAL;
	}
	err = check_reach(dev, va, size);
	if (err)
		return err;
	sync(va, size, dma_sync_ops(dir, true));
	*handle = (uint64_t)va + dev->bus_offset;
	return 0;
}

void dma_unmap_single(const struct dma_dev *dev, dma_addr_t handle, size_t size,
		      enum dma_data_direction dir)
{
	uintptr_t va = (uintptr_t)(handle - dev->bus_offset);

	if (in_mapped_ram(va, size))
		sync(va, size, dma_sync_ops(dir, false));
}

static const struct pt_attrs cached = { MT_NORMAL, PROT_R | PROT_W };
static const struct pt_attrs uncached = { MT_NORMAL_NC, PROT_R | PROT_W };

void *dma_alloc_coherent(const struct dma_dev *dev, size_t size, dma_addr_t *handle)
{
	size_t len = ALIGN_UP(size, PAGE_SIZE);
	void *p = size ? memalign(PAGE_SIZE, len) : NULL;
	int err;

	if (!p) {
		printf("dma: %s: no memory for a %lu-byte coherent buffer\n", dev->name,
		       (unsigned long)size);
		return NULL;
	}
	err = check_reach(dev, (uintptr_t)p, len);
	if (!err)
		err = mmu_protect((uintptr_t)p, len, uncached);
	if (err) {
		if (err != -ERANGE)
			printf("dma: %s: cannot make the buffer non-cacheable (error %d)\n",
			       dev->name, err);
		free(p);
		return NULL;
	}
	memset(p, 0, len);
	*handle = (uint64_t)(uintptr_t)p + dev->bus_offset;
	return p;
}

void dma_free_coherent(const struct dma_dev *dev, size_t size, void *cpu, dma_addr_t handle)
{
	(void)handle;
	if (!cpu)
		return;
	if (mmu_protect((uintptr_t)cpu, ALIGN_UP(size, PAGE_SIZE), cached)) {
		printf("dma: %s: cannot retype %p back; leaking it\n", dev->name, cpu);
		return;
	}
	free(cpu);
}
