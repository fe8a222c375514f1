/*
 * Unit tests for the pure part of app/posts: hashtags, mentions, link
 * counting, normalisation for duplicate detection and the anti-spam
 * decision.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "posts/posts.h"

/* "a,b,c" for a word list, to compare whole results at once. */
static const char *
joined(struct arena *a, const struct posts_words *w)
{
	char *s = arena_strdup(a, "");

	for (size_t i = 0; i < w->n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? "," : "", w->v[i]);
	return s;
}

static void
test_hashtags(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "", "" }, { "#Arsenal to win #EPL", "arsenal,epl" },
		{ "#arsenal #ARSENAL #Arsenal", "arsenal" }, /* case folded, deduplicated */
		{ "no tags here # and #", "" },
		{ "#1 is not a tag but #1x2 is", "1x2" }, /* a letter is needed */
		{ "mid#word is not a tag", "" }, { "(#paren) and end.#dot", "paren,dot" },
		{ "##double", "" },
		{ "https://x.test/#frag and #real", "real" }, /* not inside a link */
		{ "#under_score_ok!", "under_score_ok" },
		{ "#a #b #c #d #e #f #g #h #i #j #k #l", "a,b,c,d,e,f,g,h,i,j" }, /* at most 10 */
		{ "#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "" },   /* 51: too long */
		{ "#<script>alert(1)</script>", "" }, { "#café #ok", "ok" }, /* never cut short */
	};
	struct arena *a = arena_new(4096);
	struct posts_words w;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		posts_hashtags(a, cases[i].text, &w);
		if (strcmp(joined(a, &w), cases[i].want) != 0)
			fail_msg("hashtags of \"%s\": got \"%s\", want \"%s\"", cases[i].text,
			    joined(a, &w), cases[i].want);
	}
	arena_free(a);
}

static void
test_mentions(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "@alice and @Bob_2 agree", "alice,bob_2" },
		{ "write to me@example.com", "" }, /* an address */
		{ "@al is too short, @alice@x too", "" },
		{ "@alice @ALICE", "alice" },
		{ "(@carol) @dave.", "carol,dave" },
		{ "www.x.test/@eve and @frank", "frank" }, /* not inside a link */
		{ "@abcdefghijklmnopqrstuvwxyz01234 is 31", "" },
		{ "@", "" },
	};
	struct arena *a = arena_new(4096);
	struct posts_words w;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		posts_mentions(a, cases[i].text, &w);
		if (strcmp(joined(a, &w), cases[i].want) != 0)
			fail_msg("mentions of \"%s\": got \"%s\", want \"%s\"", cases[i].text,
			    joined(a, &w), cases[i].want);
	}
	arena_free(a);
}

static void
test_links(void **state)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "", 0 },
		{ "no links at all", 0 },
		{ "see https://example.com", 1 },
		{ "HTTP://A.TEST and www.b.test and (https://c.test)", 3 },
		{ "https://a.test/https://b.test", 1 }, /* one token, one link */
		{ "www.", 1 },
		{ "awww.test", 0 },
		{ "ftp://x.test", 0 },
		{ "a\nhttps://x.test\thttps://y.test", 2 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (posts_count_links(cases[i].text) != cases[i].want)
			fail_msg("links in \"%s\": got %d, want %d", cases[i].text,
			    posts_count_links(cases[i].text), cases[i].want);
}

static void
test_normalise(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "", "" },
		{ "Great pick!!", "great pick" },
		{ "  great   PICK  ", "great pick" },
		{ "great\n\tpick...", "great pick" },
		{ "Über-Tipp", "Über tipp" }, /* UTF-8 kept as is */
		{ "!!!", "" },
		{ "a_b c", "a_b c" },
	};
	struct arena *a = arena_new(4096);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(posts_normalise(a, cases[i].text), cases[i].want);
	assert_string_equal(posts_normalise(a, "Great pick!!"), posts_normalise(a, "great   pick"));
	arena_free(a);
}

static void
test_spam_check(void **state)
{
	struct posts_limits l = { 0, 20, 5, 5, 1, 24 };
	struct posts_recent r = { 0, 0 };
	struct arena *a = arena_new(1024);

	(void)state;
	assert_int_equal(posts_spam_check(&l, &r, 0), POSTS_SPAM_OK);
	r.last_hour = 19;
	assert_int_equal(posts_spam_check(&l, &r, 5), POSTS_SPAM_OK);
	assert_int_equal(posts_spam_check(&l, &r, 6), POSTS_SPAM_LINKS);
	r.last_hour = 20;
	assert_int_equal(posts_spam_check(&l, &r, 0), POSTS_SPAM_RATE);
	/* a new account: stricter on both */
	l.new_account = 1;
	r.last_hour = 4;
	assert_int_equal(posts_spam_check(&l, &r, 1), POSTS_SPAM_OK);
	assert_int_equal(posts_spam_check(&l, &r, 2), POSTS_SPAM_LINKS);
	r.last_hour = 5;
	assert_int_equal(posts_spam_check(&l, &r, 0), POSTS_SPAM_RATE);
	/* the rate comes first, then duplicates, then links */
	r.last_hour = 0;
	r.duplicate = 1;
	assert_int_equal(posts_spam_check(&l, &r, 9), POSTS_SPAM_DUPLICATE);
	/* a limit of zero refuses everything */
	l.per_hour_new = 0;
	r.duplicate = 0;
	assert_int_equal(posts_spam_check(&l, &r, 0), POSTS_SPAM_RATE);
	/* messages say what the limit is */
	assert_non_null(strstr(posts_spam_message(a, POSTS_SPAM_RATE, &l), "0 of these an hour"));
	assert_non_null(strstr(posts_spam_message(a, POSTS_SPAM_DUPLICATE, &l), "24 hours"));
	assert_non_null(strstr(posts_spam_message(a, POSTS_SPAM_LINKS, &l), "at most 1"));
	l.links_max_new = 0;
	assert_string_equal(
	    posts_spam_message(a, POSTS_SPAM_LINKS, &l), "New accounts cannot post links yet.");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hashtags),
		cmocka_unit_test(test_mentions),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_spam_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
