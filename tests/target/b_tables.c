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
	struct pt_usage u;

	printf("bench: board %s\n", board.name);
	printf("bench: ram_base 0x%08lx ram_mapped %lu ram_reported %lu from_dt %d\n",
	       (unsigned long)ram->base, (unsigned long)ram->size,
	       (unsigned long)ram->reported, ram->from_dt ? 1 : 0);
	pt_usage(pt, &u);
	/* per level of the format: the root (LPAE level 1), the top table,
	 * the next-level tables taken */
	printf("bench: format %s\n", pt->fmt->name);
	printf("bench: root_bytes %lu l1_bytes %lu l2_tables %u l2_bytes %lu\n",
	       (unsigned long)u.root, (unsigned long)u.top, pt->l2_in_use, (unsigned long)u.next);
	printf("bench: table_bytes %lu\n", (unsigned long)bytes);
	printf("bench: live_mappings %u\n", ioremap_count());
	CHECK_EQ(bytes, u.root + PT_TOP_BYTES + pt->l2_in_use * pt_next_bytes(pt->fmt));
}
