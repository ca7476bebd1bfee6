/*
 * PCI on the target: the ECAM backend, the host bridge found through the
 * discovery layer, drivers bound by vendor:device, and the accessors a
 * driver uses on its BARs. The pure enumerator is include/pci.h.
 *
 * Boot (pci_init) finds the device record compatible "pci-host-ecam-generic",
 * decodes its tree properties (of_host.c), enumerates and assigns BARs
 * (scan.c, assign.c) with configuration space reached through ECAM, routes
 * each function's INTx through the host's interrupt-map, then probes the
 * first driver whose vendor:device matches each enabled function.
 *
 * Addresses are phys_addr_t once they reach ioremap(); device-tree and BAR
 * values stay 64-bit until a check says phys_addr_t can hold them, so an
 * ECAM or a BAR above what the MMU format reaches is refused with one line,
 * never truncated.
 */
#ifndef PCI_HOST_H
#define PCI_HOST_H

#include "compiler.h"
#include "pci.h"

/* ECAM backend state: [base, base + buses MiB) covers bus_first onwards. */
struct pci_ecam {
	phys_addr_t base;
	uint8_t bus_first;
	unsigned int buses;
	void __iomem *map;	/* the one bus mapped now, or NULL */
	unsigned int mapped_bus;
};

extern const struct pci_cfg_ops pci_ecam_ops;

/*
 * Find and enumerate the host bridge; bind drivers. 0, -ENODEV (no host
 * bridge: silent), or a negative errno after one line saying why (-ERANGE:
 * the ECAM lies beyond phys_addr_t; -EINVAL: bad tree properties).
 */
int pci_init(void);

/* The enumerated host bridge, or NULL. */
struct pci_host *pci_host(void);

/* A driver: matched by vendor:device, probed once per matching function.
 * probe returns 0 or a negative errno (printed). */
struct pci_driver {
	uint16_t vendor, device;
	const char *name;
	int (*probe)(struct pci_dev *d);
};

/* Declare a driver (section .pci_drivers, linker.ld): discovery never names one. */
#define PCI_DRIVER(id, vend, dev, fn)						\
	static const struct pci_driver __pci_driver_##id			\
	__attribute__((used, section(".pci_drivers"), aligned(4))) =		\
		{ (vend), (dev), #id, (fn) }

/*
 * An __iomem cookie for BAR bar of d, at most max bytes (0: all of it),
 * for ioread*()/iowrite*() (include/io.h): a memory BAR is ioremap()ed
 * (Device memory); an I/O BAR points into the host's I/O window, which is
 * ioremap()ed once. NULL with one line saying why: no such BAR, not
 * assigned, beyond phys_addr_t, or ioremap()'s refusal.
 */
void __iomem *pci_iomap(struct pci_dev *d, unsigned int bar, size_t max);
/* Undo pci_iomap() (I/O BARs: nothing to undo). */
void pci_iounmap(struct pci_dev *d, void __iomem *cookie);

/*
 * Claim BAR bar of d for name in iomem / ioports (request_mem_region()):
 * 0, -EINVAL (not assigned) or resource_claim()'s errors (-EBUSY: claimed).
 */
int pci_request_region(struct pci_dev *d, unsigned int bar, const char *name);

/* The interrupt ID d's INTx arrives on, or -1 (no pin, or not routed). */
int pci_irq(const struct pci_dev *d);

/* The name of the driver bound to d, or NULL. */
const char *pci_driver_name(const struct pci_dev *d);

#endif
