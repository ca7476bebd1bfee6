/*
 * The firmware's resource trees (include/resource.h): iomem holds RAM with
 * the image inside, then what the PCI host adds (its windows, bridges, BARs)
 * and what drivers claim; ioports holds PCI I/O space.
 */
#include <errno.h>
#include "mmu.h"
#include "resource.h"

#define CLAIMS_MAX	16

struct resource iomem_resource = RESOURCE_ROOT("iomem", 0, UINT64_MAX, IORESOURCE_MEM);
struct resource ioport_resource = RESOURCE_ROOT("ioports", 0, 0xffffffffu, IORESOURCE_IO);

static struct resource claim_slots[CLAIMS_MAX];
static struct resource_pool claims = { claim_slots, CLAIMS_MAX };
static struct resource ram_res;
static struct resource image_res[16];

int iomem_init(void)
{
	const struct mmu_ram *ram = mmu_ram();
	const struct image_region *r;
	size_t n, i, k = 0;
	int err;

	err = resource_set(&ram_res, ram->base, ram->reported, "System RAM", IORESOURCE_MEM);
	if (!err)
		err = resource_insert(&iomem_resource, &ram_res);
	/* Last region first: the regions ascend, so each one goes in front of
	 * the ones already in, and the insert stops at the first child it
	 * looks at (in ascending order each would walk past all of them). */
	r = mmu_image_regions(&n);
	for (i = n; !err && i-- > 0 && k < ARRAY_SIZE(image_res);) {
		if (r[i].prot == 0)	/* a guard page: nothing there */
			continue;
		err = resource_set(&image_res[k], r[i].start, r[i].end - r[i].start,
				   r[i].name, IORESOURCE_MEM);
		if (!err)
			err = resource_insert(&ram_res, &image_res[k++]);
	}
	return err;
}

int request_mem_region(uint64_t start, uint64_t size, const char *name,
		       struct resource **out)
{
	return resource_claim(&iomem_resource, &claims, start, size, name, out);
}

int request_region(uint64_t start, uint64_t size, const char *name, struct resource **out)
{
	return resource_claim(&ioport_resource, &claims, start, size, name, out);
}

void release_region(struct resource *res)
{
	if (res)
		resource_release(res);
}
