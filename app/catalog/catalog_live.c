/*
 * Kick-off: the price at kick-off becomes the closing price.
 *
 * catalog_close_event() runs in the caller's tenant transaction: from job
 * "kickoff" (queued by the operator feed for each event's start), and from
 * the results endpoint before a result is applied, so that settlement always
 * sees closing prices. The first statement takes the event's row lock (the
 * odds feed takes a share lock on the events it changes), so a price change
 * committed just before kick-off is the one that closes.
 *
 * Job "kickoff" is deduplicated per event and start time
 * ("kickoff:<event_id>:<unix start>"): a job cannot requeue itself under its
 * own key while it is still queued, and a moved kick-off gets a job of its
 * own. A job that finds the event's start moved later requeues itself for
 * the new time; every run also sweeps other due events (imported or seeded
 * events have no job of their own).
 */
#include "catalog_web.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../jobs/jobs.h"

#define SWEEP_MAX "200"

int
catalog_close_event(struct arena *a, const char *event_id)
{
	static struct db_stmt q_live = DB_STMT(
	    "UPDATE events SET status = 'live', updated_at = now() "
	    "WHERE id = $1::uuid AND status = 'scheduled' AND starts_at <= now() RETURNING id",
	    1);
	static struct db_stmt q_sel =
	    DB_STMT("SELECT m.id, m.kind, s.id, coalesce(s.closing_odds, s.odds) "
	            "FROM markets m JOIN selections s ON s.market_id = m.id "
	            "WHERE m.event_id = $1::uuid ORDER BY m.id, s.id",
	        1);
	/* Only values not set yet are written; each new closing price is
	 * recorded at kick-off. */
	static struct db_stmt q_close = DB_STMT(
	    "WITH u AS (SELECT * FROM unnest($2::bigint[], $3::int[], $4::int[]) AS u(id, close, fair)), "
	    "up AS (UPDATE selections s SET closing_odds = coalesce(s.closing_odds, u.close), "
	    "fair_closing_odds = coalesce(s.fair_closing_odds, u.fair), updated_at = now() FROM u "
	    "WHERE s.id = u.id AND ((s.closing_odds IS NULL AND u.close IS NOT NULL) OR "
	    "(s.fair_closing_odds IS NULL AND u.fair IS NOT NULL)) RETURNING s.id, s.closing_odds) "
	    "INSERT INTO prices (selection_id, bookmaker, phase, odds, recorded_at) "
	    "SELECT up.id, 'feed', 'close', up.closing_odds, e.starts_at FROM up "
	    "JOIN events e ON e.id = $1::uuid WHERE up.closing_odds IS NOT NULL "
	    "ON CONFLICT DO NOTHING",
	    4);
	struct buf ids, close, fair;
	PGresult *r, *s;
	int rc, n;

	if ((r = db_query(a, &q_live, DB_P(event_id))) == NULL)
		return db_last_rc();
	if (db_rows(r) == 0)
		return 0;
	if ((s = db_query(a, &q_sel, DB_P(event_id))) == NULL)
		return db_last_rc();
	n = db_rows(s);
	buf_init(&ids);
	buf_init(&close);
	buf_init(&fair);
	db_arr_begin(&ids);
	db_arr_begin(&close);
	db_arr_begin(&fair);
	for (int i = 0; i < n;) {
		/* One market: rows [i, j). Fair prices only for a complete market. */
		const char *mid = db_val(s, i, 0), *kind = db_val(s, i, 1);
		int32_t px[3] = { 0, 0, 0 }, fp[3] = { 0, 0, 0 };
		int j = i, priced = 1, fair_ok;

		while (j < n && strcmp(db_val(s, j, 0), mid) == 0) {
			if (j - i < 3)
				px[j - i] = db_val(s, j, 3) ? (int32_t)db_ll(s, j, 3) : 0;
			priced = priced && db_val(s, j, 3) != NULL;
			j++;
		}
		fair_ok = priced && j - i == catalog_outcome_count(kind) &&
		    catalog_fair_odds(px, (size_t)(j - i), fp) == 0;
		for (int k = i; k < j; k++) {
			db_arr_int(&ids, db_ll(s, k, 2), 0);
			db_arr_int(&close, db_ll(s, k, 3), db_val(s, k, 3) == NULL);
			db_arr_int(&fair, fair_ok ? fp[k - i] : 0, !fair_ok);
		}
		i = j;
	}
	rc = db_cmd(a, &q_close,
	         DB_P(event_id, db_arr_end(&ids), db_arr_end(&close), db_arr_end(&fair))) < 0
	    ? db_last_rc()
	    : 1;
	buf_free(&ids);
	buf_free(&close);
	buf_free(&fair);
	return rc;
}

long
catalog_close_due(struct arena *a)
{
	static struct db_stmt q =
	    DB_STMT("SELECT id FROM events WHERE status = 'scheduled' AND starts_at <= now() "
	            "ORDER BY starts_at, id LIMIT $1::int",
	        1);
	PGresult *r = db_query(a, &q, DB_P(SWEEP_MAX));
	long closed = 0;

	if (r == NULL)
		return db_last_rc();
	for (int i = 0; i < db_rows(r); i++) {
		int rc = catalog_close_event(a, db_val(r, i, 0));

		if (rc < 0)
			return rc;
		closed += rc;
	}
	return closed;
}

int
catalog_kickoff_enqueue(struct arena *a, const char *event_id)
{
	static struct db_stmt q =
	    DB_STMT("SELECT least(greatest(0, ceil(extract(epoch FROM starts_at - now()))), "
	            /* a job's delay is an int: a later start wakes the job early, and it
	     * requeues itself for the rest (catalog_job_kickoff) */
	            "2147483647)::int, "
	            "extract(epoch FROM starts_at)::bigint FROM events "
	            "WHERE id = $1::uuid AND status = 'scheduled'",
	        1);
	PGresult *r = db_query(a, &q, DB_P(event_id));

	if (r == NULL)
		return db_last_rc();
	if (db_rows(r) == 0)
		return DB_OK;
	return jobs_enqueue(a, "kickoff", json_pack("{s:s}", "event_id", event_id),
	    (int)db_ll(r, 0, 0), arena_printf(a, "kickoff:%s:%s", event_id, db_val(r, 0, 1)));
}

int
catalog_job_kickoff(
    struct arena *a, const struct tenancy_tenant *t, json_t *payload, char *err, size_t errsz)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT starts_at > now() FROM events WHERE id = $1::uuid AND status = 'scheduled'", 1);
	const char *id = json_string_value(json_object_get(payload, "event_id"));
	PGresult *r;
	long n;

	(void)t;
	if (id == NULL || !util_uuid_valid(id)) {
		snprintf(err, errsz, "payload has no valid event_id");
		return -1;
	}
	if ((r = db_query(a, &q, DB_P(id))) == NULL)
		goto dberr;
	/* Kick-off moved later: wait for the new time. */
	if (db_rows(r) == 1 && strcmp(db_val(r, 0, 0), "t") == 0)
		return catalog_kickoff_enqueue(a, id) == DB_OK ? 0 : -1;
	if (db_rows(r) == 1 && catalog_close_event(a, id) < 0)
		goto dberr;
	if ((n = catalog_close_due(a)) < 0)
		goto dberr;
	if (n > 0)
		log_info("kickoff: closed %ld other due event%s", n, n == 1 ? "" : "s");
	return 0;
dberr:
	snprintf(err, errsz, "database error %s", db_sqlstate());
	return -1;
}
