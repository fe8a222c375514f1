/* Unit tests for grading, payouts and price acceptance (app/bets/bets_grade.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bets/bets.h"

#define W BETS_WON
#define L BETS_LOST
#define P BETS_PUSH
#define HW BETS_HALF_WON
#define HL BETS_HALF_LOST

static void
test_grade(void **state)
{
	static const struct {
		const char *kind;
		int line;
		const char *outcome;
		int home, away;
		enum bets_outcome want;
	} cases[] = {
		/* 1X2 */
		{ "1x2", 0, "home", 2, 1, W },
		{ "1x2", 0, "home", 1, 1, L },
		{ "1x2", 0, "draw", 0, 0, W },
		{ "1x2", 0, "draw", 1, 0, L },
		{ "1x2", 0, "away", 0, 3, W },
		{ "1x2", 0, "away", 3, 0, L },
		/* moneyline: a level score pushes */
		{ "moneyline", 0, "home", 101, 99, W },
		{ "moneyline", 0, "away", 101, 99, L },
		{ "moneyline", 0, "home", 20, 20, P },
		{ "moneyline", 0, "away", 20, 20, P },
		/* whole and half handicaps (home's line) */
		{ "handicap", -100, "home", 2, 1, P },
		{ "handicap", -100, "home", 3, 1, W },
		{ "handicap", -100, "away", 2, 1, P },
		{ "handicap", -100, "away", 1, 1, W },
		{ "handicap", -50, "home", 1, 0, W },
		{ "handicap", -50, "home", 1, 1, L },
		{ "handicap", 50, "away", 1, 0, L },
		{ "handicap", 0, "home", 1, 1, P },
		{ "handicap", -350, "home", 24, 20, W },
		{ "handicap", -350, "away", 24, 21, W },
		/* quarter handicaps: half the stake on each neighbouring line */
		{ "handicap", -25, "home", 0, 0, HL },
		{ "handicap", -25, "away", 0, 0, HW },
		{ "handicap", -25, "home", 1, 0, W },
		{ "handicap", 25, "home", 0, 0, HW },
		{ "handicap", -75, "home", 1, 0, HW },
		{ "handicap", -75, "away", 1, 0, HL },
		{ "handicap", -75, "home", 2, 0, W },
		{ "handicap", 75, "home", 0, 1, HL },
		{ "handicap", -125, "home", 2, 1, HL },
		{ "handicap", -125, "home", 3, 1, W },
		/* totals */
		{ "total", 250, "over", 2, 1, W },
		{ "total", 250, "under", 2, 1, L },
		{ "total", 250, "under", 1, 1, W },
		{ "total", 300, "over", 2, 1, P },
		{ "total", 225, "over", 1, 1, HL },
		{ "total", 225, "under", 1, 1, HW },
		{ "total", 275, "over", 2, 1, HW },
		{ "total", 275, "under", 2, 1, HL },
		{ "total", 275, "over", 3, 1, W },
		{ "total", 4550, "under", 24, 20, W },
	};
	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++) {
		enum bets_outcome o = 0;

		if (bets_grade(cases[i].kind, cases[i].line, cases[i].outcome, cases[i].home,
		        cases[i].away, &o) != 0 ||
		    o != cases[i].want)
			fail_msg("case %zu: %s %d %s %d-%d graded %d, want %d", i, cases[i].kind,
			    cases[i].line, cases[i].outcome, cases[i].home, cases[i].away, o,
			    cases[i].want);
	}
}

static void
test_grade_refuses(void **state)
{
	enum bets_outcome o;

	(void)state;
	assert_int_equal(bets_grade("1x2", 0, "over", 1, 0, &o), -1);
	assert_int_equal(bets_grade("moneyline", 0, "draw", 1, 0, &o), -1);
	assert_int_equal(bets_grade("total", 250, "home", 1, 0, &o), -1);
	assert_int_equal(bets_grade("total", 0, "over", 1, 0, &o), -1);
	assert_int_equal(bets_grade("handicap", 30, "home", 1, 0, &o), -1); /* not a quarter step */
	assert_int_equal(bets_grade("corners", 0, "home", 1, 0, &o), -1);
	assert_int_equal(bets_grade("1x2", 0, "home", -1, 0, &o), -1);
}

