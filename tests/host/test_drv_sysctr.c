/*
 * The Versatile 24 MHz counter as a clocksource (src/drivers/sysctr.c)
 * against a model of the system registers' SYS_24MHZ (ARM DUI 0224 4.3): the
 * 32-bit hardware count extended to 64 bits across wraps, and when a record
 * is refused.
 */
#include "fake_hw.h"

#include "../../src/drivers/sysctr.c"

#define SYSREGS_PHYS	0x10000000u

static uint32_t counter;	/* what SYS_24MHZ reads */
static unsigned masked;		/* arch_irq_save() nesting, for the read's atomicity */
static unsigned unmasked_reads;

uint32_t arch_irq_save(void)
{
	return masked++;
}

void arch_irq_restore(uint32_t flags)
{
	assert_int_equal(flags + 1, masked);
	masked = flags;
}

static uint32_t sysregs_read(uint32_t off, unsigned size)
{
	assert_int_equal(size, 4);
	if (off == SYS_24MHZ) {
		unmasked_reads += !masked;
		return counter;
	}
	fail_msg("read of system register %#x", off);
	return 0;
}

static void sysregs_write(uint32_t off, uint32_t v, unsigned size)
{
	(void)v, (void)size;
	fail_msg("write of system register %#x: the counter is read-only", off);
}

static struct fake_dev sysregs = { .phys = SYSREGS_PHYS, .size = 0x1000,
				   .read = sysregs_read, .write = sysregs_write };

/* The driver's state as at boot, and a record of size bytes. */
static struct device *reset(uint32_t start, uint64_t size, uint32_t hz)
{
	struct device *d;

	fake_hw_reset();
	regs = NULL;
	last = wraps = 0;
	masked = 0;
	counter = start;
	fake_dev_add(&sysregs);
	d = fake_table_add("sysregs", "arm,versatile-sysreg");
	fake_table_reg(d, SYSREGS_PHYS, size);
	d->clock_hz = hz;
	return d;
}

/* The record must reach the counter register: 0x60 bytes is enough, 0x5f
 * is not; and without a clock rate there is nothing to count time with. */
static void records_that_cannot_count_are_refused(void **state)
{
	(void)state;
	reset(0, SYS_24MHZ + 3, 24000000);
	assert_null(sysctr_clocksource());
	assert_null(regs);
	reset(0, 0x1000, 0);
	assert_null(sysctr_clocksource());
	reset(0, SYS_24MHZ + 4, 24000000);
	assert_non_null(sysctr_clocksource());
	assert_int_equal(sysctr_clocksource()->freq_hz, 24000000);
}

/* Started just below a wrap: each wrap adds 2^32 once, and only once,
 * however many reads follow it. */
static void the_count_is_extended_across_wraps(void **state)
{
	const struct clocksource *c;

	(void)state;
	reset(0xffffff00u, 0x1000, 24000000);
	c = sysctr_clocksource();
	assert_non_null(c);
	unmasked_reads = 0;
	counter = 0xfffffff0u;
	assert_true(c->read() == 0xfffffff0ull);
	counter = 0x10;
	assert_true(c->read() == 0x100000010ull);
	counter = 0x20;
	assert_true(c->read() == 0x100000020ull);
	counter = 0x20;
	assert_true(c->read() == 0x100000020ull);	/* the same value: no wrap */
	counter = 0x5;
	assert_true(c->read() == 0x200000005ull);
	/* each read compared and updated with IRQs masked, and unmasked after */
	assert_int_equal(unmasked_reads, 0);
	assert_int_equal(masked, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records_that_cannot_count_are_refused),
		cmocka_unit_test(the_count_is_extended_across_wraps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
