/* The serial console: the board's console UART, reached through ioremap(). */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "compiler.h"

/*
 * Early console for a failure while the MMU is still off: then every address
 * is physical, so the UART's registers are reached at their physical address.
 * Only for reporting before halting; never once the MMU is on.
 */
void console_early_start(void);

/* ioremap() the console UART and program it. 0, or a negative errno. */
int console_init(void);

/* Receive by interrupt into a ring buffer from now on. 0 or a negative errno
 * (the console keeps polling then). Needs irq_init(). */
int console_rx_irq_init(void);
/* Received bytes lost: ring full, or the UART's own FIFO overran. */
uint32_t console_rx_dropped(void);

void console_putc(char c);
void console_write(const char *s, size_t n);
/* The image's standard output, where printf() writes: the console in the
 * firmware (src/core/console_printf.c), semihosting in test images
 * (tests/target/harness.c). */
void stdout_write(const char *s, size_t n);
/* A string to standard output as it is (no newline added, unlike puts()):
 * the sink of fault reports and of listings built in a buffer. */
static inline void stdout_puts(const char *s)
{
	stdout_write(s, strlen(s));
}
/* A received byte, or -1 if none is waiting. */
int console_getc(void);
/* Bytes received and not yet read. */
unsigned console_pending(void);
/* Remove the oldest received, unread @byte (e.g. Ctrl-C), leaving every
 * other byte queued in order; true if there was one. */
bool console_take(uint8_t byte);
/* The console's register mapping (for the registry and tests). */
void __iomem *console_regs(void);

#endif
