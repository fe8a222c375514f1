/* The wallet page, its JSON, and tenant administrators' top-ups/adjustments (wallet.h). */
#include "wallet.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "../auth/auth.h"
#include "../bets/bets.h" /* a copied bet's trader in the history */
#include "../db/db.h"
#include "../http/http.h"
#include "../ledger/ledger.h"
#include "../notify/notify.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define HISTORY_PAGE 50

static const char *const directions[] = { "credit", "debit", NULL };

static const char *
check_key(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return "is not a valid key";
	return NULL;
}

/* The adjustment's fields, the same order in the form and the API. */
enum { ADJ_F_AMOUNT, ADJ_F_DIRECTION, ADJ_F_MEMO, ADJ_F_KEY, ADJ_F_REPEAT, ADJ_F_COUNT };
#define ADJ_F_REST                                                                          \
	[ADJ_F_DIRECTION] = { "direction", FT_ENUM, FF_REQUIRED, 0, 0, directions, NULL,    \
		"Direction" },                                                              \
	[ADJ_F_MEMO] = { "memo", FT_STRING, 0, 0, 200, NULL, NULL, "Memo" },                \
	[ADJ_F_KEY] = { "idempotency_key", FT_STRING, FF_REQUIRED, 16, 64, NULL, check_key, \
		"Idempotency key" },                                                        \
	[ADJ_F_REPEAT] = { "repeat", FT_BOOL, 0, 0, 0, NULL, NULL, "Repeat" },              \
	{                                                                                   \
		NULL, 0, 0, 0, 0, NULL, NULL, NULL                                          \
	}

const struct http_field wallet_adjust_fields[] = {
	[ADJ_F_AMOUNT] = { "amount", FT_STRING, FF_REQUIRED, 1, 20, NULL, http_check_money,
	    "Amount" },
	ADJ_F_REST,
};
HTTP_FIELDS_CHECK(wallet_adjust_fields, ADJ_F_COUNT);

/* The same in JSON: amount in minor units, like every amount of the API. */
const struct http_field wallet_adjust_api_fields[] = {
	[ADJ_F_AMOUNT] = { "amount", FT_INT, FF_REQUIRED, 1, MONEY_MAX, NULL, NULL, "Amount" },
	ADJ_F_REST,
};
HTTP_FIELDS_CHECK(wallet_adjust_api_fields, ADJ_F_COUNT);

enum { WALLET_P_PAGE, WALLET_P_COUNT };
const struct http_field wallet_page_fields[] = {
	[WALLET_P_PAGE] = { "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(wallet_page_fields, WALLET_P_COUNT);

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
	    "LEFT JOIN bets b ON b.id = h.bet " BETS_COPIED_JOIN("b") "ORDER BY h.entry DESC",
	    3);
	char off[24], lim[16];

	snprintf(off, sizeof(off), "%lld", (page - 1) * HISTORY_PAGE);
	snprintf(lim, sizeof(lim), "%d", HISTORY_PAGE);
	return db_query(req->a, &q, DB_P(req->user->id, off, lim));
}

int
wallet_page(struct http_req *req)
{
	const struct http_value *pv = &http_vals(req, wallet_page_fields)[WALLET_P_PAGE];
	long long page = pv->present ? pv->num : 1, total;
	int64_t cash, in_play;
	render_dict *d;
	PGresult *r;

	if (ledger_balance(req->a, req->user->id, &cash, &in_play) != DB_OK ||
	    (r = history(req, page)) == NULL)
		return -1;
	total = db_rows(r) ? db_ll(r, 0, H_TOTAL) : 0;
	d = web_page(req, "wallet/wallet.tpl", "Wallet");
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
		render_set(e, "ACCOUNT",
		    strcmp(db_val(r, i, H_ACCOUNT), "user_cash") == 0 ? "cash" : "in play");
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
	return web_page_done(req, 200);
}

