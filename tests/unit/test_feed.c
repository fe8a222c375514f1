/*
 * Unit tests for the feed's ranking and cursors (app/feed/feed_rank.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "feed/feed.h"

#define NOW 1800000000LL
#define HOUR 3600LL

static struct feed_candidate
cand(const char *post, const char *author, int64_t age_h, unsigned sources, int64_t likes)
{
	struct feed_candidate c;

	memset(&c, 0, sizeof(c));
	snprintf(c.post_id, sizeof(c.post_id), "%s", post);
	snprintf(c.author_id, sizeof(c.author_id), "%s", author);
	c.created_at = NOW - age_h * HOUR;
	c.sources = sources;
	c.likes = likes;
	return c;
}

static void
test_score_sources_first(void **state)
{
	/* a stale, unliked post by someone followed beats a fresh, viral,
	 * on-topic post by a platinum stranger: followed first, then similar */
	struct feed_candidate f = cand("p1", "a", 24 * 10, FEED_FOLLOWED, 0);
	struct feed_candidate s = cand("p2", "b", 24 * 10, FEED_SIMILAR, 0);
	struct feed_candidate t = cand("p3", "c", 0, FEED_TRENDING | FEED_EDUCATIONAL, 100000);

	(void)state;
	t.sport_match = 1;
	t.author_followers = 5000;
	assert_true(feed_score(&f, NOW) > feed_score(&t, NOW));
	assert_true(feed_score(&f, NOW) > feed_score(&s, NOW));
	assert_true(feed_score(&s, NOW) > feed_score(&t, NOW));
}

static void
test_score_parts(void **state)
{
	struct feed_candidate c = cand("p", "a", 0, FEED_TRENDING, 0);
	double base, halved;

	(void)state;
	base = feed_score(&c, NOW);
	assert_float_equal(base, 1.0, 1e-12); /* recency alone, fresh */
	c.created_at = NOW - 36 * HOUR;
	halved = feed_score(&c, NOW);
	assert_float_equal(halved, 0.5, 1e-12); /* 36-hour half-life */
	c.created_at = NOW + 60;                /* clock skew: not > fresh */
	assert_float_equal(feed_score(&c, NOW), 1.0, 1e-12);
	c.created_at = NOW;
	c.sport_match = 1;
	assert_float_equal(feed_score(&c, NOW), 2.5, 1e-12);
	c.author_followers = 11; /* silver */
	assert_float_equal(feed_score(&c, NOW), 2.5 + 1.0 / 3, 1e-12);
	c.author_followers = 1001; /* platinum */
	assert_float_equal(feed_score(&c, NOW), 3.5, 1e-12);
	c.sources |= FEED_EDUCATIONAL;
	assert_float_equal(feed_score(&c, NOW), 4.5, 1e-12);
	/* engagement: 1,000 weighted interactions is full marks, more is capped */
	c.likes = 1000;
	assert_float_equal(feed_score(&c, NOW), 6.5, 1e-12);
	c.likes = 400;
	c.comments = 300; /* 400 + 600 = 1000 */
	assert_float_equal(feed_score(&c, NOW), 6.5, 1e-12);
	c.likes = 1000000;
	assert_float_equal(feed_score(&c, NOW), 6.5, 1e-12);
}

static void
test_rank_order(void **state)
{
	struct feed_candidate c[4];

	(void)state;
	c[0] = cand("p1", "a", 50, FEED_TRENDING, 0);
	c[1] = cand("p2", "b", 1, FEED_FOLLOWED, 0);
	c[2] = cand("p3", "c", 2, FEED_FOLLOWED, 0);
	c[3] = cand("p4", "d", 1, FEED_SIMILAR, 0);
	feed_rank(c, 4, NOW);
	assert_string_equal(c[0].post_id, "p2");
	assert_string_equal(c[1].post_id, "p3");
	assert_string_equal(c[2].post_id, "p4");
	assert_string_equal(c[3].post_id, "p1");
	/* equal scores: the newer first, then the post id */
	c[0] = cand("pb", "a", 0, 0, 0);
	c[1] = cand("pa", "b", 0, 0, 0);
	feed_rank(c, 2, NOW);
	assert_string_equal(c[0].post_id, "pa");
}

static void
test_rank_spreads_authors(void **state)
{
	struct feed_candidate c[8];
	const char *want = "aabaabaa";
	char got[9];

	(void)state;
	/* a's five posts outrank b's two, and a's run is cut at two while b
	 * has posts left; once only a is left, a's posts follow each other */
	for (int i = 0; i < 6; i++)
		c[i] = cand((char[]){ 'a', (char)('0' + i), 0 }, "a", i, FEED_FOLLOWED, 0);
	c[6] = cand("b0", "b", 10, FEED_FOLLOWED, 0);
	c[7] = cand("b1", "b", 11, FEED_FOLLOWED, 0);
	feed_rank(c, 8, NOW);
	for (int i = 0; i < 8; i++)
		got[i] = c[i].author_id[0];
	got[8] = '\0';
	assert_string_equal(got, want);
	/* each author's own posts keep their order */
	assert_string_equal(c[0].post_id, "a0");
	assert_string_equal(c[2].post_id, "b0");
	assert_string_equal(c[5].post_id, "b1");
}

static void
test_cursor(void **state)
{
	const char *id = "01a20125-0cfb-7866-bec8-8dc9d1d49bb9";
	char cur[FEED_CURSOR_LEN + 1], back[37], bad[64];
	uint32_t off = 0;

	(void)state;
	assert_int_equal(feed_cursor_encode(id, 150, cur), 0);
	assert_int_equal((int)strlen(cur), FEED_CURSOR_LEN);
	assert_int_equal(feed_cursor_decode(cur, back, &off), 0);
	assert_string_equal(back, id);
	assert_int_equal(off, 150);
	assert_int_equal(feed_cursor_encode(id, UINT32_MAX, cur), 0);
	assert_int_equal(feed_cursor_decode(cur, back, &off), 0);
	assert_int_equal(off, UINT32_MAX);
	/* not a cursor: empty, short, long, outside the alphabet, another
	 * spelling of the same bytes */
	assert_int_equal(feed_cursor_decode("", back, &off), -1);
	assert_int_equal(feed_cursor_decode(NULL, back, &off), -1);
	assert_int_equal(feed_cursor_decode("abc", back, &off), -1);
	snprintf(bad, sizeof(bad), "%sA", cur);
	assert_int_equal(feed_cursor_decode(bad, back, &off), -1);
	snprintf(bad, sizeof(bad), "%s", cur);
	bad[3] = '+';
	assert_int_equal(feed_cursor_decode(bad, back, &off), -1);
	{
		/* 20 bytes in 27 characters leave the last one two spare bits */
		static const char b64[] =
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		size_t k = (size_t)(strchr(b64, cur[FEED_CURSOR_LEN - 1]) - b64);

		snprintf(bad, sizeof(bad), "%s", cur);
		bad[FEED_CURSOR_LEN - 1] = b64[k ^ 1];
		assert_int_equal(feed_cursor_decode(bad, back, &off), -1);
	}
	/* only a UUID makes a cursor */
	assert_int_equal(feed_cursor_encode("not-a-uuid", 0, cur), -1);
	assert_int_equal(feed_cursor_encode("01a20125x0cfb-7866-bec8-8dc9d1d49bb9", 0, cur), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_sources_first),
		cmocka_unit_test(test_score_parts),
		cmocka_unit_test(test_rank_order),
		cmocka_unit_test(test_rank_spreads_authors),
		cmocka_unit_test(test_cursor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
