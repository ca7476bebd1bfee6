/*
 * uart [dev] [ro]: map a PL011 (the console's by default, eagerly) and print
 * a line by writing its data register from PL0, waiting on the flag
 * register's TXFF like any driver. The firmware maps it Device,
 * execute-never, for this task only. With "ro", mprotect() makes the mapping
 * read-only and the program writes once more: a permission fault ends it.
 */
#include "ulib.h"

#define UART_DR		0x00
#define UART_FR		0x18
#define FR_TXFF		(1u << 5)

static void uart_putc(volatile uint32_t *regs, char c)
{
	while (regs[UART_FR / 4] & FR_TXFF)
		;
	regs[UART_DR / 4] = (uint8_t)c;
}

int main(int argc, char *argv[])
{
	const char *dev = argc > 1 ? argv[1] : "uart0";
	const char *msg = "uart: written from PL0 through a user mapping\r\n";
	volatile uint32_t *regs = u_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_POPULATE, dev, 0);

	if (u_failed((const void *)regs)) {
		u_puts("uart: mmap refused: ");
		u_putdec((long)regs);
		u_puts("\n");
		return 1;
	}
	for (const char *p = msg; *p; p++)
		uart_putc(regs, *p);
	if (argc > 2 && !u_strcmp(argv[2], "ro")) {
		if (u_mprotect((void *)regs, 4096, PROT_READ))
			return 2;
		uart_putc(regs, '!');
	}
	return (int)u_munmap((void *)regs, 4096);
}
