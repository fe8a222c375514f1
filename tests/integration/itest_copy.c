/*
 * Integration tests for copy trading (docs/copy.md) over the real stack:
 * relationships through the JSON API, a trader's bet copied by the worker's
 * copy lane into the followers' wallets (sizes, caps, filters, skips and
 * their reasons, delays at the price then available), notifications,
 * settlement folded back into the relationships (P&L, drawdown stop),
 * blocks and unfollows, no copy ever placed twice (a job run again, and a
 * worker killed with SIGKILL in the middle of a fan-out to 2,500 copiers),
 * with the ledger checked after each.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define PW H_PASSWORD
#define BANKROLL 100000 /* the demo brand's welcome credit: 1,000.00 */

/* ---- helpers ---- */

/* Runs printf-formatted SQL as the admin role; the output in out. */
static int sqlf(char *out, size_t outsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
sqlf(char *out, size_t outsz, const char *fmt, ...)
{
	char sql[16384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return h_sql(0, out, outsz, sql);
}

/* the harness's: one number from SQL, a JSON string or integer */
#define sql_num h_sql_num
#define jstr h_jstr
#define jint h_jint

static const char *
error_code(const struct resp *r)
{
	json_t *e = r->json ? json_object_get(r->json, "error") : NULL;

	return e ? jstr(e, "code") : "";
}

static json_t *
error_fields(const struct resp *r)
{
	return json_object_get(json_object_get(r->json, "error"), "fields");
}

/* Places a bet (the harness's); the bet id in bet_id (when 201). Returns the status. */
#define place h_bet

/* n members who can be copied: ten settled bets each (tenant copy.min_settled_bets). */
static void
traders(struct h_member *t, int n)
{
	struct h_event f;

	CHECK(h_event_new(&f, 86400) == 0, "fixture for the traders' history");
	for (int i = 0; i < n; i++) {
		h_member_new(&t[i], "cp");
		for (int k = 0; k < 10; k++)
			place(&t[i], f.home, 100, "2.1", NULL);
	}
	h_event_result(&f, 1, 0);
	for (int i = 0; i < n; i++)
		CHECK(sql_num("SELECT bets FROM t_demo.profile_stats WHERE user_id = '%s';",
		          t[i].id) == 10,
		    "trader %s has ten settled bets", t[i].name);
}

/* Every job that is due, of any kind (those that failed before excepted). */
static void
drain_all(void)
{
	char out[64] = "";

	H_UNTIL(h_sql_is("SELECT count(*) FROM t_demo.jobs WHERE state = 'queued' "
	                 "AND run_at <= now() AND last_error IS NULL;",
	            "0", out, sizeof(out)),
	    "every job due has run (%s left)", out);
}

/* Every copy job that is due, then their notifications. */
static void
drain_copies(void)
{
	h_drain("copy");
	h_drain("copy_notify");
	h_drain("notify");
}

/* POST /social/copy-trading/relationships; the relationship id in id (when 201). */
static long
copy_create(
    struct h_member *f, const char *trader_id, const char *settings, char *id, struct resp *r)
{
	char body[2048];
	long st;

	snprintf(body, sizeof(body), "{\"trader_id\": \"%s\"%s%s}", trader_id,
	    settings ? ", \"settings\": " : "", settings ? settings : "");
	st = h_json(&f->c, "POST", "/social/copy-trading/relationships", body, r);
	if (id != NULL) {
		id[0] = '\0';
		if (st == 201 && r->json)
			snprintf(
			    id, 37, "%s", jstr(json_object_get(r->json, "relationship"), "id"));
	}
	return st;
}

/* Starts copying; fails the test unless 201. */
static void
copy_start(struct h_member *f, const struct h_member *t, const char *settings, char *id)
{
	struct resp r;

	CHECK(copy_create(f, t->id, settings, id, &r) == 201 && id[0], "%s copies %s (%ld %s)",
	    f->name, t->name, r.status, r.body);
	h_free(&r);
}

/* POST .../relationships/{id}/{action}; returns the status. */
static long
copy_action(struct h_member *f, const char *id, const char *action, struct resp *r)
{
	char path[160];

	snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s/%s", id, action);
	return h_json(&f->c, "POST", path, NULL, r);
}

static long long
wallet(struct h_member *m, long long *in_play)
{
	struct resp r;
	long long cash = -1;

	if (h_get(&m->c, "/social/wallet", &r) == 200 && r.json) {
		cash = jint(r.json, "cash");
		if (in_play)
			*in_play = jint(r.json, "in_play");
	}
	h_free(&r);
	return cash;
}

/* The follower's copy_trades row for a bet: "status reason amount ..." as asked. */
static void
trade(const char *follower, const char *bet, const char *cols, char *out, size_t n)
{
	sqlf(out, n,
	    "SELECT %s FROM t_demo.copy_trades WHERE follower_id = '%s' AND "
	    "original_bet_id = '%s';",
	    cols, follower, bet);
}

static long long
notes(const char *user, const char *kind)
{
	return sql_num("SELECT count(*) FROM t_demo.notifications WHERE user_id = '%s' AND "
	               "kind = '%s';",
	    user, kind);
}

static void
ledger_clean(void)
{
	char out[2048];

	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate ledger check --tenant demo") == 0,
	    "ledger check: %s", out);
}

/* A bet post by m about the bet; its id in post (fails the test unless 201). */
static void
bet_post(struct h_member *m, const char *bet, char *post)
{
	struct resp r;
	char body[256];

	snprintf(body, sizeof(body),
	    "{\"post_type\": \"bet_post\", \"bet_id\": \"%s\", "
	    "\"content\": \"my bet\"}",
	    bet);
	CHECK(h_json(&m->c, "POST", "/social/posts", body, &r) == 201, "%s posts about %s (%ld %s)",
	    m->name, bet, r.status, r.body);
	snprintf(post, 37, "%s", r.json ? jstr(json_object_get(r.json, "post"), "post_id") : "");
	h_free(&r);
}

/* ---- 1. the specification's workflow ---- */

ITEST(t_copy_workflow, "copy: workflow: 2 % of 1,000.00 copied as 20.00, linked, told")
static void
t_copy_workflow(void)
{
	struct h_member t, f;
	struct h_event g;
	struct resp r;
	char rel[37], bet[37], copy[37] = "", out[1024], path[160];
	long long in_play = -1;
	json_t *j;

	traders(&t, 1);
	h_member_new(&f, "cp");
	CHECK(wallet(&f, &in_play) == BANKROLL && in_play == 0, "a bankroll of 1,000.00");
	CHECK(copy_create(&f, t.id,
	          "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 2, "
	          "\"max_bet_size\": \"50.00\"}",
	          rel, &r) == 201,
	    "create (%ld %s)", r.status, r.body);
	j = json_object_get(r.json, "relationship");
	CHECK(strcmp(jstr(j, "status"), "active") == 0 &&
	        strcmp(jstr(json_object_get(j, "trader"), "id"), t.id) == 0 &&
	        strcmp(jstr(json_object_get(j, "settings"), "copy_mode"),
	            "percentage_of_bankroll") == 0 &&
	        strcmp(jstr(json_object_get(j, "settings"), "percentage"), "2.00") == 0 &&
	        strcmp(jstr(json_object_get(j, "settings"), "max_bet_size"), "50.00") == 0 &&
	        jint(json_object_get(j, "risk"), "start_bankroll") == BANKROLL,
	    "the relationship as created: %s", r.body);
	h_free(&r);
	CHECK(sql_num("SELECT count(*) FROM t_demo.user_relationships WHERE follower_id = '%s' AND "
	              "following_id = '%s' AND relationship_type = 'follow';",
	          f.id, t.id) == 1,
	    "copying implies following");
	CHECK(sql_num("SELECT copiers_count FROM t_demo.users WHERE id = '%s';", t.id) == 1,
	    "the trader has one copier");
	/* the trader is told who copies them (the notify job is on the live lane) */
	H_UNTIL(notes(t.id, "copy_started") == 1, "the trader told once");
	CHECK(sql_num("SELECT count(*) FROM t_demo.notifications n JOIN t_demo.users u "
	              "ON u.id = '%s' WHERE n.user_id = '%s' AND n.kind = 'copy_started' "
	              "AND n.title = coalesce(nullif(u.display_name, ''), u.username) "
	              "|| ' started copying you' AND n.body = '@' || u.username "
	              "|| ' copies your new bets from now on.' AND n.link = '/u/' || u.username;",
	          f.id, t.id) == 1,
	    "the trader's notification names the follower and links to their profile");
	CHECK(h_json(&f.c, "GET", "/social/copy-trading/my-relationships", NULL, &r) == 200 &&
	        json_array_size(json_object_get(r.json, "relationships")) == 1 &&
	        strcmp(jstr(json_array_get(json_object_get(r.json, "relationships"), 0), "id"),
	            rel) == 0,
	    "my relationships: %s", r.body);
	h_free(&r);

	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	place(&t, g.home, 1000, "2.1", bet);
	drain_copies();
	trade(f.id, bet,
	    "status || ' ' || relationship_id || ' ' || copy_amount || ' ' || copy_ratio "
	    "|| ' ' || trader_odds || ' ' || copy_odds || ' ' || sized || ' ' || "
	    "coalesce(capped_by, '-') || ' ' || copy_bet_id",
	    out, sizeof(out));
	{
		char want[256];

		snprintf(want, sizeof(want), "placed %s 2000 20000 2100 2100 2000 - ", rel);
		CHECK(strncmp(out, want, strlen(want)) == 0, "copy_trades row: %s", out);
		if (strlen(out) >= 36)
			snprintf(copy, sizeof(copy), "%s", out + strlen(out) - 36);
	}
	sqlf(out, sizeof(out),
	    "SELECT user_id || ' ' || stake || ' ' || odds || ' ' || source || ' ' "
	    "|| copied_from || ' ' || selection_id || ' ' || status FROM t_demo.bets WHERE id = '%s';",
	    copy);
	{
		char want[256];

		snprintf(want, sizeof(want), "%s 2000 2100 copy %s %ld open", f.id, bet, g.home);
		CHECK(strcmp(out, want) == 0, "the copy bet: %s (want %s)", out, want);
	}
	CHECK(sql_num("SELECT count(*) FROM t_demo.bets WHERE copied_from = '%s';", bet) == 1,
	    "one copy of the bet");
	CHECK(wallet(&f, &in_play) == BANKROLL - 2000 && in_play == 2000,
	    "the follower's cash dropped by 20.00 into play");
	CHECK(sql_num("SELECT copied_volume FROM t_demo.users WHERE id = '%s';", t.id) == 2000,
	    "the trader's copied volume");

	/* told: copy_placed, over the notifications API */
	{
		size_t i;
		json_t *n;
		int k = 0;

		CHECK(
		    h_json(&f.c, "GET", "/social/notifications", NULL, &r) == 200, "notifications");
		json_array_foreach(json_object_get(r.json, "notifications"), i,
		    n) if (strcmp(jstr(n, "kind"), "copy_placed") == 0 &&
		    strstr(jstr(n, "title"), "stake 20.00") != NULL &&
		    strstr(jstr(n, "body"), "trader's odds 2.10") != NULL) k++;
		CHECK(k == 1, "one copy_placed notification: %s", r.body);
		h_free(&r);
	}
	/* pushed live by the copy lane, after its copies (outbox lane 'copy') */
	{
		char q[512];

		snprintf(q, sizeof(q),
		    "SELECT string_agg(lane || ' ' || state, ',') FROM t_demo.outbox "
		    "WHERE payload->>'channel' = '%s' AND payload->'data'->>'kind' = 'copy_placed';",
		    f.id);
		H_UNTIL(h_sql_is(q, "copy done", out, sizeof(out)),
		    "the push went out once, from the copy lane: %s", out);
	}
	/* the relationship with its copies, and the member's copies */
	snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s", rel);
	CHECK(h_json(&f.c, "GET", path, NULL, &r) == 200, "relationship (%ld)", r.status);
	j = json_object_get(r.json, "relationship");
	CHECK(jint(j, "copies_placed") == 1 && jint(j, "copies_skipped") == 0 &&
	        jint(j, "total_copied_amount") == 2000 && jint(j, "copies_open") == 1,
	    "the relationship's totals: %s", r.body);
	j = json_array_get(json_object_get(r.json, "copies"), 0);
	CHECK(json_array_size(json_object_get(r.json, "copies")) == 1 &&
	        strcmp(jstr(j, "status"), "placed") == 0 && jint(j, "copy_amount") == 2000 &&
	        strcmp(jstr(j, "copy_bet_id"), copy) == 0 &&
	        strcmp(jstr(j, "original_bet_id"), bet) == 0 &&
	        json_real_value(json_object_get(j, "copy_ratio_percentage")) == 200.0 &&
	        json_object_get(j, "copy_ratio") == NULL &&
	        strcmp(jstr(j, "copy_bet_status"), "open") == 0,
	    "its copy: %s", r.body);
	h_free(&r);
	CHECK(h_json(&f.c, "GET", "/social/copy-trading/copies", NULL, &r) == 200 &&
	        json_array_size(json_object_get(r.json, "copies")) == 1 &&
	        strcmp(jstr(json_array_get(json_object_get(r.json, "copies"), 0), "copy_bet_id"),
	            copy) == 0,
	    "the member's copies: %s", r.body);
	h_free(&r);
	/* the trader does not see the follower's relationship */
	CHECK(h_json(&t.c, "GET", path, NULL, &r) == 404, "someone else's relationship (%ld)",
	    r.status);
	h_free(&r);
	ledger_clean();
}

/* ---- 2. the hard cap ---- */

ITEST(t_copy_hard_cap, "copy: 50 % against a huge bet is held to the 5 % hard cap")
static void
t_copy_hard_cap(void)
{
	struct h_member t, f;
	struct h_event g;
	struct resp r;
	char rel[37], bet[37], out[512];
	long long amount;

	traders(&t, 1);
	h_member_new(&f, "cp");
	copy_start(&f, &t, "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 50}", rel);
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	place(&t, g.home, 90000, "2.1", bet); /* 900.00: most of the trader's bankroll */
	drain_copies();
	trade(f.id, bet, "status || ' ' || sized || ' ' || coalesce(capped_by, '-')", out,
	    sizeof(out));
	CHECK(strcmp(out, "placed 50000 hard_cap") == 0, "asked 500.00, capped: %s", out);
	amount = sql_num("SELECT copy_amount FROM t_demo.copy_trades WHERE follower_id = '%s' AND "
	                 "original_bet_id = '%s';",
	    f.id, bet);
	CHECK(amount > 0 && amount * 100 <= 5 * BANKROLL, "at most 5 %% of the bankroll: %lld",
	    amount);
	CHECK(amount == 5000, "exactly the cap: %lld", amount);
	CHECK(wallet(&f, NULL) == BANKROLL - 5000, "50.00 staked");
	CHECK(h_json(&f.c, "GET", "/social/copy-trading/copies", NULL, &r) == 200 &&
	        strcmp(jstr(json_array_get(json_object_get(r.json, "copies"), 0), "capped_by"),
	            "hard_cap") == 0,
	    "capped_by reported: %s", r.body);
	h_free(&r);
	ledger_clean();
}

ITEST(t_copy_caps_said,
    "copy: every copy says what was asked and which cap cut it, in the API and on /copy")
static void
t_copy_caps_said(void)
{
	struct h_member t, fa, fb, fc;
	struct h_event g;
	struct resp r;
	char ra[37], rb[37], bet[37], b2[37], post[37], out[512], path[200], body[256];
	long long tb;
	json_t *j;

	traders(&t, 1);
	h_member_new(&fa, "cp");
	h_member_new(&fb, "cp");
	h_member_new(&fc, "cp");
	copy_start(&fa, &t, "{\"fixed_amount\": 100}", ra); /* 100.00 of 1,000.00: over 5 % */
	copy_start(&fb, &t, "{\"copy_mode\": \"proportional\"}", rb);
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	place(&t, g.home, 1000, "2.1", bet);
	drain_copies();
	trade(fa.id, bet,
	    "status || ' ' || sized || ' ' || copy_amount || ' ' || "
	    "coalesce(capped_by, '-') || ' ' || follower_bankroll",
	    out, sizeof(out));
	CHECK(strcmp(out, "placed 10000 5000 hard_cap 100000") == 0,
	    "fixed 100.00 cut to 50.00 by the 5 %% cap, and it says so: %s", out);
	tb = sql_num("SELECT (payload->>'bankroll')::bigint FROM t_demo.jobs WHERE dedup_key = "
	             "'copy:%s:0';",
	    bet);
	CHECK(tb > 0 &&
	        sql_num("SELECT trader_bankroll FROM t_demo.copy_trades WHERE follower_id = "
	                "'%s' AND original_bet_id = '%s';",
	            fb.id, bet) == tb,
	    "proportional: the trader's bankroll used is kept (%lld)", tb);
	CHECK(h_json(&fa.c, "GET", "/social/copy-trading/copies", NULL, &r) == 200 &&
	        (j = json_array_get(json_object_get(r.json, "copies"), 0)) != NULL &&
	        jint(j, "asked_amount") == 10000 && jint(j, "copy_amount") == 5000 &&
	        strcmp(jstr(j, "capped_by"), "hard_cap") == 0 &&
	        jint(j, "follower_bankroll") == BANKROLL &&
	        json_is_null(json_object_get(j, "trader_bankroll")),
	    "the API: %s", r.body);
	h_free(&r);
	CHECK(h_json(&fb.c, "GET", "/social/copy-trading/copies", NULL, &r) == 200 &&
	        (j = json_array_get(json_object_get(r.json, "copies"), 0)) != NULL &&
	        jint(j, "trader_bankroll") == tb,
	    "the trader's bankroll in the API: %s", r.body);
	h_free(&r);
	CHECK(h_get(&fa.c, "/copy", &r) == 200 &&
	        h_contains(&r, "100.00 asked, cut to 50.00 by the 5 % hard cap"),
	    "/copy says it in words: %ld", r.status);
	h_free(&r);
	snprintf(body, sizeof(body), "s %lld.%02lld bankroll", tb / 100, tb % 100);
	CHECK(h_get(&fb.c, "/copy", &r) == 200 && h_contains(&r, "sized on the trader") &&
	        h_contains(&r, body),
	    "/copy names the trader's bankroll (%s)", body);
	h_free(&r);

	/* "Copy this bet" with an amount over the cap says so too */
	place(&t, g.away, 1000, "3.6", b2);
	bet_post(&t, b2, post);
	snprintf(path, sizeof(path), "/social/posts/%s/copy-bet", post);
	CHECK(h_json(&fc.c, "POST", path, "{\"amount\": 10000}", &r) == 201 &&
	        jint(r.json, "copy_amount") == 5000 && jint(r.json, "asked_amount") == 10000 &&
	        strcmp(jstr(r.json, "capped_by"), "hard_cap") == 0 &&
	        jint(r.json, "follower_bankroll") == BANKROLL,
	    "copy this bet: %ld %s", r.status, r.body);
	h_free(&r);
	trade(fc.id, b2, "sized || ' ' || copy_amount || ' ' || capped_by", out, sizeof(out));
	CHECK(strcmp(out, "10000 5000 hard_cap") == 0, "recorded: %s", out);
	drain_copies();
	ledger_clean();
}

/* ---- 3. bad input ---- */

static long long
rels_of(const char *follower)
{
	return sql_num("SELECT count(*) FROM t_demo.copy_trading_relationships WHERE "
	               "follower_id = '%s';",
	    follower);
}

ITEST(t_copy_bad_input, "copy: bad settings, self, ineligible, unknown, twice, not yours")
static void
t_copy_bad_input(void)
{
	static const struct {
		const char *settings, *field;
	} bad[] = {
		{ "{\"copy_mode\": \"fixed_amount\", \"fixed_amount\": -5}", "fixed_amount" },
		{ "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 101}",
		    "percentage" },
		{ "{\"fixed_amount\": 5, \"min_odds\": 3, \"max_odds\": 2}", "min_odds" },
		{ "{\"fixed_amount\": 5, \"copy_delay_seconds\": 301}", "copy_delay_seconds" },
		{ "{\"fixed_amount\": 5, \"sports_filter\": [\"chess\"]}", "sports_filter" },
		{ "{\"fixed_amount\": 5, \"copy_mode\": \"martingale\"}", "copy_mode" },
		{ "{\"fixed_amount\": 5, \"leverage\": 10}", "leverage" },
		{ "{\"copy_mode\": \"fixed_amount\"}", "fixed_amount" },
	};
	struct h_member t, f, newbie, sus;
	struct resp r;
	char rel[37], path[200], before[2048], after[2048], out[256];
	json_t *fields;

	traders(&t, 1);
	h_member_new(&f, "cp");
	h_member_new(&newbie, "cp");
	h_member_new(&sus, "cp");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(copy_create(&f, t.id, bad[i].settings, NULL, &r) == 422 &&
		        strcmp(error_code(&r), "invalid_settings") == 0 &&
		        json_object_get(error_fields(&r), bad[i].field) != NULL,
		    "bad settings %zu refused on %s (%ld %s)", i, bad[i].field, r.status, r.body);
		h_free(&r);
	}
	/* every mistake of one document reported at once */
	CHECK(
	    copy_create(&f, t.id,
	        "{\"copy_mode\": \"fixed_amount\", \"fixed_amount\": -5, "
	        "\"percentage\": 101, \"min_odds\": 3, \"max_odds\": 2, \"copy_delay_seconds\": 301, "
	        "\"sports_filter\": [\"chess\"]}",
	        NULL, &r) == 422,
	    "all at once (%ld)", r.status);
	fields = error_fields(&r);
	CHECK(json_object_get(fields, "fixed_amount") && json_object_get(fields, "percentage") &&
	        json_object_get(fields, "min_odds") &&
	        json_object_get(fields, "copy_delay_seconds") &&
	        json_object_get(fields, "sports_filter"),
	    "every field named: %s", r.body);
	h_free(&r);
	CHECK(rels_of(f.id) == 0, "no relationship row after refusals");
	CHECK(sql_num("SELECT count(*) FROM t_demo.user_relationships WHERE follower_id = '%s';",
	          f.id) == 0,
	    "and no follow either");

	CHECK(copy_create(&f, f.id, "{\"fixed_amount\": 5}", NULL, &r) == 422 &&
	        strcmp(error_code(&r), "self_copy") == 0,
	    "self copy (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(copy_create(&f, newbie.id, "{\"fixed_amount\": 5}", NULL, &r) == 422 &&
	        strcmp(error_code(&r), "trader_not_eligible") == 0 &&
	        strstr(r.body, "10 settled") != NULL,
	    "a member without settled bets (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(copy_create(&f, "0193a000-0000-7000-8000-000000000000", "{\"fixed_amount\": 5}", NULL,
	          &r) == 404 &&
	        strcmp(error_code(&r), "unknown_trader") == 0,
	    "unknown trader (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(sqlf(out, sizeof(out),
	          "UPDATE t_demo.users SET status = 'suspended' WHERE id = '%s';", sus.id) == 0,
	    "suspend: %s", out);
	CHECK(copy_create(&f, sus.id, "{\"fixed_amount\": 5}", NULL, &r) == 422 &&
	        strcmp(error_code(&r), "trader_suspended") == 0,
	    "suspended trader (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(rels_of(f.id) == 0, "still no relationship row");

	copy_start(&f, &t, "{\"fixed_amount\": \"5.00\", \"min_odds\": 1.5}", rel);
	CHECK(copy_create(&f, t.id, "{\"fixed_amount\": 7}", NULL, &r) == 409 &&
	        strcmp(error_code(&r), "already_copying") == 0 &&
	        strcmp(jstr(json_object_get(r.json, "error"), "relationship_id"), rel) == 0,
	    "a second create (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(rels_of(f.id) == 1, "one relationship");

	/* settings: not yours, invalid, valid */
	snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s/settings", rel);
	sqlf(before, sizeof(before),
	    "SELECT settings::text || copy_delay_seconds FROM "
	    "t_demo.copy_trading_relationships WHERE id = '%s';",
	    rel);
	CHECK(h_json(&newbie.c, "PUT", path, "{\"fixed_amount\": 9}", &r) == 404,
	    "another member's relationship (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(h_json(&f.c, "PUT", path,
	          "{\"fixed_amount\": \"5.001\", \"copy_delay_seconds\": 10, "
	          "\"min_odds\": 3, \"max_odds\": 1.2}",
	          &r) == 422 &&
	        strcmp(error_code(&r), "invalid_settings") == 0 &&
	        json_object_get(error_fields(&r), "fixed_amount") &&
	        json_object_get(error_fields(&r), "min_odds"),
	    "invalid update (%ld %s)", r.status, r.body);
	h_free(&r);
	sqlf(after, sizeof(after),
	    "SELECT settings::text || copy_delay_seconds FROM "
	    "t_demo.copy_trading_relationships WHERE id = '%s';",
	    rel);
	CHECK(strcmp(before, after) == 0 && strstr(after, "\"5.00\""),
	    "settings unchanged: %s / %s", before, after);
	CHECK(h_json(&f.c, "PUT", path,
	          "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": "
	          "\"2.5\", \"copy_delay_seconds\": 10}",
	          &r) == 200 &&
	        strcmp(jstr(json_object_get(json_object_get(r.json, "relationship"), "settings"),
	                   "percentage"),
	            "2.50") == 0,
	    "valid update (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(sql_num("SELECT copy_delay_seconds FROM t_demo.copy_trading_relationships WHERE "
	              "id = '%s';",
	          rel) == 10,
	    "the delay column follows the settings");
	CHECK(h_json(&newbie.c, "POST",
	          "/social/copy-trading/relationships/0193a000-0000-7000-8000-"
	          "000000000000/pause",
	          NULL, &r) == 404,
	    "pause an unknown relationship (%ld)", r.status);
	h_free(&r);
	CHECK(copy_action(&newbie, rel, "stop", &r) == 404, "stop someone else's (%ld)", r.status);
	h_free(&r);
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trading_relationships WHERE id = '%s' AND "
	              "status = 'active';",
	          rel) == 1,
	    "still active");
}

