/*
 * Entered with the MMU and caches on: tests/target/chainload.h enters t_boot
 * that way (its own identity tables where t_boot keeps its own, t_boot copied
 * through the data cache, .data left dirty), and every t_boot case must pass.
 */
#include "chainload.h"

static void chain_patch_payload(void)
{
}
