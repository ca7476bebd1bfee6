/*
 * printf() and vprintf() for the firmware image (FW_SRCS only: test images
 * keep newlib's, which reach semihosting). stdout is unbuffered (main()), so
 * newlib's printf() takes its per-character path: about 100 instructions a
 * byte. Here a whole call is formatted into a line on the stack and written
 * to the console at once, still before printf() returns: output stays in
 * call order with everything else that writes to the console.
 */
#include <stdarg.h>
#include <stdio.h>
#include "console.h"
#include "fmt.h"

/* Longer lines than this take newlib's own path, as before. */
#define PRINTF_LINE	256

int vprintf(const char *fmt, va_list ap)
{
	char line[PRINTF_LINE];
	va_list again;
	int n;

	va_copy(again, ap);
	n = fmt_vsnprintf(line, sizeof(line), fmt, ap);
	if (n >= 0 && (size_t)n < sizeof(line))
		console_write(line, (size_t)n);
	else
		n = vfprintf(stdout, fmt, again);
	va_end(again);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
