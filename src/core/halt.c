/*
 * The firmware's end: the report has been printed; park the CPU. And the
 * report path of last resort, for faults before the console is up and for a
 * fault while reporting a fault.
 */
#include "arch.h"
#include "device.h"
#include "exception.h"
#include "pl011.h"

void system_halt(int status)
{
	(void)status;	/* nobody to hand it to: `poweroff` is the clean exit */
	arch_irq_disable();
	for (;;)
		arch_wait_for_interrupt();
}

/*
 * Polled output to the console UART at its physical address, with the MMU
 * off (ARM ARM B3.2: with the MMU off the physical address is the address;
 * the image runs identity-mapped, so the next fetch is unaffected). Nothing
 * here depends on a mapping, the console driver's state, stdio or the heap,
 * so it works before console_init() and after the tables or the console
 * mapping are broken. Only called on the way to system_halt().
 */
void emergency_write(const char *s)
{
	const struct device *dev = device_console();
	struct pl011 uart = { 0 };

	if (!dev || !dev->nreg || dev->reg[0].addr > UINTPTR_MAX)
		return;
	if (arch_mmu_enabled())
		arch_mmu_disable();	/* cleans the data cache first */
	uart.base = (void __iomem *)(uintptr_t)dev->reg[0].addr;
	for (; *s; s++) {
		if (*s == '\n')
			pl011_write(&uart, "\r", 1);
		pl011_write(&uart, s, 1);	/* not set up here: a byte per poll */
	}
}
