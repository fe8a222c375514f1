/* The wallet page, its JSON, and tenant administrators' top-ups/adjustments. */
#include "ledger.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "../auth/auth.h"
#include "../bets/bets.h"    /* a copied bet's trader in the history */
#include "../db/db.h"
#include "../http/http.h"
#include "../site/site.h"
#include "../social/social.h"
#include "../tenancy/tenancy.h"

#define HISTORY_PAGE 50

static const char *const directions[] = { "credit", "debit", NULL };

static const char *
check_key(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_'))
			return "is not a valid key";
	return NULL;
}

const struct http_field ledger_adjust_fields[] = {
	{ "amount", FT_STRING, FF_REQUIRED, 1, 20, NULL, http_check_money, "Amount" },
	{ "direction", FT_ENUM, FF_REQUIRED, 0, 0, directions, NULL, "Direction" },
	{ "memo", FT_STRING, 0, 0, 200, NULL, NULL, "Memo" },
	{ "idempotency_key", FT_STRING, FF_REQUIRED, 16, 64, NULL, check_key, "Idempotency key" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct http_field ledger_page_fields[] = {
	{ "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* Columns of a history row; H_COPIED.. are BETS_COPIED_COLS. */
enum { H_TX, H_KIND, H_MEMO, H_AT, H_ACCOUNT, H_AMOUNT, H_TOTAL, H_COPIED };

static PGresult *
history(struct http_req *req, long long page)
{
	/* A page of entries, then the bet of each bet transaction (its ledger
	 * key is "bet:<id>:...") for a copy's trader: 50 probes, not one per
	 * entry of the member's history. */
	static struct db_stmt q = DB_STMT(
	    "SELECT h.id, h.kind, h.memo, h.at, h.account, h.amount, h.total, " BETS_COPIED_COLS " "
	    "FROM (SELECT t.id, t.kind, t.memo, to_char(t.created_at AT TIME ZONE 'UTC', "
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, a.kind AS account, e.amount, "
	    " count(*) OVER () AS total, e.id AS entry, "
	    " CASE WHEN t.kind IN ('bet_stake', 'bet_settle', 'bet_resettle') "
	    "  THEN substr(t.idempotency_key, 5, 36)::uuid END AS bet "
	    " FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id "
	    " JOIN ledger_transactions t ON t.id = e.transaction_id "
	    " WHERE a.user_id = $1 ORDER BY e.id DESC OFFSET $2::bigint LIMIT $3::int) h "
	    "LEFT JOIN bets b ON b.id = h.bet " BETS_COPIED_JOIN("b")
	    "ORDER BY h.entry DESC", 3);
	char off[24], lim[16];

	snprintf(off, sizeof(off), "%lld", (page - 1) * HISTORY_PAGE);
	snprintf(lim, sizeof(lim), "%d", HISTORY_PAGE);
	return db_query(req->a, &q, DB_P(req->user->id, off, lim));
}

int
ledger_wallet_page(struct http_req *req)
{
	const struct http_value *pv = http_val(req, "page");
	long long page = pv->present ? pv->num : 1, total;
	int64_t cash, in_play;
	render_dict *d;
	PGresult *r;

	if (ledger_balance(req->a, req->user->id, &cash, &in_play) != DB_OK ||
	    (r = history(req, page)) == NULL)
		return -1;
	total = db_rows(r) ? db_ll(r, 0, H_TOTAL) : 0;
	d = site_page(req, "ledger/wallet.tpl", "Wallet");
	render_set(d, "CASH", money_str(req->a, cash));
	render_set(d, "IN_PLAY", money_str(req->a, in_play));
	render_set(d, "TOTAL", money_str(req->a, cash + in_play));
	if (strcmp(req->tenant->money_mode, "play") == 0)
		render_show(d, "PLAY_MONEY");
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *e = render_section(d, "ENTRIES");
		int64_t amount = db_ll(r, i, H_AMOUNT);

		render_set(e, "WHEN", db_val(r, i, H_AT));
		render_set(e, "KIND", db_val(r, i, H_KIND));
		render_set(e, "MEMO", db_val(r, i, H_MEMO));
		render_set(e, "ACCOUNT", strcmp(db_val(r, i, H_ACCOUNT), "user_cash") == 0 ? "cash"
		    : "in play");
		render_set(e, "AMOUNT", money_str(req->a, amount));
		render_set(e, "SIGN", amount < 0 ? "debit" : "credit");
		bets_copied_dict(e, r, i, H_COPIED);
	}
	if (db_rows(r) == 0)
		render_show(d, "NO_ENTRIES");
	if (page > 1)
		render_set(render_section(d, "PREV"), "HREF",
		    arena_printf(req->a, "/wallet?page=%lld", page - 1));
	if (page * HISTORY_PAGE < total)
		render_set(render_section(d, "NEXT"), "HREF",
		    arena_printf(req->a, "/wallet?page=%lld", page + 1));
	return site_page_done(req, 200);
}

int
ledger_api_wallet(struct http_req *req)
{
	const struct http_value *pv = http_val(req, "page");
	int64_t cash, in_play;
	PGresult *r;
	json_t *entries;

	if (ledger_balance(req->a, req->user->id, &cash, &in_play) != DB_OK ||
	    (r = history(req, pv->present ? pv->num : 1)) == NULL)
		return -1;
	entries = json_array();
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(entries, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o}",
		    "transaction_id", (json_int_t)db_ll(r, i, H_TX), "kind", db_val(r, i, H_KIND),
		    "memo", db_val(r, i, H_MEMO), "created_at", db_val(r, i, H_AT),
		    "account", strcmp(db_val(r, i, H_ACCOUNT), "user_cash") == 0 ? "cash" : "in_play",
		    "amount", (json_int_t)db_ll(r, i, H_AMOUNT),
		    "copied_from", bets_copied_json(r, i, H_COPIED)));
	/* Amounts are integers in minor units of `currency`. */
	return site_json(req, 200, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}",
	    "currency", req->tenant->currency, "money_mode", req->tenant->money_mode,
	    "cash", (json_int_t)cash, "in_play", (json_int_t)in_play,
	    "total", (json_int_t)(cash + in_play), "entries", entries));
}

