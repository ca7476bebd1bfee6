/* rtc: map the PL031 read-only and print its time (seconds since 1970). */
#include "ulib.h"

#define RTC_DR	0x00

static void put2(unsigned v)
{
	char b[2] = { (char)('0' + v / 10), (char)('0' + v % 10) };

	u_write(b, 2);
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil(unsigned long days, unsigned *y, unsigned *m, unsigned *d)
{
	unsigned long z = days + 719468, era = z / 146097, doe = z - era * 146097;
	unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (unsigned)(yoe + era * 400 + (*m <= 2));
}

int main(void)
{
	volatile uint32_t *rtc = u_mmap(0, 4096, PROT_READ, MAP_POPULATE, "rtc", 0);
	unsigned long t;
	unsigned y, m, d;

	if (u_failed((const void *)rtc)) {
		u_puts("rtc: mmap refused: ");
		u_putdec((long)rtc);
		u_puts("\n");
		return 1;
	}
	t = rtc[RTC_DR / 4];
	civil(t / 86400, &y, &m, &d);
	u_puts("rtc: ");
	u_putdec(y);
	u_puts("-");
	put2(m);
	u_puts("-");
	put2(d);
	u_puts(" ");
	put2((unsigned)(t / 3600 % 24));
	u_puts(":");
	put2((unsigned)(t / 60 % 60));
	u_puts(":");
	put2((unsigned)(t % 60));
	u_puts(" UTC\n");
	return 0;
}
