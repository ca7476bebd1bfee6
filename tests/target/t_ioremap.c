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
	void __iomem *p = ioremap(0x0a000000, 2u << 20);

	CHECK(p != NULL);
	CHECK_EQ(va_of(p) & (SECTION_SIZE - 1), 0);
	CHECK(walk_as(p, MT_DEVICE, 1, 0x0a000000));
	CHECK(walk_as(p + SECTION_SIZE, MT_DEVICE, 1, 0x0a100000));
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
	CHECK(ioremap(0xfffff000, 0x2000) == NULL);
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

static int count_owner(void *ctx, const struct ioremap_entry *e)
{
	return strcmp(e->owner, (const char *)ctx) == 0;
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

TEST(the_window_fills_and_empties_again)
{
	enum { CHUNK = 64 * 1024, MAX = 512 };
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
