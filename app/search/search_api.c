/*
 * JSON: GET /social/search/users?q=&page=&per_page= and
 * GET /social/search/posts?q=&sport=&tag=&page=&per_page=, and the reading
 * of a search from the request that the page shares. Pages are numbered
 * from 1; has_more says whether a next page exists (one extra row is read).
 */
#include "search_int.h"

#include <string.h>

#include "../catalog/catalog.h"
#include "../db/db.h"
#include "../web/web.h"
#include "../social/social.h"
#include "../tenancy/tenancy.h"

/* "all": members and posts on one page (the header's box sends no type). */
static const char *const type_choices[] = { "all", "posts", "users", NULL };

/* A tag may be sent with or without its '#'; search_tag_normalise decides. */
/* The fields the three routes share, one definition each. */
#define F_Q                                                              \
	{                                                                \
		"q", FT_STRING, 0, 0, SEARCH_Q_MAX, NULL, NULL, "Search" \
	}
#define F_PAGE                                                            \
	{                                                                 \
		"page", FT_INT, 0, 1, SEARCH_PAGE_MAX, NULL, NULL, "Page" \
	}
#define F_PER_PAGE                                                                    \
	{                                                                             \
		"per_page", FT_INT, 0, 1, SEARCH_PER_PAGE_MAX, NULL, NULL, "Per page" \
	}
#define F_SPORT                                                          \
	{                                                                \
		"sport", FT_ENUM, 0, 0, 0, catalog_sports, NULL, "Sport" \
	}
#define F_TAG                                                                 \
	{                                                                     \
		"tag", FT_STRING, 0, 0, SEARCH_TAG_MAX + 1, NULL, NULL, "Tag" \
	}

