/*
 * Host tests for the resource tree (src/lib/resource.c): insert with
 * adoption, busy claims, release, allocation (alignment, bounds, exhaustion,
 * the top of the 64-bit space) and the /proc/iomem-style print. The tree's
 * shape is observed through the printed text and the node links.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <resource.h>
#include "compiler.h"

static char text[2048];

static const char *print(const struct resource *root)
{
	size_t n = resource_print(root, text, sizeof(text));

	assert_true(n < sizeof(text));
	assert_int_equal(strlen(text), n);
	return text;
}

static void mem_root(struct resource *root)
{
	*root = (struct resource)RESOURCE_ROOT("iomem", 0, UINT64_MAX, IORESOURCE_MEM);
}

static void node(struct resource *r, uint64_t start, uint64_t size, const char *name)
{
	assert_int_equal(resource_set(r, start, size, name, IORESOURCE_MEM), 0);
}

/* ---- insert ---- */

static void insert_nests_and_prints_depth_first(void **state)
{
	struct resource root, ram, text_sec, data, pcie, bar;

	(void)state;
	mem_root(&root);
	node(&ram, 0x40000000, 0x8000000, "System RAM");
	node(&text_sec, 0x40100000, 0x20000, "Kernel code");
	node(&data, 0x40120000, 0x8000, "Kernel data");
	node(&pcie, 0x10000000, 0x2eff0000, "PCI mem");
	node(&bar, 0x10000000, SZ_1M, "00:01.0");
	assert_int_equal(resource_insert(&root, &ram), 0);
	assert_int_equal(resource_insert(&root, &data), 0);	/* goes inside RAM */
	assert_int_equal(resource_insert(&root, &text_sec), 0);
	assert_int_equal(resource_insert(&root, &pcie), 0);
	assert_int_equal(resource_insert(&root, &bar), 0);
	assert_ptr_equal(data.parent, &ram);
	assert_ptr_equal(bar.parent, &pcie);
	assert_string_equal(print(&root),
		"10000000-3efeffff : PCI mem\n"
		"  10000000-100fffff : 00:01.0\n"
		"40000000-47ffffff : System RAM\n"
		"  40100000-4011ffff : Kernel code\n"
		"  40120000-40127fff : Kernel data\n");
	assert_int_equal(resource_depth(&bar), 2);
}

static void insert_adopts_children_that_fit(void **state)
{
	struct resource root, a, b, c, win;

	(void)state;
	mem_root(&root);
	node(&a, 0x1000, 0x1000, "a");
	node(&b, 0x3000, 0x1000, "b");
	node(&c, 0x9000, 0x1000, "c");
	assert_int_equal(resource_insert(&root, &a), 0);
	assert_int_equal(resource_insert(&root, &c), 0);
	assert_int_equal(resource_insert(&root, &b), 0);
	node(&win, 0x1000, 0x3000, "win");	/* holds a and b, not c */
	assert_int_equal(resource_insert(&root, &win), 0);
	assert_ptr_equal(a.parent, &win);
	assert_ptr_equal(b.parent, &win);
	assert_ptr_equal(c.parent, &root);
	assert_string_equal(print(&root),
		"00001000-00003fff : win\n"
		"  00001000-00001fff : a\n"
		"  00003000-00003fff : b\n"
		"00009000-00009fff : c\n");
}

/* A node sharing only its end with an existing one goes inside it (the deepest container). */
static void insert_nests_in_a_node_ending_where_it_ends(void **state)
{
	struct resource root, big, tail;

	(void)state;
	mem_root(&root);
	node(&big, 0x0000, 0x2000, "big");
	node(&tail, 0x1000, 0x1000, "tail");
	assert_int_equal(resource_insert(&root, &big), 0);
	assert_int_equal(resource_insert(&root, &tail), 0);
	assert_ptr_equal(tail.parent, &big);
	assert_string_equal(print(&root),
		"00000000-00001fff : big\n"
		"  00001000-00001fff : tail\n");
}

