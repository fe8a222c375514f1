/*
 * Profiles storage: what pages read (migrations/tenant/0005_profiles.sql).
 * Reads only (pages run in read-only transactions): the stored figures and
 * the cached windows when current, else the same figures computed here
 * (profiles_windows.c).
 */
#include "profiles_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"

/* The columns of profiles_db_view's statement. */
enum {
	V_NOW,
	V_FRESH,
	V_WINDOWS,
	V_CURVE_T,
	V_CURVE_P,
	V_RECENT,
	V_VERSION,
	V_SPORTS,
	V_SPORT_NAME = V_SPORTS + PROFILES_NSPORT,
	V_SEQ = V_SPORTS + PROFILES_NSPORT + 2
};

/* The all-time figures and the sports' names, from the rows of
 * profiles_db_view's statement (acc: an accumulator to load them into). */
static void
view_all_time(const PGresult *r, struct profiles_acc *acc, struct profiles_view *v)
{
	long long seq;

	profiles_acc_from_row(r, 0, V_SEQ, acc, &seq);
	profiles_sports_from_row(r, 0, db_rows(r), V_SPORTS, acc);
	for (int32_t i = 0; i < acc->nsports; i++)
		v->sport_names[i] = db_val(r, i, V_SPORT_NAME);
	v->nsport_names = acc->nsports;
	profiles_acc_metrics(acc, &v->m[PROFILES_ALL_TIME]);
}

/* The cached windows, curve and latest bets of `want` into w and v, when
 * the cache is current and reads back: 1 (v->cached and v->version set),
 * else 0. */
static int
view_cached(struct arena *a, const PGresult *r, unsigned want, struct profiles_windows *w,
    struct profiles_view *v)
{
	const char *fresh = db_val(r, 0, V_FRESH);

	if (fresh != NULL && strcmp(fresh, "t") == 0 &&
	    profiles_curve_parse(a, db_val(r, 0, V_CURVE_T), db_val(r, 0, V_CURVE_P), w) == 0 &&
	    ((want & PROFILES_WANT_ALL & ~PROFILES_WANT(PROFILES_ALL_TIME)) == 0 ||
	        profiles_windows_parse(db_val(r, 0, V_WINDOWS), want, w) == 0) &&
	    (!(want & PROFILES_WANT_RECENT) ||
	        profiles_recent_parse(a, db_val(r, 0, V_RECENT), v->recent, &v->nrecent) == 0)) {
		v->cached = 1;
		snprintf(v->version, sizeof(v->version), "%s", db_val(r, 0, V_VERSION));
		return 1;
	}
	return 0;
}

int
profiles_db_view(struct arena *a, const char *uid, unsigned want, struct profiles_view *v)
{
	/* One row per sport bucket (at least one), the stats and the cache on
	 * the first: every stored figure in one round trip. */
	static struct db_stmt q = DB_STMT(
	    "SELECT floor(extract(epoch FROM now()))::bigint, w.seq = s.seq AND w.valid_until > now(), "
	    "CASE WHEN coalesce(sp.pos, 0) = 0 THEN w.windows END, "
	    "CASE WHEN coalesce(sp.pos, 0) = 0 THEN w.curve_t END, "
	    "CASE WHEN coalesce(sp.pos, 0) = 0 THEN w.curve_profit END, "
	    "CASE WHEN coalesce(sp.pos, 0) = 0 THEN w.recent END, " PROFILES_VERSION_SQL ", "
	    "sp.user_id, sp.pos, sp.sport, sp.bets, sp.winning, sp.losing, sp.staked, sp.profit, "
	    "sp.odds_sum, sp.clv_bets, sp.clv_sum, "
	    "sn.name, s.* "
	    "FROM (SELECT $1::uuid AS id) k "
	    "LEFT JOIN (SELECT user_id, " PROFILES_STATS_COLS " FROM profile_stats "
	    "WHERE user_id = $1::uuid) s ON true "
	    "LEFT JOIN profile_windows w ON w.user_id = k.id "
	    "LEFT JOIN profile_sport_stats sp ON sp.user_id = k.id "
	    "LEFT JOIN sports sn ON sn.key = sp.sport ORDER BY sp.pos",
	    1);
	struct profiles_acc *acc = arena_alloc(a, sizeof(*acc));
	struct profiles_windows *w = arena_calloc(a, 1, sizeof(*w));
	PGresult *r;
	int rc;

	memset(v, 0, sizeof(*v));
	if (acc == NULL || w == NULL)
		return DB_ERR;
	if ((r = db_query(a, &q, DB_P(uid))) == NULL || db_rows(r) < 1)
		return db_last_rc() < 0 ? db_last_rc() : DB_ERR;
	v->now = db_ll(r, 0, V_NOW);
	profiles_acc_init(acc);
	if (db_val(r, 0, V_SEQ - 1) == NULL) {
		/* no settled bet yet: every figure is zero */
		for (int tf = PROFILES_7_DAYS; tf <= PROFILES_ALL_TIME; tf++)
			profiles_acc_metrics(acc, &v->m[tf]);
		v->cached = 1;
		snprintf(v->version, sizeof(v->version), "%s", PROFILES_VERSION_NONE);
		return DB_OK;
	}
	view_all_time(r, acc, v);

	/* The cache when current (parsing only what was asked for), else the
	 * same figures computed here. */
	if (!view_cached(a, r, want, w, v) &&
	    ((rc = profiles_windows_compute(a, uid, v->now, w)) != DB_OK ||
	        ((want & PROFILES_WANT_RECENT) &&
	            (rc = profiles_recent_load(a, uid, v->recent, &v->nrecent)) != DB_OK)))
		return rc;
	for (size_t i = 0; i < TG_NELEM(profiles_windowed); i++)
		v->m[profiles_windowed[i]] = w->m[profiles_windowed[i]];
	v->curve = w->curve;
	v->ncurve = w->ncurve;
	return DB_OK;
}

#define VERSION_SQL(from)                                                                         \
	"SELECT CASE WHEN s.user_id IS NULL THEN '" PROFILES_VERSION_NONE "' "                    \
	"WHEN w.seq = s.seq AND w.valid_until > now() THEN " PROFILES_VERSION_SQL " ELSE '' END " \
	"FROM " from " LEFT JOIN profile_stats s ON s.user_id = k.id "                            \
	"LEFT JOIN profile_windows w ON w.user_id = k.id"

int
profiles_db_version(struct arena *a, const char *uid, char *out, size_t outsz)
{
	static struct db_stmt q = DB_STMT(VERSION_SQL("(SELECT $1::uuid AS id) k"), 1);

	return profiles_db_version_from(db_query(a, &q, DB_P(uid)), out, outsz);
}

void
profiles_db_version_queue(struct arena *a, struct db_batch *b, const char *username, PGresult **out)
{
	static struct db_stmt q = DB_STMT(VERSION_SQL("users k") " WHERE lower(k.username) = "
	                                                         "lower($1)",
	    1);

	db_batch_add(a, b, &q, DB_P(username), out);
}

int
profiles_db_version_from(PGresult *r, char *out, size_t outsz)
{
	out[0] = '\0';
	if (r == NULL)
		return db_last_rc();
	if (db_rows(r) == 1)
		snprintf(out, outsz, "%s", db_val(r, 0, 0));
	return DB_OK;
}
