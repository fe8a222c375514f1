/*
 * The operator feed: tenant administrators push events, prices and results
 * as JSON (docs/operator-api.md).
 *
 *   POST /admin/api/events   create or update an upcoming event by the
 *                            operator's external id (source 'feed')
 *   POST /admin/api/odds     price changes and market suspensions
 *   POST /admin/api/results  final scores or a cancellation; queues settlement
 *
 * Every input, nested ones included (competition, markets, updates), is a
 * declared field (catalog_feed_parse.c): http_validate names each problem
 * by its path ("markets[1].selections[0].odds") before the handler runs, and
 * the rules across fields are checked on the typed values. Everything is
 * checked before the first write, and any refusal rolls the request back
 * whole.
 * Writes are idempotent: a value is written only when it differs, and a
 * price is recorded only when it changed, so the same body twice changes
 * nothing.
 */
#include "catalog_web.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../db/db.h"
#include "../web/web.h"

/* How far ahead an event may start: fixtures are published months ahead,
 * and a typo such as 2206 for 2026 is refused instead of scheduled. */
#define FEED_HORIZON_YEARS "5"

/* ---- POST /admin/api/events ---- */

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
	static struct db_stmt q_check =
	    DB_STMT("SELECT EXISTS (SELECT 1 FROM sports WHERE key = $1), $2::timestamptz > now(), "
	            "$2::timestamptz < now() + make_interval(years => " FEED_HORIZON_YEARS ")",
	        2);
	static struct db_stmt q_find =
	    DB_STMT("SELECT id, status = 'scheduled' AND starts_at > now() FROM events "
	            "WHERE source = 'feed' AND source_key = $1 FOR UPDATE",
	        1);
	static struct db_stmt q_comp =
	    DB_STMT("WITH ins AS (INSERT INTO competitions (sport, code, name, country) "
	            "VALUES ($1, $2, $3, $4) ON CONFLICT (sport, code) DO NOTHING RETURNING id) "
	            "SELECT id FROM ins UNION ALL "
	            "SELECT id FROM competitions WHERE sport = $1 AND code = $2",
	        4);
	static struct db_stmt q_team = DB_STMT(
	    "WITH ins AS (INSERT INTO teams (sport, name) VALUES ($1, $2) "
	    "ON CONFLICT (sport, name) DO NOTHING RETURNING id) "
	    "SELECT id FROM ins UNION ALL SELECT id FROM teams WHERE sport = $1 AND name = $2",
	    2);
	static struct db_stmt q_insert = DB_STMT(
	    "INSERT INTO events (id, competition_id, home_team_id, away_team_id, starts_at, source, "
	    "source_key) VALUES ($1::uuid, $2::bigint, $3::bigint, $4::bigint, $5::timestamptz, "
	    "'feed', $6)",
	    6);
	static struct db_stmt q_update = DB_STMT(
	    "UPDATE events SET competition_id = $2::bigint, home_team_id = $3::bigint, "
	    "away_team_id = $4::bigint, starts_at = $5::timestamptz, updated_at = now() "
	    "WHERE id = $1::uuid AND (competition_id, home_team_id, away_team_id, starts_at) "
	    "IS DISTINCT FROM ($2::bigint, $3::bigint, $4::bigint, $5::timestamptz)",
	    5);
	static struct db_stmt q_markets = DB_STMT(
	    "INSERT INTO markets (event_id, kind, line) "
	    "SELECT $1::uuid, u.kind, u.line FROM unnest($2::text[], $3::int[]) AS u(kind, line) "
	    "ON CONFLICT (event_id, kind, line) DO NOTHING",
	    3);
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
	    "SELECT id, 'feed', CASE WHEN created THEN 'open' ELSE 'update' END, odds, now() FROM up",
	    5);
	const struct http_value *v = http_vals(req, catalog_feed_event_fields);
	const char *ext = v[FEED_E_EXTERNAL].str, *sport = v[FEED_E_SPORT].str;
	const char *home = v[FEED_E_HOME].str, *away = v[FEED_E_AWAY].str;
	const char *starts = v[FEED_E_STARTS].str;
	struct feed_event fe;
	struct buf kinds, lines, outcomes, odds;
	char id[UUID_STRLEN + 1], comp[24], hid[24], aid[24];
	long long n, changed = 0;
	int created = 0;
	PGresult *r;
	json_t *ej;

	catalog_feed_parse_event(req, v, &fe);
	if (strcasecmp(home, away) == 0)
		http_field_error(req, "away_team", "must not be the home team");
	if (req->errors.n)
		return web_error(req, 422, "Some fields are not valid.");
	if ((r = db_query(req->a, &q_check, DB_P(sport, starts))) == NULL)
		return -1;
	if (strcmp(db_val(r, 0, 0), "t") != 0)
		http_field_error(req, "sport", "is not a known sport");
	if (strcmp(db_val(r, 0, 1), "t") != 0)
		http_field_error(req, "starts_at", "must be in the future");
	else if (strcmp(db_val(r, 0, 2), "t") != 0)
		http_field_error(
		    req, "starts_at", "must be within the next " FEED_HORIZON_YEARS " years");
	if (req->errors.n)
		return web_error(req, 422, "Some fields are not valid.");

	if ((r = db_query(req->a, &q_find, DB_P(ext))) == NULL)
		return -1;
	if (db_rows(r) == 1 && strcmp(db_val(r, 0, 1), "t") != 0)
		return web_error(req, 409,
		    "This event has started or is over: it can no longer be "
		    "changed. Send prices to /admin/api/odds before kick-off and the result to "
		    "/admin/api/results.");
	snprintf(comp, sizeof(comp), "%lld",
	    lookup_or_create(req, &q_comp, DB_P(sport, fe.code, fe.comp_name, fe.country)));
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
		n = db_cmd(req->a, &q_prices,
		    DB_P(id, db_arr_end(&kinds), db_arr_end(&lines), db_arr_end(&outcomes),
		        db_arr_end(&odds)));
		changed += n > 0 ? n : 0;
	}
	buf_free(&kinds);
	buf_free(&lines);
	buf_free(&outcomes);
	buf_free(&odds);
	if (n < 0 || catalog_kickoff_enqueue(req->a, id) != DB_OK ||
	    (ej = event_json(req, id)) == NULL)
		return -1;
	return web_json(req, created ? 201 : 200,
	    json_pack("{s:o, s:b, s:b}", "event", ej, "created", created, "changed",
	        created || changed > 0));
}

