/*
 * The operator feed: tenant administrators push events, prices and results
 * as JSON (docs/operator-api.md).
 *
 *   POST /admin/api/events   create or update an upcoming event by the
 *                            operator's external id (source 'feed')
 *   POST /admin/api/odds     price changes and market suspensions
 *   POST /admin/api/results  final scores or a cancellation; queues settlement
 *
 * Flat inputs are declared fields; nested ones (competition, markets,
 * updates) are FF_JSON fields checked here by hand, each problem reported
 * under its path ("markets[1].selections[0].odds"). Everything is checked
 * before the first write, and any refusal rolls the request back whole.
 * Writes are idempotent: a value is written only when it differs, and a
 * price is recorded only when it changed, so the same body twice changes
 * nothing.
 */
#include "catalog_web.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../bets/bets.h"
#include "../db/db.h"
#include "../site/site.h"

#define FEED_MARKETS_MAX 20
#define FEED_UPDATES_MAX 500
/* How far ahead an event may start: fixtures are published months ahead,
 * and a typo such as 2206 for 2026 is refused instead of scheduled. */
#define FEED_HORIZON_YEARS "5"


static const char *const result_statuses[] = { "finished", "cancelled", NULL };
static const char *const market_statuses[] = { "open", "suspended", NULL };
static const char *const all_outcomes[] = { "home", "draw", "away", "over", "under", NULL };

static const char *
check_time(const char *v)
{
	return catalog_time_valid(v, 0) ? NULL
	    : "must be an RFC 3339 time with a zone, such as 2026-05-01T19:45:00Z";
}

