/*
 * The demo community (`tailgate seed`, docs/seed.md): the demo members and
 * bettors follow each other, write posts (two about their own open bets),
 * like and comment, so that the feed, the leaderboards' trending list and
 * the profiles have something to show. Written once per brand, after the
 * bettors; a brand that already has posts by them is left as it is.
 */
#include "seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../feed/feed.h"
#include "../posts/posts.h"
#include "../tenancy/tenancy.h"

static const struct seed_post {
	const char *author, *type, *title, *content, *sport;
	int hours_ago, confidence;
} seed_posts[] = {
	{ "value_vera", "analysis", "Why I only bet when the price beats the close",
	    "The closing price is the sharpest number there is. Take the margin out of it and you "
	    "have a fair price; bet only when yours is better and the profit follows over time. "
	    "#value #clv",
	    "football", 70, 0 },
	{ "value_vera", "bet_post", "The market has not caught up",
	    "Team news moved my number more than the price moved. Small stake, good edge. #value",
	    NULL, 30, 7 },
	{ "fav_fred", "discussion", "Short prices, steady profits?",
	    "I back favourites and win two bets in three. The profit is still not there. Tell me "
	    "what I am missing. #favourites",
	    "football", 50, 0 },
	{ "longshot_lou", "bet_post", "Big price, small stake",
	    "One of these comes in and the month is made. #longshot", NULL, 20, 4 },
	{ "tilt_tom", "discussion", "Fifteen losses in a row",
	    "Taking a week off and cutting my stakes in half when I come back. #discipline",
	    "football", 12, 0 },
	{ "hoops_hana", "analysis", "Back-to-backs and totals",
	    "Second night of a back-to-back, tired legs, slower pace: I look at the under first. "
	    "#nba #totals",
	    "basketball", 40, 0 },
	{ "alice", "discussion", "New here: who should I follow?",
	    "@value_vera looks serious about closing-line value. Anyone else worth tailing?",
	    "football", 6, 0 },
};

static const char *const follows_seed[][2] = {
	{ "alice", "value_vera" },
	{ "alice", "hoops_hana" },
	{ "alice", "fav_fred" },
	{ "marco", "value_vera" },
	{ "marco", "longshot_lou" },
	{ "marco", "hoops_hana" },
	{ "rita", "tilt_tom" },
	{ "rita", "value_vera" },
	{ "value_vera", "hoops_hana" },
	{ "hoops_hana", "value_vera" },
	{ "fav_fred", "value_vera" },
	{ "longshot_lou", "hoops_hana" },
	{ "tilt_tom", "fav_fred" },
};

/* likes: member, index into seed_posts */
static const struct {
	const char *who;
	int post;
} likes_seed[] = {
	{ "alice", 0 },
	{ "alice", 5 },
	{ "marco", 0 },
	{ "marco", 3 },
	{ "rita", 4 },
	{ "rita", 0 },
	{ "hoops_hana", 0 },
	{ "value_vera", 5 },
	{ "fav_fred", 0 },
};

/* comments: member, post, parent comment (-1: top level), text */
static const struct {
	const char *who;
	int post, parent;
	const char *text;
} comments_seed[] = {
	{ "marco", 0, -1, "Great read. How do you work out the fair closing price?" },
	{ "value_vera", 0, 0,
	    "Take the margin out of the closing prices of the whole market, "
	    "then compare with the price you took." },
	{ "rita", 4, -1, "Good call. Come back stronger." },
	{ "hoops_hana", 6, -1, "Welcome! Vera is the one to watch." },
};

static int
user_id(struct arena *a, const char *username, char out[37])
{
	static struct db_stmt q = DB_STMT("SELECT id FROM users WHERE username = $1", 1);
	PGresult *r = db_query(a, &q, DB_P(username));

	if (r == NULL || db_rows(r) != 1)
		return -1;
	snprintf(out, 37, "%s", db_val(r, 0, 0));
	return 0;
}

/* The words as a JSON array's text (free() it), NULL when out of memory. */
static char *
dump_words(const struct posts_words *w)
{
	json_t *j = json_array();
	char *s;

	for (size_t i = 0; j != NULL && i < w->n; i++)
		json_array_append_new(j, json_string(w->v[i]));
	s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return s;
}

static int
seed_post(struct arena *a, const struct seed_post *p, char id[37])
{
	static struct db_stmt q_bet =
	    DB_STMT("SELECT b.id, b.sport FROM bets b JOIN users u ON u.id = b.user_id "
	            "WHERE u.username = $1 AND b.status = 'open' ORDER BY b.placed_at LIMIT 1",
	        1);
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO community_posts (id, user_id, post_type, title, content, bet_id, sport, "
	    "confidence_level, tags, mentions, content_key, created_at, updated_at) "
	    "SELECT $1, u.id, $3, $4, $5, $6, $7, $8::int, $9::jsonb, $10::jsonb, md5($11), "
	    "now() - make_interval(hours => $12::int), now() - make_interval(hours => $12::int) "
	    "FROM users u WHERE u.username = $2",
	    12);
	struct posts_words tags, mentions;
	const char *bet = NULL, *sport = p->sport;
	char confidence[8], hours[8], *tj, *mj;
	PGresult *r;

	if (strcmp(p->type, "bet_post") == 0) {
		if ((r = db_query(a, &q_bet, DB_P(p->author))) == NULL)
			return -1;
		if (db_rows(r) == 0)
			return 0; /* no open bet to write about: left out */
		bet = db_val(r, 0, 0);
		sport = db_val(r, 0, 1);
	}
	posts_hashtags(a, p->content, &tags);
	posts_mentions(a, p->content, &mentions);
	tj = dump_words(&tags);
	mj = dump_words(&mentions);
	util_uuid7(id);
	snprintf(confidence, sizeof(confidence), "%d", p->confidence);
	snprintf(hours, sizeof(hours), "%d", p->hours_ago);
	r = db_query(a, &q,
	    DB_P(id, p->author, p->type, p->title, p->content, bet, sport,
	        p->confidence ? confidence : NULL, tj ? tj : "[]", mj ? mj : "[]",
	        posts_normalise(a, p->content), hours));
	free(tj);
	free(mj);
	return r == NULL ? -1 : 1;
}

