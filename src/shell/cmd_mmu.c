/*
 * MMU and ioremap commands: pt, iomap, ioremap, iounmap. The shell unmaps
 * only what the shell mapped: a driver's mapping (console, interrupt
 * controller, timer, RTC) stays, or the firmware would hang at its next
 * register access.
 */
#include <stdio.h>
#include <string.h>
#include "ioremap.h"
#include "mmu.h"
#include "monitor.h"
#include "resource.h"

/* The registry keeps the owner pointer it is given: mappings whose owner is
 * this very string are the shell's (a driver function called "shell" would
 * have its own string). */
static const char shell_owner[] = "shell";

static void print_pte(unsigned level, const struct pte_info *e)
{
	const struct pt_format *f = mmu_pgtable()->fmt;
	const char *kinds[] = {
		[PTE_FAULT] = "fault", [PTE_SECTION] = f->block_name, [PTE_TABLE] = "table",
		[PTE_PAGE] = f->page_name, [PTE_OTHER] = "other (not written by this firmware)",
		[PTE_SUPERSECTION] = "supersection (16 MiB)",
	};
	char prot[5], pa[PHYS_STR_LEN], raw[17];

	fmt_hex64(raw, e->raw, 2u * f->desc_bytes);
	printf("  L%u descriptor 0x%s: %s", level, raw, kinds[e->kind]);
	if (e->kind == PTE_TABLE) {
		printf(", L%u table at pa %s", level + 1, phys_str(e->pa, pa));
		if (f->has_domains)
			printf(", domain %u", e->domain);
	}
	if (e->kind == PTE_SECTION || e->kind == PTE_PAGE || e->kind == PTE_SUPERSECTION) {
		prot_str(e->attrs.prot, prot);
		printf(", pa %s, %s, %s, %s%s", phys_str(e->pa, pa),
		       mem_type_name(e->attrs.type), prot,
		       e->shareable ? "shareable" : "non-shareable",
		       (e->attrs.prot & PROT_X) ? "" : ", execute-never");
	}
	printf("\n");
}

static int cmd_pt(int argc, char **argv)
{
	const struct pt_format *f = mmu_pgtable()->fmt;
	struct pt_walk w;
	char pa[PHYS_STR_LEN];
	uint32_t va;

	if (argc == 1) {
		mmu_dump();
		printf("%lu bytes of tables in use\n", (unsigned long)mmu_table_bytes());
		return 0;
	}
	if (shell_parse_arg("address", argv[1], &va))
		return -EINVAL;
	pt_walk(mmu_pgtable(), va, &w);
	printf("walk of 0x%08lx:\n", (unsigned long)va);
	if (f->root_entries)
		print_pte(pt_arch_level(f, 0), &w.root);
	print_pte(pt_arch_level(f, 1), &w.l1);
	if (w.l1.kind == PTE_TABLE)
		print_pte(pt_arch_level(f, 2), &w.l2);
	if (w.mapped)
		printf("  -> pa %s\n", phys_str(w.pa, pa));
	else
		printf("  -> unmapped: an access faults\n");
	return 0;
}
SHELL_CMD(pt, "[va]", "live translation tables, or the walk of one address", 0, 1, cmd_pt);

static int print_iomap(void *ctx, const struct ioremap_entry *e)
{
	char pa[PHYS_STR_LEN];

	(void)ctx;
	printf("  0x%08lx-0x%08lx  pa %-10s  %7lu KiB  %-16s %s\n", (unsigned long)e->va,
	       (unsigned long)(e->va + e->size - 1), phys_str(e->phys, pa),
	       (unsigned long)(e->size >> 10), mem_type_name(e->type), e->owner);
	return 0;
}

static int cmd_iomap(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("  virtual                pa              size  type             owner\n");
	ioremap_for_each(print_iomap, NULL);
	printf("%u mappings\n", ioremap_count());
	return 0;
}
SHELL_CMD(iomap, "", "live ioremap() mappings", 0, 0, cmd_iomap);

static int cmd_ioremap(int argc, char **argv)
{
	phys_addr_t phys;
	uint32_t size;
	unsigned type = MT_DEVICE;
	void __iomem *p;

	if (shell_parse_phys_arg("physical address", argv[1], &phys) ||
	    shell_parse_arg("size", argv[2], &size))
		return -EINVAL;
	if (argc == 4) {
		if (!strcmp(argv[3], "so")) {
			type = MT_STRONGLY_ORDERED;
		} else if (!strcmp(argv[3], "wc")) {
			type = MT_NORMAL_NC;
		} else if (strcmp(argv[3], "dev")) {
			printf("error: type '%s' is not dev, so or wc\n", argv[3]);
			return -EINVAL;
		}
	}
	p = ioremap_caller(phys, size, type, shell_owner);
	if (!p)
		return ioremap_last_error();
	printf("0x%08lx\n", (unsigned long)(uintptr_t)(__force void *)p);
	return 0;
}
SHELL_CMD(ioremap, "<phys> <size> [dev|so|wc]", "map device memory; prints the address", 2, 3, cmd_ioremap);

static int cmd_iounmap(int argc, char **argv)
{
	const struct ioremap_entry *e;
	uint32_t va;

	(void)argc;
	if (shell_parse_arg("address", argv[1], &va))
		return -EINVAL;
	e = ioremap_find(va);
	if (e && e->owner != shell_owner) {
		printf("error: 0x%08lx belongs to %s, not to the shell: refused "
		       "(the shell unmaps only what its ioremap mapped)\n",
		       (unsigned long)va, e->owner);
		return -EPERM;
	}
	/* Not a live mapping at all: iounmap() says so and changes nothing. */
	iounmap((void __iomem __force *)(uintptr_t)va);
	return 0;
}
SHELL_CMD(iounmap, "<va>", "undo an ioremap made from the shell", 1, 1, cmd_iounmap);
