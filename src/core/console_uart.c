/*
 * The console UART: an early physical phase while the MMU is off, then the
 * ioremap()ed mapping for the rest of the firmware's life.
 */
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "board.h"
#include "console.h"
#include "device.h"
#include "ioremap.h"
#include "irq.h"
#include "pl011.h"
#include "ring.h"

#define RX_RING_SIZE	4096

static struct pl011 uart;
static bool ready;		/* base is usable now */
static bool programmed;		/* the UART has been set up once */
static bool rx_by_irq;
static uint8_t rx_buf[RX_RING_SIZE] __noinit;	/* the ring reads only what it stored */
static struct ring rx;

static const struct device *console_device(void)
{
	return device_console();
}

void console_early_start(void)
{
	const struct device *dev = console_device();

	/* MMU off: the physical address is the address (ARM ARM B3.2). */
	if (dev && !pl011_init(&uart, (void __iomem *)(uintptr_t)dev->reg[0].addr,
			       dev->clock_hz, device_console_baud()))
		ready = programmed = true;
}

int console_init(void)
{
	const struct device *dev = console_device();
	void __iomem *regs;

	if (!dev)
		return -ENODEV;
	regs = device_ioremap(dev, 0);
	if (!regs)
		return ioremap_last_error();
	if (programmed) {
		/* Same UART, new address: programming it again would flush
		 * its FIFO (TRM 3.3.8) and lose what was typed during boot. */
		uart.base = regs;
	} else if (pl011_init(&uart, regs, dev->clock_hz, device_console_baud())) {
		iounmap(regs);
		return -EINVAL;
	}
	if (!rx.buf)
		ring_init(&rx, rx_buf, sizeof(rx_buf));
	ready = programmed = true;
	return 0;
}

/* The last byte sent: a bare '\n' becomes "\r\n", one that already
 * follows '\r' (the line editor writes "\r\n" itself) passes as it is. */
static char prev;

void console_putc(char c)
{
	console_write(&c, 1);
}

/* A buffer at a time (printf() hands over a chunk): each run up to and
 * including a '\n' goes to the UART in one call, a '\r' first where the
 * '\n' needs one. */
void console_write(const char *s, size_t n)
{
	const char *start = s, *end = s + n;

	if (!ready || !n)
		return;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *stop = nl ? nl + 1 : end;

		if (nl && (nl > start ? nl[-1] : prev) != '\r') {
			pl011_write(&uart, s, (size_t)(nl - s));
			pl011_write(&uart, "\r", 1);
			s = nl;
		}
		pl011_write(&uart, s, (size_t)(stop - s));
		s = stop;
	}
	prev = end[-1];
}

static void console_rx_irq(unsigned irq, void *ctx)
{
	(void)irq, (void)ctx;
	pl011_rx_irq(&uart, &rx);
}

int console_rx_irq_init(void)
{
	const struct device *dev = console_device();
	uint32_t flags;
	int err;

	if (!ready || !rx.buf || !dev || dev->nirq < 1)
		return -ENODEV;
	err = irq_register((unsigned)dev->irq[0], console_rx_irq, NULL, dev->name);
	if (!err)
		err = irq_enable((unsigned)dev->irq[0]);
	if (err)
		return err;
	flags = arch_irq_save();
	rx_by_irq = true;
	pl011_rx_irq_enable(&uart);
	/* Bytes that arrived while we polled may not raise a new interrupt
	 * (QEMU latches RX on arrival): take them now. */
	pl011_rx_irq(&uart, &rx);
	arch_irq_restore(flags);
	return 0;
}

/* Polled input: move what the UART holds into the ring, so input is read,
 * and searched for Ctrl-C, the same way with or without interrupts. */
static void rx_poll(void)
{
	if (!rx_by_irq)
		pl011_rx_irq(&uart, &rx);
}

unsigned console_pending(void)
{
	if (!rx.buf)
		return 0;
	rx_poll();
	return ring_count(&rx);
}

uint32_t console_rx_dropped(void)
{
	return rx.dropped + uart.overruns;
}

int console_getc(void)
{
	if (!ready)
		return -1;
	if (!rx.buf)
		return pl011_getc(&uart);	/* before console_init() */
	rx_poll();
	return ring_pop(&rx);
}

bool console_take(uint8_t byte)
{
	if (!ready || !rx.buf)
		return false;
	rx_poll();
	return ring_take(&rx, byte);
}

void __iomem *console_regs(void)
{
	return ready ? uart.base : NULL;
}
