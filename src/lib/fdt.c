/*
 * Flattened device tree: the format and the walk (see include/fdt.h).
 *
 * Runs before the MMU is on: every multi-byte value is assembled from single
 * byte loads (no word access can be unaligned), no libc, no allocation, no
 * recursion. Offsets are uint32_t counted from the start of the blob; every
 * token is decoded by fdt_token(), which checks each offset against the end
 * of the block it belongs to, and fdt_read_header() checked those ends
 * against maxlen.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt.h"
#include "fdt_internal.h"

/* DTSpec 5.2: the header's magic word. */
#define FDT_MAGIC		0xd00dfeedu

/* DTSpec 5.1: this reader implements version 17 of the format. */
#define FDT_VERSION		17u

/* DTSpec 5.2: ten 32-bit fields, size_dt_struct (new in v17) the last. */
#define FDT_HEADER_SIZE		40u

/* DTSpec 5.3.2: one reservation entry, two 64-bit values. */
#define FDT_RSV_ENTRY_SIZE	16u

/* Node offsets are returned as int. */
#define FDT_MAX_TOTALSIZE	0x7fffffffu

/* DTSpec 5.2: header field offsets. */
enum fdt_header_field {
	HDR_MAGIC		= 0,
	HDR_TOTALSIZE		= 4,
	HDR_OFF_DT_STRUCT	= 8,
	HDR_OFF_DT_STRINGS	= 12,
	HDR_OFF_MEM_RSVMAP	= 16,
	HDR_VERSION		= 20,
	HDR_LAST_COMP_VERSION	= 24,
	HDR_SIZE_DT_STRINGS	= 32,
	HDR_SIZE_DT_STRUCT	= 36,
};

/* DTSpec 5.2: all header fields (and all cells) are big-endian. */
uint32_t fdt_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* A word the compiler may load from any buffer (no aliasing assumptions). */
typedef uint32_t __attribute__((may_alias)) fdt_word;

/*
 * A big-endian u32 at a 4-byte aligned offset of the structure block
 * (tokens, property len and nameoff: DTSpec 5.4.1). When the blob itself is
 * 4-byte aligned that is one aligned word load, which is allowed with the
 * MMU off (ARM ARM A3.2.1: only unaligned accesses fault in Strongly-ordered
 * memory); otherwise byte loads.
 */
static uint32_t fdt_be32_struct(const struct fdt *t, uint32_t off)
{
	if (t->aligned)
		return __builtin_bswap32(*(const fdt_word *)(const void *)(t->blob + off));
	return fdt_be32(t->blob + off);
}

/* True if [off, off + len) lies inside [0, end), without overflowing. */
static bool range_ok(uint32_t off, uint32_t len, uint32_t end)
{
	return off <= end && len <= end - off;
}

/* Validate the header (DTSpec 5.2) and find the blocks. 0 or -EINVAL. */
static int fdt_read_header(struct fdt *t, const void *blob, size_t maxlen)
{
	const uint8_t *b = blob;
	uint32_t totalsize, off_struct, size_struct, off_strings, size_strings, off_rsv;

	if (!b || maxlen < FDT_HEADER_SIZE)
		return -EINVAL;
	if (fdt_be32(b + HDR_MAGIC) != FDT_MAGIC)
		return -EINVAL;

	/* DTSpec 5.1: accept any version backwards compatible with 17. */
	if (fdt_be32(b + HDR_VERSION) < FDT_VERSION ||
	    fdt_be32(b + HDR_LAST_COMP_VERSION) > FDT_VERSION)
		return -EINVAL;

	/* maxlen bounds every read, whatever the blob claims. */
	totalsize = fdt_be32(b + HDR_TOTALSIZE);
	if (totalsize < FDT_HEADER_SIZE || totalsize > maxlen ||
	    totalsize > FDT_MAX_TOTALSIZE)
		return -EINVAL;

	/* DTSpec 5.3.2 and 5.6: the reservation block is 8-byte aligned and
	 * holds at least its terminating all-zero entry. */
	off_rsv = fdt_be32(b + HDR_OFF_MEM_RSVMAP);
	if (off_rsv < FDT_HEADER_SIZE || off_rsv % 8 != 0 ||
	    !range_ok(off_rsv, FDT_RSV_ENTRY_SIZE, totalsize))
		return -EINVAL;

	/* DTSpec 5.4 and 5.6: the structure block is 4-byte aligned. */
	off_struct = fdt_be32(b + HDR_OFF_DT_STRUCT);
	size_struct = fdt_be32(b + HDR_SIZE_DT_STRUCT);
	if (off_struct < FDT_HEADER_SIZE || off_struct % 4 != 0 ||
	    !range_ok(off_struct, size_struct, totalsize))
		return -EINVAL;

	/* DTSpec 5.5: the strings block may sit at any offset. */
	off_strings = fdt_be32(b + HDR_OFF_DT_STRINGS);
	size_strings = fdt_be32(b + HDR_SIZE_DT_STRINGS);
	if (off_strings < FDT_HEADER_SIZE ||
	    !range_ok(off_strings, size_strings, totalsize))
		return -EINVAL;

	t->blob = b;
	t->struct_start = off_struct;
	t->struct_end = off_struct + size_struct;
	t->strings_start = off_strings;
	t->strings_end = off_strings + size_strings;
	t->strings_end_nul = size_strings > 0 && b[t->strings_end - 1] == '\0';
	t->aligned = ((uintptr_t)b & 3u) == 0;
	return 0;
}

