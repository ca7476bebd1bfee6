/*
 * Seconds -> calendar date with 32-bit arithmetic only: no 64-bit division
 * (newlib's gmtime_r() takes a 64-bit time_t and divides it by 86400 in
 * __udivmoddi4, about 2,800 instructions a call on ARMv7).
 *
 * The day count becomes a date the way Howard Hinnant's civil_from_days()
 * does it: count from 0000-03-01, so the leap day ends a year; split into
 * 400-year eras of 146,097 days; a year of the era from its day with the
 * leap rules subtracted (1,460 = 4 years less a day, 36,524 = 100 years,
 * 146,096 = the era less a day); then the month from the day of that
 * March-based year through 153-day five-month cycles.
 */
#include "civil.h"

#define SECONDS_PER_DAY		86400u
#define DAYS_0000_03_01_TO_EPOCH 719468u	/* 0000-03-01 to 1970-01-01 */
#define DAYS_PER_ERA		146097u	/* 400 Gregorian years */

struct civil {
	uint32_t year, month, day;	/* month 1-12, day 1-31 */
};

static struct civil civil_from_days(uint32_t days)
{
	uint32_t z = days + DAYS_0000_03_01_TO_EPOCH;
	uint32_t era = z / DAYS_PER_ERA;
	uint32_t doe = z - era * DAYS_PER_ERA;				/* [0, 146096] */
	uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;	/* [0, 399] */
	uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);		/* [0, 365] */
	uint32_t mp = (5 * doy + 2) / 153;				/* March = 0 */
	struct civil c;

	c.day = doy - (153 * mp + 2) / 5 + 1;
	c.month = mp < 10 ? mp + 3 : mp - 9;
	c.year = yoe + era * 400 + (c.month <= 2);
	return c;
}

/* value as exactly width decimal digits (value < 10^width). */
static char *put_digits(char *p, uint32_t value, unsigned width)
{
	for (unsigned i = width; i-- > 0; value /= 10)
		p[i] = (char)('0' + value % 10);
	return p + width;
}

void civil_format(uint32_t seconds, char *buf, unsigned n)
{
	uint32_t secs = seconds % SECONDS_PER_DAY;
	struct civil c = civil_from_days(seconds / SECONDS_PER_DAY);
	char text[CIVIL_TEXT_LEN], *p = text;
	unsigned i;

	p = put_digits(p, c.year, 4);
	*p++ = '-';
	p = put_digits(p, c.month, 2);
	*p++ = '-';
	p = put_digits(p, c.day, 2);
	*p++ = ' ';
	p = put_digits(p, secs / 3600, 2);
	*p++ = ':';
	p = put_digits(p, secs / 60 % 60, 2);
	*p++ = ':';
	p = put_digits(p, secs % 60, 2);
	for (const char *s = " UTC"; *s; s++)
		*p++ = *s;
	*p = '\0';
	if (!n)
		return;
	for (i = 0; i < n - 1 && text[i]; i++)
		buf[i] = text[i];
	buf[i] = '\0';
}