static void
test_payout(void **state)
{
	(void)state;
	assert_int_equal(bets_payout(1000, 2100, W), 2100);
	assert_int_equal(bets_payout(333, 1909, W), 635); /* rounded down */
	assert_int_equal(bets_payout(1000, 2100, L), 0);
	assert_int_equal(bets_payout(1000, 2100, P), 1000);
	assert_int_equal(bets_payout(1000, 2100, BETS_VOID), 1000);
	/* half results: ceil(stake/2) decided, floor(stake/2) returned */
	assert_int_equal(bets_payout(1000, 1900, HW), 950 + 500);
	assert_int_equal(bets_payout(1001, 1900, HW), 951 + 500); /* 501 x 1.9 = 951.9 -> 951 */
	assert_int_equal(bets_payout(1001, 2000, HW), 1002 + 500);
	assert_int_equal(bets_payout(1000, 1900, HL), 500);
	assert_int_equal(bets_payout(1001, 1900, HL), 500);
	assert_int_equal(bets_payout(1, 1900, HL), 0);
	/* the profit fits what profiles accept for the outcome */
	for (int64_t s = 1; s < 50; s++) {
		assert_true(bets_payout(s, 1950, HL) - s >= -(s - s / 2));
		assert_true(bets_payout(s, 1950, HW) - s <= (s - s / 2) * 950 / 1000 + 1);
	}
}

static void
test_price_acceptance(void **state)
{
	(void)state;
	assert_true(bets_price_acceptable(2100, 2100, BETS_ACCEPT_NONE, 0));
	assert_false(bets_price_acceptable(2100, 2150, BETS_ACCEPT_NONE, 0));
	assert_false(bets_price_acceptable(2100, 2050, BETS_ACCEPT_NONE, 0));
	assert_true(bets_price_acceptable(2100, 2150, BETS_ACCEPT_BETTER, 0));
	assert_false(bets_price_acceptable(2100, 2099, BETS_ACCEPT_BETTER, 0));
	/* 5 % of 2.000 is 0.100 either way, inclusive */
	assert_true(bets_price_acceptable(2000, 1900, BETS_ACCEPT_ANY, 500));
	assert_true(bets_price_acceptable(2000, 2100, BETS_ACCEPT_ANY, 500));
	assert_false(bets_price_acceptable(2000, 1899, BETS_ACCEPT_ANY, 500));
	assert_false(bets_price_acceptable(2000, 2101, BETS_ACCEPT_ANY, 500));
	assert_false(bets_price_acceptable(2000, 1999, BETS_ACCEPT_ANY, -1));
}

/* Found by tests/fuzz/fuzz_accept (corpus regress-accept-overflow): the
 * difference of two int32 prices far apart overflowed int32. */
static void
test_price_acceptance_extremes(void **state)
{
	(void)state;
	assert_false(bets_price_acceptable(-2147481548, 2200, BETS_ACCEPT_ANY, 122));
	assert_false(bets_price_acceptable(INT32_MIN, INT32_MAX, BETS_ACCEPT_ANY, 10000));
	assert_false(bets_price_acceptable(INT32_MAX, INT32_MIN, BETS_ACCEPT_ANY, 10000));
	assert_true(bets_price_acceptable(INT32_MAX, INT32_MAX / 2 + 1, BETS_ACCEPT_ANY, 5000));
	assert_true(bets_price_acceptable(INT32_MIN, INT32_MAX, BETS_ACCEPT_BETTER, 0));
}

static void
test_line_format(void **state)
{
	char b[16];

	(void)state;
	odds_line_format(-25, 1, b, sizeof(b));
	assert_string_equal(b, "-0.25");
	odds_line_format(250, 0, b, sizeof(b));
	assert_string_equal(b, "2.5");
	odds_line_format(100, 1, b, sizeof(b));
	assert_string_equal(b, "+1");
	odds_line_format(0, 1, b, sizeof(b));
	assert_string_equal(b, "0");
	odds_line_format(-1075, 1, b, sizeof(b));
	assert_string_equal(b, "-10.75");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grade),
		cmocka_unit_test(test_grade_refuses),
		cmocka_unit_test(test_payout),
		cmocka_unit_test(test_price_acceptance),
		cmocka_unit_test(test_price_acceptance_extremes),
		cmocka_unit_test(test_line_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
