/*
 * HTML: GET /search?q=&type=all|posts|users&sport=&tag=&page=. The header's
 * box sends q alone: "all", a few members (SEARCH_ALL_USERS, with a link to
 * the Members tab when there are more) above the first page of posts. The
 * Members and Posts tabs show one kind with its own pages. Without a type,
 * a sport or a tag means posts. Without q and tag it shows the empty form;
 * with a tag and no q it lists that tag's posts. Highlighted words reach the
 * template as separate parts of the snippet, so the page marks them up and
 * the engine escapes every byte of the post's text: no HTML is built here.
 */
#include "search_int.h"

#include <string.h>

#include "../catalog/catalog.h"
#include "../db/db.h"
#include "../web/web.h"
#include "../social/social.h"

/* The page's declared values (search_page_fields). A refused value keeps
 * its text when the validator could read it (a q that is too long), so the
 * form echoes what was sent; an unknown choice or invalid UTF-8 reads "". */
static const struct http_value *
vals(struct http_req *req)
{
	return http_vals(req, search_page_fields);
}

static const char *
href(struct http_req *req, const char *type, const char *q, const char *sport, const char *tag,
    long long page)
{
	const char *h =
	    arena_printf(req->a, "/search?type=%s&q=%s", type, http_urlencode(req->a, q));

	if (sport[0])
		h = arena_printf(req->a, "%s&sport=%s", h, http_urlencode(req->a, sport));
	if (tag[0])
		h = arena_printf(req->a, "%s&tag=%s", h, http_urlencode(req->a, tag));
	return page > 1 ? arena_printf(req->a, "%s&page=%lld", h, page) : h;
}

enum mode { ALL, POSTS, USERS };

/* What the page calls a field in its error messages. */
static const char *
label(const char *field)
{
	for (const struct http_field *f = search_page_fields; f->name != NULL; f++)
		if (strcmp(f->name, field) == 0)
			return f->label;
	return field;
}

/* The form, the tabs and any field errors. */
static render_dict *
start(struct http_req *req, enum mode m, const char *q, const char *sport, const char *tag)
{
	static const char *const shown[] = {
		[ALL] = "TYPE_ALL", [POSTS] = "TYPE_POSTS", [USERS] = "TYPE_USERS"
	};
	render_dict *d = web_page(
	    req, "search/index.tpl", q[0] ? arena_printf(req->a, "Search: %s", q) : "Search");

	render_set(d, "Q", q);
	render_set(d, "TAG", tag);
	render_show(d, shown[m]);
	render_set(d, "HREF_ALL", href(req, "all", q, "", "", 1));
	render_set(d, "HREF_POSTS", href(req, "posts", q, sport, tag, 1));
	render_set(d, "HREF_USERS", href(req, "users", q, "", "", 1));
	for (int i = 0; catalog_sports[i] != NULL; i++) {
		render_dict *s = render_section(d, "SPORTS");

		render_set(s, "VALUE", catalog_sports[i]);
		if (strcmp(sport, catalog_sports[i]) == 0)
			render_show(s, "SELECTED");
	}
	for (size_t i = 0; i < req->errors.n; i++) {
		render_dict *e = render_section(d, "ERRORS");

		render_set(e, "FIELD", req->errors.field[i]);
		render_set(e, "LABEL", label(req->errors.field[i]));
		render_set(e, "MSG", req->errors.msg[i]);
	}
	return d;
}

/* The type asked for; without one, a sport or a tag means posts. */
static enum mode
mode_of(struct http_req *req)
{
	const struct http_value *v = vals(req);
	const char *t = v[SEARCH_P_TYPE].str;

	if (strcmp(t, "users") == 0)
		return USERS;
	if (strcmp(t, "posts") == 0)
		return POSTS;
	if (strcmp(t, "all") != 0 && (v[SEARCH_P_SPORT].present || v[SEARCH_P_TAG].present))
		return POSTS;
	return ALL;
}

