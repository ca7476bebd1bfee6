/*
 * ioremap() on the target: each variant's descriptors, offsets, refusals,
 * faults after iounmap and on execution, and the window filled and emptied.
 */
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "board.h"
#include "exception.h"
#include "harness.h"
#include "io.h"
#include "ioremap.h"
#include "mmu.h"
#include "timer.h"

/* The top level's block: a 1 MiB section, or a 2 MiB LPAE block. */
#define BLOCK	pt_block_size(mmu_pgtable()->fmt)

#define PL011_PERIPHID0	0xfe0	/* reads 0x11 (PL011 TRM 3.3.14) */

static phys_addr_t dev_base(const char *name)
{
	const struct device *d = device_find(name, NULL);

	return d ? (phys_addr_t)d->reg[0].addr : 0;
}

static uintptr_t va_of(volatile void __iomem *p)
{
	return (uintptr_t)(__force volatile void *)p;
}

static bool in_window(uintptr_t va, size_t size)
{
	return va >= board.io_window_base &&
	       va + size <= board.io_window_base + board.io_window_size;
}

static bool walk_as(volatile void __iomem *p, unsigned type, unsigned level, phys_addr_t pa)
{
	/* without execute-never (ARMv5) every mapping reads back executable */
	unsigned prot = PROT_R | PROT_W | (arch_pt_format()->has_xn ? 0 : PROT_X);
	struct pt_walk w;

	if (pt_walk(mmu_pgtable(), va_of(p), &w) || w.attrs.type != type ||
	    w.attrs.prot != prot || w.level != level || w.pa != pa) {
		test_fail(__FILE__, __LINE__, "0x%08lx: type %u prot %u level %u pa 0x%08lx",
			  (unsigned long)va_of(p), w.attrs.type, w.attrs.prot, w.level,
			  (unsigned long)w.pa);
		return false;
	}
	return true;
}

TEST(each_variant_has_its_memory_type_and_is_execute_never)
{
	phys_addr_t rtc = dev_base("rtc");
	void __iomem *dev = ioremap(rtc, 0x1000);
	void __iomem *so = ioremap_nocache(dev_base("gpio"), 0x1000);
	void __iomem *wc = ioremap_wc(0x0a000000, 0x1000);
	const struct pt_format *fmt = arch_pt_format();
	struct pt_attrs dev_rw = { MT_DEVICE, PROT_R | PROT_W };
	struct pt_attrs so_rw = { MT_STRONGLY_ORDERED, PROT_R | PROT_W };
	bool so_distinct = fmt->page(0, dev_rw) != fmt->page(0, so_rw);

	CHECK(dev && so && wc);
	CHECK(in_window(va_of(dev), 0x1000) && in_window(va_of(so), 0x1000) &&
	      in_window(va_of(wc), 0x1000));
	CHECK(walk_as(dev, MT_DEVICE, 2, rtc));
	if (so_distinct)
		CHECK(walk_as(so, MT_STRONGLY_ORDERED, 2, dev_base("gpio")));
	CHECK(walk_as(wc, MT_NORMAL_NC, 2, 0x0a000000));
	iounmap(dev);
	iounmap(so);
	iounmap(wc);
	if (!fmt->has_xn || !so_distinct)
		SKIP("ARMv5: no execute-never, and Device and Strongly-ordered share C=0 B=0");
}

TEST(the_sub_page_offset_is_kept)
{
	phys_addr_t uart = dev_base("uart0");
	void __iomem *p = ioremap(uart + 4, 4);

	CHECK(p != NULL);
	CHECK_EQ(va_of(p) & 0xfff, 4);
	/* the same device, reached through the new mapping */
	CHECK_EQ(readl(p - 4 + PL011_PERIPHID0), 0x11);
	iounmap(p);
}

TEST(a_megabyte_aligned_range_gets_sections)
{
	void __iomem *p = ioremap(0x0a000000, 2 * BLOCK);

	CHECK(p != NULL);
	CHECK_EQ(va_of(p) & (BLOCK - 1), 0);
	CHECK(walk_as(p, MT_DEVICE, 1, 0x0a000000));
	CHECK(walk_as(p + BLOCK, MT_DEVICE, 1, 0x0a000000 + BLOCK));
	iounmap(p);
}

