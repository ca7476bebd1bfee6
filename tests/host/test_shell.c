/*
 * Host tests for the shell's pure part: line editor (with the key decoder),
 * tokenizer, number parser, command table, the peek/poke access policy
 * (against tables built in host buffers) and rx's stop rule. The editor's
 * output is captured byte for byte and compared exactly, since that is what
 * the terminal sees.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "shell.h"
#include "pt_short.h"

#define CTRL_C	"\x03"
#define BS	"\x08"
#define TAB	"\x09"
#define CTRL_U	"\x15"
#define ESC	"\x1b"
#define DEL	"\x7f"
#define UP	ESC "[A"
#define DOWN	ESC "[B"
#define LEFT	ESC "[D"
#define RIGHT	ESC "[C"
#define HOME	ESC "[H"
#define END	ESC "[F"
#define DELETE	ESC "[3~"
#define BELL	"\a"
#define RUBOUT	"\b \b"		/* what erasing one character prints */
#define PROMPT	"> "

/* ---- fixtures ------------------------------------------------------------------ */

static int cmd_stub(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static const struct shell_cmd cmds[] = {
	{ "help",    "[cmd]",          "list commands",       0, 1,  cmd_stub },
	{ "hexdump", "<addr> [len]",   "dump memory",         1, 2,  cmd_stub },
	{ "peek",    "<addr>",         "read a word",         1, 1,  cmd_stub },
	{ "poke",    "<addr> <value>", "write a word",        2, 2,  cmd_stub },
	{ "mem",     "",               "memory map",          0, 0,  cmd_stub },
	{ "memtest", "<addr> <len>",   "test memory",         2, 2,  cmd_stub },
	{ NULL,      "",               "hidden (no name)",    0, 0,  cmd_stub },
	{ "reset",   "",               "reboot",              0, 0,  cmd_stub },
	{ "echo",    "[words...]",     "print the arguments", 0, -1, cmd_stub },
};

static struct lineedit le;
static int out_ctx_marker;

/* Everything the editor printed since the last check. */
static char out[8192];
static size_t out_len;

static void capture(void *ctx, const char *s, size_t n)
{
	assert_ptr_equal(ctx, &out_ctx_marker);
	assert_true(n > 0);
	assert_true(n < sizeof(out) - out_len);
	memcpy(out + out_len, s, n);
	out_len += n;
	out[out_len] = '\0';
}

static void out_reset(void)
{
	out_len = 0;
	out[0] = '\0';
}

/* Compare the captured output with @s, then forget it. */
#define EXPECT_OUTPUT(s) do {				\
		assert_string_equal(out, (s));		\
		out_reset();				\
	} while (0)

static int setup_editor(void **state)
{
	(void)state;
	le_init(&le, PROMPT, capture, &out_ctx_marker, cmds, ARRAY_SIZE(cmds));
	out_reset();
	le_start(&le);
	assert_string_equal(out, PROMPT);
	out_reset();
	return 0;
}

/* Feed @n bytes; every byte but the last must leave the line pending. */
static enum le_result feed_bytes(const char *s, size_t n)
{
	enum le_result r = LE_PENDING;
	size_t i;

	for (i = 0; i < n; i++) {
		assert_int_equal(r, LE_PENDING);
		r = le_feed(&le, (uint8_t)s[i]);
		assert_true(le.len < SHELL_LINE_MAX);
		assert_int_equal(strlen(le.buf), le.len);
	}
	return r;
}

static enum le_result feed(const char *s)
{
	return feed_bytes(s, strlen(s));
}

/* Type @s and Enter, check it comes back, start the next line, clear output. */
static void enter_line(const char *s)
{
	assert_int_equal(feed(s), LE_PENDING);
	assert_int_equal(feed("\r"), LE_LINE);
	assert_string_equal(le_line(&le), s);
	le_start(&le);
	out_reset();
}

/* Expected-output builder, for outputs with repeated parts. */
static char want[8192];

static void want_reset(void)
{
	want[0] = '\0';
}

static void want_add(const char *s)
{
	assert_true(strlen(want) + strlen(s) < sizeof(want));
	strcat(want, s);
}

static void want_repeat(const char *s, size_t times)
{
	while (times--)
		want_add(s);
}

/* A string of @n copies of @c, in a static buffer. */
static const char *repeat_char(char c, size_t n)
{
	static char buf[1024];

	assert_true(n < sizeof(buf));
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* ---- basic editing ------------------------------------------------------------- */

static void test_prompt_and_echo(void **state)
{
	(void)state;
	assert_int_equal(feed("peek 0x10"), LE_PENDING);
	EXPECT_OUTPUT("peek 0x10");
	assert_string_equal(le_line(&le), "peek 0x10");
	assert_int_equal(feed("\r"), LE_LINE);
	EXPECT_OUTPUT("\r\n");
	assert_string_equal(le_line(&le), "peek 0x10");

	le_start(&le);
	EXPECT_OUTPUT(PROMPT);
	assert_string_equal(le_line(&le), "");
}

static void test_every_printable_is_stored(void **state)
{
	char all[0x7f - 0x20 + 1];
	int c;

	(void)state;
	for (c = 0x20; c < 0x7f; c++)
		all[c - 0x20] = (char)c;
	all[sizeof(all) - 1] = '\0';
	assert_int_equal(feed(all), LE_PENDING);
	EXPECT_OUTPUT(all);
	assert_int_equal(feed("\n"), LE_LINE);
	assert_string_equal(le_line(&le), all);
}

static void test_backspace_at_start_does_nothing(void **state)
{
	(void)state;
	assert_int_equal(feed(BS DEL BS), LE_PENDING);
	EXPECT_OUTPUT("");
	assert_int_equal(feed("\r"), LE_LINE);
	assert_string_equal(le_line(&le), "");
}

static void test_backspace_and_del_erase_last(void **state)
{
	(void)state;
	assert_int_equal(feed("abc" BS), LE_PENDING);
	EXPECT_OUTPUT("abc" RUBOUT);
	assert_string_equal(le_line(&le), "ab");
	assert_int_equal(feed(DEL), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT);
	assert_int_equal(feed("x" DEL DEL DEL "yz"), LE_PENDING);
	/* the third DEL finds the line empty */
	EXPECT_OUTPUT("x" RUBOUT RUBOUT "yz");
	assert_int_equal(feed("\r"), LE_LINE);
	assert_string_equal(le_line(&le), "yz");
}

static void test_ctrl_u_kills_line(void **state)
{
	(void)state;
	assert_int_equal(feed(CTRL_U), LE_PENDING);
	EXPECT_OUTPUT("");
	assert_int_equal(feed("hello" CTRL_U), LE_PENDING);
	EXPECT_OUTPUT("hello" RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT);
	assert_string_equal(le_line(&le), "");
	assert_int_equal(feed("hi\r"), LE_LINE);
	EXPECT_OUTPUT("hi\r\n");
	assert_string_equal(le_line(&le), "hi");
}

static void test_ctrl_c_cancels(void **state)
{
	(void)state;
	assert_int_equal(feed("abc" CTRL_C), LE_CANCEL);
	EXPECT_OUTPUT("abc^C\r\n");
	assert_string_equal(le_line(&le), "");

	le_start(&le);
	EXPECT_OUTPUT(PROMPT);
	/* a cancelled line is not history */
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	assert_int_equal(feed("ok\r"), LE_LINE);
	assert_string_equal(le_line(&le), "ok");

	le_start(&le);
	out_reset();
	assert_int_equal(feed(CTRL_C), LE_CANCEL);
	EXPECT_OUTPUT("^C\r\n");
}

static void test_other_controls_and_8bit_ignored(void **state)
{
	static const char junk[] = "\x01\x02\x04\x05\x06\x07\x0b\x0c\x0e\x0f\x10\x11\x12"
				   "\x13\x14\x16\x17\x18\x19\x1a\x1c\x1d\x1e\x1f"
				   "\x80\xc3\xa9\xff\x9b";

	(void)state;
	assert_int_equal(feed("a"), LE_PENDING);
	assert_int_equal(feed_bytes(junk, sizeof(junk) - 1), LE_PENDING);
	assert_int_equal(feed("b\r"), LE_LINE);
	EXPECT_OUTPUT("ab\r\n");
	assert_string_equal(le_line(&le), "ab");
}

static void test_null_output_and_no_start(void **state)
{
	(void)state;
	/* no callback: nothing printed, nothing breaks */
	le_init(&le, NULL, NULL, NULL, cmds, ARRAY_SIZE(cmds));
	assert_int_equal(feed("he" TAB TAB "lp" UP BS "\r"), LE_LINE);
	assert_string_equal(le_line(&le), "hel");

	/* no le_start() after le_init(): the first byte starts the line */
	le_init(&le, PROMPT, capture, &out_ctx_marker, NULL, 0);
	out_reset();
	assert_int_equal(feed("x" TAB), LE_PENDING);
	EXPECT_OUTPUT(PROMPT "x" BELL);
}

static void test_feed_after_result_starts_new_line(void **state)
{
	(void)state;
	assert_int_equal(feed("a\r"), LE_LINE);
	out_reset();
	/* the caller forgot le_start(): the prompt still comes first */
	assert_int_equal(feed("b"), LE_PENDING);
	EXPECT_OUTPUT(PROMPT "b");
	assert_int_equal(feed(CTRL_C), LE_CANCEL);
	out_reset();
	assert_int_equal(feed("\r"), LE_LINE);
	EXPECT_OUTPUT(PROMPT "\r\n");
}

/* ---- Enter ----------------------------------------------------------------------- */

static void test_enter_cr(void **state)
{
	(void)state;
	assert_int_equal(feed("a\r"), LE_LINE);
	EXPECT_OUTPUT("a\r\n");
	assert_string_equal(le_line(&le), "a");
}

static void test_enter_lf(void **state)
{
	(void)state;
	assert_int_equal(feed("a\n"), LE_LINE);
	EXPECT_OUTPUT("a\r\n");
	assert_string_equal(le_line(&le), "a");
}

static void test_enter_crlf_is_one(void **state)
{
	(void)state;
	assert_int_equal(feed("a\r"), LE_LINE);
	le_start(&le);
	out_reset();
	/* the LF arrives after the caller already printed the next prompt */
	assert_int_equal(feed("\n"), LE_PENDING);
	EXPECT_OUTPUT("");
	assert_int_equal(feed("b\r"), LE_LINE);
	assert_string_equal(le_line(&le), "b");

	/* and when it arrives before le_start(), nothing is printed either */
	assert_int_equal(feed("\n"), LE_PENDING);
	EXPECT_OUTPUT("b\r\n");
	le_start(&le);
	assert_int_equal(feed("c\r"), LE_LINE);
	EXPECT_OUTPUT(PROMPT "c\r\n");
}

static void test_enter_lfcr_is_one(void **state)
{
	(void)state;
	assert_int_equal(feed("a\n"), LE_LINE);
	le_start(&le);
	out_reset();
	assert_int_equal(feed("\r"), LE_PENDING);
	EXPECT_OUTPUT("");
	assert_int_equal(feed("b\n"), LE_LINE);
	assert_string_equal(le_line(&le), "b");
}

static void test_enter_pairs_only_swallow_next_byte(void **state)
{
	(void)state;
	/* CR CR and LF LF are two Enters */
	assert_int_equal(feed("\r"), LE_LINE);
	le_start(&le);
	assert_int_equal(feed("\r"), LE_LINE);
	le_start(&le);
	assert_int_equal(feed("\n"), LE_PENDING);	/* the LF of the last CR */
	assert_int_equal(feed("\n"), LE_LINE);
	le_start(&le);
	assert_int_equal(feed("\n"), LE_LINE);

	/* CR LF CR LF is two Enters, not three */
	setup_editor(NULL);
	assert_int_equal(feed("\r"), LE_LINE);
	le_start(&le);
	assert_int_equal(feed("\n"), LE_PENDING);
	assert_int_equal(feed("\r"), LE_LINE);
	le_start(&le);
	assert_int_equal(feed("\n"), LE_PENDING);
	EXPECT_OUTPUT("\r\n" PROMPT "\r\n" PROMPT);

	/* an LF after other input is an Enter again */
	assert_int_equal(feed("a\r"), LE_LINE);
	le_start(&le);
	assert_int_equal(feed("x\n"), LE_LINE);
	assert_string_equal(le_line(&le), "x");
}

/* ---- history --------------------------------------------------------------------- */

static void test_history_up_down(void **state)
{
	(void)state;
	enter_line("one");
	enter_line("two");
	enter_line("three");

	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT("three");
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT "two");
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT "one");
	/* past the oldest */
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	assert_string_equal(le_line(&le), "one");

	assert_int_equal(feed(DOWN), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT "two");
	assert_int_equal(feed(DOWN), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT "three");
	assert_int_equal(feed(DOWN), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT);
	assert_string_equal(le_line(&le), "");
	/* past the newest */
	assert_int_equal(feed(DOWN), LE_PENDING);
	EXPECT_OUTPUT(BELL);

	assert_int_equal(feed(UP UP "\r"), LE_LINE);
	assert_string_equal(le_line(&le), "two");
}

