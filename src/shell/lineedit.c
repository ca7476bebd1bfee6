/*
 * Line editor for the serial console: one byte in, echo out, a line at Enter.
 *
 * The cursor is always at the end of the line (left/right arrows are
 * ignored), so every edit is an append or an erase of the tail and the echo is
 * plain text, "\b \b" and "\r\n": nothing a dumb terminal would not understand.
 */
#include <string.h>

#include "shell.h"

#define KEY_CTRL_C	0x03
#define KEY_BS		0x08
#define KEY_TAB		0x09
#define KEY_LF		0x0a
#define KEY_CR		0x0d
#define KEY_CTRL_U	0x15
#define KEY_ESC		0x1b
#define KEY_DEL		0x7f

/* Longest text the buffer holds, leaving room for the NUL. */
#define LINE_CHARS	(SHELL_LINE_MAX - 1)

/* le->esc: where we are in an escape sequence the terminal is sending. */
enum esc_state {
	ESC_NONE,	/* not in a sequence */
	ESC_START,	/* got ESC */
	ESC_CSI,	/* got ESC [, waiting for the final byte */
	ESC_SS3,	/* got ESC O, the next byte is the last */
};

/* ---- output ---------------------------------------------------------------- */

static void emit(struct lineedit *le, const char *s, size_t n)
{
	if (n && le->out)
		le->out(le->out_ctx, s, n);
}

static void emit_str(struct lineedit *le, const char *s)
{
	if (s)
		emit(le, s, strlen(s));
}

static void ring_bell(struct lineedit *le)
{
	emit(le, "\a", 1);
}

static void emit_newline(struct lineedit *le)
{
	emit(le, "\r\n", 2);
}

/* Take the line off the screen, leaving the cursor just after the prompt. */
static void erase_shown_line(struct lineedit *le)
{
	size_t i;

	for (i = 0; i < le->len; i++)
		emit(le, "\b \b", 3);
}

/* ---- editing the buffer ------------------------------------------------------ */

static void set_empty(struct lineedit *le)
{
	le->len = 0;
	le->buf[0] = '\0';
	le->overflow = false;
}

static void insert_char(struct lineedit *le, char c)
{
	if (le->len >= LINE_CHARS) {
		/* Refuse it, and remember: the line the user meant is lost. */
		le->overflow = true;
		ring_bell(le);
		return;
	}
	le->buf[le->len++] = c;
	le->buf[le->len] = '\0';
	emit(le, &c, 1);
}

/*
 * Append the @n bytes at @s, then a space if @space: all of it or, if it does
 * not fit, nothing and a bell.
 */
static void append_completion(struct lineedit *le, const char *s, size_t n, bool space)
{
	size_t old_len = le->len;

	if (n + space > LINE_CHARS - le->len) {
		ring_bell(le);
		return;
	}
	memcpy(le->buf + le->len, s, n);
	le->len += n;
	if (space)
		le->buf[le->len++] = ' ';
	le->buf[le->len] = '\0';
	emit(le, le->buf + old_len, le->len - old_len);
}

static void erase_last_char(struct lineedit *le)
{
	if (!le->len)
		return;
	le->buf[--le->len] = '\0';
	emit(le, "\b \b", 3);
}

static void kill_line(struct lineedit *le)
{
	erase_shown_line(le);
	set_empty(le);
}

/* Show @text instead of the current line. @text never aliases le->buf. */
static void replace_line(struct lineedit *le, const char *text, bool overflow)
{
	erase_shown_line(le);
	le->len = strlen(text);
	memcpy(le->buf, text, le->len + 1);
	le->overflow = overflow;
	emit(le, le->buf, le->len);
}

/* ---- history ----------------------------------------------------------------- */

/* The @k-th newest stored line, 1 <= k <= hist_count. */
static const char *history_entry(const struct lineedit *le, unsigned int k)
{
	return le->hist[(le->hist_next + SHELL_HISTORY - k) % SHELL_HISTORY];
}

static bool is_blank_line(const char *s)
{
	while (*s == ' ')
		s++;
	return *s == '\0';
}

static void history_add(struct lineedit *le)
{
	if (is_blank_line(le->buf))
		return;
	if (le->hist_count && !strcmp(history_entry(le, 1), le->buf))
		return;
	memcpy(le->hist[le->hist_next], le->buf, le->len + 1);
	le->hist_next = (le->hist_next + 1) % SHELL_HISTORY;
	if (le->hist_count < SHELL_HISTORY)
		le->hist_count++;
}

static void history_up(struct lineedit *le)
{
	if (le->hist_pos >= le->hist_count) {
		ring_bell(le);
		return;
	}
	if (le->hist_pos == 0) {
		/* Leaving the new line: keep it for the way back down. */
		memcpy(le->saved, le->buf, le->len + 1);
		le->saved_overflow = le->overflow;
	}
	le->hist_pos++;
	replace_line(le, history_entry(le, le->hist_pos), false);
}

static void history_down(struct lineedit *le)
{
	if (le->hist_pos == 0) {
		ring_bell(le);
		return;
	}
	le->hist_pos--;
	if (le->hist_pos == 0)
		replace_line(le, le->saved, le->saved_overflow);
	else
		replace_line(le, history_entry(le, le->hist_pos), false);
}

/* ---- tab completion ------------------------------------------------------------ */

