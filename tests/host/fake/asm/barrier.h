/* Host stand-in for src/boot/<arch>/asm/barrier.h: the register models
 * (tests/host/fake_hw.h) see accesses in program order, and each barrier is
 * recorded in that order too (fake_barrier()), so a test can check that a
 * barrier the architecture requires sits where it must. */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

void fake_barrier(char kind);	/* 'd' DSB, 'm' DMB, 'i' ISB */

#define dsb()     fake_barrier('d')
#define dsb_st()  dsb()
#define dmb()     fake_barrier('m')
#define isb()     fake_barrier('i')
#define io_rmb()  dsb()
#define io_wmb()  dsb()

#endif
