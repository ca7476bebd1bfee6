/*
 * What the memory commands share: the ranges the firmware itself uses, the
 * check of a range against them (memcheck.c's policy), progress lines for
 * long work, and the report of a fault taken under fault_try().
 */
#include <stdio.h>
#include <string.h>
#include "exception.h"
#include "memcmd.h"
#include "mmu.h"

size_t memcmd_fw_ranges(struct mem_range *out, size_t max)
{
	const struct mmu_ram *ram = mmu_ram();
	size_t n, k = 0;
	const struct image_region *r = mmu_image_regions(&n);

	/* RAM is identity-mapped (README: the memory map), so the image's
	 * virtual addresses are its physical ones. */
	if (k < max && r[0].start > ram->base)
		out[k++] = (struct mem_range){ "RAM below the image", (uint32_t)ram->base,
					       (uint32_t)(r[0].start - ram->base) };
	for (size_t i = 0; i < n && k < max; i++)
		out[k++] = (struct mem_range){ r[i].name, (uint32_t)r[i].start,
					       (uint32_t)(r[i].end - r[i].start) };
	return k;
}

void memcmd_free_ram(uint32_t *start, uint32_t *size)
{
	const struct mmu_ram *ram = mmu_ram();
	size_t n;
	const struct image_region *r = mmu_image_regions(&n);
	uint32_t end = (uint32_t)r[n - 1].end;

	*start = end;
	*size = (uint32_t)(ram->base + ram->size - end);
}

int memcmd_check_range(const char *what, uint32_t addr, uint32_t len, bool write)
{
	struct mem_range fw[FW_RANGES_MAX];
	size_t n = memcmd_fw_ranges(fw, FW_RANGES_MAX);
	const struct mem_range *hit;
	const char *why;
	int err;

	if (len && len - 1 > UINT32_MAX - addr) {
		printf("error: %s range wraps past 4 GiB\n", what);
		return -EINVAL;
	}
	err = shell_range_check(mmu_pgtable(), addr, len, write, fw, n, &why, &hit);
	if (!err)
		return 0;
	printf("error: refused %s of 0x%08lx-0x%08lx: %s", write ? "write" : "read",
	       (unsigned long)addr, (unsigned long)(addr + len - 1), why);
	if (hit)
		printf(" (%s, 0x%08lx-0x%08lx)", hit->name, (unsigned long)hit->start,
		       (unsigned long)(hit->start + hit->size - 1));
	printf("\n");
	return err;
}

int memcmd_check_free(const char *who, uint32_t start, uint32_t len)
{
	struct mem_range fw[FW_RANGES_MAX];
	size_t n = memcmd_fw_ranges(fw, FW_RANGES_MAX);
	const struct mem_range *hit = mem_first_overlap(fw, n, start, len);
	uint32_t free_start, free_size;

	memcmd_free_ram(&free_start, &free_size);
	if (hit) {
		printf("error: refused: 0x%08lx-0x%08lx overlaps the firmware's %s "
		       "(0x%08lx-0x%08lx)\n", (unsigned long)start,
		       (unsigned long)(start + len - 1), hit->name, (unsigned long)hit->start,
		       (unsigned long)(hit->start + hit->size - 1));
		return -EPERM;
	}
	if (!mem_within(start, len, free_start, free_size)) {
		printf("error: refused: %s only free RAM, 0x%08lx-0x%08lx\n", who,
		       (unsigned long)free_start, (unsigned long)(free_start + free_size - 1));
		return -EPERM;
	}
	return 0;
}

int memcmd_check_len(uint32_t len, uint32_t max)
{
	if (len > max) {
		printf("error: length 0x%lx is more than the %lu MiB this command takes\n",
		       (unsigned long)len, (unsigned long)(max >> 20));
		return -E2BIG;
	}
	return 0;
}

void progress_start(struct progress *p, const char *what, uint32_t total)
{
	p->what = what;
	p->total = total;
	p->next = PROGRESS_STEP;
}

void progress_update(struct progress *p, uint32_t done)
{
	if (p->total <= PROGRESS_STEP)
		return;
	while (done >= p->next && p->next < p->total) {
		printf("%s: %lu of %lu MiB\n", p->what, (unsigned long)(p->next >> 20),
		       (unsigned long)(p->total >> 20));
		p->next += PROGRESS_STEP;
	}
}

static uint32_t loaded_addr, loaded_size;

void memcmd_set_loaded(uint32_t addr, uint32_t size)
{
	loaded_addr = addr;
	loaded_size = size;
}

bool memcmd_loaded(uint32_t *addr, uint32_t *size)
{
	*addr = loaded_addr;
	*size = loaded_size;
	return loaded_size != 0;
}

int memcmd_fault(const struct fault_info *fi)
{
	char line[160];

	fault_format(fi, line, sizeof(line));
	printf("%s\n", line);
	mmu_describe(fi->addr, line, sizeof(line));
	printf("mapping: %s\n", line);
	return -EFAULT;
}

bool memcmd_interrupted(void)
{
	if (!shell_ctrl_c())
		return false;
	printf("^C\n");
	return true;
}