/* Print every name starting with the @n bytes at @prefix, then the line again. */
static void list_matches(struct lineedit *le, const char *prefix, size_t n)
{
	bool first = true;
	size_t i;

	emit_newline(le);
	for (i = 0; i < le->ncmds; i++) {
		if (!shell_cmd_has_prefix(&le->cmds[i], prefix, n))
			continue;
		if (!first)
			emit(le, "  ", 2);
		emit_str(le, le->cmds[i].name);
		first = false;
	}
	emit_newline(le);
	emit_str(le, le->prompt);
	emit(le, le->buf, le->len);
}

static void complete_command(struct lineedit *le, bool second_tab)
{
	const struct shell_cmd *match;
	size_t start = 0, typed, common, matches;

	while (start < le->len && le->buf[start] == ' ')
		start++;
	typed = le->len - start;
	/* Only the command name completes: nothing once a space follows it. */
	if (memchr(le->buf + start, ' ', typed))
		return;

	matches = shell_complete(le->cmds, le->ncmds, le->buf + start, typed, &match, &common);
	if (matches == 0) {
		ring_bell(le);
		return;
	}
	if (matches == 1) {
		append_completion(le, match->name + typed, common - typed, true);
		return;
	}

	le->tab_pending = true;
	if (common > typed)
		append_completion(le, match->name + typed, common - typed, false);
	else if (second_tab)
		list_matches(le, le->buf + start, typed);
	else
		ring_bell(le);
}

/* ---- escape sequences ---------------------------------------------------------- */

/* The last byte of an escape sequence: act on the arrows we know. */
static void escape_final(struct lineedit *le, uint8_t final)
{
	if (final == 'A')
		history_up(le);
	else if (final == 'B')
		history_down(le);
}

/*
 * Feed @byte to the escape-sequence parser. Returns false if @byte is not part
 * of the sequence (which it ends) and must be handled as a key.
 */
static bool feed_escape(struct lineedit *le, uint8_t byte)
{
	/*
	 * Terminals never put control or 8-bit bytes inside the sequences they
	 * send, so one here is a real key typed after a lone ESC: let Enter and
	 * Ctrl-C through, and let a second ESC start a new sequence.
	 */
	if (byte < 0x20 || byte > 0x7e) {
		le->esc = ESC_NONE;
		return false;
	}

	switch (le->esc) {
	case ESC_START:
		if (byte == '[')
			le->esc = ESC_CSI;
		else if (byte == 'O')
			le->esc = ESC_SS3;
		else
			le->esc = ESC_NONE;	/* ESC x: drop x */
		break;
	case ESC_CSI:
		if (byte < 0x40)
			break;		/* parameter (0x30-0x3f) or intermediate (0x20-0x2f) */
		le->esc = ESC_NONE;
		escape_final(le, byte);
		break;
	case ESC_SS3:
		le->esc = ESC_NONE;
		escape_final(le, byte);
		break;
	default:
		le->esc = ESC_NONE;
		break;
	}
	return true;
}

/* ---- keys -------------------------------------------------------------------- */

static enum le_result end_line(struct lineedit *le, uint8_t enter)
{
	/* CRLF or LFCR is one Enter: swallow the partner if it comes next. */
	le->enter_pair = enter == KEY_CR ? KEY_LF : KEY_CR;
	le->done = true;
	emit_newline(le);
	if (le->overflow) {
		set_empty(le);
		return LE_TOOLONG;
	}
	history_add(le);
	return LE_LINE;
}

static enum le_result cancel_line(struct lineedit *le)
{
	le->done = true;
	emit(le, "^C\r\n", 4);
	set_empty(le);
	return LE_CANCEL;
}

static enum le_result feed_key(struct lineedit *le, uint8_t byte, bool second_tab)
{
	switch (byte) {
	case KEY_CR:
	case KEY_LF:
		return end_line(le, byte);
	case KEY_CTRL_C:
		return cancel_line(le);
	case KEY_BS:
	case KEY_DEL:
		erase_last_char(le);
		break;
	case KEY_CTRL_U:
		kill_line(le);
		break;
	case KEY_TAB:
		complete_command(le, second_tab);
		break;
	case KEY_ESC:
		le->esc = ESC_START;
		break;
	default:
		if (byte >= 0x20 && byte < 0x7f)
			insert_char(le, (char)byte);
		/* other control characters and bytes >= 0x80 are ignored */
		break;
	}
	return LE_PENDING;
}

/* ---- interface ----------------------------------------------------------------- */

void le_init(struct lineedit *le, const char *prompt, le_output_fn out, void *ctx,
	     const struct shell_cmd *cmds, size_t ncmds)
{
	memset(le, 0, sizeof(*le));
	le->prompt = prompt;
	le->out = out;
	le->out_ctx = ctx;
	le->cmds = cmds;
	le->ncmds = cmds ? ncmds : 0;
	le->done = true;	/* the first le_feed() starts a line if le_start() was not called */
}

void le_start(struct lineedit *le)
{
	/* enter_pair survives: the LF of a CRLF may arrive after the new prompt. */
	set_empty(le);
	le->done = false;
	le->tab_pending = false;
	le->esc = ESC_NONE;
	le->hist_pos = 0;
	emit_str(le, le->prompt);
}

enum le_result le_feed(struct lineedit *le, uint8_t byte)
{
	uint8_t pair = le->enter_pair;
	bool second_tab;

	le->enter_pair = 0;
	if (pair && byte == pair)
		return LE_PENDING;
	if (le->done)
		le_start(le);

	/* Any key but tab breaks a run of tabs. */
	second_tab = byte == KEY_TAB && le->tab_pending;
	le->tab_pending = false;

	if (le->esc != ESC_NONE && feed_escape(le, byte))
		return LE_PENDING;
	return feed_key(le, byte, second_tab);
}

char *le_line(struct lineedit *le)
{
	return le->buf;
}