static void insert_refuses_partial_overlap_and_busy(void **state)
{
	struct resource root, a, cross, inside, pool_slot[1], *claim;
	struct resource_pool pool = { pool_slot, 1 };
	char before[512];

	(void)state;
	memset(pool_slot, 0, sizeof(pool_slot));
	mem_root(&root);
	node(&a, 0x1000, 0x2000, "a");
	assert_int_equal(resource_insert(&root, &a), 0);
	assert_int_equal(resource_claim(&root, &pool, 0x1000, 0x1000, "drv", &claim), 0);
	strcpy(before, print(&root));
	node(&cross, 0x2800, 0x1000, "cross");
	assert_int_equal(resource_insert(&root, &cross), -EBUSY);
	node(&inside, 0x1800, 0x100, "inside-busy");
	assert_int_equal(resource_insert(&root, &inside), -EBUSY);
	assert_string_equal(print(&root), before);
	assert_null(cross.parent);
	/* Outside its parent, or already linked. */
	assert_int_equal(resource_insert(&a, &cross), -EINVAL);
	assert_int_equal(resource_insert(&root, &a), -EINVAL);
	assert_int_equal(resource_set(&cross, UINT64_MAX, 2, "wrap", 0), -EINVAL);
	assert_int_equal(resource_set(&cross, 0, 0, "empty", 0), -EINVAL);
}

/* ---- claim / release ---- */

static void claim_is_exclusive(void **state)
{
	struct resource root, win, slots[3], *c1, *c2, *c3;
	struct resource_pool pool = { slots, 3 };

	(void)state;
	memset(slots, 0, sizeof(slots));
	mem_root(&root);
	node(&win, 0x10000000, SZ_1M, "00:02.0");
	assert_int_equal(resource_insert(&root, &win), 0);

	assert_int_equal(resource_claim(&root, &pool, 0x10000000, 0x100, "edu", &c1), 0);
	assert_ptr_equal(c1->parent, &win);
	assert_true(c1->flags & IORESOURCE_BUSY);
	/* A second claim of the same range, or any overlap, is refused. */
	assert_int_equal(resource_claim(&root, &pool, 0x10000000, 0x100, "again", &c2), -EBUSY);
	assert_int_equal(resource_claim(&root, &pool, 0x100000ff, 0x10, "tail", &c2), -EBUSY);
	/* A claim covering the busy one is refused too (it would sit above it). */
	assert_int_equal(resource_claim(&root, &pool, 0x10000000, 0x1000, "over", &c2), -EBUSY);
	/* Crossing the window's edge is refused. */
	assert_int_equal(resource_claim(&root, &pool, 0x100ff000, 0x2000, "edge", &c2), -EBUSY);
	/* Beside it is fine. */
	assert_int_equal(resource_claim(&root, &pool, 0x10000100, 0x100, "regs", &c2), 0);
	assert_ptr_equal(c2->parent, &win);
	assert_int_equal(resource_claim(&root, &pool, 0x20000000, 0x100, "free", &c3), 0);
	assert_ptr_equal(c3->parent, &root);
	/* Pool exhausted. */
	assert_int_equal(resource_claim(&root, &pool, 0x30000000, 0x100, "x", &c3), -ENOMEM);
	/* Release gives the slot and the range back. */
	assert_int_equal(resource_release(c1), 0);
	assert_int_equal(resource_release(c1), -EINVAL);
	assert_int_equal(resource_claim(&root, &pool, 0x10000000, 0x100, "edu", &c1), 0);
	assert_string_equal(print(&root),
		"10000000-100fffff : 00:02.0\n"
		"  10000000-100000ff : edu\n"
		"  10000100-100001ff : regs\n"
		"20000000-200000ff : free\n");
	assert_int_equal(resource_claim(&root, &pool, 0, 0, "empty", &c1), -EINVAL);
}

static void release_moves_children_up(void **state)
{
	struct resource root, win, a, b, c;

	(void)state;
	mem_root(&root);
	node(&win, 0x1000, 0x4000, "win");
	node(&a, 0x1000, 0x1000, "a");
	node(&b, 0x2000, 0x1000, "b");
	node(&c, 0x8000, 0x1000, "c");
	assert_int_equal(resource_insert(&root, &win), 0);
	assert_int_equal(resource_insert(&root, &a), 0);
	assert_int_equal(resource_insert(&root, &b), 0);
	assert_int_equal(resource_insert(&root, &c), 0);
	assert_int_equal(resource_release(&win), 0);
	assert_ptr_equal(a.parent, &root);
	assert_ptr_equal(b.parent, &root);
	assert_null(win.child);
	assert_string_equal(print(&root),
		"00001000-00001fff : a\n"
		"00002000-00002fff : b\n"
		"00008000-00008fff : c\n");
}

/* ---- allocate ---- */

