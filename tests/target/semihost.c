/*
 * Semihosting exit for test images. SYS_EXIT (0x18) on AArch32 carries only
 * a reason code, so QEMU cannot pass a status on; SYS_EXIT_EXTENDED (0x20)
 * carries {reason, status} and QEMU exits with that status.
 */
#include "exception.h"
#include "harness.h"

#define SYS_WRITE0			0x04
#define SYS_EXIT_EXTENDED		0x20
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

static long semihost_call(long op, void *arg)
{
	register long r0 __asm__("r0") = op;
	register void *r1 __asm__("r1") = arg;

	/* A32 semihosting trap (the semihosting spec, "The semihosting interface") */
	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

void semihost_exit(int status)
{
	long block[2] = { ADP_STOPPED_APPLICATION_EXIT, status };

	fflush(stdout);
	semihost_call(SYS_EXIT_EXTENDED, block);
	for (;;)
		;
}

/* A test image ends every fatal report by leaving QEMU with the status. */
void system_halt(int status)
{
	semihost_exit(status);
}

/* The report path of last resort: SYS_WRITE0 is handled by QEMU itself,
 * which reads the string without going through stdio or the console. */
void emergency_write(const char *s)
{
	semihost_call(SYS_WRITE0, (void *)s);
}
