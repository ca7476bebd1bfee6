/*
 * libFuzzer target for the YMODEM receiver (src/lib/ymodem.c): whatever
 * arrives on the line, it must stay within its buffers and its contract.
 *
 * Input: the bytes as received, except that 0xfe 0xfe n lets n * 100 ms
 * pass in silence (ym_idle()), so timeouts fall at arbitrary points. (A
 * lone 0xfe is data: it is block 1's complemented number.)
 * Besides ASan/UBSan, it checks after every call:
 *   - at most two reply bytes, each one a protocol byte (ACK, NAK, CAN, 'C');
 *   - data comes from the receiver's block buffer, 128 or 1024 bytes or
 *     fewer, and [offset, offset + len) is within the capacity and starts
 *     where the file so far ends (no holes, nothing written twice);
 *   - once the status is non-zero (done or an error), input stops;
 *   - a CAN CAN reply always comes with an error status.
 *
 * clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude tests/fuzz/fuzz_ymodem.c \
 *     src/lib/ymodem.c -o /tmp/fuzz_ymodem
 * /tmp/fuzz_ymodem -max_total_time=60 tests/fuzz/corpus_ymodem
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ymodem.h"

#define CAPACITY	5000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct ymodem *y, const struct ym_action *a, uint32_t *end)
{
	for (unsigned i = 0; i < a->nreply; i++) {
		uint8_t r = a->reply[i];

		if (r != YM_ACK && r != YM_NAK && r != YM_CAN && r != YM_CRC)
			abort();
	}
	if (a->nreply > 2 || (a->nreply == 2 && a->reply[0] == YM_CAN && a->status >= 0 &&
			      a->status != YM_DONE))
		abort();
	if (a->len) {
		if (a->len > 1024 || a->data < y->buf + 3 || a->data + a->len > y->buf + sizeof(y->buf))
			abort();
		if (a->offset != *end || a->offset + a->len > CAPACITY || a->offset + a->len < a->offset)
			abort();
		*end += a->len;
	}
	if (y->received != *end)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ymodem y;
	struct ym_action a;
	uint64_t now = 1000000000ull;
	uint32_t end = 0;

	ym_init(&y, CAPACITY, now, &a);
	check(&y, &a, &end);
	for (size_t i = 0; i < size && a.status == YM_GOING; i++) {
		if (data[i] == 0xfe && i + 2 < size && data[i + 1] == 0xfe) {
			i += 2;
			now += data[i] * 100000000ull;
			ym_idle(&y, now, &a);
		} else {
			now += 100000u;
			ym_byte(&y, data[i], now, &a);
		}
		check(&y, &a, &end);
	}
	return 0;
}
