/*
 * ARMv7 short-descriptor format (ARM ARM B3.5), with TEX remap off
 * (SCTLR.TRE = 0) and the access flag off (SCTLR.AFE = 0), so AP[2:0] are
 * plain permissions (B3.7.1) and TEX/C/B give the memory type (B3.8.2).
 * Every mapping is Secure, domain 0. A kernel mapping is privileged-only and
 * global; a PROT_U mapping is reachable from PL0 and not global (nG): its TLB
 * entries are tagged with the ASID in CONTEXTIDR (B3.9.1), so one task's
 * pages can never be hit by another's, and a task's end is cleaned up by
 * ASID.
 */
#include "pgtable.h"

/* First-level descriptors (B3.5.1, Figure B3-4). */
#define L1_TYPE_MASK	0x3u
#define L1_TYPE_FAULT	0x0u
#define L1_TYPE_TABLE	0x1u
#define L1_TYPE_SECTION	0x2u
#define L1_SUPERSECTION	(1u << 18)
#define L1_S_B		(1u << 2)
#define L1_S_C		(1u << 3)
#define L1_S_XN		(1u << 4)
#define L1_S_AP01_SHIFT	10
#define L1_S_TEX_SHIFT	12
#define L1_S_AP2	(1u << 15)
#define L1_S_S		(1u << 16)
#define L1_S_NG		(1u << 17)
#define L1_S_BASE_MASK	0xfff00000u
#define L1_SS_BASE_MASK	0xff000000u	/* supersection base, PA[31:24] */
#define L1_SS_PA35_SHIFT 20		/* PA[35:32] in bits [23:20] */
#define L1_SS_PA39_SHIFT 5		/* PA[39:36] in bits [8:5] */
#define L1_T_BASE_MASK	0xfffffc00u
#define L1_DOMAIN_SHIFT	5

/* Second-level small-page descriptors (B3.5.1, Figure B3-5). */
#define L2_TYPE_SMALL	0x2u
#define L2_XN		(1u << 0)
#define L2_B		(1u << 2)
#define L2_C		(1u << 3)
#define L2_AP01_SHIFT	4
#define L2_TEX_SHIFT	6
#define L2_AP2		(1u << 9)
#define L2_S		(1u << 10)
#define L2_NG		(1u << 11)
#define L2_BASE_MASK	0xfffff000u

/* The memory-type fields, in a position-independent form, each as wide as
 * in the descriptor (B3.5.1: TEX[2:0], C, B, S). */
struct v7_type_bits {
	unsigned tex : 3, c : 1, b : 1, s : 1;
};

/* B3.8.2, Table B3-10 (TEX remap off). */
static struct v7_type_bits v7_type_encode(unsigned type)
{
	switch (type) {
	case MT_NORMAL:		/* Outer and Inner Write-Back, Write-Allocate */
		return (struct v7_type_bits){ .tex = 1, .c = 1, .b = 1, .s = 1 };
	case MT_NORMAL_NC:	/* Outer and Inner Non-cacheable */
		return (struct v7_type_bits){ .tex = 1, .c = 0, .b = 0, .s = 1 };
	case MT_DEVICE:		/* Shareable Device */
		return (struct v7_type_bits){ .tex = 0, .c = 0, .b = 1, .s = 0 };
	default:		/* Strongly-ordered: the safest reading of anything else */
		return (struct v7_type_bits){ .tex = 0, .c = 0, .b = 0, .s = 0 };
	}
}

static unsigned v7_type_decode(unsigned tex, unsigned c, unsigned b)
{
	unsigned key = (tex << 2) | (c << 1) | b;

	switch (key) {
	case (1u << 2) | 3: return MT_NORMAL;
	case (1u << 2) | 0: return MT_NORMAL_NC;
	case 1:             return MT_DEVICE;
	case 0:             return MT_STRONGLY_ORDERED;
	default:            return MT_UNKNOWN;
	}
}

/*
 * B3.7.1, Table B3-8 (AFE = 0): AP[2:0] = 0b001 is PL1 read/write,
 * 0b101 PL1 read-only, both with no PL0 access; 0b011 is read/write and
 * 0b111 read-only at PL1 and PL0 alike (not 0b010, which would leave the
 * kernel a write path to a page the task sees read-only).
 */
static unsigned v7_ap_encode(unsigned prot)
{
	if (prot & PROT_U)
		return (prot & PROT_W) ? 0x3 : 0x7;
	return (prot & PROT_W) ? 0x1 : 0x5;
}

