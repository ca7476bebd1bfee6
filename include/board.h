/*
 * Board descriptions: plain data, one file per board under src/board/. The
 * generic code asks for devices by name; nothing else knows addresses.
 */
#ifndef BOARD_H
#define BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"

struct irq_chip;
struct clocksource;
struct tick_device;

struct board_device {
	const char *name;	/* "uart0", "gic-dist", ... */
	const char *compatible;	/* driver match: "arm,pl011", ... */
	phys_addr_t base;
	size_t size;
	int irq;		/* interrupt ID, -1 for none */
	uint32_t clock_hz;	/* input clock where the driver needs it */
};

struct board {
	const char *name;
	phys_addr_t ram_base;
	size_t ram_default_size;	/* used when no device tree says otherwise */
	bool has_dtb;			/* QEMU leaves a device tree at dtb_addr */
	phys_addr_t dtb_addr;
	size_t dtb_max_size;
	uintptr_t io_window_base;	/* virtual window that ioremap() hands out */
	size_t io_window_size;
	const char *console;		/* device name of the console UART */
	uint32_t console_baud;
	const struct board_device *devices;
	size_t ndevices;
	/* Which drivers: probes that find their device in the list above
	 * (include/irq.h, include/timer.h); NULL where the board has none. */
	const struct irq_chip *(*irqchip)(void);
	const struct clocksource *(*clocksource)(void);
	const struct tick_device *(*tick)(void);
	/* Power control (include/power.h); NULL where the board has none. */
	int (*poweroff)(void);
	int (*reset)(void);
};

/* The board this image was built for (src/board/<board>.c). */
extern const struct board board;

/* The device called name, or NULL. */
const struct board_device *board_device(const char *name);

/* What a driver probes for: the device called name if it is compatible
 * (NULL if it is not), or else the first compatible device, or NULL. */
const struct board_device *board_find(const char *name, const char *compatible);

#endif
