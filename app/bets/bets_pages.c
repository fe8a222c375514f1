/* The bet slip and "My bets" pages. */
#include "bets_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define PER_PAGE 25

static const char *const list_filters[] = { "open", "settled", "all", "won", "lost", "push", "void",
	"half_won", "half_lost", NULL };

enum { SLIP_VIEW_F_SELECTION };
const struct http_field bets_slip_view_fields[] = {
	{ "selection_id", FT_INT, FF_REQUIRED, 1, INT64_MAX, NULL, NULL, "Selection" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct http_field bets_list_fields[] = {
	[BETS_L_STATUS] = { "status", FT_ENUM, 0, 0, 0, list_filters, NULL, "Status" },
	[BETS_L_SPORT] = { "sport", FT_STRING, 0, 0, 30, NULL, NULL, "Sport" },
	[BETS_L_PAGE] = { "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	[BETS_L_PLACED] = { "placed", FT_STRING, 0, 0, 36, NULL, NULL, "Placed" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* The selection as the slip shows it; NULL result when unknown. */
static PGresult *
slip_selection(struct http_req *req, long long selection_id)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT s.id, s.odds, s.outcome, m.kind, m.line, m.status, e.id, ht.name, at.name, "
	    "to_char(e.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), e.status, "
	    "e.starts_at > now(), c.name "
	    "FROM selections s JOIN markets m ON m.id = s.market_id JOIN events e ON e.id = m.event_id "
	    "JOIN teams ht ON ht.id = e.home_team_id JOIN teams at ON at.id = e.away_team_id "
	    "JOIN competitions c ON c.id = e.competition_id WHERE s.id = $1::bigint",
	    1);
	char id[24];

	snprintf(id, sizeof(id), "%lld", selection_id);
	return db_query(req->a, &q, DB_P(id));
}

/* Renders the slip for a selection; message/new_odds explain a refusal. */
static int
slip_render(
    struct http_req *req, long long selection_id, int status, const char *message, int32_t new_odds)
{
	const struct tenancy_tenant *t = req->tenant;
	render_dict *d;
	PGresult *r;
	int32_t odds;
	int open;

	if ((r = slip_selection(req, selection_id)) == NULL)
		return -1;
	if (db_rows(r) == 0)
		return web_error(req, 404, "No such selection.");
	d = web_page(req, "bets/slip.tpl", "Bet slip");
	web_form_state(req, d);
	render_set(d, "SELECTION_ID", db_val(r, 0, 0));
	render_set(d, "EVENT_ID", db_val(r, 0, 6));
	render_setf(d, "EVENT", "%s v %s", db_val(r, 0, 7), db_val(r, 0, 8));
	render_set(d, "COMPETITION", db_val(r, 0, 12));
	render_set(d, "STARTS_AT", db_val(r, 0, 9));
	render_set(d, "SELECTION",
	    bets_selection_label(req->a, db_val(r, 0, 3), (int)db_ll(r, 0, 4), db_val(r, 0, 2),
	        db_val(r, 0, 7), db_val(r, 0, 8)));
	render_set(d, "MIN_STAKE", money_str(req->a, t->min_stake));
	render_set(d, "MAX_STAKE", money_str(req->a, t->max_stake));
	render_set(d, "KEY", util_random_hex(req->a, 16));
	if (strcmp(t->money_mode, "play") == 0)
		render_show(d, "PLAY_MONEY");
	else
		render_show(d, "REAL_MONEY");
	odds = db_val(r, 0, 1) ? (int32_t)db_ll(r, 0, 1) : 0;
	open = odds > 0 && strcmp(db_val(r, 0, 5), "open") == 0 &&
	    strcmp(db_val(r, 0, 10), "scheduled") == 0 && strcmp(db_val(r, 0, 11), "t") == 0;
	if (message != NULL) {
		render_dict *m = render_section(d, "PROBLEM");

		render_set(m, "MESSAGE", message);
		if (new_odds > 0) /* "Ask me again": the price now, to place again */
			render_set(
			    render_section(m, "NEW_PRICE"), "ODDS", odds_str(req->a, new_odds));
	}
	if (open) {
		render_dict *f = render_section(d, "OPEN");

		static const char *const accept[] = { [BETS_ACCEPT_NONE] = "ACCEPT_NONE",
			[BETS_ACCEPT_BETTER] = "ACCEPT_BETTER",
			[BETS_ACCEPT_ANY] = "ACCEPT_ANY" };
		/* the price-change choice as sent (a refused slip), else "Ask me again" */
		int acc = req->route != NULL && req->route->fields == bets_slip_fields
		    ? http_vals(req, bets_slip_fields)[BETS_F_ACCEPT].idx
		    : -1;

		render_set(f, "ODDS", odds_str(req->a, odds));
		render_set(f, "ODDS_INPUT", odds_str(req->a, odds));
		render_show(
		    f, accept[acc >= 0 && acc < (int)TG_NELEM(accept) ? acc : BETS_ACCEPT_NONE]);
	} else
		render_set(render_section(d, "CLOSED"), "WHY",
		    odds == 0 ? "This selection has no price at the moment."
		        : strcmp(db_val(r, 0, 11), "t") != 0 ||
		            strcmp(db_val(r, 0, 10), "scheduled") != 0
		        ? "The event has started: betting on it is closed."
		        : "This market is suspended or closed.");
	return web_page_done(req, status);
}

int
bets_slip_page(struct http_req *req)
{
	return slip_render(
	    req, http_vals(req, bets_slip_view_fields)[SLIP_VIEW_F_SELECTION].num, 200, NULL, 0);
}

/* Re-renders the slip after invalid input (the route's on_invalid). */
int
bets_slip_invalid(struct http_req *req)
{
	const struct http_value *sel = &http_vals(req, bets_slip_fields)[BETS_F_SELECTION];

	if (!sel->present || sel->num < 1)
		return web_error(req, 422, "The bet slip names no selection.");
	return slip_render(req, sel->num, 422, "Please check the highlighted fields.", 0);
}

int
bets_slip_place(struct http_req *req)
{
	struct auth_actor me;
	struct bets_place_args in;
	struct bets_place_out out;
	struct tg_err e;
	int rc;

	bets_place_args_read(http_vals(req, bets_slip_fields), BETS_SRC_WEB, &in);
	rc = bets_place_as(req->a, auth_actor_from_req(req, &me), &in, &out);
	if (rc == BETS_PLACED || rc == BETS_DUPLICATE) {
		http_redirect(
		    req, 303, arena_printf(req->a, "/bets?status=open&placed=%s", out.bet_id));
		return 0;
	}
	if ((e = bets_place_err(rc)).code == TG_INTERNAL)
		return -1;
	if (out.aborted)
		return web_error(req, 409, tg_message(&e));
	if (rc == BETS_ERR_LIMITS)
		http_field_error(req, "stake",
		    arena_printf(req->a, "must be between %s and %s",
		        money_str(req->a, req->tenant->min_stake),
		        money_str(req->a, req->tenant->max_stake)));
	if (rc == BETS_ERR_FUNDS)
		http_field_error(req, "stake", "is more than your available cash");
	slip_render(req, in.selection_id, tg_status(e.code), tg_message(&e), out.new_odds);
	return -1;
}

int
bets_my_bets_page(struct http_req *req)
{
	const struct http_value *v = http_vals(req, bets_list_fields);
	const struct http_value *st = &v[BETS_L_STATUS], *sp = &v[BETS_L_SPORT];
	const struct http_value *pv = &v[BETS_L_PAGE], *placed = &v[BETS_L_PLACED];
	const char *filter = st->present ? st->str : "open";
	long long page = pv->present ? pv->num : 1, total;
	render_dict *d;
	PGresult *r;

	if ((r = bets_list(req->a, req->user->id, filter, sp->str, page, PER_PAGE)) == NULL)
		return -1;
	total = db_rows(r) ? db_ll(r, 0, BV_TOTAL) : 0;
	d = web_page(req, "bets/list.tpl", "My bets");
	for (size_t i = 0; list_filters[i] != NULL && i < 3; i++) {
		render_dict *f = render_section(d, "FILTERS");

		render_set(f, "KEY", list_filters[i]);
		render_set(f, "LABEL", i == 0 ? "Open" : i == 1 ? "Settled" : "All");
		if (strcmp(filter, list_filters[i]) == 0)
			render_show(f, "CURRENT");
	}
	render_set(d, "FILTER", filter);
	if (placed->present && util_uuid_valid(placed->str))
		render_show(d, "PLACED");
	for (int i = 0; i < db_rows(r); i++)
		bets_row_dict(req->a, render_section(d, "BETS"), r, i);
	if (db_rows(r) == 0)
		render_show(d, "NO_BETS");
	if (page > 1)
		render_set(render_section(d, "PREV"), "HREF",
		    arena_printf(req->a, "/bets?status=%s&page=%lld", filter, page - 1));
	if (page * PER_PAGE < total)
		render_set(render_section(d, "NEXT"), "HREF",
		    arena_printf(req->a, "/bets?status=%s&page=%lld", filter, page + 1));
	return web_page_done(req, 200);
}
