/*
 * QEMU "virt" (hw/arm/virt.c memory map), Cortex-A15. Interrupt IDs are GIC
 * INTIDs: SPI n is INTID 32 + n.
 */
#include "board.h"
#include "irq.h"
#include "power.h"
#include "timer.h"

static const struct board_device virt_devices[] = {
	{ "gic-dist", "arm,gic-v2-dist", 0x08000000, 0x1000, -1, 0 },
	{ "gic-cpu",  "arm,gic-v2-cpu",  0x08010000, 0x2000, -1, 0 },
	/* gic-version=3 puts a GICv3 there instead (gic_probe() asks which) */
	{ "gicv3-dist",   "arm,gic-v3-dist",   0x08000000, 0x10000, -1, 0 },
	{ "gicv3-redist", "arm,gic-v3-redist", 0x080a0000, 0xf60000, -1, 0 },
	{ "uart0",    "arm,pl011",       0x09000000, 0x1000, 33, 24000000 },
	{ "rtc",      "arm,pl031",       0x09010000, 0x1000, 34, 0 },
	{ "gpio",     "arm,pl061",       0x09030000, 0x1000, 39, 0 },
	{ "timer",    "arm,armv7-timer", 0, 0, 30, 0 },	/* CP15, not MMIO; NS physical PPI */
};

const struct board board = {
	.name = "virt",
	.ram_base = 0x40000000,
	.ram_default_size = 128u << 20,
	.has_dtb = true,
	.dtb_addr = 0x40000000,
	.dtb_max_size = 1u << 20,
	.io_window_base = 0xf0000000,
	.io_window_size = 16u << 20,
	.console = "uart0",
	.console_baud = 115200,
	.devices = virt_devices,
	.ndevices = ARRAY_SIZE(virt_devices),
	.irqchip = gic_probe,
	.clocksource = gtimer_clocksource,
	.tick = gtimer_tick,
	.poweroff = psci_system_off,
	.reset = psci_system_reset,
};
