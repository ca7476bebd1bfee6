/*
 * The MMU as built at boot: every region's descriptors read back, every
 * fault class provoked and survived, the MMU switched off and on, and live
 * changes (split, protect, unmap) seen by the hardware.
 */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "board.h"
#include "console.h"
#include "exception.h"
#include "harness.h"
#include "mmu.h"
#include "timer.h"

/* The top level's block: a 1 MiB section, or a 2 MiB LPAE block. */
#define BLOCK	pt_block_size(mmu_pgtable()->fmt)

extern char __guard_svc[], __stack_svc_bottom[], __text_start[], __rodata_start[];
extern char __image_start[], __image_end[];

static uint32_t data_word = 0xdeadbeef;
static const uint32_t rodata_word = 0xfeedface;
static uint32_t code_in_data[2] = { 0xe12fff1e, 0xe12fff1e };	/* bx lr */

/* ---- fault helpers ---- */

static void read_word(void *p)
{
	(void)*(volatile uint32_t *)p;
}

static void write_word(void *p)
{
	*(volatile uint32_t *)p = 0x5a5a5a5a;
}

static void call_code(void *p)
{
	((void (*)(void))p)();
}

static unsigned __attribute__((noinline)) recurse(unsigned depth)
{
	volatile uint8_t pad[512];

	pad[0] = (uint8_t)depth;
	pad[511] = pad[0];
	return depth ? recurse(depth - 1) + pad[511] : pad[0];
}

static void overflow_stack(void *arg)
{
	*(volatile unsigned *)arg = recurse(1u << 20);
}

/* Expect fn(arg) to take exactly this abort; level is the tables' level
 * (1 top, 2 next), reported under the architecture's number for it. */
static bool expect_abort(void (*fn)(void *), void *arg, unsigned type, enum fault_class cls,
			 unsigned level, uintptr_t addr, struct fault_info *fi)
{
	level = pt_arch_level(arch_pt_format(), level);
	if (fault_try(fn, arg, fi) != -EFAULT) {
		test_fail(__FILE__, __LINE__, "no fault at 0x%08lx", (unsigned long)addr);
		return false;
	}
	if (fi->type != type || fi->fs.cls != cls || fi->fs.level != level || fi->addr != addr) {
		char line[160];

		fault_format(fi, line, sizeof(line));
		test_fail(__FILE__, __LINE__, "wanted %s class %d level %u at 0x%08lx, got: %s",
			  exception_name(type), cls, level, (unsigned long)addr, line);
		return false;
	}
	return true;
}

/* ---- the layout ---- */

/* The permissions a mapping made with prot reads back as: without
 * execute-never (ARMv5) every mapping is executable, and says so. */
static unsigned readback_prot(unsigned prot)
{
	return arch_pt_format()->has_xn ? prot : prot | PROT_X;
}

static bool walk_is(uintptr_t va, unsigned type, unsigned prot, unsigned level)
{
	struct pt_walk w;

	prot = readback_prot(prot);
	if (pt_walk(mmu_pgtable(), va, &w)) {
		test_fail(__FILE__, __LINE__, "0x%08lx unmapped", (unsigned long)va);
		return false;
	}
	if (w.attrs.type != type || w.attrs.prot != prot || w.level != level || w.pa != va ||
	    (type == MT_NORMAL && !(w.l1.shareable || w.l2.shareable))) {
		test_fail(__FILE__, __LINE__, "0x%08lx: type %u prot %u level %u pa 0x%08lx", (unsigned long)va,
			  w.attrs.type, w.attrs.prot, w.level, (unsigned long)w.pa);
		return false;
	}
	return true;
}

TEST(every_image_region_has_its_permissions)
{
	const struct image_region *r;
	struct pt_walk w;
	size_t n;

	r = mmu_image_regions(&n);
	CHECK(n >= 10);
	for (size_t i = 0; i < n; i++) {
		uintptr_t probes[2] = { r[i].start, r[i].end - PAGE_SIZE };

		for (int k = 0; k < 2; k++) {
			if (r[i].prot == 0) {
				CHECK_EQ(pt_walk(mmu_pgtable(), probes[k], &w), -ENOENT);
				continue;
			}
			if (!walk_is(probes[k], MT_NORMAL, r[i].prot, 2))
				return;
		}
	}
	/* .text is the only executable region, and it is read-only */
	CHECK_EQ(r[0].prot, PROT_R | PROT_X);
	CHECK_EQ(strcmp(r[0].name, "text"), 0);
}

