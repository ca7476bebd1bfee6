/*
 * Helpers the shell's memory commands share (src/shell/memrange.c): the
 * ranges the firmware uses, free RAM, the range policy of memcheck.c
 * applied to the live tables, progress lines and fault reports.
 */
#ifndef MEMCMD_H
#define MEMCMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "exception.h"
#include "monitor.h"

/* A long command prints a progress line each time this much is done. */
#define PROGRESS_STEP	(8u << 20)

/* Room for memcmd_fw_ranges(): one entry for RAM below the image, one for
 * each region of the image (guards, stacks, tables and heap included). */
#define FW_RANGES_MAX	32

/* The physical ranges the firmware uses (RAM below the image: the device
 * tree, vectors; each image region), up to @max of them; returns how many. */
size_t memcmd_fw_ranges(struct mem_range *out, size_t max);

/* Free RAM: from the end of the image to the end of mapped RAM. */
void memcmd_free_ram(uint32_t *start, uint32_t *size);

/* shell_range_check() on the live tables, with the firmware's ranges;
 * prints the reason for a refusal. 0 or a negative errno. */
int memcmd_check_range(const char *what, uint32_t addr, uint32_t len, bool write);

/* Is [start, start + len) (not wrapping) free RAM? Prints the firmware
 * range it overlaps, or "<who> only free RAM, <range>", and returns -EPERM. */
int memcmd_check_free(const char *who, uint32_t start, uint32_t len);

/* -E2BIG (printed) if @len is above @max. */
int memcmd_check_len(uint32_t len, uint32_t max);

/* Progress lines "<what>: N of M MiB" every PROGRESS_STEP, when the total is
 * more than one step. */
struct progress {
	const char *what;
	uint32_t total;
	uint32_t next;
};
void progress_start(struct progress *p, const char *what, uint32_t total);
void progress_update(struct progress *p, uint32_t done);

/* The file loady received last: where it is, how long (go runs it).
 * memcmd_loaded() is false before any. */
void memcmd_set_loaded(uint32_t addr, uint32_t size);
bool memcmd_loaded(uint32_t *addr, uint32_t *size);

/* Print the decoded fault and its mapping; returns -EFAULT. */
int memcmd_fault(const struct fault_info *fi);

/* Was Ctrl-C typed? Then prints "^C". */
bool memcmd_interrupted(void);

#endif
