/*
 * Flattened device tree: find the RAM region (see include/fdt.h).
 *
 * Runs before the MMU is on: every multi-byte value is assembled from single
 * byte loads (no word access can be unaligned), no libc, no allocation, no
 * recursion. Offsets are kept as uint32_t counted from the start of the blob,
 * and every one is checked against the end of the block it belongs to
 * before it is used; those ends were checked against maxlen by
 * fdt_read_header(), so nothing at or past blob[maxlen] is ever read.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt.h"

/* DTSpec 5.2: the header's magic word. */
#define FDT_MAGIC		0xd00dfeedu

/* DTSpec 5.1: this reader implements version 17 of the format. */
#define FDT_VERSION		17u

/* DTSpec 5.2: ten 32-bit fields, size_dt_struct (new in v17) the last. */
#define FDT_HEADER_SIZE		40u

/* DTSpec 5.3.2: one reservation entry, two 64-bit values. */
#define FDT_RSV_ENTRY_SIZE	16u

/* DTSpec 5.4.1: structure block tokens. */
#define FDT_BEGIN_NODE		0x1u
#define FDT_END_NODE		0x2u
#define FDT_PROP		0x3u
#define FDT_NOP			0x4u
#define FDT_END			0x9u

/* DTSpec 2.3.5: defaults when the root does not say. */
#define FDT_DEFAULT_ADDR_CELLS	2u
#define FDT_DEFAULT_SIZE_CELLS	1u

/* DTSpec 5.2: header field offsets. */
enum fdt_header_field {
	HDR_MAGIC		= 0,
	HDR_TOTALSIZE		= 4,
	HDR_OFF_DT_STRUCT	= 8,
	HDR_OFF_DT_STRINGS	= 12,
	HDR_OFF_MEM_RSVMAP	= 16,
	HDR_VERSION		= 20,
	HDR_LAST_COMP_VERSION	= 24,
	HDR_BOOT_CPUID_PHYS	= 28,
	HDR_SIZE_DT_STRINGS	= 32,
	HDR_SIZE_DT_STRUCT	= 36,
};

/* Where the blocks are: [start, end) offsets, all within totalsize. */
struct fdt_layout {
	uint32_t struct_start;
	uint32_t struct_end;
	uint32_t strings_start;
	uint32_t strings_end;
};

/* State of one walk over the structure block. */
struct fdt_walk {
	const uint8_t *blob;
	struct fdt_layout lay;
	uint32_t pos;			/* offset of the next token */
	unsigned int depth;		/* open nodes; the root is depth 1 */
	bool root_seen;
	bool done;			/* FDT_END reached */

	uint32_t addr_cells;		/* root's #address-cells */
	uint32_t size_cells;		/* root's #size-cells */

	/* The root child being walked (depth 2), if any. */
	bool node_is_memory;
	bool node_has_reg;
	uint32_t node_reg_off;
	uint32_t node_reg_len;

	/* The first memory node, once closed. */
	bool mem_found;
	bool mem_has_reg;
	uint32_t mem_reg_off;
	uint32_t mem_reg_len;
};

