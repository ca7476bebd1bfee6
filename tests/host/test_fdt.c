/*
 * Host unit tests for src/lib/fdt.c.
 *
 * Every blob is built here by a tiny FDT writer (struct fdtw below) that
 * lays out a version 17 DTB as DTSpec chapter 5 describes: header, memory
 * reservation block (just its terminator), structure block, strings block.
 * Tests then corrupt fields of the result to reach each error path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "fdt.h"
#include "../../src/lib/fdt_internal.h"

/* ---- a tiny FDT writer ------------------------------------------------------ */

#define T_MAGIC		0xd00dfeedu
#define T_BEGIN_NODE	0x1u
#define T_END_NODE	0x2u
#define T_PROP		0x3u
#define T_NOP		0x4u
#define T_END		0x9u

/* Header field offsets (DTSpec 5.2). */
#define H_MAGIC		0
#define H_TOTALSIZE	4
#define H_OFF_STRUCT	8
#define H_OFF_STRINGS	12
#define H_OFF_RSVMAP	16
#define H_VERSION	20
#define H_LAST_COMP	24
#define H_CPUID		28
#define H_SIZE_STRINGS	32
#define H_SIZE_STRUCT	36

#define HDR_SIZE	40u
#define RSV_OFF		40u	/* 8-byte aligned, right after the header */
#define STRUCT_OFF	56u	/* after the 16-byte reservation terminator */

#define MiB		(1024ull * 1024ull)

struct fdtw {
	uint8_t st[8192];	/* structure block being written */
	uint32_t st_len;
	char str[1024];		/* strings block being written */
	uint32_t str_len;
	uint8_t blob[10240];	/* the finished DTB */
	uint32_t size;		/* its totalsize */
	uint32_t struct_off, strings_off;
	bool strings_first;	/* lay the strings block out before the structure block */
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static void w_init(struct fdtw *w)
{
	memset(w, 0, sizeof(*w));
}

static void w_bytes(struct fdtw *w, const void *p, uint32_t n)
{
	assert_true(w->st_len + n + 3 <= sizeof(w->st));
	if (n)
		memcpy(w->st + w->st_len, p, n);
	w->st_len += n;
	while (w->st_len % 4)
		w->st[w->st_len++] = 0;
}

static void w_u32(struct fdtw *w, uint32_t v)
{
	uint8_t b[4];

	put_be32(b, v);
	w_bytes(w, b, 4);
}

/* Offset of name in the strings block, adding it if new. */
static uint32_t w_string(struct fdtw *w, const char *name)
{
	uint32_t off = 0, n = (uint32_t)strlen(name) + 1;

	while (off < w->str_len) {
		if (strcmp(w->str + off, name) == 0)
			return off;
		off += (uint32_t)strlen(w->str + off) + 1;
	}
	assert_true(w->str_len + n <= sizeof(w->str));
	memcpy(w->str + w->str_len, name, n);
	w->str_len += n;
	return off;
}

static void w_begin(struct fdtw *w, const char *name)
{
	w_u32(w, T_BEGIN_NODE);
	w_bytes(w, name, (uint32_t)strlen(name) + 1);
}

static void w_end(struct fdtw *w)
{
	w_u32(w, T_END_NODE);
}

static void w_prop(struct fdtw *w, const char *name, const void *val, uint32_t len)
{
	w_u32(w, T_PROP);
	w_u32(w, len);
	w_u32(w, w_string(w, name));
	w_bytes(w, val, len);
}

static void w_prop_str(struct fdtw *w, const char *name, const char *s)
{
	w_prop(w, name, s, (uint32_t)strlen(s) + 1);
}

/* A property of n big-endian cells. */
static void w_prop_cells(struct fdtw *w, const char *name, unsigned int n, ...)
{
	uint8_t val[64];
	va_list ap;
	unsigned int i;

	assert_true(n * 4 <= sizeof(val));
	va_start(ap, n);
	for (i = 0; i < n; i++)
		put_be32(val + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	w_prop(w, name, val, n * 4);
}

/*
 * Lay out header, reservation terminator, then the structure and strings
 * blocks in the usual order (DTSpec 5: "should", not "shall"), or the other
 * way round so that the structure block ends the blob.
 */
static void w_finish(struct fdtw *w)
{
	uint8_t *b = w->blob;

	if (w->strings_first) {
		w->strings_off = STRUCT_OFF;
		w->struct_off = (STRUCT_OFF + w->str_len + 3) & ~3u;
		w->size = w->struct_off + w->st_len;
	} else {
		w->struct_off = STRUCT_OFF;
		w->strings_off = STRUCT_OFF + w->st_len;
		w->size = w->strings_off + w->str_len;
	}
	assert_true(w->size <= sizeof(w->blob));

	memset(b, 0, sizeof(w->blob));
	put_be32(b + H_MAGIC, T_MAGIC);
	put_be32(b + H_TOTALSIZE, w->size);
	put_be32(b + H_OFF_STRUCT, w->struct_off);
	put_be32(b + H_OFF_STRINGS, w->strings_off);
	put_be32(b + H_OFF_RSVMAP, RSV_OFF);
	put_be32(b + H_VERSION, 17);
	put_be32(b + H_LAST_COMP, 16);
	put_be32(b + H_CPUID, 0);
	put_be32(b + H_SIZE_STRINGS, w->str_len);
	put_be32(b + H_SIZE_STRUCT, w->st_len);
	/* bytes 40..55: the all-zero reservation terminator (DTSpec 5.3.2) */
	memcpy(b + w->struct_off, w->st, w->st_len);
	memcpy(b + w->strings_off, w->str, w->str_len);
}

static void set_hdr(struct fdtw *w, unsigned int field, uint32_t v)
{
	put_be32(w->blob + field, v);
}

/* Root opening shared by most trees: 2/2 cells as on QEMU virt. */
static void w_root(struct fdtw *w, uint32_t addr_cells, uint32_t size_cells)
{
	w_begin(w, "");
	w_prop_cells(w, "#address-cells", 1, addr_cells);
	w_prop_cells(w, "#size-cells", 1, size_cells);
	w_prop_str(w, "compatible", "linux,dummy-virt");
}

static void w_memory_2_2(struct fdtw *w, const char *name, uint64_t base, uint64_t size)
{
	w_begin(w, name);
	w_prop_str(w, "device_type", "memory");
	w_prop_cells(w, "reg", 4, (uint32_t)(base >> 32), (uint32_t)base,
		     (uint32_t)(size >> 32), (uint32_t)size);
	w_end(w);
}

/* Close the root and the structure block. */
static void w_close(struct fdtw *w)
{
	w_end(w);
	w_u32(w, T_END);
	w_finish(w);
}

/* A complete, valid tree shaped like QEMU virt's: 2/2 cells, 128 MiB at 1 GiB. */
static void build_virt(struct fdtw *w)
{
	w_init(w);
	w_root(w, 2, 2);
	w_prop_str(w, "model", "linux,dummy-virt");

	w_begin(w, "psci");
	w_prop_str(w, "compatible", "arm,psci-0.2");
	w_end(w);

	w_begin(w, "pcie@10000000");
	w_prop_cells(w, "#address-cells", 1, 3);	/* not the root's: ignored */
	w_prop_cells(w, "#size-cells", 1, 2);
	w_prop_str(w, "device_type", "pci");
	w_end(w);

	w_memory_2_2(w, "memory@40000000", 0x40000000, 128 * MiB);

	w_begin(w, "cpus");
	w_prop_cells(w, "#address-cells", 1, 1);
	w_prop_cells(w, "#size-cells", 1, 0);
	w_begin(w, "cpu@0");
	w_prop_str(w, "device_type", "cpu");
	w_prop_cells(w, "reg", 1, 0);
	w_end(w);
	w_end(w);

	w_begin(w, "chosen");
	w_prop_str(w, "stdout-path", "/pl011@9000000");
	w_end(w);
	w_close(w);
}

/*
 * Open buf and return its first RAM region (what the old single-region
 * reader answered): the error of fdt_open() or fdt_memory() otherwise, with
 * the outputs untouched.
 */
static int find_in(const void *buf, size_t len, uint64_t *base, uint64_t *size)
{
	struct fdt t;
	struct fdt_region r[8];
	unsigned n;
	int ret = fdt_open(&t, buf, len);

	if (ret)
		return ret;
	ret = fdt_memory(&t, r, 8, &n);
	if (ret)
		return ret;
	*base = r[0].base;
	*size = r[0].size;
	return 0;
}

/* find_in() on w's blob with maxlen = totalsize. */
static int find(const struct fdtw *w, uint64_t *base, uint64_t *size)
{
	return find_in(w->blob, w->size, base, size);
}

/* Open w's blob, which must be valid. */
static void open_ok(const struct fdtw *w, struct fdt *t)
{
	assert_int_equal(fdt_open(t, w->blob, w->size), 0);
}

static void assert_found(const struct fdtw *w, uint64_t want_base, uint64_t want_size)
{
	uint64_t base = 0, size = 0;

	assert_int_equal(find(w, &base, &size), 0);
	assert_int_equal(base, want_base);
	assert_int_equal(size, want_size);
}

/*
 * Walk the blob with fdt_cursor_next() and with its fully checked slow path
 * in lockstep: the same event, node, property and cursor state at every
 * step, the same error at the same token. 0 when they agree to the end.
 */
static int cursor_paths_differ(const uint8_t *blob, uint32_t size)
{
	struct fdt t;
	struct fdt_cursor a, b;
	struct fdt_prop pa, pb;
	int na = -1, nb = -1, ea, eb;

	if (fdt_open_header(&t, blob, size))
		return 0;
	fdt_cursor_init(&t, &a);
	fdt_cursor_init(&t, &b);
	for (unsigned step = 0; step < 100000; step++) {
		ea = fdt_cursor_next(&t, &a, &na, &pa);
		eb = fdt_cursor_next_any(&t, &b, &nb, &pb);
		if (ea != eb || a.off != b.off || a.depth != b.depth ||
		    a.root_seen != b.root_seen || a.child_seen != b.child_seen)
			return 1;
		if (ea == FDT_EV_BEGIN && (na != nb || pa.name != pb.name))
			return 1;
		if (ea == FDT_EV_PROP && (pa.name != pb.name || pa.val != pb.val ||
					  pa.len != pb.len || pa.next != pb.next))
			return 1;
		if (ea < 0 || ea == FDT_EV_DONE)
			return 0;
	}
	return 1;
}

/* An error must be the expected one and leave the outputs alone; both
 * cursor paths must meet it at the same token, the same way. */
static void assert_find_error(const struct fdtw *w, int want)
{
	uint64_t base = 0x1111, size = 0x2222;

	assert_int_equal(cursor_paths_differ(w->blob, w->size), 0);
	assert_int_equal(find(w, &base, &size), want);
	assert_int_equal(base, 0x1111);
	assert_int_equal(size, 0x2222);
}

/*
 * fdt_next_node() walks every node in blob order, *depth going down one per
 * BEGIN_NODE and up one per END_NODE it passes; properties change nothing.
 */
static void test_next_node_depth(void **state)
{
	static const struct { const char *name; int depth; } want[] = {
		{ "", 0 }, { "psci", 1 }, { "pcie@10000000", 1 },
		{ "memory@40000000", 1 }, { "cpus", 1 }, { "cpu@0", 2 }, { "chosen", 1 },
	};
	struct fdtw w;
	struct fdt t;
	int node = -1, depth = 0;

	(void)state;
	build_virt(&w);
	open_ok(&w, &t);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		node = fdt_next_node(&t, node, &depth);
		assert_true(node > 0);
		assert_string_equal(fdt_node_name(&t, node), want[i].name);
		assert_int_equal(depth, want[i].depth);
	}
	assert_int_equal(fdt_next_node(&t, node, &depth), -ENOENT);
}

/* ---- finding memory ---------------------------------------------------------- */

static void test_virt_like_tree(void **state)
{
	struct fdtw w;

	(void)state;
	build_virt(&w);
	assert_int_equal(fdt_check_header(w.blob, w.size), 0);
	assert_found(&w, 0x40000000, 128 * MiB);
}

static void test_cells_1_1(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "memory@80000000");
	w_prop_str(&w, "device_type", "memory");
	w_prop_cells(&w, "reg", 2, 0x80000000u, 0x10000000u);
	w_end(&w);
	w_close(&w);
	assert_found(&w, 0x80000000u, 0x10000000u);
}

