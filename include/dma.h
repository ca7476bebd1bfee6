/*
 * A small DMA API (Linux's names): streaming mappings of a buffer the CPU
 * owns, coherent buffers, and DMA masks.
 *
 * Addresses: a device sees bus addresses, bus = CPU physical + bus_offset
 * (0 on virt: its host bridge has no dma-ranges). RAM is identity-mapped, so
 * a buffer in RAM is physically contiguous.
 *
 * Masks: a device reaches bus addresses up to its mask (edu by default
 * 2^28 - 1, below virt's RAM at 1 GiB). Every mapping is checked against
 * it first and refused with one line and -ERANGE when any byte lies beyond:
 * the device would otherwise be handed an address it truncates.
 *
 * Caches (non-coherent DMA; ARM ARM B2.2: a device does not see the CPU's
 * caches, and the CPU may speculatively fill lines of Normal memory at any
 * time):
 *   map, to device:      clean (the device reads what the CPU wrote)
 *   map, from device or both: clean and invalidate (no dirty line can be
 *                        evicted over what the device writes)
 *   unmap, from device or both: invalidate (drop lines speculatively
 *                        filled during the transfer)
 * dma_sync_ops() is that table (pure, host-tested).
 *
 * Coherent buffers: dma_alloc_coherent() takes whole pages from the heap
 * and retypes their one (identity) mapping to Normal non-cacheable through
 * mmu_protect(), which cleans and invalidates them first: no page is ever
 * mapped cacheable and non-cacheable at once (ARM ARM A3.5.7).
 * dma_free_coherent() retypes them back before freeing.
 */
#ifndef DMA_H
#define DMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t dma_addr_t;

enum dma_data_direction { DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE };

struct dma_dev {
	const char *name;
	uint64_t mask;		/* highest bus address it can reach */
	uint64_t bus_offset;	/* bus address = CPU physical + bus_offset */
};

#define DMA_BIT_MASK(n)	((n) >= 64 ? UINT64_MAX : ((uint64_t)1 << (n)) - 1)

/* ---- pure rules (src/lib/dma_rules.c) ---- */
#define DMA_SYNC_CLEAN	0x1u
#define DMA_SYNC_INVAL	0x2u
/* The cache operations a streaming mapping needs: at map (for_device true)
 * or at unmap (false). */
unsigned dma_sync_ops(enum dma_data_direction dir, bool for_device);
/* Does [bus, bus + size) lie at or below mask? false for size 0 or a wrap. */
bool dma_reachable(uint64_t mask, uint64_t bus, uint64_t size);

/* ---- on target (src/mmu/dma.c) ---- */
/*
 * Map size bytes at cpu (in mapped RAM) for dir: 0 and *handle, or -EINVAL
 * (size 0, not RAM), -ERANGE (beyond the device's mask; one line).
 */
int dma_map_single(const struct dma_dev *dev, void *cpu, size_t size,
		   enum dma_data_direction dir, dma_addr_t *handle);
void dma_unmap_single(const struct dma_dev *dev, dma_addr_t handle, size_t size,
		      enum dma_data_direction dir);
/* Zeroed, page-aligned, non-cacheable; NULL and one line (no memory, beyond
 * the mask, retyping refused). */
void *dma_alloc_coherent(const struct dma_dev *dev, size_t size, dma_addr_t *handle);
void dma_free_coherent(const struct dma_dev *dev, size_t size, void *cpu, dma_addr_t handle);

#endif