int fdt_check_header(const void *blob, size_t maxlen)
{
	struct fdt t;

	return fdt_read_header(&t, blob, maxlen);
}

/* Length of the NUL-terminated string at off, ending before end; -EINVAL if
 * there is no NUL before end. */
static int fdt_strlen(const uint8_t *blob, uint32_t off, uint32_t end, uint32_t *len)
{
	for (uint32_t i = off; i < end; i++) {
		if (blob[i] == '\0') {
			*len = i - off;
			return 0;
		}
	}
	return -EINVAL;
}

/* DTSpec 5.4.1: node names and property values are padded to 4 bytes, so
 * every token is 32-bit aligned; the padding must stay inside the block. */
static int fdt_pad(const struct fdt *t, uint32_t off, uint32_t *next)
{
	uint32_t pad = (4u - (off & 3u)) & 3u;

	if (pad > t->struct_end - off)
		return -EINVAL;
	*next = off + pad;
	return 0;
}

/* FDT_BEGIN_NODE: the NUL-terminated unit name follows the token. */
static int fdt_token_node(const struct fdt *t, struct fdt_token *k)
{
	uint32_t n;
	int ret = fdt_strlen(t->blob, k->off + 4, t->struct_end, &n);

	if (ret)
		return ret;
	k->name_off = k->off + 4;
	return fdt_pad(t, k->name_off + n + 1, &k->next);
}

/* FDT_PROP: len and nameoff, then len bytes of value (DTSpec 5.4.1); the
 * name lives in the strings block (DTSpec 5.5). */
static int fdt_token_prop(const struct fdt *t, struct fdt_token *k)
{
	uint32_t nameoff, n;
	int ret;

	if (!range_ok(k->off + 4, 8, t->struct_end))
		return -EINVAL;
	k->len = fdt_be32_struct(t, k->off + 4);
	nameoff = fdt_be32_struct(t, k->off + 8);
	k->val_off = k->off + 12;
	if (!range_ok(k->val_off, k->len, t->struct_end))
		return -EINVAL;
	if (nameoff >= t->strings_end - t->strings_start)
		return -EINVAL;
	k->name_off = t->strings_start + nameoff;
	/* Any offset in a block that ends in a NUL has its NUL inside it. */
	if (!t->strings_end_nul) {
		ret = fdt_strlen(t->blob, k->name_off, t->strings_end, &n);
		if (ret)
			return ret;
	}
	return fdt_pad(t, k->val_off + k->len, &k->next);
}

/*
 * Decode the token at off, every offset bounds-checked: 0 or -EINVAL.
 * Inlined into the cursor, which meets every token of the tree at boot.
 */
static inline __attribute__((always_inline)) int
fdt_token_inline(const struct fdt *t, uint32_t off, struct fdt_token *k)
{
	if (off < t->struct_start || off % 4 != 0 || !range_ok(off, 4, t->struct_end))
		return -EINVAL;
	k->off = off;
	k->type = fdt_be32_struct(t, off);
	k->next = off + 4;
	switch (k->type) {
	case FDT_BEGIN_NODE:
		return fdt_token_node(t, k);
	case FDT_PROP:
		return fdt_token_prop(t, k);
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		return 0;
	default:
		return -EINVAL;
	}
}

static int fdt_token(const struct fdt *t, uint32_t off, struct fdt_token *k)
{
	return fdt_token_inline(t, off, k);
}

int fdt_open_header(struct fdt *t, const void *blob, size_t maxlen)
{
	return t ? fdt_read_header(t, blob, maxlen) : -EINVAL;
}