static void test_history_empty(void **state)
{
	(void)state;
	assert_int_equal(feed(UP DOWN), LE_PENDING);
	EXPECT_OUTPUT(BELL BELL);
	assert_int_equal(feed("\r"), LE_LINE);
	assert_string_equal(le_line(&le), "");
}

static void test_history_keeps_new_line(void **state)
{
	(void)state;
	enter_line("peek 0");
	assert_int_equal(feed("pa" UP), LE_PENDING);
	EXPECT_OUTPUT("pa" RUBOUT RUBOUT "peek 0");
	assert_int_equal(feed(DOWN), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT "pa");
	assert_int_equal(feed("r\r"), LE_LINE);
	assert_string_equal(le_line(&le), "par");
}

static void test_history_drops_oldest(void **state)
{
	char line[16];
	int i;

	(void)state;
	for (i = 0; i <= SHELL_HISTORY; i++) {		/* 17 lines */
		snprintf(line, sizeof(line), "cmd%d", i);
		enter_line(line);
	}
	for (i = 0; i < SHELL_HISTORY; i++)
		assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "cmd1");
	out_reset();
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	assert_string_equal(le_line(&le), "cmd1");

	for (i = 0; i < SHELL_HISTORY - 1; i++)
		assert_int_equal(feed(DOWN), LE_PENDING);
	assert_string_equal(le_line(&le), "cmd16");
	assert_int_equal(feed(DOWN), LE_PENDING);
	assert_string_equal(le_line(&le), "");
}

/* Full-length lines (SHELL_LINE_MAX - 1 characters and the NUL) fill their
 * history slots exactly: writing one, the wrap included, leaves the next
 * slot's line alone. */
static void test_history_full_length_lines(void **state)
{
	int i;

	(void)state;
	for (i = 0; i <= SHELL_HISTORY; i++)
		enter_line(repeat_char((char)('a' + i), SHELL_LINE_MAX - 1));
	for (i = SHELL_HISTORY; i >= 1; i--) {
		assert_int_equal(feed(UP), LE_PENDING);
		assert_string_equal(le_line(&le), repeat_char((char)('a' + i), SHELL_LINE_MAX - 1));
	}
}

static void test_history_wraps_many_times(void **state)
{
	char line[16];
	int i;

	(void)state;
	for (i = 0; i < 5 * SHELL_HISTORY + 3; i++) {
		snprintf(line, sizeof(line), "l%d", i);
		enter_line(line);
	}
	for (i = 5 * SHELL_HISTORY + 2; i >= 4 * SHELL_HISTORY + 3; i--) {
		snprintf(line, sizeof(line), "l%d", i);
		assert_int_equal(feed(UP), LE_PENDING);
		assert_string_equal(le_line(&le), line);
	}
	out_reset();
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT(BELL);
}

static void test_history_skips_empty_and_repeats(void **state)
{
	(void)state;
	enter_line("a");
	enter_line("a");
	enter_line("");
	enter_line("   ");
	enter_line("b");
	enter_line("a");
	enter_line("a");

	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "a");
	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "b");
	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "a");
	out_reset();
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT(BELL);
}

static void test_history_edit_recalled_line(void **state)
{
	(void)state;
	enter_line("ls");
	enter_line("pwd");

	assert_int_equal(feed(UP UP), LE_PENDING);
	assert_string_equal(le_line(&le), "ls");
	out_reset();
	assert_int_equal(feed("x" BS BS "s -l"), LE_PENDING);
	EXPECT_OUTPUT("x" RUBOUT RUBOUT "s -l");
	assert_string_equal(le_line(&le), "ls -l");

	/* moving off drops the edit; the entry itself is unchanged */
	assert_int_equal(feed(DOWN), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT "pwd");
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT "ls");

	assert_int_equal(feed(" -a\r"), LE_LINE);
	assert_string_equal(le_line(&le), "ls -a");
	le_start(&le);
	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "ls -a");
	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "pwd");
	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "ls");
}

static void test_history_ctrl_u_and_enter_on_recalled(void **state)
{
	(void)state;
	enter_line("mem");
	assert_int_equal(feed(UP CTRL_U "reset"), LE_PENDING);
	EXPECT_OUTPUT("mem" RUBOUT RUBOUT RUBOUT "reset");
	/* Down from a recalled line returns to the (empty) new line */
	assert_int_equal(feed(DOWN), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT);
	/* a recalled line entered unchanged is a repeat: not stored again */
	assert_int_equal(feed(UP "\r"), LE_LINE);
	assert_string_equal(le_line(&le), "mem");
	le_start(&le);
	assert_int_equal(feed(UP UP), LE_PENDING);
	assert_string_equal(le_line(&le), "mem");
}

