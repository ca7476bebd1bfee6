/*
 * A small formatter (pure, src/lib/fmt.c): the firmware's printf() and
 * snprintf(). newlib-nano's vsnprintf costs about 40 instructions a
 * character (memchr for every '%', a memmove per piece); this one a few,
 * and linking it instead of newlib's stdio keeps the C library's FILE
 * machinery out of the image.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * vsnprintf() for this subset (C11 7.21.6.1 semantics): flags '-' and '0',
 * a width (digits or '*'), a precision for 's' (digits or '*'), length 'l'
 * or 'z', conversions d i u x X c s p and %%. Writes at most size bytes, NUL
 * included (nothing when size is 0), and returns the length the whole output
 * has, as vsnprintf() does. -ENOTSUP (nothing in buf to rely on) when fmt has
 * anything else (a precision on a number, 'll', '+', ' ', '#', %f).
 */
int fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap);

/* vsnprintf()/snprintf() for the subset above: the firmware's only
 * formatter (it links no C-library printf). A conversion outside the subset
 * is a bug in the caller: it is not dropped silently, the format from its
 * '%' on is written as text (and counted). */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The same subset, unbounded: formatted into chunk (size bytes, no NUL),
 * which is handed to sink(ctx, bytes, n) each time it fills and once at the
 * end, in order. The whole length, or -ENOTSUP after writing the format from
 * the bad conversion on as text (as fmt_vsnprintf()).
 */
typedef void (*fmt_sink_fn)(void *ctx, const char *bytes, size_t n);
int fmt_vprint(fmt_sink_fn sink, void *ctx, char *chunk, size_t size, const char *fmt,
	       va_list ap);

#endif
