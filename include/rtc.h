/* ARM PrimeCell PL031 real-time clock: seconds since the Unix epoch. */
#ifndef RTC_H
#define RTC_H

#include <stdint.h>

/* ioremap() the board's "rtc" device. 0, -ENODEV, or ioremap's error. */
int rtc_init(void);
/* Seconds since 1970-01-01 00:00:00 UTC; -ENODEV if there is no RTC. */
int rtc_read(uint32_t *seconds);
/* civil_format() (include/civil.h) makes a date of it. */

#endif