TEST(ram_outside_the_image)
{
	const struct mmu_ram *ram = mmu_ram();
	uintptr_t tail = ALIGN_UP((uintptr_t)__image_end, BLOCK);
	struct pt_walk w;

	/* below the image: the device tree, read-only; RAM at 0 keeps its
	 * first MiB unmapped instead, so NULL faults at the first level */
	if (ram->base)	/* a block where the image leaves room for one */
		CHECK(walk_is(ram->base, MT_NORMAL, PROT_R,
			      (uintptr_t)__image_start - ram->base >= BLOCK ? 1 : 2));
	else
		CHECK_EQ(pt_walk(mmu_pgtable(), BLOCK - PAGE_SIZE, &w), -ENOENT);
	/* above it: 1 MiB sections, read-write, execute-never */
	CHECK(walk_is(tail, MT_NORMAL, PROT_R | PROT_W, 1));
	CHECK(walk_is(ram->base + ram->size - BLOCK, MT_NORMAL, PROT_R | PROT_W, 1));
	/* and nothing past the end */
	CHECK_EQ(pt_walk(mmu_pgtable(), ram->base + ram->size, &w), -ENOENT);
	CHECK_EQ(pt_walk(mmu_pgtable(), 0, &w), -ENOENT);
}

static int check_wx(void *ctx, const struct pt_range *r)
{
	unsigned *ranges = ctx;

	(*ranges)++;
	if ((r->attrs.prot & PROT_W) && (r->attrs.prot & PROT_X))
		return 1;
	if (r->attrs.type == MT_DEVICE && (r->attrs.prot & PROT_X))
		return 2;
	return 0;
}

TEST(no_page_is_writable_and_executable)
{
	unsigned ranges = 0;

	if (!arch_pt_format()->has_xn)
		SKIP("no execute-never (ARMv5): every readable page is executable");
	CHECK_EQ(pt_for_each_range(mmu_pgtable(), check_wx, &ranges), 0);
	CHECK(ranges >= 8);
}

/* The top table and the next-level tables within 24 KiB; with LPAE the
 * 32-byte root (level 1) comes on top. */
TEST(table_memory_within_24k)
{
	struct pt_usage u;

	pt_usage(mmu_pgtable(), &u);
	CHECK_EQ(mmu_table_bytes(), u.root + u.top + u.next);
	CHECK(u.top + u.next <= 24 * 1024);
	CHECK(u.root <= PT_ROOT_MAX * 8);
	CHECK(u.next >= pt_next_bytes(mmu_pgtable()->fmt));
	CHECK_EQ(u.top, PT_TOP_BYTES);
}

TEST(software_walk_agrees_with_the_mmu)
{
	const struct mmu_ram *ram = mmu_ram();
	uintptr_t probes[] = {
		(uintptr_t)__text_start + 0x10, (uintptr_t)&rodata_word, (uintptr_t)&data_word,
		(uintptr_t)__stack_svc_bottom + 8, ram->base + 0x123, ram->base + ram->size - 4,
		(uintptr_t)(__force void *)console_regs() + 0x18,
	};
	uintptr_t unmapped[] = { 0, (uintptr_t)__guard_svc, ram->base + ram->size, 0xfffff000 };
	phys_addr_t sw, hw;

	if (arch_translate(probes[0], false, &hw) == -ENOSYS)
		SKIP("no address translation operation (ARMv5): nothing to compare with");
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		CHECK_EQ(virt_to_phys(probes[i], &sw), 0);
		CHECK_EQ(arch_translate(probes[i], false, &hw), 0);
		CHECK_EQ(sw, hw);
	}
	for (size_t i = 0; i < ARRAY_SIZE(unmapped); i++) {
		CHECK_EQ(virt_to_phys(unmapped[i], &sw), -ENOENT);
		CHECK_EQ(arch_translate(unmapped[i], false, &hw), -EFAULT);
	}
	/* the MMU agrees that .text and .rodata are not writable */
	CHECK_EQ(arch_translate((uintptr_t)__text_start, true, &hw), -EFAULT);
	CHECK_EQ(arch_translate((uintptr_t)&rodata_word, true, &hw), -EFAULT);
	CHECK_EQ(arch_translate((uintptr_t)&data_word, true, &hw), 0);
}

