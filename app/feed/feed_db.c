/*
 * The feed's SQL (docs/feed.md): the inbox kept on write, the candidates of
 * a first page, and the snapshots that later pages read.
 */
#include "feed.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../notify/notify.h"
#include "../tenancy/tenancy.h"

#define INBOX_DAYS "14 days" /* what a new follow brings into the inbox */
#define INBOX_PER_FOLLOW "20"

/* The next first page ranks afresh (open cursors stay valid). */
static int
rerank(struct arena *a, const char *user)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE feed_snapshots SET reusable = false WHERE user_id = $1 AND reusable", 1);

	return db_cmd(a, &q, DB_P(user)) < 0 ? db_last_rc() : DB_OK;
}

int
feed_on_follow(struct arena *a, const char *follower, const char *followee)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO feed_inbox (user_id, post_id, via_id, created_at) "
	    "SELECT $1, id, user_id, created_at FROM community_posts WHERE user_id = $2 "
	    "AND created_at > now() - interval '" INBOX_DAYS "' AND moderation_status = 'approved' "
	    "ORDER BY created_at DESC LIMIT " INBOX_PER_FOLLOW " ON CONFLICT DO NOTHING",
	    2);

	return db_cmd(a, &q, DB_P(follower, followee)) < 0 ? db_last_rc() : rerank(a, follower);
}

int
feed_on_unfollow(struct arena *a, const char *follower, const char *followee)
{
	static struct db_stmt q =
	    DB_STMT("DELETE FROM feed_inbox WHERE user_id = $1 AND via_id = $2", 2);

	return db_cmd(a, &q, DB_P(follower, followee)) < 0 ? db_last_rc() : rerank(a, follower);
}

int
feed_on_graph(struct arena *a, const struct social_graph_ev *ev)
{
	int rc;

	switch (ev->act) {
	case SG_FOLLOW:
		return feed_on_follow(a, ev->me, ev->target);
	case SG_UNFOLLOW:
		return feed_on_unfollow(a, ev->me, ev->target);
	case SG_BLOCK:
		if ((rc = feed_on_unfollow(a, ev->me, ev->target)) != DB_OK)
			return rc;
		return feed_on_unfollow(a, ev->target, ev->me);
	case SG_UNBLOCK:
		break;
	}
	return DB_OK;
}

int
feed_job_fanout(struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err, size_t errsz)
{
	/* Every follower of the author (or of the sharer) in one statement; the
	 * ones it reached are told live, so an open feed shows the post at once.
	 * A share never brings a post back to its own author. */
	static struct db_stmt q = DB_STMT(
	    "WITH v AS (SELECT coalesce(nullif($2, '')::uuid, p.user_id) AS via, p.id, p.user_id, "
	    "CASE WHEN $2 = '' THEN p.created_at ELSE now() END AS at "
	    "FROM community_posts p WHERE p.id = $1 AND p.moderation_status = 'approved') "
	    "INSERT INTO feed_inbox (user_id, post_id, via_id, created_at) "
	    "SELECT r.follower_id, v.id, v.via, v.at FROM v JOIN user_relationships r "
	    "ON r.following_id = v.via AND r.relationship_type = 'follow' "
	    "WHERE r.follower_id <> v.user_id ON CONFLICT DO NOTHING RETURNING user_id",
	    2);
	static struct db_stmt q_post = DB_STMT(
	    "SELECT p.id, coalesce(nullif(p.title, ''), left(p.content, 140)), u.username, "
	    "u.display_name, (SELECT display_name FROM users WHERE id = nullif($2, '')::uuid) "
	    "FROM community_posts p JOIN users u ON u.id = p.user_id WHERE p.id = $1",
	    2);
	const char *id = json_string_value(json_object_get(p, "post_id"));
	const char *via = json_string_value(json_object_get(p, "via"));
	PGresult *r, *post;
	struct buf to;
	json_t *ev;
	int rc;

	(void)t;
	if (id == NULL || !util_uuid_valid(id) || (via != NULL && !util_uuid_valid(via))) {
		snprintf(err, errsz, "payload needs a post_id (and a valid via)");
		return -1;
	}
	if ((r = db_query(a, &q, DB_P(id, via ? via : ""))) == NULL ||
	    (post = db_query(a, &q_post, DB_P(id, via ? via : ""))) == NULL) {
		snprintf(err, errsz, "fan-out failed (%s)", db_sqlstate());
		return -1;
	}
	if (db_rows(r) == 0 || db_rows(post) != 1)
		return 0;
	ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?}", "post_id", db_val(post, 0, 0), "excerpt",
	    db_val(post, 0, 1), "author_username", db_val(post, 0, 2), "author_display_name",
	    db_val(post, 0, 3), "link", arena_printf(a, "/posts/%s", db_val(post, 0, 0)),
	    "shared_by", db_val(post, 0, 4));
	/* Pushed after this job commits (the outbox): best effort, the inbox
	 * row is there either way. */
	buf_init(&to);
	db_arr_begin(&to);
	for (int i = 0; i < db_rows(r); i++)
		db_arr_str(&to, db_val(r, i, 0));
	rc = ev != NULL ? notify_live_many(a, db_arr_end(&to), "post", ev) : DB_ERR;
	buf_free(&to);
	json_decref(ev);
	if (rc != DB_OK) {
		snprintf(err, errsz, "queueing the pushes failed (%s)", db_sqlstate());
		return -1;
	}
	return 0;
}

