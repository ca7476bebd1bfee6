/*
 * Flattened device tree reader (pure: no hardware access, host unit-tested
 * and fuzzed). src/lib/fdt.c reads the format (header, tokens, the cursor
 * that walks everything once); src/lib/fdt_node.c moves around a tree;
 * src/lib/fdt_prop.c reads a node's properties; src/lib/fdt_addr.c decodes
 * what the properties mean (reg, interrupts, /memory, /chosen).
 *
 * Follows the Devicetree Specification v0.4 ("DTSpec"): chapter 5 (the DTB
 * format, version 17), 2.2 (names and paths), 2.3 (standard properties),
 * 2.4 (interrupts), 3.3-3.6 (/aliases, /memory, /chosen).
 *
 * Safe to call with the MMU off, where every access is Strongly-ordered and an
 * unaligned one faults: the blob is read a byte at a time (or a word at a
 * time at 4-byte aligned offsets of a 4-byte aligned blob), so it may sit at
 * any address, and nothing here calls into libc or allocates.
 *
 * Safe on garbage: fdt_open() checks the header and walks the whole
 * structure block once; every later read is still bounded by the block ends
 * fdt_open() checked against maxlen, so nothing at blob[maxlen] or beyond is
 * ever read. Every walk moves forward by at least 4 bytes per token, so each
 * call ends after at most size_dt_struct / 4 tokens.
 *
 * A node is named by the offset of its FDT_BEGIN_NODE token in the blob (an
 * int >= 0, as in libfdt); a negative value is an error code.
 *
 * Errors are negative errno values from <errno.h>: -EINVAL malformed input or
 * a bad argument, -ENOENT not there, -ERANGE a value this reader cannot
 * represent, -ENOSPC more results than the caller's array holds.
 */
#ifndef FDT_H
#define FDT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Deepest nesting accepted, the root counting as depth 1: libfdt's
 * FDT_MAX_DEPTH. A deeper blob is rejected as malformed.
 */
#define FDT_MAX_DEPTH	64

/* An opened, validated blob: where its blocks are. */
struct fdt {
	const uint8_t *blob;
	uint32_t struct_start, struct_end;
	uint32_t strings_start, strings_end;
	bool strings_end_nul;	/* the strings block ends in a NUL: every name
				 * offset inside it is terminated inside it */
	bool aligned;		/* the blob is 4-byte aligned: so is every token */
};

/* One property: its name and value point into the blob. */
struct fdt_prop {
	const char *name;
	const uint8_t *val;
	uint32_t len;
	uint32_t next;		/* offset of the token after it (iteration) */
};

/* One RAM range from a /memory node's reg. */
struct fdt_region {
	uint64_t base;
	uint64_t size;
};

/*
 * Check the header (DTSpec 5.2) of the blob at blob, of which maxlen bytes
 * may be read. Returns 0 when all of these hold, else -EINVAL:
 *  - blob is not NULL and maxlen holds the 40-byte version 17 header;
 *  - magic is 0xd00dfeed;
 *  - version >= 17 and last_comp_version <= 17 (DTSpec 5.1);
 *  - 40 <= totalsize <= maxlen, and totalsize < 2 GiB (node offsets are int);
 *  - the memory reservation block starts at an 8-byte aligned offset at or
 *    after the header, with room for its 16-byte terminator, inside
 *    totalsize (DTSpec 5.3.2, 5.6);
 *  - the structure block starts 4-byte aligned at or after the header, and
 *    it and the strings block lie inside totalsize (DTSpec 5.4-5.6).
 */
int fdt_check_header(const void *blob, size_t maxlen);

/*
 * fdt_check_header(), then one walk over the whole structure block; 0 and *t
 * filled in, or -EINVAL when the block is malformed: a token other than the
 * five of DTSpec 5.4.1, a node name not NUL-terminated inside the block, a
 * property value running past the block, a property name offset outside the
 * strings block or a name not NUL-terminated inside it, a property outside
 * any node or after a child node (DTSpec 5.4.2), more FDT_END_NODE than
 * FDT_BEGIN_NODE, a second root, nesting deeper than FDT_MAX_DEPTH, or no
 * FDT_END after the closed root. A malformed blob fails the same way wherever
 * the damage is.
 */
int fdt_open(struct fdt *t, const void *blob, size_t maxlen);

