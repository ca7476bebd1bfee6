/* Host stand-in for src/boot/<arch>/asm/barrier.h: the register models
 * (tests/host/fake_hw.h) see accesses in program order, so a compiler
 * barrier is all a barrier needs to be. A test that checks where the
 * barriers are (the order of accesses and barriers) defines
 * FAKE_BARRIER_LOG before any include and fake_barrier(), which then
 * receives each barrier by name. */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#ifdef FAKE_BARRIER_LOG
void fake_barrier(const char *name);
#define dsb()     fake_barrier("dsb")
#define dsb_st()  fake_barrier("dsb_st")
#define dmb()     fake_barrier("dmb")
#define isb()     fake_barrier("isb")
#define io_rmb()  fake_barrier("io_rmb")
#define io_wmb()  fake_barrier("io_wmb")
#else
#define dsb()     __asm__ volatile("" ::: "memory")
#define dsb_st()  dsb()
#define dmb()     dsb()
#define isb()     dsb()
#define io_rmb()  dsb()
#define io_wmb()  dsb()
#endif

#endif