static void test_history_ss3_arrows(void **state)
{
	(void)state;
	enter_line("one");
	enter_line("two");
	assert_int_equal(feed(ESC "OA"), LE_PENDING);
	EXPECT_OUTPUT("two");
	assert_int_equal(feed(ESC "OA"), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT "one");
	assert_int_equal(feed(ESC "OB"), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT "two");
	assert_int_equal(feed(ESC "OB"), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT);
}

static void test_history_browse_restarts_each_line(void **state)
{
	(void)state;
	enter_line("one");
	/* browse, then abandon the line: the next line starts at the newest again */
	assert_int_equal(feed(UP CTRL_C), LE_CANCEL);
	le_start(&le);
	out_reset();
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT("one");
}

/* ---- escape sequences -------------------------------------------------------------- */

/* ---- in-line editing ---------------------------------------------------------------- */

static void test_left_then_insert_redraws_the_tail(void **state)
{
	(void)state;
	assert_int_equal(feed("ac" LEFT "b"), LE_PENDING);
	/* step left, then the new character and the tail, and back over the tail */
	EXPECT_OUTPUT("ac" "\b" "bc\b");
	assert_int_equal(le.cur, 2);
	assert_int_equal(feed("\r"), LE_LINE);
	/* Enter moves the terminal's cursor to the end before the newline */
	EXPECT_OUTPUT("c\r\n");
	assert_string_equal(le_line(&le), "abc");
}

static void test_left_right_in_both_encodings(void **state)
{
	(void)state;
	/* xterm (CSI) and VT100 application mode (SS3) */
	assert_int_equal(feed("ad" LEFT "b" ESC "OC" "e" ESC "OD" "c" RIGHT "f"), LE_PENDING);
	assert_string_equal(le_line(&le), "abdcef");
	assert_int_equal(le.cur, 6);
}

static void test_left_at_start_and_right_at_end_do_nothing(void **state)
{
	(void)state;
	assert_int_equal(feed("ab" RIGHT), LE_PENDING);
	EXPECT_OUTPUT("ab");
	assert_int_equal(feed(LEFT LEFT LEFT LEFT), LE_PENDING);
	EXPECT_OUTPUT("\b\b");
	assert_int_equal(le.cur, 0);
	assert_int_equal(feed(RIGHT), LE_PENDING);
	EXPECT_OUTPUT("a");
}

static void test_home_and_end_in_every_encoding(void **state)
{
	static const char *const homes[] = { ESC "[H", ESC "[1~", ESC "OH", ESC "[7~" };
	static const char *const ends[] = { ESC "[F", ESC "[4~", ESC "OF", ESC "[8~" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(homes); i++) {
		le_start(&le);
		assert_int_equal(feed("bc"), LE_PENDING);
		out_reset();
		assert_int_equal(feed(homes[i]), LE_PENDING);
		EXPECT_OUTPUT("\b\b");
		assert_int_equal(feed("a"), LE_PENDING);
		EXPECT_OUTPUT("abc\b\b");
		assert_int_equal(feed(ends[i]), LE_PENDING);
		EXPECT_OUTPUT("bc");
		assert_int_equal(feed("d"), LE_PENDING);
		EXPECT_OUTPUT("d");
		assert_string_equal(le_line(&le), "abcd");
	}
}

static void test_delete_erases_under_the_cursor(void **state)
{
	(void)state;
	assert_int_equal(feed("abc" HOME), LE_PENDING);
	out_reset();
	assert_int_equal(feed(DELETE), LE_PENDING);
	/* the tail moves left, a blank covers the old last cell, back to the cursor */
	EXPECT_OUTPUT("bc \b\b\b");
	assert_string_equal(le_line(&le), "bc");
	assert_int_equal(le.cur, 0);
	assert_int_equal(feed(END DELETE), LE_PENDING);
	EXPECT_OUTPUT("bc");	/* Delete at the end does nothing */
	assert_string_equal(le_line(&le), "bc");
}

static void test_backspace_in_the_middle(void **state)
{
	(void)state;
	assert_int_equal(feed("abc" LEFT), LE_PENDING);
	out_reset();
	assert_int_equal(feed(BS), LE_PENDING);
	EXPECT_OUTPUT("\b" "c \b\b");
	assert_string_equal(le_line(&le), "ac");
	assert_int_equal(le.cur, 1);
	assert_int_equal(feed(HOME DEL), LE_PENDING);
	EXPECT_OUTPUT("\b");	/* nothing before the cursor */
	assert_string_equal(le_line(&le), "ac");
}

static void test_ctrl_u_and_ctrl_c_with_the_cursor_inside(void **state)
{
	(void)state;
	assert_int_equal(feed("abc" LEFT LEFT), LE_PENDING);
	out_reset();
	assert_int_equal(feed(CTRL_U), LE_PENDING);
	EXPECT_OUTPUT("bc" RUBOUT RUBOUT RUBOUT);
	assert_string_equal(le_line(&le), "");
	assert_int_equal(le.cur, 0);
	assert_int_equal(feed("xy" LEFT), LE_PENDING);
	out_reset();
	assert_int_equal(feed(CTRL_C), LE_CANCEL);
	EXPECT_OUTPUT("y^C\r\n");
}

static void test_history_recall_with_the_cursor_inside(void **state)
{
	(void)state;
	enter_line("peek 4");
	assert_int_equal(feed("abc" LEFT LEFT), LE_PENDING);
	out_reset();
	assert_int_equal(feed(UP), LE_PENDING);
	EXPECT_OUTPUT("bc" RUBOUT RUBOUT RUBOUT "peek 4");
	assert_int_equal(le.cur, 6);
	assert_int_equal(feed(DOWN), LE_PENDING);
	assert_string_equal(le_line(&le), "abc");
	assert_int_equal(le.cur, 3);
}

