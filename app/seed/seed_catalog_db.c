/*
 * The demo catalogue's database side (docs/seed.md): writes the generated
 * catalogue (seed_catalog.c) in batches, reads back its ids, finishes an
 * event (closing prices, result) and runs the "seed_result" job that moves
 * the demo's matches on.
 */
#include "seed.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../catalog/catalog.h"
#include "../db/db.h"
#include "../jobs/jobs.h"
#include "../tenancy/tenancy.h"

#define DAY INT64_C(86400)
#define SEED_BATCH 75       /* events per statement: ~500 selection rows */
#define OPEN_LEAD (3 * DAY) /* opening prices are recorded three days before */

static struct db_stmt q_comp = DB_STMT(
    "WITH ins AS (INSERT INTO competitions (sport, code, name, country) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (sport, code) DO NOTHING RETURNING id) "
    "SELECT id FROM ins UNION ALL SELECT id FROM competitions WHERE sport = $1 AND code = $2",
    4);

static struct db_stmt q_teams =
    DB_STMT("WITH ins AS (INSERT INTO teams (sport, name) SELECT $1, unnest($2::text[]) "
            "ON CONFLICT (sport, name) DO NOTHING RETURNING id, name) "
            "SELECT id, name FROM ins UNION ALL "
            "SELECT id, name FROM teams WHERE sport = $1 AND name = ANY ($2::text[])",
        2);

static struct db_stmt q_events = DB_STMT(
    "INSERT INTO events (id, competition_id, home_team_id, away_team_id, starts_at, status, "
    "home_score, away_score, result_version, source, source_key) "
    "SELECT u.id, u.comp, u.home, u.away, to_timestamp(u.ts), u.status, u.hs, u.aws, "
    "CASE WHEN u.status = 'finished' THEN 1 ELSE 0 END, 'seed', u.key "
    "FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], "
    "$6::text[], $7::int[], $8::int[], $9::text[]) "
    "AS u(id, comp, home, away, ts, status, hs, aws, key) "
    "ON CONFLICT (source, source_key) DO NOTHING RETURNING source_key",
    9);

static struct db_stmt q_markets = DB_STMT(
    "INSERT INTO markets (event_id, kind, line, status) "
    "SELECT e.id, u.kind, u.line, CASE WHEN e.status = 'finished' THEN 'closed' ELSE 'open' END "
    "FROM unnest($1::text[], $2::text[], $3::int[]) AS u(key, kind, line) "
    "JOIN events e ON e.source = 'seed' AND e.source_key = u.key "
    "ON CONFLICT (event_id, kind, line) DO NOTHING",
    3);

static struct db_stmt q_selections =
    DB_STMT("INSERT INTO selections (market_id, outcome, odds, opening_odds, closing_odds, "
            "fair_closing_odds) "
            "SELECT m.id, u.outcome, u.odds, u.open, u.close, u.fair "
            "FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], "
            "$7::int[], $8::int[]) AS u(key, kind, line, outcome, odds, open, close, fair) "
            "JOIN events e ON e.source = 'seed' AND e.source_key = u.key "
            "JOIN markets m ON m.event_id = e.id AND m.kind = u.kind AND m.line = u.line "
            "ON CONFLICT (market_id, outcome) DO NOTHING",
        8);

static struct db_stmt q_prices =
    DB_STMT("INSERT INTO prices (selection_id, bookmaker, phase, odds, recorded_at) "
            "SELECT s.id, 'seed', u.phase, u.odds, to_timestamp(u.at) "
            "FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], "
            "$7::bigint[]) AS u(key, kind, line, outcome, phase, odds, at) "
            "JOIN events e ON e.source = 'seed' AND e.source_key = u.key "
            "JOIN markets m ON m.event_id = e.id AND m.kind = u.kind AND m.line = u.line "
            "JOIN selections s ON s.market_id = m.id AND s.outcome = u.outcome "
            "ON CONFLICT DO NOTHING",
        7);

enum { E_ID, E_COMP, E_HOME, E_AWAY, E_TS, E_STATUS, E_HS, E_AS, E_KEY, E_N };
enum { M_KEY, M_KIND, M_LINE, M_N };
enum { S_KEY, S_KIND, S_LINE, S_OUT, S_ODDS, S_OPEN, S_CLOSE, S_FAIR, S_N };
enum { P_KEY, P_KIND, P_LINE, P_OUT, P_PHASE, P_ODDS, P_AT, P_N };

