/* JSON reads of the catalogue: GET /social/events and /social/events/{id}. */
#include "catalog_web.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../web/web.h"

#define LIST_DEFAULT 50

static const char *const status_choices[] = { "upcoming", "live", "finished", "cancelled", NULL };

static const char *
check_sport(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return "is not a sport key (such as football)";
	return NULL;
}

static const char *
check_when(const char *v)
{
	return catalog_time_valid(v, 1)
	    ? NULL
	    : "must be a date (2026-05-01) or an RFC 3339 time (2026-05-01T19:45:00Z)";
}

/* from/to take a plain date too, so they stay text (check_when), not FT_TIME */
const struct http_field catalog_list_fields[] = {
	[CAT_L_SPORT] = { "sport", FT_STRING, 0, 2, 30, NULL, check_sport, "Sport" },
	[CAT_L_COMPETITION] = { "competition", FT_INT, 0, 1, INT64_MAX, NULL, NULL, "Competition" },
	[CAT_L_STATUS] = { "status", FT_ENUM, 0, 0, 0, status_choices, NULL, "Status" },
	[CAT_L_FROM] = { "from", FT_STRING, 0, 0, 40, NULL, check_when, "From" },
	[CAT_L_TO] = { "to", FT_STRING, 0, 0, 40, NULL, check_when, "To" },
	[CAT_L_PAGE] = { "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	[CAT_L_LIMIT] = { "limit", FT_INT, 0, 1, 100, NULL, NULL, "Limit" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* A plain date is midnight UTC of that day. */
static const char *
when(struct http_req *req, const struct http_value *v)
{
	if (!v->present || *v->str == '\0')
		return NULL;
	return strlen(v->str) == 10 ? arena_printf(req->a, "%sT00:00:00Z", v->str) : v->str;
}

json_t *
catalog_odds_json(const PGresult *r, int row, int col)
{
	const char *v = db_val(r, row, col);

	return v ? json_real((double)db_ll(r, row, col) / 1000.0) : json_null();
}

static json_t *
int_or_null(const PGresult *r, int row, int col)
{
	return db_val(r, row, col) ? json_integer(db_ll(r, row, col)) : json_null();
}

static json_t *
history_json(const PGresult *ph, const char *selection_id)
{
	json_t *list = json_array();

	for (int i = 0; i < db_rows(ph); i++)
		if (strcmp(db_val(ph, i, PH_SEL), selection_id) == 0)
			json_array_append_new(list,
			    json_pack("{s:s, s:s, s:o, s:s}", "bookmaker", db_val(ph, i, PH_BOOK),
			        "phase", db_val(ph, i, PH_PHASE), "odds",
			        catalog_odds_json(ph, i, PH_ODDS), "recorded_at",
			        db_val(ph, i, PH_AT)));
	return list;
}

static json_t *
markets_json(const char *event_id, const PGresult *mk, const PGresult *ph)
{
	json_t *markets = json_array(), *m = NULL, *sels = NULL;
	const char *cur = NULL;

	for (int i = 0; i < db_rows(mk); i++) {
		json_t *s;

		if (strcmp(db_val(mk, i, MK_EVENT), event_id) != 0)
			continue;
		if (cur == NULL || strcmp(cur, db_val(mk, i, MK_ID)) != 0) {
			const char *kind = db_val(mk, i, MK_KIND);

			cur = db_val(mk, i, MK_ID);
			sels = json_array();
			m = json_pack("{s:I, s:s, s:o, s:s, s:o}", "market_id",
			    (json_int_t)db_ll(mk, i, MK_ID), "kind", kind, "line",
			    catalog_kind_has_line(kind)
			        ? json_real((double)db_ll(mk, i, MK_LINE) / 100.0)
			        : json_null(),
			    "status", db_val(mk, i, MK_STATUS), "selections", sels);
			json_array_append_new(markets, m);
		}
		if (db_val(mk, i, MK_SEL) == NULL)
			continue;
		s = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o}", "selection_id",
		    (json_int_t)db_ll(mk, i, MK_SEL), "outcome", db_val(mk, i, MK_OUTCOME), "odds",
		    catalog_odds_json(mk, i, MK_ODDS), "opening_odds",
		    catalog_odds_json(mk, i, MK_OPENING), "closing_odds",
		    catalog_odds_json(mk, i, MK_CLOSING), "fair_closing_odds",
		    catalog_odds_json(mk, i, MK_FAIR));
		if (ph != NULL)
			json_object_set_new(
			    s, "price_history", history_json(ph, db_val(mk, i, MK_SEL)));
		json_array_append_new(sels, s);
	}
	return markets;
}