static void test_insert_into_a_full_line_is_refused(void **state)
{
	(void)state;
	assert_int_equal(feed(repeat_char('x', SHELL_LINE_MAX - 1)), LE_PENDING);
	assert_int_equal(feed(HOME), LE_PENDING);
	out_reset();
	assert_int_equal(feed("y"), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	assert_int_equal(le.len, SHELL_LINE_MAX - 1);
	assert_int_equal(le.buf[0], 'x');
	assert_int_equal(feed("\r"), LE_TOOLONG);
}

static void test_tab_with_the_cursor_inside_rings(void **state)
{
	(void)state;
	assert_int_equal(feed("pe" LEFT), LE_PENDING);
	out_reset();
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	assert_string_equal(le_line(&le), "pe");
}

static void test_redraw_puts_the_cursor_back(void **state)
{
	(void)state;
	assert_int_equal(feed("abcd" LEFT LEFT LEFT), LE_PENDING);
	out_reset();
	le_redraw(&le);
	EXPECT_OUTPUT(PROMPT "abcd\b\b\b");
}

/* ---- escape sequences -------------------------------------------------------------- */

static void test_escape_unknown_sequences_ignored_whole(void **state)
{
	(void)state;
	/* Insert, F5, bracketed paste markers, a device-attributes answer,
	 * Linux console F1 (ESC [ [ A), F1 in SS3, a huge parameter, CSI with
	 * ':' (not a key) */
	assert_int_equal(feed("a" ESC "[2~" ESC "[15~" ESC "[200~" ESC "[201~" ESC "[?1;2c"
			      ESC "[[A" ESC "[[E" ESC "OP" ESC "[99999~" ESC "[1:2D" "b"),
			 LE_PENDING);
	EXPECT_OUTPUT("ab");
	assert_string_equal(le_line(&le), "ab");
	assert_int_equal(le.cur, 2);
	/* Delete with a modifier (ESC [ 3 ; 5 ~) is not plain Delete */
	assert_int_equal(feed(HOME ESC "[3;5~"), LE_PENDING);
	assert_string_equal(le_line(&le), "ab");
	/* nor is an empty first parameter before ';' (ESC [ ; 3 ~: key 1,
	 * modifier 3): the 3 is the second parameter, not the key */
	assert_int_equal(feed(ESC "[;3~"), LE_PENDING);
	assert_string_equal(le_line(&le), "ab");
}

static void test_escape_lone_esc_times_out(void **state)
{
	(void)state;
	le_clock(&le, 1000);
	assert_int_equal(feed(ESC), LE_PENDING);
	/* still inside the timeout: ESC x is one key (Alt-x), dropped */
	le_clock(&le, 1000 + LE_ESC_TIMEOUT_MS - 1);
	assert_int_equal(feed("x"), LE_PENDING);
	EXPECT_OUTPUT("");
	/* a pause as long as the timeout: the ESC was a key on its own */
	assert_int_equal(feed(ESC), LE_PENDING);
	le_clock(&le, 1000 + 2 * LE_ESC_TIMEOUT_MS - 1);
	assert_int_equal(feed("y"), LE_PENDING);
	EXPECT_OUTPUT("y");
	assert_string_equal(le_line(&le), "y");
}

static void test_escape_stalled_sequence_times_out(void **state)
{
	(void)state;
	enter_line("hist");
	le_clock(&le, 5);
	assert_int_equal(feed(ESC "["), LE_PENDING);
	le_clock(&le, 5 + LE_ESC_TIMEOUT_MS);
	/* the rest came too late: it is typed text, not up-arrow */
	assert_int_equal(feed("A"), LE_PENDING);
	EXPECT_OUTPUT("A");
	assert_string_equal(le_line(&le), "A");
}

static void test_escape_slow_but_steady_bytes_still_a_key(void **state)
{
	(void)state;
	assert_int_equal(feed("ab"), LE_PENDING);
	out_reset();
	/* each byte within the timeout of the one before */
	le_clock(&le, 0);
	assert_int_equal(feed(ESC), LE_PENDING);
	le_clock(&le, LE_ESC_TIMEOUT_MS - 1);
	assert_int_equal(feed("["), LE_PENDING);
	le_clock(&le, 2 * LE_ESC_TIMEOUT_MS - 2);
	assert_int_equal(feed("D"), LE_PENDING);
	EXPECT_OUTPUT("\b");
	assert_int_equal(le.cur, 1);
}

static void test_escape_timeout_across_clock_wrap(void **state)
{
	(void)state;
	le_clock(&le, UINT32_MAX - 10);
	assert_int_equal(feed(ESC), LE_PENDING);
	le_clock(&le, LE_ESC_TIMEOUT_MS - 11);	/* wrapped: exactly the timeout later */
	assert_int_equal(feed("z"), LE_PENDING);
	EXPECT_OUTPUT("z");
}

static void test_escape_csi_with_parameters(void **state)
{
	(void)state;
	/* ctrl-right, delete, page up, a private mode set, an intermediate byte */
	assert_int_equal(feed("a" ESC "[1;5C" ESC "[3~" ESC "[5~" ESC "[?25h" ESC "[ q" "b"),
			 LE_PENDING);
	EXPECT_OUTPUT("ab");
	assert_string_equal(le_line(&le), "ab");
}

/*
 * '0' is a parameter digit (ESC [ 1 ; 10 D is Meta-Shift-Left: still Left),
 * and '@' (0x40) is the lowest final byte (ECMA-48 5.4): ESC [ @ ends there,
 * so the byte after it is typed.
 */
static void test_escape_csi_zero_digit_and_lowest_final(void **state)
{
	(void)state;
	assert_int_equal(feed("ab" ESC "[1;10D" "c" ESC "[@" "d"), LE_PENDING);
	assert_string_equal(le_line(&le), "acdb");
	/* '9' too (ESC [ 1 ; 9 D is Meta-Left) */
	assert_int_equal(feed(ESC "[1;9D" "e"), LE_PENDING);
	assert_string_equal(le_line(&le), "acedb");
}

/*
 * Only one-digit parameters name keys: a longer number is no key however it
 * would wrap in 8 bits (259, 263 and 260 are 3, 7 and 4 modulo 256: Delete,
 * Home, End), and ESC [ 1 3 ~ is not ESC [ 3 ~. Leading zeros do not count.
 */
static void test_escape_long_parameter_is_no_key(void **state)
{
	(void)state;
	assert_int_equal(feed("ab" LEFT ESC "[259~" ESC "[263~" ESC "[260~" ESC "[13~" "c"),
			 LE_PENDING);
	assert_string_equal(le_line(&le), "acb");
	assert_int_equal(le.cur, 2);
	assert_int_equal(feed(ESC "[003~"), LE_PENDING);	/* Delete */
	assert_string_equal(le_line(&le), "ac");
}

static void test_escape_csi_up_with_parameters(void **state)
{
	(void)state;
	enter_line("peek 4");
	assert_int_equal(feed(ESC "[1;5A"), LE_PENDING);
	EXPECT_OUTPUT("peek 4");
	assert_int_equal(feed(ESC "[1;5B"), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT RUBOUT);
}

static void test_escape_lone_esc_drops_next(void **state)
{
	(void)state;
	assert_int_equal(feed("a" ESC "x" "b" ESC "A" ESC "~" ESC " " "c"), LE_PENDING);
	EXPECT_OUTPUT("abc");
	/* ESC O then a key other than an arrow (F1) */
	assert_int_equal(feed(ESC "OP" "d"), LE_PENDING);
	EXPECT_OUTPUT("d");
	assert_string_equal(le_line(&le), "abcd");
}

static void test_escape_ends_at_control_byte(void **state)
{
	(void)state;
	/* Enter and Ctrl-C work even right after a lone ESC */
	assert_int_equal(feed("a" ESC "\r"), LE_LINE);
	EXPECT_OUTPUT("a\r\n");
	assert_string_equal(le_line(&le), "a");
	le_start(&le);
	out_reset();
	assert_int_equal(feed("b" ESC "[1;" CTRL_C), LE_CANCEL);
	EXPECT_OUTPUT("b^C\r\n");
	le_start(&le);
	out_reset();
	/* backspace ends ESC O and erases */
	assert_int_equal(feed("cd" ESC "O" DEL "e"), LE_PENDING);
	EXPECT_OUTPUT("cd" RUBOUT "e");
	assert_string_equal(le_line(&le), "ce");
}

static void test_escape_esc_restarts(void **state)
{
	(void)state;
	enter_line("hist");
	assert_int_equal(feed(ESC ESC "[A"), LE_PENDING);
	EXPECT_OUTPUT("hist");
	assert_int_equal(feed(ESC "[" ESC "[B"), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT RUBOUT RUBOUT);
}

static void test_escape_8bit_byte_ends_sequence(void **state)
{
	(void)state;
	/* the 8-bit byte is ignored, and what follows is typed text again */
	assert_int_equal(feed("a" ESC "[1\xff" "2"), LE_PENDING);
	EXPECT_OUTPUT("a2");
}

static void test_escape_state_reset_by_le_start(void **state)
{
	(void)state;
	assert_int_equal(feed(ESC "["), LE_PENDING);
	le_start(&le);
	out_reset();
	assert_int_equal(feed("A"), LE_PENDING);
	EXPECT_OUTPUT("A");
}

/* ---- tab completion ---------------------------------------------------------------- */

static void test_tab_unique(void **state)
{
	(void)state;
	assert_int_equal(feed("po" TAB), LE_PENDING);
	EXPECT_OUTPUT("po" "ke ");
	assert_string_equal(le_line(&le), "poke ");
	assert_int_equal(feed("1 2\r"), LE_LINE);
	assert_string_equal(le_line(&le), "poke 1 2");
}

/* A completion ends the line where it ends: what a longer earlier line left
 * in the buffer past it is not part of the new one. */
static void test_tab_after_a_longer_line(void **state)
{
	(void)state;
	assert_int_equal(feed("poke 1 2345\r"), LE_LINE);
	assert_int_equal(feed("po" TAB), LE_PENDING);
	assert_string_equal(le_line(&le), "poke ");
}

static void test_tab_unique_already_complete(void **state)
{
	(void)state;
	assert_int_equal(feed("reset" TAB), LE_PENDING);
	EXPECT_OUTPUT("reset ");
	assert_string_equal(le_line(&le), "reset ");
}

static void test_tab_after_leading_spaces(void **state)
{
	(void)state;
	assert_int_equal(feed("  r" TAB), LE_PENDING);
	EXPECT_OUTPUT("  r" "eset ");
	assert_string_equal(le_line(&le), "  reset ");
}

static void test_tab_common_prefix_then_list(void **state)
{
	(void)state;
	assert_int_equal(feed("me" TAB), LE_PENDING);
	EXPECT_OUTPUT("me" "m");
	assert_string_equal(le_line(&le), "mem");
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT("\r\nmem  memtest\r\n" PROMPT "mem");
	assert_string_equal(le_line(&le), "mem");
	assert_int_equal(feed("t" TAB), LE_PENDING);
	EXPECT_OUTPUT("t" "est ");
	assert_string_equal(le_line(&le), "memtest ");
}

static void test_tab_ambiguous_double_tab_lists(void **state)
{
	(void)state;
	assert_int_equal(feed("he" TAB), LE_PENDING);
	EXPECT_OUTPUT("he" BELL);
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT("\r\nhelp  hexdump\r\n" PROMPT "he");
	/* every further tab lists again */
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT("\r\nhelp  hexdump\r\n" PROMPT "he");
	assert_int_equal(feed("x" TAB), LE_PENDING);
	EXPECT_OUTPUT("x" "dump ");
}

static void test_tab_run_broken_by_other_key(void **state)
{
	(void)state;
	assert_int_equal(feed("p" TAB), LE_PENDING);
	EXPECT_OUTPUT("p" BELL);
	/* a key in between: the next tab is a first tab again */
	assert_int_equal(feed("e" BS TAB), LE_PENDING);
	EXPECT_OUTPUT("e" RUBOUT BELL);
	assert_int_equal(feed(ESC "[C" TAB), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT("\r\npeek  poke\r\n" PROMPT "p");
	/* so does a control byte the editor ignores (Ctrl-A) */
	assert_int_equal(feed("\x01" TAB), LE_PENDING);
	EXPECT_OUTPUT(BELL);
}

static void test_tab_on_empty_line_lists_all(void **state)
{
	(void)state;
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT("\r\nhelp  hexdump  peek  poke  mem  memtest  reset  echo\r\n" PROMPT);
	assert_string_equal(le_line(&le), "");
}

static void test_tab_no_match(void **state)
{
	(void)state;
	assert_int_equal(feed("zz" TAB), LE_PENDING);
	EXPECT_OUTPUT("zz" BELL);
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	/* case matters */
	assert_int_equal(feed(CTRL_U "P" TAB), LE_PENDING);
	EXPECT_OUTPUT(RUBOUT RUBOUT "P" BELL);
	assert_string_equal(le_line(&le), "P");
}

static void test_tab_after_first_word_ignored(void **state)
{
	(void)state;
	assert_int_equal(feed("peek 1" TAB TAB), LE_PENDING);
	EXPECT_OUTPUT("peek 1");
	assert_int_equal(feed("peek " TAB), LE_PENDING);
	EXPECT_OUTPUT("peek ");
	assert_int_equal(feed("\r"), LE_LINE);
	assert_string_equal(le_line(&le), "peek 1peek ");
}

static void test_tab_completion_that_does_not_fit(void **state)
{
	static char long_name[SHELL_LINE_MAX + 8];
	const struct shell_cmd tbl[] = {
		{ long_name, "", "", 0, 0, cmd_stub },
		{ "short", "", "", 0, 0, cmd_stub },
	};

	(void)state;
	memset(long_name, 'l', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	le_init(&le, PROMPT, capture, &out_ctx_marker, tbl, ARRAY_SIZE(tbl));
	le_start(&le);
	out_reset();
	assert_int_equal(feed("l" TAB), LE_PENDING);
	EXPECT_OUTPUT("l" BELL);
	assert_string_equal(le_line(&le), "l");

	/* a unique name that fits, but not with its space: nothing is added */
	assert_int_equal(feed(CTRL_U), LE_PENDING);
	assert_int_equal(feed(repeat_char(' ', SHELL_LINE_MAX - 6)), LE_PENDING);
	assert_int_equal(feed("s" TAB), LE_PENDING);
	assert_int_equal(le.len, SHELL_LINE_MAX - 5);
	out_reset();
	assert_int_equal(feed(TAB), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	/* the refusal is not an overflow: the line is still good */
	assert_int_equal(feed("\r"), LE_LINE);
}

static void test_tab_without_commands(void **state)
{
	(void)state;
	le_init(&le, PROMPT, capture, &out_ctx_marker, NULL, 5);
	le_start(&le);
	out_reset();
	assert_int_equal(feed(TAB TAB "a" TAB), LE_PENDING);
	EXPECT_OUTPUT(BELL BELL "a" BELL);
}

/* ---- overlong lines -------------------------------------------------------------- */

static void test_longest_line_fits(void **state)
{
	const char *full = repeat_char('x', SHELL_LINE_MAX - 1);
	char copy[SHELL_LINE_MAX];

	(void)state;
	strcpy(copy, full);
	assert_int_equal(feed(copy), LE_PENDING);
	EXPECT_OUTPUT(copy);
	assert_int_equal(feed("\r"), LE_LINE);
	assert_string_equal(le_line(&le), copy);

	/* and it comes back from history whole */
	le_start(&le);
	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), copy);
}

static void test_overlong_line_refused(void **state)
{
	char full[SHELL_LINE_MAX];

	(void)state;
	strcpy(full, repeat_char('x', SHELL_LINE_MAX - 1));
	assert_int_equal(feed(full), LE_PENDING);
	EXPECT_OUTPUT(full);
	assert_int_equal(feed("y"), LE_PENDING);
	EXPECT_OUTPUT(BELL);
	assert_int_equal(feed(repeat_char('z', 300)), LE_PENDING);
	want_reset();
	want_repeat(BELL, 300);
	EXPECT_OUTPUT(want);
	assert_int_equal(le.len, SHELL_LINE_MAX - 1);
	assert_string_equal(le_line(&le), full);

	assert_int_equal(feed("\r"), LE_TOOLONG);
	EXPECT_OUTPUT("\r\n");
	assert_string_equal(le_line(&le), "");

	/* the next line works, and the long one is not in history */
	le_start(&le);
	assert_int_equal(feed("ok\r"), LE_LINE);
	assert_string_equal(le_line(&le), "ok");
	le_start(&le);
	assert_int_equal(feed(UP UP), LE_PENDING);
	assert_string_equal(le_line(&le), "ok");
}

static void test_overlong_sticks_through_backspace(void **state)
{
	(void)state;
	assert_int_equal(feed(repeat_char('x', SHELL_LINE_MAX + 5)), LE_PENDING);
	/* the characters past the end are lost, so the line is still wrong */
	assert_int_equal(feed(BS BS "\r"), LE_TOOLONG);
	le_start(&le);
	/* Ctrl-U starts the line over and forgets the overflow */
	assert_int_equal(feed(repeat_char('x', SHELL_LINE_MAX + 5)), LE_PENDING);
	assert_int_equal(feed(CTRL_U "help\r"), LE_LINE);
	assert_string_equal(le_line(&le), "help");
	le_start(&le);
	/* so does Ctrl-C */
	assert_int_equal(feed(repeat_char('x', SHELL_LINE_MAX + 5)), LE_PENDING);
	assert_int_equal(feed(CTRL_C), LE_CANCEL);
	le_start(&le);
	assert_int_equal(feed("\r"), LE_LINE);
}

static void test_overlong_survives_history_round_trip(void **state)
{
	(void)state;
	enter_line("mem");
	assert_int_equal(feed(repeat_char('x', SHELL_LINE_MAX)), LE_PENDING);
	/* a recalled line is good ... */
	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "mem");
	/* ... but coming back to the overlong one brings its overflow back */
	assert_int_equal(feed(DOWN "\r"), LE_TOOLONG);
	le_start(&le);
	assert_int_equal(feed(repeat_char('x', SHELL_LINE_MAX)), LE_PENDING);
	assert_int_equal(feed(UP "\r"), LE_LINE);
	assert_string_equal(le_line(&le), "mem");
}

/* ---- tokenizer ------------------------------------------------------------------- */

static void test_tokenize_spaces_and_tabs(void **state)
{
	char line[] = "  peek\t0x100   4 \t";
	char *argv[8];

	(void)state;
	assert_int_equal(shell_tokenize(line, argv, 8), 3);
	assert_string_equal(argv[0], "peek");
	assert_string_equal(argv[1], "0x100");
	assert_string_equal(argv[2], "4");
}

static void test_tokenize_quotes(void **state)
{
	char line[] = "echo \"a  b\" c \"\" x\"y z\"w \"\t\"";
	char *argv[8];

	(void)state;
	assert_int_equal(shell_tokenize(line, argv, 8), 6);
	assert_string_equal(argv[0], "echo");
	assert_string_equal(argv[1], "a  b");
	assert_string_equal(argv[2], "c");
	assert_string_equal(argv[3], "");
	assert_string_equal(argv[4], "xy zw");
	assert_string_equal(argv[5], "\t");
}

static void test_tokenize_adjacent_quotes(void **state)
{
	char line[] = "\"a\"\"b\"c\"\" \"\"\"\"";
	char *argv[4];

	(void)state;
	assert_int_equal(shell_tokenize(line, argv, 4), 2);
	assert_string_equal(argv[0], "abc");
	assert_string_equal(argv[1], "");
}

static void test_tokenize_empty(void **state)
{
	char empty[] = "";
	char blank[] = " \t  \t";
	char *argv[2];

	(void)state;
	assert_int_equal(shell_tokenize(empty, argv, 2), 0);
	assert_int_equal(shell_tokenize(blank, argv, 2), 0);
	assert_int_equal(shell_tokenize(blank, argv, 0), 0);
}

static void test_tokenize_too_many(void **state)
{
	char exact[] = "a b c";
	char over[] = "a b c d";
	char one[] = "a";
	char *argv[3];

	(void)state;
	assert_int_equal(shell_tokenize(exact, argv, 3), 3);
	assert_string_equal(argv[2], "c");
	assert_int_equal(shell_tokenize(over, argv, 3), -E2BIG);
	assert_int_equal(shell_tokenize(one, argv, 0), -E2BIG);
}

static void test_tokenize_unterminated_quote(void **state)
{
	char line[] = "echo \"abc def";
	char mid[] = "a\"b";
	char only[] = "\"";
	char *argv[4];

	(void)state;
	assert_int_equal(shell_tokenize(line, argv, 4), -EINVAL);
	assert_int_equal(shell_tokenize(mid, argv, 4), -EINVAL);
	assert_int_equal(shell_tokenize(only, argv, 4), -EINVAL);
}

static void test_tokenize_first_error_wins(void **state)
{
	char quote_first[] = "\"a b c";
	char count_first[] = "a b \"c";
	char *argv[2];

	(void)state;
	assert_int_equal(shell_tokenize(quote_first, argv, 2), -EINVAL);
	assert_int_equal(shell_tokenize(count_first, argv, 2), -E2BIG);
}

static void test_tokenize_bad_arguments(void **state)
{
	char line[] = "a";
	char *argv[1];

	(void)state;
	assert_int_equal(shell_tokenize(NULL, argv, 1), -EINVAL);
	assert_int_equal(shell_tokenize(line, NULL, 1), -EINVAL);
	assert_int_equal(shell_tokenize(line, argv, -1), -EINVAL);
}

static void test_tokenize_editor_line(void **state)
{
	char *argv[4];

	(void)state;
	assert_int_equal(feed("poke  0x40000000 \"0x12\"\r"), LE_LINE);
	assert_int_equal(shell_tokenize(le_line(&le), argv, 4), 3);
	assert_string_equal(argv[0], "poke");
	assert_string_equal(argv[1], "0x40000000");
	assert_string_equal(argv[2], "0x12");
	/* history kept its own copy */
	le_start(&le);
	assert_int_equal(feed(UP), LE_PENDING);
	assert_string_equal(le_line(&le), "poke  0x40000000 \"0x12\"");
}

/* ---- numbers --------------------------------------------------------------------- */

struct number_case {
	const char *s;
	int rc;
	uint32_t value;
};

static void check_numbers(const struct number_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t v = 0xdeadbeef;
		int rc = shell_parse_u32(cases[i].s, &v);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].value))
			print_error("\"%s\": got %d/%#x, want %d/%#x\n", cases[i].s, rc,
				    (unsigned int)v, cases[i].rc, (unsigned int)cases[i].value);
		assert_int_equal(rc, cases[i].rc);
		/* the output is left alone on error */
		assert_int_equal(v, rc ? 0xdeadbeef : cases[i].value);
	}
}

