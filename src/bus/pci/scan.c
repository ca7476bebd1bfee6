/*
 * PCI enumeration, pass 1: find every function depth first, number the
 * buses behind PCI-to-PCI bridges and size every BAR. Nothing is placed yet
 * (assign.c does that). See include/pci.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "compiler.h"
#include "fmt.h"
#include "pci_internal.h"

/* Resource names of host windows, by space and prefetchability. */
static const char *const window_names[][2] = {
	[PCI_SPACE_IO] = { "PCI I/O", "PCI I/O" },
	[PCI_SPACE_MEM32] = { "PCI mem", "PCI mem prefetchable" },
	[PCI_SPACE_MEM64] = { "PCI mem 64-bit", "PCI mem 64-bit prefetchable" },
};

static bool window_ok(const struct pci_window *w)
{
	return (w->space == PCI_SPACE_IO || w->space == PCI_SPACE_MEM32 ||
		w->space == PCI_SPACE_MEM64) && w->size != 0 &&
	       w->cpu_base <= UINT64_MAX - (w->size - 1) &&
	       w->bus_base <= UINT64_MAX - (w->size - 1);
}

int pci_host_init(struct pci_host *h, const struct pci_cfg_ops *ops, void *ctx,
		  uint8_t bus_first, uint8_t bus_last,
		  const struct pci_window *win, unsigned int nwin,
		  struct resource *iomem, struct resource *ioport,
		  struct pci_dev *devs, unsigned int dev_cap)
{
	unsigned int i;
	int rc;

	if (nwin > PCI_HOST_MAX_WINDOWS || bus_first > bus_last)
		return -EINVAL;
	for (i = 0; i < nwin; i++)
		if (!window_ok(&win[i]))
			return -EINVAL;
	*h = (struct pci_host){ .ops = ops, .ctx = ctx, .bus_first = bus_first,
				.bus_last = bus_last, .bus_next = bus_first + 1u,
				.nwin = nwin, .dev = devs, .dev_cap = dev_cap };
	for (i = 0; i < nwin; i++) {
		const struct pci_window *w = &win[i];
		bool io = w->space == PCI_SPACE_IO;
		uint32_t fl = io ? IORESOURCE_IO : IORESOURCE_MEM |
			      (w->prefetchable ? IORESOURCE_PREFETCH : 0) |
			      (w->space == PCI_SPACE_MEM64 ? IORESOURCE_MEM_64 : 0);

		h->win[i] = *w;
		resource_set(&h->win_res[i], io ? w->bus_base : w->cpu_base, w->size,
			     window_names[w->space][w->prefetchable], fl);
		rc = resource_insert(io ? ioport : iomem, &h->win_res[i]);
		if (rc) {
			while (i-- > 0)
				resource_release(&h->win_res[i]);
			return rc;
		}
	}
	return 0;
}

static void vlog(struct pci_host *h, const struct pci_dev *d, const char *fmt, va_list ap)
{
	char line[160];
	int n;

	if (!h->log)
		return;
	n = fmt_snprintf(line, sizeof(line), "pci %s %04x:%04x: ", d->name, d->vendor, d->device);
	fmt_vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	h->log(h->log_ctx, line);
}

void pci_log(struct pci_host *h, const struct pci_dev *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(h, d, fmt, ap);
	va_end(ap);
}

void pci_disable(struct pci_host *h, struct pci_dev *d, const char *fmt, ...)
{
	va_list ap;

	if (d->disabled)
		return;
	d->disabled = true;
	va_start(ap, fmt);
	fmt_vsnprintf(d->reason, sizeof(d->reason), fmt, ap);
	va_end(ap);
	pci_log(h, d, "left disabled: %s", d->reason);
}

const char *pci_fmt_size(char *buf, uint64_t size)
{
	static const char units[] = " KMGTPE";
	unsigned int u = 0;
	char *p = buf + 23;

	/* At most 6 times, to 'E': a size below 2^64 that 1024^k divides has
	 * k <= 6 (1024^7 = 2^70). */
	while (size && (size & 0x3ff) == 0) {
		size >>= 10;
		u++;
	}
	/* Digits backwards from the end: newlib-nano's printf has no %llu. */
	*p = '\0';
	if (u)
		*--p = units[u];
	do {
		*--p = (char)('0' + size % 10);
		size /= 10;
	} while (size);
	return p;
}

/*
 * Size one BAR: with decode already disabled, write all ones, read back
 * which address bits stick, restore (PCI 3.0 6.2.5.1). A 64-bit memory BAR
 * sizes its upper dword the same way. Returns how many BAR slots it uses.
 */
