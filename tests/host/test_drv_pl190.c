/*
 * The PL190 VIC driver (src/drivers/pl190.c) against a model of the VIC
 * (DDI 0181 3.2): probed after a previous owner left every line enabled,
 * some routed to FIQ, software interrupts latched, vectored slots in use
 * and interrupts in service.
 */
#include "fake_hw.h"

#include "../../src/drivers/pl190.c"

#define VIC_PHYS	0x10140000u

static uint32_t enable, select_fiq, softint, protection, defvectaddr, vectcntl[VIC_SLOTS];
static unsigned in_service;	/* nesting levels of the hardware priority stack */
static unsigned stray;

static uint32_t vic_read(uint32_t off, unsigned size)
{
	assert_int_equal(size, 4);
	switch (off) {
	case VICIRQSTATUS: return softint & enable & ~select_fiq;
	case VICINTENABLE: return enable;
	case VICINTSELECT: return select_fiq;
	case VICSOFTINT: return softint;
	}
	fail_msg("read of VIC register %#x", off);
	return 0;
}

static void vic_write(uint32_t off, uint32_t v, unsigned size)
{
	assert_int_equal(size, 4);
	if (off >= VICVECTCNTL(0) && off < VICVECTCNTL(VIC_SLOTS)) {
		vectcntl[(off - VICVECTCNTL(0)) / 4] = v;
		return;
	}
	switch (off) {
	case VICINTSELECT: select_fiq = v; break;
	case VICINTENABLE: enable |= v; break;
	case VICINTENCLEAR: enable &= ~v; break;
	case VICSOFTINT: softint |= v; break;
	case VICSOFTINTCLEAR: softint &= ~v; break;
	case VICPROTECTION: protection = v & 1; break;
	case VICVECTADDR: in_service -= in_service > 0; break;	/* ends one level */
	case VICDEFVECTADDR: defvectaddr = v; break;
	default: stray++;
	}
}

static struct fake_dev vic_dev = { .phys = VIC_PHYS, .size = 0x1000,
				   .read = vic_read, .write = vic_write };

static const struct irq_chip *probe_dirty_vic(void)
{
	struct device *d;

	fake_hw_reset();
	regs = NULL;
	enable = select_fiq = softint = 0xffffffffu;
	protection = 0;
	defvectaddr = 0x1234;
	for (unsigned n = 0; n < VIC_SLOTS; n++)
		vectcntl[n] = 0x20 | n;		/* enabled, source n */
	in_service = VIC_SLOTS + 1;
	stray = 0;
	fake_dev_add(&vic_dev);
	d = fake_table_add("vic", "arm,pl190");
	fake_table_reg(d, VIC_PHYS, 0x1000);
	return pl190_probe();
}

/* Every line masked (line 0 as much as 31), IRQ not FIQ, nothing latched,
 * no vectored slot, privileged access only, nothing left in service. */
static void a_probe_leaves_every_line_masked_and_nothing_in_service(void **state)
{
	(void)state;
	assert_non_null(probe_dirty_vic());
	assert_int_equal(enable, 0);
	assert_int_equal(select_fiq, 0);
	assert_int_equal(softint, 0);
	for (unsigned n = 0; n < VIC_SLOTS; n++)
		assert_int_equal(vectcntl[n], 0);
	assert_int_equal(defvectaddr, 0);
	assert_int_equal(protection, 1);
	assert_int_equal(in_service, 0);
	assert_int_equal(stray, 0);
}

/* After the probe only what is enabled and raised is acknowledged, by
 * priority then line, and a raise is consumed by its ack. */
static void ack_picks_the_highest_priority_raised_line_once(void **state)
{
	const struct irq_chip *c;

	(void)state;
	c = probe_dirty_vic();
	assert_non_null(c);
	assert_int_equal(c->ack(), IRQ_SPURIOUS);
	c->enable(0);
	c->enable(7);
	c->raise(0);
	c->raise(7);
	c->raise(9);			/* not enabled */
	assert_int_equal(c->set_priority(7, 0x10), 0);
	assert_int_equal(c->ack(), 7);
	assert_int_equal(c->ack(), 0);
	assert_int_equal(c->ack(), IRQ_SPURIOUS);
	assert_int_equal(stray, 0);
}

/* pl190.c's promise: the lowest priority number wins, and of lines with
 * equal priority the lowest-numbered (here every tie, line 0 included). */
static void ties_go_to_the_lowest_line(void **state)
{
	static const unsigned lines[] = { 0, 3, 31 };
	const struct irq_chip *c;

	(void)state;
	c = probe_dirty_vic();
	assert_non_null(c);
	for (unsigned i = 0; i < ARRAY_SIZE(lines); i++) {
		c->enable(lines[i]);
		c->raise(lines[i]);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(lines); i++)
		assert_int_equal(c->ack(), lines[i]);
	assert_int_equal(c->ack(), IRQ_SPURIOUS);
}

/* Line 0 at the highest priority is not displaced by a higher-numbered
 * line of lower priority pending with it. */
static void line_0_keeps_its_priority(void **state)
{
	const struct irq_chip *c;

	(void)state;
	c = probe_dirty_vic();
	assert_non_null(c);
	assert_int_equal(c->set_priority(0, 0x10), 0);
	c->enable(0);
	c->enable(5);
	c->raise(5);
	c->raise(0);
	assert_int_equal(c->ack(), 0);
	assert_int_equal(c->ack(), 5);
	assert_int_equal(c->ack(), IRQ_SPURIOUS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_probe_leaves_every_line_masked_and_nothing_in_service),
		cmocka_unit_test(ack_picks_the_highest_priority_raised_line_once),
		cmocka_unit_test(ties_go_to_the_lowest_line),
		cmocka_unit_test(line_0_keeps_its_priority),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
