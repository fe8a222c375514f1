/*
 * copy: copy trading (issue 5; docs/copy.md). A follower copies a trader's
 * bets into the follower's own wallet by the relationship's settings.
 *
 * The first part of this header is pure (unit-tested in
 * tests/unit/test_copy.c): settings and their validation (copy_settings.c),
 * the sizing modes, filters, caps and risk rules (copy_rules.c), and the
 * simulation that replays a trader's history through exactly the same code
 * (copy_replay.c). Everything is an exact integer:
 * money in minor units, odds in thousandths (2.10 -> 2100, as bets.odds),
 * probabilities and rates in basis points (0.20 -> 2000, 2 % -> 200).
 */
#ifndef TG_COPY_H
#define TG_COPY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../core/core.h"
#include "../http/http.h"
#include "../profiles/profiles.h"
#include "../social/social.h"

/* ---- settings (the specification's CopySettings) ---- */

enum copy_mode {
	COPY_FIXED_AMOUNT = 1, /* "fixed_amount" */
	COPY_PERCENTAGE,       /* "percentage_of_bankroll" */
	COPY_PROPORTIONAL,     /* "proportional" */
	COPY_KELLY,            /* "kelly_scaled" */
};

#define COPY_SPORTS_MAX 16
#define COPY_BET_TYPES_MAX 8
#define COPY_KEY_LEN 32    /* sport keys and market kinds, bytes with NUL */
#define COPY_DELAY_MAX 300 /* seconds */
#define COPY_STREAK_MAX 100

struct copy_settings {
	enum copy_mode mode;
	int64_t fixed_amount;        /* minor units; > 0 in fixed_amount mode; 0: unset
	                                  (another mode keeps it stored, unused) */
	int32_t percentage_bp;       /* of bankroll, 1..10000 in percentage mode; 0: unset */
	int32_t kelly_scaling_milli; /* kelly_scaling_factor x 1000: 1..1000, default 1000 */
	char sports[COPY_SPORTS_MAX][COPY_KEY_LEN]; /* sports_filter; none: every sport */
	size_t nsports;
	int32_t min_odds, max_odds; /* thousandths; 0: no bound */
	int has_min_edge;
	int32_t min_edge_bp; /* p x odds - 1, in basis points (may be negative) */
	char bet_types[COPY_BET_TYPES_MAX][COPY_KEY_LEN]; /* bet_types_filter: market kinds */
	size_t nbet_types;
	int64_t max_bet_size;       /* minor units; 0: none */
	int64_t daily_loss_limit;   /* minor units; 0: none */
	int64_t monthly_loss_limit; /* minor units; 0: none */
	int copy_delay_seconds;     /* 0..COPY_DELAY_MAX */
	int auto_copy_enabled;      /* default 1 */
	int32_t stop_drawdown_bp;   /* stop_copying_if_drawdown: 1..10000, default 2000 */
	int reduce_streak;          /* reduce_size_if_losing_streak: 0 (never)..100, default 5 */
	/* beyond the specification */
	int64_t take_profit; /* minor units; 0: none */
	int has_max_slippage;
	int32_t max_slippage_bp; /* price worse than the trader's by more: skip */
};

/* The defaults of the specification: mode fixed_amount with nothing else set
 * is invalid on its own (fixed_amount is required), so callers start from
 * these and apply what the member sent. */
void copy_settings_defaults(struct copy_settings *);

/* Field errors of a settings document: up to 16 (field, message) pairs.
 * Messages are static; a field is the setting's name, "settings" when the
 * document is not an object, or for an unknown name the key inside the
 * applied object (valid while that object lives). */
struct copy_errors {
	size_t n;
	const char *field[16];
	const char *msg[16];
};

/* The settings' fields (app/http's typed table; the enum of copy_int.h
 * indexes it): the declaration of the routes that carry settings, and what
 * copy_settings_apply checks a document against. */
extern const struct http_field copy_settings_fields[];