/* DTSpec 5.2: all header fields (and all cells) are big-endian. */
static uint32_t be32_at(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* True if [off, off + len) lies inside [0, end), without overflowing. */
static bool range_ok(uint32_t off, uint32_t len, uint32_t end)
{
	return off <= end && len <= end - off;
}

/*
 * Validate the header (DTSpec 5.2) and work out where the structure and
 * strings blocks are. Returns 0 or -EINVAL.
 */
static int fdt_read_header(const void *blob, size_t maxlen, struct fdt_layout *lay)
{
	const uint8_t *b = blob;
	uint32_t totalsize, off_struct, size_struct, off_strings, size_strings, off_rsv;

	if (!b || maxlen < FDT_HEADER_SIZE)
		return -EINVAL;
	if (be32_at(b + HDR_MAGIC) != FDT_MAGIC)
		return -EINVAL;

	/* DTSpec 5.1: accept any version backwards compatible with 17. */
	if (be32_at(b + HDR_VERSION) < FDT_VERSION ||
	    be32_at(b + HDR_LAST_COMP_VERSION) > FDT_VERSION)
		return -EINVAL;

	/* maxlen bounds every read, whatever the blob claims. */
	totalsize = be32_at(b + HDR_TOTALSIZE);
	if (totalsize < FDT_HEADER_SIZE || totalsize > maxlen)
		return -EINVAL;

	/*
	 * DTSpec 5.3.2 and 5.6: the reservation block is 8-byte aligned and
	 * holds at least its terminating all-zero entry.
	 */
	off_rsv = be32_at(b + HDR_OFF_MEM_RSVMAP);
	if (off_rsv < FDT_HEADER_SIZE || off_rsv % 8 != 0 ||
	    !range_ok(off_rsv, FDT_RSV_ENTRY_SIZE, totalsize))
		return -EINVAL;

	/* DTSpec 5.4 and 5.6: the structure block is 4-byte aligned. */
	off_struct = be32_at(b + HDR_OFF_DT_STRUCT);
	size_struct = be32_at(b + HDR_SIZE_DT_STRUCT);
	if (off_struct < FDT_HEADER_SIZE || off_struct % 4 != 0 ||
	    !range_ok(off_struct, size_struct, totalsize))
		return -EINVAL;

	/* DTSpec 5.5: the strings block may sit at any offset. */
	off_strings = be32_at(b + HDR_OFF_DT_STRINGS);
	size_strings = be32_at(b + HDR_SIZE_DT_STRINGS);
	if (off_strings < FDT_HEADER_SIZE ||
	    !range_ok(off_strings, size_strings, totalsize))
		return -EINVAL;

	lay->struct_start = off_struct;
	lay->struct_end = off_struct + size_struct;
	lay->strings_start = off_strings;
	lay->strings_end = off_strings + size_strings;
	return 0;
}

int fdt_check_header(const void *blob, size_t maxlen)
{
	struct fdt_layout lay;

	return fdt_read_header(blob, maxlen, &lay);
}

/*
 * Move w->pos to the next 4-byte boundary: DTSpec 5.4.1, padding after a
 * node name or property value so that every token is 32-bit aligned. The
 * structure block starts 4-byte aligned, so blob offsets and block offsets
 * agree on alignment. Fails if the padding would run past the block.
 */
static int fdt_align_pos(struct fdt_walk *w)
{
	uint32_t pad = (4u - (w->pos & 3u)) & 3u;

	if (pad > w->lay.struct_end - w->pos)
		return -EINVAL;
	w->pos += pad;
	return 0;
}

/*
 * Length of the NUL-terminated string at off, which must end before end.
 * Returns the length (not counting the NUL) through *len, or -EINVAL if
 * there is no NUL before end.
 */
static int fdt_strlen(const uint8_t *blob, uint32_t off, uint32_t end, uint32_t *len)
{
	uint32_t i;

	for (i = off; i < end; i++) {
		if (blob[i] == '\0') {
			*len = i - off;
			return 0;
		}
	}
	return -EINVAL;
}

/* True if the n bytes at p are exactly the first n characters of s. */
static bool bytes_match(const uint8_t *p, uint32_t n, const char *s)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\0' || p[i] != (uint8_t)s[i])
			return false;
	}
	return true;
}

/* True if the n-byte string at p (NUL not included) equals s. */
static bool str_equal(const uint8_t *p, uint32_t n, const char *s)
{
	return bytes_match(p, n, s) && s[n] == '\0';
}

/*
 * DTSpec 2.2.1 and 3.4: a node name is node-name[@unit-address]; a memory
 * node is named "memory", usually with its base as the unit address.
 */
static bool node_name_is_memory(const uint8_t *name, uint32_t n)
{
	static const char memory[] = "memory";
	const uint32_t mlen = sizeof(memory) - 1;

	if (n < mlen || !bytes_match(name, mlen, memory))
		return false;
	return n == mlen || name[mlen] == '@';
}

/*
 * DTSpec 2.3.11 and 3.4: device_type is a string; "memory" marks a memory
 * node. The value's first string must be exactly "memory".
 */
static bool value_is_memory(const uint8_t *val, uint32_t len)
{
	static const char memory[] = "memory";
	const uint32_t mlen = sizeof(memory) - 1;

	return len > mlen && bytes_match(val, mlen, memory) && val[mlen] == '\0';
}

