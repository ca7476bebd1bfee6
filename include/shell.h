/*
 * Serial console shell: the hardware-free part.
 *
 * The line editor turns the bytes a terminal sends, one at a time, into
 * complete command lines; it writes its echo only through a callback, so it
 * runs unchanged on the target (PL011) and in host tests. The parser splits a
 * line into words, reads numbers, and looks commands up in a table.
 *
 * Nothing here allocates, touches hardware or keeps state outside the
 * caller's struct lineedit. Errors are negative errno values (<errno.h>).
 */
#ifndef SHELL_H
#define SHELL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pgtable.h"

/* Longest line the editor stores, in bytes including the NUL: 127 characters. */
#ifndef SHELL_LINE_MAX
#define SHELL_LINE_MAX	128
#endif

/* Lines kept for up/down recall; the oldest is dropped when a new one arrives. */
#ifndef SHELL_HISTORY
#define SHELL_HISTORY	16
#endif

/*
 * An escape sequence whose next byte has not come this long after the last
 * one is abandoned (see le_clock()): a lone ESC is a key of its own. A
 * terminal sends a sequence's bytes back to back (a third of a millisecond
 * apart at 115200 baud), but a console reached over a network, or QEMU on a
 * loaded host (its UART model takes one byte per main-loop turn), can space
 * them out; vim waits 100 ms, readline 500 ms, ncurses 1 s.
 */
#ifndef LE_ESC_TIMEOUT_MS
#define LE_ESC_TIMEOUT_MS	200u
#endif

_Static_assert(SHELL_LINE_MAX >= 2, "SHELL_LINE_MAX must hold a character and the NUL");
_Static_assert(SHELL_HISTORY >= 1, "SHELL_HISTORY must keep at least one line");

/* ---- command table ------------------------------------------------------------- */

struct shell_cmd {
	const char *name;	/* entries with a NULL name are skipped everywhere */
	const char *args;	/* usage after the name, e.g. "<addr> [len]" */
	const char *summary;	/* one line for `help` */
	int min_args;		/* arguments after the name, at least ... */
	int max_args;		/* ... and at most; negative: no upper bound */
	int (*fn)(int argc, char **argv);	/* argv[0] is the command name */
};

/*
 * Exact, case-sensitive lookup of @name among the @n entries of @tbl.
 * Returns the entry, or NULL if there is none (or @tbl or @name is NULL).
 */
const struct shell_cmd *shell_find(const struct shell_cmd *tbl, size_t n, const char *name);

/*
 * Check a word count against @cmd's bounds. @argc counts the command name too,
 * exactly as shell_tokenize() returned it, so the command got @argc - 1 arguments.
 * Returns 0 if they are within [min_args, max_args], -EINVAL if too few (or
 * @argc < 1, or @cmd is NULL), -E2BIG if too many.
 */
int shell_check_args(const struct shell_cmd *cmd, int argc);

/* True if @cmd has a name whose first @len bytes equal those of @prefix. */
bool shell_cmd_has_prefix(const struct shell_cmd *cmd, const char *prefix, size_t len);

/*
 * Command-name completion: how many names in @tbl start with the @len bytes at
 * @prefix (which need not be NUL-terminated). *@first gets the first such entry
 * (NULL if none) and *@common the length of the longest prefix all of them
 * share (>= @len when there is a match, 0 otherwise). @first and @common may
 * be NULL.
 */
size_t shell_complete(const struct shell_cmd *tbl, size_t n, const char *prefix, size_t len,
		      const struct shell_cmd **first, size_t *common);

/* ---- parsing ------------------------------------------------------------------- */

/*
 * Split @line in place into words, storing a pointer to each in @argv (which
 * has room for @maxargs pointers and is not NULL-terminated).
 *
 * Words are separated by runs of spaces and tabs. A double quote starts and
 * ends a quoted section in which spaces and tabs are ordinary characters; the
 * quotes themselves are removed and there are no escapes, so `a"b c"d` is the
 * single word "ab cd" and `""` is an empty word.
 *
 * Returns the number of words (0 for an empty or blank line), -E2BIG if there
 * are more than @maxargs words, -EINVAL for an unterminated quote (or a NULL
 * pointer, or @maxargs < 0). The line is read left to right and the first
 * error found is returned; after an error @line and @argv hold partial results.
 */
int shell_tokenize(char *line, char *argv[], int maxargs);