/* ---- 4. filters, skips, pause, resume, stop ---- */

ITEST(t_copy_skips, "copy: filters and no cash skip with a reason; pause, resume, stop")
static void
t_copy_skips(void)
{
	struct h_member t, fa, fb, fc;
	struct h_event g;
	struct resp r;
	char ra[37], rb[37], rc[37], b1[37], b2[37], b3[37], out[512], path[160];
	long long in_play;

	traders(&t, 1);
	h_member_new(&fa, "cp");
	h_member_new(&fb, "cp");
	h_member_new(&fc, "cp");
	copy_start(
	    &fa, &t, "{\"fixed_amount\": 5, \"sports_filter\": [\"basketball\", \"tennis\"]}", ra);
	copy_start(&fb, &t, "{\"fixed_amount\": 5}", rb);
	copy_start(&fc, &t, "{\"fixed_amount\": 5}", rc);
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	/* fb spends every cent on a bet of its own */
	place(&fb, g.draw, BANKROLL, "3.4", NULL);
	CHECK(wallet(&fb, &in_play) == 0 && in_play == BANKROLL, "fb has no cash left");
	CHECK(copy_action(&fc, rc, "pause", &r) == 200 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "status"), "paused") == 0,
	    "pause (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(copy_action(&fc, rc, "pause", &r) == 200, "pause twice is a no-op (%ld)", r.status);
	h_free(&r);

	place(&t, g.home, 1000, "2.1", b1);
	drain_copies();
	trade(fa.id, b1,
	    "status || ' ' || skip_reason || ' ' || copy_amount || ' ' || "
	    "(copy_bet_id IS NULL)",
	    out, sizeof(out));
	CHECK(strcmp(out, "skipped sport_filtered 0 true") == 0, "football not in the filter: %s",
	    out);
	trade(fb.id, b1, "status || ' ' || skip_reason || ' ' || (copy_bet_id IS NULL)", out,
	    sizeof(out));
	CHECK(strcmp(out, "skipped insufficient_cash true") == 0 ||
	        strcmp(out, "skipped below_min_stake true") == 0,
	    "no cash: %s", out);
	trade(fc.id, b1, "count(*)", out, sizeof(out));
	CHECK(strcmp(out, "0") == 0, "paused: no row at all (%s)", out);
	CHECK(wallet(&fb, &in_play) == 0 && in_play == BANKROLL, "fb's cash untouched");
	CHECK(sql_num("SELECT count(*) FROM t_demo.ledger_accounts WHERE kind IN ('user_cash', "
	              "'user_in_play') AND balance < 0;") == 0,
	    "no negative balance anywhere");
	CHECK(wallet(&fa, NULL) == BANKROLL && wallet(&fc, NULL) == BANKROLL, "nothing staked");
	CHECK(sql_num("SELECT count(*) FROM t_demo.bets WHERE copied_from = '%s';", b1) == 0,
	    "no copy bet");
	/* a skip the follower chose is recorded, not pushed; one they did not is told */
	CHECK(notes(fa.id, "copy_skipped") == 0, "the filter's skip is not pushed");
	CHECK(notes(fb.id, "copy_skipped") == 1, "the cash skip is told");
	CHECK(sql_num("SELECT count(*) FROM t_demo.notifications WHERE user_id = '%s' AND "
	              "kind = 'copy_skipped' AND title LIKE '%%not enough cash%%';",
	          fb.id) == 1,
	    "with its reason");
	snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s", ra);
	CHECK(h_json(&fa.c, "GET", path, NULL, &r) == 200 &&
	        jint(json_object_get(r.json, "relationship"), "copies_skipped") == 1 &&
	        jint(json_object_get(json_object_get(r.json, "relationship"), "skipped_by_reason"),
	            "sport_filtered") == 1 &&
	        strcmp(jstr(json_array_get(json_object_get(r.json, "copies"), 0), "skip_reason"),
	            "sport_filtered") == 0,
	    "the skip in the API: %s", r.body);
	h_free(&r);

	/* resume: the next bet is copied */
	CHECK(copy_action(&fc, rc, "resume", &r) == 200 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "status"), "active") == 0,
	    "resume (%ld %s)", r.status, r.body);
	h_free(&r);
	place(&t, g.away, 1000, "3.6", b2);
	drain_copies();
	trade(fc.id, b2, "status || ' ' || copy_amount", out, sizeof(out));
	CHECK(strcmp(out, "placed 500") == 0, "resumed: copied: %s", out);
	CHECK(wallet(&fc, NULL) == BANKROLL - 500, "fc staked 5.00");
	trade(fc.id, b1, "count(*)", out, sizeof(out));
	CHECK(strcmp(out, "0") == 0, "the bet placed while paused stays uncopied (%s)", out);

	/* stop: cancelled, nothing more */
	CHECK(copy_action(&fc, rc, "stop", &r) == 200 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "status"), "cancelled") == 0 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "stop_reason"), "follower") ==
	            0,
	    "stop (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(copy_action(&fc, rc, "stop", &r) == 200 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "status"), "cancelled") == 0 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "id"), rc) == 0,
	    "stopping again: 200 with the relationship (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(copy_action(&fc, rc, "resume", &r) == 409 &&
	        strcmp(error_code(&r), "relationship_stopped") == 0,
	    "a stopped one cannot resume (%ld)", r.status);
	h_free(&r);
	CHECK(sql_num("SELECT copiers_count FROM t_demo.users WHERE id = '%s';", t.id) == 2,
	    "two copiers left");
	place(&t, g.over, 1000, "2", b3);
	drain_copies();
	trade(fc.id, b3, "count(*)", out, sizeof(out));
	CHECK(strcmp(out, "0") == 0, "stopped: no row (%s)", out);
	CHECK(wallet(&fc, NULL) == BANKROLL - 500, "fc staked nothing more");
	trade(fa.id, b3, "skip_reason", out, sizeof(out));
	CHECK(strcmp(out, "sport_filtered") == 0, "fa still filtered: %s", out);

	/* fa's three skips, two a page, newest first; then the rest */
	{
		char cursor[37] = "";
		json_t *c;

		CHECK(
		    h_json(&fa.c, "GET", "/social/copy-trading/copies?limit=2", NULL, &r) == 200 &&
		        json_array_size(c = json_object_get(r.json, "copies")) == 2 &&
		        strcmp(jstr(json_array_get(c, 0), "original_bet_id"), b3) == 0 &&
		        strcmp(jstr(json_array_get(c, 1), "original_bet_id"), b2) == 0 &&
		        strcmp(jstr(r.json, "next_cursor"), jstr(json_array_get(c, 1), "id")) == 0,
		    "the first page (%ld %s)", r.status, r.body);
		snprintf(cursor, sizeof(cursor), "%s", jstr(r.json, "next_cursor"));
		h_free(&r);
		snprintf(
		    path, sizeof(path), "/social/copy-trading/copies?limit=2&cursor=%s", cursor);
		CHECK(h_json(&fa.c, "GET", path, NULL, &r) == 200 &&
		        json_array_size(c = json_object_get(r.json, "copies")) == 1 &&
		        strcmp(jstr(json_array_get(c, 0), "original_bet_id"), b1) == 0 &&
		        json_is_null(json_object_get(r.json, "next_cursor")),
		    "the last page (%ld %s)", r.status, r.body);
		h_free(&r);
		snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s?limit=1", ra);
		CHECK(h_json(&fa.c, "GET", path, NULL, &r) == 200 &&
		        json_array_size(json_object_get(r.json, "copies")) == 1 &&
		        json_is_string(json_object_get(r.json, "next_cursor")) &&
		        json_object_get(r.json, "relationship") != NULL,
		    "a relationship's copies page too "
		    "(%ld %s)",
		    r.status, r.body);
		h_free(&r);
		/* someone else's copy is no cursor of fa's: an empty page */
		snprintf(path, sizeof(path), "/social/copy-trading/copies?cursor=%s", cursor);
		CHECK(h_json(&fc.c, "GET", path, NULL, &r) == 200 &&
		        json_array_size(json_object_get(r.json, "copies")) == 0,
		    "a foreign cursor (%ld %s)", r.status, r.body);
		h_free(&r);
		CHECK(h_json(&fa.c, "GET", "/social/copy-trading/copies?cursor=nope", NULL, &r) ==
		        422,
		    "a cursor that is no id (%ld)", r.status);
		h_free(&r);
		CHECK(
		    h_json(&fa.c, "GET", "/social/copy-trading/copies?limit=101", NULL, &r) == 422,
		    "a limit above 100 (%ld)", r.status);
		h_free(&r);
		/* the page: the older copies behind a link */
		snprintf(path, sizeof(path), "/copy?limit=2&cursor=%s", cursor);
		CHECK(h_get(&fa.c, "/copy?limit=2", &r) == 200 &&
		        h_contains(&r, "Latest copies and skips") && h_contains(&r, "rel=\"next\""),
		    "/copy links to older copies (%ld)", r.status);
		h_free(&r);
		CHECK(h_get(&fa.c, path, &r) == 200 && h_contains(&r, "Older copies and skips") &&
		        h_contains(&r, "rel=\"prev\"") && !h_contains(&r, "rel=\"next\""),
		    "the older page (%ld)", r.status);
		h_free(&r);
	}
	ledger_clean();
}

