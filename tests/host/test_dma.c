/*
 * Host tests for the DMA API's pure rules (src/lib/dma_rules.c): the cache
 * maintenance each direction needs at map and unmap, and mask reach.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dma.h>

static void maintenance_follows_the_direction(void **state)
{
	(void)state;
	/* The device must read what the CPU wrote: clean only. */
	assert_int_equal(dma_sync_ops(DMA_TO_DEVICE, true), DMA_SYNC_CLEAN);
	assert_int_equal(dma_sync_ops(DMA_TO_DEVICE, false), 0);
	/* No dirty line may be evicted over the device's data; and lines filled
	 * speculatively during the transfer are dropped after it. */
	assert_int_equal(dma_sync_ops(DMA_FROM_DEVICE, true), DMA_SYNC_CLEAN | DMA_SYNC_INVAL);
	assert_int_equal(dma_sync_ops(DMA_FROM_DEVICE, false), DMA_SYNC_INVAL);
	assert_int_equal(dma_sync_ops(DMA_BIDIRECTIONAL, true), DMA_SYNC_CLEAN | DMA_SYNC_INVAL);
	assert_int_equal(dma_sync_ops(DMA_BIDIRECTIONAL, false), DMA_SYNC_INVAL);
}

static void reach_is_checked_to_the_last_byte(void **state)
{
	(void)state;
	assert_int_equal(DMA_BIT_MASK(28), 0x0fffffffu);
	assert_int_equal(DMA_BIT_MASK(64), UINT64_MAX);
	/* edu's default mask cannot reach virt's RAM at 1 GiB. */
	assert_false(dma_reachable(DMA_BIT_MASK(28), 0x40100000, 16));
	assert_true(dma_reachable(DMA_BIT_MASK(32), 0x40100000, 16));
	/* Exactly up to the mask, and one byte past it. */
	assert_true(dma_reachable(0x0fffffff, 0x0ffff000, 0x1000));
	assert_false(dma_reachable(0x0fffffff, 0x0ffff000, 0x1001));
	assert_false(dma_reachable(0x0fffffff, 0x10000000, 1));
	assert_false(dma_reachable(UINT64_MAX, 0x1000, 0));
	assert_true(dma_reachable(UINT64_MAX, UINT64_MAX, 1));
	assert_false(dma_reachable(UINT64_MAX, UINT64_MAX, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maintenance_follows_the_direction),
		cmocka_unit_test(reach_is_checked_to_the_last_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