int
wallet_api_show(struct http_req *req)
{
	const struct http_value *pv = &http_vals(req, wallet_page_fields)[WALLET_P_PAGE];
	int64_t cash, in_play;
	PGresult *r;
	json_t *entries;

	if (ledger_balance(req->a, req->user->id, &cash, &in_play) != DB_OK ||
	    (r = history(req, pv->present ? pv->num : 1)) == NULL)
		return -1;
	entries = json_array();
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(entries,
		    json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o}", "transaction_id",
		        (json_int_t)db_ll(r, i, H_TX), "kind", db_val(r, i, H_KIND), "memo",
		        db_val(r, i, H_MEMO), "created_at", db_val(r, i, H_AT), "account",
		        strcmp(db_val(r, i, H_ACCOUNT), "user_cash") == 0 ? "cash" : "in_play",
		        "amount", (json_int_t)db_ll(r, i, H_AMOUNT), "copied_from",
		        bets_copied_json(r, i, H_COPIED)));
	/* Amounts are integers in minor units of `currency`. */
	return web_json(req, 200,
	    json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "currency", req->tenant->currency,
	        "money_mode", req->tenant->money_mode, "cash", (json_int_t)cash, "in_play",
	        (json_int_t)in_play, "total", (json_int_t)(cash + in_play), "entries", entries));
}

/*
 * Administrators' top-ups (play money) and adjustments (real money), from the
 * /admin/users form and from POST /admin/api/users/{user_id}/adjustments.
 *
 * Money moves once per idempotency key: the form carries one per rendering,
 * the API caller chooses it. A rendering is not a decision, though: Back and
 * resubmit renders a fresh key. So an adjustment identical to one the member
 * got in the last ADJUST_REPEAT_WINDOW (same direction and amount, under
 * another key) is refused until the admin confirms it (`repeat`); the page
 * asks, carrying the same key, so the confirmation itself posts once.
 */
#define ADJUST_REPEAT_WINDOW "10 minutes"

enum { ADJ_POSTED, ADJ_DUPLICATE, ADJ_KEY_REUSED, ADJ_RECENT, ADJ_NO_MEMBER, ADJ_INSUFFICIENT };

struct adjust {
	const char *uid, *memo, *key; /* key: the caller's, without the "admin:" prefix */
	int64_t amount;               /* signed: a debit is negative */
	int repeat;
	long long txid;        /* posted, duplicate or recent transaction */
	long long minutes_ago; /* ADJ_RECENT */
	int64_t cash;          /* the member's cash afterwards */
};

static const char *
adjust_noun(struct http_req *req)
{
	return strcmp(req->tenant->money_mode, "play") == 0 ? "top-up" : "adjustment";
}

