/*
 * Profiles storage (migrations/tenant/0005_profiles.sql).
 *
 * Settlement. profiles_on_settled() receives a batch of settled bets in
 * settlement order and, inside the settlement's transaction, does a fixed
 * number of statements whatever the batch size (arrays expanded by unnest):
 *   1. inserts the missing profile_stats rows, so that a concurrent
 *      settlement for the same member waits for this one instead of also
 *      starting from zero;
 *   2. locks the members' rows in user_id order (two settlements never wait
 *      for each other in a cycle) and reads their sport buckets;
 *   3. feeds each member's bets to the stored accumulator, skipping a bet
 *      whose seq is not above the row's (a retried settlement never counts
 *      twice). A member with a re-settled bet is rebuilt from all their
 *      settled bets instead (the accumulator cannot be inverted); those
 *      bets are read in one statement for all such members;
 *   4. writes the changed rows back, one statement per table;
 *   5. queues the refresh of the members' cached windows.
 * A rebuild (`tailgate stats rebuild`) runs the same steps with every member
 * rebuilt, and counts the members whose stored row differed.
 *
 * Windows. The "profile_windows" job stores the 7-day, 30-day and 1-year
 * metrics, the equity curve and the latest settled bets in profile_windows,
 * with the seq they were computed at and valid_until, the moment the first
 * bet leaves a window. A page uses that row while both still hold and
 * otherwise computes the same figures itself (pages never write).
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
#define SWEEP_MAX 5000     /* refreshes queued per sweep */
#define REBUILD_CHUNK 1000 /* members per round of statements in a full rebuild */
#define REBUILD_TOL 1e-9   /* docs/metrics.md: doubles across builds */

/* A member's record is their own picks (docs/metrics.md, "Own bets only"):
 * every figure here, the rebuild's included, reads only settled bets that
 * are not copies of someone else's (served by bets_user_own_settled). */
#define OWN_SETTLED "settle_seq IS NOT NULL AND copied_from IS NULL"

/* Settled bets as every query here reads them. */
#define BET_COLS                                                                            \
	"user_id, settle_seq, floor(extract(epoch FROM settled_at))::bigint, stake, odds, " \
	"status, payout - stake, coalesce(fair_closing_odds, 0), sport"
enum { B_USER, B_SEQ, B_AT, B_STAKE, B_ODDS, B_STATUS, B_PROFIT, B_FAIR, B_SPORT };

/* Refreshes of the members' windows (ids: a uuid[] literal), due now, or at
 * run_at (a bigint[] literal of unix seconds). A refresh already queued is
 * brought forward rather than duplicated. */
static int
enqueue(struct arena *a, const char *ids, const char *run_at)
{
	const struct jobs_many m = { .kind = "profile_windows",
		.key = "user_id",
		.values = ids,
		.run_at = run_at,
		.dedup_prefix = "pw:",
		.dup = JOBS_DUP_EARLIER };

	return jobs_enqueue_many(a, &m) < 0 ? db_last_rc() : DB_OK;
}

/* ---- the accumulator's rows ---- */

/* A row read as "user_id, " PROFILES_STATS_COLS, seq at column col. */
static void
acc_load(const PGresult *r, int row, int col, struct profiles_acc *acc, long long *seq)
{
	profiles_acc_init(acc);
	*seq = db_ll(r, row, col);
	for (int i = 0; i < PROFILES_ACC_NFIELDS; i++) {
		const struct profiles_field *f = &profiles_acc_fields[i];
		char *p = (char *)acc + f->off;
		const char *v = db_val(r, row, col + 1 + i);

		switch (f->type) {
		case PROFILES_F_I64:
			*(int64_t *)p = db_ll(r, row, col + 1 + i);
			break;
		case PROFILES_F_I32:
			*(int32_t *)p = (int32_t)db_ll(r, row, col + 1 + i);
			break;
		case PROFILES_F_DBL:
			*(double *)p = v != NULL ? strtod(v, NULL) : 0;
			break;
		}
	}
}

/* Sport rows (SPORT_COLS from column col), ordered by pos. A gap stops the load, and a rebuild then
 * finds the row wrong; so does a NULL user_id (no bucket at all). */
static void
sports_load(const PGresult *r, int first, int n, int col, struct profiles_acc *acc)
{
	for (int i = first; i < first + n && acc->nsports < PROFILES_SPORTS_MAX; i++) {
		struct profiles_sport *s = &acc->sports[acc->nsports];

		if (db_val(r, i, col) == NULL || db_ll(r, i, col + 1) != acc->nsports)
			break;
		snprintf(s->name, sizeof(s->name), "%s", db_val(r, i, col + 2));
		s->bets = db_ll(r, i, col + 3);
		s->winning = db_ll(r, i, col + 4);
		s->losing = db_ll(r, i, col + 5);
		s->staked = db_ll(r, i, col + 6);
		s->profit = db_ll(r, i, col + 7);
		s->odds_sum = db_ll(r, i, col + 8);
		s->clv_bets = db_ll(r, i, col + 9);
		s->clv_sum =
		    db_val(r, i, col + 10) != NULL ? strtod(db_val(r, i, col + 10), NULL) : 0;
		acc->nsports++;
	}
}