const struct http_field catalog_feed_event_fields[] = {
	{ "external_id", FT_STRING, FF_REQUIRED, 1, 200, NULL, NULL, "External id" },
	{ "sport", FT_STRING, FF_REQUIRED, 2, 30, NULL, NULL, "Sport" },
	{ "competition", FT_STRING, FF_JSON, 0, 0, NULL, NULL, "Competition" },
	{ "home_team", FT_STRING, FF_REQUIRED, 1, 100, NULL, NULL, "Home team" },
	{ "away_team", FT_STRING, FF_REQUIRED, 1, 100, NULL, NULL, "Away team" },
	{ "starts_at", FT_STRING, FF_REQUIRED, 1, 40, NULL, check_time, "Start time" },
	{ "markets", FT_STRING, FF_JSON, 0, 0, NULL, NULL, "Markets" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct http_field catalog_feed_odds_fields[] = {
	{ "updates", FT_STRING, FF_JSON, 0, 0, NULL, NULL, "Updates" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct http_field catalog_feed_result_fields[] = {
	{ "event_id", FT_STRING, 0, 0, 40, NULL, http_check_uuid, "Event id" },
	{ "external_id", FT_STRING, 0, 1, 200, NULL, NULL, "External id" },
	{ "home_score", FT_INT, 0, 0, 999, NULL, NULL, "Home score" },
	{ "away_score", FT_INT, 0, 0, 999, NULL, NULL, "Away score" },
	{ "status", FT_ENUM, 0, 0, 0, result_statuses, NULL, "Status" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* ---- checking nested JSON by hand ---- */

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

/* Reports keys of obj that are not in allowed. */
static void
unknown_keys(struct http_req *req, const char *path, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
		if (!in_list(allowed, key))
			field_err(req, arena_printf(req->a, "%s.%s", path, key), "is not a known field");
}

/* A text member: trimmed, no control characters, 1..max characters (0..max
 * when optional). NULL when absent or invalid (an error is recorded for an
 * invalid or missing required value). */
static const char *
text_member(struct http_req *req, const char *path, json_t *obj, const char *key, int required,
    size_t max)
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
		field_err(req, arena_printf(req->a, "%s.%s", path, key), "must be a positive whole number");
		return 0;
	}
	return (long long)json_integer_value(j);
}

/* ---- POST /admin/api/events ---- */

struct feed_market {
	const char *kind;
	int32_t line;
	int nsel;
	const char *outcome[3];
	int32_t odds[3];
};

struct feed_event {
	const char *code, *comp_name, *country;
	int nmk;
	struct feed_market mk[FEED_MARKETS_MAX];
};

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
		field_err(req, path, arena_printf(req->a, "must price every outcome of a %s market once "
		    "(%d selections)", m->kind, nwant));
		return;
	}
	json_array_foreach(list, k, s) {
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
				    arena_printf(req->a, "is not an outcome of a %s market", m->kind));
			for (int i = 0; i < m->nsel; i++)
				if (m->outcome[i] != NULL && strcmp(m->outcome[i], outcome) == 0)
					field_err(req, arena_printf(req->a, "%s.outcome", p), "appears twice");
		}
		if (json_object_get(s, "odds") == NULL)
			field_err(req, arena_printf(req->a, "%s.odds", p), "is required");
		else if ((msg = catalog_json_odds(json_object_get(s, "odds"), &m->odds[k < 3 ? k : 0]))
		    != NULL)
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
		field_err(req, "markets", arena_printf(req->a, "may list at most %d markets",
		    FEED_MARKETS_MAX));
		return;
	}
	json_array_foreach(list, i, mj) {
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
				field_err(req, arena_printf(req->a, "%s.line", p), "is required for this kind");
			else if ((msg = catalog_json_line(line, &m->line)) != NULL)
				field_err(req, arena_printf(req->a, "%s.line", p), msg);
			else if (strcmp(m->kind, "total") == 0 && m->line <= 0)
				field_err(req, arena_printf(req->a, "%s.line", p), "must be above 0 for a total");
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

static long long
lookup_or_create(struct http_req *req, struct db_stmt *st, const char *const *params)
{
	PGresult *r = db_query(req->a, st, params);

	return db_rows(r) ? db_ll(r, 0, 0) : 0;
}

/* The event as GET /social/events/{id} shows it, without price history. */
static json_t *
event_json(struct http_req *req, const char *id)
{
	PGresult *ev = catalog_q_event(req->a, id), *mk;

	if (ev == NULL || db_rows(ev) != 1 || (mk = catalog_q_markets(req->a, ev, 1, 0)) == NULL)
		return NULL;
	return catalog_event_json(ev, 0, mk, NULL);
}

int
catalog_feed_event(struct http_req *req)
{
	static struct db_stmt q_check = DB_STMT(
	    "SELECT EXISTS (SELECT 1 FROM sports WHERE key = $1), $2::timestamptz > now(), "
	    "$2::timestamptz < now() + make_interval(years => " FEED_HORIZON_YEARS ")", 2);
	static struct db_stmt q_find = DB_STMT(
	    "SELECT id, status = 'scheduled' AND starts_at > now() FROM events "
	    "WHERE source = 'feed' AND source_key = $1 FOR UPDATE", 1);
	static struct db_stmt q_comp = DB_STMT(
	    "WITH ins AS (INSERT INTO competitions (sport, code, name, country) "
	    "VALUES ($1, $2, $3, $4) ON CONFLICT (sport, code) DO NOTHING RETURNING id) "
	    "SELECT id FROM ins UNION ALL "
	    "SELECT id FROM competitions WHERE sport = $1 AND code = $2", 4);
	static struct db_stmt q_team = DB_STMT(
	    "WITH ins AS (INSERT INTO teams (sport, name) VALUES ($1, $2) "
	    "ON CONFLICT (sport, name) DO NOTHING RETURNING id) "
	    "SELECT id FROM ins UNION ALL SELECT id FROM teams WHERE sport = $1 AND name = $2", 2);
	static struct db_stmt q_insert = DB_STMT(
	    "INSERT INTO events (id, competition_id, home_team_id, away_team_id, starts_at, source, "
	    "source_key) VALUES ($1::uuid, $2::bigint, $3::bigint, $4::bigint, $5::timestamptz, "
	    "'feed', $6)", 6);
	static struct db_stmt q_update = DB_STMT(
	    "UPDATE events SET competition_id = $2::bigint, home_team_id = $3::bigint, "
	    "away_team_id = $4::bigint, starts_at = $5::timestamptz, updated_at = now() "
	    "WHERE id = $1::uuid AND (competition_id, home_team_id, away_team_id, starts_at) "
	    "IS DISTINCT FROM ($2::bigint, $3::bigint, $4::bigint, $5::timestamptz)", 5);
	static struct db_stmt q_markets = DB_STMT(
	    "INSERT INTO markets (event_id, kind, line) "
	    "SELECT $1::uuid, u.kind, u.line FROM unnest($2::text[], $3::int[]) AS u(kind, line) "
	    "ON CONFLICT (event_id, kind, line) DO NOTHING", 3);
	/* A new selection opens at its first price; a changed one records an
	 * update. Unchanged prices are not touched. */
	static struct db_stmt q_prices = DB_STMT(
	    "WITH up AS (INSERT INTO selections AS s (market_id, outcome, odds, opening_odds) "
	    "SELECT m.id, u.outcome, u.odds, u.odds "
	    "FROM unnest($2::text[], $3::int[], $4::text[], $5::int[]) AS u(kind, line, outcome, odds) "
	    "JOIN markets m ON m.event_id = $1::uuid AND m.kind = u.kind AND m.line = u.line "
	    "ON CONFLICT (market_id, outcome) DO UPDATE SET odds = EXCLUDED.odds, "
	    "opening_odds = coalesce(s.opening_odds, EXCLUDED.odds), updated_at = now() "
	    "WHERE s.odds IS DISTINCT FROM EXCLUDED.odds "
	    "RETURNING s.id, s.odds, xmax = 0 AS created) "
	    "INSERT INTO prices (selection_id, bookmaker, phase, odds, recorded_at) "
	    "SELECT id, 'feed', CASE WHEN created THEN 'open' ELSE 'update' END, odds, now() FROM up", 5);
	const char *ext = http_val(req, "external_id")->str, *sport = http_val(req, "sport")->str;
	const char *home = http_val(req, "home_team")->str, *away = http_val(req, "away_team")->str;
	const char *starts = http_val(req, "starts_at")->str;
	struct feed_event fe;
	struct buf kinds, lines, outcomes, odds;
	char id[UUID_STRLEN + 1], comp[24], hid[24], aid[24];
	long long n, changed = 0;
	int created = 0;
	PGresult *r;
	json_t *ej;

	if (req->json == NULL)
		return site_error(req, 415, "Send the event as JSON (Content-Type: application/json).");
	memset(&fe, 0, sizeof(fe));
	parse_competition(req, &fe);
	parse_markets(req, &fe);
	if (strcasecmp(home, away) == 0)
		http_field_error(req, "away_team", "must not be the home team");
	if (req->errors.n)
		return site_error(req, 422, "Some fields are not valid.");
	if ((r = db_query(req->a, &q_check, DB_P(sport, starts))) == NULL)
		return -1;
	if (strcmp(db_val(r, 0, 0), "t") != 0)
		http_field_error(req, "sport", "is not a known sport");
	if (strcmp(db_val(r, 0, 1), "t") != 0)
		http_field_error(req, "starts_at", "must be in the future");
	else if (strcmp(db_val(r, 0, 2), "t") != 0)
		http_field_error(req, "starts_at", "must be within the next " FEED_HORIZON_YEARS
		    " years");
	if (req->errors.n)
		return site_error(req, 422, "Some fields are not valid.");

	if ((r = db_query(req->a, &q_find, DB_P(ext))) == NULL)
		return -1;
	if (db_rows(r) == 1 && strcmp(db_val(r, 0, 1), "t") != 0)
		return site_error(req, 409, "This event has started or is over: it can no longer be "
		    "changed. Send prices to /admin/api/odds before kick-off and the result to "
		    "/admin/api/results.");
	snprintf(comp, sizeof(comp), "%lld", lookup_or_create(req, &q_comp,
	    DB_P(sport, fe.code, fe.comp_name, fe.country)));
	snprintf(hid, sizeof(hid), "%lld", lookup_or_create(req, &q_team, DB_P(sport, home)));
	snprintf(aid, sizeof(aid), "%lld", lookup_or_create(req, &q_team, DB_P(sport, away)));
	if (strcmp(comp, "0") == 0 || strcmp(hid, "0") == 0 || strcmp(aid, "0") == 0)
		return -1;
	if (db_rows(r) == 0) {
		util_uuid7(id);
		if (db_cmd(req->a, &q_insert, DB_P(id, comp, hid, aid, starts, ext)) != 1)
			return -1;
		created = 1;
	} else {
		snprintf(id, sizeof(id), "%s", db_val(r, 0, 0));
		if ((n = db_cmd(req->a, &q_update, DB_P(id, comp, hid, aid, starts))) < 0)
			return -1;
		changed += n;
	}

	buf_init(&kinds);
	buf_init(&lines);
	buf_init(&outcomes);
	buf_init(&odds);
	db_arr_begin(&kinds);
	db_arr_begin(&lines);
	for (int i = 0; i < fe.nmk; i++) {
		db_arr_str(&kinds, fe.mk[i].kind);
		db_arr_int(&lines, fe.mk[i].line, 0);
	}
	n = db_cmd(req->a, &q_markets, DB_P(id, db_arr_end(&kinds), db_arr_end(&lines)));
	if (n >= 0) {
		changed += n;
		db_arr_begin(&kinds);
		db_arr_begin(&lines);
		db_arr_begin(&outcomes);
		db_arr_begin(&odds);
		for (int i = 0; i < fe.nmk; i++)
			for (int k = 0; k < fe.mk[i].nsel; k++) {
				db_arr_str(&kinds, fe.mk[i].kind);
				db_arr_int(&lines, fe.mk[i].line, 0);
				db_arr_str(&outcomes, fe.mk[i].outcome[k]);
				db_arr_int(&odds, fe.mk[i].odds[k], 0);
			}
		n = db_cmd(req->a, &q_prices, DB_P(id, db_arr_end(&kinds), db_arr_end(&lines),
		    db_arr_end(&outcomes), db_arr_end(&odds)));
		changed += n > 0 ? n : 0;
	}
	buf_free(&kinds);
	buf_free(&lines);
	buf_free(&outcomes);
	buf_free(&odds);
	if (n < 0 || catalog_kickoff_enqueue(req->a, id) != DB_OK || (ej = event_json(req, id)) == NULL)
		return -1;
	return site_json(req, created ? 201 : 200, json_pack("{s:o, s:b, s:b}", "event", ej,
	    "created", created, "changed", created || changed > 0));
}

/* ---- POST /admin/api/odds ---- */

struct feed_update {
	long long sel, mkt;
	const char *event_id, *ext, *kind, *outcome, *status;
	int32_t line, odds;      /* odds 0: no price change */
	/* resolved */
	long long market_id, selection_id;
	const char *market_status, *event;
	int32_t current;
	int open;
};

static void
parse_update(struct http_req *req, const char *p, json_t *o, struct feed_update *u)
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
	if (u->status != NULL && !in_list(market_statuses, u->status))
		field_err(req, arena_printf(req->a, "%s.status", p), "must be open or suspended");
	if ((j = json_object_get(o, "odds")) != NULL && !json_is_null(j) &&
	    (msg = catalog_json_odds(j, &u->odds)) != NULL)
		field_err(req, arena_printf(req->a, "%s.odds", p), msg);
	if (u->odds == 0 && u->status == NULL && (j == NULL || json_is_null(j)))
		field_err(req, p, "needs odds, status or both");

	by_event = u->event_id != NULL || u->ext != NULL;
	if ((u->sel != 0) + (u->mkt != 0) + by_event != 1 || (u->event_id != NULL && u->ext != NULL)) {
		field_err(req, p, "must name exactly one of selection_id, market_id, event_id or "
		    "external_id");
		return;
	}
	if (u->sel != 0 && (u->kind != NULL || u->outcome != NULL || json_object_get(o, "line")))
		field_err(req, p, "selection_id names the selection: leave out kind, line and outcome");
	if (u->mkt != 0 && (u->kind != NULL || json_object_get(o, "line")))
		field_err(req, p, "market_id names the market: leave out kind and line");
	if (by_event) {
		j = json_object_get(o, "line");
		if (u->kind == NULL || catalog_outcomes(u->kind) == NULL)
			field_err(req, arena_printf(req->a, "%s.kind", p),
			    "must be one of 1x2, moneyline, handicap, total");
		else if (catalog_kind_has_line(u->kind)) {
			if (j == NULL || json_is_null(j))
				field_err(req, arena_printf(req->a, "%s.line", p), "is required for this kind");
			else if ((msg = catalog_json_line(j, &u->line)) != NULL)
				field_err(req, arena_printf(req->a, "%s.line", p), msg);
		} else if (j != NULL && !json_is_null(j) &&
		    (catalog_json_line(j, &u->line) != NULL || u->line != 0))
			field_err(req, arena_printf(req->a, "%s.line", p), "must be null or 0 for this kind");
	}
	if (u->outcome != NULL && !in_list(u->kind != NULL && catalog_outcomes(u->kind) != NULL
	    ? catalog_outcomes(u->kind) : all_outcomes, u->outcome))
		field_err(req, arena_printf(req->a, "%s.outcome", p), "is not an outcome of the market");
	if (u->odds != 0 && u->sel == 0 && u->outcome == NULL)
		field_err(req, arena_printf(req->a, "%s.outcome", p), "is required to change a price");
}

int
catalog_feed_odds(struct http_req *req)
{
	/* Each update's market and selection, by id or by event + kind + line
	 * (+ outcome), in one statement. */
	static struct db_stmt q_resolve = DB_STMT(
	    "SELECT u.i, m.id, m.status, s.id, s.odds, m.event_id "
	    "FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::uuid[], $5::text[], $6::text[], "
	    "$7::int[], $8::text[]) AS u(i, sel, mkt, eid, ext, kind, line, outcome) "
	    "LEFT JOIN markets m ON m.id = coalesce((SELECT market_id FROM selections WHERE id = u.sel), "
	    "u.mkt, (SELECT mk.id FROM markets mk WHERE mk.kind = u.kind AND mk.line = u.line AND "
	    "mk.event_id = coalesce(u.eid, (SELECT ev.id FROM events ev WHERE ev.source = 'feed' AND "
	    "ev.source_key = u.ext)))) "
	    "LEFT JOIN selections s ON s.id = coalesce(u.sel, (SELECT sx.id FROM selections sx "
	    "WHERE sx.market_id = m.id AND sx.outcome = u.outcome)) "
	    "ORDER BY u.i", 8);
	/* Share locks: kick-off (which locks the event to close it) waits for
	 * this request, and this request sees an event that kick-off closed. */
	static struct db_stmt q_lock = DB_STMT(
	    "SELECT id FROM events WHERE id = ANY($1::uuid[]) AND status = 'scheduled' "
	    "AND starts_at > now() ORDER BY id FOR SHARE", 1);
	static struct db_stmt q_prices = DB_STMT(
	    "WITH up AS (UPDATE selections s SET odds = u.odds, "
	    "opening_odds = coalesce(s.opening_odds, u.odds), updated_at = now() "
	    "FROM unnest($1::bigint[], $2::int[]) AS u(id, odds) "
	    "WHERE s.id = u.id AND s.odds IS DISTINCT FROM u.odds RETURNING s.id, s.odds) "
	    "INSERT INTO prices (selection_id, bookmaker, phase, odds, recorded_at) "
	    "SELECT id, 'feed', 'update', odds, now() FROM up", 2);
	static struct db_stmt q_status = DB_STMT(
	    "UPDATE markets m SET status = u.st FROM unnest($1::bigint[], $2::text[]) AS u(id, st) "
	    "WHERE m.id = u.id AND m.status <> u.st AND m.status IN ('open', 'suspended')", 2);
	json_t *list = req->json ? json_object_get(req->json, "updates") : NULL, *o, *out;
	struct buf c[8];
	struct feed_update *u;
	size_t n, i;
	PGresult *r, *lk;
	long long prices, markets;
	int missing = 0, closed = 0;

	if (req->json == NULL)
		return site_error(req, 415, "Send the updates as JSON (Content-Type: application/json).");
	if (list == NULL || !json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > FEED_UPDATES_MAX) {
		http_field_error(req, "updates", arena_printf(req->a, "must be a list of 1 to %d updates",
		    FEED_UPDATES_MAX));
		return site_error(req, 422, "Some fields are not valid.");
	}
	n = json_array_size(list);
	if ((u = arena_calloc(req->a, n, sizeof(*u))) == NULL)
		return -1;
	json_array_foreach(list, i, o) {
		const char *p = arena_printf(req->a, "updates[%zu]", i);

		if (!json_is_object(o))
			field_err(req, p, "must be an object");
		else
			parse_update(req, p, o, &u[i]);
	}
	if (req->errors.n)
		return site_error(req, 422, "Some updates are not valid; none was applied.");

	for (int k = 0; k < 8; k++) {
		buf_init(&c[k]);
		db_arr_begin(&c[k]);
	}
	for (i = 0; i < n; i++) {
		db_arr_int(&c[0], (long long)i, 0);
		db_arr_int(&c[1], u[i].sel, u[i].sel == 0);
		db_arr_int(&c[2], u[i].mkt, u[i].mkt == 0);
		db_arr_str(&c[3], u[i].event_id);
		db_arr_str(&c[4], u[i].ext);
		db_arr_str(&c[5], u[i].kind);
		db_arr_int(&c[6], u[i].line, u[i].kind == NULL);
		db_arr_str(&c[7], u[i].outcome);
	}
	r = db_query(req->a, &q_resolve, DB_P(db_arr_end(&c[0]), db_arr_end(&c[1]),
	    db_arr_end(&c[2]), db_arr_end(&c[3]), db_arr_end(&c[4]), db_arr_end(&c[5]),
	    db_arr_end(&c[6]), db_arr_end(&c[7])));
	if (r != NULL && db_rows(r) == (int)n) {
		db_arr_begin(&c[0]);
		for (i = 0; i < n; i++) {
			u[i].market_id = db_ll(r, (int)i, 1);
			u[i].market_status = db_val(r, (int)i, 2);
			u[i].selection_id = db_ll(r, (int)i, 3);
			u[i].current = (int32_t)db_ll(r, (int)i, 4);
			u[i].event = db_val(r, (int)i, 5);
			db_arr_str(&c[0], u[i].event);
		}
		lk = db_query(req->a, &q_lock, DB_P(db_arr_end(&c[0])));
	} else
		lk = NULL;
	for (int k = 0; k < 8; k++)
		buf_free(&c[k]);
	if (lk == NULL)
		return -1;

	for (i = 0; i < n; i++) {
		const char *p = arena_printf(req->a, "updates[%zu]", i);

		for (int k = 0; u[i].event != NULL && k < db_rows(lk); k++)
			if (strcmp(db_val(lk, k, 0), u[i].event) == 0)
				u[i].open = 1;
		if (u[i].market_id == 0 || (u[i].odds != 0 && u[i].selection_id == 0)) {
			field_err(req, p, u[i].sel != 0 || u[i].odds != 0 ? "no such selection"
			    : "no such market");
			missing++;
			continue;
		}
		if (!u[i].open) {
			field_err(req, p, "the event has started or is over: its prices closed at kick-off");
			closed++;
		} else if (u[i].status != NULL && !in_list(market_statuses, u[i].market_status)) {
			field_err(req, p, arena_printf(req->a, "the market is %s and cannot be reopened or "
			    "suspended", u[i].market_status));
			closed++;
		}
		for (size_t k = 0; k < i; k++) {
			if (u[i].odds != 0 && u[k].odds != 0 && u[k].selection_id == u[i].selection_id)
				field_err(req, p, "changes the price of the same selection as an earlier update");
			if (u[i].status != NULL && u[k].status != NULL && u[k].market_id == u[i].market_id &&
			    strcmp(u[k].status, u[i].status) != 0)
				field_err(req, p, "sets another status on the same market as an earlier update");
		}
	}
	if (req->errors.n)
		return site_error(req, missing ? 404 : closed ? 409 : 422,
		    missing ? "Some updates name nothing that exists; none was applied."
		    : closed ? "Some updates are for closed events or markets; none was applied."
			     : "Some updates are not valid; none was applied.");

	for (int k = 0; k < 4; k++) {
		buf_init(&c[k]);
		db_arr_begin(&c[k]);
	}
	for (i = 0; i < n; i++) {
		if (u[i].odds != 0) {
			db_arr_int(&c[0], u[i].selection_id, 0);
			db_arr_int(&c[1], u[i].odds, 0);
		}
		if (u[i].status != NULL) {
			db_arr_int(&c[2], u[i].market_id, 0);
			db_arr_str(&c[3], u[i].status);
		}
	}
	prices = db_cmd(req->a, &q_prices, DB_P(db_arr_end(&c[0]), db_arr_end(&c[1])));
	markets = prices < 0 ? prices
	    : db_cmd(req->a, &q_status, DB_P(db_arr_end(&c[2]), db_arr_end(&c[3])));
	for (int k = 0; k < 4; k++)
		buf_free(&c[k]);
	if (prices < 0 || markets < 0)
		return -1;

	out = json_array();
	for (i = 0; i < n; i++) {
		int32_t now = u[i].odds ? u[i].odds : u[i].current;
		const char *st = u[i].market_status;

		/* The market's status after this request: the last update naming it wins. */
		for (size_t k = 0; k < n; k++)
			if (u[k].market_id == u[i].market_id && u[k].status != NULL)
				st = u[k].status;
		json_array_append_new(out, json_pack("{s:o, s:I, s:o, s:s}",
		    "selection_id", u[i].selection_id ? json_integer(u[i].selection_id) : json_null(),
		    "market_id", (json_int_t)u[i].market_id,
		    "odds", u[i].selection_id && now ? json_real(now / 1000.0) : json_null(),
		    "market_status", st));
	}
	return site_json(req, 200, json_pack("{s:I, s:I, s:o}", "prices_changed", (json_int_t)prices,
	    "markets_changed", (json_int_t)markets, "updates", out));
}

/* ---- POST /admin/api/results ---- */

int
catalog_feed_result(struct http_req *req)
{
	static struct db_stmt q_by_id = DB_STMT(
	    "SELECT id, status, home_score, away_score, starts_at <= now() FROM events "
	    "WHERE id = $1::uuid FOR UPDATE", 1);
	static struct db_stmt q_by_ext = DB_STMT(
	    "SELECT id, status, home_score, away_score, starts_at <= now() FROM events "
	    "WHERE source = 'feed' AND source_key = $1 FOR UPDATE", 1);
	/* The version moves only when the result differs from the stored one. */
	static struct db_stmt q_result = DB_STMT(
	    "UPDATE events SET status = $2, home_score = $3::int, away_score = $4::int, "
	    "result_version = result_version + 1, updated_at = now() WHERE id = $1::uuid "
	    "AND (status, home_score, away_score) IS DISTINCT FROM ($2, $3::int, $4::int) "
	    "RETURNING result_version", 4);
	static struct db_stmt q_close_markets = DB_STMT(
	    "UPDATE markets SET status = 'closed' WHERE event_id = $1::uuid "
	    "AND status IN ('open', 'suspended')", 1);
	static struct db_stmt q_version = DB_STMT(
	    "SELECT result_version FROM events WHERE id = $1::uuid", 1);
	const struct http_value *eid = http_val(req, "event_id"), *ext = http_val(req, "external_id");
	const struct http_value *hs = http_val(req, "home_score"), *as = http_val(req, "away_score");
	const struct http_value *st = http_val(req, "status");
	const char *status = st->present ? st->str : "finished", *h = NULL, *a = NULL, *id;
	int cancel = strcmp(status, "cancelled") == 0, changed;
	PGresult *r, *v;

	if (eid->present == ext->present || (eid->present && !*eid->str) ||
	    (ext->present && !*ext->str))
		http_field_error(req, eid->present ? "event_id" : "external_id",
		    "name the event with exactly one of event_id and external_id");
	if (cancel && (hs->present || as->present))
		http_field_error(req, hs->present ? "home_score" : "away_score",
		    "must be left out when the event is cancelled");
	if (!cancel && !hs->present)
		http_field_error(req, "home_score", "is required");
	if (!cancel && !as->present)
		http_field_error(req, "away_score", "is required");
	if (req->errors.n)
		return site_error(req, 422, "Some fields are not valid.");

	r = eid->present ? db_query(req->a, &q_by_id, DB_P(eid->str))
			 : db_query(req->a, &q_by_ext, DB_P(ext->str));
	if (r == NULL)
		return -1;
	if (db_rows(r) == 0)
		return site_error(req, 404, eid->present
		    ? arena_printf(req->a, "There is no event with event_id %s.", eid->str)
		    : arena_printf(req->a, "There is no feed event with external_id \"%s\".", ext->str));
	id = db_val(r, 0, 0);
	/* A match can be called off before it starts; a score needs the match. */
	if (!cancel && strcmp(db_val(r, 0, 4), "t") != 0)
		return site_error(req, 422, "The event has not started yet: a result can be recorded "
		    "only after kick-off.");
	if (!cancel) {
		h = hs->str;
		a = as->str;
	}
	/* Closing prices first, so settlement sees them. */
	if (catalog_close_event(req->a, id) < 0)
		return -1;
	if ((v = db_query(req->a, &q_result, DB_P(id, status, h, a))) == NULL)
		return -1;
	changed = db_rows(v) == 1;
	if (changed) {
		if (db_cmd(req->a, &q_close_markets, DB_P(id)) < 0 ||
		    bets_enqueue_settlement(req->a, id) != DB_OK)
			return -1;
	} else if ((v = db_query(req->a, &q_version, DB_P(id))) == NULL)
		return -1;
	return site_json(req, 200, json_pack("{s:s, s:s, s:o, s:o, s:I, s:b}", "event_id", id,
	    "status", status, "home_score", h ? json_integer(hs->num) : json_null(),
	    "away_score", a ? json_integer(as->num) : json_null(),
	    "result_version", (json_int_t)db_ll(v, 0, 0), "changed", changed));
}
