/*
 * Memory commands: md, peek, poke, cache. Every access goes through the
 * MMIO accessors inside fault_try(), so a bad address prints the decoded
 * fault and the prompt comes back; accesses that would fault only on
 * silicon, or wreck the firmware's own tables, are refused first
 * (shell_access_check()).
 */
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "cache_range.h"
#include "exception.h"
#include "io.h"
#include "kmap.h"
#include "memcmd.h"
#include "mmu.h"
#include "monitor.h"

/* md prints 16 bytes a line: 1 MiB is 65,536 lines, already minutes of
 * serial output; more is a typo. */
#define MD_MAX		(1u << 20)
/* Maintenance by address of more than RAM could hold is not what anyone
 * means; 64 MiB takes well under a second. */
#define CACHE_OP_MAX	(64u << 20)

struct access {
	uintptr_t addr;
	unsigned width;		/* 1, 2 or 4 */
	bool write;
	uint32_t value;
};

static void do_access(void *arg)
{
	struct access *a = arg;
	volatile void __iomem *p = (volatile void __iomem __force *)a->addr;

	switch (a->width | (a->write ? 0x10 : 0)) {
	case 1: a->value = readb(p); break;
	case 2: a->value = readw(p); break;
	case 4: a->value = readl(p); break;
	case 0x11: writeb((uint8_t)a->value, p); break;
	case 0x12: writew((uint16_t)a->value, p); break;
	case 0x14: writel(a->value, p); break;
	}
}

/* The physical range of the firmware's translation tables. */
static void table_pool(phys_addr_t *pa, size_t *size)
{
	size_t n;
	const struct image_region *r = mmu_image_regions(&n);

	*pa = 0;
	*size = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(r[i].name, "pgtables") && !virt_to_phys(r[i].start, pa)) {
			*size = r[i].end - r[i].start;
			return;
		}
	}
}

/* Refuse what shell_access_check() refuses, saying why. */
static int allowed(const struct access *a)
{
	phys_addr_t pa;
	size_t size;
	const char *why;
	int err;

	table_pool(&pa, &size);
	err = shell_access_check(mmu_pgtable(), a->addr, a->width, a->write, pa, size, &why);
	if (err)
		printf("error: refused %s of %u byte%s at 0x%08lx: %s\n",
		       a->write ? "write" : "read", a->width, a->width == 1 ? "" : "s",
		       (unsigned long)a->addr, why);
	return err;
}

/*
 * Where the shell reaches addr: below 4 GiB it is a virtual address; above,
 * a physical address of RAM, reached through kmap_phys() one page at a
 * time (the page stays mapped while addr stays in it; kunmap_phys() when
 * the command is done). 0, or kmap_phys()'s error, printed.
 */
static struct {
	bool on;
	phys_addr_t page;	/* the high page kmap_phys() has mapped */
	uintptr_t va;		/* where */
} high;

static int reach(phys_addr_t addr, uintptr_t *va)
{
	char pa[PHYS_STR_LEN];
	void *p;
	int err;

	if (addr <= UINT32_MAX) {
		*va = (uintptr_t)addr;
		return 0;
	}
	if (!high.on || ALIGN_DOWN(addr, PAGE_SIZE) != high.page) {
		kunmap_phys();
		high.on = false;
		err = kmap_phys(ALIGN_DOWN(addr, PAGE_SIZE), &p);
		if (err) {
			printf("error: %s is above 4 GiB and %s\n", phys_str(addr, pa),
			       err == -ERANGE ? "not RAM beyond the identity map" :
			       "out of reach of these tables (short descriptors)");
			return err;
		}
		high.on = true;
		high.page = ALIGN_DOWN(addr, PAGE_SIZE);
		high.va = (uintptr_t)p;
	}
	*va = high.va + (uintptr_t)(addr & PAGE_MASK);
	return 0;
}

/* The command is done with high RAM: unmap it; returns ret. */
static int reach_done(int ret)
{
	kunmap_phys();
	high.on = false;
	return ret;
}

/* One access under fault_try(); a fault is printed and -EFAULT returned. */
static int guarded(struct access *a)
{
	struct fault_info fi;

	if (!fault_try(do_access, a, &fi))
		return 0;
	return memcmd_fault(&fi);
}

static int parse_width(const char *s, unsigned *width)
{
	if (!s || !strcmp(s, "l")) {
		*width = 4;
	} else if (!strcmp(s, "w")) {
		*width = 2;
	} else if (!strcmp(s, "b")) {
		*width = 1;
	} else {
		printf("error: width '%s' is not b, w or l\n", s);
		return -EINVAL;
	}
	return 0;
}

/* A range [addr, addr+len) that fits below 4 GiB and in @max bytes? */
static int check_range(uint32_t addr, uint32_t len, uint32_t max)
{
	if (len > max) {
		printf("error: length 0x%lx is more than the %lu KiB this command takes\n",
		       (unsigned long)len, (unsigned long)(max >> 10));
		return -E2BIG;
	}
	if (len && len - 1 > UINT32_MAX - addr) {
		printf("error: range wraps past 4 GiB\n");
		return -EINVAL;
	}
	return 0;
}