/* ---- POST /admin/api/odds ---- */

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
	    "ORDER BY u.i",
	    8);
	/* Share locks: kick-off (which locks the event to close it) waits for
	 * this request, and this request sees an event that kick-off closed. */
	static struct db_stmt q_lock =
	    DB_STMT("SELECT id FROM events WHERE id = ANY($1::uuid[]) AND status = 'scheduled' "
	            "AND starts_at > now() ORDER BY id FOR SHARE",
	        1);
	static struct db_stmt q_prices =
	    DB_STMT("WITH up AS (UPDATE selections s SET odds = u.odds, "
	            "opening_odds = coalesce(s.opening_odds, u.odds), updated_at = now() "
	            "FROM unnest($1::bigint[], $2::int[]) AS u(id, odds) "
	            "WHERE s.id = u.id AND s.odds IS DISTINCT FROM u.odds RETURNING s.id, s.odds) "
	            "INSERT INTO prices (selection_id, bookmaker, phase, odds, recorded_at) "
	            "SELECT id, 'feed', 'update', odds, now() FROM up",
	        2);
	static struct db_stmt q_status = DB_STMT(
	    "UPDATE markets m SET status = u.st FROM unnest($1::bigint[], $2::text[]) AS u(id, st) "
	    "WHERE m.id = u.id AND m.status <> u.st AND m.status IN ('open', 'suspended')",
	    2);
	const struct http_value *list = &http_vals(req, catalog_feed_odds_fields)[FEED_O_UPDATES];
	json_t *out;
	struct buf c[8];
	struct feed_update *u;
	size_t n, i;
	PGresult *r, *lk;
	long long prices, markets;
	int missing = 0, closed = 0;

	n = list->nitems;
	if (n == 0 || (u = arena_calloc(req->a, n, sizeof(*u))) == NULL)
		return -1; /* validated: 1..FEED_UPDATES_MAX */
	for (i = 0; i < n; i++)
		catalog_feed_parse_update(
		    req, arena_printf(req->a, "updates[%zu]", i), http_item(list, i), &u[i]);
	if (req->errors.n)
		return web_error(req, 422, "Some updates are not valid; none was applied.");

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
	r = db_query(req->a, &q_resolve,
	    DB_P(db_arr_end(&c[0]), db_arr_end(&c[1]), db_arr_end(&c[2]), db_arr_end(&c[3]),
	        db_arr_end(&c[4]), db_arr_end(&c[5]), db_arr_end(&c[6]), db_arr_end(&c[7])));
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
			catalog_feed_field_err(req, p,
			    u[i].sel != 0 || u[i].odds != 0 ? "no such selection"
			                                    : "no such market");
			missing++;
			continue;
		}
		if (!u[i].open) {
			catalog_feed_field_err(req, p,
			    "the event has started or is over: its prices closed at kick-off");
			closed++;
		} else if (u[i].status != NULL &&
		    !catalog_feed_in_list(catalog_feed_market_statuses, u[i].market_status)) {
			catalog_feed_field_err(req, p,
			    arena_printf(req->a,
			        "the market is %s and cannot be "
			        "reopened or suspended",
			        u[i].market_status));
			closed++;
		}
		for (size_t k = 0; k < i; k++) {
			if (u[i].odds != 0 && u[k].odds != 0 &&
			    u[k].selection_id == u[i].selection_id)
				catalog_feed_field_err(req, p,
				    "changes the price of the same selection as an earlier update");
			if (u[i].status != NULL && u[k].status != NULL &&
			    u[k].market_id == u[i].market_id &&
			    strcmp(u[k].status, u[i].status) != 0)
				catalog_feed_field_err(req, p,
				    "sets another status on the same market as an earlier update");
		}
	}
	if (req->errors.n)
		return web_error(req,
		    missing      ? 404
		        : closed ? 409
		                 : 422,
		    missing ? "Some updates name nothing that exists; none was applied."
		        : closed
		        ? "Some updates are for closed events or markets; none was applied."
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
	markets = prices < 0
	    ? prices
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
		json_array_append_new(out,
		    json_pack("{s:o, s:I, s:o, s:s}", "selection_id",
		        u[i].selection_id ? json_integer(u[i].selection_id) : json_null(),
		        "market_id", (json_int_t)u[i].market_id, "odds",
		        u[i].selection_id && now ? json_real(now / 1000.0) : json_null(),
		        "market_status", st));
	}
	return web_json(req, 200,
	    json_pack("{s:I, s:I, s:o}", "prices_changed", (json_int_t)prices, "markets_changed",
	        (json_int_t)markets, "updates", out));
}

