/*
 * Integration tests for profiles: bets placed over the API and settled by
 * the worker become the figures of GET /social/users/{id}/profile and of
 * /u/{username}, checked against values worked out by hand; a corrected
 * result rebuilds the member's row; the cached windows are used while
 * current and recomputed when not; bets moved back in time fall out of the
 * 7-day, 30-day and 1-year windows; `tailgate stats check|rebuild` agrees
 * with incremental maintenance and repairs a damaged row; a settlement of
 * many members at once is one batch.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define PW "Correct-Horse-Battery-9"
#define EPS 1e-6

struct event {
	char id[37];
	long home, draw, away, ah_home, ah_away, over, under;
};

static void
sql(const char *q)
{
	char out[1024];

	CHECK(h_sql(0, out, sizeof(out), q) == 0, "%s: %s", q, out);
}

/* An event tomorrow with 1X2, handicap -0.25 and total 2.5 markets. */
static int
event(struct event *e)
{
	char q[2048], out[512], tag[24];

	h_unique(tag, sizeof(tag), "P");
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo;"
	    "INSERT INTO competitions (sport, code, name) VALUES ('football', 'PTEST', 'Profile League') "
	    "ON CONFLICT (sport, code) DO NOTHING;"
	    "INSERT INTO teams (sport, name) VALUES ('football', '%s United'), ('football', '%s City');"
	    "WITH e AS (INSERT INTO events (id, competition_id, home_team_id, away_team_id, starts_at, "
	    " source, source_key) SELECT gen_random_uuid(), (SELECT id FROM competitions WHERE code = 'PTEST'), "
	    " (SELECT id FROM teams WHERE name = '%s United'), (SELECT id FROM teams WHERE name = '%s City'), "
	    " now() + interval '1 day', 'manual', '%s' RETURNING id), "
	    "m AS (INSERT INTO markets (event_id, kind, line) SELECT e.id, k.kind, k.line FROM e, "
	    " (VALUES ('1x2', 0), ('handicap', -25), ('total', 250)) AS k (kind, line) RETURNING id, kind) "
	    "INSERT INTO selections (market_id, outcome, odds, opening_odds) "
	    "SELECT m.id, o.outcome, o.odds, o.odds FROM m JOIN (VALUES ('1x2', 'home', 2100), "
	    " ('1x2', 'draw', 3400), ('1x2', 'away', 3600), ('handicap', 'home', 1950), "
	    " ('handicap', 'away', 1900), ('total', 'over', 2000), ('total', 'under', 1850)) "
	    " AS o (kind, outcome, odds) ON o.kind = m.kind;"
	    "SELECT e.id || ' ' || string_agg(s.id::text, ' ' ORDER BY m.id, s.outcome) FROM events e "
	    "JOIN markets m ON m.event_id = e.id JOIN selections s ON s.market_id = m.id "
	    "WHERE e.source_key = '%s' GROUP BY e.id;",
	    tag, tag, tag, tag, tag, tag);
	if (h_sql(0, out, sizeof(out), q) != 0)
		return -1;
	return sscanf(out, "%36s %ld %ld %ld %ld %ld %ld %ld", e->id, &e->away, &e->draw, &e->home,
	           &e->ah_away, &e->ah_home, &e->over, &e->under) == 8
	    ? 0
	    : -1;
}

static void
bet(struct client *c, long selection, long long stake, const char *odds, char *bet_id)
{
	char body[256], key[40];
	struct resp r;

	h_unique(key, sizeof(key), "pk");
	snprintf(body, sizeof(body),
	    "{\"selection_id\": %ld, \"stake\": %lld, \"odds\": %s, "
	    "\"idempotency_key\": \"%s\"}",
	    selection, stake, odds, key);
	CHECK(h_json(c, "POST", "/social/bets", body, &r) == 201, "bet placed (%ld %s)", r.status,
	    r.body ? r.body : "");
	if (bet_id != NULL && r.json != NULL)
		snprintf(bet_id, 37, "%s",
		    json_string_value(json_object_get(json_object_get(r.json, "bet"), "bet_id")));
	h_free(&r);
}

/* A result (or a cancellation when home < 0), settled by the worker, and
 * the windows refreshed after it. */
static void
result(const struct event *e, int home, int away)
{
	char q[1024];

	if (home < 0)
		snprintf(q, sizeof(q),
		    "SET ROLE t_demo; UPDATE events SET status = 'cancelled', "
		    "result_version = result_version + 1 WHERE id = '%s';"
		    "INSERT INTO jobs (kind, payload) VALUES ('settle', jsonb_build_object('event_id', '%s'));",
		    e->id, e->id);
	else
		snprintf(q, sizeof(q),
		    "SET ROLE t_demo; UPDATE events SET status = 'finished', "
		    "home_score = %d, away_score = %d, result_version = result_version + 1, "
		    "starts_at = least(starts_at, now() - interval '2 hours') WHERE id = '%s';"
		    "INSERT INTO jobs (kind, payload) VALUES ('settle', jsonb_build_object('event_id', '%s'));",
		    home, away, e->id, e->id);
	sql(q);
	h_drain("settle");
	h_drain("profile_windows");
}

static json_t *
profile(struct client *c, const char *user_id, struct resp *r)
{
	char path[128];

	snprintf(path, sizeof(path), "/social/users/%s/profile", user_id);
	CHECK(h_get(c, path, r) == 200 && r->json != NULL, "profile %s (%ld)", user_id, r->status);
	return r->json;
}

static json_t *
tf(json_t *p, const char *timeframe)
{
	return json_object_get(json_object_get(p, "performance"), timeframe);
}

