/*
 * Commands for QEMU's PCI test devices (include/pcidev.h): edu, pcitest, ivshmem.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "monitor.h"
#include "pcidev.h"

static int edu_run(int argc, char **argv)
{
	uint32_t a = 0, b = 0, c = 0;
	int err;

	if (!strcmp(argv[1], "ident")) {
		err = edu_ident(&a);
		if (!err)
			printf("edu ident 0x%08lx (version %lu.%lu)\n", (unsigned long)a,
			       (unsigned long)(a >> 24), (unsigned long)(a >> 16 & 0xff));
	} else if (!strcmp(argv[1], "live") && argc == 3 &&
		   !(err = shell_parse_arg("value", argv[2], &a))) {
		err = edu_liveness(a, &b);
		if (!err)
			printf("edu liveness 0x%08lx -> 0x%08lx (%s)\n", (unsigned long)a,
			       (unsigned long)b, b == ~a ? "inverted: alive" : "WRONG");
	} else if (!strcmp(argv[1], "fact") && argc == 3 &&
		   !(err = shell_parse_arg("n", argv[2], &a))) {
		err = edu_factorial(a, &b);
		if (!err)
			printf("edu %lu! = %lu (completion interrupt)\n", (unsigned long)a,
			       (unsigned long)b);
	} else if (!strcmp(argv[1], "dma") && argc >= 3 &&
		   !(err = shell_parse_arg("mask bits", argv[2], &a)) &&
		   (argc < 4 || !(err = shell_parse_arg("length", argv[3], &c)))) {
		err = edu_dma_roundtrip(a, argc > 3 ? c : EDU_DMA_MAX, &b, &c);
		if (!err || err == -EIO)
			printf("edu dma: sent crc32 0x%08lx, received crc32 0x%08lx: %s\n",
			       (unsigned long)b, (unsigned long)c, err ? "DIFFERENT" : "same");
	} else {
		printf("error: edu ident | live <v> | fact <n> | dma <mask bits> [len]\n");
		err = -EINVAL;
	}
	return err;
}
SHELL_CMD(edu, "ident|live <v>|fact <n>|dma <mask bits> [len]",
	  "exercise QEMU's edu device (PCI 1234:11e8)", 1, 3, edu_run);

static int cmd_pcitest(int argc, char **argv)
{
	unsigned passed, total;
	int err = pcitest_run(&passed, &total);

	(void)argc;
	(void)argv;
	if (err != -ENODEV)
		printf("pcitest: %u of %u passed\n", passed, total);
	return err;
}
SHELL_CMD(pcitest, "", "run pci-testdev's MMIO and port-I/O tests (PCI 1b36:0005)", 0, 0,
	  cmd_pcitest);

static int cmd_ivshmem(int argc, char **argv)
{
	uint32_t off = 0, len = 0;
	size_t size;
	char *mem;
	int err = ivshmem_memory((void **)&mem, &size);

	if (err)
		return err;
	if (argc == 1) {
		printf("ivshmem: %lu KiB of shared memory at %p\n", (unsigned long)(size >> 10),
		       (void *)mem);
		return 0;
	}
	if (argc < 4 || (err = shell_parse_arg("offset", argv[2], &off)) != 0 || off >= size) {
		printf("error: ivshmem [read <off> <len> | write <off> <text>] inside %lu bytes\n",
		       (unsigned long)size);
		return err ? err : -EINVAL;
	}
	if (!strcmp(argv[1], "write")) {
		len = strlen(argv[3]) + 1;
		if (len > size - off) {
			printf("error: %lu bytes do not fit at 0x%lx\n", (unsigned long)len,
			       (unsigned long)off);
			return -EINVAL;
		}
		memcpy(mem + off, argv[3], len);
		printf("ivshmem: wrote %lu bytes at 0x%lx\n", (unsigned long)len, (unsigned long)off);
		return 0;
	}
	if (strcmp(argv[1], "read")) {
		printf("error: ivshmem read or write, not '%s'\n", argv[1]);
		return -EINVAL;
	}
	err = shell_parse_arg("length", argv[3], &len);
	if (err)
		return err;
	if (len > size - off)
		len = size - off;
	printf("ivshmem: '%.*s'\n", (int)strnlen(mem + off, len), mem + off);
	return 0;
}
SHELL_CMD(ivshmem, "[read <off> <len> | write <off> <text>]",
	  "the shared memory of ivshmem-plain (PCI 1af4:1110)", 0, 3, cmd_ivshmem);