/* ---- 5. never twice ---- */

ITEST(t_copy_no_double, "copy: the copy job run again copies nothing twice")
static void
t_copy_no_double(void)
{
	struct h_member t, f1, f2;
	struct h_event g;
	char r1[37], r2[37], bet[37], out[512];
	long long k;

	traders(&t, 1);
	h_member_new(&f1, "cp");
	h_member_new(&f2, "cp");
	copy_start(&f1, &t, "{\"fixed_amount\": 5}", r1);
	copy_start(&f2, &t, "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 1}", r2);
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	place(&t, g.home, 1000, "2.1", bet);
	drain_copies();
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trades WHERE original_bet_id = '%s' AND "
	              "status = 'placed';",
	          bet) == 2,
	    "two copies");
	/* The copies commit before their job is marked done: wait for every
	 * copy job of the bet to be done, since one of them is re-run below. */
	H_UNTIL(sql_num("SELECT count(*) FROM t_demo.jobs WHERE kind = 'copy' "
	                "AND payload->>'bet_id' = '%s' AND state <> 'done';",
	            bet) == 0,
	    "every copy job of the bet done");
	/* every copy job of the bet again (the split and its range), one of them
	 * once more, and a range from the start: 2k + 2 rows in all (counted in
	 * every state: the stack's worker may take the new ones at once) */
	k = sql_num("SELECT count(*) FROM t_demo.jobs WHERE kind = 'copy' AND payload->>'bet_id' = "
	            "'%s';",
	    bet);
	CHECK(
	    sqlf(out, sizeof(out),
	        "SET ROLE t_demo; INSERT INTO jobs (kind, payload) "
	        "SELECT kind, payload FROM jobs WHERE kind = 'copy' AND payload->>'bet_id' = '%s';"
	        "INSERT INTO jobs (kind, payload) SELECT kind, payload FROM jobs WHERE kind = 'copy' "
	        "AND payload->>'bet_id' = '%s' AND state = 'done' LIMIT 1;"
	        "INSERT INTO jobs (kind, payload) VALUES ('copy', jsonb_build_object('bet_id', '%s', "
	        "'bankroll', 100000, 'delay', 0, 'after', '00000000-0000-0000-0000-000000000000'));"
	        "SELECT count(*) FROM jobs WHERE kind = 'copy' AND payload->>'bet_id' = '%s';",
	        bet, bet, bet, bet) == 0 &&
	        atoi(out) >= 2 * k + 2,
	    "copy jobs queued again (of %lld): %s in all", k, out);
	drain_copies();
	CHECK(
	    sql_num("SELECT count(*) FROM t_demo.jobs WHERE kind = 'copy' AND payload->>'bet_id' = "
	            "'%s' AND state <> 'done';",
	        bet) == 0,
	    "they ran");
	for (int i = 0; i < 2; i++) {
		const char *who = i ? f2.id : f1.id;

		CHECK(sql_num(
		          "SELECT count(*) FROM t_demo.bets WHERE user_id = '%s' AND copied_from = "
		          "'%s';",
		          who, bet) == 1,
		    "follower %d: one copy bet", i);
		CHECK(
		    sql_num("SELECT count(*) FROM t_demo.copy_trades WHERE follower_id = '%s' AND "
		            "original_bet_id = '%s';",
		        who, bet) == 1,
		    "follower %d: one record", i);
		CHECK(notes(who, "copy_placed") == 1, "follower %d: told once", i);
	}
	CHECK(wallet(&f1, NULL) == BANKROLL - 500 && wallet(&f2, NULL) == BANKROLL - 1000,
	    "each stake taken once");
	CHECK(sql_num("SELECT sum(copies_placed) FROM t_demo.copy_trading_relationships WHERE "
	              "id IN ('%s', '%s');",
	          r1, r2) == 2,
	    "counted once");
	CHECK(sql_num("SELECT copied_volume FROM t_demo.users WHERE id = '%s';", t.id) == 1500,
	    "the trader's volume counted once");
	ledger_clean();
}

