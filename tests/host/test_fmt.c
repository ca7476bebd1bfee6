/* Host tests: the console's small formatter (src/lib/fmt.c) against the C
 * library's vsnprintf(), output and return value, for every conversion it
 * takes, and its refusal of the rest. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fmt.h"

static int ours(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static int theirs(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Both formatters into buffers of the given size (canaries after it): the
 * same return value and the same bytes, nothing written past size. */
#define SAME(size, ...)								\
	do {									\
		char a[80], b[80];						\
		int na, nb;							\
										\
		memset(a, 0x5a, sizeof(a));					\
		memset(b, 0x5a, sizeof(b));					\
		na = ours(a, (size), __VA_ARGS__);				\
		nb = theirs(b, (size), __VA_ARGS__);				\
		assert_int_equal(na, nb);					\
		assert_memory_equal(a, b, sizeof(a));				\
	} while (0)

static void fmt_matches_snprintf(void **state)
{
	const char *null = NULL;

	(void)state;
	SAME(80, "plain text, no conversion");
	SAME(80, "");
	SAME(80, "100%% of %s", "it");
	SAME(80, "firmware on %s: %s %s, MIDR 0x%08lx\n", "virt", "ARMv7-A", "Cortex-A15",
	     0x414fc0f0ul);
	SAME(80, "RAM 0x%08lx, %lu MiB (%s)\n", 0x40000000ul, 128ul, "from the device tree");
	SAME(80, "%u %d %d %i %ld %lu", 0u, -1, INT_MIN, INT_MAX, LONG_MIN, ULONG_MAX);
	SAME(80, "%x %X %lx %08lx %02x %04x %03lx", 0xdeadbeefu, 0xabcu, 0ul, 0x1ul, 0x5u,
	     0xffffu, 0x1234ul);
	SAME(80, "[%6lu] [%-2u] [%5u] [%-6d] [%06d] [%6d]", 42ul, 7u, 123456u, -5, -42, -42);
	SAME(80, "[%-10s] [%3s] [%-3s] [%10s]", "uart0", "toolong", "ab", "");
	SAME(80, "[%c] [%3c] [%-3c]", 'x', 'y', 'z');
	SAME(80, "[%0*lx] [%*d] [%*d] [%-*s]", 8, 0xbeeful, 4, 7, -4, 7, 6, "ab");
	SAME(80, "%zu %zx", (size_t)123456, (size_t)0xfeed);
	SAME(80, "[%s]", null);	/* glibc and newlib both print "(null)" */
	SAME(80, "[%.3s] [%.0s] [%.9s] [%-6.2s] [%5.1s]", "abcdef", "xyz", "ab", "abc", "abc");
	SAME(80, "[%.*s] [%.*s] [%*.*s]", 2, "abc", -1, "neg", 6, 3, "abcdef");
	SAME(80, "[%p] [%14p] [%-14p]", (void *)0x1234, (void *)0xbeef, (void *)0x40100000);
	/* Truncation: the count is the whole output, the buffer ends in NUL. */
	SAME(1, "abc %d", 12345);
	SAME(5, "abc %d", 12345);
	SAME(6, "%08lx", 0x12ul);
	SAME(3, "%-6s|", "ab");
	SAME(4, "%6s|", "ab");
}

static void fmt_size_zero_writes_nothing(void **state)
{
	char c = 'q';

	(void)state;
	assert_int_equal(ours(&c, 0, "%s and %u", "more", 17u), 11);
	assert_int_equal(c, 'q');
}

