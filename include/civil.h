/*
 * Calendar dates from a count of seconds (pure: src/lib/civil.c, host-tested
 * against the C library's gmtime_r() in tests/host/test_civil.c).
 */
#ifndef CIVIL_H
#define CIVIL_H

#include <stdint.h>

#define CIVIL_TEXT_LEN	24	/* "YYYY-MM-DD hh:mm:ss UTC" and its NUL */

/*
 * Seconds since 1970-01-01 00:00:00 UTC (POSIX time: no leap seconds) as
 * "YYYY-MM-DD hh:mm:ss UTC" into buf. Every uint32_t is a date from 1970 to
 * 2106. Writes at most n bytes, always NUL-terminated when n > 0 (cut short
 * when n < CIVIL_TEXT_LEN).
 */
void civil_format(uint32_t seconds, char *buf, unsigned n);

#endif
