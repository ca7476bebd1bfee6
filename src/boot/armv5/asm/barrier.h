/*
 * ARMv5 (ARM926EJ-S) barriers. ARMv5 has no DMB, DSB or ISB instructions
 * (they arrived as CP15 operations in ARMv6 and as instructions in ARMv7),
 * so each name here expands to what the ARM926 offers:
 *
 *  - dsb(), dsb_st(), dmb(): "drain write buffer", MCR p15, 0, Rd, c7, c10, 4
 *    (DDI 0100I, "Caches and Write Buffers"; ARM926EJ-S TRM 4.2). The core
 *    stalls until both write buffers (the 16-word main buffer and the D-cache
 *    write-back buffer) are empty, so every earlier write has reached the
 *    bus. The ARM926 is in order and single-issue, and a load stalls until
 *    its data arrives, so draining the writes is all that completion needs.
 *  - isb(): a branch to the next instruction ("sub pc, pc, #4": pc reads as
 *    this instruction + 8). Writing pc refetches everything after it, so
 *    instructions already in the pipeline cannot run with stale CP15 state.
 *    (c7, c5, 4 "flush prefetch buffer" is ARMv6 and not an ARM926 operation.)
 *  - io_wmb(): drain the write buffer before a device write, so earlier
 *    Normal-memory writes (a descriptor, a DMA buffer) reach memory first.
 *  - io_rmb(): a compiler barrier only. Device registers are mapped C=0 B=0
 *    (src/mmu/fmt_armv5.c), so the read goes to the bus and the in-order core
 *    waits for its data before any later load or store can issue.
 */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#define drain_write_buffer() \
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4" :: "r"(0) : "memory")

#define dsb()     drain_write_buffer()
#define dsb_st()  drain_write_buffer()
#define dmb()     drain_write_buffer()
#define isb()     __asm__ volatile("sub pc, pc, #4" ::: "memory")

#define io_rmb()  __asm__ volatile("" ::: "memory")
#define io_wmb()  drain_write_buffer()

#endif
