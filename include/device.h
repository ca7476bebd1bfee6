/*
 * Device records: the discovery layer (src/dev/) between what describes the
 * hardware (QEMU's device tree on virt, board data in src/board/ otherwise)
 * and the drivers. Drivers find their device here, by name or compatible,
 * and never read the tree or the board table themselves.
 *
 * On virt every record comes from the tree, matched by compatible (see
 * src/dev/of.c for the bindings); when the tree is missing or unusable the
 * board's fallback list is used instead, and `info` says which. versatilepb
 * has no tree: its board data produces the same records.
 */
#ifndef DEVICE_H
#define DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

#define DEV_NAME_MAX	16
#define DEV_MAX_REG	4
#define DEV_MAX_IRQ	4

/* One reg entry: 64-bit, as the tree says (phys_addr_t may become 64-bit
 * with LPAE; device_ioremap() refuses what it cannot reach today). */
struct dev_reg {
	uint64_t addr;
	uint64_t size;
};

/* Where a record (or a fact) came from, for `info`. */
enum dev_source {
	DEV_FROM_BOARD,		/* board data: the board has no tree */
	DEV_FROM_FALLBACK,	/* board data: the tree was missing or unusable */
	DEV_FROM_TREE,		/* the device tree */
	DEV_FROM_PROBE,		/* measured on the hardware */
};

struct device {
	char name[DEV_NAME_MAX];	/* "uart0", "gic", "virtio3", ... */
	const char *compatible;		/* a string list (DTSpec 2.3.1) ... */
	uint32_t compat_len;		/* ... of this many bytes; 0: one C string */
	struct dev_reg reg[DEV_MAX_REG];
	unsigned nreg;
	int irq[DEV_MAX_IRQ];		/* interrupt IDs (GIC INTIDs, VIC lines) */
	unsigned nirq;
	uint32_t clock_hz;		/* input clock where the driver needs it */
	int node;			/* tree node (include/fdt.h), -1 for none */
	uint8_t bus_ac, bus_sc;		/* tree node: its parent's #address-cells and
					 * #size-cells (how reg and the parent side of
					 * ranges are written) */
	enum dev_source source;
};

/* Board data: one device with one register range and at most one interrupt. */
#define DEV(n, compat, base, size, irq_, clk)					\
	{ .name = (n), .compatible = (compat), .reg = { { (base), (size) } },	\
	  .nreg = 1, .irq = { (irq_) }, .nirq = (irq_) >= 0, .clock_hz = (clk),	\
	  .node = -1 }

/*
 * What a driver probes for: the device called name if it is compatible
 * (NULL if it is not; compatible NULL accepts any), or else, when compatible
 * is not NULL, the first compatible device; or NULL.
 */
const struct device *device_find(const char *name, const char *compatible);

/* Does d's compatible list contain compat? */
bool device_is_compatible(const struct device *d, const char *compat);

/*
 * ioremap() the first size bytes of d's reg[i] (all of it when size is 0),
 * registered under the calling function's name, as ioremap() does. NULL
 * (with a line saying why) when there is no reg[i], it is smaller than size,
 * or it lies above what phys_addr_t reaches; ioremap()'s own refusals as
 * documented in ioremap.h.
 */
void __iomem *device_ioremap_caller(const struct device *d, unsigned i, size_t size,
				    const char *owner);
#define device_ioremap(d, i)		device_ioremap_caller((d), (i), 0, __func__)
#define device_ioremap_part(d, i, size)	device_ioremap_caller((d), (i), (size), __func__)

/* A string property of d's tree node ("method"), or NULL. */
const char *device_prop_string(const struct device *d, const char *prop);

/*
 * The Generic Timer interrupt for the physical timer this firmware programs
 * (CNTP_*): the tree's /timer lists secure physical, non-secure physical,
 * virtual and hyp PPIs (arm,arch_timer.yaml). From Secure PL1, CNTP_* is the
 * secure physical timer (ARM ARM B8.1.1); from Non-secure PL1 or Hyp, the
 * non-secure one. A record with one interrupt (board data) gives that one.
 * -1 when there is none.
 */
int device_timer_irq(const struct device *d);

/* The console: /chosen stdout-path on a tree, else the board's console. */
const struct device *device_console(void);
uint32_t device_console_baud(void);

/* Every record, in discovery order. */
size_t device_count(void);
const struct device *device_at(size_t i);

/*
 * A loader that follows Linux's boot protocol (QEMU does, for a raw image)
 * passes a device tree's address in r2, wherever it put the tree; the
 * firmware reads its tree at the board's dtb_addr, the reserved MiB below
 * the image that the tables map read-only. A tree at at (above dtb_addr,
 * 8-byte aligned as DTSpec 5.1 asks, its header valid and its totalsize
 * within dtb_max_size) is moved there: its header and blocks. boot.c calls
 * it first, with the MMU off. Returns 1 if it moved a tree, 0 if there was
 * nothing to move (r2 of an ELF boot is 0; a board without a tree; ATAGs),
 * never reading below dtb_addr.
 */
int device_adopt_tree(uintptr_t at);

/*
 * Build the records (boot.c calls it once the MMU is on, before the
 * console). Returns where they came from.
 */
enum dev_source device_init(void);

/* The opened device tree, or NULL (no tree, or it did not open). */
struct fdt;
const struct fdt *device_tree(void);

/* Where the records came from, and why the tree was not used if not. */
enum dev_source device_source(void);
int device_tree_error(void);
const char *device_source_name(enum dev_source s);

/* The interrupt controller: the first record an irqchip driver declared
 * below matches, probed (board.irqchip points here). NULL if none. */
struct irq_chip;
const struct irq_chip *device_irqchip_probe(void);

/*
 * Interrupt controller drivers declare the compatibles they handle; the
 * table lives in the .irqchips section (linker.ld), so discovery never names
 * a driver (Linux's IRQCHIP_DECLARE).
 */
struct irqchip_driver {
	const char *compatible;
	const struct irq_chip *(*probe)(void);
};

#define IRQCHIP_DECLARE(id, compat, fn)						\
	static const struct irqchip_driver __irqchip_##id			\
	__attribute__((used, section(".irqchips"), aligned(4))) = { (compat), (fn) }

/* v as 0x..., all 64 bits (newlib-nano's printf has no %llx). */
#define DEV_HEX64_LEN	20
const char *dev_hex64(uint64_t v, char buf[DEV_HEX64_LEN]);

/* `info`'s device and RAM lines (src/dev/device.c, src/dev/ram.c). */
void device_print_info(void);

#endif
