/* social internals: the follow graph's SQL (social_graph.c), shared by its
 * HTML pages and JSON endpoints. */
#ifndef TG_SOCIAL_INT_H
#define TG_SOCIAL_INT_H

#include <libpq-fe.h>

#include "social.h"

struct http_req;

/* One member as seen by a viewer (NULL viewer: signed out). */
struct social_graph_state {
	int exists;
	const char *id, *username, *display_name;
	long long followers, following;
	const char *mine;   /* the viewer's relationship to the member: "follow", "block", "" */
	const char *theirs; /* the member's relationship to the viewer */
	/* copy trading: the member's active copiers and the volume copied from
	 * them; the viewer's relationship copying them ("active", "paused",
	 * "cancelled", "") */
	long long copiers, copied_volume;
	const char *copying;
};

/* 0 (st->exists may be 0) or -1 on a database error. */
int social_graph_db_state(
    struct arena *, const char *user_id, const char *viewer_id, struct social_graph_state *st);
int social_graph_db_state_by_username(
    struct arena *, const char *username, const char *viewer_id, struct social_graph_state *st);
/* The state of a result of the query queued by social_graph_queue. */
int social_graph_db_state_from(PGresult *, struct social_graph_state *st);
void social_graph_db_state_queue(
    struct arena *, struct db_batch *, const char *username, const char *viewer_id, PGresult **out);

/* A page of followers (followers=1) or followed members of user_id, newest
 * first, leaving out members who block or are blocked by the viewer. Every
 * row carries the total in column G_TOTAL; an empty page is one row whose
 * member columns are NULL. */
enum { G_TOTAL, G_ID, G_USERNAME, G_DISPLAY, G_FOLLOWERS };
PGresult *social_graph_db_list(struct arena *, const char *user_id, const char *viewer_id,
    int followers, long long page, int per_page);

/* ?page= of the follower and following lists (pages and JSON). */
enum { SOCIAL_L_PAGE, SOCIAL_L_COUNT };

#endif
