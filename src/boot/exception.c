/*
 * Exception dispatch: decode what happened, hand it to an armed fault_try()
 * or to the IRQ handler, and otherwise report it and halt.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include "arch.h"
#include "console.h"
#include "exception.h"
#include "fmt.h"

_Static_assert(offsetof(struct fault_catch, sp) == FAULT_CATCH_SP, "fault_catch.sp");
_Static_assert(offsetof(struct fault_catch, out) == FAULT_CATCH_OUT, "fault_catch.out");
_Static_assert(offsetof(struct fault_catch, armed) == FAULT_CATCH_ARMED, "fault_catch.armed");
_Static_assert(FAULT_TRY_EFAULT == EFAULT, "FAULT_TRY_EFAULT must equal EFAULT");
_Static_assert(sizeof(struct exc_frame) == 17 * 4, "entry.S builds a 17-word frame");

#define PSR_MODE_MASK	0x1fu
#define PSR_MODE_USR	0x10u
#define PSR_T		(1u << 5)
#define PSR_IT_MASK	((0x3fu << 10) | (0x3u << 25))	/* IT[7:2], IT[1:0] */

struct fault_catch fault_catch;
extern char fault_try_resume[];

static void (*irq_handler)(struct exc_frame *f);
static void (*user_handler)(unsigned type, struct exc_frame *f, const struct fault_info *fi);
static unsigned nesting;
static struct fault_info reporting;	/* the fault whose report is under way */

void exception_set_irq_handler(void (*handler)(struct exc_frame *f))
{
	irq_handler = handler;
}

void exception_set_user_handler(void (*handler)(unsigned type, struct exc_frame *f,
						const struct fault_info *fi))
{
	user_handler = handler;
}

static bool from_user(const struct exc_frame *f)
{
	return (f->spsr & PSR_MODE_MASK) == PSR_MODE_USR;
}

const char *exception_name(unsigned type)
{
	static const char *const names[] = {
		[EXC_UNDEF] = "undefined instruction", [EXC_SVC] = "supervisor call",
		[EXC_PABT] = "prefetch abort", [EXC_DABT] = "data abort",
		[EXC_UNUSED] = "reserved vector", [EXC_IRQ] = "unexpected IRQ",
		[EXC_FIQ] = "unexpected FIQ",
	};

	return type < ARRAY_SIZE(names) && names[type] ? names[type] : "unknown exception";
}

const char *cpu_mode_name(uint32_t cpsr)
{
	switch (cpsr & PSR_MODE_MASK) {
	case 0x10: return "USR";
	case 0x11: return "FIQ";
	case 0x12: return "IRQ";
	case 0x13: return "SVC";
	case 0x16: return "MON";
	case 0x17: return "ABT";
	case 0x1a: return "HYP";
	case 0x1b: return "UND";
	case 0x1f: return "SYS";
	default:   return "???";
	}
}

/* UND and SVC return past the instruction: step back over it (B1.8.3). */
static uint32_t insn_address(const struct exc_frame *f)
{
	return f->pc - ((f->spsr & PSR_T) ? 2 : 4);
}

static void capture(unsigned type, const struct exc_frame *f, struct fault_info *fi)
{
	*fi = (struct fault_info){ .type = type, .pc = f->pc, .addr = f->pc,
				   .addr_valid = true, .cpsr = f->spsr };

	switch (type) {
	case EXC_DABT:
	case EXC_PABT:
		arch_fault_status(type == EXC_DABT, &fi->fsr, &fi->addr, &fi->addr_valid, &fi->fs);
		/* No IFAR (ARMv5): a prefetch abort's address is the pc itself. */
		if (type == EXC_PABT && !fi->addr_valid) {
			fi->addr = fi->pc;
			fi->addr_valid = true;
		}
		/* No WnR bit (ARMv5): the instruction itself says. */
		if (type == EXC_DABT && !fi->fs.wnr_valid && !fsr_is_async(&fi->fs)) {
			bool thumb = f->spsr & PSR_T;
			uint32_t insn = thumb ? *(const uint16_t *)fi->pc : *(const uint32_t *)fi->pc;
			int w = insn_writes(insn, thumb);

			fi->fs.wnr_valid = w >= 0;
			fi->fs.is_write = w > 0;
		}
		break;
	case EXC_UNDEF:
		fi->pc = fi->addr = insn_address(f);
		fi->insn = (f->spsr & PSR_T) ? *(const uint16_t *)fi->pc : *(const uint32_t *)fi->pc;
		break;
	case EXC_SVC:
		fi->pc = fi->addr = insn_address(f);
		fi->insn = (f->spsr & PSR_T) ? *(const uint16_t *)fi->pc & 0xff
					     : *(const uint32_t *)fi->pc & 0xffffff;
		break;
	default:
		break;
	}
}