static long long
ival(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	CHECK(json_is_integer(v), "%s is an integer", k);
	return json_integer_value(v);
}

static double
dval(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	CHECK(json_is_number(v), "%s is a number", k);
	return json_number_value(v);
}

#define CHECK_I(o, k, want)                                                              \
	do {                                                                             \
		long long g_ = ival((o), (k));                                           \
		CHECK(g_ == (want), "%s = %lld, want %lld", (k), g_, (long long)(want)); \
	} while (0)
#define CHECK_D(o, k, want)                                                                      \
	do {                                                                                     \
		double g_ = dval((o), (k));                                                      \
		CHECK(fabs(g_ - (want)) < EPS, "%s = %.9f, want %.9f", (k), g_, (double)(want)); \
	} while (0)

static int
stats_cli(const char *action, char *out, size_t n)
{
	return h_sh(out, n, "scripts/stack.sh tailgate stats %s --tenant demo 2>&1", action);
}

static void
stats_agree(void)
{
	char out[1024];

	CHECK(stats_cli("check", out, sizeof(out)) == 0 && strstr(out, " 0 differed"),
	    "stats check agrees with the stored rows: %s", out);
}

ITEST(t_profile_figures,
    "profiles: settled bets, figures by hand, cache, correction, windows, rebuild")