/*
 * The header alone (fdt_check_header()), *t filled in, the structure block
 * not yet walked: for a caller that walks it once with a cursor (below),
 * which makes fdt_open()'s checks as it goes, and drops what it collected if
 * the walk fails. Every read stays bounded either way.
 */
int fdt_open_header(struct fdt *t, const void *blob, size_t maxlen);

/* ---- one pass over everything: a cursor (fdt.c) ----------------------------- */

enum fdt_event {
	FDT_EV_BEGIN,		/* a node opens: *node, and its name in p->name */
	FDT_EV_PROP,		/* a property of the node opened last: *p */
	FDT_EV_END,		/* the node opened last closes */
	FDT_EV_DONE,		/* FDT_END after the closed root */
};

struct fdt_cursor {
	uint32_t off;		/* the next token */
	int depth;		/* open nodes; the root is depth 1 while open */
	bool root_seen, child_seen;
};

static inline void fdt_cursor_init(const struct fdt *t, struct fdt_cursor *c)
{
	c->off = t->struct_start;
	c->depth = 0;
	c->root_seen = false;
	c->child_seen = false;
}

/*
 * fdt_cursor_next() for any token of any blob, every offset checked as
 * fdt_token() does: its slow path, and the reference host tests hold its
 * fast path to.
 */
int fdt_cursor_next_any(const struct fdt *t, struct fdt_cursor *c, int *node, struct fdt_prop *p);

/* DTSpec 5.4.1: structure block tokens. */
#define FDT_BEGIN_NODE		0x1u
#define FDT_END_NODE		0x2u
#define FDT_PROP		0x3u
#define FDT_NOP			0x4u
#define FDT_END			0x9u

/*
 * The next event (NOPs skipped), or -EINVAL where fdt_open() would fail.
 * After FDT_EV_DONE the cursor stays done.
 *
 * Inline: every token of the tree passes here once per boot, and most are a
 * property or the end of a node that need none of the slow path's care. In
 * an aligned blob whose strings block ends in a NUL (so every name offset
 * inside it is terminated inside it), a property is legal when a node is
 * open and has no child yet (DTSpec 5.4.2), and needs only its length and
 * name offset checked against the blocks (DTSpec 5.4.1, 5.5); a node end
 * only an open node; a node inside the root only room to nest and a name
 * that ends inside the block. Those are taken here, one aligned word load each
 * (allowed with the MMU off: ARM ARM A3.2.1); anything else, including every
 * token that is wrong, goes to fdt_cursor_next_any(), which decides the same
 * way (tests/host/test_fdt.c compares them on every corrupted word).
 */
/*
 * What the fast path reads of the tree, as values: a walk takes it once
 * (fdt_view_of()) and keeps it in registers, where reading it through the
 * tree's pointer would load it again after every store the walk makes.
 */
struct fdt_view {
	const uint8_t *blob;
	uint32_t end;		/* of the structure block */
	uint32_t strings;	/* where the strings block starts ... */
	uint32_t nstrings;	/* ... and its size */
	bool fast;		/* aligned, strings block NUL-terminated */
};

static inline struct fdt_view fdt_view_of(const struct fdt *t)
{
	return (struct fdt_view){ t->blob, t->struct_end, t->strings_start,
				  t->strings_end - t->strings_start,
				  t->aligned && t->strings_end_nul };
}

/* fdt_cursor_next() with the view v of t taken beforehand. */
static inline int fdt_cursor_step(struct fdt_view v, const struct fdt *t,
				  struct fdt_cursor *c, int *node, struct fdt_prop *p)
{
	typedef uint32_t __attribute__((may_alias)) word;
	/* A slow tree has no fast room at all; offsets stay below 2^31
	 * (FDT_MAX_TOTALSIZE), so off + 12 cannot wrap. */
	const uint32_t off = c->off, end = v.fast ? v.end : 0;

