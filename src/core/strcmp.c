/*
 * strcmp() for the firmware, in place of newlib's word-at-a-time one (548
 * bytes of A32 on ARMv5, 732 of Thumb-2 on ARMv7): the names it compares
 * (shell commands, properties, program names) are a few bytes long, where a
 * byte loop is as quick and a few dozen bytes of code. C11 7.24.4.2: the
 * sign is that of the difference of the first differing bytes as unsigned
 * char.
 */
#include <string.h>

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}