static void
t_profile_figures(void)
{
	struct client u = h_demo(), anon = h_demo();
	struct event a, b, c, d;
	struct resp r;
	char id[37], name[40], q[1024], out[1024], month[16], bet_a[37], bet_b[37], bet_c[37];
	json_t *p, *all, *m;
	double z;

	h_unique(name, sizeof(name), "pro");
	CHECK(h_signup(&u, name, PW, id) == 201, "signup");
	CHECK(event(&a) == 0 && event(&b) == 0 && event(&c) == 0 && event(&d) == 0, "events");
	/* the fair closing price of A's home side: 2.10 taken against 2.00 is +5 % CLV */
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo; UPDATE selections SET fair_closing_odds = 2000 "
	    "WHERE id = %ld;",
	    a.home);
	sql(q);

	/* before any settlement: zeros, no months, no curve */
	p = profile(&anon, id, &r);
	CHECK_I(p, "total_bets", 0);
	CHECK(json_is_null(json_object_get(tf(p, "all_time"), "best_month")), "no best month");
	CHECK(json_array_size(json_object_get(p, "equity_curve")) == 0, "no curve");
	CHECK_D(tf(p, "7_days"), "p_value", 1.0);
	h_free(&r);

	bet(&u, a.home, 1000, "2.1", bet_a);     /* 2-0: won, +1100 */
	bet(&u, b.over, 2000, "2.0", bet_b);     /* 1-0: lost, -2000 */
	bet(&u, c.ah_home, 1000, "1.95", bet_c); /* 1-1 at -0.25: half lost, -500 */
	bet(&u, d.draw, 500, "3.4", NULL);       /* cancelled: void */
	result(&a, 2, 0);
	result(&b, 1, 0);
	result(&c, 1, 1);
	result(&d, -1, 0);

	snprintf(q, sizeof(q),
	    "SELECT to_char(max(settled_at) AT TIME ZONE 'UTC', 'YYYY-MM') "
	    "FROM t_demo.bets WHERE user_id = '%s';",
	    id);
	h_sql(0, month, sizeof(month), q);

	p = profile(&anon, id, &r);
	all = tf(p, "all_time");
	/* W, L, HL, V in settlement order */
	CHECK_I(all, "total_bets", 4);
	CHECK_I(all, "winning_bets", 1);
	CHECK_I(all, "losing_bets", 2);
	CHECK_I(all, "push_bets", 0);
	CHECK_I(all, "void_bets", 1);
	CHECK_I(all, "half_won_bets", 0);
	CHECK_I(all, "half_lost_bets", 1);
	CHECK_D(all, "winning_percentage", 100.0 / 3);
	CHECK_I(all, "total_staked", 4000);
	CHECK_I(all, "total_profit_loss", -1400);
	CHECK_D(all, "roi_percentage", -35.0);
	CHECK_D(all, "average_odds", (2.1 + 2.0 + 1.95) / 3);
	CHECK_I(all, "longest_winning_streak", 1);
	CHECK_I(all, "longest_losing_streak", 2);
	/* cumulative 1100, -900, -1400, -1400: peak 1100 */
	CHECK_I(all, "max_drawdown", 2500);
	CHECK_D(all, "max_drawdown_units", 2500.0 / (4000.0 / 3));
	/* returns 1.1, -1, -0.5 (half of 1000 lost) */
	{
		double r1 = 1.1, r2 = -1, r3 = -0.5, mean = (r1 + r2 + r3) / 3;
		double var = ((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean) +
		                 (r3 - mean) * (r3 - mean)) /
		    2;

		CHECK_D(all, "volatility", sqrt(var));
		CHECK_D(all, "sharpe_ratio", mean / sqrt(var));
	}
	CHECK_I(all, "clv_bets", 1);
	/* in percent, so named *_percentage (docs/api.md, Units; Version 2) */
	CHECK_D(all, "closing_line_value_percentage", 5.0);
	CHECK(json_object_get(all, "closing_line_value") == NULL, "no old closing_line_value");
	/* level stakes: +1.1 - 1 - 0.5 over 3 */
	CHECK_D(all, "yield_percentage", -40.0 / 3);
	/* no-skill variance: 1000^2 * 1.1 + 2000^2 * 1.0 + 500^2 * 0.95 */
	z = -1400 / sqrt(1100000.0 + 4000000.0 + 237500.0);
	CHECK_D(all, "p_value", 0.5 * erfc(z / sqrt(2)));
	m = json_object_get(all, "best_month");
	CHECK(m && strcmp(json_string_value(json_object_get(m, "month")), month) == 0 &&
	        json_integer_value(json_object_get(m, "profit")) == -1400 &&
	        json_integer_value(json_object_get(m, "bets")) == 4,
	    "best month %s", month);
	m = json_object_get(json_object_get(all, "sport_performance"), "football");
	CHECK(json_object_size(json_object_get(all, "sport_performance")) == 1 && m != NULL,
	    "one sport");
	CHECK_I(m, "bets", 4);
	CHECK_I(m, "winning_bets", 1);
	CHECK_I(m, "losing_bets", 2);
	CHECK_I(m, "total_staked", 4000);
	CHECK_I(m, "total_profit_loss", -1400);
	CHECK_D(m, "roi_percentage", -35.0);
	CHECK_D(m, "closing_line_value_percentage", 5.0);
	CHECK(json_object_get(m, "closing_line_value") == NULL,
	    "no old closing_line_value per sport");
	/* the specification's top-level figures are all-time */
	CHECK_I(p, "total_bets", 4);
	CHECK_I(p, "total_profit_loss", -1400);
	CHECK_D(p, "roi_percentage", -35.0);
	CHECK_D(p, "winning_percentage", 100.0 / 3);
	CHECK_D(p, "average_odds", (2.1 + 2.0 + 1.95) / 3);
	CHECK(json_is_string(json_object_get(p, "username")), "still the user object");
	/* everything settled today: every window is the whole history */
	CHECK(json_equal(tf(p, "7_days"), all) && json_equal(tf(p, "30_days"), all) &&
	        json_equal(tf(p, "1_year"), all),
	    "windows equal all-time");
	CHECK(json_array_size(json_object_get(p, "equity_curve")) == 1 &&
	        json_integer_value(json_object_get(
	            json_array_get(json_object_get(p, "equity_curve"), 0), "profit")) == -1400,
	    "one day on the curve");
	h_free(&r);

	/* the page shows the same, with the p-value withheld below 30 bets */
	snprintf(q, sizeof(q), "/u/%s", name);
	CHECK(h_get(&anon, q, &r) == 200 && h_contains(&r, "data-metric=\"total_bets\">4<") &&
	        h_contains(&r, "-14.00") && h_contains(&r, "-35.00 %") &&
	        h_contains(&r, "Not enough bets") &&
	        h_contains(&r, "<path class=\"curve\" d=\"M0 ") && h_contains(&r, "half lost") &&
	        h_contains(&r, "data-metric=\"closing_line_value_percentage\">+5.00 %<") &&
	        h_contains(&r, "data-metric=\"max_drawdown\">25.00<"),
	    "profile page (%ld)", r.status);
	h_free(&r);
	snprintf(q, sizeof(q), "/u/%s?timeframe=7_days", name);
	CHECK(h_get(&anon, q, &r) == 200 &&
	        h_contains(&r, "href=\"?timeframe=7_days\" aria-current=\"page\""),
	    "7-day tab (%ld)", r.status);
	h_free(&r);
	snprintf(q, sizeof(q), "/u/%s?timeframe=forever", name);
	CHECK(h_get(&anon, q, &r) == 422, "unknown timeframe (%ld)", r.status);
	h_free(&r);

	/* the cached windows are what a page reads while current... */
	snprintf(q, sizeof(q),
	    "SELECT w.seq = s.seq AND w.valid_until > now() FROM t_demo.profile_stats s "
	    "JOIN t_demo.profile_windows w USING (user_id) WHERE user_id = '%s';",
	    id);
	CHECK(
	    h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "t") == 0, "windows cached: %s", out);
	snprintf(q, sizeof(q),
	    "UPDATE t_demo.profile_windows SET windows = replace(windows, "
	    "'\"total_bets\":4', '\"total_bets\":99') WHERE user_id = '%s';",
	    id);
	sql(q);
	p = profile(&anon, id, &r);
	CHECK_I(tf(p, "7_days"), "total_bets", 99);
	h_free(&r);
	/* ...and recomputed once expired */
	snprintf(q, sizeof(q),
	    "UPDATE t_demo.profile_windows SET valid_until = now() - interval '1 s' "
	    "WHERE user_id = '%s';",
	    id);
	sql(q);
	p = profile(&anon, id, &r);
	CHECK_I(tf(p, "7_days"), "total_bets", 4);
	h_free(&r);
	/* the sweep queues a refresh of the expired row */
	sql("SET ROLE t_demo; INSERT INTO jobs (kind) VALUES ('profile_windows_sweep');");
	h_drain("profile_windows_sweep");
	h_drain("profile_windows");
	snprintf(q, sizeof(q),
	    "SELECT windows LIKE '%%\"total_bets\":4,%%' AND valid_until > now() "
	    "FROM t_demo.profile_windows WHERE user_id = '%s';",
	    id);
	CHECK(h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "t") == 0, "refreshed: %s", out);
	stats_agree();

	/* the latest bets come from the cache too, names with quotes and markup intact */
	snprintf(q, sizeof(q),
	    "UPDATE t_demo.teams SET name = name || ' \"Q\", B\\ <i>' "
	    "WHERE id = (SELECT home_team_id FROM t_demo.events WHERE id = '%s');"
	    "SET ROLE t_demo; INSERT INTO jobs (kind, payload) VALUES "
	    "('profile_windows', jsonb_build_object('user_id', '%s'));",
	    a.id, id);
	sql(q);
	h_drain("profile_windows");
	snprintf(q, sizeof(q), "/u/%s", name);
	CHECK(h_get(&anon, q, &r) == 200 && h_contains(&r, " &quot;Q&quot;, B\\ &lt;i&gt; v "),
	    "escaped team name from the cache (%ld)", r.status);
	h_free(&r);

	/* every worker now keeps the page's performance part rendered... */
	for (int i = 0; i < 8; i++) {
		CHECK(h_get(&anon, q, &r) == 200 && h_contains(&r, "-14.00"),
		    "page %d before (%ld)", i, r.status);
		h_free(&r);
	}

	/* a corrected result: B 3-1 goes over 2.5. The member's row is rebuilt,
	 * B now last in settlement order: W, HL, V, W. */
	result(&b, 3, 1);
	/* ...and no worker serves it once the figures moved: at once (the cache
	 * row is stale) and after the worker's refresh (a new version) */
	for (int round = 0; round < 2; round++) {
		if (round == 1)
			h_drain("profile_windows");
		for (int i = 0; i < 8; i++) {
			CHECK(h_get(&anon, q, &r) == 200 && h_contains(&r, "26.00") &&
			        !h_contains(&r, "-14.00"),
			    "page %d after the correction, round %d (%ld)", i, round, r.status);
			h_free(&r);
		}
	}
	p = profile(&anon, id, &r);
	all = tf(p, "all_time");
	CHECK_I(all, "winning_bets", 2);
	CHECK_I(all, "losing_bets", 1);
	CHECK_I(all, "total_staked", 4000);
	CHECK_I(all, "total_profit_loss", 2600);
	CHECK_D(all, "roi_percentage", 65.0);
	CHECK_I(all, "longest_winning_streak", 1);
	CHECK_I(all, "longest_losing_streak", 1);
	CHECK_I(all, "max_drawdown", 500);
	CHECK(json_equal(tf(p, "7_days"), all), "7 days still all-time");
	h_free(&r);
	stats_agree();

	/* bets moved back in time leave the windows: B 400 days, C 40, A 10 */
	snprintf(q, sizeof(q),
	    "UPDATE t_demo.bets SET settled_at = settled_at - CASE id "
	    "WHEN '%s' THEN interval '400 days' WHEN '%s' THEN interval '40 days' "
	    "ELSE interval '10 days' END WHERE id IN ('%s', '%s', '%s');"
	    "UPDATE t_demo.profile_windows SET valid_until = now() - interval '1 s' WHERE user_id = '%s';",
	    bet_b, bet_c, bet_a, bet_b, bet_c, id);
	sql(q);
	p = profile(&anon, id, &r);
	m = tf(p, "7_days"); /* D: void */
	CHECK_I(m, "total_bets", 1);
	CHECK_I(m, "void_bets", 1);
	CHECK_I(m, "total_staked", 0);
	m = tf(p, "30_days"); /* A, D */
	CHECK_I(m, "total_bets", 2);
	CHECK_I(m, "total_profit_loss", 1100);
	CHECK_D(m, "roi_percentage", 110.0);
	m = tf(p, "1_year"); /* A, C, D */
	CHECK_I(m, "total_bets", 3);
	CHECK_I(m, "total_profit_loss", 600);
	CHECK_D(m, "roi_percentage", 30.0);
	CHECK_I(m, "longest_losing_streak", 1);
	/* one point per day, in time order: B, C, A, D */
	{
		json_t *cv = json_object_get(p, "equity_curve");
		static const long long want[] = { 2000, 1500, 2600, 2600 };

		CHECK(json_array_size(cv) == 4, "four days on the curve: %zu", json_array_size(cv));
		for (size_t i = 0; i < 4 && i < json_array_size(cv); i++)
			CHECK(json_integer_value(
			          json_object_get(json_array_get(cv, i), "profit")) == want[i],
			    "curve point %zu", i);
	}
	h_free(&r);
	/* the refresh caches the same figures, valid for at most a day */
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo; INSERT INTO jobs (kind, payload) VALUES "
	    "('profile_windows', jsonb_build_object('user_id', '%s'));",
	    id);
	sql(q);
	h_drain("profile_windows");
	snprintf(q, sizeof(q),
	    "SELECT valid_until BETWEEN now() + interval '23 hours' AND "
	    "now() + interval '1 day' FROM t_demo.profile_windows WHERE user_id = '%s';",
	    id);
	CHECK(h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "t") == 0, "valid a day: %s", out);
	p = profile(&anon, id, &r);
	CHECK_I(tf(p, "30_days"), "total_bets", 2);
	CHECK_I(tf(p, "1_year"), "total_profit_loss", 600);
	h_free(&r);

	/* the moved bets may change months; a rebuild takes them as they are now */
	CHECK(stats_cli("rebuild", out, sizeof(out)) == 0, "rebuild: %s", out);
	stats_agree();

	/* a damaged row is found, repaired, and found no more */
	snprintf(q, sizeof(q),
	    "UPDATE t_demo.profile_stats SET won = won + 1 WHERE user_id = '%s';", id);
	sql(q);
	CHECK(stats_cli("check", out, sizeof(out)) == 1 && strstr(out, " 1 differed"),
	    "check finds it: %s", out);
	CHECK(stats_cli("rebuild", out, sizeof(out)) == 0 && strstr(out, " 1 differed (rebuilt)"),
	    "rebuild repairs it: %s", out);
	stats_agree();
	p = profile(&anon, id, &r);
	CHECK_I(tf(p, "all_time"), "winning_bets", 2);
	h_free(&r);

	/* another brand knows nothing of this member */
	{
		struct client acme;

		memset(&acme, 0, sizeof(acme));
		acme.host = "acme.localhost";
		snprintf(q, sizeof(q), "/social/users/%s/profile", id);
		CHECK(h_get(&acme, q, &r) == 404, "other brand: %ld", r.status);
		h_free(&r);
	}
}

