/*
 * catalog: sports, competitions, teams, events, markets, selections and
 * prices. This header is, for now, the importers' public face:
 *
 *   catalog_import_football_data()  football-data.co.uk CSVs (1X2, O/U 2.5,
 *                                   Asian handicap; opening and closing
 *                                   prices of eight bookmakers)
 *   catalog_import_nba()            the NBA 2008-2025 CSV (moneylines)
 *   catalog_import_nfl()            the NFL 2011-2021 JSON (closing moneylines)
 *
 * Design. A parser turns one source row into a struct catalog_row (event,
 * result, markets with per-bookmaker opening/closing prices) and reports
 * bad input as "FILE:LINE: reason" on stderr: a structural problem (date,
 * teams, goals) skips the row, a bad price skips only that price. Rows are
 * queued in a batch (catalog_db.c) that is written, every CATALOG_BATCH
 * rows, in one tenant transaction with four statements whose parameters are
 * PostgreSQL arrays expanded by unnest(): events, markets, selections,
 * prices. Every write is an idempotent upsert (an update only when a value
 * differs, prices ON CONFLICT DO NOTHING), so importing a file again changes
 * nothing. A failed batch is rolled back and reported; the next one goes on.
 * Competitions and teams are looked up (or created) once per run and cached.
 *
 * Choices about the data:
 *   - events.source is "football-data", "nba" or "nfl"; source_key is
 *     "Div:YYYY-MM-DD:Home:Away" or "YYYY-MM-DD:Away@Home" (kick-off time is
 *     not part of it, so a moved kick-off updates the event).
 *   - Kick-off is local time converted in SQL (AT TIME ZONE): football-data
 *     Date+Time in Europe/London (no Time: 15:00); NBA 19:00 and NFL 13:00
 *     America/New_York. Prices are recorded at kick-off ('close') and three
 *     days before ('open').
 *   - football-data books b365 bw iw ps wh vc max avg ("PS" columns in 1X2,
 *     "P" in O/U and AH are both Pinnacle). A selection's opening/closing odds
 *     are Pinnacle's, else the market average's, per selection; its fair
 *     closing odds are catalog_fair_odds() over Pinnacle's closing set when
 *     complete, else Avg's, else NULL; odds (current) = closing, else opening.
 *     AH opening (AHh) and closing (AHCh) lines that differ are two markets.
 *   - NBA/NFL moneylines are one price per game, stored as book "consensus",
 *     phase 'close'. Spreads and totals come without prices: no market. A row
 *     whose favourite (whos_favored, or the NFL closing spread's sign, a
 *     pick'em 0 included) contradicts its moneylines keeps its result and
 *     loses its prices. NFL reports name the game's index (line = index + 1).
 *   - Markets of finished events are created 'closed'; an existing market's
 *     status is never changed by an import.
 */
#ifndef TG_CATALOG_H
#define TG_CATALOG_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "../http/http.h"

#define CATALOG_BATCH 500

struct catalog_stats {
	long rows;    /* data rows read */
	long created; /* events inserted */
	long updated; /* events whose stored values changed */
	long prices;  /* price rows inserted */
	long skipped; /* rows not imported (bad row or failed batch) */
	long reports; /* lines written to stderr about bad input */
};

/* schema: the tenant's schema (db_tenant_schema); the admin connection must
 * be open. Each returns 0, or -1 when the file could not be read at all. */
int catalog_import_football_data(const char *schema, const char *path, struct catalog_stats *);
int catalog_import_nba(const char *schema, const char *path, struct catalog_stats *);
int catalog_import_nfl(const char *schema, const char *path, struct catalog_stats *);

/*
 * The web side: the events board and event pages, the JSON reads, the
 * operator feed and kick-off.
 *
 *   catalog_core.c   pure helpers (outcomes per market kind, odds and lines
 *                    from JSON, timestamps, labels, sparklines)
 *   catalog_query.c  the read statements pages and JSON share: a page of
 *                    events, then every market of those events in one
 *                    statement (= ANY), then one event's price history
 *   catalog_pages.c  GET /events, GET /events/{event_id}
 *   catalog_api.c    GET /social/events, GET /social/events/{event_id}
 *   catalog_feed.c   POST /admin/api/events, /admin/api/odds, /admin/api/results
 *   catalog_live.c   kick-off: the price at kick-off becomes the closing price
 *
 * Feed events are source 'feed' with source_key = the operator's external
 * id. Every feed price is kept in prices under bookmaker 'feed': 'open' when
 * a selection is first priced, 'update' on each change, 'close' at kick-off.
 * Kick-off runs from job "kickoff" (queued by the feed for the start time;
 * it also sweeps every other event that is due) and before a result is
 * applied. Code that creates upcoming events outside the feed (seeds) queues
 * their kick-off with catalog_kickoff_enqueue(). docs/operator-api.md
 * documents the feed.
 */
