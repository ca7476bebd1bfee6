/*
 * The SP804 tick driver (src/drivers/sp804.c) against a model of the dual
 * timer's registers (DDI 0271 3.2) and the SP810's SCCTRL: what QEMU does
 * not model, a system controller that must select the 1 MHz TIMCLK, and a
 * module a previous stage left with both timers running and interrupting.
 */
#include "fake_hw.h"

#include "../../src/drivers/sp804.c"

#define TIMER_PHYS	0x101e2000u
#define SYSCTL_PHYS	0x101e0000u
#define SCCTRL_OTHERS	0x00000209u	/* mode and remap bits the probe must keep */

struct sp804_timer {
	uint32_t load, control;
	bool ris;		/* raw interrupt status */
};

static struct sp804_timer timers[2];
static uint32_t scctrl;
static unsigned writes, stray;

static struct sp804_timer *timer_at(uint32_t off, uint32_t *reg)
{
	*reg = off % TIMER2;
	return off < 2 * TIMER2 ? &timers[off / TIMER2] : NULL;
}

static uint32_t timer_read(uint32_t off, unsigned size)
{
	uint32_t reg;
	struct sp804_timer *t = timer_at(off, &reg);

	assert_int_equal(size, 4);
	if (t && reg == T_LOAD)
		return t->load;
	if (t && reg == T_CONTROL)
		return t->control;
	if (t && reg == T_RIS)
		return t->ris;
	if (t && reg == T_MIS)
		return t->ris && (t->control & CTRL_INTEN);
	fail_msg("read of SP804 register %#x", off);
	return 0;
}

static void timer_write(uint32_t off, uint32_t v, unsigned size)
{
	uint32_t reg;
	struct sp804_timer *t = timer_at(off, &reg);

	assert_int_equal(size, 4);
	writes++;
	if (t && reg == T_LOAD)
		t->load = v;
	else if (t && reg == T_CONTROL)
		t->control = v & 0xef;		/* bit 4 reserved */
	else if (t && reg == T_INTCLR)
		t->ris = false;			/* any value clears */
	else
		stray++;
}

static uint32_t sysctl_read(uint32_t off, unsigned size)
{
	assert_int_equal(size, 4);
	if (off != SCCTRL)
		fail_msg("read of SP810 register %#x", off);
	return scctrl;
}

static void sysctl_write(uint32_t off, uint32_t v, unsigned size)
{
	assert_int_equal(size, 4);
	if (off == SCCTRL)
		scctrl = v;
	else
		stray++;
}

static struct fake_dev timer_dev = { .phys = TIMER_PHYS, .size = 0x1000,
				     .read = timer_read, .write = timer_write };
static struct fake_dev sysctl_dev = { .phys = SYSCTL_PHYS, .size = 0x1000,
				      .read = sysctl_read, .write = sysctl_write };

/* Both timers running, periodic, interrupting, with an interrupt pending;
 * SCCTRL at its reset value (every timer on the 32 kHz reference clock). */
static const struct tick_device *probe_running_timers(void)
{
	struct device *d;

	fake_hw_reset();
	regs = NULL;
	clk_hz = 0;
	for (unsigned i = 0; i < 2; i++)
		timers[i] = (struct sp804_timer){ .load = 0x100, .ris = true,
			.control = CTRL_ENABLE | CTRL_PERIODIC | CTRL_INTEN | (2u << 2) };
	scctrl = SCCTRL_OTHERS;
	writes = stray = 0;
	fake_dev_add(&timer_dev);
	fake_dev_add(&sysctl_dev);
	d = fake_table_add("timer01", "arm,sp804");
	fake_table_reg(d, TIMER_PHYS, 0x1000);
	d->irq[0] = 4;
	d->nirq = 1;
	d->clock_hz = 1000000;
	d = fake_table_add("sysctl", "arm,sp810");
	fake_table_reg(d, SYSCTL_PHYS, 0x1000);
	return sp804_tick();
}

/* The probe stops both timers and clears their interrupts, and puts all
 * four timers of the board on TIMCLK (SCCTRL TimerEnnSel, bits 15-21 odd)
 * without changing the other SCCTRL bits; it keeps the timer's mapping and
 * gives the system controller's back. Both control registers are left 0,
 * not just disabled: a one-shot bit left set (TRM 3.2.3: OneShot overrides
 * Periodic) would make whoever enables the timer with a read-modify-write
 * get one interrupt instead of a tick. */
static void a_probe_stops_both_timers_and_selects_timclk(void **state)
{
	const struct tick_device *t;

	(void)state;
	t = probe_running_timers();
	assert_non_null(t);
	assert_int_equal(t->irq, 4);
	assert_int_equal(t->max_hz, 1000000);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(timers[i].control, 0);
		assert_false(timers[i].ris);
	}
	assert_int_equal(scctrl, SCCTRL_OTHERS | (1u << 15) | (1u << 17) | (1u << 19) | (1u << 21));
	assert_int_equal(fake_iounmaps, 1);
	assert_ptr_equal(fake_last_iounmap, sysctl_dev.va);
	assert_int_equal(stray, 0);
}

/* start(): timer 1 periodic, 32-bit, undivided, interrupting, reloaded
 * every TIMCLK / hz cycles rounded to the nearest; timer 2 stays stopped. */
static void start_programs_a_periodic_interrupt_at_the_nearest_load(void **state)
{
	static const struct { uint32_t hz, load; } cases[] = {
		{ 1000, 1000 }, { 7, 142857 }, { 17, 58824 }, { 1000000, 1 }, { 1, 1000000 },
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct tick_device *t = probe_running_timers();

		assert_int_equal(t->start(cases[i].hz), 0);
		assert_int_equal(timers[0].load, cases[i].load);
		assert_int_equal(timers[0].control,
				 CTRL_ENABLE | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT);
		assert_int_equal(timers[1].control & CTRL_ENABLE, 0);
		assert_int_equal(stray, 0);
	}
}

/* Rates it cannot do are refused before anything is written. */
static void start_refuses_a_rate_without_touching_the_timer(void **state)
{
	const struct tick_device *t;
	unsigned before;

	(void)state;
	t = probe_running_timers();
	before = writes;
	assert_int_equal(t->start(0), -EINVAL);
	assert_int_equal(t->start(1000001), -EINVAL);
	assert_int_equal(writes, before);
}

/* ack() clears the (level) interrupt and leaves the timer running. */
static void ack_clears_the_interrupt_only(void **state)
{
	const struct tick_device *t;

	(void)state;
	t = probe_running_timers();
	assert_int_equal(t->start(1000), 0);
	timers[0].ris = true;
	t->ack();
	assert_false(timers[0].ris);
	assert_int_equal(timers[0].control & CTRL_ENABLE, CTRL_ENABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_probe_stops_both_timers_and_selects_timclk),
		cmocka_unit_test(start_programs_a_periodic_interrupt_at_the_nearest_load),
		cmocka_unit_test(start_refuses_a_rate_without_touching_the_timer),
		cmocka_unit_test(ack_clears_the_interrupt_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
