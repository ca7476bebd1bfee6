/*
 * Interrupts and time: the dispatch table, spurious and unclaimed
 * interrupts, state preserved across IRQs, the tick against the counter,
 * sleep_ms(), 10,000 software timers, and the RTC.
 */
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "exception.h"
#include "harness.h"
#include "irq.h"
#include "mmu.h"
#include "rtc.h"
#include "timer.h"

#define MS	1000000ull

/* ---- dispatch ---- */

static volatile unsigned handled;
static volatile unsigned last_irq;
static void *volatile last_ctx;

static void count_irq(unsigned irq, void *ctx)
{
	handled++;
	last_irq = irq;
	last_ctx = ctx;
}

/*
 * Interrupt numbers no device uses: on the GIC an SGI (always enabled in
 * QEMU, which GICv2 allows) and an unused SPI (which can be masked); on a
 * 32-line VIC two spare lines.
 */
static unsigned spare_irq(void)
{
	return irq_chip()->nr_irqs > 32 ? 1 : 27;
}

static unsigned spare_maskable_irq(void)
{
	return irq_chip()->nr_irqs > 32 ? 40 : 28;
}

TEST(a_registered_handler_runs_with_its_context)
{
	unsigned irq = spare_irq();
	uint32_t before = irq_count(irq);
	int ctx;

	handled = 0;
	CHECK_EQ(irq_register(irq, count_irq, &ctx, "test"), 0);
	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	sleep_ms(2);
	CHECK_EQ(handled, 1);
	CHECK_EQ(last_irq, irq);
	CHECK(last_ctx == &ctx);
	CHECK_EQ(irq_count(irq), before + 1);
	CHECK_EQ(strcmp(irq_name(irq), "test"), 0);
	CHECK_EQ(irq_unregister(irq), 0);
}

TEST(registration_refusals)
{
	unsigned irq = spare_irq();

	CHECK_EQ(irq_register(IRQ_MAX, count_irq, NULL, "x"), -EINVAL);
	CHECK_EQ(irq_register(irq, NULL, NULL, "x"), -EINVAL);
	CHECK_EQ(irq_register(irq, count_irq, NULL, "x"), 0);
	CHECK_EQ(irq_register(irq, count_irq, NULL, "x"), -EBUSY);
	CHECK_EQ(irq_unregister(irq), 0);
	CHECK_EQ(irq_unregister(irq), -ENOENT);
	CHECK_EQ(irq_enable(IRQ_MAX), -EINVAL);
}

/*
 * Priority is real on the GIC: the CPU interface masks priorities at or
 * below its mask (GICC_PMR 0xf0 here), so such an interrupt stays pending
 * until raised in priority. The VIC has no priority in hardware.
 */
TEST(priority_and_trigger_settings_take_effect)
{
	unsigned irq = spare_maskable_irq();
	int err;

	handled = 0;
	CHECK_EQ(irq_set_priority(irq, 0x100), -EINVAL);
	CHECK_EQ(irq_set_priority(IRQ_MAX, 0), -EINVAL);
	CHECK_EQ(irq_set_trigger(IRQ_MAX, IRQ_EDGE), -EINVAL);
	err = irq_set_priority(irq, 0xf8);
	if (err == -ENOSYS || irq_chip()->nr_irqs <= 32)
		SKIP("no hardware priority on this interrupt controller");
	CHECK_EQ(err, 0);
	CHECK_EQ(irq_set_trigger(irq, IRQ_EDGE), 0);
	CHECK_EQ(irq_set_trigger(2, IRQ_LEVEL), -EINVAL);	/* SGIs are edge-only */
	CHECK_EQ(irq_register(irq, count_irq, NULL, "prio"), 0);
	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	sleep_ms(3);
	CHECK_EQ(handled, 0);			/* masked by priority */
	CHECK_EQ(irq_set_priority(irq, 0x80), 0);
	sleep_ms(3);
	CHECK_EQ(handled, 1);			/* delivered once allowed */
	CHECK_EQ(irq_set_trigger(irq, IRQ_LEVEL), 0);
	CHECK_EQ(irq_unregister(irq), 0);
}

TEST(an_unregistered_interrupt_is_reported_masked_and_survived)
{
	unsigned irq = spare_maskable_irq();
	uint32_t unhandled = irq_unhandled_count();
	uint32_t before = irq_count(irq);

	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	sleep_ms(2);
	CHECK_EQ(irq_unhandled_count(), unhandled + 1);
	CHECK_EQ(irq_count(irq), before + 1);
	CHECK_EQ(irq_raise(irq), 0);	/* masked now: no second report */
	sleep_ms(2);
	CHECK_EQ(irq_count(irq), before + 1);
	CHECK(ticks() > 0);		/* and everything else still runs */
}

