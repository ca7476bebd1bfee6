/*
 * System calls (include/uabi.h): a table indexed by the number in r7, run in
 * SVC mode on the kernel's stack with IRQs masked (SLEEP unmasks them while
 * it waits). Every pointer a task passes is checked against its own Normal
 * memory before the kernel reads or writes through it.
 */
#include <errno.h>
#include <stdio.h>
#include "arch.h"
#include "console.h"
#include "task.h"
#include "timer.h"

typedef long (*syscall_fn)(struct task *t, struct exc_frame *f);

#define ARG(f, i)	((f)->r[i])

static long sys_exit(struct task *t, struct exc_frame *f)
{
	t->state = TASK_EXITED;
	task_end_frame(f, (int)ARG(f, 0));
	return 0;
}

static long sys_write(struct task *t, struct exc_frame *f)
{
	const char *buf = (const char *)ARG(f, 0);
	size_t len = ARG(f, 1);

	if (!len)
		return 0;
	if (!uspace_access_ok((uintptr_t)buf, len, false))
		return -EFAULT;
	if (t->quiet)
		return (long)len;
	stdout_write(buf, len);
	return (long)len;
}

static long sys_getpid(struct task *t, struct exc_frame *f)
{
	(void)f;
	return (long)t->pid;
}

/* Sleep in 10 ms steps with IRQs on, so the tick runs and Ctrl-C ends it. */
static long sys_sleep(struct task *t, struct exc_frame *f)
{
	uint32_t ms = ARG(f, 0);

	if (ms > USER_SLEEP_MAX_MS)
		return -EINVAL;
	arch_irq_enable();
	while (ms) {
		uint32_t step = ms < 10 ? ms : 10;
		int err = sleep_ms(step);

		if (err) {		/* no tick (-ENODEV): say so, never return early */
			arch_irq_disable();
			return err;
		}
		ms -= step;
		if (task_ctrl_c()) {
			arch_irq_disable();
			t->state = TASK_KILLED;
			task_end_frame(f, -EINTR);
			return -EINTR;
		}
	}
	arch_irq_disable();
	return 0;
}

/* A NUL-terminated device name in the task's memory, at most 15 bytes. */
static long user_name(uintptr_t p, char out[16])
{
	for (unsigned i = 0; i < 16; i++) {
		if (!uspace_access_ok(p + i, 1, false))
			return -EFAULT;
		out[i] = ((const char *)p)[i];
		if (!out[i])
			return 0;
	}
	return -EINVAL;
}

static long sys_mmap(struct task *t, struct exc_frame *f)
{
	char name[16];
	long err = 0;

	if (ARG(f, 4))
		err = user_name(ARG(f, 4), name);
	if (err)
		return err;
	return uspace_mmap(t, ARG(f, 0), ARG(f, 1), (int)ARG(f, 2), (int)ARG(f, 3),
			   ARG(f, 4) ? name : NULL, ARG(f, 5));
}

static long sys_munmap(struct task *t, struct exc_frame *f)
{
	return uspace_munmap(t, ARG(f, 0), ARG(f, 1));
}

static long sys_mprotect(struct task *t, struct exc_frame *f)
{
	return uspace_mprotect(t, ARG(f, 0), ARG(f, 1), (int)ARG(f, 2));
}

static long sys_taskstat(struct task *t, struct exc_frame *f)
{
	struct task_stat *st = (struct task_stat *)ARG(f, 0);

	if (!uspace_access_ok((uintptr_t)st, sizeof(*st), true))
		return -EFAULT;
	*st = (struct task_stat){ .pid = t->pid, .faults = t->faults,
				  .pages_mapped = t->pages_mapped };
	return 0;
}

static const syscall_fn calls[SYS_COUNT] = {
	[SYS_EXIT] = sys_exit,
	[SYS_WRITE] = sys_write,
	[SYS_GETPID] = sys_getpid,
	[SYS_SLEEP] = sys_sleep,
	[SYS_MMAP] = sys_mmap,
	[SYS_MUNMAP] = sys_munmap,
	[SYS_MPROTECT] = sys_mprotect,
	[SYS_TASKSTAT] = sys_taskstat,
};

bool syscall_dispatch(struct task *t, struct exc_frame *f)
{
	uint32_t nr = f->r[7];
	long ret = nr < SYS_COUNT ? calls[nr](t, f) : -ENOSYS;

	if (t->state != TASK_RUNNING)
		return true;		/* the frame now ends the task */
	f->r[0] = (uint32_t)ret;
	return false;
}
