/* Foundation: C runtime set up, exceptions taken and decoded, heap bounds. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch.h"
#include "device.h"
#include "exception.h"
#include "fdt.h"
#include "harness.h"
#include "timer.h"

static uint8_t zeroed[256];
static uint32_t initialised = 0x12345678;

/* Instructions at known addresses, each in its own little function. */
extern char undef_insn[], svc_insn[], unaligned_load[];
void raise_undef(void *arg);
void raise_svc(void *arg);
void load_unaligned(void *arg);
__asm__(
	".text\n.arm\n"
	".global raise_undef\nraise_undef:\n"
	".global undef_insn\nundef_insn: .word 0xe7f000f0\n"	/* UDF #0 (A8.8.247) */
	"bx lr\n"
	".global raise_svc\nraise_svc:\n"
	".global svc_insn\nsvc_insn: svc #0x42\n"
	"bx lr\n"
	".global load_unaligned\nload_unaligned:\n"
	".global unaligned_load\nunaligned_load: ldr r0, [r0]\n"
	"bx lr\n");

TEST(bss_is_zero_and_data_initialised)
{
	for (size_t i = 0; i < sizeof(zeroed); i++)
		CHECK_EQ(zeroed[i], 0);
	CHECK_EQ(initialised, 0x12345678);
}

TEST(undefined_instruction_is_reported)
{
	struct fault_info fi;
	char line[160];

	CHECK_EQ(fault_try(raise_undef, NULL, &fi), -EFAULT);
	CHECK_EQ(fi.type, EXC_UNDEF);
	CHECK_EQ(fi.pc, (uintptr_t)undef_insn);
	CHECK_EQ(fi.insn, 0xe7f000f0);
	fault_format(&fi, line, sizeof(line));
	CHECK_STR_CONTAINS(line, "undefined instruction: 0xe7f000f0 at pc 0x");
}

TEST(svc_is_reported)
{
	struct fault_info fi;
	char line[160];

	CHECK_EQ(fault_try(raise_svc, NULL, &fi), -EFAULT);
	CHECK_EQ(fi.type, EXC_SVC);
	CHECK_EQ(fi.pc, (uintptr_t)svc_insn);
	CHECK_EQ(fi.insn, 0x42);
	fault_format(&fi, line, sizeof(line));
	CHECK_STR_CONTAINS(line, "supervisor call: svc #0x42");
}

TEST(alignment_fault_is_reported)
{
	static uint32_t words[2] = { 0x11223344, 0x55667788 };
	uintptr_t odd = (uintptr_t)words + 1;
	struct fault_info fi;
	bool was;
	int ret;

	/* With SCTLR.A off an unaligned LDR to Normal memory just works ... */
	CHECK_EQ(fault_try(load_unaligned, (void *)odd, &fi), 0);
	/* ... with it on, it is an alignment fault (ARM ARM A3.2.1). */
	was = arch_alignment_check(true);
	ret = fault_try(load_unaligned, (void *)odd, &fi);
	arch_alignment_check(was);
	CHECK_EQ(ret, -EFAULT);
	CHECK_EQ(fi.type, EXC_DABT);
	CHECK_EQ(fi.fs.cls, FAULT_ALIGNMENT);
	CHECK_EQ(fi.addr, odd);
	CHECK_EQ(fi.pc, (uintptr_t)unaligned_load);
	CHECK(fi.fs.wnr_valid && !fi.fs.is_write);
}

TEST(fault_try_returns_zero_without_fault)
{
	struct fault_info fi = { .type = 99 };

	CHECK_EQ(fault_try(load_unaligned, &initialised, &fi), 0);
	CHECK_EQ(fi.type, 99);		/* untouched */
}

TEST(malloc_exhaustion_returns_null_and_heap_survives)
{
	enum { CHUNK = 16 * 1024, MAX = 64 };
	void *chunks[MAX];
	unsigned n = 0;
	void *p;

	CHECK(malloc(1u << 30) == NULL);
	errno = 0;
	while (n < MAX && (chunks[n] = malloc(CHUNK)) != NULL) {
		memset(chunks[n], 0xa5, CHUNK);
		n++;
	}
	CHECK(n < MAX);			/* the 256 KiB heap ran out */
	CHECK(n >= 8);
	CHECK_EQ(errno, ENOMEM);
	while (n)
		free(chunks[--n]);
	p = malloc(4 * CHUNK);		/* freed space is usable again */
	CHECK(p != NULL);
	memset(p, 0x5a, 4 * CHUNK);
	free(p);
}

/* ---- entry: whatever mode reset left, the firmware runs in SVC ---- */

static const char *boot_mode_name(enum arch_boot_mode m)
{
	return m == ARCH_BOOT_HYP ? "hyp" : m == ARCH_BOOT_SECURE ? "secure" : "non-secure";
}

TEST(runs_in_svc_mode_whatever_mode_reset_left)
{
	uint32_t cpsr;

	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	printf("# entered %s, running with cpsr 0x%08lx\n", boot_mode_name(arch_boot_mode()),
	       (unsigned long)cpsr);
	CHECK_EQ(cpsr & 0x1f, 0x13);		/* SVC */
}

/* The tick is the timer PL1 was given: after a Hyp entry, CNTHCTL must let
 * PL1 use the physical timer. Bounded by the clocksource, never by the tick. */
TEST(the_tick_advances)
{
	uint64_t start = uptime_ns(), t0 = ticks();

	while (uptime_ns() - start < 20000000ull)
		;
	if (ticks() == t0)
		return test_fail(__FILE__, __LINE__, "no tick in 20 ms (entered %s)",
				 boot_mode_name(arch_boot_mode()));
}

