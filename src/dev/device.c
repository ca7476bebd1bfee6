/*
 * Device records and the one lookup every driver uses (include/device.h).
 * The records come from the tree (of.c) or from the board's data; this file
 * holds them and answers questions about them.
 */
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "board.h"
#include "bytestr.h"
#include "device.h"
#include "fdt.h"
#include "fmt.h"
#include "ioremap.h"
#include "of.h"

/* Set by device_init(); until then (MMU off, early console) the board's
 * own list answers. */
static struct device *records;
static size_t nrecords;
static bool complete;		/* the deferred records are built too */
static enum dev_source source = DEV_FROM_BOARD;
static int tree_error;
static const struct device *console;
static uint32_t console_baud;

/* The records built so far (the deferred ones may be missing). */
static size_t built(void)
{
	return records ? nrecords : board.ndevices;
}

static const struct device *built_at(size_t i)
{
	return records ? &records[i] : &board.devices[i];
}

/* Build the deferred records (of_complete()): true if that added any, so
 * a lookup that missed looks again from where it stopped. */
static bool device_complete(void)
{
	size_t before = nrecords;

	if (!records || complete)
		return false;
	complete = true;
	of_complete(records, OF_MAX_DEVICES, &nrecords);
	return nrecords > before;
}

/* Listings only (the `devices` command, the tests): built for size. */
__cold size_t device_count(void)
{
	device_complete();
	return built();
}

__cold const struct device *device_at(size_t i)
{
	if (i >= device_count())
		return NULL;
	return built_at(i);
}

bool device_is_compatible(const struct device *d, const char *compat)
{
	if (!d->compatible)
		return false;
	if (d->compat_len == 0)
		return str_same(d->compatible, compat);
	return fdt_stringlist_contains((const uint8_t *)d->compatible, d->compat_len, compat);
}

/* Is there a record i? The deferred records are built when a loop over
 * those built so far reaches their end: a lookup that finds what it wants
 * among them never builds the rest. */
static bool more(size_t i)
{
	return i < built() || (device_complete() && i < built());
}

/* The first byte is compared inline: most names differ there. */
static const struct device *device_named(const char *name)
{
	for (size_t i = 0; more(i); i++) {
		const struct device *d = built_at(i);

		if (d->name[0] == name[0] && str_same(d->name, name))
			return d;
	}
	return NULL;
}

const struct device *device_find(const char *name, const char *compatible)
{
	const struct device *d = name ? device_named(name) : NULL;

	if (d)
		return (!compatible || device_is_compatible(d, compatible)) ? d : NULL;
	if (!compatible)
		return NULL;
	for (size_t i = 0; more(i); i++)
		if (device_is_compatible(built_at(i), compatible))
			return built_at(i);
	return NULL;
}

void __iomem *device_ioremap_caller(const struct device *d, unsigned i, size_t size,
				    const char *owner)
{
	if (!d || i >= d->nreg || d->reg[i].size < size) {
		printf("dev: %s has no register range %u of 0x%lx bytes (for %s)\n",
		       d ? d->name : "(none)", i, (unsigned long)size, owner);
		return NULL;
	}
	/* Physical addresses have 40 bits (LPAE): say so rather than truncate. */
	if (d->reg[i].size == 0 || d->reg[i].addr > PHYS_ADDR_MAX ||
	    d->reg[i].size - 1 > PHYS_ADDR_MAX - d->reg[i].addr) {
		char a[DEV_HEX64_LEN], s[DEV_HEX64_LEN];

		printf("dev: %s reg[%u] %s+%s is beyond 40-bit physical addresses\n",
		       d->name, i, dev_hex64(d->reg[i].addr, a), dev_hex64(d->reg[i].size, s));
		return NULL;
	}
	return ioremap_caller((phys_addr_t)d->reg[i].addr,
			      size ? size : (size_t)d->reg[i].size, MT_DEVICE, owner);
}

const char *device_prop_string(const struct device *d, const char *prop)
{
	const struct fdt *t = of_tree();
	struct fdt_prop p;

	if (!d || d->node < 0 || !t || fdt_get_prop(t, d->node, prop, &p))
		return NULL;
	return fdt_stringlist_get(p.val, p.len, 0);
}

int device_timer_irq(const struct device *d)
{
	/* arm,arch_timer.yaml order: secure phys, non-secure phys, virt, hyp */
	enum { SEC_PHYS, NS_PHYS };

	if (!d || d->nirq == 0)
		return -1;
	if (d->nirq == 1)
		return d->irq[0];
	return d->irq[arch_boot_mode() == ARCH_BOOT_SECURE ? SEC_PHYS : NS_PHYS];
}

const struct device *device_console(void)
{
	return console ? console : device_named(board.console);
}

uint32_t device_console_baud(void)
{
	return console_baud ? console_baud : board.console_baud;
}

