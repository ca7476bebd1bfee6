/*
 * rx: receive raw bytes over the console and print their CRC-32, a check
 * of the serial link. Any byte value is data; a Ctrl-C on its own, between
 * pauses, stops it (rx_guard in shell.h).
 */
#include <stdio.h>
#include "console.h"
#include "crc32.h"
#include "monitor.h"
#include "timer.h"

/* 16 MiB takes about 25 minutes at 115200 baud; more is a typo. */
#define RX_MAX		(16u << 20)

static int cmd_rx(int argc, char **argv)
{
	struct rx_guard g;
	uint32_t len, crc = 0, dropped = console_rx_dropped();
	int err = 0;

	(void)argc;
	if (shell_parse_arg("length", argv[1], &len))
		return -EINVAL;
	if (len > RX_MAX) {
		printf("error: %lu bytes is more than rx takes (%lu, about 25 minutes at 115200 baud)\n",
		       (unsigned long)len, (unsigned long)RX_MAX);
		return -E2BIG;
	}
	printf("rx: send %lu bytes (Ctrl-C alone, after a pause, stops)\n", (unsigned long)len);
	rx_guard_init(&g, len, uptime_ns());
	while (g.got < len) {
		int c = console_getc();
		uint8_t data[2];

		if (c >= 0) {
			unsigned n = rx_guard_byte(&g, (uint8_t)c, uptime_ns(), data);

			crc = crc32_update(crc, data, n);
			continue;
		}
		err = rx_guard_idle(&g, uptime_ns());
		if (err)
			break;
		shell_idle();
	}
	if (err == -EINTR)
		printf("rx: stopped by Ctrl-C after %lu bytes\n", (unsigned long)g.got);
	else if (err)
		printf("rx: timed out after %lu bytes\n", (unsigned long)g.got);
	else
		printf("rx: %lu bytes, crc32 0x%08lx, dropped %lu\n", (unsigned long)g.got,
		       (unsigned long)crc, (unsigned long)(console_rx_dropped() - dropped));
	return err;
}
SHELL_CMD(rx, "<len>", "receive len raw bytes (up to 16M); print their CRC-32", 1, 1, cmd_rx);
