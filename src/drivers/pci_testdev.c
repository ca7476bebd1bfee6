/* QEMU's pci-testdev (include/pcidev.h): its tests, as kvm-unit-tests runs them. */
#include <errno.h>
#include <stdio.h>
#include "io.h"
#include "pci_host.h"
#include "pcidev.h"

#define HDR_TEST	0
#define HDR_WIDTH	1
#define HDR_OFFSET	4
#define HDR_DATA	8
#define HDR_COUNT	12
#define HDR_NAME	16
#define NAME_MAX	32
#define NR_WRITES	16	/* writes per test: the count the device must report */
#define TESTS_MAX	16
#define TESTDEVS_MAX	4

static struct {
	const char *name;		/* bb:dd.f */
	void __iomem *bar[2];		/* BAR0 memory, BAR1 I/O */
} testdevs[TESTDEVS_MAX];
static unsigned ntestdevs;

static int testdev_probe(struct pci_dev *d)
{
	if (ntestdevs == TESTDEVS_MAX)
		return -ENOSPC;
	testdevs[ntestdevs].name = d->name;
	testdevs[ntestdevs].bar[0] = pci_iomap(d, 0, 0);
	testdevs[ntestdevs].bar[1] = pci_iomap(d, 1, 0);
	if (!testdevs[ntestdevs].bar[0] && !testdevs[ntestdevs].bar[1])
		return -ENOMEM;
	ntestdevs++;
	return 0;
}
PCI_DRIVER(pci_testdev, 0x1b36, 0x0005, testdev_probe);

/*
 * Select test nr on the BAR at hdr, write its signature NR_WRITES times at
 * its offset with its width, and check the count as kvm-unit-tests does. false when
 * the test does not exist (width not 1, 2 or 4) or failed.
 */
static bool run_one(void __iomem *hdr, unsigned nr, char *name)
{
	uint8_t __iomem *h = hdr;
	uint32_t sig, off, width, count;
	unsigned i;

	iowrite8((uint8_t)nr, h + HDR_TEST);
	if (ioread32(h + HDR_COUNT) != 0)
		return false;
	width = ioread8(h + HDR_WIDTH);
	if (width != 1 && width != 2 && width != 4)
		return false;
	sig = ioread32(h + HDR_DATA);
	off = ioread32(h + HDR_OFFSET);
	for (i = 0; i < NAME_MAX - 1 && (name[i] = (char)ioread8(h + HDR_NAME + i)) != 0; i++)
		;
	name[i] = '\0';
	for (i = 0; i < NR_WRITES; i++) {
		if (width == 1)
			iowrite8((uint8_t)sig, h + off);
		else if (width == 2)
			iowrite16((uint16_t)sig, h + off);
		else
			iowrite32(sig, h + off);
	}
	/* An eventfd test's writes go to QEMU's ioeventfd and are never
	 * counted (0); a plain one must have counted every write. */
	count = ioread32(h + HDR_COUNT);
	return count == 0 || count == NR_WRITES;
}

int pcitest_run(unsigned *passed, unsigned *total)
{
	static const char *const space[2] = { "mem", "io" };
	char name[NAME_MAX] = "";
	unsigned d, b, nr;

	*passed = *total = 0;
	if (!pci_host() || !ntestdevs) {	/* the bus first: it probes us */
		printf("pcitest: no pci-testdev (QEMU: -device pci-testdev)\n");
		return -ENODEV;
	}
	for (d = 0; d < ntestdevs; d++) {
		for (b = 0; b < 2; b++) {
			void __iomem *bar = testdevs[d].bar[b];

			for (nr = 0; bar && nr < TESTS_MAX; nr++) {
				bool ok = run_one(bar, nr, name);

				if (!ok && name[0] == '\0')
					break;		/* past the last test */
				printf("%s %3s: %s: %s\n", testdevs[d].name, space[b], name,
				       ok ? "PASS" : "FAIL");
				*passed += ok;
				++*total;
				name[0] = '\0';
			}
		}
	}
	return *passed == *total ? 0 : -EIO;
}
