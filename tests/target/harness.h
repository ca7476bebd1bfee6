/*
 * On-target test harness. A test file is a list of cases:
 *
 *     TEST(bss_is_zero) { CHECK_EQ(zeroed, 0); }
 *
 * Each case runs in order; a failed CHECK prints the file, line, expression
 * and values, and ends that case. Results are TAP lines on the semihosting
 * console; the image exits through SYS_EXIT_EXTENDED with 0 only if every
 * case passed.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct testcase {
	const char *name;
	void (*fn)(void);
};

#define TEST(n)									\
	static void test_##n(void);						\
	static const struct testcase testcase_##n				\
		__attribute__((used, section(".testcases"))) = { #n, test_##n };	\
	static void test_##n(void)

/* Record a failure of the current case (first one wins). */
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Mark the current case skipped, with the reason. */
void test_skip(const char *reason);

#define CHECK(cond)								\
	do {									\
		if (!(cond)) {							\
			test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);	\
			return;							\
		}								\
	} while (0)

#define CHECK_EQ(a, b)								\
	do {									\
		unsigned long _a = (unsigned long)(a), _b = (unsigned long)(b);	\
		if (_a != _b) {							\
			test_fail(__FILE__, __LINE__, "%s == %s: 0x%lx != 0x%lx",	\
				  #a, #b, _a, _b);				\
			return;							\
		}								\
	} while (0)

#define CHECK_STR_CONTAINS(hay, needle)						\
	do {									\
		if (!strstr((hay), (needle))) {					\
			test_fail(__FILE__, __LINE__, "\"%s\" lacks \"%s\"",	\
				  (hay), (needle));				\
			return;							\
		}								\
	} while (0)

#define SKIP(reason)	do { test_skip(reason); return; } while (0)

/* Semihosting: end the QEMU run with this exit status (SYS_EXIT_EXTENDED). */
void __attribute__((noreturn)) semihost_exit(int status);

#endif
