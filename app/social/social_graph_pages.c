/*
 * The follow graph in HTML: counts, tier and follow/block buttons on
 * /u/<username>, the followers and following pages, and the buttons' form
 * posts (CSRF-checked by the pipeline, answered with a redirect back to the
 * profile carrying a one-word outcome that the profile shows as a flash).
 */
#include "social_int.h"

#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../render/render.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

const struct http_field social_graph_list_fields[] = {
	[SOCIAL_L_PAGE] = { "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(social_graph_list_fields, SOCIAL_L_COUNT);

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

/* ?graph=<outcome> after a button's redirect, and its message (same order). */
const char *const social_graph_flashes[] = { "followed", "already_following", "unfollowed",
	"blocked", "already_blocked", "unblocked", NULL };
static const char *const flash_texts[] = {
	"You are following this member now.",
	"You were already following this member.",
	"You no longer follow this member.",
	"Blocked. Neither of you follows the other, and they can no longer see your profile.",
	"You had already blocked this member.",
	"Unblocked.",
};
_Static_assert(sizeof(social_graph_flashes) / sizeof(social_graph_flashes[0]) ==
        sizeof(flash_texts) / sizeof(flash_texts[0]) + 1,
    "a message per flash");

/* Copiers, copied volume and the way to copy: a button to the settings
 * form, or to the viewer's copies when they already copy the member.
 * buttons: the signed-in viewer's buttons (NULL: signed out, or their own
 * profile). */
static void
copy_into(
    struct http_req *req, render_dict *g, render_dict *buttons, const struct social_graph_state *st)
{
	render_dict *c;

	if (!req->tenant->copy_trading)
		return;
	c = render_section(g, "G_COPY");
	render_set_int(c, "G_COPIERS", st->copiers);
	render_set(c, "G_COPIED", money_str(req->a, st->copied_volume));
	render_set(c, "G_CURRENCY", req->tenant->currency);
	if (req->user == NULL)
		render_show(g, "G_SIGNED_OUT_COPY");
	else if (buttons == NULL || is(st->mine, "block"))
		return;
	else if (is(st->copying, "active") || is(st->copying, "paused"))
		render_show(buttons, "G_COPYING");
	else
		render_show(buttons, "G_COPY_START");
}

int
social_graph_into(struct http_req *req, void *dict, const char *user_id, PGresult *pre,
    const struct http_value *flash)
{
	struct social_graph_state st;
	render_dict *g, *b = NULL;

	if ((pre != NULL ? social_graph_db_state_from(pre, &st)
	                 : social_graph_db_state(req->a, user_id, viewer(req), &st)) != 0)
		return -1;
	if (!st.exists || is(st.theirs, "block"))
		return 404;
	g = render_include(dict, "SOCIAL_GRAPH", "social/graph_profile.tpl");
	render_set(g, "G_USERNAME", st.username);
	render_set_int(g, "G_FOLLOWERS", st.followers);
	render_set_int(g, "G_FOLLOWING", st.following);
	render_set(g, "G_TIER", social_tier(st.followers));
	if (req->user != NULL && strcmp(req->user->id, st.id) != 0) {
		b = render_section(g, "G_BUTTONS");
		render_set(b, "CSRF_TOKEN", req->user->csrf);
		render_set(b, "G_USERNAME", st.username);
		if (is(st.mine, "block"))
			render_show(b, "G_UNBLOCK");
		else {
			render_show(b, is(st.mine, "follow") ? "G_UNFOLLOW" : "G_FOLLOW");
			render_show(b, "G_BLOCK");
		}
	}
	copy_into(req, g, b, &st);
	if (flash != NULL && flash->present && flash->idx >= 0)
		render_set(render_section(g, "G_FLASH"), "MSG", flash_texts[flash->idx]);
	return 0;
}

void
social_graph_queue(struct http_req *req, struct db_batch *b, const char *username, PGresult **out)
{
	social_graph_db_state_queue(req->a, b, username, viewer(req), out);
}

static int
list_page(struct http_req *req, int followers)
{
	const struct http_value *pv = &http_vals(req, social_graph_list_fields)[SOCIAL_L_PAGE];
	long long page = pv->present ? pv->num : 1;
	struct social_graph_state st;
	PGresult *r;
	render_dict *d;
	long long total;
	const char *what = followers ? "followers" : "following";

	if (social_graph_db_state_by_username(
	        req->a, http_param(req, "username"), viewer(req), &st) != 0)
		return -1;
	if (!st.exists || is(st.theirs, "block"))
		return web_error(req, 404, "There is no member with that name here.");
	if ((r = social_graph_db_list(
	         req->a, st.id, viewer(req), followers, page, SOCIAL_GRAPH_PER_PAGE)) == NULL)
		return -1;
	total = db_ll(r, 0, G_TOTAL);
	d = web_page(req, "social/graph_list.tpl",
	    arena_printf(
	        req->a, "%s · %s", st.display_name, followers ? "Followers" : "Following"));
	render_set(d, "G_USERNAME", st.username);
	render_set(d, "G_DISPLAY_NAME", st.display_name);
	render_set(d, "G_WHAT", followers ? "Followers" : "Following");
	render_set_int(d, "G_TOTAL", total);
	render_set_int(d, "G_PAGE", page);
	render_set_int(d, "G_PAGES", social_graph_page_count(total, SOCIAL_GRAPH_PER_PAGE));
	render_show(d, followers ? "G_ON_FOLLOWERS" : "G_ON_FOLLOWING");
	if (page > 1)
		render_set(render_section(d, "PREV"), "HREF",
		    arena_printf(req->a, "/u/%s/%s?page=%lld", st.username, what, page - 1));
	if (page * SOCIAL_GRAPH_PER_PAGE < total)
		render_set(render_section(d, "NEXT"), "HREF",
		    arena_printf(req->a, "/u/%s/%s?page=%lld", st.username, what, page + 1));
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *row;

		if (db_val(r, i, G_ID) == NULL)
			continue; /* the empty page's single row */
		row = render_section(d, "G_USERS");
		render_set(row, "USERNAME", db_val(r, i, G_USERNAME));
		render_set(row, "DISPLAY_NAME", db_val(r, i, G_DISPLAY));
		render_set(row, "TIER", social_tier(db_ll(r, i, G_FOLLOWERS)));
		render_set(row, "FOLLOWERS", db_val(r, i, G_FOLLOWERS));
	}
	if (total == 0)
		render_show(d, "G_EMPTY");
	return web_page_done(req, 200);
}

int
social_graph_followers_page(struct http_req *req)
{
	return list_page(req, 1);
}

int
social_graph_following_page(struct http_req *req)
{
	return list_page(req, 0);
}

/* A button's post: the member by username, the action, back to the profile. */
static int
form_post(struct http_req *req, enum social_graph_action act, const char *done, const char *already)
{
	struct social_graph_state st;
	struct auth_actor actor;
	struct tg_err e;
	int changed;

	if (social_graph_db_state_by_username(
	        req->a, http_param(req, "username"), req->user->id, &st) != 0)
		return -1;
	if (!st.exists)
		return web_error(req, 404, "There is no member with that name here.");
	e = social_graph_act(req->a, auth_actor_from_req(req, &actor), act, st.id, &changed);
	if (e.code != TG_OK)
		return web_refuse(req, e);
	http_redirect(req, 303,
	    arena_printf(req->a, "/u/%s?graph=%s", http_urlencode(req->a, st.username),
	        changed ? done : already));
	return 0;
}

int
social_graph_follow_form(struct http_req *req)
{
	return form_post(req, SG_FOLLOW, "followed", "already_following");
}

int
social_graph_unfollow_form(struct http_req *req)
{
	return form_post(req, SG_UNFOLLOW, "unfollowed", "unfollowed");
}

int
social_graph_block_form(struct http_req *req)
{
	return form_post(req, SG_BLOCK, "blocked", "already_blocked");
}

int
social_graph_unblock_form(struct http_req *req)
{
	return form_post(req, SG_UNBLOCK, "unblocked", "unblocked");
}