/*
 * Parse an unsigned 32-bit number: decimal ("4096"; leading zeros are still
 * decimal) or hexadecimal after "0x"/"0X" (digits in either case), then an
 * optional suffix K/k (x 1024) or M/m (x 1024 * 1024); nothing else may follow.
 * Examples: "0x1000", "4096", "4K", "0x10k", "1M".
 *
 * Returns 0 and stores the value in *@out (if @out is not NULL); -EINVAL for a
 * NULL or empty string, a sign, a lone "0x", a bad digit, a second suffix or
 * anything trailing (spaces included); -ERANGE if the number, or the number
 * times its suffix, is above 0xFFFFFFFF. A malformed string is -EINVAL even if
 * its digits are also too big. *@out is left alone on error.
 */
int shell_parse_u32(const char *s, uint32_t *out);

/* The same grammar for a physical address: up to PHYS_ADDR_MAX (40 bits,
 * 0xFF_FFFF_FFFF), -ERANGE above. */
int shell_parse_phys(const char *s, phys_addr_t *out);

/* ---- memory access policy (memcheck.c) --------------------------------------- */

/*
 * May the shell read (or, if @write, write) @width bytes (1, 2 or 4) at @va,
 * given the live tables @pt and the physical range of the tables themselves
 * [@tables_pa, @tables_pa + @tables_size)? Returns 0 if it may try (the access
 * can still fault: fault_try() reports that), otherwise sets *@why to the
 * reason and returns
 *   -EINVAL  @va is not @width-aligned and maps Device or Strongly-ordered
 *            memory (faults on silicon, works on QEMU)
 *   -EPERM   a write whose bytes reach the tables' physical pages, through
 *            any mapping
 * Unmapped addresses pass: trying them shows the decoded fault.
 */
int shell_access_check(const struct pgtable *pt, uintptr_t va, unsigned width, bool write,
		       phys_addr_t tables_pa, size_t tables_size, const char **why);

/* A named range of physical (or identity-mapped) memory, [start, start + size). */
struct mem_range {
	const char *name;
	uint32_t start;
	uint32_t size;
};

/* Do [a, a + alen) and [b, b + blen) share a byte? Empty ranges share none;
 * neither range may wrap past 4 GiB. */
bool mem_overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen);

/* Is [start, start + len) wholly inside [base, base + size)? */
bool mem_within(uint32_t start, uint32_t len, uint32_t base, uint32_t size);

/* The first of the @n ranges at @r that [start, start + len) overlaps, or NULL. */
const struct mem_range *mem_first_overlap(const struct mem_range *r, size_t n,
					  uint32_t start, uint32_t len);

/*
 * May a bulk command (crc32, cmp, cp, loady) read (or, if @write, write)
 * the @len bytes at @va (not wrapping past 4 GiB), given the live tables
 * @pt and the @n ranges at @fw that the firmware itself uses (physical)?
 * Each mapping the range crosses is judged by its own attributes and
 * physical address. Returns 0 if it may try (unmapped pages pass: the
 * access shows the fault), otherwise sets *@why and returns
 *   -EINVAL  part of the range maps Device or Strongly-ordered memory
 *   -EPERM   a write that reaches one of @fw, through any mapping
 *            (*@hit points at it; NULL otherwise)
 */
int shell_range_check(const struct pgtable *pt, uint32_t va, uint32_t len, bool write,
		      const struct mem_range *fw, size_t n, const char **why,
		      const struct mem_range **hit);

/* ---- raw receive (rxguard.c) ----------------------------------------------------- */

/*
 * The rx command takes every byte value as data, Ctrl-C (0x03) included, so
 * Ctrl-C stops a transfer the way a modem's "+++" escape does: only on its
 * own, with RX_GUARD_NS of silence before and after it. A Ctrl-C after a
 * silence is held back; data within RX_GUARD_NS after it makes it data, and
 * silence makes it a stop. A Ctrl-C that would complete the transfer is
 * always data. RX_TIMEOUT_NS without a byte ends the transfer too.
 */
#define RX_GUARD_NS	(500ull * 1000000u)
#define RX_TIMEOUT_NS	(10ull * 1000000000u)

struct rx_guard {
	uint32_t len;		/* bytes the transfer wants */
	uint32_t got;		/* bytes released as data so far */
	uint64_t last_ns;	/* when the last byte (or the start) came */
	bool held;		/* a Ctrl-C after a silence, not yet judged */
};

/* Start a transfer of @len bytes at @now_ns. */
void rx_guard_init(struct rx_guard *g, uint32_t len, uint64_t now_ns);

