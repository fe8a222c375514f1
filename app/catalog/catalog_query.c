/*
 * The catalogue's reads, shared by the pages and the JSON API. A listing is
 * a constant number of statements whatever its size: one for the page of
 * events, one for all their markets and selections (= ANY of the ids), and
 * for a single event one more for its price history.
 */
#include "catalog_web.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"

#define EVENT_COLUMNS                                                                               \
	"SELECT e.id, c.sport, sp.name, c.id, c.name, c.country, h.name, a.name, "                  \
	"to_char(e.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "               \
	"CASE WHEN e.status = 'scheduled' AND e.starts_at <= now() THEN 'live' ELSE e.status END, " \
	"e.home_score, e.away_score, e.status = 'scheduled' AND e.starts_at > now(), "              \
	"e.result_version, to_char(e.starts_at AT TIME ZONE 'UTC', 'Dy DD Mon YYYY, HH24:MI') "     \
	"FROM events e JOIN competitions c ON c.id = e.competition_id "                             \
	"JOIN sports sp ON sp.key = c.sport JOIN teams h ON h.id = e.home_team_id "                 \
	"JOIN teams a ON a.id = e.away_team_id "

/* The statuses a client filters by; 'live' includes scheduled events whose
 * start has passed (the kick-off job may not have run yet). */
#define STATUS_FILTER(p)                                                                           \
	"CASE " p " WHEN 'upcoming' THEN e.status = 'scheduled' AND e.starts_at > now() "          \
	"WHEN 'live' THEN e.status = 'live' OR (e.status = 'scheduled' AND e.starts_at <= now()) " \
	"ELSE e.status = " p " END "

PGresult *
catalog_q_events(struct arena *a, const struct catalog_filter *f)
{
	/* Upcoming and live events soonest first, results latest first; the
	 * board groups by sport and competition before that. */
	static struct db_stmt q = DB_STMT(EVENT_COLUMNS
	    "WHERE ($1::text IS NULL OR c.sport = $1) AND ($2::bigint IS NULL OR c.id = $2) "
	    "AND " STATUS_FILTER(
	        "$3::text") "AND ($4::timestamptz IS NULL OR e.starts_at >= $4) "
	                    "AND ($5::timestamptz IS NULL OR e.starts_at < $5) "
	                    "ORDER BY CASE WHEN $8::boolean THEN sp.position END, "
	                    "CASE WHEN $8::boolean THEN c.name END, CASE WHEN $8::boolean THEN c.id END, "
	                    "CASE WHEN $3::text IN ('finished', 'cancelled') THEN e.starts_at END DESC, "
	                    "e.starts_at, e.id OFFSET $6::bigint LIMIT $7::int",
	    8);
	char comp[24], off[24], lim[16];

	snprintf(comp, sizeof(comp), "%lld", f->competition);
	snprintf(off, sizeof(off), "%lld", (f->page - 1) * f->limit);
	snprintf(lim, sizeof(lim), "%d", f->limit + 1);
	return db_query(a, &q,
	    DB_P(f->sport, f->competition > 0 ? comp : NULL, f->status, f->from, f->to, off, lim,
	        f->grouped ? "true" : "false"));
}

PGresult *
catalog_q_event(struct arena *a, const char *event_id)
{
	static struct db_stmt q = DB_STMT(EVENT_COLUMNS "WHERE e.id = $1::uuid", 1);

	return db_query(a, &q, DB_P(event_id));
}

PGresult *
catalog_q_markets(struct arena *a, const PGresult *ev, int nrows, int main_only)
{
	/* In the order of the events given, then match result, moneyline,
	 * handicaps and totals by line, outcomes in display order. */
	static struct db_stmt q = DB_STMT(
	    "SELECT m.event_id, m.id, m.kind, m.line, m.status, s.id, s.outcome, s.odds, "
	    "s.opening_odds, s.closing_odds, s.fair_closing_odds "
	    "FROM markets m LEFT JOIN selections s ON s.market_id = m.id "
	    "WHERE m.event_id = ANY($1::uuid[]) AND (NOT $2::boolean OR m.kind IN ('1x2', 'moneyline')) "
	    "ORDER BY array_position($1::uuid[], m.event_id), "
	    "array_position(ARRAY['1x2', 'moneyline', 'handicap', 'total'], m.kind), m.line, m.id, "
	    "array_position(ARRAY['home', 'draw', 'away', 'over', 'under'], s.outcome)",
	    2);
	struct buf ids;
	PGresult *r;

	buf_init(&ids);
	db_arr_begin(&ids);
	for (int i = 0; i < nrows; i++)
		db_arr_str(&ids, db_val(ev, i, EV_ID));
	r = db_query(a, &q, DB_P(db_arr_end(&ids), main_only ? "true" : "false"));
	buf_free(&ids);
	return r;
}

PGresult *
catalog_q_history(struct arena *a, const char *event_id)
{
	static struct db_stmt q =
	    DB_STMT("SELECT p.selection_id, p.bookmaker, p.phase, p.odds, "
	            "to_char(p.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
	            "FROM prices p JOIN selections s ON s.id = p.selection_id "
	            "JOIN markets m ON m.id = s.market_id WHERE m.event_id = $1::uuid "
	            "ORDER BY p.selection_id, p.recorded_at, "
	            "array_position(ARRAY['open', 'update', 'close'], p.phase), p.bookmaker",
	        1);

	return db_query(a, &q, DB_P(event_id));
}

PGresult *
catalog_q_filters(struct arena *a, const char *status)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT c.sport, sp.name, c.id, c.name, c.country, count(*) "
	    "FROM events e JOIN competitions c ON c.id = e.competition_id "
	    "JOIN sports sp ON sp.key = c.sport WHERE " STATUS_FILTER(
	        "$1::text") "GROUP BY c.sport, sp.name, sp.position, c.id ORDER BY sp.position, c.name, c.id",
	    1);

	return db_query(a, &q, DB_P(status));
}
