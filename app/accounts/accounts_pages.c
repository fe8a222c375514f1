/* HTML pages for accounts. */
#include "accounts_int.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../auth/auth.h"
#include "../catalog/catalog.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "../posts/posts.h"
#include "../profiles/profiles.h"
#include "../web/web.h"
#include "../social/social.h"
#include "../tenancy/tenancy.h"

static void
sports_into(render_dict *d, const char *section, const char *json_list, int all)
{
	json_t *have = json_loads(json_list ? json_list : "[]", 0, NULL);

	for (int i = 0; catalog_sports[i] != NULL; i++) {
		int on = 0;
		size_t k;
		json_t *v;

		json_array_foreach(have, k, v) if (json_is_string(v) &&
		    strcmp(json_string_value(v), catalog_sports[i]) == 0) on = 1;
		if (!on && !all)
			continue;
		{
			render_dict *s = render_section(d, section);

			render_set(s, "SPORT", catalog_sports[i]);
			render_set(s, "SPORT_LABEL", catalog_sports[i]);
			if (on)
				render_set(s, "CHECKED", "checked");
		}
	}
	json_decref(have);
}

int
accounts_home(struct http_req *req)
{
	const struct http_user *me = req->user;
	render_dict *d;

	if (me == NULL) {
		web_page(req, "accounts/landing.tpl", "Welcome");
		return web_page_done(req, 200);
	}
	/* The profile fields came with the session lookup: one query less. */
	d = web_page(req, "accounts/home.tpl", "Home");
	render_set(d, "BIO", me->bio);
	render_set(d, "MEMBER_SINCE", me->member_since);
	render_set(d, "ROLE", auth_role_name(me->role));
	sports_into(d, "SPORTS", me->sports_json, 0);
	if (notify_into(req, d, 10) != 0)
		return -1;
	return web_page_done(req, 200);
}

int
accounts_ping(struct http_req *req)
{
	buf_puts(&req->body, "pong\n");
	req->status = 200;
	req->content_type_out = "text/plain; charset=utf-8";
	return 0;
}

int
accounts_brand_css(struct http_req *req)
{
	const struct tenancy_tenant *t = req->tenant;
	render_dict *d = render_dict_new(req->a);

	render_set(d, "PRIMARY", t->primary);
	render_set(d, "ACCENT", t->accent);
	render_set(d, "BACKGROUND", t->background);
	render_set(d, "SURFACE", t->surface);
	render_set(d, "TEXT", t->text);
	render_set(d, "PROFIT", t->profit);
	render_set(d, "LOSS", t->loss);
	render_set(d, "ON_PRIMARY", tenancy_color_ink(t->primary));
	render_set(d, "ON_ACCENT", tenancy_color_ink(t->accent));
	render_set(d, "FONT", t->font);
	if (render_expand(t->slug, "brand.css.tpl", d, &req->body) != 0)
		return -1;
	req->status = 200;
	req->content_type_out = "text/css; charset=utf-8";
	http_set_header(req, "Cache-Control", "public, max-age=300");
	return 0;
}

/* ---- sign up / sign in / out ---- */

int
accounts_signup_form(struct http_req *req)
{
	render_dict *d;

	if (req->user != NULL && req->method == HTTP_GET) {
		http_redirect(req, 303, "/");
		return 0;
	}
	d = web_page(req, "accounts/signup.tpl", "Create your account");
	web_form_state(req, d);
	return web_page_done(req, req->errors.n ? 422 : 200);
}

int
accounts_signup(struct http_req *req)
{
	char id[37];
	const char *msg = NULL;
	int st = accounts_do_signup(req, id, &msg);

	if (st == 422) {
		accounts_signup_form(req);
		return -1;
	}
	if (st != 0)
		return web_error(req, st, msg);
	http_redirect(req, 303, "/");
	return 0;
}

/* ?next= of the sign-in page, or the form's next after a refused sign-in. */
static const char *
signin_next(struct http_req *req)
{
	return req->route != NULL && req->route->fields == accounts_signin_fields
	    ? http_vals(req, accounts_signin_fields)[ACC_SI_NEXT].str
	    : http_vals(req, accounts_next_fields)[ACC_N_NEXT].str;
}

