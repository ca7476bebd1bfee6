/*
 * Interrupt dispatch over the board's interrupt controller: acknowledge,
 * count, call the registered handler, end the interrupt. Handlers run in IRQ
 * mode with IRQs masked (no nesting); entry.S saved every register the
 * interrupted code can see, so it cannot tell it was interrupted.
 */
#include <errno.h>
#include <stdio.h>
#include "arch.h"
#include "board.h"
#include "exception.h"
#include "irq.h"

struct irq_desc {
	irq_handler_t fn;
	void *ctx;
	const char *name;
	uint32_t count;
};

static const struct irq_chip *chip;
static struct irq_desc descs[IRQ_MAX];
static uint32_t spurious, unhandled;
static volatile bool in_handler;	/* irq_entry() is running */

static bool valid(unsigned irq)
{
	return chip && irq < chip->nr_irqs && irq < IRQ_MAX;
}

/* An interrupt nobody claimed: say so once, mask it, carry on. */
static void unclaimed(unsigned irq)
{
	unhandled++;
	printf("irq: interrupt %u has no handler; masked\n", irq);
	chip->disable(irq);
}

static void dispatch(void)
{
	for (bool first = true;; first = false) {
		int irq = chip->ack();

		if (irq == IRQ_SPURIOUS) {
			spurious += first;	/* an exception with nothing behind it */
			return;
		}
		if ((unsigned)irq >= IRQ_MAX) {
			/* beyond the table: acknowledge and silence it */
			unhandled++;
			chip->disable((unsigned)irq);
			chip->eoi((unsigned)irq);
			continue;
		}
		descs[irq].count++;
		if (descs[irq].fn)
			descs[irq].fn((unsigned)irq, descs[irq].ctx);
		else
			unclaimed((unsigned)irq);
		chip->eoi((unsigned)irq);
		/* Loop: take whatever else became pending before returning, so a
		 * burst costs one exception entry. ack() reports spurious when
		 * nothing is left. */
	}
}

static void irq_entry(struct exc_frame *f)
{
	(void)f;
	in_handler = true;
	dispatch();
	in_handler = false;
}

bool irq_in_handler(void)
{
	return in_handler;
}

int irq_init(void)
{
	const struct irq_chip *c = board.irqchip ? board.irqchip() : NULL;

	if (!c)
		return -ENODEV;
	chip = c;
	exception_set_irq_handler(irq_entry);
	arch_irq_enable();
	return 0;
}

const struct irq_chip *irq_chip(void)
{
	return chip;
}

int irq_register(unsigned irq, irq_handler_t fn, void *ctx, const char *name)
{
	uint32_t flags;

	if (!valid(irq) || !fn)
		return chip ? -EINVAL : -ENODEV;
	if (descs[irq].fn)
		return -EBUSY;
	flags = arch_irq_save();
	descs[irq] = (struct irq_desc){ .fn = fn, .ctx = ctx, .name = name,
					.count = descs[irq].count };
	arch_irq_restore(flags);
	return 0;
}

int irq_unregister(unsigned irq)
{
	uint32_t flags;

	if (!valid(irq))
		return chip ? -EINVAL : -ENODEV;
	if (!descs[irq].fn)
		return -ENOENT;
	chip->disable(irq);
	flags = arch_irq_save();
	descs[irq].fn = NULL;
	descs[irq].ctx = NULL;
	descs[irq].name = NULL;
	arch_irq_restore(flags);
	return 0;
}

int irq_enable(unsigned irq)
{
	if (!valid(irq))
		return chip ? -EINVAL : -ENODEV;
	chip->enable(irq);
	return 0;
}

int irq_disable(unsigned irq)
{
	if (!valid(irq))
		return chip ? -EINVAL : -ENODEV;
	chip->disable(irq);
	return 0;
}

int irq_set_priority(unsigned irq, unsigned prio)
{
	if (!valid(irq))
		return chip ? -EINVAL : -ENODEV;
	return chip->set_priority ? chip->set_priority(irq, prio) : -ENOSYS;
}

int irq_set_trigger(unsigned irq, enum irq_trigger t)
{
	if (!valid(irq))
		return chip ? -EINVAL : -ENODEV;
	return chip->set_trigger ? chip->set_trigger(irq, t) : -ENOSYS;
}

int irq_raise(unsigned irq)
{
	if (!valid(irq))
		return chip ? -EINVAL : -ENODEV;
	if (!chip->raise)
		return -ENOSYS;
	chip->raise(irq);
	return 0;
}

uint32_t irq_count(unsigned irq)
{
	return irq < IRQ_MAX ? descs[irq].count : 0;
}

uint32_t irq_spurious_count(void)
{
	return spurious;
}

uint32_t irq_unhandled_count(void)
{
	return unhandled;
}

const char *irq_name(unsigned irq)
{
	return irq < IRQ_MAX ? descs[irq].name : NULL;
}
