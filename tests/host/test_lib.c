/* Host tests: the RX ring, the software-timer queue and CRC-32. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cache_range.h"
#include "crc32.h"
#include "midr.h"
#include "ring.h"
#include "timerq.h"

/* ---- ring ---- */

static void ring_rejects_bad_sizes(void **state)
{
	uint8_t buf[8];
	struct ring r;

	(void)state;
	assert_int_equal(ring_init(&r, buf, 0), -EINVAL);
	assert_int_equal(ring_init(&r, buf, 1), -EINVAL);
	assert_int_equal(ring_init(&r, buf, 6), -EINVAL);
	assert_int_equal(ring_init(&r, buf, 8), 0);
	assert_int_equal(ring_init(&r, buf, 2), 0);	/* the smallest power of two allowed */
}

static void ring_keeps_order_refuses_when_full_and_counts_drops(void **state)
{
	uint8_t buf[8];
	struct ring r;

	(void)state;
	ring_init(&r, buf, sizeof(buf));
	assert_int_equal(ring_pop(&r), -1);
	for (int i = 0; i < 8; i++)
		assert_true(ring_push(&r, (uint8_t)(i + 1)));
	assert_false(ring_push(&r, 99));	/* full: refused, not overwritten */
	assert_false(ring_push(&r, 100));
	assert_int_equal(r.dropped, 2);
	assert_int_equal(ring_count(&r), 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(ring_pop(&r), i + 1);
	assert_int_equal(ring_pop(&r), -1);
	assert_int_equal(ring_count(&r), 0);
}

static void ring_survives_index_wraparound(void **state)
{
	uint8_t buf[4];
	struct ring r;

	(void)state;
	ring_init(&r, buf, sizeof(buf));
	r.head = r.tail = UINT32_MAX - 2;	/* indices about to wrap */
	for (int round = 0; round < 10; round++) {
		for (int i = 0; i < 3; i++)
			assert_true(ring_push(&r, (uint8_t)(round * 3 + i)));
		assert_int_equal(ring_count(&r), 3);
		for (int i = 0; i < 3; i++)
			assert_int_equal(ring_pop(&r), round * 3 + i);
	}
	assert_int_equal(r.dropped, 0);
}

static void push_str(struct ring *r, const char *s)
{
	while (*s)
		assert_true(ring_push(r, (uint8_t)*s++));
}

/* Pop everything into a string. */
static const char *pop_all(struct ring *r)
{
	static char out[32];
	size_t n = 0;
	int c;

	while ((c = ring_pop(r)) >= 0 && n < sizeof(out) - 1)
		out[n++] = (char)c;
	out[n] = '\0';
	return out;
}

static void ring_take_removes_only_that_byte(void **state)
{
	uint8_t buf[8];
	struct ring r;

	(void)state;
	ring_init(&r, buf, sizeof(buf));
	assert_false(ring_take(&r, 3));		/* empty */
	push_str(&r, "up\003ti\003e");
	assert_true(ring_take(&r, 3));		/* the oldest one */
	assert_int_equal(ring_count(&r), 6);
	assert_false(ring_take(&r, 'x'));
	assert_true(ring_take(&r, 3));
	assert_false(ring_take(&r, 3));
	assert_string_equal(pop_all(&r), "uptie");
	/* at the head and at the tail */
	push_str(&r, "\003ab\003");
	assert_true(ring_take(&r, 3));
	assert_string_equal(pop_all(&r), "ab\003");
}

static void ring_take_across_the_wrap(void **state)
{
	uint8_t buf[4];
	struct ring r;

	(void)state;
	ring_init(&r, buf, sizeof(buf));
	r.head = r.tail = UINT32_MAX - 1;	/* stored bytes straddle index wrap and slot 0 */
	push_str(&r, "ab\003c");
	assert_true(ring_take(&r, 3));
	/* a push may follow at once: the freed slot is the producer's again */
	assert_true(ring_push(&r, 'd'));
	assert_false(ring_push(&r, 'e'));
	assert_string_equal(pop_all(&r), "abcd");
}

/* ---- timer queue ---- */

#define QCAP 4096

static struct soft_timer *slots[QCAP];
static struct soft_timer timers[QCAP];

static void timerq_orders_by_deadline_then_insertion(void **state)
{
	struct timerq q;
	uint64_t deadlines[] = { 50, 10, 30, 10, 50, 0, 30 };
	unsigned expect[] = { 5, 1, 3, 2, 6, 0, 4 };
	struct soft_timer *t;

	(void)state;
	timerq_init(&q, slots, QCAP);
	for (unsigned i = 0; i < 7; i++) {
		timers[i] = (struct soft_timer){ .deadline_ns = deadlines[i], .slot = -1 };
		assert_int_equal(timerq_add(&q, &timers[i]), 0);
	}
	assert_ptr_equal(timerq_pop_due(&q, 0), &timers[5]);	/* only deadline 0 is due at 0 */
	for (unsigned k = 1; k < 7; k++) {
		t = timerq_pop_due(&q, 100);
		assert_ptr_equal(t, &timers[expect[k]]);
	}
	assert_null(timerq_pop_due(&q, UINT64_MAX));
}

static void timerq_pops_only_what_is_due(void **state)
{
	struct timerq q;

	(void)state;
	timerq_init(&q, slots, QCAP);
	timers[0] = (struct soft_timer){ .deadline_ns = 100, .slot = -1 };
	timerq_add(&q, &timers[0]);
	assert_null(timerq_pop_due(&q, 99));
	assert_ptr_equal(timerq_pop_due(&q, 100), &timers[0]);
}

static void timerq_refusals(void **state)
{
	struct timerq q;

	(void)state;
	timerq_init(&q, slots, 2);
	for (int i = 0; i < 3; i++)
		timers[i] = (struct soft_timer){ .deadline_ns = 1, .slot = -1 };
	assert_int_equal(timerq_add(&q, &timers[0]), 0);
	assert_int_equal(timerq_add(&q, &timers[0]), -EBUSY);
	assert_int_equal(timerq_add(&q, &timers[1]), 0);
	assert_int_equal(timerq_add(&q, &timers[2]), -ENOMEM);
	assert_int_equal(timerq_remove(&q, &timers[2]), -ENOENT);
	assert_int_equal(timerq_remove(&q, &timers[0]), 0);
	assert_int_equal(timerq_remove(&q, &timers[0]), -ENOENT);
	assert_false(timerq_contains(&q, &timers[0]));
	assert_true(timerq_contains(&q, &timers[1]));
	/* A queue initialised again is empty: it holds none of its old timers. */
	timerq_init(&q, slots, 2);
	assert_false(timerq_contains(&q, &timers[1]));
	assert_int_equal(timerq_add(&q, &timers[1]), 0);
}

/* Random adds and removes against a brute-force model. */
static void timerq_random_against_model(void **state)
{
	struct timerq q;
	bool queued[QCAP] = { false };
	uint32_t seed = 0xc0ffee;
	uint64_t last_deadline = 0;

	(void)state;
	timerq_init(&q, slots, QCAP);
	for (unsigned i = 0; i < QCAP; i++)
		timers[i] = (struct soft_timer){ .slot = -1 };
	for (int step = 0; step < 200000; step++) {
		unsigned i;

		seed = seed * 1103515245u + 12345u;
		i = (seed >> 8) % QCAP;
		if ((seed >> 3) % 3 == 0) {
			assert_int_equal(timerq_remove(&q, &timers[i]), queued[i] ? 0 : -ENOENT);
			queued[i] = false;
		} else if (!queued[i]) {
			timers[i].deadline_ns = last_deadline + (seed >> 20) % 1000;
			assert_int_equal(timerq_add(&q, &timers[i]), 0);
			queued[i] = true;
		}
		if (step % 1000 == 999) {
			/* pop everything due: non-decreasing, each exactly the earliest */
			uint64_t now = last_deadline + 500, prev = 0;
			struct soft_timer *t;

			while ((t = timerq_pop_due(&q, now)) != NULL) {
				unsigned k = (unsigned)(t - timers);

				assert_true(queued[k]);
				assert_true(t->deadline_ns >= prev && t->deadline_ns <= now);
				for (unsigned j = 0; j < QCAP; j++)
					if (queued[j] && j != k)
						assert_true(timers[j].deadline_ns >= t->deadline_ns);
				prev = t->deadline_ns;
				queued[k] = false;
			}
			last_deadline = now;
		}
	}
}

/* ---- CRC-32 ---- */

static void crc32_matches_the_standard_check_value(void **state)
{
	(void)state;
	/* the CRC-32/ISO-HDLC check value for "123456789" */
	assert_int_equal(crc32_update(0, "123456789", 9), 0xcbf43926u);
	assert_int_equal(crc32_update(0, "", 0), 0);
	/* incremental equals one-shot */
	assert_int_equal(crc32_update(crc32_update(0, "1234", 4), "56789", 5), 0xcbf43926u);
}

/* ---- cache line ranges ---- */

static void cache_lines_cover_exactly_the_range(void **state)
{
	(void)state;
	assert_int_equal(cache_lines_in_range(0x40001000, 0, 64), 0);
	assert_int_equal(cache_lines_in_range(0x40001000, 1, 64), 1);
	assert_int_equal(cache_lines_in_range(0x40001000, 64, 64), 1);
	assert_int_equal(cache_lines_in_range(0x40001000, 65, 64), 2);
	assert_int_equal(cache_lines_in_range(0x4000103f, 2, 64), 2);	/* straddles */
	assert_int_equal(cache_lines_in_range(0x40001001, 0x1000, 64), 65);
	/* ending at 4 GiB: va + size wraps to 0, the count must not */
	assert_int_equal(cache_lines_in_range(0xffffffc0u, 0x40, 64), 1);
	assert_int_equal(cache_lines_in_range(0xfffff000u, 0x1000, 32), 128);
	assert_int_equal(cache_lines_in_range(0, 0xffffffffu, 64), 0x4000000);
}

/* ---- MIDR ---- */

static void midr_names_arm_parts_only(void **state)
{
	static const struct cpu_part parts[] = { { 0xc0f, "Cortex-A15" }, { 0x926, "ARM926EJ-S" } };

	(void)state;
	assert_string_equal(midr_part_name(0x414fc0f0, parts, 2), "Cortex-A15");	/* QEMU's A15 */
	assert_string_equal(midr_part_name(0x41069265, parts, 2), "ARM926EJ-S");	/* QEMU's 926 */
	assert_string_equal(midr_part_name(0x410fc090, parts, 2), "unknown");		/* A9: not listed */
	assert_string_equal(midr_part_name(0x514fc0f0, parts, 2), "unknown");		/* not ARM's */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ring_rejects_bad_sizes),
		cmocka_unit_test(ring_keeps_order_refuses_when_full_and_counts_drops),
		cmocka_unit_test(ring_survives_index_wraparound),
		cmocka_unit_test(ring_take_removes_only_that_byte),
		cmocka_unit_test(ring_take_across_the_wrap),
		cmocka_unit_test(timerq_orders_by_deadline_then_insertion),
		cmocka_unit_test(timerq_pops_only_what_is_due),
		cmocka_unit_test(timerq_refusals),
		cmocka_unit_test(timerq_random_against_model),
		cmocka_unit_test(crc32_matches_the_standard_check_value),
		cmocka_unit_test(midr_names_arm_parts_only),
		cmocka_unit_test(cache_lines_cover_exactly_the_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