int
accounts_signin_form(struct http_req *req)
{
	render_dict *d = web_page(req, "accounts/signin.tpl", "Sign in");
	const char *next = signin_next(req);

	web_form_state(req, d);
	render_set(d, "NEXT", web_local_path(*next ? next : "/"));
	return web_page_done(req, req->errors.n ? 422 : 200);
}

int
accounts_signin(struct http_req *req)
{
	const char *msg = NULL;
	int st = accounts_do_login(req, &msg);

	if (st == 401 || st == 429) {
		render_dict *d = web_page(req, "accounts/signin.tpl", "Sign in");

		web_form_state(req, d);
		render_set(d, "NEXT", web_local_path(signin_next(req)));
		render_dict *e = render_section(d, "FORM_ERROR");
		render_set(e, "MSG", msg);
		web_page_done(req, st);
		return 0; /* commit: the failure counters must stick */
	}
	if (st != 0)
		return web_error(req, st, msg);
	http_redirect(req, 303, web_local_path(signin_next(req)));
	return 0;
}

int
accounts_signout(struct http_req *req)
{
	if (auth_session_end(req) != DB_OK)
		return -1;
	http_redirect(req, 303, "/");
	return 0;
}

/* ---- settings ---- */

int
accounts_profile_form(struct http_req *req)
{
	PGresult *u = accounts_db_get(req->a, req->user->id);
	render_dict *d;

	if (u == NULL || db_rows(u) != 1)
		return -1;
	d = web_page(req, "accounts/profile.tpl", "Your profile");
	render_set(d, "VAL_display_name", db_val(u, 0, U_DISPLAY));
	render_set(d, "VAL_bio", db_val(u, 0, U_BIO));
	render_set(d, "EMAIL", db_val(u, 0, U_EMAIL));
	sports_into(d, "SPORT_CHOICES", db_val(u, 0, U_SPORTS), 1);
	if (req->method == HTTP_POST && req->errors.n == 0)
		render_show(d, "SAVED");
	web_form_state(req, d);
	return web_page_done(req, req->errors.n ? 422 : 200);
}

int
accounts_profile_save(struct http_req *req)
{
	const char *msg = NULL;
	int st = accounts_do_profile(req, &msg);

	if (st == 422) {
		accounts_profile_form(req);
		return -1;
	}
	if (st != 0)
		return web_error(req, st, msg);
	http_redirect(req, 303, "/settings/profile?saved=1");
	return 0;
}

int
accounts_password_form(struct http_req *req)
{
	render_dict *d = web_page(req, "accounts/password.tpl", "Change password");

	web_form_state(req, d);
	/* GET after a save (?saved=1); the refused POST re-renders without it. */
	if (req->method == HTTP_GET && http_vals(req, accounts_saved_fields)[ACC_S_SAVED].present)
		render_show(d, "SAVED");
	return web_page_done(req, req->errors.n ? 422 : 200);
}

int
accounts_password_save(struct http_req *req)
{
	const char *msg = NULL;
	int st = accounts_do_password(req, &msg);

	if (st == 422) {
		accounts_password_form(req);
		return -1;
	}
	if (st != 0)
		return web_error(req, st, msg);
	http_redirect(req, 303, "/settings/password?saved=1");
	return 0;
}

/* ---- public user page ---- */

/* The member and every part of their page, keyed by username: queued by the
 * route's prefetch, they travel with the transaction's first round trip (the
 * figures themselves are read only when not kept rendered). */
struct user_page_reads {
	PGresult *u, *graph, *version, *posts, *copying;
};

static void
user_page_queue(struct http_req *req, struct db_batch *b, struct user_page_reads *p)
{
	const char *username = http_param(req, "username");

	accounts_db_by_username_queue(req->a, b, username, &p->u);
	social_graph_queue(req, b, username, &p->graph);
	profiles_page_queue(req, b, username, &p->version);
	accounts_copying_queue(req, b, username, &p->copying);
	posts_profile_queue(req, b, username, &p->posts);
}

