/*
 * The serial console shell: dispatch only. Commands register themselves
 * with SHELL_CMD() in the cmd_*.c file of what they serve (see monitor.h);
 * the line editor and parser (lineedit.c, parse.c) are pure.
 */
#include <stdio.h>
#include "arch.h"
#include "console.h"
#include "irq.h"
#include "monitor.h"
#include "shell.h"
#include "timer.h"

#define MAX_ARGS	8
#define CTRL_C		0x03

extern const struct shell_cmd __shell_cmds_start[], __shell_cmds_end[];

const struct shell_cmd *shell_commands(size_t *n)
{
	*n = (size_t)(__shell_cmds_end - __shell_cmds_start);
	return __shell_cmds_start;
}

static void out_console(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

bool shell_ctrl_c(void)
{
	return console_take(CTRL_C);
}

void shell_idle(void)
{
	uint32_t flags;

	if (!irq_chip())
		return;
	flags = arch_irq_save();
	if (!console_pending())
		arch_wait_for_interrupt();	/* wakes on a pending IRQ even masked */
	arch_irq_restore(flags);
}

uint32_t shell_now_ms(void)
{
	return (uint32_t)(uptime_ns() / 1000000u);
}

int shell_parse_arg(const char *what, const char *s, uint32_t *v)
{
	int err = shell_parse_u32(s, v);

	if (err)
		printf("error: %s '%s' is not a number%s\n", what, s,
		       err == -ERANGE ? " below 4 GiB" : " (decimal, 0x hex, K/M suffix)");
	return err;
}

int shell_parse_phys_arg(const char *what, const char *s, phys_addr_t *pa)
{
	int err = shell_parse_phys(s, pa);

	if (err)
		printf("error: %s '%s' is not a number%s\n", what, s,
		       err == -ERANGE ? " below 1 TiB (40-bit physical addresses)"
				      : " (decimal, 0x hex, K/M suffix)");
	return err;
}

static void usage(const struct shell_cmd *c)
{
	printf("usage: %s %s\n", c->name, c->args ? c->args : "");
}

static int cmd_help(int argc, char **argv)
{
	size_t n;
	const struct shell_cmd *cmds = shell_commands(&n), *c;

	if (argc == 2) {
		c = shell_find(cmds, n, argv[1]);
		if (!c) {
			printf("error: no command '%s'\n", argv[1]);
			return -ENOENT;
		}
		usage(c);
		printf("  %s\n", c->summary);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("  %-9s %-24s %s\n", cmds[i].name, cmds[i].args, cmds[i].summary);
	return 0;
}
SHELL_CMD(help, "[command]", "list commands, or explain one", 0, 1, cmd_help);

static void run_line(char *line)
{
	char *argv[MAX_ARGS];
	size_t n;
	const struct shell_cmd *cmds = shell_commands(&n), *c;
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
	c = shell_find(cmds, n, argv[0]);
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

/* Nothing typed: let time pass for the editor (an ESC on its own times
 * out) and show what background commands did, above the line. */
static void idle_turn(struct lineedit *le)
{
	shell_idle();
	le_clock(le, shell_now_ms());
	if (cmd_timer_report())
		le_redraw(le);
}

void shell_run(void)
{
	static struct lineedit le __noinit;	/* le_init() sets all of it */
	size_t n;
	const struct shell_cmd *cmds = shell_commands(&n);

	le_init(&le, "> ", out_console, NULL, cmds, n);
	le_clock(&le, shell_now_ms());
	le_start(&le);
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			idle_turn(&le);
			continue;
		}
		le_clock(&le, shell_now_ms());
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
