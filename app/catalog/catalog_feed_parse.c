/*
 * The operator feed's nested JSON (docs/operator-api.md), checked by hand:
 * competition, markets with their selections, and price updates. Pure (no
 * database): each problem is a field error under its path
 * ("markets[1].selections[0].odds"); catalog_feed.c does the rest.
 * tests/fuzz/fuzz_feed.c fuzzes it.
 */
#include "catalog_web.h"

#include <string.h>

const char *const catalog_feed_market_statuses[] = { "open", "suspended", NULL };
static const char *const all_outcomes[] = { "home", "draw", "away", "over", "under", NULL };

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

/* Reports keys of obj that are not in allowed. */
static void
unknown_keys(struct http_req *req, const char *path, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) if (!in_list(allowed, key))
	    field_err(req, arena_printf(req->a, "%s.%s", path, key), "is not a known field");
}

/* A text member: trimmed, no control characters, 1..max characters (0..max
 * when optional). NULL when absent or invalid (an error is recorded for an
 * invalid or missing required value). */
static const char *
text_member(
    struct http_req *req, const char *path, json_t *obj, const char *key, int required, size_t max)
{
	json_t *j = json_object_get(obj, key);
	const char *p = arena_printf(req->a, "%s.%s", path, key), *s, *e;
	size_t chars = 0;

	if (j == NULL || json_is_null(j)) {
		if (required)
			field_err(req, p, "is required");
		return NULL;
	}
	if (!json_is_string(j)) {
		field_err(req, p, "must be a string");
		return NULL;
	}
	for (s = json_string_value(j); *s == ' ' || *s == '\t'; s++)
		;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	for (const char *c = s; c < e; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			field_err(req, p, "contains control characters");
			return NULL;
		}
		chars += ((unsigned char)*c & 0xc0) != 0x80;
	}
	if (chars == 0 && required) {
		field_err(req, p, "is required");
		return NULL;
	}
	if (chars > max) {
		field_err(req, p, arena_printf(req->a, "must be at most %zu characters", max));
		return NULL;
	}
	return arena_strndup(req->a, s, (size_t)(e - s));
}

/* A positive integer id member; 0 when absent (or invalid: error recorded). */
static long long
id_member(struct http_req *req, const char *path, json_t *obj, const char *key)
{
	json_t *j = json_object_get(obj, key);

	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_integer(j) || json_integer_value(j) < 1) {
		field_err(req, arena_printf(req->a, "%s.%s", path, key),
		    "must be a positive whole number");
		return 0;
	}
	return (long long)json_integer_value(j);
}

static void
parse_competition(struct http_req *req, struct feed_event *fe)
{
	static const char *const keys[] = { "code", "name", "country", NULL };
	json_t *c = json_object_get(req->json, "competition");

	if (c == NULL || json_is_null(c)) {
		field_err(req, "competition", "is required");
		return;
	}
	if (!json_is_object(c)) {
		field_err(req, "competition", "must be an object with code, name and country");
		return;
	}
	unknown_keys(req, "competition", c, keys);
	fe->code = text_member(req, "competition", c, "code", 1, 40);
	fe->comp_name = text_member(req, "competition", c, "name", 1, 100);
	fe->country = text_member(req, "competition", c, "country", 0, 60);
	if (fe->country == NULL)
		fe->country = "";
}

