/*
 * Memory test patterns (pure: src/lib/mtest.c, host-tested). The mtest
 * command fills a range with one pattern, reads it all back, then goes on
 * to the next, the order U-Boot's and memtest86's simple tests use:
 *
 *   walking ones   word i holds 1 << (i % 32): a data line stuck at 0, or
 *                  two shorted together, shows within 32 words
 *   walking zeros  the complement: a data line stuck at 1
 *   address        each word holds its own address: an address line stuck
 *                  or shorted makes two words alias, and one reads back the
 *                  other's address
 *   ~address       the complement, so every bit is seen both ways
 *   random         xorshift32 from a seed the command prints, so a failing
 *                  run can be repeated exactly
 *
 * The generator is separate from the memory it fills, so a fill and its
 * check can run in pieces (between Ctrl-C checks) and be tested on buffers.
 */
#ifndef MTEST_H
#define MTEST_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

enum mtest_pattern {
	MTEST_WALK_ONES,
	MTEST_WALK_ZEROS,
	MTEST_ADDR,
	MTEST_NOT_ADDR,
	MTEST_RANDOM,
	MTEST_PATTERNS
};

struct mtest_gen {
	enum mtest_pattern pattern;
	uint32_t index;		/* word number from the start of the range */
	uint32_t addr;		/* the address of the next word */
	uint32_t rand;		/* xorshift32 state (never 0) */
};

/* The first mismatch a check found. */
struct mtest_fail {
	uint32_t addr;
	uint32_t expected;
	uint32_t read;
};

/* Name of @p as the command prints it ("walking ones", ...). */
const char *mtest_pattern_name(enum mtest_pattern p);

/* Start @p for a range whose first word is at @addr; @seed picks the random
 * sequence (any value: 0 is mapped to a fixed non-zero state). */
void mtest_gen_init(struct mtest_gen *g, enum mtest_pattern p, uint32_t addr, uint32_t seed);

/* The value of the next word; advances to the word after it. */
uint32_t mtest_gen_next(struct mtest_gen *g);

/* Write the next @n values of @g to @words. */
void mtest_fill(struct mtest_gen *g, volatile uint32_t *words, size_t n);

/*
 * Read @n words back, comparing each with the next value of @g. Returns 0
 * if all match; -EIO at the first that does not, with @f filled (the
 * address is @g's, the range's own address, not @words').
 */
int mtest_check(struct mtest_gen *g, const volatile uint32_t *words, size_t n,
		struct mtest_fail *f);

/* The seed of iteration @iter (from 0) of a run started with @seed. */
uint32_t mtest_iter_seed(uint32_t seed, uint32_t iter);

#endif
