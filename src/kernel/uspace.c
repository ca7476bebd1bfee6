/*
 * The user address space: the window of include/uabi.h inside the one live
 * table, filled for the running task and emptied when it ends.
 *
 *   USER_TEXT_VA    a copy of the program's .text (code and constants) in
 *                   heap pages: read-only and executable for the task, and
 *                   read-only (execute-never) for the kernel while it runs,
 *                   so no page is ever writable through one mapping and
 *                   executable through another
 *   USER_DATA_VA    .data (copied) and .bss (zeroed): heap pages, read-write,
 *                   execute-never
 *   USER_STACK_TOP  the stack grows down from here (TASK_STACK_SIZE), with an
 *                   unmapped page below it: overflow faults
 *   USER_MMAP_BASE  mmap(): device memory, execute-never, up to USER_END
 *
 * Every mapping is PROT_U (non-global on ARMv7, so its TLB entries carry the
 * task's ASID) and goes through mmu_map()/mmu_unmap()/mmu_protect(): the
 * physical policy (one memory type per page, W^X across aliases) and the
 * break-before-make and cache maintenance are the kernel's own.
 *
 * Caches: the task's RAM is reached through two virtual addresses, the
 * kernel's identity mapping and the task's. ARMv7 data caches behave as
 * physically tagged (B2.2.1) and need nothing; ARMv5's are virtually tagged,
 * so the kernel's lines are cleaned and invalidated after it fills the pages
 * and again before it frees them (arch_cache_unmap_range() does both there
 * and nothing on ARMv7), and mmu_unmap() flushes the task's lines by its own
 * addresses. The copied text is cleaned to the point of unification and the
 * instruction cache invalidated before the task can fetch it
 * (arch_icache_sync_range(), B2.2.7), as `go` does for loaded code.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "board.h"
#include "device.h"
#include "mmu.h"
#include "task.h"

#define USER_RX		(PROT_R | PROT_X | PROT_U)
#define USER_RW		(PROT_R | PROT_W | PROT_U)

bool uspace_contains(uintptr_t va, size_t size)
{
	return va >= USER_BASE && size <= USER_END - USER_BASE && va - USER_BASE <= USER_END - USER_BASE - size;
}

static uintptr_t kva_to_pa(const void *p)
{
	phys_addr_t pa = 0;

	virt_to_phys((uintptr_t)p, &pa);
	return pa;
}

static int map_user(uintptr_t va, const void *kva, size_t size, unsigned prot)
{
	return mmu_map(va, kva_to_pa(kva), size, (struct pt_attrs){ .type = MT_NORMAL, .prot = prot });
}

/* The kernel's own (identity) mapping of the task's text copy: read-only
 * while the task may execute it, read-write again after (W^X across
 * aliases: include/mmu.h). */
static int kernel_text_prot(struct task *t, unsigned prot)
{
	return mmu_protect((uintptr_t)t->text_mem, t->text_size,
			   (struct pt_attrs){ .type = MT_NORMAL, .prot = prot });
}

/* Copy argv onto the top of the stack (strings, then the pointer array),
 * 8-byte aligned (AAPCS). */
static int push_args(struct task *t, int argc, char *const argv[], uint32_t *sp, uint32_t *argv_va)
{
	uint8_t *top = (uint8_t *)t->stack_mem + TASK_STACK_SIZE;
	uint32_t uva[TASK_ARGS_MAX + 1];
	size_t used = 0;

	if (argc < 1 || argc > TASK_ARGS_MAX)
		return -E2BIG;
	for (int i = argc - 1; i >= 0; i--) {
		size_t n = strlen(argv[i]) + 1;

		if (used + n > 512)
			return -E2BIG;
		used += n;
		memcpy(top - used, argv[i], n);
		uva[i] = USER_STACK_TOP - (uint32_t)used;
	}
	uva[argc] = 0;
	used = ALIGN_UP(used, 8) + ALIGN_UP((size_t)(argc + 1) * 4, 8);
	memcpy(top - used, uva, (size_t)(argc + 1) * 4);
	*argv_va = USER_STACK_TOP - (uint32_t)used;
	*sp = *argv_va;
	return 0;
}

