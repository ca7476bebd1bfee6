/*
 * ARMv5 short-descriptor format, as the ARM926EJ-S walks it.
 *
 * References: ARM Architecture Reference Manual (DDI 0100I), part B, chapter
 * "Virtual Memory System Architecture" (sections "Access permissions",
 * "Memory region attributes", "Hardware page table translation"); ARM926EJ-S
 * TRM (DDI 0198D) chapter 3 (Figure 3-4 and Table 3-2: first-level
 * descriptors, Table 3-5: coarse tables), 4.2 (write buffer) and Table 4-4
 * (page table C and B bits).
 *
 * Only coarse second-level tables and 4 KiB small pages are written: a coarse
 * table is 1 KiB of 256 entries, the same geometry as ARMv7's, so pgtable.c
 * drives both formats alike. Every mapping is in domain 0, and every domain
 * is a Client (the arch layer writes DACR = 0x55555555), so AP is always
 * checked.
 *
 * Memory types. ARMv5 has no TEX field in the descriptors this firmware
 * writes, only C and B: four encodings, three of them used for the four
 * memory types:
 *
 *   C B  ARM926EJ-S behaviour (TRM Table 4-4)          used for
 *   1 1  write-back cached, writes buffered             MT_NORMAL
 *   0 1  uncached, writes buffered                      MT_NORMAL_NC
 *   0 0  uncached, unbuffered: the core waits for each  MT_DEVICE and
 *        write to finish on the bus                     MT_STRONGLY_ORDERED
 *   1 0  write-through cached                           (never written)
 *
 *  - MT_NORMAL is C1B1. ARMv5 has no write-allocate control: the ARM926
 *    D-cache allocates on read misses only, so "write-back write-allocate"
 *    becomes write-back read-allocate. Nothing else changes for software.
 *  - MT_NORMAL_NC is C0B1 (non-cacheable, bufferable). Writes go through the
 *    16-word write buffer and may be merged; reads go to memory: the
 *    write-combining behaviour ioremap_wc() asks for.
 *  - MT_DEVICE is C0B0, not C0B1. Device memory promises that accesses to a
 *    peripheral reach it in program order (ARMv7 ARM A3.5.5). On the ARM926 a
 *    read only drains the write buffer when a pending write is to the same
 *    address (TRM 4.2: "no forwarding takes place for read accesses which
 *    have corresponding pending writes"), so with C0B1 a status-register read
 *    could overtake a buffered control-register write. C0B0 stalls on every
 *    write, which keeps program order. The price is that device writes are
 *    not posted; the ARM926 never accesses memory speculatively, so no other
 *    Device guarantee is lost. (ARMv6 later read C0B0 as Strongly-ordered and
 *    C0B1 as Shared Device: ARM1176JZF-S TRM Table 6-10; that reading relies
 *    on v6 write-buffer ordering the ARM926 does not have.)
 *  - MT_STRONGLY_ORDERED is C0B0 too: it is exactly NCNB.
 *
 * So MT_DEVICE and MT_STRONGLY_ORDERED collapse into one encoding, and decode
 * reads C0B0 back as MT_DEVICE, the type ioremap() asks for. Every other type
 * decodes to what was encoded; C1B0 (write-through), never written here,
 * decodes to MT_UNKNOWN. Anything outside the five types is written as C0B0,
 * the safest reading, as the ARMv7 backend does.
 *
 * Permissions (DDI 0100I, VMSA "Access permissions") with SCTLR.S = 1, R = 0:
 *   AP = 00  privileged read-only, no user access
 *   AP = 01  privileged read/write, no user access
 *   AP = 10  privileged read/write, user read-only
 *   AP = 11  read/write for both
 * Kernel mappings use 00 and 01; a PROT_U mapping uses 11 when writable and
 * 10 when read-only (there is no "read-only for both" with S = 1, R = 0, so
 * privileged code keeps write access to a task's read-only page; decode
 * reports the task's view, R without W). ARMv5 has no ASIDs and no nG: the
 * caches are virtually tagged, so ending a task cleans and invalidates its
 * range and invalidates its TLB entries (src/kernel/uspace.c). ARMv5 has no execute-never: anything readable
 * can be executed, so has_xn is false, PROT_X is ignored on encode, and
 * decode reports PROT_X on every mapping, because that is what the hardware
 * does. (pgtable.c still refuses W+X requests, so no mapping is ever
 * *asked* to be writable and executable.)
 *
 * Shareability: ARMv5 has no S bit. The ARM926 is the only cache-holding
 * master on these boards, so every mapping is as coherent as it can be for
 * every observer that exists; decode reports shareable = true for every
 * mapping, as the ARMv7 backend does for the Normal memory it writes, so
 * dumps and checks compare alike across formats.
 */