ITEST(t_profile_batch, "profiles: one settlement of many members is one batch")
static void
t_profile_batch(void)
{
	enum { N = 40 };
	struct client m[N];
	char ids[N][37], name[40], q[256], out[256];
	struct event e;
	struct resp r;

	CHECK(event(&e) == 0, "event");
	for (int i = 0; i < N; i++) {
		m[i] = h_demo();
		h_unique(name, sizeof(name), "pb");
		CHECK(h_signup(&m[i], name, PW, ids[i]) == 201, "signup %d", i);
		bet(&m[i], i % 2 ? e.home : e.away, 100 + i, i % 2 ? "2.1" : "3.6", NULL);
	}
	result(&e, 1, 0);
	for (int i = 0; i < N; i++) {
		json_t *p = profile(&m[0], ids[i], &r), *all = tf(p, "all_time");

		CHECK_I(all, "total_bets", 1);
		CHECK_I(all, "total_profit_loss", i % 2 ? (100 + i) * 1100 / 1000 : -(100 + i));
		CHECK(json_equal(tf(p, "7_days"), all), "window %d", i);
		h_free(&r);
	}
	snprintf(q, sizeof(q),
	    "SELECT count(*) FROM t_demo.profile_windows w JOIN t_demo.profile_stats s "
	    "USING (user_id) WHERE w.seq = s.seq AND user_id IN (SELECT user_id FROM t_demo.bets "
	    "WHERE event_id = '%s');",
	    e.id);
	CHECK(h_sql(0, out, sizeof(out), q) == 0 && atoi(out) == N, "every window cached: %s", out);
	stats_agree();
}