/* ---- faults, each caught and survived ---- */

TEST(null_read_is_a_section_translation_fault)
{
	struct fault_info fi;

	if (!expect_abort(read_word, NULL, EXC_DABT, FAULT_TRANSLATION, 1, 0, &fi))
		return;
	CHECK(fi.fs.wnr_valid && !fi.fs.is_write);
}

TEST(write_to_text_is_a_permission_fault)
{
	struct fault_info fi;
	void *target = __text_start + 0x40;

	if (!expect_abort(write_word, target, EXC_DABT, FAULT_PERMISSION, 2, (uintptr_t)target, &fi))
		return;
	CHECK(fi.fs.is_write);
}

TEST(write_to_rodata_is_a_permission_fault)
{
	struct fault_info fi;

	if (!expect_abort(write_word, (void *)&rodata_word, EXC_DABT, FAULT_PERMISSION, 2,
			  (uintptr_t)&rodata_word, &fi))
		return;
	CHECK(fi.fs.is_write);
	CHECK_EQ(rodata_word, 0xfeedface);
}

TEST(executing_data_is_a_prefetch_permission_fault)
{
	struct fault_info fi;

	if (!arch_pt_format()->has_xn)
		SKIP("no execute-never (ARMv5): data pages are executable");
	expect_abort(call_code, code_in_data, EXC_PABT, FAULT_PERMISSION, 2,
		     (uintptr_t)code_in_data, &fi);
}

TEST(stack_overflow_hits_the_guard_page)
{
	struct fault_info fi;
	volatile unsigned result = 0;
	char where[128];

	CHECK_EQ(fault_try(overflow_stack, (void *)&result, &fi), -EFAULT);
	CHECK_EQ(fi.type, EXC_DABT);
	CHECK_EQ(fi.fs.cls, FAULT_TRANSLATION);
	CHECK_EQ(fi.fs.level, pt_arch_level(arch_pt_format(), 2));
	CHECK(fi.fs.is_write);
	CHECK(fi.addr >= (uintptr_t)__guard_svc && fi.addr < (uintptr_t)__stack_svc_bottom);
	mmu_describe(fi.addr, where, sizeof(where));
	CHECK_STR_CONTAINS(where, "guard svc");
}

TEST(access_past_the_end_of_ram_faults)
{
	const struct mmu_ram *ram = mmu_ram();
	uintptr_t end = ram->base + ram->size;
	struct fault_info fi;

	expect_abort(read_word, (void *)end, EXC_DABT, FAULT_TRANSLATION, 1, end, &fi);
}

TEST(report_names_the_mapping)
{
	char buf[128], want[64];

	mmu_describe((uintptr_t)__text_start, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "page normal r-x");
	CHECK_STR_CONTAINS(buf, "in text");
	mmu_describe(0, buf, sizeof(buf));
	/* "first-level" (short descriptors) or "level-2" (LPAE) */
	snprintf(want, sizeof(want), "unmapped (%s descriptor is a fault)",
		 arch_pt_format()->level_names[0]);
	CHECK_STR_CONTAINS(buf, want);
}

/* RAM is [base, base + size): its last byte is in it, the next one not. */
TEST(report_names_ram_to_its_last_byte_and_no_further)
{
	uintptr_t end = mmu_ram()->base + mmu_ram()->size;
	char buf[128];

	mmu_describe(end - 1, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "in RAM");
	mmu_describe(end, buf, sizeof(buf));
	CHECK(strstr(buf, "RAM") == NULL);
}

