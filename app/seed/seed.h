/*
 * seed: the demo data of `tailgate seed` (docs/seed.md), above every feature
 * it fills: the catalogue (seed_catalog.c: a pure, deterministic generator;
 * seed_catalog_db.c: its writer; seed_rng.c: the random streams), the demo
 * bettors and their year of bets (seed_bets.c: the plan; seed_bets_db.c:
 * its replay) and the demo community (seed_posts.c). It writes through the
 * features' public functions (bets_place, ledger_post,
 * catalog_result_recorded, posts_*, feed_on_follow ...); no feature
 * includes it. The command's per-brand entry point is seed_tenant(); the
 * job "seed_result" moves the demo's matches on.
 */
#ifndef TG_SEED_H
#define TG_SEED_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../catalog/catalog.h"
#include "../profiles/profiles.h"

struct arena;
struct tenancy_tenant;

/* `tailgate seed` on one brand (admin connection, no transaction open): the
 * catalogue and, the first time, the bettors and their year, then the
 * community. seed: the seed value; password: the demo members'. 0, or -1
 * with a message on stderr. */
int seed_tenant(const struct tenancy_tenant *, uint64_t seed, const char *password);
/* `tailgate seed [--seed N] [--tenant SLUG]...` (seed_cli.c). */
int seed_cmd(int argc, char **argv);

/* The module's command and job kind (seed_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module seed_module;

/*
 * The demo catalogue of `tailgate seed` (seed_catalog.c; docs/seed.md).
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
#define SEED_CATALOG_KEY_LEN 48
#define SEED_CATALOG_MARKETS 3
#define SEED_CATALOG_DAYS_BACK 365 /* finished events before today */
#define SEED_CATALOG_DAYS_AHEAD 14 /* upcoming events from today */

/* Small deterministic generator (seed_rng.c; xoshiro256**, seeded through
 * splitmix64): a stream is named by the seed, a tag and two numbers. */
struct seed_rng {
	uint64_t s[4];
};
void seed_rng_init(struct seed_rng *, uint64_t seed, const char *tag, int64_t a, int64_t b);
uint64_t seed_rng_next(struct seed_rng *);
double seed_rng_uniform(struct seed_rng *); /* [0, 1) */
double seed_rng_normal(struct seed_rng *);  /* mean 0, sd 1 */

struct seed_catalog_comp {
	const char *sport, *code, *name, *country;
	int nteams;
	const char *const *teams;
	int minutes; /* from kick-off to the result */
};
extern const struct seed_catalog_comp seed_catalog_comps[];
extern const size_t seed_catalog_ncomps;

struct seed_catalog_market {
	const char *kind; /* "1x2", "moneyline", "handicap", "total" */
	int32_t line;     /* hundredths, the home side's for handicaps */
	int nout;
	const char *const *outcomes; /* "home", "draw", ... */
	double p[3];                 /* the model's true probabilities */
	int32_t open[3], close[3];   /* thousandths, with the margin */
	int32_t fair[3];             /* catalog_fair_odds(close) */
};

struct seed_catalog_event {
	char key[SEED_CATALOG_KEY_LEN]; /* events.source_key */
	int comp;                       /* index in seed_catalog_comps */
	int home, away;                 /* team indices in the competition */
	int64_t starts_at;              /* unix seconds */
	int home_score, away_score;     /* the drawn result */
	int nmk;
	struct seed_catalog_market mk[SEED_CATALOG_MARKETS];
};

struct seed_catalog {
	uint64_t seed;
	int64_t today; /* UTC midnight the window is relative to */
	size_t n;      /* events, by kick-off (then key) */
	size_t nhist;  /* ev[0..nhist) start before today */
	struct seed_catalog_event *ev;
};

/* Pure. The events of [today - DAYS_BACK, today + DAYS_AHEAD) (today: any
 * time of the day; it is rounded down to UTC midnight). 0 or -1 (memory). */
int seed_catalog_generate(uint64_t seed, int64_t today, struct seed_catalog *);
/* The events starting in [from, to), of one competition when code is set. */
int seed_catalog_window(
    uint64_t seed, int64_t from, int64_t to, const char *code, struct seed_catalog *);
void seed_catalog_free(struct seed_catalog *);
/* The match a source_key names, drawn again. 0, or -1 for a key that names
 * no seeded match; *seed gets the key's seed value. */
int seed_catalog_lookup(const char *key, uint64_t *seed, struct seed_catalog_event *out);
/* Odds for probabilities p[0..n) with overround `margin` (0.05: 5 %), by the
 * power method (longshots carry more of the margin), rounded to the usual
 * price ticks. 0, or -1 when p is not a distribution. */
int seed_catalog_price(const double *p, int n, double margin, int32_t *odds);
/* sum(1/odds) - 1 of a complete market. */
double seed_catalog_overround(const int32_t *odds, int n);

