/*
 * Bench image (make bench): what ioremap() and the MMIO accessors cost.
 *
 * tests/bench/bench.py runs this image under an exec trace and counts the
 * instructions between the entry of each bench_* function below and its
 * return. The functions are noinline and non-static so each is one symbol at
 * one address; the driver tells the calls apart by their order, so the
 * order of the calls here is part of the contract with bench.py:
 *
 *   bench_page_cycle      x REPS with the mappings boot left live (the
 *                                console's, the interrupt controller's, ...)
 *                         x REPS with 100 live mappings
 *                         x REPS with 1000 live mappings
 *   bench_section_cycle   x REPS, 1 MiB section, boot's mappings live
 *   bench_loop_<kind>     n = LOOP_N, then n = 2 * LOOP_N, for each kind
 *
 * "Live mappings" counts every mapping other than the one being measured.
 * The extra ones are one page each, of the consecutive physical pages after
 * the UART's (device space on every board here; mapped, never touched), so
 * that they are distinct mappings of distinct pages, as devices' would be.
 */
#include "board.h"
#include "harness.h"
#include "io.h"
#include "ioremap.h"
#include "mmu.h"

#define REPS		3
#define LOOP_N		1000
#define PL011_FR	0x018
#define PL011_IMSC	0x038	/* interrupt mask: 0 since boot, writing 0 changes nothing */
#define PL011_PERIPHID0	0xfe0	/* reads 0x11 (PL011 TRM 3.3.14) */

#define BENCH	__attribute__((noinline, noclone, used))

void bench_page_cycle(phys_addr_t phys, size_t reg);
void bench_section_cycle(phys_addr_t phys, size_t reg);
uint32_t bench_readl(const volatile void __iomem *p);
uint32_t bench_readl_relaxed(const volatile void __iomem *p);
void bench_writel(uint32_t v, volatile void __iomem *p);
void bench_writel_relaxed(uint32_t v, volatile void __iomem *p);
void bench_loop_empty(volatile void __iomem *p, unsigned n);
void bench_loop_readl(volatile void __iomem *p, unsigned n);
void bench_loop_readl_relaxed(volatile void __iomem *p, unsigned n);
void bench_loop_writel(volatile void __iomem *p, unsigned n);
void bench_loop_writel_relaxed(volatile void __iomem *p, unsigned n);

static volatile uint32_t seen;	/* what the measured reads returned */
static bool cycle_failed;
static void __iomem *extra[1000];
static unsigned nextra;
static unsigned boot_live;	/* mappings live when the image starts */

/* ---- measured code ---- */

/* ioremap() of one page, the first access through it, iounmap(). */
BENCH void bench_page_cycle(phys_addr_t phys, size_t reg)
{
	void __iomem *p = ioremap(phys, SZ_4K);

	if (!p) {
		cycle_failed = true;
		return;
	}
	seen = readl(p + reg);
	iounmap(p);
}

/* The same with a 1 MiB-aligned megabyte: one section descriptor. */
BENCH void bench_section_cycle(phys_addr_t phys, size_t reg)
{
	void __iomem *p = ioremap(phys, SZ_1M);

	if (!p) {
		cycle_failed = true;
		return;
	}
	seen = readl(p + reg);
	iounmap(p);
}

/* One accessor each: the driver disassembles these. */
BENCH uint32_t bench_readl(const volatile void __iomem *p)
{
	return readl(p);
}

BENCH uint32_t bench_readl_relaxed(const volatile void __iomem *p)
{
	return readl_relaxed(p);
}

BENCH void bench_writel(uint32_t v, volatile void __iomem *p)
{
	writel(v, p);
}

BENCH void bench_writel_relaxed(uint32_t v, volatile void __iomem *p)
{
	writel_relaxed(v, p);
}

/* Measured loops: n iterations of one accessor; the empty loop gives the
 * loop's own cost, which the driver subtracts. */
BENCH void bench_loop_empty(volatile void __iomem *p, unsigned n)
{
	(void)p;
	for (unsigned i = 0; i < n; i++)
		__asm__ volatile("" ::: "memory");
}

