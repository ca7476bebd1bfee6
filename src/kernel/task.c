/*
 * Running user tasks: see include/task.h. One task at a time: task_run()
 * enters PL0 and returns when the task ends, whichever way it ends.
 *
 * Every exception taken from PL0 comes here (exception_set_user_handler):
 *  - SVC: a system call (syscall.c);
 *  - a data abort that is a translation fault inside a lazy mmap(): the page
 *    is mapped and the access retried;
 *  - any other abort or undefined instruction: the task is ended, and its
 *    report (the decoded fault, naming the task) printed once back in
 *    task_run(), outside the exception;
 *  - an IRQ: handled as usual, then a Ctrl-C waiting in the console input
 *    ends the task (a task spinning at PL0 is interrupted by the tick and
 *    the UART interrupt like any code).
 * Ending a task rewrites the exception frame so that the exception returns
 * to task_return_kernel in SVC mode (user_entry.S), on the stack that
 * task_enter_user() saved: no second stack switch, and the IRQ, abort or
 * SVC stack unwinds as it always does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "asid.h"
#include "board.h"
#include "console.h"
#include "mmu.h"
#include "task.h"

#define PSR_MODE_MASK	0x1fu
#define PSR_MODE_SVC	0x13u
#define PSR_I		0x80u
#define PSR_F		0x40u
#define CTRL_C		0x03

extern uint32_t task_kernel_sp;
extern char task_return_kernel[];
int task_enter_user(uint32_t pc, uint32_t sp, uint32_t r0, uint32_t r1);

extern const struct user_prog __user_progs_start[], __user_progs_end[];

/* Ring, newest at newest_slot; only the next_pid - 1 slots written so far
 * are read, so it needs no clearing at boot. */
static struct task history[TASK_HISTORY] __noinit;
static unsigned newest_slot;
static struct task *current;
static unsigned next_pid = 1;
static struct asid_space asids;

const struct user_prog *user_progs(size_t *n)
{
	*n = (size_t)(__user_progs_end - __user_progs_start);
	return __user_progs_start;
}

const struct user_prog *user_prog_find(const char *name)
{
	size_t n;
	const struct user_prog *p = user_progs(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].name, name))
			return &p[i];
	return NULL;
}

struct task *task_current(void)
{
	return current;
}

const struct task *task_history(unsigned i)
{
	const struct task *t;

	if (i >= TASK_HISTORY || i >= next_pid - 1)
		return NULL;	/* not started yet: that slot was never written */
	t = &history[(newest_slot + TASK_HISTORY - i) % TASK_HISTORY];
	return t->state == TASK_NONE ? NULL : t;
}

bool task_ctrl_c(void)
{
	return console_take(CTRL_C);
}

void task_end_frame(struct exc_frame *f, int status)
{
	f->r[0] = (uint32_t)status;
	f->pc = (uint32_t)task_return_kernel;
	f->spsr = PSR_MODE_SVC | PSR_I | PSR_F;
	f->sp = task_kernel_sp;
	f->lr = 0;
}

static bool is_translation_fault(const struct fault_info *fi)
{
	return fi->type == EXC_DABT && fi->fs.cls == FAULT_TRANSLATION && fi->addr_valid;
}

/* The exception hook: f was taken from PL0 while current runs. */
static void user_exception(unsigned type, struct exc_frame *f, const struct fault_info *fi)
{
	struct task *t = current;

	if (!t) {
		return;		/* cannot happen: nothing else runs at PL0 */
	} else if (type == EXC_IRQ || type == EXC_FIQ) {
		if (task_ctrl_c()) {
			t->state = TASK_KILLED;
			task_end_frame(f, -EINTR);
		}
	} else if (type == EXC_SVC) {
		syscall_dispatch(t, f);
	} else if (is_translation_fault(fi) &&
		   uspace_fault(t, fi->addr, fi->fs.wnr_valid && fi->fs.is_write)) {
		return;		/* mapped: the access is retried */
	} else {
		t->state = TASK_FAULTED;
		t->fault = *fi;
		t->frame = *f;
		task_end_frame(f, -EFAULT);
	}
}

int task_init(void)
{
	const struct mmu_ram *ram = mmu_ram();

	if (ram->base < USER_END && ram->base + ram->size > USER_BASE)
		return -ERANGE;
	if (board.io_window_base < USER_END && board.io_window_base + board.io_window_size > USER_BASE)
		return -ERANGE;
	asid_init(&asids);
	exception_set_user_handler(user_exception);
	return 0;
}

static struct task *new_task(const struct user_prog *p)
{
	struct task *t;

	newest_slot = (newest_slot + 1) % TASK_HISTORY;
	t = &history[newest_slot];
	*t = (struct task){ .pid = next_pid++, .prog = p, .state = TASK_RUNNING };
	return t;
}

/* ARMv5 has no ASIDs: its tasks keep 0, and the unmaps at their end
 * invalidate their TLB entries and cache lines by address. */
static int take_asid(struct task *t)
{
	bool flush_all;
	int asid;

	if (!arch_has_asids())
		return 0;
	asid = asid_alloc(&asids, &flush_all);
	if (asid < 0)
		return asid;
	if (flush_all)
		arch_tlb_inval_all();	/* last round's tags may be reused */
	t->asid = (unsigned)asid;
	return 0;
}

static void report_fault(const struct task *t)
{
	printf("task %u (%s) killed by a fault:", t->pid, t->prog->name);
	exception_report(&t->fault, &t->frame, stdout_puts);
}

/*
 * Enter the task with its ASID current and alignment checking on: every
 * unaligned access from PL0 faults, as a Cortex-A15 does for Device memory
 * (QEMU does not otherwise). Back here, whatever ended it.
 */
static int enter(struct task *t, uint32_t sp, int argc, uint32_t argv_va)
{
	uint32_t flags = arch_irq_save();
	bool align = arch_alignment_check(true);
	int status;

	current = t;
	arch_set_asid(t->asid);
	status = task_enter_user(USER_TEXT_VA, sp, (uint32_t)argc, argv_va);
	arch_set_asid(0);
	current = NULL;
	arch_alignment_check(align);
	arch_irq_restore(flags);
	return status;
}

int task_run(const char *name, int argc, char *const argv[], unsigned flags, int *status)
{
	const struct user_prog *p = user_prog_find(name);
	uint32_t sp, argv_va;
	struct task *t;
	int err;

	if (!p)
		return -ENOENT;
	if (argc < 1 || argc > TASK_ARGS_MAX)
		return -E2BIG;
	t = new_task(p);
	err = take_asid(t);
	if (!err)
		err = uspace_load(t, argc, argv, &sp, &argv_va);
	if (err) {
		if (t->asid)
			asid_free(&asids, t->asid);
		t->state = TASK_NONE;
		return err;
	}
	t->quiet = flags & TASK_RUN_QUIET;
	t->status = enter(t, sp, argc, argv_va);
	if (t->state == TASK_RUNNING)
		t->state = TASK_EXITED;
	if (t->quiet)
		;
	else if (t->state == TASK_FAULTED)
		report_fault(t);
	else if (t->state == TASK_KILLED)
		printf("^C\ntask %u (%s) ended by Ctrl-C\n", t->pid, p->name);
	if (flags & TASK_RUN_VERBOSE)
		uspace_dump(t);
	uspace_release(t);
	if (t->asid)
		asid_free(&asids, t->asid);
	*status = t->status;
	return 0;
}