const struct http_field search_page_fields[] = {
	[SEARCH_P_Q] = F_Q,
	[SEARCH_P_PAGE] = F_PAGE,
	[SEARCH_P_TYPE] = { "type", FT_ENUM, 0, 0, 0, type_choices, NULL, "Type" },
	[SEARCH_P_SPORT] = F_SPORT,
	[SEARCH_P_TAG] = F_TAG,
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(search_page_fields, SEARCH_P_COUNT);

const struct http_field search_users_fields[] = {
	[SEARCH_U_Q] = F_Q,
	[SEARCH_U_PAGE] = F_PAGE,
	[SEARCH_U_PER_PAGE] = F_PER_PAGE,
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(search_users_fields, SEARCH_U_COUNT);

const struct http_field search_posts_fields[] = {
	[SEARCH_S_Q] = F_Q,
	[SEARCH_S_PAGE] = F_PAGE,
	[SEARCH_S_PER_PAGE] = F_PER_PAGE,
	[SEARCH_S_SPORT] = F_SPORT,
	[SEARCH_S_TAG] = F_TAG,
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(search_posts_fields, SEARCH_S_COUNT);

static const char *
val_str(const struct http_value *v)
{
	return v != NULL && v->present && v->str != NULL ? v->str : "";
}

int
search_query_from(
    struct http_req *req, const struct search_vals *in, struct search_query *sq, int users)
{
	const struct http_value *page = in->page, *pp = in->per_page;
	const char *tag = users ? "" : val_str(in->tag), *msg;

	memset(sq, 0, sizeof(*sq));
	sq->scope = req->tenant->schema;
	sq->q = val_str(in->q);
	sq->sport = users ? "" : val_str(in->sport);
	sq->tag = "";
	sq->viewer = req->user != NULL ? req->user->id : NULL;
	sq->page = page != NULL && page->present ? page->num : 1;
	sq->per_page = pp != NULL && pp->present ? (int)pp->num : SEARCH_PER_PAGE;
	if (tag[0] != '\0' && (sq->tag = search_tag_normalise(req->a, tag)) == NULL) {
		sq->tag = "";
		http_field_error(req, "tag",
		    "must be a tag: up to 50 letters, digits or _, with a "
		    "letter");
	}
	/* A tag that was sent counts even when invalid: its own error says why. */
	if ((msg = search_check_query(sq->q, users, tag[0] != '\0')) != NULL)
		http_field_error(req, "q", msg);
	return req->errors.n ? -1 : 0;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL && s[0] ? json_string(s) : json_null();
}

static json_t *
page_json(const struct search_query *sq, int has_more)
{
	return json_pack("{s:I, s:i, s:b}", "page", (json_int_t)sq->page, "per_page", sq->per_page,
	    "has_more", has_more);
}

int
search_api_users(struct http_req *req)
{
	const struct http_value *v = http_vals(req, search_users_fields);
	const struct search_vals in = {
		.q = &v[SEARCH_U_Q], .page = &v[SEARCH_U_PAGE], .per_page = &v[SEARCH_U_PER_PAGE]
	};
	struct search_query sq;
	json_t *list, *out;
	PGresult *r;
	int n;

	if (search_query_from(req, &in, &sq, 1) != 0)
		return web_error(req, 422, "Please check the search.");
	if ((r = search_db_users(req->a, &sq)) == NULL)
		return -1;
	n = db_rows(r) > sq.per_page ? sq.per_page : db_rows(r);
	list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list,
		    json_pack("{s:s, s:s, s:s, s:s, s:I}", "user_id", db_val(r, i, SU_ID),
		        "username", db_val(r, i, SU_USERNAME), "display_name",
		        db_val(r, i, SU_DISPLAY), "tier", social_tier(db_ll(r, i, SU_FOLLOWERS)),
		        "followers_count", (json_int_t)db_ll(r, i, SU_FOLLOWERS)));
	out = page_json(&sq, db_rows(r) > sq.per_page);
	json_object_set_new(out, "query", json_string(sq.q));
	json_object_set_new(out, "users", list);
	return web_json(req, 200, out);
}

/* The snippet as plain text and as parts a client can mark up safely. */
static void
snippet_json(struct arena *a, json_t *post, const char *headline)
{
	struct search_part parts[SEARCH_SNIPPET_PARTS];
	size_t n = search_snippet_split(a, headline, parts, SEARCH_SNIPPET_PARTS);
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    list, json_pack("{s:s, s:b}", "text", parts[i].text, "match", parts[i].hit));
	json_object_set_new(post, "snippet", json_string(search_snippet_plain(a, headline)));
	json_object_set_new(post, "snippet_parts", list);
}

int
search_api_posts(struct http_req *req)
{
	const struct http_value *v = http_vals(req, search_posts_fields);
	const struct search_vals in = { .q = &v[SEARCH_S_Q],
		.page = &v[SEARCH_S_PAGE],
		.per_page = &v[SEARCH_S_PER_PAGE],
		.sport = &v[SEARCH_S_SPORT],
		.tag = &v[SEARCH_S_TAG] };
	struct search_query sq;
	json_t *list, *out;
	PGresult *r;
	int n, similar;

	if (search_query_from(req, &in, &sq, 0) != 0)
		return web_error(req, 422, "Please check the search.");
	if ((r = search_db_posts(req->a, &sq, &similar)) == NULL)
		return -1;
	n = db_rows(r) > sq.per_page ? sq.per_page : db_rows(r);
	list = json_array();
	for (int i = 0; i < n; i++) {
		json_t *tags = json_loads(db_val(r, i, SP_TAGS), 0, NULL), *p;

		p = json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:s, s:{s:s, s:s, s:s, s:s}}",
		    "post_id", db_val(r, i, SP_ID), "post_type", db_val(r, i, SP_TYPE), "title",
		    str_or_null(db_val(r, i, SP_TITLE)), "sport",
		    str_or_null(db_val(r, i, SP_SPORT)), "tags", tags != NULL ? tags : json_array(),
		    "likes_count", (json_int_t)db_ll(r, i, SP_LIKES), "comments_count",
		    (json_int_t)db_ll(r, i, SP_COMMENTS), "created_at", db_val(r, i, SP_CREATED),
		    "author", "user_id", db_val(r, i, SP_USER_ID), "username",
		    db_val(r, i, SP_USERNAME), "display_name", db_val(r, i, SP_DISPLAY), "tier",
		    social_tier(db_ll(r, i, SP_FOLLOWERS)));
		snippet_json(req->a, p, db_val(r, i, SP_SNIPPET));
		json_array_append_new(list, p);
	}
	out = page_json(&sq, db_rows(r) > sq.per_page);
	json_object_set_new(out, "query", json_string(sq.q));
	json_object_set_new(out, "sport", str_or_null(sq.sport));
	json_object_set_new(out, "tag", str_or_null(sq.tag));
	json_object_set_new(out, "corrected", json_boolean(similar != 0));
	json_object_set_new(out, "posts", list);
	return web_json(req, 200, out);
}
