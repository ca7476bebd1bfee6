/*
 * QEMU "versatilepb" (hw/arm/versatilepb.c; ARM DUI 0224 "RealView Platform
 * Baseboard for ARM926EJ-S" memory map), ARM926EJ-S. Interrupt numbers are
 * PL190 VIC lines 0-31; the secondary controller (SIC) feeds VIC line 31.
 *
 * RAM starts at physical 0; there is no device tree (QEMU builds none for
 * this board), so its size is probed (src/dev/ram.c) up to 256 MiB, the
 * most QEMU allows here: the system registers start at 0x10000000. Above
 * real RAM QEMU's versatilepb reads 0 and drops writes (checked with -m 16:
 * no alias, no abort), which the probe sees. The I/O window (0xF0000000,
 * 16 MiB) lies above any RAM size and below the high-vector page at
 * 0xFFFF0000.
 *
 * Drivers: PL190 VIC (interrupts), SP804 timer 0 (the tick), the system
 * controller's 24 MHz counter (the clocksource).
 */
#include "board.h"
#include "power.h"
#include "irq.h"
#include "timer.h"

/* The interrupt controllers first, as the tree's records are (src/dev/of.c):
 * discovery probes the interrupt controller before anything else, and finds
 * it among the records in order. Then by address. */
static const struct device versatilepb_devices[] = {
	DEV("vic", "arm,pl190", 0x10140000, 0x1000, -1, 0),
	DEV("sic", "arm,versatile-sic", 0x10003000, 0x1000, 31, 0),
	DEV("sysregs", "arm,versatile-sysreg", 0x10000000, 0x1000, -1, 24000000),	/* 24 MHz counter at +0x5C */
	DEV("sysctl", "arm,sp810", 0x101e0000, 0x1000, -1, 0),	/* SCCTRL: SP804 clock select */
	DEV("timer01", "arm,sp804", 0x101e2000, 0x1000, 4, 1000000),	/* timers 0 and 1, TIMCLK 1 MHz */
	DEV("timer23", "arm,sp804", 0x101e3000, 0x1000, 5, 1000000),	/* timers 2 and 3 */
	DEV("gpio", "arm,pl061", 0x101e4000, 0x1000, 6, 0),	/* GPIO0 */
	DEV("rtc", "arm,pl031", 0x101e8000, 0x1000, 10, 0),
	DEV("uart0", "arm,pl011", 0x101f1000, 0x1000, 12, 24000000),
	DEV("uart1", "arm,pl011", 0x101f2000, 0x1000, 13, 24000000),
	DEV("uart2", "arm,pl011", 0x101f3000, 0x1000, 14, 24000000),
	/* PCI controller: control (IMAP) registers, configuration space, the I/O
	 * window (64 KiB of PCI ports) and memory window 1 (QEMU hw/arm/versatilepb.c). */
	{ .name = "pci", .compatible = "arm,versatile-pci",
	  .reg = { { 0x10001000, 0x1000 }, { 0x42000000, 0x1000000 },
		   { 0x43000000, 0x10000 }, { 0x50000000, 0x10000000 } },
	  .nreg = 4, .node = -1 },
};

/* UART0 is the console (shared, as on virt); the NOR flash at 0x3400_0000
 * (64 MiB) has no device record. */
static const struct user_dev versatilepb_user_devs[] = {
	{ "uart0", 0, 0 }, { "uart1", 0, 0 }, { "uart2", 0, 0 },
	{ "rtc", 0, 0 }, { "gpio", 0, 0 },
	{ "flash", 0x34000000, 64u << 20 },
};

const struct board board = {
	.name = "versatilepb",
	.ram_base = 0x00000000,
	.ram_default_size = 128u << 20,
	.ram_probe_max = 256u << 20,
	.has_dtb = false,
	.dtb_addr = 0,
	.dtb_max_size = 0,
	.io_window_base = 0xf0000000,
	.io_window_size = 16u << 20,
	.console = "uart0",
	.console_baud = 115200,
	.devices = versatilepb_devices,
	.ndevices = ARRAY_SIZE(versatilepb_devices),
	.irqchip = device_irqchip_probe,
	.clocksource = sysctr_clocksource,
	.tick = sp804_tick,
	.user_devs = versatilepb_user_devs,
	.n_user_devs = ARRAY_SIZE(versatilepb_user_devs),
	/* Reset through the system controller; there is no power-off
	 * register and no PSCI, so power_off() says -ENOSYS. */
	.reset = versatile_reset,
};
