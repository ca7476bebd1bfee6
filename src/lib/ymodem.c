/* YMODEM receiver state machine: see include/ymodem.h. Pure. */
#include <errno.h>
#include <string.h>
#include "ymodem.h"

uint16_t ym_crc16(const uint8_t *p, size_t n)
{
	uint16_t crc = 0;

	while (n--) {
		crc ^= (uint16_t)(*p++ << 8);
		for (int k = 0; k < 8; k++)
			crc = crc & 0x8000 ? (uint16_t)(crc << 1) ^ 0x1021 : (uint16_t)(crc << 1);
	}
	return crc;
}

static void reply(struct ym_action *a, uint8_t b)
{
	a->reply[a->nreply++] = b;
}

/* Cancel from this side: CAN CAN, and end with @err. */
static void cancel(struct ym_action *a, int err)
{
	a->nreply = 0;
	reply(a, YM_CAN);
	reply(a, YM_CAN);
	a->status = err;
}

static void clear(struct ym_action *a)
{
	memset(a, 0, sizeof(*a));
}

void ym_init(struct ymodem *y, uint32_t capacity, uint64_t now_ns, struct ym_action *a)
{
	memset(y, 0, sizeof(*y));
	y->capacity = capacity;
	y->last_ns = now_ns;
	clear(a);
	reply(a, YM_CRC);
}

/* Waiting for a block 0 (the first, or the one after a file's EOT)? */
static bool want_header(const struct ymodem *y)
{
	return !y->in_file;
}

/* A retry (NAK, or 'C' while waiting for a block 0), or the end. */
static void retry(struct ymodem *y, struct ym_action *a, int err)
{
	unsigned limit = y->started ? YM_MAX_ERRORS : YM_START_TRIES;

	y->got = 0;
	if (++y->errors >= limit) {
		cancel(a, err);
		return;
	}
	reply(a, want_header(y) ? YM_CRC : YM_NAK);
}

/* Decimal digits at @s (up to a space or NUL): 0 and *@v, or -EINVAL. */
static int parse_size(const char *s, const char *end, uint32_t *v)
{
	uint64_t n = 0;

	if (s >= end || *s < '0' || *s > '9')
		return -EINVAL;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > UINT32_MAX)
			return -EINVAL;
	}
	*v = (uint32_t)n;
	return 0;
}

/* Block 0: "name\0size [mtime mode ...]\0", padded with NULs. */
static void header_block(struct ymodem *y, const uint8_t *d, size_t n, struct ym_action *a)
{
	const char *name = (const char *)d, *end = (const char *)d + n;
	size_t len = strnlen(name, n);

	if (!len) {
		/* the batch ends */
		reply(a, YM_ACK);
		a->status = y->have_file ? YM_DONE : -ENODATA;
		return;
	}
	if (y->have_file) {
		/* a second file: this receiver takes one */
		cancel(a, YM_DONE);
		return;
	}
	if (len >= YM_NAME_MAX)
		len = YM_NAME_MAX - 1;
	memcpy(y->name, name, len);
	y->name[len] = '\0';
	name += strnlen(name, n) + 1;
	y->size_known = name < end && !parse_size(name, end, &y->size);
	if (y->size_known && y->size > y->capacity) {
		cancel(a, -EFBIG);
		return;
	}
	y->in_file = true;
	y->started = true;
	y->seq = 1;
	reply(a, YM_ACK);
	reply(a, YM_CRC);
}

static void data_block(struct ymodem *y, const uint8_t *d, uint32_t n, struct ym_action *a)
{
	uint32_t len = n;

	if (y->size_known) {
		if (len > y->size - y->received)
			len = y->size - y->received;	/* the padding of the last block */
	} else if (len > y->capacity - y->received) {
		cancel(a, -EFBIG);
		return;
	}
	a->data = d;
	a->offset = y->received;
	a->len = len;
	y->received += len;
	y->seq++;
	reply(a, YM_ACK);
}

/* A whole block is in buf: check it and act. */
static void block_done(struct ymodem *y, struct ym_action *a)
{
	uint32_t n = y->need - 5u;
	const uint8_t *d = y->buf + 3;
	uint8_t seq = y->buf[1];

	y->got = 0;
	if ((uint8_t)(seq ^ y->buf[2]) != 0xff ||
	    ym_crc16(d, n) != (uint16_t)(d[n] << 8 | d[n + 1])) {
		retry(y, a, -EIO);
		return;
	}
	y->errors = 0;
	if (want_header(y) && seq == 0)
		header_block(y, d, n, a);
	else if (y->in_file && seq == y->seq)
		data_block(y, d, n, a);
	else if (y->started && seq == (uint8_t)(y->seq - 1)) {
		/* our ACK was lost and it came again (a block 0: and our 'C') */
		reply(a, YM_ACK);
		if (!seq)
			reply(a, YM_CRC);
	}
	else
		cancel(a, -EPROTO);
}

/* A byte where a block may start. */
static void boundary_byte(struct ymodem *y, uint8_t byte, struct ym_action *a)
{
	bool was_can = y->can;

	y->can = false;
	switch (byte) {
	case YM_SOH:
	case YM_STX:
		/* need tells the block sizes apart: buf[0] is not stored */
		y->need = byte == YM_SOH ? 3 + 128 + 2 : 3 + 1024 + 2;
		y->got = 1;
		break;
	case YM_EOT:
		if (!y->in_file) {
			reply(a, YM_ACK);	/* a repeat of the EOT we ACKed */
		} else if (!y->eot_nak) {
			y->eot_nak = true;
			reply(a, YM_NAK);	/* the reference's check of a real EOT */
		} else {
			y->in_file = false;
			y->have_file = true;
			reply(a, YM_ACK);
			reply(a, YM_CRC);
		}
		break;
	case YM_CAN:
		if (was_can)
			a->status = -ECANCELED;
		y->can = true;
		break;
	case YM_CTRL_C:
		cancel(a, -EINTR);
		break;
	default:
		break;		/* line noise between blocks: the timeout retries */
	}
}

void ym_byte(struct ymodem *y, uint8_t byte, uint64_t now_ns, struct ym_action *a)
{
	clear(a);
	y->last_ns = now_ns;
	if (y->purging)
		return;		/* the rest of a block given up on */
	if (!y->got) {
		boundary_byte(y, byte, a);
		return;
	}
	y->buf[y->got++] = byte;
	if (y->got == y->need)
		block_done(y, a);
}

void ym_idle(struct ymodem *y, uint64_t now_ns, struct ym_action *a)
{
	clear(a);
	if (now_ns - y->last_ns < YM_TIMEOUT_NS)
		return;
	y->last_ns = now_ns;
	y->can = false;
	/*
	 * A block cut short may still be on its way (a stalled line): after
	 * the NAK, drop whatever comes until the line is quiet, so none of its
	 * bytes is taken for a block start (a stray EOT, CAN or Ctrl-C). The
	 * quiet timeout then ends the purge with another NAK.
	 */
	y->purging = y->got != 0;
	retry(y, a, -ETIMEDOUT);
}
