/*
 * posts: the SQL and the actions built on it (create, edit, like, comment,
 * share), each in the request's transaction. Anti-spam figures are read
 * after the author's row is locked, in a statement of their own: under READ
 * COMMITTED that statement's snapshot sees every post committed by a
 * parallel request that held the lock before us.
 */
#include "posts_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bets/bets.h" /* BETS_COPIED_*: a copied bet's trader */
#include "../auth/auth.h"
#include "../db/db.h"
#include "../jobs/jobs.h"
#include "../notify/notify.h"
#include "../social/social.h"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

#define BLOCKED SOCIAL_BLOCKED

static struct tg_err
refuse(int status, const char *code, const char *message, const char *field)
{
	return (struct tg_err){ .code = tg_code_of_status(status),
		.reason = code,
		.message = message,
		.field = field };
}

static struct tg_err
db_failed(void)
{
	return TG_ERR(TG_INTERNAL, NULL, NULL); /* logged by db */
}

/* ---- reading ---- */

/* Every column of enum PV_*, for the posts p matched by `where`. */
#define POST_SQL(where)                                                                                                                             \
	"SELECT p.id, p.user_id, p.post_type, coalesce(p.title, ''), p.content, p.bet_id, "                                                         \
	"p.sport, p.confidence_level, p.likes_count, p.comments_count, p.shares_count, "                                                            \
	"p.copies_count, p.is_featured, p.tags::text, p.mentions::text, " TS("p.created_at") ", " TS("p.updated_at") ", " TS(                       \
	    "p.edited_at") ", u.username, u.display_name, "                                                                                         \
	                   "u.followers_count, b.market_kind, b.line, b.outcome, b.stake, b.odds, "                                                 \
	                   "b.potential_payout, b.status, b.payout, ht.name, at.name, " TS(                                                         \
	                       "e.starts_at") ", "                                                                                                  \
	                                      "c.name, e.id, e.home_score, e.away_score, "                                                          \
	                                      "EXISTS (SELECT 1 FROM post_interactions i WHERE i.post_id = p.id "                                   \
	                                      " AND i.user_id = nullif($2, '')::uuid AND i.interaction_type = 'like' "                              \
	                                      " AND i.removed_at IS NULL), "                                                                        \
	                                      "EXISTS (SELECT 1 FROM post_interactions i WHERE i.post_id = p.id "                                   \
	                                      " AND i.user_id = nullif($2, '')::uuid AND i.interaction_type = 'share' "                             \
	                                      " AND i.removed_at IS NULL), "                                                                        \
	                                      "(SELECT count(*) FROM post_edits pe WHERE pe.post_id = p.id), " BETS_COPIED_COLS                     \
	                                      " "                                                                                                   \
	                                      "FROM community_posts p JOIN users u ON u.id = p.user_id "                                            \
	                                      "LEFT JOIN bets b ON b.id = p.bet_id " BETS_COPIED_JOIN(                                              \
	                                          "b") "LEFT JOIN events e ON e.id = b.event_id "                                                   \
	                                               "LEFT JOIN teams ht ON ht.id = e.home_team_id LEFT JOIN teams at ON at.id = e.away_team_id " \
	                                               "LEFT JOIN competitions c ON c.id = e.competition_id WHERE " where

PGresult *
posts_db_get(struct arena *a, const char *post_id, const char *viewer)
{
	static struct db_stmt q = DB_STMT(POST_SQL("p.id = $1"), 2);

	return db_query(a, &q, DB_P(post_id, viewer ? viewer : ""));
}

PGresult *
posts_db_list(struct arena *a, const char *ids, const char *viewer)
{
	/* In the order given; hidden posts, suspended authors and members
	 * blocked either way with the viewer are left out. */
	static struct db_stmt q = DB_STMT(
	    POST_SQL(
	        "p.id = ANY($1::uuid[]) AND p.moderation_status = 'approved' AND u.status = 'active' "
	        "AND NOT " BLOCKED("p.user_id",
	            "nullif($2, '')::uuid") " "
	                                    "ORDER BY array_position($1::uuid[], p.id)"),
	    2);

	return db_query(a, &q, DB_P(ids, viewer ? viewer : ""));
}

