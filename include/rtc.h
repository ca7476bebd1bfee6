/* ARM PrimeCell PL031 real-time clock: seconds since the Unix epoch. */
#ifndef RTC_H
#define RTC_H

#include <stdint.h>

/* ioremap() the board's "rtc" device. 0, -ENODEV, or ioremap's error. */
int rtc_init(void);
/* Seconds since 1970-01-01 00:00:00 UTC; -ENODEV if there is no RTC. */
int rtc_read(uint32_t *seconds);
/* "YYYY-MM-DD hh:mm:ss UTC" into buf (at least 24 bytes). */
void rtc_format(uint32_t seconds, char *buf, unsigned n);

#endif
