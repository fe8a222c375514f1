/*
 * The import batch: rows queued as PostgreSQL array literals (one per
 * column) and written by four unnest() statements in one tenant
 * transaction. Array literals are parameters, never SQL text.
 */
#include "catalog_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"

static struct tg_listeners result_listeners;

void
catalog_listen_result(catalog_result_fn fn)
{
	tg_listeners_add(&result_listeners, (tg_listener_fn)fn);
}

int
catalog_result_recorded(struct arena *a, const char *event_id)
{
	struct catalog_result_ev ev = { event_id };
	int rc;

	for (size_t i = 0; i < result_listeners.n; i++)
		if ((rc = ((catalog_result_fn)result_listeners.fn[i])(a, &ev)) != DB_OK)
			return rc;
	return DB_OK;
}

enum { E_ID, E_COMP, E_HOME, E_AWAY, E_TS, E_TZ, E_STATUS, E_HS, E_AS, E_KEY, E_N };
enum { S_KEY, S_KIND, S_LINE, S_OUT, S_ODDS, S_OPEN, S_CLOSE, S_FAIR, S_N };
enum { P_KEY, P_KIND, P_LINE, P_OUT, P_BOOK, P_PHASE, P_ODDS, P_N };

struct cache_ent {
	char *name;
	long long id;
};

struct cache {
	struct cache_ent *e;
	size_t n, cap;
};

struct catalog_batch {
	char schema[DB_SCHEMA_MAX];
	const struct catalog_source *src;
	const char *file;
	struct catalog_stats *st;
	struct arena *a;
	int n, in_tx, failed;
	long first_line, last_line;
	long created, updated, prices; /* tentative until COMMIT */
	char (*keys)[CATALOG_KEY_LEN]; /* this batch's, for duplicates */
	struct buf ev[E_N], sel[S_N], px[P_N];
	struct cache comps, teams;
};

static const char *const phase_names[2] = { "open", "close" };

static void
cols_reset(struct buf *c, int n)
{
	for (int i = 0; i < n; i++)
		db_arr_begin(&c[i]);
}

/* ---- reports ---- */

void
catalog_report(struct catalog_stats *st, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		fprintf(stderr, "%s:%ld: ", file, line);
	else
		fprintf(stderr, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	st->reports++;
}

/* ---- competitions and teams, cached per run ---- */

static void
cache_clear(struct cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->e[i].name);
	c->n = 0;
}

static long long
cache_get(const struct cache *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->e[i].name, name) == 0)
			return c->e[i].id;
	return 0;
}

static void
cache_put(struct cache *c, const char *name, long long id)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct cache_ent *e = realloc(c->e, cap * sizeof(*e));

		if (e == NULL)
			return;
		c->e = e;
		c->cap = cap;
	}
	if ((c->e[c->n].name = strdup(name)) != NULL)
		c->e[c->n++].id = id;
}

static long long
competition_id(struct catalog_batch *b, const struct catalog_row *r)
{
	static struct db_stmt q =
	    DB_STMT("WITH ins AS (INSERT INTO competitions (sport, code, name, country) "
	            "VALUES ($1, $2, $3, $4) ON CONFLICT (sport, code) DO NOTHING RETURNING id) "
	            "SELECT id FROM ins UNION ALL "
	            "SELECT id FROM competitions WHERE sport = $1 AND code = $2",
	        4);
	long long id = cache_get(&b->comps, r->comp_code);
	PGresult *res;

	if (id)
		return id;
	res = db_query(b->a, &q,
	    DB_P(b->src->sport, r->comp_code, r->comp_name, r->country ? r->country : ""));
	if ((id = db_rows(res) ? db_ll(res, 0, 0) : 0) != 0)
		cache_put(&b->comps, r->comp_code, id);
	return id;
}

static long long
team_id(struct catalog_batch *b, const char *name)
{
	static struct db_stmt q = DB_STMT(
	    "WITH ins AS (INSERT INTO teams (sport, name) VALUES ($1, $2) "
	    "ON CONFLICT (sport, name) DO NOTHING RETURNING id) "
	    "SELECT id FROM ins UNION ALL SELECT id FROM teams WHERE sport = $1 AND name = $2",
	    2);
	long long id = cache_get(&b->teams, name);
	PGresult *res;

	if (id)
		return id;
	res = db_query(b->a, &q, DB_P(b->src->sport, name));
	if ((id = db_rows(res) ? db_ll(res, 0, 0) : 0) != 0)
		cache_put(&b->teams, name, id);
	return id;
}

/* ---- the four statements ---- */

