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

#define PROFILES_SPORTS_MAX 32                     /* buckets, "other" included */
#define PROFILES_SPORT_LEN 40                      /* bytes of a sport key */
#define PROFILES_OTHER "other"                     /* overflow and unnamed sports */
#define PROFILES_STAKE_MAX INT64_C(1000000000000)  /* minor units (10^12) */
#define PROFILES_ODDS_MAX 1000000                  /* thousandths (1000.000) */
#define PROFILES_TIME_MAX INT64_C(253402300799)    /* 9999-12-31T23:59:59Z */
#define PROFILES_SUM_MAX (INT64_MAX / 2)           /* bound on |total profit| */

/* Starts at 1 so that a zeroed bet is invalid rather than a win. */
enum profiles_outcome {
	PROFILES_WON = 1,
	PROFILES_LOST,
	PROFILES_PUSH,
	PROFILES_VOID,
	PROFILES_HALF_WON,   /* Asian quarter line: half won, half refunded */
	PROFILES_HALF_LOST   /* Asian quarter line: half lost, half refunded */
};

enum profiles_timeframe {
	PROFILES_7_DAYS,
	PROFILES_30_DAYS,
	PROFILES_1_YEAR,
	PROFILES_ALL_TIME
};

struct profiles_bet {
	int64_t settled_at;          /* unix seconds, UTC */
	int64_t stake;               /* minor units, 1..PROFILES_STAKE_MAX */
	int32_t odds;                /* thousandths, 1001..PROFILES_ODDS_MAX */
	enum profiles_outcome outcome;
	int64_t profit;              /* minor units, as settled by the ledger */
	int32_t fair_closing_odds;   /* thousandths, margin removed; 0: unknown */
	const char *sport;           /* key, at most PROFILES_SPORT_LEN bytes; NULL/"": "other" */
};

/* ---- accumulator state (what the database stores) ---- */

struct profiles_month {
	int32_t key;      /* year * 12 + month - 1 (UTC); -1: none */
	int64_t bets;
	int64_t profit;
};

struct profiles_sport {
	char name[PROFILES_SPORT_LEN + 1];
	int64_t bets;     /* every settled bet */
	int64_t winning;  /* won + half-won */
	int64_t losing;   /* lost + half-lost */
	int64_t staked;   /* decisive bets only */
	int64_t profit;
};

struct profiles_acc {
	int64_t bets;                  /* every accepted bet */
	int64_t won, lost, half_won, half_lost, pushes, voids;
	int64_t staked;                /* stakes of decisive bets */
	int64_t profit;                /* every bet */
	int64_t odds_sum;              /* thousandths, decisive bets */
	int64_t level_sum;             /* level-stake profit in 1/2000 of a unit */
	int64_t win_run, loss_run;     /* current streaks */
	int64_t win_streak, loss_streak;
	int64_t peak;                  /* running maximum of cumulative profit, >= 0 */
	int64_t max_drawdown;
	double ret_mean, ret_m2;       /* Welford over r = profit / stake, decisive bets */
	int64_t clv_bets;
	double clv_sum;                /* sum of odds / fair_closing_odds - 1 */
	double null_var;               /* variance of total profit under no skill */
	int64_t last_at;               /* largest settled_at seen */
	struct profiles_month month;   /* the current month */
	struct profiles_month best;    /* best and worst of the earlier months */
	struct profiles_month worst;
	int32_t nsports;
	struct profiles_sport sports[PROFILES_SPORTS_MAX];
};

/* ---- derived metrics (the JSON shape) ---- */

struct profiles_month_stats {
	char month[8];      /* "YYYY-MM"; "" when there is no bet */
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
};

struct profiles_metrics {
	int64_t total_bets;              /* winning + losing + push + void */
	int64_t winning_bets;            /* won + half-won */
	int64_t losing_bets;             /* lost + half-lost */
	int64_t push_bets;
	int64_t void_bets;
	int64_t half_won_bets;
	int64_t half_lost_bets;
	double winning_percentage;       /* 0..100 */
	int64_t total_staked;            /* minor units, decisive bets */
	int64_t total_profit_loss;       /* minor units */
	double roi_percentage;
	double average_odds;             /* decimal, e.g. 2.1 */
	int64_t longest_winning_streak;
	int64_t longest_losing_streak;
	struct profiles_month_stats best_month;
	struct profiles_month_stats worst_month;
	size_t nsports;                  /* in order of first appearance */
	struct profiles_sport_stats sport_performance[PROFILES_SPORTS_MAX];
	int64_t max_drawdown;            /* minor units */
	double max_drawdown_units;       /* in average stakes */
	double sharpe_ratio;             /* per bet, not annualised */
	double volatility;               /* sample stdev of per-bet returns */
	int64_t clv_bets;
	double closing_line_value;       /* percent */
	double yield_percentage;         /* level stakes */
	double p_value;                  /* one-sided, no-skill null */
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
int profiles_metrics_compute(const struct profiles_bet *bets, size_t n,
    struct profiles_metrics *out);
int profiles_metrics_window(const struct profiles_bet *bets, size_t n,
    enum profiles_timeframe tf, int64_t now, struct profiles_metrics *out);
/* A bet is inside the window when settled_at > this (INT64_MIN: all time). */
int64_t profiles_window_start(enum profiles_timeframe tf, int64_t now);

/* Removes the bookmaker's margin from a complete market (e.g. 1X2) by
 * normalising the implied probabilities: fair[i] = odds[i] * sum(1/odds),
 * rounded to the nearest thousandth. Returns 0, or -1 (fair untouched) when
 * n < 2, a price is outside 1001..PROFILES_ODDS_MAX or a result would be. */
int profiles_fair_odds(const int32_t *odds, size_t n, int32_t *fair);

/* "won", "lost", "push", "void", "half_won", "half_lost"; NULL if unknown. */
const char *profiles_outcome_name(enum profiles_outcome);
int profiles_outcome_parse(const char *, enum profiles_outcome *out);
/* "7_days", "30_days", "1_year", "all_time"; NULL if unknown. */
const char *profiles_timeframe_name(enum profiles_timeframe);

/* ---- storage and pages (profiles_db.c, profiles_pages.c) ---- */

struct arena;
struct http_req;
struct tenancy_tenant;

/* One bet as settlement hands it over. */
struct profiles_settled {
	const char *user_id;
	long long seq;        /* settlement order (bets.settle_seq) */
	int resettled;        /* a re-settlement: the member's figures are rebuilt */
	struct profiles_bet bet;
};

/* Applies settled bets (sorted by seq) to the members' stored figures in the
 * current tenant transaction and queues the refresh of their cached windows.
 * DB_OK or a DB error. */
int profiles_on_settled(struct arena *, const struct profiles_settled *, size_t n);

#endif
