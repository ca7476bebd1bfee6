/* The user programs' library: system-call stubs and small output helpers. */
#ifndef ULIB_H
#define ULIB_H

#include <stddef.h>
#include <stdint.h>
#include "uabi.h"

long usys(long a0, long a1, long a2, long a3, long a4, long a5, long nr);

void u_exit(int status) __attribute__((noreturn));
long u_write(const void *buf, size_t len);
long u_getpid(void);
long u_sleep(unsigned ms);
/* A pointer, or a negative errno cast to one (u_failed() tells). */
void *u_mmap(void *addr, size_t len, int prot, int flags, const char *dev, unsigned long off);
long u_munmap(void *addr, size_t len);
long u_mprotect(void *addr, size_t len, int prot);
long u_taskstat(struct task_stat *st);
int u_failed(const void *p);

void u_puts(const char *s);		/* no newline added */
void u_putdec(long v);
void u_puthex(unsigned long v);
int u_strcmp(const char *a, const char *b);
unsigned long u_atoul(const char *s);

#endif