static struct db_stmt q_events =
    DB_STMT("INSERT INTO events AS e (id, competition_id, home_team_id, away_team_id, starts_at, "
            "status, home_score, away_score, result_version, source, source_key) "
            "SELECT u.id, u.comp, u.home, u.away, u.ts AT TIME ZONE u.tz, u.status, u.hs, u.aws, "
            "CASE WHEN u.hs IS NULL THEN 0 ELSE 1 END, $1, u.key "
            "FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::bigint[], $6::timestamp[], "
            "$7::text[], $8::text[], $9::int[], $10::int[], $11::text[]) "
            "AS u(id, comp, home, away, ts, tz, status, hs, aws, key) "
            "ON CONFLICT (source, source_key) DO UPDATE SET "
            "competition_id = EXCLUDED.competition_id, home_team_id = EXCLUDED.home_team_id, "
            "away_team_id = EXCLUDED.away_team_id, starts_at = EXCLUDED.starts_at, "
            "status = EXCLUDED.status, home_score = EXCLUDED.home_score, "
            "away_score = EXCLUDED.away_score, result_version = e.result_version + "
            "CASE WHEN (e.home_score, e.away_score) IS DISTINCT FROM "
            "(EXCLUDED.home_score, EXCLUDED.away_score) THEN 1 ELSE 0 END, updated_at = now() "
            "WHERE (e.competition_id, e.home_team_id, e.away_team_id, e.starts_at, e.status, "
            "e.home_score, e.away_score) IS DISTINCT FROM (EXCLUDED.competition_id, "
            "EXCLUDED.home_team_id, EXCLUDED.away_team_id, EXCLUDED.starts_at, EXCLUDED.status, "
            "EXCLUDED.home_score, EXCLUDED.away_score) "
            "RETURNING (xmax = 0)",
        11);

static struct db_stmt q_markets =
    DB_STMT("INSERT INTO markets (event_id, kind, line, status) "
            "SELECT DISTINCT e.id, u.kind, u.line, "
            "CASE WHEN e.status = 'finished' THEN 'closed' ELSE 'open' END "
            "FROM unnest($2::text[], $3::text[], $4::int[]) AS u(key, kind, line) "
            "JOIN events e ON e.source = $1 AND e.source_key = u.key "
            "ON CONFLICT (event_id, kind, line) DO NOTHING",
        4);

static struct db_stmt q_selections = DB_STMT(
    "INSERT INTO selections AS s (market_id, outcome, odds, opening_odds, closing_odds, "
    "fair_closing_odds) "
    "SELECT m.id, u.outcome, u.odds, u.open, u.close, u.fair "
    "FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::int[], "
    "$8::int[], $9::int[]) AS u(key, kind, line, outcome, odds, open, close, fair) "
    "JOIN events e ON e.source = $1 AND e.source_key = u.key "
    "JOIN markets m ON m.event_id = e.id AND m.kind = u.kind AND m.line = u.line "
    "ON CONFLICT (market_id, outcome) DO UPDATE SET odds = EXCLUDED.odds, "
    "opening_odds = EXCLUDED.opening_odds, closing_odds = EXCLUDED.closing_odds, "
    "fair_closing_odds = EXCLUDED.fair_closing_odds, updated_at = now() "
    "WHERE (s.odds, s.opening_odds, s.closing_odds, s.fair_closing_odds) IS DISTINCT FROM "
    "(EXCLUDED.odds, EXCLUDED.opening_odds, EXCLUDED.closing_odds, EXCLUDED.fair_closing_odds)",
    9);

/* recorded_at: kick-off for closing prices, three days earlier for opening. */
static struct db_stmt q_prices =
    DB_STMT("INSERT INTO prices (selection_id, bookmaker, phase, odds, recorded_at) "
            "SELECT s.id, u.book, u.phase, u.odds, "
            "CASE WHEN u.phase = 'open' THEN e.starts_at - interval '3 days' ELSE e.starts_at END "
            "FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], "
            "$8::int[]) AS u(key, kind, line, outcome, book, phase, odds) "
            "JOIN events e ON e.source = $1 AND e.source_key = u.key "
            "JOIN markets m ON m.event_id = e.id AND m.kind = u.kind AND m.line = u.line "
            "JOIN selections s ON s.market_id = m.id AND s.outcome = u.outcome "
            "ON CONFLICT DO NOTHING",
        8);

