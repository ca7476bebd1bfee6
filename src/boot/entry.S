/*
 * Reset, vector table and exception entry/exit.
 *
 * Plain A32 code valid on ARMv5 and ARMv7: modes are switched with MSR, never
 * CPS, and no SRS/RFE. What differs per architecture (vector base, caches)
 * is called through arch_early_init in src/boot/<arch>/.
 *
 * The C code may be Thumb (the Makefile's <arch>.isa). Every A32 routine that
 * C calls is declared '.type name, %function', here and in the other .S
 * files: the linker turns a Thumb BL into BLX (a state change) only for a
 * symbol it knows is an A32 function; to an untyped label it stays a BL and
 * runs the A32 code as Thumb. Returns use BX or a load of pc, which
 * interwork (ARM ARM A2.3.2).
 */
#include <asm/relocate.h>
#include <exception_types.h>

#define MODE_FIQ	0x11
#define MODE_IRQ	0x12
#define MODE_SVC	0x13
#define MODE_ABT	0x17
#define MODE_UND	0x1b
#define MODE_SYS	0x1f
#define PSR_I		0x80
#define PSR_F		0x40

	.syntax unified
	.arm

/*
 * ARM ARM B1.8.1: eight vectors; VBAR (v7) needs 32-byte alignment. Each
 * exception vector loads an absolute address from the literal words after
 * the table rather than branching relative to itself, so the table works
 * wherever the CPU fetches it: in place (v7 VBAR) or through the ARMv5
 * high-vector page at 0xFFFF0000 and its copy at 0 (src/boot/armv5/arch.c).
 * vectors..vectors_end is that whole position-independent block.
 *
 * Reset is the exception: a raw image (firmware.bin) starts at its first
 * word, wherever the loader put it, so it branches relative to itself to
 * _start, which moves the image to its link address first. No reset is
 * ever taken through a copy of the table: a reset starts at the loader's
 * entry again.
 */
	.section .text.vectors, "ax"
	.align	5
	.global	vectors
	.global	vectors_end
vectors:
	b	_start
	ldr	pc, .Lvec_und
	ldr	pc, .Lvec_svc
	ldr	pc, .Lvec_pabt
	ldr	pc, .Lvec_dabt
	ldr	pc, .Lvec_unused
	ldr	pc, .Lvec_irq
	ldr	pc, .Lvec_fiq
.Lvec_und:	.word	und_entry
.Lvec_svc:	.word	svc_entry
.Lvec_pabt:	.word	pabt_entry
.Lvec_dabt:	.word	dabt_entry
.Lvec_unused:	.word	unused_entry
.Lvec_irq:	.word	irq_entry
.Lvec_fiq:	.word	fiq_entry
vectors_end:

	.section .text.boot, "ax"
	.global	_start
_start:
	/*
	 * r2 is the device tree's address under Linux's boot protocol
	 * (Documentation/arch/arm/booting.rst), which QEMU follows for a raw
	 * image: kept in r11 (every routine below saves r4-r11) for boot_c().
	 */
	mov	r11, r2
	/*
	 * Entered away from the link address (QEMU's -kernel puts a raw image
	 * at RAM + 0x10000): move what the loader loaded, text to the end of
	 * .data, to where it was linked, and go on there. Nothing before the
	 * move writes memory, and the code that moves it is position-
	 * independent (adr, literals of .ltorg below, relative branches) and
	 * never overwrites itself: a move that would (down by less than the
	 * image's size, or up by less than this code's end) first copies the
	 * image one image-size up, into what its own .bss, stacks and tables
	 * cover at the link address, and starts over from that copy.
	 */
	adr	r4, _start			@ _start now
	ldr	r7, =__image_start		@ where the image belongs
	ldr	r0, =_start
	sub	r0, r0, r7
	sub	r4, r4, r0			@ r4: where the image starts now
	ldr	r9, =__load_end
	sub	r9, r9, r7			@ r9: its bytes, a multiple of 4
.Lmove:
	cmp	r4, r7
	beq	.Lmoved
	bhi	.Ldown
	sub	r0, r7, r4			@ up by r0: backwards, from the top
	ldr	r1, =.Lreloc_end
	sub	r1, r1, r7			@ where this code ends in the image
	cmp	r0, r1
	blo	.Lhop				@ the copy would reach this code
	mov	r5, r7
	b	.Lbackward