/* Bets on the imported matches (football-data, NBA, NFL when the real
 * data was imported by the catalogue's test, else the generated fictional
 * league below, which lives with the test, not outside the repository: every
 * `step`-th finished event with a price, one bet each, spread over 25
 * members), written set-based with their stakes taken through the ledger,
 * then settled by `tailgate settle --pending`. The stored figures must
 * agree with a rebuild and with plain SQL sums over the bets. Every 8th
 * event keeps the suite quick; PROFILES_REAL_STEP=1 bets on all of them
 * (about 27,000 events after the suite's imports, two minutes). */
/* The fixture, generated (no data from outside the repository): five
 * seasons of a fictional 20-team league in the football-data.co.uk format,
 * every ordered pair once a season (1,900 finished matches with Pinnacle
 * 1X2 and over/under prices, deterministic), written to $TAILGATE_VAR. */
static void
fictional_league(char *path, size_t n)
{
	FILE *f;
	int k = 0;

	snprintf(path, n, "%s/fictional_league.csv", h_var());
	CHECK((f = fopen(path, "w")) != NULL, "fixture file %s", path);
	if (f == NULL)
		return;
	fputs("Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,PSH,PSD,PSA,PSCH,PSCD,PSCA,P>2.5,P<2.5\n",
	    f);
	for (int season = 0; season < 5; season++)
		for (int h = 0; h < 20; h++)
			for (int a = 0; a < 20; a++) {
				time_t day = (time_t)(1438387200 + season * 365 * 86400 +
				    (k % 380 / 10) * 7 * 86400);
				struct tm tm;
				double ph = 1.5 + (h * 13 + a * 7 + k) % 25 / 10.0;
				double pa = 1.5 + (a * 11 + h * 5 + k) % 25 / 10.0;
				double pd = 3.0 + k % 6 / 10.0;

				if (h == a)
					continue;
				gmtime_r(&day, &tm);
				fprintf(f,
				    "ZF,%02d/%02d/%04d,15:00,Fictional %c%c,Fictional %c%c,%d,%d,"
				    "%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f\n",
				    tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, 'A' + h,
				    'a' + season, 'A' + a, 'a' + season, k * 7 % 4, k * 5 % 3, ph,
				    pd, pa, ph - 0.04, pd + 0.05, pa + 0.04, 1.8 + k % 4 / 10.0,
				    2.0 + k % 3 / 10.0);
				k++;
			}
	fclose(f);
}