TEST(refusals_return_null_change_nothing_and_say_why)
{
	const struct mmu_ram *ram = mmu_ram();
	unsigned count = ioremap_count();
	size_t tables = mmu_table_bytes();
	void __iomem *dev;

	CHECK(ioremap(0x09000000, 0) == NULL);
	CHECK_EQ(ioremap_last_error(), -EINVAL);
	CHECK(ioremap(PHYS_ADDR_MAX - 0xfff, 0x2000) == NULL);	/* past 40 bits */
	CHECK_EQ(ioremap_last_error(), -EINVAL);
	CHECK(ioremap(ram->base, 0x1000) == NULL);
	CHECK_EQ(ioremap_last_error(), -EPERM);
	if (ram->base) {	/* RAM at 0 has no start to straddle */
		CHECK(ioremap(ram->base - 0x1000, 0x2000) == NULL);	/* straddles RAM's start */
		CHECK_EQ(ioremap_last_error(), -EPERM);
	}
	CHECK(ioremap(ram->base + ram->reported - 4, 8) == NULL);	/* and its end */
	CHECK_EQ(ioremap_last_error(), -EPERM);
	CHECK(ioremap(0x0b000000, board.io_window_size + PAGE_SIZE) == NULL);
	CHECK_EQ(ioremap_last_error(), -ENOSPC);

	dev = ioremap(dev_base("rtc"), 0x1000);
	CHECK(dev != NULL);
	CHECK(ioremap_wc(dev_base("rtc"), 0x1000) == NULL);	/* mismatched alias */
	CHECK_EQ(ioremap_last_error(), -EBUSY);
	iounmap(dev);

	CHECK_EQ(ioremap_count(), count);
	CHECK_EQ(mmu_table_bytes(), tables);
}

TEST(same_type_aliases_are_separate_mappings)
{
	unsigned before = ioremap_count();
	void __iomem *a = ioremap(dev_base("rtc"), 0x1000);
	void __iomem *b = ioremap(dev_base("rtc"), 0x1000);

	CHECK(a && b && a != b);
	CHECK_EQ(ioremap_count(), before + 2);
	iounmap(a);
	CHECK(walk_as(b, MT_DEVICE, 2, dev_base("rtc")));
	iounmap(b);
}

static void read_reg(void *p)
{
	(void)readl((void __iomem __force *)p);
}

static void branch_to(void *p)
{
	((void (*)(void))p)();
}

TEST(a_read_after_iounmap_aborts)
{
	void __iomem *p = ioremap(dev_base("uart0"), 0x1000);
	struct fault_info fi;

	CHECK(p != NULL);
	CHECK_EQ(readl(p + PL011_PERIPHID0), 0x11);
	iounmap(p);
	CHECK_EQ(fault_try(read_reg, (__force void *)(p + PL011_PERIPHID0), &fi), -EFAULT);
	CHECK_EQ(fi.type, EXC_DABT);
	CHECK_EQ(fi.fs.cls, FAULT_TRANSLATION);
	CHECK_EQ(fi.addr, va_of(p) + PL011_PERIPHID0);
}

TEST(branching_into_a_device_mapping_prefetch_aborts)
{
	void __iomem *p;
	struct fault_info fi;

	if (!arch_pt_format()->has_xn)
		SKIP("no execute-never (ARMv5): a device mapping is executable");
	p = ioremap(dev_base("rtc"), 0x1000);
	CHECK(p != NULL);
	CHECK_EQ(fault_try(branch_to, (__force void *)p, &fi), -EFAULT);
	iounmap(p);
	CHECK_EQ(fi.type, EXC_PABT);
	CHECK_EQ(fi.fs.cls, FAULT_PERMISSION);	/* XN */
	CHECK_EQ(fi.addr, va_of(p));
}