struct writer {
	struct arena *a;
	const struct seed_catalog *cat;
	const unsigned char *pending;
	unsigned char *inserted;
	long long comp_id[8];
	long long *team_id[8];
	struct buf ev[E_N], mk[M_N], sel[S_N], px[P_N];
	long created;
};

static void
cols(struct buf *c, int n, int op)
{
	for (int i = 0; i < n; i++) {
		if (op == 0)
			buf_init(&c[i]);
		else if (op == 1)
			db_arr_begin(&c[i]);
		else
			buf_free(&c[i]);
	}
}

static int
ids_of_teams(struct writer *w)
{
	for (size_t c = 0; c < seed_catalog_ncomps; c++) {
		const struct seed_catalog_comp *k = &seed_catalog_comps[c];
		struct buf names;
		PGresult *r;

		r = db_query(w->a, &q_comp, DB_P(k->sport, k->code, k->name, k->country));
		if (r == NULL || db_rows(r) != 1)
			return -1;
		w->comp_id[c] = db_ll(r, 0, 0);
		buf_init(&names);
		db_arr_begin(&names);
		for (int t = 0; t < k->nteams; t++)
			db_arr_str(&names, k->teams[t]);
		r = db_query(w->a, &q_teams, DB_P(k->sport, db_arr_end(&names)));
		buf_free(&names);
		if (r == NULL)
			return -1;
		w->team_id[c] = arena_calloc(w->a, (size_t)k->nteams, sizeof(long long));
		for (int i = 0; i < db_rows(r); i++)
			for (int t = 0; t < k->nteams; t++)
				if (strcmp(db_val(r, i, 1), k->teams[t]) == 0)
					w->team_id[c][t] = db_ll(r, i, 0);
		for (int t = 0; t < k->nteams; t++)
			if (w->team_id[c][t] == 0)
				return -1;
	}
	return 0;
}

static int
finished(const struct writer *w, size_t i)
{
	return w->cat->ev[i].starts_at < w->cat->today && !(w->pending && w->pending[i]);
}

static int
key_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct seed_catalog_event *)e)->key);
}

/* The catalogue's event with this key (the catalogue is sorted by time, so
 * the batch [lo, hi) is searched linearly; it is small). */
static long
batch_find(const struct seed_catalog *cat, size_t lo, size_t hi, const char *key)
{
	for (size_t i = lo; i < hi; i++)
		if (key_cmp(key, &cat->ev[i]) == 0)
			return (long)i;
	return -1;
}

/* Opening prices appear three days before kick-off, and never after the
 * seed's day began (no price is recorded in the future). */
static int64_t
open_at(const struct seed_catalog *cat, const struct seed_catalog_event *e)
{
	int64_t t = e->starts_at - OPEN_LEAD;

	return t < cat->today - 3600 ? t : cat->today - 3600;
}

/* The events of cat->ev[lo..hi) that do not exist yet; ins[i - lo] is set
 * for those inserted. The number inserted, or a DB error. */
static long
write_events(struct writer *w, size_t lo, size_t hi, unsigned char *ins)
{
	const struct seed_catalog *cat = w->cat;
	const char *e[E_N];
	PGresult *r;

	cols(w->ev, E_N, 1);
	for (size_t i = lo; i < hi; i++) {
		const struct seed_catalog_event *v = &cat->ev[i];
		char id[UUID_STRLEN + 1];
		int done = finished(w, i);

		util_uuid7(id);
		db_arr_str(&w->ev[E_ID], id);
		db_arr_int(&w->ev[E_COMP], w->comp_id[v->comp], 0);
		db_arr_int(&w->ev[E_HOME], w->team_id[v->comp][v->home], 0);
		db_arr_int(&w->ev[E_AWAY], w->team_id[v->comp][v->away], 0);
		db_arr_int(&w->ev[E_TS], v->starts_at, 0);
		db_arr_str(&w->ev[E_STATUS], done ? "finished" : "scheduled");
		db_arr_int(&w->ev[E_HS], v->home_score, !done);
		db_arr_int(&w->ev[E_AS], v->away_score, !done);
		db_arr_str(&w->ev[E_KEY], v->key);
	}
	for (int i = 0; i < E_N; i++)
		e[i] = db_arr_end(&w->ev[i]);
	r = db_query(w->a, &q_events,
	    DB_P(e[E_ID], e[E_COMP], e[E_HOME], e[E_AWAY], e[E_TS], e[E_STATUS], e[E_HS], e[E_AS],
	        e[E_KEY]));
	if (r == NULL)
		return db_last_rc();
	for (int i = 0; i < db_rows(r); i++) {
		long k = batch_find(cat, lo, hi, db_val(r, i, 0));

		if (k >= 0) {
			ins[k - (long)lo] = 1;
			if (w->inserted)
				w->inserted[k] = 1;
		}
	}
	w->created += db_rows(r);
	return db_rows(r);
}