PGresult *
posts_db_edits(struct arena *a, const char *post_id)
{
	static struct db_stmt q =
	    DB_STMT("SELECT coalesce(title, ''), content, confidence_level, sport, " TS(
	                "edited_at") ", "
	                             "after_start FROM post_edits WHERE post_id = $1 ORDER BY id",
	        1);

	return db_query(a, &q, DB_P(post_id));
}

PGresult *
posts_db_comments(struct arena *a, const char *post_id, long long offset, int limit)
{
	static struct db_stmt q = DB_STMT(
	    "WITH top AS (SELECT id, created_at FROM post_comments WHERE post_id = $1 "
	    " AND parent_id IS NULL ORDER BY created_at, id OFFSET $2::bigint LIMIT $3::int) "
	    "SELECT c.id, c.parent_id, c.user_id, u.username, u.display_name, u.followers_count, "
	    "c.content, c.mentions::text, " TS(
	        "c.created_at") ", "
	                        "(SELECT count(*) FROM post_comments WHERE post_id = $1 AND parent_id IS NULL) "
	                        "FROM top t JOIN post_comments c ON c.id = t.id OR c.parent_id = t.id "
	                        "JOIN users u ON u.id = c.user_id "
	                        "ORDER BY t.created_at, t.id, c.parent_id IS NOT NULL, c.created_at, c.id",
	    3);
	char off[24], lim[16];

	snprintf(off, sizeof(off), "%lld", offset);
	snprintf(lim, sizeof(lim), "%d", limit);
	return db_query(a, &q, DB_P(post_id, off, lim));
}

PGresult *
posts_db_comment(struct arena *a, const char *comment_id)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT c.id, c.parent_id, c.user_id, u.username, u.display_name, u.followers_count, "
	    "c.content, c.mentions::text, " TS(
	        "c.created_at") ", 0 "
	                        "FROM post_comments c JOIN users u ON u.id = c.user_id WHERE c.id = $1",
	    1);

	return db_query(a, &q, DB_P(comment_id));
}

#define BY_AUTHOR_SQL(author)                                                                        \
	"SELECT id, post_type, coalesce(title, ''), left(content, 280), " TS(                        \
	    "created_at") ", "                                                                       \
	                  "likes_count, comments_count, length(content) > 280 FROM community_posts " \
	                  "WHERE user_id = " author                                                  \
	                  " ORDER BY created_at DESC, id DESC LIMIT $2::int"

PGresult *
posts_db_by_author(struct arena *a, const char *user_id, int limit)
{
	static struct db_stmt q = DB_STMT(BY_AUTHOR_SQL("$1"), 2);
	char lim[16];

	snprintf(lim, sizeof(lim), "%d", limit);
	return db_query(a, &q, DB_P(user_id, lim));
}

void
posts_db_by_author_queue(
    struct arena *a, struct db_batch *b, const char *username, int limit, PGresult **out)
{
	static struct db_stmt q =
	    DB_STMT(BY_AUTHOR_SQL("(SELECT id FROM users WHERE lower(username) = lower($1))"), 2);
	char lim[16];

	snprintf(lim, sizeof(lim), "%d", limit);
	db_batch_add(a, b, &q, DB_P(username, lim), out);
}

PGresult *
posts_db_my_bets(struct arena *a, const char *user_id, int limit)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT b.id, b.market_kind, b.line, b.outcome, ht.name, at.name, b.odds, b.stake, "
	    "b.sport FROM bets b JOIN events e ON e.id = b.event_id "
	    "JOIN teams ht ON ht.id = e.home_team_id JOIN teams at ON at.id = e.away_team_id "
	    "WHERE b.user_id = $1 ORDER BY b.placed_at DESC, b.id DESC LIMIT $2::int",
	    2);
	char lim[16];

	snprintf(lim, sizeof(lim), "%d", limit);
	return db_query(a, &q, DB_P(user_id, lim));
}

