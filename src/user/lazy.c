/*
 * lazy [n] [eager]: map n pages (default 8, at most 64) of the board's flash
 * with the fault-driven strategy (or, with "eager", MAP_POPULATE: every page
 * at once), read one word from each, and print how many faults the task took
 * and how many pages were mapped: n each (eager: 0 faults, n pages).
 * make bench times both strategies for one page (tests/bench/measure.py).
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
	unsigned long n = argc > 1 ? u_atoul(argv[1]) : 8;
	int flags = argc > 2 && !u_strcmp(argv[2], "eager") ? MAP_POPULATE : 0;
	volatile uint32_t *p;
	struct task_stat st;
	uint32_t sum = 0;

	if (n < 1 || n > 64) {
		u_puts("lazy: n must be 1-64\n");
		return 1;
	}
	p = u_mmap(0, n * 4096, PROT_READ, flags, "flash", 0);
	if (u_failed((const void *)p)) {
		u_puts("lazy: mmap refused: ");
		u_putdec((long)p);
		u_puts("\n");
		return 1;
	}
	for (unsigned long i = 0; i < n; i++)
		sum += p[i * 1024];
	(void)sum;
	u_taskstat(&st);
	u_puts("lazy: touched ");
	u_putdec((long)n);
	u_puts(" pages, faults ");
	u_putdec(st.faults);
	u_puts(", pages mapped ");
	u_putdec(st.pages_mapped);
	u_puts("\n");
	return 0;
}
