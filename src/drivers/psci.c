/*
 * PSCI (Arm DEN0022) SYSTEM_OFF and SYSTEM_RESET through the HVC conduit,
 * which QEMU's virt machine serves itself when no EL2/EL3 firmware runs.
 * The HVC is emitted as its encoding so this file builds for every CPU; only
 * boards that name PSCI in their description ever call it.
 */
#include <errno.h>
#include <stdint.h>
#include "power.h"

#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u

static int psci_call(uint32_t fn)
{
	register uint32_t r0 __asm__("r0") = fn;

	/* HVC #0 (ARM ARM B9.3.4, A1 encoding) */
	__asm__ volatile(".inst 0xe1400070" : "+r"(r0) :: "r1", "r2", "r3", "memory");
	return (int)r0;		/* returns only on failure: NOT_SUPPORTED etc. */
}

int psci_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF);
	return -EIO;
}

int psci_system_reset(void)
{
	psci_call(PSCI_SYSTEM_RESET);
	return -EIO;
}