/* ---- anti-spam ---- */

/* Locks the author's row (parallel requests of one member queue here), then
 * reads the brand's limits and the member's recent figures. what: "post" or
 * "comment". */
static struct tg_err
spam_check(
    struct arena *a, const struct auth_actor *me, const char *what, const char *norm, int links)
{
	static struct db_stmt lock =
	    DB_STMT("SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE", 1);
	static struct db_stmt q = DB_STMT(
	    "SELECT u.created_at > now() - make_interval(days => s.new_account_days), "
	    "CASE WHEN $2 = 'post' THEN s.posts_per_hour ELSE s.comments_per_hour END, "
	    "CASE WHEN $2 = 'post' THEN s.posts_per_hour_new ELSE s.comments_per_hour_new END, "
	    "s.links_max, s.links_max_new, s.duplicate_window_hours, "
	    "CASE WHEN $2 = 'post' THEN (SELECT count(*) FROM community_posts "
	    "  WHERE user_id = u.id AND created_at > clock_timestamp() - interval '1 hour') "
	    " ELSE (SELECT count(*) FROM post_comments "
	    "  WHERE user_id = u.id AND created_at > clock_timestamp() - interval '1 hour') END, "
	    "CASE WHEN $2 = 'post' THEN EXISTS (SELECT 1 FROM community_posts WHERE user_id = u.id "
	    "  AND content_key = md5($3) "
	    "  AND created_at > clock_timestamp() - make_interval(hours => s.duplicate_window_hours)) "
	    " ELSE EXISTS (SELECT 1 FROM post_comments WHERE user_id = u.id AND content_key = md5($3) "
	    "  AND created_at > clock_timestamp() - make_interval(hours => s.duplicate_window_hours)) "
	    "END FROM users u, posts_settings s WHERE u.id = $1",
	    3);
	struct posts_limits l;
	struct posts_recent rc;
	enum posts_spam s;
	PGresult *r;

	if ((r = db_query(a, &lock, DB_P(me->user_id))) == NULL)
		return db_failed();
	if ((r = db_query(a, &q, DB_P(me->user_id, what, norm))) == NULL)
		return db_failed();
	if (db_rows(r) != 1)
		return db_failed();
	memset(&l, 0, sizeof(l));
	l.new_account = db_val(r, 0, 0)[0] == 't';
	l.per_hour = (int)db_ll(r, 0, 1);
	l.per_hour_new = (int)db_ll(r, 0, 2);
	l.links_max = (int)db_ll(r, 0, 3);
	l.links_max_new = (int)db_ll(r, 0, 4);
	l.duplicate_window_hours = (int)db_ll(r, 0, 5);
	rc.last_hour = db_ll(r, 0, 6);
	rc.duplicate = db_val(r, 0, 7)[0] == 't';
	s = posts_spam_check(&l, &rc, links);
	if (s == POSTS_SPAM_OK)
		return TG_OK_VAL;
	return refuse(s == POSTS_SPAM_RATE ? 429 : 422,
	    s == POSTS_SPAM_RATE            ? "rate_limited"
	        : s == POSTS_SPAM_DUPLICATE ? "duplicate_content"
	                                    : "too_many_links",
	    posts_spam_message(a, s, &l), "content");
}

