/*
 * RAM above the identity map (include/kmap.h): with `-m 4096` or `-m 8192`
 * on virt, the RAM at or above the I/O window and above 4 GiB is reached one
 * page at a time through kmap_phys(). Skipped where there is none (the
 * default -m 128), or where the tables cannot reach it (short descriptors:
 * RAM above 4 GiB needs LPAE).
 *
 * The pattern depends on the whole 40-bit physical address, so a mapping
 * that dropped address bits 32-39 would alias two pages 4 GiB apart and the
 * second pass would read the other page's words.
 */
#include <errno.h>
#include "harness.h"
#include "kmap.h"
#include "mmu.h"

static const uint32_t offsets[] = { 0x000, 0x004, 0x800, 0xffc };

static uint32_t pattern(phys_addr_t pa)
{
	return (uint32_t)(pa >> 12) * 0x9e3779b1u ^ (uint32_t)(pa >> 32) ^ 0x5a5a0000u;
}

/* Write (or, when check, compare) the pattern words of the page at pa. */
static bool page_words(phys_addr_t pa, bool check)
{
	volatile uint32_t *w;
	void *va;
	bool ok = true;

	if (kmap_phys(pa, &va))
		return false;
	w = va;
	for (unsigned i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		uint32_t want = pattern(pa + offsets[i]);

		if (!check)
			w[offsets[i] / 4] = want;
		else if (w[offsets[i] / 4] != want)
			ok = false;
	}
	kunmap_phys();
	return ok;
}

static bool high_ram(phys_addr_t *base, uint64_t *size)
{
	kmap_ram_range(base, size);
	return *size != 0;
}

TEST(every_high_mib_holds_its_pattern)
{
	phys_addr_t base;
	uint64_t size, mib, bad = 0;
	void *va;

	if (!high_ram(&base, &size))
		SKIP("no RAM beyond the identity map (run with -m 4096 or more)");
	if (base + size > mmu_pgtable()->fmt->pa_limit)
		SKIP("RAM above 4 GiB needs long descriptors (LPAE)");
	printf("# high RAM 0x%lx%08lx, %lu MiB\n", (unsigned long)(base >> 32),
	       (unsigned long)base, (unsigned long)(size >> 20));
	for (mib = 0; mib < size >> 20; mib++)
		CHECK(page_words(base + (mib << 20), false));
	for (mib = 0; mib < size >> 20; mib++)
		bad += !page_words(base + (mib << 20), true);
	CHECK_EQ(bad, 0);
	/* and the last page of high RAM too */
	CHECK(page_words(base + size - PAGE_SIZE, false));
	CHECK(page_words(base + size - PAGE_SIZE, true));
	CHECK_EQ(kmap_phys(base + size, &va), -ERANGE);
}

TEST(one_mapping_at_a_time_and_gone_after_kunmap)
{
	phys_addr_t base;
	uint64_t size;
	struct pt_walk w;
	void *va, *va2;

	if (!high_ram(&base, &size))
		SKIP("no RAM beyond the identity map (run with -m 4096 or more)");
	/* RAM below the window is reached at its own address */
	CHECK_EQ(kmap_phys(mmu_ram()->base, &va), -ERANGE);
	CHECK_EQ(kmap_phys(base + 0x123, &va), 0);
	CHECK_EQ((uintptr_t)va & PAGE_MASK, 0x123);
	CHECK_EQ(pt_walk(mmu_pgtable(), (uintptr_t)va, &w), 0);
	CHECK(w.pa == base + 0x123);
	CHECK_EQ(w.attrs.type, MT_NORMAL);
	CHECK_EQ(w.attrs.prot, PROT_R | PROT_W);
	CHECK_EQ(kmap_phys(base + PAGE_SIZE, &va2), -EBUSY);
	kunmap_phys();
	CHECK_EQ(pt_walk(mmu_pgtable(), (uintptr_t)va, &w), -ENOENT);
	kunmap_phys();		/* a second time: nothing */
}
