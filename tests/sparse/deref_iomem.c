/* make check must reject this: a plain dereference of an __iomem pointer. */
#include <stdint.h>
#include "compiler.h"

uint32_t read_status(void __iomem *base);

uint32_t read_status(void __iomem *base)
{
	return *(volatile uint32_t __iomem *)base;
}
