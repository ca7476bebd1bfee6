/*
 * The console UART: an early physical phase while the MMU is off, then the
 * ioremap()ed mapping for the rest of the firmware's life.
 */
#include <errno.h>
#include "board.h"
#include "console.h"
#include "ioremap.h"
#include "pl011.h"

static struct pl011 uart;
static bool ready;

static const struct board_device *console_device(void)
{
	return board_device(board.console);
}

void console_early_start(void)
{
	const struct board_device *dev = console_device();

	/* MMU off: the physical address is the address (ARM ARM B3.2). */
	if (dev && !pl011_init(&uart, (void __iomem *)(uintptr_t)dev->base,
			       dev->clock_hz, board.console_baud))
		ready = true;
}

void console_early_stop(void)
{
	if (ready)
		pl011_flush(&uart);
	ready = false;
}

int console_init(void)
{
	const struct board_device *dev = console_device();
	void __iomem *regs;

	if (!dev)
		return -ENODEV;
	regs = ioremap(dev->base, dev->size);
	if (!regs)
		return ioremap_last_error();
	if (pl011_init(&uart, regs, dev->clock_hz, board.console_baud)) {
		iounmap(regs);
		return -EINVAL;
	}
	ready = true;
	return 0;
}

void console_putc(char c)
{
	if (!ready)
		return;
	if (c == '\n')
		pl011_putc(&uart, '\r');
	pl011_putc(&uart, c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

int console_getc(void)
{
	return ready ? pl011_getc(&uart) : -1;
}

void __iomem *console_regs(void)
{
	return ready ? uart.base : NULL;
}
