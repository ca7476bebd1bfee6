/*
 * Flattened device tree: moving around an opened tree (see include/fdt.h):
 * nodes by offset, their children, parents and paths, and the nodes a
 * property value finds (compatible, phandle); fdt_prop.c reads a node's
 * properties. Every token is decoded by fdt_token() (fdt.c),
 * bounds-checked, so these stay safe even on an offset that is not a node:
 * that is refused, never misread past the blob. Byte loads only, no libc,
 * no allocation, no recursion.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt.h"
#include "bytestr.h"
#include "fdt_internal.h"

int fdt_root(const struct fdt *t)
{
	struct fdt_token k;
	uint32_t off = t->struct_start;

	/* NOPs may come before the root. */
	for (;; off = k.next) {
		if (fdt_token(t, off, &k))
			return -EINVAL;
		if (k.type == FDT_BEGIN_NODE)
			return (int)off;
		if (k.type != FDT_NOP)
			return -EINVAL;
	}
}

const char *fdt_node_name(const struct fdt *t, int node)
{
	struct fdt_token k;

	if (fdt_node_token(t, node, &k))
		return NULL;
	return (const char *)t->blob + k.name_off;
}

int fdt_next_node(const struct fdt *t, int node, int *depth)
{
	struct fdt_token k;
	uint32_t off;

	if (node < 0)
		return fdt_root(t);
	if (fdt_node_token(t, node, &k))
		return -EINVAL;
	for (off = k.next;; off = k.next) {
		if (fdt_token(t, off, &k))
			return -EINVAL;
		if (k.type == FDT_BEGIN_NODE) {
			(*depth)++;
			return (int)k.off;
		}
		if (k.type == FDT_END_NODE)
			(*depth)--;
		else if (k.type == FDT_END)
			return -ENOENT;
	}
}

/* Skip a node's properties: the offset of its first child or its END_NODE. */
static int fdt_after_props(const struct fdt *t, int node, struct fdt_token *k)
{
	int ret = fdt_node_token(t, node, k);

	while (!ret) {
		ret = fdt_token(t, k->next, k);
		if (!ret && k->type != FDT_PROP && k->type != FDT_NOP)
			return 0;
	}
	return ret;
}

/* The offset just past node's FDT_END_NODE. */
static int fdt_skip_node(const struct fdt *t, int node, uint32_t *next)
{
	struct fdt_token k;
	unsigned depth = 0;
	int ret = fdt_node_token(t, node, &k);

	while (!ret) {
		if (k.type == FDT_BEGIN_NODE)
			depth++;
		else if (k.type == FDT_END_NODE && --depth == 0) {
			*next = k.next;
			return 0;
		} else if (k.type == FDT_END)
			return -EINVAL;
		ret = fdt_token(t, k.next, &k);
	}
	return ret;
}

/* From off: skip NOPs; a BEGIN_NODE there is the node asked for. */
static int fdt_node_at(const struct fdt *t, uint32_t off)
{
	struct fdt_token k;

	for (;; off = k.next) {
		int ret = fdt_token(t, off, &k);

		if (ret)
			return ret;
		if (k.type == FDT_BEGIN_NODE)
			return (int)k.off;
		if (k.type != FDT_NOP)
			return -ENOENT;
	}
}

int fdt_first_child(const struct fdt *t, int node)
{
	struct fdt_token k;
	int ret = fdt_after_props(t, node, &k);

	return ret ? ret : fdt_node_at(t, k.off);
}

int fdt_next_sibling(const struct fdt *t, int node)
{
	uint32_t next;
	int ret = fdt_skip_node(t, node, &next);

	return ret ? ret : fdt_node_at(t, next);
}