/* The I/O window is [base, base + size): its last byte is in it, the next
 * one not. */
TEST(report_names_the_io_window_to_its_last_byte_and_no_further)
{
	uintptr_t end = board.io_window_base + board.io_window_size;
	char buf[128];

	mmu_describe(board.io_window_base, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "in I/O window");
	mmu_describe(end - 1, buf, sizeof(buf));
	CHECK_STR_CONTAINS(buf, "in I/O window");
	mmu_describe(end, buf, sizeof(buf));
	CHECK(strstr(buf, "I/O window") == NULL);
}

/* ---- the MMU off and on ---- */

#define WORK_OFFSET	(16u << 20)
#define WORK_BYTES	(8u << 20)

static void fill(uint32_t *p, uint32_t seed)
{
	for (uint32_t i = 0; i < WORK_BYTES / 4; i++)
		p[i] = i * 0x9e3779b1u + seed;
}

static uint32_t checksum(const uint32_t *p)
{
	uint32_t a = 1, b = 0;

	for (uint32_t i = 0; i < WORK_BYTES / 4; i++) {
		a += p[i];
		b += a ^ (p[i] >> 7);
	}
	return a ^ (b << 1);
}

TEST(same_checksum_with_mmu_off_and_on)
{
	uint32_t *work = (uint32_t *)(uintptr_t)(mmu_ram()->base + WORK_OFFSET);
	uint32_t on1, off1, off2, on2;

	if (mmu_ram()->size < WORK_OFFSET + WORK_BYTES)
		SKIP("needs 24 MiB of RAM");
	fill(work, 1);
	on1 = checksum(work);		/* written through the write-back cache */
	mmu_off();			/* cleans it to memory first ... */
	off1 = checksum(work);		/* ... so memory holds the same data */
	fill(work, 2);
	off2 = checksum(work);
	mmu_on();
	on2 = checksum(work);
	CHECK(mmu_is_on());
	CHECK_EQ(on1, off1);
	CHECK_EQ(off2, on2);
	CHECK(on1 != on2);
}

/* ---- live changes ---- */

TEST(protecting_a_page_splits_its_section_and_the_tlb_sees_it)
{
	uintptr_t page = mmu_ram()->base + (32u << 20) + PAGE_SIZE;
	size_t before = mmu_table_bytes();
	struct pt_attrs ro = { MT_NORMAL, PROT_R }, rw = { MT_NORMAL, PROT_R | PROT_W };
	struct fault_info fi;
	struct pt_walk w;

	CHECK(walk_is(page, MT_NORMAL, PROT_R | PROT_W, 1));
	write_word((void *)page);	/* the section is now in the TLB */
	CHECK_EQ(mmu_protect(page, PAGE_SIZE, ro), 0);
	CHECK_EQ(mmu_table_bytes(), before + pt_next_bytes(mmu_pgtable()->fmt));
	CHECK(walk_is(page, MT_NORMAL, PROT_R, 2));
	CHECK(walk_is(page - PAGE_SIZE, MT_NORMAL, PROT_R | PROT_W, 2));
	CHECK(walk_is(page + PAGE_SIZE, MT_NORMAL, PROT_R | PROT_W, 2));
	/* a stale TLB entry would let this write through */
	if (!expect_abort(write_word, (void *)page, EXC_DABT, FAULT_PERMISSION, 2, page, &fi))
		return;
	CHECK_EQ(*(volatile uint32_t *)page, 0x5a5a5a5a);
	CHECK_EQ(fault_try(write_word, (void *)(page + PAGE_SIZE), &fi), 0);

	CHECK_EQ(mmu_protect(page, PAGE_SIZE, rw), 0);
	CHECK_EQ(fault_try(write_word, (void *)page, &fi), 0);
	CHECK_EQ(pt_walk(mmu_pgtable(), page, &w), 0);
	CHECK_EQ(w.level, 2);
}

