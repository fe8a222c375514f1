/*
 * Profiles storage: settlement and rebuild (migrations/tenant/0005_profiles.sql).
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
 */
#include "profiles_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../jobs/jobs.h"
#include "../tenancy/tenancy.h"

#define REBUILD_CHUNK 1000 /* members per round of statements in a full rebuild */
#define REBUILD_TOL 1e-9   /* docs/metrics.md: doubles across builds */

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

/* Array literals of the rows to write. */
#define NSTAT (2 + PROFILES_ACC_NFIELDS) /* user_id, seq, the accumulator */
struct out {
	struct buf st[NSTAT];
	struct buf sp[PROFILES_NSPORT]; /* PROFILES_SPORT_COLS */
	struct buf trim[2];             /* user_id, count: bucket rows at pos >= count go */
	struct buf jobs;                /* members whose windows are refreshed */
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
	for (int i = 0; i < PROFILES_NSPORT; i++) {
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
	for (int i = 0; i < PROFILES_NSPORT; i++)
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
	    "INSERT INTO profile_sport_stats (" PROFILES_SPORT_COLS ") "
	    "SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int8[], $5::int8[], "
	    "$6::int8[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::float8[]) "
	    "ON CONFLICT (user_id, pos) DO UPDATE SET sport = EXCLUDED.sport, bets = EXCLUDED.bets, "
	    "winning = EXCLUDED.winning, losing = EXCLUDED.losing, staked = EXCLUDED.staked, "
	    "profit = EXCLUDED.profit, odds_sum = EXCLUDED.odds_sum, clv_bets = EXCLUDED.clv_bets, "
	    "clv_sum = EXCLUDED.clv_sum",
	    PROFILES_NSPORT);
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
		for (int i = 0; i < PROFILES_NSPORT; i++)
			p[i] = db_arr_end(&o->sp[i]);
		if (db_cmd(a, &q_sports, p) < 0)
			return db_last_rc();
	}
	if (jobs != NULL && o->drop_windows && db_cmd(a, &q_drop, DB_P(jobs)) < 0)
		return db_last_rc();
	if (jobs != NULL && profiles_windows_enqueue(a, jobs, NULL) != DB_OK)
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
		profiles_acc_from_row(rs, mm->row, 1, old, &seq);
		profiles_sports_from_row(rsp, mm->sp0, mm->nsp, 0, old);
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

		profiles_bet_from_row(rb, i, &b);
		if (profiles_acc_add(acc, &b) != 0)
			refused(mm->uid, db_ll(rb, i, PROFILES_B_SEQ));
		newseq = db_ll(rb, i, PROFILES_B_SEQ); /* rows come in seq order */
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

/* Steps 1 and 2 for members m[0..nm), sorted by uid (ids: their uuid[]
 * literal; rids: those rebuilt, NULL for none): their rows ensured and
 * locked, their sport rows and the rebuilt members' bets read (*rb NULL
 * when none), and each member's place in those results. 0, or -1
 * (db_last_rc() says why). */
static int
members_read(struct arena *a, struct member *m, size_t nm, const char *ids, const char *rids,
    PGresult **rs, PGresult **rsp, PGresult **rb)
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
	    "SELECT " PROFILES_SPORT_COLS " "
	    "FROM profile_sport_stats WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, pos",
	    1);
	static struct db_stmt q_bets =
	    DB_STMT("SELECT " PROFILES_BET_COLS " FROM bets WHERE user_id = ANY($1::uuid[]) "
	            "AND " PROFILES_OWN_SETTLED " ORDER BY user_id, settle_seq",
	        1);

	*rb = NULL;
	if (db_cmd(a, &q_ensure, DB_P(ids)) < 0 ||
	    (*rs = db_query(a, &q_lock, DB_P(ids))) == NULL ||
	    (*rsp = db_query(a, &q_sports, DB_P(ids))) == NULL ||
	    (rids != NULL && (*rb = db_query(a, &q_bets, DB_P(rids))) == NULL))
		return -1;
	for (int i = 0; i < db_rows(*rs); i++) {
		struct member *mm = bsearch(db_val(*rs, i, 0), m, nm, sizeof(*m), member_cmp);

		if (mm != NULL)
			mm->row = i;
	}
	map_rows(*rsp, m, nm, offsetof(struct member, sp0), offsetof(struct member, nsp));
	if (*rb != NULL)
		map_rows(*rb, m, nm, offsetof(struct member, rb0), offsetof(struct member, nrb));
	return 0;
}

/* Steps 1-5 of the header comment for members m[0..nm), sorted by uid.
 * Returns how many rebuilt members differed from their row, or a DB error. */
static long
process(struct arena *a, struct member *m, size_t nm, enum mode mode)
{
	struct buf ids, rids;
	const char *idl, *ridl;
	struct profiles_acc *acc = arena_alloc(a, sizeof(*acc)),
	                    *old = arena_alloc(a, sizeof(*old));
	PGresult *rs = NULL, *rsp = NULL, *rb = NULL;
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

	if (members_read(a, m, nm, idl, nrebuild > 0 ? ridl : NULL, &rs, &rsp, &rb) != 0) {
		rc = db_last_rc();
		goto out;
	}
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
	static struct db_stmt q_members =
	    DB_STMT("SELECT user_id FROM profile_stats UNION "
	            "SELECT user_id FROM bets WHERE " PROFILES_OWN_SETTLED,
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
