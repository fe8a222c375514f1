/* The bet slip and "My bets" pages. */
#include "bets_int.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../db/db.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define PER_PAGE 25

static const char *const accept_choices[] = { "none", "better", "any", NULL };
static const char *const list_filters[] = { "open", "settled", "all", "won", "lost", "push",
	"void", "half_won", "half_lost", NULL };

/* Tolerance for "any change": 5 % of the price seen. */
#define ANY_TOLERANCE_BPS 500

static const char *
check_percent(const char *v)
{
	int64_t bps;

	return money_fixed_parse(v, 2, 10000, &bps) == 0 && bps >= 1 && bps <= 9999 ? NULL
	    : "must be a percentage between 0.01 and 99.99";
}

static const char *
check_key(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == ':' || *p == '.'))
			return "may hold only letters, digits and - _ : .";
	return NULL;
}

/* The bet slip form: money as the member types it. */
const struct http_field bets_slip_fields[] = {
	{ "selection_id", FT_INT, FF_REQUIRED, 1, INT64_MAX, NULL, NULL, "Selection" },
	{ "odds", FT_INT, FF_REQUIRED, ODDS_MIN, ODDS_MAX, NULL, NULL, "Odds" },
	{ "stake", FT_STRING, FF_REQUIRED, 1, 20, NULL, http_check_money, "Stake" },
	{ "accept_odds_change", FT_ENUM, 0, 0, 0, accept_choices, NULL, "Price changes" },
	{ "notes", FT_TEXT, 0, 0, 1000, NULL, NULL, "Notes" },
	{ "confidence", FT_INT, 0, 1, 10, NULL, NULL, "Confidence" },
	{ "win_probability", FT_STRING, 0, 1, 6, NULL, check_percent, "Your win probability" },
	{ "idempotency_key", FT_STRING, FF_REQUIRED, 16, 100, NULL, check_key, "Slip key" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct http_field bets_slip_view_fields[] = {
	{ "selection_id", FT_INT, FF_REQUIRED, 1, INT64_MAX, NULL, NULL, "Selection" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct http_field bets_list_fields[] = {
	{ "status", FT_ENUM, 0, 0, 0, list_filters, NULL, "Status" },
	{ "sport", FT_STRING, 0, 0, 30, NULL, NULL, "Sport" },
	{ "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	{ "placed", FT_STRING, 0, 0, 36, NULL, NULL, "Placed" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

enum bets_accept
bets_accept_parse(const char *v)
{
	return strcmp(v, "better") == 0 ? BETS_ACCEPT_BETTER
	    : strcmp(v, "any") == 0 ? BETS_ACCEPT_ANY : BETS_ACCEPT_NONE;
}

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
	    "JOIN competitions c ON c.id = e.competition_id WHERE s.id = $1::bigint", 1);
	char id[24];

	snprintf(id, sizeof(id), "%lld", selection_id);
	return db_query(req->a, &q, DB_P(id));
}

const char *
bets_slip_key(struct arena *a)
{
	unsigned char raw[16];
	char *hex = arena_alloc(a, sizeof(raw) * 2 + 1);

	randombytes_buf(raw, sizeof(raw));
	util_hex(raw, sizeof(raw), hex);
	return hex;
}

/* Renders the slip for a selection; message/new_odds explain a refusal. */
static int
slip_render(struct http_req *req, long long selection_id, int status, const char *message,
    int32_t new_odds)
{
	const struct tenancy_tenant *t = req->tenant;
	render_dict *d;
	PGresult *r;
	int32_t odds;
	int open;

	if ((r = slip_selection(req, selection_id)) == NULL)
		return -1;
	if (db_rows(r) == 0)
		return site_error(req, 404, "No such selection.");
	d = site_page(req, "bets/slip.tpl", "Bet slip");
	site_form_state(req, d);
	render_set(d, "SELECTION_ID", db_val(r, 0, 0));
	render_set(d, "EVENT_ID", db_val(r, 0, 6));
	render_setf(d, "EVENT", "%s v %s", db_val(r, 0, 7), db_val(r, 0, 8));
	render_set(d, "COMPETITION", db_val(r, 0, 12));
	render_set(d, "STARTS_AT", db_val(r, 0, 9));
	render_set(d, "SELECTION", bets_selection_label(req->a, db_val(r, 0, 3),
	    (int)db_ll(r, 0, 4), db_val(r, 0, 2), db_val(r, 0, 7), db_val(r, 0, 8)));
	render_set(d, "MIN_STAKE", money_str(req->a, t->min_stake));
	render_set(d, "MAX_STAKE", money_str(req->a, t->max_stake));
	render_set(d, "KEY", bets_slip_key(req->a));
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
		if (new_odds > 0)
			render_set(m, "NEW_ODDS", odds_str(req->a, new_odds));
	}
	if (open) {
		render_dict *f = render_section(d, "OPEN");

		render_set(f, "ODDS", odds_str(req->a, odds));
		render_set_int(f, "ODDS_RAW", odds);
	} else
		render_set(render_section(d, "CLOSED"), "WHY",
		    odds == 0 ? "This selection has no price at the moment."
		    : strcmp(db_val(r, 0, 11), "t") != 0 || strcmp(db_val(r, 0, 10), "scheduled") != 0
			? "The event has started: betting on it is closed."
			: "This market is suspended or closed.");
	return site_page_done(req, status);
}

int
bets_slip_page(struct http_req *req)
{
	return slip_render(req, http_val(req, "selection_id")->num, 200, NULL, 0);
}

/* Re-renders the slip after invalid input (the route's on_invalid). */
int
bets_slip_invalid(struct http_req *req)
{
	const char *sel = http_kvs_get(&req->form, "selection_id");
	long long id;

	if (sel == NULL || util_parse_ll(sel, &id) != 0 || id < 1)
		return site_error(req, 422, "The bet slip names no selection.");
	return slip_render(req, id, 422, "Please check the highlighted fields.", 0);
}

int
bets_slip_place(struct http_req *req)
{
	struct bets_place_req q;
	struct bets_place_out out;
	const struct http_value *wp = http_val(req, "win_probability");
	const struct http_value *acc = http_val(req, "accept_odds_change");
	int64_t v;
	int rc;

	memset(&q, 0, sizeof(q));
	q.user_id = req->user->id;
	q.selection_id = http_val(req, "selection_id")->num;
	q.odds = (int32_t)http_val(req, "odds")->num;
	money_parse(http_val(req, "stake")->str, &q.stake);
	q.accept = acc->present ? bets_accept_parse(acc->str) : BETS_ACCEPT_NONE;
	q.tolerance_bps = ANY_TOLERANCE_BPS;
	q.notes = http_val(req, "notes")->str;
	q.confidence = http_val(req, "confidence")->present ? (int)http_val(req, "confidence")->num : 0;
	if (wp->present && money_fixed_parse(wp->str, 2, 10000, &v) == 0)
		q.win_probability_bps = (int)v;
	/* The key is per rendered slip and per member: a double click is one bet. */
	q.idempotency_key = arena_printf(req->a, "slip:%s", http_val(req, "idempotency_key")->str);
	q.source = "web";
	rc = bets_place(req->a, req->tenant, &q, &out);
	if (rc == BETS_PLACED || rc == BETS_DUPLICATE) {
		http_redirect(req, 303, arena_printf(req->a, "/bets?status=open&placed=%s", out.bet_id));
		return 0;
	}
	if (rc == DB_ERR || rc == DB_DOWN)
		return -1;
	if (out.aborted)
		return site_error(req, 409, bets_place_message(rc));
	if (rc == BETS_ERR_LIMITS)
		http_field_error(req, "stake", arena_printf(req->a, "must be between %s and %s",
		    money_str(req->a, req->tenant->min_stake), money_str(req->a, req->tenant->max_stake)));
	if (rc == BETS_ERR_FUNDS)
		http_field_error(req, "stake", "is more than your available cash");
	slip_render(req, q.selection_id, rc == BETS_ERR_PRICE ? 409 : 422, bets_place_message(rc),
	    out.new_odds);
	return -1;
}

int
bets_my_bets_page(struct http_req *req)
{
	const struct http_value *st = http_val(req, "status"), *sp = http_val(req, "sport");
	const struct http_value *pv = http_val(req, "page"), *placed = http_val(req, "placed");
	const char *filter = st->present ? st->str : "open";
	long long page = pv->present ? pv->num : 1, total;
	render_dict *d;
	PGresult *r;

	if ((r = bets_list(req->a, req->user->id, filter, sp->str, page, PER_PAGE)) == NULL)
		return -1;
	total = db_rows(r) ? db_ll(r, 0, BV_TOTAL) : 0;
	d = site_page(req, "bets/list.tpl", "My bets");
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
	return site_page_done(req, 200);
}