static void
bet_from_row(const PGresult *r, int i, struct profiles_bet *b)
{
	memset(b, 0, sizeof(*b));
	b->settled_at = db_ll(r, i, B_AT);
	b->stake = db_ll(r, i, B_STAKE);
	b->odds = (int32_t)db_ll(r, i, B_ODDS);
	if (bets_outcome_parse(db_val(r, i, B_STATUS), &b->outcome) != 0)
		b->outcome = 0; /* refused by profiles_acc_add, and logged */
	b->profit = db_ll(r, i, B_PROFIT);
	b->fair_closing_odds = (int32_t)db_ll(r, i, B_FAIR);
	b->sport = db_val(r, i, B_SPORT);
}

static void
refused(const char *user_id, long long seq)
{
	log_warn("profiles: the bet of %s settled as %lld is outside the metrics' bounds and is "
	         "not counted",
	    user_id, seq);
}

/* ---- batches of members ---- */

struct member {
	const char *uid;
	const struct profiles_settled **bets; /* incremental: this member's, in seq order */
	size_t nbets;
	int rebuild;
	int row;      /* in the profile_stats result; -1: none */
	int sp0, nsp; /* in the sport rows */
	int rb0, nrb; /* in the rebuild's bets */
};

enum mode {
	APPLY,   /* settlement: incremental, or rebuilt where a bet was re-settled */
	REBUILD, /* rebuild everyone, store what differed */
	CHECK,   /* rebuild everyone, count what differed, store nothing */
};

static int
member_cmp(const void *key, const void *m)
{
	return strcmp(key, ((const struct member *)m)->uid);
}

static int
member_sort(const void *x, const void *y)
{
	return strcmp(((const struct member *)x)->uid, ((const struct member *)y)->uid);
}

/* Rows ordered by user_id at column 0: each member's first row and count. */
static void
map_rows(const PGresult *r, struct member *m, size_t nm, size_t first_off, size_t count_off)
{
	for (int i = 0; i < db_rows(r); i++) {
		struct member *mm = bsearch(db_val(r, i, 0), m, nm, sizeof(*m), member_cmp);
		int *first, *count;

		if (mm == NULL)
			continue;
		first = (int *)((char *)mm + first_off);
		count = (int *)((char *)mm + count_off);
		if ((*count)++ == 0)
			*first = i;
	}
}

/* The columns of profile_sport_stats, in struct profiles_sport's order. */
#define SPORT_COLS                                                               \
	"user_id, pos, sport, bets, winning, losing, staked, profit, odds_sum, " \
	"clv_bets, clv_sum"
#define NSPORT 11

/* Array literals of the rows to write. */
#define NSTAT (2 + PROFILES_ACC_NFIELDS) /* user_id, seq, the accumulator */
struct out {
	struct buf st[NSTAT];
	struct buf sp[NSPORT]; /* SPORT_COLS */
	struct buf trim[2];    /* user_id, count: bucket rows at pos >= count go */
	struct buf jobs;       /* members whose windows are refreshed */
	size_t nst, nsp, ntrim, njobs;
	int drop_windows;            /* a rebuild: their cache rows go first (see out_write) */
	struct profiles_board board; /* their all-time leaderboard rows */
};

static void
out_init(struct out *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 0; i < NSTAT; i++) {
		buf_init(&o->st[i]);
		db_arr_begin(&o->st[i]);
	}
	for (int i = 0; i < NSPORT; i++) {
		buf_init(&o->sp[i]);
		db_arr_begin(&o->sp[i]);
	}
	for (int i = 0; i < 2; i++) {
		buf_init(&o->trim[i]);
		db_arr_begin(&o->trim[i]);
	}
	buf_init(&o->jobs);
	db_arr_begin(&o->jobs);
	profiles_board_init(&o->board);
}

static void
out_free(struct out *o)
{
	for (int i = 0; i < NSTAT; i++)
		buf_free(&o->st[i]);
	for (int i = 0; i < NSPORT; i++)
		buf_free(&o->sp[i]);
	for (int i = 0; i < 2; i++)
		buf_free(&o->trim[i]);
	buf_free(&o->jobs);
	profiles_board_free(&o->board);
}

