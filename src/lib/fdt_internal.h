/*
 * Shared between src/lib/fdt.c (the format), src/lib/fdt_node.c (moving
 * around a tree), src/lib/fdt_prop.c (a node's properties) and
 * src/lib/fdt_addr.c (what the properties mean); not part of the API in
 * include/fdt.h.
 */
#ifndef FDT_INTERNAL_H
#define FDT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "fdt.h"

/* One decoded token of the structure block. */
struct fdt_token {
	uint32_t type;
	uint32_t off;		/* of the token */
	uint32_t next;		/* of the token after it */
	uint32_t name_off;	/* node: its name; prop: its name in the strings block */
	uint32_t val_off;	/* prop: its value */
	uint32_t len;		/* prop: value length */
};

/* Decode the token at off, every offset bounds-checked: 0 or -EINVAL. */
int fdt_token(const struct fdt *t, uint32_t off, struct fdt_token *k);
/* Fill *p from the FDT_PROP token k. */
void fdt_prop_from(const struct fdt *t, const struct fdt_token *k, struct fdt_prop *p);

/* The token at node, which must be an FDT_BEGIN_NODE. */
static inline int fdt_node_token(const struct fdt *t, int node, struct fdt_token *k)
{
	int ret;

	if (node < 0)
		return -EINVAL;
	ret = fdt_token(t, (uint32_t)node, k);
	if (ret)
		return ret;
	return k->type == FDT_BEGIN_NODE ? 0 : -EINVAL;
}

/* A word the compiler may load from any buffer (no aliasing assumptions). */
typedef uint32_t __attribute__((may_alias)) fdt_word;

/*
 * DTSpec 5.2: all header fields (and all cells) are big-endian. Inline: every
 * cell discovery decodes passes here. At a 4-byte aligned address, one
 * aligned word load, which is allowed with the MMU off too (ARM ARM A3.2.1:
 * only unaligned accesses fault in Strongly-ordered memory); else byte loads.
 */
static inline uint32_t fdt_be32(const uint8_t *p)
{
	if (((uintptr_t)p & 3u) == 0)
		return __builtin_bswap32(*(const fdt_word *)(const void *)p);
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}
int fdt_skip_props_of(const struct fdt *t, int node, uint32_t *off);
/* Resolve a relative path (components separated by '/') from node. */
int fdt_path_from(const struct fdt *t, int node, const char *path, size_t len);

#endif
