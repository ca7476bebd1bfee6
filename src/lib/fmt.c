/* A small vsnprintf() subset (include/fmt.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include "fmt.h"

/* The output so far: bytes past the buffer are counted, not stored. */
struct out {
	char *p, *end;		/* end: the last byte, kept for the NUL */
	size_t len;
};

/* n bytes of s: as many as fit are stored, all are counted. */
static void put(struct out *o, const char *s, size_t n)
{
	size_t room = (size_t)(o->end - o->p), k = n < room ? n : room;
	char *p = o->p;

	for (size_t i = 0; i < k; i++)
		p[i] = s[i];
	o->p = p + k;
	o->len += n;
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

int fmt_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size ? buf + size - 1 : buf, 0 };
	char num[3 * sizeof(unsigned long) + 2];	/* sign and digits of any long */

	for (const char *f = fmt; *f; f++) {
		bool left = false, zero = false, is_long = false;
		unsigned width, sign = 0;
		unsigned long v;
		const char *s;
		char *d;
		int w;

		if (*f != '%') {
			/* The literal run up to the next conversion, at once. */
			for (s = f; f[1] && f[1] != '%'; f++)
				;
			put(&o, s, (size_t)(f - s) + 1);
			continue;
		}
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
		if (*f == 'l' || *f == 'z') {
			/* size_t is unsigned long or narrower on every target. */
			is_long = *f == 'l' || sizeof(size_t) == sizeof(long);
			f++;
		}
		switch (*f) {
		case '%':
			put(&o, f, 1);
			continue;
		case 'c':
			num[0] = (char)va_arg(ap, int);
			field(&o, num, 1, 0, width, left, false);
			continue;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			for (d = (char *)s; *d; d++)
				;
			field(&o, s, (unsigned)(d - s), 0, width, left, false);
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
		default:
			return -ENOTSUP;
		}
		field(&o, d, (unsigned)(num + sizeof(num) - d), sign, width, left, zero && !left);
	}
	if (size)
		*o.p = '\0';
	return (int)o.len;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = fmt_vformat(buf, size, fmt, ap);
	if (n == -ENOTSUP)
		n = vsnprintf(buf, size, fmt, again);
	va_end(again);
	return n;
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