/* The interrupt number the time code registered as "tick". */
static int tick_irq(void)
{
	for (unsigned i = 0; i < irq_chip()->nr_irqs; i++)
		if (irq_name(i) && !strcmp(irq_name(i), "tick"))
			return (int)i;
	return -1;
}

TEST(a_spurious_interrupt_is_counted_and_survived)
{
	struct exc_frame frame = { .spsr = 0x13 };
	uint32_t spurious = irq_spurious_count();
	int tick = tick_irq();
	uint32_t flags;
	int acked;

	CHECK(tick >= 0);
	/* Silence the tick so nothing can be pending meanwhile. */
	irq_disable((unsigned)tick);
	flags = arch_irq_save();
	/* Nothing pending: the controller says so ... */
	acked = irq_chip()->ack();
	/* ... and an IRQ exception that finds nothing just returns. */
	exception_dispatch(EXC_IRQ, &frame);
	arch_irq_restore(flags);
	irq_enable((unsigned)tick);
	CHECK_EQ(acked, IRQ_SPURIOUS);
	CHECK_EQ(irq_spurious_count(), spurious + 1);
}

/*
 * Spin with known values in r0-r12, lr and the flags while the tick
 * interrupts; any register the IRQ path failed to restore shows up as a
 * mismatch. Returns the number of mismatches (A32, so no register is spare).
 */
unsigned irq_torture(unsigned loops);
__asm__(
	".text\n.arm\n.global irq_torture\nirq_torture:\n"
	"	push	{r4-r11, lr}\n"
	"	mov	r12, r0\n"		/* r12: loops left */
	"	mov	r0, #0\n"		/* r0: mismatches */
	"1:	ldr	r1, =0x11111111\n	ldr	r2, =0x22222222\n"
	"	ldr	r3, =0x33333333\n	ldr	r4, =0x44444444\n"
	"	ldr	r5, =0x55555555\n	ldr	r6, =0x66666666\n"
	"	ldr	r7, =0x77777777\n	ldr	r8, =0x88888888\n"
	"	ldr	r9, =0x99999999\n	ldr	r10, =0xaaaaaaaa\n"
	"	ldr	r11, =0xbbbbbbbb\n	ldr	lr, =0xcccccccc\n"
	"	msr	cpsr_f, #0x60000000\n"	/* Z and C set */
	"	.rept	64\n	nop\n	.endr\n"
	"	bne	2f\n	bcc	2f\n"
	"	eor	r1, r1, #0x11000000\n	eor	r1, r1, #0x110000\n"
	"	eor	r1, r1, #0x1100\n	eors	r1, r1, #0x11\n	bne	2f\n"
	"	ldr	r1, =0x22222222\n	cmp	r2, r1\n	bne	2f\n"
	"	ldr	r1, =0x33333333\n	cmp	r3, r1\n	bne	2f\n"
	"	ldr	r1, =0x44444444\n	cmp	r4, r1\n	bne	2f\n"
	"	ldr	r1, =0x55555555\n	cmp	r5, r1\n	bne	2f\n"
	"	ldr	r1, =0x66666666\n	cmp	r6, r1\n	bne	2f\n"
	"	ldr	r1, =0x77777777\n	cmp	r7, r1\n	bne	2f\n"
	"	ldr	r1, =0x88888888\n	cmp	r8, r1\n	bne	2f\n"
	"	ldr	r1, =0x99999999\n	cmp	r9, r1\n	bne	2f\n"
	"	ldr	r1, =0xaaaaaaaa\n	cmp	r10, r1\n	bne	2f\n"
	"	ldr	r1, =0xbbbbbbbb\n	cmp	r11, r1\n	bne	2f\n"
	"	ldr	r1, =0xcccccccc\n	cmp	lr, r1\n	bne	2f\n"
	"	b	3f\n"
	"2:	add	r0, r0, #1\n"
	"3:	subs	r12, r12, #1\n"
	"	bne	1b\n"
	"	pop	{r4-r11, pc}\n"
	"	.ltorg\n");

TEST(interrupted_code_cannot_tell)
{
	uint64_t t0 = ticks();
	unsigned bad = irq_torture(200000);

	CHECK_EQ(bad, 0);
	CHECK(ticks() - t0 >= 5);	/* it really was interrupted */
}

/* ---- time ---- */

TEST(ticks_over_a_measured_second_agree_with_the_counter)
{
	uint64_t t0, k0, k1, elapsed;

	/* start on a tick boundary */
	k0 = ticks();
	while (ticks() == k0)
		;
	t0 = uptime_ns();
	k0 = ticks();
	while (uptime_ns() - t0 < 1000 * MS)
		;
	k1 = ticks();
	elapsed = uptime_ns() - t0;
	/* tolerance: 1% (host scheduling jitter under QEMU's TCG) */
	CHECK(k1 - k0 >= (elapsed / MS) * 99 / 100);
	CHECK(k1 - k0 <= (elapsed / MS) * 101 / 100 + 1);
	CHECK_EQ(tick_hz(), TICK_HZ_DEFAULT);
}

