/*
 * devid <dev | 0xphys> [wc]: map a device's first page at the start of the
 * mmap area (a fixed address, so every run uses the same one) and print the
 * PrimeCell part number from its peripheral ID registers (PL011 0x011,
 * PL031 0x031, PL061 0x061), or why the mapping was refused.
 */
#include "ulib.h"

#define PERIPHID0	0xfe0
#define PERIPHID1	0xfe4

static unsigned long parse_hex(const char *s)
{
	unsigned long v = 0;

	for (s += 2; *s; s++)
		v = v * 16 + (unsigned long)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
	return v;
}

int main(int argc, char *argv[])
{
	const char *dev = argc > 1 ? argv[1] : "rtc";
	int phys = dev[0] == '0' && dev[1] == 'x';
	int flags = MAP_POPULATE | (argc > 2 && !u_strcmp(argv[2], "wc") ? MAP_WC : 0);
	volatile uint32_t *r = u_mmap((void *)USER_MMAP_BASE, 4096, PROT_READ,
				      flags | (phys ? MAP_PHYS : 0), phys ? 0 : dev,
				      phys ? parse_hex(dev) : 0);

	u_puts("devid: ");
	u_puts(dev);
	if (u_failed((const void *)r)) {
		u_puts(": mmap refused: ");
		u_putdec((long)r);
		u_puts("\n");
		return 1;
	}
	u_puts(" at ");
	u_puthex((unsigned long)r);
	u_puts(", part ");
	u_puthex((r[PERIPHID0 / 4] & 0xff) | ((r[PERIPHID1 / 4] & 0xf) << 8));
	u_puts("\n");
	return 0;
}
