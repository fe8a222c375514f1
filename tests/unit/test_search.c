/*
 * Unit tests for the pure part of app/search: tag normalisation, LIKE
 * escaping of a prefix, the query checks and the split of a ts_headline
 * snippet into plain and highlighted parts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "search/search.h"

#define S SEARCH_MARK_START
#define E SEARCH_MARK_STOP

static void
test_tag(void **state)
{
	static const struct {
		const char *in, *want; /* want NULL: refused */
	} cases[] = {
		{ "epl", "epl" }, { "#EPL", "epl" }, { "Value_Bets2", "value_bets2" },
		{ "1x2", "1x2" }, { "", NULL }, { "#", NULL }, { "##epl", NULL },
		{ "123", NULL }, /* a letter is needed, as in posts */
		{ "two words", NULL }, { "<script>", NULL }, { "café", NULL }, { "a-b", NULL },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 50 */
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
		{ "#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL }, /* 51 */
	};
	struct arena *a = arena_new(1024);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = search_tag_normalise(a, cases[i].in);

		if (cases[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
	assert_null(search_tag_normalise(a, NULL));
	arena_free(a);
}

static void
test_like_prefix(void **state)
{
	struct arena *a = arena_new(1024);

	(void)state;
	assert_string_equal(search_like_prefix(a, "value"), "value%");
	assert_string_equal(search_like_prefix(a, "value_vera"), "value\\_vera%");
	assert_string_equal(search_like_prefix(a, "100%"), "100\\%%");
	assert_string_equal(search_like_prefix(a, "a\\b"), "a\\\\b%");
	assert_string_equal(search_like_prefix(a, ""), "%");
	arena_free(a);
}

static void
test_check_query(void **state)
{
	(void)state;
	assert_null(search_check_query("vera", 1, 0));
	assert_null(search_check_query("x", 0, 0));
	assert_null(search_check_query("\"home side\" -chelsea", 0, 0));
	assert_null(search_check_query("équipe", 1, 0));
	assert_non_null(search_check_query("", 1, 0));
	assert_non_null(search_check_query("", 1, 1)); /* a tag does not help members */
	assert_non_null(search_check_query("", 0, 0));
	assert_null(search_check_query("", 0, 1)); /* browsing a tag */
	assert_null(search_check_query(NULL, 0, 1));
	assert_non_null(search_check_query("&|!()", 0, 0));
	assert_non_null(search_check_query("<>", 1, 0));
}

static void
test_snippet(void **state)
{
	struct arena *a = arena_new(4096);
	struct search_part p[8];
	size_t n;

	(void)state;
	n = search_snippet_split(a, "beat " S "Chelsea" E " at " S "home" E, p, 8);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].text, "beat ");
	assert_false(p[0].hit);
	assert_string_equal(p[1].text, "Chelsea");
	assert_true(p[1].hit);
	assert_string_equal(p[2].text, " at ");
	assert_false(p[2].hit);
	assert_string_equal(p[3].text, "home");
	assert_true(p[3].hit);

	/* Markup in the text stays text: the template escapes it. */
	n = search_snippet_split(a, "<b>" S "x" E "</b>", p, 8);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].text, "<b>");
	assert_string_equal(p[2].text, "</b>");

	/* No markers, empty, adjacent and unbalanced markers. */
	n = search_snippet_split(a, "plain text", p, 8);
	assert_int_equal(n, 1);
	assert_false(p[0].hit);
	assert_int_equal(search_snippet_split(a, "", p, 8), 0);
	assert_int_equal(search_snippet_split(a, NULL, p, 8), 0);
	n = search_snippet_split(a, S E S "a" E E "b" S, p, 8);
	assert_int_equal(n, 2);
	assert_true(p[0].hit);
	assert_string_equal(p[1].text, "b");
	assert_false(p[1].hit);

	/* Too many parts: the rest joins the last, markers dropped. */
	n = search_snippet_split(a, "a" S "b" E "c" S "d" E "e", p, 3);
	assert_int_equal(n, 3);
	assert_string_equal(p[2].text, "cde");

	assert_string_equal(search_snippet_plain(a, "beat " S "Chelsea" E "!"), "beat Chelsea!");
	assert_string_equal(search_snippet_plain(a, ""), "");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tag),
		cmocka_unit_test(test_like_prefix),
		cmocka_unit_test(test_check_query),
		cmocka_unit_test(test_snippet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