/* ---- 5b. SIGKILL in the middle of a fan-out ---- */

#define MANY 2500

/* `tailgate worker` of this stack as the leader of its own process group,
 * with its sanitizer reports where scripts/test.sh looks for them. */
static pid_t
worker_start(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		char log[1024], asan[1024];

		setpgid(0, 0);
		snprintf(log, sizeof(log), "%s/log/itest-copy-worker.log", h_var());
		snprintf(asan, sizeof(asan),
		    "detect_leaks=1:abort_on_error=0:log_path=%s/log/app/asan", h_var());
		setenv("ASAN_OPTIONS", asan, 1);
		if (freopen(log, "a", stdout) == NULL || freopen(log, "a", stderr) == NULL)
			_exit(127);
		execl("scripts/stack.sh", "scripts/stack.sh", "tailgate", "worker", (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		setpgid(pid, pid);
	return pid;
}

/* The stack's own worker (its supervisor and lanes): stopped while this
 * test's worker does the copying, continued afterwards. */
static int
stack_worker(pid_t *pids, int max)
{
	char out[256], *p, *save = NULL;
	int n = 0;

	h_sh(out, sizeof(out), "w=$(cat '%s/run/worker.pid'); echo $w; pgrep -P $w", h_var());
	for (p = strtok_r(out, " \n", &save); p && n < max; p = strtok_r(NULL, " \n", &save))
		if (atoi(p) > 0)
			pids[n++] = (pid_t)atoi(p);
	return n;
}

static long long
copies_of(const char *bet)
{
	char out[64];

	sqlf(out, sizeof(out),
	    "SELECT count(*) FROM t_demo.copy_trades WHERE original_bet_id = '%s';", bet);
	return atoll(out);
}

ITEST(t_copy_sigkill, "copy: SIGKILL of the worker mid fan-out (2,500 copiers): each copied once")
static void
t_copy_sigkill(void)
{
	struct h_member t;
	struct h_event g;
	char tag[24], bet[37] = "", victim[37] = "", out[4096];
	pid_t stack[8], w, lock = -1;
	int nstack, st;
	long long n = 0;

	h_member_new(&t, "cp");
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	/* MANY members with wallets credited through the ledger, each copying t */
	h_unique(tag, sizeof(tag), "k");
	CHECK(
	    sqlf(out, sizeof(out),
	        "SET search_path TO t_demo; BEGIN;"
	        "CREATE TEMP TABLE itest_cp ON COMMIT DROP AS SELECT g AS n, gen_random_uuid() AS id, "
	        " 'cpk%s_' || g AS username FROM generate_series(1, %d) g;"
	        "INSERT INTO users (id, username, email, password_hash, display_name) SELECT id, username, "
	        " username || '@example.test', 'not-a-password-hash', 'Copier ' || n FROM itest_cp;"
	        "INSERT INTO ledger_accounts (kind, user_id) SELECT k.kind, u.id FROM itest_cp u "
	        " CROSS JOIN (VALUES ('user_cash'), ('user_in_play')) AS k (kind);"
	        "INSERT INTO ledger_transactions (kind, idempotency_key, memo) SELECT 'signup_credit', "
	        " 'itest-copy-credit:' || id, 'Welcome credit' FROM itest_cp;"
	        "INSERT INTO ledger_entries (transaction_id, account_id, amount) SELECT t.id, a.id, x.amount "
	        " FROM itest_cp u JOIN ledger_transactions t ON t.idempotency_key = 'itest-copy-credit:' || u.id "
	        " CROSS JOIN LATERAL (VALUES ('user_cash', u.id, %d::bigint), ('bonuses', NULL::uuid, "
	        " -%d::bigint)) AS x (kind, user_id, amount) "
	        " JOIN ledger_accounts a ON a.kind = x.kind AND a.user_id IS NOT DISTINCT FROM x.user_id;"
	        "INSERT INTO copy_trading_relationships (id, follower_id, trader_id, settings, start_bankroll) "
	        " SELECT gen_random_uuid(), id, '%s', '{\"copy_mode\": \"fixed_amount\", "
	        " \"fixed_amount\": \"1.00\"}', %d FROM itest_cp;"
	        "COMMIT;"
	        "SELECT follower_id FROM copy_trading_relationships WHERE trader_id = '%s' "
	        "ORDER BY id OFFSET %d LIMIT 1;",
	        tag, MANY, BANKROLL, BANKROLL, t.id, BANKROLL, t.id, MANY / 2 + 200) == 0 &&
	        strlen(out) == 36,
	    "fixtures: %s", out);
	snprintf(victim, sizeof(victim), "%.36s", out);
	CHECK(sql_num("SELECT copiers_count FROM t_demo.users WHERE id = '%s';", t.id) == MANY,
	    "%d copiers", MANY);
	ledger_clean();

	/* This test's own worker does the copying; the stack's waits. */
	drain_all();
	nstack = stack_worker(stack, 8);
	CHECK(nstack == 5, "the stack's worker and its four lane processes: %d", nstack);
	for (int i = 0; i < nstack; i++)
		kill(stack[i], SIGSTOP);
	/* A member in the third range is held, so the fan-out stops there. The
	 * hold outlasts any wait below; pg_terminate_backend ends it. */
	lock = fork();
	if (lock == 0) {
		char host[1024], sql[512], pass[1024];

		snprintf(host, sizeof(host), "%s/run/pg", h_var());
		snprintf(pass, sizeof(pass), "%s/admin.pgpass", h_var());
		setenv("PGPASSFILE", pass, 1);
		snprintf(sql, sizeof(sql),
		    "BEGIN; SELECT 1 FROM t_demo.ledger_accounts WHERE "
		    "user_id = '%s' AND kind = 'user_cash' FOR UPDATE; SELECT pg_sleep(600); COMMIT;",
		    victim);
		setenv("PGAPPNAME", "itest_copy_lock", 1);
		if (freopen("/dev/null", "w", stdout) == NULL ||
		    freopen("/dev/null", "w", stderr) == NULL)
			_exit(127);
		execlp("psql", "psql", "-X", "-q", "-h", host, "-U", "tailgate_admin", "-d",
		    "tailgate", "-c", sql, (char *)NULL);
		_exit(127);
	}
	H_UNTIL(sql_num("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
	                "'itest_copy_lock' AND wait_event = 'PgSleep';") == 1,
	    "the victim's cash account is held");
	w = worker_start();
	CHECK(w > 0, "worker started");
	place(&t, g.home, 1000, "2.1", bet);
	/* Mid fan-out: the other ranges committed, the held one waits on the
	 * lock. A range's copies commit with its job's "done", so every copy
	 * job of the bet but one done (after the split) means every other
	 * range has committed. */
	H_UNTIL(
	    sql_num("SELECT (count(*) > 1 AND count(*) FILTER (WHERE state <> 'done') = 1)::int "
	            "FROM t_demo.jobs WHERE kind = 'copy' AND payload->>'bet_id' = '%s';",
	        bet) == 1 &&
	        sql_num("SELECT count(*) FROM pg_stat_activity WHERE "
	                "wait_event_type = 'Lock' AND query LIKE '%%FOR UPDATE OF r, c%%';") == 1,
	    "every range committed but the held one, which waits on the lock");
	n = copies_of(bet);
	CHECK(n > 0 && n < MANY, "mid fan-out: %lld of %d", n, MANY);
	printf("# SIGKILL with %lld of %d copies recorded, one range waiting\n", n, MANY);
	CHECK(kill(-w, SIGKILL) == 0, "SIGKILL the worker's process group");
	waitpid(w, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the worker died of SIGKILL");
	sqlf(out, sizeof(out),
	    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
	    "application_name = 'itest_copy_lock';");
	if (lock > 0)
		waitpid(lock, NULL, 0);
	CHECK(copies_of(bet) == n, "nothing of the killed chunk committed: %lld", copies_of(bet));

	/* A new worker finishes the fan-out. */
	w = worker_start();
	CHECK(w > 0, "worker restarted");
	/* the held range again and every copy_notify: the longest wait here */
	H_UNTIL_S(3 * H_WAIT_S,
	    copies_of(bet) == MANY &&
	        sql_num("SELECT count(*) FROM t_demo.jobs WHERE kind IN "
	                "('copy', 'copy_notify') AND state = 'queued' AND run_at <= now();") == 0,
	    "the new worker finished the fan-out and its notifications");
	CHECK(copies_of(bet) == MANY, "every copier has a record: %lld", copies_of(bet));
	CHECK(sql_num("SELECT count(*) FROM (SELECT follower_id FROM t_demo.copy_trades WHERE "
	              "original_bet_id = '%s' GROUP BY follower_id HAVING count(*) > 1) x;",
	          bet) == 0,
	    "no follower recorded twice");
	CHECK(
	    sql_num(
	        "SELECT count(*) FROM t_demo.copy_trades x JOIN t_demo.copy_trading_relationships "
	        "r ON r.id = x.relationship_id WHERE x.original_bet_id = '%s' AND r.trader_id = '%s' AND "
	        "x.status = 'placed' AND x.copy_amount = 100;",
	        bet, t.id) == MANY,
	    "every one placed");
	CHECK(sql_num("SELECT count(*) FROM t_demo.bets WHERE copied_from = '%s';", bet) == MANY,
	    "count(copies) = number of copiers");
	CHECK(sql_num(
	          "SELECT count(*) FROM (SELECT user_id FROM t_demo.bets WHERE copied_from = '%s' "
	          "GROUP BY user_id HAVING count(*) > 1) x;",
	          bet) == 0,
	    "at most one copy bet each");
	CHECK(
	    sql_num(
	        "SELECT count(*) FROM t_demo.ledger_accounts a JOIN t_demo.users u ON "
	        "u.id = a.user_id WHERE u.username LIKE 'cpk%s\\_%%' AND a.kind = 'user_cash' AND "
	        "a.balance <> %d;",
	        tag, BANKROLL - 100) == 0,
	    "every wallet charged exactly once");
	CHECK(
	    sql_num("SELECT count(*) FROM t_demo.copy_trading_relationships WHERE trader_id = '%s' "
	            "AND (copies_placed <> 1 OR total_copied_amount <> 100);",
	        t.id) == 0,
	    "every relationship counted once");
	CHECK(sql_num("SELECT count(*) FROM (SELECT user_id FROM t_demo.notifications n JOIN "
	              "t_demo.users u ON u.id = n.user_id WHERE u.username LIKE 'cpk%s\\_%%' AND "
	              "n.kind = 'copy_placed' GROUP BY user_id HAVING count(*) = 1) x;",
	          tag) == MANY,
	    "every copier told exactly once");
	ledger_clean();

	/* the copies settle like any bet (settle, bulk lane, on this worker) */
	h_event_result(&g, 2, 0);
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trades WHERE original_bet_id = '%s' AND "
	              "profit = 110;",
	          bet) == MANY,
	    "every copy settled: won 1.10");
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trading_relationships WHERE trader_id = "
	              "'%s' AND total_profit_loss = 110 AND status = 'active';",
	          t.id) == MANY,
	    "into every relationship");
	ledger_clean();

	/* back to the stack's worker */
	kill(w, SIGTERM);
	if (!H_UNTIL(waitpid(w, &st, WNOHANG) == w, "the test's worker stopped on SIGTERM")) {
		kill(-w, SIGKILL);
		waitpid(w, &st, 0);
	}
	for (int i = nstack - 1; i >= 0; i--)
		kill(stack[i], SIGCONT);
	/* the trader's copiers stop copying, so later bets of t stay cheap */
	CHECK(sqlf(out, sizeof(out),
	          "UPDATE t_demo.copy_trading_relationships SET status = "
	          "'cancelled', stop_reason = 'follower' WHERE trader_id = '%s';",
	          t.id) == 0,
	    "%s", out);
}

