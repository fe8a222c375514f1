/*
 * social: the community layer: the follow graph (follows, blocks) and
 * community tiers.
 */
#ifndef TG_SOCIAL_H
#define TG_SOCIAL_H

#include <jansson.h>
#include <libpq-fe.h>

#include "../core/core.h"
#include "../http/http.h" /* the graph's declared fields */

struct http_req;
struct tenancy_tenant;

/* Community tier from the follower count (issue 4): bronze 0-10, silver
 * 11-100, gold 101-1000, platinum above 1000. "verified" comes with the
 * expert programme. Returns a static lower-case name. */
const char *social_tier(long long followers);

/* ---- the follow graph (social_graph*.c) ---- */

/* SQL: either member blocked the other (a and b: user id expressions; a
 * NULL one blocks nobody). Lists of members leave these out. */
#define SOCIAL_BLOCKED(a, b)                                                                     \
	"EXISTS (SELECT 1 FROM user_relationships r WHERE "                                      \
	"r.relationship_type = 'block' AND ((r.follower_id = " a " AND r.following_id = " b ") " \
	"OR (r.follower_id = " b " AND r.following_id = " a ")))"

enum social_graph_action { SG_FOLLOW, SG_UNFOLLOW, SG_BLOCK, SG_UNBLOCK };
#define SOCIAL_GRAPH_PER_PAGE 20

/* The graph changed (a follow, unfollow, block or unblock by `me`): the
 * listeners (feed, copy; registered in app/app.c) run in registration
 * order inside the change's transaction; DB_OK or an error that rolls it back. */
struct social_graph_ev {
	enum social_graph_action act;
	const char *me;
	const char *target;
};
struct arena;
typedef int (*social_graph_fn)(struct arena *, const struct social_graph_ev *);
void social_listen_graph(social_graph_fn);

/* Pure: what `act` does between the acting member and a target, given
 * whether that is the same member, whether the target exists, and the
 * relationship types each way ("follow", "block", "" or NULL for none).
 * TG_OK with *change 1 (the graph changes) or 0 (already so: a second
 * follow or block, answered like a success), or the refusal. */
struct tg_err social_graph_decide(enum social_graph_action act, int self, int exists,
    const char *mine, const char *theirs, int *change);
/* Applies `act` from the actor (a member) to target_id: locks the pair,
 * reads it, decides, changes it, queues the new-follower notification.
 * TG_OK with *changed as above, a refusal, or TG_INTERNAL (database). */
struct auth_actor;
struct tg_err social_graph_act(struct arena *, const struct auth_actor *, enum social_graph_action,
    const char *target_id, int *changed);

/* Pages needed for total entries (at least 1). */
int social_graph_page_count(long long total, int per_page);

/* The profile's counts, tier and (for a signed-in viewer) follow/block
 * state: into the /u/<username> page dictionary, or into the profile JSON.
 * 0, 404 when the member blocked the viewer (the profile is unavailable to
 * them), -1 on a database error. */
/* pre: the result of social_graph_queue (the profile page batches it with
 * its other reads), or NULL to read it here. */
/* The ?graph= flash after a follow, unfollow, block or unblock redirects to
 * the profile: the profile page declares it in its table with this field
 * and passes its value to social_graph_into (NULL: none). */
extern const char *const social_graph_flashes[];
#define SOCIAL_GRAPH_FLASH_FIELD                                              \
	{                                                                     \
		"graph", FT_ENUM, 0, 0, 0, social_graph_flashes, NULL, "Done" \
	}
int social_graph_into(struct http_req *, void *dict, const char *user_id, PGresult *pre,
    const struct http_value *flash);
struct db_batch;
void social_graph_queue(struct http_req *, struct db_batch *, const char *username, PGresult **out);
int social_graph_json_into(struct http_req *, json_t *, const char *user_id);

extern const struct http_field social_graph_list_fields[];
int social_graph_followers_page(struct http_req *);
int social_graph_following_page(struct http_req *);
int social_graph_follow_form(struct http_req *);
int social_graph_unfollow_form(struct http_req *);
int social_graph_block_form(struct http_req *);
int social_graph_unblock_form(struct http_req *);
int social_api_followers(struct http_req *);
int social_api_following(struct http_req *);
int social_api_follow(struct http_req *);
int social_api_unfollow(struct http_req *);
int social_api_block(struct http_req *);
int social_api_unblock(struct http_req *);

/* The module's routes, job kinds and commands (social_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module social_module;

#endif