static void
parse_selections(struct http_req *req, const char *path, json_t *list, struct feed_market *m)
{
	static const char *const keys[] = { "outcome", "odds", NULL };
	const char *const *want = catalog_outcomes(m->kind);
	int nwant = catalog_outcome_count(m->kind);
	size_t k;
	json_t *s;

	if (!json_is_array(list)) {
		field_err(req, path, "must be a list of {outcome, odds}");
		return;
	}
	if (want != NULL && json_array_size(list) != (size_t)nwant) {
		field_err(req, path,
		    arena_printf(req->a,
		        "must price every outcome of a %s market once "
		        "(%d selections)",
		        m->kind, nwant));
		return;
	}
	json_array_foreach(list, k, s)
	{
		const char *p = arena_printf(req->a, "%s[%zu]", path, k), *outcome, *msg;

		if (!json_is_object(s)) {
			field_err(req, p, "must be an object with outcome and odds");
			continue;
		}
		unknown_keys(req, p, s, keys);
		outcome = text_member(req, p, s, "outcome", 1, 10);
		if (outcome != NULL && want != NULL) {
			if (!in_list(want, outcome))
				field_err(req, arena_printf(req->a, "%s.outcome", p),
				    arena_printf(
				        req->a, "is not an outcome of a %s market", m->kind));
			for (int i = 0; i < m->nsel; i++)
				if (m->outcome[i] != NULL && strcmp(m->outcome[i], outcome) == 0)
					field_err(req, arena_printf(req->a, "%s.outcome", p),
					    "appears twice");
		}
		if (json_object_get(s, "odds") == NULL)
			field_err(req, arena_printf(req->a, "%s.odds", p), "is required");
		else if ((msg = catalog_json_odds(
		              json_object_get(s, "odds"), &m->odds[k < 3 ? k : 0])) != NULL)
			field_err(req, arena_printf(req->a, "%s.odds", p), msg);
		if (k < 3) {
			m->outcome[k] = outcome;
			m->nsel = (int)k + 1;
		}
	}
}

static void
parse_markets(struct http_req *req, struct feed_event *fe)
{
	static const char *const keys[] = { "kind", "line", "selections", NULL };
	json_t *list = json_object_get(req->json, "markets"), *mj;
	size_t i;

	if (list == NULL || json_is_null(list))
		return;
	if (!json_is_array(list)) {
		field_err(req, "markets", "must be a list of markets");
		return;
	}
	if (json_array_size(list) > FEED_MARKETS_MAX) {
		field_err(req, "markets",
		    arena_printf(req->a, "may list at most %d markets", FEED_MARKETS_MAX));
		return;
	}
	json_array_foreach(list, i, mj)
	{
		const char *p = arena_printf(req->a, "markets[%zu]", i), *msg;
		struct feed_market *m = &fe->mk[fe->nmk];
		json_t *line;

		memset(m, 0, sizeof(*m));
		if (!json_is_object(mj)) {
			field_err(req, p, "must be an object with kind, line and selections");
			continue;
		}
		unknown_keys(req, p, mj, keys);
		m->kind = text_member(req, p, mj, "kind", 1, 20);
		if (m->kind == NULL)
			continue;
		if (catalog_outcomes(m->kind) == NULL) {
			field_err(req, arena_printf(req->a, "%s.kind", p),
			    "must be one of 1x2, moneyline, handicap, total");
			continue;
		}
		line = json_object_get(mj, "line");
		if (catalog_kind_has_line(m->kind)) {
			if (line == NULL || json_is_null(line))
				field_err(req, arena_printf(req->a, "%s.line", p),
				    "is required for this kind");
			else if ((msg = catalog_json_line(line, &m->line)) != NULL)
				field_err(req, arena_printf(req->a, "%s.line", p), msg);
			else if (strcmp(m->kind, "total") == 0 && m->line <= 0)
				field_err(req, arena_printf(req->a, "%s.line", p),
				    "must be above 0 for a total");
		} else if (line != NULL && !json_is_null(line) &&
		    (catalog_json_line(line, &m->line) != NULL || m->line != 0))
			field_err(req, arena_printf(req->a, "%s.line", p),
			    "must be null or 0 for this kind");
		for (int k = 0; k < fe->nmk; k++)
			if (strcmp(fe->mk[k].kind, m->kind) == 0 && fe->mk[k].line == m->line)
				field_err(req, p, "is the same market (kind and line) twice");
		parse_selections(req, arena_printf(req->a, "%s.selections", p),
		    json_object_get(mj, "selections"), m);
		fe->nmk++;
	}
}

