/*
 * PCI: a generic enumerator and BAR allocator over an abstract configuration
 * space, and the host bridge's device-tree properties decoded from raw bytes.
 *
 * The enumerator knows nothing of ECAM: a backend supplies pci_cfg_ops. It
 * walks depth first through PCI-to-PCI bridges assigning bus numbers, sizes
 * every BAR with decode disabled, sizes each bridge's I/O, memory and
 * prefetchable windows from what is behind it, places windows and BARs in
 * the host bridge's windows (a resource tree, include/resource.h), programs
 * them and enables in COMMAND only the decoders for what was assigned.
 * Register layouts: PCI Local Bus Specification 3.0 section 6 (type 0
 * header), PCI-to-PCI Bridge Architecture Specification 1.2 section 3.2
 * (type 1 header).
 *
 * Addresses: every region records its CPU address and its bus address; the
 * host bridge maps bus = cpu - cpu_base + bus_base inside each window. Memory
 * windows and BARs live in the memory resource tree at CPU addresses; I/O
 * windows and BARs live in the I/O-port tree at PCI I/O (bus) addresses, as
 * port numbers are what an I/O BAR holds.
 *
 * Storage: the caller provides the device table; nothing allocates.
 * Cost: placement picks the largest remaining alignment by rescanning the
 * table, O(regions^2) per bus: meant for tens of functions, not thousands.
 * Enumerate a host once (regions, once placed, stay in the tree).
 * Concurrency: none.
 */
#ifndef PCI_H
#define PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <resource.h>

/* ---- configuration space registers ---- */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x0001
#define  PCI_COMMAND_MEMORY	0x0002
#define  PCI_COMMAND_MASTER	0x0004
#define PCI_CLASS_REVISION	0x08	/* class << 8 | revision */
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_TYPE_NORMAL	0
#define  PCI_HEADER_TYPE_BRIDGE	1
#define  PCI_HEADER_MULTI_FUNC	0x80
#define PCI_BASE_ADDRESS_0	0x10
#define  PCI_BAR_SPACE_IO	0x01
#define  PCI_BAR_MEM_TYPE_MASK	0x06
#define  PCI_BAR_MEM_TYPE_64	0x04
#define  PCI_BAR_MEM_PREFETCH	0x08
#define  PCI_BAR_IO_MASK	(~0x3u)
#define  PCI_BAR_MEM_MASK	(~0xfu)
#define PCI_INTERRUPT_PIN	0x3d
/* type 1 (bridge) header */
#define PCI_PRIMARY_BUS		0x18
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBORDINATE_BUS	0x1a
#define PCI_IO_BASE		0x1c	/* bits 7:4 = address 15:12 */
#define PCI_IO_LIMIT		0x1d
#define  PCI_IO_RANGE_TYPE_32	0x01
#define PCI_MEMORY_BASE		0x20	/* bits 15:4 = address 31:20 */
#define PCI_MEMORY_LIMIT	0x22
#define PCI_PREF_MEMORY_BASE	0x24
#define PCI_PREF_MEMORY_LIMIT	0x26
#define  PCI_PREF_RANGE_TYPE_64	0x01
#define PCI_PREF_BASE_UPPER32	0x28
#define PCI_PREF_LIMIT_UPPER32	0x2c
#define PCI_IO_BASE_UPPER16	0x30
#define PCI_IO_LIMIT_UPPER16	0x32

#define PCI_BRIDGE_IO_ALIGN	0x1000u		/* I/O window granule: 4 KiB */
#define PCI_BRIDGE_MEM_ALIGN	0x100000u	/* memory windows: 1 MiB */
#define PCI_IO_MIN		0x1000u		/* no I/O BAR below port 0x1000 (legacy ISA) */

#define PCI_MAX_BARS		6
#define PCI_BRIDGE_BARS		2
#define PCI_MAX_DEV		32
#define PCI_MAX_FN		8

/*
 * Configuration-space access for (bus, dev, fn, offset). A read of an absent
 * function returns all ones. Accesses are naturally aligned.
 */