__cold int device_adopt_tree(uintptr_t at)
{
	struct fdt t;

	/* A tree elsewhere lies in RAM, above the reserved MiB's start. */
	if (!board.has_dtb || at <= (uintptr_t)board.dtb_addr || (at & 7) ||
	    fdt_open_header(&t, (const void *)at, board.dtb_max_size))
		return 0;
	/* The header and the blocks after it (DTSpec 5.1's order): what the
	 * reader reads. QEMU's tree says 1 MiB and holds a few KiB. */
	memmove((void *)(uintptr_t)board.dtb_addr, (const void *)at,
		t.struct_end > t.strings_end ? t.struct_end : t.strings_end);
	return 1;
}

enum dev_source device_init(void)
{
	static struct device tree_records[OF_MAX_DEVICES] __noinit;	/* of_build() fills */
	size_t n;
	int node;

	tree_error = board.has_dtb ? of_init(board.dtb_addr, board.dtb_max_size) : 0;
	if (board.has_dtb && !tree_error) {
		tree_error = of_build(tree_records, OF_MAX_DEVICES, &n);
		if (!tree_error) {
			records = tree_records;
			nrecords = n;
			complete = false;
			source = DEV_FROM_TREE;
			if (of_stdout(nrecords, &node, &console_baud) == 0)
				console = of_device_at_node(records, nrecords, node);
			return source;
		}
	}
	source = board.has_dtb ? DEV_FROM_FALLBACK : DEV_FROM_BOARD;
	return source;
}

const struct fdt *device_tree(void)
{
	return of_tree();
}

enum dev_source device_source(void)
{
	return source;
}

int device_tree_error(void)
{
	return tree_error;
}

const char *device_source_name(enum dev_source s)
{
	static const char *const names[] = {
		[DEV_FROM_BOARD] = "from the board data",
		[DEV_FROM_FALLBACK] = "board fallback: no usable device tree",
		[DEV_FROM_TREE] = "from the device tree",
		[DEV_FROM_PROBE] = "probed",
	};

	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "?";
}

/* The .irqchips table (IRQCHIP_DECLARE, linker.ld). */
extern const struct irqchip_driver __irqchips_start[], __irqchips_end[];

const struct irq_chip *device_irqchip_probe(void)
{
	for (size_t i = 0; more(i); i++) {
		const struct device *d = built_at(i);

		for (const struct irqchip_driver *drv = __irqchips_start;
		     drv < __irqchips_end; drv++)
			if (device_is_compatible(d, drv->compatible))
				return drv->probe();
	}
	return NULL;
}

static void print_device(const struct device *d)
{
	const char *compat = d->compatible ? d->compatible : "-";

	char a[DEV_HEX64_LEN];

	/* name, compatible, then each register range as "0x<addr> <n> KiB" */
	printf("  %-10s %-22s", d->name, compat);
	for (unsigned i = 0; i < d->nreg; i++) {
		phys_str(d->reg[i].addr, a);
		if (d->reg[i].size % 1024)
			printf("%s%s %6lu B", i ? ", " : " ", a, (unsigned long)d->reg[i].size);
		else
			printf("%s%s %6lu KiB", i ? ", " : " ", a,
			       (unsigned long)(d->reg[i].size >> 10));
	}
	for (unsigned i = 0; i < d->nirq; i++)
		printf(" %s%d", i ? "" : "irq ", d->irq[i]);
	if (d == device_console())
		printf(" (console, %lu baud%s)", (unsigned long)device_console_baud(),
		       console ? ", /chosen stdout-path" : "");
	printf("\n");
}

/* Which timer interrupt, and the probed fact that chose it. */
static void print_timer(void)
{
	const struct device *t = device_find("timer", NULL);
	bool secure = arch_boot_mode() == ARCH_BOOT_SECURE;

	if (!t || t->nirq == 0)
		return;
	printf("timer     interrupt %d: the %s physical timer (the CPU runs in %s state: probed)\n",
	       device_timer_irq(t), secure ? "secure" : "non-secure",
	       secure ? "Secure" : "Non-secure");
}

/* What power control there is, and why. */
static void print_power(void)
{
	const struct device *psci = device_find("psci", NULL);
	const char *method = device_prop_string(psci, "method");

	if (psci)
		printf("power     PSCI through %s (from the device tree)\n", method ? method : "no method");
	else if (source == DEV_FROM_TREE)
		printf("power     none: the device tree has no /psci node (poweroff halts)\n");
	else if (!board.poweroff)
		printf("power     no power-off on this board%s\n",
		       board.reset ? "; reset through the board's controller" : "");
	else
		printf("power     none: no device tree to say how (poweroff halts)\n");
}

__cold const char *dev_hex64(uint64_t v, char buf[DEV_HEX64_LEN])
{
	if (v >> 32)
		fmt_snprintf(buf, DEV_HEX64_LEN, "0x%lx%08lx", (unsigned long)(v >> 32),
			 (unsigned long)(uint32_t)v);
	else
		fmt_snprintf(buf, DEV_HEX64_LEN, "0x%lx", (unsigned long)v);
	return buf;
}

void __cold device_print_info(void)
{
	printf("devices   %s", device_source_name(source));
	if (source == DEV_FROM_FALLBACK)
		printf(" (error %d)", tree_error);
	printf("\n");
	for (size_t i = 0; i < device_count(); i++)
		print_device(device_at(i));
	print_timer();
	print_power();
}