/* Applies a JSON object of settings (the specification's names; amounts and
 * rates as decimal strings or numbers, e.g. "fixed_amount": "10.00",
 * "percentage": 2, "stop_copying_if_drawdown": 0.2) over *s: each setting
 * checked by its type in copy_settings_fields (the shared validator's
 * messages), then the combination (the mode's own amount present,
 * min_odds <= max_odds). Unknown names are errors; null unsets an optional
 * setting and is refused for the others. sports: the sport keys offered
 * (NULL-terminated; NULL: any well-formed key, for stored documents). Error
 * fields and messages live as long as the arena. Returns 0, or -1 with
 * errors filled and *s unchanged. */
int copy_settings_apply(struct arena *, struct copy_settings *s, json_t *obj,
    const char *const *sports, struct copy_errors *errs);
/* The settings as the JSON object the API returns and the database stores
 * (amounts and rates as decimal strings: "10.00", "0.2000", "2.10"). */
json_t *copy_settings_json(const struct copy_settings *);
const char *copy_mode_name(enum copy_mode);
int copy_mode_parse(const char *, enum copy_mode *);

/* ---- one copy decision ---- */

/* Why a copy was not placed (recorded on copy_trades; stable names). */
enum copy_skip {
	COPY_OK = 0,
	COPY_SKIP_AUTO_OFF,           /* "auto_copy_off" */
	COPY_SKIP_SPORT,              /* "sport_filtered" */
	COPY_SKIP_BET_TYPE,           /* "bet_type_filtered" */
	COPY_SKIP_ODDS_LOW,           /* "odds_below_min" (the copy's price) */
	COPY_SKIP_ODDS_HIGH,          /* "odds_above_max" */
	COPY_SKIP_NO_PROBABILITY,     /* "no_probability": kelly or min_edge without p */
	COPY_SKIP_EDGE,               /* "edge_below_min" */
	COPY_SKIP_SLIPPAGE,           /* "slippage": price moved too far against */
	COPY_SKIP_DAILY_LOSS,         /* "daily_loss_limit" */
	COPY_SKIP_MONTHLY_LOSS,       /* "monthly_loss_limit" */
	COPY_SKIP_NO_EDGE,            /* "no_kelly_edge": Kelly fraction is 0 */
	COPY_SKIP_TRADER_BANKROLL,    /* "trader_bankroll_unknown": proportional without it */
	COPY_SKIP_BELOW_MIN_STAKE,    /* "below_min_stake" after the caps */
	COPY_SKIP_NO_CASH,            /* "insufficient_cash": cash below the minimum stake */
	COPY_SKIP_MARKET_CLOSED,      /* "market_closed" (decided by the caller) */
	COPY_SKIP_STOPPED,            /* "relationship_stopped" (decided by the caller) */
	COPY_SKIP_PAUSED,             /* "paused": placed while active, due while paused
	                                  (decided by the caller) */
	COPY_SKIP_FOLLOWER_SUSPENDED, /* "follower_suspended": the follower's account could
	                                  not bet when the copy came due (decided by the caller) */
	COPY_SKIP__COUNT
};
const char *copy_skip_name(enum copy_skip);
/* A sentence for the follower ("The price moved 6.2 % against the trader's"
 * is the caller's; this is the reason's plain label: "Price moved too far"). */
const char *copy_skip_label(enum copy_skip);

/* What the tenant decides (tenant.json "copy"). */
struct copy_limits {
	int32_t hard_cap_bp;          /* per copied bet, of the follower's bankroll: 500 */
	int64_t min_stake, max_stake; /* the brand's stake limits */
};

/* The original bet as the trader placed it, and the price the copy gets. */
struct copy_original {
	int64_t stake;
	int32_t odds;               /* the trader's price */
	int32_t win_probability_bp; /* 0: not stated */
	const char *sport;          /* key */
	const char *market_kind;    /* "1x2", "moneyline", "handicap", "total" */
	int64_t trader_bankroll;    /* trader's cash + in play before the stake; 0: unknown */
};

