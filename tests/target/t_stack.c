/*
 * AAPCS (5.2.1.2): sp is 8-byte aligned at every public interface. C code
 * run from an exception entry or from fault_try() must see it so: a 64-bit
 * vararg is read from an 8-aligned slot, and a stack uint64_t is where
 * LDRD/STRD expect it (ARMv5TE requires doubleword alignment for them).
 * The abort handler's context is checked by t_crash_abort_stack.
 */
#include <string.h>
#include "exception.h"
#include "harness.h"
#include "irq.h"
#include "stack_probe.h"
#include "timer.h"

static struct stack_probe in_irq, in_callee;
static volatile unsigned irq_runs;

static void probe_from_irq(unsigned irq, void *ctx)
{
	(void)irq, (void)ctx;
	stack_probe(&in_irq);
	irq_runs++;
}

static void probe_from_callee(void *arg)
{
	stack_probe(arg);
}

/* A line no device uses: an SGI on the GIC, a spare VIC line. */
static unsigned spare_irq(void)
{
	return irq_chip()->nr_irqs > 32 ? 2 : 26;
}

static void check_probe(const struct stack_probe *p, const char *where)
{
	if (!stack_probe_ok(p))
		test_fail(__FILE__, __LINE__, "%s: sp %% 8 = %lu, &u64 %% 8 = %lu, "
			  "vararg 0x%08lx%08lx, ldrd/strd read 0x%08lx%08lx", where,
			  (unsigned long)p->sp_mod8, (unsigned long)p->u64_mod8,
			  (unsigned long)(p->vararg >> 32), (unsigned long)p->vararg,
			  (unsigned long)(p->ldrd >> 32), (unsigned long)p->ldrd);
}

TEST(irq_handler_runs_on_an_8_byte_aligned_stack)
{
	unsigned irq = spare_irq();

	memset(&in_irq, 0, sizeof(in_irq));
	irq_runs = 0;
	CHECK_EQ(irq_register(irq, probe_from_irq, NULL, "stack"), 0);
	CHECK_EQ(irq_enable(irq), 0);
	CHECK_EQ(irq_raise(irq), 0);
	/* Bounded by the clocksource, not by the tick: never hangs. */
	for (uint64_t start = uptime_ns(); !irq_runs && uptime_ns() - start < 100000000ull;)
		;
	CHECK_EQ(irq_unregister(irq), 0);
	CHECK_EQ(irq_runs, 1);
	check_probe(&in_irq, "IRQ handler");
}

TEST(fault_try_callee_runs_on_an_8_byte_aligned_stack)
{
	struct fault_info fi;

	memset(&in_callee, 0, sizeof(in_callee));
	CHECK_EQ(fault_try(probe_from_callee, &in_callee, &fi), 0);
	check_probe(&in_callee, "fault_try callee");
}
