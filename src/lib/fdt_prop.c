/*
 * Flattened device tree: a node's properties and what their values hold as
 * lists (see include/fdt.h): by name or in order, string lists and cells.
 * Discovery reads these at boot (the Makefile builds this file for speed,
 * fdt_node.c for size). Bounds-checked like fdt_node.c: an offset that is
 * not a node is refused, nothing past the blob or a value is read.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt.h"
#include "bytestr.h"
#include "compiler.h"
#include "fdt_internal.h"

/* The next property at or after off, before the node's first child. */
static int fdt_prop_at(const struct fdt *t, uint32_t off, struct fdt_prop *p)
{
	struct fdt_token k;

	for (;; off = k.next) {
		int ret = fdt_token(t, off, &k);

		if (ret)
			return ret;
		if (k.type == FDT_PROP) {
			fdt_prop_from(t, &k, p);
			return 0;
		}
		if (k.type != FDT_NOP)
			return -ENOENT;
	}
}

/* Listings and late records (of_complete()): built for size. */
__cold int fdt_first_prop(const struct fdt *t, int node, struct fdt_prop *p)
{
	struct fdt_token k;
	int ret = fdt_node_token(t, node, &k);

	return ret ? ret : fdt_prop_at(t, k.next, p);
}

__cold int fdt_next_prop(const struct fdt *t, struct fdt_prop *p)
{
	return fdt_prop_at(t, p->next, p);
}

/*
 * The node's properties through the cursor (its inline path for the
 * common tokens, every check of the slow one for the rest), started inside
 * the node: they come before its first child or its end (DTSpec 5.4.2), so
 * the first other token ends the search. Names are compared from their
 * first byte, which tells most apart without a call.
 */
int fdt_get_prop(const struct fdt *t, int node, const char *name, struct fdt_prop *p)
{
	const struct fdt_view v = fdt_view_of(t);
	struct fdt_cursor c = { .depth = 1, .root_seen = true, .child_seen = false };
	struct fdt_token k;
	int ev, child, ret = fdt_node_token(t, node, &k);

	if (ret)
		return ret;
	c.off = k.next;
	while ((ev = fdt_cursor_step(v, t, &c, &child, p)) == FDT_EV_PROP)
		if (p->name[0] == name[0] && str_same(p->name, name))
			return 0;
	return ev < 0 ? ev : -ENOENT;
}

/* One pass over the value: each string compared as it goes by. */
/*
 * A value that ends in NUL (every well-formed list) is compared without a
 * bound check per byte: each string ends inside it. Otherwise the last,
 * unterminated string never matches, and nothing past len is read.
 */
bool fdt_stringlist_contains(const uint8_t *val, uint32_t len, const char *s)
{
	const uint8_t *p = val, *end;

	while (len && val[len - 1] != '\0')	/* drop an unterminated tail */
		len--;
	for (end = val + len; p < end; p++) {
		const uint8_t *q = (const uint8_t *)s;

		while (*p == *q && *q)
			p++, q++;
		if (*p == *q)
			return true;	/* both at their NUL */
		while (*p)		/* to the end of this string */
			p++;
	}
	return false;
}

const char *fdt_stringlist_get(const uint8_t *val, uint32_t len, unsigned idx)
{
	uint32_t start = 0;

	for (uint32_t i = 0; i < len; i++) {
		if (val[i] != '\0')
			continue;
		if (idx-- == 0)
			return (const char *)val + start;
		start = i + 1;
	}
	return NULL;	/* past the end, or the last string is unterminated */
}

int fdt_cell(const struct fdt_prop *p, unsigned i, uint32_t *v)
{
	if (i >= p->len / 4)
		return -ENOENT;
	*v = fdt_be32(p->val + 4 * i);
	return 0;
}

bool fdt_node_enabled(const struct fdt *t, int node)
{
	struct fdt_prop p;

	if (fdt_get_prop(t, node, "status", &p))
		return true;
	return fdt_stringlist_contains(p.val, p.len, "okay") ||
	       fdt_stringlist_contains(p.val, p.len, "ok");
}

