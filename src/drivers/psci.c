/*
 * PSCI (Arm DEN0022) SYSTEM_OFF and SYSTEM_RESET through the conduit the
 * device tree's /psci names (arm,psci.yaml "method": "hvc" or "smc"): QEMU's
 * virt serves HVC itself when no EL2/EL3 firmware runs, and SMC with
 * virtualization=on. No /psci node (secure=on) or no tree means no power
 * control: -ENOSYS, never a guessed HVC that would be an undefined
 * instruction. The calls are emitted as their encodings so this file builds
 * for every CPU; only boards that name PSCI in their description call it.
 */
#include <errno.h>
#include <stdint.h>
#include "bytestr.h"
#include "device.h"
#include "power.h"

#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u

/* The encodings are A1 (ARM state): these two stay ARM code when the rest
 * of the firmware is built for Thumb; a call to them interworks (BLX). */
#define PSCI_ARM	__attribute__((target("arm")))

static PSCI_ARM int psci_hvc(uint32_t fn)
{
	register uint32_t r0 __asm__("r0") = fn;

	/* HVC #0 (ARM ARM B9.3.4, A1 encoding) */
	__asm__ volatile(".inst 0xe1400070" : "+r"(r0) :: "r1", "r2", "r3", "memory");
	return (int)r0;		/* returns only on failure: NOT_SUPPORTED etc. */
}

static PSCI_ARM int psci_smc(uint32_t fn)
{
	register uint32_t r0 __asm__("r0") = fn;

	/* SMC #0 (ARM ARM B9.3.14, A1 encoding) */
	__asm__ volatile(".inst 0xe1600070" : "+r"(r0) :: "r1", "r2", "r3", "memory");
	return (int)r0;
}

/* The conduit from the tree, or NULL: no PSCI. */
static int (*psci_conduit(void))(uint32_t)
{
	const char *method = device_prop_string(device_find("psci", NULL), "method");

	if (!method)
		return NULL;
	if (str_same(method, "hvc"))
		return psci_hvc;
	if (str_same(method, "smc"))
		return psci_smc;
	return NULL;
}

static int psci_call(uint32_t fn)
{
	int (*call)(uint32_t) = psci_conduit();

	if (!call)
		return -ENOSYS;
	call(fn);
	return -EIO;
}

int psci_system_off(void)
{
	return psci_call(PSCI_SYSTEM_OFF);
}

int psci_system_reset(void)
{
	return psci_call(PSCI_SYSTEM_RESET);
}
