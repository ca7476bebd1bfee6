/*
 * Byte-wise string equality (pure, src/lib/bytestr.c). For code that may run
 * with the MMU off, where every access is Strongly-ordered and an unaligned
 * one faults (ARM ARM A3.2.1): newlib's strcmp compares a word at a time,
 * and strings in a device-tree blob may sit at any address.
 */
#ifndef BYTESTR_H
#define BYTESTR_H

#include <stdbool.h>

/* a and b hold the same NUL-terminated string. */
bool str_same(const char *a, const char *b);

#endif
