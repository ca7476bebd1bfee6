/*
 * The ARM Versatile PCI controller (ARM DUI 0224, PB926EJ-S, 4.14; QEMU's
 * versatile_pci): configuration space of 256 bytes a function at
 * bus << 16 | device << 11 | function << 8; an I/O window onto PCI port 0;
 * memory windows whose PCI address is programmed, not fixed: window i at
 * its CPU base decodes PCI (IMAP[i] << 28) + offset, so bus and CPU
 * addresses differ by what the firmware chooses.
 */
#include <errno.h>
#include <stdio.h>
#include "device.h"
#include "io.h"
#include "ioremap.h"
#include "pci_host.h"

#define VPB_IMAP(i)	(4u * (i))	/* bits 3:0 = PCI address bits 31:28 */
#define VPB_MEM_WIN	1		/* reg[3] is memory window 1 (CPU 0x5000_0000) */
/* The PCI address the window decodes: 0x1000_0000, so a BAR's bus address
 * is its CPU address minus 0x4000_0000 and `lspci -v` shows both. */
#define VPB_MEM_PCI_TOP	0x1u
#define VPB_CFG_FN_SHIFT 8
#define VPB_CFG_BUSES	1		/* what the walk may need: bus 0 */

int pci_versatile_setup(const struct device *dev, struct pci_ecam *cfg,
			struct pci_window *win, unsigned int *nwin)
{
	void __iomem *ctl;
	uint32_t imap;

	if (dev->nreg < 4) {
		printf("pci: %s needs control, configuration, I/O and memory ranges\n", dev->name);
		return -EINVAL;
	}
	ctl = device_ioremap(dev, 0);
	if (!ctl)
		return -ENOMEM;
	writel(VPB_MEM_PCI_TOP, (uint8_t __iomem *)ctl + VPB_IMAP(VPB_MEM_WIN));
	imap = readl((uint8_t __iomem *)ctl + VPB_IMAP(VPB_MEM_WIN)) & 0xf;
	iounmap(ctl);
	*cfg = (struct pci_ecam){ .base = (phys_addr_t)dev->reg[1].addr, .bus_first = 0,
				  .buses = VPB_CFG_BUSES, .fn_shift = VPB_CFG_FN_SHIFT };
	win[0] = (struct pci_window){ .space = PCI_SPACE_IO, .cpu_base = dev->reg[2].addr,
				      .bus_base = 0, .size = dev->reg[2].size };
	win[1] = (struct pci_window){ .space = PCI_SPACE_MEM32, .cpu_base = dev->reg[3].addr,
				      .bus_base = (uint64_t)imap << 28, .size = dev->reg[3].size };
	*nwin = 2;
	return 0;
}