static unsigned int size_bar(struct pci_host *h, struct pci_dev *d, unsigned int i)
{
	uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * i);
	struct pci_region *r = &d->bar[i];
	uint32_t orig = cfg_r32(h, d, off), lo, hi = 0, ohi;
	uint64_t mask;
	bool io = orig & PCI_BAR_SPACE_IO;
	bool is64 = !io && (orig & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64;

	cfg_w32(h, d, off, 0xffffffffu);
	lo = cfg_r32(h, d, off);
	cfg_w32(h, d, off, orig);
	if (is64 && i + 1 >= d->nbar) {
		pci_log(h, d, "BAR %u is 64-bit but has no upper half; ignored", i);
		return 1;
	}
	if (is64) {
		ohi = cfg_r32(h, d, off + 4);
		cfg_w32(h, d, off + 4, 0xffffffffu);
		hi = cfg_r32(h, d, off + 4);
		cfg_w32(h, d, off + 4, ohi);
	}
	mask = (uint64_t)hi << 32 | (lo & (io ? PCI_BAR_IO_MASK : PCI_BAR_MEM_MASK));
	/* The lowest writable address bit is the size (BARs are size-aligned). */
	r->size = mask & (~mask + 1);
	r->align = r->size;
	r->flags = io ? IORESOURCE_IO : IORESOURCE_MEM |
		   (orig & PCI_BAR_MEM_PREFETCH ? IORESOURCE_PREFETCH : 0) |
		   (is64 ? IORESOURCE_MEM_64 : 0);
	return is64 ? 2 : 1;
}

/*
 * Decode is off while any BAR holds the all-ones probe (PCI 3.0 6.2.5.1),
 * and stays off: the addresses left in the BARs (reset's or a loader's) are
 * not ours, and program() turns decode on once it has written ours.
 */
