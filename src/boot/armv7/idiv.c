/*
 * The run-time ABI's 32-bit division helpers (Arm RTABI, "Integer (32/32 ->
 * 32) division functions") on the CPU's own divide instructions. GCC emits
 * UDIV/SDIV inline for this firmware's C code (-mcpu of a CPU that has them:
 * ID_ISAR0.Divide_instrs, ARM ARM B4.1.84), but newlib's stdio is built for
 * any ARMv7-A and calls these; libgcc's generic ones divide by shifting and
 * subtracting in about 1.2 KiB. A divide by zero gives 0, as UDIV/SDIV do
 * (ARM ARM A8.8.165, A8.8.248), not libgcc's __aeabi_idiv0 call.
 *
 * The divmod pairs return { quotient, remainder } in { r0, r1 }: the AAPCS
 * returns a 64-bit integer there, low word in r0.
 */
#include <stdint.h>

#ifdef __ARM_FEATURE_IDIV

unsigned __aeabi_uidiv(unsigned n, unsigned d);
uint64_t __aeabi_uidivmod(unsigned n, unsigned d);
int __aeabi_idiv(int n, int d);
uint64_t __aeabi_idivmod(int n, int d);

unsigned __aeabi_uidiv(unsigned n, unsigned d)
{
	return d ? n / d : 0;
}

uint64_t __aeabi_uidivmod(unsigned n, unsigned d)
{
	unsigned q = __aeabi_uidiv(n, d);

	return (uint64_t)(n - q * d) << 32 | q;
}

int __aeabi_idiv(int n, int d)
{
	/* INT_MIN / -1 overflows in C; SDIV gives INT_MIN, as does this. */
	return !d ? 0 : d == -1 ? (int)(0u - (unsigned)n) : n / d;
}

uint64_t __aeabi_idivmod(int n, int d)
{
	int q = __aeabi_idiv(n, d);

	return (uint64_t)(uint32_t)(n - (int)((unsigned)q * (unsigned)d)) << 32 | (uint32_t)q;
}

#endif