/* One priced market of event v into the market, selection and price
 * columns: opening prices, and closing ones too when done. */
static void
put_market(struct writer *w, const struct seed_catalog_event *v,
    const struct seed_catalog_market *mk, int done)
{
	db_arr_str(&w->mk[M_KEY], v->key);
	db_arr_str(&w->mk[M_KIND], mk->kind);
	db_arr_int(&w->mk[M_LINE], mk->line, 0);
	for (int o = 0; o < mk->nout; o++) {
		db_arr_str(&w->sel[S_KEY], v->key);
		db_arr_str(&w->sel[S_KIND], mk->kind);
		db_arr_int(&w->sel[S_LINE], mk->line, 0);
		db_arr_str(&w->sel[S_OUT], mk->outcomes[o]);
		db_arr_int(&w->sel[S_ODDS], done ? mk->close[o] : mk->open[o], 0);
		db_arr_int(&w->sel[S_OPEN], mk->open[o], 0);
		db_arr_int(&w->sel[S_CLOSE], mk->close[o], !done);
		db_arr_int(&w->sel[S_FAIR], mk->fair[o], !done);
		for (int ph = 0; ph < 1 + done; ph++) {
			db_arr_str(&w->px[P_KEY], v->key);
			db_arr_str(&w->px[P_KIND], mk->kind);
			db_arr_int(&w->px[P_LINE], mk->line, 0);
			db_arr_str(&w->px[P_OUT], mk->outcomes[o]);
			db_arr_str(&w->px[P_PHASE], ph ? "close" : "open");
			db_arr_int(&w->px[P_ODDS], ph ? mk->close[o] : mk->open[o], 0);
			db_arr_int(&w->px[P_AT], ph ? v->starts_at : open_at(w->cat, v), 0);
		}
	}
}

/* Writes the collected markets, selections and prices. DB_OK or a DB
 * error. */
static int
write_markets(struct writer *w)
{
	const char *m[M_N], *s[S_N], *p[P_N];

	for (int i = 0; i < M_N; i++)
		m[i] = db_arr_end(&w->mk[i]);
	for (int i = 0; i < S_N; i++)
		s[i] = db_arr_end(&w->sel[i]);
	for (int i = 0; i < P_N; i++)
		p[i] = db_arr_end(&w->px[i]);
	if (db_cmd(w->a, &q_markets, DB_P(m[M_KEY], m[M_KIND], m[M_LINE])) < 0 ||
	    db_cmd(w->a, &q_selections,
	        DB_P(s[S_KEY], s[S_KIND], s[S_LINE], s[S_OUT], s[S_ODDS], s[S_OPEN], s[S_CLOSE],
	            s[S_FAIR])) < 0 ||
	    db_cmd(w->a, &q_prices,
	        DB_P(p[P_KEY], p[P_KIND], p[P_LINE], p[P_OUT], p[P_PHASE], p[P_ODDS], p[P_AT])) < 0)
		return db_last_rc();
	return DB_OK;
}

static int
write_batch(struct writer *w, size_t lo, size_t hi)
{
	const struct seed_catalog *cat = w->cat;
	unsigned char *ins = arena_calloc(w->a, hi - lo, 1);
	long n;

	if (ins == NULL)
		return DB_ERR;
	if ((n = write_events(w, lo, hi, ins)) <= 0)
		return n < 0 ? (int)n : DB_OK;

	cols(w->mk, M_N, 1);
	cols(w->sel, S_N, 1);
	cols(w->px, P_N, 1);
	for (size_t i = lo; i < hi; i++) {
		const struct seed_catalog_event *v = &cat->ev[i];
		int done = finished(w, i);

		if (!ins[i - lo])
			continue;
		for (int k = 0; k < v->nmk; k++)
			if (v->mk[k].open[0] != 0)
				put_market(w, v, &v->mk[k], done);
	}
	return write_markets(w);
}