ITEST(t_profile_real_data, "profiles: incremental and rebuild agree on the real-data import")
static void
t_profile_real_data(void)
{
	char q[6000], out[1024], tag[24];
	const char *env = getenv("PROFILES_REAL_STEP");
	int step = env != NULL && atoi(env) > 0 ? atoi(env) : 8;

	h_sql(0, out, sizeof(out),
	    "SELECT count(*) FROM t_demo.events WHERE source IN "
	    "('football-data', 'nba', 'nfl') AND status = 'finished';");
	if (atoi(out) < 2000) {
		char path[1024];

		fictional_league(path, sizeof(path));
		CHECK(h_sh(out, sizeof(out),
		          "scripts/stack.sh tailgate import football-data --tenant demo "
		          "'%s' 2>&1",
		          path) == 0,
		    "import: %s", out);
	}
	h_unique(tag, sizeof(tag), "rd");
	snprintf(q, sizeof(q),
	    "SET search_path TO t_demo; BEGIN;"
	    "CREATE TEMP TABLE rd_users ON COMMIT DROP AS SELECT g AS n, gen_random_uuid() AS id, "
	    " '%s_' || g AS username FROM generate_series(0, 24) g;"
	    "INSERT INTO users (id, username, email, password_hash, display_name) "
	    " SELECT id, username, username || '@real.example', 'not-a-password-hash', username FROM rd_users;"
	    "INSERT INTO ledger_accounts (kind, user_id) SELECT k.kind, u.id FROM rd_users u "
	    " CROSS JOIN (VALUES ('user_cash'), ('user_in_play')) AS k (kind);"
	    "INSERT INTO ledger_transactions (kind, idempotency_key, memo) "
	    " SELECT 'top_up', 'rd-credit:' || id, 'Real-data test credit' FROM rd_users;"
	    "INSERT INTO ledger_entries (transaction_id, account_id, amount) SELECT t.id, a.id, x.amount "
	    " FROM rd_users u JOIN ledger_transactions t ON t.idempotency_key = 'rd-credit:' || u.id "
	    " CROSS JOIN LATERAL (VALUES ('user_cash', u.id, 1000000000::bigint), "
	    "  ('bonuses', NULL::uuid, -1000000000::bigint)) AS x (kind, user_id, amount) "
	    " JOIN ledger_accounts a ON a.kind = x.kind AND a.user_id IS NOT DISTINCT FROM x.user_id;"
	    "CREATE TEMP TABLE rd_bets ON COMMIT DROP AS "
	    " SELECT gen_random_uuid() AS id, u.id AS user_id, e.id AS event_id, s.market_id, "
	    "  s.id AS selection_id, c.sport, s.kind, s.line, s.outcome, "
	    "  (100 + (e.k * 37) %% 4900)::bigint AS stake, s.odds, e.starts_at - interval '1 hour' AS placed_at "
	    " FROM (SELECT id, competition_id, starts_at, row_number() OVER (ORDER BY starts_at, id) AS k "
	    "  FROM events WHERE source IN ('football-data', 'nba', 'nfl') AND status = 'finished') e "
	    " JOIN competitions c ON c.id = e.competition_id "
	    " JOIN rd_users u ON u.n = (e.k / %d) %% 25 "
	    " JOIN LATERAL (SELECT s.id, s.market_id, s.outcome, s.odds, m.kind, m.line FROM markets m "
	    "  JOIN selections s ON s.market_id = m.id WHERE m.event_id = e.id AND s.odds IS NOT NULL "
	    "  ORDER BY (s.id * 7 + e.k) %% 5, s.id LIMIT 1) s ON true "
	    " WHERE e.k %% %d = 0;"
	    "INSERT INTO bets (id, user_id, event_id, market_id, selection_id, sport, market_kind, line, "
	    " outcome, stake, odds, potential_payout, source, idempotency_key, placed_at) "
	    " SELECT id, user_id, event_id, market_id, selection_id, sport, kind, line, outcome, stake, "
	    " odds, stake * odds / 1000, 'api', 'rd:' || id, placed_at FROM rd_bets;"
	    "INSERT INTO ledger_transactions (kind, idempotency_key, memo, actor_id) "
	    " SELECT 'bet_stake', 'bet:' || id || ':stake', 'Bet placed', user_id FROM rd_bets;"
	    "INSERT INTO ledger_entries (transaction_id, account_id, amount) SELECT t.id, a.id, x.amount "
	    " FROM rd_bets b JOIN ledger_transactions t ON t.idempotency_key = 'bet:' || b.id || ':stake' "
	    " CROSS JOIN LATERAL (VALUES ('user_cash', -b.stake), ('user_in_play', b.stake)) AS x (kind, amount) "
	    " JOIN ledger_accounts a ON a.kind = x.kind AND a.user_id = b.user_id;"
	    "SELECT count(*) FROM rd_bets;"
	    "COMMIT;",
	    tag, step, step);
	CHECK(h_sql(0, out, sizeof(out), q) == 0 && atoi(out) > 100, "fixture: %s", out);
	CHECK(h_sh(out, sizeof(out),
	          "scripts/stack.sh tailgate settle --tenant demo --pending 2>&1") == 0,
	    "settle: %s", out);
	h_drain("profile_windows");

	/* every member's stored counts and sums equal the bets' */
	snprintf(q, sizeof(q),
	    "SELECT count(*) || ' ' || count(*) FILTER (WHERE s.bets <> b.n "
	    "OR s.profit <> b.p OR s.staked <> b.st OR s.user_id IS NULL) FROM (SELECT b.user_id, count(*) AS n, "
	    "sum(b.payout - b.stake) AS p, coalesce(sum(b.stake) FILTER (WHERE b.status IN "
	    "('won', 'lost', 'half_won', 'half_lost')), 0) AS st FROM t_demo.bets b "
	    "JOIN t_demo.users u ON u.id = b.user_id WHERE u.username LIKE '%s\\_%%' "
	    "AND b.settle_seq IS NOT NULL GROUP BY 1) b LEFT JOIN t_demo.profile_stats s USING (user_id);",
	    tag);
	CHECK(h_sql(0, out, sizeof(out), q) == 0 && strcmp(out, "25 0") == 0,
	    "members and mismatches: %s", out);
	stats_agree();
}

/* ---- leaderboards: rows kept from the profile's figures ---- */

/* entries[] of a top-performers answer, checked to be in `order`; the
 * entry of user_id, or NULL. Every entry has at least min_bets bets. */
