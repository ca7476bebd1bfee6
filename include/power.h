/*
 * Power control through the board's method (PSCI on virt). Each returns
 * only on failure: -ENOSYS when the board has no such control.
 */
#ifndef POWER_H
#define POWER_H

int power_off(void);
int power_reset(void);

/* PSCI 0.2+ over HVC (DEN0022): for boards whose firmware (or QEMU) offers it. */
int psci_system_off(void);
int psci_system_reset(void);

/* Versatile system controller reset (SYS_LOCK, SYS_RESETCTL). */
int versatile_reset(void);

#endif
