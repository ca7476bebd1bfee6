/* make check must reject this: a cast that silently drops __iomem. */
#include <stdint.h>
#include "compiler.h"

volatile uint32_t *as_plain_pointer(void __iomem *base);

volatile uint32_t *as_plain_pointer(void __iomem *base)
{
	return (volatile uint32_t *)base;
}
