/*
 * The abort handler's own C code runs on an 8-byte aligned stack (AAPCS):
 * the report's describe hook runs in ABT mode inside the handler, probes its
 * stack and says what it saw in the "mapping at" line.
 * expect-exit: 2
 * expect-output: mapping at 0x00000000: abort handler stack: sp%8=0 u64%8=0 vararg=0x0123456789abcdef ldrd=0x0123456789abcdef
 * expect-output: (SVC mode)
 */
#include "exception.h"
#include "harness.h"
#include "stack_probe.h"

static int describe_stack(uintptr_t va, char *buf, size_t n)
{
	struct stack_probe p;

	(void)va;
	stack_probe(&p);
	return snprintf(buf, n, "abort handler stack: sp%%8=%lu u64%%8=%lu "
			"vararg=0x%08lx%08lx ldrd=0x%08lx%08lx",
			(unsigned long)p.sp_mod8, (unsigned long)p.u64_mod8,
			(unsigned long)(p.vararg >> 32), (unsigned long)p.vararg,
			(unsigned long)(p.ldrd >> 32), (unsigned long)p.ldrd);
}

TEST(abort_handler_stack_is_aligned)
{
	volatile uint32_t *null = (volatile uint32_t *)0;

	exception_set_describe(describe_stack);
	(void)*null;
	printf("still alive?\n");
}
