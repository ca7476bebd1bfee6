/* Host tests: each format's table_pa() agrees with its decode_l1(), and its
 * page_cacheable() with its decode_l2(). */
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

/* page_cacheable(d) is decode_l2(d).attrs.type == MT_NORMAL: over the page
 * of every memory type and permission the format writes, and 100,000
 * pseudo-random descriptors (xorshift64, fixed seed). */
static void page_cacheable_agrees_with_decode(void **state)
{
	static const uint8_t types[] = { MT_NORMAL, MT_NORMAL_NC, MT_DEVICE, MT_STRONGLY_ORDERED };
	static const uint8_t prots[] = { PROT_R, PROT_R | PROT_W, PROT_R | PROT_X,
					 PROT_R | PROT_U, PROT_R | PROT_W | PROT_U };
	uint64_t x = 0x2545f4914f6cdd1dull;

	(void)state;
	for (unsigned f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		const struct pt_format *fmt = formats[f];
		uint64_t width = fmt->desc_bytes == 8 ? ~0ull : 0xffffffffull;
		unsigned hits = 0;

		for (unsigned t = 0; t < sizeof(types); t++)
			for (unsigned p = 0; p < sizeof(prots); p++) {
				struct pt_attrs a = { types[t], prots[p] };
				uint64_t d = fmt->page(0x40123000u, a);

				assert_int_equal(fmt->page_cacheable(d), types[t] == MT_NORMAL);
			}
		assert_false(fmt->page_cacheable(0));
		for (unsigned i = 0; i < 100000; i++) {
			struct pte_info e;
			uint64_t d;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			d = x & width;
			fmt->decode_l2(d, &e);
			assert_int_equal(fmt->page_cacheable(d), e.attrs.type == MT_NORMAL);
			hits += e.attrs.type == MT_NORMAL;
		}
		assert_true(hits > 10);		/* the random ones reached both answers */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_pa_agrees_with_decode),
		cmocka_unit_test(page_cacheable_agrees_with_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
