/*
 * Shell parsing: words, numbers and the command table. Pure functions over
 * caller-owned memory; see <shell.h> for the rules each one follows.
 */
#include <string.h>

#include "shell.h"

/* ---- command table ------------------------------------------------------------- */

const struct shell_cmd *shell_find(const struct shell_cmd *tbl, size_t n, const char *name)
{
	size_t i;

	if (!tbl || !name)
		return NULL;
	for (i = 0; i < n; i++)
		if (tbl[i].name && !strcmp(tbl[i].name, name))
			return &tbl[i];
	return NULL;
}

int shell_check_args(const struct shell_cmd *cmd, int argc)
{
	int nargs = argc - 1;	/* argv[0] is the command name */

	if (!cmd || argc < 1 || nargs < cmd->min_args)
		return -EINVAL;
	if (cmd->max_args >= 0 && nargs > cmd->max_args)
		return -E2BIG;
	return 0;
}

bool shell_cmd_has_prefix(const struct shell_cmd *cmd, const char *prefix, size_t len)
{
	return cmd->name && !strncmp(cmd->name, prefix, len);
}

/* How many leading bytes @a and @b share, looking at no more than @limit. */
static size_t shared_prefix_len(const char *a, const char *b, size_t limit)
{
	size_t k = 0;

	while (k < limit && a[k] && a[k] == b[k])
		k++;
	return k;
}

size_t shell_complete(const struct shell_cmd *tbl, size_t n, const char *prefix, size_t len,
		      const struct shell_cmd **first, size_t *common)
{
	const struct shell_cmd *head = NULL;
	size_t i, matches = 0, shared = 0;

	for (i = 0; tbl && i < n; i++) {
		if (!shell_cmd_has_prefix(&tbl[i], prefix, len))
			continue;
		if (!head) {
			head = &tbl[i];
			shared = strlen(head->name);
		} else {
			shared = shared_prefix_len(head->name, tbl[i].name, shared);
		}
		matches++;
	}
	if (first)
		*first = head;
	if (common)
		*common = shared;
	return matches;
}

/* ---- words --------------------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Words are copied down over the quotes removed from them, so the write
 * pointer never passes the read pointer and the line is rewritten in place.
 */
int shell_tokenize(char *line, char *argv[], int maxargs)
{
	char *rd = line, *wr = line;
	int argc = 0;

	if (!line || !argv || maxargs < 0)
		return -EINVAL;

	for (;;) {
		bool quoted = false;

		while (is_blank(*rd))
			rd++;
		if (!*rd)
			return argc;
		if (argc == maxargs)
			return -E2BIG;

		argv[argc++] = wr;
		for (; *rd && (quoted || !is_blank(*rd)); rd++) {
			if (*rd == '"')
				quoted = !quoted;
			else
				*wr++ = *rd;
		}
		if (quoted)
			return -EINVAL;
		/* Step over the blank that ended the word before wr may overwrite it. */
		if (*rd)
			rd++;
		*wr++ = '\0';
	}
}

/* ---- numbers ------------------------------------------------------------------- */

/* Value of a hex or decimal digit, or -1. */
static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bits a size suffix shifts by: K is 10, M is 20; 0 if @c is no suffix. */
static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'k':
	case 'K':
		return 10;
	case 'm':
	case 'M':
		return 20;
	default:
		return 0;
	}
}

/* The grammar of shell_parse_u32(), with values up to max. */
static int parse_number(const char *s, uint64_t max, uint64_t *out)
{
	unsigned int base = 10, shift;
	uint64_t value = 0;
	bool too_big = false;
	const char *digits;
	int d;

	if (!s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}

	/* Read every digit even past overflow: bad syntax outranks -ERANGE. */
	for (digits = s; (d = digit_value(*s)) >= 0 && (unsigned int)d < base; s++) {
		if (value > (max - (uint64_t)d) / base)
			too_big = true;
		else
			value = value * base + (uint64_t)d;
	}
	if (s == digits)
		return -EINVAL;

	shift = suffix_shift(*s);
	if (shift)
		s++;
	if (*s)
		return -EINVAL;

	if (too_big || value > (max >> shift))
		return -ERANGE;
	*out = value << shift;
	return 0;
}

int shell_parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;
	int err = parse_number(s, UINT32_MAX, &v);

	if (!err && out)
		*out = (uint32_t)v;
	return err;
}

int shell_parse_phys(const char *s, phys_addr_t *out)
{
	uint64_t v;
	int err = parse_number(s, PHYS_ADDR_MAX, &v);

	if (!err && out)
		*out = v;
	return err;
}