/* Edits only meet the link limit (a clean post must not turn into spam). */
static struct tg_err
links_check(struct arena *a, const struct auth_actor *me, int links)
{
	static struct db_stmt q =
	    DB_STMT("SELECT u.created_at > now() - make_interval(days => s.new_account_days), "
	            "s.links_max, s.links_max_new FROM users u, posts_settings s WHERE u.id = $1",
	        1);
	struct posts_limits l;
	struct posts_recent rc = { 0, 0 };
	PGresult *r;

	if ((r = db_query(a, &q, DB_P(me->user_id))) == NULL || db_rows(r) != 1)
		return db_failed();
	memset(&l, 0, sizeof(l));
	l.new_account = db_val(r, 0, 0)[0] == 't';
	l.per_hour = l.per_hour_new = 1;
	l.links_max = (int)db_ll(r, 0, 1);
	l.links_max_new = (int)db_ll(r, 0, 2);
	if (posts_spam_check(&l, &rc, links) == POSTS_SPAM_OK)
		return TG_OK_VAL;
	return refuse(
	    422, "too_many_links", posts_spam_message(a, POSTS_SPAM_LINKS, &l), "content");
}

/* ---- text of a post or comment: tags and the mentioned members ---- */

static json_t *
words_json(const struct posts_words *w)
{
	json_t *a = json_array();

	for (size_t i = 0; i < w->n; i++)
		json_array_append_new(a, json_string(w->v[i]));
	return a;
}

static const char *
json_text(struct arena *a, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	const char *out = s ? arena_strdup(a, s) : "[]";

	free(s);
	json_decref(j);
	return out;
}

/* Members mentioned in text who exist, are not the author and are not
 * blocked either way (a blocked member is dropped silently: an error would
 * tell the author about the block). Rows: id, username. */
static PGresult *
mentioned(struct arena *a, const struct auth_actor *me, const char *text)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT u.id, u.username FROM users u "
	    "WHERE lower(u.username) IN (SELECT value FROM jsonb_array_elements_text($1::jsonb)) "
	    "AND u.id <> $2 AND u.status = 'active' AND NOT " BLOCKED(
	        "u.id", "$2::uuid") " ORDER BY u.username",
	    2);
	struct posts_words w;

	posts_mentions(a, text, &w);
	return db_query(a, &q, DB_P(json_text(a, words_json(&w)), me->user_id));
}

static const char *
mentions_text(struct arena *a, const PGresult *m)
{
	json_t *j = json_array();

	for (int i = 0; i < db_rows(m); i++)
		json_array_append_new(j, json_string(db_val(m, i, 1)));
	return json_text(a, j);
}

static const char *
tags_text(struct arena *a, const char *text)
{
	struct posts_words w;

	posts_hashtags(a, text, &w);
	return json_text(a, words_json(&w));
}

static int
notify_mentions(struct arena *a, const struct auth_actor *me, const PGresult *m, const char *where,
    const char *link)
{
	for (int i = 0; i < db_rows(m); i++)
		if (notify_user(a, db_val(m, i, 0), NOTIFY_MENTION,
		        arena_printf(a, "%s mentioned you", me->display_name), where, link) != 0)
			return -1;
	return 0;
}

/* ---- create ---- */

