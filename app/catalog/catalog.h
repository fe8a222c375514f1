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
 *     closing odds are profiles_fair_odds() over Pinnacle's closing set when
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

#include <stdio.h>

#define CATALOG_BATCH 500

struct catalog_stats {
	long rows;        /* data rows read */
	long created;     /* events inserted */
	long updated;     /* events whose stored values changed */
	long prices;      /* price rows inserted */
	long skipped;     /* rows not imported (bad row or failed batch) */
	long reports;     /* lines written to stderr about bad input */
};

/* schema: the tenant's schema (db_tenant_schema); the admin connection must
 * be open. Each returns 0, or -1 when the file could not be read at all. */
int catalog_import_football_data(const char *schema, const char *path, struct catalog_stats *);
int catalog_import_nba(const char *schema, const char *path, struct catalog_stats *);
int catalog_import_nfl(const char *schema, const char *path, struct catalog_stats *);

#endif
