/*
 * The live translation tables: built from the linker's layout at boot,
 * switched on, then changed only through mmu_map/unmap/protect, whose hooks
 * do the maintenance that break-before-make needs.
 */
#include <errno.h>
#include <stdio.h>
#include "arch.h"
#include "board.h"
#include "exception.h"
#include "fmt.h"
#include "mmu.h"

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[], __stacks_start[], __stacks_end[];
extern char __guard_svc[], __stack_svc_bottom[], __stack_svc_top[];
extern char __guard_irq[], __stack_irq_bottom[], __stack_irq_top[];
extern char __guard_abt[], __stack_abt_bottom[], __stack_abt_top[];
extern char __guard_und[], __stack_und_bottom[], __stack_und_top[];
extern char __guard_fiq[], __stack_fiq_bottom[], __stack_fiq_top[];
extern char __pgtables_start[], __pgtables_end[], __pt_l1[], __pt_l2_pool[], __pt_root[];
extern char __heap_start[], __heap_end[], __image_start[], __image_end[];
extern char vectors[];

#define RO	PROT_R
#define RX	(PROT_R | PROT_X)
#define RW	(PROT_R | PROT_W)
#define GUARD	0

/* The image's regions in address order, guards included: one list, read as
 * named regions (mmu_image_regions) and as the spans of the boot map. The
 * permissions are spelt RX, RO, RW or GUARD (SPAN pastes them). */
#define IMAGE_REGIONS(X)						\
	X("text", __text_start, __text_end, RX)				\
	X("rodata", __rodata_start, __rodata_end, RO)			\
	X("data+bss", __data_start, __data_end, RW)			\
	X("guard svc", __guard_svc, __stack_svc_bottom, GUARD)		\
	X("stack svc", __stack_svc_bottom, __stack_svc_top, RW)		\
	X("guard irq", __guard_irq, __stack_irq_bottom, GUARD)		\
	X("stack irq", __stack_irq_bottom, __stack_irq_top, RW)		\
	X("guard abt", __guard_abt, __stack_abt_bottom, GUARD)		\
	X("stack abt", __stack_abt_bottom, __stack_abt_top, RW)		\
	X("guard und", __guard_und, __stack_und_bottom, GUARD)		\
	X("stack und", __stack_und_bottom, __stack_und_top, RW)		\
	X("guard fiq", __guard_fiq, __stack_fiq_bottom, GUARD)		\
	X("stack fiq", __stack_fiq_bottom, __stack_fiq_top, RW)		\
	X("pgtables", __pgtables_start, __pgtables_end, RW)		\
	X("heap", __heap_start, __heap_end, RW)

/* A region as a span of the boot map; a guard is no span (what lies
 * between spans stays unmapped). */
#define REGION(n, s, e, p)	{ n, (uintptr_t)(s), (uintptr_t)(e), p },
#define SPAN(n, s, e, p)	SPAN_##p(s, e)
#define SPAN_RX(s, e)		{ (uintptr_t)(s), (uintptr_t)(e), { MT_NORMAL, RX } },
#define SPAN_RO(s, e)		{ (uintptr_t)(s), (uintptr_t)(e), { MT_NORMAL, RO } },
#define SPAN_RW(s, e)		{ (uintptr_t)(s), (uintptr_t)(e), { MT_NORMAL, RW } },
#define SPAN_GUARD(s, e)
static const struct image_region regions[] = { IMAGE_REGIONS(REGION) };
static const struct pt_span image_spans[] = { IMAGE_REGIONS(SPAN) };

static struct pgtable kpt;
static struct mmu_ram ram;
/* Pages mapped outside the I/O window of memory that is not RAM. */
static unsigned foreign;

/* Past this, cleaning the whole data cache by set/way costs less than
 * walking the range line by line. */
#define FLUSH_RANGE_MAX	(64u * 1024u)

static void hook_sync(void *ctx, const void *desc, size_t bytes)
{
	(void)ctx;
	arch_pt_sync(desc, bytes);
}

static void hook_inval(void *ctx, uintptr_t va, size_t size, bool cached)
{
	(void)ctx;
	if (cached)
		arch_cache_unmap_range(va, size);
	arch_tlb_inval_range(va, size);
}

