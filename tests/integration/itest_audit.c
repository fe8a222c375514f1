/*
 * Integration tests for the auditable record: anyone can read a member's
 * settled bets (GET /social/users/{user_id}/bets?status=settled and the
 * page /u/{username}/bets) with each bet's settlement_seq, and recompute
 * the verified figures of the profile from them: ROI, the longest streaks
 * and the maximum drawdown, folded in settlement_seq order
 * (docs/metrics.md), also after a corrected result re-settles bets. Open
 * bets stay private; copies are not the copier's record; a bad cursor is
 * 422, an unknown member 404, a member who blocked the viewer 404.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MAXB 64

struct sb {
	long long seq, stake, profit;
	char status[16], settled_at[32], bet_id[37];
};

/* Every settled bet of the listing, following next_cursor with pages of
 * `limit`, as a signed-out visitor sees them. Returns the count (or -1). */
static int
listing(const char *user_id, int limit, struct sb *out, int max)
{
	struct client anon = h_demo();
	char path[256], cursor[64] = "";
	int n = 0, pages = 0;

	for (;;) {
		struct resp r;
		json_t *bets, *next;
		size_t i;

		snprintf(path, sizeof(path), "/social/users/%s/bets?status=settled&limit=%d%s%s",
		    user_id, limit, cursor[0] ? "&cursor=" : "", cursor);
		if (h_get(&anon, path, &r) != 200 || r.json == NULL) {
			CHECK(0, "listing %s: %ld %s", path, r.status, r.body ? r.body : "");
			h_free(&r);
			return -1;
		}
		bets = json_object_get(r.json, "bets");
		CHECK(json_array_size(bets) <= (size_t)limit, "a page holds at most limit bets");
		json_array_foreach(bets, i, next)
		{
			struct sb *b = &out[n];

			if (n == max)
				break;
			b->seq = h_jint(next, "settlement_seq");
			b->stake = h_jint(next, "stake");
			b->profit = h_jint(next, "profit");
			snprintf(b->status, sizeof(b->status), "%s", h_jstr(next, "status"));
			snprintf(
			    b->settled_at, sizeof(b->settled_at), "%s", h_jstr(next, "settled_at"));
			snprintf(b->bet_id, sizeof(b->bet_id), "%s", h_jstr(next, "bet_id"));
			CHECK(json_object_get(next, "notes") == NULL &&
			        json_object_get(next, "idempotency_key") == NULL,
			    "the public bet carries no private field");
			n++;
		}
		next = json_object_get(r.json, "next_cursor");
		pages++;
		if (!json_is_string(next)) {
			CHECK(json_is_null(next), "next_cursor is a string or null");
			h_free(&r);
			break;
		}
		snprintf(cursor, sizeof(cursor), "%s", json_string_value(next));
		h_free(&r);
		if (pages > 100) {
			CHECK(0, "the cursor never ends");
			return -1;
		}
	}
	return n;
}

