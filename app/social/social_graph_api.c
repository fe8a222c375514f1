/*
 * The follow graph in JSON: /social/users/{user_id}/follow and /block
 * (POST to set, DELETE to remove), /followers and /following (paged), and
 * the graph fields of the profile JSON.
 */
#include "social_int.h"

#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../web/web.h"

static const char *
viewer(const struct http_req *req)
{
	return req->user ? req->user->id : NULL;
}

static int
is(const char *rel, const char *type)
{
	return rel != NULL && strcmp(rel, type) == 0;
}

int
social_graph_json_into(struct http_req *req, json_t *j, const char *user_id)
{
	struct social_graph_state st;

	if (social_graph_db_state(req->a, user_id, viewer(req), &st) != 0)
		return -1;
	if (!st.exists || is(st.theirs, "block"))
		return 404;
	json_object_set_new(j, "followers_count", json_integer(st.followers));
	json_object_set_new(j, "following_count", json_integer(st.following));
	json_object_set_new(j, "tier", json_string(social_tier(st.followers)));
	if (req->user != NULL && strcmp(req->user->id, st.id) != 0) {
		json_object_set_new(j, "followed_by_me", json_boolean(is(st.mine, "follow")));
		json_object_set_new(j, "blocked_by_me", json_boolean(is(st.mine, "block")));
	}
	return 0;
}

/* The outcome of an action: the relationship as it now stands. */
static int
act(struct http_req *req, enum social_graph_action a)
{
	const char *id = http_param(req, "user_id");
	struct social_graph_state st;
	struct auth_actor actor;
	int changed;
	struct tg_err e =
	    social_graph_act(req->a, auth_actor_from_req(req, &actor), a, id, &changed);

	if (e.code != TG_OK)
		return web_refuse(req, e);
	if (social_graph_db_state(req->a, id, req->user->id, &st) != 0)
		return -1;
	return web_json(req, a == SG_FOLLOW && changed ? 201 : 200,
	    json_pack("{s:b, s:b, s:s, s:b, s:b, s:I, s:I, s:s}", "success", 1, "changed", changed,
	        "user_id", st.id, "following", is(st.mine, "follow"), "blocked",
	        is(st.mine, "block"), "followers_count", (json_int_t)st.followers,
	        "following_count", (json_int_t)st.following, "tier", social_tier(st.followers)));
}

int
social_api_follow(struct http_req *req)
{
	return act(req, SG_FOLLOW);
}

int
social_api_unfollow(struct http_req *req)
{
	return act(req, SG_UNFOLLOW);
}

int
social_api_block(struct http_req *req)
{
	return act(req, SG_BLOCK);
}

int
social_api_unblock(struct http_req *req)
{
	return act(req, SG_UNBLOCK);
}

static int
list(struct http_req *req, int followers)
{
	const char *id = http_param(req, "user_id");
	const struct http_value *pv = &http_vals(req, social_graph_list_fields)[SOCIAL_L_PAGE];
	long long page = pv->present ? pv->num : 1;
	struct social_graph_state st;
	PGresult *r;
	json_t *users;

	if (social_graph_db_state(req->a, id, viewer(req), &st) != 0)
		return -1;
	if (!st.exists || is(st.theirs, "block"))
		return web_error(req, 404, "There is no such member.");
	if ((r = social_graph_db_list(
	         req->a, st.id, viewer(req), followers, page, SOCIAL_GRAPH_PER_PAGE)) == NULL)
		return -1;
	users = json_array();
	for (int i = 0; i < db_rows(r); i++) {
		long long n = db_ll(r, i, G_FOLLOWERS);

		if (db_val(r, i, G_ID) == NULL)
			continue; /* the empty page's single row */
		json_array_append_new(users,
		    json_pack("{s:s, s:s, s:s, s:s, s:I}", "user_id", db_val(r, i, G_ID),
		        "username", db_val(r, i, G_USERNAME), "display_name",
		        db_val(r, i, G_DISPLAY), "tier", social_tier(n), "followers_count",
		        (json_int_t)n));
	}
	return web_json(req, 200,
	    json_pack("{s:o, s:I, s:I, s:i, s:i}", "users", users, "total",
	        (json_int_t)db_ll(r, 0, G_TOTAL), "page", (json_int_t)page, "per_page",
	        SOCIAL_GRAPH_PER_PAGE, "pages",
	        social_graph_page_count(db_ll(r, 0, G_TOTAL), SOCIAL_GRAPH_PER_PAGE)));
}

int
social_api_followers(struct http_req *req)
{
	return list(req, 1);
}

int
social_api_following(struct http_req *req)
{
	return list(req, 0);
}
