/* Memory test patterns: see include/mtest.h. Pure. */
#include <errno.h>
#include "mtest.h"

/* xorshift32 (Marsaglia 2003) has period 2^32 - 1 over the non-zero states. */
#define RAND_ZERO_SEED	0x2545f491u

const char *mtest_pattern_name(enum mtest_pattern p)
{
	static const char *const names[MTEST_PATTERNS] = {
		[MTEST_WALK_ONES] = "walking ones",
		[MTEST_WALK_ZEROS] = "walking zeros",
		[MTEST_ADDR] = "address",
		[MTEST_NOT_ADDR] = "~address",
		[MTEST_RANDOM] = "random",
	};

	return (unsigned)p < MTEST_PATTERNS ? names[p] : "?";
}

void mtest_gen_init(struct mtest_gen *g, enum mtest_pattern p, uint32_t addr, uint32_t seed)
{
	g->pattern = p;
	g->index = 0;
	g->addr = addr;
	g->rand = seed ? seed : RAND_ZERO_SEED;
}

static uint32_t xorshift32(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

uint32_t mtest_gen_next(struct mtest_gen *g)
{
	uint32_t v = 0;

	switch (g->pattern) {
	case MTEST_WALK_ONES: v = 1u << (g->index % 32); break;
	case MTEST_WALK_ZEROS: v = ~(1u << (g->index % 32)); break;
	case MTEST_ADDR: v = g->addr; break;
	case MTEST_NOT_ADDR: v = ~g->addr; break;
	case MTEST_RANDOM: v = xorshift32(&g->rand); break;
	case MTEST_PATTERNS: break;
	}
	g->index++;
	g->addr += 4;
	return v;
}

void mtest_fill(struct mtest_gen *g, volatile uint32_t *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		words[i] = mtest_gen_next(g);
}

int mtest_check(struct mtest_gen *g, const volatile uint32_t *words, size_t n,
		struct mtest_fail *f)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t addr = g->addr, want = mtest_gen_next(g), got = words[i];

		if (got != want) {
			f->addr = addr;
			f->expected = want;
			f->read = got;
			return -EIO;
		}
	}
	return 0;
}

uint32_t mtest_iter_seed(uint32_t seed, uint32_t iter)
{
	/* Weyl step by the golden ratio: each iteration a different sequence. */
	return seed + iter * 0x9e3779b9u;
}