/* ---- 6. delayed copies ---- */

/* Makes every queued copy job of the bet due now and wakes the worker (an
 * update of run_at does not notify it: it would sleep up to a minute). */
static void
copies_due(const char *bet)
{
	char out[256];

	CHECK(
	    sqlf(out, sizeof(out),
	        "UPDATE t_demo.jobs SET run_at = now() WHERE kind = 'copy' AND "
	        "payload->>'bet_id' = '%s' AND state = 'queued'; SELECT pg_notify('tailgate_jobs', "
	        "'t_demo');",
	        bet) == 0,
	    "%s", out);
	drain_copies();
}

ITEST(t_copy_delay, "copy: a delayed copy gets the price then available, or skips on slippage")
static void
t_copy_delay(void)
{
	struct h_member t, fa, fb, fc, fd;
	struct h_event g;
	struct resp r;
	char ra[37], rb[37], rc[37], rd[37], bet[37], out[512];

	traders(&t, 1);
	h_member_new(&fa, "cp");
	h_member_new(&fb, "cp");
	h_member_new(&fc, "cp");
	h_member_new(&fd, "cp");
	/* A delay of a minute, then the test makes the delayed job due once the
	 * price has moved: nothing depends on how fast this machine is. */
	copy_start(&fa, &t, "{\"fixed_amount\": 5}", ra); /* at once */
	copy_start(&fb, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 60}", rb);
	copy_start(
	    &fc, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 60, \"max_slippage\": 2}", rc);
	copy_start(&fd, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 60}", rd);
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	/* fd is paused when the trader bets and resumes before the delay is up */
	CHECK(copy_action(&fd, rd, "pause", &r) == 200, "pause (%ld)", r.status);
	h_free(&r);
	place(&t, g.home, 1000, "2.1", bet);
	CHECK(copy_action(&fd, rd, "resume", &r) == 200, "resume (%ld)", r.status);
	h_free(&r);
	/* the price moves against the trader: 2.10 -> 2.00 (4.76 % worse) */
	CHECK(sqlf(out, sizeof(out),
	          "SET ROLE t_demo; UPDATE selections SET odds = 2000 WHERE "
	          "id = %ld;",
	          g.home) == 0,
	    "price change: %s", out);
	drain_copies();
	trade(fa.id, bet, "status || ' ' || copy_odds", out, sizeof(out));
	CHECK(strcmp(out, "placed 2000") == 0 || strcmp(out, "placed 2100") == 0,
	    "no delay: copied at once: %s", out);
	/* one delayed job, due 60 s after the bet as the database has it */
	CHECK(
	    sql_num(
	        "SELECT count(*) FROM t_demo.jobs j JOIN t_demo.bets b ON b.id::text = "
	        "j.payload->>'bet_id' WHERE j.kind = 'copy' AND b.id = '%s' AND "
	        "(j.payload->>'delay')::int = 60 AND j.run_at >= b.placed_at + interval '60 seconds' "
	        "AND j.run_at <= j.created_at + interval '60 seconds';",
	        bet) == 1,
	    "one delayed job, due 60 s after the bet");
	CHECK(
	    sql_num(
	        "SELECT count(*) FROM t_demo.copy_trades WHERE original_bet_id = '%s' AND "
	        "follower_id IN ('%s', '%s') AND NOT EXISTS (SELECT 1 FROM t_demo.jobs WHERE kind = "
	        "'copy' AND payload->>'bet_id' = '%s' AND (payload->>'delay')::int = 60 AND "
	        "state <> 'queued');",
	        bet, fb.id, fc.id, bet) == 0,
	    "delayed: nothing while the delayed job waits");
	copies_due(bet);
	trade(fb.id, bet, "status || ' ' || trader_odds || ' ' || copy_odds || ' ' || copy_amount",
	    out, sizeof(out));
	CHECK(strcmp(out, "placed 2100 2000 500") == 0, "copied after the delay at 2.00: %s", out);
	CHECK(
	    sql_num("SELECT b.odds FROM t_demo.bets b JOIN t_demo.copy_trades x ON x.copy_bet_id = "
	            "b.id WHERE x.follower_id = '%s' AND x.original_bet_id = '%s';",
	        fb.id, bet) == 2000,
	    "the copy bet is struck at 2.00");
	trade(fc.id, bet, "status || ' ' || skip_reason || ' ' || copy_odds", out, sizeof(out));
	CHECK(strcmp(out, "skipped slippage 2000") == 0, "over 2 %% worse: skipped: %s", out);
	CHECK(wallet(&fb, NULL) == BANKROLL - 500 && wallet(&fc, NULL) == BANKROLL, "stakes");
	CHECK(notes(fc.id, "copy_skipped") == 1, "the slippage skip is told");
	trade(fd.id, bet, "count(*)", out, sizeof(out));
	CHECK(strcmp(out, "0") == 0 && wallet(&fd, NULL) == BANKROLL,
	    "a bet placed while paused is not copied after the resume (%s)", out);
	/* each follower told once about this bet (the delayed chunk tells only its own) */
	CHECK(notes(fa.id, "copy_placed") == 1, "fa told once: %lld", notes(fa.id, "copy_placed"));
	CHECK(notes(fb.id, "copy_placed") == 1, "fb told once: %lld", notes(fb.id, "copy_placed"));
	ledger_clean();
}

