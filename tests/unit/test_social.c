/*
 * Unit tests for the pure parts of app/social.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "notify/notify.h"
#include "social/social.h"

/* The table's outcomes: a refusal's status, or one of these. */
#define SG_DO 0   /* the graph changes */
#define SG_NOOP 1 /* already so */

/* Notification links: paths on this site only. */
static void
test_link_local(void **state)
{
	static const char *const ok[] = { "/", "/wallet", "/posts/0190-ab?x=1#c", "/u/a//b",
		"/a\\b", "/%2F%2Fevil.example" };
	static const char *const bad[] = { "//evil.example", "/\\evil.example",
		"https://evil.example", "javascript:alert(1)", "evil.example", "",
		"/\t/evil.example", "/x\ny", "/\x7f" };

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_true(notify_link_local(ok[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(notify_link_local(bad[i]));
	assert_false(notify_link_local(NULL));
}

/* issue 4: bronze 0-10, silver 11-100, gold 101-1000, platinum 1000+ */
static void
test_tier_boundaries(void **state)
{
	static const struct {
		long long followers;
		const char *tier;
	} cases[] = {
		{ 0, "bronze" },
		{ 10, "bronze" },
		{ 11, "silver" },
		{ 100, "silver" },
		{ 101, "gold" },
		{ 1000, "gold" },
		{ 1001, "platinum" },
		{ 5000000, "platinum" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(social_tier(cases[i].followers), cases[i].tier);
}

/* The follow graph's decision table: every action against every state. */
static void
test_graph_decide(void **state)
{
	(void)state;

	static const struct {
		enum social_graph_action act;
		int self, exists;
		const char *mine, *theirs;
		int want;
		const char *msg; /* a word the message must contain */
	} cases[] = {
		{ SG_FOLLOW, 0, 1, "", "", SG_DO, NULL },
		{ SG_FOLLOW, 0, 1, NULL, NULL, SG_DO, NULL },
		{ SG_FOLLOW, 0, 1, "", "follow", SG_DO, NULL },
		{ SG_FOLLOW, 0, 1, "follow", "", SG_NOOP, NULL },
		{ SG_FOLLOW, 0, 1, "block", "", 409, "Unblock" },
		{ SG_FOLLOW, 0, 1, "", "block", 404, "no such" },
		{ SG_FOLLOW, 0, 0, "", "", 404, "no such" },
		{ SG_FOLLOW, 1, 1, "", "", 422, "yourself" },
		{ SG_UNFOLLOW, 0, 1, "follow", "", SG_DO, NULL },
		{ SG_UNFOLLOW, 0, 1, "", "follow", 409, "not following" },
		{ SG_UNFOLLOW, 0, 1, "block", "", 409, "not following" },
		{ SG_UNFOLLOW, 0, 1, "follow", "block", 404, "no such" },
		{ SG_UNFOLLOW, 1, 1, "", "", 422, "yourself" },
		{ SG_BLOCK, 0, 1, "", "", SG_DO, NULL },
		{ SG_BLOCK, 0, 1, "follow", "follow", SG_DO, NULL },
		{ SG_BLOCK, 0, 1, "block", "", SG_NOOP, NULL },
		{ SG_BLOCK, 0, 1, "", "block", 404, "no such" },
		{ SG_BLOCK, 0, 0, "", "", 404, "no such" },
		{ SG_BLOCK, 1, 1, "", "", 422, "yourself" },
		{ SG_UNBLOCK, 0, 1, "block", "", SG_DO, NULL },
		{ SG_UNBLOCK, 0, 1, "follow", "", 409, "not blocked" },
		{ SG_UNBLOCK, 0, 1, "", "", 409, "not blocked" },
		{ SG_UNBLOCK, 0, 1, "", "block", 404, "no such" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int change = -1;
		struct tg_err e = social_graph_decide(cases[i].act, cases[i].self, cases[i].exists,
		    cases[i].mine, cases[i].theirs, &change);
		int got = e.code != TG_OK ? tg_status(e.code) : change ? SG_DO : SG_NOOP;
		const char *msg = e.message;

		if (got != cases[i].want)
			fail_msg("case %zu: got %d, want %d", i, got, cases[i].want);
		if (cases[i].msg == NULL)
			assert_null(msg);
		else if (msg == NULL || strcasestr(msg, cases[i].msg) == NULL)
			fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, msg ? msg : "(null)",
			    cases[i].msg);
	}
}

static void
test_graph_page_count(void **state)
{
	(void)state;
	assert_int_equal(social_graph_page_count(0, 20), 1);
	assert_int_equal(social_graph_page_count(1, 20), 1);
	assert_int_equal(social_graph_page_count(20, 20), 1);
	assert_int_equal(social_graph_page_count(21, 20), 2);
	assert_int_equal(social_graph_page_count(25, 20), 2);
	assert_int_equal(social_graph_page_count(-3, 20), 1);
	assert_int_equal(social_graph_page_count(5, 0), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tier_boundaries),
		cmocka_unit_test(test_link_local),
		cmocka_unit_test(test_graph_decide),
		cmocka_unit_test(test_graph_page_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