static void
put_stats(struct out *o, const char *uid, long long seq, const struct profiles_acc *acc)
{
	db_arr_str(&o->st[0], uid);
	db_arr_int(&o->st[1], seq, 0);
	for (int i = 0; i < PROFILES_ACC_NFIELDS; i++) {
		const struct profiles_field *f = &profiles_acc_fields[i];
		const char *p = (const char *)acc + f->off;
		struct buf *b = &o->st[2 + i];
		char d[32];

		switch (f->type) {
		case PROFILES_F_I64:
			db_arr_int(b, *(const int64_t *)p, 0);
			break;
		case PROFILES_F_I32:
			db_arr_int(b, *(const int32_t *)p, 0);
			break;
		case PROFILES_F_DBL:
			/* 17 significant digits: float8 reads it back bit for bit */
			snprintf(d, sizeof(d), "%.17g", *(const double *)p);
			db_arr_str(b, d);
			break;
		}
	}
	o->nst++;
}

static void
put_sport(struct out *o, const char *uid, int pos, const struct profiles_sport *s)
{
	char d[32];

	db_arr_str(&o->sp[0], uid);
	db_arr_int(&o->sp[1], pos, 0);
	db_arr_str(&o->sp[2], s->name);
	db_arr_int(&o->sp[3], s->bets, 0);
	db_arr_int(&o->sp[4], s->winning, 0);
	db_arr_int(&o->sp[5], s->losing, 0);
	db_arr_int(&o->sp[6], s->staked, 0);
	db_arr_int(&o->sp[7], s->profit, 0);
	db_arr_int(&o->sp[8], s->odds_sum, 0);
	db_arr_int(&o->sp[9], s->clv_bets, 0);
	snprintf(d, sizeof(d), "%.17g", s->clv_sum); /* bit for bit, as put_stats */
	db_arr_str(&o->sp[10], d);
	o->nsp++;
}

/* The member's all-time leaderboard rows, from the new accumulator. */
static void
put_board(struct out *o, const char *uid, const struct profiles_acc *acc)
{
	static struct profiles_metrics m; /* large; one at a time */

	profiles_acc_metrics(acc, &m);
	profiles_board_member(&o->board, uid);
	profiles_board_put(&o->board, uid, PROFILES_ALL_TIME, &m);
}

static void
put_job(struct out *o, const char *uid)
{
	db_arr_str(&o->jobs, uid);
	o->njobs++;
}

/* Writes the collected rows. DB_OK or a DB error. */
static int
out_write(struct arena *a, struct out *o)
{
	static struct db_stmt q_stats = DB_STMT(
	    "UPDATE profile_stats p SET (user_id, " PROFILES_STATS_COLS ") = ROW(x.*) "
	    "FROM unnest($1::uuid[], $2::int8[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], "
	    "$7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], "
	    "$14::int8[], $15::int8[], $16::int8[], $17::int8[], $18::int8[], $19::int8[], "
	    "$20::int8[], $21::int8[], $22::int8[], $23::int8[], $24::int8[], $25::int8[], "
	    "$26::int8[], $27::int8[], $28::int8[], $29::int8[], $30::int8[], $31::float8[], "
	    "$32::float8[], $33::float8[], $34::float8[]) AS x (user_id, " PROFILES_STATS_COLS ") "
	    "WHERE p.user_id = x.user_id",
	    NSTAT);
	static struct db_stmt q_sports = DB_STMT(
	    "INSERT INTO profile_sport_stats (" SPORT_COLS ") "
	    "SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int8[], $5::int8[], "
	    "$6::int8[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::float8[]) "
	    "ON CONFLICT (user_id, pos) DO UPDATE SET sport = EXCLUDED.sport, bets = EXCLUDED.bets, "
	    "winning = EXCLUDED.winning, losing = EXCLUDED.losing, staked = EXCLUDED.staked, "
	    "profit = EXCLUDED.profit, odds_sum = EXCLUDED.odds_sum, clv_bets = EXCLUDED.clv_bets, "
	    "clv_sum = EXCLUDED.clv_sum",
	    NSPORT);
	static struct db_stmt q_trim = DB_STMT(
	    "DELETE FROM profile_sport_stats p USING unnest($1::uuid[], $2::int[]) AS x (user_id, n) "
	    "WHERE p.user_id = x.user_id AND p.pos >= x.n",
	    2);
	/* A rebuilt row may stand at an earlier seq than the cache row (when
	 * what it counted changed: copies once counted, docs/metrics.md), and
	 * a refresh never replaces a later computation; the cache goes, and
	 * pages compute the windows themselves until the refresh. */
	static struct db_stmt q_drop =
	    DB_STMT("DELETE FROM profile_windows WHERE user_id = ANY($1::uuid[])", 1);
	const char *p[NSTAT], *jobs = o->njobs > 0 ? db_arr_end(&o->jobs) : NULL;

	if (o->nst > 0) {
		for (int i = 0; i < NSTAT; i++)
			p[i] = db_arr_end(&o->st[i]);
		if (db_cmd(a, &q_stats, p) < 0)
			return db_last_rc();
	}
	if (o->ntrim > 0 &&
	    db_cmd(a, &q_trim, DB_P(db_arr_end(&o->trim[0]), db_arr_end(&o->trim[1]))) < 0)
		return db_last_rc();
	if (o->nsp > 0) {
		for (int i = 0; i < NSPORT; i++)
			p[i] = db_arr_end(&o->sp[i]);
		if (db_cmd(a, &q_sports, p) < 0)
			return db_last_rc();
	}
	if (jobs != NULL && o->drop_windows && db_cmd(a, &q_drop, DB_P(jobs)) < 0)
		return db_last_rc();
	if (jobs != NULL && enqueue(a, jobs, NULL) != DB_OK)
		return db_last_rc();
	return profiles_board_write(a, &o->board, "{all_time}");
}