/* Database side (seed_catalog_db.c; the tenant transaction is open).
 * Writes competitions, teams and the events that do not exist yet, in
 * batches (unnest): an event before cat->today is written finished (result,
 * closing and fair prices, markets closed) unless pending[i] is set, then as
 * it stood before kick-off (scheduled, opening prices) for
 * seed_catalog_finish(); later events are scheduled with opening prices. inserted[i] (optional) is set
 * for the events this call created. Returns their number or a DB error. */
long seed_catalog_write(struct arena *, const struct seed_catalog *, const unsigned char *pending,
    unsigned char *inserted);
/* The database ids of the catalogue's events and selections. */
struct seed_catalog_ref {
	char event_id[UUID_STRLEN + 1]; /* "" when the event is missing */
	long long sel[SEED_CATALOG_MARKETS][3];
};
int seed_catalog_refs(struct arena *, const struct seed_catalog *, struct seed_catalog_ref *out);
/* An event's kick-off and result: closing prices (unless set) and fair
 * prices, 'close' price rows (bookmaker 'seed'), scores, status finished,
 * result_version + 1, markets closed. 1 when it finished the event, 0 when
 * it was not scheduled or live, or a DB error. */
int seed_catalog_finish(struct arena *, const char *event_id, const struct seed_catalog_event *);
/* Queues job "seed_result" for an upcoming event: step "close" an hour
 * before kick-off (the price moves to the closing price), step "result"
 * when the match is over (seed_catalog_finish, then settlement); and job
 * "kickoff" (catalog_kickoff_enqueue) for its start. */
int seed_catalog_schedule(
    struct arena *, const char *event_id, const struct seed_catalog_event *, int64_t now);
/* Job "seed_result": payload {"event_id", "step": "close" | "result"}. */
int seed_job_result(struct arena *, const struct tenancy_tenant *, json_t *, char *, size_t);
/* The seed value of the tenant's seeded events: 1 with *seed set, 0 when
 * there are none, or a DB error. */
int seed_catalog_stored(struct arena *, uint64_t *seed);

/* ---- the demo bettors of `tailgate seed` (seed_bets.c, seed_bets_db.c;
 * docs/seed.md) ----
 *
 * A plan (pure, deterministic) picks each bettor's bets on the generated
 * catalogue by style, then replays every placement, settlement and top-up
 * in time order to size stakes from the bankroll as it stood. The database
 * side carries the plan out through bets_place() and bets_settle_event(),
 * so the ledger, bets and profiles are exactly those of real use. */
struct seed_catalog;

#define SEED_BETS_BETTORS 5
#define SEED_BETS_TOPUPS 24

struct seed_bets_bet {
	uint32_t ev;               /* index in the catalogue */
	uint8_t mk, out;           /* market and outcome */
	int32_t odds;              /* the opening price taken */
	int32_t win_bps;           /* the bettor's own estimate, 0: none */
	int64_t stake;             /* minor units */
	int64_t placed_at;         /* unix seconds, before kick-off */
	enum bets_outcome outcome; /* 0 while the event is to come */
	int64_t payout;            /* stake included */
	int64_t settled_at;
};

struct seed_bets_topup {
	int64_t at, amount;
	size_t before; /* posted just before this bet is placed */
};

struct seed_bets_bettor {
	const char *username, *display_name, *bio;
	const char *sports; /* favourite sports, an array literal */
	int64_t bankroll;   /* what the wallet starts the year with */
	size_t n;           /* bets, by kick-off */
	struct seed_bets_bet *bets;
	size_t ntopups;
	struct seed_bets_topup topups[SEED_BETS_TOPUPS];
};

struct seed_bets_plan {
	struct seed_bets_bettor b[SEED_BETS_BETTORS];
};

/* Pure. Stakes respect [min_stake, max_stake]; a wallet starts with credit
 * (the brand's welcome credit) and is topped up to the bettor's bankroll.
 * 0, or -1 when out of memory. */
int seed_bets_plan(const struct seed_catalog *, int64_t min_stake, int64_t max_stake,
    int64_t credit, struct seed_bets_plan *);
void seed_bets_plan_free(struct seed_bets_plan *);
/* The figures a bettor's settled bets give, in settlement order (pure). */
int seed_bets_metrics(
    const struct seed_catalog *, const struct seed_bets_bettor *, struct profiles_metrics *out);
/* `tailgate seed` on one brand (admin connection, no transaction open): the
 * catalogue and, the first time, the bettors and their year, in one
 * transaction. now: unix seconds, 0 for the current time. Reports on
 * stdout; 0, or -1 with a message on stderr. */
int seed_bets_tenant(
    const struct tenancy_tenant *, uint64_t seed, int64_t now, const char *password);

/* The demo community of `tailgate seed` (seed_posts.c): follows, posts,
 * likes and comments among the demo members, once per brand. 0 or -1. */
int seed_posts_tenant(const struct tenancy_tenant *);

#endif