/*
 * Cacheable memory is about to be unmapped or made non-cacheable: write its
 * dirty lines back and drop them while the old translation still holds (by
 * VA: B2.2.6), or a later eviction would overwrite what is written through
 * the new non-cacheable or Device mapping, and a hit would bypass it
 * (mismatched attributes, A3.5.7). Linux cleans the same way before
 * remapping memory for DMA.
 */
static void hook_flush(void *ctx, uintptr_t va, size_t size)
{
	(void)ctx;
	if (size > FLUSH_RANGE_MAX)
		arch_dcache_clean_inval_all();
	else
		arch_dcache_clean_inval_range(va, size);
}

static const struct pt_hooks live_hooks = {
	.sync = hook_sync,
	.inval = hook_inval,
	.flush = hook_flush,
};

const struct mmu_ram *mmu_ram(void)
{
	return &ram;
}

const struct image_region *mmu_image_regions(size_t *n)
{
	*n = ARRAY_SIZE(regions);
	return regions;
}

struct pgtable *mmu_pgtable(void)
{
	return &kpt;
}

static int map_identity(uintptr_t start, uintptr_t end, unsigned type, unsigned prot)
{
	if (end <= start)
		return 0;
	return pt_map(&kpt, start, start, end - start,
		      (struct pt_attrs){ .type = type, .prot = prot });
}

/* The first byte of RAM the firmware maps. Never page 0, so NULL always
 * faults; when RAM starts at 0, never its first 1 MiB section, so NULL and
 * small offsets from it fault at the first level on every board (an image
 * linked below 1 MiB would still share that section with page 0). */
static uintptr_t ram_low(void)
{
	return ram.base ? ram.base : pt_block_size(kpt.fmt);
}

static uintptr_t image_end_page(void)
{
	return ALIGN_UP((uintptr_t)__image_end, PAGE_SIZE);
}

/* A CPU whose vectors sit at a fixed address (ARMv5 high vectors) fetches
 * them through the MMU: map that page onto the one holding `vectors`,
 * read-only and executable, like .text itself. */
static int map_vectors(void)
{
	uintptr_t va = arch_vectors_va();

	if (!va)
		return 0;
	return pt_map(&kpt, va, ALIGN_DOWN((uintptr_t)vectors, PAGE_SIZE), PAGE_SIZE,
		      (struct pt_attrs){ .type = MT_NORMAL, .prot = RX });
}

static int build_tables(void)
{
	const struct pt_format *f = arch_pt_format();
	unsigned pool = (unsigned)((__pt_root - __pt_l2_pool) / pt_next_bytes(f));
	int err = pt_init(&kpt, f, __pt_l1, (uintptr_t)__pt_l1, __pt_l2_pool,
			  (uintptr_t)__pt_l2_pool, pool < PT_L2_POOL_MAX ? pool : PT_L2_POOL_MAX);

	if (!err && f->root_entries)
		err = pt_set_root(&kpt, __pt_root, (uintptr_t)__pt_root);
	if (!err)
		err = pt_map_spans(&kpt, image_spans, ARRAY_SIZE(image_spans));
	if (!err)
		err = map_vectors();
	return err;
}

/*
 * Only the image is mapped before the MMU is on: with the MMU off every
 * table write is a Strongly-ordered access, and nothing but the image runs
 * before the first instruction with the MMU on. The RAM below the image is
 * mapped right after, read-only (QEMU's device tree lives there, and
 * device_init() reads it next); the rest of RAM by mmu_add_ram() once the
 * device tree has been read. Both are new entries over fault entries: no
 * break-before-make, as translation faults are never held in a TLB
 * (B3.10.2), and the live hooks make each table write visible to the
 * walker before it is needed.
 */
int mmu_init(phys_addr_t ram_base)
{
	int err;

	if ((uintptr_t)__image_start < ram_base || ram_base >= board.io_window_base ||
	    (uintptr_t)__image_end > board.io_window_base)
		return -ERANGE;
	ram = (struct mmu_ram){ .base = ram_base,
				.size = image_end_page() - ram_base,
				.reported = image_end_page() - ram_base };
	err = build_tables();
	if (err)
		return err;
	kpt.hooks = &live_hooks;
	arch_pt_sync(kpt.l1, PT_TOP_BYTES);
	arch_mmu_enable(pt_base_pa(&kpt));
	err = map_identity(ram_low(), (uintptr_t)__image_start, MT_NORMAL, RO);
	if (err)
		arch_mmu_disable();	/* as promised: an error leaves the MMU off */
	return err;
}

