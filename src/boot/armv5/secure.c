/* ARMv5 has no Security Extensions: one state (include/arch.h). */
#include <stdbool.h>
#include "arch.h"

bool arch_secure_state(void)
{
	return false;
}
