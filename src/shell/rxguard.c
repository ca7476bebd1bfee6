/*
 * When a raw transfer (the rx command) ends: a pure state machine over byte
 * arrivals and their times; see struct rx_guard in shell.h.
 */
#include "shell.h"

#define CTRL_C	0x03

void rx_guard_init(struct rx_guard *g, uint32_t len, uint64_t now_ns)
{
	*g = (struct rx_guard){ .len = len, .last_ns = now_ns };
}

unsigned rx_guard_byte(struct rx_guard *g, uint8_t byte, uint64_t now_ns, uint8_t out[2])
{
	unsigned n = 0;

	if (g->held) {
		/* Data followed the Ctrl-C within the guard time: it was data. */
		g->held = false;
		out[n++] = CTRL_C;
	}
	if (byte == CTRL_C && now_ns - g->last_ns >= RX_GUARD_NS && g->got + n + 1 < g->len)
		g->held = true;
	else
		out[n++] = byte;
	g->got += n;
	g->last_ns = now_ns;
	return n;
}

int rx_guard_idle(const struct rx_guard *g, uint64_t now_ns)
{
	if (g->held && now_ns - g->last_ns >= RX_GUARD_NS)
		return -EINTR;
	if (!g->held && now_ns - g->last_ns >= RX_TIMEOUT_NS)
		return -ETIMEDOUT;
	return 0;
}
