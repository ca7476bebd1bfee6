/*
 * Bulk memory commands, U-Boot's names: crc32, cmp, cp. Each works on
 * Normal memory in 64 KiB pieces, each piece inside fault_try() (a bad
 * address prints the decoded fault and the prompt returns), with a Ctrl-C
 * check and a progress line between pieces. Ranges are checked first
 * (memcheck.c): device memory is refused, and cp refuses to write any
 * page the firmware uses (image, stacks, tables, heap), through any
 * mapping.
 */
#include <stdio.h>
#include <string.h>
#include "crc32.h"
#include "exception.h"
#include "memcmd.h"

/* More than any RAM the firmware maps without LPAE is a typo; 1 GiB of
 * crc32 already takes minutes under QEMU. */
#define BULK_MAX	(1024u << 20)
#define BULK_PIECE	(64u << 10)

enum bulk_op { BULK_CRC, BULK_CMP, BULK_CP };

struct bulk {
	enum bulk_op op;
	uint32_t a, b;		/* source (or first range), destination (or second) */
	uint32_t len, done;
	uint32_t crc;
	bool differ;		/* cmp: a[done] != b[done] ... */
	uint8_t va, vb;		/* ... which read va and vb */
};

static uint32_t piece_len(const struct bulk *k)
{
	return k->len - k->done < BULK_PIECE ? k->len - k->done : BULK_PIECE;
}

/* One piece; under fault_try(), so a fault leaves k->done at its start. */
static void bulk_piece(void *arg)
{
	struct bulk *k = arg;
	uint32_t n = piece_len(k);
	const uint8_t *a = (const uint8_t *)(uintptr_t)(k->a + k->done);
	uint8_t *b = (uint8_t *)(uintptr_t)(k->b + k->done);

	switch (k->op) {
	case BULK_CRC:
		k->crc = crc32_update(k->crc, a, n);
		break;
	case BULK_CMP:
		if (memcmp(a, b, n)) {
			uint32_t i = 0;

			while (a[i] == b[i])
				i++;
			k->differ = true;
			k->va = a[i];
			k->vb = b[i];
			n = i;
		}
		break;
	case BULK_CP:
		memcpy(b, a, n);
		break;
	}
	k->done += n;
}

/* Run @k to the end, a difference, a fault or a Ctrl-C. */
static int bulk_run(struct bulk *k, const char *what)
{
	struct progress p;
	struct fault_info fi;

	progress_start(&p, what, k->len);
	while (k->done < k->len && !k->differ) {
		if (memcmd_interrupted())
			return -EINTR;
		if (fault_try(bulk_piece, k, &fi))
			return memcmd_fault(&fi);
		progress_update(&p, k->done);
	}
	return 0;
}

static int parse_range_args(char **argv, int naddr, uint32_t *addr, uint32_t *len)
{
	for (int i = 0; i < naddr; i++)
		if (shell_parse_arg("address", argv[1 + i], &addr[i]))
			return -EINVAL;
	if (shell_parse_arg("length", argv[1 + naddr], len))
		return -EINVAL;
	return memcmd_check_len(*len, BULK_MAX);
}

static int cmd_crc32(int argc, char **argv)
{
	struct bulk k = { .op = BULK_CRC };
	int err;

	(void)argc;
	err = parse_range_args(argv, 1, &k.a, &k.len);
	if (!err)
		err = memcmd_check_range("source", k.a, k.len, false);
	if (!err)
		err = bulk_run(&k, "crc32");
	if (!err)
		printf("crc32 0x%08lx-0x%08lx (%lu bytes): 0x%08lx\n", (unsigned long)k.a,
		       (unsigned long)(k.a + k.len - 1), (unsigned long)k.len,
		       (unsigned long)k.crc);
	return err;
}
SHELL_CMD(crc32, "<addr> <len>", "CRC-32 (zlib's, U-Boot's) of memory, up to 1G (Ctrl-C stops)",
	  2, 2, cmd_crc32);

/* <a> <b> <len> into k, each range checked under its name: the first read,
 * the second written when b_written. */
static int parse_two_ranges(char **argv, struct bulk *k, const char *a_name,
			    const char *b_name, bool b_written)
{
	uint32_t addr[2];
	int err = parse_range_args(argv, 2, addr, &k->len);

	k->a = addr[0];
	k->b = addr[1];
	if (!err)
		err = memcmd_check_range(a_name, k->a, k->len, false);
	if (!err)
		err = memcmd_check_range(b_name, k->b, k->len, b_written);
	return err;
}

static int cmd_cmp(int argc, char **argv)
{
	struct bulk k = { .op = BULK_CMP };
	int err;

	(void)argc;
	err = parse_two_ranges(argv, &k, "first", "second", false);
	if (!err)
		err = bulk_run(&k, "cmp");
	if (err)
		return err;
	if (!k.differ) {
		printf("cmp: same (%lu bytes)\n", (unsigned long)k.len);
		return 0;
	}
	printf("cmp: first difference at offset 0x%lx: [0x%08lx] = 0x%02x, [0x%08lx] = 0x%02x\n",
	       (unsigned long)k.done, (unsigned long)(k.a + k.done),
	       k.va, (unsigned long)(k.b + k.done), k.vb);
	return 0;
}
SHELL_CMD(cmp, "<a> <b> <len>", "compare memory: first difference, or same (Ctrl-C stops)",
	  3, 3, cmd_cmp);

static int cmd_cp(int argc, char **argv)
{
	struct bulk k = { .op = BULK_CP };
	int err;

	(void)argc;
	err = parse_two_ranges(argv, &k, "source", "destination", true);
	if (!err && mem_overlaps(k.a, k.len, k.b, k.len)) {
		printf("error: source and destination overlap\n");
		err = -EINVAL;
	}
	if (!err)
		err = bulk_run(&k, "cp");
	if (!err)
		printf("cp: %lu bytes copied\n", (unsigned long)k.len);
	return err;
}
SHELL_CMD(cp, "<src> <dst> <len>", "copy memory, not into the firmware's own (Ctrl-C stops)",
	  3, 3, cmd_cp);
