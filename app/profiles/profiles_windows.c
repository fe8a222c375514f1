/*
 * Profiles storage: the cached windows (migrations/tenant/0005_profiles.sql).
 *
 * The "profile_windows" job stores the 7-day, 30-day and 1-year metrics,
 * the equity curve and the latest settled bets in profile_windows, with the
 * seq they were computed at and valid_until, the moment the first bet
 * leaves a window. A page uses that row while both still hold and otherwise
 * computes the same figures itself (pages never write).
 * "profile_windows_sweep" (a periodic job, every SWEEP_SECONDS) queues a
 * refresh, due at its valid_until, for each row that expires before the
 * next sweep.
 */
#include "profiles_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../jobs/jobs.h"
#include "../tenancy/tenancy.h"

#define DAY INT64_C(86400)
#define SWEEP_SECONDS 600
#define SWEEP_MAX 5000 /* refreshes queued per sweep */

/* Refreshes of the members' windows (ids: a uuid[] literal), due now, or at
 * run_at (a bigint[] literal of unix seconds). A refresh already queued is
 * brought forward rather than duplicated. */
int
profiles_windows_enqueue(struct arena *a, const char *ids, const char *run_at)
{
	const struct jobs_many m = { .kind = "profile_windows",
		.key = "user_id",
		.values = ids,
		.run_at = run_at,
		.dedup_prefix = "pw:",
		.dup = JOBS_DUP_EARLIER };

	return jobs_enqueue_many(a, &m) < 0 ? db_last_rc() : DB_OK;
}

/* The windows at `now` and the curve, from the member's bets. */
int
profiles_windows_compute(struct arena *a, const char *uid, int64_t now, struct profiles_windows *w)
{
	static struct db_stmt q_year =
	    DB_STMT("SELECT " PROFILES_BET_COLS
	            " FROM bets WHERE user_id = $1 AND " PROFILES_OWN_SETTLED " "
	            "AND settled_at > to_timestamp($2::bigint) ORDER BY settle_seq",
	        2);
	/* One point per UTC day with a settlement: the day's last settlement
	 * time and profit; the running sum is taken below. */
	static struct db_stmt q_days = DB_STMT(
	    "SELECT max(floor(extract(epoch FROM settled_at)))::bigint, sum(payout - stake)::bigint "
	    "FROM bets WHERE user_id = $1 AND " PROFILES_OWN_SETTLED " "
	    "GROUP BY (settled_at AT TIME ZONE 'UTC')::date ORDER BY 1",
	    1);
	int64_t year = profiles_window_start(PROFILES_1_YEAR, now), cum = 0;
	struct profiles_bet *bets;
	PGresult *r, *d;
	char from[24];
	int n;

	snprintf(from, sizeof(from), "%lld", (long long)year);
	if ((r = db_query(a, &q_year, DB_P(uid, from))) == NULL ||
	    (d = db_query(a, &q_days, DB_P(uid))) == NULL)
		return db_last_rc();
	n = db_rows(r);
	if ((bets = arena_alloc(a, sizeof(*bets) * (size_t)(n > 0 ? n : 1))) == NULL ||
	    (w->curve = arena_alloc(a, sizeof(*w->curve) * (size_t)(db_rows(d) + 1))) == NULL)
		return DB_ERR;
	for (int i = 0; i < n; i++)
		profiles_bet_from_row(r, i, &bets[i]);

	w->valid_until = INT64_MAX;
	for (int tf = PROFILES_7_DAYS; tf <= PROFILES_1_YEAR; tf++) {
		int64_t start = profiles_window_start(tf, now), first = INT64_MAX;

		profiles_metrics_window(bets, (size_t)n, tf, now, &w->m[tf]);
		/* The earliest bet inside leaves when now reaches its time plus
		 * the window's length. */
		for (int i = 0; i < n; i++)
			if (bets[i].settled_at > start && bets[i].settled_at < first)
				first = bets[i].settled_at;
		if (first != INT64_MAX && first + (now - start) < w->valid_until)
			w->valid_until = first + (now - start);
	}
	/* At most a day, so that nothing unforeseen keeps a row for long. */
	if (w->valid_until != INT64_MAX && w->valid_until > now + DAY)
		w->valid_until = now + DAY;

	w->ncurve = (size_t)db_rows(d);
	for (size_t i = 0; i < w->ncurve; i++) {
		cum += db_ll(d, (int)i, 1);
		w->curve[i] = (struct profiles_point){ db_ll(d, (int)i, 0), cum };
	}
	w->ncurve = profiles_curve_downsample(w->curve, w->ncurve, PROFILES_CURVE_MAX);
	return DB_OK;
}

/* ---- the latest settled bets ---- */