static int
write_batch(struct catalog_batch *b)
{
	const char *src = b->src->name, *ev[E_N], *sel[S_N], *px[P_N];
	PGresult *r;
	long long n;

	for (int i = 0; i < E_N; i++)
		ev[i] = db_arr_end(&b->ev[i]);
	for (int i = 0; i < S_N; i++)
		sel[i] = db_arr_end(&b->sel[i]);
	for (int i = 0; i < P_N; i++)
		px[i] = db_arr_end(&b->px[i]);
	r = db_query(b->a, &q_events,
	    DB_P(src, ev[E_ID], ev[E_COMP], ev[E_HOME], ev[E_AWAY], ev[E_TS], ev[E_TZ],
	        ev[E_STATUS], ev[E_HS], ev[E_AS], ev[E_KEY]));
	if (r == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++) {
		if (strcmp(db_val(r, i, 0), "t") == 0)
			b->created++;
		else
			b->updated++;
	}
	if (db_cmd(b->a, &q_markets, DB_P(src, sel[S_KEY], sel[S_KIND], sel[S_LINE])) < 0)
		return -1;
	if (db_cmd(b->a, &q_selections,
	        DB_P(src, sel[S_KEY], sel[S_KIND], sel[S_LINE], sel[S_OUT], sel[S_ODDS],
	            sel[S_OPEN], sel[S_CLOSE], sel[S_FAIR])) < 0)
		return -1;
	n = db_cmd(b->a, &q_prices,
	    DB_P(src, px[P_KEY], px[P_KIND], px[P_LINE], px[P_OUT], px[P_BOOK], px[P_PHASE],
	        px[P_ODDS]));
	if (n < 0)
		return -1;
	b->prices += n;
	return 0;
}

static void
flush(struct catalog_batch *b)
{
	if (b->n > 0 && !b->failed && write_batch(b) != 0)
		b->failed = 1;
	if (b->in_tx) {
		if (!b->failed && db_commit() != DB_OK)
			b->failed = 1;
		if (b->failed)
			db_rollback();
	}
	if (b->failed) {
		if (b->n > 0 || b->first_line > 0)
			catalog_report(b->st, b->file, 0,
			    "rows of lines %ld-%ld not imported: database "
			    "error %s, batch rolled back",
			    b->first_line, b->last_line, db_sqlstate());
		b->st->skipped += b->n;
		/* ids created in the rolled-back transaction are gone */
		cache_clear(&b->comps);
		cache_clear(&b->teams);
	} else {
		b->st->created += b->created;
		b->st->updated += b->updated;
		b->st->prices += b->prices;
	}
	b->n = 0;
	b->in_tx = b->failed = 0;
	b->first_line = b->last_line = 0;
	b->created = b->updated = b->prices = 0;
	cols_reset(b->ev, E_N);
	cols_reset(b->sel, S_N);
	cols_reset(b->px, P_N);
	arena_reset(b->a);
}

struct catalog_batch *
catalog_batch_new(const char *schema, const struct catalog_source *src, const char *file,
    struct catalog_stats *st)
{
	struct catalog_batch *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	snprintf(b->schema, sizeof(b->schema), "%s", schema);
	b->src = src;
	b->file = file;
	b->st = st;
	b->a = arena_new(16384);
	b->keys = calloc(CATALOG_BATCH, sizeof(*b->keys));
	if (b->a == NULL || b->keys == NULL) {
		arena_free(b->a);
		free(b->keys);
		free(b);
		return NULL;
	}
	for (int i = 0; i < E_N; i++)
		buf_init(&b->ev[i]);
	for (int i = 0; i < S_N; i++)
		buf_init(&b->sel[i]);
	for (int i = 0; i < P_N; i++)
		buf_init(&b->px[i]);
	cols_reset(b->ev, E_N);
	cols_reset(b->sel, S_N);
	cols_reset(b->px, P_N);
	return b;
}

void
catalog_batch_end(struct catalog_batch *b)
{
	if (b == NULL)
		return;
	flush(b);
	for (int i = 0; i < E_N; i++)
		buf_free(&b->ev[i]);
	for (int i = 0; i < S_N; i++)
		buf_free(&b->sel[i]);
	for (int i = 0; i < P_N; i++)
		buf_free(&b->px[i]);
	cache_clear(&b->comps);
	cache_clear(&b->teams);
	free(b->comps.e);
	free(b->teams.e);
	free(b->keys);
	arena_free(b->a);
	free(b);
}

/* ---- queueing a row ---- */

static int32_t
preferred(const struct catalog_batch *b, const struct catalog_market *m, int phase, int o)
{
	for (int k = 0; k < 2; k++) {
		int p = b->src->prefer[k];

		if (p >= 0 && m->px[phase][p][o])
			return m->px[phase][p][o];
	}
	return 0;
}

/* Margin-free closing prices from the first preferred book whose closing
 * set is complete; 0 when none is. */