struct pci_cfg_ops {
	uint8_t  (*read8)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off);
	uint16_t (*read16)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off);
	uint32_t (*read32)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off);
	void (*write8)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint8_t v);
	void (*write16)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint16_t v);
	void (*write32)(void *ctx, uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off, uint32_t v);
};

/* Address space of a host window: the device-tree space codes (phys.hi 25:24). */
enum pci_space {
	PCI_SPACE_CONFIG = 0,
	PCI_SPACE_IO = 1,
	PCI_SPACE_MEM32 = 2,
	PCI_SPACE_MEM64 = 3,
};

/* One host bridge window: CPU [cpu_base, +size) decodes bus [bus_base, +size). */
struct pci_window {
	enum pci_space space;
	bool prefetchable;
	uint64_t cpu_base, bus_base, size;
};

/* Kinds of bridge window, also the index into pci_dev.win[]. */
enum pci_win_kind { PCI_WIN_IO, PCI_WIN_MEM, PCI_WIN_PREF, PCI_WIN_KINDS };

/* A BAR or a bridge window: what it needs, and where it went. */
struct pci_region {
	struct resource res;		/* linked into the tree once assigned */
	uint64_t size;			/* 0: not implemented / not needed */
	uint64_t align;			/* a BAR: its size; a window: from its contents */
	uint32_t flags;			/* IORESOURCE_IO / _MEM / _PREFETCH / _MEM_64 */
	bool tried, assigned;
	const struct pci_window *hw;	/* host window it was carved from */
	uint64_t cpu_addr, bus_addr;	/* valid when assigned */
};

struct pci_dev {
	uint8_t bus, dev, fn;
	uint8_t hdr_type;		/* without the multi-function bit */
	bool multifunction;
	uint16_t vendor, device;
	uint32_t class_rev;		/* class << 8 | revision */
	uint8_t irq_pin;		/* 0 none, 1..4 INTA..INTD */
	struct pci_dev *up;		/* the bridge above, NULL on the root bus */
	struct pci_region bar[PCI_MAX_BARS];
	unsigned int nbar;		/* 6 for a device, 2 for a bridge */
	/* bridges only */
	uint8_t secondary, subordinate;
	bool has_win[PCI_WIN_KINDS];	/* windows the bridge implements */
	bool pref64;			/* its prefetchable window is 64-bit */
	struct pci_region win[PCI_WIN_KINDS];
	/* outcome */
	uint16_t command;		/* the COMMAND value written */
	bool disabled;
	char reason[96];		/* why it was left disabled */
	char name[12];			/* "bb:dd.f" */
	char bus_name[12];		/* "PCI Bus bb" (bridges) */
};

#define PCI_HOST_MAX_WINDOWS	4

typedef void (*pci_log_fn)(void *log_ctx, const char *line);

struct pci_host {
	const struct pci_cfg_ops *ops;
	void *ctx;
	uint8_t bus_first, bus_last;
	unsigned int bus_next;			/* next bus number to hand out */
	struct pci_window win[PCI_HOST_MAX_WINDOWS];
	struct resource win_res[PCI_HOST_MAX_WINDOWS];
	unsigned int nwin;
	struct pci_dev *dev;			/* the device table, in scan order */
	unsigned int dev_cap, ndev;
	unsigned int dropped;			/* functions found with the table full */
	pci_log_fn log;				/* may be NULL */
	void *log_ctx;
};

/*
 * Set up h over ops/ctx for buses [bus_first, bus_last] with nwin windows,
 * inserting each window into iomem (memory, at CPU addresses) or ioport (I/O,
 * at bus addresses); devs[0..dev_cap) receives the devices found.
 * Returns 0, or -EINVAL (bad window, too many, bus_first > bus_last) or
 * -EBUSY (a window overlaps something in its tree); on error nothing stays
 * inserted.
 */
int pci_host_init(struct pci_host *h, const struct pci_cfg_ops *ops, void *ctx,
		  uint8_t bus_first, uint8_t bus_last,
		  const struct pci_window *win, unsigned int nwin,
		  struct resource *iomem, struct resource *ioport,
		  struct pci_dev *devs, unsigned int dev_cap);