/*
 * An armed fault_try() running in SVC mode takes the fault: resume in
 * fault_try_resume (A32), which takes the stack pointer it saved in r0. (The
 * frame's sp is left alone: for an SVC taken in SVC mode it is this very
 * stack, which the return path must unwind as it is.)
 */
static bool fixup(const struct fault_info *fi, struct exc_frame *f)
{
	if (!fault_window_takes(fault_catch.armed, f->spsr))
		return false;
	*fault_catch.out = *fi;
	fault_catch.armed = 0;
	f->r[0] = fault_catch.sp;
	f->pc = (uint32_t)fault_try_resume;
	f->spsr &= ~(PSR_T | PSR_IT_MASK);
	return true;
}

int fault_format(const struct fault_info *fi, char *buf, size_t n)
{
	switch (fi->type) {
	case EXC_DABT:
	case EXC_PABT:
		if (fsr_is_async(&fi->fs))
			return fmt_snprintf(buf, n, "%s: %s (fsr 0x%03lx), address unknown, "
					"taken at pc 0x%08lx after the access",
					exception_name(fi->type), fi->fs.text,
					(unsigned long)fi->fsr, (unsigned long)fi->pc);
		if (!fi->addr_valid)
			return fmt_snprintf(buf, n, "%s: %s (fsr 0x%03lx), address unknown, pc 0x%08lx",
					exception_name(fi->type), fi->fs.text,
					(unsigned long)fi->fsr, (unsigned long)fi->pc);
		return fmt_snprintf(buf, n, "%s: %s (fsr 0x%03lx), %s at 0x%08lx, pc 0x%08lx",
				exception_name(fi->type), fi->fs.text, (unsigned long)fi->fsr,
				fi->type == EXC_PABT ? "execute" :
				!fi->fs.wnr_valid ? "access" : fi->fs.is_write ? "write" : "read",
				(unsigned long)fi->addr, (unsigned long)fi->pc);
	case EXC_UNDEF:
		return fmt_snprintf(buf, n, "%s: 0x%0*lx at pc 0x%08lx (%s state)",
				exception_name(fi->type), (fi->cpsr & PSR_T) ? 4 : 8,
				(unsigned long)fi->insn, (unsigned long)fi->pc,
				(fi->cpsr & PSR_T) ? "Thumb" : "ARM");
	case EXC_SVC:
		return fmt_snprintf(buf, n, "%s: svc #0x%lx at pc 0x%08lx, no handler",
				exception_name(fi->type), (unsigned long)fi->insn,
				(unsigned long)fi->pc);
	default:
		return fmt_snprintf(buf, n, "%s at pc 0x%08lx", exception_name(fi->type),
				(unsigned long)fi->pc);
	}
}

/* Where a report's lines go: stdout while the console works, else the
 * image's polled path of last resort. */
static report_sink_fn report_sink(void)
{
	return console_regs() ? stdout_puts : emergency_write;
}

static int (*describe)(uintptr_t va, char *buf, size_t n) = mmu_describe;

void exception_set_describe(int (*fn)(uintptr_t va, char *buf, size_t n))
{
	describe = fn ? fn : mmu_describe;
}

/*
 * The whole report is formatted first and written once: the early sink,
 * emergency_write(), turns the MMU off, after which every data access is
 * Strongly-ordered and an unaligned one (libc's formatting may make some)
 * would fault (ARM ARM A3.2.1).
 */
