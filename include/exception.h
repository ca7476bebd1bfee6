/*
 * Exceptions: the saved frame, decoded fault reports, and fault_try(), the
 * "expect an abort here" facility the tests and the shell use to touch an
 * address that may fault and carry on.
 */
#ifndef EXCEPTION_H
#define EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"
#include "exception_types.h"
#include "fsr.h"

/* Built by src/boot/entry.S on the exception mode's stack. */
struct exc_frame {
	uint32_t spsr;		/* CPSR of the interrupted code */
	uint32_t sp, lr;	/* banked registers of the interrupted mode */
	uint32_t r[13];
	uint32_t pc;		/* preferred return address (ARM ARM B1.8.3) */
};

/* Everything known about one synchronous exception. */
struct fault_info {
	unsigned type;		/* EXC_* */
	uint32_t pc;		/* the instruction that caused it */
	uint32_t addr;		/* fault address (FAR), or pc for UND and SVC */
	bool addr_valid;
	uint32_t fsr;		/* raw fault status (aborts) */
	struct fsr_decoded fs;
	uint32_t insn;		/* UND: the instruction word; SVC: its immediate */
	uint32_t cpsr;		/* of the interrupted code */
};

/* The armed catch; offsets are fixed in exception_types.h for entry.S. */
struct fault_catch {
	uint32_t sp;
	struct fault_info *out;
	uint32_t armed;
};

/* The one catch fault_try() arms; read by the exception handler and entry.S. */
extern struct fault_catch fault_catch;

/*
 * Run fn(arg); if it raises a data or prefetch abort, an undefined
 * instruction or an SVC, stop it there: fill *out and return -EFAULT.
 * Returns 0 when fn returns normally. Runs in SVC mode; not nestable. What fn
 * left half-done (locks, buffers) stays half-done, so fn should be small.
 */
int fault_try(void (*fn)(void *), void *arg, struct fault_info *out);

/* C entry from entry.S. */
void exception_dispatch(unsigned type, struct exc_frame *f);

/* Interrupt handler installed by the interrupt controller driver; NULL means
 * an IRQ or FIQ is unexpected and reported as a fatal exception. */
void exception_set_irq_handler(void (*handler)(struct exc_frame *f));

/*
 * Exceptions taken from User mode (PL0) go to handler (the task layer,
 * include/task.h) instead of being fatal: synchronous ones with *fi decoded,
 * IRQs and FIQs after the IRQ handler ran, with fi NULL. The handler returns
 * to the task by leaving f alone (or editing r0, for a system call), or ends
 * it by rewriting f to resume elsewhere at PL1.
 */
void exception_set_user_handler(void (*handler)(unsigned type, struct exc_frame *f,
						const struct fault_info *fi));

const char *exception_name(unsigned type);
const char *cpu_mode_name(uint32_t cpsr);

/* One line: "data abort: translation fault (section), read at 0x00000000, pc 0x40101234". */
int fault_format(const struct fault_info *fi, char *buf, size_t n);

/* Receives a report one line (or a few) at a time, '\n'-terminated. */
typedef void (*report_sink_fn)(const char *text);

/* Write the full decoded report to out: fault line, mapping, registers, mode. */
void exception_report(const struct fault_info *fi, const struct exc_frame *f,
		      report_sink_fn out);

/*
 * The "mapping at" line of a report comes from fn (mmu_describe() unless
 * replaced; NULL restores it). It runs in the exception handler, on the
 * exception mode's stack: a test uses it to run code in that context, or
 * to break the report path on purpose.
 */
void exception_set_describe(int (*fn)(uintptr_t va, char *buf, size_t n));

/* Exit statuses of a fatal exception: reported, or a second fault while
 * reporting it (only the minimal report got out). */
#define EXC_STATUS_FATAL	2
#define EXC_STATUS_NESTED	3

/*
 * The report path of last resort, used before the console is up and for a
 * fault while reporting a fault: polled output that takes no lock, allocates
 * nothing, and touches no mapping that can go away (the firmware: the console
 * UART at its physical address with the MMU off; a test image: semihosting).
 * Provided by the image, like system_halt.
 */
void emergency_write(const char *s);

/* Where the report ends: the firmware parks the CPU, a test image exits
 * QEMU with the status. Provided by the image, not by src/boot. */
void __noreturn system_halt(int status);

/* Describe the mapping at va for a report ("unmapped", "normal rw- page ...");
 * provided by the MMU layer. */
int mmu_describe(uintptr_t va, char *buf, size_t n);

#endif