struct tg_err
posts_create(struct arena *a, const struct auth_actor *me, const struct posts_input *in,
    char id[UUID_STRLEN + 1])
{
	static struct db_stmt q_bet =
	    DB_STMT("SELECT b.sport FROM bets b WHERE b.id = $1 AND b.user_id = $2", 2);
	static struct db_stmt q_ins = DB_STMT(
	    "INSERT INTO community_posts (id, user_id, post_type, title, content, bet_id, sport, "
	    "confidence_level, tags, mentions, content_key) VALUES ($1, $2, $3, nullif($4, ''), $5, "
	    "nullif($6, '')::uuid, nullif($7, ''), nullif($8, '0')::int, $9::jsonb, $10::jsonb, "
	    "md5($11))",
	    11);
	struct tg_err e;
	const char *sport = in->sport ? in->sport : "";
	const char *norm = posts_normalise(a, in->content);
	char confs[8];
	PGresult *r, *m;

	if (strcmp(in->type, "bet_post") == 0) {
		if (in->bet_id == NULL || in->bet_id[0] == '\0')
			return refuse(422, "validation_failed",
			    "A bet post needs one of your bets.", "bet_id");
		if (!util_uuid_valid(in->bet_id))
			return refuse(
			    422, "unknown_bet", "You can post only about your own bets.", "bet_id");
		if ((r = db_query(a, &q_bet, DB_P(in->bet_id, me->user_id))) == NULL)
			return db_failed();
		if (db_rows(r) == 0)
			return refuse(
			    422, "unknown_bet", "You can post only about your own bets.", "bet_id");
		sport = db_val(r, 0, 0); /* from the bet, never typed */
	} else if (in->bet_id != NULL && in->bet_id[0] != '\0')
		return refuse(422, "validation_failed",
		    "Only a bet post carries a bet: choose the type \"bet_post\".", "bet_id");
	if (norm == NULL)
		return db_failed();
	if ((e = spam_check(a, me, "post", norm, posts_count_links(in->content))).code != TG_OK)
		return e;
	if ((m = mentioned(a, me, in->content)) == NULL)
		return db_failed();
	util_uuid7(id);
	snprintf(confs, sizeof(confs), "%d", in->confidence);
	if (db_cmd(a, &q_ins,
	        DB_P(id, me->user_id, in->type, in->title ? in->title : "", in->content,
	            in->bet_id ? in->bet_id : "", sport, confs, tags_text(a, in->content),
	            mentions_text(a, m), norm)) != 1)
		return db_failed();
	if (notify_mentions(a, me, m, in->title && in->title[0] ? in->title : "in a post",
	        arena_printf(a, "/posts/%s", id)) != 0)
		return db_failed();
	/* One job, whatever the number of followers: it fans out in one statement. */
	if (jobs_enqueue(a, "feed_fanout", json_pack("{s:s}", "post_id", id), 0, NULL) != 0)
		return db_failed();
	if (jobs_enqueue(a, "post_followers", json_pack("{s:s}", "post_id", id), 0, NULL) != 0)
		return db_failed();
	return TG_OK_VAL;
}

/* ---- the target of an interaction ---- */

struct target {
	const char *author, *snippet;
	int blocked, started;
};

static struct tg_err
target(
    struct arena *a, const struct auth_actor *me, const char *post_id, int lock, struct target *t)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT p.user_id, coalesce(nullif(p.title, ''), left(p.content, 80)), " BLOCKED(
	        "p.user_id",
	        "$2::uuid") ", coalesce(e.starts_at <= now(), false) "
	                    "FROM community_posts p LEFT JOIN bets b ON b.id = p.bet_id "
	                    "LEFT JOIN events e ON e.id = b.event_id WHERE p.id = $1",
	    2);
	static struct db_stmt q_lock = DB_STMT(
	    "SELECT p.user_id, coalesce(nullif(p.title, ''), left(p.content, 80)), " BLOCKED(
	        "p.user_id",
	        "$2::uuid") ", coalesce(e.starts_at <= now(), false) "
	                    "FROM community_posts p LEFT JOIN bets b ON b.id = p.bet_id "
	                    "LEFT JOIN events e ON e.id = b.event_id WHERE p.id = $1 FOR UPDATE OF p",
	    2);
	PGresult *r;

	if (!util_uuid_valid(post_id))
		return refuse(404, "not_found", "No such post.", NULL);
	if ((r = db_query(a, lock ? &q_lock : &q, DB_P(post_id, me->user_id))) == NULL)
		return db_failed();
	if (db_rows(r) == 0)
		return refuse(404, "not_found", "No such post.", NULL);
	t->author = db_val(r, 0, 0);
	t->snippet = db_val(r, 0, 1);
	t->blocked = db_val(r, 0, 2)[0] == 't';
	t->started = db_val(r, 0, 3)[0] == 't';
	if (t->blocked)
		return refuse(403, "blocked", "You cannot interact with this member.", NULL);
	return TG_OK_VAL;
}