/*
 * @byte arrived at @now_ns (times never go backwards). Stores the bytes it
 * releases as data in @out, in order (a held Ctrl-C, then @byte), and
 * returns how many: 0, 1 or 2. g->got counts them.
 */
unsigned rx_guard_byte(struct rx_guard *g, uint8_t byte, uint64_t now_ns, uint8_t out[2]);

/* Nothing more has arrived by @now_ns: 0 to keep waiting, -EINTR for a
 * Ctrl-C on its own, -ETIMEDOUT after RX_TIMEOUT_NS of silence. */
int rx_guard_idle(const struct rx_guard *g, uint64_t now_ns);

/* ---- terminal keys (keys.c) -------------------------------------------------------- */

/* What a byte from the terminal turned out to be. */
enum key_code {
	KC_BYTE,	/* not part of an escape sequence: handle the byte itself */
	KC_NONE,	/* taken: a sequence goes on, or ended as no key we know */
	KC_UP, KC_DOWN, KC_LEFT, KC_RIGHT, KC_HOME, KC_END, KC_DELETE,
};

/*
 * Escape-sequence decoder. Recognised (xterm and VT100 encodings):
 *   ESC [ A / B / C / D, ESC O A / B / C / D   up, down, right, left
 *   ESC [ H, ESC [ 1 ~, ESC [ 7 ~, ESC O H    Home
 *   ESC [ F, ESC [ 4 ~, ESC [ 8 ~, ESC O F    End
 *   ESC [ 3 ~                                 Delete
 * Everything else is taken whole and gives no key: CSI is ESC [ then
 * parameter (0x30-0x3f) and intermediate (0x20-0x2f) bytes up to a final
 * byte 0x40-0x7e (modifiers keep a letter key: ESC [ 1;5D is left; a private
 * marker, ':' or an intermediate makes it no key); ESC [ [ x (Linux console
 * F1-F5) is four bytes; SS3 is ESC O and one byte; ESC x (Alt-x) is two. A
 * byte outside 0x20-0x7e ends a sequence and is KC_BYTE itself (a second ESC
 * starts a new sequence), so Ctrl-C and Enter always get through. A sequence
 * whose next byte comes LE_ESC_TIMEOUT_MS or more after the last one is
 * abandoned (key_decoder_clock()), so a lone ESC never swallows a key.
 */
struct key_decoder {
	uint8_t state;		/* keys.c */
	uint8_t param;		/* first CSI parameter if one digit (keys.c) */
	uint8_t nparams;	/* CSI parameters seen: 0, 1, or 2 meaning more */
	bool odd;		/* CSI with a private marker or intermediate: no key */
	uint32_t last_ms;	/* when the sequence's last byte came */
};

/* Forget any sequence in progress. */
void key_decoder_reset(struct key_decoder *d);
/* Is a sequence in progress? */
bool key_decoder_busy(const struct key_decoder *d);
/* @byte arrived at @now_ms (a millisecond clock; it may wrap). */
enum key_code key_decode(struct key_decoder *d, uint8_t byte, uint32_t now_ms);
/* The time is @now_ms: abandon a sequence that stalled for the timeout. */
void key_decoder_clock(struct key_decoder *d, uint32_t now_ms);

/* ---- line editor --------------------------------------------------------------- */

/* Where the editor's echo goes: @n bytes at @s, not NUL-terminated. */
typedef void (*le_output_fn)(void *ctx, const char *s, size_t n);

enum le_result {
	LE_PENDING,	/* byte taken; the line is not finished */
	LE_LINE,	/* Enter: le_line() is the finished line */
	LE_CANCEL,	/* Ctrl-C: the line was abandoned ("^C" and a newline shown) */
	LE_TOOLONG,	/* Enter, but characters were refused because the line was full */
};

/*
 * All editor state, public so callers can allocate it statically (about 2.3 KiB
 * with the defaults). Use only through the le_* functions.
 */
struct lineedit {
	/* set by le_init() */
	const char *prompt;
	le_output_fn out;
	void *out_ctx;
	const struct shell_cmd *cmds;	/* names for tab completion */
	size_t ncmds;

	/* the line being edited; always NUL-terminated, buf[len] == '\0' */
	char buf[SHELL_LINE_MAX];
	size_t len;
	size_t cur;		/* cursor: 0 <= cur <= len */
	bool overflow;		/* a character was refused since the line began */
	bool done;		/* LE_LINE/LE_CANCEL/LE_TOOLONG returned, no le_start() since */
	bool tab_pending;	/* last key was a tab that found several names */
	struct key_decoder keys;	/* escape sequences */
	uint32_t now_ms;	/* the time the caller last gave le_clock() */
	uint8_t enter_pair;	/* CR or LF to swallow if it is the very next byte, else 0 */

