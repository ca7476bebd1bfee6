/* hello: the write system call, getpid, and the arguments it was given. */
#include "ulib.h"

int main(int argc, char *argv[])
{
	u_puts("hello from pid ");
	u_putdec(u_getpid());
	for (int i = 1; i < argc; i++) {
		u_puts(i == 1 ? ", args:" : "");
		u_puts(" ");
		u_puts(argv[i]);
	}
	u_puts("\n");
	return 0;
}
