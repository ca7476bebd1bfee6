/*
 * printf() and its kin for the firmware image (FW_SRCS only: test images
 * keep newlib's, which reach semihosting). A call is formatted by the small
 * formatter (include/fmt.h) in chunks on the stack, each written to the
 * console as it fills, all before printf() returns: output stays in call
 * order with everything else that writes to the console. Nothing here
 * buffers, and no C-library FILE is involved.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "console.h"
#include "fmt.h"

/* A line of the banner or a report fits one chunk. */
#define PRINTF_CHUNK	128

void stdout_write(const char *s, size_t n)
{
	console_write(s, n);
}

static void to_console(void *ctx, const char *bytes, size_t n)
{
	(void)ctx;
	console_write(bytes, n);
}

int vprintf(const char *fmt, va_list ap)
{
	char chunk[PRINTF_CHUNK];

	return fmt_vprint(to_console, NULL, chunk, sizeof(chunk), fmt, ap);
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

/* GCC turns printf("text\n") into puts("text") and printf("%c", c) into
 * putchar(c): these keep them on the console too. */
int puts(const char *s)
{
	console_write(s, strlen(s));
	console_putc('\n');
	return 1;
}

int putchar(int c)
{
	console_putc((char)c);
	return (unsigned char)c;
}
