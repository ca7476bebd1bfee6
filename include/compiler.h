/* Compiler and checker annotations shared by every layer. */
#ifndef COMPILER_H
#define COMPILER_H

#include <stddef.h>
#include <stdint.h>

/*
 * __iomem marks a pointer into a device mapping. Under sparse (make check) it is
 * a separate, non-dereferenceable address space: only the accessors in <io.h>
 * may touch it, and a cast that drops it needs __force, which reviewers see.
 */
#ifdef __CHECKER__
#define __iomem   __attribute__((noderef, address_space(2)))
#define __force   __attribute__((force))
#else
#define __iomem
#define __force
#endif

/* Storage the boot code does not clear: for large buffers whose owner
 * initialises whatever it later reads (linker.ld: .noinit). */
#define __noinit          __attribute__((section(".noinit")))

/* A function `make bench` times or marks by name (tests/bench): always a
 * call of its own, never inlined into its callers. */
#define __measured        __attribute__((noinline))

/* A function of a hot file (Makefile HOT_SRCS, built -O2) that only a
 * listing, a fault report or a rare case (a mapping above 4 GiB, a record
 * built only when asked for) reaches: built for size like the cold files,
 * and its callers' branches to it laid out as unlikely. */
#define __cold            __attribute__((cold))

#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)    (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)  ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)  (((x) & ((__typeof__(x))(a) - 1)) == 0)

#ifndef __noreturn
#define __noreturn        __attribute__((noreturn))
#endif

#define SZ_1K   0x00000400u
#define SZ_4K   0x00001000u
#define SZ_16K  0x00004000u
#define SZ_64K  0x00010000u
#define SZ_1M   0x00100000u

/* Physical addresses travel in 64 bits: LPAE outputs 40 (ARM ARM B3.6). */
typedef uint64_t phys_addr_t;
#define PHYS_ADDR_MAX	0xffffffffffull	/* the largest 40-bit physical address */

/*
 * The one way a physical address is printed: "0x" and at least 8 hex digits,
 * more when it lies above 4 GiB ("0x40000000", "0x4010000000"). Returns buf.
 * (newlib-nano's printf has no %llx; src/lib/resource.c.)
 */
#define PHYS_STR_LEN	19
const char *phys_str(phys_addr_t pa, char buf[PHYS_STR_LEN]);

#endif