/* The relationship's running state (kept on the relationship row). */
struct copy_state {
	int64_t start_bankroll;     /* follower's bankroll when the relationship began */
	int64_t realised_pnl;       /* of every settled copy */
	int64_t peak_pnl;           /* highest realised_pnl so far (>= 0) */
	int64_t day_pnl, month_pnl; /* realised in the current UTC day / month */
	int losing_streak;          /* consecutive losing copies (lost, half_lost) */
};

struct copy_follower {
	int64_t bankroll; /* cash + stakes in play */
	int64_t cash;     /* available to stake */
};

struct copy_decision {
	enum copy_skip skip;   /* COPY_OK: place `amount` */
	int64_t amount;        /* minor units, > 0 when COPY_OK */
	int64_t sized;         /* what the mode asked before reductions and caps
	                                  (fixed_amount: the amount itself) */
	int reduced;           /* the losing-streak reduction applied */
	const char *capped_by; /* the last cap that lowered the amount: NULL,
	                                  "max_bet_size", "hard_cap" (the brand's, or the
	                                  fixed_amount mode's 5 %), "cash", "max_stake" */
};

/* The whole rule, in the order of docs/copy.md: auto copy, filters at the
 * copy's price (sport, bet type, odds range, edge, slippage), loss limits,
 * the mode's size, the losing-streak reduction, then the caps (max_bet_size,
 * the hard cap, cash, the brand's max stake) and the brand's min stake.
 * Amounts round down to the minor unit. */
void copy_decide(const struct copy_settings *, const struct copy_limits *,
    const struct copy_original *, int32_t copy_odds, const struct copy_state *,
    const struct copy_follower *, struct copy_decision *out);

/* The fixed_amount mode's own cap, of the bankroll (the specification's 5 %). */
#define COPY_FIXED_CAP_BP 500

/* How a copy's stake came about, in words for the follower ("20.00 asked,
 * cut to 12.50 by the 5 % hard cap"; "halved after a losing streak";
 * "sized on the trader's 1000.00 bankroll"), from what copy_trades keeps:
 * the size asked, the amount, the cap that bound (NULL or ""), the
 * reduction, the follower's bankroll and the trader's (<= 0: not used).
 * brand_cap_bp: the brand's hard cap, to name the percentage that bound.
 * NULL when nothing was cut or reduced and no trader bankroll was used. */
const char *copy_sizing_words(struct arena *, int64_t asked, int64_t amount, const char *capped_by,
    int reduced, int64_t follower_bankroll, int64_t trader_bankroll, int32_t brand_cap_bp);

/* Ratio of the copy to the original in basis points (copy_trades.copy_ratio),
 * rounded half up; capped at 9,999,999. */
int64_t copy_ratio_bp(int64_t copy_amount, int64_t original_stake);

/* ---- after a copy settles ---- */

/* Folds a settled copy's profit (negative: a loss) into the state; `same_day`
 * and `same_month` say whether the settlement falls in the state's current
 * day / month (otherwise those totals restart from this profit). */
void copy_state_settle(
    struct copy_state *, int64_t profit, enum bets_outcome, int same_day, int same_month);

enum copy_stop {
	COPY_STOP_NONE = 0,
	COPY_STOP_DRAWDOWN,    /* "drawdown" */
	COPY_STOP_TAKE_PROFIT, /* "take_profit" */
};
/* Should the relationship stop itself? Drawdown: the relationship's value
 * (start_bankroll + realised_pnl) has fallen stop_drawdown_bp or more below
 * its peak (start_bankroll + peak_pnl). Take profit: realised_pnl has
 * reached take_profit. */
enum copy_stop copy_should_stop(const struct copy_settings *, const struct copy_state *);
const char *copy_stop_name(enum copy_stop);

/* ---- simulation: "what if I had copied this trader since ..." ---- */

struct copy_sim_bet {
	int64_t placed_at, settled_at; /* unix seconds; settled_at >= placed_at */
	struct copy_original orig;     /* sport/market_kind point into caller memory */
	enum bets_outcome outcome;
};

struct copy_sim_point {
	int64_t at;     /* unix seconds */
	int64_t equity; /* bankroll after the events at `at` */
};

