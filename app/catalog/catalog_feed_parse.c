/*
 * The operator feed's input (docs/operator-api.md): the field tables of
 * POST /admin/api/events, /admin/api/odds and /admin/api/results, nested
 * ones included (competition, markets with their selections, updates), so
 * http_validate checks every shape and type before the handler and names
 * each problem by its path ("markets[1].selections[0].odds").
 *
 * What a table cannot say, the rules across fields (a market's outcomes for
 * its kind, a line for the kinds that have one, exactly one target of an
 * update), is checked here on the typed values, with the same paths. Pure
 * (no database); catalog_feed.c does the rest. tests/fuzz/fuzz_feed.c
 * fuzzes it.
 */
#include "catalog_web.h"

#include <stdint.h>
#include <string.h>

const char *const catalog_feed_market_statuses[] = { "open", "suspended", NULL };
static const char *const kinds[] = { "1x2", "moneyline", "handicap", "total", NULL };
static const char *const all_outcomes[] = { "home", "draw", "away", "over", "under", NULL };
static const char *const result_statuses[] = { "finished", "cancelled", NULL };

static const char *
check_time(const char *v)
{
	return catalog_time_valid(v, 0)
	    ? NULL
	    : "must be an RFC 3339 time with a zone, such as 2026-05-01T19:45:00Z";
}

/* A market's line ("-0.25", JSON -0.25): quarter steps. */
static const char *
check_line(const char *v)
{
	int32_t line;

	return odds_line_parse(v, &line) == 0
	    ? NULL
	    : "must be a line in quarter steps, such as -0.25 or 2.5";
}

/* The line of a value check_line accepted; 0 when absent. */
static int32_t
line_of(const struct http_value *v)
{
	int32_t line = 0;

	if (v->present && odds_line_parse(v->str, &line) != 0)
		line = 0;
	return line;
}

#define END                                        \
	{                                          \
		NULL, 0, 0, 0, 0, NULL, NULL, NULL \
	}

static const struct http_field competition_fields[] = {
	[FEED_C_CODE] = { "code", FT_STRING, FF_REQUIRED, 1, 40, NULL, NULL, "Code" },
	[FEED_C_NAME] = { "name", FT_STRING, FF_REQUIRED, 1, 100, NULL, NULL, "Name" },
	[FEED_C_COUNTRY] = { "country", FT_STRING, 0, 0, 60, NULL, NULL, "Country" },
	END,
};
HTTP_FIELDS_CHECK(competition_fields, FEED_C_COUNT);

static const struct http_field selection_fields[] = {
	[FEED_S_OUTCOME] = { "outcome", FT_ENUM, FF_REQUIRED, 0, 0, all_outcomes, NULL, "Outcome" },
	[FEED_S_ODDS] = { "odds", FT_ODDS, FF_REQUIRED, 0, 0, NULL, NULL, "Odds" },
	END,
};
HTTP_FIELDS_CHECK(selection_fields, FEED_S_COUNT);

static const struct http_field market_fields[] = {
	[FEED_M_KIND] = { "kind", FT_ENUM, FF_REQUIRED, 0, 0, kinds, NULL, "Kind" },
	[FEED_M_LINE] = { "line", FT_STRING, FF_DECIMAL, 0, 20, NULL, check_line, "Line" },
	/* at most the outcomes of any kind; the exact count is the kind's */
	[FEED_M_SELECTIONS] = { "selections", FT_ARRAY, FF_REQUIRED, 0, 3, selection_fields, NULL,
	    "Selections" },
	END,
};
HTTP_FIELDS_CHECK(market_fields, FEED_M_COUNT);

const struct http_field catalog_feed_event_fields[] = {
	[FEED_E_EXTERNAL] = { "external_id", FT_STRING, FF_REQUIRED, 1, 200, NULL, NULL,
	    "External id" },
	[FEED_E_SPORT] = { "sport", FT_STRING, FF_REQUIRED, 2, 30, NULL, NULL, "Sport" },
	[FEED_E_COMPETITION] = { "competition", FT_OBJECT, FF_REQUIRED, 0, 0, competition_fields,
	    NULL, "Competition" },
	[FEED_E_HOME] = { "home_team", FT_STRING, FF_REQUIRED, 1, 100, NULL, NULL, "Home team" },
	[FEED_E_AWAY] = { "away_team", FT_STRING, FF_REQUIRED, 1, 100, NULL, NULL, "Away team" },
	[FEED_E_STARTS] = { "starts_at", FT_STRING, FF_REQUIRED, 1, 40, NULL, check_time,
	    "Start time" },
	[FEED_E_MARKETS] = { "markets", FT_ARRAY, 0, 0, FEED_MARKETS_MAX, market_fields, NULL,
	    "Markets" },
	END,
};
HTTP_FIELDS_CHECK(catalog_feed_event_fields, FEED_E_COUNT);

