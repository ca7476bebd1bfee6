/* Host stand-in for src/boot/<arch>/asm/barrier.h: the register models
 * (tests/host/fake_hw.h) see accesses in program order, and each barrier
 * reaches fake_barrier() by name in that order too, so a test can check
 * that a barrier the architecture requires sits where it must. fake_hw.h
 * records the step of the last ISB and DSB; a test that wants every barrier
 * defines FAKE_BARRIER_LOG before any include and its own fake_barrier(). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

void fake_barrier(const char *name);

#define dsb()     fake_barrier("dsb")
#define dsb_st()  fake_barrier("dsb_st")
#define dmb()     fake_barrier("dmb")
#define isb()     fake_barrier("isb")
#define io_rmb()  fake_barrier("io_rmb")
#define io_wmb()  fake_barrier("io_wmb")

#endif