/* ---- reading ---- */

#define SNAPSHOT_COLS                                 \
	"id, post_ids::text, cardinality(post_ids), " \
	"to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"

/* A snapshot row (SNAPSHOT_COLS), or none. */
static int
snapshot_from(PGresult *r, struct feed_snapshot *out)
{
	memset(out, 0, sizeof(*out));
	if (r == NULL)
		return db_last_rc();
	if (db_rows(r) == 1) {
		out->found = 1;
		snprintf(out->id, sizeof(out->id), "%s", db_val(r, 0, 0));
		out->ids = db_val(r, 0, 1);
		out->n = (size_t)db_ll(r, 0, 2);
		out->created_at = db_val(r, 0, 3);
	}
	return DB_OK;
}

int
feed_db_snapshot_latest(
    struct arena *a, const char *viewer, int max_age_seconds, struct feed_snapshot *out)
{
	static struct db_stmt q = DB_STMT("SELECT " SNAPSHOT_COLS " "
	                                  "FROM feed_snapshots WHERE user_id = $1 AND reusable "
	                                  "AND created_at > now() - make_interval(secs => $2::int) "
	                                  "ORDER BY created_at DESC LIMIT 1",
	    2);
	char age[16];

	snprintf(age, sizeof(age), "%d", max_age_seconds);
	return snapshot_from(db_query(a, &q, DB_P(viewer, age)), out);
}

int
feed_db_snapshot_get(struct arena *a, const char *viewer, const char *id, struct feed_snapshot *out)
{
	/* Another member's snapshot is as good as none: the same answer. */
	static struct db_stmt q =
	    DB_STMT("SELECT " SNAPSHOT_COLS " "
	            "FROM feed_snapshots WHERE id = $1 AND user_id = $2 "
	            "AND created_at > now() - interval '" FEED_SNAPSHOT_TTL "'",
	        2);

	return snapshot_from(db_query(a, &q, DB_P(id, viewer)), out);
}

PGresult *
feed_db_fresh(struct arena *a, const char *viewer, const char *since, int limit)
{
	static struct db_stmt q = DB_STMT("SELECT post_id FROM feed_inbox WHERE user_id = $1 "
	                                  "AND created_at > ($2::timestamp AT TIME ZONE 'UTC') "
	                                  "ORDER BY created_at DESC LIMIT $3::int",
	    3);
	char lim[16];

	snprintf(lim, sizeof(lim), "%d", limit);
	return db_query(a, &q, DB_P(viewer, since, lim));
}

/*
 * The candidates of a first page, one row each: id, author, created (unix
 * seconds), sources (FEED_* bits), likes, comments, shares, copies, sport
 * match, the author's followers. Every source is bounded and served by an
 * index; see docs/feed.md.
 */