static void test_cells_2_1_mixed(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 1);
	w_begin(&w, "memory@60000000");
	w_prop_cells(&w, "reg", 3, 0, 0x60000000u, 0x20000000u);
	w_end(&w);
	w_close(&w);
	assert_found(&w, 0x60000000u, 0x20000000u);
}

/* DTSpec 2.3.5: without #address-cells / #size-cells, assume 2 and 1. */
static void test_default_cells(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_begin(&w, "");
	w_begin(&w, "memory");
	w_prop_cells(&w, "reg", 3, 0, 0x48000000u, 0x01000000u);
	w_end(&w);
	w_close(&w);
	assert_found(&w, 0x48000000u, 0x01000000u);
}

static void test_found_by_device_type_only(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "ram@20000000");
	/* reg before device_type: the order of properties must not matter */
	w_prop_cells(&w, "reg", 2, 0x20000000u, 0x04000000u);
	w_prop_str(&w, "device_type", "memory");
	w_end(&w);
	w_close(&w);
	assert_found(&w, 0x20000000u, 0x04000000u);
}

static void test_memory_after_nested_nodes(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "soc");
	w_prop_cells(&w, "#address-cells", 1, 1);
	w_prop_cells(&w, "#size-cells", 1, 1);
	w_begin(&w, "bus@1000");
	/* Not root children: none of these is the memory node. */
	w_begin(&w, "deeper");
	w_begin(&w, "deepest");
	w_prop_str(&w, "device_type", "memory");
	w_prop_cells(&w, "reg", 2, 0x2000, 0x1000);
	w_end(&w);
	w_end(&w);
	w_begin(&w, "memory@1000");
	w_prop_str(&w, "device_type", "memory");
	w_prop_cells(&w, "reg", 2, 0x1000, 0x1000);
	w_end(&w);
	w_end(&w);
	w_end(&w);
	w_begin(&w, "uart@9000000");
	w_prop_cells(&w, "reg", 2, 0x09000000, 0x1000);
	w_end(&w);
	w_begin(&w, "memory@40000000");
	w_prop_str(&w, "device_type", "memory");
	w_prop_cells(&w, "reg", 2, 0x40000000u, 0x08000000u);
	w_end(&w);
	w_close(&w);
	assert_found(&w, 0x40000000u, 0x08000000u);
}

static void build_one_region(struct fdtw *w, uint64_t base, uint64_t size);

/* Every region of every memory node, in blob order. */
static void assert_regions(const struct fdtw *w, const struct fdt_region *want, unsigned nwant)
{
	struct fdt t;
	struct fdt_region r[8];
	unsigned n = 99;

	open_ok(w, &t);
	assert_int_equal(fdt_memory(&t, r, 8, &n), 0);
	assert_int_equal(n, nwant);
	for (unsigned i = 0; i < nwant; i++) {
		assert_int_equal(r[i].base, want[i].base);
		assert_int_equal(r[i].size, want[i].size);
	}
}

static void test_every_memory_node_every_region(void **state)
{
	static const struct fdt_region want[] = {
		{ 0x40000000u, 0x01000000u }, { 0x50000000u, 0x02000000u },
		{ 0x60000000u, 0x03000000u },
	};
	struct fdtw w;
	struct fdt t;
	struct fdt_region r[3];
	unsigned n;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "memory@40000000");
	w_prop_cells(&w, "reg", 4, 0x40000000u, 0x01000000u, 0x50000000u, 0x02000000u);
	w_end(&w);
	w_begin(&w, "memory@60000000");
	w_prop_cells(&w, "reg", 2, 0x60000000u, 0x03000000u);
	w_end(&w);
	w_close(&w);
	assert_regions(&w, want, 3);

	/* A short array gets the first regions and -ENOSPC with the count. */
	open_ok(&w, &t);
	assert_int_equal(fdt_memory(&t, r, 2, &n), -ENOSPC);
	assert_int_equal(n, 3);
	assert_int_equal(r[1].base, 0x50000000u);
	/* an array of exactly the regions' number is enough */
	assert_int_equal(fdt_memory(&t, r, 3, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(r[2].base, 0x60000000u);
}

/* DTSpec 2.3.4: a disabled memory node (QEMU's secure-only secram) is not RAM. */
static void test_disabled_memory_skipped(void **state)
{
	static const struct fdt_region want[] = { { 0x40000000u, 128 * MiB } };
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_memory_2_2(&w, "memory@40000000", 0x40000000u, 128 * MiB);
	w_begin(&w, "secram@e000000");
	w_prop_str(&w, "status", "disabled");
	w_prop_str(&w, "device_type", "memory");
	w_prop_cells(&w, "reg", 4, 0, 0x0e000000u, 0, 0x01000000u);
	w_end(&w);
	w_close(&w);
	assert_regions(&w, want, 1);
}

/* DTSpec 2.3.4: status "okay" enables a node, and so does the legacy "ok". */
static void test_status_ok_or_okay_enabled(void **state)
{
	static const struct fdt_region want[] = {
		{ 0x40000000u, 128 * MiB }, { 0x80000000u, 16 * MiB },
	};
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_begin(&w, "memory@40000000");
	w_prop_str(&w, "status", "okay");
	w_prop_str(&w, "device_type", "memory");
	w_prop_cells(&w, "reg", 4, 0, 0x40000000u, 0, 128 * MiB);
	w_end(&w);
	w_begin(&w, "memory@80000000");
	w_prop_str(&w, "status", "ok");
	w_prop_str(&w, "device_type", "memory");
	w_prop_cells(&w, "reg", 4, 0, 0x80000000u, 0, 16 * MiB);
	w_end(&w);
	w_close(&w);
	assert_regions(&w, want, 2);
}

/* A size of 0 is an error, in any entry of any node. */
static void test_zero_size_is_an_error(void **state)
{
	struct fdtw w;

	(void)state;
	build_one_region(&w, 0x40000000u, 0);
	assert_find_error(&w, -EINVAL);

	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "memory@40000000");
	w_prop_cells(&w, "reg", 4, 0x40000000u, 0x01000000u, 0x50000000u, 0);
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	/* A region wrapping past 2^64 is malformed too. */
	build_one_region(&w, 0xffffffffffff0000ull, 0x20000ull);
	assert_find_error(&w, -EINVAL);
}

