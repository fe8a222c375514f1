/*
 * profiles: a bettor's performance metrics (the pure core: no I/O, no
 * globals, no allocation).
 *
 * Every figure comes from one accumulator, struct profiles_acc, fed one
 * settled bet at a time in settlement order:
 *
 *   - settlement loads the stored all-time accumulator, calls
 *     profiles_acc_add() and stores it back in the same transaction;
 *   - a rebuild feeds every settled bet to a fresh accumulator
 *     (profiles_metrics_compute);
 *   - a window (7 days, 30 days, 1 year) feeds the bets settled inside it
 *     (profiles_metrics_window).
 *
 * All three are the same code path, so incremental and rebuilt figures agree
 * bit for bit (same binary, same order). The accumulator holds only integers,
 * doubles and short strings (docs/metrics.md lists the columns that store
 * it); its doubles change only through + - * /, and sqrt and the normal tail
 * are used only by profiles_acc_metrics().
 *
 * Money is int64 minor units, odds are int32 thousandths (2.10 -> 2100).
 * Definitions and conventions of every metric: docs/metrics.md.
 */
#ifndef TG_PROFILES_H
#define TG_PROFILES_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "../bets/bets.h" /* the outcome of a bet (enum bets_outcome) */
#include "../http/http.h" /* storage and pages below; the core needs none of it */

#define PROFILES_SPORTS_MAX 32                    /* buckets, "other" included */
#define PROFILES_SPORT_LEN 40                     /* bytes of a sport key */
#define PROFILES_OTHER "other"                    /* overflow and unnamed sports */
#define PROFILES_STAKE_MAX INT64_C(1000000000000) /* minor units (10^12) */
#define PROFILES_ODDS_MAX 1000000                 /* thousandths (1000.000) */
#define PROFILES_TIME_MAX INT64_C(253402300799)   /* 9999-12-31T23:59:59Z */
#define PROFILES_SUM_MAX (INT64_MAX / 2)          /* bound on |total profit| */

enum profiles_timeframe { PROFILES_7_DAYS, PROFILES_30_DAYS, PROFILES_1_YEAR, PROFILES_ALL_TIME };

struct profiles_bet {
	int64_t settled_at; /* unix seconds, UTC */
	int64_t stake;      /* minor units, 1..PROFILES_STAKE_MAX */
	int32_t odds;       /* thousandths, 1001..PROFILES_ODDS_MAX */
	enum bets_outcome outcome;
	int64_t profit;            /* minor units, as settled by the ledger */
	int32_t fair_closing_odds; /* thousandths, margin removed; 0: unknown */
	const char *sport;         /* key, at most PROFILES_SPORT_LEN bytes; NULL/"": "other" */
};

/* ---- accumulator state (what the database stores) ---- */

struct profiles_month {
	int32_t key; /* year * 12 + month - 1 (UTC); -1: none */
	int64_t bets;
	int64_t profit;
};

struct profiles_sport {
	char name[PROFILES_SPORT_LEN + 1];
	int64_t bets;    /* every settled bet */
	int64_t winning; /* won + half-won */
	int64_t losing;  /* lost + half-lost */
	int64_t staked;  /* decisive bets only */
	int64_t profit;
	int64_t odds_sum; /* thousandths, decisive bets */
	int64_t clv_bets;
	double clv_sum; /* as profiles_acc's, for this sport */
};

struct profiles_acc {
	int64_t bets; /* every accepted bet */
	int64_t won, lost, half_won, half_lost, pushes, voids;
	int64_t staked;            /* stakes of decisive bets */
	int64_t profit;            /* every bet */
	int64_t odds_sum;          /* thousandths, decisive bets */
	int64_t level_sum;         /* level-stake profit in 1/2000 of a unit */
	int64_t win_run, loss_run; /* current streaks */
	int64_t win_streak, loss_streak;
	int64_t peak; /* running maximum of cumulative profit, >= 0 */
	int64_t max_drawdown;
	double ret_mean, ret_m2; /* Welford over r = profit / stake, decisive bets */
	int64_t clv_bets;
	double clv_sum;              /* sum of odds / fair_closing_odds - 1 */
	double null_var;             /* variance of total profit under no skill */
	int64_t last_at;             /* largest settled_at seen */
	struct profiles_month month; /* the current month */
	struct profiles_month best;  /* best and worst of the earlier months */
	struct profiles_month worst;
	int32_t nsports;
	struct profiles_sport sports[PROFILES_SPORTS_MAX];
};

/* ---- derived metrics (the JSON shape) ---- */

struct profiles_month_stats {
	char month[8]; /* "YYYY-MM"; "" when there is no bet */
	int64_t profit;
	int64_t bets;
};