static void test_parse_decimal(void **state)
{
	static const struct number_case cases[] = {
		{ "0", 0, 0 },
		{ "7", 0, 7 },
		{ "4096", 0, 4096 },
		{ "0010", 0, 10 },		/* leading zeros: still decimal */
		{ "000000000000000000000000042", 0, 42 },
		{ "4294967295", 0, 0xffffffff },
		{ "4294967296", -ERANGE, 0 },
		{ "4294967300", -ERANGE, 0 },
		{ "99999999999", -ERANGE, 0 },
		{ "18446744073709551617", -ERANGE, 0 },
	};

	(void)state;
	check_numbers(cases, ARRAY_SIZE(cases));
}

static void test_parse_hex(void **state)
{
	static const struct number_case cases[] = {
		{ "0x0", 0, 0 },
		{ "0x1000", 0, 0x1000 },
		{ "0X1000", 0, 0x1000 },
		{ "0xdeadBEEF", 0, 0xdeadbeef },
		{ "0xABCDEF", 0, 0xabcdef },
		{ "0xffffffff", 0, 0xffffffff },
		{ "0xFFFFFFFF", 0, 0xffffffff },
		{ "0x00000000ffffffff", 0, 0xffffffff },
		{ "0x100000000", -ERANGE, 0 },
		{ "0x1ffffffff", -ERANGE, 0 },
		{ "0xffffffffffffffffff", -ERANGE, 0 },
	};

	(void)state;
	check_numbers(cases, ARRAY_SIZE(cases));
}