/* ---- 6b. a bet placed while active is never lost ---- */

ITEST(t_copy_pause_due,
    "copy: a bet placed while active ends as a copy or a recorded skip, whatever happens before it is due")
static void
t_copy_pause_due(void)
{
	struct h_member t, fa, fb, fc, fd, fe;
	struct h_event g;
	struct resp r;
	char ra[37], rb[37], rc[37], rd[37], re[37], bet[37], out[512], path[200];

	traders(&t, 1);
	h_member_new(&fa, "cp");
	h_member_new(&fb, "cp");
	h_member_new(&fc, "cp");
	h_member_new(&fd, "cp");
	h_member_new(&fe, "cp");
	copy_start(&fa, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 250}", ra);
	copy_start(&fb, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 250}", rb);
	copy_start(&fc, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 250}", rc);
	copy_start(&fd, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 250}", rd);
	copy_start(&fe, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 200}", re);
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	/* fc is paused when the trader bets */
	CHECK(copy_action(&fc, rc, "pause", &r) == 200, "fc pauses (%ld)", r.status);
	h_free(&r);
	place(&t, g.home, 1000, "2.1", bet);
	drain_copies(); /* the first job: it queues the delayed ones */
	CHECK(
	    sql_num("SELECT count(*) FROM t_demo.jobs WHERE kind = 'copy' AND payload->>'bet_id' = "
	            "'%s' AND state = 'queued' AND (payload->>'delay')::int IN (200, 250);",
	        bet) == 2,
	    "the delayed jobs (200 s and 250 s) wait");
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trades WHERE original_bet_id = '%s';",
	          bet) == 0,
	    "nothing copied before the delays");

	/* before they are due: fa pauses and resumes, fb pauses, fc resumes,
	 * fd stops, fe raises its delay past every queued job */
	CHECK(copy_action(&fa, ra, "pause", &r) == 200, "fa pauses (%ld)", r.status);
	h_free(&r);
	CHECK(copy_action(&fa, ra, "resume", &r) == 200, "fa resumes (%ld)", r.status);
	h_free(&r);
	CHECK(copy_action(&fb, rb, "pause", &r) == 200, "fb pauses (%ld)", r.status);
	h_free(&r);
	CHECK(copy_action(&fc, rc, "resume", &r) == 200, "fc resumes (%ld)", r.status);
	h_free(&r);
	CHECK(copy_action(&fd, rd, "stop", &r) == 200, "fd stops (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s/settings", re);
	CHECK(h_json(&fe.c, "PUT", path, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 300}",
	          &r) == 200,
	    "fe raises its delay to 300 s (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(
	    sql_num(
	        "SELECT count(*) FROM t_demo.jobs j JOIN t_demo.bets b ON b.id::text = "
	        "j.payload->>'bet_id' WHERE j.kind = 'copy' AND b.id = '%s' AND j.state = 'queued' AND "
	        "(j.payload->>'delay')::int = 300 AND j.run_at >= b.placed_at + interval '300 seconds';",
	        bet) == 1,
	    "a job at the raised delay, due 300 s after the bet");

	copies_due(bet);
	trade(fa.id, bet, "status || ' ' || copy_amount", out, sizeof(out));
	CHECK(strcmp(out, "placed 500") == 0, "paused and resumed before it was due: copied (%s)",
	    out);
	trade(fb.id, bet, "status || ' ' || skip_reason", out, sizeof(out));
	CHECK(strcmp(out, "skipped paused") == 0, "due while paused: a recorded skip (%s)", out);
	CHECK(notes(fb.id, "copy_skipped") == 1, "and fb is told");
	trade(fc.id, bet, "count(*)", out, sizeof(out));
	CHECK(strcmp(out, "0") == 0, "placed while paused: not copied after the resume (%s)", out);
	trade(fd.id, bet, "status || ' ' || skip_reason", out, sizeof(out));
	CHECK(
	    strcmp(out, "skipped relationship_stopped") == 0, "stopped before it was due: %s", out);
	trade(fe.id, bet, "status || ' ' || copy_amount", out, sizeof(out));
	CHECK(strcmp(out, "placed 500") == 0, "a delay raised past every job: copied (%s)", out);
	CHECK(wallet(&fa, NULL) == BANKROLL - 500 && wallet(&fb, NULL) == BANKROLL &&
	        wallet(&fc, NULL) == BANKROLL && wallet(&fd, NULL) == BANKROLL &&
	        wallet(&fe, NULL) == BANKROLL - 500,
	    "stakes");

	/* fb resumes: the skip stays, nothing is copied late */
	CHECK(copy_action(&fb, rb, "resume", &r) == 200, "fb resumes (%ld)", r.status);
	h_free(&r);
	copies_due(bet);
	trade(fb.id, bet, "status || ' ' || skip_reason", out, sizeof(out));
	CHECK(strcmp(out, "skipped paused") == 0 && wallet(&fb, NULL) == BANKROLL,
	    "still the skip after the resume (%s)", out);
	snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s", rb);
	CHECK(h_json(&fb.c, "GET", path, NULL, &r) == 200 &&
	        jint(json_object_get(json_object_get(r.json, "relationship"), "skipped_by_reason"),
	            "paused") == 1,
	    "the skip in the API: %s", r.body);
	h_free(&r);
	/* a bet placed now is copied by fb and fc, not by fd */
	{
		char b2[37];

		place(&t, g.away, 1000, "3.6", b2);
		drain_copies();
		copies_due(b2);
		trade(fb.id, b2, "status", out, sizeof(out));
		CHECK(strcmp(out, "placed") == 0, "fb copies again: %s", out);
		trade(fc.id, b2, "status", out, sizeof(out));
		CHECK(strcmp(out, "placed") == 0, "fc copies again: %s", out);
		trade(fd.id, b2, "count(*)", out, sizeof(out));
		CHECK(strcmp(out, "0") == 0, "fd stopped before this bet: no row (%s)", out);
	}
	ledger_clean();
}

