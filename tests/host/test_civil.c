/* Host tests: civil_format() against the C library's gmtime_r(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "civil.h"

/* What the C library says, in the same layout. */
static void reference(uint32_t s, char *buf)
{
	time_t t = (time_t)s;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, CIVIL_TEXT_LEN, "%04d-%02d-%02d %02d:%02d:%02d UTC", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void check(uint32_t s)
{
	char want[CIVIL_TEXT_LEN], got[CIVIL_TEXT_LEN];

	reference(s, want);
	civil_format(s, got, sizeof(got));
	if (strcmp(want, got))
		fail_msg("%lu seconds: civil_format says '%s', gmtime_r '%s'", (unsigned long)s,
			 got, want);
}

static void hand_computed_dates(void **state)
{
	char buf[CIVIL_TEXT_LEN];

	(void)state;
	civil_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01 00:00:00 UTC");
	civil_format(951782400, buf, sizeof(buf));	/* 2000 is a leap year (400) */
	assert_string_equal(buf, "2000-02-29 00:00:00 UTC");
	civil_format(4107542400u, buf, sizeof(buf));	/* 2100 is not (100) */
	assert_string_equal(buf, "2100-03-01 00:00:00 UTC");
	civil_format(UINT32_MAX, buf, sizeof(buf));
	assert_string_equal(buf, "2106-02-07 06:28:15 UTC");
}

/* Every day boundary from 1970 to 2106 (its last second and its first),
 * and a stride of odd seconds through the whole range. */
static void agrees_with_gmtime_over_the_whole_range(void **state)
{
	(void)state;
	for (uint64_t day = 0; day * 86400 <= UINT32_MAX; day++) {
		check((uint32_t)(day * 86400));
		if (day)
			check((uint32_t)(day * 86400 - 1));
	}
	for (uint64_t s = 12345; s <= UINT32_MAX; s += 7777777)
		check((uint32_t)s);
}

static void short_buffers_are_cut_and_terminated(void **state)
{
	char buf[CIVIL_TEXT_LEN];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	civil_format(0, buf, 5);
	assert_string_equal(buf, "1970");
	assert_int_equal(buf[5], 'x');
	civil_format(0, buf, 1);
	assert_string_equal(buf, "");
	buf[0] = 'x';
	civil_format(0, buf, 0);
	assert_int_equal(buf[0], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_computed_dates),
		cmocka_unit_test(agrees_with_gmtime_over_the_whole_range),
		cmocka_unit_test(short_buffers_are_cut_and_terminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