/*
 * Enumerate everything below the host, assign bus numbers, BARs and bridge
 * windows, and enable decoding for what was assigned. A device that cannot be
 * placed is left with decode disabled and one log line giving the reason.
 * Returns the number of devices left disabled (0 when all fit), or -ENOMEM
 * when the device table overflowed (what fitted is still assigned).
 */
int pci_enumerate(struct pci_host *h);

/* Enable bus mastering on d and on every bridge above it (DMA must pass them). */
void pci_set_master(struct pci_host *h, struct pci_dev *d);

/* The next device after 'from' (NULL: the first) matching vendor:device. */
struct pci_dev *pci_find(struct pci_host *h, uint16_t vendor, uint16_t device,
			 const struct pci_dev *from);

/* size as "256", "4K", "1M", "512G" (the largest unit it is a multiple of). buf: 24 bytes. */
const char *pci_fmt_size(char *buf, uint64_t size);

/* ---- INTx routing ---- */

/* The pin a device's pin appears as on the bridge's side (PCI-to-PCI Bridge 1.2, 9.1). */
uint8_t pci_swizzle(uint8_t pin, uint8_t slot);

/*
 * Follow d's INTx pin up through its bridges to the root bus: *root is the
 * root-bus function the interrupt arrives from, *pin the pin there.
 * Returns 0, or -ENOENT if d uses no interrupt pin.
 */
int pci_intx_root(const struct pci_dev *d, const struct pci_dev **root, uint8_t *pin);

/* ---- host bridge device-tree properties (raw big-endian bytes) ---- */

/*
 * Decode a PCI host's `ranges` (3 PCI address cells, parent_addr_cells CPU
 * address cells, size_cells size cells per entry) into win[0..max).
 * Returns the number of windows, or -EINVAL (length not a whole number of
 * entries, bad cell counts, configuration space code, zero or wrapping size,
 * an address too wide for 64 bits) or -ENOSPC (more than max entries).
 */
int pci_dt_ranges(const void *prop, size_t len, unsigned int parent_addr_cells,
		  unsigned int size_cells, struct pci_window *win, unsigned int max);

/* Decode `bus-range` (two cells). Returns 0 or -EINVAL (length, first > last, > 255). */
int pci_dt_bus_range(const void *prop, size_t len, uint8_t *first, uint8_t *last);

/* What an interrupt-map entry points at: the parent's phandle and specifier. */
#define PCI_DT_MAX_SPEC	4
struct pci_dt_irq {
	uint32_t parent;		/* phandle of the interrupt parent */
	uint32_t spec[PCI_DT_MAX_SPEC];	/* its interrupt specifier */
	unsigned int spec_cells;
};

/*
 * The parent's #address-cells and #interrupt-cells for a phandle, from the
 * caller's device-tree reader. Returns 0 or a negative errno.
 */
typedef int (*pci_dt_parent_cells_fn)(void *ctx, uint32_t phandle,
				      unsigned int *addr_cells, unsigned int *int_cells);

/*
 * Look up INTx pin (1..4) of root-bus function (bus, dev, fn) in a PCI host's
 * `interrupt-map` (child unit address of 3 cells, child specifier of 1 cell =
 * the pin) masked with `interrupt-map-mask` (4 cells; mask NULL: all ones).
 * Returns 0 and fills *out, or -ENOENT (no entry matches), -EINVAL (a
 * malformed map or mask, pin not 1..4) or the error parent_cells returned.
 */
int pci_dt_irq_map(const void *map, size_t map_len, const void *mask, size_t mask_len,
		   pci_dt_parent_cells_fn parent_cells, void *ctx,
		   uint8_t bus, uint8_t dev, uint8_t fn, uint8_t pin,
		   struct pci_dt_irq *out);

/*
 * The GIC INTID of an arm,gic specifier <type number flags>: type 0 (SPI) is
 * INTID 32 + number, type 1 (PPI) 16 + number (GIC binding; GICv2 ARM IHI
 * 0048B 2.2.1 INTID ranges). Returns 0, or -EINVAL (fewer than 2 cells,
 * unknown type, out of range).
 */
int pci_dt_gic_intid(const struct pci_dt_irq *irq, uint32_t *intid);

#endif /* PCI_H */
