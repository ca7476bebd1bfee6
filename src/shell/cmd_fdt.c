/*
 * `fdt [path]`: the device tree QEMU passed, or one node and its subtree,
 * with each property decoded the way U-Boot's `fdt print` does: strings as
 * strings, reg as (address, size) pairs in the parent's cells, everything
 * else as cells or bytes.
 */
#include <stdio.h>
#include <string.h>
#include "device.h"
#include "monitor.h"
#include "fdt.h"

/* Every byte printable, NUL-terminated, no empty string: a string list. */
static bool is_string_list(const struct fdt_prop *p)
{
	if (p->len == 0 || p->val[p->len - 1] != '\0' || p->val[0] == '\0')
		return false;
	for (uint32_t i = 0; i < p->len; i++) {
		uint8_t c = p->val[i];

		if (c == '\0' ? (i + 1 < p->len && p->val[i + 1] == '\0') : (c < 0x20 || c > 0x7e))
			return false;
	}
	return true;
}

static void print_strings(const struct fdt_prop *p)
{
	const char *s;

	for (unsigned i = 0; (s = fdt_stringlist_get(p->val, p->len, i)) != NULL; i++)
		printf("%s\"%s\"", i ? ", " : "", s);
}

/* reg in the parent's cells: <addr size> pairs; false if it does not decode. */
static bool print_reg(const struct fdt *t, int node, const struct fdt_prop *p)
{
	uint32_t ac, sc;
	uint64_t a, s;
	char ab[DEV_HEX64_LEN], sb[DEV_HEX64_LEN];
	int parent = fdt_parent(t, node);

	if (parent < 0 || fdt_cells(t, parent, &ac, &sc) ||
	    fdt_reg_decode(p, ac, sc, 0, &a, &s))
		return false;
	for (unsigned i = 0; fdt_reg_decode(p, ac, sc, i, &a, &s) == 0; i++)
		printf("%s<%s %s>", i ? ", " : "", dev_hex64(a, ab), dev_hex64(s, sb));
	return true;
}

static void print_value(const struct fdt *t, int node, const struct fdt_prop *p)
{
	uint32_t v;

	if (!strcmp(p->name, "reg") && print_reg(t, node, p))
		return;
	if (is_string_list(p)) {
		print_strings(p);
	} else if (p->len % 4 == 0) {
		printf("<");
		for (unsigned i = 0; fdt_cell(p, i, &v) == 0; i++)
			printf("%s0x%lx", i ? " " : "", (unsigned long)v);
		printf(">");
	} else {
		printf("[");
		for (uint32_t i = 0; i < p->len; i++)
			printf("%s%02x", i ? " " : "", p->val[i]);
		printf("]");
	}
}

static void indent(int depth)
{
	for (int i = 0; i < depth; i++)
		printf("\t");
}

static void print_props(const struct fdt *t, int node, int depth)
{
	struct fdt_prop p;

	for (int ret = fdt_first_prop(t, node, &p); !ret; ret = fdt_next_prop(t, &p)) {
		indent(depth + 1);
		printf("%s", p.name);
		if (p.len) {
			printf(" = ");
			print_value(t, node, &p);
		}
		printf(";\n");
	}
}

/* node and its subtree, in blob order (fdt_next_node), without recursion. */
static void print_subtree(const struct fdt *t, int top)
{
	int depth = 0, node = top;

	while (node >= 0) {
		const char *name = fdt_node_name(t, node);
		int next_depth = depth;

		indent(depth);
		printf("%s {\n", name[0] ? name : "/");
		print_props(t, node, depth);
		node = fdt_next_node(t, node, &next_depth);
		if (node < 0 || next_depth <= 0) {
			node = -1;		/* past the subtree: close it all */
			next_depth = 0;
		}
		/* A child opens inside this node; anything else closes nodes. */
		for (int d = depth; d >= next_depth; d--) {
			indent(d);
			printf("};\n");
		}
		depth = next_depth;
	}
}

static int cmd_fdt(int argc, char **argv)
{
	const struct fdt *t = device_tree();
	int node;

	if (!t) {
		printf("fdt: no device tree (error %d)\n", device_tree_error());
		return -ENOENT;
	}
	node = argc > 1 ? fdt_path_offset(t, argv[1], strlen(argv[1])) : fdt_root(t);
	if (node < 0) {
		printf("fdt: %s: %s\n", argv[1], node == -ENOENT ? "no such node" :
		       "not an absolute path");
		return node;
	}
	print_subtree(t, node);
	return 0;
}
SHELL_CMD(fdt, "[path]", "print the device tree, or one node and its subtree", 0, 1, cmd_fdt);