TEST(unmap_and_map_again)
{
	uintptr_t page = mmu_ram()->base + (40u << 20);
	struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W };
	struct fault_info fi;

	read_word((void *)page);
	CHECK_EQ(mmu_unmap(page, PAGE_SIZE), 0);
	if (!expect_abort(read_word, (void *)page, EXC_DABT, FAULT_TRANSLATION, 2, page, &fi))
		return;
	CHECK_EQ(mmu_map(page, page, PAGE_SIZE, rw), 0);
	CHECK_EQ(fault_try(read_word, (void *)page, &fi), 0);
}

TEST(map_refusals)
{
	uintptr_t page = mmu_ram()->base + (48u << 20);
	struct pt_attrs rwx = { MT_NORMAL, PROT_R | PROT_W | PROT_X };
	struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W };
	size_t before = mmu_table_bytes();

	CHECK_EQ(mmu_map(0x20000000, 0x20000000, PAGE_SIZE, rwx), -EPERM);
	CHECK_EQ(mmu_map(page, page, PAGE_SIZE, rw), -EEXIST);
	CHECK_EQ(mmu_map(0x20000000, 0x20000000, 0, rw), -EINVAL);
	CHECK_EQ(mmu_map(0x20000800, 0x20000000, PAGE_SIZE, rw), -EINVAL);
	CHECK_EQ(mmu_map(0xf0000000, 0x20000000, PAGE_SIZE, rw), -ERANGE);
	CHECK_EQ(mmu_table_bytes(), before);
}

/* ---- TLB maintenance on live tables: every page unmapped must fault ---- */

#define SCRATCH_VA	0x30000000u	/* unmapped on every board */

/*
 * Expect a translation fault on each of n addresses, checked last to first:
 * a fault's handling may flush the emulator's TLB (QEMU flushes it on some
 * CP15 writes), so the first check must be the one a stale entry would pass.
 */
static bool each_faults(const uintptr_t *va, unsigned n, unsigned level)
{
	struct fault_info fi;

	while (n--)
		if (!expect_abort(read_word, (void *)va[n], EXC_DABT, FAULT_TRANSLATION, level, va[n], &fi))
			return false;
	return true;
}

/* Issue 18: a section unmapped whole must leave no TLB entry behind. */
TEST(unmapping_a_section_leaves_no_page_of_it_reachable)
{
	uintptr_t va = SCRATCH_VA + BLOCK;
	phys_addr_t pa = ALIGN_DOWN(mmu_ram()->base + (59u << 20), BLOCK);
	struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W };
	uintptr_t probes[] = { va, va + PAGE_SIZE, va + BLOCK / 2, va + BLOCK - 4 };
	struct pt_walk w;

	if (mmu_ram()->size < (60u << 20))
		SKIP("needs 60 MiB of RAM");
	CHECK_EQ(mmu_map(va, pa, BLOCK, rw), 0);
	CHECK_EQ(pt_walk(mmu_pgtable(), va, &w), 0);
	CHECK_EQ(w.level, 1);	/* a section, not pages */
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		read_word((void *)probes[i]);	/* each now in the TLB */
	CHECK_EQ(mmu_unmap(va, BLOCK), 0);
	CHECK(each_faults(probes, ARRAY_SIZE(probes), 1));
}

/* Issue 18: unmapping several pages must invalidate every one of them, not
 * just the first. One page stays mapped so its table is not released (a
 * release invalidates the whole MiB, which would hide the bug). */
TEST(unmapping_pages_leaves_none_of_them_reachable)
{
	enum { PAGES = 8 };
	phys_addr_t pa = mmu_ram()->base + (58u << 20);
	struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W };
	uintptr_t probes[PAGES];
	struct fault_info fi;

	if (mmu_ram()->size < (59u << 20))
		SKIP("needs 59 MiB of RAM");
	CHECK_EQ(mmu_map(SCRATCH_VA, pa, (PAGES + 1) * PAGE_SIZE, rw), 0);
	for (unsigned k = 0; k < PAGES; k++) {
		probes[k] = SCRATCH_VA + k * PAGE_SIZE + 8;
		read_word((void *)probes[k]);	/* each now in the TLB */
	}
	CHECK_EQ(mmu_unmap(SCRATCH_VA, PAGES * PAGE_SIZE), 0);
	CHECK(each_faults(probes, PAGES, 2));
	CHECK_EQ(fault_try(read_word, (void *)(SCRATCH_VA + PAGES * PAGE_SIZE), &fi), 0);
	CHECK_EQ(mmu_unmap(SCRATCH_VA + PAGES * PAGE_SIZE, PAGE_SIZE), 0);
}