static const struct http_field update_fields[] = {
	[FEED_U_SELECTION] = { "selection_id", FT_INT, 0, 1, INT64_MAX, NULL, NULL,
	    "Selection id" },
	[FEED_U_MARKET] = { "market_id", FT_INT, 0, 1, INT64_MAX, NULL, NULL, "Market id" },
	[FEED_U_EVENT] = { "event_id", FT_UUID, 0, 0, 0, NULL, NULL, "Event id" },
	[FEED_U_EXTERNAL] = { "external_id", FT_STRING, 0, 0, 200, NULL, NULL, "External id" },
	[FEED_U_KIND] = { "kind", FT_ENUM, 0, 0, 0, kinds, NULL, "Kind" },
	[FEED_U_LINE] = { "line", FT_STRING, FF_DECIMAL, 0, 20, NULL, check_line, "Line" },
	[FEED_U_OUTCOME] = { "outcome", FT_ENUM, 0, 0, 0, all_outcomes, NULL, "Outcome" },
	[FEED_U_ODDS] = { "odds", FT_ODDS, 0, 0, 0, NULL, NULL, "Odds" },
	[FEED_U_STATUS] = { "status", FT_ENUM, 0, 0, 0, catalog_feed_market_statuses, NULL,
	    "Status" },
	END,
};
HTTP_FIELDS_CHECK(update_fields, FEED_U_COUNT);

const struct http_field catalog_feed_odds_fields[] = {
	[FEED_O_UPDATES] = { "updates", FT_ARRAY, FF_REQUIRED, 1, FEED_UPDATES_MAX, update_fields,
	    NULL, "Updates" },
	END,
};
HTTP_FIELDS_CHECK(catalog_feed_odds_fields, FEED_O_COUNT);

const struct http_field catalog_feed_result_fields[] = {
	[FEED_R_EVENT] = { "event_id", FT_STRING, 0, 0, 40, NULL, http_check_uuid, "Event id" },
	[FEED_R_EXTERNAL] = { "external_id", FT_STRING, 0, 1, 200, NULL, NULL, "External id" },
	[FEED_R_HOME] = { "home_score", FT_INT, 0, 0, 999, NULL, NULL, "Home score" },
	[FEED_R_AWAY] = { "away_score", FT_INT, 0, 0, 999, NULL, NULL, "Away score" },
	[FEED_R_STATUS] = { "status", FT_ENUM, 0, 0, 0, result_statuses, NULL, "Status" },
	END,
};
HTTP_FIELDS_CHECK(catalog_feed_result_fields, FEED_R_COUNT);

static void
field_err(struct http_req *req, const char *path, const char *msg)
{
	http_field_error(req, arena_strdup(req->a, path), msg);
}

static int
in_list(const char *const *list, const char *v)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(*list, v) == 0)
			return 1;
	return 0;
}

void
catalog_feed_field_err(struct http_req *req, const char *path, const char *msg)
{
	field_err(req, path, msg);
}

int
catalog_feed_in_list(const char *const *list, const char *v)
{
	return in_list(list, v);
}

/* The text of an optional value; NULL when absent or empty. */
static const char *
opt(const struct http_value *v)
{
	return v->present && v->str[0] ? v->str : NULL;
}

/* The line of a market or an update by event: required for the kinds that
 * have one, null or 0 for the others. */
static void
market_line(struct http_req *req, const char *p, const char *kind, const struct http_value *lv,
    int32_t *out)
{
	*out = line_of(lv);
	if (catalog_kind_has_line(kind)) {
		if (!lv->present)
			field_err(
			    req, arena_printf(req->a, "%s.line", p), "is required for this kind");
	} else if (*out != 0)
		field_err(
		    req, arena_printf(req->a, "%s.line", p), "must be null or 0 for this kind");
}

/* Every outcome of the market's kind priced once. */
static void
market_selections(
    struct http_req *req, const char *p, const struct http_value *sv, struct feed_market *m)
{
	const char *const *want = catalog_outcomes(m->kind);
	int nwant = catalog_outcome_count(m->kind);