int
profiles_recent_load(struct arena *a, const char *uid, struct profiles_recent *out, size_t *n)
{
	/* A constant LIMIT: with a parameter there, PostgreSQL's generic plan
	 * looks costlier than the custom ones and each execution is planned
	 * again, which costs more than running it. */
	static struct db_stmt q = DB_STMT(
	    "SELECT floor(extract(epoch FROM b.settled_at))::bigint, b.sport, ht.name, aw.name, "
	    "b.market_kind, b.line, b.outcome, b.odds, b.stake, b.status, b.payout - b.stake "
	    "FROM bets b JOIN events e ON e.id = b.event_id "
	    "JOIN teams ht ON ht.id = e.home_team_id JOIN teams aw ON aw.id = e.away_team_id "
	    "WHERE b.user_id = $1 AND b.settle_seq IS NOT NULL AND b.copied_from IS NULL "
	    "ORDER BY b.settle_seq DESC LIMIT 20",
	    1);
	PGresult *r = db_query(a, &q, DB_P(uid));

	_Static_assert(PROFILES_RECENT == 20, "the LIMIT above");
	if (r == NULL)
		return db_last_rc();
	*n = 0;
	for (int i = 0; i < db_rows(r) && *n < PROFILES_RECENT; i++)
		out[(*n)++] = (struct profiles_recent){
			.settled_at = db_ll(r, i, 0),
			.sport = db_val(r, i, 1),
			.home = db_val(r, i, 2),
			.away = db_val(r, i, 3),
			.kind = db_val(r, i, 4),
			.line = (int32_t)db_ll(r, i, 5),
			.outcome = db_val(r, i, 6),
			.odds = (int32_t)db_ll(r, i, 7),
			.stake = db_ll(r, i, 8),
			.status = db_val(r, i, 9),
			.profit = db_ll(r, i, 10),
		};
	return DB_OK;
}

/* The member's leaderboard rows of every timeframe: the windows just
 * computed and the stored all-time figures (which settlement keeps too;
 * rewriting them here fills in rows that predate the table). */
static int
board_refresh(struct arena *a, const char *uid, const struct profiles_windows *w)
{
	static struct db_stmt q_acc = DB_STMT(
	    "SELECT user_id, " PROFILES_STATS_COLS " FROM profile_stats WHERE user_id = $1", 1);
	static struct db_stmt q_sports =
	    DB_STMT("SELECT " PROFILES_SPORT_COLS
	            " FROM profile_sport_stats WHERE user_id = $1 ORDER BY pos",
	        1);
	struct profiles_acc *acc = arena_alloc(a, sizeof(*acc));
	struct profiles_metrics *m = arena_alloc(a, sizeof(*m));
	struct profiles_board b;
	PGresult *rs, *rsp;
	long long seq;
	int rc;

	if (acc == NULL || m == NULL || (rs = db_query(a, &q_acc, DB_P(uid))) == NULL ||
	    (rsp = db_query(a, &q_sports, DB_P(uid))) == NULL)
		return DB_ERR;
	profiles_board_init(&b);
	profiles_board_member(&b, uid);
	for (size_t i = 0; i < TG_NELEM(profiles_windowed); i++)
		profiles_board_put(&b, uid, profiles_windowed[i], &w->m[profiles_windowed[i]]);
	if (db_rows(rs) == 1) {
		profiles_acc_from_row(rs, 0, 1, acc, &seq);
		profiles_sports_from_row(rsp, 0, db_rows(rsp), 0, acc);
		profiles_acc_metrics(acc, m);
		profiles_board_put(&b, uid, PROFILES_ALL_TIME, m);
	}
	rc = profiles_board_write(a, &b, "{7_days,30_days,1_year,all_time}");
	profiles_board_free(&b);
	return rc;
}

int
profiles_job_windows(
    struct arena *a, const struct tenancy_tenant *t, json_t *payload, char *err, size_t errsz)
{
	static struct db_stmt q_seq =
	    DB_STMT("SELECT seq, floor(extract(epoch FROM now()))::bigint FROM profile_stats "
	            "WHERE user_id = $1",
	        1);
	/* An older computation never replaces a newer one. */
	static struct db_stmt q_put = DB_STMT(
	    "INSERT INTO profile_windows (user_id, seq, computed_at, valid_until, windows, curve_t, "
	    "curve_profit, recent) VALUES ($1, $2::bigint, now(), "
	    "coalesce(to_timestamp($3::bigint), 'infinity'), $4, $5::bigint[], $6::bigint[], "
	    "$7::text[]) "
	    "ON CONFLICT (user_id) DO UPDATE SET seq = EXCLUDED.seq, "
	    "computed_at = EXCLUDED.computed_at, valid_until = EXCLUDED.valid_until, "
	    "windows = EXCLUDED.windows, curve_t = EXCLUDED.curve_t, "
	    "curve_profit = EXCLUDED.curve_profit, recent = EXCLUDED.recent "
	    "WHERE profile_windows.seq <= EXCLUDED.seq",
	    7);
	const char *uid = json_string_value(json_object_get(payload, "user_id"));
	struct profiles_windows *w = arena_calloc(a, 1, sizeof(*w));
	struct profiles_recent *recent = arena_alloc(a, sizeof(*recent) * PROFILES_RECENT);
	struct buf ct, cp, rc;
	char until[24], *text;
	size_t nrecent = 0;
	PGresult *r;
	long long n;

