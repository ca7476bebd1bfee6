/*
 * The PCI host bridge on the target (include/pci_host.h): from the device
 * record to enumerated, assigned, routed and bound functions, and the
 * accessors drivers use on their BARs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "arch.h"
#include "console.h"
#include "device.h"
#include "fdt.h"
#include "fmt.h"
#include "ioremap.h"
#include "pci_host.h"
#include "resource.h"

#define PCI_DEVS_MAX	32

static struct pci_ecam ecam;
static struct pci_host host;
static struct pci_dev devs[PCI_DEVS_MAX] __noinit;	/* probe_fn() fills each */
static int dev_irq[PCI_DEVS_MAX];
static const char *dev_driver[PCI_DEVS_MAX];
static struct resource ecam_res;
static bool host_tried, host_up;
static void __iomem *io_va;			/* the I/O window, mapped once */
static const struct pci_window *io_win;

extern const struct pci_driver __pci_drivers_start[], __pci_drivers_end[];

static void pci_init(void);

/* The first call brings the host up; every later one answers at once. */
struct pci_host *pci_host(void)
{
	if (!host_tried) {
		host_tried = true;
		pci_init();
	}
	return host_up ? &host : NULL;
}

/*
 * One line to the console, formatted first: boot-time lines written at
 * once, not through stdio's per-character path (unbuffered stdout).
 */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	console_write(line, (size_t)n);
}

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	say("%s", line);
}

/* Does [addr, addr + size) lie within what the running descriptor format
 * reaches (40 bits with LPAE, 32 with short descriptors)? */
static bool phys_reachable(uint64_t addr, uint64_t size)
{
	uint64_t max = arch_pt_format()->pa_limit - 1;

	return size && addr <= max && size - 1 <= max - addr;
}

static int prop(const struct fdt *t, int node, const char *name, struct fdt_prop *p)
{
	int err = fdt_get_prop(t, node, name, p);

	if (err && err != -ENOENT)
		say("pci: bad '%s' property (error %d)", name, err);
	return err;
}

/* interrupt-map parents: #address-cells (default 0 here) and #interrupt-cells. */
static int parent_cells(void *ctx, uint32_t phandle, unsigned int *ac, unsigned int *ic)
{
	const struct fdt *t = ctx;
	int node = fdt_node_by_phandle(t, phandle);
	struct fdt_prop p;
	uint32_t v = 0;

	if (node < 0)
		return -ENOENT;
	*ac = fdt_get_prop(t, node, "#address-cells", &p) == 0 && fdt_cell(&p, 0, &v) == 0 ? v : 0;
	if (fdt_get_prop(t, node, "#interrupt-cells", &p) || fdt_cell(&p, 0, &v))
		return -EINVAL;
	*ic = v;
	return 0;
}

/* The INTID of d's INTx through the host's interrupt-map, or -1. */
static int route_intx(const struct fdt *t, int node, const struct pci_dev *d)
{
	const struct pci_dev *root;
	struct fdt_prop map, mask;
	struct pci_dt_irq irq;
	uint32_t intid;
	uint8_t pin;
	bool has_mask;

	if (pci_intx_root(d, &root, &pin) || fdt_get_prop(t, node, "interrupt-map", &map))
		return -1;
	has_mask = fdt_get_prop(t, node, "interrupt-map-mask", &mask) == 0;
	if (pci_dt_irq_map(map.val, map.len, has_mask ? mask.val : NULL, has_mask ? mask.len : 0,
			   parent_cells, (void *)t, root->bus, root->dev, root->fn, pin, &irq) ||
	    pci_dt_gic_intid(&irq, &intid))
		return -1;
	return (int)intid;
}

/* Windows from `ranges`, buses from `bus-range` clamped to what the ECAM covers. */
static int read_host(const struct fdt *t, const struct device *dev, uint64_t ecam_size,
		     struct pci_window *win, unsigned int *nwin, uint8_t *first, uint8_t *last)
{
	int node = dev->node;
	uint32_t pac = dev->bus_ac, sc = 0;
	struct fdt_prop p;
	int n;