TEST(iounmap_of_bad_pointers_warns_and_changes_nothing)
{
	void __iomem *p = ioremap(dev_base("rtc"), 0x1000);
	unsigned count = ioremap_count();

	CHECK(p != NULL);
	iounmap(NULL);
	iounmap((void __iomem __force *)0x40100000);	/* not in the window */
	iounmap(p + PAGE_SIZE);				/* in the window, not a mapping */
	CHECK_EQ(ioremap_count(), count);
	CHECK(walk_as(p, MT_DEVICE, 2, dev_base("rtc")));
	iounmap(p);
	CHECK_EQ(ioremap_count(), count - 1);
	iounmap(p);					/* twice */
	CHECK_EQ(ioremap_count(), count - 1);
}

/*
 * The handle index is never cleared (a sparse set): a page's entry counts
 * only while the slot it names is live and names that page back. p's slot
 * goes to q, mapped elsewhere in the window (two pages do not fit in p's
 * old hole below h): p's handle is then no mapping, and iounmap(p) leaves
 * q alone.
 */
TEST(a_freed_handle_stays_dead_when_its_slot_is_reused)
{
	void __iomem *p = ioremap(dev_base("rtc"), 0x1000);
	void __iomem *h = ioremap(dev_base("rtc"), 0x1000);
	void __iomem *q;
	unsigned count;

	CHECK(p && h);
	iounmap(p);
	q = ioremap(dev_base("rtc"), 0x2000);
	CHECK(q != NULL && va_of(q) != va_of(p));
	count = ioremap_count();
	iounmap(p);					/* stale: its slot is q's now */
	CHECK_EQ(ioremap_count(), count);
	CHECK(walk_as(q, MT_DEVICE, 2, dev_base("rtc")));
	iounmap(q);
	iounmap(h);
	CHECK_EQ(ioremap_count(), count - 2);
}

static int count_owner(void *ctx, const struct ioremap_entry *e)
{
	return strcmp(e->owner, (const char *)ctx) == 0;
}

/* ns for 100 ioremap() + readl + iounmap() cycles of one device page. On
 * the test images' instruction-counted clock (8 ns an instruction) this is
 * the firmware's own cost, whatever the host's load. */
static uint64_t ioremap_cycles_ns(phys_addr_t phys)
{
	uint64_t t0 = uptime_ns();

	for (unsigned i = 0; i < 100; i++) {
		void __iomem *p = ioremap(phys, 4);

		if (!p)
			return ~0ull;
		(void)readl(p);
		iounmap(p);
	}
	return uptime_ns() - t0;
}

/* The alias check scans the registry only when a mapping of another type
 * is live: 1,000 more Device mappings leave a Device ioremap() as cheap.
 * (Early in this file: the scan covers every slot ever used, and a later
 * case fills the registry.) */
TEST(ioremap_cost_does_not_grow_with_mappings_of_its_own_type)
{
	enum { MORE = 1000 };
	static void __iomem *maps[MORE];
	phys_addr_t rtc = dev_base("rtc");
	uint64_t few, many;
	unsigned n;

	few = ioremap_cycles_ns(rtc);
	for (n = 0; n < MORE && (maps[n] = ioremap(rtc, 4)) != NULL; n++)
		;
	many = n == MORE ? ioremap_cycles_ns(rtc) : ~0ull;
	while (n > 0)
		iounmap(maps[--n]);
	if (many > few + few / 2)
		test_fail(__FILE__, __LINE__, "100 cycles took %lu ns with %u more mappings live, "
			  "%lu ns without", (unsigned long)many, MORE, (unsigned long)few);
}

TEST(the_registry_names_who_asked)
{
	void __iomem *p = ioremap(dev_base("rtc"), 0x1000);
	const struct ioremap_entry *e;

	CHECK(p != NULL);
	e = ioremap_find(va_of(p) + 0x10);
	CHECK(e != NULL);
	CHECK_EQ(e->phys, dev_base("rtc"));
	CHECK_EQ(e->size, PAGE_SIZE);
	CHECK_EQ(e->type, MT_DEVICE);
	CHECK_EQ(strcmp(e->owner, "test_the_registry_names_who_asked"), 0);
	CHECK_EQ(ioremap_for_each(count_owner, (void *)"console_init"), 1);
	iounmap(p);
	CHECK(ioremap_find(va_of(p)) == NULL);
}

