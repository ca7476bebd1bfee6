/* The firmware's end: the report has been printed; park the CPU. */
#include "arch.h"
#include "exception.h"

void system_halt(int status)
{
	(void)status;	/* nobody to hand it to: `poweroff` is the clean exit */
	arch_irq_disable();
	for (;;)
		arch_wait_for_interrupt();
}