static json_t *
board_find(json_t *answer, const char *order, long long min_bets, const char *user_id)
{
	json_t *list = json_object_get(answer, "entries"), *e, *found = NULL;
	double prev = 0;
	size_t i;

	CHECK(json_is_array(list), "entries");
	json_array_foreach(list, i, e)
	{
		double v = strcmp(order, "roi") == 0 ? dval(e, "roi_percentage")
		    : strcmp(order, "profit") == 0   ? (double)ival(e, "total_profit_loss")
		    : strcmp(order, "clv") == 0      ? dval(e, "closing_line_value_percentage")
		                                     : -dval(e, "p_value");

		CHECK(i == 0 || v <= prev + 1e-12, "%s order at entry %zu", order, i);
		CHECK(ival(e, "total_bets") >= min_bets, "entry %zu has %lld bets", i,
		    ival(e, "total_bets"));
		CHECK(ival(e, "rank") == (long long)i + 1, "rank of entry %zu", i);
		prev = v;
		if (strcmp(json_string_value(json_object_get(e, "user_id")), user_id) == 0)
			found = e;
	}
	return found;
}

/* The leaderboard entry shows the profile's own figures for that window. */
static void
board_matches(json_t *entry, json_t *m)
{
	CHECK(entry != NULL, "member on the board");
	if (entry == NULL)
		return;
	CHECK_I(entry, "total_bets", ival(m, "total_bets"));
	CHECK_I(entry, "winning_bets", ival(m, "winning_bets"));
	CHECK_I(entry, "total_profit_loss", ival(m, "total_profit_loss"));
	CHECK_I(entry, "total_staked", ival(m, "total_staked"));
	CHECK_D(entry, "roi_percentage", dval(m, "roi_percentage"));
	CHECK_D(entry, "average_odds", dval(m, "average_odds"));
	CHECK_D(entry, "closing_line_value_percentage", dval(m, "closing_line_value_percentage"));
	CHECK(json_object_get(entry, "closing_line_value") == NULL, "no old closing_line_value");
	CHECK_D(entry, "winning_percentage", dval(m, "winning_percentage"));
}

