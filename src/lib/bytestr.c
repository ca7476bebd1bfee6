/* Byte-wise string equality (include/bytestr.h). */
#include "bytestr.h"

bool str_same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}
