/* What boot found out, for the banner and the shell. */
#ifndef BOOT_H
#define BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include "compiler.h"

struct boot_info {
	phys_addr_t ram_base;
	size_t ram_size;	/* as probed, before any clamping */
	bool ram_from_dt;
	int dt_status;		/* fdt_find_memory() result, 0 = found */
	int rtc_status;		/* rtc_init() result */
};

const struct boot_info *boot_info(void);

#endif
