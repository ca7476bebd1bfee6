/*
 * Which security state the CPU runs in (include/arch.h), for the choice of
 * the Generic Timer's interrupt.
 */
#include <stdbool.h>
#include <stdint.h>
#include "arch.h"
#include "exception.h"

#define PSR_MODE_MASK	0x1fu
#define PSR_MODE_MON	0x16u
#define PSR_MODE_HYP	0x1au
#define SCR_NS		1u

static void read_scr(void *arg)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c1, c1, 0" : "=r"(v));	/* SCR */
	*(uint32_t *)arg = v;
}

bool arch_secure_state(void)
{
	uint32_t pfr1, cpsr, scr = SCR_NS;
	struct fault_info fi;

	/* ID_PFR1 bits [7:4]: Security Extensions (ARM ARM B4.1.94). Without
	 * them there is one state, which QEMU and the timer binding treat as
	 * Non-secure. */
	__asm__ volatile("mrc p15, 0, %0, c0, c1, 1" : "=r"(pfr1));
	if (((pfr1 >> 4) & 0xfu) == 0)
		return false;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	if ((cpsr & PSR_MODE_MASK) == PSR_MODE_MON)
		return true;		/* B1.5.1: Monitor mode is always Secure */
	if ((cpsr & PSR_MODE_MASK) == PSR_MODE_HYP)
		return false;		/* B1.5.1: Hyp mode is Non-secure only */
	/* SCR is accessible only at Secure PL1; from Non-secure PL1 the MRC is
	 * UNDEFINED (B4.1.129), which fault_try() turns into -EFAULT. */
	if (fault_try(read_scr, &scr, &fi))
		return false;
	return (scr & SCR_NS) == 0;
}