long
seed_catalog_write(struct arena *a, const struct seed_catalog *cat, const unsigned char *pending,
    unsigned char *inserted)
{
	struct writer w;
	int rc = DB_OK;

	memset(&w, 0, sizeof(w));
	w.a = a;
	w.cat = cat;
	w.pending = pending;
	w.inserted = inserted;
	if (seed_catalog_ncomps > TG_NELEM(w.comp_id))
		return DB_ERR;
	cols(w.ev, E_N, 0);
	cols(w.mk, M_N, 0);
	cols(w.sel, S_N, 0);
	cols(w.px, P_N, 0);
	if (ids_of_teams(&w) != 0)
		rc = db_last_rc() != DB_OK ? db_last_rc() : DB_ERR;
	for (size_t lo = 0; rc == DB_OK && lo < cat->n; lo += SEED_BATCH)
		rc = write_batch(&w, lo, lo + SEED_BATCH < cat->n ? lo + SEED_BATCH : cat->n);
	cols(w.ev, E_N, 2);
	cols(w.mk, M_N, 2);
	cols(w.sel, S_N, 2);
	cols(w.px, P_N, 2);
	return rc == DB_OK ? w.created : rc;
}

static int
ptr_key_cmp(const void *x, const void *y)
{
	const struct seed_catalog_event *const *a = x, *const *b = y;

	return strcmp((*a)->key, (*b)->key);
}

static int
key_ptr_cmp(const void *k, const void *y)
{
	const struct seed_catalog_event *const *b = y;

	return strcmp(k, (*b)->key);
}

int
seed_catalog_refs(struct arena *a, const struct seed_catalog *cat, struct seed_catalog_ref *out)
{
	static struct db_stmt q =
	    DB_STMT("SELECT e.source_key, e.id, m.kind, m.line, s.outcome, s.id "
	            "FROM events e JOIN markets m ON m.event_id = e.id "
	            "JOIN selections s ON s.market_id = m.id "
	            "WHERE e.source = 'seed' AND e.starts_at >= to_timestamp($1::bigint) "
	            "AND e.starts_at <= to_timestamp($2::bigint)",
	        2);
	const struct seed_catalog_event **idx;
	char from[24], to[24];
	PGresult *r;

	memset(out, 0, cat->n * sizeof(*out));
	if (cat->n == 0)
		return DB_OK;
	if ((idx = arena_alloc(a, cat->n * sizeof(*idx))) == NULL)
		return DB_ERR;
	for (size_t i = 0; i < cat->n; i++)
		idx[i] = &cat->ev[i];
	qsort(idx, cat->n, sizeof(*idx), ptr_key_cmp);
	snprintf(from, sizeof(from), "%lld", (long long)cat->ev[0].starts_at);
	snprintf(to, sizeof(to), "%lld", (long long)cat->ev[cat->n - 1].starts_at);
	if ((r = db_query(a, &q, DB_P(from, to))) == NULL)
		return db_last_rc();
	for (int i = 0; i < db_rows(r); i++) {
		const struct seed_catalog_event *const *f =
		    bsearch(db_val(r, i, 0), idx, cat->n, sizeof(*idx), key_ptr_cmp);
		const struct seed_catalog_event *e;
		struct seed_catalog_ref *ref;

		if (f == NULL)
			continue;
		e = *f;
		ref = &out[e - cat->ev];
		snprintf(ref->event_id, sizeof(ref->event_id), "%s", db_val(r, i, 1));
		for (int k = 0; k < e->nmk; k++) {
			if (strcmp(e->mk[k].kind, db_val(r, i, 2)) != 0 ||
			    e->mk[k].line != db_ll(r, i, 3))
				continue;
			for (int o = 0; o < e->mk[k].nout; o++)
				if (strcmp(e->mk[k].outcomes[o], db_val(r, i, 4)) == 0)
					ref->sel[k][o] = db_ll(r, i, 5);
		}
	}
	return DB_OK;
}