	if (off + 4 <= end && c->depth > 0) {
		const uint8_t *blob = v.blob;
		uint32_t type = __builtin_bswap32(*(const word *)(const void *)(blob + off));

		/* Properties first: most tokens are. */
		if (type == FDT_PROP && !c->child_seen && off + 12 <= end) {
			uint32_t len = __builtin_bswap32(*(const word *)(const void *)(blob + off + 4));
			uint32_t nameoff = __builtin_bswap32(*(const word *)(const void *)(blob + off + 8));
			uint32_t val = off + 12, next;

			/* val + len <= end < 2^31: the padding cannot wrap. */
			if (len <= end - val && nameoff < v.nstrings &&
			    (next = (val + len + 3u) & ~3u) <= end) {
				p->name = (const char *)blob + v.strings + nameoff;
				p->val = blob + val;
				p->len = len;
				p->next = next;
				c->off = next;
				return FDT_EV_PROP;
			}
		}
		if (type == FDT_END_NODE) {
			c->off = off + 4;
			c->depth--;
			c->child_seen = true;
			return FDT_EV_END;
		}
		if (type == FDT_BEGIN_NODE && c->depth < FDT_MAX_DEPTH) {
			/* The name: whole words while none holds a NUL (a borrow
			 * test: (w - 0x01..) & ~w & 0x80.. is non-zero exactly when
			 * a byte of w is zero), then bytes up to the NUL. */
			uint32_t o = off + 4, w, next;

			while (end - o >= 4) {
				w = *(const word *)(const void *)(blob + o);
				if ((w - 0x01010101u) & ~w & 0x80808080u)
					break;
				o += 4;
			}
			while (o < end && blob[o])
				o++;
			/* Padded past the NUL, inside the block (DTSpec 5.4.1):
			 * which also says the NUL was found (o < end). */
			if ((next = (o + 4u) & ~3u) <= end) {
				c->off = next;
				c->depth++;
				c->child_seen = false;
				*node = (int)off;
				p->name = (const char *)blob + off + 4;
				return FDT_EV_BEGIN;
			}
		}
	}
	/* Through copies: the caller's cursor, node and property never have
	 * their address taken, so its loop keeps them in registers. */
	{
		struct fdt_cursor slow = *c;
		struct fdt_prop sp;
		int sn, ev = fdt_cursor_next_any(t, &slow, &sn, &sp);

		*c = slow;
		if (ev == FDT_EV_BEGIN)
			*node = sn, p->name = sp.name;
		else if (ev == FDT_EV_PROP)
			*p = sp;
		return ev;
	}
}

static inline int fdt_cursor_next(const struct fdt *t, struct fdt_cursor *c, int *node,
				  struct fdt_prop *p)
{
	return fdt_cursor_step(fdt_view_of(t), t, c, node, p);
}

/* ---- structure (fdt.c) ---------------------------------------------------- */

int fdt_root(const struct fdt *t);
/*
 * The next node after node in blob order (depth-first; -1 gives the root),
 * *depth adjusted by how far down (+1) or up it went; -ENOENT after the last.
 * Cheaper than first_child/next_sibling for a walk over every node.
 */
int fdt_next_node(const struct fdt *t, int node, int *depth);
/* First child of node / next sibling of node, or -ENOENT. */
int fdt_first_child(const struct fdt *t, int node);
int fdt_next_sibling(const struct fdt *t, int node);
/* The node containing node (walks from the root), -ENOENT for the root. */
int fdt_parent(const struct fdt *t, int node);
/* The node's unit name ("memory@40000000"; "" for the root), or NULL. */
const char *fdt_node_name(const struct fdt *t, int node);

/* Properties of node in blob order: 0 and *p, or -ENOENT after the last. */
int fdt_first_prop(const struct fdt *t, int node, struct fdt_prop *p);
int fdt_next_prop(const struct fdt *t, struct fdt_prop *p);
/* The property called name: 0 and *p, or -ENOENT. */
int fdt_get_prop(const struct fdt *t, int node, const char *name, struct fdt_prop *p);

/*
 * DTSpec 2.2.3: the node at an absolute path ("/", "/cpus/cpu@0"). A
 * component without '@' also matches a node name with a unit address
 * ("/memory" finds "memory@40000000"), as libfdt does. len bytes of path are
 * used (the path need not be NUL-terminated). -ENOENT if none.
 */
int fdt_path_offset(const struct fdt *t, const char *path, size_t len);

/*
 * The next node after node (depth-first, blob order; -1 starts at the root)
 * whose compatible list contains compat, or -ENOENT.
 */
int fdt_next_compatible(const struct fdt *t, int node, const char *compat);
/* The node whose phandle is ph, or -ENOENT. */
int fdt_node_by_phandle(const struct fdt *t, uint32_t ph);