/* The pages of [pa, pa+size) (whole pages) that are not RAM: each page is
 * one or the other, whichever call maps or unmaps it, so the count the
 * maps add and the unmaps take away stays exact. (What is RAM is settled
 * at boot, by mmu_add_ram(), before anything can map what is not.) */
static unsigned pages_not_ram(phys_addr_t pa, uint64_t size)
{
	uint64_t end = (uint64_t)pa + size, ram_end = (uint64_t)ram.base + ram.reported;
	uint64_t lo = pa > ram.base ? pa : ram.base, hi = end < ram_end ? end : ram_end;

	return (unsigned)((size - (hi > lo ? hi - lo : 0)) / PAGE_SIZE);
}

/* The part of a walk's range r inside [va, end) that is not RAM. */
struct foreign_count {
	uint64_t va, end;
	unsigned pages;
};

static int count_foreign(void *ctx, const struct pt_range *r)
{
	struct foreign_count *c = ctx;
	phys_addr_t pa;
	size_t len = pt_range_part(r, c->va, c->end, &pa);

	if (len)
		c->pages += pages_not_ram(pa, len);
	return 0;
}

/* The pages of such memory mapped in [va, va+size) (outside the I/O
 * window): a walk of that part. */
static unsigned foreign_in(uintptr_t va, size_t size)
{
	struct foreign_count c = { .va = va, .end = (uint64_t)va + size };

	pt_for_each_range_in(&kpt, va, size, count_foreign, &c);
	return c.pages;
}

int mmu_add_ram(uint64_t size, bool from_dt)
{
	uintptr_t limit = board.io_window_base;
	size_t usable;
	int err;

	/* The fact first: what is RAM does not depend on whether it can be
	 * mapped, and ioremap() refuses aliases of all of it. */
	ram.reported = size > ram.size ? size : ram.size;
	ram.from_dt = from_dt;
	/* RAM is identity-mapped, so it must end below the I/O window. */
	usable = size > limit - ram.base ? limit - ram.base : (size_t)size;
	usable = ALIGN_DOWN(usable, PAGE_SIZE);
	if (ram.base + usable < image_end_page())
		return -ERANGE;
	/* New entries over fault entries: no break-before-make needed, as
	 * translation faults are never held in a TLB (B3.10.2). */
	err = map_identity(image_end_page(), ram.base + usable, MT_NORMAL, RW);
	if (err)
		return err;
	ram.size = usable;
	return 0;
}

/* Does [va, va+size) share a byte with the I/O window? */
static bool in_window(uintptr_t va, size_t size)
{
	uint64_t w = board.io_window_base;

	return va < w + board.io_window_size && (uint64_t)va + size > w;
}

/* Does the I/O window hold all of [va, va+size)? */
static bool inside_window(uintptr_t va, size_t size)
{
	uintptr_t w = board.io_window_base;

	return va >= w && size <= board.io_window_size && va - w <= board.io_window_size - size;
}

/*
 * Every change of the live tables runs with IRQs masked: break-before-make
 * leaves entries invalid for a moment (a split breaks a whole MiB), and an
 * interrupt handler touching them (its stack, .bss counters, the console
 * ring) would take a translation fault and halt the firmware.
 */
static int live_map(uintptr_t va, phys_addr_t pa, size_t size, struct pt_attrs attrs)
{
	uint32_t flags = arch_irq_save();
	int err = pt_map(&kpt, va, pa, size, attrs);

	arch_irq_restore(flags);
	return err;
}

static int live_unmap(uintptr_t va, size_t size)
{
	uint32_t flags = arch_irq_save();
	int err = pt_unmap(&kpt, va, size);

	arch_irq_restore(flags);
	return err;
}

static int live_protect(uintptr_t va, size_t size, struct pt_attrs attrs)
{
	uint32_t flags = arch_irq_save();
	int err = pt_protect(&kpt, va, size, attrs);

	arch_irq_restore(flags);
	return err;
}

unsigned mmu_foreign_mappings(void)
{
	return foreign;
}