/*
 * DTSpec 2.3.5: #address-cells / #size-cells is one u32. Only 1 and 2 make
 * sense for a 32-bit machine's RAM (and fit in a uint64_t).
 */
static int fdt_parse_cells(const uint8_t *val, uint32_t len, uint32_t *cells)
{
	uint32_t v;

	if (len != 4)
		return -EINVAL;
	v = be32_at(val);
	if (v != 1 && v != 2)
		return -EINVAL;
	*cells = v;
	return 0;
}

/*
 * DTSpec 5.4.1: FDT_BEGIN_NODE is followed by the NUL-terminated unit name,
 * padded to 4 bytes. w->pos points at the name.
 *
 * DTSpec 5.4.2: the block holds exactly one root node, and everything else
 * nests inside it.
 */
static int fdt_begin_node(struct fdt_walk *w)
{
	const uint8_t *name = w->blob + w->pos;
	uint32_t n;
	int ret;

	if (w->depth == 0) {
		if (w->root_seen)
			return -EINVAL;
		w->root_seen = true;
	}
	if (w->depth >= FDT_MAX_DEPTH)
		return -EINVAL;

	ret = fdt_strlen(w->blob, w->pos, w->lay.struct_end, &n);
	if (ret)
		return ret;
	w->pos += n + 1;
	ret = fdt_align_pos(w);
	if (ret)
		return ret;

	w->depth++;
	if (w->depth == 2) {
		w->node_is_memory = node_name_is_memory(name, n);
		w->node_has_reg = false;
	}
	return 0;
}

/*
 * DTSpec 5.4.1: FDT_END_NODE has no data. Closing a root child settles
 * whether it was the first memory node.
 */
static int fdt_end_node(struct fdt_walk *w)
{
	if (w->depth == 0)
		return -EINVAL;

	if (w->depth == 2 && w->node_is_memory && !w->mem_found) {
		w->mem_found = true;
		w->mem_has_reg = w->node_has_reg;
		w->mem_reg_off = w->node_reg_off;
		w->mem_reg_len = w->node_reg_len;
	}
	w->depth--;
	return 0;
}

/* Act on one property of the root (depth 1) or of a root child (depth 2). */
static int fdt_use_prop(struct fdt_walk *w, const uint8_t *name, uint32_t n,
			uint32_t val_off, uint32_t len)
{
	const uint8_t *val = w->blob + val_off;

	if (w->depth == 1) {
		if (str_equal(name, n, "#address-cells"))
			return fdt_parse_cells(val, len, &w->addr_cells);
		if (str_equal(name, n, "#size-cells"))
			return fdt_parse_cells(val, len, &w->size_cells);
	} else if (w->depth == 2) {
		if (str_equal(name, n, "reg")) {
			w->node_has_reg = true;
			w->node_reg_off = val_off;
			w->node_reg_len = len;
		} else if (str_equal(name, n, "device_type") &&
			   value_is_memory(val, len)) {
			w->node_is_memory = true;
		}
	}
	return 0;
}

/*
 * DTSpec 5.4.1: FDT_PROP is followed by a big-endian len and nameoff, then
 * len bytes of value padded to 4 bytes; nameoff points at the property's
 * NUL-terminated name in the strings block (DTSpec 5.5). w->pos points just
 * past the token.
 */
static int fdt_prop(struct fdt_walk *w)
{
	uint32_t len, nameoff, name_off, val_off, n;
	int ret;

	/* DTSpec 5.4.2: properties belong to a node. */
	if (w->depth == 0)
		return -EINVAL;
	if (!range_ok(w->pos, 8, w->lay.struct_end))
		return -EINVAL;
	len = be32_at(w->blob + w->pos);
	nameoff = be32_at(w->blob + w->pos + 4);
	w->pos += 8;

	val_off = w->pos;
	if (!range_ok(val_off, len, w->lay.struct_end))
		return -EINVAL;
	w->pos += len;
	ret = fdt_align_pos(w);
	if (ret)
		return ret;

	if (nameoff >= w->lay.strings_end - w->lay.strings_start)
		return -EINVAL;
	name_off = w->lay.strings_start + nameoff;
	ret = fdt_strlen(w->blob, name_off, w->lay.strings_end, &n);
	if (ret)
		return ret;

	return fdt_use_prop(w, w->blob + name_off, n, val_off, len);
}