static int count_entry(void *ctx, const struct ioremap_entry *e)
{
	++*(unsigned *)ctx;
	return ioremap_find(e->va) != e;	/* each one a live mapping's */
}

/* ioremap_for_each() visits the live mappings, each once, and nothing a
 * freed slot still remembers (here one waits to be reused). */
TEST(the_registry_lists_exactly_the_live_mappings)
{
	void __iomem *p = ioremap(dev_base("rtc"), 0x1000);
	void __iomem *q = ioremap(dev_base("rtc"), 0x1000);
	unsigned n = 0;
	int stray;

	CHECK(p && q);
	iounmap(p);
	stray = ioremap_for_each(count_entry, &n);
	iounmap(q);
	CHECK_EQ(stray, 0);
	CHECK_EQ(n, ioremap_count() + 1);	/* q, unmapped since */
}

/* The registry holds IOREMAP_MAX live mappings, not one more: the next
 * ioremap() is refused with -ENOMEM, and all of them unmap again. */
TEST(the_registry_holds_exactly_ioremap_max_mappings)
{
	static void __iomem *maps[IOREMAP_MAX + 1];
	unsigned before = ioremap_count(), n = 0;

	while (n < IOREMAP_MAX + 1 && (maps[n] = ioremap(dev_base("rtc"), 4)) != NULL)
		n++;
	CHECK_EQ(before + n, IOREMAP_MAX);
	CHECK_EQ(ioremap_last_error(), -ENOMEM);
	while (n > 0)
		iounmap(maps[--n]);
	CHECK_EQ(ioremap_count(), before);
}

TEST(the_window_fills_and_empties_again)
{
	enum { CHUNK = 64 * 1024, MAX = 1024 };
	static void __iomem *maps[MAX];
	size_t tables = mmu_table_bytes();
	unsigned count = ioremap_count();
	unsigned n, round;

	for (round = 0; round < 2; round++) {
		for (n = 0; n < MAX; n++) {
			maps[n] = ioremap(0x0a000000, CHUNK);
			if (!maps[n])
				break;
		}
		CHECK_EQ(ioremap_last_error(), -ENOSPC);
		/* the console's page costs one 64 KiB slot */
		CHECK_EQ(n, board.io_window_size / CHUNK - 1);
		while (n)
			iounmap(maps[--n]);
		CHECK_EQ(ioremap_count(), count);
		CHECK_EQ(mmu_table_bytes(), tables);	/* every L2 table came back */
	}
}

/*
 * The window's last page is as usable as its first: with the window filled
 * (64 KiB mappings, then single pages for what is left), the highest
 * mapping ends exactly at the window's end and is mapped there (the accept
 * side of the window's bounds, as issue 18 asks of 4 GiB).
 */
TEST(a_mapping_ending_exactly_at_the_windows_end_is_accepted)
{
	enum { CHUNK = 64 * 1024, MAX = 1024 };
	static void __iomem *maps[MAX];
	uintptr_t end = board.io_window_base + board.io_window_size;
	void __iomem *top = NULL;
	unsigned n = 0;
	bool mapped;
	int err;

	for (size_t size = CHUNK; size >= PAGE_SIZE; size = size == CHUNK ? PAGE_SIZE : 0) {
		while (n < MAX && (maps[n] = ioremap(0x0a000000, size)) != NULL) {
			if (va_of(maps[n]) + size == end)
				top = maps[n];
			n++;
		}
	}
	err = ioremap_last_error();
	mapped = top && walk_as(top, MT_DEVICE, 2, 0x0a000000);
	while (n)
		iounmap(maps[--n]);
	CHECK(mapped);
	CHECK_EQ(err, -ENOSPC);		/* full, nothing refused */
}

