/*
 * User tasks, run directly through task_run() (include/task.h): exit
 * statuses, the fault counters of lazy mmap(), ASIDs, and that a thousand
 * runs of lazy and crash leave the tables, the ioremap registry and the
 * table memory exactly as they were (every page, L2 table, ASID and I/O
 * mapping is given back, however the task ended).
 */
#include <errno.h>
#include <malloc.h>
#include "arch.h"
#include "harness.h"
#include "ioremap.h"
#include "mmu.h"
#include "task.h"

/* A fingerprint of the live tables: every merged range, hashed (FNV-1a). */
struct tables_print {
	uint32_t hash;
	unsigned ranges;
	size_t table_bytes;
	unsigned iomaps;
	size_t heap_in_use;
};

static void fnv(uint32_t *h, const void *p, size_t n)
{
	for (const uint8_t *b = p; n--; b++)
		*h = (*h ^ *b) * 16777619u;
}

static int hash_range(void *ctx, const struct pt_range *r)
{
	struct tables_print *tp = ctx;

	fnv(&tp->hash, &r->va, sizeof(r->va));
	fnv(&tp->hash, &r->pa, sizeof(r->pa));
	fnv(&tp->hash, &r->size, sizeof(r->size));
	fnv(&tp->hash, &r->attrs, sizeof(r->attrs));
	tp->ranges++;
	return 0;
}

static struct tables_print tables_now(void)
{
	struct tables_print tp = { .hash = 2166136261u };

	pt_for_each_range(mmu_pgtable(), hash_range, &tp);
	tp.table_bytes = mmu_table_bytes();
	tp.iomaps = ioremap_count();
	tp.heap_in_use = mallinfo().uordblks;
	return tp;
}

static int run_quiet(char *const argv[], int argc, int *status)
{
	return task_run(argv[0], argc, argv, TASK_RUN_QUIET, status);
}

TEST(hello_exits_with_status_0)
{
	char *argv[] = { "hello", "x" };
	int status = -1;

	CHECK_EQ(run_quiet(argv, 2, &status), 0);
	CHECK_EQ(status, 0);
	CHECK_EQ(task_history(0)->state, TASK_EXITED);
	CHECK(task_current() == NULL);
}

TEST(unknown_programs_and_too_many_arguments_are_refused)
{
	char *argv[TASK_ARGS_MAX + 1] = { "hello" };
	int status;

	CHECK_EQ(task_run("nosuch", 1, argv, TASK_RUN_QUIET, &status), -ENOENT);
	for (unsigned i = 1; i <= TASK_ARGS_MAX; i++)
		argv[i] = "a";
	CHECK_EQ(task_run("hello", TASK_ARGS_MAX + 1, argv, TASK_RUN_QUIET, &status), -E2BIG);
}

TEST(lazy_takes_one_fault_per_page)
{
	char *argv[] = { "lazy", "7" };
	int status = -1;

	CHECK_EQ(run_quiet(argv, 2, &status), 0);
	CHECK_EQ(status, 0);
	CHECK_EQ(task_history(0)->faults, 7);
	CHECK_EQ(task_history(0)->pages_mapped, 7);
}

TEST(a_fault_at_pl0_ends_only_the_task)
{
	char *argv[] = { "crash", "null" };
	int status = 0;

	CHECK_EQ(run_quiet(argv, 2, &status), 0);
	CHECK_EQ(status, -EFAULT);
	CHECK_EQ(task_history(0)->state, TASK_FAULTED);
	CHECK_EQ(task_history(0)->fault.type, EXC_DABT);
	CHECK_EQ(task_history(0)->fault.addr, 0);
	CHECK_EQ(task_history(0)->fault.cpsr & 0x1f, 0x10);	/* User mode */
	CHECK_EQ(arch_asid(), 0);
}

TEST(each_task_gets_its_own_asid_where_there_are_asids)
{
	char *argv[] = { "hello" };
	int status;

	if (!arch_has_asids()) {
		test_skip("no ASIDs (ARMv5): a task's end invalidates by address");
		return;
	}
	CHECK_EQ(run_quiet(argv, 1, &status), 0);
	CHECK_EQ(run_quiet(argv, 1, &status), 0);
	CHECK(task_history(0)->asid != 0);
	CHECK(task_history(1)->asid != 0);
	CHECK(task_history(0)->asid != task_history(1)->asid);
	CHECK_EQ(arch_asid(), 0);
}

TEST(a_thousand_runs_of_lazy_and_crash_leave_everything_as_it_was)
{
	char *lazy[] = { "lazy", "2" };
	char *crash[] = { "crash", "kernel" };
	struct tables_print before, after;
	int status;

	/* one run first: newlib's stdio buffers and the like are allocated once */
	CHECK_EQ(run_quiet(lazy, 2, &status), 0);
	before = tables_now();
	for (unsigned i = 0; i < 500; i++) {
		CHECK_EQ(run_quiet(lazy, 2, &status), 0);
		CHECK_EQ(status, 0);
		CHECK_EQ(task_history(0)->faults, 2);
		CHECK_EQ(run_quiet(crash, 2, &status), 0);
		CHECK_EQ(status, -EFAULT);
	}
	after = tables_now();
	CHECK_EQ(after.ranges, before.ranges);
	CHECK_EQ(after.hash, before.hash);
	CHECK_EQ(after.table_bytes, before.table_bytes);
	CHECK_EQ(after.iomaps, before.iomaps);
	CHECK_EQ(after.heap_in_use, before.heap_in_use);
}
