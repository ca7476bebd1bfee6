/*
 * Translation-table building and walking over plain buffers (pure: no
 * hardware access, host unit-tested). The live MMU (include/mmu.h) drives it
 * with hooks that do the cache and TLB maintenance.
 *
 * Two levels, their geometry described by the format (struct pt_format):
 * a top table of top_entries descriptors, each a block of 2^block_shift
 * bytes or a pointer to a next-level table of next_entries pages of 4 KiB.
 *   ARMv7/ARMv5 short descriptors: 4096 x 4-byte entries, 1 MiB sections,
 *     256-entry (1 KiB) second-level tables (ARMv7 B3.5, ARMv5 B4.3).
 *   ARMv7 long descriptors (LPAE, TTBCR.T0SZ = 0): the four level-2 tables
 *     of the 4 GiB input range laid out contiguously act as one top table
 *     of 2048 x 8-byte entries with 2 MiB blocks; level 3 tables (512
 *     entries, 4 KiB) are the next level; the 4-entry level-1 table (the
 *     root) is written once, by pt_set_root() (B3.6.1).
 * Contracts every format keeps: 0 is a fault entry, and the output address
 * of a block or a page sits at its natural bit position (bits [39:20] or
 * [39:21] of a block, [39:12] of a page), so a run is encoded once and
 * stepped by adding the block or page size.
 *
 * Supersections (ARMv7 short descriptors on a CPU with them and 40-bit
 * physical addresses, pt_format_armv7s_super): blocks and pages reach only
 * below 4 GiB (pa_limit), so a mapping above it is made of 16 MiB
 * supersections, each one descriptor repeated in 16 consecutive top-level
 * entries (B3.5.1; its base is split over bits [31:24], [23:20] and [8:5],
 * so each is encoded on its own). The builder writes them only there, and
 * changes them only whole: they cannot be split (nothing smaller reaches
 * their output addresses).
 *
 * Errors are negative errno values: -EINVAL (bad size, alignment, wrap or
 * attributes), -EPERM (writable and executable at once: W^X), -EEXIST (part
 * of the range is already mapped), -ENOENT (part of the range is not mapped),
 * -ENOMEM (no free second-level table), -ERANGE (part of a supersection).
 * A call that fails changes nothing.
 */
#ifndef PGTABLE_H
#define PGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

#define PT_TOP_BYTES	0x4000u	/* the top table: 16 KiB in every format */
#define PT_NEXT_MAX	512	/* entries of the largest next-level table */
#define PT_L2_POOL_MAX	64
#define PT_ROOT_MAX	4	/* entries of a root table (LPAE level 1) */
#define PAGE_SIZE	0x00001000u
#define PAGE_MASK	(PAGE_SIZE - 1)

enum mem_type {
	MT_NONE = 0,		/* unmapped */
	MT_NORMAL,		/* Normal, write-back write-allocate, shareable */
	MT_NORMAL_NC,		/* Normal, non-cacheable */
	MT_DEVICE,		/* Shareable Device */
	MT_STRONGLY_ORDERED,
	MT_UNKNOWN,		/* decoded, but not an encoding this firmware writes */
};

#define PROT_R	0x1u
#define PROT_W	0x2u
#define PROT_X	0x4u
#define PROT_U	0x8u		/* unprivileged (PL0) access allowed; such a mapping
				 * is also non-global (nG, tagged with the running
				 * ASID) where the format has ASIDs: ARM ARM B3.9.1 */

struct pt_attrs {
	uint8_t type;		/* enum mem_type */
	uint8_t prot;		/* PROT_* */
};

/* PTE_SUPERSECTION: a short-descriptor 16 MiB block (pa its 40-bit base),
 * one of the 16 identical top-level entries it takes (ARM ARM B3.5.1). */
#define PT_SUPERSECTION_SHIFT	24
enum pte_kind { PTE_FAULT, PTE_SECTION, PTE_TABLE, PTE_PAGE, PTE_OTHER, PTE_SUPERSECTION };

/* A descriptor decoded back into what it means. */
struct pte_info {
	uint8_t kind;		/* enum pte_kind */
	struct pt_attrs attrs;
	bool shareable;
	bool ng;		/* not global: TLB entries carry the ASID (ARMv7) */
	uint8_t domain;
	phys_addr_t pa;		/* output address, or L2 table address for PTE_TABLE */
	uint64_t raw;
};

/*
 * A descriptor-format backend (ARMv7 short-descriptor, ARMv5, ARMv7 long
 * descriptors): its geometry as data, and its encoders and decoders.
 * Descriptors travel as uint64_t whatever their width.
 */