/* ---- break-before-make windows and interrupts ---- */

static volatile uint32_t irq_safe_word;
static volatile uint32_t *volatile irq_target = &irq_safe_word;
static volatile unsigned irq_writes;
static struct soft_timer irq_writer;

/* Runs from the tick interrupt: writes where the test points it, then
 * comes back a tick later. */
static void write_from_irq(struct soft_timer *t, void *ctx)
{
	(void)ctx;
	*irq_target = irq_writes++;
	timer_start(t, 1000000, write_from_irq, NULL);
}

/* One round: split the section at s, then retype a run of its pages twice
 * (Normal -> non-cacheable -> Normal: both a break), with the interrupt
 * handler writing to the first page all along; then put the section back. */
static bool bbm_round(uintptr_t s)
{
	struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W }, ro = { MT_NORMAL, PROT_R };
	struct pt_attrs nc = { MT_NORMAL_NC, PROT_R | PROT_W };

	irq_target = (volatile uint32_t *)(s + 0x10);
	if (mmu_protect(s + PAGE_SIZE, PAGE_SIZE, ro) ||
	    mmu_protect(s, 64 * PAGE_SIZE, nc) || mmu_protect(s, 64 * PAGE_SIZE, rw))
		return false;
	irq_target = &irq_safe_word;
	return !mmu_unmap(s, BLOCK) && !mmu_map(s, s, BLOCK, rw);
}

/*
 * Issue 11 item 1: an interrupt handler touching a page while it is being
 * split or retyped must never see it unmapped (IRQs are masked across each
 * break-before-make window). Runs until the handler has run many times, so
 * some of its runs fall where a window would be; a fault halts the image.
 */
TEST(an_irq_handler_writing_a_page_under_break_before_make_never_faults)
{
	uintptr_t s = mmu_ram()->base + (56u << 20);
	uint64_t give_up = uptime_ns() + 20000000000ull;
	unsigned rounds = 0, start;

	if (mmu_ram()->size < (57u << 20))
		SKIP("needs 57 MiB of RAM");
	CHECK(walk_is(s, MT_NORMAL, PROT_R | PROT_W, 1));
	irq_writes = 0;
	CHECK_EQ(timer_start(&irq_writer, 1000000, write_from_irq, NULL), 0);
	start = irq_writes;
	while (irq_writes - start < 500 && uptime_ns() < give_up) {
		if (!bbm_round(s))
			break;
		rounds++;
	}
	timer_cancel(&irq_writer);
	irq_target = &irq_safe_word;
	CHECK(walk_is(s, MT_NORMAL, PROT_R | PROT_W, 1));
	CHECK(irq_writes - start >= 500);
	CHECK(rounds > 0);
	printf("# %u rounds, %u handler writes\n", rounds, irq_writes - start);
}

/* ---- the policy is physical (issue 11 item 4) ---- */

/* No page of RAM gets a second memory type through another mapping. */
TEST(a_device_alias_of_ram_is_refused)
{
	phys_addr_t pa = mmu_ram()->base + (60u << 20);
	struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W };
	struct pt_attrs dev = { MT_DEVICE, PROT_R | PROT_W };
	struct pt_attrs nc = { MT_NORMAL_NC, PROT_R | PROT_W };
	size_t before = mmu_table_bytes();

	if (mmu_ram()->size < (61u << 20))
		SKIP("needs 61 MiB of RAM");
	CHECK_EQ(mmu_map(SCRATCH_VA, pa, PAGE_SIZE, dev), -EBUSY);
	CHECK_EQ(mmu_map(SCRATCH_VA, pa, PAGE_SIZE, nc), -EBUSY);
	CHECK_EQ(mmu_table_bytes(), before);
	/* a Normal alias is fine, but it cannot be retyped while RAM's own
	 * mapping is Normal */
	CHECK_EQ(mmu_map(SCRATCH_VA, pa, PAGE_SIZE, rw), 0);
	CHECK_EQ(mmu_protect(SCRATCH_VA, PAGE_SIZE, dev), -EBUSY);
	CHECK_EQ(mmu_unmap(SCRATCH_VA, PAGE_SIZE), 0);
	CHECK(walk_is(pa, MT_NORMAL, PROT_R | PROT_W, 1));
	CHECK_EQ(mmu_table_bytes(), before);
}