void
accounts_user_page_prefetch(struct http_req *req, struct db_batch *b)
{
	struct user_page_reads *p = arena_calloc(req->a, 1, sizeof(*p));

	if (p != NULL) {
		user_page_queue(req, b, p);
		req->prefetched = p;
	}
}

int
accounts_user_page(struct http_req *req)
{
	struct user_page_reads *p = req->prefetched, own;
	PGresult *u, *graph, *version, *posts;
	render_dict *d;

	if (p == NULL || p->u == NULL || p->graph == NULL || p->version == NULL ||
	    p->posts == NULL || p->copying == NULL) {
		/* not prefetched (or the batch could not be queued): one round trip now */
		struct db_batch b = { 0 };

		memset(&own, 0, sizeof(own));
		p = &own;
		user_page_queue(req, &b, p);
		if (db_batch_run(&b) != DB_OK)
			return -1;
	}
	u = p->u;
	graph = p->graph;
	version = p->version;
	posts = p->posts;
	if (db_rows(u) != 1)
		return web_error(req, 404, "There is no member with that name here.");
	d = web_page(req, "accounts/user.tpl", db_val(u, 0, U_DISPLAY));
	render_set(d, "P_USERNAME", db_val(u, 0, U_USERNAME));
	render_set(d, "P_DISPLAY_NAME", db_val(u, 0, U_DISPLAY));
	{
		/* First character (UTF-8 aware) for the avatar. */
		const char *n = db_val(u, 0, U_DISPLAY);
		size_t len = 1;

		while (n[len] && ((unsigned char)n[len] & 0xc0) == 0x80)
			len++;
		render_set(d, "P_INITIAL", arena_strndup(req->a, n, len));
	}
	render_set(d, "P_BIO", db_val(u, 0, U_BIO));
	render_set(d, "P_ROLE", db_val(u, 0, U_ROLE));
	render_set(d, "P_SINCE", arena_strndup(req->a, db_val(u, 0, U_CREATED), 10));
	if (strcmp(db_val(u, 0, U_ROLE), "user") != 0)
		render_show(d, "P_STAFF");
	sports_into(d, "SPORTS", db_val(u, 0, U_SPORTS), 0);
	/* Counts, tier, follow/block buttons; unavailable to a member it blocks. */
	switch (social_graph_into(req, d, db_val(u, 0, U_ID), graph,
	    &http_vals(req, profiles_page_fields)[PROFILES_P_GRAPH])) {
	case 0:
		break;
	case 404:
		return web_error(req, 404, "There is no member with that name here.");
	default:
		return -1;
	}
	if (profiles_page_into(req, d, db_val(u, 0, U_ID), version) != 0 ||
	    accounts_copying_into(req, d, p->copying) != 0)
		return -1;
	if (posts_profile_into(req, d, db_val(u, 0, U_ID), posts) != 0)
		return -1;
	return web_page_done(req, 200);
}

/* ---- tenant administration ---- */

#define PAGE_SIZE 50

