/*
 * From reset to main(): build the tables and turn the MMU on, discover the
 * devices and RAM (src/dev/), map RAM, set up ioremap() and the console,
 * then interrupts, time and the resource tree. PCI comes up on first use
 * (pci_host(), include/pci_host.h), not here.
 * entry.S calls boot_c() with the MMU off, stacks set, .bss clear.
 */
#include <stdio.h>
#include "arch.h"
#include "board.h"
#include "console.h"
#include "exception.h"
#include "device.h"
#include "ioremap.h"
#include "irq.h"
#include "mmu.h"
#include "ram.h"
#include "resource.h"
#include "rtc.h"
#include "task.h"
#include "timer.h"

int main(void);
void __noreturn boot_c(uintptr_t boot_tree);

/* Interrupts, time, interrupt-driven console input, RTC: each optional,
 * so a failure is reported and the rest still comes up. */
static void start_devices(void)
{
	int err = irq_init();

	if (err)
		printf("boot: no interrupt controller (error %d)\n", err);
	if (!err && (err = time_init(TICK_HZ_DEFAULT)) != 0)
		printf("boot: no timer tick (error %d)\n", err);
	if (irq_chip() && (err = console_rx_irq_init()) != 0)
		printf("boot: console input stays polled (error %d)\n", err);
	if ((err = rtc_init()) != 0)
		printf("boot: no wall-clock time (RTC error %d)\n", err);
	if ((err = iomem_init()) != 0)
		printf("boot: resource tree incomplete (error %d)\n", err);
}

/* boot_tree: r2 at reset, a device tree's address under Linux's boot
 * protocol (entry.S). */
void boot_c(uintptr_t boot_tree)
{
	const struct ram_info *ram;
	const char *why = arch_cpu_unsupported();
	int err, ram_err, moved;

	if (why) {
		console_early_start();	/* the MMU is off */
		printf("boot: %s; halting\n", why);
		system_halt(1);
	}
	/* MMU off: the tree to its reserved MiB before the tables make it
	 * read-only; a board without a tree probes its RAM. */
	moved = device_adopt_tree(boot_tree);
	ram_probe_early();
	err = mmu_init(board.ram_base);
	if (err) {
		console_early_start();	/* the MMU is still off */
		printf("boot: cannot build translation tables (error %d); halting\n", err);
		system_halt(1);
	}
	/* The tree is read with the MMU (and caches) on. RAM before ioremap():
	 * it must know RAM to refuse aliases of it. */
	device_init();
	ram = ram_discover();
	ram_err = mmu_add_ram(ram->size, ram->source == DEV_FROM_TREE);
	err = ioremap_init();
	if (!err)
		err = console_init();
	if (err)
		system_halt(1);	/* no console to say why: debug with `make debug` */
	if (device_source() == DEV_FROM_FALLBACK)
		printf("boot: no usable device tree (error %d): using the board's fallback devices\n",
		       device_tree_error());
	if (moved)
		printf("boot: device tree moved from 0x%lx (r2, Linux's boot protocol) to 0x%lx\n",
		       (unsigned long)boot_tree, (unsigned long)board.dtb_addr);
	ram_report();
	if (ram_err)
		printf("boot: RAM beyond the image not mapped (error %d)\n", ram_err);
	start_devices();
	if ((err = task_init()) != 0)
		printf("boot: no user tasks (error %d)\n", err);
	system_halt(main());
}