struct profiles_sport_stats {
	char sport[PROFILES_SPORT_LEN + 1];
	int64_t bets;
	int64_t winning_bets;
	int64_t losing_bets;
	int64_t total_staked;
	int64_t total_profit_loss;
	double roi_percentage;
	double average_odds;
	int64_t clv_bets;
	double closing_line_value; /* percent */
};

struct profiles_metrics {
	int64_t total_bets;   /* winning + losing + push + void */
	int64_t winning_bets; /* won + half-won */
	int64_t losing_bets;  /* lost + half-lost */
	int64_t push_bets;
	int64_t void_bets;
	int64_t half_won_bets;
	int64_t half_lost_bets;
	double winning_percentage; /* 0..100 */
	int64_t total_staked;      /* minor units, decisive bets */
	int64_t total_profit_loss; /* minor units */
	double roi_percentage;
	double average_odds; /* decimal, e.g. 2.1 */
	int64_t longest_winning_streak;
	int64_t longest_losing_streak;
	struct profiles_month_stats best_month;
	struct profiles_month_stats worst_month;
	size_t nsports; /* in order of first appearance */
	struct profiles_sport_stats sport_performance[PROFILES_SPORTS_MAX];
	int64_t max_drawdown;      /* minor units */
	double max_drawdown_units; /* in average stakes */
	double sharpe_ratio;       /* per bet, not annualised */
	double volatility;         /* sample stdev of per-bet returns */
	int64_t clv_bets;
	double closing_line_value; /* percent */
	double yield_percentage;   /* level stakes */
	double p_value;            /* one-sided, no-skill null */
};

void profiles_acc_init(struct profiles_acc *);
/* Adds one settled bet. Returns 0, or -1 (the accumulator unchanged) when the
 * bet is invalid or a sum would leave its bounds. */
int profiles_acc_add(struct profiles_acc *, const struct profiles_bet *);
void profiles_acc_metrics(const struct profiles_acc *, struct profiles_metrics *out);

/* Metrics of bets[0..n) in that (settlement) order; of those settled after
 * profiles_window_start(tf, now) for the window form. Both fill out from the
 * bets that profiles_acc_add() accepts and return 0, or -1 when it refused
 * some (exactly as incremental maintenance would have skipped them). */
int profiles_metrics_compute(
    const struct profiles_bet *bets, size_t n, struct profiles_metrics *out);
int profiles_metrics_window(const struct profiles_bet *bets, size_t n, enum profiles_timeframe tf,
    int64_t now, struct profiles_metrics *out);
/* A bet is inside the window when settled_at > this (INT64_MIN: all time). */
int64_t profiles_window_start(enum profiles_timeframe tf, int64_t now);

/* "7_days", "30_days", "1_year", "all_time"; NULL if unknown. */
const char *profiles_timeframe_name(enum profiles_timeframe);

/* ---- storage and pages (profiles_settle.c, profiles_pages.c) ---- */

struct arena;
struct http_req;
struct tenancy_tenant;

/* One bet as settlement hands it over. */
struct profiles_settled {
	const char *user_id;
	long long seq; /* settlement order (bets.settle_seq) */
	int resettled; /* a re-settlement: the member's figures are rebuilt */
	struct profiles_bet bet;
};

/* Applies settled bets (sorted by seq) to the members' stored figures in the
 * current tenant transaction and queues the refresh of their cached windows.
 * DB_OK or a DB error. */
int profiles_on_settled(struct arena *, const struct profiles_settled *, size_t n);
/* Listener of bets settled (bets_listen_settled): the members' own picks
 * into profiles_on_settled. */
int profiles_on_bets_settled(struct arena *, const struct bets_settled_ev *);

/* ---- storage, presentation, jobs (profiles_settle.c, profiles_windows.c,
 * profiles_codec.c, profiles_read.c, profiles_view.c and profiles_svg.c
 * (pure), profiles_pages.c, profiles_cli.c) ----
 *
 * profile_stats (migrations/tenant/0005_profiles.sql) stores the all-time
 * accumulator; profiles_acc_fields describes its scalar columns, in the order
 * of PROFILES_STATS_COLS, so that loading, storing and comparing cannot miss
 * one. profile_windows caches the 7-day, 30-day and 1-year metrics, the
 * equity curve and the latest settled bets; the "profile_windows" job
 * refreshes it after a settlement and "profile_windows_sweep" when a bet is
 * about to leave a window. */

struct render_dict;

#define PROFILES_STATS_COLS                                                                     \
	"seq, bets, won, lost, half_won, half_lost, pushes, voids, staked, profit, odds_sum, "  \
	"level_sum, win_run, loss_run, win_streak, loss_streak, peak, max_drawdown, clv_bets, " \
	"last_at, month_key, month_bets, month_profit, best_key, best_bets, best_profit, "      \
	"worst_key, worst_bets, worst_profit, ret_mean, ret_m2, clv_sum, null_var"

