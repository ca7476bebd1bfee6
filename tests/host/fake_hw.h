/*
 * What a driver reaches below it, for the driver host tests (test_drv_*.c,
 * which #include the driver's .c to reach its static functions and state):
 * device_find(), ioremap() and the MMIO accessors (tests/host/fake/io.h).
 *
 * A test describes each device as a struct fake_dev: a physical range and
 * read/write handlers that implement its register semantics (write-1-to-
 * clear arrays, RAZ/WI past the implemented lines, ...). An ioremap() of
 * part of a device gets an address inside a host buffer standing for it;
 * every access is handed to that device's handler with its offset and size.
 * An access outside every device, or not aligned to its size, fails the
 * test. Include once per test program.
 */
#ifndef FAKE_HW_H
#define FAKE_HW_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <asm/barrier.h>
#include "device.h"
#include "io.h"
#include "ioremap.h"

struct fake_dev {
	uint64_t phys;
	uint32_t size;
	uint32_t (*read)(uint32_t off, unsigned size);
	void (*write)(uint32_t off, uint32_t v, unsigned size);
	uint8_t *va;		/* stands for the range; never dereferenced */
};

#define FAKE_DEVS_MAX	4

static struct fake_dev *fake_devs[FAKE_DEVS_MAX];
static unsigned fake_ndevs;
static struct device fake_table[FAKE_DEVS_MAX];	/* what device_find() finds */
static unsigned fake_ntable;
static unsigned fake_iounmaps;	/* iounmap() calls since fake_hw_reset() */
static const volatile void *fake_last_iounmap;	/* the address the last one gave back */

/* Program order: one step per MMIO access, barrier or fake_step() (a test's
 * system-register model calls it), and the step of the last ISB and DSB
 * (dsb, dsb_st). A barrier required after an access shows as fake_isb_at >
 * that access's step. */
static unsigned fake_seq, fake_isb_at, fake_dsb_at;

static inline unsigned fake_step(void)
{
	return ++fake_seq;
}

#ifndef FAKE_BARRIER_LOG
void fake_barrier(const char *name)
{
	unsigned s = fake_step();

	if (!strcmp(name, "isb"))
		fake_isb_at = s;
	else if (!strncmp(name, "dsb", 3))
		fake_dsb_at = s;
}
#endif

/* Forget every device and table entry (between tests). */
static void fake_hw_reset(void)
{
	for (unsigned i = 0; i < fake_ndevs; i++) {
		free(fake_devs[i]->va);
		fake_devs[i]->va = NULL;
	}
	fake_ndevs = 0;
	fake_ntable = 0;
	fake_iounmaps = 0;
	fake_last_iounmap = NULL;
	fake_seq = fake_isb_at = fake_dsb_at = 0;
	memset(fake_table, 0, sizeof(fake_table));
}

static inline void fake_dev_add(struct fake_dev *d)
{
	assert_true(fake_ndevs < FAKE_DEVS_MAX);
	d->va = malloc(d->size);
	assert_non_null(d->va);
	fake_devs[fake_ndevs++] = d;
}

/* A device_find() entry: name, compatible, and its reg ranges. */
static inline struct device *fake_table_add(const char *name, const char *compatible)
{
	struct device *d;

	assert_true(fake_ntable < FAKE_DEVS_MAX);
	d = &fake_table[fake_ntable++];
	strncpy(d->name, name, DEV_NAME_MAX - 1);
	d->compatible = compatible;
	d->node = -1;
	return d;
}

static inline void fake_table_reg(struct device *d, uint64_t addr, uint64_t size)
{
	assert_true(d->nreg < DEV_MAX_REG);
	d->reg[d->nreg].addr = addr;
	d->reg[d->nreg].size = size;
	d->nreg++;
}

const struct device *device_find(const char *name, const char *compatible)
{
	for (unsigned i = 0; i < fake_ntable; i++)
		if (!strcmp(fake_table[i].name, name) &&
		    (!compatible || !strcmp(fake_table[i].compatible, compatible)))
			return &fake_table[i];
	return NULL;
}

void __iomem *ioremap_caller(phys_addr_t phys, size_t size, unsigned type, const char *owner)
{
	(void)type, (void)owner;
	for (unsigned i = 0; i < fake_ndevs; i++) {
		struct fake_dev *d = fake_devs[i];

		if (phys >= d->phys && size <= d->size && phys - d->phys <= d->size - size)
			return d->va + (phys - d->phys);
	}
	return NULL;
}

void iounmap(volatile void __iomem *addr)
{
	fake_iounmaps++;
	fake_last_iounmap = addr;
}

void __iomem *device_ioremap_caller(const struct device *d, unsigned i, size_t size,
				    const char *owner)
{
	if (i >= d->nreg)
		return NULL;
	return ioremap_caller((phys_addr_t)d->reg[i].addr, size ? size : d->reg[i].size,
			      MT_DEVICE, owner);
}

/* The device addr falls in, and its offset there; fails the test if none. */
static struct fake_dev *fake_dev_at(const volatile void *addr, unsigned size, uint32_t *off)
{
	const volatile uint8_t *p = addr;

	for (unsigned i = 0; i < fake_ndevs; i++) {
		struct fake_dev *d = fake_devs[i];

		if (p >= d->va && p < d->va + d->size) {
			*off = (uint32_t)(p - d->va);
			if (*off % size || *off + size > d->size)
				fail_msg("%u-byte access at offset %#x: misaligned or past the end",
					 size, *off);
			return d;
		}
	}
	fail_msg("%u-byte access at %p: outside every mapped device", size, (const void *)p);
	return NULL;
}

uint32_t fake_mmio_read(const volatile void *addr, unsigned size)
{
	uint32_t off;
	struct fake_dev *d = fake_dev_at(addr, size, &off);

	fake_step();
	return d->read(off, size);
}

void fake_mmio_write(volatile void *addr, uint32_t v, unsigned size)
{
	uint32_t off;
	struct fake_dev *d = fake_dev_at(addr, size, &off);

	fake_step();
	d->write(off, v, size);
}

/* Bit b of a bit array of 32-bit words. */
static inline bool fake_bit(const uint32_t *a, unsigned b)
{
	return a[b / 32] >> (b % 32) & 1;
}

#endif
