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
 * Each access also records its address and its kind (IO_RELAXED, IO_READ,
 * IO_WRITE below) in the non-loaded ELF section .accessor_sites, so
 * `make check-accessors` can disassemble exactly those instructions, wherever
 * the compiler inlined them, and prove both rules: the form of the access, and
 * that a readX() load is followed and a writeX() store preceded by its barrier
 * (QEMU models no memory ordering, so only this static check can see a barrier
 * go missing).
 */
#ifndef IO_H
#define IO_H

#include <stdint.h>
#include "compiler.h"
#include <asm/barrier.h>

/* Always inlined, at -Os too: an accessor is its one LDR/STR (and barrier)
 * at the call site, never a call (the bench counts it, and check-accessors
 * reads each inlined site). */
#define IO_INLINE	static inline __attribute__((always_inline))

/* Site kinds, as tests/check_accessors.py reads them. */
#define IO_RELAXED	0	/* *_relaxed: no barrier */
#define IO_READ		1	/* readX(): io_rmb() follows the load */
#define IO_WRITE	2	/* writeX(): io_wmb() precedes the store */

/* "1:" labels the access; its address and kind (operand %2, a constant) go
 * into .accessor_sites as two words. */
#define IO_SITE(insn)							\
	"1:\t" insn "\n\t"						\
	".pushsection .accessor_sites, \"\", %%progbits\n\t"		\
	".word 1b, %c2\n\t"						\
	".popsection"

/* One load or store of a register of the given C type, recorded with kind. */
#define __io_read(type, insn, addr, kind) ({				\
	type __v;							\
	__asm__ volatile(IO_SITE(insn " %0, %1") : "=r"(__v)		\
			 : "Q"(*(const volatile type __force *)(addr)), "i"(kind)); \
	__v; })

#define __io_write(type, insn, v, addr, kind)				\
	__asm__ volatile(IO_SITE(insn " %1, %0")			\
			 : "=Q"(*(volatile type __force *)(addr))	\
			 : "r"((type)(v)), "i"(kind))

IO_INLINE uint8_t readb_relaxed(const volatile void __iomem *addr)
{
	return __io_read(uint8_t, "ldrb", addr, IO_RELAXED);
}

IO_INLINE uint16_t readw_relaxed(const volatile void __iomem *addr)
{
	return __io_read(uint16_t, "ldrh", addr, IO_RELAXED);
}

IO_INLINE uint32_t readl_relaxed(const volatile void __iomem *addr)
{
	return __io_read(uint32_t, "ldr", addr, IO_RELAXED);
}

IO_INLINE void writeb_relaxed(uint8_t v, volatile void __iomem *addr)
{
	__io_write(uint8_t, "strb", v, addr, IO_RELAXED);
}

IO_INLINE void writew_relaxed(uint16_t v, volatile void __iomem *addr)
{
	__io_write(uint16_t, "strh", v, addr, IO_RELAXED);
}

IO_INLINE void writel_relaxed(uint32_t v, volatile void __iomem *addr)
{
	__io_write(uint32_t, "str", v, addr, IO_RELAXED);
}

IO_INLINE uint8_t readb(const volatile void __iomem *addr)
{
	uint8_t v = __io_read(uint8_t, "ldrb", addr, IO_READ);
	io_rmb();
	return v;
}

IO_INLINE uint16_t readw(const volatile void __iomem *addr)
{
	uint16_t v = __io_read(uint16_t, "ldrh", addr, IO_READ);
	io_rmb();
	return v;
}

IO_INLINE uint32_t readl(const volatile void __iomem *addr)
{
	uint32_t v = __io_read(uint32_t, "ldr", addr, IO_READ);
	io_rmb();
	return v;
}

IO_INLINE void writeb(uint8_t v, volatile void __iomem *addr)
{
	io_wmb();
	__io_write(uint8_t, "strb", v, addr, IO_WRITE);
}

IO_INLINE void writew(uint16_t v, volatile void __iomem *addr)
{
	io_wmb();
	__io_write(uint16_t, "strh", v, addr, IO_WRITE);
}

IO_INLINE void writel(uint32_t v, volatile void __iomem *addr)
{
	io_wmb();
	__io_write(uint32_t, "str", v, addr, IO_WRITE);
}

/*
 * ioreadX()/iowriteX() on a cookie from pci_iomap() (include/pci_host.h),
 * Linux's lib/iomap interface. A memory BAR's cookie is its ioremap()ed
 * address; an I/O BAR's is its port's address inside the host bridge's I/O
 * window, which is memory-mapped on ARM (ioremap()ed once), so both reach
 * the device through the same load or store: here, as in Linux's
 * asm-generic/io.h with PCI_IOBASE, ioreadX() is readX(). PCI is
 * little-endian, like this firmware.
 */
IO_INLINE uint8_t ioread8(const volatile void __iomem *addr) { return readb(addr); }
IO_INLINE uint16_t ioread16(const volatile void __iomem *addr) { return readw(addr); }
IO_INLINE uint32_t ioread32(const volatile void __iomem *addr) { return readl(addr); }
IO_INLINE void iowrite8(uint8_t v, volatile void __iomem *addr) { writeb(v, addr); }
IO_INLINE void iowrite16(uint16_t v, volatile void __iomem *addr) { writew(v, addr); }
IO_INLINE void iowrite32(uint32_t v, volatile void __iomem *addr) { writel(v, addr); }

#endif
