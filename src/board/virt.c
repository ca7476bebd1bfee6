/*
 * QEMU "virt" (hw/arm/virt.c memory map), Cortex-A15. Interrupt IDs are GIC
 * INTIDs: SPI n is INTID 32 + n.
 *
 * Devices come from the device tree QEMU leaves at the base of RAM
 * (src/dev/of.c). The list below is only the fallback for a missing or
 * unusable tree: the default machine's layout (GICv2, non-secure timer PPI),
 * and no PSCI, since without the tree's /psci method there is no knowing
 * whether HVC or SMC reaches it.
 */
#include "board.h"
#include "irq.h"
#include "power.h"
#include "timer.h"

static const struct device virt_devices[] = {
	{ .name = "gic", .compatible = "arm,cortex-a15-gic",
	  .reg = { { 0x08000000, 0x10000 }, { 0x08010000, 0x10000 } }, .nreg = 2,
	  .irq = { -1 }, .node = -1 },
	DEV("uart0", "arm,pl011",       0x09000000, 0x1000, 33, 24000000),
	DEV("rtc",   "arm,pl031",       0x09010000, 0x1000, 34, 0),
	DEV("gpio",  "arm,pl061",       0x09030000, 0x1000, 39, 0),
	DEV("timer", "arm,armv7-timer", 0, 0, 30, 0),	/* CP15, not MMIO; NS physical PPI */
};

/* The console UART is shared (the `uart` program writes its data register);
 * the flash (two 64 MiB CFI banks, read-array mode) has no device record. */
static const struct user_dev virt_user_devs[] = {
	{ "uart0", 0, 0 }, { "rtc", 0, 0 }, { "gpio", 0, 0 },
	{ "flash", 0x00000000, 64u << 20 },
};

const struct board board = {
	.name = "virt",
	.ram_base = 0x40000000,
	.ram_default_size = 128u << 20,
	.has_dtb = true,
	.dtb_addr = 0x40000000,
	.dtb_max_size = 1u << 20,
	.io_window_base = 0xf0000000,
	/* 32 MiB: drivers' pages fill it from the bottom, so its upper 16 MiB
	 * (16 MiB-aligned) stays free for a supersection, which short
	 * descriptors need to ioremap() anything above 4 GiB. */
	.io_window_size = 32u << 20,
	.console = "uart0",
	.console_baud = 115200,
	.devices = virt_devices,
	.ndevices = ARRAY_SIZE(virt_devices),
	.irqchip = device_irqchip_probe,
	.clocksource = gtimer_clocksource,
	.tick = gtimer_tick,
	.user_devs = virt_user_devs,
	.n_user_devs = ARRAY_SIZE(virt_user_devs),
	.poweroff = psci_system_off,
	.reset = psci_system_reset,
};
