/*
 * A member's record in public: their settled bets, for anyone to check the
 * verified figures against (GET /social/users/{user_id}/bets and the page
 * /u/{username}/bets). Each bet carries its settlement_seq, the order in
 * which the figures took it in (bets_db.c), so streaks and the drawdown can
 * be recomputed exactly (docs/api.md, "A member's settled bets").
 *
 * Only own picks are listed: a copy is the trader's pick, not the
 * copier's. Open bets stay private (a member shares one in a bet post), and
 * so do a bet's notes, confidence and win probability. Who may look follows
 * the profile: a member who blocked the viewer is not there for them (404).
 */
#include "bets_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../web/web.h"
#include "../social/social.h"
#include "../tenancy/tenancy.h"

#define PUBLIC_PAGE 50 /* JSON, default */
#define PUBLIC_PAGE_MAX 100
#define PAGE_ROWS 25 /* the HTML page */

static const char *const public_statuses[] = { "settled", "open", NULL };

/* cursor: the settlement_seq of the last bet of the previous page */
enum { PUB_F_STATUS, PUB_F_CURSOR, PUB_F_LIMIT };
const struct http_field bets_public_fields[] = {
	{ "status", FT_ENUM, 0, 0, 0, public_statuses, NULL, "Status" },
	{ "cursor", FT_INT, 0, 1, INT64_MAX, NULL, NULL, "Cursor" },
	{ "limit", FT_INT, 0, 1, PUBLIC_PAGE_MAX, NULL, NULL, "Limit" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

enum { PAGE_F_CURSOR };
const struct http_field bets_public_page_fields[] = {
	{ "cursor", FT_INT, 0, 1, INT64_MAX, NULL, NULL, "Cursor" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* What a bet's owner keeps to themselves. */
static const char *const private_keys[] = { "notes", "confidence", "win_probability", NULL };

/* A page of limit rows (read as limit + 1): *n rows to show and the cursor
 * of the next page in next (empty at the end). */
static PGresult *
page(struct http_req *req, const struct http_value *c, const char *user_id, int limit, int *n,
    char next[24])
{
	PGresult *r = bets_list_settled(req->a, user_id, c->present ? c->num : 0, limit + 1);

	next[0] = '\0';
	if (r == NULL)
		return NULL;
	*n = db_rows(r) > limit ? limit : db_rows(r);
	if (db_rows(r) > limit)
		snprintf(next, 24, "%s", db_val(r, *n - 1, BV_SETTLE_SEQ));
	return r;
}

int
bets_public_api(struct http_req *req)
{
	const char *id = http_param(req, "user_id");
	const struct http_value *v = http_vals(req, bets_public_fields);
	const struct http_value *st = &v[PUB_F_STATUS], *lv = &v[PUB_F_LIMIT];
	json_t *probe, *list;
	char next[24];
	PGresult *r;
	int n, rc;

	/* the member, and the block rule of the profile */
	if ((probe = json_object()) == NULL)
		return -1;
	rc = social_graph_json_into(req, probe, id);
	json_decref(probe);
	if (rc == 404)
		return web_error(req, 404, "No such user.");
	if (rc != 0)
		return -1;
	if (st->present && strcmp(st->str, "open") == 0)
		return web_json(req, 403,
		    json_pack("{s:{s:s, s:s}}", "error", "code", "open_bets_private", "message",
		        "A member's open bets are private: they share one "
		        "in a bet post. Your own are at GET /social/bets?status=open."));
	if ((r = page(req, &v[PUB_F_CURSOR], id, lv->present ? (int)lv->num : PUBLIC_PAGE, &n,
	         next)) == NULL)
		return -1;
	list = json_array();
	for (int i = 0; i < n; i++) {
		json_t *b = bets_row_json(r, i);

		for (size_t k = 0; private_keys[k] != NULL; k++)
			json_object_del(b, private_keys[k]);
		json_array_append_new(list, b);
	}
	return web_json(req, 200,
	    json_pack("{s:o, s:s?, s:s}", "bets", list, "next_cursor", next[0] ? next : NULL,
	        "currency", req->tenant->currency));
}

int
bets_public_page(struct http_req *req)
{
	static struct db_stmt q_member = DB_STMT(
	    "SELECT id, username, display_name FROM users WHERE lower(username) = lower($1)", 1);
	const struct http_value *c = &http_vals(req, bets_public_page_fields)[PAGE_F_CURSOR];
	PGresult *u, *r;
	render_dict *d;
	char next[24];
	int n;

	u = db_query(req->a, &q_member, DB_P(http_param(req, "username")));
	if (web_or_404(req, u, "There is no member with that name here.") != 0)
		return -1;
	d = web_page(
	    req, "bets/settled.tpl", arena_printf(req->a, "Settled bets · %s", db_val(u, 0, 2)));
	/* counts and follow buttons; 404 to a member it blocks, as the profile */
	switch (social_graph_into(req, d, db_val(u, 0, 0), NULL, NULL)) {
	case 0:
		break;
	case 404:
		return web_error(req, 404, "There is no member with that name here.");
	default:
		return -1;
	}
	if ((r = page(req, c, db_val(u, 0, 0), PAGE_ROWS, &n, next)) == NULL)
		return -1;
	render_set(d, "USER_ID", db_val(u, 0, 0));
	render_set(d, "USERNAME", db_val(u, 0, 1));
	render_set(d, "DISPLAY_NAME", db_val(u, 0, 2));
	render_set(d, "CURRENCY", req->tenant->currency);
	for (int i = 0; i < n; i++) {
		render_dict *b = render_section(d, "BETS");

		bets_row_dict(req->a, b, r, i);
		render_set(b, "SEQ", db_val(r, i, BV_SETTLE_SEQ));
		render_set(b, "SETTLED_ISO", db_val(r, i, BV_SETTLED_AT));
		render_set(b, "SETTLED_HUMAN", db_val(r, i, BV_SETTLED_HUMAN));
		render_set(b, "STARTS_HUMAN", db_val(r, i, BV_STARTS_HUMAN));
	}
	if (n == 0)
		render_show(d, c->present ? "NO_MORE" : "NO_BETS");
	if (c->present)
		render_set(render_section(d, "NEWEST"), "HREF",
		    arena_printf(req->a, "/u/%s/bets", db_val(u, 0, 1)));
	if (next[0])
		render_set(render_section(d, "OLDER"), "HREF",
		    arena_printf(req->a, "/u/%s/bets?cursor=%s", db_val(u, 0, 1), next));
	return web_page_done(req, 200);
}
