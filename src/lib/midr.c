#include "midr.h"

/* MIDR: implementer [31:24] (0x41 = ARM Ltd), primary part number [15:4]
 * (ARM ARM B4.1.105 on ARMv7; the same fields on ARMv5 since ARMv4T). */
const char *midr_part_name(uint32_t midr, const struct cpu_part *parts, size_t n)
{
	if ((midr >> 24) != 0x41)
		return "unknown";
	for (size_t i = 0; i < n; i++)
		if (parts[i].part == ((midr >> 4) & 0xfff))
			return parts[i].name;
	return "unknown";
}
