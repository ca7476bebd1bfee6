/*
 * MMIO accessors: the only way code reaches a device register.
 *
 * Ordering follows Linux: readX() is the load, then a read barrier, so later
 * memory reads (say, of a DMA buffer the device just filled) cannot pass it;
 * writeX() is a write barrier, then the store, so earlier memory writes are
 * visible before the device is told about them. The *_relaxed variants have no
 * barrier: accesses to one device are still ordered among themselves, because
 * Device and Strongly-ordered memory keep program order (ARM ARM A3.5.5).
 *
 * Each accessor is exactly one LDR/STR with a plain [Rn] address: no offset
 * writeback, no post-indexing, because a hypervisor trapping the access can only
 * emulate a load/store whose syndrome it can decode (ARM ARM B3.13.6, HSR ISV).
 * Each access also records its address in the non-loaded ELF section
 * .accessor_sites, so `make check-accessors` can disassemble exactly those
 * instructions, wherever the compiler inlined them, and prove it.
 */
#ifndef IO_H
#define IO_H

#include <stdint.h>
#include "compiler.h"
#include <asm/barrier.h>

/* "1:" labels the access; its address goes into .accessor_sites. */
#define IO_SITE(insn)							\
	"1:\t" insn "\n\t"						\
	".pushsection .accessor_sites, \"\", %%progbits\n\t"		\
	".word 1b\n\t"							\
	".popsection"

static inline uint8_t readb_relaxed(const volatile void __iomem *addr)
{
	uint8_t v;
	__asm__ volatile(IO_SITE("ldrb %0, %1") : "=r"(v) : "Q"(*(const volatile uint8_t __force *)addr));
	return v;
}

static inline uint16_t readw_relaxed(const volatile void __iomem *addr)
{
	uint16_t v;
	__asm__ volatile(IO_SITE("ldrh %0, %1") : "=r"(v) : "Q"(*(const volatile uint16_t __force *)addr));
	return v;
}

static inline uint32_t readl_relaxed(const volatile void __iomem *addr)
{
	uint32_t v;
	__asm__ volatile(IO_SITE("ldr %0, %1") : "=r"(v) : "Q"(*(const volatile uint32_t __force *)addr));
	return v;
}

static inline void writeb_relaxed(uint8_t v, volatile void __iomem *addr)
{
	__asm__ volatile(IO_SITE("strb %1, %0") : "=Q"(*(volatile uint8_t __force *)addr) : "r"(v));
}

static inline void writew_relaxed(uint16_t v, volatile void __iomem *addr)
{
	__asm__ volatile(IO_SITE("strh %1, %0") : "=Q"(*(volatile uint16_t __force *)addr) : "r"(v));
}

static inline void writel_relaxed(uint32_t v, volatile void __iomem *addr)
{
	__asm__ volatile(IO_SITE("str %1, %0") : "=Q"(*(volatile uint32_t __force *)addr) : "r"(v));
}

static inline uint8_t readb(const volatile void __iomem *addr)
{
	uint8_t v = readb_relaxed(addr);
	io_rmb();
	return v;
}

static inline uint16_t readw(const volatile void __iomem *addr)
{
	uint16_t v = readw_relaxed(addr);
	io_rmb();
	return v;
}

static inline uint32_t readl(const volatile void __iomem *addr)
{
	uint32_t v = readl_relaxed(addr);
	io_rmb();
	return v;
}

static inline void writeb(uint8_t v, volatile void __iomem *addr)
{
	io_wmb();
	writeb_relaxed(v, addr);
}

static inline void writew(uint16_t v, volatile void __iomem *addr)
{
	io_wmb();
	writew_relaxed(v, addr);
}

static inline void writel(uint32_t v, volatile void __iomem *addr)
{
	io_wmb();
	writel_relaxed(v, addr);
}

#endif
