/*
 * PCI on the target: the ECAM backend, the host bridge found through the
 * discovery layer, drivers bound by vendor:device, and the accessors a
 * driver uses on its BARs. The pure enumerator is include/pci.h.
 *
 * The bus is brought up on first use, as U-Boot does: boot does not pay for
 * a bus nobody uses, and a machine with devices pays once, when the shell
 * or a driver first asks (pci_host()). Bring-up finds the device record
 * compatible "pci-host-ecam-generic" (or the Versatile controller's board
 * record), decodes its tree properties (of_host.c), enumerates and assigns
 * BARs (scan.c, assign.c) with configuration space reached through ECAM,
 * routes each function's INTx through the host's interrupt-map, then
 * probes the first driver whose vendor:device matches each enabled
 * function. Its lines (a BAR left unassigned, a bad property) print then.
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

struct device;

/*
 * Memory-mapped configuration space (src/bus/pci/ecam.c): function f of
 * device d on bus b at base + ((b - bus_first) << (fn_shift + 8) |
 * d << (fn_shift + 3) | f << fn_shift). fn_shift 12 is ECAM (4 KiB a
 * function, 1 MiB a bus); 8 is the Versatile controller's 256 bytes.
 */
#define PCI_ECAM_FN_SHIFT	12
struct pci_ecam {
	phys_addr_t base;
	uint8_t bus_first;
	unsigned int buses;
	unsigned int fn_shift;
	void __iomem *map;	/* the buses mapped now, or NULL */
	unsigned int mapped_bus;	/* the first of them */
	unsigned int mapped_buses;	/* how many */
};

extern const struct pci_cfg_ops pci_ecam_ops;

/*
 * The Versatile PCI controller (board data "arm,versatile-pci": reg[0] its
 * control registers, [1] configuration space, [2] the I/O window, [3] a
 * memory window): program the memory window's PCI address (IMAP), describe
 * the configuration space in *cfg and the windows in win[0..*nwin).
 * 0, or -EINVAL (a record without those ranges) / -ENOMEM (unmappable).
 */
int pci_versatile_setup(const struct device *dev, struct pci_ecam *cfg,
			struct pci_window *win, unsigned int *nwin);

/*
 * The enumerated host bridge, or NULL (none, or it was refused). The first
 * call brings the bus up (above) and prints what went wrong, once: the ECAM
 * beyond what the tables reach, bad tree properties, windows refused. Every
 * entry point that shows or uses PCI calls it first (lspci, iomem, ioports,
 * each PCI driver's functions), so PCI's windows and BARs are in the
 * resource trees whenever something reads them for PCI.
 */
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
