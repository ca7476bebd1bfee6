/*
 * spin [sleep]: loop forever at PL0, or in 50 ms sleep system calls; only
 * Ctrl-C ends it (taken on an interrupt from PL0, or inside the sleep).
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
	int sleeping = argc > 1 && !u_strcmp(argv[1], "sleep");

	u_puts(sleeping ? "spin: sleeping\n" : "spin: looping\n");
	for (;;) {
		if (sleeping)
			u_sleep(50);
		__asm__ volatile("" ::: "memory");
	}
}
