/* ARM PrimeCell PL011 UART (DDI 0183). */
#ifndef PL011_H
#define PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

struct ring;

struct pl011 {
	void __iomem *base;
	uint32_t overruns;	/* characters the hardware FIFO lost */
	unsigned tx_fifo;	/* bytes an empty transmit FIFO takes: 0 unless pl011_init() enabled it */
};

/*
 * Program 8N1 at baud from a clk_hz reference, FIFOs on, interrupts masked,
 * then enable. -EINVAL if the divisor is out of the PL011's range.
 */
int pl011_init(struct pl011 *u, void __iomem *base, uint32_t clk_hz, uint32_t baud);
/* Send n bytes of s in order, each once the transmit FIFO has room: a
 * whole FIFO's worth at a time when it is empty, else one at a time. */
void pl011_write(struct pl011 *u, const char *s, size_t n);
/* A received byte, or -1 if none is waiting. */
int pl011_getc(struct pl011 *u);

/* Interrupt on received data (FIFO half full) and on receive timeout. */
void pl011_rx_irq_enable(struct pl011 *u);
/* From the UART's interrupt: move every received byte into ring. */
void pl011_rx_irq(struct pl011 *u, struct ring *ring);

/* Divisor for baud from clk_hz: IBRD in [21:6], FBRD in [5:0]; 0 if invalid.
 */
uint32_t pl011_divisor(uint32_t clk_hz, uint32_t baud);

#endif