int fdt_parent(const struct fdt *t, int node)
{
	uint32_t open[FDT_MAX_DEPTH];
	struct fdt_token k;
	unsigned depth = 0;
	uint32_t off;

	for (off = t->struct_start;; off = k.next) {
		if (fdt_token(t, off, &k) || k.type == FDT_END)
			return -EINVAL;
		if (k.type == FDT_BEGIN_NODE) {
			if (off == (uint32_t)node)
				return depth ? (int)open[depth - 1] : -ENOENT;
			if (depth >= FDT_MAX_DEPTH)
				return -EINVAL;
			open[depth++] = off;
		} else if (k.type == FDT_END_NODE) {
			if (depth == 0)
				return -EINVAL;
			depth--;
		}
	}
}

/*
 * Does node name match the path component c[0..n)? Exactly, or, when the
 * component has no unit address, the name up to its '@'.
 */
static bool fdt_name_matches(const char *name, const char *c, size_t n)
{
	bool has_unit = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (name[i] != c[i] || name[i] == '\0')
			return false;
		has_unit |= c[i] == '@';
	}
	return name[n] == '\0' || (!has_unit && name[n] == '@');
}

/* The child of node matching component c[0..n), or -ENOENT. */
static int fdt_child_named(const struct fdt *t, int node, const char *c, size_t n)
{
	int child;

	for (child = fdt_first_child(t, node); child >= 0;
	     child = fdt_next_sibling(t, child))
		if (fdt_name_matches(fdt_node_name(t, child), c, n))
			return child;
	return child;
}

int fdt_path_from(const struct fdt *t, int node, const char *path, size_t len)
{
	size_t i = 0;

	while (node >= 0 && i < len) {
		size_t n = 0;

		if (path[i] == '/') {
			i++;
			continue;
		}
		while (i + n < len && path[i + n] != '/' && path[i + n] != '\0')
			n++;
		if (n == 0)
			break;	/* a NUL ends the path */
		node = fdt_child_named(t, node, path + i, n);
		i += n;
	}
	return node;
}

int fdt_path_offset(const struct fdt *t, const char *path, size_t len)
{
	if (!path || len == 0 || path[0] != '/')
		return -EINVAL;
	return fdt_path_from(t, fdt_root(t), path, len);
}

/*
 * Every property in blob order; a property belongs to the last node opened
 * (DTSpec 5.4.2: a node's properties come before its children).
 */
static int fdt_next_prop_match(const struct fdt *t, int after, const char *name,
			       bool (*match)(const struct fdt_prop *p, const void *arg),
			       const void *arg)
{
	struct fdt_token k;
	struct fdt_prop p;
	uint32_t off = t->struct_start;
	int node = -1;

	if (after >= 0) {
		int ret = fdt_skip_props_of(t, after, &off);

		if (ret)
			return ret;
	}
	for (;; off = k.next) {
		if (fdt_token(t, off, &k) || k.type == FDT_END)
			return -ENOENT;
		if (k.type == FDT_BEGIN_NODE) {
			node = (int)k.off;
			continue;
		}
		if (k.type != FDT_PROP || node < 0)
			continue;
		fdt_prop_from(t, &k, &p);
		if (str_same(p.name, name) && match(&p, arg))
			return node;
	}
}

/* Past the properties of node (they can no longer match). */
int fdt_skip_props_of(const struct fdt *t, int node, uint32_t *off)
{
	struct fdt_token k;
	int ret = fdt_after_props(t, node, &k);

	if (!ret)
		*off = k.off;
	return ret;
}

static bool match_string(const struct fdt_prop *p, const void *arg)
{
	return fdt_stringlist_contains(p->val, p->len, arg);
}

static bool match_u32(const struct fdt_prop *p, const void *arg)
{
	return p->len == 4 && fdt_be32(p->val) == *(const uint32_t *)arg;
}

int fdt_next_compatible(const struct fdt *t, int node, const char *compat)
{
	return fdt_next_prop_match(t, node, "compatible", match_string, compat);
}

int fdt_node_by_phandle(const struct fdt *t, uint32_t ph)
{
	int node = fdt_next_prop_match(t, -1, "phandle", match_u32, &ph);

	if (node < 0)	/* DTSpec 2.3.3: older trees say linux,phandle */
		node = fdt_next_prop_match(t, -1, "linux,phandle", match_u32, &ph);
	return node;
}
