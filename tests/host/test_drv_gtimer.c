/*
 * The ARM Generic Timer driver (src/drivers/arm_gtimer.c) against a model of
 * its CP15 registers (ARM ARM B8: CNTFRQ, CNTPCT, CNTP_CVAL, CNTP_CTL): when
 * it offers a clocksource and a tick, and that every compare value it
 * writes is the tick schedule's exact deadline (include/ticks.h), over tens
 * of thousands of ticks, late ones included; and, from the order of
 * accesses and barriers, that the ISBs the architecture asks for are there.
 */
#define FAKE_BARRIER_LOG	/* barriers reach fake_barrier() below */
#include "fake_hw.h"
#include "cp15_access.h"

#include "../../src/drivers/arm_gtimer.c"

static uint32_t cntfrq, cntp_ctl;
static uint64_t cntpct, cntp_cval;
static unsigned cval_writes;

/*
 * Where the ISBs are, from the order of register accesses and barriers:
 * a CNTPCT read directly after an ISB (B8.1.2: otherwise it may be taken
 * early, out of program order), and every write to CNTP_CVAL or CNTP_CTL
 * followed by an ISB before the next timer access and before the driver
 * returns (a system register write takes effect for later instructions only
 * after a context synchronization event; see set_cntp_cval()).
 */
static bool isb_just_before;	/* the last event was an ISB */
static const char *unsynced_write;	/* a write not yet followed by an ISB */

void fake_barrier(const char *name)
{
	isb_just_before = !strcmp(name, "isb");
	if (isb_just_before)
		unsynced_write = NULL;
}

static void timer_access(const char *what)
{
	if (unsynced_write)
		fail_msg("%s after a write to %s without an ISB between", what, unsynced_write);
	isb_just_before = false;
}

static void timer_write(const char *what)
{
	timer_access(what);
	unsynced_write = what;
}

/* Called when the driver has returned: its last write was synchronized. */
static void assert_writes_synchronized(void)
{
	if (unsynced_write)
		fail_msg("returned with a write to %s not followed by an ISB", unsynced_write);
}

/* CNTP_CTL.ISTATUS: the timer condition, CNTPCT - CVAL >= 0 (B8.1.5). */
static bool condition_met(void)
{
	return (cntp_ctl & CNTP_CTL_ENABLE) && (int64_t)(cntpct - cntp_cval) >= 0;
}

uint32_t fake_cp15_read(unsigned op1, const char *crn, const char *crm, unsigned op2)
{
	if (op1 == 0 && !strcmp(crn, "c14") && !strcmp(crm, "c0") && op2 == 0) {
		timer_access("a CNTFRQ read");
		return cntfrq;
	}
	if (op1 == 0 && !strcmp(crn, "c14") && !strcmp(crm, "c2") && op2 == 1) {
		timer_access("a CNTP_CTL read");
		return cntp_ctl | (condition_met() ? CNTP_CTL_ISTATUS : 0);
	}
	fail_msg("read of p15, %u, %s, %s, %u: not a timer register", op1, crn, crm, op2);
	return 0;
}

void fake_cp15_write(unsigned op1, const char *crn, const char *crm, unsigned op2, uint32_t v)
{
	if (op1 == 0 && !strcmp(crn, "c14") && !strcmp(crm, "c2") && op2 == 1) {
		timer_write("CNTP_CTL");
		cntp_ctl = v & (CNTP_CTL_ENABLE | CNTP_CTL_IMASK);	/* ISTATUS read-only */
		return;
	}
	fail_msg("write of p15, %u, %s, %s, %u: not a writable timer register", op1, crn, crm, op2);
}

uint64_t fake_cp15_read64(unsigned op1, const char *crm)
{
	if (!strcmp(crm, "c14") && op1 == 0) {
		if (!isb_just_before)
			fail_msg("CNTPCT read without an ISB directly before it");
		timer_access("a CNTPCT read");
		return cntpct;
	}
	if (!strcmp(crm, "c14") && op1 == 2) {
		timer_access("a CNTP_CVAL read");
		return cntp_cval;
	}
	fail_msg("64-bit read of p15, %u, %s: not a timer register", op1, crm);
	return 0;
}

void fake_cp15_write64(unsigned op1, const char *crm, uint64_t v)
{
	if (!strcmp(crm, "c14") && op1 == 2) {
		timer_write("CNTP_CVAL");
		cntp_cval = v;
		cval_writes++;
		return;
	}
	fail_msg("64-bit write of p15, %u, %s: not CNTP_CVAL", op1, crm);
}

/* device.c's choice between the secure and non-secure interrupt has its own
 * tests; here a timer record's first interrupt is its tick. */
