/* Unit tests for the ledger's pure validation (app/ledger/ledger.c,
 * ledger_cli.c): account kinds and their owners, balanced legs, leg syntax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/ledger.h"

#define U1 "0190a0b0-0000-7000-8000-000000000001"
#define U2 "0190a0b0-0000-7000-8000-000000000002"

static void
test_kinds(void **state)
{
	(void)state;
	assert_int_equal(ledger_kind_owner("user_cash"), LEDGER_OWNER_MEMBER);
	assert_int_equal(ledger_kind_owner("platform_revenue"), LEDGER_OWNER_NONE);
	assert_int_equal(ledger_kind_owner("escrow"), LEDGER_OWNER_UUID);
	assert_int_equal(ledger_kind_owner("team"), LEDGER_OWNER_UUID);
	assert_int_equal(ledger_kind_owner("commissions_payable"), LEDGER_OWNER_UUID);
	assert_int_equal(ledger_kind_owner("provider_clearing"), LEDGER_OWNER_SLUG);
	assert_int_equal(ledger_kind_owner("savings"), -1);
	assert_int_equal(ledger_kind_owner(NULL), -1);
	/* only the tenant's operating accounts and provider clearing go below zero */
	assert_int_equal(ledger_kind_may_go_negative("house"), 1);
	assert_int_equal(ledger_kind_may_go_negative("provider_clearing"), 1);
	assert_int_equal(ledger_kind_may_go_negative("user_cash"), 0);
	assert_int_equal(ledger_kind_may_go_negative("escrow"), 0);
	assert_int_equal(ledger_kind_may_go_negative("team"), 0);
	assert_int_equal(ledger_kind_may_go_negative("platform_revenue"), 0);
	assert_int_equal(ledger_kind_may_go_negative("commissions_payable"), 0);
	assert_int_equal(ledger_kind_may_go_negative("nope"), -1);
}

static void
test_account_check(void **state)
{
	static const struct {
		const char *kind, *owner;
		int ok;
	} cases[] = {
		{ "user_cash", U1, 1 },
		{ "user_cash", NULL, 0 },
		{ "user_cash", "stripe", 0 },
		{ "house", NULL, 1 },
		{ "house", U1, 0 },
		{ "platform_revenue", NULL, 1 },
		{ "platform_revenue", U1, 0 },
		{ "escrow", U1, 1 },
		{ "escrow", NULL, 0 },
		{ "escrow", "stripe", 0 },
		{ "team", U2, 1 },
		{ "team", "x", 0 },
		{ "commissions_payable", U1, 1 },
		{ "commissions_payable", NULL, 0 },
		{ "provider_clearing", "stripe", 1 },
		{ "provider_clearing", "acme_pay2", 1 },
		{ "provider_clearing", U1, 0 },
		{ "provider_clearing", "Stripe", 0 },
		{ "provider_clearing", NULL, 0 },
		{ "provider_clearing", "s", 0 },
		{ "savings", NULL, 0 },
		{ NULL, NULL, 0 },
	};
	(void)state;
	for (size_t i = 0; i < TG_NELEM(cases); i++)
		if ((ledger_account_check(cases[i].kind, cases[i].owner) == NULL) != cases[i].ok)
			fail_msg("case %zu: %s/%s", i, cases[i].kind ? cases[i].kind : "(null)",
			    cases[i].owner ? cases[i].owner : "(none)");
}

static void
test_legs_between_kinds(void **state)
{
	const struct ledger_leg fee[] = {
		{ "user_cash", U1, -150 },
		{ "platform_revenue", NULL, 150 },
	};
	const struct ledger_leg hold[] = {
		{ "user_cash", U1, -500 },
		{ "user_cash", U2, -500 },
		{ "escrow", U1, 1000 },
	};
	const struct ledger_leg settle[] = {
		{ "provider_clearing", "stripe", 10000 },
		{ "deposits", NULL, -10000 },
	};
	const struct ledger_leg unbalanced[] = {
		{ "team", U2, 100 },
		{ "commissions_payable", U1, -99 },
	};
	const struct ledger_leg bad_owner[] = {
		{ "escrow", "stripe", 100 },
		{ "house", NULL, -100 },
	};
	const struct ledger_leg zero[] = {
		{ "team", U2, 0 },
		{ "house", NULL, 0 },
	};
	const struct ledger_leg too_big[] = {
		{ "team", U2, MONEY_MAX + 1 },
		{ "house", NULL, -MONEY_MAX - 1 },
	};
	(void)state;
	assert_null(ledger_legs_check(fee, 2));
	assert_null(ledger_legs_check(hold, 3));
	assert_null(ledger_legs_check(settle, 2));
	assert_string_equal(ledger_legs_check(fee, 1), "a transaction needs at least two legs");
	assert_string_equal(ledger_legs_check(unbalanced, 2), "legs do not sum to zero");
	assert_non_null(ledger_legs_check(bad_owner, 2));
	assert_non_null(ledger_legs_check(zero, 2));
	assert_non_null(ledger_legs_check(too_big, 2));
}

static void
test_leg_parse(void **state)
{
	struct arena *a = arena_new(1024);
	struct ledger_leg l;

	(void)state;
	assert_int_equal(ledger_leg_parse(a, "platform_revenue:150", &l), 0);
	assert_string_equal(l.kind, "platform_revenue");
	assert_null(l.user_id);
	assert_int_equal(l.amount, 150);
	assert_int_equal(ledger_leg_parse(a, "escrow/" U1 ":-25", &l), 0);
	assert_string_equal(l.kind, "escrow");
	assert_string_equal(l.user_id, U1);
	assert_int_equal(l.amount, -25);
	assert_int_equal(ledger_leg_parse(a, "provider_clearing/stripe:7", &l), 0);
	assert_string_equal(l.user_id, "stripe");
	assert_int_equal(ledger_leg_parse(a, "house", &l), -1);
	assert_int_equal(ledger_leg_parse(a, "house:", &l), -1);
	assert_int_equal(ledger_leg_parse(a, "house:12x", &l), -1);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_account_check),
		cmocka_unit_test(test_legs_between_kinds),
		cmocka_unit_test(test_leg_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