	*first = 0;
	*last = 255;
	if (prop(t, node, "bus-range", &p) == 0 && pci_dt_bus_range(p.val, p.len, first, last)) {
		say("pci: bad bus-range");
		return -EINVAL;
	}
	if (ecam_size >> 20 <= (uint64_t)(*last - *first))
		*last = (uint8_t)(*first + (ecam_size >> 20) - 1);
	/* The parent's cells come with the record (discovery's walk knew them:
	 * no second walk to find the parent). Our own #address-cells is 3 (PCI
	 * addresses), which fdt_cells() rejects. */
	if (!pac || prop(t, node, "#size-cells", &p) || fdt_cell(&p, 0, &sc) ||
	    prop(t, node, "ranges", &p)) {
		say("pci: host bridge has no usable ranges");
		return -EINVAL;
	}
	n = pci_dt_ranges(p.val, p.len, pac, sc, win, PCI_HOST_MAX_WINDOWS);
	if (n < 0) {
		say("pci: bad ranges (error %d)", n);
		return n;
	}
	*nwin = (unsigned int)n;
	return 0;
}

/* Map the host's I/O window w, once, when the first I/O BAR is mapped. */
static bool map_io_window(const struct pci_window *w)
{
	if (io_win)
		return io_win == w;
	if (!phys_reachable(w->cpu_base, w->size) || w->size > SZ_1M) {
		say("pci: I/O window not mapped (beyond phys_addr_t or over 1 MiB)");
		return false;
	}
	io_va = ioremap((phys_addr_t)w->cpu_base, (size_t)w->size);
	io_win = io_va ? w : NULL;
	return io_win != NULL;
}

static void bind_drivers(void)
{
	for (unsigned int i = 0; i < host.ndev; i++) {
		struct pci_dev *d = &host.dev[i];
		const struct pci_driver *drv;
		int err;

		for (drv = __pci_drivers_start; !d->disabled && drv < __pci_drivers_end; drv++) {
			if (drv->vendor != d->vendor || drv->device != d->device)
				continue;
			err = drv->probe(d);
			if (err)
				say("pci %s: %s: probe failed (error %d)", d->name, drv->name, err);
			else
				dev_driver[i] = drv->name;
			break;
		}
	}
}

/* A device-tree host: pci-host-ecam-generic, its properties decoded by of_host.c. */
static int ecam_host(const struct device *dev, struct pci_window *win, unsigned int *nwin,
		     uint8_t *first, uint8_t *last)
{
	char a[DEV_HEX64_LEN];
	int err;

	/* 64-bit from the record, compared before anything becomes phys_addr_t. */
	if (!phys_reachable(dev->reg[0].addr, dev->reg[0].size)) {
		say("pci: ECAM at %s is beyond what the %s tables reach; "
		    "boot with -M virt,highmem=off", dev_hex64(dev->reg[0].addr, a),
		    arch_pt_format()->name);
		return -ERANGE;
	}
	err = read_host(device_tree(), dev, dev->reg[0].size, win, nwin, first, last);
	if (err)
		return err;
	ecam = (struct pci_ecam){ .base = (phys_addr_t)dev->reg[0].addr, .bus_first = *first,
				  .buses = *last - *first + 1u, .fn_shift = PCI_ECAM_FN_SHIFT };
	return 0;
}

/* Find and enumerate the host bridge, route INTx, bind drivers; a host
 * refused is said in one line (none at all is silent). `make bench` times
 * it, at the first `lspci`. */