struct pt_format {
	const char *name;
	bool has_xn;		/* can execution be forbidden? (ARMv5: no) */
	uint64_t pa_limit;	/* blocks and pages reach output addresses below this */
	uint64_t super_pa_limit;	/* 0, or: supersections reach from pa_limit up
					 * to this (ARMv7 short descriptors, 40 bits) */
	uint8_t super_shift;	/* a supersection maps 2^super_shift bytes, the
				 * same descriptor in 2^(super_shift - block_shift)
				 * consecutive top-level entries */
	uint8_t desc_bytes;	/* 4 or 8 */
	uint8_t block_shift;	/* a top-level block maps 2^block_shift bytes */
	uint16_t top_entries;	/* entries of the top table (x desc_bytes = 16 KiB) */
	uint16_t next_entries;	/* entries of a next-level table (4 KiB pages) */
	uint8_t root_entries;	/* 0, or the entries of a root table above the
				 * top one, each pointing at 1/root_entries of it */
	uint8_t first_level;	/* the architecture's number for the top level */
	bool has_domains;	/* table descriptors carry a domain */
	const char *level_names[2];	/* the top and next levels, in messages */
	const char *block_name, *page_name;	/* "section", "small page", ... */
	uint64_t (*section)(phys_addr_t pa, struct pt_attrs a);	/* a top-level block */
	uint64_t (*supersection)(phys_addr_t pa, struct pt_attrs a);	/* or NULL */
	uint64_t (*table)(phys_addr_t l2_pa);
	uint64_t (*page)(phys_addr_t pa, struct pt_attrs a);
	void (*decode_l1)(uint64_t desc, struct pte_info *out);
	/* The next-level table a top-level table descriptor points at, or
	 * PT_NO_TABLE for any other descriptor: what decode_l1() gives as
	 * pa for PTE_TABLE, without decoding the rest (the builder asks it on
	 * every change). */
	phys_addr_t (*table_pa)(uint64_t desc);
	void (*decode_l2)(uint64_t desc, struct pte_info *out);
	/* Does a next-level entry map Normal cacheable memory, i.e. is
	 * decode_l2()'s attrs.type MT_NORMAL? Without decoding the rest: the
	 * builder asks it of every entry it clears (to flush what was cached). */
	bool (*page_cacheable)(uint64_t desc);
};

#define PT_NO_TABLE	((phys_addr_t)-1)

/* The geometry, in bytes. */
static inline size_t pt_block_size(const struct pt_format *f)
{
	return (size_t)1 << f->block_shift;
}

static inline size_t pt_next_bytes(const struct pt_format *f)
{
	return (size_t)f->next_entries * f->desc_bytes;
}

/* A supersection's bytes and top-level entries; 0 without supersections. */
static inline size_t pt_super_size(const struct pt_format *f)
{
	return f->super_pa_limit ? (size_t)1 << f->super_shift : 0;
}

static inline unsigned pt_super_entries(const struct pt_format *f)
{
	return f->super_pa_limit ? 1u << (f->super_shift - f->block_shift) : 0;
}

/* The architecture's lookup level (as fault status reports it) of the
 * builder's level 1 (top) or 2 (next). */
static inline unsigned pt_arch_level(const struct pt_format *f, unsigned level)
{
	return f->first_level + level - 1;
}

/* The geometry the ARMv7 and ARMv5 short-descriptor formats share (ARMv7
 * B3.5.1, ARMv5 B4.3): a 16 KiB first-level table of 1 MiB sections, 1 KiB
 * second-level tables of 4 KiB small pages, 32-bit output addresses,
 * domains in table descriptors. For a struct pt_format initializer. */
#define PT_SHORT_GEOMETRY							\
	.pa_limit = 1ull << 32, .desc_bytes = 4, .block_shift = 20,		\
	.top_entries = 4096, .next_entries = 256, .first_level = 1,		\
	.has_domains = true, .level_names = { "first-level", "second-level" },	\
	.block_name = "section", .page_name = "small page"

extern const struct pt_format pt_format_armv7s;
extern const struct pt_format pt_format_armv7s_super;	/* + 40-bit supersections */
extern const struct pt_format pt_format_armv5;
extern const struct pt_format pt_format_lpae;
/* The MAIR0/MAIR1 values pt_format_lpae's AttrIndx fields index. */
extern const uint32_t pt_lpae_mair0, pt_lpae_mair1;

/*
 * Maintenance hooks, called in the order break-before-make needs (ARM ARM
 * B3.10.1): after descriptors are written, sync(); after a valid entry is
 * cleared, sync() then inval() for the VA range it covered, and only then is
 * a new valid entry written. A change of permissions alone is written in
 * place: the new entry, sync(), then inval(). NULL hooks (tables not live
 * yet) are skipped.
 */