/* Lookalike names and device_types are not memory nodes. */
static void test_lookalikes_ignored(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "memoryx@0");
	w_prop_cells(&w, "reg", 2, 0x1000, 0x1000);
	w_end(&w);
	w_begin(&w, "memor");
	w_prop_cells(&w, "reg", 2, 0x2000, 0x1000);
	w_end(&w);
	w_begin(&w, "sram@3000");
	w_prop_str(&w, "device_type", "memoryx");
	w_prop_cells(&w, "reg", 2, 0x3000, 0x1000);
	w_end(&w);
	w_begin(&w, "sram@4000");
	w_prop_str(&w, "device_type", "memor");
	w_prop_cells(&w, "reg", 2, 0x4000, 0x1000);
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -ENOENT);

	/* ...and a real one after them is found. */
	w.st_len -= 8;		/* drop the root's END_NODE and FDT_END */
	w_begin(&w, "memory");
	w_prop_cells(&w, "reg", 2, 0x5000, 0x1000);
	w_end(&w);
	w_close(&w);
	assert_found(&w, 0x5000, 0x1000);
}

/* DTSpec 5.4.1: FDT_NOP is ignored wherever it appears. */
static void test_nops_ignored(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_u32(&w, T_NOP);
	w_begin(&w, "");
	w_u32(&w, T_NOP);
	w_prop_cells(&w, "#address-cells", 1, 1);
	w_u32(&w, T_NOP);
	w_prop_cells(&w, "#size-cells", 1, 1);
	w_begin(&w, "memory@0");
	w_u32(&w, T_NOP);
	w_prop_cells(&w, "reg", 2, 0, 0x10000000u);
	w_u32(&w, T_NOP);
	w_end(&w);
	w_u32(&w, T_NOP);
	w_end(&w);
	w_u32(&w, T_NOP);
	w_u32(&w, T_END);
	w_finish(&w);
	assert_found(&w, 0, 0x10000000u);
}

/* The parser reads bytes, so the blob may sit at any address. */
static void test_unaligned_blob(void **state)
{
	struct fdtw w;
	uint8_t *buf;
	unsigned int shift;

	(void)state;
	build_virt(&w);
	buf = malloc(w.size + 3);
	assert_non_null(buf);
	for (shift = 0; shift < 4; shift++) {
		uint64_t base = 0, size = 0;

		memcpy(buf + shift, w.blob, w.size);
		assert_int_equal(fdt_check_header(buf + shift, w.size), 0);
		assert_int_equal(find_in(buf + shift, w.size, &base, &size), 0);
		assert_int_equal(base, 0x40000000);
		assert_int_equal(size, 128 * MiB);
	}
	free(buf);
}

/* maxlen may exceed totalsize: only totalsize bytes are the tree. */
static void test_maxlen_larger_than_blob(void **state)
{
	struct fdtw w;
	uint64_t base = 0, size = 0;

	(void)state;
	build_virt(&w);
	assert_int_equal(fdt_check_header(w.blob, sizeof(w.blob)), 0);
	assert_int_equal(find_in(w.blob, sizeof(w.blob), &base, &size), 0);
	assert_int_equal(base, 0x40000000);
}

/* ---- -ENOENT ----------------------------------------------------------------- */

static void test_no_memory_node(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_begin(&w, "chosen");
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -ENOENT);

	/* An empty root too. */
	w_init(&w);
	w_begin(&w, "");
	w_close(&w);
	assert_find_error(&w, -ENOENT);
}

static void test_memory_without_reg(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_begin(&w, "memory@40000000");
	w_prop_str(&w, "device_type", "memory");
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -ENOENT);

	/* A later memory node with reg is still found. */
	w.st_len -= 8;		/* drop the root's END_NODE and FDT_END */
	w_memory_2_2(&w, "memory@50000000", 0x50000000, MiB);
	w_close(&w);
	assert_found(&w, 0x50000000, MiB);
}

static void test_memory_empty_reg(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_begin(&w, "memory@40000000");
	w_prop(&w, "reg", NULL, 0);
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -ENOENT);
}

/* ---- 64-bit values: reported as they are, the caller clamps ----------------- */

static void build_one_region(struct fdtw *w, uint64_t base, uint64_t size)
{
	w_init(w);
	w_root(w, 2, 2);
	w_memory_2_2(w, "memory", base, size);
	w_close(w);
}

static void test_regions_above_4gib(void **state)
{
	struct fdtw w;

	(void)state;
	/* QEMU virt -m 4096: <0 0x40000000 1 0>, a 2-cell size. */
	build_one_region(&w, 0x40000000, 0x100000000ull);
	assert_found(&w, 0x40000000, 0x100000000ull);
	build_one_region(&w, 0x100000000ull, MiB);
	assert_found(&w, 0x100000000ull, MiB);
	build_one_region(&w, 0xffffffffu, 2);
	assert_found(&w, 0xffffffffu, 2);
	build_one_region(&w, 0x40000000, 1);		/* one byte is not empty */
	assert_found(&w, 0x40000000, 1);
	build_one_region(&w, 0x40000000, 0x200000000ull);	/* -m 8192 */
	assert_found(&w, 0x40000000, 0x200000000ull);
}

/* ---- -EINVAL: the header ----------------------------------------------------- */

static void assert_header_error(struct fdtw *w, unsigned int field, uint32_t v)
{
	build_virt(w);
	set_hdr(w, field, v);
	assert_int_equal(fdt_check_header(w->blob, w->size), -EINVAL);
	assert_find_error(w, -EINVAL);
}

static void test_bad_magic(void **state)
{
	struct fdtw w;

	(void)state;
	assert_header_error(&w, H_MAGIC, 0xedfe0dd0u);	/* byte-swapped */
	assert_header_error(&w, H_MAGIC, 0);
}

static void test_bad_version(void **state)
{
	struct fdtw w;

	(void)state;
	assert_header_error(&w, H_VERSION, 16);		/* no size_dt_struct */
	assert_header_error(&w, H_VERSION, 0);
	assert_header_error(&w, H_LAST_COMP, 18);	/* not readable as v17 */

	/* A later version still compatible with 17 is fine. */
	build_virt(&w);
	set_hdr(&w, H_VERSION, 18);
	assert_int_equal(fdt_check_header(w.blob, w.size), 0);
	assert_found(&w, 0x40000000, 128 * MiB);
	/* and one that says it is readable by version 17 readers only */
	build_virt(&w);
	set_hdr(&w, H_LAST_COMP, 17);
	assert_int_equal(fdt_check_header(w.blob, w.size), 0);
	assert_found(&w, 0x40000000, 128 * MiB);
}

static void test_bad_totalsize(void **state)
{
	struct fdtw w;

	(void)state;
	build_virt(&w);
	/* totalsize past maxlen: */
	assert_int_equal(fdt_check_header(w.blob, w.size - 1), -EINVAL);
	set_hdr(&w, H_TOTALSIZE, w.size + 1);
	assert_find_error(&w, -EINVAL);
	assert_header_error(&w, H_TOTALSIZE, 0xffffffffu);
	assert_header_error(&w, H_TOTALSIZE, 39);	/* smaller than the header */
	assert_header_error(&w, H_TOTALSIZE, 0);
}

