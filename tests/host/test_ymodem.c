/*
 * Host tests for the YMODEM receiver (src/lib/ymodem.c): whole transfers
 * built here as a sender would send them, corrupted and repeated blocks,
 * timeouts, cancels from either side and the size limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ymodem.h"

#define SEC	1000000000ull
#define CAP	(64u * 1024u)

static struct ymodem y;
static uint8_t file[CAP];		/* where the receiver's data goes */
static uint8_t sent[4096];		/* what the receiver replied */
static size_t nsent;
static uint64_t now;

/* Apply an action: keep its reply, store its data. */
static int apply(const struct ym_action *a)
{
	for (unsigned i = 0; i < a->nreply; i++)
		sent[nsent++] = a->reply[i];
	if (a->len) {
		assert_true(a->offset + a->len <= CAP);
		memcpy(file + a->offset, a->data, a->len);
	}
	return a->status;
}

/* Feed @n bytes 1 ms apart; the first non-zero status (the rest must not
 * follow one). */
static int feed(const uint8_t *p, size_t n)
{
	struct ym_action a;
	int status = 0;

	for (size_t i = 0; i < n; i++) {
		now += 1000000u;
		ym_byte(&y, p[i], now, &a);
		assert_int_equal(status, 0);
		status = apply(&a);
	}
	return status;
}

static int feed1(uint8_t b)
{
	return feed(&b, 1);
}

static int idle(uint64_t after)
{
	struct ym_action a;

	now += after;
	ym_idle(&y, now, &a);
	return apply(&a);
}

/* The replies since the last call, as a string of bytes. */
static size_t take_sent(uint8_t *out)
{
	size_t n = nsent;

	memcpy(out, sent, n);
	nsent = 0;
	return n;
}

static void assert_sent(const char *want, size_t n)
{
	uint8_t got[4096];
	size_t k = take_sent(got);

	assert_int_equal(k, n);
	assert_memory_equal(got, want, n);
}

/* A block as a sender builds it: SOH/STX, seq, ~seq, data padded with
 * @pad to 128 or 1024, CRC high byte first. Returns its length. */
static size_t block(uint8_t *out, uint8_t seq, const void *data, size_t n, size_t size,
		    uint8_t pad)
{
	uint16_t crc;

	out[0] = size == 128 ? YM_SOH : YM_STX;
	out[1] = seq;
	out[2] = (uint8_t)~seq;
	memset(out + 3, pad, size);
	memcpy(out + 3, data, n);
	crc = ym_crc16(out + 3, size);
	out[3 + size] = (uint8_t)(crc >> 8);
	out[4 + size] = (uint8_t)crc;
	return size + 5;
}

static size_t header(uint8_t *out, const char *name, const char *size)
{
	char d[128] = { 0 };
	size_t k = strlen(name) + 1;

	memcpy(d, name, k);
	if (size)
		memcpy(d + k, size, strlen(size));
	return block(out, 0, d, sizeof(d), 128, 0);
}

static uint8_t blk[1100];

static void start(uint32_t cap)
{
	struct ym_action a;

	memset(file, 0, sizeof(file));
	nsent = 0;
	now = 5 * SEC;
	ym_init(&y, cap, now, &a);
	assert_int_equal(apply(&a), 0);
	assert_sent("C", 1);
}

static int send_header(const char *name, const char *size)
{
	return feed(blk, header(blk, name, size));
}

static void pattern(uint8_t *p, size_t n, unsigned salt)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + salt + (i >> 8));
}

static void test_crc16_check_value(void **state)
{
	(void)state;
	assert_int_equal(ym_crc16((const uint8_t *)"123456789", 9), 0x31c3);
	assert_int_equal(ym_crc16(NULL, 0), 0);
}

/* A name longer than y.name keeps as much as fits: YM_NAME_MAX - 1 bytes and the NUL. */
static void test_long_name_keeps_what_fits(void **state)
{
	char name[100];

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	start(CAP);
	assert_int_equal(send_header(name, "10"), 0);
	assert_int_equal(strlen(y.name), YM_NAME_MAX - 1);
	assert_memory_equal(y.name, name, YM_NAME_MAX - 1);
}

/* EOT, EOT, then the empty block 0 that ends the batch. */
static int finish(void)
{
	nsent = 0;	/* what came before is not this check's */
	assert_int_equal(feed1(YM_EOT), 0);
	assert_sent("\x15", 1);
	assert_int_equal(feed1(YM_EOT), 0);
	assert_sent("\x06" "C", 2);
	return send_header("", NULL);
}

