/* JSON: POST /social/bets, GET /social/bets, GET /social/bets/{bet_id}. */
#include "bets_int.h"

#include <string.h>

#include "../db/db.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define API_PER_PAGE 50

static int
refusal(struct http_req *req, int status, const char *code, const char *message, json_t *extra)
{
	/* nothing written survives */
	return web_refuse_extra(req,
	    (struct tg_err){
	        .code = tg_code_of_status(status), .reason = code, .message = message },
	    extra);
}

static int
answer_bet(struct http_req *req, int status, const char *bet_id, int duplicate)
{
	PGresult *r = bets_get(req->a, req->user->id, bet_id, 1);

	if (r == NULL || db_rows(r) == 0)
		return -1;
	return web_json(req, status,
	    json_pack("{s:o, s:b, s:{s:I, s:I, s:s}}", "bet", bets_row_json(r, 0), "duplicate",
	        duplicate, "wallet", "cash", (json_int_t)db_ll(r, 0, BV_TOTAL + 1), "in_play",
	        (json_int_t)db_ll(r, 0, BV_TOTAL + 2), "currency", req->tenant->currency));
}

int
bets_api_place(struct http_req *req)
{
	const struct tenancy_tenant *t = req->tenant;
	struct bets_place_args in;
	struct bets_place_out out;
	int rc;

	bets_place_args_read(http_vals(req, bets_place_fields), BETS_SRC_API, &in);
	rc = bets_place_as(req->a, bets_req_actor(req), &in, &out);
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
		    json_pack("{s:I, s:I}", "min_stake", (json_int_t)t->min_stake, "max_stake",
		        (json_int_t)t->max_stake));
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
	const struct http_value *v = http_vals(req, bets_list_fields);
	const struct http_value *st = &v[BETS_L_STATUS], *pv = &v[BETS_L_PAGE];
	long long page = pv->present ? pv->num : 1, total;
	json_t *list = json_array();
	PGresult *r;

	r = bets_list(req->a, req->user->id, st->present ? st->str : "all", v[BETS_L_SPORT].str,
	    page, API_PER_PAGE);
	if (r == NULL) {
		json_decref(list);
		return -1;
	}
	total = db_rows(r) ? db_ll(r, 0, BV_TOTAL) : 0;
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(list, bets_row_json(r, i));
	return web_json(req, 200,
	    json_pack("{s:o, s:I, s:I, s:b, s:s}", "bets", list, "page", (json_int_t)page, "total",
	        (json_int_t)total, "has_more", page * API_PER_PAGE < total, "currency",
	        req->tenant->currency));
}

int
bets_api_get(struct http_req *req)
{
	const char *id = http_param(req, "bet_id");
	PGresult *r;

	if ((r = bets_get(req->a, req->user->id, id, 0)) == NULL)
		return -1;
	if (db_rows(r) == 0)
		return web_error(req, 404, "No such bet.");
	return web_json(req, 200, json_pack("{s:o}", "bet", bets_row_json(r, 0)));
}
