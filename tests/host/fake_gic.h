/*
 * A model of the GIC's per-interrupt register arrays (include/gic.h: the
 * same offsets in a GICv2 or GICv3 distributor and a GICv3 SGI frame), for
 * the driver host tests. INTIDs first..end-1 are implemented; a write to an
 * array entry of any other INTID is RAZ/WI (IHI 0048B 4.3, IHI 0069 8.9).
 * A write to a register none of whose entries is implemented has no reason
 * to be made: it is counted in 'beyond', which a clean bank leaves at 0. Priorities keep the implemented high-order
 * bits (prio_mask: 0xf8 for 5 bits, 0xff for 8).
 */
#ifndef FAKE_GIC_H
#define FAKE_GIC_H

#include <stdbool.h>
#include <stdint.h>
#include "gic.h"

#define FAKE_GIC_IDS	1024

struct fake_gic_bank {
	unsigned first, end;	/* implemented INTIDs */
	uint8_t prio_mask;
	uint32_t group[32], enable[32], pending[32], active[32];
	uint8_t prio[FAKE_GIC_IDS];
	uint32_t icfgr[64];
	unsigned beyond;	/* writes to registers of unimplemented INTIDs only */
};

/* A bank as a previous boot may leave it: every implemented INTID Group 0,
 * enabled, pending, active, priority 0, edge-triggered. */
static void fake_gic_bank_dirty(struct fake_gic_bank *b, unsigned first, unsigned end,
				uint8_t prio_mask)
{
	memset(b, 0, sizeof(*b));
	b->first = first;
	b->end = end;
	b->prio_mask = prio_mask;
	for (unsigned id = first; id < end; id++) {
		b->enable[id / 32] |= 1u << (id % 32);
		b->pending[id / 32] |= 1u << (id % 32);
		b->active[id / 32] |= 1u << (id % 32);
		b->icfgr[id / 16] |= 2u << (2 * (id % 16));
	}
}

static bool fake_gic_implemented(const struct fake_gic_bank *b, unsigned id)
{
	return id >= b->first && id < b->end;
}

/* Bits of a write to word n of a bit array that name implemented INTIDs. */
static uint32_t fake_gic_bits(struct fake_gic_bank *b, unsigned n, uint32_t v)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < 32; i++)
		if (fake_gic_implemented(b, 32 * n + i))
			mask |= 1u << i;
	if (!mask)
		b->beyond++;
	return v & mask;
}

/* Read the word of a bit array; RAZ for unimplemented INTIDs. */
static uint32_t fake_gic_word(const struct fake_gic_bank *b, const uint32_t *a, unsigned n)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < 32; i++)
		if (fake_gic_implemented(b, 32 * n + i))
			mask |= 1u << i;
	return a[n] & mask;
}

/* A write to one of the shared arrays: false if off is not in one. */
static bool fake_gic_bank_write(struct fake_gic_bank *b, uint32_t off, uint32_t v, unsigned size)
{
	unsigned n = (off & 0x7f) / 4;

	if (off >= GICD_IPRIORITYR(0) && off < GICD_IPRIORITYR(FAKE_GIC_IDS)) {
		bool any = false;

		for (unsigned i = 0; i < size; i++) {
			unsigned id = off - GICD_IPRIORITYR(0) + i;

			if (fake_gic_implemented(b, id)) {
				b->prio[id] = (uint8_t)(v >> (8 * i)) & b->prio_mask;
				any = true;
			}
		}
		b->beyond += !any;
		return true;
	}
	if (size != 4)
		fail_msg("%u-byte write to GIC array register %#x", size, off);
	if (off >= 0x080 && off < 0x100) {
		b->group[n] = (b->group[n] & ~fake_gic_bits(b, n, ~0u)) | fake_gic_bits(b, n, v);
		return true;
	}
	switch (off & ~0x7fu) {
	case 0x100: b->enable[n] |= fake_gic_bits(b, n, v); return true;
	case 0x180: b->enable[n] &= ~fake_gic_bits(b, n, v); return true;
	case 0x200: b->pending[n] |= fake_gic_bits(b, n, v); return true;
	case 0x280: b->pending[n] &= ~fake_gic_bits(b, n, v); return true;
	case 0x300: b->active[n] |= fake_gic_bits(b, n, v); return true;
	case 0x380: b->active[n] &= ~fake_gic_bits(b, n, v); return true;
	}
	if (off >= GICD_ICFGR(0) && off < GICD_ICFGR(64)) {
		n = (off - GICD_ICFGR(0)) / 4;
		if (fake_gic_implemented(b, 16 * n))
			b->icfgr[n] = v;
		else
			b->beyond++;
		return true;
	}
	return false;
}

/* A read of one of the shared arrays: false if off is not in one. */
static bool fake_gic_bank_read(const struct fake_gic_bank *b, uint32_t off, unsigned size,
			       uint32_t *v)
{
	unsigned n = (off & 0x7f) / 4;

	if (off >= GICD_IPRIORITYR(0) && off < GICD_IPRIORITYR(FAKE_GIC_IDS)) {
		*v = 0;
		for (unsigned i = 0; i < size; i++) {
			unsigned id = off - GICD_IPRIORITYR(0) + i;

			if (fake_gic_implemented(b, id))
				*v |= (uint32_t)b->prio[id] << (8 * i);
		}
		return true;
	}
	if (off >= 0x080 && off < 0x100) {
		*v = fake_gic_word(b, b->group, n);
		return true;
	}
	switch (off & ~0x7fu) {
	case 0x100: case 0x180: *v = fake_gic_word(b, b->enable, n); return true;
	case 0x200: case 0x280: *v = fake_gic_word(b, b->pending, n); return true;
	case 0x300: case 0x380: *v = fake_gic_word(b, b->active, n); return true;
	}
	if (off >= GICD_ICFGR(0) && off < GICD_ICFGR(64)) {
		n = (off - GICD_ICFGR(0)) / 4;
		*v = fake_gic_implemented(b, 16 * n) ? b->icfgr[n] : 0;
		return true;
	}
	return false;
}

/* Every implemented INTID of the bank disabled, not pending, not active, at
 * priority prio, and (from first_cfg) level-sensitive. */
static void assert_gic_bank_clean(const struct fake_gic_bank *b, uint8_t prio, unsigned first_cfg)
{
	for (unsigned id = b->first; id < b->end; id++) {
		if (fake_bit(b->enable, id) || fake_bit(b->pending, id) || fake_bit(b->active, id))
			fail_msg("INTID %u: enabled %d, pending %d, active %d", id,
				 fake_bit(b->enable, id), fake_bit(b->pending, id),
				 fake_bit(b->active, id));
		if (b->prio[id] != (prio & b->prio_mask))
			fail_msg("INTID %u: priority %#x", id, b->prio[id]);
		if (id >= first_cfg && (b->icfgr[id / 16] & gic_icfgr_edge_bit(id)))
			fail_msg("INTID %u: still edge-triggered", id);
	}
	if (b->beyond)
		fail_msg("%u writes to registers of unimplemented INTIDs only", b->beyond);
}

#endif