/* ---- 6c. a follower who cannot bet when the copy is due ---- */

ITEST(t_copy_follower_suspended,
    "copy: a follower suspended before the copy is due (or when the bet is placed) gets a recorded skip")
static void
t_copy_follower_suspended(void)
{
	struct h_member t, fa, fb, fc;
	struct h_event g;
	struct resp r;
	char ra[37], rb[37], rc[37], bet[37], out[512];

	traders(&t, 1);
	h_member_new(&fa, "cp");
	h_member_new(&fb, "cp");
	h_member_new(&fc, "cp");
	copy_start(&fa, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 60}", ra);
	copy_start(&fb, &t, "{\"fixed_amount\": 5}", rb); /* at once */
	copy_start(&fc, &t, "{\"fixed_amount\": 5, \"copy_delay_seconds\": 60}", rc);
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	/* fb is suspended when the trader bets: the immediate copy */
	CHECK(sqlf(out, sizeof(out),
	          "UPDATE t_demo.users SET status = 'suspended' WHERE id = '%s';", fb.id) == 0,
	    "suspend fb: %s", out);
	place(&t, g.home, 1000, "2.1", bet);
	drain_copies();
	trade(fb.id, bet, "status || ' ' || skip_reason", out, sizeof(out));
	CHECK(strcmp(out, "skipped follower_suspended") == 0,
	    "suspended when the bet was placed: a recorded skip (%s)", out);
	/* fa is suspended after the bet, before its delayed copy is due */
	CHECK(sqlf(out, sizeof(out),
	          "UPDATE t_demo.users SET status = 'suspended' WHERE id = '%s';", fa.id) == 0,
	    "suspend fa: %s", out);
	copies_due(bet);
	trade(fa.id, bet, "status || ' ' || skip_reason", out, sizeof(out));
	CHECK(strcmp(out, "skipped follower_suspended") == 0,
	    "suspended before the delayed copy was due: a recorded skip (%s)", out);
	trade(fc.id, bet, "status || ' ' || copy_amount", out, sizeof(out));
	CHECK(strcmp(out, "placed 500") == 0, "an active follower in the same job is copied (%s)",
	    out);
	CHECK(sql_num("SELECT copies_skipped FROM t_demo.copy_trading_relationships WHERE id = "
	              "'%s';",
	          ra) == 1 &&
	        sql_num("SELECT copies_skipped FROM "
	                "t_demo.copy_trading_relationships WHERE id = '%s';",
	            rb) == 1,
	    "the relationships count the skips");
	/* reinstated, they see the skip and its reason in words */
	CHECK(sqlf(out, sizeof(out),
	          "UPDATE t_demo.users SET status = 'active' WHERE id IN "
	          "('%s', '%s');",
	          fa.id, fb.id) == 0,
	    "reinstate: %s", out);
	CHECK(wallet(&fa, NULL) == BANKROLL && wallet(&fb, NULL) == BANKROLL &&
	        wallet(&fc, NULL) == BANKROLL - 500,
	    "stakes");
	CHECK(h_get(&fa.c, "/copy", &r) == 200 && h_contains(&r, "Account suspended") &&
	        !h_contains(&r, "follower_suspended"),
	    "/copy says why in words: %ld", r.status);
	h_free(&r);
	ledger_clean();
}

/* ---- 6d. "Copy this bet" on a post about a copy ---- */

ITEST(t_copy_post_of_copy,
    "copy: \"Copy this bet\" on a post about a copy copies the trader's original, once")
static void
t_copy_post_of_copy(void)
{
	struct h_member t, fa, fb, fc;
	struct h_event g;
	struct resp r;
	char ra[37], rb[37], bet[37], cbet[37], post[37], out[512], path[200], body[256];
	json_t *j;

	traders(&t, 1);
	h_member_new(&fa, "cp");
	h_member_new(&fb, "cp");
	h_member_new(&fc, "cp");
	copy_start(&fa, &t, "{\"fixed_amount\": 5}", ra);
	copy_start(&fb, &t, "{\"fixed_amount\": 5}", rb);
	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	place(&t, g.home, 1000, "2.1", bet);
	drain_copies();
	trade(fa.id, bet, "copy_bet_id", cbet, sizeof(cbet));
	CHECK(strlen(cbet) == 36, "fa copied the trader's bet (%s)", cbet);
	/* fa posts about the copy */
	bet_post(&fa, cbet, post);
	snprintf(path, sizeof(path), "/posts/%s", post);
	CHECK(h_get(&fc.c, path, &r) == 200 && h_contains(&r, "class=\"copy-bet\""),
	    "the post page offers fc the copy: %ld", r.status);
	h_free(&r);
	CHECK(h_get(&t.c, path, &r) == 200 && h_contains(&r, "copied from") &&
	        !h_contains(&r, "class=\"copy-bet\""),
	    "but not the trader their own bet: %ld", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/posts/%s/copy-bet", post);

	/* fc copies it: a copy of the trader's original, sized against it */
	CHECK(h_json(&fc.c, "POST", path, "{\"amount\": 2000}", &r) == 201 &&
	        jint(r.json, "copy_amount") == 2000,
	    "copy this bet (%ld %s)", r.status, r.body);
	h_free(&r);
	trade(fc.id, bet,
	    "status || ' ' || trader_id || ' ' || copy_ratio || ' ' || trader_odds "
	    "|| ' ' || post_id",
	    out, sizeof(out));
	snprintf(body, sizeof(body), "placed %s 20000 2100 %s", t.id, post);
	CHECK(strcmp(out, body) == 0, "recorded as a copy of the original, the trader's (%s)", out);
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trades WHERE follower_id = '%s';", fc.id) ==
	        1,
	    "one copy, none of the copier's bet");
	CHECK(
	    sql_num("SELECT count(*) FROM t_demo.bets b JOIN t_demo.copy_trades x ON "
	            "x.copy_bet_id = b.id WHERE x.follower_id = '%s' AND b.copied_from = '%s' AND "
	            "b.idempotency_key = 'copy:%s';",
	        fc.id, bet, bet) == 1,
	    "the copy bet is copied from the original");
	CHECK(h_json(&fc.c, "GET", "/social/bets?status=open", NULL, &r) == 200 &&
	        (j = json_array_get(json_object_get(r.json, "bets"), 0)) != NULL &&
	        strcmp(jstr(json_object_get(j, "copied_from"), "username"), t.name) == 0 &&
	        strcmp(jstr(json_object_get(j, "copied_from"), "bet_id"), bet) == 0,
	    "it says copied from @%s: %s", t.name, r.body);
	h_free(&r);
	CHECK(h_get(&fc.c, "/bets?status=open", &r) == 200 && h_contains(&r, t.name),
	    "My bets names the trader: %ld", r.status);
	h_free(&r);

	/* once per member and original, however it came */
	CHECK(h_json(&fc.c, "POST", path, "{\"amount\": 500}", &r) == 409 &&
	        strcmp(error_code(&r), "already_copied") == 0,
	    "twice (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(h_json(&fb.c, "POST", path, "{\"amount\": 500}", &r) == 409 &&
	        strcmp(error_code(&r), "already_copied") == 0,
	    "copied through a relationship already (%ld %s)", r.status, r.body);
	h_free(&r);
	/* the original trader, and the copier on their own post */
	CHECK(h_json(&t.c, "POST", path, "{\"amount\": 500}", &r) == 422 &&
	        strcmp(error_code(&r), "self_copy") == 0,
	    "the trader's own bet (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(h_json(&fa.c, "POST", path, "{\"amount\": 500}", &r) == 422 &&
	        strcmp(error_code(&r), "self_copy") == 0,
	    "the copier's own post (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(
	    wallet(&fb, NULL) == BANKROLL - 500 && wallet(&fc, NULL) == BANKROLL - 2000, "stakes");
	CHECK(sql_num("SELECT count(*) FROM t_demo.bets WHERE copied_from = '%s';", cbet) == 0,
	    "no copy of the copy");
	drain_copies();
	ledger_clean();
}