int
search_page_invalid(struct http_req *req)
{
	const struct http_value *v = vals(req);
	const char *sport = v[SEARCH_P_SPORT].str;
	int i;

	/* Only a known sport is shown as selected. */
	for (i = 0; catalog_sports[i] != NULL && strcmp(catalog_sports[i], sport) != 0; i++)
		;
	start(req, mode_of(req), v[SEARCH_P_Q].str, catalog_sports[i] ? sport : "",
	    v[SEARCH_P_TAG].str);
	web_page_done(req, 422);
	return -1;
}

/* Previous and next links of a tab's pages. On "all" the next page of
 * posts is the Posts tab's second. */
static void
pager(struct http_req *req, render_dict *part, const struct search_query *sq, const char *type,
    int more)
{
	if (sq->page > 1)
		render_set(render_section(part, "PREV"), "HREF",
		    href(req, type, sq->q, sq->sport, sq->tag, sq->page - 1));
	if (more && sq->page < SEARCH_PAGE_MAX)
		render_set(render_section(part, "NEXT"), "HREF",
		    href(req, type, sq->q, sq->sport, sq->tag, sq->page + 1));
}

/* "1 like", "3 likes": a count with its word. */
static const char *
counted(struct arena *a, const char *n, const char *one, const char *many)
{
	return arena_printf(a, "%s %s", n, strcmp(n, "1") == 0 ? one : many);
}

static void
users_into(struct arena *a, render_dict *d, const PGresult *r, int n)
{
	for (int i = 0; i < n; i++) {
		render_dict *u = render_section(d, "USERS");

		render_set(u, "USERNAME", db_val(r, i, SU_USERNAME));
		render_set(u, "DISPLAY_NAME", db_val(r, i, SU_DISPLAY));
		render_set(u, "TIER", social_tier(db_ll(r, i, SU_FOLLOWERS)));
		render_set(u, "FOLLOWERS",
		    counted(a, db_val(r, i, SU_FOLLOWERS), "follower", "followers"));
	}
}

static void
posts_into(struct http_req *req, render_dict *d, const PGresult *r, int n)
{
	static const char *const labels[][2] = { { "bet_post", "Bet" }, { "analysis", "Analysis" },
		{ "discussion", "Discussion" } };

	for (int i = 0; i < n; i++) {
		render_dict *p = render_section(d, "POSTS");
		struct search_part parts[SEARCH_SNIPPET_PARTS];
		size_t np = search_snippet_split(
		    req->a, db_val(r, i, SP_SNIPPET), parts, SEARCH_SNIPPET_PARTS);
		json_t *tags = json_loads(db_val(r, i, SP_TAGS), 0, NULL), *t;
		size_t k;

		render_set(p, "POST_ID", db_val(r, i, SP_ID));
		for (k = 0; k < 3; k++)
			if (strcmp(db_val(r, i, SP_TYPE), labels[k][0]) == 0)
				render_set(p, "TYPE_LABEL", labels[k][1]);
		if (db_val(r, i, SP_TITLE)[0])
			render_set(render_section(p, "TITLE"), "TEXT", db_val(r, i, SP_TITLE));
		else
			render_show(p, "NO_TITLE");
		render_set(p, "USERNAME", db_val(r, i, SP_USERNAME));
		render_set(p, "DISPLAY_NAME", db_val(r, i, SP_DISPLAY));
		render_set(p, "TIER", social_tier(db_ll(r, i, SP_FOLLOWERS)));
		render_set(p, "CREATED_AT", db_val(r, i, SP_CREATED));
		render_set(p, "WHEN", db_val(r, i, SP_WHEN));
		render_set(p, "LIKES", counted(req->a, db_val(r, i, SP_LIKES), "like", "likes"));
		render_set(p, "COMMENTS",
		    counted(req->a, db_val(r, i, SP_COMMENTS), "comment", "comments"));
		if (db_val(r, i, SP_SPORT) != NULL)
			render_set(render_section(p, "SPORT"), "NAME", db_val(r, i, SP_SPORT));
		json_array_foreach(tags, k, t)
		{
			render_dict *g = render_section(p, "TAGS");

			render_set(g, "TAG", json_string_value(t));
			render_set(g, "HREF", href(req, "posts", "", "", json_string_value(t), 1));
		}
		json_decref(tags);
		/* One iteration per part, in order; HIT or PLAIN decides the markup. */
		for (k = 0; k < np; k++) {
			render_dict *s = render_section(p, "SNIPPET");

			render_set(s, "TEXT", parts[k].text);
			render_show(s, parts[k].hit ? "HIT" : "PLAIN");
		}
	}
}