/* The largest totalsize is 2 GiB - 1 (node offsets are int); 2 GiB is refused. */
static void test_largest_totalsize(void **state)
{
	const size_t len = 0x80000000u;
	struct fdtw w;
	uint8_t *buf;

	(void)state;
	build_virt(&w);
	/* Only the pages written or read are ever backed. */
	buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	assert_true(buf != MAP_FAILED);
	memcpy(buf, w.blob, w.size);
	put_be32(buf + H_TOTALSIZE, 0x7fffffffu);
	assert_int_equal(fdt_check_header(buf, len), 0);
	put_be32(buf + H_TOTALSIZE, 0x80000000u);
	assert_int_equal(fdt_check_header(buf, len), -EINVAL);
	munmap(buf, len);
}

static void test_bad_offsets(void **state)
{
	struct fdtw w;

	(void)state;
	build_virt(&w);		/* for w.size; each case below rebuilds it */
	/* structure block */
	assert_header_error(&w, H_OFF_STRUCT, w.size);
	assert_header_error(&w, H_OFF_STRUCT, 0xfffffffcu);	/* off + size wraps */
	assert_header_error(&w, H_OFF_STRUCT, 0);		/* inside the header */
	assert_header_error(&w, H_OFF_STRUCT, STRUCT_OFF + 2);	/* misaligned */
	assert_header_error(&w, H_SIZE_STRUCT, w.size);
	assert_header_error(&w, H_SIZE_STRUCT, 0xffffffffu);
	/* strings block */
	assert_header_error(&w, H_OFF_STRINGS, w.size + 4);
	assert_header_error(&w, H_OFF_STRINGS, 0xffffffffu);
	assert_header_error(&w, H_OFF_STRINGS, 8);
	assert_header_error(&w, H_SIZE_STRINGS, w.size);
	/* memory reservation block */
	assert_header_error(&w, H_OFF_RSVMAP, w.size);
	/* 8-byte aligned, but fewer than 16 bytes left for the terminator: */
	assert_header_error(&w, H_OFF_RSVMAP, (w.size - 8) & ~7u);
	assert_header_error(&w, H_OFF_RSVMAP, 44);		/* not 8-byte aligned */
	assert_header_error(&w, H_OFF_RSVMAP, 0);
}

static void test_bad_arguments(void **state)
{
	struct fdtw w;
	uint64_t base = 7, size = 9;

	(void)state;
	build_virt(&w);
	assert_int_equal(fdt_check_header(NULL, 4096), -EINVAL);
	assert_int_equal(find_in(NULL, 4096, &base, &size), -EINVAL);
	assert_int_equal(fdt_open(NULL, w.blob, w.size), -EINVAL);
	{
		struct fdt t;
		unsigned n;

		open_ok(&w, &t);
		assert_int_equal(fdt_memory(&t, NULL, 1, &n), -EINVAL);
		assert_int_equal(fdt_memory(&t, NULL, 0, NULL), -EINVAL);
	}
	assert_int_equal(fdt_check_header(w.blob, 39), -EINVAL);
	assert_int_equal(fdt_check_header(w.blob, 0), -EINVAL);
	assert_int_equal(find_in(w.blob, 0, &base, &size), -EINVAL);
	assert_int_equal(base, 7);
	assert_int_equal(size, 9);
}

/* Cut a block [off, off + *size) down to end at len, if it goes past. */
static void clip_block(uint8_t *buf, unsigned int size_field, uint32_t off, uint32_t len)
{
	if (off + get_be32(buf + size_field) > len)
		put_be32(buf + size_field, len > off ? len - off : 0);
}

/*
 * Every prefix of w's blob, in a heap buffer of exactly that size so that
 * AddressSanitizer catches any read past it: with totalsize as written the
 * header no longer fits; with totalsize and the block sizes cut down to the
 * prefix, the answer must be an error or still the right one.
 */
static void check_prefixes(const struct fdtw *w, uint64_t want_base, uint64_t want_size)
{
	uint32_t len;

	for (len = 0; len < w->size; len++) {
		uint8_t *buf = malloc(len ? len : 1);
		uint64_t base = 0, size = 0;
		int ret;

		assert_non_null(buf);
		memcpy(buf, w->blob, len);
		assert_int_equal(fdt_check_header(buf, len), -EINVAL);
		assert_int_equal(find_in(buf, len, &base, &size), -EINVAL);

		if (len >= HDR_SIZE) {
			put_be32(buf + H_TOTALSIZE, len);
			clip_block(buf, H_SIZE_STRUCT, w->struct_off, len);
			clip_block(buf, H_SIZE_STRINGS, w->strings_off, len);
			ret = find_in(buf, len, &base, &size);
			if (ret == 0) {
				assert_int_equal(base, want_base);
				assert_int_equal(size, want_size);
			} else {
				assert_int_equal(ret, -EINVAL);
			}
		}
		free(buf);
	}
}

static void test_truncated_prefixes(void **state)
{
	struct fdtw w;

	(void)state;
	build_virt(&w);
	check_prefixes(&w, 0x40000000, 128 * MiB);

	/* The same tree with the structure block last, so that it is what is cut. */
	build_virt(&w);
	w.strings_first = true;
	w_finish(&w);
	assert_found(&w, 0x40000000, 128 * MiB);
	check_prefixes(&w, 0x40000000, 128 * MiB);
}

/* ---- -EINVAL: the structure block -------------------------------------------- */

static void test_prop_len_past_block(void **state)
{
	struct fdtw w;
	uint32_t i;

	(void)state;
	build_virt(&w);
	/* The root's first property is "#address-cells"; find its len field. */
	i = w.struct_off + 8;
	assert_int_equal(get_be32(w.blob + i), T_PROP);
	assert_int_equal(get_be32(w.blob + i + 4), 4);

	put_be32(w.blob + i + 4, w.st_len);		/* past the block */
	assert_find_error(&w, -EINVAL);
	put_be32(w.blob + i + 4, 0xfffffff0u);		/* would wrap */
	assert_find_error(&w, -EINVAL);
	put_be32(w.blob + i + 4, 0xffffffffu);
	assert_find_error(&w, -EINVAL);

	/*
	 * A len that wraps the cursor back onto this very FDT_PROP token
	 * (12 bytes before its value): must fail, not loop forever. The
	 * property is "compatible", whose value the parser never looks at.
	 */
	w_init(&w);
	w_root(&w, 1, 1);
	w_memory_2_2(&w, "memory", 0, 1);
	w_close(&w);
	i = w.struct_off + 8 + 2 * 16;		/* third root property */
	assert_int_equal(get_be32(w.blob + i), T_PROP);
	assert_int_equal(get_be32(w.blob + i + 8), w_string(&w, "compatible"));
	put_be32(w.blob + i + 4, 0u - 12u);
	assert_find_error(&w, -EINVAL);
}

static void test_bad_root_cells(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 3, 2);
	w_memory_2_2(&w, "memory", 0x40000000, MiB);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	/* Checked even when there is no memory node to decode. */
	w_init(&w);
	w_root(&w, 3, 2);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	w_init(&w);
	w_root(&w, 2, 0);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	/* A cells property must be exactly one u32. */
	w_init(&w);
	w_begin(&w, "");
	w_prop_cells(&w, "#address-cells", 2, 1, 1);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	w_init(&w);
	w_begin(&w, "");
	w_prop(&w, "#size-cells", NULL, 0);
	w_close(&w);
	assert_find_error(&w, -EINVAL);
}

static void test_reg_not_whole_entries(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_begin(&w, "memory");
	w_prop_cells(&w, "reg", 3, 0, 0x40000000u, 0);
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -EINVAL);
}

static void test_bad_token(void **state)
{
	struct fdtw w;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_u32(&w, 5);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	w_init(&w);
	w_root(&w, 1, 1);
	w_u32(&w, 0);
	w_close(&w);
	assert_find_error(&w, -EINVAL);
}

static void test_unterminated_node_name(void **state)
{
	struct fdtw w;

	(void)state;
	/* The block ends inside the name. */
	w_init(&w);
	w_root(&w, 1, 1);
	w_u32(&w, T_BEGIN_NODE);
	w_bytes(&w, "memory@0", 8);	/* exactly 8 bytes, no NUL */
	w_finish(&w);
	assert_find_error(&w, -EINVAL);
}