static void test_whole_transfer(void **state)
{
	static uint8_t data[1300];

	(void)state;
	pattern(data, sizeof(data), 1);
	start(CAP);
	assert_int_equal(send_header("prog.bin", "1300 14547735672 100644"), 0);
	assert_sent("\x06" "C", 2);
	assert_string_equal(y.name, "prog.bin");
	assert_int_equal(y.size, 1300);
	/* one 1 KiB block, then 128-byte ones; the last padded with 0x1a */
	assert_int_equal(feed(blk, block(blk, 1, data, 1024, 1024, 0x1a)), 0);
	assert_int_equal(feed(blk, block(blk, 2, data + 1024, 128, 128, 0x1a)), 0);
	assert_int_equal(feed(blk, block(blk, 3, data + 1152, 128, 128, 0x1a)), 0);
	assert_sent("\x06\x06\x06", 3);
	assert_int_equal(y.received, 1280);
	assert_int_equal(feed(blk, block(blk, 4, data + 1280, 20, 128, 0x1a)), 0);
	assert_int_equal(y.received, 1300);
	assert_int_equal(finish(), YM_DONE);
	assert_sent("\x06", 1);
	assert_memory_equal(file, data, 1300);
	/* nothing past the size: the padding is not stored */
	assert_int_equal(file[1300], 0);
}

static void test_corrupted_block_is_nakked_then_taken(void **state)
{
	static uint8_t data[128];
	size_t n;

	(void)state;
	pattern(data, sizeof(data), 2);
	start(CAP);
	assert_int_equal(send_header("a", "128"), 0);
	nsent = 0;	/* what came before is not this check's */
	n = block(blk, 1, data, 128, 128, 0);
	blk[40] ^= 0x10;			/* a bit flipped on the line */
	assert_int_equal(feed(blk, n), 0);
	assert_sent("\x15", 1);
	assert_int_equal(y.received, 0);
	blk[40] ^= 0x10;
	blk[2] ^= 1;				/* a bad complement */
	assert_int_equal(feed(blk, n), 0);
	assert_sent("\x15", 1);
	blk[2] ^= 1;
	assert_int_equal(feed(blk, n), 0);	/* the retransmission */
	assert_sent("\x06", 1);
	assert_int_equal(finish(), YM_DONE);
	assert_memory_equal(file, data, 128);
}

static void test_repeated_block_is_acked_not_stored(void **state)
{
	static uint8_t data[256];

	(void)state;
	pattern(data, sizeof(data), 3);
	start(CAP);
	assert_int_equal(send_header("a", "256"), 0);
	assert_int_equal(send_header("a", "256"), 0);	/* our ACK was lost */
	assert_sent("\x06" "C\x06" "C", 4);
	assert_int_equal(feed(blk, block(blk, 1, data, 128, 128, 0)), 0);
	assert_int_equal(feed(blk, block(blk, 1, data, 128, 128, 0)), 0);
	assert_sent("\x06\x06", 2);
	assert_int_equal(y.received, 128);
	assert_int_equal(feed(blk, block(blk, 2, data + 128, 128, 128, 0)), 0);
	assert_int_equal(finish(), YM_DONE);
	assert_memory_equal(file, data, 256);
}

static void test_out_of_sequence_cancels(void **state)
{
	(void)state;
	start(CAP);
	assert_int_equal(send_header("a", "1000"), 0);
	nsent = 0;	/* what came before is not this check's */
	assert_int_equal(feed(blk, block(blk, 3, "x", 1, 128, 0)), -EPROTO);
	assert_sent("\x18\x18", 2);
}

static void test_timeouts(void **state)
{
	static uint8_t data[128];
	size_t n;

	(void)state;
	pattern(data, sizeof(data), 4);
	start(CAP);
	/* before the timeout: nothing; then 'C' again, for a minute */
	assert_int_equal(idle(SEC / 2), 0);
	assert_sent("", 0);
	for (unsigned i = 1; i < YM_START_TRIES; i++) {
		assert_int_equal(idle(SEC), 0);
		assert_sent("C", 1);
	}
	assert_int_equal(send_header("a", "128"), 0);
	nsent = 0;	/* what came before is not this check's */
	/* half a block, then silence: dropped and NAKed */
	n = block(blk, 1, data, 128, 128, 0);
	assert_int_equal(feed(blk, 60), 0);
	assert_int_equal(idle(SEC), 0);
	assert_sent("\x15", 1);
	/* the rest of it arrives late, then the sender's copy: all dropped
	 * until the line is quiet, even what looks like Ctrl-C, CAN CAN, EOT */
	assert_int_equal(feed(blk + 60, n - 60), 0);
	assert_int_equal(feed((const uint8_t *)"\x03\x18\x18\x04", 4), 0);
	assert_int_equal(feed(blk, n), 0);
	assert_int_equal(idle(SEC / 2), 0);
	assert_sent("", 0);
	assert_int_equal(y.received, 0);
	assert_int_equal(idle(SEC), 0);
	assert_sent("\x15", 1);
	assert_int_equal(feed(blk, n), 0);
	assert_sent("\x06", 1);
	assert_int_equal(finish(), YM_DONE);
	assert_memory_equal(file, data, 128);
}