void exception_report(const struct fault_info *fi, const struct exc_frame *f,
		      report_sink_fn out)
{
	static char report[1024] __noinit;	/* one fatal report at a time: no nesting; written before read */
	char text[160];
	size_t n = 0;

	/* Append; past the end, the rest is cut (snprintf writes the NUL). */
#define REPORT(...) do {							\
		size_t at = n < sizeof(report) ? n : sizeof(report) - 1;	\
		n = at + (size_t)fmt_snprintf(report + at, sizeof(report) - at, __VA_ARGS__); \
	} while (0)
	fault_format(fi, text, sizeof(text));
	REPORT("\n*** %s\n", text);
	if (fi->addr_valid && (fi->type == EXC_DABT || fi->type == EXC_PABT)) {
		describe(fi->addr, text, sizeof(text));
		REPORT("    mapping at 0x%08lx: %s\n", (unsigned long)fi->addr, text);
	}
	for (unsigned i = 0; i < 13; i += 4) {
		REPORT("   ");
		for (unsigned j = i; j < i + 4 && j < 13; j++)
			REPORT(" r%-2u 0x%08lx ", j, (unsigned long)f->r[j]);
		REPORT("\n");
	}
	REPORT("    sp  0x%08lx  lr  0x%08lx  cpsr 0x%08lx (%s mode%s)\n"
	       "    return address 0x%08lx\n",
	       (unsigned long)f->sp, (unsigned long)f->lr, (unsigned long)f->spsr,
	       cpu_mode_name(f->spsr), (f->spsr & PSR_T) ? ", Thumb" : "",
	       (unsigned long)f->pc);
#undef REPORT
	out(report);
}

/* "0x" and eight hex digits into p; no library call, no table. */
static char *put_hex(char *p, uint32_t v)
{
	*p++ = '0';
	*p++ = 'x';
	for (int shift = 28; shift >= 0; shift -= 4) {
		unsigned d = (v >> shift) & 0xf;

		*p++ = (char)(d < 10 ? '0' + d : 'a' + d - 10);
	}
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/*
 * A fault while a fault was being reported: the report path itself (stdio,
 * the console mapping, a describe hook, the tables) may be what is broken.
 * Say the least, built by hand on this stack and written through the image's
 * polled path that cannot fault, then stop. A fault in here too parks the
 * CPU without another word.
 */
static void __noreturn nested_fault(unsigned type, const struct exc_frame *f)
{
	char line[160], *p = line;

	if (nesting > 2) {
		arch_irq_disable();
		for (;;)
			arch_wait_for_interrupt();
	}
	p = put_str(p, "\n*** nested ");
	p = put_str(p, exception_name(type));
	p = put_str(p, " at pc ");
	p = put_hex(p, f->pc);
	p = put_str(p, " while reporting a fault: ");
	p = put_str(p, exception_name(reporting.type));
	p = put_str(p, " at pc ");
	p = put_hex(p, reporting.pc);
	if (reporting.addr_valid) {
		p = put_str(p, ", address ");
		p = put_hex(p, reporting.addr);
	}
	p = put_str(p, "; halting\n");
	*p = '\0';
	emergency_write(line);
	system_halt(EXC_STATUS_NESTED);
}

/*
 * An exception taken from PL0: the task layer decides (see
 * exception_set_user_handler). Tasks run with alignment checking on
 * (include/task.h); the firmware's own code, newlib's memcpy included, may
 * make unaligned Normal accesses, so it is off while the handler runs.
 */
static void dispatch_user(unsigned type, struct exc_frame *f)
{
	bool align = arch_alignment_check(false);
	struct fault_info fi;

	if (type == EXC_IRQ || type == EXC_FIQ) {
		irq_handler(f);
		user_handler(type, f, NULL);
	} else if (type == EXC_SVC) {
		/* a system call runs with nothing nested: it may unmask IRQs */
		capture(type, f, &fi);
		user_handler(type, f, &fi);
	} else {
		if (nesting++)
			nested_fault(type, f);
		capture(type, f, &fi);
		user_handler(type, f, &fi);
		nesting--;
	}
	arch_alignment_check(align);
}

void exception_dispatch(unsigned type, struct exc_frame *f)
{
	struct fault_info fi;

	if (from_user(f) && user_handler && (irq_handler || (type != EXC_IRQ && type != EXC_FIQ))) {
		dispatch_user(type, f);
		return;
	}
	if ((type == EXC_IRQ || type == EXC_FIQ) && irq_handler && !nesting) {
		irq_handler(f);
		return;
	}
	if (nesting++)
		nested_fault(type, f);
	capture(type, f, &fi);
	if (fixup(&fi, f)) {
		nesting--;
		return;
	}
	reporting = fi;
	exception_report(&fi, f, report_sink());
	system_halt(EXC_STATUS_FATAL);
}
