/*
 * go <addr> [args]: call code that loady received, as U-Boot's go does
 * (argc and argv, argv[0] being the address as typed; the return value is
 * printed), without breaking W^X: RAM's identity mapping of the file's
 * pages is read-write and execute-never, so they are made read-only and
 * executable for the call, and read-write again after. A fault inside is
 * caught by fault_try(): the decoded report, then the prompt.
 *
 * The code runs in SVC mode on the firmware's stack, with IRQs as the shell
 * has them; it must return (nothing can stop a loop).
 */
#include <stdio.h>
#include "arch.h"
#include "exception.h"
#include "memcmd.h"
#include "mmu.h"

typedef int (*go_entry)(int argc, char *const argv[]);

struct go_call {
	go_entry entry;
	int argc;
	char *const *argv;
	int ret;
};

static void do_call(void *arg)
{
	struct go_call *g = arg;

	g->ret = g->entry(g->argc, g->argv);
}

static int set_prot(uint32_t va, uint32_t size, unsigned prot, const char *what)
{
	int err = mmu_protect(va, size, (struct pt_attrs){ .type = MT_NORMAL, .prot = prot });

	if (err)
		printf("error: could not make 0x%08lx-0x%08lx %s (%d)\n", (unsigned long)va,
		       (unsigned long)(va + size - 1), what, err);
	return err;
}

static int cmd_go(int argc, char **argv)
{
	uint32_t addr, base, size, start, end;
	struct go_call g;
	struct fault_info fi;
	int err, fault;

	if (shell_parse_arg("address", argv[1], &addr))
		return -EINVAL;
	/* bit 0 set: a Thumb entry point (BLX to a register interworks) */
	if (!memcmd_loaded(&base, &size) || !mem_within(addr & ~1u, 4, base, size)) {
		if (size)
			printf("error: go runs what loady received, 0x%08lx-0x%08lx\n",
			       (unsigned long)base, (unsigned long)(base + size - 1));
		else
			printf("error: go runs what loady received, and it has received nothing\n");
		return -EPERM;
	}
	start = base & ~PAGE_MASK;
	end = (base + size + PAGE_MASK) & ~PAGE_MASK;
	/*
	 * The instructions were written as data. Make the instruction side see
	 * them while the pages are still execute-never: nothing can be fetched
	 * from XN memory, not even speculatively (ARM ARM B3.7.2), so the
	 * invalidated I-cache cannot refill from them before they are final.
	 */
	arch_icache_sync_range(start, end - start);
	err = set_prot(start, end - start, PROT_R | PROT_X, "read-only and executable");
	if (err)
		return err;
	g = (struct go_call){ (go_entry)(uintptr_t)addr, argc - 1, argv + 1, 0 };
	printf("go: calling 0x%08lx\n", (unsigned long)addr);
	fault = fault_try(do_call, &g, &fi);
	err = set_prot(start, end - start, PROT_R | PROT_W, "read-write again");
	if (fault)
		return memcmd_fault(&fi);
	printf("go: returned %d (0x%08lx)\n", g.ret, (unsigned long)(uint32_t)g.ret);
	return err;
}
SHELL_CMD(go, "<addr> [args]", "call code loady received (read-only, executable for the call)",
	  1, 7, cmd_go);
