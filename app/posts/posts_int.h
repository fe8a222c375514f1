/* posts: internals shared by the SQL, the JSON handlers and the pages. */
#ifndef TG_POSTS_INT_H
#define TG_POSTS_INT_H

#include <libpq-fe.h>

#include "posts.h"
#include "../render/render.h"

/* Columns of a post as every view reads it (posts_db.c: posts_db_get). */
enum {
	PV_ID,
	PV_USER_ID,
	PV_TYPE,
	PV_TITLE,
	PV_CONTENT,
	PV_BET_ID,
	PV_SPORT,
	PV_CONFIDENCE,
	PV_LIKES,
	PV_COMMENTS,
	PV_SHARES,
	PV_COPIES,
	PV_FEATURED,
	PV_TAGS,
	PV_MENTIONS,
	PV_CREATED,
	PV_UPDATED,
	PV_EDITED,
	PV_USERNAME,
	PV_DISPLAY,
	PV_FOLLOWERS,
	PV_KIND,
	PV_LINE,
	PV_OUTCOME,
	PV_STAKE,
	PV_ODDS,
	PV_POTENTIAL,
	PV_STATUS,
	PV_PAYOUT,
	PV_HOME,
	PV_AWAY,
	PV_STARTS_AT,
	PV_COMPETITION,
	PV_EVENT_ID,
	PV_HOME_SCORE,
	PV_AWAY_SCORE,
	PV_LIKED,
	PV_SHARED,
	PV_EDITS,
	PV_COPIED,
	PV_COPIED_UID,
	PV_COPIED_NAME, /* BETS_COPIED_COLS */
	PV_TOTAL
};

/* Comment columns (posts_db_comments). */
enum {
	CV_ID,
	CV_PARENT,
	CV_USER_ID,
	CV_USERNAME,
	CV_DISPLAY,
	CV_FOLLOWERS,
	CV_CONTENT,
	CV_MENTIONS,
	CV_CREATED,
	CV_TOP_TOTAL
};

struct posts_input {
	const char *type, *title, *content, *sport, *bet_id;
	int confidence; /* 0: none */
};

/* The actions (posts_db.c) of a member (the actor), each in the caller's
 * transaction: TG_OK, a refusal (roll back) or TG_INTERNAL (database). */
struct auth_actor;
struct tg_err posts_create(struct arena *, const struct auth_actor *, const struct posts_input *,
    char id_out[UUID_STRLEN + 1]);
/* Only the fields present change (title "" removes it). */
struct tg_err posts_edit(struct arena *, const struct auth_actor *, const char *post_id,
    const struct posts_input *, int has_title, int has_content, int has_confidence, int has_sport);
struct tg_err posts_like(
    struct arena *, const struct auth_actor *, const char *post_id, int like, long long *count);
struct tg_err posts_comment(struct arena *, const struct auth_actor *, const char *post_id,
    const char *parent_id, const char *content, char id_out[UUID_STRLEN + 1]);
struct tg_err posts_share(struct arena *, const struct auth_actor *, const char *post_id,
    const char *content, long long *count);

/* A post with its author, bet summary and the viewer's like/share (viewer
 * NULL: signed out). Zero rows when unknown. */
PGresult *posts_db_get(struct arena *, const char *post_id, const char *viewer);
/* Posts by id (a uuid[] literal), in that order, as a list shows them. */
PGresult *posts_db_list(struct arena *, const char *ids, const char *viewer);
PGresult *posts_db_edits(struct arena *, const char *post_id);
/* Top-level comments page by page (oldest first) with all their replies;
 * a reply follows its comment. */
PGresult *posts_db_comments(struct arena *, const char *post_id, long long offset, int limit);
PGresult *posts_db_comment(struct arena *, const char *comment_id);
/* The member's newest posts (id, type, title, content, created, likes, comments). */
PGresult *posts_db_by_author(struct arena *, const char *user_id, int limit);
struct db_batch;
void posts_db_by_author_queue(
    struct arena *, struct db_batch *, const char *username, int limit, PGresult **out);
/* The member's bets to choose from (id, kind, line, outcome, home, away, odds, stake, sport). */
PGresult *posts_db_my_bets(struct arena *, const char *user_id, int limit);

/* JSON and page views (posts_view.c). */
json_t *posts_row_json(struct arena *, const PGresult *, int row, int signed_in);
json_t *posts_comment_json(const PGresult *, int row);
void posts_row_dict(struct arena *, render_dict *, const PGresult *, int row);
json_t *posts_edits_json(const PGresult *);

/* The routes' fields (posts_api.c, posts_pages.c), in table order. */
enum {
	POSTS_C_TYPE,
	POSTS_C_TITLE,
	POSTS_C_CONTENT,
	POSTS_C_SPORT,
	POSTS_C_CONFIDENCE,
	POSTS_C_BET,
	POSTS_C_COUNT
};
enum { POSTS_E_TITLE, POSTS_E_CONTENT, POSTS_E_SPORT, POSTS_E_CONFIDENCE, POSTS_E_COUNT };
enum { POSTS_CM_CONTENT, POSTS_CM_PARENT, POSTS_CM_COUNT };
enum { POSTS_S_CONTENT, POSTS_S_COUNT };
enum { POSTS_L_PAGE, POSTS_L_COUNT };
enum { POSTS_N_BET, POSTS_N_COUNT };
enum { POSTS_CP_AMOUNT, POSTS_CP_PERCENTAGE, POSTS_CP_COUNT };

#endif