json_t *
catalog_event_json(const PGresult *ev, int row, const PGresult *mk, const PGresult *ph)
{
	const char *id = db_val(ev, row, EV_ID);

	return json_pack("{s:s, s:s, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:b, "
	                 "s:o}",
	    "event_id", id, "sport", db_val(ev, row, EV_SPORT), "competition", "id",
	    (json_int_t)db_ll(ev, row, EV_COMP_ID), "name", db_val(ev, row, EV_COMP_NAME),
	    "country", db_val(ev, row, EV_COUNTRY), "home_team", db_val(ev, row, EV_HOME),
	    "away_team", db_val(ev, row, EV_AWAY), "starts_at", db_val(ev, row, EV_STARTS_AT),
	    "status", db_val(ev, row, EV_STATUS), "home_score", int_or_null(ev, row, EV_HOME_SCORE),
	    "away_score", int_or_null(ev, row, EV_AWAY_SCORE), "result_version",
	    (json_int_t)db_ll(ev, row, EV_RESULT_VERSION), "betting_open",
	    strcmp(db_val(ev, row, EV_OPEN), "t") == 0, "markets", markets_json(id, mk, ph));
}

int
catalog_api_events(struct http_req *req)
{
	const struct http_value *v = http_vals(req, catalog_list_fields);
	const struct http_value *sport = &v[CAT_L_SPORT], *st = &v[CAT_L_STATUS];
	const struct http_value *pg = &v[CAT_L_PAGE], *lim = &v[CAT_L_LIMIT];
	struct catalog_filter f;
	PGresult *ev, *mk = NULL;
	json_t *list;
	int n;

	memset(&f, 0, sizeof(f));
	f.sport = sport->present && *sport->str ? sport->str : NULL;
	f.competition = v[CAT_L_COMPETITION].present ? v[CAT_L_COMPETITION].num : 0;
	f.status = st->present ? st->str : "upcoming";
	f.from = when(req, &v[CAT_L_FROM]);
	f.to = when(req, &v[CAT_L_TO]);
	f.page = pg->present ? pg->num : 1;
	f.limit = lim->present ? (int)lim->num : LIST_DEFAULT;
	if ((ev = catalog_q_events(req->a, &f)) == NULL)
		return -1;
	n = db_rows(ev) > f.limit ? f.limit : db_rows(ev);
	if (n > 0 && (mk = catalog_q_markets(req->a, ev, n, 0)) == NULL)
		return -1;
	list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, catalog_event_json(ev, i, mk, NULL));
	return web_json(req, 200,
	    json_pack("{s:o, s:I, s:I, s:b}", "events", list, "page", (json_int_t)f.page, "limit",
	        (json_int_t)f.limit, "has_more", db_rows(ev) > f.limit));
}

int
catalog_api_event(struct http_req *req)
{
	const char *id = http_param(req, "event_id");
	PGresult *ev, *mk, *ph;

	if (web_or_404(req, ev = catalog_q_event(req->a, id), "No such event.") != 0)
		return -1;
	if ((mk = catalog_q_markets(req->a, ev, 1, 0)) == NULL ||
	    (ph = catalog_q_history(req->a, id)) == NULL)
		return -1;
	return web_json(req, 200, json_pack("{s:o}", "event", catalog_event_json(ev, 0, mk, ph)));
}