/* The members part: a page of them on the Members tab, the first few
 * (with a link to the tab when there are more) above the posts. */
static int
members_part(struct http_req *req, render_dict *d, const struct search_query *tab, enum mode m)
{
	struct search_query sq = *tab;
	render_dict *part = render_section(d, "MEMBERS_PART");
	PGresult *r;
	int n;

	if (m == ALL) {
		sq.page = 1;
		sq.per_page = SEARCH_ALL_USERS;
		render_show(part, "HEADING");
	}
	if ((r = search_db_users(req->a, &sq)) == NULL)
		return -1;
	n = db_rows(r) > sq.per_page ? sq.per_page : db_rows(r);
	users_into(req->a, part, r, n);
	if (n == 0)
		render_show(part, "NONE");
	if (m == ALL && db_rows(r) > sq.per_page) {
		render_dict *all = render_section(part, "ALL_MEMBERS");

		render_set(all, "HREF", href(req, "users", sq.q, "", "", 1));
		render_set(all, "Q", sq.q);
	} else if (m == USERS)
		pager(req, part, &sq, "users", db_rows(r) > sq.per_page);
	return 0;
}

/* The posts part: a page of them; above them on "all", its next page is
 * the Posts tab's. */
static int
posts_part(struct http_req *req, render_dict *d, const struct search_query *sq, enum mode m)
{
	render_dict *part = render_section(d, "POSTS_PART");
	int n, similar;
	PGresult *r;

	if ((r = search_db_posts(req->a, sq, &similar)) == NULL)
		return -1;
	if (m == ALL)
		render_show(part, "HEADING");
	if (!sq->q[0])
		render_set(render_section(part, "BROWSE_TAG"), "TAG", sq->tag);
	if (similar)
		render_set(render_section(part, similar == 1 ? "SIMILAR_TOO" : "SIMILAR_ONLY"), "Q",
		    sq->q);
	n = db_rows(r) > sq->per_page ? sq->per_page : db_rows(r);
	posts_into(req, part, r, n);
	if (n == 0)
		render_show(part, "NONE");
	pager(req, part, sq, "posts", db_rows(r) > sq->per_page);
	return 0;
}

int
search_page(struct http_req *req)
{
	const struct http_value *v = vals(req);
	const struct search_vals in = { .q = &v[SEARCH_P_Q],
		.page = &v[SEARCH_P_PAGE],
		.sport = &v[SEARCH_P_SPORT],
		.tag = &v[SEARCH_P_TAG] };
	enum mode m = mode_of(req);
	struct search_query sq;
	render_dict *d;

	/* The bare page (a link, or the box sent empty): the form only. */
	if (!in.q->present && !in.tag->present) {
		start(req, m, "", in.sport->str, "");
		return web_page_done(req, 200);
	}
	if (search_query_from(req, &in, &sq, m == USERS) != 0)
		return search_page_invalid(req);
	d = start(req, m, sq.q, sq.sport, sq.tag);
	if (sq.q[0]) {
		render_dict *f = render_section(d, "RESULTS_FOR");

		render_set(f, "Q", sq.q);
		if (sq.page > 1)
			render_set_int(render_section(f, "PAGED"), "PAGE", sq.page);
	}
	/* Members on their tab, and above the first page of posts on "all"
	 * (a tag browse has no words to find members by). */
	if ((m == USERS || (m == ALL && sq.page == 1 && sq.q[0])) &&
	    members_part(req, d, &sq, m) != 0)
		return -1;
	if (m != USERS && posts_part(req, d, &sq, m) != 0)
		return -1;
	return web_page_done(req, 200);
}
