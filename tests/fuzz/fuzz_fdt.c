/*
 * libFuzzer harness for src/lib/fdt.c: arbitrary bytes as a DTB.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *	tests/fuzz/fuzz_fdt.c src/lib/fdt.c -o /tmp/fuzz_fdt
 *   mkdir -p /tmp/fdt_corpus
 *   /tmp/fuzz_fdt -max_total_time=60 /tmp/fdt_corpus tests/fuzz/corpus_fdt
 *
 * libFuzzer writes every new input into the first directory it is given;
 * naming a scratch one first keeps the checked-in seeds to a handful.
 *
 * libFuzzer hands over a heap buffer of exactly size bytes, so
 * AddressSanitizer reports any read at data[size] or beyond; a hang shows up
 * as a timeout. Beyond that, the contract in include/fdt.h is checked here:
 * only the documented error codes, outputs untouched on error, a result that
 * fits below 4 GiB on success, and agreement with fdt_check_header().
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fdt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SENTINEL	0x5a5a5a5a5a5a5a5aull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t base = SENTINEL, size_out = SENTINEL;
	int hdr = fdt_check_header(data, size);
	int ret = fdt_find_memory(data, size, &base, &size_out);

	if (hdr != 0 && hdr != -EINVAL)
		abort();

	switch (ret) {
	case 0:
		if (hdr != 0)
			abort();
		if (base > 0xffffffffu || size_out > 0xffffffffu ||
		    base + size_out > 0x100000000ull)
			abort();
		break;
	case -EINVAL:
	case -ENOENT:
	case -ERANGE:
		if (ret != -EINVAL && hdr != 0)
			abort();
		if (base != SENTINEL || size_out != SENTINEL)
			abort();
		break;
	default:
		abort();
	}
	return 0;
}
