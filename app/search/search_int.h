/* search: internals shared by the SQL and the JSON and HTML handlers. */
#ifndef TG_SEARCH_INT_H
#define TG_SEARCH_INT_H

#include <libpq-fe.h>

#include "search.h"

/* Member rows (search_db_users). */
enum { SU_ID, SU_USERNAME, SU_DISPLAY, SU_FOLLOWERS };

/* Post rows (search_db_posts); SP_SNIPPET carries the highlight markers;
 * SP_CREATED is ISO 8601 (JSON, the page's datetime), SP_WHEN in words. */
enum {
	SP_ID,
	SP_USER_ID,
	SP_TYPE,
	SP_TITLE,
	SP_SPORT,
	SP_TAGS,
	SP_LIKES,
	SP_COMMENTS,
	SP_CREATED,
	SP_USERNAME,
	SP_DISPLAY,
	SP_FOLLOWERS,
	SP_SNIPPET,
	SP_WHEN
};

/* One search, as validated by the handler. q is trimmed and checked with
 * search_check_query; sport and tag are "" when not filtering; viewer is
 * NULL when signed out. */
struct search_query {
	const char *scope; /* the tenant's schema: cached rankings are per brand */
	const char *q, *sport, *tag, *viewer;
	long long page;
	int per_page;
};

/* Up to per_page + 1 rows of the page (the extra row means "there is more").
 * NULL on a database error. */
PGresult *search_db_users(struct arena *, const struct search_query *);
/* Full text when q is set, else the tag's posts newest first. *similar is
 * 0, or when posts found through corrected words are in the ranking, 1
 * when they follow a few matching the words as typed, 2 when none did. */
PGresult *search_db_posts(struct arena *, const struct search_query *, int *similar);

/* Reads q, type, sport, tag, page and per_page from the request into sq;
 * 0, or -1 with the field errors recorded (answer 422). */
/* The routes' fields (search_api.c), in table order: the page, the users
 * and the posts API. */
enum { SEARCH_P_Q, SEARCH_P_PAGE, SEARCH_P_TYPE, SEARCH_P_SPORT, SEARCH_P_TAG, SEARCH_P_COUNT };
enum { SEARCH_U_Q, SEARCH_U_PAGE, SEARCH_U_PER_PAGE, SEARCH_U_COUNT };
enum { SEARCH_S_Q, SEARCH_S_PAGE, SEARCH_S_PER_PAGE, SEARCH_S_SPORT, SEARCH_S_TAG, SEARCH_S_COUNT };
/* A search's declared values as one route read them; NULL: the route has
 * no such field. */
struct search_vals {
	const struct http_value *q, *page, *per_page, *sport, *tag;
};
int search_query_from(
    struct http_req *, const struct search_vals *, struct search_query *, int users);

#endif