static void allocate_is_lowest_aligned_and_bounded(void **state)
{
	struct resource win = RESOURCE_ROOT("PCI mem", 0x10000000, 0x10ffffff, IORESOURCE_MEM);
	struct resource a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 }, e = { 0 }, f;

	(void)state;
	assert_int_equal(resource_allocate(&win, &a, SZ_4K, 0, UINT64_MAX, SZ_4K, "a", 0), 0);
	assert_true(a.start == 0x10000000 && a.end == 0x10000fff);
	/* 1 MiB aligned: skips the rest of the first MiB. */
	assert_int_equal(resource_allocate(&win, &b, SZ_1M, 0, UINT64_MAX, SZ_1M, "b", 0), 0);
	assert_true(b.start == 0x10100000);
	/* A 4 KiB one fits in the gap after a. */
	assert_int_equal(resource_allocate(&win, &c, SZ_4K, 0, UINT64_MAX, SZ_4K, "c", 0), 0);
	assert_true(c.start == 0x10001000);
	/* min and max are honoured. */
	assert_int_equal(resource_allocate(&win, &d, SZ_4K, 0x10800001, UINT64_MAX, SZ_4K, "d", 0), 0);
	assert_true(d.start == 0x10801000);
	assert_int_equal(resource_allocate(&win, &e, SZ_1M, 0, 0x101fffff, SZ_1M, "e", 0), -ENOSPC);
	assert_null(e.parent);
	/* Exhaustion: both 8 MiB-aligned slots of the 16 MiB window hold something. */
	assert_int_equal(resource_allocate(&win, &e, 0x800000, 0, UINT64_MAX, 0x800000, "e", 0), -ENOSPC);
	assert_int_equal(resource_allocate(&win, &e, 0x400000, 0, UINT64_MAX, 0x400000, "e", 0), 0);
	assert_true(e.start == 0x10400000 && e.end == 0x107fffff);
	/* A gap of one byte (min == max) holds a one-byte resource. */
	memset(&f, 0, sizeof(f));
	assert_int_equal(resource_allocate(&win, &f, 1, 0x10002000, 0x10002000, 1, "f", 0), 0);
	assert_true(f.start == 0x10002000 && f.end == 0x10002000);
	assert_int_equal(resource_release(&f), 0);
	/* Bad arguments: already linked, size 0, align not a power of two. */
	assert_int_equal(resource_allocate(&win, &e, SZ_4K, 0, UINT64_MAX, SZ_4K, "e", 0), -EINVAL);
	memset(&f, 0, sizeof(f));
	assert_int_equal(resource_allocate(&win, &f, 0, 0, UINT64_MAX, SZ_4K, "f", 0), -EINVAL);
	assert_int_equal(resource_allocate(&win, &f, SZ_4K, 0, UINT64_MAX, 3, "f", 0), -EINVAL);
}

static void allocate_at_top_of_64bit_space(void **state)
{
	struct resource root, a = { 0 }, b = { 0 };

	(void)state;
	mem_root(&root);
	assert_int_equal(resource_allocate(&root, &a, SZ_4K, UINT64_MAX - 0xfff, UINT64_MAX,
					   SZ_4K, "top", 0), 0);
	assert_true(a.start == UINT64_MAX - 0xfff && a.end == UINT64_MAX);
	/* Nothing is left above it, and nothing wraps to 0. */
	assert_int_equal(resource_allocate(&root, &b, SZ_4K, UINT64_MAX - 0xfff, UINT64_MAX,
					   SZ_4K, "b", 0), -ENOSPC);
	/* 8 KiB from 0x...e000 would run into it. */
	assert_int_equal(resource_allocate(&root, &b, 0x2000, UINT64_MAX - 0x1fff, UINT64_MAX,
					   SZ_4K, "b", 0), -ENOSPC);
	assert_string_equal(print(&root), "fffffffffffff000-ffffffffffffffff : top\n");
	/* Rounding min up to the alignment would wrap to 0: refused, not placed at 0. */
	mem_root(&root);
	assert_int_equal(resource_allocate(&root, &b, 0x100, UINT64_MAX - 0x7ff, UINT64_MAX,
					   SZ_4K, "b", 0), -ENOSPC);
	assert_null(root.child);
}

/* At least width digits, but never more than a 64-bit value has (buf holds 17 bytes). */
/* The one format of a physical address: 8 digits at least, more above 4 GiB. */
static void phys_str_prints_40_bit_addresses(void **state)
{
	char buf[PHYS_STR_LEN];

	(void)state;
	assert_string_equal(phys_str(0x09000000, buf), "0x09000000");
	assert_string_equal(phys_str(0x4010000000ull, buf), "0x4010000000");
	assert_string_equal(phys_str(PHYS_ADDR_MAX, buf), "0xffffffffff");
	assert_string_equal(phys_str(~0ull, buf), "0xffffffffffffffff");
}

