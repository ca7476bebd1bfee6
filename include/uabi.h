/*
 * The system-call ABI between user tasks (PL0, src/user/) and the firmware
 * (src/kernel/syscall.c). Included by both sides: plain C, no kernel types.
 *
 * A call is `svc #0` with the call number in r7 and up to six arguments in
 * r0-r5 (the Linux EABI convention); the result comes back in r0, every other
 * register is preserved. A result in [-4095, -1] is a negative errno.
 *
 *   SYS_EXIT     (int status)                               never returns
 *   SYS_WRITE    (const void *buf, size_t len)              console; bytes written
 *   SYS_GETPID   ()                                         the task's id (>= 1)
 *   SYS_SLEEP    (unsigned ms)                              0; ms <= 60000 (-ENODEV: no tick)
 *   SYS_MMAP     (void *addr, size_t len, int prot, int flags,
 *                 const char *dev, unsigned long offset)    address of the mapping
 *   SYS_MUNMAP   (void *addr, size_t len)                   0
 *   SYS_MPROTECT (void *addr, size_t len, int prot)         0
 *   SYS_TASKSTAT (struct task_stat *out)                    0
 *
 * mmap maps device memory only: `dev` names a device the board lets tasks
 * map (`iomap` lists them as "user-mappable"), offset is the byte offset into
 * its registers (page-aligned); with MAP_PHYS, dev is NULL and offset is the
 * physical address, which must lie inside such a device. addr 0 lets the
 * firmware choose; otherwise it is a page-aligned address in the task's mmap
 * area. prot is PROT_READ, optionally with PROT_WRITE; PROT_EXEC is refused
 * (device memory is always execute-never). The mapping is Device memory,
 * or Normal non-cacheable with MAP_WC. With MAP_POPULATE every page is mapped
 * at once; without it each page is mapped on the first touch (a translation
 * fault the firmware resolves, then the access is retried).
 * Errors: -EINVAL (bad length, alignment, prot or flags), -EACCES (not a
 * user-mappable device, or RAM), -EFAULT (a bad user pointer), -ENOMEM (no
 * room in the mmap area or no table), -EBUSY (the firmware maps those pages
 * with another memory type), -ENOSYS (no such call).
 */
#ifndef UABI_H
#define UABI_H

#define SYS_EXIT	0
#define SYS_WRITE	1
#define SYS_GETPID	2
#define SYS_SLEEP	3
#define SYS_MMAP	4
#define SYS_MUNMAP	5
#define SYS_MPROTECT	6
#define SYS_TASKSTAT	7
#define SYS_COUNT	8

#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4

#define MAP_POPULATE	0x1	/* map every page now (remap_pfn_range style) */
#define MAP_WC		0x2	/* Normal non-cacheable: write-combining */
#define MAP_PHYS	0x4	/* offset is a physical address, dev is NULL */

#define USER_SLEEP_MAX_MS	60000

#ifndef __ASSEMBLER__
/* The task's own counters (SYS_TASKSTAT). */
struct task_stat {
	unsigned pid;
	unsigned faults;	/* translation faults resolved by mapping a page */
	unsigned pages_mapped;	/* device pages mapped so far, eagerly or on a fault */
};
#endif

/* The user address space (every board): program text at USER_TEXT_VA,
 * its data and bss at USER_DATA_VA, the stack below USER_STACK_TOP, mmap()
 * between USER_MMAP_BASE and USER_END. */
#define USER_BASE	0x20000000u
#define USER_TEXT_VA	0x20000000u
#define USER_DATA_VA	0x20010000u
#define USER_STACK_TOP	0x20100000u
#define USER_MMAP_BASE	0x20100000u
#define USER_END	0x30000000u

#endif