/* One member: the new accumulator from its stored row and its bets.
 * Returns 1 when the stored row differed from a rebuild, else 0. */
static int
member_apply(struct member *mm, enum mode mode, const PGresult *rs, const PGresult *rsp,
    const PGresult *rb, struct profiles_acc *acc, struct profiles_acc *old, struct out *o)
{
	long long seq = 0, newseq;
	int differs;

	profiles_acc_init(old);
	if (mm->row >= 0) {
		acc_load(rs, mm->row, 1, old, &seq);
		sports_load(rsp, mm->sp0, mm->nsp, 0, old);
	}
	if (!mm->rebuild) {
		/* Incremental: the bets after the row's seq, in seq order. */
		*acc = *old;
		newseq = seq;
		for (size_t i = 0; i < mm->nbets; i++) {
			const struct profiles_settled *b = mm->bets[i];

			if (b->seq <= newseq)
				continue;
			if (profiles_acc_add(acc, &b->bet) != 0)
				refused(mm->uid, b->seq);
			newseq = b->seq;
		}
		if (newseq == seq)
			return 0;
		put_stats(o, mm->uid, newseq, acc);
		put_board(o, mm->uid, acc);
		for (int32_t i = 0; i < acc->nsports; i++)
			if (i >= old->nsports || acc->sports[i].bets != old->sports[i].bets)
				put_sport(o, mm->uid, i, &acc->sports[i]);
		return 0;
	}

	profiles_acc_init(acc);
	newseq = 0;
	for (int i = mm->rb0; i < mm->rb0 + mm->nrb; i++) {
		struct profiles_bet b;

		bet_from_row(rb, i, &b);
		if (profiles_acc_add(acc, &b) != 0)
			refused(mm->uid, db_ll(rb, i, B_SEQ));
		newseq = db_ll(rb, i, B_SEQ); /* rows come in seq order */
	}
	differs = newseq != seq || !profiles_acc_equal(acc, old, mode == APPLY ? 0 : REBUILD_TOL);
	if (!differs || mode == CHECK)
		return differs;
	put_stats(o, mm->uid, newseq, acc);
	put_board(o, mm->uid, acc);
	for (int32_t i = 0; i < acc->nsports; i++)
		put_sport(o, mm->uid, i, &acc->sports[i]);
	if (old->nsports > acc->nsports) {
		db_arr_str(&o->trim[0], mm->uid);
		db_arr_int(&o->trim[1], acc->nsports, 0);
		o->ntrim++;
	}
	if (mode == REBUILD)
		put_job(o, mm->uid);
	return differs;
}

/* Steps 1-5 of the header comment for members m[0..nm), sorted by uid.
 * Returns how many rebuilt members differed from their row, or a DB error. */
