/*
 * Board descriptions: plain data, one file per board under src/board/. What
 * has no device tree to say it lives here: the RAM base, the I/O window, the
 * console's name, and the devices (versatilepb's whole list; on virt the
 * addresses to fall back on when the tree is missing). Drivers never read
 * this: they ask the discovery layer (include/device.h).
 */
#ifndef BOARD_H
#define BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"
#include "device.h"

struct irq_chip;
struct clocksource;
struct tick_device;

/*
 * A device tasks may mmap() (include/uabi.h), like Linux's STRICT_DEVMEM
 * allowlist: by the name of its device record (base and size 0), or, for
 * what discovery has no record of, by a fixed physical range. Never the
 * interrupt controller or RAM.
 */
struct user_dev {
	const char *name;
	uint64_t base, size;
};

struct board {
	const char *name;
	phys_addr_t ram_base;
	size_t ram_default_size;	/* used when nothing else says */
	size_t ram_probe_max;		/* no tree: probe RAM up to this (a power of two); 0: don't */
	bool has_dtb;			/* QEMU leaves a device tree at dtb_addr */
	phys_addr_t dtb_addr;
	size_t dtb_max_size;
	uintptr_t io_window_base;	/* virtual window that ioremap() hands out */
	size_t io_window_size;
	const char *console;		/* device name of the console UART without a tree */
	uint32_t console_baud;
	const struct device *devices;	/* board data (include/device.h DEV()) */
	size_t ndevices;
	/* Which drivers: probes that find their device through device.h;
	 * NULL where the board has none. */
	const struct irq_chip *(*irqchip)(void);
	const struct clocksource *(*clocksource)(void);
	const struct tick_device *(*tick)(void);
	const struct user_dev *user_devs;	/* what tasks may mmap() */
	size_t n_user_devs;
	/* Power control (include/power.h); NULL where the board has none. */
	int (*poweroff)(void);
	int (*reset)(void);
};

/* The board this image was built for (src/board/<board>.c). */
extern const struct board board;

#endif