static void test_bad_prop_name(void **state)
{
	struct fdtw w;
	uint32_t i;

	(void)state;
	build_virt(&w);
	i = w.struct_off + 8;			/* root's first FDT_PROP */
	put_be32(w.blob + i + 8, w.str_len);	/* nameoff past the strings */
	assert_find_error(&w, -EINVAL);
	put_be32(w.blob + i + 8, 0xffffffffu);
	assert_find_error(&w, -EINVAL);

	/* A name with no NUL before the strings block ends. */
	build_virt(&w);
	w.blob[w.size - 1] = 'x';
	assert_find_error(&w, -EINVAL);

	/* The same when the byte before that unterminated last name is a NUL. */
	build_virt(&w);
	w.blob[w.size - 2] = '\0';
	w.blob[w.size - 1] = 'x';
	put_be32(w.blob + i + 8, w.str_len - 1);
	assert_find_error(&w, -EINVAL);
}

static void test_depth_bound(void **state)
{
	struct fdtw w;
	struct fdt t;
	unsigned int i;
	int node, child;

	(void)state;
	/* FDT_MAX_DEPTH levels (root included) are fine. */
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "memory");
	w_prop_cells(&w, "reg", 2, 0x1000, 0x2000);
	for (i = 2; i < FDT_MAX_DEPTH; i++)
		w_begin(&w, "n");
	for (i = 2; i < FDT_MAX_DEPTH; i++)
		w_end(&w);
	w_end(&w);
	w_close(&w);
	assert_found(&w, 0x1000, 0x2000);

	/* One more is not. */
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "memory");
	w_prop_cells(&w, "reg", 2, 0x1000, 0x2000);
	for (i = 2; i <= FDT_MAX_DEPTH; i++)
		w_begin(&w, "n");
	for (i = 2; i <= FDT_MAX_DEPTH; i++)
		w_end(&w);
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -EINVAL);
	/* Two more, opened by the header alone (the walk not yet made): the
	 * deepest node's parent lies past the bound, so it is refused, not
	 * answered from past the end of fdt_parent()'s stack of open nodes. */
	w_init(&w);
	w_root(&w, 1, 1);
	for (i = 0; i <= FDT_MAX_DEPTH; i++)
		w_begin(&w, "n");
	for (i = 0; i <= FDT_MAX_DEPTH; i++)
		w_end(&w);
	w_close(&w);
	assert_int_equal(fdt_open_header(&t, w.blob, w.size), 0);
	for (node = fdt_root(&t); (child = fdt_first_child(&t, node)) >= 0; node = child)
		;
	assert_int_equal(fdt_parent(&t, node), -EINVAL);
}

static void test_bad_nesting(void **state)
{
	struct fdtw w;

	(void)state;
	/* No FDT_END: the walk runs off the block. */
	w_init(&w);
	w_root(&w, 1, 1);
	w_end(&w);
	w_finish(&w);
	assert_find_error(&w, -EINVAL);

	/* FDT_END with the root still open. */
	w_init(&w);
	w_root(&w, 1, 1);
	w_u32(&w, T_END);
	w_finish(&w);
	assert_find_error(&w, -EINVAL);

	/* FDT_END before any node. */
	w_init(&w);
	w_u32(&w, T_END);
	w_finish(&w);
	assert_find_error(&w, -EINVAL);

	/* One FDT_END_NODE too many. */
	w_init(&w);
	w_root(&w, 1, 1);
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	/* A second root. */
	w_init(&w);
	w_root(&w, 1, 1);
	w_end(&w);
	w_begin(&w, "");
	w_begin(&w, "memory");
	w_prop_cells(&w, "reg", 2, 0x1000, 0x2000);
	w_end(&w);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	/* A property outside any node. */
	w_init(&w);
	w_prop_cells(&w, "#address-cells", 1, 1);
	w_root(&w, 1, 1);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	/* A property after a child node (DTSpec 5.4.2: properties come first). */
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "child");
	w_end(&w);
	w_prop_cells(&w, "#size-cells", 1, 1);
	w_close(&w);
	assert_find_error(&w, -EINVAL);

	/* An empty structure block. */
	w_init(&w);
	w_finish(&w);
	assert_find_error(&w, -EINVAL);
}

/* ---- the generic API ----------------------------------------------------------- */

/* A virt-shaped tree with a GIC, a timer, a UART behind an alias, a bus. */
static void build_devices(struct fdtw *w, const char *stdout_path)
{
	w_init(w);
	w_root(w, 2, 2);
	w_prop_cells(w, "interrupt-parent", 1, 0x8002);
	w_begin(w, "aliases");
	w_prop_str(w, "serial0", "/pl011@9000000");
	w_end(w);
	w_begin(w, "intc@8000000");
	w_prop_cells(w, "phandle", 1, 0x8002);
	w_prop_cells(w, "reg", 8, 0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000);
	w_prop(w, "compatible", "arm,cortex-a15-gic\0arm,gic-400", 31);
	w_prop_cells(w, "#interrupt-cells", 1, 3);
	w_prop(w, "interrupt-controller", NULL, 0);
	w_end(w);
	w_begin(w, "timer");
	w_prop_cells(w, "interrupts", 12, 1, 13, 0x104, 1, 14, 0x104, 1, 11, 0x104, 1, 10, 0x104);
	w_prop_str(w, "compatible", "arm,armv7-timer");
	w_end(w);
	w_begin(w, "pl011@9000000");
	w_prop_cells(w, "interrupts", 3, 0, 1, 4);
	w_prop_cells(w, "reg", 4, 0, 0x09000000, 0, 0x1000);
	w_prop(w, "compatible", "arm,pl011\0arm,primecell", 24);
	w_end(w);
	w_begin(w, "soc");
	w_prop_cells(w, "#address-cells", 1, 1);
	w_prop_cells(w, "#size-cells", 1, 1);
	w_begin(w, "rtc@101e8000");
	w_prop_cells(w, "reg", 4, 0x101e8000, 0x1000, 0x101e9000, 0x100);
	w_prop(w, "compatible", "arm,pl031\0arm,primecell", 24);
	w_end(w);
	w_end(w);
	w_begin(w, "chosen");
	if (stdout_path)
		w_prop_str(w, "stdout-path", stdout_path);
	w_end(w);
	w_close(w);
}

static int path(const struct fdt *t, const char *p)
{
	return fdt_path_offset(t, p, strlen(p));
}

/*
 * fdt_parent() walks from the start of the structure block: a damaged token
 * on the way is an error, never stepped over. Here stepping over it word by
 * word would land on the next real token (the empty property's len and
 * nameoff words are no token types), and the walk would find the node.
 */
static void test_parent_refuses_a_damaged_token_before_the_node(void **state)
{
	struct fdtw w;
	struct fdt t;
	int soc, rtc;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_begin(&w, "soc");
	w_prop(&w, "dma-coherent", NULL, 0);
	w_begin(&w, "rtc@1");
	w_end(&w);
	w_end(&w);
	w_close(&w);
	open_ok(&w, &t);
	soc = path(&t, "/soc");
	rtc = path(&t, "/soc/rtc@1");
	assert_int_equal(fdt_parent(&t, rtc), soc);
	/* dma-coherent's type word, after FDT_BEGIN_NODE and "soc\0", becomes
	 * an unknown token (DTSpec 5.4.1 defines 1-4 and 9). */
	assert_int_equal(get_be32(w.blob + soc + 8), T_PROP);
	put_be32(w.blob + soc + 8, 0x7);
	assert_int_equal(fdt_parent(&t, rtc), -EINVAL);
}