/* One of ADJ_*, or a DB error (< 0). */
static int
adjust_do(struct http_req *req, struct adjust *j)
{
	/* the member's cash account, locked: adjustments of one member run one
	 * at a time, so two identical ones cannot both pass the check below */
	static struct db_stmt q_cash = DB_STMT(
	    "SELECT id FROM ledger_accounts WHERE user_id = $1 AND kind = 'user_cash' FOR UPDATE",
	    1);
	static struct db_stmt q_key =
	    DB_STMT("SELECT t.id, a.user_id, e.amount FROM ledger_transactions t "
	            "JOIN ledger_entries e ON e.transaction_id = t.id "
	            "JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'user_cash' "
	            "WHERE t.idempotency_key = $1",
	        1);
	static struct db_stmt q_recent =
	    DB_STMT("SELECT t.id, floor(extract(epoch FROM now() - t.created_at) / 60)::bigint "
	            "FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id "
	            "WHERE e.account_id = $1 AND e.amount = $2::bigint "
	            "AND t.kind IN ('top_up', 'adjustment') "
	            "AND t.created_at > now() - interval '" ADJUST_REPEAT_WINDOW "' "
	            "ORDER BY t.id DESC LIMIT 1",
	        2);
	int play = strcmp(req->tenant->money_mode, "play") == 0;
	const char *key = arena_printf(req->a, "admin:%s", j->key), *cash_id;
	struct ledger_leg legs[2];
	char amt[24];
	PGresult *r;
	int64_t in_play;
	int rc;

	if ((r = db_query(req->a, &q_cash, DB_P(j->uid))) == NULL)
		return db_last_rc();
	if (db_rows(r) == 0)
		return ADJ_NO_MEMBER; /* not a member of this brand */
	cash_id = db_val(r, 0, 0);
	if ((r = db_query(req->a, &q_key, DB_P(key))) == NULL)
		return db_last_rc();
	if (db_rows(r) > 0) {
		j->txid = db_ll(r, 0, 0);
		if (strcmp(db_val(r, 0, 1), j->uid) != 0 || db_ll(r, 0, 2) != j->amount)
			return ADJ_KEY_REUSED;
		rc = ADJ_DUPLICATE;
		goto balance;
	}
	snprintf(amt, sizeof(amt), "%lld", (long long)j->amount);
	if (!j->repeat) {
		if ((r = db_query(req->a, &q_recent, DB_P(cash_id, amt))) == NULL)
			return db_last_rc();
		if (db_rows(r) > 0) {
			j->txid = db_ll(r, 0, 0);
			j->minutes_ago = db_ll(r, 0, 1);
			return ADJ_RECENT;
		}
	}
	legs[0] = (struct ledger_leg){ play ? "bonuses" : "adjustments", NULL, -j->amount };
	legs[1] = (struct ledger_leg){ "user_cash", j->uid, j->amount };
	rc = ledger_post(req->a, play ? "top_up" : "adjustment", key,
	    *j->memo ? j->memo
	             : (play ? "Top-up by an administrator" : "Adjustment by an administrator"),
	    req->user->id, legs, 2);
	if (rc == LEDGER_INSUFFICIENT)
		return ADJ_INSUFFICIENT;
	if (rc == LEDGER_INVALID) {
		log_warn("adjustment of %s refused as invalid", j->uid);
		return ADJ_NO_MEMBER;
	}
	if (rc < 0)
		return rc;
	if (rc == LEDGER_DUPLICATE) /* the key's row appeared since q_key: a race lost */
		return ADJ_KEY_REUSED;
	if ((r = db_query(req->a, &q_key, DB_P(key))) == NULL)
		return db_last_rc();
	j->txid = db_ll(r, 0, 0);
	log_info("adjustment tenant=%s member=%s amount=%lld by=%s txn=%lld", req->tenant->slug,
	    j->uid, (long long)j->amount, req->user->id, j->txid);
	if (notify_user(req->a, j->uid, NOTIFY_WALLET,
	        j->amount > 0 ? "Your wallet was credited" : "Your wallet was debited", j->memo,
	        "/wallet") != DB_OK)
		return db_last_rc();
	rc = ADJ_POSTED;
balance:
	if (ledger_balance(req->a, j->uid, &j->cash, &in_play) != DB_OK)
		return db_last_rc();
	return rc;
}

static const char *
recent_message(struct http_req *req, const struct adjust *j)
{
	return arena_printf(req->a,
	    "An identical %s of %s %s was made to this member %s. "
	    "Confirm to %s again.",
	    adjust_noun(req), money_str(req->a, j->amount < 0 ? -j->amount : j->amount),
	    req->tenant->currency,
	    j->minutes_ago < 1        ? "less than a minute ago"
	        : j->minutes_ago == 1 ? "a minute ago"
	                              : arena_printf(req->a, "%lld minutes ago", j->minutes_ago),
	    strcmp(req->tenant->money_mode, "play") == 0 ? "top it up" : "post it");
}

static const char *const key_reused =
    "This idempotency key was already used for another member or amount.";

