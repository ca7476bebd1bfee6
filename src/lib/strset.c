/* A small set of strings looked up by hash (see include/strset.h). */
#include <stdbool.h>
#include "strset.h"

/* djb2 (h * 33 + c): two instructions a byte on ARM, and the set is small
 * enough that its collisions cost a probe, never a wrong answer. */
static uint32_t hash_step(uint32_t h, unsigned char c)
{
	return (h << 5) + h + c;
}

#define HASH_SEED	5381u

/* n bytes of a and b equal (b has at least n). */
static bool same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* The slot holding s (hash h, length len), or the free slot where it would
 * go: linear probing; the set always keeps a free slot, so this ends. */
static unsigned probe(const struct strset *set, const char *s, uint32_t h, size_t len)
{
	unsigned i = h & (STRSET_SLOTS - 1);

	for (;; i = (i + 1) & (STRSET_SLOTS - 1)) {
		const struct strset_slot *e = &set->slot[i];

		if (!e->s || (e->hash == h && e->len == len && same_bytes(s, e->s, len)))
			return i;
	}
}

void strset_init(struct strset *set)
{
	for (unsigned i = 0; i < STRSET_SLOTS; i++)
		set->slot[i].s = NULL;
	set->n = 0;
}

int strset_add(struct strset *set, const char *s, uint16_t value)
{
	uint32_t h = HASH_SEED;
	size_t len = 0;
	unsigned i;

	if (!s)
		return -EINVAL;
	for (; s[len]; len++) {
		if (len == UINT16_MAX)
			return -EINVAL;
		h = hash_step(h, (unsigned char)s[len]);
	}
	i = probe(set, s, h, len);
	if (set->slot[i].s)
		return -EEXIST;
	if (set->n >= STRSET_SLOTS - 1)
		return -ENOSPC;
	set->slot[i] = (struct strset_slot){ .s = s, .hash = h, .len = (uint16_t)len,
					     .value = value };
	set->n++;
	return 0;
}

int strset_find(const struct strset *set, const char *s, size_t *len)
{
	uint32_t h = HASH_SEED;
	size_t n = 0;
	unsigned i;

	for (; s[n]; n++)
		h = hash_step(h, (unsigned char)s[n]);
	*len = n;
	i = probe(set, s, h, n);
	return set->slot[i].s ? set->slot[i].value : -ENOENT;
}
