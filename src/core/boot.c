/*
 * From reset to main(): find RAM, build the tables and turn the MMU on, set
 * up ioremap() and the console. entry.S calls boot_c() with the MMU off,
 * stacks set, .bss clear.
 */
#include <stdio.h>
#include "board.h"
#include "console.h"
#include "exception.h"
#include "fdt.h"
#include "ioremap.h"
#include "irq.h"
#include "mmu.h"
#include "rtc.h"
#include "timer.h"

int main(void);
void __noreturn boot_c(void);

/* What boot found out about RAM. */
static struct {
	size_t ram_size;
	bool ram_from_dt;
	int dt_status;		/* fdt_find_memory(), or 1: base not the board's */
} info;

/* A byte-wise compare: board_device() also runs with the MMU off, where
 * newlib's word-at-a-time strcmp could make an unaligned access. */
static bool same_string(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

const struct board_device *board_device(const char *name)
{
	for (size_t i = 0; i < board.ndevices; i++)
		if (same_string(board.devices[i].name, name))
			return &board.devices[i];
	return NULL;
}

const struct board_device *board_find(const char *name, const char *compatible)
{
	const struct board_device *d = board_device(name);

	if (d)
		return same_string(d->compatible, compatible) ? d : NULL;
	for (size_t i = 0; i < board.ndevices; i++)
		if (same_string(board.devices[i].compatible, compatible))
			return &board.devices[i];
	return NULL;
}

/* RAM from the device tree's /memory node, or the board's default. */
static void probe_ram(void)
{
	uint64_t base, size;

	info.ram_size = board.ram_default_size;
	if (!board.has_dtb)
		return;
	info.dt_status = fdt_find_memory((const void *)(uintptr_t)board.dtb_addr,
					 board.dtb_max_size, &base, &size);
	if (info.dt_status == 0 && base != board.ram_base)
		info.dt_status = 1;
	if (info.dt_status == 0) {
		info.ram_size = (size_t)size;
		info.ram_from_dt = true;
	}
}

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
}

void boot_c(void)
{
	int err, ram_err;

	err = mmu_init(board.ram_base);
	if (err) {
		console_early_start();	/* the MMU is still off */
		printf("boot: cannot build translation tables (error %d); halting\n", err);
		system_halt(1);
	}
	/* RAM first: ioremap() must know it to refuse aliases of it. */
	probe_ram();
	ram_err = mmu_add_ram(info.ram_size, info.ram_from_dt);
	err = ioremap_init();
	if (!err)
		err = console_init();
	if (err)
		system_halt(1);	/* no console to say why: debug with `make debug` */
	if (board.has_dtb && info.dt_status)
		printf("boot: no usable /memory in the device tree (%d); assuming %lu MiB\n",
		       info.dt_status, (unsigned long)(board.ram_default_size >> 20));
	if (ram_err)
		printf("boot: RAM beyond the image not mapped (error %d)\n", ram_err);
	start_devices();
	system_halt(main());
}
