/*
 * rx: receive raw bytes over the console and print their CRC-32, a check
 * of the serial link. Any byte value is data, Ctrl-C (0x03) included, so
 * Ctrl-C stops a transfer the way a modem's escape does (Hayes "+++"): only
 * on its own, with half a second of silence before and after it.
 */
#include <stdio.h>
#include "console.h"
#include "crc32.h"
#include "monitor.h"
#include "timer.h"

#define CTRL_C		0x03
/* 16 MiB takes about 25 minutes at 115200 baud; more is a typo. */
#define RX_MAX		(16u << 20)
#define RX_TIMEOUT_NS	(10ull * 1000000000u)
#define RX_GUARD_NS	(500ull * 1000000u)

struct rx_state {
	uint32_t len, got, crc;
	uint64_t last;		/* when the last byte (or the command) came */
	bool held;		/* a Ctrl-C after a silence: a stop, or data? */
};

static void rx_take(struct rx_state *s, uint8_t byte)
{
	s->crc = crc32_update(s->crc, &byte, 1);
	s->got++;
}

/*
 * One received byte at @now. A Ctrl-C after RX_GUARD_NS of silence is held
 * back: more data within RX_GUARD_NS makes it data; silence makes it a stop
 * (rx_idle()). One that would complete the transfer is always data.
 */
static void rx_byte(struct rx_state *s, uint8_t byte, uint64_t now)
{
	if (s->held) {
		s->held = false;
		rx_take(s, CTRL_C);
	}
	if (byte == CTRL_C && now - s->last >= RX_GUARD_NS && s->got + 1 < s->len)
		s->held = true;
	else
		rx_take(s, byte);
	s->last = now;
}

/* Nothing received by @now: 0 to keep waiting, else why the transfer ends. */
static int rx_idle(const struct rx_state *s, uint64_t now)
{
	if (s->held && now - s->last >= RX_GUARD_NS) {
		printf("rx: stopped by Ctrl-C after %lu bytes\n", (unsigned long)s->got);
		return -EINTR;
	}
	if (now - s->last > RX_TIMEOUT_NS) {
		printf("rx: timed out after %lu bytes\n", (unsigned long)s->got);
		return -ETIMEDOUT;
	}
	return 0;
}

static int cmd_rx(int argc, char **argv)
{
	struct rx_state s = { .last = uptime_ns() };
	uint32_t dropped = console_rx_dropped();

	(void)argc;
	if (shell_parse_arg("length", argv[1], &s.len))
		return -EINVAL;
	if (s.len > RX_MAX) {
		printf("error: %lu bytes is more than rx takes (%lu, about 25 minutes at 115200 baud)\n",
		       (unsigned long)s.len, (unsigned long)RX_MAX);
		return -E2BIG;
	}
	printf("rx: send %lu bytes (Ctrl-C alone, after a pause, stops)\n", (unsigned long)s.len);
	while (s.got < s.len) {
		int c = console_getc();
		int err;

		if (c >= 0) {
			rx_byte(&s, (uint8_t)c, uptime_ns());
			continue;
		}
		err = rx_idle(&s, uptime_ns());
		if (err)
			return err;
		shell_idle();
	}
	printf("rx: %lu bytes, crc32 0x%08lx, dropped %lu\n", (unsigned long)s.got,
	       (unsigned long)s.crc, (unsigned long)(console_rx_dropped() - dropped));
	return 0;
}
SHELL_CMD(rx, "<len>", "receive len raw bytes (up to 16M); print their CRC-32", 1, 1, cmd_rx);
