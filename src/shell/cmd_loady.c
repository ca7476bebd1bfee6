/*
 * loady [addr]: receive one file over the console with YMODEM (the pure
 * state machine of src/lib/ymodem.c) into free RAM, then print its name,
 * size and CRC-32. The console carries the protocol while it runs, so
 * nothing else is printed then: the sender (sz, minicom, picocom) shows
 * the progress. Ctrl-C between blocks, or the sender's CAN CAN, cancels.
 */
#include <stdio.h>
#include <string.h>
#include "console.h"
#include "crc32.h"
#include "exception.h"
#include "memcmd.h"
#include "mmu.h"
#include "timer.h"
#include "ymodem.h"

/* Where a file goes by default: RAM's base plus 16 MiB, above any image
 * this firmware builds (on every board), in free RAM. */
#define LOADY_DEFAULT_OFFSET	(16u << 20)
/* 64 MiB takes an hour and a half at 115200 baud: more is a typo. */
#define LOADY_MAX		(64u << 20)
/* After a cancel, input is dropped until the line is this quiet, so the
 * rest of a block in flight does not reach the command line. */
#define DRAIN_QUIET_NS		(500ull * 1000000u)
#define DRAIN_MAX_NS		(5ull * 1000000000u)

struct store {
	uint8_t *dst;
	const uint8_t *src;
	uint32_t len;
	uint32_t crc;
};

static void do_store(void *arg)
{
	struct store *s = arg;

	memcpy(s->dst, s->src, s->len);
}

static void do_crc(void *arg)
{
	struct store *s = arg;

	s->crc = crc32_update(0, s->src, s->len);
}

static void send_replies(const struct ym_action *a)
{
	for (unsigned i = 0; i < a->nreply; i++)
		console_putc((char)a->reply[i]);
}

/* Carry out @a: data to memory (a fault cancels), replies to the sender. */
static int act(uint32_t addr, struct ym_action *a, struct fault_info *fi)
{
	struct store s = { (uint8_t *)(uintptr_t)(addr + a->offset), a->data, a->len, 0 };

	if (a->len && fault_try(do_store, &s, fi)) {
		static const uint8_t can[2] = { YM_CAN, YM_CAN };

		memcpy(a->reply, can, sizeof(can));
		a->nreply = 2;
		a->status = -EFAULT;
	}
	send_replies(a);
	return a->status;
}

static void drain_input(void)
{
	uint64_t start = uptime_ns(), last = start;

	while (uptime_ns() - last < DRAIN_QUIET_NS && uptime_ns() - start < DRAIN_MAX_NS) {
		if (console_getc() >= 0)
			last = uptime_ns();
		else
			shell_idle();
	}
}

static int receive(struct ymodem *y, uint32_t addr, uint32_t cap, struct fault_info *fi)
{
	struct ym_action a;
	int status;

	ym_init(y, cap, uptime_ns(), &a);
	status = act(addr, &a, fi);
	while (status == YM_GOING) {
		int c = console_getc();

		if (c >= 0) {
			ym_byte(y, (uint8_t)c, uptime_ns(), &a);
		} else {
			ym_idle(y, uptime_ns(), &a);
			if (!a.nreply && a.status == YM_GOING)
				shell_idle();
		}
		status = act(addr, &a, fi);
	}
	return status;
}

static void report_failure(int status, const struct ymodem *y, uint32_t cap,
			   const struct fault_info *fi)
{
	switch (status) {
	case -ECANCELED: printf("loady: cancelled by the sender"); break;
	case -EINTR: printf("loady: cancelled (Ctrl-C)"); break;
	case -ETIMEDOUT: printf("loady: the sender stopped answering"); break;
	case -EIO: printf("loady: too many bad blocks in a row"); break;
	case -EPROTO: printf("loady: a block out of sequence"); break;
	case -ENODATA: printf("loady: the sender sent no file"); break;
	case -EFBIG: printf("loady: the file is bigger than the %lu bytes there is room for",
			    (unsigned long)cap); break;
	default: break;
	}
	if (status == -EFAULT)
		memcmd_fault(fi);
	else
		printf(" after %lu bytes\n", (unsigned long)y->received);
}

static int cmd_loady(int argc, char **argv)
{
	static struct ymodem y __noinit;	/* 1 KiB of block buffer, not on the stack; ym_init() sets it */
	uint32_t addr = (uint32_t)mmu_ram()->base + LOADY_DEFAULT_OFFSET, free_start, free_size;
	uint32_t cap;
	struct fault_info fi;
	struct store s;
	int status;

	if (argc > 1 && shell_parse_arg("address", argv[1], &addr))
		return -EINVAL;
	status = memcmd_check_free("loady takes", addr, 1);
	if (status)
		return status;
	memcmd_free_ram(&free_start, &free_size);
	cap = free_size - (addr - free_start);
	if (cap > LOADY_MAX)
		cap = LOADY_MAX;
	printf("loady: send with YMODEM, up to %lu bytes at 0x%08lx (Ctrl-X Ctrl-X cancels)\n",
	       (unsigned long)cap, (unsigned long)addr);
	memcmd_set_loaded(0, 0);	/* go must not run half a file */
	status = receive(&y, addr, cap, &fi);
	if (status != YM_DONE) {
		drain_input();
		report_failure(status, &y, cap, &fi);
		return status;
	}
	s = (struct store){ .src = (const uint8_t *)(uintptr_t)addr, .len = y.received };
	if (fault_try(do_crc, &s, &fi))
		return memcmd_fault(&fi);
	memcmd_set_loaded(addr, y.received);
	printf("loady: '%s', %lu bytes at 0x%08lx, crc32 0x%08lx\n", y.name,
	       (unsigned long)y.received, (unsigned long)addr, (unsigned long)s.crc);
	return 0;
}
SHELL_CMD(loady, "[addr]", "receive a file with YMODEM into free RAM (default RAM + 16M)",
	  0, 1, cmd_loady);