struct arena;
struct tenancy_tenant;

/* ---- pure helpers (catalog_core.c) ---- */

/* The sports a member can pick and filter by (favourite sports, a post's or
 * a search's sport), NULL-terminated. */
extern const char *const catalog_sports[];

/* Outcomes of a market kind in display order, NULL-terminated; NULL for an
 * unknown kind. */
const char *const *catalog_outcomes(const char *kind);
int catalog_outcome_count(const char *kind);
/* Does the kind carry a line (handicap, total)? */
int catalog_kind_has_line(const char *kind);
/* Decimal odds from a JSON number or string (2.1, "2.10") into thousandths:
 * at most three decimals, above 1.0, at most ODDS_MAX. NULL or a message. */
const char *catalog_json_odds(const json_t *, int32_t *out);
/* A line from a JSON number or string (-0.25, "2.5") into hundredths:
 * quarter steps only. NULL or a message. */
const char *catalog_json_line(const json_t *, int32_t *out);
/* RFC 3339 with a zone ("2026-05-01T19:45:00Z", "...+02:00"); with date_ok
 * also a plain date ("2026-05-01"). 1 when valid, calendar checked. */
int catalog_time_valid(const char *s, int date_ok);
/* "Arsenal", "Draw", "Over 2.5", "Arsenal -0.25", "Chelsea +0.25". */
void catalog_outcome_label(const char *kind, int32_t line, const char *outcome, const char *home,
    const char *away, char *out, size_t n);
/* "Match result", "Moneyline", "Handicap -0.25", "Total 2.5". */
void catalog_market_label(const char *kind, int32_t line, char *out, size_t n);
/* SVG polyline points for prices odds[0..n) in a w x h box (higher odds
 * higher up; a single or constant price is a flat line). Returns the length
 * written, 0 when n is 0 or out is too small. */
size_t catalog_sparkline(const int32_t *odds, size_t n, int w, int h, char *out, size_t outsz);

/* Removes the bookmaker's margin from a complete market (e.g. 1X2) by
 * normalising the implied probabilities: fair[i] = odds[i] * sum(1/odds),
 * rounded to the nearest thousandth. Returns 0, or -1 (fair untouched) when
 * n < 2, a price is outside 1001..ODDS_MAX or a result would be. */
int catalog_fair_odds(const int32_t *odds, size_t n, int32_t *fair);

/* ---- pages, JSON and the operator feed ---- */

int catalog_events_page(struct http_req *); /* GET /events */
int catalog_event_page(struct http_req *);  /* GET /events/{event_id} */
int catalog_api_events(struct http_req *);  /* GET /social/events */
int catalog_api_event(struct http_req *);   /* GET /social/events/{event_id} */
int catalog_feed_event(struct http_req *);  /* POST /admin/api/events */
int catalog_feed_odds(struct http_req *);   /* POST /admin/api/odds */
int catalog_feed_result(struct http_req *); /* POST /admin/api/results */
extern const struct http_field catalog_event_fields[];
extern const struct http_field catalog_list_fields[];
extern const struct http_field catalog_feed_event_fields[];
extern const struct http_field catalog_feed_odds_fields[];
extern const struct http_field catalog_feed_result_fields[];

/* ---- events: listeners above catalog (registered in app/app.c) ---- */

/* A result (or a cancellation) was recorded for an event: bets settles it.
 * The listeners run in registration order inside the recording transaction;
 * DB_OK, or an error that rolls it back. */
struct catalog_result_ev {
	const char *event_id;
};
struct arena;
typedef int (*catalog_result_fn)(struct arena *, const struct catalog_result_ev *);
void catalog_listen_result(catalog_result_fn);
/* Announces a recorded result to the listeners (the operator feed and the
 * demo's live results call it). DB_OK or the first listener's error. */
int catalog_result_recorded(struct arena *, const char *event_id);

/* ---- kick-off (catalog_live.c) ---- */

/* In the current tenant transaction: an event that is due (status
 * 'scheduled', starts_at <= now()) becomes 'live'; each selection's price
 * becomes its closing price unless one is set, complete markets get
 * margin-free closing prices (catalog_fair_odds) and each closing price is
 * recorded (bookmaker 'feed', phase 'close', at kick-off). Idempotent.
 * Returns 1 when it closed the event, 0 when there was nothing to do, or a
 * DB error. */
int catalog_close_event(struct arena *, const char *event_id);
/* Closes every due event (at most 200 a call). Count closed, or a DB error. */
long catalog_close_due(struct arena *);
/* Queues job "kickoff" for the event's start (in the current transaction). */
int catalog_kickoff_enqueue(struct arena *, const char *event_id);
/* Job "kickoff": payload {"event_id": "..."}. */
int catalog_job_kickoff(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);

/* The module's routes, job kinds and commands (catalog_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module catalog_module;

#endif
