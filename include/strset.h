/*
 * A small fixed set of strings, each with a value, looked up by hash (pure,
 * src/lib/strset.c). For matching a device tree's compatible strings
 * against the bindings the firmware knows: one pass over each string
 * gives its length and hash, and a probe or two finds the only candidate,
 * which is then compared byte by byte (no false match on a hash collision).
 * Byte loads only: strings in a blob may sit at any address.
 */
#ifndef STRSET_H
#define STRSET_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#define STRSET_SLOTS	32	/* a power of two; at most STRSET_SLOTS - 1 strings */

struct strset_slot {
	const char *s;		/* NULL: free */
	uint32_t hash;
	uint16_t len;
	uint16_t value;
};

struct strset {
	struct strset_slot slot[STRSET_SLOTS];
	unsigned n;
};

/* Empty the set. */
void strset_init(struct strset *set);

/*
 * Add s (NUL-terminated, kept by pointer: it must outlive the set) with
 * value. 0; -EEXIST if s is already there (the first value stays); -ENOSPC
 * when the set holds STRSET_SLOTS - 1 strings (one slot stays free, so a
 * lookup always ends); -EINVAL for a NULL s or one longer than 65535 bytes.
 */
int strset_add(struct strset *set, const char *s, uint16_t value);

/*
 * The value of the NUL-terminated string s, or -ENOENT if the set does not
 * hold it. Either way *len is strlen(s): a caller stepping through a string
 * list (DTSpec 2.3.1) goes on at s + *len + 1.
 */
int strset_find(const struct strset *set, const char *s, size_t *len);

#endif