static int alloc_ram(struct task *t)
{
	const struct user_prog *p = t->prog;

	t->text_size = ALIGN_UP(p->text_size, PAGE_SIZE);
	t->data_size = ALIGN_UP(p->data_size + p->bss_size, PAGE_SIZE);
	t->text_mem = memalign(PAGE_SIZE, t->text_size);
	t->stack_mem = memalign(PAGE_SIZE, TASK_STACK_SIZE);
	t->data_mem = t->data_size ? memalign(PAGE_SIZE, t->data_size) : NULL;
	if (!t->text_mem || !t->stack_mem || (t->data_size && !t->data_mem))
		return -ENOMEM;
	memcpy(t->text_mem, p->text, p->text_size);
	memset((uint8_t *)t->text_mem + p->text_size, 0, t->text_size - p->text_size);
	memset(t->stack_mem, 0, TASK_STACK_SIZE);
	if (t->data_size) {
		memcpy(t->data_mem, p->data, p->data_size);
		memset((uint8_t *)t->data_mem + p->data_size, 0, t->data_size - p->data_size);
	}
	return 0;
}

int uspace_load(struct task *t, int argc, char *const argv[], uint32_t *sp, uint32_t *argv_va)
{
	int err = alloc_ram(t);

	if (!err)
		err = push_args(t, argc, argv, sp, argv_va);
	/* ARMv5: the kernel's lines for these pages must reach memory before
	 * the task reads them through its own addresses. */
	if (!err)
		arch_cache_unmap_range((uintptr_t)t->stack_mem, TASK_STACK_SIZE);
	if (!err && t->data_size)
		arch_cache_unmap_range((uintptr_t)t->data_mem, t->data_size);
	if (!err)
		arch_icache_sync_range((uintptr_t)t->text_mem, t->text_size);
	if (!err)
		err = kernel_text_prot(t, PROT_R);
	if (!err)
		t->text_locked = true;
	if (!err)
		err = map_user(USER_TEXT_VA, t->text_mem, t->text_size, USER_RX);
	if (!err && t->data_size)
		err = map_user(USER_DATA_VA, t->data_mem, t->data_size, USER_RW);
	if (!err)
		err = map_user(USER_STACK_TOP - TASK_STACK_SIZE, t->stack_mem, TASK_STACK_SIZE, USER_RW);
	if (err)
		uspace_release(t);
	return err;
}

static unsigned count_pages(const struct uregion *r)
{
	unsigned n = 0;
	phys_addr_t pa;

	for (uintptr_t va = r->va; va < r->va + r->size; va += PAGE_SIZE)
		n += !virt_to_phys(va, &pa);
	return n;
}

static void unmap_if_mapped(uintptr_t va, size_t size)
{
	phys_addr_t pa;

	/* mmu_unmap skips what is not mapped; probing first keeps a task
	 * that never got that far from costing a walk of the whole range */
	for (uintptr_t p = va; p < va + size; p += PAGE_SIZE)
		if (!virt_to_phys(p, &pa)) {
			mmu_unmap(va, size);
			return;
		}
}

static void free_pages(void *kva, size_t size)
{
	if (kva) {
		arch_cache_unmap_range((uintptr_t)kva, size);
		free(kva);
	}
}

void uspace_release(struct task *t)
{
	for (unsigned i = 0; i < t->nmaps; i++)
		unmap_if_mapped(t->mmaps[i].va, t->mmaps[i].size);
	t->nmaps = 0;
	unmap_if_mapped(USER_TEXT_VA, t->text_size);
	if (t->data_size)
		unmap_if_mapped(USER_DATA_VA, t->data_size);
	unmap_if_mapped(USER_STACK_TOP - TASK_STACK_SIZE, TASK_STACK_SIZE);
	/* Entries of this ASID that the walks above did not name (B3.9.1). */
	if (t->asid)
		arch_tlb_inval_asid(t->asid);
	else
		arch_tlb_inval_all();	/* no ASIDs (ARMv5): one address space */
	if (t->text_locked)
		kernel_text_prot(t, PROT_R | PROT_W);
	t->text_locked = false;
	free_pages(t->text_mem, t->text_size);
	free_pages(t->data_mem, t->data_size);
	free_pages(t->stack_mem, TASK_STACK_SIZE);
	t->text_mem = t->data_mem = t->stack_mem = NULL;
}

/* ---- the allowlist ---- */

static bool overlaps_ram(uint64_t base, uint64_t size)
{
	const struct mmu_ram *ram = mmu_ram();

	return base < ram->base + ram->reported && base + size > ram->base;
}