	/* history: a ring of finished lines, newest at hist_next - 1 */
	char hist[SHELL_HISTORY][SHELL_LINE_MAX];
	unsigned int hist_next;	/* slot the next line goes into */
	unsigned int hist_count;	/* lines stored, <= SHELL_HISTORY */
	unsigned int hist_pos;	/* 0: editing a new line; k: showing the k-th newest */
	char saved[SHELL_LINE_MAX];	/* the new line, kept while browsing history */
	bool saved_overflow;
};

/*
 * Set up @le: @prompt (NULL for none) is printed by le_start(); echo goes to
 * @out(@ctx, ...) (NULL discards it); tab completes against the names in the
 * @ncmds entries of @cmds (NULL/0: tab only rings the bell). The pointers are
 * kept, not copied. History starts empty. Prints nothing.
 */
void le_init(struct lineedit *le, const char *prompt, le_output_fn out, void *ctx,
	     const struct shell_cmd *cmds, size_t ncmds);

/* Print the prompt and start an empty line. History is kept. */
void le_start(struct lineedit *le);

/*
 * Feed one byte from the terminal; returns what it did to the line.
 *
 *   printable (0x20-0x7e)  inserted at the cursor and echoed; once the line holds
 *                          SHELL_LINE_MAX - 1 characters, refused with a bell
 *                          (0x07) and Enter will give LE_TOOLONG
 *   BS (0x08), DEL (0x7f)  erase the character before the cursor; nothing at
 *                          the start
 *   Ctrl-U (0x15)          erase the whole line (and forget refused characters)
 *   Ctrl-C (0x03)          print "^C\r\n", return LE_CANCEL
 *   CR or LF               (cursor to the end) print "\r\n", return LE_LINE
 *                          (or LE_TOOLONG), the whole line whatever the cursor. A CR
 *                          right after an LF that ended a line, or an LF right
 *                          after such a CR, is swallowed: CRLF and LFCR are one
 *                          Enter. Non-blank lines that differ from the newest
 *                          history entry are added to history.
 *   Tab (0x09)             complete the first word: a unique name is finished
 *                          and followed by a space; several names extend it to
 *                          their common prefix (a bell if that adds nothing), and
 *                          a second tab in a row lists them, then redraws the
 *                          prompt and line. No match: bell. Tab once the first
 *                          word is followed by a space does nothing; with
 *                          the cursor before the end of the line: bell.
 *   The keys below arrive as escape sequences (struct key_decoder lists
 *   every encoding); the rest of the line is redrawn after each edit:
 *   up                     recall the previous history line (bell at the
 *                          oldest); the current new line is kept for later
 *   down                   the next newer line, then the kept new line
 *                          (bell if already there). Edits to a recalled line
 *                          are dropped when moving off it.
 *   left, right            move the cursor (nothing at either end)
 *   Home, End              cursor to the start, the end of the line
 *   Delete                 erase the character under the cursor
 *   other sequences        taken whole and ignored; one that stalls for
 *                          LE_ESC_TIMEOUT_MS (le_clock()) is dropped
 *   anything else          ignored (other controls, bytes >= 0x80)
 *
 * After a result other than LE_PENDING the caller should call le_start(); if
 * it feeds another byte first (other than a swallowed CR/LF), le_feed() starts
 * the new line itself, printing the prompt.
 */
enum le_result le_feed(struct lineedit *le, uint8_t byte);

/*
 * Tell the editor the time: @now_ms from any millisecond clock that only
 * moves forward (it may wrap). Call it before each le_feed() and while
 * waiting for input; an escape sequence whose last byte came
 * LE_ESC_TIMEOUT_MS or more before @now_ms is dropped, so the next byte is a
 * key. Without calls the time stands still and sequences never time out.
 * Prints nothing.
 */
void le_clock(struct lineedit *le, uint32_t now_ms);

/*
 * Print the prompt and the line again with the cursor where it was, e.g.
 * after other output moved to a fresh row.
 */
void le_redraw(struct lineedit *le);

/*
 * The current line, NUL-terminated; after LE_LINE, the finished line (empty
 * after LE_CANCEL or LE_TOOLONG). It stays valid, and the caller may modify it
 * in place (e.g. with shell_tokenize()), until the next le_start() or le_feed().
 * History holds its own copy.
 */
char *le_line(struct lineedit *le);

#endif
