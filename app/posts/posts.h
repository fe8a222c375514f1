/*
 * posts: community posts (bet posts, analyses, discussions), their likes,
 * comments with one level of replies, shares and edit history
 * (schema: migrations/tenant/0008_posts.sql).
 *
 * A bet post is attached to one of its author's own bets; its bet summary
 * (event, selection, odds, stake, potential payout, result) is read live from
 * bets on every view, so the result appears once the bet settles and nothing
 * about the bet can be typed. Creating a post, a comment or an interaction
 * runs in the request's transaction in this order: anti-spam checks (under
 * the author's row lock, so parallel requests cannot slip past a limit),
 * insert, counters (triggers), notifications (queued in the same
 * transaction; followers get one fan-out job, not one job each).
 *
 * posts_text.c is pure (hashtags, mentions, normalisation, links) and
 * unit-tested; posts_db.c owns the SQL; posts_api.c and posts_pages.c are
 * the JSON and HTML handlers.
 */
#ifndef TG_POSTS_H
#define TG_POSTS_H

#include <stddef.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "../core/core.h"
#include "../http/http.h"

struct tenancy_tenant;

/* ---- limits ---- */
#define POSTS_TITLE_MAX 150 /* characters */
#define POSTS_CONTENT_MAX 5000
#define POSTS_COMMENT_MAX 2000
#define POSTS_SHARE_MAX 500
#define POSTS_TAGS_MAX 10     /* further hashtags are ignored */
#define POSTS_MENTIONS_MAX 10 /* further mentions are ignored */
#define POSTS_TAG_LEN_MAX 50

/* ---- pure text (posts_text.c) ---- */

struct posts_words {
	size_t n;
	char *v[POSTS_TAGS_MAX > POSTS_MENTIONS_MAX ? POSTS_TAGS_MAX : POSTS_MENTIONS_MAX];
};

/* #hashtags in text: '#' after the start or a character that is not a letter,
 * digit or '_', then 1..50 of [A-Za-z0-9_] with at least one letter; not
 * inside a link, not running on into non-ASCII. Lower-cased, first occurrence order, duplicates dropped,
 * at most POSTS_TAGS_MAX. Strings are in the arena. */
void posts_hashtags(struct arena *, const char *text, struct posts_words *out);
/* @mentions: '@' after the start or a non-word character (so e-mail
 * addresses are not mentions), then a username ([a-z0-9_]{3,30}, case
 * folded) not followed by another word character; not inside a link. */
void posts_mentions(struct arena *, const char *text, struct posts_words *out);
/* Links: whitespace-separated tokens containing "http://" or "https://" or
 * starting with "www." (case-insensitive), each counted once. */
int posts_count_links(const char *text);
/* Normalised content for duplicate detection: ASCII letters lower-cased,
 * every run of ASCII whitespace or punctuation one space, trimmed; other
 * bytes (UTF-8) kept. "Great pick!!" and "great   pick" are the same. */
char *posts_normalise(struct arena *, const char *text);

/* ---- anti-spam (pure decision over figures read in one query) ---- */
struct posts_limits {
	int new_account;            /* younger than new_account_days */
	int per_hour, per_hour_new; /* posts or comments, by kind of request */
	int links_max, links_max_new;
	int duplicate_window_hours;
};
struct posts_recent {
	long long last_hour; /* posts (or comments) in the last hour */
	int duplicate;       /* same normalised content within the window */
};
enum posts_spam {
	POSTS_SPAM_OK = 0,
	POSTS_SPAM_RATE = 1,      /* 429 */
	POSTS_SPAM_DUPLICATE = 2, /* 422 */
	POSTS_SPAM_LINKS = 3,     /* 422 */
};
enum posts_spam posts_spam_check(
    const struct posts_limits *, const struct posts_recent *, int links);
/* A clear message for a refusal (arena string). */
const char *posts_spam_message(struct arena *, enum posts_spam, const struct posts_limits *);

/* ---- handlers ---- */
extern const struct http_field posts_create_fields[];
extern const struct http_field posts_edit_fields[];
extern const struct http_field posts_comment_fields[];
extern const struct http_field posts_share_fields[];
extern const struct http_field posts_new_fields[];
extern const struct http_field posts_comments_list_fields[];
extern const struct http_field posts_copy_fields[];

int posts_api_create(struct http_req *);   /* POST /social/posts */
int posts_api_get(struct http_req *);      /* GET /social/posts/{post_id} */
int posts_api_edit(struct http_req *);     /* PATCH /social/posts/{post_id} */
int posts_api_like(struct http_req *);     /* POST /social/posts/{post_id}/like */
int posts_api_unlike(struct http_req *);   /* DELETE /social/posts/{post_id}/like */
int posts_api_comments(struct http_req *); /* GET /social/posts/{post_id}/comments */
int posts_api_comment(struct http_req *);  /* POST /social/posts/{post_id}/comments */
int posts_api_share(struct http_req *);    /* POST /social/posts/{post_id}/share */

int posts_new_page(struct http_req *);     /* GET /posts/new?bet_id= */
int posts_new_invalid(struct http_req *);  /* the form again with field errors */
int posts_create_page(struct http_req *);  /* POST /posts */
int posts_page(struct http_req *);         /* GET /posts/{post_id} */
int posts_like_page(struct http_req *);    /* POST /posts/{post_id}/like */
int posts_unlike_page(struct http_req *);  /* POST /posts/{post_id}/unlike */
int posts_comment_page(struct http_req *); /* POST /posts/{post_id}/comments */
int posts_share_page(struct http_req *);   /* POST /posts/{post_id}/share */
int posts_edit_form(struct http_req *);    /* GET /posts/{post_id}/edit */
int posts_edit_page(struct http_req *);    /* POST /posts/{post_id}/edit */
int posts_copy_page(struct http_req *);    /* POST /posts/{post_id}/copy ("Copy this bet") */
int posts_copy_invalid(struct http_req *); /* the post page again with the form's errors */

/* The member's newest posts into the profile page (include "POSTS"). */
/* Posts by id, in that order (ids: a uuid[] literal), for lists such as
 * the feed: appended to a JSON array, or one `section` per post in dict
 * (the variables of posts/post.tpl's article). Hidden posts, suspended
 * authors and members blocked either way with the viewer are left out.
 * posts_list_into returns the number of posts, or -1. */
int posts_list_json(struct http_req *, const char *ids, json_t *out);
int posts_list_into(struct http_req *, void *dict, const char *section, const char *ids);

/* pre: the result of posts_profile_queue (batched with the page's other
 * reads), or NULL to read it here. */
int posts_profile_into(struct http_req *, void *dict, const char *user_id, PGresult *pre);
struct db_batch;
void posts_profile_queue(
    struct http_req *, struct db_batch *, const char *username, PGresult **out);

/* Job "post_followers": payload {"post_id"}; one notification per follower
 * of the author, in one statement. */
int posts_job_followers(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

/* The module's routes, job kinds and commands (posts_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module posts_module;

#endif
