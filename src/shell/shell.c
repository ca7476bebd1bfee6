/*
 * The serial console shell: a small monitor over the line editor and parser
 * (lineedit.c, parse.c). Memory commands go through the MMIO accessors inside
 * fault_try(), so a bad address prints the decoded fault and the prompt
 * comes back.
 */
#include <stdio.h>
#include <string.h>
#include "arch.h"
#include "cache_range.h"
#include "board.h"
#include "device.h"
#include "ram.h"
#include "console.h"
#include "exception.h"
#include "io.h"
#include "crc32.h"
#include "ioremap.h"
#include "irq.h"
#include "power.h"
#include "rtc.h"
#include "timer.h"
#include "mmu.h"
#include "monitor.h"
#include "shell.h"

#define MAX_ARGS	8
#define CTRL_C		0x03

static const struct shell_cmd commands[];
static const size_t ncommands;

static void out_console(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

/* Ctrl-C typed while a long command runs? */
static bool interrupted(void)
{
	return console_getc() == CTRL_C;
}

/* Nothing typed: sleep until an interrupt (a received byte or the tick),
 * unless input is polled, in which case nothing would wake us. */
static void idle(void)
{
	uint32_t flags;

	if (!irq_chip())
		return;
	flags = arch_irq_save();
	if (!console_pending())
		arch_wait_for_interrupt();	/* wakes on a pending IRQ even masked */
	arch_irq_restore(flags);
}

static int parse_or_complain(const char *what, const char *s, uint32_t *v)
{
	int err = shell_parse_u32(s, v);

	if (err)
		printf("error: %s '%s' is not a number%s\n", what, s,
		       err == -ERANGE ? " below 4 GiB" : " (decimal, 0x hex, K/M suffix)");
	return err;
}

/* ---- guarded memory access ---- */

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

/* One access under fault_try(); a fault is printed and -EFAULT returned. */
static int guarded(struct access *a)
{
	struct fault_info fi;
	char line[160];

	if (!fault_try(do_access, a, &fi))
		return 0;
	fault_format(&fi, line, sizeof(line));
	printf("%s\n", line);
	mmu_describe(fi.addr, line, sizeof(line));
	printf("mapping: %s\n", line);
	return -EFAULT;
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

/* ---- commands ---- */

static void usage(const struct shell_cmd *c)
{
	printf("usage: %s %s\n", c->name, c->args ? c->args : "");
}

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *c;

	if (argc == 2) {
		c = shell_find(commands, ncommands, argv[1]);
		if (!c) {
			printf("error: no command '%s'\n", argv[1]);
			return -ENOENT;
		}
		usage(c);
		printf("  %s\n", c->summary);
		return 0;
	}
	for (size_t i = 0; i < ncommands; i++)
		printf("  %-9s %-24s %s\n", commands[i].name, commands[i].args, commands[i].summary);
	return 0;
}

static void print_time_info(void)
{
	uint64_t ns = uptime_ns();
	uint32_t now;
	char when[32];

	printf("uptime    %lu.%03lu s\n", (unsigned long)(ns / 1000000000u),
	       (unsigned long)(ns / 1000000u % 1000u));
	if (rtc_read(&now) == 0) {
		rtc_format(now, when, sizeof(when));
		printf("rtc       %s\n", when);
	} else {
		printf("rtc       none\n");
	}
}

static int cmd_info(int argc, char **argv)
{
	extern char __image_start[], __image_end[];
	const struct mmu_ram *ram = mmu_ram();
	const struct image_region *r;
	uint32_t midr = arch_midr();
	size_t n;

	(void)argc, (void)argv;
	printf("board     %s\n", board.name);
	printf("cpu       %s %s, MIDR 0x%08lx (implementer 0x%02lx, variant %lu, part 0x%03lx, revision %lu)\n",
	       arch_name(), arch_cpu_name(midr), (unsigned long)midr,
	       (unsigned long)(midr >> 24), (unsigned long)((midr >> 20) & 0xf),
	       (unsigned long)((midr >> 4) & 0xfff), (unsigned long)(midr & 0xf));
	printf("ram       0x%08lx-0x%08lx, %lu MiB mapped (%s; %lu MiB reported)\n",
	       (unsigned long)ram->base, (unsigned long)(ram->base + ram->size - 1),
	       (unsigned long)(ram->size >> 20), device_source_name(ram_info()->source),
	       (unsigned long)(ram_info()->size >> 20));
	printf("image     0x%08lx-0x%08lx\n", (unsigned long)__image_start,
	       (unsigned long)__image_end - 1);
	r = mmu_image_regions(&n);
	for (size_t i = 0; i < n; i++)
		printf("  %-10s 0x%08lx-0x%08lx %6lu KiB\n", r[i].name, (unsigned long)r[i].start,
		       (unsigned long)r[i].end - 1, (unsigned long)((r[i].end - r[i].start) >> 10));
	printf("tables    %s, %lu bytes in use\n", arch_pt_format()->name,
	       (unsigned long)mmu_table_bytes());
	print_time_info();
	printf("io window 0x%08lx-0x%08lx, %u mappings\n", (unsigned long)board.io_window_base,
	       (unsigned long)(board.io_window_base + board.io_window_size - 1), ioremap_count());
	device_print_info();
	return 0;
}

static void print_pte(const char *level, const struct pte_info *e)
{
	static const char *const kinds[] = {
		[PTE_FAULT] = "fault", [PTE_SECTION] = "section", [PTE_TABLE] = "table",
		[PTE_PAGE] = "small page", [PTE_OTHER] = "other (not written by this firmware)",
	};
	char prot[5];

	printf("  %s descriptor 0x%08lx: %s", level, (unsigned long)e->raw, kinds[e->kind]);
	if (e->kind == PTE_TABLE)
		printf(", L2 table at pa 0x%08lx, domain %u", (unsigned long)e->pa, e->domain);
	if (e->kind == PTE_SECTION || e->kind == PTE_PAGE) {
		prot_str(e->attrs.prot, prot);
		printf(", pa 0x%08lx, %s, %s, %s%s", (unsigned long)e->pa,
		       mem_type_name(e->attrs.type), prot,
		       e->shareable ? "shareable" : "non-shareable",
		       (e->attrs.prot & PROT_X) ? "" : ", execute-never");
	}
	printf("\n");
}

static int cmd_pt(int argc, char **argv)
{
	struct pt_walk w;
	uint32_t va;

	if (argc == 1) {
		mmu_dump();
		printf("%lu bytes of tables in use\n", (unsigned long)mmu_table_bytes());
		return 0;
	}
	if (parse_or_complain("address", argv[1], &va))
		return -EINVAL;
	pt_walk(mmu_pgtable(), va, &w);
	printf("walk of 0x%08lx:\n", (unsigned long)va);
	print_pte("L1", &w.l1);
	if (w.l1.kind == PTE_TABLE)
		print_pte("L2", &w.l2);
	if (w.mapped)
		printf("  -> pa 0x%08lx\n", (unsigned long)w.pa);
	else
		printf("  -> unmapped: an access faults\n");
	return 0;
}

static int print_iomap(void *ctx, const struct ioremap_entry *e)
{
	(void)ctx;
	printf("  0x%08lx-0x%08lx  pa 0x%08lx  %7lu KiB  %-16s %s\n", (unsigned long)e->va,
	       (unsigned long)(e->va + e->size - 1), (unsigned long)e->phys,
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

static int cmd_ioremap(int argc, char **argv)
{
	uint32_t phys, size;
	unsigned type = MT_DEVICE;
	void __iomem *p;

	if (parse_or_complain("physical address", argv[1], &phys) ||
	    parse_or_complain("size", argv[2], &size))
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
	p = ioremap_caller(phys, size, type, "shell");
	if (!p)
		return ioremap_last_error();
	printf("0x%08lx\n", (unsigned long)(uintptr_t)(__force void *)p);
	return 0;
}

static int cmd_iounmap(int argc, char **argv)
{
	uint32_t va;

	(void)argc;
	if (parse_or_complain("address", argv[1], &va))
		return -EINVAL;
	iounmap((void __iomem __force *)(uintptr_t)va);
	return 0;
}

static int cmd_md(int argc, char **argv)
{
	uint32_t addr, len = 64;

	if (parse_or_complain("address", argv[1], &addr) ||
	    (argc == 3 && parse_or_complain("length", argv[2], &len)))
		return -EINVAL;
	if (len > UINT32_MAX - addr + 1 && addr) {
		printf("error: range wraps past 4 GiB\n");
		return -EINVAL;
	}
	for (uint32_t off = 0; off < len; off += 16) {
		uint8_t bytes[16];
		unsigned n = len - off < 16 ? len - off : 16;

		if (interrupted()) {
			printf("^C\n");
			return -EINTR;
		}
		for (unsigned i = 0; i < n; i++) {
			struct access a = { .addr = addr + off + i, .width = 1 };

			if (guarded(&a))
				return -EFAULT;
			bytes[i] = (uint8_t)a.value;
		}
		printf("%08lx: ", (unsigned long)(addr + off));
		for (unsigned i = 0; i < 16; i++)
			printf(i < n ? "%02x " : "   ", bytes[i]);
		printf(" ");
		for (unsigned i = 0; i < n; i++)
			putchar(bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : '.');
		printf("\n");
	}
	return 0;
}

static int cmd_peek(int argc, char **argv)
{
	struct access a = { 0 };
	uint32_t addr;

	if (parse_or_complain("address", argv[1], &addr) ||
	    parse_width(argc == 3 ? argv[2] : NULL, &a.width))
		return -EINVAL;
	a.addr = addr;
	if (guarded(&a))
		return -EFAULT;
	printf("0x%0*lx\n", (int)a.width * 2, (unsigned long)a.value);
	return 0;
}

static int cmd_poke(int argc, char **argv)
{
	struct access a = { .write = true };
	uint32_t addr;

	if (parse_or_complain("address", argv[1], &addr) ||
	    parse_or_complain("value", argv[2], &a.value) ||
	    parse_width(argc == 4 ? argv[3] : NULL, &a.width))
		return -EINVAL;
	if (a.width < 4 && a.value >> (a.width * 8)) {
		printf("error: 0x%lx does not fit in %u byte%s\n", (unsigned long)a.value,
		       a.width, a.width == 1 ? "" : "s");
		return -ERANGE;
	}
	a.addr = addr;
	return guarded(&a);
}

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

	(void)argc;
	if (!strcmp(argv[1], "clean")) {
		op.fn = arch_dcache_clean_range;
	} else if (!strcmp(argv[1], "flush")) {
		op.fn = arch_dcache_clean_inval_range;
	} else {
		printf("error: '%s' is not clean or flush\n", argv[1]);
		return -EINVAL;
	}
	if (parse_or_complain("address", argv[2], &addr) ||
	    parse_or_complain("length", argv[3], &len))
		return -EINVAL;
	if (len && len - 1 > UINT32_MAX - addr) {
		printf("error: range wraps past 4 GiB\n");
		return -EINVAL;
	}
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

static int cmd_clear(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("\033[H\033[2J");
	return 0;
}

static int cmd_uptime(int argc, char **argv)
{
	uint64_t ns = uptime_ns();

	(void)argc, (void)argv;
	printf("up %lu.%03lu s, %lu ticks at %lu Hz\n", (unsigned long)(ns / 1000000000u),
	       (unsigned long)(ns / 1000000u % 1000u), (unsigned long)ticks(),
	       (unsigned long)tick_hz());
	return 0;
}

/* Sleep in slices so Ctrl-C can cut it short. */
static int cmd_sleep(int argc, char **argv)
{
	uint32_t ms;

	(void)argc;
	if (parse_or_complain("milliseconds", argv[1], &ms))
		return -EINVAL;
	while (ms) {
		uint32_t slice = ms < 50 ? ms : 50;

		if (interrupted()) {
			printf("^C\n");
			return -EINTR;
		}
		sleep_ms(slice);
		ms -= slice;
	}
	return 0;
}

static int cmd_irq(int argc, char **argv)
{
	const struct irq_chip *chip = irq_chip();

	(void)argc, (void)argv;
	if (!chip) {
		printf("no interrupt controller\n");
		return -ENODEV;
	}
	printf("controller %s, %u interrupts\n", chip->name, chip->nr_irqs);
	for (unsigned i = 0; i < chip->nr_irqs; i++)
		if (irq_count(i) || irq_name(i))
			printf("  %4u  %-10s %10lu\n", i, irq_name(i) ? irq_name(i) : "(none)",
			       (unsigned long)irq_count(i));
	printf("  spurious %lu, unhandled %lu, console input dropped %lu\n",
	       (unsigned long)irq_spurious_count(), (unsigned long)irq_unhandled_count(),
	       (unsigned long)console_rx_dropped());
	return 0;
}

/* `timer start <ms>`: a periodic software timer whose callback (in the
 * tick interrupt) only counts; the shell prints the count when idle. */
static struct soft_timer demo_timer = { .slot = -1 };
static uint32_t demo_period_ms;
static volatile uint32_t demo_fired;
static uint32_t demo_reported;

static void demo_timer_fn(struct soft_timer *t, void *ctx)
{
	(void)ctx;
	demo_fired++;
	timer_start(t, (uint64_t)demo_period_ms * 1000000u, demo_timer_fn, NULL);
}

static int cmd_timer(int argc, char **argv)
{
	if (!strcmp(argv[1], "stop") && argc == 2) {
		if (timer_cancel(&demo_timer)) {
			printf("error: no timer running\n");
			return -ENOENT;
		}
		printf("timer stopped after %lu callbacks\n", (unsigned long)demo_fired);
		return 0;
	}
	if (strcmp(argv[1], "start") || argc != 3) {
		printf("error: say 'timer start <ms>' or 'timer stop'\n");
		return -EINVAL;
	}
	if (parse_or_complain("period", argv[2], &demo_period_ms))
		return -EINVAL;
	if (demo_period_ms < 10) {
		printf("error: period below 10 ms\n");
		return -EINVAL;
	}
	timer_cancel(&demo_timer);
	demo_fired = demo_reported = 0;
	return timer_start(&demo_timer, (uint64_t)demo_period_ms * 1000000u, demo_timer_fn, NULL);
}

/* Print what the demo timer did since the last report, above the prompt. */
static void report_timer(struct lineedit *le)
{
	uint32_t fired = demo_fired;

	if (fired == demo_reported)
		return;
	demo_reported = fired;
	printf("\rtimer: callback %lu at %lu ms\n", (unsigned long)fired,
	       (unsigned long)(uptime_ns() / 1000000u));
	printf("%s%s", le->prompt, le->buf);
}

#define RX_TIMEOUT_NS	(10ull * 1000000000u)

/* Raw receive: no line editing, so any byte value passes. */
static int cmd_rx(int argc, char **argv)
{
	uint32_t len, got = 0, crc = 0, dropped = console_rx_dropped();
	uint64_t last = uptime_ns();

	(void)argc;
	if (parse_or_complain("length", argv[1], &len))
		return -EINVAL;
	printf("rx: send %lu bytes\n", (unsigned long)len);
	while (got < len) {
		int c = console_getc();

		if (c < 0) {
			if (uptime_ns() - last > RX_TIMEOUT_NS) {
				printf("rx: timed out after %lu bytes\n", (unsigned long)got);
				return -ETIMEDOUT;
			}
			idle();
			continue;
		}
		uint8_t byte = (uint8_t)c;

		crc = crc32_update(crc, &byte, 1);
		got++;
		last = uptime_ns();
	}
	printf("rx: %lu bytes, crc32 0x%08lx, dropped %lu\n", (unsigned long)got,
	       (unsigned long)crc, (unsigned long)(console_rx_dropped() - dropped));
	return 0;
}

static int cmd_poweroff(int argc, char **argv)
{
	int err;

	(void)argc, (void)argv;
	err = power_off();
	printf("poweroff: %s; halting instead (leave QEMU with Ctrl-A x)\n",
	       err == -ENOSYS ? "this board has no power control" : "refused");
	system_halt(0);
}

static int cmd_reset(int argc, char **argv)
{
	int err;

	(void)argc, (void)argv;
	err = power_reset();
	printf("reset: %s\n", err == -ENOSYS ? "this board has no reset control" : "refused");
	return err;
}

static const struct shell_cmd commands[] = {
	{ "help",    "[command]",              "list commands, or explain one", 0, 1, cmd_help },
	{ "info",    "",                       "board, CPU, RAM, image layout, tables, time, devices", 0, 0, cmd_info },
	{ "fdt",     "[path]",                 "print the device tree, or one node and its subtree", 0, 1, cmd_fdt },
	{ "pt",      "[va]",                   "live translation tables, or the walk of one address", 0, 1, cmd_pt },
	{ "iomap",   "",                       "live ioremap() mappings", 0, 0, cmd_iomap },
	{ "ioremap", "<phys> <size> [dev|so|wc]", "map device memory; prints the address", 2, 3, cmd_ioremap },
	{ "iounmap", "<va>",                   "undo an ioremap", 1, 1, cmd_iounmap },
	{ "md",      "<addr> [len]",           "dump memory, hex and ASCII (Ctrl-C stops)", 1, 2, cmd_md },
	{ "peek",    "<addr> [b|w|l]",         "read one byte, halfword or word", 1, 2, cmd_peek },
	{ "poke",    "<addr> <val> [b|w|l]",   "write one byte, halfword or word", 2, 3, cmd_poke },
	{ "uptime",  "",                       "time since boot and tick count", 0, 0, cmd_uptime },
	{ "sleep",   "<ms>",                   "sleep in WFI (Ctrl-C stops)", 1, 1, cmd_sleep },
	{ "irq",     "",                       "interrupt counters per source", 0, 0, cmd_irq },
	{ "timer",   "start <ms> | stop",      "a periodic software timer that reports", 1, 2, cmd_timer },
	{ "rx",      "<len>",                  "receive len raw bytes; print their CRC-32", 1, 1, cmd_rx },
	{ "cache",   "clean|flush <addr> <len>", "clean (and invalidate) data cache lines", 3, 3, cmd_cache },
	{ "clear",   "",                       "clear the screen", 0, 0, cmd_clear },
	{ "reset",   "",                       "restart the machine", 0, 0, cmd_reset },
	{ "poweroff", "",                      "power off (QEMU exits)", 0, 0, cmd_poweroff },
};
static const size_t ncommands = ARRAY_SIZE(commands);

static void run_line(char *line)
{
	char *argv[MAX_ARGS];
	const struct shell_cmd *c;
	int argc = shell_tokenize(line, argv, MAX_ARGS);

	if (argc == -E2BIG) {
		printf("error: more than %d words\n", MAX_ARGS);
		return;
	}
	if (argc < 0) {
		printf("error: unterminated quote\n");
		return;
	}
	if (argc == 0)
		return;
	c = shell_find(commands, ncommands, argv[0]);
	if (!c) {
		printf("error: unknown command '%s'; try 'help'\n", argv[0]);
		return;
	}
	if (shell_check_args(c, argc)) {
		printf("error: %s arguments\n", argc - 1 < c->min_args ? "missing" : "too many");
		usage(c);
		return;
	}
	c->fn(argc, argv);
}

void shell_run(void)
{
	static struct lineedit le;

	le_init(&le, "> ", out_console, NULL, commands, ncommands);
	le_start(&le);
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			idle();
			report_timer(&le);
			continue;
		}
		switch (le_feed(&le, (uint8_t)c)) {
		case LE_PENDING:
			continue;
		case LE_LINE:
			run_line(le_line(&le));
			break;
		case LE_TOOLONG:
			printf("error: line too long (at most %d characters)\n", SHELL_LINE_MAX - 1);
			break;
		case LE_CANCEL:
			break;
		}
		le_start(&le);
	}
}
