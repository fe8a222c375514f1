/*
 * JSON: POST/GET/PATCH /social/posts[/{post_id}], like and unlike, comments,
 * share. Refusals use the common error shape {"error": {"code", "message",
 * "fields"}} and roll the transaction back.
 */
#include "posts_int.h"

#include <string.h>

#include "../auth/auth.h"
#include "../catalog/catalog.h"
#include "../db/db.h"
#include "../web/web.h"

#define COMMENTS_PER_PAGE 50

static const char *const type_choices[] = { "bet_post", "analysis", "discussion", NULL };

const struct http_field posts_create_fields[] = {
	[POSTS_C_TYPE] = { "post_type", FT_ENUM, FF_REQUIRED, 0, 0, type_choices, NULL, "Type" },
	[POSTS_C_TITLE] = { "title", FT_STRING, 0, 0, POSTS_TITLE_MAX, NULL, NULL, "Title" },
	[POSTS_C_CONTENT] = { "content", FT_TEXT, FF_REQUIRED, 1, POSTS_CONTENT_MAX, NULL, NULL,
	    "Content" },
	[POSTS_C_SPORT] = { "sport", FT_ENUM, 0, 0, 0, catalog_sports, NULL, "Sport" },
	[POSTS_C_CONFIDENCE] = { "confidence_level", FT_INT, 0, 1, 10, NULL, NULL, "Confidence" },
	[POSTS_C_BET] = { "bet_id", FT_STRING, 0, 0, 36, NULL, http_check_uuid, "Bet" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(posts_create_fields, POSTS_C_COUNT);

const struct http_field posts_edit_fields[] = {
	[POSTS_E_TITLE] = { "title", FT_STRING, 0, 0, POSTS_TITLE_MAX, NULL, NULL, "Title" },
	[POSTS_E_CONTENT] = { "content", FT_TEXT, 0, 1, POSTS_CONTENT_MAX, NULL, NULL, "Content" },
	[POSTS_E_SPORT] = { "sport", FT_ENUM, 0, 0, 0, catalog_sports, NULL, "Sport" },
	[POSTS_E_CONFIDENCE] = { "confidence_level", FT_INT, 0, 1, 10, NULL, NULL, "Confidence" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(posts_edit_fields, POSTS_E_COUNT);

const struct http_field posts_comment_fields[] = {
	[POSTS_CM_CONTENT] = { "content", FT_TEXT, FF_REQUIRED, 1, POSTS_COMMENT_MAX, NULL, NULL,
	    "Comment" },
	[POSTS_CM_PARENT] = { "parent_id", FT_STRING, 0, 0, 36, NULL, http_check_uuid, "Reply to" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(posts_comment_fields, POSTS_CM_COUNT);

const struct http_field posts_share_fields[] = {
	[POSTS_S_CONTENT] = { "content", FT_TEXT, 0, 0, POSTS_SHARE_MAX, NULL, NULL, "Your words" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(posts_share_fields, POSTS_S_COUNT);

const struct http_field posts_comments_list_fields[] = {
	[POSTS_L_PAGE] = { "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(posts_comments_list_fields, POSTS_L_COUNT);

static int
answer_post(struct http_req *req, int status, const char *id, int with_edits)
{
	PGresult *r = posts_db_get(req->a, id, req->user ? req->user->id : NULL), *ed;
	json_t *out;

	if (web_or_404(req, r, "No such post.") != 0)
		return -1;
	out = json_pack("{s:o}", "post", posts_row_json(req->a, r, 0, req->user != NULL));
	if (with_edits) {
		if ((ed = posts_db_edits(req->a, id)) == NULL) {
			json_decref(out);
			return -1;
		}
		json_object_set_new(out, "edits", posts_edits_json(ed));
	}
	return web_json(req, status, out);
}

/* The create route's values (posts_create_fields). */
static void
input_create(struct http_req *req, struct posts_input *in)
{
	const struct http_value *v = http_vals(req, posts_create_fields);
	const struct http_value *c = &v[POSTS_C_CONFIDENCE];

	memset(in, 0, sizeof(*in));
	in->type = v[POSTS_C_TYPE].str;
	in->title = v[POSTS_C_TITLE].str;
	in->content = v[POSTS_C_CONTENT].str;
	in->sport = v[POSTS_C_SPORT].str;
	in->bet_id = v[POSTS_C_BET].str;
	in->confidence = c->present ? (int)c->num : 0;
}

/* The edit route's values (posts_edit_fields): no type and no bet. */
static void
input_edit(struct http_req *req, struct posts_input *in)
{
	const struct http_value *v = http_vals(req, posts_edit_fields);
	const struct http_value *c = &v[POSTS_E_CONFIDENCE];

	memset(in, 0, sizeof(*in));
	in->type = "";
	in->bet_id = "";
	in->title = v[POSTS_E_TITLE].str;
	in->content = v[POSTS_E_CONTENT].str;
	in->sport = v[POSTS_E_SPORT].str;
	in->confidence = c->present ? (int)c->num : 0;
}

int
posts_api_create(struct http_req *req)
{
	struct posts_input in;
	struct auth_actor me;
	struct tg_err e;
	char id[UUID_STRLEN + 1];

	input_create(req, &in);
	if ((e = posts_create(req->a, auth_actor_from_req(req, &me), &in, id)).code != TG_OK)
		return web_refuse(req, e);
	return answer_post(req, 201, id, 0);
}

int
posts_api_get(struct http_req *req)
{
	const char *id = http_param(req, "post_id");

	return answer_post(req, 200, id, 1);
}

int
posts_api_edit(struct http_req *req)
{
	const char *id = http_param(req, "post_id");
	const struct http_value *v = http_vals(req, posts_edit_fields), *c = &v[POSTS_E_CONTENT];
	struct posts_input in;
	struct auth_actor me;
	struct tg_err e;

	if (c->present && c->str[0] == '\0') {
		http_field_error(req, "content", "is required");
		return web_error(req, 422, NULL);
	}
	input_edit(req, &in);
	e = posts_edit(req->a, auth_actor_from_req(req, &me), id, &in, v[POSTS_E_TITLE].present,
	    c->present, v[POSTS_E_CONFIDENCE].present, v[POSTS_E_SPORT].present);
	if (e.code != TG_OK)
		return web_refuse(req, e);
	return answer_post(req, 200, id, 1);
}

static int
like(struct http_req *req, int yes)
{
	struct auth_actor me;
	struct tg_err e;
	long long n = 0;

	e = posts_like(req->a, auth_actor_from_req(req, &me), http_param(req, "post_id"), yes, &n);
	if (e.code != TG_OK)
		return web_refuse(req, e);
	return web_json(req, 200,
	    json_pack("{s:s, s:b, s:I}", "post_id", http_param(req, "post_id"), "liked", yes,
	        "likes_count", (json_int_t)n));
}

int
posts_api_like(struct http_req *req)
{
	return like(req, 1);
}

int
posts_api_unlike(struct http_req *req)
{
	return like(req, 0);
}

/* Top-level comments, each with its replies. */
static json_t *
threads(const PGresult *r)
{
	json_t *list = json_array(), *top = NULL;

	for (int i = 0; i < db_rows(r); i++) {
		json_t *c = posts_comment_json(r, i);

		if (db_val(r, i, CV_PARENT) == NULL) {
			json_object_set_new(c, "replies", json_array());
			json_array_append_new(list, c);
			top = c;
		} else if (top != NULL)
			json_array_append_new(json_object_get(top, "replies"), c);
		else
			json_decref(c);
	}
	return list;
}

int
posts_api_comments(struct http_req *req)
{
	const char *id = http_param(req, "post_id");
	const struct http_value *pv = &http_vals(req, posts_comments_list_fields)[POSTS_L_PAGE];
	long long page = pv->present ? pv->num : 1, total;
	PGresult *p, *r;

	if (web_or_404(req, p = posts_db_get(req->a, id, NULL), "No such post.") != 0)
		return -1;
	if ((r = posts_db_comments(
	         req->a, id, (page - 1) * COMMENTS_PER_PAGE, COMMENTS_PER_PAGE)) == NULL)
		return -1;
	total = db_rows(r) ? db_ll(r, 0, CV_TOP_TOTAL) : 0;
	return web_json(req, 200,
	    json_pack("{s:o, s:I, s:I, s:b}", "comments", threads(r), "comments_count",
	        (json_int_t)db_ll(p, 0, PV_COMMENTS), "page", (json_int_t)page, "has_more",
	        page * COMMENTS_PER_PAGE < total));
}

int
posts_api_comment(struct http_req *req)
{
	const char *post = http_param(req, "post_id");
	struct auth_actor me;
	struct tg_err e;
	char id[UUID_STRLEN + 1];
	PGresult *c, *p;

	const struct http_value *v = http_vals(req, posts_comment_fields);

	e = posts_comment(req->a, auth_actor_from_req(req, &me), post, v[POSTS_CM_PARENT].str,
	    v[POSTS_CM_CONTENT].str, id);
	if (e.code != TG_OK)
		return web_refuse(req, e);
	if ((c = posts_db_comment(req->a, id)) == NULL || db_rows(c) != 1 ||
	    (p = posts_db_get(req->a, post, NULL)) == NULL || db_rows(p) != 1)
		return -1;
	return web_json(req, 201,
	    json_pack("{s:o, s:I}", "comment", posts_comment_json(c, 0), "comments_count",
	        (json_int_t)db_ll(p, 0, PV_COMMENTS)));
}

int
posts_api_share(struct http_req *req)
{
	struct auth_actor me;
	struct tg_err e;
	long long n = 0;

	e = posts_share(req->a, auth_actor_from_req(req, &me), http_param(req, "post_id"),
	    http_vals(req, posts_share_fields)[POSTS_S_CONTENT].str, &n);
	if (e.code != TG_OK)
		return web_refuse(req, e);
	return web_json(req, 201,
	    json_pack("{s:s, s:b, s:I}", "post_id", http_param(req, "post_id"), "shared", 1,
	        "shares_count", (json_int_t)n));
}