/* ---- POST /admin/api/results ---- */

int
catalog_feed_result(struct http_req *req)
{
	static struct db_stmt q_by_id =
	    DB_STMT("SELECT id, status, home_score, away_score, starts_at <= now() FROM events "
	            "WHERE id = $1::uuid FOR UPDATE",
	        1);
	static struct db_stmt q_by_ext =
	    DB_STMT("SELECT id, status, home_score, away_score, starts_at <= now() FROM events "
	            "WHERE source = 'feed' AND source_key = $1 FOR UPDATE",
	        1);
	/* The version moves only when the result differs from the stored one. */
	static struct db_stmt q_result =
	    DB_STMT("UPDATE events SET status = $2, home_score = $3::int, away_score = $4::int, "
	            "result_version = result_version + 1, updated_at = now() WHERE id = $1::uuid "
	            "AND (status, home_score, away_score) IS DISTINCT FROM ($2, $3::int, $4::int) "
	            "RETURNING result_version",
	        4);
	static struct db_stmt q_close_markets =
	    DB_STMT("UPDATE markets SET status = 'closed' WHERE event_id = $1::uuid "
	            "AND status IN ('open', 'suspended')",
	        1);
	static struct db_stmt q_version =
	    DB_STMT("SELECT result_version FROM events WHERE id = $1::uuid", 1);
	const struct http_value *in = http_vals(req, catalog_feed_result_fields);
	const struct http_value *eid = &in[FEED_R_EVENT], *ext = &in[FEED_R_EXTERNAL];
	const struct http_value *hs = &in[FEED_R_HOME], *as = &in[FEED_R_AWAY];
	const struct http_value *st = &in[FEED_R_STATUS];
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
		return web_error(req, 422, "Some fields are not valid.");

	r = eid->present ? db_query(req->a, &q_by_id, DB_P(eid->str))
	                 : db_query(req->a, &q_by_ext, DB_P(ext->str));
	if (r == NULL)
		return -1;
	if (db_rows(r) == 0)
		return web_error(req, 404,
		    eid->present
		        ? arena_printf(req->a, "There is no event with event_id %s.", eid->str)
		        : arena_printf(
		              req->a, "There is no feed event with external_id \"%s\".", ext->str));
	id = db_val(r, 0, 0);
	/* A match can be called off before it starts; a score needs the match. */
	if (!cancel && strcmp(db_val(r, 0, 4), "t") != 0)
		return web_error(req, 422,
		    "The event has not started yet: a result can be recorded "
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
		    catalog_result_recorded(req->a, id) != DB_OK)
			return -1;
	} else if ((v = db_query(req->a, &q_version, DB_P(id))) == NULL)
		return -1;
	return web_json(req, 200,
	    json_pack("{s:s, s:s, s:o, s:o, s:I, s:b}", "event_id", id, "status", status,
	        "home_score", h ? json_integer(hs->num) : json_null(), "away_score",
	        a ? json_integer(as->num) : json_null(), "result_version",
	        (json_int_t)db_ll(v, 0, 0), "changed", changed));
}
