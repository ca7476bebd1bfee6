/* System commands: info, irq, clear, reset, poweroff. */
#include <stdio.h>
#include "arch.h"
#include "board.h"
#include "console.h"
#include "device.h"
#include "exception.h"
#include "ioremap.h"
#include "kmap.h"
#include "irq.h"
#include "mmu.h"
#include "monitor.h"
#include "power.h"
#include "ram.h"
#include "civil.h"
#include "rtc.h"
#include "timer.h"

static void print_time_info(void)
{
	uint64_t ns = uptime_ns();
	uint32_t now;
	char when[CIVIL_TEXT_LEN];

	printf("uptime    %lu.%03lu s\n", (unsigned long)(ns / 1000000000u),
	       (unsigned long)(ns / 1000000u % 1000u));
	if (rtc_read(&now) == 0) {
		civil_format(now, when, sizeof(when));
		printf("rtc       %s\n", when);
	} else {
		printf("rtc       none\n");
	}
}

static int cmd_info(int argc, char **argv)
{
	extern char __image_start[], __image_end[];
	const struct mmu_ram *ram = mmu_ram();
	const struct image_region *r;
	uint32_t midr = arch_midr();
	char lo[PHYS_STR_LEN], hi[PHYS_STR_LEN];
	phys_addr_t high;
	uint64_t high_size;
	size_t n;

	(void)argc, (void)argv;
	printf("board     %s\n", board.name);
	printf("cpu       %s %s, MIDR 0x%08lx (implementer 0x%02lx, variant %lu, part 0x%03lx, revision %lu)\n",
	       arch_name(), arch_cpu_name(midr), (unsigned long)midr,
	       (unsigned long)(midr >> 24), (unsigned long)((midr >> 20) & 0xf),
	       (unsigned long)((midr >> 4) & 0xfff), (unsigned long)(midr & 0xf));
	printf("ram       %s-%s, %lu MiB mapped (%s; %lu MiB reported)\n",
	       phys_str(ram->base, lo), phys_str(ram->base + ram->size - 1, hi),
	       (unsigned long)(ram->size >> 20), device_source_name(ram_info()->source),
	       (unsigned long)(ram_info()->size >> 20));
	kmap_ram_range(&high, &high_size);
	if (high_size)
		printf("ram high  %s-%s, %lu MiB through kmap_phys() (not identity-mapped)\n",
		       phys_str(high, lo), phys_str(high + high_size - 1, hi),
		       (unsigned long)(high_size >> 20));
	printf("image     0x%08lx-0x%08lx\n", (unsigned long)__image_start,
	       (unsigned long)__image_end - 1);
	r = mmu_image_regions(&n);
	for (size_t i = 0; i < n; i++)
		printf("  %-10s 0x%08lx-0x%08lx %6lu KiB\n", r[i].name, (unsigned long)r[i].start,
		       (unsigned long)r[i].end - 1, (unsigned long)((r[i].end - r[i].start) >> 10));
	printf("tables    %s%s, %lu bytes in use\n", arch_pt_format()->name,
	       arch_pt_format()->super_pa_limit ? " (supersections above 4 GiB)" : "",
	       (unsigned long)mmu_table_bytes());
	print_time_info();
	printf("io window 0x%08lx-0x%08lx, %u mappings\n", (unsigned long)board.io_window_base,
	       (unsigned long)(board.io_window_base + board.io_window_size - 1), ioremap_count());
	device_print_info();
	return 0;
}
SHELL_CMD(info, "", "board, CPU, RAM, image layout, tables, time, devices", 0, 0, cmd_info);

static int cmd_irq(int argc, char **argv)
{
	const struct irq_chip *chip = irq_chip();

	(void)argc, (void)argv;
	if (!chip) {
		printf("no interrupt controller\n");
		return -ENODEV;
	}
	printf("controller %s, %u interrupts\n", chip->name, chip->nr_irqs);
	for (unsigned i = 0; i < chip->nr_irqs; i++)
		if (irq_count(i) || irq_name(i))
			printf("  %4u  %-10s %10lu\n", i, irq_name(i) ? irq_name(i) : "(none)",
			       (unsigned long)irq_count(i));
	printf("  spurious %lu, unhandled %lu, console input dropped %lu\n",
	       (unsigned long)irq_spurious_count(), (unsigned long)irq_unhandled_count(),
	       (unsigned long)console_rx_dropped());
	return 0;
}
SHELL_CMD(irq, "", "interrupt counters per source", 0, 0, cmd_irq);

static int cmd_clear(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("\033[H\033[2J");
	return 0;
}
SHELL_CMD(clear, "", "clear the screen", 0, 0, cmd_clear);

static int cmd_reset(int argc, char **argv)
{
	int err;

	(void)argc, (void)argv;
	err = power_reset();
	printf("reset: %s\n", err == -ENOSYS ? "this board has no reset control" : "refused");
	return err;
}
SHELL_CMD(reset, "", "restart the machine", 0, 0, cmd_reset);

static int cmd_poweroff(int argc, char **argv)
{
	int err;

	(void)argc, (void)argv;
	err = power_off();
	printf("poweroff: %s; halting instead (leave QEMU with Ctrl-A x)\n",
	       err == -ENOSYS ? "this board has no power control" : "refused");
	system_halt(0);
}
SHELL_CMD(poweroff, "", "power off (QEMU exits)", 0, 0, cmd_poweroff);
