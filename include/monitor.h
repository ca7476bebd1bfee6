/*
 * The interactive monitor on the serial console (src/shell/).
 *
 * Adding a command is one file and one macro, next to the subsystem it
 * serves (the pattern of U-Boot's U_BOOT_CMD and Zephyr's
 * SHELL_CMD_REGISTER):
 *
 *   #include "monitor.h"
 *
 *   static int cmd_hello(int argc, char **argv)
 *   {
 *           printf("hello %s\n", argc > 1 ? argv[1] : "world");
 *           return 0;
 *   }
 *   SHELL_CMD(hello, "[name]", "say hello", 0, 1, cmd_hello);
 *
 * The macro puts a const struct shell_cmd into the linker section
 * .shell_cmds.<name>; linker.ld keeps those sorted by name between
 * __shell_cmds_start and __shell_cmds_end, so `help`, tab completion and
 * dispatch see every command, in alphabetical order, without a central
 * list. The dispatcher has already checked the argument count against
 * min/max (see struct shell_cmd in shell.h) when fn runs; fn prints its own
 * errors ("error: ..." with the reason) and returns 0 or a negative errno.
 * A command that may run for long calls shell_ctrl_c() regularly and stops
 * with -EINTR when it returns true.
 */
#ifndef MONITOR_H
#define MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "shell.h"

#define SHELL_CMD(_name, _args, _summary, _min, _max, _fn)			\
	static const struct shell_cmd shell_cmd_##_name				\
	__attribute__((used, aligned(4), section(".shell_cmds." #_name))) =	\
		{ #_name, _args, _summary, _min, _max, _fn }

/* Print the prompt and serve command lines forever. */
void shell_run(void);

/* Every registered command, sorted by name; *n gets the count. */
const struct shell_cmd *shell_commands(size_t *n);

/*
 * Was Ctrl-C typed? Takes only the Ctrl-C out of the console input: other
 * bytes typed meanwhile stay queued for the line editor.
 */
bool shell_ctrl_c(void);

/* Wait for the next interrupt (a received byte, the tick); returns at once
 * when the console is polled and nothing would wake the CPU. */
void shell_idle(void);

/* shell_parse_u32() that prints "error: <what> '<s>' is not a number ..." on
 * failure. 0 or the parser's negative errno. */
int shell_parse_arg(const char *what, const char *s, uint32_t *v);
/* The same for a physical address (shell_parse_phys(): up to 40 bits). */
int shell_parse_phys_arg(const char *what, const char *s, phys_addr_t *pa);

/* Milliseconds since boot, wrapping at 2^32 (for the line editor's clock). */
uint32_t shell_now_ms(void);

/* Output a command left running in the background (the `timer` command's
 * reports): true if it printed a line, after which the shell redraws the
 * line being edited. */
bool cmd_timer_report(void);

#endif
