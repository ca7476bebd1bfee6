/*
 * Host stand-in for src/boot/cp15_access.h: the same accessor macros, over
 * the test's model of the system registers, which gets each access's
 * encoding (op1, CRn, CRm, op2) and so sees one aimed at the wrong register.
 * A test includes this before the driver; defining the real header's guard
 * makes the driver's own #include "../boot/cp15_access.h" a no-op.
 */
#ifndef CP15_ACCESS_H
#define CP15_ACCESS_H

#include <stdint.h>

uint32_t fake_cp15_read(unsigned op1, const char *crn, const char *crm, unsigned op2);
void fake_cp15_write(unsigned op1, const char *crn, const char *crm, unsigned op2, uint32_t v);
void fake_cp15_write64(unsigned op1, const char *crm, uint64_t v);
uint64_t fake_cp15_read64(unsigned op1, const char *crm);

#define CP15_READ(name, op1, crn, crm, op2)					\
static inline uint32_t read_##name(void)					\
{										\
	return fake_cp15_read(op1, #crn, #crm, op2);				\
}
#define CP15_WRITE(name, op1, crn, crm, op2)					\
static inline void write_##name(uint32_t v)					\
{										\
	fake_cp15_write(op1, #crn, #crm, op2, v);				\
}
#define CP15_RW(name, op1, crn, crm, op2) \
	CP15_READ(name, op1, crn, crm, op2) CP15_WRITE(name, op1, crn, crm, op2)
#define CP15_READ64(name, op1, crm)						\
static inline uint64_t read_##name(void)					\
{										\
	return fake_cp15_read64(op1, #crm);					\
}
#define CP15_WRITE64(name, op1, crm)						\
static inline void write_##name(uint64_t v)					\
{										\
	fake_cp15_write64(op1, #crm, v);					\
}
#define CP15_RW64(name, op1, crm) CP15_READ64(name, op1, crm) CP15_WRITE64(name, op1, crm)

#endif
