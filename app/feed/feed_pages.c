/*
 * The feed as a page (/feed) and as JSON (GET /social/feed): a first page
 * ranks (or reuses the ranking of the last few minutes, with what arrived
 * in the inbox since on top); a cursor reads on in its snapshot.
 */
#include "feed.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../posts/posts.h"
#include "../render/render.h"
#include "../web/web.h"

enum { FEED_F_CURSOR, FEED_F_LIMIT };
const struct http_field feed_fields[] = {
	[FEED_F_CURSOR] = { "cursor", FT_STRING, 0, 0, 64, NULL, NULL, "Cursor" },
	[FEED_F_LIMIT] = { "limit", FT_INT, 0, 1, FEED_LIMIT_MAX, NULL, NULL, "Limit" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

struct feed_out {
	const char *ids;                /* this page's posts, a uuid[] literal */
	char next[FEED_CURSOR_LEN + 1]; /* "" at the end */
};

enum { FEED_OK = 0, FEED_ERR = -1, FEED_BAD_CURSOR = -2 };

/* The ids of a uuid[] literal ({a,b,c} or {"a","b"}) into v (arena
 * strings); their number. */
static size_t
split_ids(struct arena *a, const char *text, const char **v, size_t max)
{
	size_t n = 0;
	const char *p = text;

	if (p == NULL || *p++ != '{')
		return 0;
	while (*p && *p != '}' && n < max) {
		const char *e = p;

		while (*e && *e != ',' && *e != '}')
			e++;
		/* written by db_arr_str (quoted) or by PostgreSQL (bare) */
		if (e - p >= 2 && *p == '"' && e[-1] == '"')
			v[n] = arena_strndup(a, p + 1, (size_t)(e - p) - 2);
		else
			v[n] = arena_strndup(a, p, (size_t)(e - p));
		if (v[n] == NULL)
			return n;
		n++;
		p = *e == ',' ? e + 1 : e;
	}
	return n;
}

/* A new ranking: candidates, score, spread, snapshot. */
static int
rank(struct http_req *req, struct feed_snapshot *s)
{
	PGresult *r = feed_db_candidates(req->a, req->user->id);
	struct feed_candidate *c;
	struct buf ids;
	char created[32];
	size_t n;
	int rc;

	if (r == NULL)
		return FEED_ERR;
	n = (size_t)db_rows(r);
	if ((c = arena_calloc(req->a, n ? n : 1, sizeof(*c))) == NULL)
		return FEED_ERR;
	for (size_t i = 0; i < n; i++) {
		snprintf(c[i].post_id, sizeof(c[i].post_id), "%s", db_val(r, (int)i, 0));
		snprintf(c[i].author_id, sizeof(c[i].author_id), "%s", db_val(r, (int)i, 1));
		c[i].created_at = db_ll(r, (int)i, 2);
		c[i].sources = (unsigned)db_ll(r, (int)i, 3);
		c[i].likes = db_ll(r, (int)i, 4);
		c[i].comments = db_ll(r, (int)i, 5);
		c[i].shares = db_ll(r, (int)i, 6);
		c[i].copies = db_ll(r, (int)i, 7);
		c[i].sport_match = db_val(r, (int)i, 8)[0] == 't';
		c[i].author_followers = db_ll(r, (int)i, 9);
	}
	feed_rank(c, n, util_now_us() / 1000000);
	if (n > FEED_SNAPSHOT_MAX)
		n = FEED_SNAPSHOT_MAX;
	buf_init(&ids);
	db_arr_begin(&ids);
	for (size_t i = 0; i < n; i++)
		db_arr_str(&ids, c[i].post_id);
	memset(s, 0, sizeof(*s));
	rc = feed_db_snapshot_put(req->a, req->user->id, db_arr_end(&ids), s->id, created);
	if (rc == DB_OK) {
		s->found = 1;
		s->ids = arena_strdup(req->a, buf_cstr(&ids));
		s->n = n;
		s->created_at = arena_strdup(req->a, created);
	}
	buf_free(&ids);
	return rc == DB_OK ? FEED_OK : FEED_ERR;
}

static int
load(struct http_req *req, long long limit, struct feed_out *out)
{
	const struct http_value *cv = &http_vals(req, feed_fields)[FEED_F_CURSOR];
	struct feed_snapshot s;
	const char **snap, **page;
	size_t nsnap, npage = 0;
	uint32_t offset = 0;
	struct buf ids;

	memset(out, 0, sizeof(*out));
	if (cv->present && cv->str[0] != '\0') {
		char sid[37];

		if (feed_cursor_decode(cv->str, sid, &offset) != 0)
			return FEED_BAD_CURSOR;
		if (feed_db_snapshot_get(req->a, req->user->id, sid, &s) != DB_OK)
			return FEED_ERR;
		if (!s.found || offset > s.n)
			return FEED_BAD_CURSOR;
	} else if (feed_db_snapshot_latest(req->a, req->user->id, FEED_SNAPSHOT_REUSE, &s) != DB_OK)
		return FEED_ERR;
	else if (!s.found && rank(req, &s) != FEED_OK)
		return FEED_ERR;

	snap = arena_alloc(req->a, sizeof(*snap) * (s.n + 1));
	page = arena_alloc(req->a, sizeof(*page) * (size_t)(limit + 1));
	if (snap == NULL || page == NULL)
		return FEED_ERR;
	nsnap = split_ids(req->a, s.ids, snap, s.n);
	/* A reused ranking: what arrived from followed members since goes on
	 * top (it is not in the snapshot, so a later page cannot repeat it). */
	if (!(cv->present && cv->str[0] != '\0') && s.created_at != NULL) {
		PGresult *f = feed_db_fresh(req->a, req->user->id, s.created_at, (int)limit);

		if (f == NULL)
			return FEED_ERR;
		for (int i = 0; i < db_rows(f) && npage < (size_t)limit; i++)
			page[npage++] = db_val(f, i, 0);
	}
	while (npage < (size_t)limit && offset < nsnap)
		page[npage++] = snap[offset++];
	buf_init(&ids);
	db_arr_begin(&ids);
	for (size_t i = 0; i < npage; i++)
		db_arr_str(&ids, page[i]);
	out->ids = arena_strdup(req->a, db_arr_end(&ids));
	buf_free(&ids);
	if (offset < nsnap && feed_cursor_encode(s.id, offset, out->next) != 0)
		return FEED_ERR;
	return out->ids != NULL ? FEED_OK : FEED_ERR;
}

static int
bad_cursor(struct http_req *req)
{
	return web_error(req, 400,
	    "This feed position is unknown or expired: "
	    "start again from the top of the feed.");
}

int
feed_api(struct http_req *req)
{
	const struct http_value *lv = &http_vals(req, feed_fields)[FEED_F_LIMIT];
	struct feed_out out;
	json_t *items;
	int rc = load(req, lv->present ? lv->num : 50, &out);

	if (rc == FEED_BAD_CURSOR)
		return bad_cursor(req);
	if (rc != FEED_OK || (items = json_array()) == NULL)
		return -1;
	if (posts_list_json(req, out.ids, items) != 0) {
		json_decref(items);
		return -1;
	}
	return web_json(req, 200,
	    json_pack("{s:o, s:s?}", "items", items, "next_cursor", out.next[0] ? out.next : NULL));
}

int
feed_page(struct http_req *req)
{
	const struct http_value *v = http_vals(req, feed_fields), *lv = &v[FEED_F_LIMIT];
	struct feed_out out;
	render_dict *d;
	int n, rc = load(req, lv->present ? lv->num : 20, &out);

	if (rc == FEED_BAD_CURSOR)
		return bad_cursor(req);
	if (rc != FEED_OK)
		return -1;
	d = web_page(req, "feed/index.tpl", "Your feed");
	if ((n = posts_list_into(req, d, "ITEMS", out.ids)) < 0)
		return -1;
	if (n == 0 && !v[FEED_F_CURSOR].present)
		render_show(d, "EMPTY");
	if (out.next[0])
		render_set(render_section(d, "MORE"), "HREF",
		    arena_printf(req->a, "/feed?cursor=%s", out.next));
	return web_page_done(req, 200);
}