static void fmt_hex64_pads_to_width_up_to_16_digits(void **state)
{
	char buf[17];

	(void)state;
	assert_int_equal(fmt_hex64(buf, 0xab, 4), 4);
	assert_string_equal(buf, "00ab");
	assert_int_equal(fmt_hex64(buf, 0xab, 16), 16);
	assert_string_equal(buf, "00000000000000ab");
	assert_int_equal(fmt_hex64(buf, 0xab, 17), 16);
	assert_string_equal(buf, "00000000000000ab");
	assert_int_equal(fmt_hex64(buf, 0xab, 20), 16);
	assert_string_equal(buf, "00000000000000ab");
	assert_int_equal(fmt_hex64(buf, UINT64_MAX, 0), 16);
	assert_string_equal(buf, "ffffffffffffffff");
}

static void print_truncates_like_snprintf(void **state)
{
	struct resource root = RESOURCE_ROOT("ioport", 0, 0xffff, IORESOURCE_IO);
	struct resource a;
	char small[8];

	(void)state;
	assert_int_equal(resource_set(&a, 0x1000, 0x100, "00:03.0", IORESOURCE_IO), 0);
	assert_int_equal(resource_insert(&root, &a), 0);
	assert_string_equal(print(&root), "1000-10ff : 00:03.0\n");	/* 4 digits for ports */
	assert_int_equal(resource_print(&root, small, sizeof(small)), 20);
	assert_string_equal(small, "1000-10");
	assert_int_equal(resource_print(&root, NULL, 0), 20);
}

/* ---- random operations against a brute-force model ---- */

#define RND_SPACE	0x10000u	/* root [0, 0xffff] */
#define RND_NODES	48
#define RND_CLAIMS	24

static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state % n;
}

static struct resource *all[RND_NODES + RND_CLAIMS];
static unsigned int nall;

static bool linked(const struct resource *root, const struct resource *r)
{
	for (; r; r = r->parent)
		if (r == root)
			return true;
	return false;
}

/* Structure: inside the parent, children sorted and disjoint, nothing below a busy node. */
static void check_tree(const struct resource *p)
{
	const struct resource *c;

	for (c = p->child; c; c = c->sibling) {
		assert_ptr_equal(c->parent, p);
		assert_true(p->start <= c->start && c->start <= c->end && c->end <= p->end);
		if (c->sibling)
			assert_true(c->end < c->sibling->start);
		assert_false((p->flags & IORESOURCE_BUSY) && p->parent);
		check_tree(c);
	}
}

/* The rule insert and claim must follow, judged over every linked node. */
static bool model_allows(const struct resource *root, uint64_t s, uint64_t e, bool claim)
{
	unsigned int i;

	for (i = 0; i < nall; i++) {
		const struct resource *n = all[i];
		bool n_in_r = s <= n->start && n->end <= e, r_in_n = n->start <= s && e <= n->end;

		if (!linked(root, n) || n->end < s || e < n->start)
			continue;
		if (claim ? !(r_in_n && !(n->flags & IORESOURCE_BUSY)) :
			    !(n_in_r || (r_in_n && !(n->flags & IORESOURCE_BUSY))))
			return false;
	}
	return true;
}

static bool free_in(const struct resource *root, uint64_t s, uint64_t e)
{
	const struct resource *c;

	for (c = root->child; c; c = c->sibling)
		if (c->start <= e && s <= c->end)
			return false;
	return true;
}

