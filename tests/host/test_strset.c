/* Host unit tests for src/lib/strset.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "strset.h"

static struct strset set;

static int find(const char *s)
{
	size_t len = 12345;
	int v = strset_find(&set, s, &len);

	assert_int_equal(len, strlen(s));
	return v;
}

/* What was added is found with its value; anything else is not, whatever
 * it shares with a member: a prefix, a length, a first byte. */
static void strset_finds_members_only(void **state)
{
	(void)state;
	strset_init(&set);
	assert_int_equal(strset_add(&set, "arm,gic-400", 1), 0);
	assert_int_equal(strset_add(&set, "virtio,mmio", 7), 0);
	assert_int_equal(strset_add(&set, "arm,pl011", 3), 0);
	assert_int_equal(strset_add(&set, "", 9), 0);
	assert_int_equal(find("arm,gic-400"), 1);
	assert_int_equal(find("virtio,mmio"), 7);
	assert_int_equal(find("arm,pl011"), 3);
	assert_int_equal(find(""), 9);
	assert_int_equal(find("arm,pl01"), -ENOENT);	/* a prefix */
	assert_int_equal(find("arm,pl0111"), -ENOENT);	/* one byte longer */
	assert_int_equal(find("arm,pl012"), -ENOENT);	/* same length */
	assert_int_equal(find("arm,gic-401"), -ENOENT);
	assert_int_equal(find("virtio,mmiO"), -ENOENT);
}

/* djb2 collides on "Ab" and "BA" (65 * 33 + 98 == 66 * 33 + 65): a
 * colliding string is neither found as the other nor stops the lookup of
 * a member stored past it. */
static void strset_hash_collisions_are_compared(void **state)
{
	(void)state;
	strset_init(&set);
	assert_int_equal(strset_add(&set, "Ab", 1), 0);
	assert_int_equal(find("BA"), -ENOENT);
	assert_int_equal(strset_add(&set, "BA", 2), 0);
	assert_int_equal(find("Ab"), 1);
	assert_int_equal(find("BA"), 2);
	/* Longer strings with the same hash: "xAb" / "xBA". */
	assert_int_equal(strset_add(&set, "xBA", 3), 0);
	assert_int_equal(find("xAb"), -ENOENT);
	assert_int_equal(find("xBA"), 3);
}

/* Refusals: a duplicate keeps the first value; a full set says so and
 * still answers every lookup (a free slot always ends the probe). */
static void strset_refusals(void **state)
{
	static char names[STRSET_SLOTS][8];

	(void)state;
	strset_init(&set);
	assert_int_equal(strset_add(&set, NULL, 1), -EINVAL);
	assert_int_equal(strset_add(&set, "dup", 1), 0);
	assert_int_equal(strset_add(&set, "dup", 2), -EEXIST);
	assert_int_equal(find("dup"), 1);

	strset_init(&set);
	for (unsigned i = 0; i < STRSET_SLOTS; i++) {
		snprintf(names[i], sizeof(names[i]), "n%u", i);
		assert_int_equal(strset_add(&set, names[i], (uint16_t)i),
				 i < STRSET_SLOTS - 1 ? 0 : -ENOSPC);
	}
	for (unsigned i = 0; i < STRSET_SLOTS - 1; i++)
		assert_int_equal(find(names[i]), (int)i);
	assert_int_equal(find(names[STRSET_SLOTS - 1]), -ENOENT);
	assert_int_equal(find("absent"), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strset_finds_members_only),
		cmocka_unit_test(strset_hash_collisions_are_compared),
		cmocka_unit_test(strset_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