/* ---- the accept side at the top of the address space ---- */

/* Issue 18: a range ending exactly at 4 GiB is legal, as pages and as
 * sections; only one going past it wraps. */
TEST(a_range_ending_exactly_at_4gib_is_accepted)
{
	void __iomem *page = ioremap(0xfffff000, 0x1000);
	void __iomem *tail = ioremap(0xfffffff0, 0x10);
	void __iomem *secs = ioremap(0xffc00000, 4u << 20);

	CHECK(page && tail && secs);
	CHECK(walk_as(page, MT_DEVICE, 2, 0xfffff000));
	CHECK_EQ(va_of(tail) & 0xfff, 0xff0);
	CHECK(walk_as(tail - 0xff0, MT_DEVICE, 2, 0xfffff000));
	CHECK(walk_as(secs, MT_DEVICE, 1, 0xffc00000));
	CHECK(walk_as(secs + (3u << 20), MT_DEVICE, 1, 0xfff00000));
	iounmap(page);
	iounmap(tail);
	iounmap(secs);
	CHECK(ioremap(PHYS_ADDR_MAX - 0xf, 0x11) == NULL);
	CHECK_EQ(ioremap_last_error(), -EINVAL);
}

/* Issue 11 item 22: the whole address space but 16 bytes is refused for
 * what it is (it covers RAM), not because a truncated size came out 0. */
TEST(a_4gib_range_is_refused_for_what_it_is)
{
	unsigned count = ioremap_count();

	CHECK(ioremap(0x10, 0xfffffff0) == NULL);
	CHECK_EQ(ioremap_last_error(), -EPERM);
	CHECK(ioremap(0xf0000000, 0x10000000) == NULL);	/* no RAM: too big */
	CHECK_EQ(ioremap_last_error(), -ENOSPC);
	CHECK_EQ(ioremap_count(), count);
}

/* ---- above 4 GiB (issue 13) ---- */

#define SUPER	pt_super_size(mmu_pgtable()->fmt)

/* Can the tables reach [pa, pa + size) at all: blocks and pages, or
 * supersections? */
static bool reachable(phys_addr_t pa)
{
	const struct pt_format *f = mmu_pgtable()->fmt;

	return pa < f->pa_limit || pa < f->super_pa_limit;
}

/* Every MiB of [va, va + size) unmapped: all 16 entries of a supersection
 * went, not just the first. */
static bool all_unmapped(uintptr_t va, size_t size)
{
	struct pt_walk w;

	for (size_t off = 0; off < size; off += SZ_1M)
		if (pt_walk(mmu_pgtable(), va + off, &w) != -ENOENT)
			return false;
	return true;
}

/*
 * virt's PCIe configuration space at 0x40_1000_0000 (highmem on): mapped
 * where the tables reach it, with LPAE pages or, on short descriptors, a
 * 16 MiB supersection at a 16 MiB-aligned address of the window, and its
 * first word is the host bridge's IDs (1b36:0008); refused with -ERANGE
 * where they do not (ARMv5, no supersections).
 */
TEST(the_pcie_config_space_above_4gib_reads_the_host_bridge)
{
	const struct device *d = device_find(NULL, "pci-host-ecam-generic");
	unsigned count = ioremap_count();
	const struct ioremap_entry *e;
	phys_addr_t ecam;
	struct pt_walk w;
	void __iomem *p;

	if (!d || d->reg[0].addr < (1ull << 32))
		SKIP("no PCIe configuration space above 4 GiB in this machine's tree");
	ecam = d->reg[0].addr;
	p = ioremap(ecam, 0x1000);
	if (!reachable(ecam)) {
		CHECK(p == NULL);
		CHECK_EQ(ioremap_last_error(), -ERANGE);
		CHECK_EQ(ioremap_count(), count);
		return;
	}
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ(readl(p), 0x00081b36u);
	CHECK_EQ(pt_walk(mmu_pgtable(), va_of(p) + 8, &w), 0);
	CHECK(w.pa == ecam + 8);
	e = ioremap_find(va_of(p));
	CHECK(e != NULL);
	if (e && ecam >= mmu_pgtable()->fmt->pa_limit) {	/* a supersection */
		CHECK_EQ(w.l1.kind, PTE_SUPERSECTION);
		CHECK_EQ(e->size, SUPER);
		CHECK_EQ(e->va & (SUPER - 1), 0);
		CHECK(e->phys == ALIGN_DOWN(ecam, SUPER));
	}
	if (e) {
		uintptr_t va = e->va;
		size_t size = e->size;

		iounmap(p);
		CHECK(all_unmapped(va, size));
	}
	CHECK_EQ(ioremap_count(), count);
}

