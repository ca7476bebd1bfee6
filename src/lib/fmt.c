/* A small vsnprintf() subset (include/fmt.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include "fmt.h"

/*
 * The output so far. Into a buffer: bytes past it are counted, not stored.
 * Into a sink: each time the chunk fills, it is handed on and reused.
 */
struct out {
	char *p, *end;		/* end: where storing stops (a buffer keeps its last byte for the NUL) */
	char *start;		/* the chunk, for a sink */
	fmt_sink_fn sink;	/* NULL: a buffer */
	void *ctx;
	size_t len;
};

/* What does not fit: as much as fits, then (with a sink) the chunk is
 * handed on and reused until all of s is taken. */
static void __attribute__((noinline)) put_rest(struct out *o, const char *s, size_t n)
{
	for (;;) {
		size_t room = (size_t)(o->end - o->p), k = n < room ? n : room;

		for (size_t i = 0; i < k; i++)
			o->p[i] = s[i];
		o->p += k;
		if (k == n || !o->sink)
			return;
		s += k, n -= k;
		o->sink(o->ctx, o->start, (size_t)(o->p - o->start));
		o->p = o->start;
	}
}

/* n bytes of s: stored as room allows, all counted (and all handed on,
 * with a sink). Inline: the usual case, room for all of it. */
static inline void put(struct out *o, const char *s, size_t n)
{
	char *p = o->p;

	o->len += n;
	if (n > (size_t)(o->end - p)) {
		put_rest(o, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		p[i] = s[i];
	o->p = p + n;
}

static void pad(struct out *o, char c, unsigned n)
{
	while (n--)
		put(o, &c, 1);
}

/* s (n bytes) in a field of width: spaces before it, or after it ('-'),
 * or zeroes between the sign and the digits ('0'). */
static void field(struct out *o, const char *s, unsigned n, unsigned sign, unsigned width,
		  bool left, bool zero)
{
	unsigned fill = width > n ? width - n : 0;

	if (!left && !zero)
		pad(o, ' ', fill);
	put(o, s, sign);
	if (!left && zero)
		pad(o, '0', fill);
	put(o, s + sign, n - sign);
	if (left)
		pad(o, ' ', fill);
}

/* v in base 10 or 16, with a '-' first if neg; the digits end at end. */
static char *digits(char *end, unsigned long v, unsigned base, bool upper, bool neg)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	do {
		*--p = set[base == 16 ? v & 15 : v % 10];
		v = base == 16 ? v >> 4 : v / 10;
	} while (v);
	if (neg)
		*--p = '-';
	return p;
}

/* A decimal run at *f (a width): its value, *f moved past it. */
static unsigned number_at(const char **f)
{
	unsigned n = 0;

	while (**f >= '0' && **f <= '9')
		n = n * 10 + (unsigned)(*(*f)++ - '0');
	return n;
}

/*
 * fmt into o: its length, or -ENOTSUP at a conversion outside the subset
 * (then the rest of fmt, from that '%', is put as text). One function, the
 * argument list in registers: this is every line the console prints.
 */
static int format(struct out *o, const char *fmt, va_list ap)
{
	char num[3 * sizeof(unsigned long) + 2];	/* sign and digits of any long */

	for (const char *f = fmt; *f; f++) {
		bool left = false, zero = false, is_long = false, has_prec = false;
		unsigned width, prec = 0, sign = 0;
		const char *s, *pct;
		unsigned long v;
		char *d;
		int w;

		if (*f != '%') {
			/* The literal run up to the next conversion, at once. */
			for (s = f; f[1] && f[1] != '%'; f++)
				;
			put(o, s, (size_t)(f - s) + 1);
			continue;
		}
		pct = f;
		for (f++; *f == '-' || *f == '0'; f++)
			*f == '-' ? (left = true) : (zero = true);
		if (*f == '*') {
			f++;
			w = va_arg(ap, int);
			left |= w < 0;	/* C11 7.21.6.1p5: a negative width is '-' */
			width = w < 0 ? 0u - (unsigned)w : (unsigned)w;
		} else {
			width = number_at(&f);
		}
		if (*f == '.') {
			if (*++f == '*') {
				f++;
				w = va_arg(ap, int);
				/* A negative precision is taken as if omitted. */
				has_prec = w >= 0, prec = (unsigned)w;
			} else {
				has_prec = true, prec = number_at(&f);
			}
		}
		if (*f == 'l' || *f == 'z') {
			/* size_t is unsigned long or narrower on every target. */
			is_long = *f == 'l' || sizeof(size_t) == sizeof(long);
			f++;
		}
		if (has_prec && *f != 's')
			goto unsupported;
		switch (*f) {
		case '%':
			put(o, f, 1);
			continue;
		case 'c':
			num[0] = (char)va_arg(ap, int);
			field(o, num, 1, 0, width, left, false);
			continue;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			/* A precision bounds what is read (C11 7.21.6.1p8: the
			 * array need not hold a NUL). */
			if (has_prec)
				for (d = (char *)s; (unsigned)(d - s) < prec && *d; d++)
					;
			else
				for (d = (char *)s; *d; d++)
					;
			field(o, s, (unsigned)(d - s), 0, width, left, false);
			continue;
		case 'd':
		case 'i': {
			long sv = is_long ? va_arg(ap, long) : va_arg(ap, int);

			v = sv < 0 ? 0ul - (unsigned long)sv : (unsigned long)sv;
			d = digits(num + sizeof(num), v, 10, false, sv < 0);
			sign = sv < 0;
			break;
		}
		case 'u':
		case 'x':
		case 'X':
			v = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			d = digits(num + sizeof(num), v, *f == 'u' ? 10 : 16, *f == 'X', false);
			break;
		case 'p':
			/* As glibc and newlib print a pointer: "0x", hex digits. */
			if (is_long || zero)
				goto unsupported;
			v = (unsigned long)(uintptr_t)va_arg(ap, void *);
			d = digits(num + sizeof(num), v, 16, false, false);
			*--d = 'x', *--d = '0';
			sign = 2;	/* "0x" stays before any padding */
			break;
		default:
			goto unsupported;
		}
		field(o, d, (unsigned)(num + sizeof(num) - d), sign, width, left, zero && !left);
		continue;
unsupported:
		for (s = pct; *s; s++)
			;
		put(o, pct, (size_t)(s - pct));
		return -ENOTSUP;
	}
	return (int)o->len;
}

/* fmt into buf as vsnprintf() stores it (NUL-terminated when size > 0):
 * format()'s result, and the whole output's length in *len. */
static int format_into(char *buf, size_t size, const char *fmt, va_list ap, size_t *len)
{
	struct out o = { buf, size ? buf + size - 1 : buf, buf, NULL, NULL, 0 };
	int n = format(&o, fmt, ap);

	if (size)
		*o.p = '\0';
	*len = o.len;
	return n;
}

int fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t len;

	return format_into(buf, size, fmt, ap, &len);
}

int fmt_vprint(fmt_sink_fn sink, void *ctx, char *chunk, size_t size, const char *fmt,
	       va_list ap)
{
	struct out o = { chunk, chunk + size, chunk, sink, ctx, 0 };
	int n = format(&o, fmt, ap);

	if (o.p != chunk)
		sink(ctx, chunk, (size_t)(o.p - chunk));
	return n;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t len;

	format_into(buf, size, fmt, ap, &len);
	return (int)len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