enum profiles_ftype { PROFILES_F_I64, PROFILES_F_I32, PROFILES_F_DBL };
struct profiles_field {
	const char *col;
	size_t off; /* in struct profiles_acc */
	enum profiles_ftype type;
};
/* Every scalar of struct profiles_acc (PROFILES_STATS_COLS without seq). */
#define PROFILES_ACC_NFIELDS 32
extern const struct profiles_field profiles_acc_fields[PROFILES_ACC_NFIELDS];

/* docs/metrics.md "Rebuild": integers, months and sport buckets equal;
 * doubles equal within relative tolerance tol (0: bit for bit). 1 or 0. */
int profiles_acc_equal(const struct profiles_acc *, const struct profiles_acc *, double tol);

/* The Metrics object of docs/api.md (money in minor units; best_month and
 * worst_month null without bets). A new reference, NULL when out of memory. */
json_t *profiles_metrics_json(const struct profiles_metrics *);
/* The inverse (for cached windows): 0, or -1 when the shape is wrong. */
int profiles_metrics_from_json(const json_t *, struct profiles_metrics *out);

/* The equity curve: cumulative profit (minor units) at time t (unix seconds). */
struct profiles_point {
	int64_t t;
	int64_t profit;
};
#define PROFILES_CURVE_MAX 200
/* Thins pts[0..n) in place to at most max points: the last point of each of
 * max runs of (nearly) equal length, so the final figure is always kept.
 * Returns the new count. */
size_t profiles_curve_downsample(struct profiles_point *pts, size_t n, size_t max);
/* [{"t": RFC 3339, "profit": minor units}, ...] (new reference or NULL). */
json_t *profiles_curve_json(const struct profiles_point *, size_t n);
/* "2026-01-31T12:00:00Z" into out (at least 21 bytes). */
void profiles_rfc3339(int64_t t, char *out, size_t n);

/* SVG path data for the curve in a w x h box: x proportional to time, y to
 * profit, with 0 always inside the vertical range. Starts at 0 profit
 * before the first point. Appends to out; *zero_y gets the y of profit 0.
 * 0, or -1 when n is 0 or out of memory. */
int profiles_svg_path(
    const struct profiles_point *, size_t n, double w, double h, struct buf *out, double *zero_y);

/* Stored figures of members, recomputed from their settled bets in the
 * current (read-write) tenant transaction, their rows locked. store: write
 * the rebuilt rows that differ and refresh their windows. Returns the number
 * that differed from what was stored, or a DB error; *members counts the
 * members looked at. */
long profiles_rebuild_all(struct arena *, int store, long *members);
long profiles_rebuild_user(struct arena *, const char *user_id, int store);

/* Job "stats_rebuild": profiles_rebuild_all, storing what differed. A
 * migration that changes what the figures count queues it (dedup key
 * "stats_rebuild"); `tailgate migrate` runs it before it returns
 * (profiles_rebuild_queued), the worker otherwise. */
int profiles_job_rebuild(
    struct arena *, const struct tenancy_tenant *, json_t *, char *err, size_t errsz);
/* Runs a queued "stats_rebuild" of tenant slug now, in one transaction with
 * the job's removal (admin connection). 0, or -1 with the error printed. */
int profiles_rebuild_queued(const char *slug);

/* Jobs "profile_windows" (payload {"user_id"}) and "profile_windows_sweep". */
int profiles_job_windows(
    struct arena *, const struct tenancy_tenant *, json_t *, char *err, size_t errsz);
int profiles_job_sweep(
    struct arena *, const struct tenancy_tenant *, json_t *, char *err, size_t errsz);

/* Pages and JSON: the performance part of /u/{username} (template
 * profiles/performance.tpl, included into the page's dictionary) and of
 * GET /social/users/{user_id}/profile (fields added to the user object). */
/* ?timeframe= and the social graph's ?graph= flash of /u/{username}. */
extern const struct http_field profiles_page_fields[];
enum { PROFILES_P_TIMEFRAME, PROFILES_P_GRAPH, PROFILES_P_COUNT };
/* pre: the result of profiles_page_queue (batched with the page's other
 * reads), or NULL to read it here. */
int profiles_page_into(struct http_req *, struct render_dict *, const char *user_id, PGresult *pre);
struct db_batch;
void profiles_page_queue(
    struct http_req *, struct db_batch *, const char *username, PGresult **out);
int profiles_json_into(struct http_req *, json_t *user, const char *user_id);

/* `tailgate stats rebuild|check [--tenant SLUG]` (admin connection). */
int profiles_cli(int argc, char **argv);

/* The module's routes, job kinds and commands (profiles_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module profiles_module;

#endif