static int
by_seq(const void *x, const void *y)
{
	const struct sb *a = x, *b = y;

	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* docs/metrics.md, recomputed by an outsider from the listing. */
struct figures {
	long long bets, staked, profit, win_streak, loss_streak, max_drawdown;
	double roi;
};

static void
recompute(struct sb *b, int n, struct figures *f)
{
	long long cum = 0, peak = 0, wr = 0, lr = 0;

	memset(f, 0, sizeof(*f));
	qsort(b, (size_t)n, sizeof(*b), by_seq);
	for (int i = 0; i < n; i++) {
		int win = strcmp(b[i].status, "won") == 0 || strcmp(b[i].status, "half_won") == 0;
		int loss =
		    strcmp(b[i].status, "lost") == 0 || strcmp(b[i].status, "half_lost") == 0;

		f->bets++;
		f->profit += b[i].profit;
		if (win || loss)
			f->staked += b[i].stake;
		if (win) {
			wr++;
			lr = 0;
		} else if (loss) {
			lr++;
			wr = 0;
		}
		f->win_streak = wr > f->win_streak ? wr : f->win_streak;
		f->loss_streak = lr > f->loss_streak ? lr : f->loss_streak;
		cum += b[i].profit;
		peak = cum > peak ? cum : peak;
		f->max_drawdown = peak - cum > f->max_drawdown ? peak - cum : f->max_drawdown;
	}
	f->roi = f->staked > 0 ? 100.0 * (double)f->profit / (double)f->staked : 0;
}

/* The recomputed figures equal the profile's all-time ones. */
static void
compare(const char *what, struct h_member *t, struct sb *b, int n)
{
	struct client anon = h_demo();
	struct figures f;
	struct resp r;
	char path[128];
	json_t *at;

	if (n < 0)
		return; /* the listing failed, and said so */
	recompute(b, n, &f);
	snprintf(path, sizeof(path), "/social/users/%s/profile", t->id);
	CHECK(h_get(&anon, path, &r) == 200 && r.json, "%s: profile (%ld)", what, r.status);
	at = json_object_get(json_object_get(r.json, "performance"), "all_time");
	CHECK(h_jint(at, "total_bets") == f.bets, "%s: %lld bets listed, profile %lld", what,
	    f.bets, h_jint(at, "total_bets"));
	CHECK(h_jint(at, "total_profit_loss") == f.profit, "%s: profit %lld, profile %lld", what,
	    f.profit, h_jint(at, "total_profit_loss"));
	CHECK(fabs(json_number_value(json_object_get(at, "roi_percentage")) - f.roi) < 1e-9,
	    "%s: ROI %.6f, profile %.6f", what, f.roi,
	    json_number_value(json_object_get(at, "roi_percentage")));
	CHECK(h_jint(at, "longest_winning_streak") == f.win_streak,
	    "%s: winning streak %lld, "
	    "profile %lld",
	    what, f.win_streak, h_jint(at, "longest_winning_streak"));
	CHECK(h_jint(at, "longest_losing_streak") == f.loss_streak,
	    "%s: losing streak %lld, "
	    "profile %lld",
	    what, f.loss_streak, h_jint(at, "longest_losing_streak"));
	CHECK(h_jint(at, "max_drawdown") == f.max_drawdown, "%s: drawdown %lld, profile %lld", what,
	    f.max_drawdown, h_jint(at, "max_drawdown"));
	h_free(&r);
}

/*
 * One event settles in one second, so settled_at cannot order its bets;
 * settlement_seq does, and the figures follow it. The bets are placed so
 * that the order matters: on the first event W W L L L W (a losing streak
 * of 3 and a drawdown that a reordering would change), then a second event,
 * then a corrected result of the first re-settles its bets after the
 * second's, with new sequence numbers.
 */
ITEST(t_audit_recompute, "audit: the profile's figures recomputed from the public settled bets")
static void
t_audit_recompute(void)
{
	struct h_member t;
	struct h_event e1, e2, e3;
	struct sb b[MAXB], again[MAXB];
	int n, m;
	long long e2_max = 0;

	h_member_new(&t, "aud");
	CHECK(h_event_new(&e1, 86400) == 0 && h_event_new(&e2, 86400) == 0 &&
	        h_event_new(&e3, 86400) == 0,
	    "fixtures");
	/* e1 ends 2-0: W W L L W L */
	h_bet(&t, e1.home, 1000, "2.1", NULL);    /* W +1100 */
	h_bet(&t, e1.ah_home, 700, "1.95", NULL); /* W  +665 (home -0.25) */
	h_bet(&t, e1.draw, 2500, "3.4", NULL);    /* L -2500 */
	h_bet(&t, e1.away, 400, "3.6", NULL);     /* L  -400 */
	h_bet(&t, e1.under, 1200, "1.85", NULL);  /* W  +1020 (2 goals) */
	h_bet(&t, e1.over, 300, "2.0", NULL);     /* L  -300 */
	/* e2 ends 1-1: draw wins, the handicap half-loses */
	h_bet(&t, e2.draw, 500, "3.4", NULL);
	h_bet(&t, e2.home, 800, "2.1", NULL);
	h_bet(&t, e2.ah_home, 900, "1.95", NULL);
	h_bet(&t, e3.home, 600, "2.1", NULL); /* stays open */
	h_event_result(&e1, 2, 0);
	h_event_result(&e2, 1, 1);
	h_drain("profile_windows");

	n = listing(t.id, 4, b, MAXB);
	CHECK(n == 9, "nine settled bets listed, the open one not (%d)", n);
	for (int i = 1; i < n; i++)
		CHECK(b[i].seq < b[i - 1].seq,
		    "newest settlement first, by settlement_seq "
		    "(%lld after %lld)",
		    b[i].seq, b[i - 1].seq);
	{
		/* the six bets of e1 share their settled_at: only the sequence orders them */
		int same = 0;

		for (int i = 0; i < n; i++)
			same += strcmp(b[i].settled_at, b[n - 1].settled_at) == 0;
		CHECK(same >= 6, "an event's bets settle in one second (%d share it)", same);
	}
	compare("after two events", &t, b, n);

	/* e1 corrected to 0-1: home, the handicap and away change and are
	 * re-settled after e2's bets; draw, under and over do not change */
	for (int i = 0; i < n; i++)
		e2_max = b[i].seq > e2_max ? b[i].seq : e2_max;
	h_event_result(&e1, 0, 1);
	h_drain("profile_windows");
	m = listing(t.id, 50, again, MAXB);
	CHECK(m == 9, "still nine settled bets (%d)", m);
	{
		int newer = 0, kept = 0;

		for (int i = 0; i < m; i++)
			for (int k = 0; k < n; k++) {
				if (strcmp(again[i].bet_id, b[k].bet_id) != 0)
					continue;
				if (strcmp(again[i].status, b[k].status) != 0)
					newer += again[i].seq > e2_max;
				else
					kept += again[i].seq == b[k].seq;
			}
		CHECK(newer == 3, "the three changed bets carry new, later numbers (%d)", newer);
		CHECK(kept == 6, "the six unchanged bets keep theirs (%d)", kept);
	}
	compare("after a corrected result", &t, again, m);
}

ITEST(t_audit_refusals, "audit: bad cursor 422, unknown member 404, open bets private, blocks")
static void
t_audit_refusals(void)
{
	struct h_member t, v;
	struct client anon = h_demo();
	struct resp r;
	char path[256];
	struct h_event e;

	h_member_new(&t, "aur");
	h_member_new(&v, "auv");
	CHECK(h_event_new(&e, 86400) == 0, "fixture");
	h_bet(&t, e.home, 500, "2.1", NULL);

	snprintf(path, sizeof(path), "/social/users/%s/bets?status=settled&cursor=abc", t.id);
	CHECK(h_get(&anon, path, &r) == 422 && r.json &&
	        json_object_get(
	            json_object_get(json_object_get(r.json, "error"), "fields"), "cursor"),
	    "a cursor that is no position: "
	    "422 (%ld %s)",
	    r.status, r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/bets?cursor=-3", t.id);
	CHECK(h_get(&anon, path, &r) == 422, "a negative cursor: 422 (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/bets?limit=101", t.id);
	CHECK(h_get(&anon, path, &r) == 422, "a limit above 100: 422 (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/bets?status=won", t.id);
	CHECK(h_get(&anon, path, &r) == 422, "an unknown status: 422 (%ld)", r.status);
	h_free(&r);

	CHECK(h_get(&anon, "/social/users/0193a000-0000-7000-8000-000000000001/bets", &r) == 404,
	    "an unknown member: 404 (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(&anon, "/social/users/nobody/bets", &r) == 404, "no member id: 404 (%ld)",
	    r.status);
	h_free(&r);
	{
		/* a member of another brand is no member here */
		struct client acme = h_acme();

		snprintf(path, sizeof(path), "/social/users/%s/bets", t.id);
		CHECK(h_get(&acme, path, &r) == 404, "a demo member on acme: 404 (%ld)", r.status);
		h_free(&r);
		snprintf(path, sizeof(path), "/u/%s/bets", t.name);
		CHECK(h_get(&acme, path, &r) == 404, "... and their page (%ld)", r.status);
		h_free(&r);
	}
	CHECK(h_get(&anon, "/u/no_such_member_here/bets", &r) == 404, "an unknown page: 404 (%ld)",
	    r.status);
	h_free(&r);

	/* open bets: not listed, and asking for them is refused */
	snprintf(path, sizeof(path), "/social/users/%s/bets", t.id);
	CHECK(h_get(&anon, path, &r) == 200 && r.json &&
	        json_array_size(json_object_get(r.json, "bets")) == 0 &&
	        json_is_null(json_object_get(r.json, "next_cursor")),
	    "the default listing is settled bets only (%ld %s)", r.status, r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/bets?status=open", t.id);
	CHECK(h_get(&anon, path, &r) == 403 && h_contains(&r, "open_bets_private"),
	    "open bets of a member: 403 to a visitor (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(h_json(&v.c, "GET", path, NULL, &r) == 403, "... and to another member (%ld)",
	    r.status);
	h_free(&r);
	CHECK(h_json(&t.c, "GET", path, NULL, &r) == 403,
	    "... and here even to the member, whose "
	    "own are at /social/bets (%ld)",
	    r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/bets", t.name);
	CHECK(h_get(&anon, path, &r) == 200 && h_contains(&r, "Settled bets") &&
	        !h_contains(&r, "Rovers v"),
	    "the page lists no open bet (%ld)", r.status);
	h_free(&r);

	/* settled now: listed; a member the trader blocked sees nothing, as on the profile */
	h_event_result(&e, 1, 0);
	snprintf(path, sizeof(path), "/social/users/%s/bets", t.id);
	CHECK(h_json(&v.c, "GET", path, NULL, &r) == 200 &&
	        json_array_size(json_object_get(r.json, "bets")) == 1,
	    "listed once settled (%ld %s)", r.status, r.body);
	h_free(&r);
	{
		char bp[128];

		snprintf(bp, sizeof(bp), "/social/users/%s/block", v.id);
		CHECK(h_json(&t.c, "POST", bp, NULL, &r) == 200 || r.status == 201,
		    "the trader blocks v (%ld)", r.status);
		h_free(&r);
	}
	CHECK(h_json(&v.c, "GET", path, NULL, &r) == 404, "a blocked viewer: 404 (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/bets", t.name);
	CHECK(h_get(&v.c, path, &r) == 404, "a blocked viewer's page: 404 (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(&anon, path, &r) == 200 && h_contains(&r, "Rovers v"),
	    "a visitor sees the settled bet (%ld)", r.status);
	h_free(&r);
}

/* A copy is the trader's pick, not the copier's: it is not in the copier's
 * record, and the page of the copier says there is none. */
ITEST(t_audit_copies, "audit: copied bets are not the copier's record")
static void
t_audit_copies(void)
{
	struct h_member t, c;
	struct h_event h, e;
	struct resp r;
	char path[256];

	h_member_new(&t, "aut");
	h_member_new(&c, "auc");
	CHECK(h_event_new(&h, 86400) == 0 && h_event_new(&e, 86400) == 0, "fixtures");
	/* the trader needs a history before anyone can copy them */
	for (int k = 0; k < 10; k++)
		h_bet(&t, h.home, 100, "2.1", NULL);
	h_event_result(&h, 1, 0);
	snprintf(path, sizeof(path),
	    "{\"trader_id\": \"%s\", \"settings\": {\"copy_mode\": "
	    "\"fixed_amount\", \"fixed_amount\": \"2.00\"}}",
	    t.id);
	CHECK(h_json(&c.c, "POST", "/social/copy-trading/relationships", path, &r) == 201,
	    "c copies t (%ld %s)", r.status, r.body);
	h_free(&r);
	h_bet(&t, e.home, 300, "2.1", NULL);
	h_drain("copy");
	h_bet(&c, e.draw, 200, "3.4", NULL); /* c's own pick */
	h_event_result(&e, 1, 0);
	snprintf(path, sizeof(path), "/social/bets?status=settled");
	CHECK(h_json(&c.c, "GET", path, NULL, &r) == 200 &&
	        json_array_size(json_object_get(r.json, "bets")) == 2,
	    "c holds a copy and a pick "
	    "(%s)",
	    r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/bets", c.id);
	CHECK(h_get(&c.c, path, &r) == 200 &&
	        json_array_size(json_object_get(r.json, "bets")) == 1 &&
	        strcmp(h_jstr(json_array_get(json_object_get(r.json, "bets"), 0), "outcome"),
	            "draw") == 0,
	    "c's record is the own pick only (%s)", r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/bets?limit=100", t.id);
	CHECK(
	    h_get(&c.c, path, &r) == 200 && json_array_size(json_object_get(r.json, "bets")) == 11,
	    "t's record holds the original (%zu)",
	    json_array_size(json_object_get(r.json, "bets")));
	h_free(&r);
}

/* The profile links to the page; the page is paged with human dates. */
ITEST(t_audit_page, "audit: /u/{username}/bets, linked from the profile, paged")
static void
t_audit_page(void)
{
	struct h_member t;
	struct h_event e;
	struct client anon = h_demo();
	struct resp r;
	char path[256], href[128];

	h_member_new(&t, "aup");
	CHECK(h_event_new(&e, 86400) == 0, "fixture");
	for (int k = 0; k < 27; k++)
		h_bet(&t, k % 2 ? e.home : e.away, 100 + k, k % 2 ? "2.1" : "3.6", NULL);
	h_event_result(&e, 1, 0);
	snprintf(path, sizeof(path), "/u/%s", t.name);
	snprintf(href, sizeof(href), "href=\"/u/%s/bets\"", t.name);
	CHECK(h_get(&anon, path, &r) == 200 && h_contains(&r, href),
	    "the profile links to its "
	    "settled bets (%ld)",
	    r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/bets", t.name);
	CHECK(h_get(&anon, path, &r) == 200 && h_contains(&r, "Settled bets") &&
	        h_contains(&r, "class=\"pager\"") && h_contains(&r, "cursor=") &&
	        !h_contains(&r, "T00:00") && h_contains(&r, " UTC") && h_contains(&r, "1–0"),
	    "page one with a next page, human dates and the score (%ld)", r.status);
	{
		/* follow the "Older" link */
		const char *p = r.body ? strstr(r.body, "cursor=") : NULL;
		char next[64] = "";

		if (p != NULL)
			sscanf(p + 7, "%63[0-9]", next);
		h_free(&r);
		snprintf(path, sizeof(path), "/u/%s/bets?cursor=%s", t.name, next);
		CHECK(next[0] && h_get(&anon, path, &r) == 200 && h_contains(&r, "Rovers v"),
		    "page two (%s: %ld)", next, r.status);
		h_free(&r);
	}
	CHECK(h_get(&t.c, "/bets?status=settled", &r) == 200 && h_contains(&r, "1–0"),
	    "My bets shows the score of a settled bet (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s/bets?cursor=zz", t.name);
	CHECK(h_get(&anon, path, &r) == 422, "a bad cursor on the page: 422 (%ld)", r.status);
	h_free(&r);
}

/* Runs cmd in the background (output to a file of the test stack); its pid. */
static long
spawn(const char *name, const char *cmd)
{
	char out[32] = "";

	h_sh(out, sizeof(out), "(%s) >'%s/log/audit-%s.log' 2>&1 </dev/null & echo $!", cmd,
	    h_var(), name);
	return atol(out);
}

/* Whether the process has ended. */
static int
ended(long pid)
{
	char out[16];

	return h_sh(out, sizeof(out), "kill -0 %ld 2>/dev/null && echo alive", pid) != 0;
}

static long long
num(const char *q)
{
	char out[64] = "";

	h_sql(0, out, sizeof(out), q);
	return atoll(out);
}

/*
 * Two settlements of one member at once fold in the order of their
 * numbers. Settlement X (event A) is held up inside its ledger posting by a
 * lock on another bettor's account, after it would have drawn its ledger
 * ids (the old settlement numbers); settlement Y (event B) starts after it.
 * With numbers drawn before the figures were locked, Y folded its higher
 * number first and X's bet of the member was then skipped as already
 * counted; now Y waits for X's settlement lock, so the figures hold both.
 */
ITEST(t_audit_concurrent, "audit: two settlements of a member at once keep the figures' order")
static void
t_audit_concurrent(void)
{
	struct h_member m, f;
	struct h_event a, b;
	struct sb l[MAXB];
	char q[1024], mb[37] = "", out[2048];
	long hold, x, y;
	int n;

	h_member_new(&m, "auk");
	h_member_new(&f, "auf");
	CHECK(h_event_new(&a, 86400) == 0 && h_event_new(&b, 86400) == 0, "fixtures");
	h_bet(&m, a.home, 1000, "2.1", NULL);
	h_bet(&f, a.home, 500, "2.1", NULL);
	h_bet(&m, b.home, 700, "2.1", mb);
	/* results without settlement jobs: the two settlements are run below */
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo; UPDATE events SET status = 'finished', "
	    "home_score = 1, away_score = 0, result_version = result_version + 1, "
	    "starts_at = least(starts_at, now() - interval '2 hours') WHERE id IN ('%s', '%s');",
	    a.event, b.event);
	CHECK(h_sql(0, out, sizeof(out), q) == 0, "results: %s", out);

	/* hold f's cash account until Y either waits for X or has settled */
	snprintf(q, sizeof(q), "%s/log/audit-hold.sql", h_var());
	{
		FILE *fp = fopen(q, "w");

		CHECK(fp != NULL, "hold script");
		if (fp == NULL)
			return;
		fprintf(fp,
		    "SET application_name = 'audit-hold';\nBEGIN;\nSELECT 1 FROM t_demo.ledger_accounts WHERE user_id = '%s' AND "
		    "kind = 'user_cash' FOR UPDATE;\n"
		    "DO $$ BEGIN WHILE clock_timestamp() < statement_timestamp() + interval '%d s' LOOP\n"
		    "  EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)\n"
		    "    OR EXISTS (SELECT 1 FROM t_demo.bets WHERE id = '%s' AND status <> 'open');\n"
		    "  PERFORM pg_sleep(0.05);\nEND LOOP; END $$;\nCOMMIT;\n",
		    f.id, H_WAIT_S, mb);
		fclose(fp);
	}
	/* with the admin role's password, as h_sql (without it psql failed at
	 * once, and the settlements ran without the hold after the waits ran out) */
	snprintf(out, sizeof(out),
	    "PGPASSFILE='%s/admin.pgpass' psql -X -q -w -v ON_ERROR_STOP=1 -h '%s/run/pg' "
	    "-U tailgate_admin -d tailgate -f '%s'",
	    h_var(), h_var(), q);
	hold = spawn("hold", out);
	/* the row is held once the script is in its loop */
	H_UNTIL(num("SELECT count(*) FROM pg_stat_activity WHERE "
	            "application_name = 'audit-hold' AND query LIKE 'DO%';") > 0,
	    "the hold script is in its loop");

	snprintf(out, sizeof(out), "scripts/stack.sh tailgate settle --tenant demo %s", a.event);
	x = spawn("x", out);
	/* X is waiting for f's account row */
	H_UNTIL(
	    num("SELECT count(*) FROM pg_stat_activity s, pg_stat_activity h WHERE "
	        "h.application_name = 'audit-hold' AND h.pid = ANY(pg_blocking_pids(s.pid));") > 0,
	    "settlement X waits for the held account row");
	snprintf(out, sizeof(out), "scripts/stack.sh tailgate settle --tenant demo %s", b.event);
	y = spawn("y", out);
	CHECK(hold > 0 && x > 0 && y > 0, "background processes");
	H_UNTIL(ended(hold) && ended(x) && ended(y), "the hold and both settlements ended");

	snprintf(q, sizeof(q), "SELECT bets FROM t_demo.profile_stats WHERE user_id = '%s';", m.id);
	CHECK(num(q) == 2, "the member's figures hold both settled bets (%lld)", num(q));
	n = listing(m.id, 10, l, MAXB);
	CHECK(n == 2, "two settled bets listed (%d)", n);
	compare("two settlements at once", &m, l, n);
	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate stats check --tenant demo") == 0,
	    "stats check: %s", out);
}