static void test_path_children_and_props(void **state)
{
	struct fdtw w;
	struct fdt t;
	struct fdt_prop p;
	const char *names[8];
	unsigned n = 0;
	int root, node;

	(void)state;
	build_devices(&w, NULL);
	open_ok(&w, &t);
	root = fdt_root(&t);
	assert_true(root >= 0);
	assert_int_equal(path(&t, "/"), root);
	assert_string_equal(fdt_node_name(&t, root), "");
	for (node = fdt_first_child(&t, root); node >= 0; node = fdt_next_sibling(&t, node))
		names[n++] = fdt_node_name(&t, node);
	assert_int_equal(node, -ENOENT);
	assert_int_equal(n, 6);
	assert_string_equal(names[0], "aliases");
	assert_string_equal(names[4], "soc");
	assert_string_equal(names[5], "chosen");

	node = path(&t, "/soc/rtc@101e8000");
	assert_true(node >= 0);
	assert_int_equal(path(&t, "/soc/rtc"), node);	/* no unit address: matches */
	assert_int_equal(path(&t, "//soc//rtc@101e8000/"), node);
	assert_int_equal(fdt_parent(&t, node), path(&t, "/soc"));
	assert_int_equal(fdt_parent(&t, root), -ENOENT);
	assert_int_equal(fdt_first_child(&t, node), -ENOENT);
	assert_int_equal(path(&t, "/soc/rtc@101e8001"), -ENOENT);
	assert_int_equal(path(&t, "/so"), -ENOENT);
	assert_int_equal(path(&t, "soc"), -EINVAL);
	/* len bounds the path: "/soc" out of "/soc/rtc". */
	assert_int_equal(fdt_path_offset(&t, "/soc/rtc", 4), path(&t, "/soc"));
	/* ... and nothing past len is read, even with no NUL after it (ASan). */
	{
		char *exact = malloc(4);

		assert_non_null(exact);
		memcpy(exact, "/soc", 4);
		assert_int_equal(fdt_path_offset(&t, exact, 4), path(&t, "/soc"));
		free(exact);
	}

	assert_int_equal(fdt_first_prop(&t, node, &p), 0);
	assert_string_equal(p.name, "reg");
	assert_int_equal(p.len, 16);
	assert_int_equal(fdt_next_prop(&t, &p), 0);
	assert_string_equal(p.name, "compatible");
	assert_int_equal(fdt_next_prop(&t, &p), -ENOENT);
	assert_int_equal(fdt_get_prop(&t, node, "compatible", &p), 0);
	assert_string_equal(fdt_stringlist_get(p.val, p.len, 1), "arm,primecell");
	assert_null(fdt_stringlist_get(p.val, p.len, 2));
	/* An unterminated last string never matches, and nothing past len is read (ASan). */
	{
		uint8_t *abc = malloc(3);

		assert_non_null(abc);
		memcpy(abc, "abc", 3);
		assert_false(fdt_stringlist_contains(abc, 3, "abc"));
		free(abc);
	}
	assert_int_equal(fdt_get_prop(&t, node, "status", &p), -ENOENT);
	assert_true(fdt_node_enabled(&t, node));

	/* Node offsets that are not nodes are refused, not misread. */
	assert_null(fdt_node_name(&t, -1));
	assert_null(fdt_node_name(&t, root + 4));
	assert_int_equal(fdt_first_child(&t, 3), -EINVAL);
	assert_int_equal(fdt_next_sibling(&t, (int)w.size), -EINVAL);
}

/* fdt_get_prop() reads the node's own properties, NOPs among them, and
 * stops at its first child (DTSpec 5.4.2): a child's property of the same
 * name is not the node's; a bad token among them is an error, not a miss. */
static void test_get_prop_reads_only_the_nodes_own(void **state)
{
	struct fdtw w;
	struct fdt t;
	struct fdt_prop p;
	int soc, rtc;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "soc");
	w_u32(&w, T_NOP);
	w_prop_cells(&w, "#size-cells", 1, 1);
	w_u32(&w, T_NOP);
	w_prop_cells(&w, "#address-cells", 1, 1);
	w_begin(&w, "rtc@1000");
	w_prop_cells(&w, "reg", 2, 0x1000, 0x100);
	w_end(&w);
	w_end(&w);
	w_close(&w);
	open_ok(&w, &t);
	soc = path(&t, "/soc");
	rtc = path(&t, "/soc/rtc@1000");
	assert_true(soc >= 0 && rtc >= 0);
	assert_int_equal(fdt_get_prop(&t, soc, "#address-cells", &p), 0);
	assert_int_equal(p.len, 4);
	assert_int_equal(get_be32(p.val), 1);
	/* Same first byte, another name: not a match. */
	assert_int_equal(fdt_get_prop(&t, soc, "#address", &p), -ENOENT);
	assert_int_equal(fdt_get_prop(&t, soc, "reg", &p), -ENOENT);
	assert_int_equal(fdt_get_prop(&t, rtc, "reg", &p), 0);
	assert_int_equal(fdt_get_prop(&t, rtc, "#size-cells", &p), -ENOENT);
	assert_int_equal(fdt_get_prop(&t, soc + 4, "reg", &p), -EINVAL);	/* not a node */
	/* An unknown token for the NOP before #address-cells (soc's BEGIN
	 * and name: 8 bytes, a NOP: 4, #size-cells: 16). */
	assert_int_equal(get_be32(w.blob + soc + 28), T_NOP);
	put_be32(w.blob + soc + 28, 0x7);
	assert_int_equal(fdt_get_prop(&t, soc, "#address-cells", &p), -EINVAL);
}

static void test_compatible_and_phandle(void **state)
{
	struct fdtw w;
	struct fdt t;
	int gic, uart;

	(void)state;
	build_devices(&w, NULL);
	open_ok(&w, &t);
	gic = fdt_next_compatible(&t, -1, "arm,gic-400");	/* second in the list */
	assert_int_equal(gic, path(&t, "/intc@8000000"));
	assert_int_equal(fdt_next_compatible(&t, -1, "arm,cortex-a15-gic"), gic);
	assert_int_equal(fdt_next_compatible(&t, gic, "arm,gic-400"), -ENOENT);
	assert_int_equal(fdt_next_compatible(&t, -1, "arm,gic"), -ENOENT);	/* no prefix match */
	uart = fdt_next_compatible(&t, -1, "arm,primecell");
	assert_int_equal(uart, path(&t, "/pl011@9000000"));
	assert_int_equal(fdt_next_compatible(&t, uart, "arm,primecell"),
			 path(&t, "/soc/rtc@101e8000"));
	assert_int_equal(fdt_node_by_phandle(&t, 0x8002), gic);
	assert_int_equal(fdt_node_by_phandle(&t, 0x8003), -ENOENT);
}

/*
 * FDT_END ends the structure block's tokens (DTSpec 5.4.1): words the block's
 * size still covers after it are not part of the tree, not even for a
 * search that runs to the end.
 */
static void test_nothing_after_fdt_end_is_found(void **state)
{
	struct fdtw w;
	struct fdt t;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_end(&w);
	w_u32(&w, T_END);
	w_begin(&w, "stray");
	w_prop_cells(&w, "phandle", 1, 5);
	w_prop_str(&w, "compatible", "stray,dev");
	w_end(&w);
	w_u32(&w, T_END);
	w_finish(&w);
	open_ok(&w, &t);
	assert_int_equal(fdt_node_by_phandle(&t, 5), -ENOENT);
	assert_int_equal(fdt_next_compatible(&t, -1, "stray,dev"), -ENOENT);
}

/* DTSpec 2.3.3: an older tree names a node's phandle linux,phandle only;
 * the lookup falls back to it over the whole tree. */
static void test_phandle_from_linux_phandle(void **state)
{
	struct fdtw w;
	struct fdt t;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	w_begin(&w, "first");
	w_prop_cells(&w, "linux,phandle", 1, 7);
	w_end(&w);
	w_begin(&w, "second");
	w_prop_cells(&w, "linux,phandle", 1, 9);
	w_end(&w);
	w_end(&w);
	w_u32(&w, T_END);
	w_finish(&w);
	open_ok(&w, &t);
	assert_int_equal(fdt_node_by_phandle(&t, 7), path(&t, "/first"));
	assert_int_equal(fdt_node_by_phandle(&t, 9), path(&t, "/second"));
	assert_int_equal(fdt_node_by_phandle(&t, 8), -ENOENT);
}

static void test_reg_in_the_parents_cells(void **state)
{
	struct fdtw w;
	struct fdt t;
	uint64_t a = 0, sz = 0;
	int gic, rtc;

	(void)state;
	build_devices(&w, NULL);
	open_ok(&w, &t);
	gic = path(&t, "/intc");
	assert_int_equal(fdt_reg(&t, gic, 0, &a, &sz), 0);
	assert_int_equal(a, 0x08000000);
	assert_int_equal(sz, 0x10000);
	assert_int_equal(fdt_reg(&t, gic, 1, &a, &sz), 0);
	assert_int_equal(a, 0x08010000);
	assert_int_equal(fdt_reg(&t, gic, 2, &a, &sz), -ENOENT);
	rtc = path(&t, "/soc/rtc");				/* 1/1 cells from /soc */
	assert_int_equal(fdt_reg(&t, rtc, 1, &a, &sz), 0);
	assert_int_equal(a, 0x101e9000);
	assert_int_equal(sz, 0x100);
	assert_int_equal(fdt_reg(&t, path(&t, "/timer"), 0, &a, &sz), -ENOENT);
	assert_int_equal(fdt_reg(&t, fdt_root(&t), 0, &a, &sz), -EINVAL);
}

