/*
 * PL011 UART: polled transmit and receive through the MMIO accessors.
 * Register offsets and bits from the PL011 TRM (DDI 0183G), section 3.
 */
#include <errno.h>
#include "io.h"
#include "pl011.h"
#include "ring.h"

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTIBRD	0x024
#define UARTFBRD	0x028
#define UARTLCR_H	0x02c
#define UARTCR		0x030
#define UARTIFLS	0x034
#define UARTIMSC	0x038
#define UARTICR		0x044

#define DR_OE		(1u << 11)	/* overrun: a character was lost before this one */
#define FR_BUSY		(1u << 3)
#define FR_RXFE		(1u << 4)
#define FR_TXFF		(1u << 5)
#define FR_TXFE		(1u << 7)
#define TX_FIFO_DEPTH	16	/* DDI 0183G: the transmit FIFO holds 16 bytes (r1p5: 32) */
#define LCRH_FEN	(1u << 4)
#define LCRH_WLEN_8	(3u << 5)
#define CR_UARTEN	(1u << 0)
#define CR_TXE		(1u << 8)
#define CR_RXE		(1u << 9)
#define IMSC_RXIM	(1u << 4)
#define IMSC_RTIM	(1u << 6)
#define IFLS_RX_HALF	(2u << 3)

uint32_t pl011_divisor(uint32_t clk_hz, uint32_t baud)
{
	uint64_t div64;

	if (!baud)
		return 0;
	/* TRM 3.3.6: divisor = clk / (16 * baud), fraction in 1/64ths, rounded:
	 * 64 * clk / (16 * baud) = 4 * clk / baud. */
	div64 = ((uint64_t)clk_hz * 4 + baud / 2) / baud;
	if (div64 < 64 || div64 > 0xffffu * 64 + 63)	/* IBRD must be 1..65535 */
		return 0;
	return (uint32_t)div64;
}

int pl011_init(struct pl011 *u, void __iomem *base, uint32_t clk_hz, uint32_t baud)
{
	uint32_t div = pl011_divisor(clk_hz, baud);

	if (!div)
		return -EINVAL;
	u->base = base;
	/* TRM 3.3.8: disable, wait for the end of the current character,
	 * flush the FIFO by clearing FEN, program, then enable. */
	writel(0, base + UARTCR);
	while (readl(base + UARTFR) & FR_BUSY)
		;
	writel(0, base + UARTLCR_H);
	writel(div >> 6, base + UARTIBRD);
	writel(div & 0x3f, base + UARTFBRD);
	writel(LCRH_WLEN_8 | LCRH_FEN, base + UARTLCR_H);	/* 8N1, FIFOs on */
	u->tx_fifo = TX_FIFO_DEPTH;
	writel(0, base + UARTIMSC);
	writel(0x7ff, base + UARTICR);
	writel(CR_UARTEN | CR_TXE | CR_RXE, base + UARTCR);
	return 0;
}

/*
 * The console's path. With the FIFO on, an empty transmit FIFO (FR.TXFE,
 * DDI 0183G 3.3.3) takes a FIFO's worth of bytes with no further polling;
 * otherwise each byte waits for room (FR.TXFF clear). The data register is
 * written relaxed, as Linux's amba-pl011 does: writes to one peripheral
 * arrive in program order (ARM ARM A3.5.5), and no byte stands for data in
 * Normal memory the UART must see first. One store: the bench's marker of
 * the first prompt character (tests/bench/measure.py).
 */
void __measured pl011_write(struct pl011 *u, const char *s, size_t n)
{
	void __iomem *fr = u->base + UARTFR, *dr = u->base + UARTDR;
	const char *end = s + n;

	while (s < end) {
		const char *stop;
		uint32_t flags;
		size_t room;

		while ((flags = readl_relaxed(fr)) & FR_TXFF)
			;
		room = (flags & FR_TXFE) && u->tx_fifo ? u->tx_fifo : 1;
		stop = (size_t)(end - s) < room ? end : s + room;
		do
			writel_relaxed((uint8_t)*s, dr);
		while (++s < stop);
	}
}

int pl011_getc(struct pl011 *u)
{
	if (readl_relaxed(u->base + UARTFR) & FR_RXFE)
		return -1;
	return readl(u->base + UARTDR) & 0xff;
}


void pl011_rx_irq_enable(struct pl011 *u)
{
	writel(IFLS_RX_HALF, u->base + UARTIFLS);
	writel(IMSC_RXIM | IMSC_RTIM, u->base + UARTIMSC);
}

/*
 * Draining the FIFO clears RXINTR and RTINTR by itself (TRM 3.4.4/3.4.5).
 * Never clear RXINTR through UARTICR after the drain: a byte that arrives
 * between the last read and that write would sit in the FIFO with its
 * interrupt gone (QEMU raises RX only when the FIFO goes from empty to not
 * empty), and input would stall for good.
 */
void pl011_rx_irq(struct pl011 *u, struct ring *ring)
{
	while (!(readl_relaxed(u->base + UARTFR) & FR_RXFE)) {
		uint32_t dr = readl(u->base + UARTDR);

		if (dr & DR_OE)
			u->overruns++;
		ring_push(ring, (uint8_t)dr);
	}
}