static long
process(struct arena *a, struct member *m, size_t nm, enum mode mode)
{
	static struct db_stmt q_ensure = DB_STMT(
	    "INSERT INTO profile_stats (user_id) SELECT u FROM unnest($1::uuid[]) AS u ORDER BY u "
	    "ON CONFLICT (user_id) DO NOTHING",
	    1);
	static struct db_stmt q_lock =
	    DB_STMT("SELECT user_id, " PROFILES_STATS_COLS " FROM profile_stats "
	            "WHERE user_id = ANY($1::uuid[]) ORDER BY user_id FOR UPDATE",
	        1);
	static struct db_stmt q_sports = DB_STMT(
	    "SELECT " SPORT_COLS " "
	    "FROM profile_sport_stats WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, pos",
	    1);
	static struct db_stmt q_bets =
	    DB_STMT("SELECT " BET_COLS " FROM bets WHERE user_id = ANY($1::uuid[]) "
	            "AND " OWN_SETTLED " ORDER BY user_id, settle_seq",
	        1);
	struct buf ids, rids;
	const char *idl, *ridl;
	struct profiles_acc *acc = arena_alloc(a, sizeof(*acc)),
	                    *old = arena_alloc(a, sizeof(*old));
	PGresult *rs, *rsp, *rb = NULL;
	struct out o;
	size_t nrebuild = 0;
	long differed = 0;
	int rc = DB_ERR;

	if (acc == NULL || old == NULL)
		return DB_ERR;
	buf_init(&ids);
	buf_init(&rids);
	out_init(&o);
	db_arr_begin(&ids);
	db_arr_begin(&rids);
	o.drop_windows = mode == REBUILD;
	for (size_t i = 0; i < nm; i++) {
		m[i].row = -1;
		m[i].nsp = m[i].nrb = 0;
		if (mode != APPLY)
			m[i].rebuild = 1;
		db_arr_str(&ids, m[i].uid);
		if (m[i].rebuild) {
			db_arr_str(&rids, m[i].uid);
			nrebuild++;
		}
		if (mode == APPLY)
			put_job(&o, m[i].uid);
	}
	idl = db_arr_end(&ids);
	ridl = db_arr_end(&rids);

	if (db_cmd(a, &q_ensure, DB_P(idl)) < 0 || (rs = db_query(a, &q_lock, DB_P(idl))) == NULL ||
	    (rsp = db_query(a, &q_sports, DB_P(idl))) == NULL ||
	    (nrebuild > 0 && (rb = db_query(a, &q_bets, DB_P(ridl))) == NULL)) {
		rc = db_last_rc();
		goto out;
	}
	for (int i = 0; i < db_rows(rs); i++) {
		struct member *mm = bsearch(db_val(rs, i, 0), m, nm, sizeof(*m), member_cmp);

		if (mm != NULL)
			mm->row = i;
	}
	map_rows(rsp, m, nm, offsetof(struct member, sp0), offsetof(struct member, nsp));
	if (rb != NULL)
		map_rows(rb, m, nm, offsetof(struct member, rb0), offsetof(struct member, nrb));

	for (size_t i = 0; i < nm; i++)
		if (member_apply(&m[i], mode, rs, rsp, rb, acc, old, &o)) {
			differed++;
			if (mode != APPLY)
				log_warn(
				    "profiles: the stored figures of %s differed from a rebuild%s",
				    m[i].uid, mode == REBUILD ? "; replaced" : "");
		}
	rc = mode == CHECK ? DB_OK : out_write(a, &o);
out:
	buf_free(&ids);
	buf_free(&rids);
	out_free(&o);
	return rc < 0 ? rc : differed;
}

/* ---- settlement and rebuild ---- */

static int
settled_cmp(const void *x, const void *y)
{
	const struct profiles_settled *a = *(const struct profiles_settled *const *)x;
	const struct profiles_settled *b = *(const struct profiles_settled *const *)y;
	int c = strcmp(a->user_id, b->user_id);

	if (c != 0)
		return c;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a < b ? -1 : a > b; /* stable: the caller's order */
}

int
profiles_on_settled(struct arena *a, const struct profiles_settled *s, size_t n)
{
	const struct profiles_settled **order;
	struct member *m;
	size_t nm = 0;
	long rc;

	if (n == 0)
		return DB_OK;
	order = arena_alloc(a, n * sizeof(*order));
	m = arena_calloc(a, n, sizeof(*m));
	if (order == NULL || m == NULL)
		return DB_ERR;
	for (size_t i = 0; i < n; i++) {
		if (s[i].user_id == NULL)
			return DB_ERR;
		order[i] = &s[i];
	}
	qsort(order, n, sizeof(*order), settled_cmp);
	for (size_t i = 0; i < n; i++) {
		if (nm == 0 || strcmp(m[nm - 1].uid, order[i]->user_id) != 0) {
			m[nm].uid = order[i]->user_id;
			m[nm].bets = &order[i];
			nm++;
		}
		m[nm - 1].nbets++;
		m[nm - 1].rebuild |= order[i]->resettled != 0;
	}
	rc = process(a, m, nm, APPLY);
	return rc < 0 ? (int)rc : DB_OK;
}

int
profiles_on_bets_settled(struct arena *a, const struct bets_settled_ev *ev)
{
	struct profiles_settled *s;

	if (ev->nown == 0)
		return DB_OK;
	if ((s = arena_calloc(a, ev->nown, sizeof(*s))) == NULL)
		return DB_ERR;
	for (size_t i = 0; i < ev->nown; i++) {
		const struct bets_settled_bet *b = &ev->own[i];

		s[i] = (struct profiles_settled){ b->user_id, b->seq, b->resettled,
			{ b->settled_at, b->stake, b->odds, b->outcome, b->profit,
			    b->fair_closing_odds, b->sport } };
	}
	return profiles_on_settled(a, s, ev->nown);
}

