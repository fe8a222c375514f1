/* JSON: POST /social/bets, GET /social/bets, GET /social/bets/{bet_id}. */
#include "bets_int.h"

#include <string.h>

#include "../db/db.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define API_PER_PAGE 50

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
	struct auth_actor me;
	struct bets_place_args in;
	struct bets_place_out out;
	struct tg_err e;
	json_t *extra = NULL;
	int rc;

	bets_place_args_read(http_vals(req, bets_place_fields), BETS_SRC_API, &in);
	rc = bets_place_as(req->a, auth_actor_from_req(req, &me), &in, &out);
	if (rc == BETS_PLACED || rc == BETS_DUPLICATE)
		return answer_bet(
		    req, rc == BETS_PLACED ? 201 : 200, out.bet_id, rc == BETS_DUPLICATE);
	if ((e = bets_place_err(rc)).code == TG_INTERNAL)
		return -1;
	/* what the client needs to try again; nothing written survives */
	if (rc == BETS_ERR_LIMITS)
		extra = json_pack("{s:I, s:I}", "min_stake", (json_int_t)t->min_stake, "max_stake",
		    (json_int_t)t->max_stake);
	else if (rc == BETS_ERR_PRICE)
		extra = json_pack("{s:f}", "current_odds", out.new_odds / 1000.0);
	else if (rc == BETS_ERR_FUNDS && !out.aborted)
		extra = json_pack("{s:I}", "cash", (json_int_t)out.cash);
	return web_refuse_extra(req, e, extra);
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
