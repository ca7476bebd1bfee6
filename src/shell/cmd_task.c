/*
 * Task commands: run [-v] <prog> [args] (the program runs at PL0 until it
 * ends; Ctrl-C ends it; -v prints its mappings, each with its ASID, as it
 * ends), ps (the programs, the most recent tasks with their counters, and
 * the devices tasks may mmap()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "monitor.h"
#include "task.h"

static int cmd_run(int argc, char **argv)
{
	unsigned flags = 0;
	int err, status;

	if (!strcmp(argv[1], "-v")) {
		flags |= TASK_RUN_VERBOSE;
		argv++;
		argc--;
		if (argc < 2) {
			printf("error: run -v needs a program\n");
			return -EINVAL;
		}
	}
	err = task_run(argv[1], argc - 1, argv + 1, flags, &status);
	if (err == -ENOENT)
		printf("error: no program '%s' (ps lists them)\n", argv[1]);
	else if (err)
		printf("error: cannot start '%s' (%d)\n", argv[1], err);
	else if (status != -EINTR && status != -EFAULT)
		printf("%s exited with status %d\n", argv[1], status);
	return err;
}
SHELL_CMD(run, "[-v] <prog> [args]", "run a program at PL0 until it ends (Ctrl-C ends it)", 1, 9,
	  cmd_run);

static const char *state_name(enum task_state s)
{
	switch (s) {
	case TASK_RUNNING: return "running";
	case TASK_EXITED:  return "exited";
	case TASK_FAULTED: return "faulted";
	case TASK_KILLED:  return "killed";
	default:           return "-";
	}
}

static int cmd_ps(int argc, char **argv)
{
	size_t n;
	const struct user_prog *p = user_progs(&n);

	(void)argc, (void)argv;
	printf("programs:");
	for (size_t i = 0; i < n; i++)
		printf(" %s", p[i].name);
	printf("\n  pid  program  asid  state    status  faults  pages\n");
	for (unsigned i = 0; i < TASK_HISTORY; i++) {
		const struct task *t = task_history(i);

		if (t)
			printf("%5u  %-8s %4u  %-8s %6d  %6u  %5u\n", t->pid, t->prog->name, t->asid,
			       state_name(t->state), t->status, t->faults, t->pages_mapped);
	}
	uspace_print_devices();
	return 0;
}
SHELL_CMD(ps, "", "user programs, recent tasks, user-mappable devices", 0, 0, cmd_ps);
