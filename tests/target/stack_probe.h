/* What C code sees of its stack: shared by t_stack and t_crash_abort_stack. */
#ifndef STACK_PROBE_H
#define STACK_PROBE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define STACK_PROBE_U64		0x0123456789abcdefull

struct stack_probe {
	uint32_t sp_mod8;	/* sp at the probe's entry, mod 8 */
	uint32_t u64_mod8;	/* address of a stack uint64_t, mod 8 */
	uint64_t vararg;	/* a uint64_t passed on the stack as a vararg */
	uint64_t ldrd;		/* STRD then LDRD of the stack uint64_t */
};

/* Three ints fill r0-r2, so the uint64_t vararg goes on the stack, in an
 * 8-aligned slot (AAPCS 5.5, C.4-C.6), where va_arg looks for it. */
static __attribute__((noinline, noclone, unused)) uint64_t u64_vararg(int a, int b, int c, ...)
{
	va_list ap;
	uint64_t v;

	(void)a, (void)b, (void)c;
	va_start(ap, c);
	v = va_arg(ap, uint64_t);
	va_end(ap);
	return v;
}

/* noinline: its own frame, laid out by GCC on the assumption that sp is
 * 8-aligned on entry. */
static __attribute__((noinline, unused)) void stack_probe(struct stack_probe *p)
{
	uint64_t slot __attribute__((aligned(8)));
	uint32_t sp, lo = (uint32_t)(STACK_PROBE_U64 & 0xffffffffu), hi = (uint32_t)(STACK_PROBE_U64 >> 32);
	uint32_t got_lo, got_hi;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	p->sp_mod8 = sp & 7;
	p->u64_mod8 = (uintptr_t)&slot & 7;
	{
		uint64_t (*volatile fn)(int, int, int, ...) = u64_vararg;

		p->vararg = fn(1, 2, 3, STACK_PROBE_U64);
	}
	__asm__ volatile("mov r2, %2\n\tmov r3, %3\n\t"
			 "strd r2, r3, [%4]\n\t"
			 "mov r2, #0\n\tmov r3, #0\n\t"
			 "ldrd r2, r3, [%4]\n\t"
			 "mov %0, r2\n\tmov %1, r3"
			 : "=&r"(got_lo), "=&r"(got_hi)
			 : "r"(lo), "r"(hi), "r"(&slot)
			 : "r2", "r3", "memory");
	p->ldrd = ((uint64_t)got_hi << 32) | got_lo;
}

static inline __attribute__((unused)) bool stack_probe_ok(const struct stack_probe *p)
{
	return p->sp_mod8 == 0 && p->u64_mod8 == 0 && p->ldrd == STACK_PROBE_U64 &&
	       p->vararg == STACK_PROBE_U64;
}

#endif