/*
 * The count of pages mapped outside the I/O window of memory that is not
 * RAM (ioremap()'s cue to scan for aliases) is kept page by page by each
 * map and unmap: a mapping that straddles the end of RAM counts its pages
 * above it only, and unmapping part of it takes away only what that part
 * held, whichever call mapped it.
 */
TEST(foreign_pages_are_counted_page_by_page)
{
	const struct mmu_ram *r = mmu_ram();
	struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W };
	phys_addr_t last_ram = r->base + r->reported - PAGE_SIZE;

	if (r->base + r->reported > 0xffffe000u || r->reported != r->size)
		SKIP("needs two physical pages above RAM, and all of RAM mapped");
	CHECK_EQ(mmu_foreign_mappings(), 0);
	/* RAM's last page and the two above it, in one call */
	CHECK_EQ(mmu_map(SCRATCH_VA, last_ram, 3 * PAGE_SIZE, rw), 0);
	CHECK_EQ(mmu_foreign_mappings(), 2);
	CHECK_EQ(mmu_unmap(SCRATCH_VA, PAGE_SIZE), 0);			/* the RAM page */
	CHECK_EQ(mmu_foreign_mappings(), 2);
	CHECK_EQ(mmu_unmap(SCRATCH_VA + 2 * PAGE_SIZE, PAGE_SIZE), 0);	/* the last */
	CHECK_EQ(mmu_foreign_mappings(), 1);
	/* mapped again one by one, unmapped in one call with what is around */
	CHECK_EQ(mmu_map(SCRATCH_VA, last_ram, PAGE_SIZE, rw), 0);
	CHECK_EQ(mmu_map(SCRATCH_VA + 2 * PAGE_SIZE, last_ram + 2 * PAGE_SIZE, PAGE_SIZE, rw), 0);
	CHECK_EQ(mmu_foreign_mappings(), 2);
	CHECK_EQ(mmu_unmap(SCRATCH_VA - PAGE_SIZE, 5 * PAGE_SIZE), 0);
	CHECK_EQ(mmu_foreign_mappings(), 0);
}

/* An alias of all of RAM, the largest RAM range there is, maps RAM: it is
 * no foreign mapping for ioremap() to scan for. */
TEST(an_alias_of_all_of_ram_is_not_a_foreign_mapping)
{
	const struct mmu_ram *r = mmu_ram();
	struct pt_attrs ro = { MT_NORMAL, PROT_R };
	unsigned foreign;
	int err;

	if (r->reported > 0x40000000u - SCRATCH_VA || r->reported != r->size)
		SKIP("RAM larger than the scratch range, or not all of it mapped");
	CHECK_EQ(mmu_foreign_mappings(), 0);
	err = mmu_map(SCRATCH_VA, r->base, (size_t)r->reported, ro);
	foreign = mmu_foreign_mappings();
	if (!err)	/* the later cases need the scratch range free */
		CHECK_EQ(mmu_unmap(SCRATCH_VA, (size_t)r->reported), 0);
	CHECK_EQ(err, 0);
	CHECK_EQ(foreign, 0);
	CHECK_EQ(mmu_foreign_mappings(), 0);
}

/* ---- the table dump ---- */

static char dump[4096];

/* What mmu_dump() prints, in dump[] (NUL-terminated); false if it could not
 * be captured or did not fit. */