static void fmt_refuses_what_it_does_not_format(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(ours(buf, sizeof(buf), "%.3d", 1), -ENOTSUP);
	assert_int_equal(ours(buf, sizeof(buf), "%.2x", 1u), -ENOTSUP);
	assert_int_equal(ours(buf, sizeof(buf), "%lp", (void *)buf), -ENOTSUP);
	assert_int_equal(ours(buf, sizeof(buf), "%llu", 1ull), -ENOTSUP);
	assert_int_equal(ours(buf, sizeof(buf), "% d", 1), -ENOTSUP);
	assert_int_equal(ours(buf, sizeof(buf), "%+d", 1), -ENOTSUP);
	assert_int_equal(ours(buf, sizeof(buf), "%#x", 1u), -ENOTSUP);
	assert_int_equal(ours(buf, sizeof(buf), "%f", 1.0), -ENOTSUP);
	assert_int_equal(ours(buf, sizeof(buf), "trailing %"), -ENOTSUP);
}

/* A precision bounds what %s reads: an array without a NUL is fine. */
static void fmt_precision_reads_no_further(void **state)
{
	const char bytes[3] = { 'a', 'b', 'c' };	/* no NUL */
	char buf[16];

	(void)state;
	assert_int_equal(ours(buf, sizeof(buf), "[%.3s]", bytes), 5);
	assert_string_equal(buf, "[abc]");
}

/* The firmware's snprintf has no C-library fallback: a conversion outside
 * the subset shows up as text, from its '%' on, and is counted. */
static void fmt_vsnprintf_writes_an_unsupported_conversion_as_text(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "n=%d %+d tail", 4, 5), 12);
	assert_string_equal(buf, "n=4 %+d tail");
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%u%%", 7u), 2);
	assert_string_equal(buf, "7%");
}

/* fmt_vprint(): the sink gets every byte, in order, a chunk at a time. */
struct sink_log {
	char text[256];
	size_t len;
	unsigned calls, largest;
};

static void log_sink(void *ctx, const char *bytes, size_t n)
{
	struct sink_log *l = ctx;

	assert_true(n > 0);
	assert_true(l->len + n < sizeof(l->text));
	memcpy(l->text + l->len, bytes, n);
	l->len += n;
	l->calls++;
	if (n > l->largest)
		l->largest = (unsigned)n;
}

static int print(struct sink_log *l, size_t chunk_size, const char *fmt, ...)
{
	char chunk[8];
	va_list ap;
	int n;

	assert_true(chunk_size <= sizeof(chunk));
	memset(l, 0, sizeof(*l));
	va_start(ap, fmt);
	n = fmt_vprint(log_sink, l, chunk, chunk_size, fmt, ap);
	va_end(ap);
	return n;
}

static void fmt_vprint_hands_on_every_chunk_in_order(void **state)
{
	struct sink_log l;
	char want[128];
	int n;

	(void)state;
	n = snprintf(want, sizeof(want), "RAM 0x%08lx, %lu MiB [%-12s] %c%%\n", 0x40000000ul,
		     128ul, "tree", 'z');
	assert_int_equal(print(&l, 4, "RAM 0x%08lx, %lu MiB [%-12s] %c%%\n", 0x40000000ul,
			       128ul, "tree", 'z'), n);
	assert_int_equal(l.len, (size_t)n);
	assert_memory_equal(l.text, want, (size_t)n);
	assert_int_equal(l.largest, 4);
	assert_int_equal(l.calls, (n + 3) / 4);
	/* Short output: one call at the end; none for no output at all. */
	assert_int_equal(print(&l, 8, "ab%s", "c"), 3);
	assert_int_equal(l.calls, 1);
	assert_memory_equal(l.text, "abc", 3);
	assert_int_equal(print(&l, 8, "%s", ""), 0);
	assert_int_equal(l.calls, 0);
	/* Exactly a chunk: one call. */
	assert_int_equal(print(&l, 8, "%08x", 0x1234u), 8);
	assert_int_equal(l.calls, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fmt_matches_snprintf),
		cmocka_unit_test(fmt_size_zero_writes_nothing),
		cmocka_unit_test(fmt_refuses_what_it_does_not_format),
		cmocka_unit_test(fmt_precision_reads_no_further),
		cmocka_unit_test(fmt_vsnprintf_writes_an_unsupported_conversion_as_text),
		cmocka_unit_test(fmt_vprint_hands_on_every_chunk_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