/*
 * Where only supersections reach above 4 GiB: an offset inside the 16 MiB
 * comes back as base + offset and is what iounmap() takes; a range crossing
 * 4 GiB is refused (-ERANGE), as is a second supersection when the window
 * has no other free 16 MiB-aligned run (-ENOSPC); one starting exactly at
 * 4 GiB is mapped.
 */
TEST(supersections_keep_the_offset_and_refuse_what_they_cannot_map)
{
	const struct pt_format *f = mmu_pgtable()->fmt;
	phys_addr_t hi = 0x8000000000ull + 0x123004;	/* virt's 64-bit PCI window */
	unsigned count = ioremap_count();
	void __iomem *p, *q;
	struct pt_walk w;

	if (!f->super_pa_limit)
		SKIP("these tables have no supersections");
	CHECK(ioremap(0xfff00000, 2u << 20) == NULL);
	CHECK_EQ(ioremap_last_error(), -ERANGE);
	p = ioremap(hi, 4);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ(va_of(p) & (SUPER - 1), 0x123004);
	CHECK_EQ(pt_walk(mmu_pgtable(), va_of(p), &w), 0);
	CHECK(w.pa == hi);
	q = ioremap(hi + SUPER, 4);
	if (q) {	/* a larger window than one spare 16 MiB run */
		CHECK_EQ(va_of(q) & (SUPER - 1), 0x123004);
		iounmap(q);
	} else {
		CHECK_EQ(ioremap_last_error(), -ENOSPC);
	}
	iounmap(p);
	CHECK(all_unmapped(ALIGN_DOWN(va_of(p), SUPER), SUPER));
	/* starting exactly at 4 GiB crosses nothing: a supersection maps it */
	p = ioremap(f->pa_limit, 4);
	CHECK(p != NULL);
	if (p) {
		CHECK_EQ(pt_walk(mmu_pgtable(), va_of(p), &w), 0);
		CHECK(w.pa == f->pa_limit);
		iounmap(p);
	}
	CHECK_EQ(ioremap_count(), count);
}

/* ---- the policy is physical ---- */

#define SCRATCH_VA	0x30000000u	/* unmapped on every board */

/* Issue 11 item 4: mmu_protect, mmu_unmap and mmu_map cannot reach into the
 * window behind the registry's back, so an ioremapped page keeps its type. */
TEST(the_io_window_is_ioremaps_alone)
{
	phys_addr_t rtc = dev_base("rtc");
	void __iomem *p = ioremap(rtc, 0x1000);
	void __iomem *q;
	struct pt_attrs normal = { MT_NORMAL, PROT_R | PROT_W };

	CHECK(p != NULL);
	CHECK_EQ(mmu_protect(va_of(p), PAGE_SIZE, normal), -ERANGE);
	CHECK_EQ(mmu_unmap(va_of(p), PAGE_SIZE), -ERANGE);
	CHECK_EQ(mmu_map(va_of(p) + 16 * PAGE_SIZE, rtc, PAGE_SIZE, normal), -ERANGE);
	CHECK(walk_as(p, MT_DEVICE, 2, rtc));
	q = ioremap(rtc, 0x1000);		/* a same-type alias is fine */
	CHECK(q != NULL);
	CHECK(walk_as(q, MT_DEVICE, 2, rtc));
	CHECK(ioremap_wc(rtc, 0x1000) == NULL);
	CHECK_EQ(ioremap_last_error(), -EBUSY);
	iounmap(q);
	iounmap(p);
}

