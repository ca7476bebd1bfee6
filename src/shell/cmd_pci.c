/*
 * PCI and resource commands: lspci [-v], iomem, ioports.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "console.h"
#include "monitor.h"
#include "pci_host.h"
#include "resource.h"

static const struct {
	uint16_t vendor, device;
	const char *name;
} known[] = {
	{ 0x1234, 0x11e8, "QEMU edu" },
	{ 0x1b36, 0x0001, "PCI-to-PCI bridge" },
	{ 0x1b36, 0x0005, "pci-testdev" },
	{ 0x1b36, 0x0008, "PCIe host bridge" },
	{ 0x1b36, 0x000c, "PCIe root port" },
	{ 0x1af4, 0x1110, "ivshmem" },
	{ 0x1b36, 0x0002, "16550 serial (pci-serial)" },
	{ 0x10ee, 0x0300, "Versatile PCI host bridge" },
	{ 0x1000, 0x0012, "LSI 53C895A SCSI" },
};

static const char *known_name(const struct pci_dev *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i].vendor == d->vendor && known[i].device == d->device)
			return known[i].name;
	return "";
}

static const char *hex(char *buf, uint64_t v)
{
	fmt_hex64(buf, v, 1);
	return buf;
}

static void print_bar(unsigned int i, const struct pci_region *r)
{
	char a[17], b[17], sz[24];
	bool io = r->flags & IORESOURCE_IO;

	printf("\tBAR %u: ", i);
	if (io)
		printf("I/O ports");
	else
		printf("Memory");
	if (r->assigned)
		printf(" at %s", hex(a, io ? r->bus_addr : r->cpu_addr));
	if (!io)
		printf(" (%s, %sprefetchable)", r->flags & IORESOURCE_MEM_64 ? "64-bit" : "32-bit",
		       r->flags & IORESOURCE_PREFETCH ? "" : "non-");
	printf(" [size=%s]", pci_fmt_size(sz, r->size));
	if (!r->assigned)
		printf(" [not assigned]");
	else if (!io && r->bus_addr != r->cpu_addr)
		printf(" (bus address %s)", hex(b, r->bus_addr));
	printf("\n");
}

static void print_windows(const struct pci_dev *d)
{
	static const char *const kinds[] = { "I/O", "Memory", "Prefetchable memory" };
	char a[17], b[17];

	printf("\tBus: primary=%02x, secondary=%02x, subordinate=%02x\n", d->bus, d->secondary,
	       d->subordinate);
	for (unsigned int k = 0; k < PCI_WIN_KINDS; k++) {
		const struct pci_region *w = &d->win[k];

		if (w->assigned)
			printf("\t%s behind bridge: %s-%s\n", kinds[k], hex(a, w->bus_addr),
			       hex(b, w->bus_addr + w->size - 1));
	}
}

static void print_verbose(struct pci_dev *d)
{
	const char *drv = pci_driver_name(d);
	int irq = pci_irq(d);

	if (d->irq_pin && irq >= 0)
		printf("\tInterrupt: pin %c routed to IRQ %d\n", 'A' + d->irq_pin - 1, irq);
	else if (d->irq_pin)
		printf("\tInterrupt: pin %c not routed\n", 'A' + d->irq_pin - 1);
	for (unsigned int i = 0; i < d->nbar; i++)
		if (d->bar[i].size)
			print_bar(i, &d->bar[i]);
	if (d->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		print_windows(d);
	if (d->disabled)
		printf("\tDisabled: %s\n", d->reason);
	if (drv)
		printf("\tDriver: %s\n", drv);
}

static int cmd_lspci(int argc, char **argv)
{
	struct pci_host *h = pci_host();
	bool verbose = argc > 1;

	if (verbose && strcmp(argv[1], "-v") != 0) {
		printf("error: lspci takes only -v\n");
		return -EINVAL;
	}
	if (!h) {
		printf("no PCI host bridge\n");
		return 0;
	}
	for (unsigned int i = 0; i < h->ndev; i++) {
		struct pci_dev *d = &h->dev[i];

		printf("%s %04x:%04x %06lx %s\n", d->name, d->vendor, d->device,
		       (unsigned long)(d->class_rev >> 8), known_name(d));
		if (verbose)
			print_verbose(d);
	}
	return 0;
}
SHELL_CMD(lspci, "[-v]", "PCI functions; -v: BARs, interrupt, bridge windows, driver", 0, 1,
	  cmd_lspci);

static int print_tree(const struct resource *root)
{
	size_t n = resource_print(root, NULL, 0);
	char *buf = malloc(n + 1);

	if (!buf) {
		printf("error: no memory for %lu bytes of text\n", (unsigned long)n);
		return -ENOMEM;
	}
	resource_print(root, buf, n + 1);
	stdout_puts(buf);
	free(buf);
	return 0;
}

/* PCI's windows and BARs join the trees when the bus comes up: first. */
static int cmd_iomem(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pci_host();
	return print_tree(&iomem_resource);
}
SHELL_CMD(iomem, "", "physical address space: RAM and the image, PCI windows, BARs, claims",
	  0, 0, cmd_iomem);

static int cmd_ioports(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pci_host();
	return print_tree(&ioport_resource);
}
SHELL_CMD(ioports, "", "PCI I/O port space: windows, BARs, claims", 0, 0, cmd_ioports);
