/*
 * crash [case]: do something a task may not, and be ended with a decoded
 * report. Cases: kernel (default: read the firmware's I/O window), null,
 * rodata (write to its own code page), exec (jump to its stack), unaligned
 * (a word read at an odd address of a device mapping), udf (an undefined
 * instruction).
 */
#include "ulib.h"

static const uint32_t udf_word = 0xe7f000f0u;	/* permanently undefined (A32) */

/* User code is Thumb (UCFLAGS); this one case runs the A32 encoding, in ARM
 * state, so the report shows the same word on every board. */
static void __attribute__((target("arm"), noinline)) udf_a32(void)
{
	__asm__ volatile(".word 0xe7f000f0");
}

int main(int argc, char *argv[])
{
	const char *c = argc > 1 ? argv[1] : "kernel";
	uint32_t code[2] = { udf_word, udf_word };

	u_puts("crash: ");
	u_puts(c);
	u_puts("\n");
	if (!u_strcmp(c, "kernel"))
		return (int)*(volatile uint32_t *)0xf0000000u;
	if (!u_strcmp(c, "null"))
		return (int)*(volatile uint32_t *)0;
	if (!u_strcmp(c, "rodata"))
		*(volatile uint32_t *)&udf_word = 0;
	else if (!u_strcmp(c, "exec"))
		((void (*)(void))code)();
	else if (!u_strcmp(c, "unaligned")) {
		volatile uint8_t *rtc = u_mmap(0, 4096, PROT_READ, MAP_POPULATE, "rtc", 0);

		return (int)*(volatile uint32_t *)(rtc + 1);
	} else if (!u_strcmp(c, "udf"))
		udf_a32();
	else
		u_puts("crash: unknown case\n");
	return 2;
}
