/* The DMA API's pure rules: which cache maintenance, and mask reach. See include/dma.h. */
#include "dma.h"

unsigned dma_sync_ops(enum dma_data_direction dir, bool for_device)
{
	if (for_device)
		return dir == DMA_TO_DEVICE ? DMA_SYNC_CLEAN : DMA_SYNC_CLEAN | DMA_SYNC_INVAL;
	return dir == DMA_TO_DEVICE ? 0 : DMA_SYNC_INVAL;
}

bool dma_reachable(uint64_t mask, uint64_t bus, uint64_t size)
{
	return size && bus <= mask && size - 1 <= mask - bus;
}
