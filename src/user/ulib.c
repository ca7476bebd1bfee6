/* System-call stubs (include/uabi.h) and output helpers for user programs. */
#include "ulib.h"

void u_exit(int status)
{
	usys(status, 0, 0, 0, 0, 0, SYS_EXIT);
	for (;;)
		;
}

long u_write(const void *buf, size_t len)
{
	return usys((long)buf, (long)len, 0, 0, 0, 0, SYS_WRITE);
}

long u_getpid(void)
{
	return usys(0, 0, 0, 0, 0, 0, SYS_GETPID);
}

long u_sleep(unsigned ms)
{
	return usys((long)ms, 0, 0, 0, 0, 0, SYS_SLEEP);
}

void *u_mmap(void *addr, size_t len, int prot, int flags, const char *dev, unsigned long off)
{
	return (void *)usys((long)addr, (long)len, prot, flags, (long)dev, (long)off, SYS_MMAP);
}

long u_munmap(void *addr, size_t len)
{
	return usys((long)addr, (long)len, 0, 0, 0, 0, SYS_MUNMAP);
}

long u_mprotect(void *addr, size_t len, int prot)
{
	return usys((long)addr, (long)len, prot, 0, 0, 0, SYS_MPROTECT);
}

long u_taskstat(struct task_stat *st)
{
	return usys((long)st, 0, 0, 0, 0, 0, SYS_TASKSTAT);
}

int u_failed(const void *p)
{
	return (unsigned long)p >= (unsigned long)-4095;
}

void u_puts(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	u_write(s, n);
}

void u_putdec(long v)
{
	char buf[12], *p = buf + sizeof(buf);
	unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	u_write(p, (size_t)(buf + sizeof(buf) - p));
}

void u_puthex(unsigned long v)
{
	char buf[10];

	buf[0] = '0';
	buf[1] = 'x';
	for (int i = 0; i < 8; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xf];
	u_write(buf, sizeof(buf));
}

int u_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

unsigned long u_atoul(const char *s)
{
	unsigned long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}
