/*
 * Host tests: interrupt dispatch (src/core/irq.c) over a fake controller
 * that hands out a scripted sequence of acknowledged interrupt numbers and
 * records every disable and end of interrupt: numbers the dispatch table
 * does not cover (a GIC has up to 1020 lines, the table IRQ_MAX) are masked
 * and ended once each, and read nothing outside the table.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/irq.c"

#define GIC_LINES	1020

static int pending[8];			/* what ack() returns, in order */
static unsigned npending, acked;
static unsigned disables[GIC_LINES], eois[GIC_LINES];
static void (*irq_handler)(struct exc_frame *f);
static unsigned handled[IRQ_MAX];
static void *handled_ctx;

static void fake_enable(unsigned irq)
{
	(void)irq;
}

static void fake_disable(unsigned irq)
{
	assert_true(irq < GIC_LINES);
	disables[irq]++;
}

static int fake_ack(void)
{
	return acked < npending ? pending[acked++] : IRQ_SPURIOUS;
}

static void fake_eoi(unsigned irq)
{
	assert_true(irq < GIC_LINES);
	eois[irq]++;
}

static const struct irq_chip fake_chip = {
	.name = "fake-gic", .nr_irqs = GIC_LINES, .enable = fake_enable,
	.disable = fake_disable, .ack = fake_ack, .eoi = fake_eoi,
};

static const struct irq_chip *get_chip(void)
{
	return &fake_chip;
}

const struct board board = { .name = "host", .irqchip = get_chip };

void exception_set_irq_handler(void (*handler)(struct exc_frame *f))
{
	irq_handler = handler;
}

void arch_irq_enable(void)
{
}

uint32_t arch_irq_save(void)
{
	return 0;
}

void arch_irq_restore(uint32_t flags)
{
	(void)flags;
}

static void count_handler(unsigned irq, void *ctx)
{
	assert_true(irq < IRQ_MAX);
	handled[irq]++;
	handled_ctx = ctx;
}

/* irq.c's state as at boot (.bss), the controller with nothing pending,
 * and irq_init() run. */
static int setup(void **state)
{
	(void)state;
	memset(descs, 0, sizeof(descs));
	spurious = unhandled = 0;
	chip = NULL;
	npending = acked = 0;
	memset(disables, 0, sizeof(disables));
	memset(eois, 0, sizeof(eois));
	memset(handled, 0, sizeof(handled));
	irq_handler = NULL;
	assert_int_equal(irq_init(), 0);
	assert_non_null(irq_handler);
	return 0;
}

/* One exception with the given interrupts pending, taken in this order. */
static void take(const int *irqs, unsigned n)
{
	assert_true(n <= ARRAY_SIZE(pending));
	memcpy(pending, irqs, n * sizeof(*irqs));
	npending = n;
	acked = 0;
	irq_handler(NULL);
	assert_int_equal(acked, n);	/* every one taken before returning */
}

/*
 * The first number past the table and the controller's last line are
 * acknowledged, masked and ended once each, counted as unhandled and in no
 * table entry; a registered line taken in the same exception still runs its
 * handler.
 */
static void numbers_beyond_the_table_are_masked_and_ended_once(void **state)
{
	static const int irqs[] = { IRQ_MAX, 7, GIC_LINES - 1 };
	int ctx;

	(void)state;
	assert_int_equal(irq_register(7, count_handler, &ctx, "seven"), 0);
	take(irqs, ARRAY_SIZE(irqs));
	for (unsigned i = 0; i < ARRAY_SIZE(irqs); i++)
		assert_int_equal(eois[irqs[i]], 1);
	assert_int_equal(disables[IRQ_MAX], 1);
	assert_int_equal(disables[GIC_LINES - 1], 1);
	assert_int_equal(disables[7], 0);
	assert_int_equal(handled[7], 1);
	assert_ptr_equal(handled_ctx, &ctx);
	assert_int_equal(irq_count(7), 1);
	assert_int_equal(irq_unhandled_count(), 2);
	assert_int_equal(irq_spurious_count(), 0);
}

/* A line in the table with no handler: counted, reported, masked, ended. */
static void an_unclaimed_line_is_counted_masked_and_ended(void **state)
{
	static const int irqs[] = { IRQ_MAX - 1 };

	(void)state;
	take(irqs, 1);
	assert_int_equal(irq_count(IRQ_MAX - 1), 1);
	assert_int_equal(disables[IRQ_MAX - 1], 1);
	assert_int_equal(eois[IRQ_MAX - 1], 1);
	assert_int_equal(irq_unhandled_count(), 1);
}

/* irq.h: 0 (and no name) for numbers the table does not cover, the first
 * one included (the host build's AddressSanitizer also fails a read of the
 * entry one past the table). */
static void counts_of_numbers_beyond_the_table_are_0(void **state)
{
	static const int irqs[] = { IRQ_MAX - 1 };

	(void)state;
	take(irqs, 1);
	assert_int_equal(irq_count(IRQ_MAX - 1), 1);
	assert_int_equal(irq_count(IRQ_MAX), 0);
	assert_int_equal(irq_count(GIC_LINES - 1), 0);
	assert_int_equal(irq_count(~0u), 0);
	assert_null(irq_name(IRQ_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(numbers_beyond_the_table_are_masked_and_ended_once, setup),
		cmocka_unit_test_setup(an_unclaimed_line_is_counted_masked_and_ended, setup),
		cmocka_unit_test_setup(counts_of_numbers_beyond_the_table_are_0, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