static void test_no_sender_times_out(void **state)
{
	int status = 0;
	unsigned tries = 0;

	(void)state;
	start(CAP);
	while (!status && tries < 1000) {
		status = idle(SEC);
		tries++;
	}
	assert_int_equal(status, -ETIMEDOUT);
	assert_int_equal(tries, YM_START_TRIES);
	assert_int_equal(sent[nsent - 2], YM_CAN);
	assert_int_equal(sent[nsent - 1], YM_CAN);
}

static void test_too_many_bad_blocks(void **state)
{
	size_t n;
	int status = 0;
	unsigned naks = 0;

	(void)state;
	start(CAP);
	assert_int_equal(send_header("a", "128"), 0);
	nsent = 0;	/* what came before is not this check's */
	n = block(blk, 1, "x", 1, 128, 0);
	blk[n - 1] ^= 1;
	while (!status && naks < 100) {
		status = feed(blk, n);
		naks++;
	}
	assert_int_equal(status, -EIO);
	assert_int_equal(naks, YM_MAX_ERRORS);
}

static void test_sender_cancels(void **state)
{
	(void)state;
	start(CAP);
	assert_int_equal(send_header("a", "1000"), 0);
	assert_int_equal(feed(blk, block(blk, 1, "x", 1, 128, 0)), 0);
	/* one CAN is line noise; two in a row cancel */
	assert_int_equal(feed1(YM_CAN), 0);
	assert_int_equal(feed1('z'), 0);
	assert_int_equal(feed1(YM_CAN), 0);
	assert_int_equal(feed1(YM_CAN), -ECANCELED);
}

/* Two CANs with a timeout between them are not in a row: no cancel. */
static void test_can_pair_broken_by_timeout(void **state)
{
	(void)state;
	start(CAP);
	assert_int_equal(send_header("a", "1000"), 0);
	assert_int_equal(feed1(YM_CAN), 0);
	assert_int_equal(idle(SEC), 0);
	assert_int_equal(feed1(YM_CAN), 0);
	assert_int_equal(feed(blk, block(blk, 1, "x", 1, 128, 0)), 0);
}

static void test_can_inside_a_block_is_data(void **state)
{
	static uint8_t data[128];

	(void)state;
	memset(data, YM_CAN, sizeof(data));
	data[5] = YM_CTRL_C;
	start(CAP);
	assert_int_equal(send_header("a", "128"), 0);
	assert_int_equal(feed(blk, block(blk, 1, data, 128, 128, 0)), 0);
	assert_int_equal(finish(), YM_DONE);
	assert_memory_equal(file, data, 128);
}

static void test_ctrl_c_between_blocks_cancels(void **state)
{
	(void)state;
	start(CAP);
	assert_int_equal(feed1(YM_CTRL_C), -EINTR);
	assert_sent("\x18\x18", 2);
}

static void test_too_big(void **state)
{
	(void)state;
	start(1000);
	assert_int_equal(send_header("big", "1001"), -EFBIG);
	assert_sent("\x18\x18", 2);
	/* exactly the capacity fits */
	start(1000);
	assert_int_equal(send_header("fits", "1000"), 0);
	assert_sent("\x06" "C", 2);
	/* without a size: refused at the block that would not fit */
	start(1000);
	assert_int_equal(send_header("nosize", NULL), 0);
	assert_int_equal(y.size_known, 0);
	nsent = 0;	/* what came before is not this check's */
	for (uint8_t s = 1; s <= 7; s++)
		assert_int_equal(feed(blk, block(blk, s, "", 0, 128, 0)), 0);
	assert_int_equal(feed(blk, block(blk, 8, "", 0, 128, 0)), -EFBIG);
	assert_int_equal(y.received, 7 * 128);
}

static void test_sequence_wraps(void **state)
{
	static uint8_t data[300 * 128];

	(void)state;
	pattern(data, sizeof(data), 5);
	start(CAP);
	assert_int_equal(send_header("long", "38400"), 0);
	for (unsigned i = 0; i < 300; i++)
		assert_int_equal(feed(blk, block(blk, (uint8_t)(i + 1), data + 128 * i, 128, 128, 0)),
				 0);
	assert_int_equal(finish(), YM_DONE);
	assert_memory_equal(file, data, sizeof(data));
}

static void test_empty_batch(void **state)
{
	(void)state;
	start(CAP);
	assert_int_equal(send_header("", NULL), -ENODATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc16_check_value),
		cmocka_unit_test(test_whole_transfer),
		cmocka_unit_test(test_long_name_keeps_what_fits),
		cmocka_unit_test(test_corrupted_block_is_nakked_then_taken),
		cmocka_unit_test(test_repeated_block_is_acked_not_stored),
		cmocka_unit_test(test_out_of_sequence_cancels),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_no_sender_times_out),
		cmocka_unit_test(test_too_many_bad_blocks),
		cmocka_unit_test(test_sender_cancels),
		cmocka_unit_test(test_can_pair_broken_by_timeout),
		cmocka_unit_test(test_can_inside_a_block_is_data),
		cmocka_unit_test(test_ctrl_c_between_blocks_cancels),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_sequence_wraps),
		cmocka_unit_test(test_empty_batch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