struct pt_hooks {
	/* desc: the first descriptor written; bytes: how many bytes of them */
	void (*sync)(void *ctx, const void *desc, size_t bytes);
	/* cached: what was removed mapped cacheable (Normal) memory, so a
	 * virtually tagged cache may hold lines for those addresses. */
	void (*inval)(void *ctx, uintptr_t va, size_t size, bool cached);
	/* Cacheable memory at [va, va+size) is about to be unmapped or to
	 * become non-cacheable: clean and invalidate its data-cache lines by
	 * VA, called while the old (cacheable) translation still holds, before
	 * any entry of the range is cleared; when it was retyped, once more
	 * after the new entries are written (lines refilled speculatively
	 * before the break must go too). */
	void (*flush)(void *ctx, uintptr_t va, size_t size);
	void *ctx;
};

struct pgtable {
	const struct pt_format *fmt;
	void *l1;			/* the top table */
	phys_addr_t l1_pa;
	void *l2;			/* the pool of next-level tables */
	phys_addr_t l2_pa;
	void *root;			/* formats with root_entries: the root */
	phys_addr_t root_pa;
	unsigned l2_count;
	unsigned l2_in_use;
	uint16_t l2_live[PT_L2_POOL_MAX];	/* valid entries per L2 table; 0 = free */
	uint8_t l2_allocated[PT_L2_POOL_MAX];
	uint8_t l2_clean[PT_L2_POOL_MAX];	/* free and known to be all zero */
	const struct pt_hooks *hooks;
};

/*
 * Set up an empty table: l1 (16 KiB, 16 KiB-aligned, at physical l1_pa) is
 * zeroed; l2_count next-level tables at l2pool (physical l2_pa, aligned to
 * a table's size) form the pool, each zeroed when it is taken. -EINVAL for
 * misaligned buffers or a pool larger than PT_L2_POOL_MAX.
 */
int pt_init(struct pgtable *pt, const struct pt_format *fmt,
	    void *l1, phys_addr_t l1_pa,
	    void *l2pool, phys_addr_t l2_pa, unsigned l2_count);

/*
 * For a format with a root table (root_entries > 0): root (root_entries
 * descriptors, aligned to its size, at physical root_pa) gets one table
 * descriptor for each root_entries-th of the top table, written once and
 * synced; it never changes afterwards. -EINVAL for a misaligned root or a
 * format without one. Call it after pt_init(), before the tables go live.
 */
int pt_set_root(struct pgtable *pt, void *root, phys_addr_t root_pa);

/* What the translation table base register points at: the root, or the
 * top table. */
phys_addr_t pt_base_pa(const struct pgtable *pt);

/*
 * Map [va, va+size) to [pa, pa+size): 1 MiB sections where va, pa and the
 * remaining size allow, 4 KiB pages elsewhere. va, pa and size must be
 * page-aligned, size > 0, va + size may not pass 4 GiB nor pa + size the
 * format's pa_limit, attrs must be
 * readable and not both writable and executable. -EEXIST if any page in the
 * range is mapped.
 * With supersections, a range wholly at or above pa_limit (and below
 * super_pa_limit) whose va, pa and size are 16 MiB-aligned is mapped as
 * supersections, all 16 entries of each written and synced together;
 * anything else there (unaligned, or crossing pa_limit) is -EINVAL.
 */
int pt_map(struct pgtable *pt, uintptr_t va, phys_addr_t pa, size_t size,
	   struct pt_attrs attrs);

/* One span of an identity map: [start, end), page-aligned. */
struct pt_span {
	uintptr_t start, end;
	struct pt_attrs attrs;
};

/*
 * Identity-map n spans, sorted by address and disjoint (what lies between
 * two stays unmapped: a guard page), into top-level slots that hold
 * nothing yet: every top-level entry a span touches must be a fault entry
 * (-EEXIST otherwise), so the next-level tables this call takes are fresh
 * (zeroed) and nothing but the top-level entries needs checking; the cost
 * is writing the descriptors. Whole aligned blocks inside one span become
 * blocks, the rest pages; spans that share a top-level slot share its
 * table. Syncs through the hooks as pt_map() does. -EINVAL (a span empty,
 * unaligned, out of order or overlapping its predecessor, or bad
 * attributes), -EPERM (W^X), -EEXIST, -ENOMEM (not enough free tables). A
 * call that fails changes nothing. Built for the image's map at boot.
 */
int pt_map_spans(struct pgtable *pt, const struct pt_span *spans, size_t n);

/*
 * Unmap [va, va+size); pages already unmapped are skipped. A section only
 * partly inside the range is split into pages first (this needs a free L2
 * table: -ENOMEM otherwise). Cacheable memory is flushed before its entries
 * are cleared. Emptied L2 tables return to the pool. A supersection goes
 * whole: its 16 entries cleared and synced, then the TLB invalidated for
 * its 16 MiB; one only partly inside the range is -ERANGE (it cannot be
 * split), one whose 16 entries differ is -EINVAL (not written here).
 */