TEST(a_bad_tick_rate_is_refused_and_changes_nothing)
{
	uint64_t t0;

	CHECK_EQ(time_init(0), -EINVAL);
	CHECK_EQ(time_init(0xffffffffu), -EINVAL);
	t0 = ticks();
	sleep_ms(5);
	CHECK(ticks() - t0 >= 4);		/* the running tick is untouched */
	CHECK_EQ(tick_hz(), TICK_HZ_DEFAULT);
}

TEST(sleep_ms_is_never_early_and_at_most_two_ticks_late)
{
	static const uint32_t delays[] = { 1, 5, 20, 100 };

	for (unsigned i = 0; i < ARRAY_SIZE(delays); i++) {
		uint64_t t0 = uptime_ns(), took;

		sleep_ms(delays[i]);
		took = uptime_ns() - t0;
		CHECK(took >= delays[i] * MS);
		/* two tick periods, plus 3 ms for host jitter under emulation */
		CHECK(took <= delays[i] * MS + 5 * MS);
	}
}

#define NTIMERS	10000

struct fired_log {
	unsigned n;
	unsigned order[NTIMERS];
	uint8_t times[NTIMERS];
};

static struct soft_timer *timers;
static struct fired_log *fired;

static void timer_fired(struct soft_timer *t, void *ctx)
{
	unsigned i = (unsigned)(t - timers);

	(void)ctx;
	if (fired->times[i]++ == 0 && fired->n < NTIMERS)
		fired->order[fired->n++] = i;
}

TEST(ten_thousand_timers_fire_once_each_in_deadline_order)
{
	uintptr_t scratch = mmu_ram()->base + (64u << 20);
	uint32_t seed = 12345, flags;
	unsigned queued;
	uint64_t t0;
	int err = 0;

	if (mmu_ram()->size < (72u << 20))
		SKIP("needs 72 MiB of RAM");
	timers = (struct soft_timer *)scratch;
	fired = (struct fired_log *)(scratch + NTIMERS * sizeof(*timers));
	memset(timers, 0, NTIMERS * sizeof(*timers));
	memset(fired, 0, sizeof(*fired));
	/* Queue them all before any can fire: queueing takes longer than the
	 * shortest delays, and the case is about firing order, not racing. */
	flags = arch_irq_save();
	for (unsigned i = 0; i < NTIMERS; i++) {
		timers[i].slot = -1;
		seed = seed * 1103515245u + 12345u;
		err = timer_start(&timers[i], (seed >> 8) % (200 * MS), timer_fired, NULL);
		if (err)
			break;
	}
	queued = timers_pending();
	arch_irq_restore(flags);
	CHECK_EQ(err, 0);
	CHECK_EQ(queued, NTIMERS);
	t0 = uptime_ns();
	while (timers_pending() && uptime_ns() - t0 < 2000 * MS)
		sleep_ms(10);
	CHECK_EQ(timers_pending(), 0);
	CHECK_EQ(fired->n, NTIMERS);
	for (unsigned i = 0; i < NTIMERS; i++)
		CHECK_EQ(fired->times[i], 1);
	for (unsigned k = 1; k < NTIMERS; k++) {
		const struct soft_timer *a = &timers[fired->order[k - 1]];
		const struct soft_timer *b = &timers[fired->order[k]];

		CHECK(a->deadline_ns < b->deadline_ns ||
		      (a->deadline_ns == b->deadline_ns && fired->order[k - 1] < fired->order[k]));
	}
}

TEST(a_cancelled_timer_does_not_fire)
{
	static struct soft_timer t = { .slot = -1 };
	static struct fired_log log;

	timers = &t;
	fired = &log;
	memset(&log, 0, sizeof(log));
	CHECK_EQ(timer_start(&t, 5 * MS, timer_fired, NULL), 0);
	CHECK_EQ(timer_start(&t, 5 * MS, timer_fired, NULL), -EBUSY);	/* queued already */
	CHECK_EQ(timer_cancel(&t), 0);
	CHECK_EQ(timer_cancel(&t), -ENOENT);
	sleep_ms(10);
	CHECK_EQ(log.n, 0);
}

/* ---- RTC ---- */

TEST(the_rtc_gives_wall_clock_time_and_advances)
{
	uint32_t a, b;
	char text[32];

	CHECK_EQ(rtc_read(&a), 0);
	CHECK(a > 1577836800u);		/* after 2020-01-01 */
	sleep_ms(1100);
	CHECK_EQ(rtc_read(&b), 0);
	CHECK(b - a >= 1 && b - a <= 2);
	rtc_format(86400u * 365 + 3661, text, sizeof(text));
	CHECK_EQ(strcmp(text, "1971-01-01 01:01:01 UTC"), 0);
}
