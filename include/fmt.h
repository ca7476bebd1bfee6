/*
 * A small formatter (pure, src/lib/fmt.c) for the console's hot lines: the
 * boot banner and printf(). newlib-nano's vsnprintf costs about 40
 * instructions a character (memchr for every '%', a memmove per piece);
 * this one a few, for the conversions the firmware prints most.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * vsnprintf() for this subset (C11 7.21.6.1 semantics): flags '-' and '0',
 * a width (digits or '*'), length 'l' or 'z', conversions d i u x X c s and
 * %%. Writes at most size bytes, NUL included (nothing when size is 0), and
 * returns the length the whole output has, as vsnprintf() does.
 * -ENOTSUP (nothing in buf to rely on) when fmt has anything else
 * (a precision, %p, %f, 'll', '+', ' ', '#'): the caller formats that one
 * with vsnprintf() from a va_copy() it kept.
 */
int fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap);

/* vsnprintf()/snprintf() exactly: the subset above through fmt_vformat(),
 * anything else through the C library's vsnprintf(). */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
