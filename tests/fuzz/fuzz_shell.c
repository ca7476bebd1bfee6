/*
 * libFuzzer target for the shell's pure part.
 *
 * Arbitrary bytes go through the line editor (with a small command table for
 * tab completion); every finished line goes through the tokenizer, the number
 * parser and the command lookup. Besides "no crash, no hang, no overflow"
 * (ASan/UBSan), it checks:
 *   - the line is NUL-terminated and never longer than SHELL_LINE_MAX - 1;
 *   - what a terminal would show on the cursor's row, after each byte, is
 *     exactly the prompt followed by the line, with the terminal's cursor at
 *     the editor's (a tiny screen model eats the editor's output), so the
 *     echo never drifts from the buffer, however the cursor moved;
 *   - the input is fed twice: once as it is, once with time passing: a 0xfe
 *     byte followed by n advances the editor's clock (le_clock()) by n ms
 *     (n >= 0x80: by the ESC timeout plus n - 0x80), so escape sequences are
 *     cut by the timeout at arbitrary points;
 *   - shell_parse_u32() agrees with a separately written reference parser;
 *   - shell_tokenize() words never contain a blank outside quotes, and the
 *     result count is within bounds.
 *
 * clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude tests/fuzz/fuzz_shell.c \
 *     src/shell/lineedit.c src/shell/keys.c src/shell/parse.c -o /tmp/fuzz_shell
 * /tmp/fuzz_shell -max_total_time=60 tests/fuzz/corpus_shell
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

#define PROMPT		"fw> "
#define MAX_ARGS	6
#define SCREEN_COLS	4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmd_stub(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Longer than a line, so completion has to refuse it. */
#define LONG_NAME "loooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo" \
		  "oooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooong"

static const struct shell_cmd cmds[] = {
	{ "help",    "", "", 0, 1,  cmd_stub },
	{ "hexdump", "", "", 1, 2,  cmd_stub },
	{ "peek",    "", "", 1, 1,  cmd_stub },
	{ "poke",    "", "", 2, 2,  cmd_stub },
	{ "mem",     "", "", 0, 0,  cmd_stub },
	{ "memtest", "", "", 2, 2,  cmd_stub },
	{ NULL,      "", "", 0, 0,  cmd_stub },
	{ "echo",    "", "", 0, -1, cmd_stub },
	{ LONG_NAME, "", "", 0, 0,  cmd_stub },
};

/* ---- a one-row terminal --------------------------------------------------------- */

static struct {
	char row[SCREEN_COLS];	/* the cursor's row; unwritten cells are spaces */
	size_t col;		/* cursor column */
	size_t used;		/* columns ever written on this row */
} term;

static void term_clear_row(void)
{
	memset(term.row, ' ', sizeof(term.row));
	term.used = 0;
}

static void term_reset(void)
{
	term_clear_row();
	term.col = 0;
}

static void term_output(void *ctx, const char *s, size_t n)
{
	size_t i;

	if (ctx != &term || n == 0)
		abort();
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\r') {
			term.col = 0;
		} else if (c == '\n') {
			term_clear_row();	/* a new row; the column stays */
		} else if (c == '\b') {
			if (term.col)
				term.col--;
		} else if (c == '\a') {
			/* bell */
		} else if (c >= 0x20 && c < 0x7f) {
			if (term.col >= SCREEN_COLS)
				abort();
			term.row[term.col++] = c;
			if (term.col > term.used)
				term.used = term.col;
		} else {
			abort();	/* the editor never sends anything else */
		}
	}
}

/* The row must read prompt + line, with the cursor at column @cur of the line. */
static void term_check(const char *line, size_t cur)
{
	size_t plen = strlen(PROMPT), llen = strlen(line), i;

	if (cur > llen || term.col != plen + cur)
		abort();
	if (memcmp(term.row, PROMPT, plen) || memcmp(term.row + plen, line, llen))
		abort();
	for (i = plen + llen; i < term.used; i++)
		if (term.row[i] != ' ')
			abort();
}

/* ---- reference number parser ------------------------------------------------------ */

/*
 * Written independently of parse.c: accumulate in 64 bits, saturating, and
 * match the grammar with explicit states.
 */
