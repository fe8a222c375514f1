/*
 * feed: the personalised community feed (issue 4; docs/feed.md).
 *
 * A first page ranks a bounded set of candidate posts from four sources
 * (followed authors, authors followed by the people the viewer follows,
 * trending posts in the viewer's sports, educational posts for beginners)
 * with one relevance score, spreads authors out, and keeps the ordered ids
 * as a snapshot; later pages read the snapshot through an opaque cursor, so
 * posts arriving meanwhile cause neither duplicates nor gaps.
 *
 * The first part of this header is pure (feed_rank.c, unit-tested); then
 * the SQL (feed_db.c) and the page and JSON (feed_pages.c).
 */
#ifndef TG_FEED_H
#define TG_FEED_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "../core/core.h"
#include "../http/http.h"
#include "../social/social.h"

/* Where a candidate came from (a post can come from several). */
#define FEED_FOLLOWED 0x1u
#define FEED_SIMILAR 0x2u
#define FEED_TRENDING 0x4u
#define FEED_EDUCATIONAL 0x8u

struct feed_candidate {
	char post_id[37];
	char author_id[37];
	int64_t created_at; /* unix seconds */
	unsigned sources;   /* FEED_* */
	int64_t likes, comments, shares, copies;
	int sport_match;          /* the post's sport is one of the viewer's */
	int64_t author_followers; /* for the tier */
	double score;             /* feed_rank fills it in */
};

/* The score of docs/feed.md at time now (unix seconds). */
double feed_score(const struct feed_candidate *, int64_t now);

/* Scores c[0..n-1], orders them by score (then newer, then post id), and
 * reorders so that no author has more than FEED_MAX_RUN posts in a row
 * while another author is still waiting. */
#define FEED_MAX_RUN 2
void feed_rank(struct feed_candidate *c, size_t n, int64_t now);

/* Cursor: base64url of a snapshot id (a UUID) and an offset into it.
 * decode returns 0, or -1 for anything that is not a cursor this code
 * wrote (the snapshot itself is checked against the viewer by the caller). */
#define FEED_CURSOR_LEN 27
int feed_cursor_encode(const char *snapshot_id, uint32_t offset, char out[FEED_CURSOR_LEN + 1]);
int feed_cursor_decode(const char *cursor, char snapshot_id[37], uint32_t *offset);

/* ---- storage (feed_db.c) ---- */

struct tenancy_tenant;

#define FEED_SNAPSHOT_MAX 500      /* ids ranked per first page */
#define FEED_SNAPSHOT_TTL "1 hour" /* how long a cursor stays valid */
#define FEED_SNAPSHOT_REUSE 300    /* seconds a first page reuses the last ranking */
#define FEED_BEGINNER_BETS "20"    /* fewer settled bets: educational posts too */
#define FEED_LIMIT_MAX 100

/* The inbox follows the graph, in the caller's transaction. DB_OK or an error. */
int feed_on_follow(struct arena *, const char *follower, const char *followee);
int feed_on_unfollow(struct arena *, const char *follower, const char *followee);
/* Listener of the social graph (social_listen_graph): a follow fills the
 * inbox, an unfollow empties it of the followee, a block either way. */
int feed_on_graph(struct arena *, const struct social_graph_ev *);
/* Job "feed_fanout" {post_id[, via]}: the post into the inbox of every
 * follower of its author (or of via, who shared it), and a live "post" event
 * to each. */
int feed_job_fanout(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

struct feed_snapshot {
	int found;
	char id[37];
	const char *ids; /* uuid[] text, e.g. {a,b} */
	size_t n;
	const char *created_at; /* UTC, microseconds */
};
int feed_db_snapshot_latest(
    struct arena *, const char *viewer, int max_age_seconds, struct feed_snapshot *);
int feed_db_snapshot_get(
    struct arena *, const char *viewer, const char *id, struct feed_snapshot *);
int feed_db_snapshot_put(
    struct arena *, const char *viewer, const char *ids, char id[37], char created_at[32]);
/* Inbox posts newer than since (a snapshot's created_at), newest first. */
PGresult *feed_db_fresh(struct arena *, const char *viewer, const char *since, int limit);
PGresult *feed_db_candidates(struct arena *, const char *viewer);

/* ---- handlers (feed_pages.c) ---- */

extern const struct http_field feed_fields[];
int feed_page(struct http_req *); /* GET /feed */
int feed_api(struct http_req *);  /* GET /social/feed?cursor=&limit= */

/* The module's routes, job kinds and commands (feed_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module feed_module;

#endif
