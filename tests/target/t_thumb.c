/*
 * Faults taken in Thumb code. The firmware's C code is Thumb (the Makefile's
 * <arch>.isa) while the vectors and exception entry are A32, so an abort or
 * an undefined instruction can arrive with SPSR.T set: the report must name
 * the Thumb instruction (UND's return address is 2 bytes past it, not 4:
 * ARM ARM B1.8.3), decode the direction of a data abort where the CPU does
 * not say it (ARMv5 has no WnR: the 16-bit encoding does), and fault_try()
 * must resume its A32 caller with T cleared.
 *
 * The faulting routines are assembly, so the test knows each faulting
 * instruction's address; 16-bit encodings only, valid on Thumb-1 (ARMv5)
 * and Thumb-2 (ARMv7) alike.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "exception.h"
#include "harness.h"

#define PSR_T	(1u << 5)

/* Page 0 is never mapped (the memory map in README.md). */
#define UNMAPPED	0x10u

__asm__(".pushsection .text.thumb_faults, \"ax\", %progbits\n"
	".syntax unified\n"
	".thumb\n"
	".global thumb_load\n.type thumb_load, %function\n.thumb_func\n"
	"thumb_load:\n"
	"thumb_load_insn:\n"
	"	ldr	r1, [r0]\n"
	"	bx	lr\n"
	".global thumb_store\n.type thumb_store, %function\n.thumb_func\n"
	"thumb_store:\n"
	"	movs	r1, #0\n"
	"thumb_store_insn:\n"
	"	str	r1, [r0]\n"
	"	bx	lr\n"
	".global thumb_undef\n.type thumb_undef, %function\n.thumb_func\n"
	"thumb_undef:\n"
	"	nop\n"
	"thumb_undef_insn:\n"
	"	.inst.n	0xde2a\n"		/* permanently undefined in both */
	"	bx	lr\n"
	".arm\n"
	".popsection\n");

void thumb_load(void *p);
void thumb_store(void *p);
void thumb_undef(void *p);
extern char thumb_load_insn[], thumb_store_insn[], thumb_undef_insn[];

static void check_abort(void (*fn)(void *), const char *insn, bool is_write)
{
	struct fault_info fi;
	char line[160];

	memset(&fi, 0, sizeof(fi));
	CHECK_EQ(fault_try(fn, (void *)UNMAPPED, &fi), -EFAULT);
	fault_format(&fi, line, sizeof(line));
	CHECK_EQ(fi.type, EXC_DABT);
	CHECK_EQ(fi.fs.cls, FAULT_TRANSLATION);
	CHECK_EQ(fi.addr, UNMAPPED);
	CHECK_EQ(fi.pc, (uintptr_t)insn);
	CHECK(fi.cpsr & PSR_T);
	CHECK(fi.fs.wnr_valid);
	CHECK_EQ(fi.fs.is_write, is_write);
	CHECK_STR_CONTAINS(line, is_write ? "write at 0x00000010" : "read at 0x00000010");
}

TEST(a_thumb_load_abort_names_its_instruction_and_resumes_the_caller)
{
	check_abort(thumb_load, thumb_load_insn, false);
}

TEST(a_thumb_store_abort_is_a_write_at_its_instruction)
{
	check_abort(thumb_store, thumb_store_insn, true);
}

TEST(a_thumb_undefined_instruction_is_reported_at_its_own_address)
{
	struct fault_info fi;
	char line[160];

	memset(&fi, 0, sizeof(fi));
	CHECK_EQ(fault_try(thumb_undef, NULL, &fi), -EFAULT);
	fault_format(&fi, line, sizeof(line));
	CHECK_EQ(fi.type, EXC_UNDEF);
	CHECK_EQ(fi.pc, (uintptr_t)thumb_undef_insn);
	CHECK_EQ(fi.insn, 0xde2au);
	CHECK(fi.cpsr & PSR_T);
	CHECK_STR_CONTAINS(line, "Thumb state");
}

TEST(after_thumb_faults_the_catch_still_works)
{
	struct fault_info fi;
	uint32_t word = 0x1234;

	CHECK_EQ(fault_try(thumb_store, &word, &fi), 0);
	CHECK_EQ(word, 0);
	CHECK_EQ(fault_try(thumb_load, &word, &fi), 0);
}
