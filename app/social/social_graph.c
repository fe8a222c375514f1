/*
 * The follow graph's SQL: user_relationships (one row per ordered pair,
 * 'follow' or 'block'), with users.followers_count/following_count moved by
 * the table's trigger (migrations/tenant/0007_social_graph.sql).
 *
 * Every change to a pair first takes a transaction-scoped advisory lock on
 * the unordered pair, then reads the pair in a new statement (so its
 * snapshot sees whatever the previous holder committed), then changes it.
 * Without the lock, "A follows B" and "B blocks A" running together could
 * each miss the other's uncommitted row and leave a follow beside a block.
 */
#include "social_int.h"

#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../notify/notify.h"

/* A signed-out viewer is the nil UUID rather than NULL: with NULL the
 * planner folds the lookups away and re-plans the statement on every
 * execution instead of keeping one plan. */
#define STATE_SQL(where)                                                                             \
	"SELECT u.id, u.username, u.display_name, u.followers_count, u.following_count, "            \
	"coalesce((SELECT relationship_type FROM user_relationships "                                \
	"  WHERE follower_id = v.id AND following_id = u.id), ''), "                                 \
	"coalesce((SELECT relationship_type FROM user_relationships "                                \
	"  WHERE follower_id = u.id AND following_id = v.id), ''), "                                 \
	"u.copiers_count, u.copied_volume, coalesce((SELECT status FROM copy_trading_relationships " \
	"  WHERE follower_id = v.id AND trader_id = u.id), '') "                                     \
	"FROM users u, (SELECT coalesce($2::uuid, '00000000-0000-0000-0000-000000000000') AS id) v " \
	"WHERE " where

static void
state_clear(struct social_graph_state *st)
{
	memset(st, 0, sizeof(*st));
	st->mine = st->theirs = st->copying = "";
}

int
social_graph_db_state_from(PGresult *r, struct social_graph_state *st)
{
	state_clear(st);
	if (r == NULL)
		return -1;
	if (db_rows(r) != 1)
		return 0;
	st->exists = 1;
	st->id = db_val(r, 0, 0);
	st->username = db_val(r, 0, 1);
	st->display_name = db_val(r, 0, 2);
	st->followers = db_ll(r, 0, 3);
	st->following = db_ll(r, 0, 4);
	st->mine = db_val(r, 0, 5);
	st->theirs = db_val(r, 0, 6);
	st->copiers = db_ll(r, 0, 7);
	st->copied_volume = db_ll(r, 0, 8);
	st->copying = db_val(r, 0, 9);
	return 0;
}

int
social_graph_db_state(
    struct arena *a, const char *user_id, const char *viewer_id, struct social_graph_state *st)
{
	static struct db_stmt q = DB_STMT(STATE_SQL("u.id = $1"), 2);

	if (!util_uuid_valid(user_id)) {
		state_clear(st); /* a malformed id is nobody */
		return 0;
	}
	return social_graph_db_state_from(db_query(a, &q, DB_P(user_id, viewer_id)), st);
}

static struct db_stmt q_by_username = DB_STMT(STATE_SQL("lower(u.username) = lower($1)"), 2);

int
social_graph_db_state_by_username(
    struct arena *a, const char *username, const char *viewer_id, struct social_graph_state *st)
{
	return social_graph_db_state_from(
	    db_query(a, &q_by_username, DB_P(username, viewer_id)), st);
}

void
social_graph_db_state_queue(struct arena *a, struct db_batch *b, const char *username,
    const char *viewer_id, PGresult **out)
{
	db_batch_add(a, b, &q_by_username, DB_P(username, viewer_id), out);
}

static struct tg_listeners graph_listeners;

void
social_listen_graph(social_graph_fn fn)
{
	tg_listeners_add(&graph_listeners, (tg_listener_fn)fn);
}

static int
lock_pair(struct arena *a, const char *x, const char *y)
{
	static struct db_stmt q =
	    DB_STMT("SELECT pg_advisory_xact_lock(hashtextextended('user_relationships:' || "
	            "least($1::text, $2::text) || greatest($1::text, $2::text), 0))",
	        2);

	return db_query(a, &q, DB_P(x, y)) == NULL ? -1 : 0;
}