long
profiles_rebuild_user(struct arena *a, const char *user_id, int store)
{
	struct member m;

	if (!util_uuid_valid(user_id))
		return DB_ERR;
	memset(&m, 0, sizeof(m));
	m.uid = util_lower(arena_strdup(a, user_id));
	return process(a, &m, 1, store ? REBUILD : CHECK);
}

long
profiles_rebuild_all(struct arena *a, int store, long *members)
{
	static struct db_stmt q_members = DB_STMT("SELECT user_id FROM profile_stats UNION "
	                                          "SELECT user_id FROM bets WHERE " OWN_SETTLED,
	    0);
	PGresult *r = db_query(a, &q_members, NULL);
	struct member *m;
	long differed = 0, rc;
	size_t n;

	*members = 0;
	if (r == NULL)
		return db_last_rc();
	n = (size_t)db_rows(r);
	if (n == 0)
		return 0;
	if ((m = arena_calloc(a, n, sizeof(*m))) == NULL)
		return DB_ERR;
	for (size_t i = 0; i < n; i++)
		m[i].uid = db_val(r, (int)i, 0);
	qsort(m, n, sizeof(*m), member_sort);
	for (size_t i = 0; i < n; i += REBUILD_CHUNK) {
		size_t k = n - i < REBUILD_CHUNK ? n - i : REBUILD_CHUNK;

		if ((rc = process(a, m + i, k, store ? REBUILD : CHECK)) < 0)
			return rc;
		differed += rc;
	}
	*members = (long)n;
	return differed;
}

int
profiles_job_rebuild(
    struct arena *a, const struct tenancy_tenant *t, json_t *payload, char *err, size_t errsz)
{
	long members, d;

	(void)payload;
	if ((d = profiles_rebuild_all(a, 1, &members)) < 0) {
		snprintf(err, errsz, "rebuilding the figures failed");
		return -1;
	}
	log_info("profiles %s: %ld members' figures rebuilt, %ld differed", t->slug, members, d);
	return 0;
}

/* ---- windows ---- */

struct windows {
	struct profiles_metrics m[3]; /* 7 days, 30 days, 1 year */
	struct profiles_point *curve;
	size_t ncurve;
	int64_t valid_until; /* INT64_MAX: no bet can leave a window */
};