/* ---- edit ---- */

struct tg_err
posts_edit(struct arena *a, const struct auth_actor *me, const char *post_id,
    const struct posts_input *in, int has_title, int has_content, int has_confidence, int has_sport)
{
	static struct db_stmt q_keep = DB_STMT(
	    "INSERT INTO post_edits (post_id, title, content, confidence_level, sport, after_start) "
	    "SELECT id, title, content, confidence_level, sport, $2 FROM community_posts "
	    "WHERE id = $1",
	    2);
	static struct db_stmt q_upd = DB_STMT(
	    "UPDATE community_posts SET "
	    "title = CASE WHEN $2 THEN nullif($3, '') ELSE title END, "
	    "content = CASE WHEN $4 THEN $5 ELSE content END, "
	    "confidence_level = CASE WHEN $6 THEN nullif($7, '0')::int ELSE confidence_level END, "
	    "sport = CASE WHEN $8 AND bet_id IS NULL THEN nullif($9, '') ELSE sport END, "
	    "tags = CASE WHEN $4 THEN $10::jsonb ELSE tags END, "
	    "mentions = CASE WHEN $4 THEN $11::jsonb ELSE mentions END, "
	    "content_key = CASE WHEN $4 THEN md5($12) ELSE content_key END, "
	    "edited_at = now(), updated_at = now() WHERE id = $1",
	    12);
	struct tg_err e;
	struct target t;
	char confs[8];
	const char *content = has_content ? in->content : "";
	const char *norm = posts_normalise(a, content);
	PGresult *m;

	if ((e = target(a, me, post_id, 1, &t)).code != TG_OK)
		return e;
	if (strcmp(t.author, me->user_id) != 0)
		return refuse(403, "forbidden", "Only the author can edit a post.", NULL);
	if (!has_title && !has_content && !has_confidence && !has_sport)
		return refuse(422, "validation_failed", "Nothing to change.", NULL);
	if (norm == NULL)
		return db_failed();
	if (has_content && (e = links_check(a, me, posts_count_links(content))).code != TG_OK)
		return e;
	if ((m = mentioned(a, me, content)) == NULL)
		return db_failed();
	snprintf(confs, sizeof(confs), "%d", in->confidence);
	if (db_cmd(a, &q_keep, DB_P(post_id, t.started ? "true" : "false")) != 1 ||
	    db_cmd(a, &q_upd,
	        DB_P(post_id, has_title ? "true" : "false", in->title ? in->title : "",
	            has_content ? "true" : "false", content, has_confidence ? "true" : "false",
	            confs, has_sport ? "true" : "false", in->sport ? in->sport : "",
	            tags_text(a, content), mentions_text(a, m), norm)) != 1)
		return db_failed();
	return TG_OK_VAL;
}

/* ---- like / unlike ---- */

struct tg_err
posts_like(
    struct arena *a, const struct auth_actor *me, const char *post_id, int like, long long *count)
{
	struct tg_err e;
	/* A like taken back keeps its row; liking again revives it. xmax = 0
	 * tells a first like (which notifies) from a revived one (which does not,
	 * so like/unlike cannot be used to flood the author). */
	static struct db_stmt q_like = DB_STMT(
	    "INSERT INTO post_interactions (id, user_id, post_id, interaction_type) "
	    "VALUES ($1, $2, $3, 'like') ON CONFLICT (user_id, post_id, interaction_type) "
	    "DO UPDATE SET removed_at = NULL WHERE post_interactions.removed_at IS NOT NULL "
	    "RETURNING xmax = 0",
	    3);
	static struct db_stmt q_unlike = DB_STMT(
	    "UPDATE post_interactions SET removed_at = now() WHERE user_id = $1 AND post_id = $2 "
	    "AND interaction_type = 'like' AND removed_at IS NULL",
	    2);
	static struct db_stmt q_count =
	    DB_STMT("SELECT likes_count FROM community_posts WHERE id = $1", 1);
	struct target t;
	char id[UUID_STRLEN + 1];
	PGresult *r;

