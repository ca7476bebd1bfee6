/*
 * Host unit tests for src/lib/ram_layout.c: the RAM span from tree regions
 * (with clamping) and the get_ram_size()-style probe, on simulated memory
 * that aliases (a partly decoded bus) or reads as zero (QEMU versatilepb
 * above -m), checked to leave every word as it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "ram.h"

#define KiB	1024u
#define MiB	(1024ull * 1024ull)
#define GiB	(1024ull * MiB)

/* ---- ram_span ------------------------------------------------------------------ */

static void assert_span(const struct fdt_region *r, unsigned n, uint64_t base, uint64_t limit,
			uint64_t want_size, uint64_t want_usable, unsigned want_unused)
{
	struct ram_span s;

	assert_int_equal(ram_span(r, n, base, limit, &s), 0);
	assert_int_equal(s.size, want_size);
	assert_int_equal(s.usable, want_usable);
	assert_int_equal(s.unused, want_unused);
}

static void test_span_one_region(void **state)
{
	const struct fdt_region r[] = { { 0x40000000, 128 * MiB } };

	(void)state;
	assert_span(r, 1, 0x40000000, 0xf0000000, 128 * MiB, 128 * MiB, 0);
}

/* -m 4096 on virt: <0 0x40000000 1 0> reaches 5 GiB; the map stops at the
 * I/O window: clamped, not thrown away. */
static void test_span_clamped(void **state)
{
	const struct fdt_region r4[] = { { 0x40000000, 4 * GiB } };
	const struct fdt_region r3[] = { { 0x40000000, 3 * GiB } };

	(void)state;
	assert_span(r4, 1, 0x40000000, 0xf0000000, 4 * GiB, 2816 * MiB, 0);
	assert_span(r3, 1, 0x40000000, 0xf0000000, 3 * GiB, 2816 * MiB, 0);
}

/* A region that ends exactly at the base does not hold its first byte: not
 * part of the span, counted as unused. */
static void test_span_region_ending_at_the_base_is_unused(void **state)
{
	const struct fdt_region r[] = { { 0x3ff00000, 1 * MiB }, { 0x40000000, 128 * MiB } };

	(void)state;
	assert_span(r, 2, 0x40000000, 0xf0000000, 128 * MiB, 128 * MiB, 1);
}

/* Several nodes and entries, out of order, adjacent or overlapping, make one
 * span; a region after a gap is counted as unused. */
static void test_span_several_regions(void **state)
{
	const struct fdt_region r[] = {
		{ 0x48000000, 64 * MiB },	/* continues the next one */
		{ 0x40000000, 128 * MiB },
		{ 0x4c000000, 16 * MiB },
		{ 0x50000000, 16 * MiB },	/* after a gap */
		{ 0x4a000000, 16 * MiB },	/* inside the span already */
	};
	/* Inside, up to the span's very end, is still part of it. */
	const struct fdt_region tail[] = {
		{ 0x40000000, 128 * MiB },
		{ 0x44000000, 64 * MiB },
	};

	(void)state;
	assert_span(r, 5, 0x40000000, 0xf0000000, 208 * MiB, 208 * MiB, 1);
	assert_span(tail, 2, 0x40000000, 0xf0000000, 128 * MiB, 128 * MiB, 0);
}

static void test_span_errors(void **state)
{
	const struct fdt_region gap[] = { { 0x40100000, MiB } };
	struct fdt_region many[RAM_MAX_REGIONS + 1];
	struct ram_span s;

	(void)state;
	assert_int_equal(ram_span(gap, 1, 0x40000000, 0xf0000000, &s), -ENOENT);
	assert_int_equal(ram_span(gap, 0, 0x40000000, 0xf0000000, &s), -ENOENT);
	for (unsigned i = 0; i <= RAM_MAX_REGIONS; i++)
		many[i] = (struct fdt_region){ 0x40000000 + i * MiB, MiB };
	assert_int_equal(ram_span(many, RAM_MAX_REGIONS + 1, 0x40000000, 0xf0000000, &s),
			 -EINVAL);
	assert_span(many, RAM_MAX_REGIONS, 0x40000000, 0xf0000000, RAM_MAX_REGIONS * MiB,
		    RAM_MAX_REGIONS * MiB, 0);
	/* A region starting below base still holds it. */
	assert_span(gap, 1, 0x40180000, 0xf0000000, 512 * KiB, 512 * KiB, 0);
}

