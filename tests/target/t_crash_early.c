/*
 * A fault before console_init() is reported: a loader (tests/target/
 * chainload.h) enters t_boot with its board description saying there is a
 * device tree at an unmapped address (on versatilepb too, which has none), so the device-tree reader
 * faults while boot_c() sizes RAM, before the console exists. The report
 * goes out through the path of last resort (semihosting here; the console
 * UART at its physical address with the MMU off in the firmware).
 * expect-exit: 2
 * expect-output: *** data abort: translation fault (
 * expect-output: , read at 0xe000000
 * expect-output: mapping at 0xe000000
 * expect-output: return address 0x
 */
#include <stddef.h>
#include "board.h"
#include "chainload.h"

#define UNMAPPED_DTB	0xe0000000u	/* neither RAM nor the I/O window */

static void chain_patch_payload(void)
{
	struct board *b = (struct board *)PAYLOAD_BOARD;

	*(volatile phys_addr_t *)&b->dtb_addr = UNMAPPED_DTB;
	*(volatile bool *)&b->has_dtb = true;
	*(volatile size_t *)&b->dtb_max_size = 1u << 20;
}