static void
fair_closing(const struct catalog_batch *b, const struct catalog_market *m, int32_t *fair)
{
	memset(fair, 0, 3 * sizeof(*fair));
	for (int k = 0; k < 2; k++) {
		int p = b->src->prefer[k], complete = p >= 0;

		for (int o = 0; complete && o < m->nout; o++)
			complete = m->px[CATALOG_CLOSE][p][o] > 0;
		if (complete &&
		    catalog_fair_odds(m->px[CATALOG_CLOSE][p], (size_t)m->nout, fair) == 0)
			return;
	}
	memset(fair, 0, 3 * sizeof(*fair));
}

static int
market_priced(const struct catalog_batch *b, const struct catalog_market *m)
{
	for (int ph = 0; ph < 2; ph++)
		for (int k = 0; k < b->src->nbooks; k++)
			for (int o = 0; o < m->nout; o++)
				if (m->px[ph][k][o])
					return 1;
	return 0;
}

static void
queue_market(struct catalog_batch *b, const struct catalog_row *r, const struct catalog_market *m)
{
	int32_t fair[3];

	fair_closing(b, m, fair);
	for (int o = 0; o < m->nout; o++) {
		int32_t open = preferred(b, m, CATALOG_OPEN, o);
		int32_t close = preferred(b, m, CATALOG_CLOSE, o);
		int32_t cur = close ? close : open;

		db_arr_str(&b->sel[S_KEY], r->key);
		db_arr_str(&b->sel[S_KIND], m->kind);
		db_arr_int(&b->sel[S_LINE], m->line, 0);
		db_arr_str(&b->sel[S_OUT], m->outcomes[o]);
		db_arr_int(&b->sel[S_ODDS], cur, cur == 0);
		db_arr_int(&b->sel[S_OPEN], open, open == 0);
		db_arr_int(&b->sel[S_CLOSE], close, close == 0);
		db_arr_int(&b->sel[S_FAIR], fair[o], fair[o] == 0);
		for (int ph = 0; ph < 2; ph++)
			for (int k = 0; k < b->src->nbooks; k++) {
				if (m->px[ph][k][o] == 0)
					continue;
				db_arr_str(&b->px[P_KEY], r->key);
				db_arr_str(&b->px[P_KIND], m->kind);
				db_arr_int(&b->px[P_LINE], m->line, 0);
				db_arr_str(&b->px[P_OUT], m->outcomes[o]);
				db_arr_str(&b->px[P_BOOK], b->src->books[k]);
				db_arr_str(&b->px[P_PHASE], phase_names[ph]);
				db_arr_int(&b->px[P_ODDS], m->px[ph][k][o], 0);
			}
	}
}

void
catalog_batch_add(struct catalog_batch *b, const struct catalog_row *r, long line)
{
	long long comp = 0, home = 0, away = 0;
	char id[UUID_STRLEN + 1];
	int done = r->home_score >= 0;

	for (int i = 0; i < b->n; i++)
		if (strcmp(b->keys[i], r->key) == 0) {
			catalog_report(
			    b->st, b->file, line, "the same match again (%s): row skipped", r->key);
			b->st->skipped++;
			return;
		}
	if (b->first_line == 0)
		b->first_line = line;
	b->last_line = line;
	if (!b->in_tx && !b->failed) {
		if (db_begin(b->schema, 0, NULL) != DB_OK)
			b->failed = 1;
		else
			b->in_tx = 1;
	}
	if (!b->failed) {
		comp = competition_id(b, r);
		home = comp ? team_id(b, r->home) : 0;
		away = home ? team_id(b, r->away) : 0;
		if (away == 0)
			b->failed = 1;
	}
	if (!b->failed) {
		util_uuid7(id);
		db_arr_str(&b->ev[E_ID], id);
		db_arr_int(&b->ev[E_COMP], comp, 0);
		db_arr_int(&b->ev[E_HOME], home, 0);
		db_arr_int(&b->ev[E_AWAY], away, 0);
		db_arr_str(&b->ev[E_TS], r->kickoff);
		db_arr_str(&b->ev[E_TZ], r->tz);
		db_arr_str(&b->ev[E_STATUS], done ? "finished" : "scheduled");
		db_arr_int(&b->ev[E_HS], r->home_score, !done);
		db_arr_int(&b->ev[E_AS], r->away_score, !done);
		db_arr_str(&b->ev[E_KEY], r->key);
		for (int i = 0; i < r->nmk; i++)
			if (market_priced(b, &r->mk[i]))
				queue_market(b, r, &r->mk[i]);
	}
	snprintf(b->keys[b->n], CATALOG_KEY_LEN, "%s", r->key);
	b->n++;
	if (b->n >= CATALOG_BATCH)
		flush(b);
}