int
wallet_admin_adjust(struct http_req *req)
{
	const struct http_value *v = http_vals(req, wallet_adjust_fields);
	const char *dir = v[ADJ_F_DIRECTION].str;
	struct adjust j = { 0 };
	render_dict *d;
	int rc;

	j.uid = http_param(req, "user_id");
	j.memo = v[ADJ_F_MEMO].str;
	j.key = v[ADJ_F_KEY].str;
	j.repeat = v[ADJ_F_REPEAT].yes;
	money_parse(v[ADJ_F_AMOUNT].str, &j.amount);
	if (j.amount == 0) {
		http_field_error(req, "amount", "must be more than zero");
		return web_error(req, 422, NULL);
	}
	if (strcmp(dir, "debit") == 0)
		j.amount = -j.amount;
	switch ((rc = adjust_do(req, &j))) {
	case ADJ_POSTED:
	case ADJ_DUPLICATE:
		http_redirect(req, 303,
		    arena_printf(
		        req->a, "/admin/users?adjusted=%s", rc == ADJ_POSTED ? "1" : "again"));
		return 0;
	case ADJ_NO_MEMBER:
		return web_error(req, 404, "No such member.");
	case ADJ_INSUFFICIENT:
		http_field_error(req, "amount", "is more than the member's cash");
		return web_error(req, 422, "The member does not have that much cash.");
	case ADJ_KEY_REUSED:
		return web_error(req, 409,
		    "This form was already used for another amount. "
		    "Reload the members page and try again.");
	case ADJ_RECENT:
		break;
	default:
		return -1;
	}
	/* Ask, with the same key: confirming twice still posts once. */
	d = web_page(req, "admin/adjust_confirm.tpl", "Again?");
	render_set(d, "HEADING",
	    strcmp(req->tenant->money_mode, "play") == 0 ? "Top up again?"
	                                                 : "Post this adjustment again?");
	render_set(d, "MESSAGE", recent_message(req, &j));
	render_set(d, "USER_ID", j.uid);
	render_set(d, "AMOUNT", v[ADJ_F_AMOUNT].str);
	render_set(d, "DIRECTION", dir);
	render_set(d, "MEMO", j.memo);
	render_set(d, "KEY", j.key);
	render_set(d, "LABEL",
	    strcmp(req->tenant->money_mode, "play") == 0 ? "Top up again" : "Post it again");
	web_page_done(req, 409);
	return -1; /* nothing to commit */
}

static int
adjust_refusal(
    struct http_req *req, int status, const char *code, const char *message, json_t *extra)
{
	return web_refuse_extra(req,
	    (struct tg_err){
	        .code = tg_code_of_status(status), .reason = code, .message = message },
	    extra);
}

int
wallet_api_adjust(struct http_req *req)
{
	const struct http_value *v = http_vals(req, wallet_adjust_api_fields);
	const char *dir = v[ADJ_F_DIRECTION].str;
	struct adjust j = { 0 };
	int rc;

	j.uid = http_param(req, "user_id");
	j.memo = v[ADJ_F_MEMO].str;
	j.key = v[ADJ_F_KEY].str;
	j.repeat = v[ADJ_F_REPEAT].yes;
	j.amount = v[ADJ_F_AMOUNT].num;
	if (strcmp(dir, "debit") == 0)
		j.amount = -j.amount;
	switch ((rc = adjust_do(req, &j))) {
	case ADJ_POSTED:
	case ADJ_DUPLICATE:
		return web_json(req, rc == ADJ_POSTED ? 201 : 200,
		    json_pack("{s:{s:I, s:s, s:s, s:I, s:s, s:s}, s:b, s:{s:I, s:s}}", "adjustment",
		        "transaction_id", (json_int_t)j.txid, "user_id", j.uid, "kind",
		        strcmp(req->tenant->money_mode, "play") == 0 ? "top_up" : "adjustment",
		        "amount", (json_int_t)(j.amount < 0 ? -j.amount : j.amount), "direction",
		        dir, "memo", j.memo, "duplicate", rc == ADJ_DUPLICATE, "wallet", "cash",
		        (json_int_t)j.cash, "currency", req->tenant->currency));
	case ADJ_NO_MEMBER:
		return web_error(req, 404, "No such member.");
	case ADJ_INSUFFICIENT:
		http_field_error(req, "amount", "is more than the member's cash");
		return adjust_refusal(req, 422, "insufficient_funds",
		    "The member does not have that much cash.", NULL);
	case ADJ_KEY_REUSED:
		return adjust_refusal(req, 409, "idempotency_key_reused", key_reused, NULL);
	case ADJ_RECENT:
		return adjust_refusal(req, 409, "duplicate_adjustment", recent_message(req, &j),
		    json_pack("{s:{s:I, s:I}}", "previous", "transaction_id", (json_int_t)j.txid,
		        "minutes_ago", (json_int_t)j.minutes_ago));
	default:
		return -1;
	}
}