	if (sv->nitems != (size_t)nwant) {
		field_err(req, arena_printf(req->a, "%s.selections", p),
		    arena_printf(req->a,
		        "must price every outcome of a %s market once "
		        "(%d selections)",
		        m->kind, nwant));
		return;
	}
	for (size_t k = 0; k < sv->nitems && k < 3; k++) {
		const struct http_value *s = http_item(sv, k);
		const char *outcome = s[FEED_S_OUTCOME].str,
		           *op = arena_printf(req->a, "%s.selections[%zu].outcome", p, k);

		if (!in_list(want, outcome))
			field_err(req, op,
			    arena_printf(req->a, "is not an outcome of a %s market", m->kind));
		for (int i = 0; i < m->nsel; i++)
			if (strcmp(m->outcome[i], outcome) == 0)
				field_err(req, op, "appears twice");
		m->outcome[k] = outcome;
		m->odds[k] = s[FEED_S_ODDS].odds;
		m->nsel = (int)k + 1;
	}
}

void
catalog_feed_parse_event(struct http_req *req, const struct http_value *v, struct feed_event *fe)
{
	const struct http_value *c = &v[FEED_E_COMPETITION], *ml = &v[FEED_E_MARKETS];

	memset(fe, 0, sizeof(*fe));
	if (c->present && c->sub != NULL) {
		fe->code = c->sub[FEED_C_CODE].str;
		fe->comp_name = c->sub[FEED_C_NAME].str;
		fe->country = c->sub[FEED_C_COUNTRY].str;
	}
	for (size_t i = 0; i < ml->nitems && fe->nmk < FEED_MARKETS_MAX; i++) {
		const struct http_value *mv = http_item(ml, i);
		const char *p = arena_printf(req->a, "markets[%zu]", i);
		struct feed_market *m = &fe->mk[fe->nmk];

		memset(m, 0, sizeof(*m));
		m->kind = mv[FEED_M_KIND].str;
		market_line(req, p, m->kind, &mv[FEED_M_LINE], &m->line);
		if (strcmp(m->kind, "total") == 0 && mv[FEED_M_LINE].present && m->line <= 0)
			field_err(
			    req, arena_printf(req->a, "%s.line", p), "must be above 0 for a total");
		for (int k = 0; k < fe->nmk; k++)
			if (strcmp(fe->mk[k].kind, m->kind) == 0 && fe->mk[k].line == m->line)
				field_err(req, p, "is the same market (kind and line) twice");
		market_selections(req, p, &mv[FEED_M_SELECTIONS], m);
		fe->nmk++;
	}
}

void
catalog_feed_parse_update(
    struct http_req *req, const char *p, const struct http_value *v, struct feed_update *u)
{
	int by_event;

	memset(u, 0, sizeof(*u));
	u->sel = v[FEED_U_SELECTION].present ? v[FEED_U_SELECTION].num : 0;
	u->mkt = v[FEED_U_MARKET].present ? v[FEED_U_MARKET].num : 0;
	u->event_id = opt(&v[FEED_U_EVENT]);
	u->ext = opt(&v[FEED_U_EXTERNAL]);
	u->kind = opt(&v[FEED_U_KIND]);
	u->outcome = opt(&v[FEED_U_OUTCOME]);
	u->status = opt(&v[FEED_U_STATUS]);
	u->odds = v[FEED_U_ODDS].present ? v[FEED_U_ODDS].odds : 0;
	if (u->odds == 0 && u->status == NULL)
		field_err(req, p, "needs odds, status or both");

	by_event = u->event_id != NULL || u->ext != NULL;
	if ((u->sel != 0) + (u->mkt != 0) + by_event != 1 ||
	    (u->event_id != NULL && u->ext != NULL)) {
		field_err(req, p,
		    "must name exactly one of selection_id, market_id, event_id or "
		    "external_id");
		return;
	}
	if (u->sel != 0 && (u->kind != NULL || u->outcome != NULL || v[FEED_U_LINE].present))
		field_err(
		    req, p, "selection_id names the selection: leave out kind, line and outcome");
	if (u->mkt != 0 && (u->kind != NULL || v[FEED_U_LINE].present))
		field_err(req, p, "market_id names the market: leave out kind and line");
	if (by_event) {
		if (u->kind == NULL)
			field_err(req, arena_printf(req->a, "%s.kind", p),
			    "must be one of 1x2, moneyline, handicap, total");
		else
			market_line(req, p, u->kind, &v[FEED_U_LINE], &u->line);
	}
	if (u->outcome != NULL && u->kind != NULL &&
	    !in_list(catalog_outcomes(u->kind), u->outcome))
		field_err(
		    req, arena_printf(req->a, "%s.outcome", p), "is not an outcome of the market");
	if (u->odds != 0 && u->sel == 0 && u->outcome == NULL)
		field_err(
		    req, arena_printf(req->a, "%s.outcome", p), "is required to change a price");
}