#include "pgtable.h"

/* First-level descriptors (ARM926EJ-S TRM Figure 3-4, Table 3-2). */
#define L1_TYPE_MASK	0x3u
#define L1_TYPE_FAULT	0x0u
#define L1_TYPE_COARSE	0x1u
#define L1_TYPE_SECTION	0x2u
#define L1_TYPE_FINE	0x3u
#define L1_B		(1u << 2)	/* section only */
#define L1_C		(1u << 3)	/* section only */
#define L1_BIT4		(1u << 4)	/* "should be 1" in sections and coarse tables */
#define L1_DOMAIN_SHIFT	5		/* [8:5], sections and tables */
#define L1_AP_SHIFT	10		/* [11:10], sections */
#define L1_S_BASE_MASK	0xfff00000u
#define L1_T_BASE_MASK	0xfffffc00u

/* Second-level descriptors in a coarse table (ARM926EJ-S TRM 3.2). */
#define L2_TYPE_MASK	0x3u
#define L2_TYPE_FAULT	0x0u
#define L2_TYPE_LARGE	0x1u		/* 64 KiB: never written here */
#define L2_TYPE_SMALL	0x2u
#define L2_TYPE_TINY	0x3u		/* 1 KiB, fine tables only */
#define L2_B		(1u << 2)
#define L2_C		(1u << 3)
#define L2_AP_SHIFT	4		/* AP0 [5:4] AP1 [7:6] AP2 [9:8] AP3 [11:10] */
#define L2_AP_MASK	0xff0u
#define L2_BASE_MASK	0xfffff000u

#define AP_PRIV_RO	0x0u		/* with SCTLR.S = 1, R = 0 */
#define AP_PRIV_RW	0x1u
#define AP_USER_RO	0x2u
#define AP_USER_RW	0x3u

/* The C and B bits for a memory type, as (C << 1) | B. */
static unsigned v5_cb_encode(unsigned type)
{
	switch (type) {
	case MT_NORMAL:		return 0x3;	/* write-back */
	case MT_NORMAL_NC:	return 0x1;	/* uncached, buffered */
	case MT_DEVICE:				/* uncached, unbuffered: see above */
	case MT_STRONGLY_ORDERED:
	default:		return 0x0;
	}
}

static unsigned v5_cb_decode(unsigned c, unsigned b)
{
	switch ((c << 1) | b) {
	case 0x3: return MT_NORMAL;
	case 0x1: return MT_NORMAL_NC;
	case 0x0: return MT_DEVICE;		/* also what MT_STRONGLY_ORDERED writes */
	default:  return MT_UNKNOWN;		/* write-through */
	}
}

static unsigned v5_ap_encode(unsigned prot)
{
	if (prot & PROT_U)
		return (prot & PROT_W) ? AP_USER_RW : AP_USER_RO;
	return (prot & PROT_W) ? AP_PRIV_RW : AP_PRIV_RO;
}

/* No execute-never on ARMv5: every accessible mapping is executable. */
static unsigned v5_ap_decode(unsigned ap)
{
	switch (ap) {
	case AP_PRIV_RO: return PROT_R | PROT_X;
	case AP_PRIV_RW: return PROT_R | PROT_W | PROT_X;
	case AP_USER_RO: return PROT_R | PROT_X | PROT_U;	/* as the task sees it */
	default:         return PROT_R | PROT_W | PROT_X | PROT_U;
	}
}

static uint64_t v5_section(phys_addr_t pa, struct pt_attrs a)
{
	unsigned cb = v5_cb_encode(a.type);

	return (pa & L1_S_BASE_MASK) | L1_TYPE_SECTION | L1_BIT4 |
	       ((cb & 1) ? L1_B : 0) | ((cb & 2) ? L1_C : 0) |
	       ((uint32_t)v5_ap_encode(a.prot) << L1_AP_SHIFT);
}

