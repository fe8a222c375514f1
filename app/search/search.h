/*
 * search: members by username and display name (typo-tolerant, pg_trgm) and
 * posts by full text (the generated community_posts.search tsvector,
 * typo-tolerant when the words as typed find few posts), by sport and by
 * tag; the /search page (members and posts together, or one kind per tab)
 * and the JSON endpoints /social/search/users and /social/search/posts.
 *
 * Ranking (documented in docs/api.md, "Search"):
 *   members: exact username, then username prefix, then every query word
 *            the start of one of the member's words, then the same through
 *            typo-corrected words (tenant/0013); followers_count within each.
 *   posts:   ts_rank_cd over title (weight A) and content (B), with a light
 *            recency decay (a post 90 days old counts half), among the
 *            newest SEARCH_RANKED matches; newest first on ties. When
 *            fewer than SEARCH_FEW posts match the words as typed, words
 *            no post has are replaced by their nearest words in use
 *            (tenant/0028) and those matches follow. A ranking is reused
 *            for SEARCH_TTL seconds per worker; pages re-check visibility.
 *            A tag with no words lists that tag's posts newest first.
 * Hidden: suspended members and their posts, posts not approved by
 * moderation or flagged, and for a signed-in searcher anyone blocked either
 * way.
 *
 * search_text.c is pure (query checks, tags, LIKE escaping, the snippet
 * split) and unit-tested; search_db.c owns the SQL; search_api.c and
 * search_pages.c are the JSON and HTML handlers.
 */
#ifndef TG_SEARCH_H
#define TG_SEARCH_H

#include <stddef.h>

#include "../core/core.h"
#include "../http/http.h"

#define SEARCH_Q_MAX 100  /* characters */
#define SEARCH_TAG_MAX 50 /* as posts' hashtags */
#define SEARCH_PER_PAGE 20
#define SEARCH_PER_PAGE_MAX 50
#define SEARCH_PAGE_MAX 500 /* deeper pages are refused, not scanned */
#define SEARCH_RANKED "500" /* post matches ranked: the newest ones */
#define SEARCH_TTL 30       /* seconds a post ranking is reused (per worker) */
#define SEARCH_FEW 5        /* fewer post matches as typed: correct unknown words too */
#define SEARCH_ALL_USERS 5  /* members shown above the posts when searching both */
#define SEARCH_SNIPPET_PARTS 64

/* Highlight markers asked of ts_headline. Control characters never pass
 * input validation, so they cannot come from a post's text; the snippet is
 * split on them and the page marks the hits through the template. */
#define SEARCH_MARK_START "\x01"
#define SEARCH_MARK_STOP "\x02"

/* ---- pure (search_text.c) ---- */

/* A tag as stored on posts: one leading '#' dropped, ASCII lower-cased,
 * then 1..50 of [a-z0-9_] with at least one letter. NULL when invalid. */
char *search_tag_normalise(struct arena *, const char *tag);
/* A LIKE pattern matching strings that start with q: '\', '%' and '_' in q
 * escaped (the default escape character), '%' appended. */
char *search_like_prefix(struct arena *, const char *q);

/* Why a query cannot run (a message for the field "q"), or NULL. An empty q
 * is allowed only when browsing a tag (posts). */
const char *search_check_query(const char *q, int users, int has_tag);

/* A headline split on the markers: alternating plain and highlighted text,
 * empty parts dropped, unbalanced markers tolerated, at most
 * SEARCH_SNIPPET_PARTS parts (the rest joins the last). Strings are in the
 * arena. */
struct search_part {
	const char *text;
	int hit;
};
size_t search_snippet_split(
    struct arena *, const char *headline, struct search_part *out, size_t max);
/* The headline without its markers. */
char *search_snippet_plain(struct arena *, const char *headline);

/* ---- handlers ---- */
extern const struct http_field search_page_fields[];
extern const struct http_field search_users_fields[];
extern const struct http_field search_posts_fields[];

int search_page(struct http_req *);         /* GET /search */
int search_page_invalid(struct http_req *); /* the page again with field errors (422) */
int search_api_users(struct http_req *);    /* GET /social/search/users */
int search_api_posts(struct http_req *);    /* GET /social/search/posts */

/* The module's routes, job kinds and commands (search_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module search_module;

#endif
