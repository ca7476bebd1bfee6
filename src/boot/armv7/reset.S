/*
 * The first thing reset does on ARMv7: leave Hyp mode if the CPU came up in
 * it (QEMU `-M virt,virtualization=on`, or a boot loader that starts kernels
 * in Hyp), the way Linux's boot does (arch/arm/kernel/hyp-stub.S): give PL1
 * the physical timer and counter, zero the virtual offset, trap nothing, put
 * PL1 the GICv3 system registers where there are some, put a minimal stub
 * at HVBAR, then ERET to SVC with every interrupt masked.
 * In Hyp, MSR to CPSR.M cannot leave the mode (ARM ARM B1.7.1, B9.1.2):
 * only an exception return can.
 *
 * Called with no stack; uses r0-r3 only; returns to lr in SVC (or in the
 * mode it was entered in when that is not Hyp).
 */
	.syntax unified
	.arm
	.arch_extension virt

#define MODE_MASK	0x1f
#define MODE_HYP	0x1a
#define MODE_SVC	0x13
#define PSR_A		0x100
#define PSR_I		0x80
#define PSR_F		0x40
#define HSR_EC_SHIFT	26
#define HSR_EC_HVC	0x12		/* B3.13.6: HVC executed in Non-secure PL1 */
#define CNTHCTL_PL1PCTEN (1 << 0)	/* B4.1.26: PL1 may read CNTPCT */
#define CNTHCTL_PL1PCEN	(1 << 1)	/* ... and use the physical timer */
#define PSCI_NOT_SUPPORTED -1
#define ID_PFR1_GIC_SHIFT 28		/* 0b0001: GICv3 system registers */
#define ICC_HSRE_SRE	(1 << 0)
#define ICC_HSRE_ENABLE	(1 << 3)	/* PL1 accesses to ICC_SRE do not trap */

	.section .text.boot, "ax"
	.global	arch_reset_mode
	.type	arch_reset_mode, %function
arch_reset_mode:
	mrs	r0, cpsr
	and	r1, r0, #MODE_MASK
	cmp	r1, #MODE_HYP
	movne	r2, #0
	moveq	r2, #1
	ldr	r3, =arch_entered_hyp	/* in .data: .bss is not cleared yet */
	str	r2, [r3]
	bxne	lr

	/* The physical timer and counter belong to PL1 (B4.1.26), and the
	 * virtual count equals the physical one (CNTVOFF, B4.1.33). */
	mrc	p15, 4, r1, c14, c1, 0		@ CNTHCTL
	orr	r1, r1, #(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN)
	mcr	p15, 4, r1, c14, c1, 0
	mov	r1, #0
	mcrr	p15, 4, r1, r1, c14		@ CNTVOFF = 0
	/* Trap nothing to Hyp: HCR (B4.1.65; VM = 0 too, so no stage 2),
	 * HCPTR (B4.1.64), HSTR (B4.1.72). */
	mcr	p15, 4, r1, c1, c1, 0		@ HCR
	mcr	p15, 4, r1, c1, c1, 2		@ HCPTR
	mcr	p15, 4, r1, c1, c1, 3		@ HSTR
	/* PL1 reads of MIDR/MPIDR return VPIDR/VMPIDR (B4.1.159/160), whose
	 * reset values are UNKNOWN on hardware: give PL1 the real ones. */
	mrc	p15, 0, r1, c0, c0, 0
	mcr	p15, 4, r1, c0, c0, 0		@ VPIDR = MIDR
	mrc	p15, 0, r1, c0, c0, 5
	mcr	p15, 4, r1, c0, c0, 5		@ VMPIDR = MPIDR
	/* With a GICv3 CPU interface (ID_PFR1.GIC = 1), PL1 may use its ICC_*
	 * system registers only once Hyp allows it: ICC_HSRE.SRE enables them
	 * for Hyp and below, .Enable lets PL1 reach ICC_SRE (GICv3 architecture
	 * specification, ICC_HSRE; Linux's Hyp init does the same). QEMU 7.2
	 * does not enforce either bit, so only hardware can show this. Without
	 * the interface the register is UNDEFINED: look first. */
	mrc	p15, 0, r1, c0, c1, 1		@ ID_PFR1
	lsr	r1, r1, #ID_PFR1_GIC_SHIFT
	tst	r1, #0xf
	beq	1f
	mrc	p15, 4, r1, c12, c9, 5		@ ICC_HSRE
	orr	r1, r1, #(ICC_HSRE_SRE | ICC_HSRE_ENABLE)
	mcr	p15, 4, r1, c12, c9, 5
	isb
1:	ldr	r1, =hyp_stub_vectors
	mcr	p15, 4, r1, c12, c0, 0		@ HVBAR
	isb

	/* ERET to SVC, ARM state, A, I and F masked, returning to lr. */
	bic	r0, r0, #(MODE_MASK | 0x20)
	orr	r0, r0, #(MODE_SVC | PSR_I | PSR_F)
	orr	r0, r0, #PSR_A
	msr	spsr_cxsf, r0			@ SPSR_hyp
	msr	elr_hyp, lr
	eret

/*
 * HVBAR (B1.8.1: Hyp vector table, 32-byte aligned). The only expected
 * entry is an HVC from PL1 (a PSCI call by the wrong conduit, say), which
 * arrives as a Hyp trap: it returns NOT_SUPPORTED in r0 and carries on. Any
 * other exception taken to Hyp parks the CPU: there is no Hyp stack and
 * nothing in Hyp to report with.
 */
	.align	5
hyp_stub_vectors:
	b	hyp_stub_park			@ reset (not used)
	b	hyp_stub_park			@ undefined instruction in Hyp
	b	hyp_stub_park			@ HVC in Hyp
	b	hyp_stub_park			@ prefetch abort in Hyp
	b	hyp_stub_park			@ data abort in Hyp
	b	hyp_stub_trap			@ Hyp trap: HVC from PL1 lands here
	b	hyp_stub_park			@ IRQ routed to Hyp
	b	hyp_stub_park			@ FIQ routed to Hyp
hyp_stub_trap:
	mrc	p15, 4, r0, c5, c2, 0		@ HSR (B4.1.74)
	lsr	r0, r0, #HSR_EC_SHIFT
	cmp	r0, #HSR_EC_HVC
	bne	hyp_stub_park
	mov	r0, #PSCI_NOT_SUPPORTED
	eret				@ to the instruction after the HVC
hyp_stub_park:
	wfi
	b	hyp_stub_park
