/*
 * newlib's system calls for the firmware image: standard streams are the
 * serial console; there are no files. (Test images use rdimon's instead.)
 */
#include <errno.h>
#include <sys/stat.h>
#include "console.h"
#include "exception.h"

int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _lseek(int fd, int off, int whence);
int _kill(int pid, int sig);
int _getpid(void);
void _exit(int status);

int _write(int fd, const char *buf, int len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, (size_t)len);
	return len;
}

/* Blocking read of at least one byte from the console. */
int _read(int fd, char *buf, int len)
{
	int c;

	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	if (len <= 0)
		return 0;
	while ((c = console_getc()) < 0)
		;
	buf[0] = (char)c;
	return 1;
}

int _close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	if (fd < 0 || fd > 2) {
		errno = EBADF;
		return -1;
	}
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _lseek(int fd, int off, int whence)
{
	(void)fd, (void)off, (void)whence;
	errno = ESPIPE;
	return -1;
}

int _kill(int pid, int sig)
{
	(void)pid, (void)sig;
	errno = EINVAL;
	return -1;
}

int _getpid(void)
{
	return 1;
}

void _exit(int status)
{
	system_halt(status);
}
