/*
 * The short-descriptor geometry (ARMv7 B3.5.1, ARMv5 B4.3.1), spelt out for
 * the host tests that check raw short descriptors: the generic builder takes
 * it from struct pt_format instead.
 */
#ifndef PT_SHORT_H
#define PT_SHORT_H

#define PT_L1_ENTRIES	4096
#define PT_L2_ENTRIES	256
#define PT_L1_SIZE	(PT_L1_ENTRIES * 4)
#define PT_L2_SIZE	(PT_L2_ENTRIES * 4)
#define SECTION_SIZE	0x00100000u
#define SECTION_MASK	(SECTION_SIZE - 1)

#endif