/* Issue 11 item 4: a mapping mmu_map() made outside the window is an alias
 * ioremap() sees, and the reverse. */
TEST(aliases_made_by_mmu_map_and_ioremap_see_each_other)
{
	phys_addr_t pa = 0x0a000000;
	struct pt_attrs dev = { MT_DEVICE, PROT_R | PROT_W };
	struct pt_attrs normal = { MT_NORMAL, PROT_R | PROT_W };
	void __iomem *p;

	/* the console's UART is ioremapped as Device: no Normal alias of it */
	CHECK_EQ(mmu_map(SCRATCH_VA, dev_base("uart0"), PAGE_SIZE, normal), -EBUSY);
	CHECK_EQ(mmu_map(SCRATCH_VA, pa, PAGE_SIZE, dev), 0);
	CHECK_EQ(mmu_foreign_mappings(), 1);
	CHECK(ioremap_wc(pa, 0x1000) == NULL);
	CHECK_EQ(ioremap_last_error(), -EBUSY);
	p = ioremap(pa, 0x1000);
	CHECK(p != NULL);
	iounmap(p);
	CHECK_EQ(mmu_unmap(SCRATCH_VA, PAGE_SIZE), 0);
	CHECK_EQ(mmu_foreign_mappings(), 0);
	p = ioremap_wc(pa, 0x1000);
	CHECK(p != NULL);
	iounmap(p);
}

/* A page mapped at VA 0 (the null guard's place, but mmu_map() may use
 * it) is an alias like any other: mmu_map() and ioremap() see it. */
TEST(a_mapping_at_va_0_is_an_alias_like_any_other)
{
	phys_addr_t pa = 0x0a000000;
	struct pt_attrs normal = { MT_NORMAL, PROT_R | PROT_W };
	struct pt_attrs dev = { MT_DEVICE, PROT_R | PROT_W };
	void __iomem *p;
	int err;

	CHECK_EQ(mmu_map(0, pa, PAGE_SIZE, normal), 0);
	err = mmu_map(SCRATCH_VA, pa, PAGE_SIZE, dev);
	p = ioremap(pa, 0x1000);
	if (!err)
		mmu_unmap(SCRATCH_VA, PAGE_SIZE);
	if (p)
		iounmap(p);
	CHECK_EQ(mmu_unmap(0, PAGE_SIZE), 0);
	CHECK_EQ(err, -EBUSY);
	CHECK(p == NULL);
	CHECK_EQ(ioremap_last_error(), -EBUSY);
}

/* Issue 11 item 4: RAM is the board's or device tree's fact, not whatever
 * got mapped: when mapping it fails, ioremap() still refuses all of it. A
 * second mmu_add_ram() plays the failing boot: it reports 8 MiB more RAM
 * than is mapped, and cannot map it (the start is mapped already). */
TEST(ram_stays_refused_when_mapping_it_fails)
{
	const struct mmu_ram *ram = mmu_ram();
	struct mmu_ram saved = *ram;
	phys_addr_t beyond = ram->base + ram->reported + (4u << 20);
	void __iomem *p;

	if (ram->reported + (8u << 20) > board.io_window_base - ram->base)
		SKIP("RAM reaches the I/O window: no room above it");
	CHECK_EQ(mmu_add_ram(saved.reported + (8u << 20), saved.from_dt), -EEXIST);
	CHECK_EQ(ram->size, saved.size);		/* nothing more got mapped ... */
	CHECK(ioremap(beyond, 0x1000) == NULL);		/* ... yet it is RAM */
	CHECK_EQ(ioremap_last_error(), -EPERM);
	CHECK_EQ(mmu_add_ram(saved.reported, saved.from_dt), -EEXIST);	/* as before */
	CHECK_EQ(ram->reported, saved.reported);
	p = ioremap(beyond, 0x1000);
	CHECK(p != NULL);
	iounmap(p);
}
