/*
 * memremap(), the DMA API and resource claims on the target: what the
 * tables read back, and each refusal.
 */
#include <errno.h>
#include <stdlib.h>
#include "device.h"
#include "dma.h"
#include "harness.h"
#include "ioremap.h"
#include "mmu.h"
#include "resource.h"

static unsigned type_at(const void *p)
{
	struct pt_walk w;

	if (pt_walk(mmu_pgtable(), (uintptr_t)p, &w))
		return MT_NONE;
	return w.attrs.type;
}

TEST(a_coherent_buffer_is_retyped_not_aliased)
{
	struct dma_dev dd = { "test", DMA_BIT_MASK(32), 0 };
	dma_addr_t h;
	volatile uint32_t *p = dma_alloc_coherent(&dd, 5000, &h);

	CHECK(p != NULL);
	CHECK_EQ(h, (dma_addr_t)(uintptr_t)p);
	CHECK_EQ((uintptr_t)p % PAGE_SIZE, 0);
	/* Both pages, and only through their one (identity) mapping. */
	CHECK_EQ(type_at((const void *)p), MT_NORMAL_NC);
	CHECK_EQ(type_at((const char *)p + 4999), MT_NORMAL_NC);
	CHECK(p[0] == 0 && p[1249] == 0);
	p[1] = 0x5a5a1234;
	CHECK_EQ(p[1], 0x5a5a1234);
	/* A cacheable mapping of the same pages is refused by the policy. */
	CHECK_EQ(mmu_map(0x80000000u, (phys_addr_t)(uintptr_t)p, PAGE_SIZE,
			 (struct pt_attrs){ MT_NORMAL, PROT_R | PROT_W }), -EBUSY);
	dma_free_coherent(&dd, 5000, (void *)p, h);
	CHECK_EQ(type_at((const void *)p), MT_NORMAL);
}

TEST(dma_refuses_what_the_mask_cannot_reach)
{
	struct dma_dev narrow = { "narrow", DMA_BIT_MASK(12), 0 };
	struct dma_dev wide = { "wide", DMA_BIT_MASK(32), 0 };
	static uint8_t buf[64];
	dma_addr_t h = 0;

	CHECK(dma_alloc_coherent(&narrow, 64, &h) == NULL);
	CHECK_EQ(dma_map_single(&narrow, buf, sizeof(buf), DMA_TO_DEVICE, &h), -ERANGE);
	CHECK_EQ(dma_map_single(&wide, buf, sizeof(buf), DMA_FROM_DEVICE, &h), 0);
	CHECK_EQ(h, (dma_addr_t)(uintptr_t)buf);
	dma_unmap_single(&wide, h, sizeof(buf), DMA_FROM_DEVICE);
	/* Not RAM: a device address is no buffer. */
	CHECK_EQ(dma_map_single(&wide, (void *)(uintptr_t)0xf0000000u, 16, DMA_TO_DEVICE, &h),
		 -EINVAL);
}

TEST(memremap_gives_ram_only_write_back_and_refuses_registers)
{
	const struct mmu_ram *ram = mmu_ram();
	const struct device *uart = device_console();
	uint64_t top = ram->base + ram->size - PAGE_SIZE;

	CHECK(memremap(top, PAGE_SIZE, MEMREMAP_WB | MEMREMAP_WC) == (void *)(uintptr_t)top);
	CHECK(memremap(top, PAGE_SIZE, MEMREMAP_WC) == NULL);
	CHECK_EQ(memremap_last_error(), -EBUSY);
	CHECK(memremap(top, 0, MEMREMAP_WB) == NULL);
	CHECK_EQ(memremap_last_error(), -EINVAL);
	CHECK(uart != NULL);
	CHECK(memremap(uart->reg[0].addr, PAGE_SIZE, MEMREMAP_WB) == NULL);
	CHECK_EQ(memremap_last_error(), -EPERM);
}

TEST(a_second_claim_of_a_claimed_range_is_refused)
{
	const struct mmu_ram *ram = mmu_ram();
	uint64_t top = ram->base + ram->size - 2 * PAGE_SIZE;
	struct resource *a, *b;

	CHECK_EQ(request_mem_region(top, PAGE_SIZE, "first", &a), 0);
	CHECK_EQ(request_mem_region(top + 16, 16, "second", &b), -EBUSY);
	CHECK_EQ(request_mem_region(top + PAGE_SIZE, PAGE_SIZE, "next", &b), 0);
	release_region(a);
	CHECK_EQ(request_mem_region(top + 16, 16, "second", &a), 0);
	release_region(a);
	release_region(b);
}