.Ldown:
	sub	r0, r4, r7			@ down by r0: forwards
	cmp	r0, r9
	blo	.Lhop				@ the copy would reach this code
	mov	r2, r4
	mov	r3, r7
	add	r1, r4, r9
1:	ldr	r0, [r2], #4
	str	r0, [r3], #4
	cmp	r2, r1
	bne	1b
	code_copied r0
	ldr	pc, =.Lmoved			@ on at the link address
.Lhop:
	add	r5, r4, r9			@ one image-size up: apart from both
.Lbackward:					@ r4 -> r5, r9 bytes
	add	r2, r4, r9
	add	r3, r5, r9
2:	ldr	r0, [r2, #-4]!
	str	r0, [r3, #-4]!
	cmp	r2, r4
	bne	2b
	code_copied r0
	cmp	r5, r7
	ldreq	pc, =.Lmoved			@ on at the link address
	ldr	r0, =.Lmove			@ hopped: from .Lmove in the copy at r5
	sub	r0, r0, r7
	mov	r4, r5
	add	pc, r4, r0
	.ltorg
.Lreloc_end:
.Lmoved:
	bl	arch_reset_mode		/* out of Hyp, if reset left us there */
	/* Interrupts masked in every mode until their drivers are ready. */
	msr	cpsr_c, #(MODE_FIQ | PSR_I | PSR_F)
	ldr	sp, =__stack_fiq_top
	msr	cpsr_c, #(MODE_IRQ | PSR_I | PSR_F)
	ldr	sp, =__stack_irq_top
	msr	cpsr_c, #(MODE_ABT | PSR_I | PSR_F)
	ldr	sp, =__stack_abt_top
	msr	cpsr_c, #(MODE_UND | PSR_I | PSR_F)
	ldr	sp, =__stack_und_top
	msr	cpsr_c, #(MODE_SYS | PSR_I | PSR_F)
	ldr	sp, =__stack_svc_top	/* unused: no user code runs */
	msr	cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
	ldr	sp, =__stack_svc_top

	/* Caches and MMU off (cleaned first if on), vector base, invalidate
	 * caches, TLB and branch predictor. */
	bl	arch_early_init

	/* .data is in place (the ELF loader, or the move above, put it
	 * there); .bss is cleared by memset (src/boot/memset.S: aligned
	 * stores, so safe while every access is Strongly-ordered; linker.ld
	 * aligns both ends). */
	ldr	r0, =__bss_start
	ldr	r2, =__bss_end
	mov	r1, #0
	sub	r2, r2, r0
	bl	memset

	bl	arch_exceptions_ready	/* now asynchronous aborts may arrive */
	mov	r0, r11			/* the boot protocol's device tree, or 0 */
	bl	boot_c			/* never returns */
	b	.

/*
 * Exception entry. The frame built on the exception mode's stack is
 * struct exc_frame (include/exception.h), lowest address first:
 *     spsr, sp, lr (of the interrupted mode), r0-r12, pc
 * pc is adjusted to the preferred return address (ARM ARM B1.8.3, Table B1-7):
 * the aborting instruction for aborts, the next instruction for UND and SVC,
 * the interrupted instruction for IRQ and FIQ.
 */
.macro	exception_vector name, type, lr_adjust
\name:
	.if	\lr_adjust
	sub	lr, lr, #\lr_adjust
	.endif
	stmfd	sp!, {r0-r12, lr}
	mov	r0, #\type
	b	exception_common
.endm

	exception_vector und_entry,    EXC_UNDEF,    0
	exception_vector svc_entry,    EXC_SVC,      0
	exception_vector pabt_entry,   EXC_PABT,     4
	exception_vector dabt_entry,   EXC_DABT,     8
	exception_vector unused_entry, EXC_UNUSED,   0
	exception_vector irq_entry,    EXC_IRQ,      4
	exception_vector fiq_entry,    EXC_FIQ,      4

/*
 * Mode of the interrupted code, for reaching its banked sp and lr:
 * User has none of its own to reach from here but shares System's.
 * in: \spsr  out: \out = that mode with IRQ and FIQ masked.
 */
.macro	banked_mode out, spsr
	and	\out, \spsr, #0x1f
	cmp	\out, #0x10
	moveq	\out, #MODE_SYS
	orr	\out, \out, #(PSR_I | PSR_F)
.endm

/*
 * Z set when the interrupted mode is this exception's own mode (an SVC taken
 * in SVC mode): its sp and lr are the ones in use here, not banked away.
 * in: \mode (banked_mode result)  clobbers: \tmp, \tmp2
 */
.macro	same_mode mode, tmp, tmp2
	mrs	\tmp, cpsr
	and	\tmp, \tmp, #0x1f
	and	\tmp2, \mode, #0x1f
	cmp	\tmp, \tmp2
.endm

exception_common:
	sub	sp, sp, #12
	mrs	r1, spsr
	str	r1, [sp]
	banked_mode r2, r1
	same_mode r2, r6, r7
	addeq	r4, sp, #(17 * 4)	/* sp before the exception pushed the frame */
	moveq	r5, lr			/* lr was overwritten by the exception itself */
	beq	1f
	mrs	r3, cpsr
	msr	cpsr_c, r2
	mov	r4, sp
	mov	r5, lr
	msr	cpsr_c, r3
1:	str	r4, [sp, #4]
	str	r5, [sp, #8]

	/* AAPCS (5.2.1.2): sp is 8-byte aligned at every public call. The
	 * 17-word frame, and a stack the interrupted code left at any word,
	 * leave it at either 0 or 4 mod 8: round down and keep the frame's
	 * address in r11, which the C code preserves (as Linux's svc_entry
	 * keeps its adjustment). */
	mov	r11, sp
	bic	sp, sp, #7
	mov	r1, r11
	bl	exception_dispatch	/* (type, frame); may edit the frame */
	mov	sp, r11

	/* Return through the frame, which a fixup may have rewritten. */
	ldr	r1, [sp]
	msr	spsr_cxsf, r1
	banked_mode r2, r1
	same_mode r2, r6, r7
	beq	2f			/* same mode: sp and lr are this frame's own */
	ldr	r4, [sp, #4]
	ldr	r5, [sp, #8]
	mrs	r3, cpsr
	msr	cpsr_c, r2
	mov	sp, r4
	mov	lr, r5
	msr	cpsr_c, r3
2:	add	sp, sp, #12
	ldmfd	sp!, {r0-r12, pc}^

/*
 * int fault_try(void (*fn)(void *), void *arg, struct fault_info *out)
 *
 * Runs fn(arg) with a fault catch armed: 0 when fn returns; -EFAULT when an
 * abort, undefined instruction or SVC was taken inside it, with *out filled.
 * The window opens and closes behind arch_abort_barrier(), so an external
 * abort on a buffered store that the CPU reports asynchronously (a Cortex-A15
 * does for Device memory) lands inside the window when fn caused it, and
 * outside when earlier code did (src/boot/fsr.c, fault_window_takes).
 * The exception handler resumes at fault_try_resume with r0 = the sp saved
 * here, so the callee-saved registers come back from this frame. Not nestable.
 */
	.text
	.global	fault_try
	.type	fault_try, %function
	.global	fault_try_resume
fault_try:
	push	{r4-r12, lr}		/* an even count: sp stays 8-aligned (AAPCS) */
	mov	r4, r0
	mov	r5, r1
	mov	r6, r2
	bl	arch_abort_barrier	/* not armed yet: an asynchronous abort that
					 * earlier, unguarded code raised is taken
					 * here, outside the window, not blamed on fn */
	ldr	r3, =fault_catch
	str	sp, [r3, #FAULT_CATCH_SP]
	str	r6, [r3, #FAULT_CATCH_OUT]
	mov	r0, r5
	mov	r5, #1
	str	r5, [r3, #FAULT_CATCH_ARMED]
	blx	r4
	bl	arch_abort_barrier	/* still armed: fn's accesses complete, and
					 * an asynchronous abort they raise is taken,
					 * inside the window */
	ldr	r3, =fault_catch
	mov	r0, #0
	str	r0, [r3, #FAULT_CATCH_ARMED]
	pop	{r4-r12, pc}
fault_try_resume:
	mov	sp, r0
	mvn	r0, #(FAULT_TRY_EFAULT - 1)	/* -EFAULT */
	pop	{r4-r12, pc}

