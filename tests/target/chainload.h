/*
 * A boot loader's `go` in miniature, for the chain-loading test images
 * (t_chainload, t_crash_early; built by their own Makefile rule, not with
 * the harness). The image turns on its own identity-mapped MMU and the
 * caches, copies a test image (t_boot) to its load address through the data
 * cache, so the copy sits in dirty lines, and jumps to its entry with the MMU
 * and caches still on. Its TAP output is the payload's. It passes only if the
 * firmware's reset path copes: clean the data cache (not just invalidate it,
 * which on silicon loses the dirty image) and turn the MMU off before it
 * relies on anything the loader set up.
 *
 * The loader's first-level table sits where the payload keeps its own
 * (__pt_l1): a loader does not know the next image's memory, and an image
 * that keeps running on the loader's tables wrecks them when it zeroes its
 * own, so the run fails unless the MMU goes off first. QEMU models no
 * caches: what it cannot show (a lost dirty line) the ARM ARM rule in
 * src/boot/<arch>/arch.c has to carry.
 *
 * Built with -DPAYLOAD_BIN, PAYLOAD_LOAD, PAYLOAD_ENTRY, PAYLOAD_TEXT_END,
 * LOADER_L1 (the payload's __pt_l1) and PAYLOAD_BOARD (its `board`) by the
 * Makefile rule; freestanding: no C library, no harness. The including file
 * defines chain_patch_payload(), run after the copy and before the jump.
 */
#ifndef CHAINLOAD_H
#define CHAINLOAD_H

#include <stdint.h>

#ifdef __CHECKER__	/* sparse reads this file without the build's values */
#define PAYLOAD_BIN		"t_boot.bin"
#define PAYLOAD_LOAD		0x40100000u
#define PAYLOAD_ENTRY		0x40100040u
#define PAYLOAD_TEXT_END	0x4010d000u
#define LOADER_L1		0x40134000u
#define PAYLOAD_BOARD		0x4010c000u
#endif

#define SCTLR_M		(1u << 0)
#define SCTLR_C		(1u << 2)
#define SCTLR_I		(1u << 12)
#define DACR_ALL_CLIENT	0x55555555u

/* First-level section descriptor (ARM ARM B3.5.1; DDI 0100I B4.4.1):
 * AP = 0b11 (read/write), domain 0. Bit 4 is XN on ARMv6 and later and
 * "should be one" on ARMv5. */
#define SECT		0x2u
#define SECT_B		(1u << 2)
#define SECT_C		(1u << 3)
#define SECT_BIT4	(1u << 4)
#define SECT_AP_RW	(3u << 10)
#if __ARM_ARCH >= 6
#define SECT_RAM	(SECT | SECT_C | SECT_B | SECT_AP_RW)		/* write-back */
#define SECT_OTHER	(SECT | SECT_BIT4 | SECT_AP_RW)			/* SO, XN */
#else
#define SECT_RAM	(SECT | SECT_BIT4 | SECT_C | SECT_B | SECT_AP_RW)
#define SECT_OTHER	(SECT | SECT_BIT4 | SECT_AP_RW)
#endif

void chain_start(void);
void chain_main(void);
static void chain_patch_payload(void);
extern uint64_t chain_stack[512];
extern const uint8_t payload[], payload_end[];

__asm__(".section .payload, \"a\"\n"
	".balign 4\n"
	".global payload\npayload:\n"
	".incbin \"" PAYLOAD_BIN "\"\n"
	".balign 4\n"
	".global payload_end\npayload_end:\n"
	".text\n");

uint64_t chain_stack[512];

__asm__(".text\n.arm\n.global chain_start\nchain_start:\n"
	"ldr sp, =chain_stack + 4096\n"
	"b chain_main\n");

static inline void write_cp15_ttbr0(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 0" :: "r"(v) : "memory");
}

static inline void write_cp15_dacr(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c3, c0, 0" :: "r"(v) : "memory");
}

static inline uint32_t read_cp15_sctlr(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v) :: "memory");
	return v;
}

static inline void write_cp15_sctlr(uint32_t v)
{
	/* The mov pc refetches: no ISB on ARMv5, and this is identity-mapped. */
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\t"
			 "mov r0, r0\n\t"
			 "sub pc, pc, #4\n\t"
			 "mov r0, r0" :: "r"(v) : "r0", "memory");
}

/* Identity map of the whole 4 GiB: the RAM this runs in write-back
 * cacheable, everything else Strongly-ordered. TTBCR and SCTLR.TRE stay at
 * their reset value of 0 (short descriptors, no remap). */
static void mmu_and_caches_on(uint32_t *l1, uint32_t ram_base, uint32_t ram_size)
{
	for (uint32_t i = 0; i < 4096; i++) {
		uint32_t va = i << 20;
		int ram = va - ram_base < ram_size;

		l1[i] = va | (ram ? SECT_RAM : SECT_OTHER);
	}
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4\n\t"	/* drain / DSB */
			 "mcr p15, 0, %0, c8, c7, 0\n\t"	/* invalidate TLB */
			 "mcr p15, 0, %0, c7, c5, 0"		/* invalidate I-cache */
			 :: "r"(0) : "memory");
	write_cp15_ttbr0((uint32_t)l1);
	write_cp15_dacr(DACR_ALL_CLIENT);
	write_cp15_sctlr(read_cp15_sctlr() | SCTLR_M | SCTLR_C | SCTLR_I);
}

void chain_main(void)
{
	volatile uint32_t *dst = (volatile uint32_t *)PAYLOAD_LOAD;
	const uint32_t *src = (const uint32_t *)payload;
	uint32_t words = (uint32_t)(payload_end - payload) / 4;

	/* 128 MiB of RAM from the base the payload is linked in. */
	mmu_and_caches_on((uint32_t *)LOADER_L1, PAYLOAD_LOAD & 0xf0000000u, 128u << 20);
	/* The copy goes through the data cache: dirty lines. */
	for (uint32_t i = 0; i < words; i++)
		dst[i] = src[i];
	/* Instructions written as data must reach where the I-side fetches
	 * (ARM ARM B2.2.9): clean the payload's code by MVA (c7, c10, 1 on
	 * both ARMv5 and ARMv7; a 32-byte step covers 32- and 64-byte lines),
	 * then invalidate the I-cache. Its .data stays dirty, as the rest of a
	 * loader's work would: t_boot checks that .data keeps its values. */
	for (uint32_t a = PAYLOAD_LOAD; a < PAYLOAD_TEXT_END; a += 32)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" :: "r"(a) : "memory");
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4\n\t"	/* drain / DSB */
			 "mcr p15, 0, %0, c7, c5, 0"		/* invalidate I-cache */
			 :: "r"(0) : "memory");
	chain_patch_payload();
	((void (*)(void))PAYLOAD_ENTRY)();
	for (;;)
		;
}

#endif