static bool capture_dump(void)
{
	FILE *f, *saved = stdout;

	memset(dump, 0, sizeof(dump));
	f = fmemopen(dump, sizeof(dump) - 1, "w");
	if (!f)
		return false;
	fflush(stdout);
	stdout = f;
	mmu_dump();
	fflush(f);
	stdout = saved;
	fclose(f);
	return strlen(dump) < sizeof(dump) - 2;
}

/* The dump line that starts with prefix, up to its newline, into line. */
static bool dump_line(const char *prefix, char *line, size_t n)
{
	const char *p = strstr(dump, prefix), *end;

	if (!p || (p != dump && p[-1] != '\n'))
		return false;
	end = strchr(p, '\n');
	if (!end || (size_t)(end - p) >= n)
		return false;
	memcpy(line, p, (size_t)(end - p));
	line[end - p] = '\0';
	return true;
}

/*
 * The dump has a line per range: .text's as normal r-x, and a user page (a
 * task's, nG: B3.9.1) tagged with the ASID current while it is dumped,
 * where there are ASIDs; kernel (global) ranges are never tagged.
 */
TEST(the_dump_lists_each_range_and_tags_user_pages_with_the_asid)
{
	phys_addr_t pa = ALIGN_DOWN((uintptr_t)&data_word, PAGE_SIZE);
	struct pt_attrs user_ro = { MT_NORMAL, PROT_R | PROT_U };
	char text[32], user[32], line[160];
	bool captured;
	int err;

	/* .text's range starts at .text (ARMv5 runs it on into .rodata: both r-x) */
	snprintf(text, sizeof(text), "0x%08lx-", (unsigned long)__text_start);
	snprintf(user, sizeof(user), "0x%08lx-0x%08lx ", (unsigned long)SCRATCH_VA,
		 (unsigned long)SCRATCH_VA + PAGE_SIZE - 1);
	err = mmu_map(SCRATCH_VA, pa, PAGE_SIZE, user_ro);
	if (arch_has_asids())
		arch_set_asid(5);
	captured = capture_dump();
	arch_set_asid(0);
	if (!err)
		CHECK_EQ(mmu_unmap(SCRATCH_VA, PAGE_SIZE), 0);
	CHECK_EQ(err, 0);
	CHECK(captured);
	CHECK(dump_line(text, line, sizeof(line)));
	CHECK_STR_CONTAINS(line, "normal");
	CHECK_STR_CONTAINS(line, " r-x ");
	CHECK(strstr(line, "asid") == NULL);
	CHECK(dump_line(user, line, sizeof(line)));
	CHECK_STR_CONTAINS(line, arch_pt_format()->has_xn ? " r--u " : " r-xu ");
	if (arch_has_asids())
		CHECK(strstr(line, "  asid 5") && !strcmp(strstr(line, "  asid 5"), "  asid 5"));
	else
		CHECK(strstr(line, "asid") == NULL);
}

/* No page is writable through one mapping and executable through another. */
TEST(a_writable_alias_of_text_is_refused)
{
	phys_addr_t text = ALIGN_DOWN((uintptr_t)__text_start, PAGE_SIZE);
	phys_addr_t data = ALIGN_DOWN((uintptr_t)&data_word, PAGE_SIZE);
	struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W };
	struct pt_attrs rx = { MT_NORMAL, PROT_R | PROT_X };
	struct pt_attrs ro = { MT_NORMAL, PROT_R };

	if (!arch_pt_format()->has_xn)
		SKIP("no execute-never (ARMv5): every readable page is executable");
	CHECK_EQ(mmu_map(SCRATCH_VA, text, PAGE_SIZE, rw), -EPERM);
	CHECK_EQ(mmu_map(SCRATCH_VA, data, PAGE_SIZE, rx), -EPERM);
	/* a read-only alias of .text is fine, but cannot be made writable */
	CHECK_EQ(mmu_map(SCRATCH_VA, text, PAGE_SIZE, ro), 0);
	CHECK_EQ(mmu_protect(SCRATCH_VA, PAGE_SIZE, rw), -EPERM);
	CHECK_EQ(mmu_unmap(SCRATCH_VA, PAGE_SIZE), 0);
}