PGresult *
feed_db_candidates(struct arena *a, const char *viewer)
{
	static struct db_stmt q = DB_STMT(
	    "WITH me AS (SELECT u.id, u.favourite_sports AS sports, "
	    " coalesce((SELECT bets FROM profile_stats WHERE user_id = u.id), 0) < " FEED_BEGINNER_BETS
	    " AS beginner FROM users u WHERE u.id = $1), "
	    "blk AS (SELECT following_id AS id FROM user_relationships "
	    " WHERE follower_id = $1 AND relationship_type = 'block' "
	    " UNION SELECT follower_id FROM user_relationships "
	    " WHERE following_id = $1 AND relationship_type = 'block'), "
	    "fol AS (SELECT following_id AS id, created_at FROM user_relationships "
	    " WHERE follower_id = $1 AND relationship_type = 'follow'), "
	    "followed AS (SELECT post_id AS id, 1 AS src FROM feed_inbox WHERE user_id = $1 "
	    " ORDER BY created_at DESC LIMIT 300), "
	    /* similar: authors followed by the 100 people the viewer followed
	     * last (20 follows each), the 30 most shared among them */
	    "sim_authors AS (SELECT r.following_id AS id FROM "
	    " (SELECT id FROM fol ORDER BY created_at DESC LIMIT 100) f "
	    " CROSS JOIN LATERAL (SELECT following_id FROM user_relationships x "
	    "  WHERE x.follower_id = f.id AND x.relationship_type = 'follow' "
	    "  ORDER BY x.created_at DESC LIMIT 20) r "
	    " WHERE r.following_id <> $1 AND r.following_id NOT IN (SELECT id FROM fol) "
	    " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 30), "
	    "sim AS (SELECT p.id, 2 AS src FROM sim_authors s CROSS JOIN LATERAL "
	    " (SELECT id FROM community_posts WHERE user_id = s.id "
	    "  AND created_at > now() - interval '7 days' ORDER BY created_at DESC LIMIT 5) p), "
	    /* trending: the most engaging of the last day in the viewer's sports
	     * (every sport when none is chosen) */
	    "trending AS (SELECT p.id, 4 AS src FROM community_posts p, me "
	    " WHERE p.created_at > now() - interval '1 day' "
	    " AND (cardinality(me.sports) = 0 OR p.sport = ANY (me.sports)) "
	    " ORDER BY p.likes_count + 2 * p.comments_count + 3 * p.shares_count DESC, "
	    " p.created_at DESC LIMIT 100), "
	    "educational AS (SELECT p.id, 8 AS src FROM me, community_posts p "
	    " JOIN users u ON u.id = p.user_id WHERE me.beginner AND p.post_type = 'analysis' "
	    " AND p.created_at > now() - interval '7 days' AND u.followers_count > 100 "
	    " ORDER BY p.created_at DESC LIMIT 30), "
	    "c AS (SELECT id, bit_or(src) AS src FROM (SELECT * FROM followed UNION ALL "
	    " SELECT * FROM sim UNION ALL SELECT * FROM trending UNION ALL "
	    " SELECT * FROM educational) x GROUP BY id) "
	    "SELECT p.id, p.user_id, floor(extract(epoch FROM p.created_at))::bigint, c.src, "
	    "p.likes_count, p.comments_count, p.shares_count, p.copies_count, "
	    "coalesce(p.sport = ANY (me.sports), false), u.followers_count "
	    "FROM c JOIN community_posts p ON p.id = c.id JOIN users u ON u.id = p.user_id, me "
	    "WHERE p.user_id <> $1 AND p.user_id NOT IN (SELECT id FROM blk) "
	    "AND p.moderation_status = 'approved' AND u.status = 'active'",
	    1);

	return db_query(a, &q, DB_P(viewer));
}

int
feed_db_snapshot_put(
    struct arena *a, const char *viewer, const char *ids, char id[37], char created_at[32])
{
	/* Expired snapshots go as new ones come: no sweeper needed. */
	static struct db_stmt q_old = DB_STMT(
	    "DELETE FROM feed_snapshots WHERE created_at < now() - interval '" FEED_SNAPSHOT_TTL
	    "'",
	    0);
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO feed_snapshots (id, user_id, post_ids) VALUES ($1, $2, $3::uuid[]) "
	    "RETURNING to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
	    3);
	PGresult *r;

	util_uuid7(id);
	if (db_cmd(a, &q_old, NULL) < 0 || (r = db_query(a, &q, DB_P(id, viewer, ids))) == NULL ||
	    db_rows(r) != 1)
		return db_last_rc() < 0 ? db_last_rc() : DB_ERR;
	snprintf(created_at, 32, "%s", db_val(r, 0, 0));
	return DB_OK;
}
