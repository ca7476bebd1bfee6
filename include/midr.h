/* Naming a CPU from its Main ID Register (pure). */
#ifndef MIDR_H
#define MIDR_H

#include <stddef.h>
#include <stdint.h>

struct cpu_part {
	uint16_t part;		/* MIDR[15:4] */
	const char *name;
};

/* The name of an ARM-designed part (implementer 0x41) found in parts[], or
 * "unknown". */
const char *midr_part_name(uint32_t midr, const struct cpu_part *parts, size_t n);

#endif
