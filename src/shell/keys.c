/*
 * Terminal key decoder: the escape sequences a terminal sends for cursor and
 * editing keys, turned into key codes (pure; see struct key_decoder in
 * shell.h). The line editor (lineedit.c) acts on what comes out.
 */
#include "shell.h"

#define KEY_ESC		0x1b
#define KEY_PARAM_LONG	UINT8_MAX	/* d->param: a number of two digits or more */

/* d->state: where we are in an escape sequence. */
enum key_state {
	KS_NONE,	/* not in a sequence */
	KS_ESC,		/* got ESC */
	KS_CSI,		/* got ESC [ (and maybe parameters), waiting for the final byte */
	KS_CSI_LINUX,	/* got ESC [ [: the Linux console's F1-F5, one byte follows */
	KS_SS3,		/* got ESC O, the next byte is the last */
};

void key_decoder_reset(struct key_decoder *d)
{
	d->state = KS_NONE;
	d->param = 0;
	d->nparams = 0;
	d->odd = false;
}

bool key_decoder_busy(const struct key_decoder *d)
{
	return d->state != KS_NONE;
}

void key_decoder_clock(struct key_decoder *d, uint32_t now_ms)
{
	/* Terminals send a sequence's bytes together: a pause means the ESC
	 * was a key on its own (or the rest was lost); either way the next
	 * byte is a key again. */
	if (d->state != KS_NONE && now_ms - d->last_ms >= LE_ESC_TIMEOUT_MS)
		key_decoder_reset(d);
}

/* The cursor and history keys, by their final letter (CSI or SS3). */
static enum key_code letter_key(uint8_t final)
{
	switch (final) {
	case 'A': return KC_UP;
	case 'B': return KC_DOWN;
	case 'C': return KC_RIGHT;
	case 'D': return KC_LEFT;
	case 'H': return KC_HOME;
	case 'F': return KC_END;
	default: return KC_NONE;
	}
}

/* ESC [ n ~: the VT220 editing keypad (1 and 7 Home, 4 and 8 End, as
 * xterm, the Linux console and rxvt send them; 3 Delete). */
static enum key_code tilde_key(unsigned int n)
{
	switch (n) {
	case 1: case 7: return KC_HOME;
	case 4: case 8: return KC_END;
	case 3: return KC_DELETE;
	default: return KC_NONE;
	}
}

/*
 * A complete CSI sequence with final byte @final. Modifier parameters
 * (ESC [ 1 ; 5 D is Ctrl-Left) do not change what a letter key does;
 * private markers (< = > ?), ':' and intermediate bytes mean a sequence
 * that is not a key, and it is ignored whole.
 */
static enum key_code csi_key(const struct key_decoder *d, uint8_t final)
{
	if (d->odd)
		return KC_NONE;
	if (final == '~')
		return d->nparams == 1 ? tilde_key(d->param) : KC_NONE;
	return letter_key(final);
}

/*
 * A CSI parameter byte (0x30-0x3f). Only the first number is kept, and only
 * as far as tilde_key() can tell keys apart: every key it knows is one
 * digit, so a number is its value up to 9 and KEY_PARAM_LONG past that
 * (leading zeros skipped: ESC [ 0 3 ~ is 3). Never an 8-bit total, which
 * would wrap (ESC [ 2 5 9 ~ read as 3, Delete).
 */
static void csi_parameter(struct key_decoder *d, uint8_t byte)
{
	if (byte >= '0' && byte <= '9') {
		if (d->nparams == 0)
			d->nparams = 1;
		if (d->nparams == 1)
			d->param = d->param ? KEY_PARAM_LONG : (uint8_t)(byte - '0');
	} else if (byte == ';') {
		d->nparams = 2;
	} else {
		d->odd = true;	/* ':' or a private marker < = > ? */
	}
}

/* @byte inside a sequence, in state @state (d->state is already KS_NONE). */
static enum key_code continue_sequence(struct key_decoder *d, uint8_t state, uint8_t byte)
{
	switch (state) {
	case KS_ESC:
		if (byte == '[')
			d->state = KS_CSI;
		else if (byte == 'O')
			d->state = KS_SS3;
		return KC_NONE;	/* or ESC x (Alt-x): both bytes dropped */
	case KS_CSI:
		if (byte == '[' && !d->nparams && !d->odd) {
			d->state = KS_CSI_LINUX;
		} else if (byte < 0x40) {
			d->state = KS_CSI;
			if (byte < 0x30)
				d->odd = true;	/* intermediate (0x20-0x2f) */
			else
				csi_parameter(d, byte);
		} else {
			return csi_key(d, byte);
		}
		return KC_NONE;
	case KS_SS3:
		return letter_key(byte);
	default:
		return KC_NONE;	/* KS_CSI_LINUX: its one byte ends it */
	}
}

enum key_code key_decode(struct key_decoder *d, uint8_t byte, uint32_t now_ms)
{
	uint8_t state = d->state;
	enum key_code key;

	/*
	 * Terminals never put control or 8-bit bytes inside the sequences they
	 * send, so one here is a real key typed after a lone ESC: it ends the
	 * sequence and counts as itself, so Enter and Ctrl-C always work and
	 * a second ESC starts a new sequence.
	 */
	if (state != KS_NONE && (byte < 0x20 || byte > 0x7e)) {
		key_decoder_reset(d);
		state = KS_NONE;
	}
	if (state == KS_NONE) {
		if (byte != KEY_ESC)
			return KC_BYTE;
		key_decoder_reset(d);
		d->state = KS_ESC;
		d->last_ms = now_ms;
		return KC_NONE;
	}
	d->state = KS_NONE;	/* unless the sequence goes on */
	key = continue_sequence(d, state, byte);
	if (d->state != KS_NONE)
		d->last_ms = now_ms;
	return key;
}
