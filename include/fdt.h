/*
 * Flattened device tree: just enough to find RAM (pure: no hardware access,
 * host unit-tested and fuzzed).
 *
 * Follows the Devicetree Specification v0.3 ("DTSpec"), chapter 5 (the DTB
 * format, version 17), 2.3.5 (#address-cells / #size-cells) and 3.4 (the
 * /memory node).
 *
 * Safe to call with the MMU off, where every access is Strongly-ordered and an
 * unaligned one faults: the blob is read one byte at a time, so it may sit at
 * any address, and nothing here calls into libc or allocates.
 *
 * Safe on garbage: every read is bounded by maxlen and by the header's block
 * sizes; nothing at blob[maxlen] or beyond is ever read, whatever totalsize
 * says. The walk over the structure block advances at least 4 bytes per
 * token and never backwards, so each call ends after at most maxlen / 4
 * tokens.
 *
 * Errors are negative errno values from <errno.h>.
 */
#ifndef FDT_H
#define FDT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Deepest nesting accepted in the structure block, the root node counting as
 * depth 1. QEMU virt's tree is 3 deep; a deeper blob is rejected as malformed.
 */
#define FDT_MAX_DEPTH	16

/*
 * Check the header (DTSpec 5.2) of the blob at blob, of which maxlen bytes
 * may be read.
 *
 * Returns 0 when all of these hold, else -EINVAL:
 *  - blob is not NULL and maxlen holds the 40-byte version 17 header;
 *  - magic is 0xd00dfeed;
 *  - version >= 17 and last_comp_version <= 17 (DTSpec 5.1: a version 17
 *    reader accepts any version backwards compatible with 17);
 *  - 40 <= totalsize <= maxlen;
 *  - the memory reservation block starts at an 8-byte aligned offset at or
 *    after the header, with room for at least its 16-byte terminator, inside
 *    totalsize (DTSpec 5.3.2, 5.6);
 *  - the structure block starts at a 4-byte aligned offset at or after the
 *    header and it and the strings block both lie inside totalsize
 *    (DTSpec 5.4, 5.5, 5.6).
 * It does not look inside any block.
 */
int fdt_check_header(const void *blob, size_t maxlen);

/*
 * Find RAM: the first region of the first memory node.
 *
 * A memory node (DTSpec 3.4) is a child of the root whose name is "memory"
 * or starts with "memory@", or whose device_type property is "memory". The
 * first such node in the structure block is the one used, even if it has no
 * usable reg; its status property is not looked at. reg is decoded with the
 * root's #address-cells and #size-cells (DTSpec 2.3.5; defaults 2 and 1 when
 * absent), each of which must be 1 or 2.
 *
 * The whole structure block is walked and checked before anything is
 * returned, so a blob malformed anywhere fails the same way wherever the
 * memory node is.
 *
 * On success returns 0 and stores the region's base and size (size may be 0
 * if the tree says so). On error returns one of the codes below and leaves
 * *base and *size untouched:
 *  -EINVAL  base or size is NULL; fdt_check_header() fails; or the structure
 *           block is malformed: a token other than the five of DTSpec 5.4.1,
 *           a node name not NUL-terminated inside the block, a property
 *           whose value runs past the block, a property name offset outside
 *           the strings block or a name not NUL-terminated inside it, a
 *           property outside any node, more FDT_END_NODE than FDT_BEGIN_NODE,
 *           a second root node, nesting deeper than FDT_MAX_DEPTH, no FDT_END
 *           before the block ends or FDT_END with nodes still open; the
 *           root's #address-cells or #size-cells not a 4-byte value of 1 or
 *           2; or the memory node's reg not a whole number of
 *           (address, size) pairs.
 *  -ENOENT  no memory node, or the first one has no reg property or an
 *           empty one.
 *  -ERANGE  this firmware has 32-bit physical addresses (phys_addr_t), so
 *           the region must lie below 4 GiB: base > 0xffffffff,
 *           size > 0xffffffff or base + size > 4 GiB. A region ending
 *           exactly at 4 GiB is accepted.
 */
int fdt_find_memory(const void *blob, size_t maxlen, uint64_t *base, uint64_t *size);

#endif
