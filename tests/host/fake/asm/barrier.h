/* Host stand-in for src/boot/<arch>/asm/barrier.h: the register models
 * (tests/host/fake_hw.h) see accesses in program order, so a compiler
 * barrier is all a barrier needs to be. */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#define dsb()     __asm__ volatile("" ::: "memory")
#define dsb_st()  dsb()
#define dmb()     dsb()
#define isb()     dsb()
#define io_rmb()  dsb()
#define io_wmb()  dsb()

#endif