BENCH void bench_loop_readl(volatile void __iomem *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		(void)readl(p);
}

BENCH void bench_loop_readl_relaxed(volatile void __iomem *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		(void)readl_relaxed(p);
}

BENCH void bench_loop_writel(volatile void __iomem *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		writel(0, p);
}

BENCH void bench_loop_writel_relaxed(volatile void __iomem *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		writel_relaxed(0, p);
}

/* ---- set-up, not measured ---- */

static phys_addr_t uart_base(void)
{
	const struct device *d = device_console();

	return d ? (phys_addr_t)d->reg[0].addr : 0;
}

/* Map one more page after the UART's until `live` mappings are live. */
static bool live_mappings(unsigned live)
{
	while (ioremap_count() < live && nextra < ARRAY_SIZE(extra)) {
		extra[nextra] = ioremap(uart_base() + (nextra + 1) * SZ_4K, SZ_4K);
		if (!extra[nextra])
			return false;
		nextra++;
	}
	return ioremap_count() == live;
}

static bool page_cycles(unsigned live)
{
	unsigned count = ioremap_count();
	size_t tables = mmu_table_bytes();

	cycle_failed = false;
	for (int i = 0; i < REPS; i++) {
		seen = 0;
		bench_page_cycle(uart_base(), PL011_PERIPHID0);
		if (cycle_failed || seen != 0x11)
			return false;
	}
	printf("bench: page_cycle live %u tables %lu\n", live, (unsigned long)tables);
	return ioremap_count() == count && mmu_table_bytes() == tables;
}

TEST(page_cycle_with_the_boot_mappings)
{
	boot_live = ioremap_count();
	CHECK(uart_base() != 0);
	CHECK(boot_live >= 1 && boot_live < 100);	/* the console at least */
	CHECK(page_cycles(boot_live));
}

TEST(page_cycle_with_100_live_mappings)
{
	CHECK(live_mappings(100));
	CHECK(page_cycles(100));
}

TEST(page_cycle_with_1000_live_mappings)
{
	CHECK(live_mappings(1000));
	CHECK(page_cycles(1000));
	while (nextra)
		iounmap(extra[--nextra]);
	CHECK_EQ(ioremap_count(), boot_live);
}

TEST(section_cycle)
{
	phys_addr_t uart = uart_base();
	phys_addr_t sec = ALIGN_DOWN(uart, SZ_1M);

	cycle_failed = false;
	for (int i = 0; i < REPS; i++) {
		seen = 0;
		bench_section_cycle(sec, uart - sec + PL011_PERIPHID0);
		CHECK(!cycle_failed);
		CHECK_EQ(seen, 0x11);
	}
	printf("bench: section_cycle phys 0x%08lx live %u\n", (unsigned long)sec, boot_live);
	CHECK_EQ(ioremap_count(), boot_live);
}

TEST(accessor_loops)
{
	void __iomem *u = ioremap(uart_base(), SZ_4K);
	static void (*const loops[])(volatile void __iomem *, unsigned) = {
		bench_loop_empty, bench_loop_readl, bench_loop_readl_relaxed,
		bench_loop_writel, bench_loop_writel_relaxed,
	};

	CHECK(u != NULL);
	/* the single-accessor functions, once each, so they are known to work */
	CHECK_EQ(bench_readl(u + PL011_PERIPHID0), 0x11);
	CHECK_EQ(bench_readl_relaxed(u + PL011_PERIPHID0), 0x11);
	bench_writel(0, u + PL011_IMSC);
	bench_writel_relaxed(0, u + PL011_IMSC);
	for (unsigned i = 0; i < ARRAY_SIZE(loops); i++) {
		volatile void __iomem *reg = u + (i < 3 ? PL011_FR : PL011_IMSC);

		loops[i](reg, LOOP_N);
		loops[i](reg, 2 * LOOP_N);
	}
	iounmap(u);
	printf("bench: loops n %u and %u\n", LOOP_N, 2 * LOOP_N);
}
