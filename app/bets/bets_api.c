/* JSON: POST /social/bets, GET /social/bets, GET /social/bets/{bet_id}. */
#include "bets_int.h"

#include <string.h>

#include "../db/db.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define API_PER_PAGE 50

static const char *const accept_choices[] = { "none", "better", "any", NULL };

static const char *
check_odds(const char *v)
{
	int32_t o;

	return odds_parse(v, &o) == 0 ? NULL
	    : "must be decimal odds above 1.0 with at most three decimals (e.g. 2.10)";
}

static const char *
check_probability(const char *v)
{
	int64_t bps;

	return money_fixed_parse(v, 4, 10000, &bps) == 0 && bps >= 1 && bps <= 9999 ? NULL
	    : "must be a probability strictly between 0 and 1, at most four decimals";
}

static const char *
check_key(const char *v)
{
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return "must be printable ASCII without spaces";
	return NULL;
}

/* Stakes are integers in minor units (1000 = 10.00), like every amount in
 * the API; odds are decimal (2.1 or "2.10"). */
const struct http_field bets_place_fields[] = {
	{ "selection_id", FT_INT, FF_REQUIRED, 1, INT64_MAX, NULL, NULL, "Selection" },
	{ "stake", FT_INT, FF_REQUIRED, 1, MONEY_MAX, NULL, NULL, "Stake" },
	{ "odds", FT_STRING, FF_REQUIRED | FF_DECIMAL, 1, 12, NULL, check_odds, "Odds" },
	{ "accept_odds_change", FT_ENUM, 0, 0, 0, accept_choices, NULL, "Price changes" },
	{ "odds_tolerance_bps", FT_INT, 0, 0, 2000, NULL, NULL, "Tolerance" },
	{ "notes", FT_TEXT, 0, 0, 1000, NULL, NULL, "Notes" },
	{ "confidence", FT_INT, 0, 1, 10, NULL, NULL, "Confidence" },
	{ "win_probability", FT_STRING, FF_DECIMAL, 1, 12, NULL, check_probability,
	    "Win probability" },
	{ "idempotency_key", FT_STRING, FF_REQUIRED, 1, 80, NULL, check_key, "Idempotency key" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

static int
refusal(struct http_req *req, int status, const char *code, const char *message, json_t *extra)
{
	/* nothing written survives */
	return site_refuse_extra(req, (struct tg_err){ .code = tg_code_of_status(status),
	    .reason = code, .message = message }, extra);
}

static int
answer_bet(struct http_req *req, int status, const char *bet_id, int duplicate)
{
	PGresult *r = bets_get(req->a, req->user->id, bet_id, 1);

	if (r == NULL || db_rows(r) == 0)
		return -1;
	return site_json(req, status, json_pack("{s:o, s:b, s:{s:I, s:I, s:s}}",
	    "bet", bets_row_json(r, 0), "duplicate", duplicate,
	    "wallet", "cash", (json_int_t)db_ll(r, 0, BV_TOTAL + 1),
	    "in_play", (json_int_t)db_ll(r, 0, BV_TOTAL + 2),
	    "currency", req->tenant->currency));
}

int
bets_api_place(struct http_req *req)
{
	const struct tenancy_tenant *t = req->tenant;
	const struct http_value *acc = http_val(req, "accept_odds_change");
	const struct http_value *tol = http_val(req, "odds_tolerance_bps");
	const struct http_value *wp = http_val(req, "win_probability");
	struct bets_place_req q;
	struct bets_place_out out;
	int64_t v;
	int rc;

	memset(&q, 0, sizeof(q));
	q.user_id = req->user->id;
	q.selection_id = http_val(req, "selection_id")->num;
	q.stake = http_val(req, "stake")->num;
	odds_parse(http_val(req, "odds")->str, &q.odds);
	q.accept = acc->present ? bets_accept_parse(acc->str) : BETS_ACCEPT_NONE;
	q.tolerance_bps = tol->present ? (int)tol->num : 500;
	q.notes = http_val(req, "notes")->str;
	q.confidence = http_val(req, "confidence")->present ? (int)http_val(req, "confidence")->num : 0;
	if (wp->present && money_fixed_parse(wp->str, 4, 10000, &v) == 0)
		q.win_probability_bps = (int)v;
	q.idempotency_key = arena_printf(req->a, "api:%s", http_val(req, "idempotency_key")->str);
	q.source = BETS_SRC_API;
	rc = bets_place(req->a, t, &q, &out);
	switch (rc) {
	case BETS_PLACED:
		return answer_bet(req, 201, out.bet_id, 0);
	case BETS_DUPLICATE:
		return answer_bet(req, 200, out.bet_id, 1);
	case BETS_ERR_SELECTION:
		return refusal(req, 404, "unknown_selection", bets_place_message(rc), NULL);
	case BETS_ERR_STARTED:
		return refusal(req, 422, "event_started", bets_place_message(rc), NULL);
	case BETS_ERR_MARKET:
		return refusal(req, 422, "market_closed", bets_place_message(rc), NULL);
	case BETS_ERR_LIMITS:
		return refusal(req, 422, "stake_out_of_limits", bets_place_message(rc),
		    json_pack("{s:I, s:I}", "min_stake", (json_int_t)t->min_stake,
		    "max_stake", (json_int_t)t->max_stake));
	case BETS_ERR_PRICE:
		return refusal(req, 409, "price_changed", bets_place_message(rc),
		    json_pack("{s:f}", "current_odds", out.new_odds / 1000.0));
	case BETS_ERR_FUNDS:
		return refusal(req, 422, "insufficient_funds", bets_place_message(rc),
		    out.aborted ? NULL : json_pack("{s:I}", "cash", (json_int_t)out.cash));
	case BETS_ERR_KEY:
		return refusal(req, 409, "idempotency_key_reused", bets_place_message(rc), NULL);
	default:
		return -1;
	}
}

int
bets_api_list(struct http_req *req)
{
	const struct http_value *st = http_val(req, "status"), *pv = http_val(req, "page");
	long long page = pv->present ? pv->num : 1, total;
	json_t *list = json_array();
	PGresult *r;

	r = bets_list(req->a, req->user->id, st->present ? st->str : "all",
	    http_val(req, "sport")->str, page, API_PER_PAGE);
	if (r == NULL) {
		json_decref(list);
		return -1;
	}
	total = db_rows(r) ? db_ll(r, 0, BV_TOTAL) : 0;
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(list, bets_row_json(r, i));
	return site_json(req, 200, json_pack("{s:o, s:I, s:I, s:b, s:s}", "bets", list,
	    "page", (json_int_t)page, "total", (json_int_t)total,
	    "has_more", page * API_PER_PAGE < total, "currency", req->tenant->currency));
}

int
bets_api_get(struct http_req *req)
{
	const char *id = http_param(req, "bet_id");
	PGresult *r;

	if (!util_uuid_valid(id))
		return site_error(req, 404, "No such bet.");
	if ((r = bets_get(req->a, req->user->id, id, 0)) == NULL)
		return -1;
	if (db_rows(r) == 0)
		return site_error(req, 404, "No such bet.");
	return site_json(req, 200, json_pack("{s:o}", "bet", bets_row_json(r, 0)));
}