static void random_operations_follow_the_model(void **state)
{
	static struct resource nodes[RND_NODES], slots[RND_CLAIMS];
	struct resource root = RESOURCE_ROOT("root", 0, RND_SPACE - 1, IORESOURCE_MEM);
	struct resource_pool pool = { slots, RND_CLAIMS };
	unsigned int step, i, ok = 0;

	(void)state;
	memset(nodes, 0, sizeof(nodes));
	memset(slots, 0, sizeof(slots));
	nall = 0;
	for (i = 0; i < RND_NODES; i++)
		all[nall++] = &nodes[i];
	for (i = 0; i < RND_CLAIMS; i++)
		all[nall++] = &slots[i];
	for (step = 0; step < 20000; step++) {
		uint64_t size = 1u << rnd(12), s = rnd(RND_SPACE), e = s + size - 1;
		struct resource *n = &nodes[rnd(RND_NODES)], *c;
		bool allowed;
		int rc;

		if (e >= RND_SPACE)
			continue;
		switch (rnd(4)) {
		case 0:	/* insert a window */
			if (n->parent)
				break;
			assert_int_equal(resource_set(n, s, size, "w", IORESOURCE_MEM), 0);
			allowed = model_allows(&root, s, e, false);
			rc = resource_insert(&root, n);
			assert_int_equal(rc == 0, allowed);
			ok += rc == 0;
			break;
		case 1:	/* claim */
			allowed = model_allows(&root, s, e, true);
			rc = resource_claim(&root, &pool, s, size, "c", &c);
			if (rc != -ENOMEM)
				assert_int_equal(rc == 0, allowed);
			ok += rc == 0;
			break;
		case 2:	/* release a window or a claim */
			c = rnd(2) ? n : &slots[rnd(RND_CLAIMS)];
			assert_int_equal(resource_release(c), c->parent ? 0 : -EINVAL);
			break;
		default: {	/* allocate at the root level */
			uint64_t align = 1u << rnd(10), a;

			if (n->parent)
				break;
			rc = resource_allocate(&root, n, size, 0, RND_SPACE - 1, align, "a", 0);
			if (rc == 0) {
				assert_true(n->start % align == 0 && n->end - n->start + 1 == size);
				ok++;
				break;
			}
			assert_int_equal(rc, -ENOSPC);
			for (a = 0; a + size <= RND_SPACE; a += align)
				assert_false(free_in(&root, a, a + size - 1));
		}
		}
		check_tree(&root);
	}
	assert_true(ok > 1000);	/* the run did exercise success paths */
}

/* ---- lookup ---- */

static void lookup_finds_the_deepest_node_holding_the_whole_range(void **state)
{
	struct resource root, ram, pcie, pref, bar, *claim;
	struct resource slots[1] = { { 0 } };
	struct resource_pool pool = { slots, 1 };

	(void)state;
	mem_root(&root);
	node(&ram, 0x40000000, 0x8000000, "System RAM");
	node(&pcie, 0x10000000, 0x2eff0000, "PCI mem");
	node(&pref, 0x10000000, 0x200000, "pref");
	node(&bar, 0x10100000, SZ_1M, "BAR2");
	assert_int_equal(resource_insert(&root, &ram), 0);
	assert_int_equal(resource_insert(&root, &pcie), 0);
	assert_int_equal(resource_insert(&root, &pref), 0);
	assert_int_equal(resource_insert(&root, &bar), 0);
	assert_int_equal(resource_claim(&root, &pool, 0x10100000, SZ_4K, "drv", &claim), 0);
	/* Through a busy claim too: the claim is the deepest node. */
	assert_ptr_equal(resource_lookup(&root, 0x10100000, 16), claim);
	assert_ptr_equal(resource_lookup(&root, 0x10100000, SZ_1M), &bar);
	/* The last byte of the BAR still inside it; one more crosses to pref. */
	assert_ptr_equal(resource_lookup(&root, 0x101fffff, 1), &bar);
	assert_ptr_equal(resource_lookup(&root, 0x101fffff, 2), &pcie);
	assert_ptr_equal(resource_lookup(&root, 0x100ff000, 0x2000), &pref);
	assert_ptr_equal(resource_lookup(&root, 0x40001000, SZ_4K), &ram);
	/* Crossing RAM's end: only the root holds it. */
	assert_ptr_equal(resource_lookup(&root, 0x47fff000, 0x2000), &root);
	assert_ptr_equal(resource_lookup(&root, 0x0, 16), &root);
	assert_null(resource_lookup(&root, 0x1000, 0));
	assert_null(resource_lookup(&root, UINT64_MAX, 2));
	assert_null(resource_lookup(&bar, 0x10000000, 16));
}

int main(void)
{

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(insert_nests_and_prints_depth_first),
		cmocka_unit_test(insert_adopts_children_that_fit),
		cmocka_unit_test(insert_nests_in_a_node_ending_where_it_ends),
		cmocka_unit_test(phys_str_prints_40_bit_addresses),
		cmocka_unit_test(fmt_hex64_pads_to_width_up_to_16_digits),
		cmocka_unit_test(insert_refuses_partial_overlap_and_busy),
		cmocka_unit_test(claim_is_exclusive),
		cmocka_unit_test(release_moves_children_up),
		cmocka_unit_test(allocate_is_lowest_aligned_and_bounded),
		cmocka_unit_test(allocate_at_top_of_64bit_space),
		cmocka_unit_test(print_truncates_like_snprintf),
		cmocka_unit_test(random_operations_follow_the_model),
		cmocka_unit_test(lookup_finds_the_deepest_node_holding_the_whole_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
