/*
 * Bench image (make bench, make bench-quick): the translation-table memory in
 * use once boot has finished, i.e. what the firmware has when it prints its
 * prompt (the same boot_c(), the same console mapping). tests/bench/bench.py
 * boots it at several -m sizes and reads the "bench:" lines; the harness's TAP
 * lines say whether the figures were sane.
 */
#include "board.h"
#include "harness.h"
#include "ioremap.h"
#include "mmu.h"

TEST(table_memory)
{
	const struct mmu_ram *ram = mmu_ram();
	const struct pgtable *pt = mmu_pgtable();
	size_t bytes = mmu_table_bytes();

	printf("bench: board %s\n", board.name);
	printf("bench: ram_base 0x%08lx ram_mapped %lu ram_reported %lu from_dt %d\n",
	       (unsigned long)ram->base, (unsigned long)ram->size,
	       (unsigned long)ram->reported, ram->from_dt ? 1 : 0);
	printf("bench: l1_bytes %lu l2_tables %u l2_bytes %lu\n", (unsigned long)PT_L1_SIZE,
	       pt->l2_in_use, (unsigned long)pt->l2_in_use * PT_L2_SIZE);
	printf("bench: table_bytes %lu\n", (unsigned long)bytes);
	printf("bench: live_mappings %u\n", ioremap_count());
	CHECK_EQ(bytes, PT_L1_SIZE + pt->l2_in_use * PT_L2_SIZE);
}