/* The windows at `now` and the curve, from the member's bets. */
static int
windows_compute(struct arena *a, const char *uid, int64_t now, struct windows *w)
{
	static struct db_stmt q_year =
	    DB_STMT("SELECT " BET_COLS " FROM bets WHERE user_id = $1 AND " OWN_SETTLED " "
	            "AND settled_at > to_timestamp($2::bigint) ORDER BY settle_seq",
	        2);
	/* One point per UTC day with a settlement: the day's last settlement
	 * time and profit; the running sum is taken below. */
	static struct db_stmt q_days = DB_STMT(
	    "SELECT max(floor(extract(epoch FROM settled_at)))::bigint, sum(payout - stake)::bigint "
	    "FROM bets WHERE user_id = $1 AND " OWN_SETTLED " "
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
		bet_from_row(r, i, &bets[i]);

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

static const enum profiles_timeframe windowed[] = { PROFILES_7_DAYS, PROFILES_30_DAYS,
	PROFILES_1_YEAR };

/* The cached windows: {"7_days": Metrics, "30_days": ..., "1_year": ...}, a
 * string freed with the arena. */
static char *
windows_dump(struct arena *a, const struct windows *w)
{
	json_t *o = json_object();
	char *s = NULL;

	for (size_t i = 0; o != NULL && i < TG_NELEM(windowed); i++)
		if (json_object_set_new(o, profiles_timeframe_name(windowed[i]),
		        profiles_metrics_json(&w->m[windowed[i]])) != 0)
			goto out;
	/* the arena frees it (at once when it cannot register it) */
	if (o != NULL && (s = json_dumps(o, JSON_COMPACT)) != NULL &&
	    arena_cleanup(a, free, s) != 0)
		s = NULL;
out:
	json_decref(o);
	return s;
}

/* The windows of `want` (a PROFILES_WANT mask) from their cached JSON. */
static int
windows_parse(const char *text, unsigned want, struct windows *w)
{
	json_t *o = json_loads(text, 0, NULL);
	int rc = json_is_object(o) ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < TG_NELEM(windowed); i++)
		if ((want & PROFILES_WANT(windowed[i])) &&
		    profiles_metrics_from_json(
		        json_object_get(o, profiles_timeframe_name(windowed[i])),
		        &w->m[windowed[i]]) != 0)
			rc = -1;
	json_decref(o);
	return rc;
}

/* A bigint[] in PostgreSQL's text form ("{1,-2,3}") into out[0..max). The
 * number of elements, or -1 when it is not one. */
static long
int_array(const char *s, int64_t *out, size_t max)
{
	size_t n = 0;
	char *end;

	if (s == NULL || *s++ != '{')
		return -1;
	if (*s == '}')
		return 0;
	for (;;) {
		if (n == max)
			return -1;
		out[n++] = strtoll(s, &end, 10);
		if (end == s || (*end != ',' && *end != '}'))
			return -1;
		if (*end == '}')
			return (long)n;
		s = end + 1;
	}
}

static int
curve_parse(struct arena *a, const char *ts, const char *ps, struct windows *w)
{
	int64_t *t = arena_alloc(a, sizeof(*t) * PROFILES_CURVE_MAX * 2),
	        *p = t + PROFILES_CURVE_MAX;
	long n;

	w->ncurve = 0;
	if (t == NULL ||
	    (w->curve = arena_alloc(a, sizeof(*w->curve) * PROFILES_CURVE_MAX)) == NULL ||
	    (n = int_array(ts, t, PROFILES_CURVE_MAX)) < 0 ||
	    int_array(ps, p, PROFILES_CURVE_MAX) != n)
		return -1;
	for (long i = 0; i < n; i++)
		w->curve[i] = (struct profiles_point){ t[i], p[i] };
	w->ncurve = (size_t)n;
	return 0;
}

/* ---- the latest settled bets ---- */

static int
recent_load(struct arena *a, const char *uid, struct profiles_recent *out, size_t *n)
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

/* The cached form: one text[] of RECENT_COLS elements per bet, in the
 * order below. An array is much cheaper to read back than JSON, and the
 * page reads it on every view. */
enum {
	RC_AT,
	RC_SPORT,
	RC_HOME,
	RC_AWAY,
	RC_KIND,
	RC_LINE,
	RC_OUTCOME,
	RC_ODDS,
	RC_STAKE,
	RC_STATUS,
	RC_PROFIT,
	RECENT_COLS
};

static void
recent_dump(const struct profiles_recent *b, size_t n, struct buf *out)
{
	db_arr_begin(out);
	for (size_t i = 0; i < n; i++) {
		db_arr_int(out, b[i].settled_at, 0);
		db_arr_str(out, b[i].sport);
		db_arr_str(out, b[i].home);
		db_arr_str(out, b[i].away);
		db_arr_str(out, b[i].kind);
		db_arr_int(out, b[i].line, 0);
		db_arr_str(out, b[i].outcome);
		db_arr_int(out, b[i].odds, 0);
		db_arr_int(out, b[i].stake, 0);
		db_arr_str(out, b[i].status);
		db_arr_int(out, b[i].profit, 0);
	}
	db_arr_end(out);
}

/* A one-dimensional array in PostgreSQL's text output ({a,"b \"c\"",NULL})
 * split into strings copied to the arena (NULL for NULL). The number of
 * elements, or -1 when it is not such an array or has more than max. */
static long
text_array(struct arena *a, const char *text, const char **out, size_t max)
{
	char *p = text != NULL ? arena_strdup(a, text) : NULL, *w, end;
	const char *start;
	size_t n = 0;
	int quoted;

	if (p == NULL || *p++ != '{')
		return -1;
	if (*p == '}')
		return 0;
	for (;;) {
		if (n == max)
			return -1;
		/* Unescaped in place: an element never grows. */
		if ((quoted = *p == '"')) {
			start = w = ++p;
			for (; *p != '"'; *w++ = *p++) {
				if (*p == '\\')
					p++;
				if (*p == '\0')
					return -1;
			}
			p++;
		} else {
			for (start = p; *p != ',' && *p != '}'; p++)
				if (*p == '\0')
					return -1;
			w = p;
		}
		if ((end = *p) != ',' && end != '}')
			return -1;
		*w = '\0';
		out[n++] = !quoted && strcmp(start, "NULL") == 0 ? NULL : start;
		if (end == '}')
			return (long)n;
		p++;
	}
}

static int
recent_parse(struct arena *a, const char *text, struct profiles_recent *out, size_t *n)
{
	const char *e[PROFILES_RECENT * RECENT_COLS];
	long k = text_array(a, text, e, TG_NELEM(e));

	if (k < 0 || k % RECENT_COLS != 0)
		return -1;
	for (long i = 0; i < k; i++)
		if (e[i] == NULL)
			return -1;
	*n = (size_t)(k / RECENT_COLS);
	for (size_t i = 0; i < *n; i++) {
		const char *const *c = &e[i * RECENT_COLS];

		out[i] = (struct profiles_recent){ .settled_at = strtoll(c[RC_AT], NULL, 10),
			.sport = c[RC_SPORT],
			.home = c[RC_HOME],
			.away = c[RC_AWAY],
			.kind = c[RC_KIND],
			.line = (int32_t)strtol(c[RC_LINE], NULL, 10),
			.outcome = c[RC_OUTCOME],
			.odds = (int32_t)strtol(c[RC_ODDS], NULL, 10),
			.stake = strtoll(c[RC_STAKE], NULL, 10),
			.status = c[RC_STATUS],
			.profit = strtoll(c[RC_PROFIT], NULL, 10) };
	}
	return 0;
}

/* The member's leaderboard rows of every timeframe: the windows just
 * computed and the stored all-time figures (which settlement keeps too;
 * rewriting them here fills in rows that predate the table). */
static int
board_refresh(struct arena *a, const char *uid, const struct windows *w)
{
	static struct db_stmt q_acc = DB_STMT(
	    "SELECT user_id, " PROFILES_STATS_COLS " FROM profile_stats WHERE user_id = $1", 1);
	static struct db_stmt q_sports = DB_STMT(
	    "SELECT " SPORT_COLS " FROM profile_sport_stats WHERE user_id = $1 ORDER BY pos", 1);
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
	for (size_t i = 0; i < TG_NELEM(windowed); i++)
		profiles_board_put(&b, uid, windowed[i], &w->m[windowed[i]]);
	if (db_rows(rs) == 1) {
		acc_load(rs, 0, 1, acc, &seq);
		sports_load(rsp, 0, db_rows(rsp), 0, acc);
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
	struct windows *w = arena_calloc(a, 1, sizeof(*w));
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
	if (windows_compute(a, uid, db_ll(r, 0, 1), w) != DB_OK ||
	    recent_load(a, uid, recent, &nrecent) != DB_OK || (text = windows_dump(a, w)) == NULL) {
		snprintf(err, errsz, "computing the windows failed");
		return -1;
	}
	buf_init(&ct);
	buf_init(&cp);
	buf_init(&rc);
	recent_dump(recent, nrecent, &rc);
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
	rc = enqueue(a, db_arr_end(&ids), db_arr_end(&due));
	buf_free(&ids);
	buf_free(&due);
	if (rc != DB_OK) {
		snprintf(err, errsz, "queueing window refreshes failed");
		return -1;
	}
	log_debug("profiles %s: %d window refreshes queued", t->slug, db_rows(r));
	return 0;
}

/* ---- what pages read ---- */

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
	enum {
		V_NOW,
		V_FRESH,
		V_WINDOWS,
		V_CURVE_T,
		V_CURVE_P,
		V_RECENT,
		V_VERSION,
		V_SPORTS,
		V_SPORT_NAME = V_SPORTS + NSPORT,
		V_SEQ = V_SPORTS + NSPORT + 2
	};
	struct profiles_acc *acc = arena_alloc(a, sizeof(*acc));
	struct windows *w = arena_calloc(a, 1, sizeof(*w));
	const char *fresh;
	long long seq;
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
	acc_load(r, 0, V_SEQ, acc, &seq);
	sports_load(r, 0, db_rows(r), V_SPORTS, acc);
	for (int32_t i = 0; i < acc->nsports; i++)
		v->sport_names[i] = db_val(r, i, V_SPORT_NAME);
	v->nsport_names = acc->nsports;
	profiles_acc_metrics(acc, &v->m[PROFILES_ALL_TIME]);

	/* The cache when current (parsing only what was asked for), else the
	 * same figures computed here. */
	fresh = db_val(r, 0, V_FRESH);
	if (fresh != NULL && strcmp(fresh, "t") == 0 &&
	    curve_parse(a, db_val(r, 0, V_CURVE_T), db_val(r, 0, V_CURVE_P), w) == 0 &&
	    ((want & PROFILES_WANT_ALL & ~PROFILES_WANT(PROFILES_ALL_TIME)) == 0 ||
	        windows_parse(db_val(r, 0, V_WINDOWS), want, w) == 0) &&
	    (!(want & PROFILES_WANT_RECENT) ||
	        recent_parse(a, db_val(r, 0, V_RECENT), v->recent, &v->nrecent) == 0)) {
		v->cached = 1;
		snprintf(v->version, sizeof(v->version), "%s", db_val(r, 0, V_VERSION));
	} else if ((rc = windows_compute(a, uid, v->now, w)) != DB_OK ||
	    ((want & PROFILES_WANT_RECENT) &&
	        (rc = recent_load(a, uid, v->recent, &v->nrecent)) != DB_OK))
		return rc;
	for (size_t i = 0; i < TG_NELEM(windowed); i++)
		v->m[windowed[i]] = w->m[windowed[i]];
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
