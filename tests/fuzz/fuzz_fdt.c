/*
 * libFuzzer harness for src/lib/fdt.c, fdt_node.c and fdt_addr.c: arbitrary
 * bytes as a DTB.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *	tests/fuzz/fuzz_fdt.c src/lib/fdt.c src/lib/fdt_node.c src/lib/fdt_addr.c \
 *	-o /tmp/fuzz_fdt
 *   mkdir -p /tmp/fdt_corpus
 *   /tmp/fuzz_fdt -max_total_time=60 /tmp/fdt_corpus tests/fuzz/corpus_fdt
 *
 * libFuzzer writes every new input into the first directory it is given;
 * naming a scratch one first keeps the checked-in seeds to a handful.
 *
 * libFuzzer hands over a heap buffer of exactly size bytes, so
 * AddressSanitizer reports any read at data[size] or beyond; a hang shows up
 * as a timeout. Beyond that, the contract in include/fdt.h is checked: only
 * the documented error codes, fdt_open() agreeing with fdt_check_header(),
 * and, on an opened blob, every node of the tree visited through the whole
 * API (children, siblings, parents, properties, reg, interrupts, lookups by
 * compatible, phandle and path, /memory, stdout-path) without a crash.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fdt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_REGIONS	4

static void must(bool ok)
{
	if (!ok)
		abort();
}

static void visit_props(const struct fdt *t, int node)
{
	struct fdt_prop p;
	uint32_t v;
	int ret;

	for (ret = fdt_first_prop(t, node, &p); ret == 0; ret = fdt_next_prop(t, &p)) {
		must(p.name != NULL);
		for (unsigned i = 0; fdt_cell(&p, i, &v) == 0; i++)
			must(i < p.len / 4);
		(void)fdt_stringlist_contains(p.val, p.len, "arm,pl011");
	}
	must(ret == -ENOENT);
}

static void visit_node(const struct fdt *t, int node)
{
	uint64_t a, s;
	unsigned intid;
	uint32_t flags, ac, sc;
	int ret;

	must(fdt_node_name(t, node) != NULL);
	visit_props(t, node);
	ret = fdt_parent(t, node);
	must(ret >= 0 || ret == -ENOENT);
	ret = fdt_cells(t, node, &ac, &sc);
	must(ret == 0 || ret == -EINVAL);
	for (unsigned i = 0; i < 4; i++) {
		ret = fdt_reg(t, node, i, &a, &s);
		must(ret == 0 || ret == -ENOENT || ret == -EINVAL);
		ret = fdt_irq(t, node, i, &intid, &flags);
		must(ret == 0 || ret == -ENOENT || ret == -EINVAL);
		must(ret != 0 || (intid >= 16 && intid < 1020));
	}
	(void)fdt_node_enabled(t, node);
}

/* Depth-first over every node, iteratively (the depth is bounded anyway). */
static void visit_tree(const struct fdt *t)
{
	int node = fdt_root(t), next;

	must(node >= 0);
	while (node >= 0) {
		visit_node(t, node);
		next = fdt_first_child(t, node);
		while (next < 0 && node >= 0) {
			next = fdt_next_sibling(t, node);
			if (next < 0)
				node = fdt_parent(t, node);
		}
		node = next;
	}
}

static void lookups(const struct fdt *t)
{
	struct fdt_region r[MAX_REGIONS];
	unsigned n, count = 0;
	uint32_t baud;
	int node, ret;

	for (node = fdt_next_compatible(t, -1, "virtio,mmio"); node >= 0;
	     node = fdt_next_compatible(t, node, "virtio,mmio"))
		must(++count < 1u << 20);
	(void)fdt_node_by_phandle(t, 0x8002);
	(void)fdt_path_offset(t, "/chosen", 7);
	ret = fdt_memory(t, r, MAX_REGIONS, &n);
	must(ret == 0 || ret == -ENOENT || ret == -EINVAL || ret == -ENOSPC);
	must(ret != 0 || (n > 0 && n <= MAX_REGIONS));
	for (unsigned i = 0; ret == 0 && i < n; i++)
		must(r[i].size != 0 && r[i].base + r[i].size - 1 >= r[i].base);
	ret = fdt_stdout(t, &node, &baud);
	must(ret == 0 || ret == -ENOENT || ret == -EINVAL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt t;
	int hdr = fdt_check_header(data, size);
	int ret = fdt_open(&t, data, size);

	must(hdr == 0 || hdr == -EINVAL);
	must(ret == 0 || ret == -EINVAL);
	if (ret == 0) {
		must(hdr == 0);
		visit_tree(&t);
		lookups(&t);
	}
	return 0;
}
