/* profiles internals: what the pages read from storage (profiles_db.c). */
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
