/* Host tests: each format's table_pa() agrees with its decode_l1(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pgtable.h"

static const struct pt_format *const formats[] = {
	&pt_format_armv7s, &pt_format_armv5, &pt_format_lpae,
};

/* table_pa(d) is decode_l1(d).pa for a table descriptor, PT_NO_TABLE for
 * every other one: over every descriptor the format writes and 100,000
 * pseudo-random ones (xorshift64, fixed seed). */
static void table_pa_agrees_with_decode(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;

	(void)state;
	for (unsigned f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		const struct pt_format *fmt = formats[f];
		struct pt_attrs rw = { MT_NORMAL, PROT_R | PROT_W };
		uint64_t width = fmt->desc_bytes == 8 ? ~0ull : 0xffffffffull;

		assert_int_equal(fmt->table_pa(fmt->table(0x40008000u)), 0x40008000u);
		assert_int_equal(fmt->table_pa(fmt->section(0x40000000u, rw)), PT_NO_TABLE);
		assert_int_equal(fmt->table_pa(0), PT_NO_TABLE);
		for (unsigned i = 0; i < 100000; i++) {
			struct pte_info e;
			uint64_t d;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			d = x & width;
			fmt->decode_l1(d, &e);
			if (e.kind == PTE_TABLE)
				assert_int_equal(fmt->table_pa(d), e.pa);
			else
				assert_int_equal(fmt->table_pa(d), PT_NO_TABLE);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_pa_agrees_with_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
