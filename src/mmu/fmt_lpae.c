/*
 * ARMv7 long-descriptor format (LPAE, ARM ARM B3.6), with TTBCR.T0SZ = 0:
 * TTBR0 covers 4 GiB through a 4-entry level-1 table whose four level-2
 * tables are laid out contiguously, so the builder sees one top table of
 * 2048 entries with 2 MiB blocks, and 512-entry level-3 tables of 4 KiB
 * pages (include/pgtable.h). Output addresses have 40 bits.
 *
 * Memory types go through MAIR0/MAIR1 and AttrIndx (B3.8.4, B4.1.104);
 * the access flag is always set, so no access-flag fault is ever taken
 * (B3.7.1, SCTLR.AFE is irrelevant with long descriptors: AF is always
 * used). Kernel mappings are global; unprivileged (PROT_U) mappings are
 * not global (nG, B3.9.1) and never executable at PL1 (PXN).
 */
#include "pgtable.h"

/* Descriptor types, bits[1:0] (B3.6.1, Figure B3-15). */
#define D_TYPE_MASK	0x3u
#define D_BLOCK		0x1u	/* levels 1 and 2 */
#define D_TABLE		0x3u	/* levels 1 and 2 */
#define D_PAGE		0x3u	/* level 3 */

/* Attribute fields (B3.6.2, Figure B3-16). */
#define A_ATTRINDX_SHIFT 2
#define A_ATTRINDX_MASK	(7ull << A_ATTRINDX_SHIFT)
#define A_NS		(1ull << 5)
#define A_AP1		(1ull << 6)	/* AP[1]: PL0 access */
#define A_AP2		(1ull << 7)	/* AP[2]: read-only */
#define A_SH_SHIFT	8
#define A_SH_INNER	(3ull << A_SH_SHIFT)
#define A_SH_MASK	(3ull << A_SH_SHIFT)
#define A_AF		(1ull << 10)
#define A_NG		(1ull << 11)
#define A_PXN		(1ull << 53)
#define A_XN		(1ull << 54)

/* Output and table addresses (B3.6.1): bits [39:21] of a level-2 block,
 * [39:12] of a page or a next-level table. */
#define OA_BLOCK_MASK	0x000000ffffe00000ull
#define OA_PAGE_MASK	0x000000fffffff000ull

/*
 * Our MAIR (B4.1.104): one Attr byte per memory type, its index the
 * descriptor's AttrIndx.
 *   Attr0 0x00 Strongly-ordered
 *   Attr1 0x04 Device
 *   Attr2 0x44 Normal, Outer and Inner Non-cacheable
 *   Attr3 0xff Normal, Outer and Inner Write-Back, Read/Write-Allocate
 */
enum { IDX_SO = 0, IDX_DEVICE = 1, IDX_NC = 2, IDX_WB = 3 };
const uint32_t pt_lpae_mair0 = 0xff440400u;
const uint32_t pt_lpae_mair1 = 0x00000000u;

static unsigned lpae_index(unsigned type)
{
	switch (type) {
	case MT_NORMAL:    return IDX_WB;
	case MT_NORMAL_NC: return IDX_NC;
	case MT_DEVICE:    return IDX_DEVICE;
	default:           return IDX_SO;	/* the safest reading of anything else */
	}
}

static unsigned lpae_type(unsigned idx)
{
	switch (idx) {
	case IDX_WB:     return MT_NORMAL;
	case IDX_NC:     return MT_NORMAL_NC;
	case IDX_DEVICE: return MT_DEVICE;
	case IDX_SO:     return MT_STRONGLY_ORDERED;
	default:         return MT_UNKNOWN;
	}
}

static bool is_device(unsigned type)
{
	return type == MT_DEVICE || type == MT_STRONGLY_ORDERED;
}

/*
 * Everything but the type and address bits. AP[2:1] (B3.7.1, Table B3-6):
 * 00 PL1 read/write, 01 read/write at any level, 10 PL1 read-only, 11
 * read-only at any level. Normal memory is Inner Shareable (as the short
 * format's S bit gives); SH is ignored for Device and Strongly-ordered
 * (B3.8.2), left 0.
 */
static uint64_t lpae_attrs(struct pt_attrs a)
{
	bool user = a.prot & PROT_U;
	uint64_t d = A_AF | ((uint64_t)lpae_index(a.type) << A_ATTRINDX_SHIFT);

	if (!(a.prot & PROT_W))
		d |= A_AP2;
	if (user)
		d |= A_AP1 | A_NG | A_PXN;	/* per-task: not global, never run at PL1 */
	if (!(a.prot & PROT_X))
		d |= A_XN;
	if (!is_device(a.type))
		d |= A_SH_INNER;
	return d;
}

