/*
 * memremap(): plain pointers to memory that behaves like memory. See
 * include/ioremap.h for the rules; the point of each is the mapping policy
 * (src/mmu/ptpolicy.c): no physical page ever has two memory types.
 */
#include <errno.h>
#include <stdio.h>
#include "ioremap.h"
#include "mmu.h"
#include "resource.h"

static int last_error;

static void *refuse(int err, uint64_t phys, const char *why)
{
	char a[17];

	fmt_hex64(a, phys, 8);
	printf("memremap: refused 0x%s: %s\n", a, why);
	last_error = err;
	return NULL;
}

int memremap_last_error(void)
{
	return last_error;
}

/* Does [phys, phys + size) share a byte with RAM (all of it reported)? */
static bool overlaps_ram(uint64_t phys, size_t size)
{
	const struct mmu_ram *ram = mmu_ram();

	return phys < ram->base + ram->reported && ram->base < phys + size;
}

/* Is the range inside a prefetchable window or BAR? Claims below one
 * (busy nodes) inherit from the node they were claimed in. */
static bool prefetchable(uint64_t phys, size_t size)
{
	const struct resource *r = resource_lookup(&iomem_resource, phys, size);

	while (r && (r->flags & IORESOURCE_BUSY))
		r = r->parent;
	return r && (r->flags & IORESOURCE_PREFETCH);
}

void *memremap(uint64_t phys, size_t size, unsigned flags)
{
	const struct mmu_ram *ram = mmu_ram();
	void __iomem *p;

	if (!size || !(flags & (MEMREMAP_WB | MEMREMAP_WT | MEMREMAP_WC)))
		return refuse(-EINVAL, phys, "size 0 or no MEMREMAP_WB/WT/WC flag");
	if (phys > (phys_addr_t)-1 || size - 1 > (phys_addr_t)-1 - phys)
		return refuse(-EINVAL, phys, "beyond this MMU format's physical addresses");
	if (overlaps_ram(phys, size)) {
		if (!(flags & MEMREMAP_WB))
			return refuse(-EBUSY, phys, "RAM is mapped write-back; another type would "
				      "alias it with mismatched attributes");
		if (phys < ram->base || phys - ram->base + size > ram->size)
			return refuse(-EINVAL, phys, "not all of it is mapped RAM");
		last_error = 0;
		return (void *)(uintptr_t)phys;	/* RAM is identity-mapped */
	}
	if (!prefetchable(phys, size))
		return refuse(-EPERM, phys, "device registers (not RAM, not a prefetchable "
			      "window or BAR): use ioremap()");
	if (flags & MEMREMAP_WB)
		p = ioremap_caller((phys_addr_t)phys, size, MT_NORMAL, "memremap");
	else if (flags & MEMREMAP_WC)
		p = ioremap_caller((phys_addr_t)phys, size, MT_NORMAL_NC, "memremap");
	else
		return refuse(-EINVAL, phys, "no write-through memory type in this firmware");
	last_error = p ? 0 : ioremap_last_error();
	/* Memory, not registers: plain loads and stores are right here. */
	return (__force void *)p;
}

void memunmap(void *addr)
{
	uintptr_t va = (uintptr_t)addr;
	const struct mmu_ram *ram = mmu_ram();

	if (va >= ram->base && va - ram->base < ram->size)
		return;	/* RAM's own mapping: nothing was made */
	iounmap((__force void __iomem *)addr);
}