ITEST(t_leaderboards, "profiles: leaderboards from the kept rows, orders, filters, trending")
static void
t_leaderboards(void)
{
	struct client a = h_demo(), b = h_demo(), anon = h_demo();
	struct event e1, e2;
	struct resp r;
	char ida[37], idb[37], na[40], nb[40], q[1024], out[256];
	json_t *p, *e;
	static const char *const bad[] = {
		"?timeframe=forever",
		"?min_bets=0",
		"?min_bets=x",
		"?sport=Foot%20ball",
		"?limit=101",
		"?order=luck",
		"?order=significance&sport=football",
	};

	h_unique(na, sizeof(na), "lba");
	h_unique(nb, sizeof(nb), "lbb");
	CHECK(h_signup(&a, na, PW, ida) == 201 && h_signup(&b, nb, PW, idb) == 201, "signups");
	CHECK(event(&e1) == 0 && event(&e2) == 0, "events");
	snprintf(q, sizeof(q),
	    "SET ROLE t_demo; UPDATE selections SET fair_closing_odds = 2000 "
	    "WHERE id = %ld;",
	    e1.home);
	sql(q);
	/* a: 10 bets over two events; b: 2 long shots that win */
	bet(&a, e1.home, 1000, "2.1", NULL);
	bet(&a, e1.draw, 1000, "3.4", NULL);
	bet(&a, e1.away, 500, "3.6", NULL);
	bet(&a, e1.ah_home, 1000, "1.95", NULL);
	bet(&a, e1.ah_away, 1000, "1.9", NULL);
	bet(&a, e1.over, 2000, "2.0", NULL);
	bet(&a, e1.under, 2000, "1.85", NULL);
	bet(&a, e2.home, 1000, "2.1", NULL);
	bet(&a, e2.over, 1000, "2.0", NULL);
	bet(&a, e2.under, 1000, "1.85", NULL);
	bet(&b, e1.away, 1000, "3.6", NULL);
	bet(&b, e2.away, 1000, "3.6", NULL);
	result(&e1, 0, 2);
	result(&e2, 1, 3);

	/* every timeframe's row is the profile's own figures */
	p = profile(&anon, ida, &r);
	{
		static const char *const tfs[] = { "7_days", "30_days", "1_year", "all_time" };

		for (size_t i = 0; i < 4; i++) {
			struct resp rb;
			json_t *fb;

			snprintf(q, sizeof(q),
			    "/social/leaderboards/top-performers?timeframe=%s&min_bets=10", tfs[i]);
			CHECK(h_get(&anon, q, &rb) == 200 && rb.json != NULL, "%s board (%ld)",
			    tfs[i], rb.status);
			board_matches(board_find(rb.json, "roi", 10, ida), tf(p, tfs[i]));
			h_free(&rb);
			/* one sport: its bucket of the profile */
			snprintf(q, sizeof(q),
			    "/social/leaderboards/top-performers?timeframe=%s"
			    "&sport=football&min_bets=10",
			    tfs[i]);
			CHECK(h_get(&anon, q, &rb) == 200 && rb.json != NULL, "football board");
			fb = json_object_get(
			    json_object_get(tf(p, tfs[i]), "sport_performance"), "football");
			e = board_find(rb.json, "roi", 10, ida);
			CHECK(e != NULL && fb != NULL, "a on the football board");
			if (e != NULL && fb != NULL) {
				CHECK_I(e, "total_bets", ival(fb, "bets"));
				CHECK_I(e, "total_profit_loss", ival(fb, "total_profit_loss"));
				CHECK_D(e, "average_odds", dval(fb, "average_odds"));
				CHECK_D(e, "closing_line_value_percentage",
				    dval(fb, "closing_line_value_percentage"));
				CHECK(json_is_null(json_object_get(e, "p_value")),
				    "no p-value per sport");
			}
			h_free(&rb);
		}
	}
	CHECK_D(
	    tf(p, "all_time"), "closing_line_value_percentage", 5.0); /* 2.1 against a fair 2.0 */
	h_free(&r);

	/* b has 2 bets: below a minimum of 10, on the board at 1 */
	CHECK(h_get(&anon, "/social/leaderboards/top-performers?timeframe=all_time&min_bets=10",
	          &r) == 200,
	    "board");
	CHECK(board_find(r.json, "roi", 10, idb) == NULL, "b below the minimum");
	h_free(&r);
	CHECK(h_get(&anon,
	          "/social/leaderboards/top-performers?timeframe=all_time&min_bets=1&limit=100",
	          &r) == 200,
	    "board at 1");
	e = board_find(r.json, "roi", 1, idb);
	CHECK(e != NULL, "b at a minimum of 1 (+260 %% ROI)");
	if (e != NULL) {
		CHECK_I(e, "total_bets", 2);
		CHECK_I(e, "total_profit_loss", 5200);
		CHECK_D(e, "roi_percentage", 260.0);
		CHECK(strcmp(json_string_value(json_object_get(e, "tier")), "bronze") == 0, "tier");
	}
	h_free(&r);

	/* every ordering is in order */
	{
		static const char *const orders[] = { "roi", "profit", "clv", "significance" };

		for (size_t i = 0; i < 4; i++) {
			snprintf(q, sizeof(q),
			    "/social/leaderboards/top-performers?timeframe=all_time"
			    "&min_bets=1&order=%s",
			    orders[i]);
			CHECK(h_get(&anon, q, &r) == 200 && r.json != NULL, "order %s", orders[i]);
			board_find(r.json, orders[i], 1, ida);
			h_free(&r);
		}
	}

	/* bad input: a clear 422, for the page too */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(q, sizeof(q), "/social/leaderboards/top-performers%s", bad[i]);
		CHECK(h_get(&anon, q, &r) == 422 && r.json != NULL, "%s: %ld", bad[i], r.status);
		h_free(&r);
		snprintf(q, sizeof(q), "/leaderboards%s", bad[i]);
		CHECK(h_get(&anon, q, &r) == 422, "page %s: %ld", bad[i], r.status);
		h_free(&r);
	}
	CHECK(h_get(&anon, "/social/leaderboards/trending?timeframe=1_year", &r) == 422,
	    "trending over a year");
	h_free(&r);

	/* the page: names escaped, figures shown */
	snprintf(q, sizeof(q),
	    "UPDATE t_demo.users SET display_name = 'A <script>x</script>' "
	    "WHERE id = '%s';",
	    ida);
	sql(q);
	CHECK(h_get(&anon, "/leaderboards?timeframe=all_time&min_bets=10&sport=football", &r) ==
	            200 &&
	        h_contains(&r, "A &lt;script&gt;x&lt;/script&gt;") &&
	        !h_contains(&r, "<script>x") && h_contains(&r, na),
	    "page (%ld)", r.status);
	h_free(&r);

	/* trending: the follow b just made */
	snprintf(q, sizeof(q), "/social/users/%s/follow", ida);
	CHECK(h_json(&b, "POST", q, "{}", &r) == 201, "follow (%ld)", r.status);
	h_free(&r);
	/* the worker's next ranking, brought forward */
	sql("SET ROLE t_demo; INSERT INTO jobs (kind, payload) VALUES ('trending_refresh', '{}');");
	h_drain("trending_refresh");
	CHECK(h_get(&anon, "/social/leaderboards/trending?timeframe=7_days", &r) == 200 && r.json,
	    "trending");
	{
		json_t *list = json_object_get(r.json, "users"), *u;
		size_t i;
		int seen = 0;

		json_array_foreach(list, i,
		    u) if (strcmp(json_string_value(json_object_get(u, "user_id")), ida) == 0)
		{
			seen = 1;
			CHECK(ival(u, "followers_gained") == 1 && ival(u, "followers_count") == 1 &&
			        ival(u, "engagement") == 0 && ival(u, "trend_score") == 3,
			    "a gained a follower: 3 points");
		}
		CHECK(seen, "a is trending: %s", r.body ? r.body : "");
	}
	h_free(&r);

	/* a suspended member leaves the boards */
	snprintf(
	    q, sizeof(q), "UPDATE t_demo.users SET status = 'suspended' WHERE id = '%s';", ida);
	sql(q);
	CHECK(h_get(&anon, "/social/leaderboards/top-performers?timeframe=all_time&min_bets=10",
	          &r) == 200,
	    "board");
	CHECK(board_find(r.json, "roi", 10, ida) == NULL, "suspended member hidden");
	h_free(&r);
	snprintf(q, sizeof(q), "UPDATE t_demo.users SET status = 'active' WHERE id = '%s';", ida);
	sql(q);
	stats_agree();
	CHECK(
	    h_sql(0, out, sizeof(out),
	        "SELECT count(*) FROM t_demo.leaderboard_entries l "
	        "LEFT JOIN t_demo.profile_stats s USING (user_id) WHERE s.user_id IS NULL;") == 0 &&
	        strcmp(out, "0") == 0,
	    "no row without figures: %s", out);
}