/*
 * mmu_map, mmu_unmap and mmu_protect never touch the I/O window: what is
 * mapped there is the ioremap() registry's (mmu_io_map, mmu_io_unmap). The
 * policy is physical (pt_alias_check): a new mapping or a new type or
 * permission must agree with every other mapping of the same pages.
 */
int mmu_map(uintptr_t va, phys_addr_t pa, size_t size, struct pt_attrs attrs)
{
	int err = !size ? -EINVAL : in_window(va, size) ? -ERANGE : 0;

	if (!err)
		err = pt_alias_check(&kpt, pa, size, attrs, 0, 0);
	if (!err)
		err = live_map(va, pa, size, attrs);
	if (!err)
		foreign += pages_not_ram(pa, size);
	return err;
}

int mmu_unmap(uintptr_t va, size_t size)
{
	int err = !size ? -EINVAL : in_window(va, size) ? -ERANGE : 0;
	unsigned going = !err && foreign ? foreign_in(va, size) : 0;

	if (!err)
		err = live_unmap(va, size);
	if (!err)
		foreign -= going;
	return err;
}

int mmu_protect(uintptr_t va, size_t size, struct pt_attrs attrs)
{
	int err = !size ? -EINVAL : in_window(va, size) ? -ERANGE : 0;

	if (!err)
		err = pt_protect_alias_check(&kpt, va, size, attrs);
	return err ? err : live_protect(va, size, attrs);
}

int mmu_io_map(uintptr_t va, phys_addr_t pa, size_t size, struct pt_attrs attrs)
{
	return inside_window(va, size) ? live_map(va, pa, size, attrs) : -ERANGE;
}

int mmu_io_unmap(uintptr_t va, size_t size)
{
	return inside_window(va, size) ? live_unmap(va, size) : -ERANGE;
}

int virt_to_phys(uintptr_t va, phys_addr_t *pa)
{
	struct pt_walk w;
	int err = pt_walk(&kpt, va, &w);

	if (!err)
		*pa = w.pa;
	return err;
}

static uint32_t irq_flags_while_off;

void mmu_off(void)
{
	irq_flags_while_off = arch_irq_save();
	arch_mmu_disable();
}

void mmu_on(void)
{
	arch_mmu_enable(pt_base_pa(&kpt));
	arch_irq_restore(irq_flags_while_off);
}

bool mmu_is_on(void)
{
	return arch_mmu_enabled();
}

static int print_range(void *ctx, const struct pt_range *r)
{
	char line[128];

	(void)ctx;
	pt_range_format(r, line, sizeof(line));
	/* a task's mappings are tagged with the current ASID (nG, B3.9.1) */
	if ((r->attrs.prot & PROT_U) && arch_asid())
		printf("%s  asid %u\n", line, arch_asid());
	else
		printf("%s\n", line);
	return 0;
}

void mmu_dump(void)
{
	pt_for_each_range(&kpt, print_range, NULL);
}

size_t mmu_table_bytes(void)
{
	return pt_bytes_in_use(&kpt);
}

/* Which image region holds va, if any. */
static const char *region_name(uintptr_t va)
{
	for (size_t i = 0; i < ARRAY_SIZE(regions); i++)
		if (va >= regions[i].start && va < regions[i].end)
			return regions[i].name;
	if (va >= board.io_window_base && va - board.io_window_base < board.io_window_size)
		return "I/O window";
	if (va >= ram.base && va - ram.base < ram.size)
		return "RAM";
	return NULL;
}

int __cold mmu_describe(uintptr_t va, char *buf, size_t n)
{
	const char *where = region_name(va);
	struct pt_walk w;
	char prot[5], pa[PHYS_STR_LEN];

	if (!kpt.fmt)
		return fmt_snprintf(buf, n, "no translation tables yet");
	if (pt_walk(&kpt, va, &w))
		return fmt_snprintf(buf, n, "unmapped (%s descriptor is a fault)%s%s",
				kpt.fmt->level_names[w.level - 1],
				where ? ", in " : "", where ? where : "");
	prot_str(w.attrs.prot, prot);
	return fmt_snprintf(buf, n, "%s %s %s -> pa %s%s%s",
			w.level == 1 ? "section" : "page", mem_type_name(w.attrs.type), prot,
			phys_str(w.pa, pa), where ? ", in " : "", where ? where : "");
}
