/*
 * Host tests: the ioremap() registry (src/mmu/ioremap.c) over a fake MMU
 * (virt's RAM and I/O window, short descriptors with supersections) that
 * records what would be mapped. What QEMU cannot show: registry slots a
 * boot never handed out hold whatever RAM held (power-on garbage, or a
 * previous run's registry after a reset), and must never be read. And at
 * the edges: ranges that touch RAM or another mapping without sharing a
 * byte, a range starting exactly at 4 GiB, and the reason each refusal
 * prints.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* ioremap.c's refusals print one line; keep the last one to check it. */
static char printed[256];
int fake_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define printf fake_printf

#include "../../src/mmu/ioremap.c"

#undef printf

#define RAM_BASE	0x40000000u
#define RAM_SIZE	(128u << 20)

int fake_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(printed, sizeof(printed), fmt, ap);
	va_end(ap);
	return n;
}

const struct board board = { .name = "host", .ram_base = RAM_BASE,
			     .io_window_base = 0xf0000000u, .io_window_size = 32u << 20 };

static struct pgtable fake_pt = { .fmt = &pt_format_armv7s_super };
static struct mmu_ram fake_ram = { .base = RAM_BASE, .size = RAM_SIZE, .reported = RAM_SIZE };
static unsigned pages_mapped;

struct pgtable *mmu_pgtable(void)
{
	return &fake_pt;
}

const struct mmu_ram *mmu_ram(void)
{
	return &fake_ram;
}

unsigned mmu_foreign_mappings(void)
{
	return 0;
}

int mmu_io_map(uintptr_t va, phys_addr_t pa, size_t size, struct pt_attrs attrs)
{
	(void)pa, (void)attrs;
	assert_true(va >= board.io_window_base &&
		    va + size <= board.io_window_base + board.io_window_size);
	pages_mapped += size / PAGE_SIZE;
	return 0;
}

int mmu_io_unmap(uintptr_t va, size_t size)
{
	(void)va;
	assert_true(pages_mapped >= size / PAGE_SIZE);
	pages_mapped -= size / PAGE_SIZE;
	return 0;
}

/* A boot: the registry's .bss cleared, ioremap_init() run; its __noinit
 * slots left as they are. */
static int boot(void **state)
{
	(void)state;
	memset(handle_page, 0, sizeof(handle_page));
	memset(live_by_type, 0, sizeof(live_by_type));
	slots_used = free_head = live = 0;
	last_error = 0;
	pages_mapped = 0;
	printed[0] = '\0';
	assert_int_equal(ioremap_init(), 0);
	return 0;
}

static void unmap_all(void __iomem *const *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		iounmap(p[i]);
	assert_int_equal(ioremap_count(), 0);
	assert_int_equal(pages_mapped, 0);
}

/* The pages just below RAM and just above it share no byte with it. */
static void ranges_touching_ram_are_not_ram(void **state)
{
	void __iomem *p[2];

	(void)state;
	p[0] = ioremap(RAM_BASE - 0x1000, 0x1000);
	p[1] = ioremap(RAM_BASE + RAM_SIZE, 0x1000);
	assert_non_null(p[0]);
	assert_non_null(p[1]);
	assert_null(ioremap(RAM_BASE - 0x1000, 0x1001));
	assert_int_equal(ioremap_last_error(), -EPERM);
	unmap_all(p, 2);
}

/*
 * Mappings of two memory types may sit side by side (A3.5.7 forbids two
 * types for one page, not for neighbours), whichever is made first; a
 * second type for a page already mapped is refused with -EBUSY and says so.
 */
static void neighbours_of_another_type_are_mapped_and_aliases_refused(void **state)
{
	const phys_addr_t dev = 0x0a001000;
	void __iomem *p[3];

	(void)state;
	p[0] = ioremap(dev, 0x1000);
	p[1] = ioremap_wc(dev - 0x1000, 0x1000);	/* below it */
	p[2] = ioremap_wc(dev + 0x1000, 0x1000);	/* above it */
	assert_non_null(p[0]);
	assert_non_null(p[1]);
	assert_non_null(p[2]);
	assert_null(ioremap_wc(dev + 0xffc, 4));
	assert_int_equal(ioremap_last_error(), -EBUSY);
	assert_non_null(strstr(printed, "already mapped with another memory type"));
	assert_int_equal(ioremap_count(), 3);
	unmap_all(p, 3);
}

/*
 * Slots at or above the high-water mark are never read (ioremap.c: the
 * array needs no clearing at boot): here every one of them holds a live
 * Normal-memory entry for the page about to be ioremapped, as a previous
 * run's registry would after a reset, and a Device mapping of that page is
 * still made beside a live mapping of another type.
 */
static void slots_never_handed_out_are_never_read(void **state)
{
	const phys_addr_t stale = 0x0a000000, other = 0x09000000;
	void __iomem *p[2];

	(void)state;
	for (unsigned i = 0; i < IOREMAP_MAX; i++)
		slots[i] = (struct slot){ .used = true, .e = { .phys = stale, .size = 0x1000,
			.va = board.io_window_base, .type = MT_NORMAL, .owner = "previous run" } };
	p[0] = ioremap_wc(other, 0x1000);	/* another type is live: slots are scanned */
	p[1] = ioremap(stale, 0x1000);
	assert_non_null(p[0]);
	assert_non_null(p[1]);
	assert_ptr_equal(ioremap_find((uintptr_t)(__force void *)p[1])->owner, __func__);
	unmap_all(p, 2);
}

/* A range starting exactly at 4 GiB crosses nothing: a 16 MiB
 * supersection maps it, at a 16 MiB-aligned address of the window. */
static void a_range_starting_at_4gib_is_a_supersection(void **state)
{
	const struct ioremap_entry *e;
	void __iomem *p[1];

	(void)state;
	p[0] = ioremap(1ull << 32, 4);
	assert_non_null(p[0]);
	e = ioremap_find((uintptr_t)(__force void *)p[0]);
	assert_non_null(e);
	assert_true(e->phys == 1ull << 32);
	assert_int_equal(e->size, 16u << 20);
	assert_int_equal(e->va & ((16u << 20) - 1), 0);
	assert_null(ioremap((1ull << 32) - 0x1000, 0x2000));
	assert_int_equal(ioremap_last_error(), -ERANGE);
	unmap_all(p, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(ranges_touching_ram_are_not_ram, boot),
		cmocka_unit_test_setup(neighbours_of_another_type_are_mapped_and_aliases_refused,
				       boot),
		cmocka_unit_test_setup(slots_never_handed_out_are_never_read, boot),
		cmocka_unit_test_setup(a_range_starting_at_4gib_is_a_supersection, boot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
