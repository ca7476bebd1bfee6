/*
 * Flattened device tree: the format and the walk (see include/fdt.h).
 *
 * Safe with the MMU off: every multi-byte value is assembled from byte loads,
 * except structure-block words of a 4-byte aligned blob, read with one
 * aligned load (no access is ever unaligned); no libc, no allocation, no
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

/*
 * A big-endian u32 at a 4-byte aligned offset of the structure block
 * (tokens, property len and nameoff: DTSpec 5.4.1). When the blob itself is
 * 4-byte aligned that is one aligned word load, which is allowed with the
 * MMU off (ARM ARM A3.2.1: only unaligned accesses fault in Strongly-ordered
 * memory); otherwise byte loads.
 */
static inline uint32_t fdt_be32_struct(const uint8_t *blob, bool aligned, uint32_t off)
{
	if (aligned)
		return __builtin_bswap32(*(const fdt_word *)(const void *)(blob + off));
	return fdt_be32(blob + off);
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

/* A word with a zero byte: (w - 0x01..) & ~w & 0x80.. is non-zero exactly
 * when one of its bytes is zero (the classic test: a borrow out of a byte
 * that was not zero never lands in a byte whose own top bit was clear). */
static inline bool word_has_nul(uint32_t w)
{
	return ((w - 0x01010101u) & ~w & 0x80808080u) != 0;
}

/*
 * The offset just past the NUL of the string at off (4-byte aligned in an
 * aligned blob), which must end before end: 0 if it does not. A node name
 * is met once per boot for every node of the tree, so an aligned blob is
 * scanned a word at a time (whole words only, inside the block), and the
 * word that holds the NUL byte by byte.
 */
static inline uint32_t fdt_name_end(const uint8_t *blob, bool aligned, uint32_t off, uint32_t end)
{
	if (aligned)
		while (end - off >= 4 && !word_has_nul(*(const fdt_word *)(const void *)(blob + off)))
			off += 4;
	for (; off < end; off++)
		if (blob[off] == '\0')
			return off + 1;
	return 0;
}

/* DTSpec 5.4.1: node names and property values are padded to 4 bytes, so
 * every token is 32-bit aligned; the padding must stay inside the block.
 * off <= end <= FDT_MAX_TOTALSIZE, so off + 3 cannot wrap. 0 if it does not
 * fit (no token ends at offset 0). */
static inline uint32_t fdt_pad(uint32_t off, uint32_t end)
{
	off = (off + 3u) & ~3u;
	return off <= end ? off : 0;
}

/*
 * Decode the token at off, every offset bounds-checked: 0 or -EINVAL.
 * Inlined into the cursor, which meets every token of the tree at boot: the
 * fields of *t it needs are read once, into locals, before the first load
 * from the blob (such a load may alias *t, so the compiler could not keep
 * them in registers across it). checked_off: the caller knows off is
 * 4-byte aligned and not before the structure block (the cursor does).
 */
static inline __attribute__((always_inline)) int
fdt_token_inline(const struct fdt *t, uint32_t off, struct fdt_token *k, bool checked_off)
{
	const uint8_t *blob = t->blob;
	const uint32_t end = t->struct_end, strings = t->strings_start;
	const uint32_t strings_size = t->strings_end - strings;
	const bool aligned = t->aligned, names_end_nul = t->strings_end_nul;
	uint32_t nameoff, n;

	if ((!checked_off && (off < t->struct_start || off % 4 != 0)) || !range_ok(off, 4, end))
		return -EINVAL;
	k->off = off;
	k->type = fdt_be32_struct(blob, aligned, off);
	k->next = off + 4;
	switch (k->type) {
	case FDT_BEGIN_NODE:		/* the NUL-terminated unit name follows */
		k->name_off = off + 4;
		n = fdt_name_end(blob, aligned, off + 4, end);
		k->next = n ? fdt_pad(n, end) : 0;
		return k->next ? 0 : -EINVAL;
	case FDT_PROP:
		/* len and nameoff, then len bytes of value (DTSpec 5.4.1); the
		 * name lives in the strings block (DTSpec 5.5). */
		if (end - off < 12)
			return -EINVAL;
		k->len = fdt_be32_struct(blob, aligned, off + 4);
		nameoff = fdt_be32_struct(blob, aligned, off + 8);
		k->val_off = off + 12;
		if (k->len > end - k->val_off || nameoff >= strings_size)
			return -EINVAL;
		k->name_off = strings + nameoff;
		/* Any offset in a block that ends in a NUL has its NUL inside it. */
		if (!names_end_nul && fdt_strlen(blob, k->name_off, t->strings_end, &n))
			return -EINVAL;
		k->next = fdt_pad(k->val_off + k->len, end);
		return k->next ? 0 : -EINVAL;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		return 0;
	default:
		return -EINVAL;
	}
}

int fdt_token(const struct fdt *t, uint32_t off, struct fdt_token *k)
{
	return fdt_token_inline(t, off, k, false);
}

int fdt_open_header(struct fdt *t, const void *blob, size_t maxlen)
{
	return t ? fdt_read_header(t, blob, maxlen) : -EINVAL;
}

void fdt_prop_from(const struct fdt *t, const struct fdt_token *k, struct fdt_prop *p)
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

/* Any token, any blob: every check of fdt_token() and DTSpec 5.4.2. */
int fdt_cursor_next_any(const struct fdt *t, struct fdt_cursor *c, int *node, struct fdt_prop *p)
{
	struct fdt_token k;

	/* Each token moves off forward by at least 4: a walk ends. */
	do {
		if (fdt_token_inline(t, c->off, &k, true))
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
