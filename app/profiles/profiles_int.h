/* profiles internals: the storage files' shared declarations and what the
 * pages read from storage. The storage is split by job: profiles_settle.c
 * (settlement and rebuild into profile_stats), profiles_windows.c (the
 * cached windows and their jobs), profiles_codec.c (rows and cached columns
 * into structs and back), profiles_read.c (what pages read). */
#ifndef TG_PROFILES_INT_H
#define TG_PROFILES_INT_H

#include "profiles.h"

/* One of the latest settled bets, as a profile lists them. */
#define PROFILES_RECENT 20
struct profiles_recent {
	int64_t settled_at;    /* unix seconds */
	int64_t stake, profit; /* minor units */
	int32_t odds, line;    /* thousandths, hundredths */
	const char *sport, *home, *away, *kind, *outcome, *status;
};

/* ---- storage: shared by the storage files ---- */

/* A member's record is their own picks (docs/metrics.md, "Own bets only"):
 * every figure here, the rebuild's included, reads only settled bets that
 * are not copies of someone else's (served by bets_user_own_settled). */
#define PROFILES_OWN_SETTLED "settle_seq IS NOT NULL AND copied_from IS NULL"

/* Settled bets as every query reads them, and their columns. */
#define PROFILES_BET_COLS                                                                   \
	"user_id, settle_seq, floor(extract(epoch FROM settled_at))::bigint, stake, odds, " \
	"status, payout - stake, coalesce(fair_closing_odds, 0), sport"
enum {
	PROFILES_B_USER,
	PROFILES_B_SEQ,
	PROFILES_B_AT,
	PROFILES_B_STAKE,
	PROFILES_B_ODDS,
	PROFILES_B_STATUS,
	PROFILES_B_PROFIT,
	PROFILES_B_FAIR,
	PROFILES_B_SPORT
};

/* The columns of profile_sport_stats, in struct profiles_sport's order. */
#define PROFILES_SPORT_COLS                                                      \
	"user_id, pos, sport, bets, winning, losing, staked, profit, odds_sum, " \
	"clv_bets, clv_sum"
#define PROFILES_NSPORT 11

/* The windowed figures and the curve of one member. */
struct profiles_windows {
	struct profiles_metrics m[3]; /* 7 days, 30 days, 1 year */
	struct profiles_point *curve;
	size_t ncurve;
	int64_t valid_until; /* INT64_MAX: no bet can leave a window */
};
/* The timeframes kept in profile_windows: 7 days, 30 days, 1 year. */
extern const enum profiles_timeframe profiles_windowed[3];

/* The stored forms (profiles_codec.c). A row read as "user_id, "
 * PROFILES_STATS_COLS, seq at column col; sport rows (PROFILES_SPORT_COLS
 * from column col) first..first+n, ordered by pos; a bet read as
 * PROFILES_BET_COLS. */
void profiles_acc_from_row(
    const PGresult *, int row, int col, struct profiles_acc *, long long *seq);
void profiles_sports_from_row(const PGresult *, int first, int n, int col, struct profiles_acc *);
void profiles_bet_from_row(const PGresult *, int row, struct profiles_bet *);
/* The cached windows as JSON (a string freed with the arena), and the
 * windows of `want` (a PROFILES_WANT mask) read back: 0 or -1. */
char *profiles_windows_dump(struct arena *, const struct profiles_windows *);
int profiles_windows_parse(const char *text, unsigned want, struct profiles_windows *);
/* The cached curve (two bigint[] in text form) read back: 0 or -1. */
int profiles_curve_parse(struct arena *, const char *ts, const char *ps, struct profiles_windows *);
/* The latest bets as one text[] literal into out, and read back: 0 or -1. */
void profiles_recent_dump(const struct profiles_recent *, size_t n, struct buf *out);
int profiles_recent_parse(struct arena *, const char *text, struct profiles_recent *, size_t *n);

/* The windows' storage (profiles_windows.c). Refreshes of the members'
 * windows (ids: a uuid[] literal), due now or at run_at (a bigint[] literal
 * of unix seconds); the windows at `now` and the curve, from the member's
 * bets; the member's latest settled bets. DB_OK or a DB error. */
int profiles_windows_enqueue(struct arena *, const char *ids, const char *run_at);
int profiles_windows_compute(
    struct arena *, const char *user_id, int64_t now, struct profiles_windows *);
int profiles_recent_load(
    struct arena *, const char *user_id, struct profiles_recent *out, size_t *n);

/* A member's figures as a profile shows them. */
/* A current cache row's version: it changes with every settlement the
 * member's figures take in and every refresh of the windows, so a page
 * rendered from one version can be served again while it holds. */
#define PROFILES_VERSION_SQL "w.seq::text || ':' || extract(epoch FROM w.computed_at)::text"
#define PROFILES_VERSION_LEN 64
#define PROFILES_VERSION_NONE "none" /* no settled bet yet */

struct profiles_view {
	int64_t now;                  /* the database's clock, unix seconds */
	struct profiles_metrics m[4]; /* by enum profiles_timeframe */
	struct profiles_point *curve; /* all time, at most PROFILES_CURVE_MAX */
	size_t ncurve;
	struct profiles_recent recent[PROFILES_RECENT]; /* newest settlement first */
	size_t nrecent;
	int cached;                         /* windows came from profile_windows */
	char version[PROFILES_VERSION_LEN]; /* of the cache when cached (see below) */
	/* The catalogue's name of each all-time sport bucket (NULL: none,
	 * e.g. "other"), in the buckets' order. */
	const char *sport_names[PROFILES_SPORTS_MAX];
	int32_t nsport_names;
};

/* Reads (never writes: pages run in read-only transactions). want: the
 * timeframes needed (all-time is always there) and PROFILES_WANT_RECENT
 * for the latest bets; from a current cache only those are parsed, and the
 * others stay zero. Everything stored comes in one query; the latest bets
 * and the windows cost one or two more only when the cache is not current.
 * DB_OK or a DB error. */
#define PROFILES_WANT(tf) (1u << (tf))
#define PROFILES_WANT_ALL 0xfu
#define PROFILES_WANT_RECENT 0x10u
int profiles_db_view(struct arena *, const char *user_id, unsigned want, struct profiles_view *);
/* The version of the member's cache row when it is current, else "". */
int profiles_db_version(struct arena *, const char *user_id, char *out, size_t outsz);
/* The same by username, queued in a batch, and read from its result. */
struct db_batch;
void profiles_db_version_queue(
    struct arena *, struct db_batch *, const char *username, PGresult **out);
int profiles_db_version_from(PGresult *, char *out, size_t outsz);

/* ---- leaderboard rows (profiles_board.c) ----
 * Collect the rows of some members, then write: the members' rows of the
 * given timeframes (a text[] literal) are replaced by the collected ones. */
struct profiles_board {
	struct buf col[14];
	struct buf members;
	size_t nrows, nmembers;
};
void profiles_board_init(struct profiles_board *);
void profiles_board_free(struct profiles_board *);
void profiles_board_member(struct profiles_board *, const char *user_id);
void profiles_board_put(struct profiles_board *, const char *user_id, enum profiles_timeframe,
    const struct profiles_metrics *);
int profiles_board_write(struct arena *, struct profiles_board *, const char *timeframes);

#endif
