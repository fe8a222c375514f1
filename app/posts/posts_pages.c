/*
 * HTML: the "new post" form, a page per post with its comments, the like,
 * comment, share and edit forms (each POST answers with a redirect back to
 * the post: POST-redirect-GET), the "Copy this bet" form (the copy is
 * copy's, copy_post_bet; a mistake or a refusal comes back on the post page
 * beside the form), and the member's posts on their profile.
 */
#include "posts_int.h"

#include <string.h>

#include "../catalog/catalog.h"
#include "../bets/bets.h"
#include "../copy/copy.h"
#include "../auth/auth.h"
#include "../db/db.h"
#include "../tenancy/tenancy.h"
#include "../web/web.h"

#define MY_BETS_MAX 50
#define COMMENTS_PAGE 200

static const char *const type_labels[][2] = { { "bet_post", "Bet post: one of my bets" },
	{ "analysis", "Analysis" }, { "discussion", "Discussion" } };

const struct http_field posts_new_fields[] = {
	[POSTS_N_BET] = { "bet_id", FT_STRING, 0, 0, 36, NULL, http_check_uuid, "Bet" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(posts_new_fields, POSTS_N_COUNT);

/* "Copy this bet": an amount or a percentage of the bankroll; the form sends
 * both, the one not typed empty (not given). */
const struct http_field posts_copy_fields[] = {
	[POSTS_CP_AMOUNT] = { "amount", FT_MONEY, 0, 0, 0, NULL, NULL, "Amount" },
	[POSTS_CP_PERCENTAGE] = { "percentage", FT_BP, 0, 1, 10000, NULL, NULL, "Percentage" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(posts_copy_fields, POSTS_CP_COUNT);

/* The form; bet_id preselects a bet, problem explains a refusal. On the
 * create route the type and sport sent are selected again. */
static int
new_render(struct http_req *req, int status, const char *bet_id, const char *problem)
{
	const struct http_value *v = req->route != NULL && req->route->fields == posts_create_fields
	    ? http_vals(req, posts_create_fields)
	    : NULL;
	const char *type = v ? v[POSTS_C_TYPE].str : "", *sport = v ? v[POSTS_C_SPORT].str : "";
	render_dict *d;
	PGresult *r;

	if ((r = posts_db_my_bets(req->a, req->user->id, MY_BETS_MAX)) == NULL)
		return -1;
	d = web_page(req, "posts/new.tpl", "New post");
	web_form_state(req, d);
	if (problem != NULL)
		render_set(render_section(d, "PROBLEM"), "MESSAGE", problem);
	if (type[0] == '\0')
		type = bet_id[0] ? "bet_post" : "analysis";
	for (size_t i = 0; i < 3; i++) {
		render_dict *t = render_section(d, "TYPES");

		render_set(t, "VALUE", type_labels[i][0]);
		render_set(t, "LABEL", type_labels[i][1]);
		if (strcmp(type, type_labels[i][0]) == 0)
			render_show(t, "SELECTED");
	}
	for (int i = 0; catalog_sports[i] != NULL; i++) {
		render_dict *s = render_section(d, "SPORTS");

		render_set(s, "VALUE", catalog_sports[i]);
		if (strcmp(sport, catalog_sports[i]) == 0)
			render_show(s, "SELECTED");
	}
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *b = render_section(d, "MY_BETS");

		render_set(b, "BET_ID", db_val(r, i, 0));
		render_setf(b, "LABEL", "%s v %s: %s @ %s, stake %s", db_val(r, i, 4),
		    db_val(r, i, 5),
		    bets_selection_label(req->a, db_val(r, i, 1), (int)db_ll(r, i, 2),
		        db_val(r, i, 3), db_val(r, i, 4), db_val(r, i, 5)),
		    odds_str(req->a, (int32_t)db_ll(r, i, 6)), money_str(req->a, db_ll(r, i, 7)));
		if (strcmp(bet_id, db_val(r, i, 0)) == 0)
			render_show(b, "SELECTED");
	}
	if (db_rows(r) == 0)
		render_show(d, "NO_BETS");
	return web_page_done(req, status);
}

int
posts_new_page(struct http_req *req)
{
	return new_render(req, 200, http_vals(req, posts_new_fields)[POSTS_N_BET].str, NULL);
}

int
posts_new_invalid(struct http_req *req)
{
	/* The create form's bet as sent (an invalid value is kept as text). */
	new_render(req, 422, http_vals(req, posts_create_fields)[POSTS_C_BET].str,
	    "Please check the highlighted fields.");
	return -1;
}

int
posts_create_page(struct http_req *req)
{
	const struct http_value *v = http_vals(req, posts_create_fields),
	                        *c = &v[POSTS_C_CONFIDENCE];
	struct posts_input in;
	struct auth_actor me;
	struct tg_err e;
	char id[UUID_STRLEN + 1];

	memset(&in, 0, sizeof(in));
	in.type = v[POSTS_C_TYPE].str;
	in.title = v[POSTS_C_TITLE].str;
	in.content = v[POSTS_C_CONTENT].str;
	in.sport = v[POSTS_C_SPORT].str;
	in.bet_id = v[POSTS_C_BET].str;
	in.confidence = c->present ? (int)c->num : 0;
	/* The form sends its bet choice with every type: only a bet post keeps it. */
	if (strcmp(in.type, "bet_post") != 0)
		in.bet_id = "";
	if ((e = posts_create(req->a, auth_actor_from_req(req, &me), &in, id)).code != TG_OK) {
		if (e.code == TG_INTERNAL)
			return -1;
		if (e.field != NULL)
			http_field_error(req, e.field, e.message);
		new_render(req, tg_status(e.code), in.bet_id, e.message);
		return -1;
	}
	http_redirect(req, 303, arena_printf(req->a, "/posts/%s", id));
	return 0;
}

static void
comment_dict(render_dict *c, const PGresult *r, int i)
{
	render_set(c, "COMMENT_ID", db_val(r, i, CV_ID));
	render_set(c, "USERNAME", db_val(r, i, CV_USERNAME));
	render_set(c, "DISPLAY", db_val(r, i, CV_DISPLAY));
	render_set(c, "CONTENT", db_val(r, i, CV_CONTENT));
	render_set(c, "CREATED_AT", db_val(r, i, CV_CREATED));
}

/* The post page; copy_problem: why "Copy this bet" was refused, shown
 * beside its form (the form's values and field errors come from the
 * request). */
static int
post_render(struct http_req *req, int status, const char *copy_problem)
{
	const char *id = http_param(req, "post_id");
	render_dict *d, *top = NULL, *copy = NULL;
	PGresult *r, *c, *ed;

	r = posts_db_get(req->a, id, req->user ? req->user->id : NULL);
	if (web_or_404(req, r, "No such post.") != 0)
		return -1;
	if ((c = posts_db_comments(req->a, id, 0, COMMENTS_PAGE)) == NULL ||
	    (ed = posts_db_edits(req->a, id)) == NULL)
		return -1;
	d = web_page(
	    req, "posts/post.tpl", db_val(r, 0, PV_TITLE)[0] ? db_val(r, 0, PV_TITLE) : "Post");
	posts_row_dict(req->a, d, r, 0);
	web_form_state(req, d);
	if (req->user != NULL) {
		render_dict *m = render_section(d, "MEMBER");

		render_set(m, "POST_ID", id);
		if (db_val(r, 0, PV_LIKED)[0] == 't')
			render_show(m, "LIKED");
		else
			render_show(m, "NOT_LIKED");
		/* not on one's own post, nor on a copy of one's own bet (PV_COPIED
		 * + 1: the original's trader) */
		if (strcmp(req->user->id, db_val(r, 0, PV_USER_ID)) != 0 &&
		    (db_val(r, 0, PV_COPIED + 1) == NULL ||
		        strcmp(req->user->id, db_val(r, 0, PV_COPIED + 1)) != 0) &&
		    db_val(r, 0, PV_BET_ID) != NULL &&
		    strcmp(db_val(r, 0, PV_STATUS), "open") == 0 && req->tenant->copy_trading)
			render_set(copy = render_section(m, "CAN_COPY"), "POST_ID", id);
		if (copy_problem != NULL)
			render_set(render_section(copy != NULL ? copy : m,
			               copy != NULL ? "COPY_PROBLEM" : "ACTION_PROBLEM"),
			    "MSG", copy_problem);
		if (strcmp(req->user->id, db_val(r, 0, PV_USER_ID)) == 0)
			render_show(d, "IS_AUTHOR");
		else if (db_val(r, 0, PV_SHARED)[0] != 't')
			render_show(m, "CAN_SHARE");
		else
			render_show(m, "SHARED");
	} else
		render_show(d, "SIGNED_OUT_POST");
	for (int i = 0; i < db_rows(c); i++) {
		if (db_val(c, i, CV_PARENT) == NULL) {
			top = render_section(d, "COMMENTS");
			comment_dict(top, c, i);
			if (req->user != NULL)
				render_set(render_section(top, "REPLY_FORM"), "PARENT_ID",
				    db_val(c, i, CV_ID));
		} else if (top != NULL)
			comment_dict(render_section(top, "REPLIES"), c, i);
	}
	if (db_rows(c) == 0)
		render_show(d, "NO_COMMENTS");
	for (int i = 0; i < db_rows(ed); i++) {
		render_dict *h = render_section(d, "HISTORY");

		if (db_val(ed, i, 0)[0])
			render_set(render_section(h, "OLD_TITLE"), "TEXT", db_val(ed, i, 0));
		render_set(h, "OLD_CONTENT", db_val(ed, i, 1));
		render_set(h, "REPLACED_AT", db_val(ed, i, 4));
		if (db_val(ed, i, 5)[0] == 't')
			render_show(h, "AFTER_START");
	}
	if (db_rows(ed) > 0)
		render_show(d, "HAS_HISTORY");
	return web_page_done(req, status);
}

int
posts_page(struct http_req *req)
{
	return post_render(req, 200, NULL);
}

int
posts_copy_invalid(struct http_req *req)
{
	post_render(req, 422, NULL);
	return -1;
}

int
posts_copy_page(struct http_req *req)
{
	const struct http_value *v = http_vals(req, posts_copy_fields);
	const struct http_value *amount = &v[POSTS_CP_AMOUNT], *pct = &v[POSTS_CP_PERCENTAGE];
	struct copy_post_result res;
	struct tg_err e;

	if (amount->present == pct->present) {
		post_render(req, 422,
		    amount->present ? "Give an amount or a percentage of your bankroll, not both."
		                    : "Give an amount or a percentage of your bankroll.");
		return -1;
	}
	e = copy_post_bet(req, http_param(req, "post_id"), amount->present ? amount->money : 0,
	    pct->present ? pct->bp : 0, &res);
	if (e.code == TG_INTERNAL || e.code == TG_NOT_FOUND)
		return web_refuse(req, e);
	if (e.code != TG_OK) {
		/* the copy was not placed: the transaction ends with nothing done */
		post_render(req, tg_status(e.code), tg_message(&e));
		return -1;
	}
	http_redirect(req, 303, arena_printf(req->a, "/bets?status=open&placed=%s", res.bet_id));
	return 0;
}

/* Back to the post after an action; a refusal is an error page saying why. */
static int
after(struct http_req *req, struct tg_err e, const char *anchor)
{
	if (e.code != TG_OK)
		return web_refuse(req, e);
	http_redirect(
	    req, 303, arena_printf(req->a, "/posts/%s%s", http_param(req, "post_id"), anchor));
	return 0;
}

int
posts_like_page(struct http_req *req)
{
	struct auth_actor me;
	long long n;

	return after(req,
	    posts_like(req->a, auth_actor_from_req(req, &me), http_param(req, "post_id"), 1, &n),
	    "");
}

int
posts_unlike_page(struct http_req *req)
{
	struct auth_actor me;
	long long n;

	return after(req,
	    posts_like(req->a, auth_actor_from_req(req, &me), http_param(req, "post_id"), 0, &n),
	    "");
}

int
posts_comment_page(struct http_req *req)
{
	struct auth_actor me;
	char id[UUID_STRLEN + 1];

	const struct http_value *v = http_vals(req, posts_comment_fields);

	return after(req,
	    posts_comment(req->a, auth_actor_from_req(req, &me), http_param(req, "post_id"),
	        v[POSTS_CM_PARENT].str, v[POSTS_CM_CONTENT].str, id),
	    "#comments");
}

int
posts_share_page(struct http_req *req)
{
	struct auth_actor me;
	long long n;

	return after(req,
	    posts_share(req->a, auth_actor_from_req(req, &me), http_param(req, "post_id"),
	        http_vals(req, posts_share_fields)[POSTS_S_CONTENT].str, &n),
	    "");
}

int
posts_edit_form(struct http_req *req)
{
	const char *id = http_param(req, "post_id");
	render_dict *d;
	PGresult *r;

	if (web_or_404(req, r = posts_db_get(req->a, id, req->user->id), "No such post.") != 0)
		return -1;
	if (strcmp(db_val(r, 0, PV_USER_ID), req->user->id) != 0)
		return web_error(req, 403, "Only the author can edit a post.");
	d = web_page(req, "posts/edit.tpl", "Edit post");
	web_form_state(req, d);
	render_set(d, "POST_ID", id);
	/* Shown first (GET): the stored post; after a refused POST the form
	 * state shows what was sent. */
	if (req->method != HTTP_POST) {
		render_set(d, "VAL_title", db_val(r, 0, PV_TITLE));
		render_set(d, "VAL_content", db_val(r, 0, PV_CONTENT));
		if (db_val(r, 0, PV_CONFIDENCE))
			render_set(d, "VAL_confidence_level", db_val(r, 0, PV_CONFIDENCE));
	}
	if (db_val(r, 0, PV_BET_ID) != NULL)
		render_show(d, "BET_POST");
	return web_page_done(req, req->errors.n ? 422 : 200);
}

int
posts_edit_page(struct http_req *req)
{
	const char *id = http_param(req, "post_id");
	const struct http_value *v = http_vals(req, posts_edit_fields), *c = &v[POSTS_E_CONTENT],
	                        *cf = &v[POSTS_E_CONFIDENCE];
	struct posts_input in;
	struct auth_actor me;
	struct tg_err e;

	if (c->str[0] == '\0') {
		http_field_error(req, "content", "is required");
		posts_edit_form(req);
		return -1;
	}
	memset(&in, 0, sizeof(in));
	in.title = v[POSTS_E_TITLE].str;
	in.content = c->str;
	in.confidence = cf->present ? (int)cf->num : 0;
	/* The form always sends title, content and confidence: an empty
	 * confidence removes it. */
	if ((e = posts_edit(req->a, auth_actor_from_req(req, &me), id, &in, 1, 1, 1, 0)).code !=
	    TG_OK) {
		if (e.field == NULL)
			return web_refuse(req, e);
		http_field_error(req, e.field, e.message);
		posts_edit_form(req);
		return -1;
	}
	http_redirect(req, 303, arena_printf(req->a, "/posts/%s", id));
	return 0;
}

#define PROFILE_POSTS 10

void
posts_profile_queue(struct http_req *req, struct db_batch *b, const char *username, PGresult **out)
{
	posts_db_by_author_queue(req->a, b, username, PROFILE_POSTS, out);
}

int
posts_profile_into(struct http_req *req, void *dict, const char *user_id, PGresult *pre)
{
	render_dict *p;
	PGresult *r = pre != NULL ? pre : posts_db_by_author(req->a, user_id, PROFILE_POSTS);

	if (r == NULL)
		return -1;
	p = render_include(dict, "POSTS", "posts/profile.tpl");
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *e = render_section(p, "POSTS_LIST");

		render_set(e, "POST_ID", db_val(r, i, 0));
		render_set(e, "POST_TYPE", db_val(r, i, 1));
		if (db_val(r, i, 2)[0])
			render_set(render_section(e, "TITLE"), "TEXT", db_val(r, i, 2));
		render_set(e, "EXCERPT", db_val(r, i, 3));
		if (db_val(r, i, 7)[0] == 't')
			render_show(e, "MORE");
		render_set(e, "CREATED_AT", db_val(r, i, 4));
		render_set(e, "LIKES", db_val(r, i, 5));
		render_set(e, "COMMENTS", db_val(r, i, 6));
	}
	if (db_rows(r) == 0)
		render_show(p, "NO_POSTS");
	return 0;
}
