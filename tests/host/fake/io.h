/*
 * Host stand-in for include/io.h, for the driver host tests (test_drv_*.c):
 * each accessor hands the access to the test's register model
 * (tests/host/fake_hw.h), which fails the test on an access outside every
 * mapped device. Found before include/io.h through -iquote (Makefile).
 */
#ifndef IO_H
#define IO_H

#include <stdint.h>
#include "compiler.h"

uint32_t fake_mmio_read(const volatile void *addr, unsigned size);
void fake_mmio_write(volatile void *addr, uint32_t v, unsigned size);

static inline uint8_t readb(const volatile void *a) { return (uint8_t)fake_mmio_read(a, 1); }
static inline uint16_t readw(const volatile void *a) { return (uint16_t)fake_mmio_read(a, 2); }
static inline uint32_t readl(const volatile void *a) { return fake_mmio_read(a, 4); }
static inline void writeb(uint8_t v, volatile void *a) { fake_mmio_write(a, v, 1); }
static inline void writew(uint16_t v, volatile void *a) { fake_mmio_write(a, v, 2); }
static inline void writel(uint32_t v, volatile void *a) { fake_mmio_write(a, v, 4); }

#define readb_relaxed	readb
#define readw_relaxed	readw
#define readl_relaxed	readl
#define writeb_relaxed	writeb
#define writew_relaxed	writew
#define writel_relaxed	writel

#endif