static void test_parse_suffixes(void **state)
{
	static const struct number_case cases[] = {
		{ "4K", 0, 4096 },
		{ "4k", 0, 4096 },
		{ "1M", 0, 0x100000 },
		{ "1m", 0, 0x100000 },
		{ "0K", 0, 0 },
		{ "0x10k", 0, 0x4000 },
		{ "0x10K", 0, 0x4000 },
		{ "0x1M", 0, 0x100000 },
		{ "4194303K", 0, 0xfffffc00 },
		{ "4194304K", -ERANGE, 0 },
		{ "4095M", 0, 0xfff00000 },
		{ "4096M", -ERANGE, 0 },
		{ "0x3fffffk", 0, 0xfffffc00 },
		{ "0x400000k", -ERANGE, 0 },
		{ "0xfffm", 0, 0xfff00000 },
		{ "0x1000m", -ERANGE, 0 },
		{ "4294967296K", -ERANGE, 0 },
	};

	(void)state;
	check_numbers(cases, ARRAY_SIZE(cases));
}

static void test_parse_errors(void **state)
{
	static const struct number_case cases[] = {
		{ "", -EINVAL, 0 },
		{ "0x", -EINVAL, 0 },
		{ "0X", -EINVAL, 0 },
		{ "0xK", -EINVAL, 0 },
		{ "K", -EINVAL, 0 },
		{ "m", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "-0", -EINVAL, 0 },
		{ " 1", -EINVAL, 0 },
		{ "1 ", -EINVAL, 0 },
		{ "12a", -EINVAL, 0 },
		{ "0xg", -EINVAL, 0 },
		{ "0x12g", -EINVAL, 0 },
		{ "4KK", -EINVAL, 0 },
		{ "4Km", -EINVAL, 0 },
		{ "4KB", -EINVAL, 0 },
		{ "4G", -EINVAL, 0 },
		{ "1.5", -EINVAL, 0 },
		{ "0x0x1", -EINVAL, 0 },
		{ "00x1", -EINVAL, 0 },
		{ "x10", -EINVAL, 0 },
		{ "0b101", -EINVAL, 0 },
		{ "1,000", -EINVAL, 0 },
		{ "abc", -EINVAL, 0 },
		{ "\t", -EINVAL, 0 },
		/* punctuation next to the digit ranges: ':' and '@' are no digits */
		{ "1:", -EINVAL, 0 },
		{ "0x1@", -EINVAL, 0 },
		{ "0x1[", -EINVAL, 0 },
		/* bad syntax outranks a too-big value */
		{ "99999999999x", -EINVAL, 0 },
		{ "0x1ffffffffK ", -EINVAL, 0 },
	};

	(void)state;
	check_numbers(cases, ARRAY_SIZE(cases));
	assert_int_equal(shell_parse_u32(NULL, NULL), -EINVAL);
}

static void test_parse_null_out(void **state)
{
	(void)state;
	assert_int_equal(shell_parse_u32("0x10", NULL), 0);
	assert_int_equal(shell_parse_u32("4096M", NULL), -ERANGE);
}

