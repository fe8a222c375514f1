/*
 * The demo bettors' database side (docs/seed.md): the plan (seed_bets.c)
 * carried out.
 *
 * It creates the accounts, then walks the plan's replay (seed_bets_actions):
 * top-ups through the ledger, bets through bets_place() with `at` before
 * kick-off, and after an event's last bet its closing prices and result
 * (seed_catalog_finish) and bets_settle_event(). All of it is one
 * transaction per brand, so a failure leaves nothing behind.
 */
#include "seed_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../accounts/accounts.h"
#include "../bets/bets.h"
#include "../catalog/catalog.h"
#include "../db/db.h"
#include "../ledger/ledger.h"
#include "../tenancy/tenancy.h"

#define DAY INT64_C(86400)

static const char *
ts(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d+00", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A bettor whose name or address someone already uses is left out. */
static int
bettor_taken(struct arena *a, const struct tenancy_tenant *t, const struct seed_bets_bettor *bt)
{
	static struct db_stmt q =
	    DB_STMT("SELECT 1 FROM users WHERE lower(username) = $1 OR lower(email) = $2", 2);
	PGresult *r = db_query(
	    a, &q, DB_P(bt->username, arena_printf(a, "%s@%s.localhost", bt->username, t->slug)));

	return r == NULL ? -1 : db_rows(r) > 0;
}

static int
bettor_account(struct arena *a, const struct tenancy_tenant *t, const struct seed_bets_bettor *bt,
    const char *password, int64_t since, char id[UUID_STRLEN + 1])
{
	static struct db_stmt q_profile =
	    DB_STMT("UPDATE users SET display_name = $2, bio = $3, favourite_sports = $4::text[], "
	            "created_at = least(created_at, to_timestamp($5::bigint)), updated_at = now() "
	            "WHERE id = $1",
	        5);
	char since_s[24];
	int rc;

	rc = accounts_cli_create(a, bt->username,
	    arena_printf(a, "%s@%s.localhost", bt->username, t->slug), password, "user",
	    t->signup_credit, id);
	if (rc != 0) {
		fprintf(stderr, "seed: %s on %s: the account exists or could not be created\n",
		    bt->username, t->slug);
		return -1;
	}
	snprintf(since_s, sizeof(since_s), "%lld", (long long)since);
	if (db_cmd(a, &q_profile, DB_P(id, bt->display_name, bt->bio, bt->sports, since_s)) != 1)
		return -1;
	return 0;
}

static int
topup(struct arena *a, const struct tenancy_tenant *t, const struct seed_bets_bettor *bt,
    const char *uid, size_t k)
{
	int play = strcmp(t->money_mode, "play") == 0;
	struct ledger_leg legs[2] = {
		{ play ? "bonuses" : "adjustments", NULL, -bt->topups[k].amount },
		{ "user_cash", uid, bt->topups[k].amount },
	};
	int rc = ledger_post(a, play ? "top_up" : "adjustment",
	    arena_printf(a, "seed:%s:topup:%zu", uid, k), k == 0 ? "Demo bankroll" : "Demo reload",
	    NULL, legs, 2);

	return rc == LEDGER_POSTED || rc == LEDGER_DUPLICATE ? 0 : -1;
}

static int
place(struct arena *a, const struct tenancy_tenant *t, const struct seed_catalog *cat,
    const struct seed_catalog_ref *refs, int who, const struct seed_bets_bet *b, const char *uid)
{
	const struct seed_catalog_event *e = &cat->ev[b->ev];
	const struct seed_catalog_market *m = &e->mk[b->mk];
	struct bets_place_req q;
	struct bets_place_out out;
	int rc;

	memset(&q, 0, sizeof(q));
	q.user_id = uid;
	q.selection_id = refs[b->ev].sel[b->mk][b->out];
	q.stake = b->stake;
	q.odds = b->odds;
	q.accept = BETS_ACCEPT_NONE;
	q.notes = seed_bets_note(a, cat, who, b);
	q.win_probability_bps = b->win_bps;
	q.idempotency_key =
	    arena_printf(a, "seed:%s:%s:%d:%s", e->key, m->kind, (int)m->line, m->outcomes[b->out]);
	q.source = BETS_SRC_SEED;
	q.at = ts(a, b->placed_at);
	rc = bets_place(a, t, &q, &out);
	if (rc != BETS_PLACED && rc != BETS_DUPLICATE) {
		fprintf(stderr, "seed: %s's bet on %s (%s %s) refused: %s (%d)\n",
		    seed_personas[who].username, e->key, m->kind, m->outcomes[b->out],
		    bets_place_message(rc), rc);
		return -1;
	}
	return 0;
}

/* The year, as the replay orders it. */
static int
play_year(struct arena *a, const struct tenancy_tenant *t, const struct seed_catalog *cat,
    const struct seed_bets_plan *plan, const struct seed_catalog_ref *refs,
    char uid[][UUID_STRLEN + 1])
{
	size_t n, next[SEED_BETS_BETTORS] = { 0 };
	struct seed_action *act = seed_bets_actions(cat, plan, &n);
	int rc = 0;

	if (act == NULL)
		return -1;
	for (size_t k = 0; k < n && rc == 0; k++) {
		const struct seed_bets_bettor *bt = &plan->b[act[k].who];
		char err[256];

		if (act[k].kind == SEED_A_PLACE) {
			size_t *tp = &next[act[k].who];

			while (rc == 0 && *tp < bt->ntopups && bt->topups[*tp].before == act[k].i)
				rc = topup(a, t, bt, uid[act[k].who], (*tp)++);
			if (rc == 0)
				rc = place(a, t, cat, refs, act[k].who, &bt->bets[act[k].i],
				    uid[act[k].who]);
		} else if (k + 1 == n || act[k + 1].kind != SEED_A_SETTLE ||
		    act[k + 1].ev != act[k].ev) {
			/* the event's last settlement action: kick-off, result, settlement */
			const char *id = refs[act[k].ev].event_id;

			if (seed_catalog_finish(a, id, &cat->ev[act[k].ev]) < 0 ||
			    bets_settle_event(a, id, ts(a, act[k].at), err, sizeof(err)) < 0) {
				fprintf(stderr, "seed: settling %s failed: %s\n",
				    cat->ev[act[k].ev].key,
				    db_last_rc() != DB_OK ? db_sqlstate() : err);
				rc = -1;
			}
		}
		arena_reset(a);
	}
	free(act);
	return rc;
}

static void
report(const struct tenancy_tenant *t, const struct seed_catalog *cat,
    const struct seed_bets_bettor *bt)
{
	struct profiles_metrics m;
	size_t open = 0;

	for (size_t i = 0; i < bt->n; i++)
		open += bt->bets[i].outcome == 0;
	if (seed_bets_metrics(cat, bt, &m) != 0)
		return;
	printf("seeded %s on %s: %zu bets (%zu open), ROI %+.1f %%, CLV %+.1f %%, won %.0f %%, "
	       "average odds %.2f\n",
	    bt->username, t->slug, bt->n, open, m.roi_percentage, m.closing_line_value,
	    m.winning_percentage, m.average_odds);
}

/* The first seed of a brand: the bettors' plan, without those whose name
 * or address someone already uses; pending[i] is set for the events they
 * bet on. 0 or -1. */
static int
plan_bettors(struct arena *a, const struct tenancy_tenant *t, const struct seed_catalog *cat,
    struct seed_bets_plan *plan, unsigned char *pending)
{
	int st;

	if (seed_bets_plan(cat, t->min_stake, t->max_stake, t->signup_credit, plan) != 0)
		return -1;
	for (int w = 0; w < SEED_BETS_BETTORS; w++) {
		/* wallets are separate: leaving one bettor out changes no other */
		if ((st = bettor_taken(a, t, &plan->b[w])) < 0)
			return -1;
		if (st == 1) {
			fprintf(stderr, "seed: %s is taken on %s; that demo bettor is left out\n",
			    plan->b[w].username, t->slug);
			plan->b[w].n = 0;
		}
		for (size_t i = 0; i < plan->b[w].n; i++)
			pending[plan->b[w].bets[i].ev] = 1;
	}
	return 0;
}

/* The bettors' accounts (uid: their ids), then their year. 0 or -1. */
static int
play_bettors(struct arena *a, const struct tenancy_tenant *t, const struct seed_catalog *cat,
    const struct seed_bets_plan *plan, const struct seed_catalog_ref *refs, const char *password,
    char uid[][UUID_STRLEN + 1])
{
	for (int w = 0; w < SEED_BETS_BETTORS; w++) {
		if (plan->b[w].n > 0 &&
		    bettor_account(a, t, &plan->b[w], password, cat->today - 366 * DAY, uid[w]) !=
		        0)
			return -1;
		arena_reset(a);
	}
	return play_year(a, t, cat, plan, refs, uid) != 0 ? -1 : 0;
}

/* The events to come that this run inserted get their own kick-off and
 * result. The number of events scheduled, or -1. */
static long
schedule_upcoming(struct arena *a, const struct seed_catalog *cat, const unsigned char *inserted,
    const struct seed_catalog_ref *refs, int64_t now)
{
	long jobs = 0;

	for (size_t i = cat->nhist; i < cat->n; i++) {
		if (!inserted[i] || refs[i].event_id[0] == '\0')
			continue;
		if (seed_catalog_schedule(a, refs[i].event_id, &cat->ev[i], now) != DB_OK)
			return -1;
		jobs++;
		arena_reset(a);
	}
	return jobs;
}

int
seed_bets_tenant(const struct tenancy_tenant *t, uint64_t seed, int64_t now, const char *password)
{
	struct seed_catalog cat;
	struct seed_bets_plan plan;
	struct seed_catalog_ref *refs = NULL;
	unsigned char *pending = NULL, *inserted = NULL;
	char uid[SEED_BETS_BETTORS][UUID_STRLEN + 1];
	struct arena *a = arena_new(1 << 16);
	uint64_t stored = 0, t0 = util_now_us();
	long created = 0, jobs = 0;
	int first = 0, rc = -1, st;

	memset(&plan, 0, sizeof(plan));
	memset(uid, 0, sizeof(uid));
	if (now == 0)
		now = (int64_t)time(NULL);
	if (a == NULL || seed_catalog_generate(seed, now, &cat) != 0) {
		arena_free(a);
		return -1;
	}
	pending = calloc(cat.n + 1, 1);
	inserted = calloc(cat.n + 1, 1);
	refs = calloc(cat.n + 1, sizeof(*refs));
	if (pending == NULL || inserted == NULL || refs == NULL)
		goto out;
	if (db_begin(t->schema, 0, NULL) != DB_OK) {
		fprintf(stderr, "seed: no tenant %s\n", t->slug);
		goto out;
	}
	if ((st = seed_catalog_stored(a, &stored)) < 0)
		goto fail;
	if (st == 1 && stored != seed) {
		fprintf(stderr,
		    "seed: %s holds the demo of --seed %" PRIu64 "; not mixing in %" PRIu64 "\n",
		    t->slug, stored, seed);
		goto fail;
	}
	first = st == 0;
	if (first && plan_bettors(a, t, &cat, &plan, pending) != 0)
		goto fail;
	if ((created = seed_catalog_write(a, &cat, pending, inserted)) < 0 ||
	    seed_catalog_refs(a, &cat, refs) != DB_OK)
		goto fail;
	arena_reset(a);
	if (first && play_bettors(a, t, &cat, &plan, refs, password, uid) != 0)
		goto fail;
	if ((jobs = schedule_upcoming(a, &cat, inserted, refs, now)) < 0)
		goto fail;
	if (db_commit() != DB_OK) {
		fprintf(stderr, "seed: %s: commit failed\n", t->slug);
		goto out;
	}
	rc = 0;
	printf("seeded catalogue on %s (seed %" PRIu64 "): %ld events added (%zu finished, %zu to "
	       "come in the window), %ld scheduled for results, %.1f s\n",
	    t->slug, seed, created, cat.nhist, cat.n - cat.nhist, jobs,
	    (double)(util_now_us() - t0) / 1e6);
	if (first)
		for (int w = 0; w < SEED_BETS_BETTORS; w++)
			if (plan.b[w].n > 0)
				report(t, &cat, &plan.b[w]);
	goto out;
fail:
	if (db_last_rc() != DB_OK)
		fprintf(stderr, "seed: %s: database error %s\n", t->slug, db_sqlstate());
	db_rollback();
out:
	seed_bets_plan_free(&plan);
	seed_catalog_free(&cat);
	free(pending);
	free(inserted);
	free(refs);
	arena_free(a);
	return rc;
}