static uint64_t lpae_block(phys_addr_t pa, struct pt_attrs a)
{
	return (pa & OA_BLOCK_MASK) | lpae_attrs(a) | D_BLOCK;
}

static uint64_t lpae_table(phys_addr_t next_pa)
{
	return (next_pa & OA_PAGE_MASK) | D_TABLE;
}

static uint64_t lpae_page(phys_addr_t pa, struct pt_attrs a)
{
	return (pa & OA_PAGE_MASK) | lpae_attrs(a) | D_PAGE;
}

/* The attributes of a block or page descriptor d, decoded into out. An
 * entry without the access flag was not written here: PTE_OTHER. */
static void decode_attrs(uint64_t d, struct pte_info *out)
{
	unsigned prot = PROT_R;

	if (!(d & A_AF)) {
		out->kind = PTE_OTHER;
		return;
	}
	out->attrs.type = lpae_type((unsigned)((d & A_ATTRINDX_MASK) >> A_ATTRINDX_SHIFT));
	if (!(d & A_AP2))
		prot |= PROT_W;
	if (d & A_AP1)
		prot |= PROT_U;
	if (!(d & A_XN) && ((d & A_AP1) || !(d & A_PXN)))
		prot |= PROT_X;
	out->attrs.prot = (uint8_t)prot;
	out->shareable = is_device(out->attrs.type) || (d & A_SH_MASK) == A_SH_INNER ||
			 (d & A_SH_MASK) == (2ull << A_SH_SHIFT);
	out->ng = d & A_NG;
}

/* The top table's entries are level-2 descriptors. */
static void lpae_decode_l1(uint64_t d, struct pte_info *out)
{
	*out = (struct pte_info){ .raw = d };

	switch (d & D_TYPE_MASK) {
	case D_BLOCK:
		out->kind = PTE_SECTION;
		out->pa = d & OA_BLOCK_MASK;
		decode_attrs(d, out);
		return;
	case D_TABLE:
		out->kind = PTE_TABLE;
		out->pa = d & OA_PAGE_MASK;
		return;
	default:
		out->kind = PTE_FAULT;		/* bit 0 clear: invalid */
		return;
	}
}

/* Next-level entries are level-3 descriptors: 0b01 is reserved there. */
static void lpae_decode_l2(uint64_t d, struct pte_info *out)
{
	*out = (struct pte_info){ .raw = d };

	switch (d & D_TYPE_MASK) {
	case D_PAGE:
		out->kind = PTE_PAGE;
		out->pa = d & OA_PAGE_MASK;
		decode_attrs(d, out);
		return;
	case D_BLOCK:
		out->kind = PTE_OTHER;		/* reserved at level 3 (B3.6.1) */
		return;
	default:
		out->kind = PTE_FAULT;
		return;
	}
}

/* A level-3 page with the access flag whose AttrIndx is Normal Write-Back. */
static bool lpae_page_cacheable(uint64_t d)
{
	return (d & (D_TYPE_MASK | A_AF | A_ATTRINDX_MASK)) ==
	       (D_PAGE | A_AF | ((uint64_t)IDX_WB << A_ATTRINDX_SHIFT));
}

static phys_addr_t lpae_table_pa(uint64_t d)
{
	return (d & D_TYPE_MASK) == D_TABLE ? (phys_addr_t)(d & OA_PAGE_MASK) : PT_NO_TABLE;
}

const struct pt_format pt_format_lpae = {
	.name = "ARMv7 long-descriptor (LPAE)",
	.has_xn = true,
	.pa_limit = 1ull << 40,
	.desc_bytes = 8,
	.block_shift = 21,		/* 2 MiB level-2 blocks */
	.top_entries = 2048,		/* 4 level-2 tables of 512, contiguous */
	.next_entries = 512,
	.root_entries = 4,		/* level 1: 4 x 1 GiB */
	.first_level = 2,
	.has_domains = false,
	.level_names = { "level-2", "level-3" },
	.block_name = "2 MiB block",
	.page_name = "page",
	.section = lpae_block,
	.table = lpae_table,
	.page = lpae_page,
	.decode_l1 = lpae_decode_l1,
	.table_pa = lpae_table_pa,
	.decode_l2 = lpae_decode_l2,
	.page_cacheable = lpae_page_cacheable,
};
