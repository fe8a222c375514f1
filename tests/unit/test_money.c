/* Unit tests for money and odds as exact integers (app/core/money.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"

static void
test_money_parse(void **state)
{
	static const struct {
		const char *in;
		int ok;
		int64_t want;
	} cases[] = {
		{ "0", 1, 0 },
		{ "12", 1, 1200 },
		{ "12.3", 1, 1230 },
		{ "12.34", 1, 1234 },
		{ "0.01", 1, 1 },
		{ "1000000000000", 1, INT64_C(100000000000000) },
		{ "12.345", 0, 0 }, /* fractions of a cent are refused, not rounded */
		{ "-1", 0, 0 },
		{ "", 0, 0 },
		{ ".5", 0, 0 },
		{ "5.", 0, 0 },
		{ "1.2.3", 0, 0 },
		{ "1e3", 0, 0 },
		{ " 1", 0, 0 },
		{ "1 ", 0, 0 },
		{ "1000000000000.01", 0, 0 },
		{ "99999999999999999999", 0, 0 },
	};
	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		int64_t v = -7;
		int rc = money_parse(cases[i].in, &v);

		if ((rc == 0) != cases[i].ok || (cases[i].ok && v != cases[i].want))
			fail_msg("money_parse(\"%s\") = %d, %lld", cases[i].in, rc, (long long)v);
	}
}

static void
test_money_format(void **state)
{
	char b[32];

	(void)state;
	money_format(0, b, sizeof(b));
	assert_string_equal(b, "0.00");
	money_format(1234, b, sizeof(b));
	assert_string_equal(b, "12.34");
	money_format(-5, b, sizeof(b));
	assert_string_equal(b, "-0.05");
	money_format(INT64_MIN, b, sizeof(b));
	assert_string_equal(b, "-92233720368547758.08");
}

static void
test_odds(void **state)
{
	static const struct {
		const char *in;
		int ok;
		int32_t want;
	} cases[] = {
		{ "2.10", 1, 2100 },
		{ "1.14", 1, 1140 },
		{ "10", 1, 10000 },
		{ "1.001", 1, 1001 },
		{ "1000", 1, 1000000 },
		{ "1.0", 0, 0 },
		{ "1", 0, 0 },
		{ "0.5", 0, 0 },
		{ "2.1005", 0, 0 },
		{ "1000.001", 0, 0 },
		{ "", 0, 0 },
		{ "-2", 0, 0 },
		{ "abc", 0, 0 },
	};
	char b[16];

	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		int32_t v = -7;
		int rc = odds_parse(cases[i].in, &v);

		if ((rc == 0) != cases[i].ok || (cases[i].ok && v != cases[i].want))
			fail_msg("odds_parse(\"%s\") = %d, %d", cases[i].in, rc, v);
	}
	odds_format(2100, b, sizeof(b));
	assert_string_equal(b, "2.10");
	odds_format(1909, b, sizeof(b));
	assert_string_equal(b, "1.909");
	odds_format(10000, b, sizeof(b));
	assert_string_equal(b, "10.00");
}

static void
test_american(void **state)
{
	static const struct {
		int32_t in;
		int ok;
		int32_t want;
	} cases[] = {
		{ 150, 1, 2500 }, { 100, 1, 2000 }, { 900, 1, 10000 }, { -100, 1, 2000 },
		{ -110, 1, 1909 },                      /* 1.90909... */
		{ -105, 1, 1952 },                      /* 1.95238... */
		{ -1400, 1, 1071 },                     /* 1.071428... */
		{ -120, 1, 1833 },                      /* 1.8333... */
		{ -300, 1, 1333 },                      /* 1.3333... */
		{ -125, 1, 1800 },                      /* exact */
		{ -2000, 1, 1050 }, { -1999, 1, 1050 }, /* 1.050025 -> 1.050 */
		{ 99, 0, 0 }, { -99, 0, 0 }, { 0, 0, 0 }, { 100000, 0, 0 },
		{ -1000000, 0, 0 }, /* 1.0001 rounds to 1.000, which is no price at all */
	};
	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		int32_t v = -7;
		int rc = odds_from_american(cases[i].in, &v);

		if ((rc == 0) != cases[i].ok || (cases[i].ok && v != cases[i].want))
			fail_msg("odds_from_american(%d) = %d, %d", cases[i].in, rc, v);
	}
}

static void
test_lines_and_payout(void **state)
{
	int32_t l;

	(void)state;
	assert_int_equal(odds_line_parse("-0.25", &l), 0);
	assert_int_equal(l, -25);
	assert_int_equal(odds_line_parse("2.5", &l), 0);
	assert_int_equal(l, 250);
	assert_int_equal(odds_line_parse("-13", &l), 0);
	assert_int_equal(l, -1300);
	assert_int_equal(odds_line_parse("0", &l), 0);
	assert_int_equal(l, 0);
	assert_int_equal(odds_line_parse("0.3", &l), -1); /* not a quarter step */
	assert_int_equal(odds_line_parse("0.125", &l), -1);
	assert_int_equal(odds_line_parse("x", &l), -1);

	assert_int_equal(money_payout(1000, 2100), 2100);
	assert_int_equal(money_payout(333, 1909), 635); /* 635.697 rounded down */
	assert_int_equal(money_payout(1, 1001), 1);
	assert_int_equal(money_payout(0, 5000), 0);
	assert_int_equal(money_payout(INT64_C(100000000000000), 1000000),
	    INT64_C(100000000000000000)); /* no overflow at the limits */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_odds),
		cmocka_unit_test(test_american),
		cmocka_unit_test(test_lines_and_payout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
