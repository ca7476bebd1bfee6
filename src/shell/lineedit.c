/*
 * Line editor for the serial console: one byte in, echo out, a line at Enter.
 *
 * The cursor can sit anywhere in the line (Left, Right, Home, End); the echo
 * is still plain text: printable bytes, "\b" to step left, "\r\n" and the
 * bell. To insert or delete in the middle, the tail of the line is written
 * again and the cursor stepped back over it: nothing a dumb terminal would not
 * understand, and no cursor-addressing sequence to get wrong.
 *
 * Escape sequences are decoded into keys by keys.c. Time enters only through
 * le_clock(): the editor itself stays pure.
 */
#include <string.h>

#include "shell.h"

#define KEY_CTRL_C	0x03
#define KEY_BS		0x08
#define KEY_TAB		0x09
#define KEY_LF		0x0a
#define KEY_CR		0x0d
#define KEY_CTRL_U	0x15
#define KEY_DEL		0x7f

/* Longest text the buffer holds, leaving room for the NUL. */
#define LINE_CHARS	(SHELL_LINE_MAX - 1)

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

/* @n copies of the character @c. */
static void emit_run(struct lineedit *le, char c, size_t n)
{
	char run[16];

	memset(run, c, sizeof(run));
	while (n) {
		size_t k = n < sizeof(run) ? n : sizeof(run);

		emit(le, run, k);
		n -= k;
	}
}

static void ring_bell(struct lineedit *le)
{
	emit(le, "\a", 1);
}

static void emit_newline(struct lineedit *le)
{
	emit(le, "\r\n", 2);
}

/*
 * Show buf[from..len) at the cursor (which is at column @from), blank
 * @stale cells after it (what a shorter line leaves behind), and put the
 * cursor back at le->cur.
 */
static void redraw_from(struct lineedit *le, size_t from, size_t stale)
{
	emit(le, le->buf + from, le->len - from);
	emit_run(le, ' ', stale);
	emit_run(le, '\b', le->len + stale - le->cur);
}

/* ---- editing the buffer ------------------------------------------------------ */

static void set_empty(struct lineedit *le)
{
	le->len = 0;
	le->cur = 0;
	le->buf[0] = '\0';
	le->overflow = false;
}

static void insert_char(struct lineedit *le, char c)
{
	size_t at = le->cur;

	if (le->len >= LINE_CHARS) {
		/* Refuse it, and remember: the line the user meant is lost. */
		le->overflow = true;
		ring_bell(le);
		return;
	}
	memmove(le->buf + at + 1, le->buf + at, le->len - at + 1);
	le->buf[at] = c;
	le->len++;
	le->cur++;
	redraw_from(le, at, 0);
}

/*
 * Append the @n bytes at @s, then a space if @space: all of it or, if it does
 * not fit, nothing and a bell. The cursor is at the end.
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
	le->cur = le->len;
	emit(le, le->buf + old_len, le->len - old_len);
}

/* Delete the character under the cursor; nothing at the end of the line. */
static void delete_at_cursor(struct lineedit *le)
{
	size_t at = le->cur;

	if (at == le->len)
		return;
	memmove(le->buf + at, le->buf + at + 1, le->len - at);
	le->len--;
	redraw_from(le, at, 1);
}

static void erase_before_cursor(struct lineedit *le)
{
	if (!le->cur)
		return;
	le->cur--;
	emit(le, "\b", 1);
	delete_at_cursor(le);
}

static void cursor_left(struct lineedit *le)
{
	if (le->cur) {
		le->cur--;
		emit(le, "\b", 1);
	}
}

static void cursor_right(struct lineedit *le)
{
	if (le->cur < le->len)
		emit(le, le->buf + le->cur++, 1);
}

static void cursor_home(struct lineedit *le)
{
	emit_run(le, '\b', le->cur);
	le->cur = 0;
}

static void cursor_end(struct lineedit *le)
{
	emit(le, le->buf + le->cur, le->len - le->cur);
	le->cur = le->len;
}

/* Take the line off the screen, leaving the cursor just after the prompt. */
static void erase_shown_line(struct lineedit *le)
{
	cursor_end(le);
	for (size_t i = 0; i < le->len; i++)
		emit(le, "\b \b", 3);
}

/* Show @text instead of the current line, cursor at its end. @text never
 * aliases le->buf. */
static void replace_line(struct lineedit *le, const char *text, bool overflow)
{
	erase_shown_line(le);
	le->len = strlen(text);
	memcpy(le->buf, text, le->len + 1);
	le->cur = le->len;
	le->overflow = overflow;
	emit(le, le->buf, le->len);
}

static void kill_line(struct lineedit *le)
{
	replace_line(le, "", false);
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
	le_redraw(le);
}

static void complete_command(struct lineedit *le, bool second_tab)
{
	const struct shell_cmd *match;
	size_t start = 0, typed, common, matches;

	/* Completion appends: only with the cursor at the end of the line. */
	if (le->cur != le->len) {
		ring_bell(le);
		return;
	}
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

/* ---- keys from escape sequences ------------------------------------------------ */

static void do_key(struct lineedit *le, enum key_code key)
{
	switch (key) {
	case KC_UP: history_up(le); break;
	case KC_DOWN: history_down(le); break;
	case KC_LEFT: cursor_left(le); break;
	case KC_RIGHT: cursor_right(le); break;
	case KC_HOME: cursor_home(le); break;
	case KC_END: cursor_end(le); break;
	case KC_DELETE: delete_at_cursor(le); break;
	case KC_BYTE: case KC_NONE: break;
	}
}

/* ---- keys -------------------------------------------------------------------- */

static enum le_result end_line(struct lineedit *le, uint8_t enter)
{
	/* CRLF or LFCR is one Enter: swallow the partner if it comes next. */
	le->enter_pair = enter == KEY_CR ? KEY_LF : KEY_CR;
	le->done = true;
	/* The terminal's cursor goes to the end first, or "\r\n" would split
	 * the line on the screen. */
	cursor_end(le);
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
	cursor_end(le);
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
		erase_before_cursor(le);
		break;
	case KEY_CTRL_U:
		kill_line(le);
		break;
	case KEY_TAB:
		complete_command(le, second_tab);
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
	key_decoder_reset(&le->keys);
	le->hist_pos = 0;
	emit_str(le, le->prompt);
}

void le_clock(struct lineedit *le, uint32_t now_ms)
{
	le->now_ms = now_ms;
	key_decoder_clock(&le->keys, now_ms);
}

void le_redraw(struct lineedit *le)
{
	emit_str(le, le->prompt);
	emit(le, le->buf, le->len);
	emit_run(le, '\b', le->len - le->cur);
}

enum le_result le_feed(struct lineedit *le, uint8_t byte)
{
	uint8_t pair = le->enter_pair;
	enum key_code key;
	bool second_tab;

	le->enter_pair = 0;
	if (pair && byte == pair)
		return LE_PENDING;
	if (le->done)
		le_start(le);

	/* Any key but tab breaks a run of tabs. */
	second_tab = byte == KEY_TAB && le->tab_pending;
	le->tab_pending = false;

	key = key_decode(&le->keys, byte, le->now_ms);
	if (key != KC_BYTE) {
		do_key(le, key);
		return LE_PENDING;
	}
	return feed_key(le, byte, second_tab);
}

char *le_line(struct lineedit *le)
{
	return le->buf;
}
