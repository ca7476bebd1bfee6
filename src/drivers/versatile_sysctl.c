/*
 * Versatile system controller (ARM DUI 0224, "System control registers"):
 * reset through SYS_RESETCTL, which ignores writes until SYS_LOCK holds the
 * unlock value.
 */
#include <errno.h>
#include "device.h"
#include "io.h"
#include "ioremap.h"
#include "power.h"

#define SYS_LOCK	0x20
#define SYS_RESETCTL	0x40
#define LOCK_VALUE	0xa05f
#define RESETCTL_RESET	(1u << 8)	/* PB926: request a reset */

int versatile_reset(void)
{
	const struct device *d = device_find("sysregs", "arm,versatile-sysreg");
	void __iomem *regs;

	if (!d)
		return -ENODEV;
	regs = device_ioremap(d, 0);
	if (!regs)
		return ioremap_last_error();
	writel(LOCK_VALUE, regs + SYS_LOCK);
	writel(RESETCTL_RESET, regs + SYS_RESETCTL);
	iounmap(regs);		/* still here: the reset did not happen */
	return -EIO;
}