static bool user_dev_range(const struct user_dev *u, uint64_t *base, uint64_t *size)
{
	const struct device *d;

	if (u->size) {
		*base = u->base;
		*size = u->size;
		return true;
	}
	d = device_find(u->name, NULL);
	if (!d || !d->nreg)
		return false;
	*base = d->reg[0].addr;
	*size = ALIGN_UP(d->reg[0].size, PAGE_SIZE);
	return true;
}

int uspace_device(const char *name, uint64_t pa, size_t len, const char **out_name,
		  uint64_t *base, uint64_t *size)
{
	for (size_t i = 0; i < board.n_user_devs; i++) {
		const struct user_dev *u = &board.user_devs[i];

		if (!user_dev_range(u, base, size) || overlaps_ram(*base, *size))
			continue;
		if (name ? !strcmp(name, u->name)
			 : pa >= *base && len <= *size && pa - *base <= *size - len) {
			*out_name = u->name;
			return 0;
		}
	}
	return -EACCES;
}

void uspace_print_devices(void)
{
	uint64_t base, size;

	for (size_t i = 0; i < board.n_user_devs; i++)
		if (user_dev_range(&board.user_devs[i], &base, &size) && !overlaps_ram(base, size))
			printf("user-mappable: %-8s pa 0x%08lx size 0x%lx\n", board.user_devs[i].name,
			       (unsigned long)base, (unsigned long)size);
}

/* ---- mmap ---- */

static bool region_overlaps(const struct task *t, uintptr_t va, size_t size)
{
	for (unsigned i = 0; i < t->nmaps; i++)
		if (va < t->mmaps[i].va + t->mmaps[i].size && t->mmaps[i].va < va + size)
			return true;
	return false;
}

/* First fit in [USER_MMAP_BASE, USER_END): 0 when there is no room. */
static uintptr_t find_room(const struct task *t, size_t size)
{
	uintptr_t va = USER_MMAP_BASE;

	for (unsigned moved = 1; moved;) {
		moved = 0;
		for (unsigned i = 0; i < t->nmaps; i++)
			if (va < t->mmaps[i].va + t->mmaps[i].size && t->mmaps[i].va < va + size) {
				va = t->mmaps[i].va + t->mmaps[i].size;
				moved = 1;
			}
		if (!uspace_contains(va, size))
			return 0;
	}
	return va;
}

static struct pt_attrs region_attrs(const struct uregion *r)
{
	return (struct pt_attrs){ .type = r->type, .prot = (uint8_t)(r->prot | PROT_U) };
}

static long map_region_now(struct task *t, const struct uregion *r)
{
	int err = mmu_map(r->va, (phys_addr_t)r->pa, r->size, region_attrs(r));

	if (!err)
		t->pages_mapped += (unsigned)(r->size / PAGE_SIZE);
	return err;
}

long uspace_mmap(struct task *t, uintptr_t addr, size_t len, int prot, int flags,
		 const char *dev, unsigned long offset)
{
	struct uregion r = { 0 };
	uint64_t base, size;
	const char *name;
	long err;

	if (!len || !IS_ALIGNED(addr, PAGE_SIZE) || !IS_ALIGNED(offset, PAGE_SIZE) ||
	    !(prot & PROT_READ) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
	    (flags & ~(MAP_POPULATE | MAP_WC | MAP_PHYS)) || !dev == !(flags & MAP_PHYS))
		return -EINVAL;
	if (prot & PROT_EXEC)
		return -EACCES;		/* device memory is always execute-never */
	len = ALIGN_UP(len, PAGE_SIZE);
	if (dev)
		err = uspace_device(dev, 0, 0, &name, &base, &size);
	else
		err = uspace_device(NULL, offset, len, &name, &base, &size);
	if (err)
		return err;
	if (dev && (offset > size || len > size - offset))
		return -EINVAL;
	if (t->nmaps == TASK_MMAP_MAX)
		return -ENOMEM;
	r.va = addr ? addr : find_room(t, len);
	if (!r.va || !uspace_contains(r.va, len) || r.va < USER_MMAP_BASE ||
	    region_overlaps(t, r.va, len))
		return addr ? -EINVAL : -ENOMEM;
	r.size = len;
	r.pa = dev ? base + offset : offset;
	r.type = (flags & MAP_WC) ? MT_NORMAL_NC : MT_DEVICE;
	r.prot = (uint8_t)(PROT_R | ((prot & PROT_WRITE) ? PROT_W : 0));
	r.lazy = !(flags & MAP_POPULATE);
	r.dev = name;
	if (r.pa > (phys_addr_t)-1 - (r.size - 1))
		return -EINVAL;		/* out of reach of this table format */
	if (!r.lazy) {
		err = map_region_now(t, &r);
		if (err)
			return err;
	}
	t->mmaps[t->nmaps++] = r;
	return (long)r.va;
}