/* DTSpec 2.3.1: does a string-list value contain s? */
bool fdt_stringlist_contains(const uint8_t *val, uint32_t len, const char *s);
/* The idx-th string of a string-list value, or NULL. */
const char *fdt_stringlist_get(const uint8_t *val, uint32_t len, unsigned idx);
/* Cell i (big-endian u32) of a value: 0 and *v, or -ENOENT past the end. */
int fdt_cell(const struct fdt_prop *p, unsigned i, uint32_t *v);
/* DTSpec 2.3.4: status absent, "okay" or "ok". */
bool fdt_node_enabled(const struct fdt *t, int node);

/* ---- meaning (fdt_addr.c) ------------------------------------------------- */

/*
 * DTSpec 2.3.5: node's #address-cells and #size-cells (which describe its
 * children's reg), defaults 2 and 1. -EINVAL unless each is one u32 of 1 or
 * 2, the sizes this reader decodes into 64 bits.
 */
int fdt_cells(const struct fdt *t, int node, uint32_t *addr_cells, uint32_t *size_cells);

/*
 * DTSpec 2.3.6: entry idx of node's reg, in its parent's cells. 0 and the
 * pair; -ENOENT past the last entry or no reg; -EINVAL when reg is not a
 * whole number of entries or the parent's cells are not 1 or 2.
 */
int fdt_reg(const struct fdt *t, int node, unsigned idx, uint64_t *addr, uint64_t *size);

/*
 * DTSpec 2.4 and the GIC binding (arm,gic.yaml, 3 cells: type, number,
 * flags): entry idx of node's interrupts as a GIC INTID (SPI n = 32 + n,
 * PPI n = 16 + n) and its flags cell. The interrupt parent is found through
 * interrupt-parent on the node or its nearest ancestor, and must have
 * #interrupt-cells = 3. -ENOENT past the last entry or no interrupts;
 * -EINVAL for no usable interrupt parent, a bad type, SPI >= 988 or PPI >= 16.
 */
int fdt_irq(const struct fdt *t, int node, unsigned idx, unsigned *intid, uint32_t *flags);
/* Entry idx of a reg value p decoded with the given cells (fdt_reg()'s rules). */
int fdt_reg_decode(const struct fdt_prop *p, uint32_t addr_cells, uint32_t size_cells,
		   unsigned idx, uint64_t *addr, uint64_t *size);
/* Entry idx of an interrupts value p whose parent is a 3-cell GIC. */
int fdt_gic_irq_decode(const struct fdt_prop *p, unsigned idx, unsigned *intid, uint32_t *flags);
/* The GIC cells alone: type 0 SPI, 1 PPI. 0 and *intid, or -EINVAL. */
int fdt_gic_intid(uint32_t type, uint32_t num, unsigned *intid);

/*
 * DTSpec 3.4: every reg entry of every enabled memory node (a child of the
 * root named "memory" or "memory@...", or with device_type "memory"), in
 * blob order, decoded with the root's cells. Stores at most max regions and
 * the total found in *n.
 * 0 on success; -ENOENT no memory node with a reg entry; -EINVAL a size of
 * 0, a reg that is not whole entries, bad root cells, or a base + size past
 * 2^64; -ENOSPC more than max regions (the first max are stored, *n says how
 * many there are).
 */
int fdt_memory(const struct fdt *t, struct fdt_region *r, unsigned max, unsigned *n);

/* DTSpec 3.4: a root child called memory[@unit], or with device_type "memory". */
bool fdt_is_memory_name(const char *name);
bool fdt_is_memory_type(const struct fdt_prop *device_type);
/* Add a memory node's reg entries to r (fdt_memory()'s rules): 0 or -EINVAL. */
int fdt_memory_add(const struct fdt_prop *reg, uint32_t addr_cells, uint32_t size_cells,
		   struct fdt_region *r, unsigned max, unsigned *n);
/* The node and baud rate of a stdout-path value (fdt_stdout()'s rules). */
int fdt_stdout_parse(const struct fdt *t, const struct fdt_prop *path, int *node, uint32_t *baud);
/* Just the baud rate of a stdout-path value ("...:115200n8"), 0 if none. */
uint32_t fdt_stdout_baud(const struct fdt_prop *path);

/*
 * DTSpec 3.6: /chosen stdout-path (or linux,stdout-path): the node it names
 * and the baud rate from its options ("/pl011@9000000:115200n8" -> 115200;
 * 0 when none). A path not starting with '/' starts with an alias (DTSpec
 * 3.3) resolved through /aliases. -ENOENT when there is no stdout-path or the
 * node does not exist; -EINVAL when the property is not a string.
 */
int fdt_stdout(const struct fdt *t, int *node, uint32_t *baud);

#endif