static unsigned v7_ap_decode(unsigned ap)
{
	switch (ap) {
	case 0x1: return PROT_R | PROT_W;
	case 0x2: return PROT_R | PROT_W | PROT_U;	/* PL0 read-only, reported as user */
	case 0x3: return PROT_R | PROT_W | PROT_U;
	case 0x5: return PROT_R;
	case 0x6:
	case 0x7: return PROT_R | PROT_U;
	default:  return 0;				/* no access, or reserved */
	}
}

/* The memory attributes a section and a supersection share, at the same
 * bit positions (B3.5.1, Figure B3-4): B, C, XN, AP[1:0], TEX, AP[2], S, nG.
 * The domain field (bits [8:5]) stays 0: a supersection has none. */
static uint32_t v7_block_attrs(struct pt_attrs a)
{
	struct v7_type_bits t = v7_type_encode(a.type);
	unsigned ap = v7_ap_encode(a.prot);

	return (t.b ? L1_S_B : 0) | (t.c ? L1_S_C : 0) |
	       ((a.prot & PROT_X) ? 0 : L1_S_XN) |
	       ((ap & 0x3) << L1_S_AP01_SHIFT) | ((ap & 0x4) ? L1_S_AP2 : 0) |
	       ((uint32_t)t.tex << L1_S_TEX_SHIFT) | (t.s ? L1_S_S : 0) |
	       ((a.prot & PROT_U) ? L1_S_NG : 0);
}

static uint64_t v7_section(phys_addr_t pa, struct pt_attrs a)
{
	return (pa & L1_S_BASE_MASK) | L1_TYPE_SECTION | v7_block_attrs(a);
}

/*
 * A supersection (B3.5.1): 16 MiB, bit 18 set, base PA[31:24] in bits
 * [31:24], the extended base PA[35:32] in bits [23:20] and PA[39:36] in
 * bits [8:5]. The builder writes it into all 16 consecutive first-level
 * entries its 16 MiB covers, as B3.5.1 requires of a supersection.
 */
static uint64_t v7_supersection(phys_addr_t pa, struct pt_attrs a)
{
	uint32_t hi = (uint32_t)(pa >> 32);

	return (pa & L1_SS_BASE_MASK) | ((hi & 0xfu) << L1_SS_PA35_SHIFT) |
	       (((hi >> 4) & 0xfu) << L1_SS_PA39_SHIFT) | L1_SUPERSECTION | L1_TYPE_SECTION |
	       v7_block_attrs(a);
}

static uint64_t v7_table(phys_addr_t l2_pa)
{
	return (l2_pa & L1_T_BASE_MASK) | L1_TYPE_TABLE;
}

static uint64_t v7_page(phys_addr_t pa, struct pt_attrs a)
{
	struct v7_type_bits t = v7_type_encode(a.type);
	unsigned ap = v7_ap_encode(a.prot);

	return (pa & L2_BASE_MASK) | L2_TYPE_SMALL |
	       ((a.prot & PROT_X) ? 0 : L2_XN) |
	       (t.b ? L2_B : 0) | (t.c ? L2_C : 0) |
	       ((ap & 0x3) << L2_AP01_SHIFT) | ((ap & 0x4) ? L2_AP2 : 0) |
	       ((uint32_t)t.tex << L2_TEX_SHIFT) | (t.s ? L2_S : 0) |
	       ((a.prot & PROT_U) ? L2_NG : 0);
}

/* What a section and a supersection share: the attribute bits. */
static void v7_decode_block_attrs(uint32_t d, struct pte_info *out)
{
	out->attrs.type = v7_type_decode((d >> L1_S_TEX_SHIFT) & 7, !!(d & L1_S_C), !!(d & L1_S_B));
	out->attrs.prot = v7_ap_decode(((d >> L1_S_AP01_SHIFT) & 3) | ((d & L1_S_AP2) ? 4 : 0));
	if (out->attrs.prot && !(d & L1_S_XN))
		out->attrs.prot |= PROT_X;
	out->shareable = out->attrs.type == MT_DEVICE ||
			 out->attrs.type == MT_STRONGLY_ORDERED || (d & L1_S_S);
	out->ng = d & L1_S_NG;
}

/* The 40-bit base of a supersection (B3.5.1): PA[39:36] from bits [8:5],
 * PA[35:32] from bits [23:20], PA[31:24] from bits [31:24]. */
