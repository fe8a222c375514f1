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

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "../http/http.h"

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

/* ---- pages, JSON and the operator feed ---- */

int catalog_events_page(struct http_req *);   /* GET /events */
int catalog_event_page(struct http_req *);    /* GET /events/{event_id} */
int catalog_api_events(struct http_req *);    /* GET /social/events */
int catalog_api_event(struct http_req *);     /* GET /social/events/{event_id} */
int catalog_feed_event(struct http_req *);    /* POST /admin/api/events */
int catalog_feed_odds(struct http_req *);     /* POST /admin/api/odds */
int catalog_feed_result(struct http_req *);   /* POST /admin/api/results */
extern const struct http_field catalog_event_fields[];
extern const struct http_field catalog_list_fields[];
extern const struct http_field catalog_feed_event_fields[];
extern const struct http_field catalog_feed_odds_fields[];
extern const struct http_field catalog_feed_result_fields[];

/* ---- kick-off (catalog_live.c) ---- */

/* In the current tenant transaction: an event that is due (status
 * 'scheduled', starts_at <= now()) becomes 'live'; each selection's price
 * becomes its closing price unless one is set, complete markets get
 * margin-free closing prices (profiles_fair_odds) and each closing price is
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

/*
 * The demo catalogue of `tailgate seed` (catalog_seed.c; docs/seed.md).
 *
 * A pure, deterministic generator: fictional leagues play all year round on
 * an absolute calendar (a week is Monday 00:00 UTC; fixtures, kick-offs,
 * team strengths, prices and results are functions of the seed value and
 * the match alone), so any window of days gives the same events and a later
 * window only adds days. True probabilities come from a rating model
 * (Poisson goals for football, a normal margin and total for basketball and
 * american football); opening prices are that truth seen through noise,
 * closing prices through much less, both with a 4-6 % margin (power
 * method). Results are drawn from the true model, one random stream per
 * match. source_key "s<seed>:<CODE>:<YYYY-MM-DD>:<home>v<away>" (team
 * indices) carries everything needed to draw the match again.
 */
#define CATALOG_SEED_KEY_LEN 48
#define CATALOG_SEED_MARKETS 3
#define CATALOG_SEED_DAYS_BACK 365    /* finished events before today */
#define CATALOG_SEED_DAYS_AHEAD 14    /* upcoming events from today */

/* Small deterministic generator (xoshiro256**, seeded through splitmix64):
 * a stream is named by the seed, a tag and two numbers. */
struct catalog_rng {
	uint64_t s[4];
};
void catalog_rng_init(struct catalog_rng *, uint64_t seed, const char *tag, int64_t a, int64_t b);
uint64_t catalog_rng_next(struct catalog_rng *);
double catalog_rng_uniform(struct catalog_rng *);   /* [0, 1) */
double catalog_rng_normal(struct catalog_rng *);    /* mean 0, sd 1 */

struct catalog_seed_comp {
	const char *sport, *code, *name, *country;
	int nteams;
	const char *const *teams;
	int minutes;                 /* from kick-off to the result */
};
extern const struct catalog_seed_comp catalog_seed_comps[];
extern const size_t catalog_seed_ncomps;

struct catalog_seed_market {
	const char *kind;            /* "1x2", "moneyline", "handicap", "total" */
	int32_t line;                /* hundredths, the home side's for handicaps */
	int nout;
	const char *const *outcomes; /* "home", "draw", ... */
	double p[3];                 /* the model's true probabilities */
	int32_t open[3], close[3];   /* thousandths, with the margin */
	int32_t fair[3];             /* profiles_fair_odds(close) */
};

struct catalog_seed_event {
	char key[CATALOG_SEED_KEY_LEN];   /* events.source_key */
	int comp;                    /* index in catalog_seed_comps */
	int home, away;              /* team indices in the competition */
	int64_t starts_at;           /* unix seconds */
	int home_score, away_score;  /* the drawn result */
	int nmk;
	struct catalog_seed_market mk[CATALOG_SEED_MARKETS];
};

struct catalog_seed {
	uint64_t seed;
	int64_t today;               /* UTC midnight the window is relative to */
	size_t n;                    /* events, by kick-off (then key) */
	size_t nhist;                /* ev[0..nhist) start before today */
	struct catalog_seed_event *ev;
};

/* Pure. The events of [today - DAYS_BACK, today + DAYS_AHEAD) (today: any
 * time of the day; it is rounded down to UTC midnight). 0 or -1 (memory). */
int catalog_seed_generate(uint64_t seed, int64_t today, struct catalog_seed *);
/* The events starting in [from, to), of one competition when code is set. */
int catalog_seed_window(uint64_t seed, int64_t from, int64_t to, const char *code,
    struct catalog_seed *);
void catalog_seed_free(struct catalog_seed *);
/* The match a source_key names, drawn again. 0, or -1 for a key that names
 * no seeded match; *seed gets the key's seed value. */
int catalog_seed_lookup(const char *key, uint64_t *seed, struct catalog_seed_event *out);
/* Odds for probabilities p[0..n) with overround `margin` (0.05: 5 %), by the
 * power method (longshots carry more of the margin), rounded to the usual
 * price ticks. 0, or -1 when p is not a distribution. */
int catalog_seed_price(const double *p, int n, double margin, int32_t *odds);
/* sum(1/odds) - 1 of a complete market. */
double catalog_seed_overround(const int32_t *odds, int n);

/* Database side (the tenant transaction is open). Writes competitions,
 * teams and the events that do not exist yet, in batches (unnest): an event
 * before cat->today is written finished (result, closing and fair prices,
 * markets closed) unless pending[i] is set, then as it stood before
 * kick-off (scheduled, opening prices) for catalog_seed_finish(); later
 * events are scheduled with opening prices. inserted[i] (optional) is set
 * for the events this call created. Returns their number or a DB error. */
long catalog_seed_write(struct arena *, const struct catalog_seed *, const unsigned char *pending,
    unsigned char *inserted);
/* The database ids of the catalogue's events and selections. */
struct catalog_seed_ref {
	char event_id[UUID_STRLEN + 1];        /* "" when the event is missing */
	long long sel[CATALOG_SEED_MARKETS][3];
};
int catalog_seed_refs(struct arena *, const struct catalog_seed *, struct catalog_seed_ref *out);
/* An event's kick-off and result: closing prices (unless set) and fair
 * prices, 'close' price rows (bookmaker 'seed'), scores, status finished,
 * result_version + 1, markets closed. 1 when it finished the event, 0 when
 * it was not scheduled or live, or a DB error. */
int catalog_seed_finish(struct arena *, const char *event_id, const struct catalog_seed_event *);
/* Queues job "seed_result" for an upcoming event: step "close" an hour
 * before kick-off (the price moves to the closing price), step "result"
 * when the match is over (catalog_seed_finish, then settlement); and job
 * "kickoff" (catalog_kickoff_enqueue) for its start. */
int catalog_seed_schedule(struct arena *, const char *event_id, const struct catalog_seed_event *,
    int64_t now);
/* Job "seed_result": payload {"event_id", "step": "close" | "result"}. */
int catalog_job_seed_result(struct arena *, const struct tenancy_tenant *, json_t *, char *,
    size_t);
/* The seed value of the tenant's seeded events: 1 with *seed set, 0 when
 * there are none, or a DB error. */
int catalog_seed_stored(struct arena *, uint64_t *seed);

/* The module's routes, job kinds and commands (catalog_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module catalog_module;

#endif
