/*
 * An uncaught fault must end a test image with the decoded report and a
 * non-zero exit status. The runner checks both:
 * expect-exit: 2
 * expect-output: *** data abort: translation fault (
 * expect-output: , read at 0x00000000, pc 0x
 * expect-output: mapping at 0x00000000: unmapped (
 * expect-output: (SVC mode)
 * expect-output: return address 0x
 */
#include "harness.h"

TEST(null_read_is_fatal)
{
	volatile uint32_t *null = (volatile uint32_t *)0;

	printf("reading address 0\n");
	(void)*null;
	printf("still alive?\n");
}