/* ---- ram_probe_size ------------------------------------------------------------- */

enum above { ALIASES, READS_ZERO };

struct sim {
	uint32_t *mem;		/* the real RAM */
	size_t real;		/* bytes */
	enum above above;
	uintptr_t known;	/* the probe must not write below this but word 0 */
	unsigned writes_outside;	/* writes that landed above real RAM */
};

static uint32_t sim_read(void *ctx, uintptr_t off)
{
	struct sim *s = ctx;

	if (off < s->real)
		return s->mem[off / 4];
	return s->above == ALIASES ? s->mem[(off % s->real) / 4] : 0;
}

static void sim_write(void *ctx, uintptr_t off, uint32_t v)
{
	struct sim *s = ctx;

	assert_true(off == 0 || off >= s->known);
	if (off < s->real)
		s->mem[off / 4] = v;
	else if (s->above == ALIASES)
		s->mem[(off % s->real) / 4] = v;
	else
		s->writes_outside++;
}

/* Probe simulated RAM of real bytes (max bytes at most); the memory must
 * end exactly as it started. */
static size_t probe(size_t real, size_t max, enum above above, uintptr_t known)
{
	struct sim s = { .real = real, .above = above, .known = known };
	struct ram_probe_ops ops = { .read = sim_read, .write = sim_write, .ctx = &s,
				     .known = known };
	uint32_t *before;
	size_t size;

	s.mem = malloc(real);
	before = malloc(real);
	assert_non_null(s.mem);
	assert_non_null(before);
	for (size_t i = 0; i < real / 4; i++)
		s.mem[i] = before[i] = (uint32_t)rand() ^ ((uint32_t)rand() << 16);
	size = ram_probe_size(&ops, max);
	assert_memory_equal(s.mem, before, real);
	free(s.mem);
	free(before);
	return size;
}

static void test_probe_reads_zero_above(void **state)
{
	(void)state;
	/* Scaled down: max 4 MiB stands for 256 MiB. */
	assert_int_equal(probe(256 * KiB, 4 * MiB, READS_ZERO, 0), 256 * KiB);
	assert_int_equal(probe(1 * MiB, 4 * MiB, READS_ZERO, 0), 1 * MiB);
	assert_int_equal(probe(4 * MiB, 4 * MiB, READS_ZERO, 0), 4 * MiB);
}

static void test_probe_aliases_above(void **state)
{
	(void)state;
	assert_int_equal(probe(256 * KiB, 4 * MiB, ALIASES, 0), 256 * KiB);
	assert_int_equal(probe(2 * MiB, 4 * MiB, ALIASES, 0), 2 * MiB);
	assert_int_equal(probe(64 * KiB, 4 * MiB, ALIASES, 0), 64 * KiB);
}

/* Below the running image's end nothing is written but word 0; the answer
 * is the same. */
static void test_probe_skips_the_image(void **state)
{
	(void)state;
	assert_int_equal(probe(1 * MiB, 4 * MiB, ALIASES, 96 * KiB), 1 * MiB);
	assert_int_equal(probe(1 * MiB, 4 * MiB, READS_ZERO, 96 * KiB), 1 * MiB);
	assert_int_equal(probe(128 * KiB, 4 * MiB, ALIASES, 96 * KiB), 128 * KiB);
}

/* No memory at all: the bus reads all ones whatever is written. Size 0. */
static uint32_t float_read(void *ctx, uintptr_t off)
{
	(void)ctx;
	(void)off;
	return 0xffffffffu;
}

static void float_write(void *ctx, uintptr_t off, uint32_t v)
{
	(void)ctx;
	(void)off;
	(void)v;
}

static void test_probe_nothing_at_the_base(void **state)
{
	struct ram_probe_ops ops = { .read = float_read, .write = float_write };

	(void)state;
	assert_int_equal(ram_probe_size(&ops, 4 * MiB), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_span_one_region),
		cmocka_unit_test(test_span_clamped),
		cmocka_unit_test(test_span_region_ending_at_the_base_is_unused),
		cmocka_unit_test(test_span_several_regions),
		cmocka_unit_test(test_span_errors),
		cmocka_unit_test(test_probe_reads_zero_above),
		cmocka_unit_test(test_probe_aliases_above),
		cmocka_unit_test(test_probe_skips_the_image),
		cmocka_unit_test(test_probe_nothing_at_the_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