/* Physical addresses: the same grammar up to 40 bits. */
static void test_parse_phys(void **state)
{
	static const struct {
		const char *s;
		int rc;
		phys_addr_t value;
	} cases[] = {
		{ "0x4010000000", 0, 0x4010000000ull },	/* virt's high ECAM */
		{ "0xffffffffff", 0, PHYS_ADDR_MAX },
		{ "0x10000000000", -ERANGE, 0 },	/* bit 40 */
		{ "0x100000000", 0, 0x100000000ull },
		{ "1048575M", 0, 0xfffffull << 20 },
		{ "1048576M", -ERANGE, 0 },
		{ "0x40000000x", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		phys_addr_t v = 0xdeadbeef;

		assert_int_equal(shell_parse_phys(cases[i].s, &v), cases[i].rc);
		assert_true(v == (cases[i].rc ? 0xdeadbeef : cases[i].value));
	}
	/* the 32-bit parser still stops at 4 GiB */
	assert_int_equal(shell_parse_u32("0x100000000", NULL), -ERANGE);
}

/* ---- command table --------------------------------------------------------------- */

static void test_find(void **state)
{
	(void)state;
	assert_ptr_equal(shell_find(cmds, ARRAY_SIZE(cmds), "peek"), &cmds[2]);
	assert_ptr_equal(shell_find(cmds, ARRAY_SIZE(cmds), "mem"), &cmds[4]);
	assert_ptr_equal(shell_find(cmds, ARRAY_SIZE(cmds), "memtest"), &cmds[5]);
	assert_ptr_equal(shell_find(cmds, ARRAY_SIZE(cmds), "echo"), &cmds[8]);
	assert_null(shell_find(cmds, ARRAY_SIZE(cmds), "pee"));
	assert_null(shell_find(cmds, ARRAY_SIZE(cmds), "peeks"));
	assert_null(shell_find(cmds, ARRAY_SIZE(cmds), "PEEK"));
	assert_null(shell_find(cmds, ARRAY_SIZE(cmds), ""));
	assert_null(shell_find(cmds, ARRAY_SIZE(cmds), NULL));
	assert_null(shell_find(NULL, 3, "peek"));
	/* only the first @n entries count */
	assert_null(shell_find(cmds, 2, "peek"));
}

static void test_check_args(void **state)
{
	const struct shell_cmd *hexdump = &cmds[1];	/* 1..2 arguments */
	const struct shell_cmd *mem = &cmds[4];		/* none */
	const struct shell_cmd *echo = &cmds[8];	/* any number */
	const struct shell_cmd lax = { "lax", "", "bounds below zero", -1, -1, NULL };

	(void)state;
	assert_int_equal(shell_check_args(hexdump, 1), -EINVAL);
	assert_int_equal(shell_check_args(hexdump, 2), 0);
	assert_int_equal(shell_check_args(hexdump, 3), 0);
	assert_int_equal(shell_check_args(hexdump, 4), -E2BIG);
	assert_int_equal(shell_check_args(mem, 1), 0);
	assert_int_equal(shell_check_args(mem, 2), -E2BIG);
	assert_int_equal(shell_check_args(echo, 1), 0);
	assert_int_equal(shell_check_args(echo, 1000), 0);
	assert_int_equal(shell_check_args(mem, 0), -EINVAL);
	assert_int_equal(shell_check_args(mem, -1), -EINVAL);
	assert_int_equal(shell_check_args(NULL, 1), -EINVAL);
	/* argc < 1 is refused whatever the bounds say */
	assert_int_equal(shell_check_args(&lax, 1), 0);
	assert_int_equal(shell_check_args(&lax, 0), -EINVAL);
}

static void test_complete_function(void **state)
{
	const struct shell_cmd *first = NULL;
	size_t common = 99;

	(void)state;
	assert_int_equal(shell_complete(cmds, ARRAY_SIZE(cmds), "me", 2, &first, &common), 2);
	assert_ptr_equal(first, &cmds[4]);
	assert_int_equal(common, 3);
	assert_int_equal(shell_complete(cmds, ARRAY_SIZE(cmds), "pokexyz", 1, &first, &common), 2);
	assert_ptr_equal(first, &cmds[2]);
	assert_int_equal(common, 1);
	assert_int_equal(shell_complete(cmds, ARRAY_SIZE(cmds), "r", 1, &first, &common), 1);
	assert_ptr_equal(first, &cmds[7]);
	assert_int_equal(common, 5);
	assert_int_equal(shell_complete(cmds, ARRAY_SIZE(cmds), "", 0, &first, &common), 8);
	assert_int_equal(common, 0);
	assert_int_equal(shell_complete(cmds, ARRAY_SIZE(cmds), "q", 1, &first, &common), 0);
	assert_null(first);
	assert_int_equal(common, 0);
	assert_int_equal(shell_complete(NULL, 4, "", 0, NULL, NULL), 0);
	/* a name shorter than the prefix does not match */
	assert_int_equal(shell_complete(cmds, ARRAY_SIZE(cmds), "memtests", 8, NULL, NULL), 0);
}

/* The common prefix only ever shrinks: a later name sharing more with the first does not regrow it. */
static void test_complete_common_prefix_never_regrows(void **state)
{
	static const struct shell_cmd three[] = {
		{ "help", "", "", 0, 0, cmd_stub },
		{ "hex",  "", "", 0, 0, cmd_stub },
		{ "helx", "", "", 0, 0, cmd_stub },
	};
	size_t common = 99;

	(void)state;
	assert_int_equal(shell_complete(three, ARRAY_SIZE(three), "h", 1, NULL, &common), 3);
	assert_int_equal(common, 2);	/* "he": "hex" has no 'l' */
}

/* ---- memory access policy (memcheck.c) ------------------------------------------- */

#define RAM_VA		0x40000000u	/* identity-mapped, Normal */
#define TABLES_PA	0x40100000u	/* the "firmware's tables" inside it */
#define TABLES_SIZE	0xc000u
#define ALIAS_VA	0x50000000u	/* a second mapping of one table page */
#define DEV_VA		0xf0000000u	/* Device */
#define SO_VA		0xf0001000u	/* Strongly-ordered */
#define NC_VA		0xf0002000u	/* Normal non-cacheable */

static struct pgtable mpt;
static uint32_t *mpt_l1;
static void *mpt_pool;

static int setup_tables(void **state)
{
	const struct pt_attrs rw = { .type = MT_NORMAL, .prot = PROT_R | PROT_W };

	(void)state;
	mpt_l1 = aligned_alloc(PT_L1_SIZE, PT_L1_SIZE);
	mpt_pool = aligned_alloc(PT_L2_SIZE, 4 * PT_L2_SIZE);
	assert_non_null(mpt_l1);
	assert_non_null(mpt_pool);
	assert_int_equal(pt_init(&mpt, &pt_format_armv7s, mpt_l1, 0x40004000u, mpt_pool,
				 0x40008000u, 4), 0);
	assert_int_equal(pt_map(&mpt, RAM_VA, RAM_VA, 2u << 20, rw), 0);
	assert_int_equal(pt_map(&mpt, ALIAS_VA, TABLES_PA + 0x4000, PAGE_SIZE, rw), 0);
	assert_int_equal(pt_map(&mpt, DEV_VA, 0x09000000u, PAGE_SIZE,
				(struct pt_attrs){ .type = MT_DEVICE, .prot = PROT_R | PROT_W }), 0);
	assert_int_equal(pt_map(&mpt, SO_VA, 0x09001000u, PAGE_SIZE,
				(struct pt_attrs){ .type = MT_STRONGLY_ORDERED,
						   .prot = PROT_R | PROT_W }), 0);
	assert_int_equal(pt_map(&mpt, NC_VA, 0x09002000u, PAGE_SIZE,
				(struct pt_attrs){ .type = MT_NORMAL_NC, .prot = PROT_R | PROT_W }), 0);
	return 0;
}

static int teardown_tables(void **state)
{
	(void)state;
	free(mpt_l1);
	free(mpt_pool);
	return 0;
}

static int check_access(uintptr_t va, unsigned width, bool write)
{
	const char *why = NULL;
	int err = shell_access_check(&mpt, va, width, write, TABLES_PA, TABLES_SIZE, &why);

	assert_true(err ? why && why[0] : why == NULL);
	return err;
}

static void test_access_writes_to_the_tables_refused(void **state)
{
	(void)state;
	assert_int_equal(check_access(TABLES_PA, 4, true), -EPERM);
	assert_int_equal(check_access(TABLES_PA + TABLES_SIZE - 1, 1, true), -EPERM);
	/* reading them is fine; so is writing either side */
	assert_int_equal(check_access(TABLES_PA, 4, false), 0);
	assert_int_equal(check_access(TABLES_PA - 4, 4, true), 0);
	assert_int_equal(check_access(TABLES_PA + TABLES_SIZE, 4, true), 0);
}

static void test_access_write_straddling_into_the_tables_refused(void **state)
{
	(void)state;
	/* unaligned Normal writes are allowed, but not one whose last bytes
	 * land on the first table page, or whose first bytes are the last */
	assert_int_equal(check_access(TABLES_PA - 2, 4, true), -EPERM);
	assert_int_equal(check_access(TABLES_PA + TABLES_SIZE - 1, 2, true), -EPERM);
	assert_int_equal(check_access(TABLES_PA - 3, 2, true), 0);
}

static void test_access_tables_through_an_alias_refused(void **state)
{
	(void)state;
	/* another virtual address of a table page: judged by its physical page */
	assert_int_equal(check_access(ALIAS_VA + 0x10, 4, true), -EPERM);
	assert_int_equal(check_access(ALIAS_VA + 0x10, 4, false), 0);
}

static void test_access_unaligned_device_refused(void **state)
{
	(void)state;
	for (uintptr_t base = DEV_VA; base <= SO_VA; base += SO_VA - DEV_VA) {
		assert_int_equal(check_access(base + 1, 4, false), -EINVAL);
		assert_int_equal(check_access(base + 2, 4, true), -EINVAL);
		assert_int_equal(check_access(base + 1, 2, false), -EINVAL);
		assert_int_equal(check_access(base + 4, 4, true), 0);
		assert_int_equal(check_access(base + 2, 2, false), 0);
		assert_int_equal(check_access(base + 3, 1, true), 0);
	}
	/* the last bytes of an unaligned word on the page before a device
	 * page: the device page decides */
	assert_int_equal(check_access(DEV_VA - 2, 4, false), -EINVAL);
}

static void test_access_unaligned_normal_and_unmapped_allowed(void **state)
{
	(void)state;
	assert_int_equal(check_access(RAM_VA + 0x1001, 4, true), 0);
	assert_int_equal(check_access(NC_VA + 1, 4, false), 0);
	/* unmapped: the access is tried, and its fault reported */
	assert_int_equal(check_access(0x1001, 4, true), 0);
	assert_int_equal(check_access(0, 4, true), 0);
}

/* ---- raw receive (rxguard.c) ---------------------------------------------------- */

#define MS	1000000ull

/* Feed @byte at @t; check which bytes were released. */
static void rx_expect(struct rx_guard *g, uint8_t byte, uint64_t t, const char *released,
		      unsigned n)
{
	uint8_t got[2] = { 0xaa, 0xaa };

	assert_int_equal(rx_guard_byte(g, byte, t, got), n);
	assert_memory_equal(got, released, n);
}

static void test_rx_lone_ctrl_c_stops(void **state)
{
	struct rx_guard g;

	(void)state;
	rx_guard_init(&g, 1000, 0);
	rx_expect(&g, 'a', 1 * MS, "a", 1);
	/* a pause, Ctrl-C, a pause: a stop, exactly at the guard time */
	rx_expect(&g, 0x03, 1 * MS + RX_GUARD_NS, "", 0);
	assert_true(g.held);
	assert_int_equal(rx_guard_idle(&g, 1 * MS + 2 * RX_GUARD_NS - 1), 0);
	assert_int_equal(rx_guard_idle(&g, 1 * MS + 2 * RX_GUARD_NS), -EINTR);
	assert_int_equal(g.got, 1);
	/* right at the start too */
	rx_guard_init(&g, 1000, 0);
	rx_expect(&g, 0x03, RX_GUARD_NS, "", 0);
	assert_int_equal(rx_guard_idle(&g, 2 * RX_GUARD_NS), -EINTR);
}

static void test_rx_ctrl_c_in_the_data_is_data(void **state)
{
	struct rx_guard g;

	(void)state;
	rx_guard_init(&g, 1000, 0);
	rx_expect(&g, 'a', 1 * MS, "a", 1);
	/* no pause before it: data at once */
	rx_expect(&g, 0x03, 2 * MS, "\x03", 1);
	/* a pause before it, but data right after: both are data, in order */
	rx_expect(&g, 0x03, 2 * MS + RX_GUARD_NS, "", 0);
	rx_expect(&g, 'b', 2 * MS + 2 * RX_GUARD_NS - 1, "\x03" "b", 2);
	/* a held Ctrl-C followed by another held one */
	rx_expect(&g, 0x03, 2 * MS + 3 * RX_GUARD_NS, "", 0);
	rx_expect(&g, 0x03, 2 * MS + 3 * RX_GUARD_NS + 1, "\x03" "\x03", 2);
	assert_false(g.held);
	assert_int_equal(g.got, 6);
	assert_int_equal(rx_guard_idle(&g, 2 * MS + 3 * RX_GUARD_NS + 1 + RX_GUARD_NS), 0);
}

static void test_rx_ctrl_c_completing_the_transfer_is_data(void **state)
{
	struct rx_guard g;

	(void)state;
	rx_guard_init(&g, 2, 0);
	rx_expect(&g, 'a', 0, "a", 1);
	rx_expect(&g, 0x03, 10 * RX_GUARD_NS, "\x03", 1);
	assert_int_equal(g.got, 2);
	/* a held one whose release would complete it: the next byte is the last */
	rx_guard_init(&g, 3, 0);
	rx_expect(&g, 'a', 0, "a", 1);
	rx_expect(&g, 0x03, RX_GUARD_NS, "", 0);
	rx_expect(&g, 0x03, RX_GUARD_NS + 1, "\x03" "\x03", 2);
	assert_int_equal(g.got, 3);
}

static void test_rx_times_out_on_silence(void **state)
{
	struct rx_guard g;

	(void)state;
	rx_guard_init(&g, 10, 5);
	assert_int_equal(rx_guard_idle(&g, 5 + RX_TIMEOUT_NS - 1), 0);
	assert_int_equal(rx_guard_idle(&g, 5 + RX_TIMEOUT_NS), -ETIMEDOUT);
	rx_expect(&g, 'x', 7 * MS, "x", 1);
	assert_int_equal(rx_guard_idle(&g, 7 * MS + RX_TIMEOUT_NS - 1), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup_editor)
	const struct CMUnitTest tests[] = {
		T(test_prompt_and_echo),
		T(test_every_printable_is_stored),
		T(test_backspace_at_start_does_nothing),
		T(test_backspace_and_del_erase_last),
		T(test_ctrl_u_kills_line),
		T(test_ctrl_c_cancels),
		T(test_other_controls_and_8bit_ignored),
		T(test_null_output_and_no_start),
		T(test_feed_after_result_starts_new_line),
		T(test_enter_cr),
		T(test_enter_lf),
		T(test_enter_crlf_is_one),
		T(test_enter_lfcr_is_one),
		T(test_enter_pairs_only_swallow_next_byte),
		T(test_history_up_down),
		T(test_history_empty),
		T(test_history_keeps_new_line),
		T(test_history_drops_oldest),
		T(test_history_full_length_lines),
		T(test_history_wraps_many_times),
		T(test_history_skips_empty_and_repeats),
		T(test_history_edit_recalled_line),
		T(test_history_ctrl_u_and_enter_on_recalled),
		T(test_history_ss3_arrows),
		T(test_history_browse_restarts_each_line),
		T(test_left_then_insert_redraws_the_tail),
		T(test_left_right_in_both_encodings),
		T(test_left_at_start_and_right_at_end_do_nothing),
		T(test_home_and_end_in_every_encoding),
		T(test_delete_erases_under_the_cursor),
		T(test_backspace_in_the_middle),
		T(test_ctrl_u_and_ctrl_c_with_the_cursor_inside),
		T(test_history_recall_with_the_cursor_inside),
		T(test_insert_into_a_full_line_is_refused),
		T(test_tab_with_the_cursor_inside_rings),
		T(test_redraw_puts_the_cursor_back),
		T(test_escape_unknown_sequences_ignored_whole),
		T(test_escape_lone_esc_times_out),
		T(test_escape_stalled_sequence_times_out),
		T(test_escape_slow_but_steady_bytes_still_a_key),
		T(test_escape_timeout_across_clock_wrap),
		T(test_escape_csi_with_parameters),
		T(test_escape_csi_zero_digit_and_lowest_final),
		T(test_escape_csi_up_with_parameters),
		T(test_escape_long_parameter_is_no_key),
		T(test_escape_lone_esc_drops_next),
		T(test_escape_ends_at_control_byte),
		T(test_escape_esc_restarts),
		T(test_escape_8bit_byte_ends_sequence),
		T(test_escape_state_reset_by_le_start),
		T(test_tab_unique),
		T(test_tab_after_a_longer_line),
		T(test_tab_unique_already_complete),
		T(test_tab_after_leading_spaces),
		T(test_tab_common_prefix_then_list),
		T(test_tab_ambiguous_double_tab_lists),
		T(test_tab_run_broken_by_other_key),
		T(test_tab_on_empty_line_lists_all),
		T(test_tab_no_match),
		T(test_tab_after_first_word_ignored),
		T(test_tab_completion_that_does_not_fit),
		T(test_tab_without_commands),
		T(test_longest_line_fits),
		T(test_overlong_line_refused),
		T(test_overlong_sticks_through_backspace),
		T(test_overlong_survives_history_round_trip),
		T(test_tokenize_spaces_and_tabs),
		T(test_tokenize_quotes),
		T(test_tokenize_adjacent_quotes),
		T(test_tokenize_empty),
		T(test_tokenize_too_many),
		T(test_tokenize_unterminated_quote),
		T(test_tokenize_first_error_wins),
		T(test_tokenize_bad_arguments),
		T(test_tokenize_editor_line),
		T(test_parse_decimal),
		T(test_parse_hex),
		T(test_parse_suffixes),
		T(test_parse_errors),
		T(test_parse_null_out),
		T(test_parse_phys),
		T(test_find),
		T(test_check_args),
		T(test_complete_function),
		T(test_complete_common_prefix_never_regrows),
		cmocka_unit_test(test_rx_lone_ctrl_c_stops),
		cmocka_unit_test(test_rx_ctrl_c_in_the_data_is_data),
		cmocka_unit_test(test_rx_ctrl_c_completing_the_transfer_is_data),
		cmocka_unit_test(test_rx_times_out_on_silence),
		cmocka_unit_test_setup_teardown(test_access_writes_to_the_tables_refused,
						setup_tables, teardown_tables),
		cmocka_unit_test_setup_teardown(test_access_write_straddling_into_the_tables_refused,
						setup_tables, teardown_tables),
		cmocka_unit_test_setup_teardown(test_access_tables_through_an_alias_refused,
						setup_tables, teardown_tables),
		cmocka_unit_test_setup_teardown(test_access_unaligned_device_refused,
						setup_tables, teardown_tables),
		cmocka_unit_test_setup_teardown(test_access_unaligned_normal_and_unmapped_allowed,
						setup_tables, teardown_tables),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