	if ((e = target(a, me, post_id, 0, &t)).code != TG_OK)
		return e;
	if (like) {
		util_uuid7(id);
		if ((r = db_query(a, &q_like, DB_P(id, me->user_id, post_id))) == NULL)
			return db_failed();
		if (db_rows(r) == 0)
			return refuse(409, "already_liked", "You already like this post.", NULL);
		if (db_val(r, 0, 0)[0] == 't' && strcmp(t.author, me->user_id) != 0 &&
		    notify_user(a, t.author, NOTIFY_LIKE,
		        arena_printf(a, "%s liked your post", me->display_name), t.snippet,
		        arena_printf(a, "/posts/%s", post_id)) != 0)
			return db_failed();
	} else {
		long long n = db_cmd(a, &q_unlike, DB_P(me->user_id, post_id));

		if (n < 0)
			return db_failed();
		if (n == 0)
			return refuse(409, "not_liked", "You do not like this post.", NULL);
	}
	if ((r = db_query(a, &q_count, DB_P(post_id))) == NULL || db_rows(r) != 1)
		return db_failed();
	*count = db_ll(r, 0, 0);
	return TG_OK_VAL;
}

/* ---- comment ---- */

struct tg_err
posts_comment(struct arena *a, const struct auth_actor *me, const char *post_id,
    const char *parent_id, const char *content, char id[UUID_STRLEN + 1])
{
	struct tg_err e;
	/* The top comment of the one replied to, and who wrote the one replied to. */
	static struct db_stmt q_parent =
	    DB_STMT("SELECT coalesce(c.parent_id, c.id), c.user_id, " BLOCKED("c.user_id",
	                "$3::uuid") " FROM post_comments c WHERE c.id = $1 AND c.post_id = $2",
	        3);
	static struct db_stmt q_ins = DB_STMT(
	    "INSERT INTO post_comments (id, post_id, user_id, parent_id, content, content_key, "
	    "mentions) VALUES ($1, $2, $3, nullif($4, '')::uuid, $5, md5($6), $7::jsonb)",
	    7);
	struct target t;
	const char *top = "", *replied_to = NULL;
	const char *norm = posts_normalise(a, content);
	const char *link = arena_printf(a, "/posts/%s", post_id);
	PGresult *r, *m;

	if ((e = target(a, me, post_id, 0, &t)).code != TG_OK)
		return e;
	if (parent_id != NULL && parent_id[0] != '\0') {
		if (!util_uuid_valid(parent_id))
			return refuse(
			    422, "unknown_comment", "No such comment on this post.", "parent_id");
		if ((r = db_query(a, &q_parent, DB_P(parent_id, post_id, me->user_id))) == NULL)
			return db_failed();
		if (db_rows(r) == 0)
			return refuse(
			    422, "unknown_comment", "No such comment on this post.", "parent_id");
		if (db_val(r, 0, 2)[0] == 't')
			return refuse(
			    403, "blocked", "You cannot interact with this member.", NULL);
		top = db_val(r, 0, 0);
		replied_to = db_val(r, 0, 1);
	}
	if (norm == NULL)
		return db_failed();
	if ((e = spam_check(a, me, "comment", norm, posts_count_links(content))).code != TG_OK)
		return e;
	if ((m = mentioned(a, me, content)) == NULL)
		return db_failed();
	util_uuid7(id);
	if (db_cmd(a, &q_ins,
	        DB_P(id, post_id, me->user_id, top, content, norm, mentions_text(a, m))) != 1)
		return db_failed();
	/* The author hears of every comment; the member replied to of the reply
	 * (unless that is the author, told already, or the replier). */
	if (strcmp(t.author, me->user_id) != 0 &&
	    notify_user(a, t.author, NOTIFY_COMMENT,
	        arena_printf(a, "%s commented on your post", me->display_name), t.snippet,
	        link) != 0)
		return db_failed();
	if (replied_to != NULL && strcmp(replied_to, t.author) != 0 &&
	    strcmp(replied_to, me->user_id) != 0 &&
	    notify_user(a, replied_to, NOTIFY_REPLY,
	        arena_printf(a, "%s replied to your comment", me->display_name), t.snippet,
	        link) != 0)
		return db_failed();
	if (notify_mentions(a, me, m, "in a comment", link) != 0)
		return db_failed();
	return TG_OK_VAL;
}