int pt_unmap(struct pgtable *pt, uintptr_t va, size_t size);

/*
 * Change the attributes of the mapped range [va, va+size), keeping its
 * physical addresses: sections partly covered are split (break-before-make).
 * An entry whose memory type changes is replaced break-before-make, after a
 * flush when it stops being cacheable; one whose permissions alone change is
 * rewritten in place. -ENOENT if any page is unmapped. A supersection is
 * re-protected whole (all 16 entries, the same rules), -ERANGE if the range
 * covers only part of it.
 */
int pt_protect(struct pgtable *pt, uintptr_t va, size_t size,
	       struct pt_attrs attrs);

/* One address translated by walking the tables as the MMU would. */
struct pt_walk {
	struct pte_info root;	/* kind PTE_FAULT unless the format has a root */
	struct pte_info l1;
	struct pte_info l2;	/* kind PTE_FAULT unless l1 is a table */
	unsigned level;		/* level of the final descriptor: 1 (top: a block
				 * or a supersection) or 2;
				 * the architecture's number is pt_arch_level() */
	phys_addr_t pa;		/* valid when mapped */
	struct pt_attrs attrs;
	bool mapped;
};

/* 0 and *w filled when va is mapped; -ENOENT (with *w describing where the
 * walk stopped) when it is not. */
int pt_walk(const struct pgtable *pt, uintptr_t va, struct pt_walk *w);

/* A run of mappings with contiguous VA and PA and identical attributes. */
struct pt_range {
	uintptr_t va;
	phys_addr_t pa;
	uint32_t size;		/* bytes; a whole 4 GiB run is not possible */
	struct pt_attrs attrs;
	bool shareable;
	unsigned sections, pages, supersections;	/* 1 MiB/2 MiB, 4 KiB, 16 MiB */
};

/*
 * Walk the whole table in VA order and call fn for each merged range; stops
 * early and returns fn's value if fn returns non-zero. Returns 0 otherwise.
 */
int pt_for_each_range(const struct pgtable *pt,
		      int (*fn)(void *ctx, const struct pt_range *r), void *ctx);
/*
 * The same for the part of the table that maps [va, va+size) (a range that
 * wraps past 4 GiB ends there): every range with a page or block in it,
 * merged within that part only, so a range may start or end outside it by
 * less than a block. 0 for size 0.
 */
int pt_for_each_range_in(const struct pgtable *pt, uintptr_t va, size_t size,
			 int (*fn)(void *ctx, const struct pt_range *r), void *ctx);
/* The bytes of a range r inside [va, end) (0 if none), and then in *pa the
 * physical address of the first of them: what a caller of
 * pt_for_each_range_in() clips a range to. */
size_t pt_range_part(const struct pt_range *r, uint64_t va, uint64_t end, phys_addr_t *pa);

/* The L2 table a table descriptor of pt points at, or NULL if it is not
 * one of pt's pool (ptwalk.c and the policy checks read through this). */
const void *pt_l2_table(const struct pgtable *pt, uint64_t l1desc);

/* Entry i of a table of pt (either level), whatever the descriptor width. */
uint64_t pt_entry(const struct pgtable *pt, const void *table, unsigned i);

/*
 * Physical policy (ptpolicy.c): would mapping the physical range
 * [pa, pa+size) with attrs clash with a live mapping whose VA lies outside
 * [skip_va, skip_va+skip_size) (the range being changed; skip_size 0 for a
 * new mapping)? 0 if not; -EBUSY if one maps some of those pages with another
 * memory type (mismatched attributes, ARM ARM A3.5.7); -EPERM if one makes
 * them executable while attrs is writable, or writable while attrs is
 * executable (formats with execute-never only).
 */
int pt_alias_check(const struct pgtable *pt, phys_addr_t pa, size_t size, struct pt_attrs attrs,
		   uintptr_t skip_va, size_t skip_size);

/* The same for pt_protect(pt, va, size, attrs): every physical page the
 * range maps, against every mapping outside the range. */
int pt_protect_alias_check(const struct pgtable *pt, uintptr_t va, size_t size,
			   struct pt_attrs attrs);

/* Bytes of table memory in use, per level of the format: the root (0 if
 * none), the top table, every next-level table taken. */
struct pt_usage {
	size_t root, top, next;
};
void pt_usage(const struct pgtable *pt, struct pt_usage *u);

/* Their sum. */
size_t pt_bytes_in_use(const struct pgtable *pt);

const char *mem_type_name(unsigned type);

/* "rwx" style permission string into buf (at least 5 bytes: "rw-" + 'u'). */
void prot_str(unsigned prot, char *buf);

/* Format one range as a dump line (no newline); returns snprintf's count. */
int pt_range_format(const struct pt_range *r, char *buf, size_t n);

#endif
