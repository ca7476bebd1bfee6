/* ARMv7 barriers (ARM ARM A3.8.3). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#define dsb()     __asm__ volatile("dsb sy" ::: "memory")
#define dsb_st()  __asm__ volatile("dsb st" ::: "memory")
#define dmb()     __asm__ volatile("dmb sy" ::: "memory")
#define isb()     __asm__ volatile("isb" ::: "memory")

/* I/O ordering against Normal memory needs DSB, not DMB: the device is not
 * an observer that DMB orders against (ARM ARM A3.8.3, Linux __iormb). */
#define io_rmb()  dsb()
#define io_wmb()  dsb_st()

#endif