void
catalog_feed_parse_update(struct http_req *req, const char *p, json_t *o, struct feed_update *u)
{
	static const char *const keys[] = { "selection_id", "market_id", "event_id", "external_id",
		"kind", "line", "outcome", "odds", "status", NULL };
	json_t *j;
	const char *msg;
	int by_event;

	unknown_keys(req, p, o, keys);
	u->sel = id_member(req, p, o, "selection_id");
	u->mkt = id_member(req, p, o, "market_id");
	u->event_id = text_member(req, p, o, "event_id", 0, 36);
	u->ext = text_member(req, p, o, "external_id", 0, 200);
	u->kind = text_member(req, p, o, "kind", 0, 20);
	u->outcome = text_member(req, p, o, "outcome", 0, 10);
	u->status = text_member(req, p, o, "status", 0, 20);
	if (u->event_id != NULL && !util_uuid_valid(u->event_id))
		field_err(req, arena_printf(req->a, "%s.event_id", p), "is not an event id");
	if (u->status != NULL && !in_list(catalog_feed_market_statuses, u->status))
		field_err(req, arena_printf(req->a, "%s.status", p), "must be open or suspended");
	if ((j = json_object_get(o, "odds")) != NULL && !json_is_null(j) &&
	    (msg = catalog_json_odds(j, &u->odds)) != NULL)
		field_err(req, arena_printf(req->a, "%s.odds", p), msg);
	if (u->odds == 0 && u->status == NULL && (j == NULL || json_is_null(j)))
		field_err(req, p, "needs odds, status or both");

	by_event = u->event_id != NULL || u->ext != NULL;
	if ((u->sel != 0) + (u->mkt != 0) + by_event != 1 ||
	    (u->event_id != NULL && u->ext != NULL)) {
		field_err(req, p,
		    "must name exactly one of selection_id, market_id, event_id or "
		    "external_id");
		return;
	}
	if (u->sel != 0 && (u->kind != NULL || u->outcome != NULL || json_object_get(o, "line")))
		field_err(
		    req, p, "selection_id names the selection: leave out kind, line and outcome");
	if (u->mkt != 0 && (u->kind != NULL || json_object_get(o, "line")))
		field_err(req, p, "market_id names the market: leave out kind and line");
	if (by_event) {
		j = json_object_get(o, "line");
		if (u->kind == NULL || catalog_outcomes(u->kind) == NULL)
			field_err(req, arena_printf(req->a, "%s.kind", p),
			    "must be one of 1x2, moneyline, handicap, total");
		else if (catalog_kind_has_line(u->kind)) {
			if (j == NULL || json_is_null(j))
				field_err(req, arena_printf(req->a, "%s.line", p),
				    "is required for this kind");
			else if ((msg = catalog_json_line(j, &u->line)) != NULL)
				field_err(req, arena_printf(req->a, "%s.line", p), msg);
		} else if (j != NULL && !json_is_null(j) &&
		    (catalog_json_line(j, &u->line) != NULL || u->line != 0))
			field_err(req, arena_printf(req->a, "%s.line", p),
			    "must be null or 0 for this kind");
	}
	if (u->outcome != NULL &&
	    !in_list(u->kind != NULL && catalog_outcomes(u->kind) != NULL
	            ? catalog_outcomes(u->kind)
	            : all_outcomes,
	        u->outcome))
		field_err(
		    req, arena_printf(req->a, "%s.outcome", p), "is not an outcome of the market");
	if (u->odds != 0 && u->sel == 0 && u->outcome == NULL)
		field_err(
		    req, arena_printf(req->a, "%s.outcome", p), "is required to change a price");
}

void
catalog_feed_parse_event(struct http_req *req, struct feed_event *fe)
{
	memset(fe, 0, sizeof(*fe));
	parse_competition(req, fe);
	parse_markets(req, fe);
}