static int ref_parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0, limit = (uint64_t)1 << 40;
	size_t i = 0, ndigits = 0;
	unsigned int base = 10;

	if (s[0] == '0' && (s[1] | 0x20) == 'x') {
		base = 16;
		i = 2;
	}
	for (;; i++, ndigits++) {
		char c = s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (unsigned int)((c | 0x20) - 'a' + 10);
		else
			break;
		v = v * base + d;
		if (v > limit)
			v = limit;
	}
	if (!ndigits)
		return -EINVAL;
	if ((s[i] | 0x20) == 'k' && s[i + 1] == '\0')
		v *= 1024;
	else if ((s[i] | 0x20) == 'm' && s[i + 1] == '\0')
		v *= 1024 * 1024;
	else if (s[i] != '\0')
		return -EINVAL;
	if (v > 0xffffffffu)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

static void check_number(const char *s)
{
	uint32_t got = 0, want = 0;
	int rc = shell_parse_u32(s, &got);

	if (rc != ref_parse_u32(s, &want) || (rc == 0 && got != want))
		abort();
}

/* ---- finished lines --------------------------------------------------------------- */

static void run_line(const char *line)
{
	char copy[SHELL_LINE_MAX];
	char *argv[MAX_ARGS];
	const struct shell_cmd *cmd;
	int argc, i;

	if (strlen(line) >= sizeof(copy))
		abort();
	strcpy(copy, line);
	argc = shell_tokenize(copy, argv, MAX_ARGS);
	if (argc == -E2BIG || argc == -EINVAL)
		return;
	if (argc < 0 || argc > MAX_ARGS)
		abort();
	for (i = 0; i < argc; i++) {
		if (argv[i] < copy || argv[i] >= copy + sizeof(copy))
			abort();
		check_number(argv[i]);
	}
	if (argc == 0)
		return;
	cmd = shell_find(cmds, sizeof(cmds) / sizeof(cmds[0]), argv[0]);
	if (cmd && strcmp(cmd->name, argv[0]))
		abort();
	if (cmd && shell_check_args(cmd, argc) == 0)
		cmd->fn(argc, argv);
}

/* The raw input, as one string, straight into the parsers. */
static void run_raw(const uint8_t *data, size_t size)
{
	char str[256];
	char *argv[MAX_ARGS];

	if (size >= sizeof(str))
		size = sizeof(str) - 1;
	memcpy(str, data, size);
	str[size] = '\0';
	check_number(str);
	(void)shell_tokenize(str, argv, MAX_ARGS);
}

#define CLOCK_BYTE	0xfe

/* Feed @data to a fresh editor; with @timed, CLOCK_BYTE n moves the clock. */
static void run_editor(const uint8_t *data, size_t size, bool timed)
{
	static struct lineedit le;
	uint32_t now = 0;
	size_t i, finished = 0;

	term_reset();
	le_init(&le, PROMPT, term_output, &term, cmds, sizeof(cmds) / sizeof(cmds[0]));
	le_clock(&le, now);
	le_start(&le);
	for (i = 0; i < size; i++) {
		enum le_result r;
		char *line;

		if (timed && data[i] == CLOCK_BYTE && i + 1 < size) {
			uint8_t n = data[++i];

			now += n < 0x80 ? n : LE_ESC_TIMEOUT_MS + (n - 0x80u);
			le_clock(&le, now);
			if (!le.done)
				term_check(le_line(&le), le.cur);
			continue;
		}
		r = le_feed(&le, data[i]);
		line = le_line(&le);
		if (le.len >= SHELL_LINE_MAX || strlen(line) != le.len || le.cur > le.len)
			abort();
		switch (r) {
		case LE_PENDING:
			if (!le.done)
				term_check(line, le.cur);
			break;
		case LE_LINE:
			run_line(line);
			/* fall through */
		case LE_CANCEL:
		case LE_TOOLONG:
			if (r != LE_LINE && line[0])
				abort();
			if (term.col != 0 || term.used != 0)
				abort();	/* the editor ended on a fresh row */
			/* every other line, let le_feed() start the next one itself */
			if (++finished & 1)
				le_start(&le);
			break;
		default:
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run_raw(data, size);
	run_editor(data, size, false);
	run_editor(data, size, true);
	return 0;
}