void fdt_cursor_init(const struct fdt *t, struct fdt_cursor *c)
{
	c->off = t->struct_start;
	c->depth = 0;
	c->root_seen = false;
	c->child_seen = false;
}

/* Fill *p from the FDT_PROP token k. */
static void fdt_prop_from(const struct fdt *t, const struct fdt_token *k, struct fdt_prop *p)
{
	p->name = (const char *)t->blob + k->name_off;
	p->val = t->blob + k->val_off;
	p->len = k->len;
	p->next = k->next;
}

/* DTSpec 5.4.2's nesting rules, one token at a time. */
static int fdt_cursor_event(const struct fdt *t, struct fdt_cursor *c,
			    const struct fdt_token *k, int *node, struct fdt_prop *p)
{
	switch (k->type) {
	case FDT_BEGIN_NODE:
		if ((c->depth == 0 && c->root_seen) || c->depth >= FDT_MAX_DEPTH)
			return -EINVAL;
		c->root_seen = true;
		c->child_seen = false;
		c->depth++;
		*node = (int)k->off;
		p->name = (const char *)t->blob + k->name_off;
		return FDT_EV_BEGIN;
	case FDT_END_NODE:
		if (c->depth == 0)
			return -EINVAL;
		c->depth--;
		c->child_seen = true;	/* the parent's properties are over */
		return FDT_EV_END;
	case FDT_PROP:
		if (c->depth == 0 || c->child_seen)
			return -EINVAL;
		fdt_prop_from(t, k, p);
		return FDT_EV_PROP;
	default:	/* FDT_END */
		if (c->depth != 0 || !c->root_seen)
			return -EINVAL;
		return FDT_EV_DONE;
	}
}

int fdt_cursor_next(const struct fdt *t, struct fdt_cursor *c, int *node, struct fdt_prop *p)
{
	struct fdt_token k;

	/* Each token moves off forward by at least 4: a walk ends. */
	do {
		if (fdt_token_inline(t, c->off, &k))
			return -EINVAL;
		if (k.type != FDT_END)
			c->off = k.next;
	} while (k.type == FDT_NOP);
	return fdt_cursor_event(t, c, &k, node, p);
}

int fdt_open(struct fdt *t, const void *blob, size_t maxlen)
{
	struct fdt_cursor c;
	struct fdt_prop p;
	int node, ev;

	ev = fdt_open_header(t, blob, maxlen);
	if (ev)
		return ev;
	fdt_cursor_init(t, &c);
	while ((ev = fdt_cursor_next(t, &c, &node, &p)) >= 0 && ev != FDT_EV_DONE)
		;
	return ev < 0 ? ev : 0;
}

/* The token at node, which must be an FDT_BEGIN_NODE. */
static int fdt_node_token(const struct fdt *t, int node, struct fdt_token *k)
{
	int ret;

	if (node < 0)
		return -EINVAL;
	ret = fdt_token(t, (uint32_t)node, k);
	if (ret)
		return ret;
	return k->type == FDT_BEGIN_NODE ? 0 : -EINVAL;
}

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

int fdt_first_prop(const struct fdt *t, int node, struct fdt_prop *p)
{
	struct fdt_token k;
	int ret = fdt_node_token(t, node, &k);

	return ret ? ret : fdt_prop_at(t, k.next, p);
}

int fdt_next_prop(const struct fdt *t, struct fdt_prop *p)
{
	return fdt_prop_at(t, p->next, p);
}

/* Byte-wise string compare: no word loads that could be unaligned. */
bool fdt_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int fdt_get_prop(const struct fdt *t, int node, const char *name, struct fdt_prop *p)
{
	int ret;

	for (ret = fdt_first_prop(t, node, p); !ret; ret = fdt_next_prop(t, p))
		if (fdt_streq(p->name, name))
			return 0;
	return ret;
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

/* One pass over the value: each string compared as it goes by. */
bool fdt_stringlist_contains(const uint8_t *val, uint32_t len, const char *s)
{
	uint32_t i = 0;

	while (i < len) {
		uint32_t k = 0;

		while (i + k < len && val[i + k] != '\0' && val[i + k] == (uint8_t)s[k])
			k++;
		if (i + k < len && val[i + k] == '\0' && s[k] == '\0')
			return true;
		while (i + k < len && val[i + k] != '\0')	/* to the next string */
			k++;
		i += k + 1;
	}
	return false;	/* an unterminated last string never matches */
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
		if (fdt_streq(p.name, name) && match(&p, arg))
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