static int find_region(const struct task *t, uintptr_t addr, size_t len)
{
	len = ALIGN_UP(len, PAGE_SIZE);
	for (unsigned i = 0; i < t->nmaps; i++)
		if (t->mmaps[i].va == addr && t->mmaps[i].size == len)
			return (int)i;
	return -EINVAL;
}

long uspace_munmap(struct task *t, uintptr_t addr, size_t len)
{
	int i = find_region(t, addr, len);

	if (i < 0)
		return i;
	unmap_if_mapped(t->mmaps[i].va, t->mmaps[i].size);
	t->mmaps[i] = t->mmaps[--t->nmaps];
	return 0;
}

long uspace_mprotect(struct task *t, uintptr_t addr, size_t len, int prot)
{
	int i = find_region(t, addr, len);
	struct uregion *r;
	phys_addr_t pa;
	int err = 0;

	if (i < 0)
		return i;
	if (!(prot & PROT_READ) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (prot & PROT_EXEC)
		return -EACCES;
	r = &t->mmaps[i];
	r->prot = (uint8_t)(PROT_R | ((prot & PROT_WRITE) ? PROT_W : 0));
	for (uintptr_t va = r->va; !err && va < r->va + r->size; va += PAGE_SIZE)
		if (!virt_to_phys(va, &pa))
			err = mmu_protect(va, PAGE_SIZE, region_attrs(r));
	return err;
}

bool uspace_fault(struct task *t, uintptr_t va, bool is_write)
{
	for (unsigned i = 0; i < t->nmaps; i++) {
		struct uregion *r = &t->mmaps[i];
		uintptr_t page = ALIGN_DOWN(va, PAGE_SIZE);

		if (!r->lazy || va < r->va || va - r->va >= r->size)
			continue;
		if (is_write && !(r->prot & PROT_W))
			return false;
		if (mmu_map(page, (phys_addr_t)(r->pa + (page - r->va)), PAGE_SIZE, region_attrs(r)))
			return false;
		t->faults++;
		t->pages_mapped++;
		return true;
	}
	return false;
}

bool uspace_access_ok(uintptr_t va, size_t len, bool write)
{
	struct pt_walk w;

	if (!uspace_contains(va, len ? len : 1))
		return false;
	for (uintptr_t p = ALIGN_DOWN(va, PAGE_SIZE); p < va + len; p += PAGE_SIZE) {
		if (pt_walk(mmu_pgtable(), p, &w) || w.attrs.type != MT_NORMAL ||
		    !(w.attrs.prot & PROT_U) || (write && !(w.attrs.prot & PROT_W)))
			return false;
	}
	return true;
}

/* ---- `run -v` ---- */

static int print_user_range(void *ctx, const struct pt_range *r)
{
	const struct task *t = ctx;
	char line[128];

	if (!uspace_contains(r->va, r->size))
		return 0;
	pt_range_format(r, line, sizeof(line));
	if (t->asid)
		printf("  %s  asid %u\n", line, t->asid);
	else
		printf("  %s  (no ASIDs)\n", line);
	return 0;
}

void uspace_dump(const struct task *t)
{
	printf("task %u (%s) mappings:\n", t->pid, t->prog->name);
	pt_for_each_range(mmu_pgtable(), print_user_range, (void *)t);
	for (unsigned i = 0; i < t->nmaps; i++) {
		const struct uregion *r = &t->mmaps[i];

		printf("  mmap %-6s pa 0x%08lx va 0x%08lx size 0x%lx %s %s, %u page%s mapped\n",
		       r->dev, (unsigned long)r->pa, (unsigned long)r->va, (unsigned long)r->size,
		       mem_type_name(r->type), r->lazy ? "on fault" : "populated",
		       count_pages(r), count_pages(r) == 1 ? "" : "s");
	}
	printf("  faults %u, pages mapped %u\n", t->faults, t->pages_mapped);
}