static void print_md_line(phys_addr_t addr, const uint8_t *bytes, unsigned n)
{
	char a[PHYS_STR_LEN];

	printf("%s: ", phys_str(addr, a) + 2);
	for (unsigned i = 0; i < 16; i++)
		printf(i < n ? "%02x " : "   ", bytes[i]);
	printf(" ");
	for (unsigned i = 0; i < n; i++)
		putchar(bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : '.');
	printf("\n");
}

/* The bytes of one md line, each reached and read under fault_try(). */
static int md_line(phys_addr_t addr, uint8_t *bytes, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct access a = { .width = 1 };
		int err = reach(addr + i, &a.addr);

		if (err)
			return err;
		if (guarded(&a))
			return -EFAULT;
		bytes[i] = (uint8_t)a.value;
	}
	return 0;
}

static int cmd_md(int argc, char **argv)
{
	phys_addr_t addr;
	uint32_t len = 64;
	int err;

	if (shell_parse_phys_arg("address", argv[1], &addr) ||
	    (argc == 3 && shell_parse_arg("length", argv[2], &len)))
		return -EINVAL;
	/* above 4 GiB only the length is judged here: kmap_phys() the rest */
	err = check_range(addr > UINT32_MAX ? 0 : (uint32_t)addr, len, MD_MAX);
	if (err)
		return err;
	for (uint32_t off = 0; off < len; off += 16) {
		uint8_t bytes[16];
		unsigned n = len - off < 16 ? len - off : 16;

		if (shell_ctrl_c()) {
			printf("^C\n");
			return reach_done(-EINTR);
		}
		err = md_line(addr + off, bytes, n);
		if (err)
			return reach_done(err);
		print_md_line(addr + off, bytes, n);
	}
	return reach_done(0);
}
SHELL_CMD(md, "<addr> [len]", "dump memory, hex and ASCII, up to 1M (Ctrl-C stops)", 1, 2, cmd_md);

static int cmd_peek(int argc, char **argv)
{
	struct access a = { 0 };
	phys_addr_t addr;
	int err;

	if (shell_parse_phys_arg("address", argv[1], &addr) ||
	    parse_width(argc == 3 ? argv[2] : NULL, &a.width))
		return -EINVAL;
	err = reach(addr, &a.addr);
	if (!err && allowed(&a))
		err = -EPERM;
	if (!err && guarded(&a))
		err = -EFAULT;
	if (!err)
		printf("0x%0*lx\n", (int)a.width * 2, (unsigned long)a.value);
	return reach_done(err);
}
SHELL_CMD(peek, "<addr> [b|w|l]", "read one byte, halfword or word", 1, 2, cmd_peek);

static int cmd_poke(int argc, char **argv)
{
	struct access a = { .write = true };
	phys_addr_t addr;
	int err;

	if (shell_parse_phys_arg("address", argv[1], &addr) ||
	    shell_parse_arg("value", argv[2], &a.value) ||
	    parse_width(argc == 4 ? argv[3] : NULL, &a.width))
		return -EINVAL;
	if (a.width < 4 && a.value >> (a.width * 8)) {
		printf("error: 0x%lx does not fit in %u byte%s\n", (unsigned long)a.value,
		       a.width, a.width == 1 ? "" : "s");
		return -ERANGE;
	}
	err = reach(addr, &a.addr);
	if (!err && allowed(&a))
		err = -EPERM;
	if (!err)
		err = guarded(&a);
	return reach_done(err);
}
SHELL_CMD(poke, "<addr> <val> [b|w|l]", "write one byte, halfword or word", 2, 3, cmd_poke);

struct cache_op {
	void (*fn)(uintptr_t va, size_t size);
	uintptr_t va;
	size_t size;
};

static void do_cache_op(void *arg)
{
	struct cache_op *op = arg;

	op->fn(op->va, op->size);
}

/*
 * Data cache maintenance by address, to the point of coherency. There is
 * no "invalidate" here: dropping dirty lines of memory the firmware is
 * using (its stack, say) would lose its own data.
 */
static int cmd_cache(int argc, char **argv)
{
	struct cache_op op;
	struct fault_info fi;
	uint32_t addr, len;
	char line[160];
	int err;

	(void)argc;
	if (!strcmp(argv[1], "clean")) {
		op.fn = arch_dcache_clean_range;
	} else if (!strcmp(argv[1], "flush")) {
		op.fn = arch_dcache_clean_inval_range;
	} else {
		printf("error: '%s' is not clean or flush\n", argv[1]);
		return -EINVAL;
	}
	if (shell_parse_arg("address", argv[2], &addr) ||
	    shell_parse_arg("length", argv[3], &len))
		return -EINVAL;
	err = check_range(addr, len, CACHE_OP_MAX);
	if (err)
		return err;
	op.va = addr;
	op.size = len;
	if (fault_try(do_cache_op, &op, &fi)) {
		fault_format(&fi, line, sizeof(line));
		printf("%s\n", line);
		return -EFAULT;
	}
	printf("%s: %lu lines of %lu bytes\n", argv[1],
	       (unsigned long)cache_lines_in_range(addr, len, arch_dcache_line()),
	       (unsigned long)arch_dcache_line());
	return 0;
}
SHELL_CMD(cache, "clean|flush <addr> <len>", "clean (and invalidate) data cache lines", 3, 3, cmd_cache);
