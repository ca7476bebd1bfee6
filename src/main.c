/* The firmware: banner, then the serial console shell. */
#include <stdio.h>
#include "arch.h"
#include "board.h"
#include "console.h"
#include "device.h"
#include "mmu.h"
#include "ram.h"
#include "civil.h"
#include "rtc.h"
#include "timer.h"
#include "monitor.h"

int main(void);

extern char __image_start[], __image_end[], __text_start[], __text_end[];

static void print_clock(void)
{
	const struct clocksource *cs = time_clocksource();
	uint32_t now;
	char when[CIVIL_TEXT_LEN];

	if (rtc_read(&now) == 0) {
		civil_format(now, when, sizeof(when));
		printf("RTC %s", when);
	} else {
		printf("no RTC");
	}
	if (cs)
		printf(", tick %lu Hz from %s at %lu Hz\n", (unsigned long)tick_hz(), cs->name,
		    (unsigned long)cs->freq_hz);
	else
		printf(", no timer\n");
}

/* printf() formats each call into one line and writes it to the console at
 * once (src/core/console_printf.c). */
static void banner(void)
{
	const struct mmu_ram *ram = mmu_ram();
	uint32_t midr = arch_midr();

	printf("\nfirmware on %s: %s %s, MIDR 0x%08lx\n", board.name, arch_name(),
	    arch_cpu_name(midr), (unsigned long)midr);
	printf("RAM 0x%08lx, %lu MiB (%s)\n", (unsigned long)ram->base,
	    (unsigned long)(ram->size >> 20), device_source_name(ram_info()->source));
	printf("image 0x%08lx-0x%08lx, %lu KiB (text %lu KiB)\n",
	    (unsigned long)__image_start, (unsigned long)__image_end,
	    (unsigned long)((__image_end - __image_start) >> 10),
	    (unsigned long)((__text_end - __text_start) >> 10));
	printf("MMU on: %s tables, %lu KiB in use\n", arch_pt_format()->name,
	    (unsigned long)(mmu_table_bytes() >> 10));
	print_clock();
}

int main(void)
{
	banner();
	shell_run();
	return 0;
}
