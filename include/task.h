/*
 * User tasks: programs built into the image (src/user/), run unprivileged
 * (PL0) one at a time in the user address window of include/uabi.h
 * (0x2000_0000-0x2FFF_FFFF on every board: below RAM on virt, above it on
 * versatilepb), with system calls through SVC (src/kernel/syscall.c) and
 * device memory through mmap() (src/kernel/uspace.c).
 *
 * The window's entries in the one live table belong to the running task: it
 * gets them empty and leaves them empty (every page, L2 table, ASID and
 * I/O mapping is released when it ends, however it ends). Every user mapping
 * is PROT_U, so non-global on ARMv7, tagged with the task's ASID; kernel
 * mappings stay global and privileged-only.
 *
 * A task ends by SYS_EXIT (or returning from main), by a fault (a decoded
 * report naming it), or by Ctrl-C on the console (checked on every interrupt
 * taken from PL0 and during its system calls).
 */
#ifndef TASK_H
#define TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "exception.h"
#include "uabi.h"

/* A program image, laid out by src/kernel/user_image.S. */
struct user_prog {
	const char *name;
	const uint8_t *text;	/* code and constants, copied for each task */
	uint32_t text_size;
	const uint8_t *data;	/* initial .data, copied */
	uint32_t data_size;
	uint32_t bss_size;
};

const struct user_prog *user_prog_find(const char *name);
const struct user_prog *user_progs(size_t *n);

#define TASK_ARGS_MAX	8
#define TASK_MMAP_MAX	8
#define TASK_HISTORY	8
#define TASK_STACK_SIZE	(8u * 1024u)

/* One mmap() of a task. */
struct uregion {
	uintptr_t va;
	size_t size;
	uint64_t pa;
	uint8_t type;		/* enum mem_type */
	uint8_t prot;		/* PROT_R / PROT_W (PROT_U added when mapped) */
	bool lazy;		/* mapped page by page on faults */
	const char *dev;	/* the allowlist entry's name */
};

enum task_state { TASK_NONE, TASK_RUNNING, TASK_EXITED, TASK_FAULTED, TASK_KILLED };

struct task {
	unsigned pid;
	const struct user_prog *prog;
	unsigned asid;
	enum task_state state;
	int status;			/* exit status; -EFAULT faulted; -EINTR killed */
	unsigned faults, pages_mapped;
	struct uregion mmaps[TASK_MMAP_MAX];
	unsigned nmaps;
	void *text_mem, *data_mem, *stack_mem;	/* kernel addresses of the task's RAM */
	size_t text_size;
	bool text_locked;		/* the kernel's mapping of text_mem is read-only */
	size_t data_size;
	bool quiet;			/* TASK_RUN_QUIET */
	struct fault_info fault;	/* TASK_FAULTED: what happened */
	struct exc_frame frame;
};

#define TASK_RUN_VERBOSE	0x1	/* print the task's mappings when it ends */
#define TASK_RUN_QUIET		0x2	/* discard its output and fault report (tests) */

/*
 * Run program name with argv[0..argc) (argv[0] is the name) and wait until it
 * ends; *status gets its exit status, -EFAULT if a fault ended it (the report
 * has been printed), -EINTR for Ctrl-C. 0 when it ran; -ENOENT (no such
 * program), -E2BIG (too many or too long arguments), -ENOMEM (no RAM or
 * table for it) or -EAGAIN (no ASID) when it could not start.
 */
int task_run(const char *name, int argc, char *const argv[], unsigned flags, int *status);

/* Install the exception hook; once, after mmu_init(). -ERANGE if the user
 * window overlaps RAM or the I/O window. */
int task_init(void);

/* The running task, or NULL (for the shell: always NULL between runs). */
struct task *task_current(void);
/* The most recent tasks, newest first: i = 0 .. TASK_HISTORY-1, or NULL. */
const struct task *task_history(unsigned i);

/* ---- the user address space (src/kernel/uspace.c) ---- */

/* Is [va, va+size) inside the user window? */
bool uspace_contains(uintptr_t va, size_t size);

/* Map the program and a stack for t (with argv copied onto the stack):
 * 0, with *sp the initial stack pointer and *argv_va the user argv; or a
 * negative errno with nothing left mapped. */
int uspace_load(struct task *t, int argc, char *const argv[], uint32_t *sp, uint32_t *argv_va);

/* Unmap and free everything of t's: pages, mmaps, RAM, its ASID's TLB entries. */
void uspace_release(struct task *t);

/* mmap/munmap/mprotect for t (uabi.h contracts). */
long uspace_mmap(struct task *t, uintptr_t addr, size_t len, int prot, int flags,
		 const char *dev, unsigned long offset);
long uspace_munmap(struct task *t, uintptr_t addr, size_t len);
long uspace_mprotect(struct task *t, uintptr_t addr, size_t len, int prot);

/* A translation fault at va from PL0: map the page if a lazy mmap covers
 * it (true: retry the access), else false. */
bool uspace_fault(struct task *t, uintptr_t va, bool is_write);

/* Can the task read (write: and write) [va, va+len) of its Normal memory?
 * (System-call arguments: never device memory, never unpopulated pages.) */
bool uspace_access_ok(uintptr_t va, size_t len, bool write);

/* Print t's user mappings (`run -v`), each with its ASID, and its mmaps. */
void uspace_dump(const struct task *t);

/* The allowlist: a user-mappable device by name, or the one holding
 * [pa, pa+len): 0 with its name, base and size, or -EACCES. */
int uspace_device(const char *name, uint64_t pa, size_t len, const char **out_name,
		  uint64_t *base, uint64_t *size);
/* Print the user-mappable devices (for `ps`). */
void uspace_print_devices(void);

/* ---- system calls (src/kernel/syscall.c) ---- */

/* Handle the SVC in frame f from t; may end the task (returns true then). */
bool syscall_dispatch(struct task *t, struct exc_frame *f);

/* ---- src/kernel/task.c, for syscall.c ---- */

/* End the running task from an exception frame: the frame is rewritten to
 * resume task_run() with status. */
void task_end_frame(struct exc_frame *f, int status);
/* Was Ctrl-C typed at the console (taken out of the input)? */
bool task_ctrl_c(void);

#endif