int device_timer_irq(const struct device *d)
{
	return d && d->nirq ? (int)d->irq[0] : -1;
}

/* A counter at freq Hz that reads start, and a timer record with nirq
 * interrupts (30: the non-secure physical timer's PPI on QEMU virt). */
static void reset(uint32_t freq, uint64_t start, unsigned nirq)
{
	struct device *d;

	fake_hw_reset();
	cntfrq = freq;
	cntpct = start;
	cntp_ctl = CNTP_CTL_IMASK;	/* as a previous stage may leave it */
	cntp_cval = 0;
	cval_writes = 0;
	isb_just_before = false;	/* whatever ran before the driver */
	unsynced_write = NULL;
	d = fake_table_add("timer", "arm,armv7-timer");
	for (unsigned i = 0; i < nirq; i++)
		d->irq[d->nirq++] = 30;
}

static void no_timer_record_no_clocksource_no_tick(void **state)
{
	(void)state;
	reset(62500000, 0, 1);
	fake_hw_reset();	/* the record is gone */
	assert_null(gtimer_clocksource());
	assert_null(gtimer_tick());
}

/* CNTFRQ is written by the firmware that runs first (B8.1.2); 0 means
 * nobody did, and a rate of 0 can time nothing. */
static void a_counter_without_a_frequency_is_refused(void **state)
{
	(void)state;
	reset(0, 1000, 1);
	assert_null(gtimer_clocksource());
	assert_null(gtimer_tick());
}

/* Counting needs no interrupt; ticking does. */
static void a_timer_without_an_interrupt_counts_but_does_not_tick(void **state)
{
	const struct clocksource *c;

	(void)state;
	reset(24000000, 1000, 0);
	c = gtimer_clocksource();
	assert_non_null(c);
	assert_int_equal(c->freq_hz, 24000000);
	assert_true(c->read() == 1000);
	assert_null(gtimer_tick());
}

static void the_tick_is_the_non_secure_physical_timer_unmasked(void **state)
{
	const struct tick_device *t;

	(void)state;
	reset(62500000, 5000, 1);
	t = gtimer_tick();
	assert_non_null(t);
	assert_int_equal(t->irq, 30);
	assert_int_equal(t->max_hz, 62500000);
	assert_int_equal(t->start(0), -EINVAL);
	assert_int_equal(t->start(62500001), -EINVAL);
	assert_int_equal(cval_writes, 0);
	assert_int_equal(t->start(1000), 0);
	assert_writes_synchronized();
	assert_true(cntp_cval == 5000 + 62500);
	assert_int_equal(cntp_ctl, CNTP_CTL_ENABLE);	/* enabled, IMASK clear */
	assert_true(t->deadline() == cntp_cval);
}

/*
 * Every compare value is base + floor(k * freq / hz) for the next tick k,
 * so no error accumulates (24 MHz / 7 alternates 3428571 and 3428572); an
 * ack with the condition not met (a level line seen again at EOI) changes
 * nothing; a late ack steps over every deadline already missed.
 */
static void every_deadline_is_exact_over_many_ticks(void **state)
{
	const uint32_t freq = 24000000, hz = 7;
	const uint64_t base = 0xfffffff0000ull;	/* past 2^32: no 32-bit arithmetic */
	const struct tick_device *t;
	uint64_t k = 1;
	unsigned writes;

	(void)state;
	reset(freq, base, 1);
	t = gtimer_tick();
	assert_non_null(t);
	assert_int_equal(t->start(hz), 0);
	for (unsigned i = 0; i < 50000; i++) {
		uint64_t due = base + k * freq / hz;

		if (cntp_cval != due)
			fail_msg("tick %llu: CVAL %#llx, due %#llx", (unsigned long long)k,
				 (unsigned long long)cntp_cval, (unsigned long long)due);
		cntpct = due - 1;		/* one count early: nothing is written */
		writes = cval_writes;
		t->ack();
		assert_int_equal(cval_writes, writes);
		/* on time, or every 97th tick three periods and a bit late */
		cntpct = i % 97 ? due : base + (k + 3) * freq / hz + 1;
		t->ack();
		assert_writes_synchronized();
		k += i % 97 ? 1 : 4;
		t->ack();			/* the same interrupt seen again */
		assert_int_equal(cval_writes, writes + 1);
	}
	assert_true(cntp_cval == base + k * freq / hz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_timer_record_no_clocksource_no_tick),
		cmocka_unit_test(a_counter_without_a_frequency_is_refused),
		cmocka_unit_test(a_timer_without_an_interrupt_counts_but_does_not_tick),
		cmocka_unit_test(the_tick_is_the_non_secure_physical_timer_unmasked),
		cmocka_unit_test(every_deadline_is_exact_over_many_ticks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