int
ledger_admin_adjust(struct http_req *req)
{
	const char *uid = http_param(req, "user_id");
	const char *dir = http_val(req, "direction")->str, *memo = http_val(req, "memo")->str;
	int play = strcmp(req->tenant->money_mode, "play") == 0;
	const char *source = play ? "bonuses" : "adjustments";
	int64_t amount;
	struct ledger_leg legs[2];
	int rc;

	if (!util_uuid_valid(uid))
		return site_error(req, 404, "No such member.");
	money_parse(http_val(req, "amount")->str, &amount);
	if (strcmp(dir, "debit") == 0)
		amount = -amount;
	legs[0] = (struct ledger_leg){ source, NULL, -amount };
	legs[1] = (struct ledger_leg){ "user_cash", uid, amount };
	rc = ledger_post(req->a, play ? "top_up" : "adjustment",
	    arena_printf(req->a, "admin:%s", http_val(req, "idempotency_key")->str),
	    *memo ? memo : (play ? "Top-up by an administrator" : "Adjustment by an administrator"),
	    req->user->id, legs, 2);
	if (rc == LEDGER_INSUFFICIENT) {
		http_field_error(req, "amount", "is more than the member's cash");
		return site_error(req, 422, "The member does not have that much cash.");
	}
	if (rc == LEDGER_INVALID)
		return site_error(req, 404, "No such member.");
	if (rc < 0)
		return -1;
	if (rc == LEDGER_POSTED && social_notify(req->a, uid, "wallet",
	    amount > 0 ? "Your wallet was credited" : "Your wallet was debited",
	    memo, "/wallet") != DB_OK)
		return -1;
	http_redirect(req, 303, arena_printf(req->a, "/admin/users?adjusted=%s",
	    rc == LEDGER_POSTED ? "1" : "again"));
	return 0;
}
