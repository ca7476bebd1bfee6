/* QEMU's ivshmem-plain (include/pcidev.h): the shared memory through memremap(). */
#include <errno.h>
#include <stdio.h>
#include "ioremap.h"
#include "pci_host.h"
#include "pcidev.h"

#define IVSHMEM_BAR_MEM	2

static void *mem;
static size_t mem_size;

static int ivshmem_probe(struct pci_dev *d)
{
	const struct pci_region *r = &d->bar[IVSHMEM_BAR_MEM];

	if (!r->assigned)
		return -ENOSPC;
	/* Memory, not registers: a prefetchable BAR, so memremap() maps it
	 * Normal write-back and the driver uses plain loads and stores. */
	mem = memremap(r->cpu_addr, (size_t)r->size, MEMREMAP_WB);
	if (!mem)
		return memremap_last_error();
	mem_size = (size_t)r->size;
	return 0;
}
PCI_DRIVER(ivshmem, 0x1af4, 0x1110, ivshmem_probe);

int ivshmem_memory(void **m, size_t *size)
{
	if (!pci_host() || !mem) {	/* the bus first: it probes us */
		printf("ivshmem: no shared memory (QEMU: -device ivshmem-plain,memdev=...)\n");
		return -ENODEV;
	}
	*m = mem;
	*size = mem_size;
	return 0;
}