/* fdt_reg_decode() on its own keeps fdt_reg()'s rules: 1 or 2 cells each. */
static void test_reg_decode_cells(void **state)
{
	static const uint8_t val[16] = { 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4 };
	const struct fdt_prop p = { .name = "reg", .val = val, .len = sizeof(val) };
	uint64_t a = 0, sz = 0;

	(void)state;
	assert_int_equal(fdt_reg_decode(&p, 2, 2, 0, &a, &sz), 0);
	assert_int_equal(a, 0x100000002ull);
	assert_int_equal(sz, 0x300000004ull);
	assert_int_equal(fdt_reg_decode(&p, 1, 1, 1, &a, &sz), 0);
	assert_int_equal(a, 3);
	assert_int_equal(sz, 4);
	a = sz = 7;
	assert_int_equal(fdt_reg_decode(&p, 1, 3, 0, &a, &sz), -EINVAL);
	assert_int_equal(fdt_reg_decode(&p, 3, 1, 0, &a, &sz), -EINVAL);
	assert_int_equal(fdt_reg_decode(&p, 0, 2, 0, &a, &sz), -EINVAL);
	assert_int_equal(fdt_reg_decode(&p, 2, 0, 0, &a, &sz), -EINVAL);
	assert_int_equal(a, 7);
	assert_int_equal(sz, 7);
}

static void test_gic_interrupts(void **state)
{
	struct fdtw w;
	struct fdt t;
	unsigned intid = 0;
	uint32_t flags = 0;
	int timer;

	(void)state;
	build_devices(&w, NULL);
	open_ok(&w, &t);
	timer = path(&t, "/timer");
	/* secure phys PPI 13, non-secure phys 14, virtual 11, hyp 10 */
	assert_int_equal(fdt_irq(&t, timer, 0, &intid, &flags), 0);
	assert_int_equal(intid, 29);
	assert_int_equal(flags, 0x104);
	assert_int_equal(fdt_irq(&t, timer, 1, &intid, &flags), 0);
	assert_int_equal(intid, 30);
	assert_int_equal(fdt_irq(&t, timer, 3, &intid, &flags), 0);
	assert_int_equal(intid, 26);
	assert_int_equal(fdt_irq(&t, timer, 4, &intid, &flags), -ENOENT);
	assert_int_equal(fdt_irq(&t, path(&t, "/pl011"), 0, &intid, &flags), 0);
	assert_int_equal(intid, 33);
	assert_int_equal(flags, 4);
	assert_int_equal(fdt_irq(&t, path(&t, "/soc"), 0, &intid, &flags), -ENOENT);

	assert_int_equal(fdt_gic_intid(0, 987, &intid), 0);
	assert_int_equal(intid, 1019);
	assert_int_equal(fdt_gic_intid(0, 988, &intid), -EINVAL);
	assert_int_equal(fdt_gic_intid(1, 15, &intid), 0);
	assert_int_equal(intid, 31);
	assert_int_equal(fdt_gic_intid(1, 16, &intid), -EINVAL);
	assert_int_equal(fdt_gic_intid(2, 0, &intid), -EINVAL);

	/* No interrupt parent: the cells cannot be read. */
	w_init(&w);
	w_begin(&w, "");
	w_begin(&w, "timer");
	w_prop_cells(&w, "interrupts", 3, 1, 14, 4);
	w_end(&w);
	w_close(&w);
	open_ok(&w, &t);
	assert_int_equal(fdt_irq(&t, path(&t, "/timer"), 0, &intid, &flags), -EINVAL);
}

static void assert_stdout(const char *stdout_path, const char *want_node, uint32_t want_baud)
{
	struct fdtw w;
	struct fdt t;
	int node = -1;
	uint32_t baud = 7;

	build_devices(&w, stdout_path);
	open_ok(&w, &t);
	assert_int_equal(fdt_stdout(&t, &node, &baud), 0);
	assert_int_equal(node, path(&t, want_node));
	assert_int_equal(baud, want_baud);
}

static void test_stdout_path(void **state)
{
	struct fdtw w;
	struct fdt t;
	int node = -1;
	uint32_t baud = 7;

	(void)state;
	assert_stdout("/pl011@9000000", "/pl011@9000000", 0);
	assert_stdout("/pl011@9000000:115200", "/pl011@9000000", 115200);
	assert_stdout("/pl011@9000000:115200n8", "/pl011@9000000", 115200);
	assert_stdout("serial0", "/pl011@9000000", 0);			/* alias */
	assert_stdout("serial0:9600n8", "/pl011@9000000", 9600);
	assert_stdout("/soc/rtc:1", "/soc/rtc@101e8000", 1);
	/* Past 32 bits is nonsense, never a wrapped-around number. */
	assert_stdout("/pl011@9000000:4500000000", "/pl011@9000000", 0);
	/* large but representable rates are kept */
	assert_stdout("/pl011@9000000:400000000", "/pl011@9000000", 400000000);
	assert_stdout("/pl011@9000000:4294967289", "/pl011@9000000", 4294967289u);

	build_devices(&w, "serial1:115200");				/* no such alias */
	open_ok(&w, &t);
	assert_int_equal(fdt_stdout(&t, &node, &baud), -ENOENT);
	build_devices(&w, "/nope");
	open_ok(&w, &t);
	assert_int_equal(fdt_stdout(&t, &node, &baud), -ENOENT);
	build_devices(&w, NULL);
	open_ok(&w, &t);
	assert_int_equal(fdt_stdout(&t, &node, &baud), -ENOENT);
	assert_int_equal(node, -1);
	assert_int_equal(baud, 7);
}

/* The cursor meets every node and property once, in blob order. */
static void test_cursor_events(void **state)
{
	struct fdtw w;
	struct fdt t;
	struct fdt_cursor c;
	struct fdt_prop p;
	unsigned begins = 0, ends = 0, props = 0, deepest = 0;
	int node, ev;

	(void)state;
	build_devices(&w, "/pl011@9000000");
	assert_int_equal(fdt_open_header(&t, w.blob, w.size), 0);
	fdt_cursor_init(&t, &c);
	while ((ev = fdt_cursor_next(&t, &c, &node, &p)) >= 0 && ev != FDT_EV_DONE) {
		if (ev == FDT_EV_BEGIN) {
			begins++;
			assert_string_equal(p.name, fdt_node_name(&t, node));
			if ((unsigned)c.depth > deepest)
				deepest = (unsigned)c.depth;
		} else if (ev == FDT_EV_END) {
			ends++;
		} else {
			props++;
		}
	}
	assert_int_equal(ev, FDT_EV_DONE);
	assert_int_equal(begins, 8);	/* root, 6 children, /soc/rtc */
	assert_int_equal(ends, 8);
	assert_int_equal(props, 20);
	assert_int_equal(deepest, 3);
	/* Done stays done. */
	assert_int_equal(fdt_cursor_next(&t, &c, &node, &p), FDT_EV_DONE);
}

/*
 * The cursor's fast path (properties and node ends of an aligned blob)
 * decides exactly as the checked path: every word of the structure block
 * is set in turn to values that probe each bound (token types, lengths
 * reaching and passing the block end, name offsets at and past the strings
 * block), with the block ending on and off a word boundary, and with a
 * strings block that ends in a NUL and one that does not. Every malformed
 * blob of the other tests is compared too (assert_find_error()).
 */
static void test_cursor_fast_path_agrees(void **state)
{
	static struct fdtw w;

	(void)state;
	assert_true(((uintptr_t)w.blob & 3u) == 0);	/* else the fast path is not taken */
	for (unsigned variant = 0; variant < 8; variant++) {
		uint32_t trim = variant % 4;	/* the block ends off a word boundary */

		build_devices(&w, "/pl011@9000000");
		if (variant >= 4)
			w.blob[w.size - 1] = 'x';	/* strings block without its NUL */
		put_be32(w.blob + H_SIZE_STRUCT, w.st_len - trim);
		assert_int_equal(cursor_paths_differ(w.blob, w.size), 0);
		for (uint32_t i = w.struct_off; i < w.struct_off + w.st_len; i += 4) {
			uint32_t left = w.struct_off + w.st_len - trim - i, orig = get_be32(w.blob + i);
			const uint32_t vals[] = {
				0, 1, 2, 3, 4, 5, 9, 12, 0xffffffffu, 0xfffffff0u, 0u - 12u,
				left, left - 1, left - 4, left - 8, left - 12, left - 13, left - 14,
				left - 15, left - 16, w.str_len, w.str_len - 1, w.str_len + 1,
				orig + 1, orig - 1, orig + 4,
			};

			for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
				put_be32(w.blob + i, vals[v]);
				if (cursor_paths_differ(w.blob, w.size))
					fail_msg("word at %u set to %#x: the paths differ", i, vals[v]);
			}
			put_be32(w.blob + i, orig);
		}
	}
}

/* Every byte of each string counts, the first included, and an empty
 * string is a string of its own. */
