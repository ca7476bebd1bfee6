/*
 * A fault while reporting a fault: printing the report itself faults (here
 * stdout is a stream whose write function faults, as printing through an
 * unmapped console would). The second fault gets the minimal report through
 * the path that cannot fault and a clean halt with its own status; before,
 * each report faulted again until the abort stack ran into its guard page
 * and the CPU spun silently.
 * expect-exit: 3
 * expect-output: *** nested data abort at pc 0x
 * expect-output: while reporting a fault: data abort at pc 0x
 * expect-output: , address 0x00000000; halting
 */
#define _GNU_SOURCE
#include "harness.h"

static ssize_t broken_write(void *cookie, const char *buf, size_t n)
{
	volatile char *null = (volatile char *)0;

	(void)cookie;
	*null = buf[0];
	return (ssize_t)n;
}

TEST(fault_while_printing_a_report)
{
	volatile uint32_t *null = (volatile uint32_t *)0;
	FILE *broken = fopencookie(NULL, "w", (cookie_io_functions_t){ .write = broken_write });

	printf("stdout now faults on write; reading address 0\n");
	if (!broken || setvbuf(broken, NULL, _IONBF, 0))
		return test_fail(__FILE__, __LINE__, "cannot open the broken stream");
	stdout = broken;
	__asm__ volatile("" ::: "memory");	/* broken before the fault */
	(void)*null;
}
