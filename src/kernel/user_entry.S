/*
 * Entering PL0 and coming back (src/kernel/task.c).
 *
 * int task_enter_user(uint32_t pc, uint32_t sp, uint32_t r0, uint32_t r1)
 *   Saves the callee-saved registers on the SVC stack and that stack pointer
 *   in task_kernel_sp, sets the User/System sp, and drops to User mode at pc
 *   with IRQs unmasked (an exception return: MOVS pc, lr copies SPSR to CPSR,
 *   ARM ARM B1.8.10). While the task runs, the SVC stack below
 *   task_kernel_sp is where its system calls push their frames.
 *
 * task_return_kernel
 *   Where an exception that ends the task resumes (task_end_frame() rewrites
 *   the frame: SVC mode, IRQs masked, r0 = the status): back on the saved
 *   stack, task_enter_user returns r0 to its caller.
 */
#define MODE_USR	0x10
#define MODE_SYS	0x1f
#define PSR_I		0x80
#define PSR_F		0x40

	.syntax unified
	.arm
	.text
	.global	task_enter_user
	.type	task_enter_user, %function
	.global	task_return_kernel
task_enter_user:
	push	{r4-r12, lr}		/* ten words: sp stays 8-aligned */
	ldr	r12, =task_kernel_sp
	str	sp, [r12]
	mrs	r12, cpsr
	msr	cpsr_c, #(MODE_SYS | PSR_I | PSR_F)
	mov	sp, r1			/* User and System share sp and lr */
	mov	lr, #0
	msr	cpsr_c, r12
	mov	r12, #(MODE_USR | PSR_F)	/* ARM state, IRQs on, FIQs stay masked */
	msr	spsr_cxsf, r12
	mov	lr, r0
	mov	r0, r2
	mov	r1, r3
	mov	r2, #0			/* nothing of the kernel's leaks to PL0 */
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
	mov	r10, #0
	mov	r11, #0
	mov	r12, #0
	movs	pc, lr

task_return_kernel:
	ldr	r1, =task_kernel_sp
	ldr	sp, [r1]
	pop	{r4-r12, pc}

	.bss
	.align	2
	.global	task_kernel_sp
task_kernel_sp:
	.word	0
