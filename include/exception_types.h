/* Exception numbers and fault-catch offsets shared by assembly and C. */
#ifndef EXCEPTION_TYPES_H
#define EXCEPTION_TYPES_H

#define EXC_UNDEF	1
#define EXC_SVC		2
#define EXC_PABT	3
#define EXC_DABT	4
#define EXC_UNUSED	5	/* vector 0x14: never taken on these cores */
#define EXC_IRQ		6
#define EXC_FIQ		7

/* struct fault_catch layout (include/exception.h checks it at compile time) */
#define FAULT_CATCH_SP		0
#define FAULT_CATCH_OUT		4
#define FAULT_CATCH_ARMED	8

#define FAULT_TRY_EFAULT 14	/* EFAULT in <errno.h>; checked in exception.c */

#endif
