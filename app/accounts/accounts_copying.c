/*
 * The Copying part of a member's page (/u/<username>, rendered here
 * beside the record that app/profiles/ computes): the member's copies of other
 * members' bets (docs/copy.md), by trader: copies placed and still open,
 * staked, profit and ROI over settled copies. A copy is the trader's pick,
 * so it is shown here and never in the member's record (docs/metrics.md,
 * "Own bets only"). Read from copy_trades on every view (one aggregate over
 * the member's copies, served by copy_trades_follower): it moves with every
 * copy placed or settled, which the performance fragment's cached version
 * does not follow. Traders either side of a block with the viewer are left
 * out, as in every list of members.
 */
#include "accounts_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../render/render.h"
#include "../social/social.h"
#include "../tenancy/tenancy.h"

/* By trader: id, username, display name, copies, open, staked, profit,
 * staked on settled copies; the member k is `from` (by id or username). */
#define COPYING_SQL(from)                                                                            \
	"SELECT x.trader_id, u.username, u.display_name, count(*), "                                 \
	"count(*) FILTER (WHERE x.profit IS NULL), sum(x.copy_amount), coalesce(sum(x.profit), 0), " \
	"coalesce(sum(x.copy_amount) FILTER (WHERE x.profit IS NOT NULL), 0) "                       \
	"FROM " from " JOIN copy_trades x ON x.follower_id = k.id AND x.status = 'placed' "          \
	"JOIN users u ON u.id = x.trader_id "                                                        \
	"WHERE NOT " SOCIAL_BLOCKED("x.trader_id",                                                   \
	    "nullif($2, '')::uuid") " "                                                              \
	                            "GROUP BY x.trader_id, u.username, u.display_name ORDER BY sum(x.copy_amount) DESC, u.username"
enum { C_ID, C_USERNAME, C_DISPLAY, C_COPIES, C_OPEN, C_STAKED, C_PROFIT, C_SETTLED };

static const char *
viewer(const struct http_req *req)
{
	return req->user != NULL ? req->user->id : "";
}

void
accounts_copying_queue(
    struct http_req *req, struct db_batch *b, const char *username, PGresult **out)
{
	static struct db_stmt q =
	    DB_STMT(COPYING_SQL("(SELECT id FROM users WHERE lower(username) = lower($1)) k"), 2);

	db_batch_add(req->a, b, &q, DB_P(username, viewer(req)), out);
}

/* ROI over settled copies, in percent; 0 when none has settled. */
static double
roi(int64_t profit, int64_t settled)
{
	return settled > 0 ? 100.0 * (double)profit / (double)settled : 0;
}

static const char *
roi_str(struct arena *a, int64_t profit, int64_t settled)
{
	return settled > 0 ? arena_printf(a, "%+.2f %%", roi(profit, settled)) : "—";
}

static void
money_into(struct arena *a, render_dict *d, int64_t copies, int64_t staked, int64_t profit,
    int64_t settled)
{
	render_set_int(d, "COPIES", copies);
	render_set(d, "STAKED", money_str(a, staked));
	render_set(d, "PROFIT", money_str(a, profit));
	render_set(d, "SIGN", money_sign_class((double)profit));
	render_set(d, "ROI", roi_str(a, profit, settled));
}

int
accounts_copying_into(struct http_req *req, struct render_dict *d, PGresult *r)
{
	int64_t copies = 0, staked = 0, profit = 0, settled = 0;
	render_dict *c;

	if (r == NULL)
		return -1;
	if (db_rows(r) == 0)
		return 0; /* copies nobody: no section */
	c = render_include(d, "COPYING", "accounts/copying.tpl");
	render_set(c, "CURRENCY", req->tenant->currency);
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *t = render_section(c, "TRADERS");

		render_set(t, "USERNAME", db_val(r, i, C_USERNAME));
		render_set(t, "DISPLAY_NAME", db_val(r, i, C_DISPLAY));
		if (db_ll(r, i, C_OPEN) > 0)
			render_set_int(render_section(t, "OPEN"), "N", db_ll(r, i, C_OPEN));
		money_into(req->a, t, db_ll(r, i, C_COPIES), db_ll(r, i, C_STAKED),
		    db_ll(r, i, C_PROFIT), db_ll(r, i, C_SETTLED));
		copies += db_ll(r, i, C_COPIES);
		staked += db_ll(r, i, C_STAKED);
		profit += db_ll(r, i, C_PROFIT);
		settled += db_ll(r, i, C_SETTLED);
	}
	money_into(req->a, c, copies, staked, profit, settled);
	return 0;
}

int
accounts_copying_json_into(struct http_req *req, json_t *u, const char *user_id)
{
	static struct db_stmt q = DB_STMT(COPYING_SQL("(SELECT $1::uuid AS id) k"), 2);
	PGresult *r = db_query(req->a, &q, DB_P(user_id, viewer(req)));
	int64_t copies = 0, open = 0, staked = 0, profit = 0, settled = 0;
	json_t *traders;

	if (r == NULL || (traders = json_array()) == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++) {
		int64_t p = db_ll(r, i, C_PROFIT), s = db_ll(r, i, C_SETTLED);

		json_array_append_new(traders,
		    json_pack("{s:{s:s, s:s, s:s}, s:I, s:I, s:I, s:I, "
		              "s:I, s:f}",
		        "trader", "user_id", db_val(r, i, C_ID), "username",
		        db_val(r, i, C_USERNAME), "display_name", db_val(r, i, C_DISPLAY), "copies",
		        (json_int_t)db_ll(r, i, C_COPIES), "open_copies",
		        (json_int_t)db_ll(r, i, C_OPEN), "staked",
		        (json_int_t)db_ll(r, i, C_STAKED), "total_profit_loss", (json_int_t)p,
		        "settled_staked", (json_int_t)s, "roi_percentage", roi(p, s)));
		copies += db_ll(r, i, C_COPIES);
		open += db_ll(r, i, C_OPEN);
		staked += db_ll(r, i, C_STAKED);
		profit += p;
		settled += s;
	}
	json_object_set_new(u, "copying",
	    json_pack("{s:I, s:I, s:I, s:I, s:I, s:f, s:o}", "copies", (json_int_t)copies,
	        "open_copies", (json_int_t)open, "staked", (json_int_t)staked, "total_profit_loss",
	        (json_int_t)profit, "settled_staked", (json_int_t)settled, "roi_percentage",
	        roi(profit, settled), "traders", traders));
	return 0;
}
