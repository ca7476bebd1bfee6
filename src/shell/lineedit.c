/*
 * Line editor for the serial console: one byte in, echo out, a line at Enter.
 *
 * The cursor can sit anywhere in the line (Left, Right, Home, End); the echo
 * is still plain text: printable bytes, "\b" to step left, "\r\n" and the
 * bell. To insert or delete in the middle, the tail of the line is written
 * again and the cursor stepped back over it: nothing a dumb terminal would not
 * understand, and no cursor-addressing sequence to get wrong.
 *
 * Time enters only through le_clock(): the editor itself stays pure.
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
	ESC_CSI,	/* got ESC [ (and maybe parameters), waiting for the final byte */
	ESC_CSI_LINUX,	/* got ESC [ [: the Linux console's F1-F5, one byte follows */
	ESC_SS3,	/* got ESC O, the next byte is the last */
};

/* What a recognised sequence asks for. */
enum esc_key {
	EK_NONE, EK_UP, EK_DOWN, EK_LEFT, EK_RIGHT, EK_HOME, EK_END, EK_DELETE,
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

/* ---- escape sequences ---------------------------------------------------------- */

/* The cursor and history keys, by their final letter (CSI or SS3). */
static enum esc_key letter_key(uint8_t final)
{
	switch (final) {
	case 'A': return EK_UP;
	case 'B': return EK_DOWN;
	case 'C': return EK_RIGHT;
	case 'D': return EK_LEFT;
	case 'H': return EK_HOME;
	case 'F': return EK_END;
	default: return EK_NONE;
	}
}

/* ESC [ n ~: the VT220 editing keypad (1 and 7 Home, 4 and 8 End, as
 * xterm, the Linux console and rxvt send them; 3 Delete). */
static enum esc_key tilde_key(unsigned int n)
{
	switch (n) {
	case 1: case 7: return EK_HOME;
	case 4: case 8: return EK_END;
	case 3: return EK_DELETE;
	default: return EK_NONE;
	}
}

/*
 * A complete CSI sequence with final byte @final. Modifier parameters
 * (ESC [ 1 ; 5 D is Ctrl-Left) do not change what a letter key does;
 * private markers (< = > ?) and intermediate bytes mean a sequence that is
 * not a key, and it is ignored whole.
 */
static enum esc_key csi_key(const struct lineedit *le, uint8_t final)
{
	if (le->esc_odd)
		return EK_NONE;
	if (final == '~')
		return le->esc_nparams == 1 ? tilde_key(le->esc_param) : EK_NONE;
	return letter_key(final);
}

static void do_esc_key(struct lineedit *le, enum esc_key key)
{
	switch (key) {
	case EK_UP: history_up(le); break;
	case EK_DOWN: history_down(le); break;
	case EK_LEFT: cursor_left(le); break;
	case EK_RIGHT: cursor_right(le); break;
	case EK_HOME: cursor_home(le); break;
	case EK_END: cursor_end(le); break;
	case EK_DELETE: delete_at_cursor(le); break;
	case EK_NONE: break;
	}
}

/* A CSI parameter byte (0x30-0x3f): digits, ';' between numbers, or a
 * private marker. Only the first number is kept (saturating). */
static void csi_parameter(struct lineedit *le, uint8_t byte)
{
	if (byte >= '0' && byte <= '9') {
		if (le->esc_nparams == 0)
			le->esc_nparams = 1;
		if (le->esc_nparams == 1 && le->esc_param < 100)
			le->esc_param = (uint8_t)(le->esc_param * 10 + (byte - '0'));
	} else if (byte == ';') {
		le->esc_nparams = (uint8_t)(le->esc_nparams < 2 ? 2 : le->esc_nparams);
	} else {
		le->esc_odd = true;	/* ':' or a private marker < = > ? */
	}
}

static void begin_escape(struct lineedit *le)
{
	le->esc = ESC_START;
	le->esc_param = 0;
	le->esc_nparams = 0;
	le->esc_odd = false;
}

/*
 * Feed @byte to the escape-sequence parser. Returns false if @byte is not part
 * of the sequence (which it ends) and must be handled as a key.
 */
static bool feed_escape(struct lineedit *le, uint8_t byte)
{
	uint8_t state = le->esc;

	/*
	 * Terminals never put control or 8-bit bytes inside the sequences they
	 * send, so one here is a real key typed after a lone ESC: let Enter and
	 * Ctrl-C through, and let a second ESC start a new sequence.
	 */
	if (byte < 0x20 || byte > 0x7e) {
		le->esc = ESC_NONE;
		return false;
	}
	le->esc = ESC_NONE;	/* unless a state below continues it */
	switch (state) {
	case ESC_START:
		if (byte == '[')
			le->esc = ESC_CSI;
		else if (byte == 'O')
			le->esc = ESC_SS3;
		/* ESC x (Alt-x): both bytes dropped */
		break;
	case ESC_CSI:
		if (byte == '[' && !le->esc_nparams && !le->esc_odd) {
			le->esc = ESC_CSI_LINUX;
		} else if (byte < 0x40) {
			le->esc = ESC_CSI;
			if (byte < 0x30)
				le->esc_odd = true;	/* intermediate (0x20-0x2f) */
			else
				csi_parameter(le, byte);
		} else {
			do_esc_key(le, csi_key(le, byte));
		}
		break;
	case ESC_SS3:
		do_esc_key(le, letter_key(byte));
		break;
	default:
		/* ESC_CSI_LINUX: its one byte ends it */
		break;
	}
	if (le->esc != ESC_NONE)
		le->esc_ms = le->now_ms;
	return true;
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
	case KEY_ESC:
		begin_escape(le);
		le->esc_ms = le->now_ms;
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

void le_clock(struct lineedit *le, uint32_t now_ms)
{
	le->now_ms = now_ms;
	/* Terminals send a sequence's bytes together: a pause means the ESC
	 * was a key on its own (or the rest was lost); either way the next
	 * byte is a key again. */
	if (le->esc != ESC_NONE && now_ms - le->esc_ms >= LE_ESC_TIMEOUT_MS)
		le->esc = ESC_NONE;
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