/* ---- share ---- */

struct tg_err
posts_share(struct arena *a, const struct auth_actor *me, const char *post_id, const char *content,
    long long *count)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO post_interactions (id, user_id, post_id, interaction_type, content) "
	    "VALUES ($1, $2, $3, 'share', nullif($4, '')) "
	    "ON CONFLICT (user_id, post_id, interaction_type) DO NOTHING RETURNING id",
	    4);
	static struct db_stmt q_count =
	    DB_STMT("SELECT shares_count FROM community_posts WHERE id = $1", 1);
	struct tg_err e;
	struct target t;
	char id[UUID_STRLEN + 1];
	PGresult *r;

	if ((e = target(a, me, post_id, 0, &t)).code != TG_OK)
		return e;
	if (strcmp(t.author, me->user_id) == 0)
		return refuse(422, "own_post", "You cannot share your own post.", NULL);
	util_uuid7(id);
	if ((r = db_query(a, &q, DB_P(id, me->user_id, post_id, content ? content : ""))) == NULL)
		return db_failed();
	if (db_rows(r) == 0)
		return refuse(409, "already_shared", "You already shared this post.", NULL);
	/* the sharer's followers see it in their feeds */
	if (jobs_enqueue(a, "feed_fanout",
	        json_pack("{s:s, s:s}", "post_id", post_id, "via", me->user_id), 0, NULL) != 0)
		return db_failed();
	if (notify_user(a, t.author, NOTIFY_SHARE,
	        arena_printf(a, "%s shared your post", me->display_name), t.snippet,
	        arena_printf(a, "/posts/%s", post_id)) != 0)
		return db_failed();
	if ((r = db_query(a, &q_count, DB_P(post_id))) == NULL || db_rows(r) != 1)
		return db_failed();
	*count = db_ll(r, 0, 0);
	return TG_OK_VAL;
}

/* ---- the followers' fan-out ---- */

int
posts_job_followers(
    struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err, size_t errsz)
{
	/* One statement for every follower (uuid v4 ids here: the per-row v7
	 * generator lives in C), then each pushed live. */
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO notifications (id, user_id, kind, title, body, link) "
	    "SELECT gen_random_uuid(), r.follower_id, 'followed_posted', "
	    "u.display_name || ' posted', coalesce(nullif(p.title, ''), left(p.content, 80)), "
	    "'/posts/' || p.id FROM community_posts p JOIN users u ON u.id = p.user_id "
	    "JOIN user_relationships r ON r.following_id = p.user_id "
	    "AND r.relationship_type = 'follow' WHERE p.id = $1 "
	    "RETURNING " NOTIFY_COLS ", user_id",
	    1);
	const char *id = json_string_value(json_object_get(p, "post_id"));
	PGresult *r;

	(void)t;
	if (id == NULL || !util_uuid_valid(id)) {
		snprintf(err, errsz, "payload has no valid post_id");
		return -1;
	}
	if ((r = db_query(a, &q, DB_P(id))) == NULL) {
		snprintf(err, errsz, "fan-out failed (%s)", db_sqlstate());
		return -1;
	}
	if (notify_push_rows(a, r) != DB_OK) {
		snprintf(err, errsz, "queueing the pushes failed (%s)", db_sqlstate());
		return -1;
	}
	return 0;
}
