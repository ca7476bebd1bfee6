/*
 * The ioremap family: a virtual-range allocator over the board's I/O window
 * (vawin), the live tables (pgtable), and a registry of who mapped what.
 */
#include <errno.h>
#include <stdio.h>
#include "board.h"
#include "ioremap.h"
#include "mmu.h"
#include "vawin.h"

#define WINDOW_PAGES_MAX	8192	/* a 32 MiB window */

#define NO_PAGE			0xffffu	/* no window page has this index */

struct slot {
	struct ioremap_entry e;
	uint16_t next_free;	/* index + 1 of the next free slot, 0 = end */
	uint16_t handle;	/* the window page of the handle, once mapped */
	bool used;
};

/*
 * Registry slots are handed out from a high-water mark, then recycled
 * through a free list: slots at or above slots_used were never touched, so
 * the array needs no clearing or setup at boot.
 */
static struct slot slots[IOREMAP_MAX] __noinit;
static unsigned slots_used;		/* slots ever handed out */
static uint16_t free_head;		/* index + 1 of the first recycled slot */
/*
 * Registry slot (index + 1) of the mapping whose handle (the pointer
 * ioremap() returned) lies in each window page: its first page, or for a
 * supersection the page of phys inside its 16 MiB. Never cleared (16 KiB
 * that boot would zero before the MMU is on): an entry counts only when
 * the slot it names is live and names this page back (a sparse set, as
 * Briggs and Torczon's), so whatever RAM held there reads as no mapping.
 */
static uint16_t handle_page[WINDOW_PAGES_MAX] __noinit;
static struct vawin window;
static struct vawin_extent extents[IOREMAP_MAX + 2] __noinit;	/* vawin_init sets them up */
static unsigned live;
static unsigned live_by_type[MT_UNKNOWN];
static int last_error;

int ioremap_init(void)
{
	if (board.io_window_size / PAGE_SIZE > WINDOW_PAGES_MAX)
		return -EINVAL;
	slots_used = 0;
	free_head = 0;
	live = 0;
	return vawin_init(&window, board.io_window_base, board.io_window_size,
			  extents, ARRAY_SIZE(extents));
}

static void __iomem *refuse(int err, phys_addr_t phys, size_t size, const char *owner,
			    const char *why)
{
	char pa[PHYS_STR_LEN];

	last_error = err;
	printf("ioremap: refused %s+0x%lx for %s: %s\n", phys_str(phys, pa),
	       (unsigned long)size, owner ? owner : "?", why);
	return NULL;
}

int ioremap_last_error(void)
{
	return last_error;
}

/* Do [a, a+alen) and [b, b+blen) share a byte? Empty ranges share none.
 * 64-bit ends: a range may end exactly at 4 GiB. */
