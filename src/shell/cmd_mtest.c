/*
 * mtest <start> <len> [n] [seed]: n times (default once), fill free RAM
 * with each pattern of include/mtest.h and read it back, reporting the
 * first word that does not hold what was written. Only free RAM (above the image, below the end
 * of mapped RAM) is tested: the patterns would destroy anything else. Runs
 * in 64 KiB pieces, each inside fault_try(), with a Ctrl-C check between.
 */
#include <stdio.h>
#include "exception.h"
#include "memcmd.h"
#include "mtest.h"
#include "timer.h"

#define MTEST_PIECE		(64u << 10)
/* 10,000 passes over even 4 KiB is hours of QEMU time: a typo. */
#define MTEST_MAX_ITERATIONS	10000u
/* An iteration writes and reads the range once per pattern: 256 MiB is
 * 2.5 GiB of traffic, minutes under QEMU (and the progress count fits). */
#define MTEST_MAX		(256u << 20)

struct mtest_run {
	struct mtest_gen gen;
	uint32_t start, len, done;
	bool check;		/* reading back (else filling) */
	int err;		/* -EIO from mtest_check() */
	struct mtest_fail fail;
};

static void mtest_piece(void *arg)
{
	struct mtest_run *r = arg;
	uint32_t n = r->len - r->done < MTEST_PIECE ? r->len - r->done : MTEST_PIECE;
	volatile uint32_t *words = (volatile uint32_t *)(uintptr_t)(r->start + r->done);

	if (r->check)
		r->err = mtest_check(&r->gen, words, n / 4, &r->fail);
	else
		mtest_fill(&r->gen, words, n / 4);
	r->done += n;
}

/* Fill the range (or check it) with one pattern. */
static int mtest_pass(struct mtest_run *r, struct progress *p, uint32_t base_done)
{
	struct fault_info fi;

	for (r->done = 0; r->done < r->len && !r->err;) {
		if (memcmd_interrupted())
			return -EINTR;
		if (fault_try(mtest_piece, r, &fi))
			return memcmd_fault(&fi);
		progress_update(p, base_done + r->done);
	}
	return r->err;
}

static int mtest_pattern(struct mtest_run *r, enum mtest_pattern pat, uint32_t seed,
			 struct progress *p, uint32_t base_done)
{
	int err;

	r->check = false;
	mtest_gen_init(&r->gen, pat, r->start, seed);
	err = mtest_pass(r, p, base_done);
	if (err)
		return err;
	r->check = true;
	mtest_gen_init(&r->gen, pat, r->start, seed);
	err = mtest_pass(r, p, base_done + r->len);
	if (err == -EIO)
		printf("mtest: FAILED (%s) at 0x%08lx: wrote 0x%08lx, read 0x%08lx (bits 0x%08lx)\n",
		       mtest_pattern_name(pat), (unsigned long)r->fail.addr,
		       (unsigned long)r->fail.expected, (unsigned long)r->fail.read,
		       (unsigned long)(r->fail.expected ^ r->fail.read));
	return err;
}

/* Sizes and counts within reason, word-aligned, and only free RAM. */
static int mtest_args_ok(uint32_t start, uint32_t len, uint32_t iterations)
{
	int err;

	if (!iterations || iterations > MTEST_MAX_ITERATIONS) {
		printf("error: iterations must be 1 to %u\n", MTEST_MAX_ITERATIONS);
		return -EINVAL;
	}
	err = memcmd_check_len(len, MTEST_MAX);
	if (err)
		return err;
	if (len && len - 1 > UINT32_MAX - start) {
		printf("error: range wraps past 4 GiB\n");
		return -EINVAL;
	}
	if ((start | len) & 3 || !len) {
		printf("error: start and length must be non-zero multiples of 4\n");
		return -EINVAL;
	}
	return memcmd_check_free("mtest tests", start, len);
}

static int cmd_mtest(int argc, char **argv)
{
	struct mtest_run r = { 0 };
	uint32_t iterations = 1, seed = (uint32_t)uptime_ns();
	struct progress p;
	int err = 0;

	if (shell_parse_arg("start", argv[1], &r.start) ||
	    shell_parse_arg("length", argv[2], &r.len) ||
	    (argc > 3 && shell_parse_arg("iterations", argv[3], &iterations)) ||
	    (argc > 4 && shell_parse_arg("seed", argv[4], &seed)))
		return -EINVAL;
	err = mtest_args_ok(r.start, r.len, iterations);
	if (err)
		return err;
	printf("mtest: 0x%08lx-0x%08lx, %lu iteration%s, seed 0x%08lx\n",
	       (unsigned long)r.start, (unsigned long)(r.start + r.len - 1),
	       (unsigned long)iterations, iterations == 1 ? "" : "s", (unsigned long)seed);
	for (uint32_t it = 0; it < iterations && !err; it++) {
		/* Progress counts bytes written and read in this iteration. */
		progress_start(&p, "mtest", r.len * 2 * MTEST_PATTERNS);
		for (unsigned pat = 0; pat < MTEST_PATTERNS && !err; pat++)
			err = mtest_pattern(&r, pat, mtest_iter_seed(seed, it), &p,
					    pat * 2 * r.len);
		if (!err)
			printf("mtest: iteration %lu passed\n", (unsigned long)it + 1);
	}
	return err;
}
SHELL_CMD(mtest, "<start> <len> [n] [seed]",
	  "test free RAM n times: walking 1/0, address, random (Ctrl-C stops)", 2, 4, cmd_mtest);