int
accounts_admin_users(struct http_req *req)
{
	const struct http_value *v = http_vals(req, accounts_list_fields);
	const char *q = v[ACC_L_Q].str;
	long long page = v[ACC_L_PAGE].present ? v[ACC_L_PAGE].num : 1;
	PGresult *r = accounts_db_list(req->a, q, (page - 1) * PAGE_SIZE, PAGE_SIZE);
	render_dict *d;
	long long total;

	if (r == NULL)
		return -1;
	total = db_rows(r) ? db_ll(r, 0, U_TOTAL) : 0;
	d = web_page(req, "admin/users.tpl", "Members");
	render_set(d, "Q", q);
	render_set_int(d, "TOTAL", total);
	render_set_int(d, "PAGE", page);
	if (page > 1) {
		render_dict *p = render_section(d, "PREV");

		render_set(p, "HREF",
		    arena_printf(req->a, "/admin/users?q=%s&page=%lld", http_urlencode(req->a, q),
		        page - 1));
	}
	if (page * PAGE_SIZE < total) {
		render_dict *p = render_section(d, "NEXT");

		render_set(p, "HREF",
		    arena_printf(req->a, "/admin/users?q=%s&page=%lld", http_urlencode(req->a, q),
		        page + 1));
	}
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *row = render_section(d, "USERS");
		const char *role = db_val(r, i, U_ROLE);

		render_set(row, "ID", db_val(r, i, U_ID));
		render_set(row, "USERNAME", db_val(r, i, U_USERNAME));
		render_set(row, "DISPLAY_NAME", db_val(r, i, U_DISPLAY));
		render_set(row, "EMAIL", db_val(r, i, U_EMAIL));
		render_set(row, "ROLE", role);
		render_set(row, "JOINED", arena_strndup(req->a, db_val(r, i, U_CREATED), 10));
		for (int k = 0; auth_role_names[k] != NULL; k++) {
			render_dict *o = render_section(row, "ROLE_CHOICES");

			render_set(o, "VALUE", auth_role_names[k]);
			if (strcmp(role, auth_role_names[k]) == 0)
				render_set(o, "SELECTED", "selected");
		}
		{
			/* One key per rendered form: a double submission posts once. */
			unsigned char raw[16];
			char key[33];

			randombytes_buf(raw, sizeof(raw));
			util_hex(raw, sizeof(raw), key);
			render_set(row, "ADJUST_KEY", key);
			render_set(row, "ADJUST_LABEL",
			    strcmp(req->tenant->money_mode, "play") == 0 ? "Top up" : "Adjust");
		}
		if (strcmp(db_val(r, i, U_ID), req->user->id) == 0)
			render_show(row, "IS_SELF");
		else if (!auth_role_change_allowed(req->user->platform_admin, 0,
		             strcmp(db_val(r, i, U_PLATFORM_ADMIN), "t") == 0))
			render_show(row, "PLATFORM_ADMIN");
		else
			render_show(row, "NOT_SELF");
	}
	if (v[ACC_L_CHANGED].present)
		render_show(d, "CHANGED");
	if (v[ACC_L_ADJUSTED].present)
		render_show(
		    d, strcmp(v[ACC_L_ADJUSTED].str, "again") == 0 ? "ADJUSTED_AGAIN" : "ADJUSTED");
	return web_page_done(req, 200);
}

int
accounts_admin_role(struct http_req *req)
{
	const char *id = http_param(req, "user_id"),
	           *role = http_vals(req, accounts_role_fields)[ACC_R_ROLE].str;
	PGresult *u;
	int n;

	if ((u = accounts_db_get(req->a, id)) == NULL || db_rows(u) != 1)
		return db_last_rc() == DB_DOWN ? -1 : web_error(req, 404, "No such member.");
	if (strcmp(id, req->user->id) == 0)
		return web_error(req, 403, "You cannot change your own role.");
	if (!auth_role_change_allowed(
	        req->user->platform_admin, 0, strcmp(db_val(u, 0, U_PLATFORM_ADMIN), "t") == 0))
		return web_error(req, 403,
		    "Only a platform administrator can change the role of "
		    "a platform administrator.");
	if ((n = accounts_db_set_role(req->a, id, role, req->user->id)) < 0)
		return -1;
	if (n == 1 &&
	    notify_user(req->a, id, NOTIFY_ROLE,
	        arena_printf(req->a, "You are now %s", auth_role_with_article(role)),
	        "Your role on this site was changed by an administrator.", "/") != DB_OK)
		return -1;
	http_redirect(req, 303, "/admin/users?changed=1");
	return 0;
}

int
accounts_admin_tenants(struct http_req *req)
{
	render_dict *d;

	if (!req->user->platform_admin)
		return web_error(req, 403, "Only platform administrators can see every brand.");
	d = web_page(req, "admin/tenants.tpl", "Brands");
	for (size_t i = 0; i < tenancy_count(); i++) {
		const struct tenancy_tenant *t = tenancy_at(i);
		render_dict *row = render_section(d, "TENANTS");

		render_set(row, "SLUG", t->slug);
		render_set(row, "NAME", t->name);
		render_set(row, "STATUS", t->active ? "active" : "disabled");
		render_set(row, "MONEY_MODE", t->money_mode);
		render_set(row, "PRIMARY", t->primary);
	}
	return web_page_done(req, 200);
}
