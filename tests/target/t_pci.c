/*
 * PCI on the target, where the machine has a reachable host bridge
 * (versatilepb always; virt only with highmem=off): what enumeration wrote
 * into configuration space, read back, and what pci_iomap() maps.
 */
#include <errno.h>
#include "harness.h"
#include "io.h"
#include "mmu.h"
#include "dma.h"
#include "pci_host.h"
#include "pcidev.h"
#include "resource.h"

static struct pci_host *host_or_skip(void)
{
	struct pci_host *h = pci_host();

	return h && h->ndev ? h : NULL;
}

static uint32_t cfg32(struct pci_host *h, const struct pci_dev *d, uint16_t off)
{
	return h->ops->read32(h->ctx, d->bus, d->dev, d->fn, off);
}

TEST(each_assigned_bar_holds_its_bus_address_and_decode_is_on)
{
	struct pci_host *h = host_or_skip();
	unsigned checked = 0;

	if (!h)
		SKIP("no reachable PCI host bridge on this machine");
	for (unsigned i = 0; i < h->ndev; i++) {
		const struct pci_dev *d = &h->dev[i];
		uint16_t cmd = (uint16_t)cfg32(h, d, PCI_COMMAND);

		for (unsigned b = 0; b < d->nbar; b++) {
			const struct pci_region *r = &d->bar[b];
			uint32_t v = cfg32(h, d, (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * b));
			bool io = r->flags & IORESOURCE_IO;
			const struct resource *f;

			if (!r->assigned)
				continue;
			CHECK_EQ(v & (io ? PCI_BAR_IO_MASK : PCI_BAR_MEM_MASK), (uint32_t)r->bus_addr);
			CHECK(cmd & (io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY));
			/* The BAR is in iomem at its CPU address (ioports: its port),
			 * or a driver's claim of all of it is. */
			f = resource_lookup(io ? &ioport_resource : &iomem_resource,
					    io ? r->bus_addr : r->cpu_addr, r->size);
			CHECK(f == &r->res || (f && f->parent == &r->res &&
					       (f->flags & IORESOURCE_BUSY)));
			checked++;
		}
	}
	if (!checked)
		SKIP("no device with an assigned BAR on this machine (the virt-pci variant has some)");
}

TEST(pci_iomap_maps_a_memory_bar_as_device_memory_at_its_cpu_address)
{
	struct pci_host *h = host_or_skip();

	if (!h)
		SKIP("no reachable PCI host bridge on this machine");
	for (unsigned i = 0; i < h->ndev; i++) {
		struct pci_dev *d = &h->dev[i];

		for (unsigned b = 0; b < d->nbar; b++) {
			const struct pci_region *r = &d->bar[b];
			void __iomem *p;
			struct pt_walk w;

			if (!r->assigned || (r->flags & IORESOURCE_IO))
				continue;
			p = pci_iomap(d, b, 0);
			CHECK(p != NULL);
			CHECK_EQ(pt_walk(mmu_pgtable(), (uintptr_t)(__force void *)p, &w), 0);
			CHECK_EQ(w.pa, (phys_addr_t)r->cpu_addr);
			CHECK_EQ(w.attrs.type, MT_DEVICE);
			pci_iounmap(d, p);
			/* A BAR that does not exist is refused. */
			CHECK(pci_iomap(d, PCI_MAX_BARS, 0) == NULL);
			return;
		}
	}
	SKIP("no function with a memory BAR");
}

TEST(edu_computes_by_interrupt_and_its_dma_is_checked_against_the_mask)
{
	uint32_t id, v, out, in;

	if (!pci_host() || pci_find(pci_host(), 0x1234, 0x11e8, NULL) == NULL)
		SKIP("no edu device (QEMU: -device edu,dma_mask=0xffffffff)");
	CHECK_EQ(edu_ident(&id), 0);
	CHECK_EQ(id & 0xffff, 0x00ed);
	CHECK_EQ(edu_factorial(6, &v), 0);
	CHECK_EQ(v, 720);
	/* 28 bits reach 256 MiB; RAM starts higher on virt, at 0 on versatilepb. */
	if (mmu_ram()->base >= DMA_BIT_MASK(28))
		CHECK_EQ(edu_dma_roundtrip(28, 64, &out, &in), -ERANGE);
	CHECK_EQ(edu_dma_roundtrip(32, 300, &out, &in), 0);
	CHECK_EQ(out, in);
}

TEST(pci_testdev_passes_through_memory_and_io_bars)
{
	unsigned passed, total;

	if (!pci_host() || pci_find(pci_host(), 0x1b36, 0x0005, NULL) == NULL)
		SKIP("no pci-testdev (QEMU: -device pci-testdev)");
	CHECK_EQ(pcitest_run(&passed, &total), 0);
	CHECK(total >= 6);
	CHECK_EQ(passed, total);
}
