/*
 * The heap behind newlib's malloc: a bounded _sbrk over the linker's heap
 * region. Past its end it fails cleanly (ENOMEM, and malloc returns NULL).
 */
#include <errno.h>
#include <stdint.h>
#include "compiler.h"

extern char __heap_start[], __heap_end[];

void *_sbrk(ptrdiff_t incr);

static char *brk = __heap_start;

void *_sbrk(ptrdiff_t incr)
{
	char *prev = brk;

	if (incr > __heap_end - brk || incr < __heap_start - brk) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	return prev;
}