static uint64_t v5_table(phys_addr_t l2_pa)
{
	return (l2_pa & L1_T_BASE_MASK) | L1_TYPE_COARSE | L1_BIT4;
}

static uint64_t v5_page(phys_addr_t pa, struct pt_attrs a)
{
	unsigned cb = v5_cb_encode(a.type);
	uint32_t ap = v5_ap_encode(a.prot);

	/* The same AP for all four 1 KiB subpages. */
	return (pa & L2_BASE_MASK) | L2_TYPE_SMALL |
	       ((cb & 1) ? L2_B : 0) | ((cb & 2) ? L2_C : 0) |
	       ((ap * 0x55u) << L2_AP_SHIFT);
}

static void v5_decode_l1(uint64_t desc, struct pte_info *out)
{
	uint32_t d = (uint32_t)desc;	/* short descriptors are one word */

	*out = (struct pte_info){ .raw = d, .domain = (d >> L1_DOMAIN_SHIFT) & 0xf };

	switch (d & L1_TYPE_MASK) {
	case L1_TYPE_FAULT:
		out->kind = PTE_FAULT;
		out->domain = 0;
		return;
	case L1_TYPE_COARSE:
		out->kind = PTE_TABLE;
		out->pa = d & L1_T_BASE_MASK;
		return;
	case L1_TYPE_SECTION:
		out->kind = PTE_SECTION;
		out->pa = d & L1_S_BASE_MASK;
		out->attrs.type = v5_cb_decode(!!(d & L1_C), !!(d & L1_B));
		out->attrs.prot = v5_ap_decode((d >> L1_AP_SHIFT) & 3);
		out->shareable = true;
		return;
	default:
		out->kind = PTE_OTHER;	/* fine page table: never written here */
		out->domain = 0;
		return;
	}
}

static void v5_decode_l2(uint64_t desc, struct pte_info *out)
{
	uint32_t d = (uint32_t)desc;	/* short descriptors are one word */

	unsigned ap = (d >> L2_AP_SHIFT) & 3;

	*out = (struct pte_info){ .raw = d };

	switch (d & L2_TYPE_MASK) {
	case L2_TYPE_FAULT:
		out->kind = PTE_FAULT;
		return;
	case L2_TYPE_SMALL:
		/* Subpages with different permissions cannot be described by one
		 * struct pt_attrs; this firmware never writes them. */
		if (((d & L2_AP_MASK) >> L2_AP_SHIFT) != ap * 0x55u)
			break;
		out->kind = PTE_PAGE;
		out->pa = d & L2_BASE_MASK;
		out->attrs.type = v5_cb_decode(!!(d & L2_C), !!(d & L2_B));
		out->attrs.prot = v5_ap_decode(ap);
		out->shareable = true;
		return;
	default:
		break;		/* large or tiny page: never written here */
	}
	out->kind = PTE_OTHER;
}

/* A small page, its four subpage APs equal, write-back (C and B). */
static bool v5_page_cacheable(uint64_t desc)
{
	uint32_t d = (uint32_t)desc;
	unsigned ap = (d >> L2_AP_SHIFT) & 3;

	return (d & (L2_TYPE_MASK | L2_C | L2_B)) == (L2_TYPE_SMALL | L2_C | L2_B) &&
	       ((d & L2_AP_MASK) >> L2_AP_SHIFT) == ap * 0x55u;
}

static phys_addr_t v5_table_pa(uint64_t d)
{
	return (d & L1_TYPE_MASK) == L1_TYPE_COARSE ? (phys_addr_t)(d & L1_T_BASE_MASK) : PT_NO_TABLE;
}

const struct pt_format pt_format_armv5 = {
	.name = "ARMv5 short-descriptor",
	PT_SHORT_GEOMETRY,
	.has_xn = false,
	.section = v5_section,
	.table = v5_table,
	.page = v5_page,
	.decode_l1 = v5_decode_l1,
	.table_pa = v5_table_pa,
	.decode_l2 = v5_decode_l2,
	.page_cacheable = v5_page_cacheable,
};
