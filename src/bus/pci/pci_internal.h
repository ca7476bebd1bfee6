/* Shared between the PCI scan (scan.c) and assignment (assign.c) passes. */
#ifndef PCI_INTERNAL_H
#define PCI_INTERNAL_H

#include <pci.h>

static inline uint8_t cfg_r8(struct pci_host *h, const struct pci_dev *d, uint16_t off)
{
	return h->ops->read8(h->ctx, d->bus, d->dev, d->fn, off);
}

static inline uint16_t cfg_r16(struct pci_host *h, const struct pci_dev *d, uint16_t off)
{
	return h->ops->read16(h->ctx, d->bus, d->dev, d->fn, off);
}

static inline uint32_t cfg_r32(struct pci_host *h, const struct pci_dev *d, uint16_t off)
{
	return h->ops->read32(h->ctx, d->bus, d->dev, d->fn, off);
}

static inline void cfg_w8(struct pci_host *h, const struct pci_dev *d, uint16_t off, uint8_t v)
{
	h->ops->write8(h->ctx, d->bus, d->dev, d->fn, off, v);
}

static inline void cfg_w16(struct pci_host *h, const struct pci_dev *d, uint16_t off, uint16_t v)
{
	h->ops->write16(h->ctx, d->bus, d->dev, d->fn, off, v);
}

static inline void cfg_w32(struct pci_host *h, const struct pci_dev *d, uint16_t off, uint32_t v)
{
	h->ops->write32(h->ctx, d->bus, d->dev, d->fn, off, v);
}

static inline bool pci_is_bridge(const struct pci_dev *d)
{
	return d->hdr_type == PCI_HEADER_TYPE_BRIDGE;
}

/* Leave d disabled; the reason is recorded and logged once (the first one wins). */
void pci_disable(struct pci_host *h, struct pci_dev *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Log one line about d, prefixed "pci bb:dd.f vvvv:dddd: ". */
void pci_log(struct pci_host *h, const struct pci_dev *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Pass 1 (scan.c): find every function, number buses, size BARs. */
void pci_scan(struct pci_host *h);

/* Pass 2 (assign.c): size bridge windows, place everything, program it. */
void pci_assign(struct pci_host *h);

#endif /* PCI_INTERNAL_H */