/* One event's closing set as arrays: kind, line, outcome, close, fair. */
static void
closing_arrays(const struct seed_catalog_event *e, struct buf c[5], const char *v[5])
{
	for (int i = 0; i < 5; i++) {
		buf_init(&c[i]);
		db_arr_begin(&c[i]);
	}
	for (int k = 0; k < e->nmk; k++)
		for (int o = 0; o < e->mk[k].nout; o++) {
			if (e->mk[k].close[o] == 0)
				continue;
			db_arr_str(&c[0], e->mk[k].kind);
			db_arr_int(&c[1], e->mk[k].line, 0);
			db_arr_str(&c[2], e->mk[k].outcomes[o]);
			db_arr_int(&c[3], e->mk[k].close[o], 0);
			db_arr_int(&c[4], e->mk[k].fair[o], 0);
		}
	for (int i = 0; i < 5; i++)
		v[i] = db_arr_end(&c[i]);
}

int
seed_catalog_finish(struct arena *a, const char *event_id, const struct seed_catalog_event *e)
{
	/* One statement: the CTEs see the rows as they were before it, so the
	 * price rows go in only where no closing price was set (by kick-off). */
	static struct db_stmt q = DB_STMT(
	    "WITH ev AS (UPDATE events SET status = 'finished', home_score = $2::int, "
	    "away_score = $3::int, result_version = result_version + 1, updated_at = now() "
	    "WHERE id = $1::uuid AND status IN ('scheduled', 'live') RETURNING id, starts_at), "
	    "u AS (SELECT * FROM unnest($4::text[], $5::int[], $6::text[], $7::int[], $8::int[]) "
	    "AS u(kind, line, outcome, close, fair)), "
	    "mk AS (UPDATE markets SET status = 'closed' WHERE event_id IN (SELECT id FROM ev) "
	    "AND status IN ('open', 'suspended') RETURNING id), "
	    "sel AS (UPDATE selections s SET odds = coalesce(s.closing_odds, u.close), "
	    "closing_odds = coalesce(s.closing_odds, u.close), "
	    "fair_closing_odds = CASE WHEN s.closing_odds IS NULL THEN u.fair "
	    "ELSE s.fair_closing_odds END, updated_at = now() "
	    "FROM ev, markets m, u WHERE m.event_id = ev.id AND s.market_id = m.id "
	    "AND m.kind = u.kind AND m.line = u.line AND s.outcome = u.outcome RETURNING s.id), "
	    "px AS (INSERT INTO prices (selection_id, bookmaker, phase, odds, recorded_at) "
	    "SELECT s.id, 'seed', 'close', u.close, ev.starts_at FROM ev "
	    "JOIN markets m ON m.event_id = ev.id JOIN u ON u.kind = m.kind AND u.line = m.line "
	    "JOIN selections s ON s.market_id = m.id AND s.outcome = u.outcome "
	    "WHERE s.closing_odds IS NULL ON CONFLICT DO NOTHING) "
	    "SELECT (SELECT count(*) FROM ev), (SELECT count(*) FROM mk), (SELECT count(*) FROM sel)",
	    8);
	char hs[16], as[16];
	struct buf c[5];
	const char *v[5];
	PGresult *r;

	snprintf(hs, sizeof(hs), "%d", e->home_score);
	snprintf(as, sizeof(as), "%d", e->away_score);
	closing_arrays(e, c, v);
	r = db_query(a, &q, DB_P(event_id, hs, as, v[0], v[1], v[2], v[3], v[4]));
	for (int i = 0; i < 5; i++)
		buf_free(&c[i]);
	if (r == NULL)
		return db_last_rc();
	return db_ll(r, 0, 0) > 0 ? 1 : 0;
}

/* An hour before kick-off the price moves to the closing price, so that
 * kick-off (or the result step) records the model's closing line. */
