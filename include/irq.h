/*
 * Interrupts: one dispatch table over whichever interrupt controller the
 * board has (GICv2 or GICv3 on virt, PL190 VIC on versatilepb).
 *
 * A driver registers a handler for an interrupt number (the controller's
 * own numbering: GIC INTIDs, VIC lines) and enables it. The IRQ path
 * acknowledges, counts, calls the handler, and signals end of interrupt. An
 * interrupt with no handler is reported once, masked, and counted as
 * unhandled; a spurious acknowledge (GIC INTID 1023) is counted and ignored.
 * Neither is fatal.
 *
 * Errors: -EINVAL interrupt number out of range or bad argument, -EBUSY a
 * handler is already registered, -ENOENT none registered, -ENODEV no
 * interrupt controller.
 */
#ifndef IRQ_H
#define IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define IRQ_MAX		128	/* interrupt numbers the dispatch table covers */
#define IRQ_SPURIOUS	(-1)	/* what ack() returns when nothing is pending */

enum irq_trigger { IRQ_LEVEL, IRQ_EDGE };

/* What an interrupt controller driver provides. */
struct irq_chip {
	const char *name;
	unsigned nr_irqs;			/* numbers 0 .. nr_irqs-1 exist */
	void (*enable)(unsigned irq);
	void (*disable)(unsigned irq);
	int (*set_priority)(unsigned irq, unsigned prio);	/* 0 = highest */
	int (*set_trigger)(unsigned irq, enum irq_trigger t);
	int (*ack)(void);			/* the pending interrupt, or IRQ_SPURIOUS */
	void (*eoi)(unsigned irq);
	void (*raise)(unsigned irq);		/* make it pending by software (tests) */
};

typedef void (*irq_handler_t)(unsigned irq, void *ctx);

/* Probe the board's interrupt controller, install the IRQ path, and unmask
 * IRQs at the CPU. 0 or a negative errno. */
int irq_init(void);

/* name is kept (not copied) for the shell's `irq` listing. */
int irq_register(unsigned irq, irq_handler_t fn, void *ctx, const char *name);
int irq_unregister(unsigned irq);
int irq_enable(unsigned irq);
int irq_disable(unsigned irq);
int irq_set_priority(unsigned irq, unsigned prio);
int irq_set_trigger(unsigned irq, enum irq_trigger t);
/* Make irq pending by software; -ENOSYS if the controller cannot. */
int irq_raise(unsigned irq);

/* True while an interrupt handler runs (IRQ context): code that must wait
 * for an interrupt cannot run there. */
bool irq_in_handler(void);

/* Times irq was taken (handled or not); 0 for out-of-range numbers. */
uint32_t irq_count(unsigned irq);
uint32_t irq_spurious_count(void);
uint32_t irq_unhandled_count(void);
/* The name given at registration, or NULL. */
const char *irq_name(unsigned irq);
const struct irq_chip *irq_chip(void);

/* Controller drivers probe the device records (include/device.h) and
 * declare their compatibles with IRQCHIP_DECLARE, so discovery binds them
 * and nothing names a driver. */

#endif