/* ---- 7. settlement ---- */

ITEST(t_copy_settlement, "copy: settlement folds into the relationship; a drawdown stops it")
static void
t_copy_settlement(void)
{
	struct h_member t, fa, fb;
	struct h_event g, h;
	struct resp r;
	char ra[37], rb[37], b1[37], b2[37], out[512], path[160];

	traders(&t, 1);
	h_member_new(&fa, "cp");
	h_member_new(&fb, "cp");
	copy_start(&fa, &t,
	    "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 2, "
	    "\"daily_loss_limit\": 50, \"monthly_loss_limit\": 200}",
	    ra);
	copy_start(&fb, &t,
	    "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 2, "
	    "\"stop_copying_if_drawdown\": 0.01}",
	    rb);
	CHECK(h_event_new(&g, 86400) == 0 && h_event_new(&h, 86400) == 0, "fixtures");
	place(&t, g.home, 1000, "2.1", b1);
	drain_copies();
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trades WHERE original_bet_id = '%s' AND "
	              "status = 'placed' AND copy_amount = 2000;",
	          b1) == 2,
	    "both copied 20.00");

	h_event_result(&g, 0, 1); /* home lost */
	h_drain("notify");
	trade(fa.id, b1, "profit || ' ' || (settled_at IS NOT NULL)", out, sizeof(out));
	CHECK(strcmp(out, "-2000 true") == 0, "fa's copy lost 20.00: %s", out);
	sqlf(out, sizeof(out),
	    "SELECT status || ' ' || total_profit_loss || ' ' || run_pnl || ' ' || "
	    "peak_pnl || ' ' || losing_streak || ' ' || coalesce(stop_reason, '-') FROM "
	    "t_demo.copy_trading_relationships WHERE id = '%s';",
	    ra);
	CHECK(strcmp(out, "active -2000 -2000 0 1 -") == 0, "fa's relationship: %s", out);
	/* percentages in percent (docs/api.md, Units); the risk against the limits */
	snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s", ra);
	CHECK(h_json(&fa.c, "GET", path, NULL, &r) == 200, "fa's relationship (%ld)", r.status);
	{
		json_t *j = json_object_get(r.json, "relationship"),
		       *k = json_object_get(j, "risk");

		CHECK(json_real_value(json_object_get(j, "roi_percentage")) == -100.0 &&
		        json_object_get(j, "roi") == NULL &&
		        json_object_get(j, "closing_line_value") == NULL &&
		        json_object_get(j, "avg_odds_slippage") == NULL &&
		        json_is_number(json_object_get(j, "avg_odds_slippage_percentage")),
		    "ROI of settled copies in percent: %s", r.body);
		CHECK(jint(k, "today_pnl") == -2000 && jint(k, "daily_loss_limit") == 5000 &&
		        jint(k, "month_pnl") == -2000 && jint(k, "monthly_loss_limit") == 20000,
		    "today's and this month's P&L against the limits: %s", r.body);
	}
	h_free(&r);
	CHECK(h_get(&fa.c, "/copy", &r) == 200 && h_contains(&r, "of a 50.00 daily loss limit") &&
	        h_contains(&r, "of a 200.00 monthly loss limit") && h_contains(&r, "-20.00</span>"),
	    "/copy shows them: %ld", r.status);
	h_free(&r);
	sqlf(out, sizeof(out),
	    "SELECT status || ' ' || total_profit_loss || ' ' || "
	    "coalesce(stop_reason, '-') FROM t_demo.copy_trading_relationships WHERE id = '%s';",
	    rb);
	CHECK(strcmp(out, "cancelled -2000 drawdown") == 0, "fb stopped at 1 %% down: %s", out);
	CHECK(notes(fb.id, "copy_stopped") == 1, "fb told it stopped");
	CHECK(notes(fa.id, "copy_stopped") == 0, "fa not");
	snprintf(path, sizeof(path), "/social/copy-trading/relationships/%s", rb);
	CHECK(h_json(&fb.c, "GET", path, NULL, &r) == 200 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "stop_reason"), "drawdown") ==
	            0 &&
	        jint(json_object_get(r.json, "relationship"), "total_profit_loss") == -2000 &&
	        jint(json_array_get(json_object_get(r.json, "copies"), 0), "profit") == -2000,
	    "the API: %s", r.body);
	h_free(&r);
	CHECK(sql_num("SELECT copiers_count FROM t_demo.users WHERE id = '%s';", t.id) == 1,
	    "one copier left");

	/* the next bet: fa copies 2 % of 980.00; fb no longer */
	place(&t, h.home, 1000, "2.1", b2);
	drain_copies();
	trade(fa.id, b2, "status || ' ' || copy_amount", out, sizeof(out));
	CHECK(strcmp(out, "placed 1960") == 0, "fa copied 19.60: %s", out);
	trade(fb.id, b2, "count(*)", out, sizeof(out));
	CHECK(strcmp(out, "0") == 0, "fb stopped: no row (%s)", out);
	h_event_result(&h, 2, 1); /* home won: 19.60 x 2.10 = 41.16 */
	trade(fa.id, b2, "profit", out, sizeof(out));
	CHECK(strcmp(out, "2156") == 0, "won 21.56: %s", out);
	sqlf(out, sizeof(out),
	    "SELECT status || ' ' || total_profit_loss || ' ' || run_pnl || ' ' || "
	    "peak_pnl || ' ' || losing_streak FROM t_demo.copy_trading_relationships WHERE id = '%s';",
	    ra);
	CHECK(strcmp(out, "active 156 156 156 0") == 0, "fa's relationship: %s", out);
	CHECK(wallet(&fa, NULL) == BANKROLL - 2000 - 1960 + 4116, "fa's wallet");
	ledger_clean();

	/* a corrected result moves the relationship by the difference, not the streak */
	h_event_result(&h, 0, 0); /* home did not win after all */
	trade(fa.id, b2, "profit", out, sizeof(out));
	CHECK(strcmp(out, "-1960") == 0, "corrected: lost 19.60: %s", out);
	sqlf(out, sizeof(out),
	    "SELECT status || ' ' || total_profit_loss || ' ' || run_pnl || ' ' || "
	    "peak_pnl || ' ' || losing_streak FROM t_demo.copy_trading_relationships WHERE id = '%s';",
	    ra);
	CHECK(strcmp(out, "active -3960 -3960 156 0") == 0, "fa's relationship corrected: %s", out);
	CHECK(wallet(&fa, NULL) == BANKROLL - 2000 - 1960, "fa's wallet corrected");
	ledger_clean();
}

/* ---- 8. blocks and unfollows ---- */

ITEST(t_copy_block, "copy: a block either way, or an unfollow, stops copying")
static void
t_copy_block(void)
{
	struct h_member t, fa, fb, fc;
	struct h_event g;
	struct resp r;
	char ra[37], rb[37], rc[37], bet[37], path[160], out[512];

	traders(&t, 1);
	h_member_new(&fa, "cp");
	h_member_new(&fb, "cp");
	h_member_new(&fc, "cp");
	copy_start(&fa, &t, "{\"fixed_amount\": 5}", ra);
	copy_start(&fb, &t, "{\"fixed_amount\": 5}", rb);
	copy_start(&fc, &t, "{\"fixed_amount\": 5}", rc);

	snprintf(path, sizeof(path), "/social/users/%s/block", fa.id);
	CHECK(h_json(&t.c, "POST", path, NULL, &r) == 200, "the trader blocks fa (%ld %s)",
	    r.status, r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/block", t.id);
	CHECK(h_json(&fb.c, "POST", path, NULL, &r) == 200, "fb blocks the trader (%ld %s)",
	    r.status, r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/users/%s/follow", t.id);
	CHECK(h_json(&fc.c, "DELETE", path, NULL, &r) == 200, "fc unfollows (%ld %s)", r.status,
	    r.body);
	h_free(&r);
	sqlf(out, sizeof(out),
	    "SELECT string_agg(status || ' ' || stop_reason, ',' ORDER BY "
	    "CASE id WHEN '%s' THEN 1 WHEN '%s' THEN 2 ELSE 3 END) FROM "
	    "t_demo.copy_trading_relationships WHERE id IN ('%s', '%s', '%s');",
	    ra, rb, ra, rb, rc);
	CHECK(strcmp(out, "cancelled blocked,cancelled blocked,cancelled follower") == 0,
	    "stopped with their reasons: %s", out);
	CHECK(sql_num("SELECT copiers_count FROM t_demo.users WHERE id = '%s';", t.id) == 0,
	    "no copiers left");
	CHECK(copy_create(&fa, t.id, "{\"fixed_amount\": 5}", NULL, &r) != 201 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "status"), "active") != 0,
	    "the blocked member cannot copy again (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trading_relationships WHERE id = '%s' AND "
	              "status = 'cancelled';",
	          ra) == 1,
	    "still stopped");

	CHECK(h_event_new(&g, 86400) == 0, "fixture");
	place(&t, g.home, 1000, "2.1", bet);
	drain_copies();
	CHECK(sql_num("SELECT count(*) FROM t_demo.copy_trades WHERE original_bet_id = '%s';",
	          bet) == 0,
	    "nothing copied");
	CHECK(
	    sql_num("SELECT count(*) FROM t_demo.jobs WHERE kind = 'copy' AND payload->>'bet_id' = "
	            "'%s';",
	        bet) == 0,
	    "no copy job for a trader without copiers");

	/* fc starts again: the same row, fresh state, following again */
	CHECK(copy_create(&fc, t.id, "{\"fixed_amount\": 6}", rc, &r) == 201 &&
	        strcmp(jstr(json_object_get(r.json, "relationship"), "status"), "active") == 0,
	    "copy again after an unfollow (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(sql_num("SELECT count(*) FROM t_demo.user_relationships WHERE follower_id = '%s' AND "
	              "following_id = '%s' AND relationship_type = 'follow';",
	          fc.id, t.id) == 1,
	    "following");
	ledger_clean();
}