/* The follows among the demo members, after their posts: each brings the
 * followee's posts into the follower's feed, as a real follow does. The
 * number made, or -1. */
static int
seed_follows(struct arena *a)
{
	static struct db_stmt q_follow =
	    DB_STMT("INSERT INTO user_relationships (id, follower_id, following_id, created_at) "
	            "VALUES ($1, $2, $3, now() - interval '3 days') ON CONFLICT DO NOTHING",
	        3);
	int n = 0;

	for (size_t i = 0; i < TG_NELEM(follows_seed); i++) {
		char id[37], from[37], to[37];

		if (user_id(a, follows_seed[i][0], from) != 0 ||
		    user_id(a, follows_seed[i][1], to) != 0)
			continue;
		util_uuid7(id);
		if (db_cmd(a, &q_follow, DB_P(id, from, to)) < 0 ||
		    feed_on_follow(a, from, to) != DB_OK)
			return -1;
		n++;
	}
	return n;
}

/* The likes of the posts written (ids: their ids, "" when not written).
 * The number made, or -1. */
static int
seed_likes(struct arena *a, char ids[][37])
{
	static struct db_stmt q_like = DB_STMT(
	    "INSERT INTO post_interactions (id, user_id, post_id, interaction_type) "
	    "SELECT $1, id, $3, 'like' FROM users WHERE username = $2 ON CONFLICT DO NOTHING",
	    3);
	int n = 0;

	for (size_t i = 0; i < TG_NELEM(likes_seed); i++) {
		char id[37];
		long long k;

		if (!ids[likes_seed[i].post][0])
			continue;
		util_uuid7(id);
		if ((k = db_cmd(a, &q_like, DB_P(id, likes_seed[i].who, ids[likes_seed[i].post]))) <
		    0)
			return -1;
		n += (int)k;
	}
	return n;
}

/* The comments on the posts written, replies under their parents (cids:
 * the comments' ids, "" when not written). The number made, or -1. */
static int
seed_comments(struct arena *a, char ids[][37], char cids[][37])
{
	static struct db_stmt q_comment = DB_STMT(
	    "INSERT INTO post_comments (id, post_id, user_id, parent_id, content, content_key) "
	    "SELECT $1, $2, id, $3, $4, md5($5) FROM users WHERE username = $6",
	    6);
	int n = 0;

	for (size_t i = 0; i < TG_NELEM(comments_seed); i++) {
		const char *post = ids[comments_seed[i].post];
		long long k;
		int parent = comments_seed[i].parent;

		cids[i][0] = '\0';
		if (!post[0])
			continue;
		util_uuid7(cids[i]);
		if ((k = db_cmd(a, &q_comment,
		         DB_P(cids[i], post, parent >= 0 && cids[parent][0] ? cids[parent] : NULL,
		             comments_seed[i].text, posts_normalise(a, comments_seed[i].text),
		             comments_seed[i].who))) < 0)
			return -1;
		if (k == 0)
			cids[i][0] = '\0'; /* no such member on this brand */
		n += (int)k;
	}
	return n;
}

int
seed_posts_tenant(const struct tenancy_tenant *t)
{
	static struct db_stmt q_done =
	    DB_STMT("SELECT 1 FROM community_posts p JOIN users u ON u.id = p.user_id "
	            "WHERE u.username = 'value_vera' LIMIT 1",
	        0);
	char ids[TG_NELEM(seed_posts)][37], cids[TG_NELEM(comments_seed)][37];
	struct arena *a = arena_new(64 * 1024);
	PGresult *r;
	int rc = -1, n = 0, nf = 0, nl = 0, nc = 0;

	memset(ids, 0, sizeof(ids));
	if (a == NULL || db_begin(t->schema, 0, NULL) != DB_OK) {
		arena_free(a);
		return -1;
	}
	if ((r = db_query(a, &q_done, NULL)) == NULL)
		goto out;
	if (db_rows(r) > 0 || user_id(a, "value_vera", cids[0]) != 0) {
		rc = 0; /* written before, or no bettors here */
		goto out;
	}
	for (size_t i = 0; i < TG_NELEM(seed_posts); i++) {
		int k = seed_post(a, &seed_posts[i], ids[i]);

		if (k < 0)
			goto out;
		if (k == 0)
			ids[i][0] = '\0';
		n += k;
	}
	if ((nf = seed_follows(a)) < 0)
		goto out;
	if ((nl = seed_likes(a, ids)) < 0)
		goto out;
	if ((nc = seed_comments(a, ids, cids)) < 0)
		goto out;
	rc = 0;
	printf("seeded the community on %s: %d posts, %d follows, %d likes, %d comments\n", t->slug,
	    n, nf, nl, nc);
out:
	if (rc == 0 && db_in_tx())
		rc = db_commit() == DB_OK ? 0 : -1;
	else
		db_rollback();
	arena_free(a);
	return rc;
}