	(void)t;
	if (uid == NULL || !util_uuid_valid(uid)) {
		snprintf(err, errsz, "payload needs a user_id");
		return -1;
	}
	if (w == NULL || recent == NULL || (r = db_query(a, &q_seq, DB_P(uid))) == NULL) {
		snprintf(err, errsz, "reading the profile failed");
		return -1;
	}
	if (db_rows(r) == 0)
		return 0; /* no settled bet: nothing to cache */
	if (profiles_windows_compute(a, uid, db_ll(r, 0, 1), w) != DB_OK ||
	    profiles_recent_load(a, uid, recent, &nrecent) != DB_OK ||
	    (text = profiles_windows_dump(a, w)) == NULL) {
		snprintf(err, errsz, "computing the windows failed");
		return -1;
	}
	buf_init(&ct);
	buf_init(&cp);
	buf_init(&rc);
	profiles_recent_dump(recent, nrecent, &rc);
	db_arr_begin(&ct);
	db_arr_begin(&cp);
	for (size_t i = 0; i < w->ncurve; i++) {
		db_arr_int(&ct, w->curve[i].t, 0);
		db_arr_int(&cp, w->curve[i].profit, 0);
	}
	snprintf(until, sizeof(until), "%lld", (long long)w->valid_until);
	n = db_cmd(a, &q_put,
	    DB_P(uid, db_val(r, 0, 0), w->valid_until == INT64_MAX ? NULL : until, text,
	        db_arr_end(&ct), db_arr_end(&cp), buf_cstr(&rc)));
	buf_free(&ct);
	buf_free(&cp);
	buf_free(&rc);
	if (n < 0) {
		snprintf(err, errsz, "storing the windows failed");
		return -1;
	}
	if (n == 1 && board_refresh(a, uid, w) != DB_OK) {
		snprintf(err, errsz, "storing the leaderboard rows failed");
		return -1;
	}
	return 0;
}

int
profiles_job_sweep(
    struct arena *a, const struct tenancy_tenant *t, json_t *payload, char *err, size_t errsz)
{
	/* Rows that expire before the next sweep get a refresh due when they
	 * expire; rows behind their member's seq, or missing, one due now
	 * (their settlement's refresh failed or was lost). The soonest first,
	 * queued in user_id order like a settlement's, so that the two never
	 * wait for each other in a cycle. The worker runs this periodically
	 * (SWEEP_SECONDS: "every 10 minutes" in the composition root). */
	static struct db_stmt q =
	    DB_STMT("SELECT u, floor(extract(epoch FROM due))::bigint "
	            "FROM (SELECT s.user_id AS u, CASE WHEN w.seq = s.seq "
	            "THEN greatest(w.valid_until, now()) ELSE now() END AS due "
	            "FROM profile_stats s LEFT JOIN profile_windows w ON w.user_id = s.user_id "
	            "WHERE w.user_id IS NULL OR w.seq <> s.seq "
	            "OR w.valid_until < now() + make_interval(secs => $1::int) "
	            "ORDER BY 2 LIMIT $2::int) AS x ORDER BY u",
	        2);
	char ahead[16], max[16];
	struct buf ids, due;
	PGresult *r;
	int rc;

	(void)payload;
	snprintf(ahead, sizeof(ahead), "%d", SWEEP_SECONDS + 60);
	snprintf(max, sizeof(max), "%d", SWEEP_MAX);
	if ((r = db_query(a, &q, DB_P(ahead, max))) == NULL) {
		snprintf(err, errsz, "reading the windows failed");
		return -1;
	}
	if (db_rows(r) == 0)
		return 0;
	buf_init(&ids);
	buf_init(&due);
	db_arr_begin(&ids);
	db_arr_begin(&due);
	for (int i = 0; i < db_rows(r); i++) {
		db_arr_str(&ids, db_val(r, i, 0));
		db_arr_int(&due, db_ll(r, i, 1), 0);
	}
	rc = profiles_windows_enqueue(a, db_arr_end(&ids), db_arr_end(&due));
	buf_free(&ids);
	buf_free(&due);
	if (rc != DB_OK) {
		snprintf(err, errsz, "queueing window refreshes failed");
		return -1;
	}
	log_debug("profiles %s: %d window refreshes queued", t->slug, db_rows(r));
	return 0;
}