static bool overlaps(phys_addr_t a, uint64_t alen, phys_addr_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

static bool overlaps_ram(phys_addr_t phys, uint64_t size)
{
	const struct mmu_ram *ram = mmu_ram();

	return overlaps(phys, size, ram->base, ram->reported);
}

/*
 * A live mapping that these pages may not get a writable mapping of this
 * type beside? In the window, only mappings of other types can conflict, so
 * when there are none (the usual case: every driver asks for Device memory)
 * the answer costs nothing; otherwise every slot handed out so far is
 * scanned. Outside it, RAM is refused already; anything else mmu_map() made
 * is found by walking the tables, only when there is such a mapping.
 * 0, or the error of pt_alias_check(): -EBUSY (another memory type) or
 * -EPERM (mapped executable elsewhere).
 */
static int conflicting_alias(phys_addr_t phys, size_t size, unsigned type)
{
	struct pt_attrs attrs = { .type = (uint8_t)type, .prot = PROT_R | PROT_W };
	int err = 0;

	if (mmu_foreign_mappings())
		err = pt_alias_check(mmu_pgtable(), phys, size, attrs, 0, 0);
	if (err || live == live_by_type[type])
		return err;
	for (unsigned i = 0; i < slots_used; i++)
		if (slots[i].used && slots[i].e.type != type &&
		    overlaps(phys, size, slots[i].e.phys, slots[i].e.size))
			return -EBUSY;
	return 0;
}

static struct slot *slot_take(void)
{
	struct slot *s;

	if (free_head) {
		s = &slots[free_head - 1];
		free_head = s->next_free;
	} else if (slots_used < IOREMAP_MAX) {
		s = &slots[slots_used++];
	} else {
		return NULL;
	}
	s->e.owner = NULL;	/* the entry is written whole once registered */
	s->handle = NO_PAGE;
	s->used = true;
	live++;
	return s;
}

static void slot_put(struct slot *s)
{
	if (s->e.owner)
		live_by_type[s->e.type]--;
	s->used = false;
	s->e.owner = NULL;
	s->next_free = free_head;
	free_head = (uint16_t)(s - slots + 1);
	live--;
}

static unsigned window_page(uintptr_t va)
{
	return (va - board.io_window_base) / PAGE_SIZE;
}

/* What one ioremap() maps: [start, start + size) at alignment align. */
struct io_plan {
	phys_addr_t start;
	uint64_t size;
	size_t align;
};

/*
 * Plan the mapping of [phys, phys+size) (size > 0, within 40 bits): whole
 * pages, 1 MiB-aligned VA when a section fits. Above what blocks and pages
 * reach (pa_limit: 4 GiB on short descriptors), whole 16 MiB supersections
 * with a 16 MiB-aligned VA, where the format has them (as Linux's
 * remap_area_supersections()). NULL, or why it cannot be mapped (-ERANGE).
 */
static const char *io_plan(phys_addr_t phys, size_t size, struct io_plan *p)
{
	const struct pt_format *f = mmu_pgtable()->fmt;
	size_t block = pt_block_size(f), ss = pt_super_size(f);
	uint64_t end = (uint64_t)phys + size;	/* exclusive: at most 2^40 */

	p->start = ALIGN_DOWN(phys, PAGE_SIZE);
	p->size = ALIGN_UP(end, PAGE_SIZE) - p->start;
	p->align = (IS_ALIGNED(p->start, block) && p->size >= block) ? block : PAGE_SIZE;
	if (end <= f->pa_limit)
		return NULL;
	if (!ss)
		return "above the physical addresses these tables reach (no supersections)";
	if (p->start < f->pa_limit)
		return "crosses 4 GiB: supersections map above it, sections and pages below";
	if (end > f->super_pa_limit)
		return "above the physical addresses supersections reach";
	p->start = ALIGN_DOWN(phys, ss);
	p->size = ALIGN_UP(end, ss) - p->start;
	p->align = ss;
	return NULL;
}

void __iomem *ioremap_caller(phys_addr_t phys, size_t size, unsigned type, const char *owner)
{
	struct io_plan plan;
	const char *why;
	size_t map_size;
	uintptr_t va;
	struct slot *s;
	int err;

	if (type != MT_DEVICE && type != MT_STRONGLY_ORDERED && type != MT_NORMAL_NC &&
	    type != MT_NORMAL)
		return refuse(-EINVAL, phys, size, owner, "not a memory type ioremap maps");
	if (!size)
		return refuse(-EINVAL, phys, size, owner, "size 0");
	if (phys > PHYS_ADDR_MAX || size - 1 > PHYS_ADDR_MAX - phys)
		return refuse(-EINVAL, phys, size, owner, "range passes 40-bit physical addresses");
	why = io_plan(phys, size, &plan);
	if (why)
		return refuse(-ERANGE, phys, size, owner, why);
	if (overlaps_ram(plan.start, plan.size))
		return refuse(-EPERM, phys, size, owner, plan.align > pt_block_size(mmu_pgtable()->fmt) ?
			      "its 16 MiB supersection overlaps RAM" : "overlaps RAM");
	if (plan.size > board.io_window_size)
		return refuse(-ENOSPC, phys, size, owner, "larger than the I/O window");
	map_size = (size_t)plan.size;
	err = conflicting_alias(plan.start, map_size, type);
	if (err)
		return refuse(err, phys, size, owner, err == -EBUSY ?
			      "already mapped with another memory type" :
			      "mapped executable elsewhere (W^X)");
	s = slot_take();
	if (!s)
		return refuse(-ENOMEM, phys, size, owner, "registry full");

	err = vawin_alloc(&window, map_size, plan.align, &va);
	if (err) {
		slot_put(s);
		return refuse(-ENOSPC, phys, size, owner, plan.align > pt_block_size(mmu_pgtable()->fmt) ?
			      "no free 16 MiB-aligned run in the I/O window for a supersection" :
			      "I/O window exhausted");
	}
	err = mmu_io_map(va, plan.start, map_size,
			 (struct pt_attrs){ .type = (uint8_t)type, .prot = PROT_R | PROT_W });
	if (err) {
		vawin_free(&window, va, map_size);
		slot_put(s);
		return refuse(err, phys, size, owner, err == -ENOMEM ?
			      "no free second-level table" : "mapping failed");
	}
	s->e = (struct ioremap_entry){ .phys = plan.start, .va = va, .size = map_size,
				       .type = (uint8_t)type, .owner = owner ? owner : "?" };
	live_by_type[type]++;
	va += (uintptr_t)(phys - plan.start);
	s->handle = (uint16_t)window_page(va);
	handle_page[s->handle] = (uint16_t)(s - slots + 1);
	return (void __iomem *)va;
}

/* The live mapping whose handle lies in window page p, or NULL: only a
 * slot handed out, live, and naming p as its handle's page counts. */
static struct slot *slot_of_page(unsigned p)
{
	unsigned idx = handle_page[p] - 1u;	/* 0 (no slot) wraps: refused */

	if (idx >= slots_used || !slots[idx].used || slots[idx].handle != p)
		return NULL;
	return &slots[idx];
}

/* The slot of the mapping whose handle page holds va, or NULL. */
static struct slot *slot_at(uintptr_t va)
{
	if (va < board.io_window_base || va - board.io_window_base >= board.io_window_size)
		return NULL;
	return slot_of_page(window_page(va));
}

void iounmap(volatile void __iomem *addr)
{
	uintptr_t va = (uintptr_t)(__force const volatile void *)addr;
	struct slot *s;

	if (!addr) {
		printf("iounmap: warning: NULL pointer ignored\n");
		return;
	}
	s = slot_at(va);
	if (!s) {
		printf("iounmap: warning: 0x%08lx is not the start of a live ioremap() mapping; ignored\n",
		       (unsigned long)va);
		return;
	}
	/* The entries are cleared and their TLB entries invalidated (through
	 * the live hooks) before the range can be handed out again. */
	mmu_io_unmap(s->e.va, s->e.size);
	vawin_free(&window, s->e.va, s->e.size);
	slot_put(s);		/* not live: its handle_page entry no longer counts */
}

int ioremap_for_each(int (*fn)(void *ctx, const struct ioremap_entry *e), void *ctx)
{
	unsigned pages = board.io_window_size / PAGE_SIZE;

	for (unsigned p = 0; p < pages; p++) {
		const struct slot *s = slot_of_page(p);
		int ret;

		if (!s)
			continue;
		ret = fn(ctx, &s->e);
		if (ret)
			return ret;
	}
	return 0;
}

const struct ioremap_entry *ioremap_find(uintptr_t va)
{
	for (unsigned i = 0; i < slots_used; i++)
		if (slots[i].used && va >= slots[i].e.va && va - slots[i].e.va < slots[i].e.size)
			return &slots[i].e;
	return NULL;
}

unsigned ioremap_count(void)
{
	return live;
}