static int
move_to_close(struct arena *a, const char *event_id, const struct seed_catalog_event *e)
{
	static struct db_stmt q =
	    DB_STMT("WITH u AS (SELECT * FROM unnest($2::text[], $3::int[], $4::text[], $5::int[]) "
	            "AS u(kind, line, outcome, close)), "
	            "sel AS (UPDATE selections s SET odds = u.close, updated_at = now() "
	            "FROM events e, markets m, u WHERE e.id = $1::uuid AND e.status = 'scheduled' "
	            "AND e.starts_at > now() AND m.event_id = e.id AND m.status = 'open' "
	            "AND s.market_id = m.id AND m.kind = u.kind AND m.line = u.line "
	            "AND s.outcome = u.outcome AND s.closing_odds IS NULL "
	            "AND s.odds IS DISTINCT FROM u.close RETURNING s.id, u.close) "
	            "INSERT INTO prices (selection_id, bookmaker, phase, odds, recorded_at) "
	            "SELECT id, 'seed', 'update', close, now() FROM sel ON CONFLICT DO NOTHING",
	        5);
	struct buf c[5];
	const char *v[5];
	long long n;

	closing_arrays(e, c, v);
	n = db_cmd(a, &q, DB_P(event_id, v[0], v[1], v[2], v[3]));
	for (int i = 0; i < 5; i++)
		buf_free(&c[i]);
	return n < 0 ? (int)n : DB_OK;
}

int
seed_catalog_schedule(
    struct arena *a, const char *event_id, const struct seed_catalog_event *e, int64_t now)
{
	int64_t close_at = e->starts_at - 3600;
	int64_t result_at = e->starts_at + (int64_t)seed_catalog_comps[e->comp].minutes * 60;
	int rc;

	rc = jobs_enqueue(a, "seed_result",
	    json_pack("{s:s, s:s}", "event_id", event_id, "step", "close"),
	    close_at > now ? (int)(close_at - now) : 0, arena_printf(a, "seed_close:%s", event_id));
	/* kick-off itself (status live, closing prices) is the feed's job */
	if (rc == DB_OK)
		rc = catalog_kickoff_enqueue(a, event_id);
	if (rc != DB_OK)
		return rc;
	return jobs_enqueue(a, "seed_result",
	    json_pack("{s:s, s:s}", "event_id", event_id, "step", "result"),
	    result_at > now ? (int)(result_at - now) : 0,
	    arena_printf(a, "seed_result:%s", event_id));
}

int
seed_job_result(
    struct arena *a, const struct tenancy_tenant *t, json_t *payload, char *err, size_t errsz)
{
	static struct db_stmt q =
	    DB_STMT("SELECT source, source_key FROM events WHERE id = $1::uuid", 1);
	const char *id = json_string_value(json_object_get(payload, "event_id"));
	const char *step = json_string_value(json_object_get(payload, "step"));
	struct seed_catalog_event e;
	uint64_t seed;
	PGresult *r;
	int rc;

	if (id == NULL || !util_uuid_valid(id) || step == NULL ||
	    (strcmp(step, "close") != 0 && strcmp(step, "result") != 0)) {
		snprintf(err, errsz, "payload needs event_id and step close|result");
		return -1;
	}
	if ((r = db_query(a, &q, DB_P(id))) == NULL) {
		snprintf(err, errsz, "reading the event failed");
		return -1;
	}
	if (db_rows(r) == 0 || strcmp(db_val(r, 0, 0), "seed") != 0)
		return 0; /* gone, or not a seeded event: nothing to draw */
	if (seed_catalog_lookup(db_val(r, 0, 1), &seed, &e) != 0) {
		snprintf(err, errsz, "event %s: %s names no seeded match", id, db_val(r, 0, 1));
		return -1;
	}
	if (strcmp(step, "close") == 0) {
		if (move_to_close(a, id, &e) != DB_OK) {
			snprintf(err, errsz, "moving the prices failed");
			return -1;
		}
		return 0;
	}
	if ((rc = seed_catalog_finish(a, id, &e)) < 0) {
		snprintf(err, errsz, "recording the result failed");
		return -1;
	}
	if (rc == 1) {
		if (catalog_result_recorded(a, id) != DB_OK) {
			snprintf(err, errsz, "queueing the settlement failed");
			return -1;
		}
		log_info("seed: %s %d-%d on %s", e.key, e.home_score, e.away_score, t->slug);
	}
	return 0;
}

int
seed_catalog_stored(struct arena *a, uint64_t *seed)
{
	static struct db_stmt q =
	    DB_STMT("SELECT source_key FROM events WHERE source = 'seed' LIMIT 1", 0);
	PGresult *r = db_query(a, &q, NULL);
	uint64_t s;

	if (r == NULL)
		return db_last_rc();
	if (db_rows(r) == 0)
		return 0;
	if (sscanf(db_val(r, 0, 0), "s%" SCNu64 ":", &s) != 1)
		return DB_ERR;
	*seed = s;
	return 1;
}