static phys_addr_t v7_supersection_pa(uint32_t d)
{
	uint64_t hi = (((d >> L1_SS_PA39_SHIFT) & 0xfu) << 4) | ((d >> L1_SS_PA35_SHIFT) & 0xfu);

	return (hi << 32) | (d & L1_SS_BASE_MASK);
}

static void v7_decode_l1(uint64_t desc, struct pte_info *out)
{
	uint32_t d = (uint32_t)desc;	/* short descriptors are one word */

	*out = (struct pte_info){ .raw = d, .domain = (d >> L1_DOMAIN_SHIFT) & 0xf };

	switch (d & L1_TYPE_MASK) {
	case L1_TYPE_FAULT:
		out->kind = PTE_FAULT;
		return;
	case L1_TYPE_TABLE:
		out->kind = PTE_TABLE;
		out->pa = d & L1_T_BASE_MASK;
		return;
	case L1_TYPE_SECTION:
		if (d & L1_SUPERSECTION) {
			out->kind = PTE_SUPERSECTION;
			out->domain = 0;	/* bits [8:5] are PA[39:36] here */
			out->pa = v7_supersection_pa(d);
		} else {
			out->kind = PTE_SECTION;
			out->pa = d & L1_S_BASE_MASK;
		}
		v7_decode_block_attrs(d, out);
		return;
	}
	out->kind = PTE_OTHER;	/* bits [1:0] = 11: the PXN section encoding */
	out->domain = 0;
}

static void v7_decode_l2(uint64_t desc, struct pte_info *out)
{
	uint32_t d = (uint32_t)desc;	/* short descriptors are one word */

	*out = (struct pte_info){ .raw = d };

	if ((d & 0x3) == 0) {
		out->kind = PTE_FAULT;
		return;
	}
	if (!(d & L2_TYPE_SMALL)) {
		out->kind = PTE_OTHER;	/* 64 KiB large page: never written here */
		return;
	}
	out->kind = PTE_PAGE;
	out->pa = d & L2_BASE_MASK;
	out->attrs.type = v7_type_decode((d >> L2_TEX_SHIFT) & 7, !!(d & L2_C), !!(d & L2_B));
	out->attrs.prot = v7_ap_decode(((d >> L2_AP01_SHIFT) & 3) | ((d & L2_AP2) ? 4 : 0));
	if (out->attrs.prot && !(d & L2_XN))
		out->attrs.prot |= PROT_X;
	out->shareable = out->attrs.type == MT_DEVICE ||
			 out->attrs.type == MT_STRONGLY_ORDERED || (d & L2_S);
	out->ng = d & L2_NG;
}

/* A small page whose TEX/C/B read Normal Write-Back (TEX 0b001, C, B). */
static bool v7_page_cacheable(uint64_t desc)
{
	uint32_t d = (uint32_t)desc;
	uint32_t bits = L2_TYPE_SMALL | (7u << L2_TEX_SHIFT) | L2_C | L2_B;

	return (d & bits) == (L2_TYPE_SMALL | (1u << L2_TEX_SHIFT) | L2_C | L2_B);
}

static phys_addr_t v7_table_pa(uint64_t d)
{
	return (d & L1_TYPE_MASK) == L1_TYPE_TABLE ? (phys_addr_t)(d & L1_T_BASE_MASK) : PT_NO_TABLE;
}

/* Both ARMv7 short-descriptor formats: with and without supersections. */
#define V7_SHORT_FORMAT							\
	PT_SHORT_GEOMETRY,						\
	.has_xn = true,							\
	.section = v7_section,						\
	.table = v7_table,						\
	.page = v7_page,						\
	.decode_l1 = v7_decode_l1,					\
	.table_pa = v7_table_pa,					\
	.decode_l2 = v7_decode_l2,					\
	.page_cacheable = v7_page_cacheable

/* A CPU without supersections, or without 40-bit physical addresses:
 * 32-bit output addresses only. */
const struct pt_format pt_format_armv7s = {
	.name = "ARMv7 short-descriptor",
	V7_SHORT_FORMAT,
};

/* A CPU with supersections and a 40-bit physical address space (ID_MMFR3
 * SuperSec, and the Large Physical Address Extension, B4.1.89/B4.1.92):
 * above 4 GiB, 16 MiB supersections reach up to 1 TiB. */
const struct pt_format pt_format_armv7s_super = {
	.name = "ARMv7 short-descriptor",	/* info adds the supersections */
	V7_SHORT_FORMAT,
	.super_pa_limit = 1ull << 40,
	.super_shift = PT_SUPERSECTION_SHIFT,
	.supersection = v7_supersection,
};