static void __measured pci_init(void)
{
	/* By the record name discovery gives it first: a name match is cheap. */
	const struct device *dev = device_find("pcie", "pci-host-ecam-generic");
	struct pci_window win[PCI_HOST_MAX_WINDOWS];
	unsigned int nwin = 0, i;
	uint8_t first = 0, last = 0;
	int err;

	if (dev && dev->node >= 0 && device_tree() && dev->nreg >= 1)
		err = ecam_host(dev, win, &nwin, &first, &last);
	else if ((dev = device_find("pci", "arm,versatile-pci")) != NULL)
		err = pci_versatile_setup(dev, &ecam, win, &nwin);
	else
		err = -ENODEV;	/* no host bridge: nothing to say */
	if (err)
		return;
	last = (uint8_t)(ecam.bus_first + ecam.buses - 1);
	resource_set(&ecam_res, ecam.base, (uint64_t)ecam.buses << (ecam.fn_shift + 8),
		     "PCI configuration space", IORESOURCE_MEM);
	resource_insert(&iomem_resource, &ecam_res);
	err = pci_host_init(&host, &pci_ecam_ops, &ecam, ecam.bus_first, last, win, nwin,
			    &iomem_resource, &ioport_resource, devs, PCI_DEVS_MAX);
	if (err) {
		say("pci: host bridge windows refused (error %d)", err);
		return;
	}
	host.log = log_line;
	pci_enumerate(&host);
	host_up = true;
	/* INTx through the tree's interrupt-map; a host without one routes none. */
	for (i = 0; i < host.ndev; i++)
		dev_irq[i] = dev->node >= 0 ? route_intx(device_tree(), dev->node, &host.dev[i]) : -1;
	/* Configuration space is mapped again if a driver needs it: the I/O
	 * window stays free for drivers meanwhile. */
	if (ecam.map)
		iounmap(ecam.map);
	ecam.map = NULL;
	bind_drivers();
}

static unsigned int dev_index(const struct pci_dev *d)
{
	return (unsigned int)(d - host.dev);
}

int pci_irq(const struct pci_dev *d)
{
	return dev_irq[dev_index(d)];
}

const char *pci_driver_name(const struct pci_dev *d)
{
	return dev_driver[dev_index(d)];
}

static const struct pci_region *assigned_bar(struct pci_dev *d, unsigned int bar)
{
	const struct pci_region *r = bar < d->nbar ? &d->bar[bar] : NULL;

	if (!r || !r->assigned) {
		say("pci %s: BAR %u is not assigned", d->name, bar);
		return NULL;
	}
	return r;
}

void __iomem *pci_iomap(struct pci_dev *d, unsigned int bar, size_t max)
{
	const struct pci_region *r = assigned_bar(d, bar);
	uint64_t len;
	char a[DEV_HEX64_LEN];

	if (!r)
		return NULL;
	len = max && max < r->size ? max : r->size;
	if (r->flags & IORESOURCE_IO) {
		if (!map_io_window(r->hw)) {
			say("pci %s: BAR %u: its I/O window is not mapped", d->name, bar);
			return NULL;
		}
		return (uint8_t __iomem *)io_va + (r->cpu_addr - io_win->cpu_base);
	}
	if (!phys_reachable(r->cpu_addr, len)) {
		say("pci %s: BAR %u at %s is beyond this MMU format's physical addresses",
		       d->name, bar, dev_hex64(r->cpu_addr, a));
		return NULL;
	}
	return ioremap_caller((phys_addr_t)r->cpu_addr, (size_t)len, MT_DEVICE, d->name);
}

void pci_iounmap(struct pci_dev *d, void __iomem *cookie)
{
	uintptr_t va = (uintptr_t)(__force void *)cookie;
	uintptr_t io = (uintptr_t)(__force void *)io_va;

	(void)d;
	if (io_win && va >= io && va - io < io_win->size)
		return;
	iounmap(cookie);
}

int pci_request_region(struct pci_dev *d, unsigned int bar, const char *name)
{
	const struct pci_region *r = assigned_bar(d, bar);
	struct resource *claim;

	if (!r)
		return -EINVAL;
	return r->flags & IORESOURCE_IO ?
	       request_region(r->res.start, r->size, name, &claim) :
	       request_mem_region(r->res.start, r->size, name, &claim);
}