/* Read the token at w->pos and handle it (DTSpec 5.4.1). */
static int fdt_step(struct fdt_walk *w)
{
	uint32_t token;

	if (!range_ok(w->pos, 4, w->lay.struct_end))
		return -EINVAL;	/* ran off the block without FDT_END */
	token = be32_at(w->blob + w->pos);
	w->pos += 4;

	switch (token) {
	case FDT_BEGIN_NODE:
		return fdt_begin_node(w);
	case FDT_END_NODE:
		return fdt_end_node(w);
	case FDT_PROP:
		return fdt_prop(w);
	case FDT_NOP:
		return 0;
	case FDT_END:
		/* DTSpec 5.4.2: FDT_END follows the closed root node. */
		if (w->depth != 0 || !w->root_seen)
			return -EINVAL;
		w->done = true;
		return 0;
	default:
		return -EINVAL;
	}
}

/* Read one value of cells (1 or 2) big-endian 32-bit cells at off. */
static uint64_t read_cells(const uint8_t *blob, uint32_t off, uint32_t cells)
{
	uint64_t v = be32_at(blob + off);

	if (cells == 2)
		v = (v << 32) | be32_at(blob + off + 4);
	return v;
}

/*
 * True if len bytes are a whole number of reg entries of cells 32-bit cells
 * (2 to 4). Each case divides by a constant, which the compiler turns into a
 * multiply: ARMv5 has no divide instruction and this file calls no helpers.
 */
static bool whole_entries(uint32_t len, uint32_t cells)
{
	switch (cells) {
	case 2:
		return len % 8 == 0;
	case 3:
		return len % 12 == 0;
	case 4:
		return len % 16 == 0;
	default:
		return false;
	}
}

/*
 * DTSpec 2.3.6: reg is a list of (address, length) pairs, each taking
 * #address-cells + #size-cells cells of the parent (here the root).
 */
static int fdt_decode_reg(const struct fdt_walk *w, uint64_t *base, uint64_t *size)
{
	uint64_t b, s;

	if (!w->mem_found || !w->mem_has_reg || w->mem_reg_len == 0)
		return -ENOENT;
	if (!whole_entries(w->mem_reg_len, w->addr_cells + w->size_cells))
		return -EINVAL;

	b = read_cells(w->blob, w->mem_reg_off, w->addr_cells);
	s = read_cells(w->blob, w->mem_reg_off + w->addr_cells * 4, w->size_cells);

	/* 32-bit physical addresses: the region must end at or below 4 GiB. */
	if (b > 0xffffffffu || s > 0xffffffffu || b + s > 0x100000000ull)
		return -ERANGE;

	*base = b;
	*size = s;
	return 0;
}

/*
 * Field by field rather than with an initializer, which the compiler may
 * turn into a call to memset.
 */
static void fdt_walk_init(struct fdt_walk *w, const void *blob)
{
	w->blob = blob;
	w->pos = w->lay.struct_start;
	w->depth = 0;
	w->root_seen = false;
	w->done = false;
	w->addr_cells = FDT_DEFAULT_ADDR_CELLS;
	w->size_cells = FDT_DEFAULT_SIZE_CELLS;
	w->node_is_memory = false;
	w->node_has_reg = false;
	w->node_reg_off = 0;
	w->node_reg_len = 0;
	w->mem_found = false;
	w->mem_has_reg = false;
	w->mem_reg_off = 0;
	w->mem_reg_len = 0;
}

int fdt_find_memory(const void *blob, size_t maxlen, uint64_t *base, uint64_t *size)
{
	struct fdt_walk w;
	int ret;

	if (!base || !size)
		return -EINVAL;
	ret = fdt_read_header(blob, maxlen, &w.lay);
	if (ret)
		return ret;
	fdt_walk_init(&w, blob);

	/* Each step consumes at least one 4-byte token, so this ends. */
	while (!w.done) {
		ret = fdt_step(&w);
		if (ret)
			return ret;
	}

	return fdt_decode_reg(&w, base, size);
}