struct copy_sim_result {
	long copies, skipped[COPY_SKIP__COUNT];
	long won, lost, other; /* settled copies by outcome (other: push, void) */
	int64_t staked, pnl;
	int64_t final_bankroll, peak_bankroll;
	int32_t max_drawdown_bp;
	int32_t roi_bp;         /* pnl / staked */
	enum copy_stop stopped; /* why the replay stopped early, if it did */
	int64_t stopped_at;
	struct copy_sim_point *curve; /* malloc'd; one point per settlement, first = start */
	size_t ncurve;
};

/* Replays bets (sorted by placed_at) from a starting bankroll: each copy is
 * decided with copy_decide() at the trader's price against the simulated
 * state and bankroll (copies still open hold their stake), and settled with
 * bets_payout() at its settled_at; day and month are UTC. Stops like a
 * relationship would (drawdown, take profit). Returns 0, or -1 out of memory.
 * Free with copy_sim_free(). */
int copy_simulate(const struct copy_settings *, const struct copy_limits *, int64_t start_bankroll,
    const struct copy_sim_bet *bets, size_t n, struct copy_sim_result *out);
void copy_sim_free(struct copy_sim_result *);

/* ---- the engine (copy_engine.c; in a tenant transaction) ---- */

struct tenancy_tenant;

#define COPY_CHUNK 500 /* relationships per fan-out transaction */

/* A stored settings document (validated when it was stored) over the
 * defaults (copy_settings.c). 0, or -1 when it does not parse. */
int copy_settings_load(const char *json_text, struct copy_settings *);
/* Listener of bets placed (bets_listen_placed), after a member's own bet:
 * queues its copying (job "copy") when the member has active copiers. The
 * bankroll (cash and money in play before the stake) is what proportional
 * sizing reads. */
int copy_on_placed(struct arena *, const struct bets_placed_ev *);
/* Listener of bets settled (bets_listen_settled): the settled bets that are
 * copies settle into their relationships (P&L, day and month, losing
 * streak); a relationship that reaches its drawdown stop or take-profit
 * stops itself, and, when live, its follower is told. */
int copy_on_settled(struct arena *, const struct bets_settled_ev *);
/* Job "copy" {bet_id, bankroll, delay, after}: one chunk of the fan-out
 * (copy lane). Job "copy_notify" {bet_id, from, to, at}: tells a chunk's
 * followers (relationship ids in (from, to], recorded by the chunk's
 * transaction at `at`: a delayed chunk's range also spans relationships an
 * earlier chunk copied) of their copies and of the skips they did not
 * choose. */
int copy_job_fanout(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);
int copy_job_notify(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);
/* Listener of the social graph (social_listen_graph): unfollowing stops
 * copying (copying implies following); a block stops it either way. */
int copy_on_graph(struct arena *, const struct social_graph_ev *);
/* Stops x copying y (and y copying x when both), reason "follower" or,
 * with both, "blocked". */
int copy_stop_between(struct arena *, const char *x, const char *y, int both);

/* ---- "Copy this bet" on a bet post (copy_post.c) ---- */

struct copy_post_result {
	char bet_id[UUID_STRLEN + 1];
	int64_t amount;
	int64_t asked;    /* the size before the caps */
	int64_t bankroll; /* the member's, that the size and caps were taken of */
	int32_t odds;
	const char *capped_by;
};
/* A one-off copy of a post's bet for the signed-in member of req, by an
 * amount (minor units) or a share of their bankroll (basis points), exactly
 * one of them > 0 (the caller's fields say which), sized and capped as a
 * relationship's copy at the price now on offer. TG_OK with *res filled; a
 * refusal in words (no such post, their own bet, copied already, its market
 * closed, a rule that skips it, not placed); TG_INTERNAL on a database
 * error (the transaction must end). The JSON route is copy's
 * (POST /social/posts/{id}/copy-bet); the post page's form is posts'. */
struct tg_err copy_post_bet(struct http_req *, const char *post_id, int64_t amount, int32_t pct_bp,
    struct copy_post_result *);

/* The module's routes, job kinds and commands (copy_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module copy_module;

#endif