/* An HVC from PL1 after a Hyp entry reaches the stub at HVBAR, which answers
 * PSCI NOT_SUPPORTED (-1) and returns past the HVC. */
static void call_hvc(void *arg)
{
	register int32_t r0 __asm__("r0") = (int32_t)0x84000000;	/* PSCI_VERSION */

	__asm__ volatile(".inst 0xe1400070" : "+r"(r0) :: "memory");	/* HVC #0 */
	*(int32_t *)arg = r0;
}

TEST(hyp_stub_answers_an_hvc)
{
	struct fault_info fi;
	int32_t ret = 0;

	if (arch_boot_mode() != ARCH_BOOT_HYP)
		SKIP("not entered in Hyp mode");
	CHECK_EQ(fault_try(call_hvc, &ret, &fi), 0);
	CHECK_EQ(ret, -1);
}

/*
 * memset() (src/boot/memset.S): every start alignment, lengths across each
 * of its stages (bytes to a word boundary, 128- and 32-byte stores, words,
 * bytes), every byte of the value used: the range holds the value, nothing
 * around it moved, and it returns its first argument. Called through a
 * volatile pointer, so the compiler cannot expand it inline.
 */
TEST(memset_fills_exactly_the_range)
{
	static uint8_t buf[600];
	void *(*volatile set)(void *, int, size_t) = memset;
	static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 31, 32, 33, 63, 64, 127, 128,
				       129, 159, 160, 161, 255, 256, 257, 300, 511, 512, 513 };

	for (size_t off = 0; off < 8; off++)
		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
			size_t n = lens[l];
			int c = 0x100 | (int)(0x5a + off + l);	/* only the low byte counts */

			for (size_t i = 0; i < sizeof(buf); i++)
				buf[i] = (uint8_t)(i * 7 + 1);
			CHECK(set(buf + 16 + off, c, n) == buf + 16 + off);
			for (size_t i = 0; i < sizeof(buf); i++) {
				bool in = i >= 16 + off && i < 16 + off + n;

				if (buf[i] != (in ? (uint8_t)c : (uint8_t)(i * 7 + 1))) {
					test_fail(__FILE__, __LINE__, "off %u len %u: byte %u is 0x%02x",
						  (unsigned)off, (unsigned)n, (unsigned)i, buf[i]);
					return;
				}
			}
		}
}

/*
 * memcpy() (src/boot/memcpy.S): every source and destination offset in a
 * word (equal ones take the 32-byte path, others the byte path), lengths
 * across its stages: the destination gets exactly the source's bytes,
 * nothing around it moves, and it returns its first argument.
 */
TEST(memcpy_copies_exactly_the_range)
{
	static uint8_t src[400], dst[400];
	void *(*volatile copy)(void *, const void *, size_t) = memcpy;
	static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 31, 32, 33, 35, 36, 63, 64, 65,
				       100, 127, 128, 129, 255, 256, 257, 300 };

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 13 + 5);
	for (size_t so = 0; so < 4; so++)
		for (size_t d_off = 0; d_off < 4; d_off++)
			for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
				size_t n = lens[l], d0 = 16 + d_off;

				for (size_t i = 0; i < sizeof(dst); i++)
					dst[i] = (uint8_t)(i * 7 + 1);
				CHECK(copy(dst + d0, src + so, n) == dst + d0);
				for (size_t i = 0; i < sizeof(dst); i++) {
					bool in = i >= d0 && i < d0 + n;
					uint8_t want = in ? src[so + i - d0] : (uint8_t)(i * 7 + 1);

					if (dst[i] != want) {
						test_fail(__FILE__, __LINE__,
							  "src +%u dst +%u len %u: byte %u is 0x%02x",
							  (unsigned)so, (unsigned)d_off, (unsigned)n,
							  (unsigned)i, dst[i]);
						return;
					}
				}
			}
}

/*
 * Records no driver needs at boot (virtio-mmio) are built when asked for:
 * every such node of the tree, in tree order, gets its record with the
 * node's reg and interrupt, after every other record, each once.
 */
TEST(deferred_records_are_built_when_listed)
{
	const struct fdt *t = device_tree();
	unsigned k = 0, listed = 0;
	size_t n;
	int node;

	if (!t || device_source() != DEV_FROM_TREE)
		SKIP("no device tree: the records come from board data");
	if (fdt_next_compatible(t, -1, "virtio,mmio") < 0)
		SKIP("no virtio-mmio node in this tree");
	for (node = fdt_next_compatible(t, -1, "virtio,mmio"); node >= 0;
	     node = fdt_next_compatible(t, node, "virtio,mmio"), k++) {
		char name[DEV_NAME_MAX];
		const struct device *d;
		struct fdt_prop reg;
		uint64_t addr, size;

		snprintf(name, sizeof(name), "virtio%u", k);
		d = device_find(name, "virtio,mmio");
		CHECK(d != NULL);
		CHECK_EQ(d->node, node);
		CHECK_EQ(fdt_get_prop(t, node, "reg", &reg), 0);
		CHECK_EQ(fdt_reg_decode(&reg, d->bus_ac, d->bus_sc, 0, &addr, &size), 0);
		CHECK_EQ(d->nreg, 1);
		CHECK(d->reg[0].addr == addr && d->reg[0].size == size);
		CHECK_EQ(d->nirq, 1);
		CHECK(d->irq[0] >= 32);		/* an SPI */
	}
	n = device_count();
	for (size_t i = 0; i < n; i++) {
		bool virtio = device_is_compatible(device_at(i), "virtio,mmio");

		CHECK(!virtio || i >= n - k);	/* after every other record */
		listed += virtio;
	}
	CHECK_EQ(listed, k);
}
