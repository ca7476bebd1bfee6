/* Power off and reset through whatever the board description names. */
#include <errno.h>
#include "board.h"
#include "power.h"

int power_off(void)
{
	return board.poweroff ? board.poweroff() : -ENOSYS;
}

int power_reset(void)
{
	return board.reset ? board.reset() : -ENOSYS;
}
