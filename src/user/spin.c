/* spin: loop forever at PL0; only Ctrl-C (or the tick's check) ends it. */
#include "ulib.h"

int main(void)
{
	u_puts("spin: looping\n");
	for (;;)
		__asm__ volatile("" ::: "memory");
}