static int
apply(struct arena *a, enum social_graph_action act, const char *me, const char *target)
{
	static struct db_stmt follow = DB_STMT(
	    "INSERT INTO user_relationships (id, follower_id, following_id, relationship_type) "
	    "VALUES ($1, $2, $3, 'follow')",
	    3);
	static struct db_stmt unfollow =
	    DB_STMT("DELETE FROM user_relationships WHERE follower_id = $1 AND following_id = $2 "
	            "AND relationship_type = 'follow'",
	        2);
	/* The blocker's follow becomes the block; the other way's follow goes. */
	static struct db_stmt block = DB_STMT(
	    "WITH gone AS (DELETE FROM user_relationships WHERE follower_id = $3 "
	    "AND following_id = $2 AND relationship_type = 'follow' RETURNING id) "
	    "INSERT INTO user_relationships (id, follower_id, following_id, relationship_type) "
	    "VALUES ($1, $2, $3, 'block') ON CONFLICT (follower_id, following_id) DO UPDATE "
	    "SET relationship_type = 'block', created_at = now()",
	    3);
	static struct db_stmt unblock =
	    DB_STMT("DELETE FROM user_relationships WHERE follower_id = $1 AND following_id = $2 "
	            "AND relationship_type = 'block'",
	        2);
	char id[UUID_STRLEN + 1];
	long long n = -1;

	util_uuid7(id);
	switch (act) {
	case SG_FOLLOW:
		n = db_cmd(a, &follow, DB_P(id, me, target));
		break;
	case SG_UNFOLLOW:
		n = db_cmd(a, &unfollow, DB_P(me, target));
		break;
	case SG_BLOCK:
		n = db_cmd(a, &block, DB_P(id, me, target));
		break;
	case SG_UNBLOCK:
		n = db_cmd(a, &unblock, DB_P(me, target));
		break;
	}
	/* Under the pair lock the row is as we just read it: anything but one
	 * row changed is a bug, and rolls back. */
	if (n != 1)
		return -1;
	/* The feed's inbox and copying follow the graph in the same
	 * transaction (no feed and no copying either way across a block). */
	struct social_graph_ev ev = { act, me, target };

	for (size_t i = 0; i < graph_listeners.n; i++)
		if (((social_graph_fn)graph_listeners.fn[i])(a, &ev) != DB_OK)
			return -1;
	return 0;
}

struct tg_err
social_graph_act(struct arena *a, const struct auth_actor *actor, enum social_graph_action act,
    const char *target_id, int *changed)
{
	const char *me = actor->user_id;
	struct social_graph_state st;
	struct tg_err e;
	int self;

	*changed = 0;
	if (me == NULL)
		return TG_ERR(TG_UNAUTHENTICATED, NULL, "Sign in first.");
	if (!util_uuid_valid(target_id))
		return TG_ERR(TG_NOT_FOUND, NULL, "There is no such member.");
	self = strcmp(me, target_id) == 0;
	if (!self && lock_pair(a, me, target_id) != 0)
		return TG_ERR(TG_INTERNAL, NULL, NULL);
	if (social_graph_db_state(a, target_id, me, &st) != 0)
		return TG_ERR(TG_INTERNAL, NULL, NULL);
	e = social_graph_decide(act, self, st.exists, st.mine, st.theirs, changed);
	if (e.code != TG_OK || !*changed)
		return e;
	if (apply(a, act, me, target_id) != 0)
		return TG_ERR(TG_INTERNAL, NULL, NULL);
	/* Queued in this transaction: no notification for a follow that
	 * rolled back, and none for a repeated follow (nothing changed above). */
	if (act == SG_FOLLOW &&
	    notify_user(a, target_id, NOTIFY_FOLLOW,
	        arena_printf(a, "%s started following you",
	            actor->display_name ? actor->display_name : actor->username),
	        arena_printf(a, "@%s follows you now.", actor->username),
	        arena_printf(a, "/u/%s", actor->username)) != 0)
		return TG_ERR(TG_INTERNAL, NULL, NULL);
	return TG_OK_VAL;
}

PGresult *
social_graph_db_list(struct arena *a, const char *user_id, const char *viewer_id, int followers,
    long long page, int per_page)
{
	/* $4: the viewer (NULL when signed out); members either side of a
	 * block with the viewer are left out, and out of the total. */
#define LIST_SQL(mine, other)                                                                       \
	"WITH v AS (SELECT r." other " AS uid, r.created_at, r.id FROM user_relationships r "       \
	"  WHERE r." mine " = $1 AND r.relationship_type = 'follow' AND ($4::uuid IS NULL OR "      \
	"  NOT EXISTS (SELECT 1 FROM user_relationships b WHERE b.relationship_type = 'block' "     \
	"  AND ((b.follower_id = $4 AND b.following_id = r." other ") OR "                          \
	"  (b.follower_id = r." other " AND b.following_id = $4))))), "                             \
	"p AS (SELECT * FROM v ORDER BY created_at DESC, id DESC OFFSET $2::bigint LIMIT $3::int) " \
	"SELECT (SELECT count(*) FROM v), u.id, u.username, u.display_name, u.followers_count "     \
	"FROM (SELECT 1) one LEFT JOIN p ON true LEFT JOIN users u ON u.id = p.uid "                \
	"ORDER BY p.created_at DESC, p.id DESC"
	static struct db_stmt q_followers = DB_STMT(LIST_SQL("following_id", "follower_id"), 4);
	static struct db_stmt q_following = DB_STMT(LIST_SQL("follower_id", "following_id"), 4);
#undef LIST_SQL
	char off[24], lim[16];

	snprintf(off, sizeof(off), "%lld", (page - 1) * per_page);
	snprintf(lim, sizeof(lim), "%d", per_page);
	return db_query(
	    a, followers ? &q_followers : &q_following, DB_P(user_id, off, lim, viewer_id));
}