static void size_bars(struct pci_host *h, struct pci_dev *d)
{
	unsigned int i;

	cfg_w16(h, d, PCI_COMMAND,
		cfg_r16(h, d, PCI_COMMAND) & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (i = 0; i < d->nbar; i += size_bar(h, d, i))
		;
}

/*
 * Which windows a bridge implements: the I/O and prefetchable base registers
 * read back 0 after writing non-zero when the window is absent (PCI-to-PCI
 * Bridge 1.2, 3.2.5.6 and 3.2.5.9); the memory window is mandatory.
 */
static void probe_bridge_windows(struct pci_host *h, struct pci_dev *d)
{
	uint8_t io = cfg_r8(h, d, PCI_IO_BASE);
	uint16_t pref_orig = cfg_r16(h, d, PCI_PREF_MEMORY_BASE), pref;

	cfg_w8(h, d, PCI_IO_BASE, 0xf0);
	d->has_win[PCI_WIN_IO] = cfg_r8(h, d, PCI_IO_BASE) != 0;
	cfg_w8(h, d, PCI_IO_BASE, io);
	cfg_w16(h, d, PCI_PREF_MEMORY_BASE, 0xfff0);
	pref = cfg_r16(h, d, PCI_PREF_MEMORY_BASE);
	d->has_win[PCI_WIN_PREF] = pref != 0;
	d->pref64 = (pref & 0xf) == PCI_PREF_RANGE_TYPE_64;
	cfg_w16(h, d, PCI_PREF_MEMORY_BASE, pref_orig);
	d->has_win[PCI_WIN_MEM] = true;
}

static void scan_bus(struct pci_host *h, uint8_t bus, struct pci_dev *up);

/*
 * Give a bridge the next bus number, scan behind it with its subordinate
 * open to the end of the range (so deeper bridges forward our cycles), then
 * close the subordinate at the last bus found (PCI-to-PCI Bridge 1.2, 3.2.5.3).
 */
static void number_and_scan_bridge(struct pci_host *h, struct pci_dev *d)
{
	fmt_snprintf(d->bus_name, sizeof(d->bus_name), "PCI Bus %02x", (unsigned int)h->bus_next & 0xff);
	if (h->bus_next > h->bus_last) {
		cfg_w8(h, d, PCI_SECONDARY_BUS, 0);
		cfg_w8(h, d, PCI_SUBORDINATE_BUS, 0);
		pci_disable(h, d, "no bus number left behind it (bus-range ends at %02x)",
			    h->bus_last);
		return;
	}
	d->secondary = (uint8_t)h->bus_next++;
	cfg_w8(h, d, PCI_PRIMARY_BUS, d->bus);
	cfg_w8(h, d, PCI_SECONDARY_BUS, d->secondary);
	cfg_w8(h, d, PCI_SUBORDINATE_BUS, h->bus_last);
	scan_bus(h, d->secondary, d);
	d->subordinate = (uint8_t)(h->bus_next - 1);
	cfg_w8(h, d, PCI_SUBORDINATE_BUS, d->subordinate);
}

/* Read the header of present function d and size what it decodes.
 * `make bench` times each call, the cost of one device found. */
static void __measured record_fn(struct pci_host *h, struct pci_dev *d)
{
	uint8_t hdr;

	fmt_snprintf(d->name, sizeof(d->name), "%02x:%02x.%u", d->bus, d->dev, d->fn);
	hdr = cfg_r8(h, d, PCI_HEADER_TYPE);
	d->hdr_type = hdr & PCI_HEADER_TYPE_MASK;
	d->multifunction = hdr & PCI_HEADER_MULTI_FUNC;
	d->class_rev = cfg_r32(h, d, PCI_CLASS_REVISION);
	d->irq_pin = cfg_r8(h, d, PCI_INTERRUPT_PIN);
	if (d->irq_pin > 4)
		d->irq_pin = 0;
	switch (d->hdr_type) {
	case PCI_HEADER_TYPE_NORMAL:
		d->nbar = PCI_MAX_BARS;
		size_bars(h, d);
		break;
	case PCI_HEADER_TYPE_BRIDGE:
		d->nbar = PCI_BRIDGE_BARS;
		size_bars(h, d);
		probe_bridge_windows(h, d);
		number_and_scan_bridge(h, d);
		break;
	default:
		pci_disable(h, d, "header type %u not supported", d->hdr_type);
		break;
	}
}

/* Record function (bus, dev, fn) if present; returns it or NULL. */
static struct pci_dev *probe_fn(struct pci_host *h, uint8_t bus, uint8_t dev,
				uint8_t fn, struct pci_dev *up)
{
	uint32_t id = h->ops->read32(h->ctx, bus, dev, fn, PCI_VENDOR_ID);
	struct pci_dev *d;
	uint16_t cmd;

	/* An absent function reads all ones (PCI 3.0 6.1); 0 is never a vendor. */
	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return NULL;
	if (h->ndev == h->dev_cap) {
		/* Unrecorded means unassigned: it must not decode stale addresses. */
		cmd = h->ops->read16(h->ctx, bus, dev, fn, PCI_COMMAND);
		h->ops->write16(h->ctx, bus, dev, fn, PCI_COMMAND,
				cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
		h->dropped++;
		return NULL;
	}
	d = &h->dev[h->ndev++];
	*d = (struct pci_dev){ .bus = bus, .dev = dev, .fn = fn, .up = up,
			       .vendor = (uint16_t)id, .device = (uint16_t)(id >> 16) };
	record_fn(h, d);
	return d;
}

static void scan_bus(struct pci_host *h, uint8_t bus, struct pci_dev *up)
{
	uint8_t dev, fn;
	struct pci_dev *f0;

	for (dev = 0; dev < PCI_MAX_DEV; dev++) {
		f0 = probe_fn(h, bus, dev, 0, up);
		/* Functions 1-7 exist only if function 0 says so (PCI 3.0 6.2.1). */
		if (!f0 || !f0->multifunction)
			continue;
		for (fn = 1; fn < PCI_MAX_FN; fn++)
			probe_fn(h, bus, dev, fn, up);
	}
}

void pci_scan(struct pci_host *h)
{
	scan_bus(h, h->bus_first, NULL);
}

int pci_enumerate(struct pci_host *h)
{
	unsigned int i;
	int disabled = 0;

	pci_scan(h);
	pci_assign(h);
	for (i = 0; i < h->ndev; i++)
		disabled += h->dev[i].disabled;
	if (h->dropped) {
		if (h->log)
			h->log(h->log_ctx, "pci: device table full, functions left out");
		return -ENOMEM;
	}
	return disabled;
}

struct pci_dev *pci_find(struct pci_host *h, uint16_t vendor, uint16_t device,
			 const struct pci_dev *from)
{
	unsigned int i = from ? (unsigned int)(from - h->dev) + 1 : 0;

	for (; i < h->ndev; i++)
		if (h->dev[i].vendor == vendor && h->dev[i].device == device)
			return &h->dev[i];
	return NULL;
}