static void test_stringlist_whole_strings(void **state)
{
	(void)state;
	assert_false(fdt_stringlist_contains((const uint8_t *)"xkay\0ok", 8, "okay"));
	assert_true(fdt_stringlist_contains((const uint8_t *)"xkay\0okay", 10, "okay"));
	assert_true(fdt_stringlist_contains((const uint8_t *)"\0ok", 4, "ok"));
	assert_true(fdt_stringlist_contains((const uint8_t *)"\0ok", 4, ""));
	assert_false(fdt_stringlist_contains((const uint8_t *)"ok", 3, ""));
	/* A prefix, or a string the entry is a prefix of, is not the entry. */
	assert_false(fdt_stringlist_contains((const uint8_t *)"arm,pl011\0arm,primecell", 24,
					     "arm,pl01"));
	assert_false(fdt_stringlist_contains((const uint8_t *)"arm,pl011\0arm,primecell", 24,
					     "arm,pl0111"));
	assert_true(fdt_stringlist_contains((const uint8_t *)"arm,pl011\0arm,primecell", 24,
					    "arm,primecell"));
	/* Unterminated last string: the others still match, it never does. */
	assert_true(fdt_stringlist_contains((const uint8_t *)"arm,pl011\0arm,primecell", 23,
					    "arm,pl011"));
	assert_false(fdt_stringlist_contains((const uint8_t *)"arm,pl011\0arm,primecell", 23,
					     "arm,primecell"));
	assert_false(fdt_stringlist_contains((const uint8_t *)"okay", 0, "okay"));
}

/*
 * A property search looks at properties only: a node with none, here one
 * named like the property searched for and coming right after a property
 * whose value matches, is no match.
 */
static void test_prop_search_sees_only_properties(void **state)
{
	struct fdtw w;
	struct fdt t;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_begin(&w, "a");
	w_prop_str(&w, "x", "foo");
	w_end(&w);
	w_begin(&w, "compatible");
	w_end(&w);
	w_begin(&w, "b");
	w_prop_str(&w, "compatible", "foo");
	w_end(&w);
	w_close(&w);
	open_ok(&w, &t);
	assert_int_equal(fdt_next_compatible(&t, -1, "foo"), path(&t, "/b"));
	assert_int_equal(fdt_next_compatible(&t, path(&t, "/a"), "foo"), path(&t, "/b"));
}

/*
 * A node name ends at its NUL, also when the NUL is the first byte of a
 * word (a name of 4 characters, read a word at a time): the padding after it
 * is skipped unread (DTSpec 5.4.1 says zeroed; libfdt does not check it
 * either).
 */
static void test_name_padding_not_read(void **state)
{
	struct fdtw w;
	struct fdt t;
	uint64_t a = 0, sz = 0;
	int node;

	(void)state;
	w_init(&w);
	w_root(&w, 1, 1);
	w_u32(&w, T_BEGIN_NODE);
	w_bytes(&w, "abcd\0xyz", 8);
	w_prop_cells(&w, "reg", 2, 0x1000, 0x20);
	w_end(&w);
	w_close(&w);
	open_ok(&w, &t);
	node = path(&t, "/abcd");
	assert_true(node >= 0);
	assert_string_equal(fdt_node_name(&t, node), "abcd");
	assert_int_equal(fdt_reg(&t, node, 0, &a, &sz), 0);
	assert_int_equal(a, 0x1000);
	assert_int_equal(sz, 0x20);
}

/*
 * Each token is checked on its own, to the byte: a property header (with an
 * empty value) that ends exactly at the end of the structure block is read,
 * and the cursor fails only at the token that would lie past it.
 */
static void test_cursor_prop_header_at_block_end(void **state)
{
	struct fdtw w;
	struct fdt t;
	struct fdt_cursor c;
	struct fdt_prop p;
	int node = -1;

	(void)state;
	w_init(&w);
	w_begin(&w, "");
	w_prop(&w, "x", NULL, 0);
	w_finish(&w);
	assert_int_equal(fdt_open_header(&t, w.blob, w.size), 0);
	fdt_cursor_init(&t, &c);
	assert_int_equal(fdt_cursor_next(&t, &c, &node, &p), FDT_EV_BEGIN);
	assert_int_equal(node, (int)w.struct_off);
	assert_int_equal(fdt_cursor_next(&t, &c, &node, &p), FDT_EV_PROP);
	assert_string_equal(p.name, "x");
	assert_int_equal(p.len, 0);
	assert_int_equal(p.next, w.struct_off + w.st_len);
	assert_int_equal(fdt_cursor_next(&t, &c, &node, &p), -EINVAL);
}

/* libfdt's depth: a valid tree 40 levels deep is read in full. */
static void test_depth_40(void **state)
{
	struct fdtw w;
	struct fdt t;
	int node;
	unsigned i, depth = 1;
	uint64_t a, sz;

	(void)state;
	w_init(&w);
	w_root(&w, 2, 2);
	for (i = 2; i <= 40; i++) {
		w_begin(&w, "n");
		w_prop_cells(&w, "#address-cells", 1, 1);
		w_prop_cells(&w, "#size-cells", 1, 1);
	}
	w_prop_cells(&w, "reg", 2, 0x1234, 0x10);
	for (i = 2; i <= 40; i++)
		w_end(&w);
	w_memory_2_2(&w, "memory@40000000", 0x40000000, 64 * MiB);	/* after it */
	w_close(&w);
	open_ok(&w, &t);
	for (node = fdt_root(&t); fdt_first_child(&t, node) >= 0 &&
	     fdt_node_name(&t, fdt_first_child(&t, node))[0] == 'n'; depth++)
		node = fdt_first_child(&t, node);
	assert_int_equal(depth, 40);
	assert_int_equal(fdt_reg(&t, node, 0, &a, &sz), 0);
	assert_int_equal(a, 0x1234);
	assert_found(&w, 0x40000000, 64 * MiB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_like_tree),
		cmocka_unit_test(test_next_node_depth),
		cmocka_unit_test(test_cells_1_1),
		cmocka_unit_test(test_cells_2_1_mixed),
		cmocka_unit_test(test_default_cells),
		cmocka_unit_test(test_found_by_device_type_only),
		cmocka_unit_test(test_memory_after_nested_nodes),
		cmocka_unit_test(test_every_memory_node_every_region),
		cmocka_unit_test(test_disabled_memory_skipped),
		cmocka_unit_test(test_status_ok_or_okay_enabled),
		cmocka_unit_test(test_zero_size_is_an_error),
		cmocka_unit_test(test_lookalikes_ignored),
		cmocka_unit_test(test_nops_ignored),
		cmocka_unit_test(test_get_prop_reads_only_the_nodes_own),
		cmocka_unit_test(test_unaligned_blob),
		cmocka_unit_test(test_maxlen_larger_than_blob),
		cmocka_unit_test(test_no_memory_node),
		cmocka_unit_test(test_memory_without_reg),
		cmocka_unit_test(test_memory_empty_reg),
		cmocka_unit_test(test_regions_above_4gib),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_bad_totalsize),
		cmocka_unit_test(test_largest_totalsize),
		cmocka_unit_test(test_bad_offsets),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_truncated_prefixes),
		cmocka_unit_test(test_prop_len_past_block),
		cmocka_unit_test(test_bad_root_cells),
		cmocka_unit_test(test_reg_not_whole_entries),
		cmocka_unit_test(test_bad_token),
		cmocka_unit_test(test_unterminated_node_name),
		cmocka_unit_test(test_bad_prop_name),
		cmocka_unit_test(test_depth_bound),
		cmocka_unit_test(test_bad_nesting),
		cmocka_unit_test(test_path_children_and_props),
		cmocka_unit_test(test_parent_refuses_a_damaged_token_before_the_node),
		cmocka_unit_test(test_compatible_and_phandle),
		cmocka_unit_test(test_nothing_after_fdt_end_is_found),
		cmocka_unit_test(test_phandle_from_linux_phandle),
		cmocka_unit_test(test_reg_in_the_parents_cells),
		cmocka_unit_test(test_reg_decode_cells),
		cmocka_unit_test(test_gic_interrupts),
		cmocka_unit_test(test_stdout_path),
		cmocka_unit_test(test_cursor_events),
		cmocka_unit_test(test_cursor_fast_path_agrees),
		cmocka_unit_test(test_depth_40),
		cmocka_unit_test(test_stringlist_whole_strings),
		cmocka_unit_test(test_prop_search_sees_only_properties),
		cmocka_unit_test(test_name_padding_not_read),
		cmocka_unit_test(test_cursor_prop_header_at_block_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
