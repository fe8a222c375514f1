/*
 * Integration tests for "a member's record is their own picks"
 * (docs/metrics.md, "Own bets only"): a follower who copies a winning trader
 * keeps a record of their own bets only (profile figures, curve, latest
 * bets, leaderboard rows, the stored row a rebuild checks), their copies are
 * shown apart in the profile's Copying section (copy P&L by trader), and
 * every copy is marked "copied from @trader" in My bets, the wallet and bet
 * posts, over HTML and JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/*
 * The scene: trader t (ten settled bets of 1.00 at 2.10, all won: copyable),
 * follower f copying t at a fixed 10.00. On event g, f bets 10.00 on the
 * away side at 3.60 (their own pick, lost) and t backs the home side three
 * times (10.00 each, at 2.10); the three copies win 11.00 each. f's own
 * record: one bet, -10.00. f's copies: 3, staked 30.00, P&L +33.00.
 */
struct scene {
	struct h_member t, f;
	char own[37], orig[3][37];
};

static void
scene(struct scene *s)
{
	struct h_event hist, g;
	struct resp r;
	char body[256];

	h_member_new(&s->t, "rt");
	h_member_new(&s->f, "rf");
	CHECK(h_event_new(&hist, 86400) == 0 && h_event_new(&g, 86400) == 0, "fixtures");
	for (int k = 0; k < 10; k++)
		h_bet(&s->t, hist.home, 100, "2.1", NULL);
	h_event_result(&hist, 1, 0);
	snprintf(body, sizeof(body),
	    "{\"trader_id\": \"%s\", \"settings\": "
	    "{\"copy_mode\": \"fixed_amount\", \"fixed_amount\": 10}}",
	    s->t.id);
	CHECK(h_json(&s->f.c, "POST", "/social/copy-trading/relationships", body, &r) == 201,
	    "f copies t (%s)", r.body);
	h_free(&r);
	h_bet(&s->f, g.away, 1000, "3.6", s->own);
	for (int k = 0; k < 3; k++)
		h_bet(&s->t, g.home, 1000, "2.1", s->orig[k]);
	h_drain("copy");
	CHECK(
	    h_sql_num(
	        "SELECT count(*) FROM t_demo.bets WHERE user_id = '%s' AND copied_from IS NOT NULL "
	        "AND stake = 1000;",
	        s->f.id) == 3,
	    "three copies of 10.00 placed");
	h_event_result(&g, 1, 0);
	h_drain("profile_windows");
}

/* GET /social/users/{id}/profile; the JSON (a failed check unless 200). */
static json_t *
profile(struct client *c, const char *id, struct resp *r)
{
	char path[160];

	snprintf(path, sizeof(path), "/social/users/%s/profile", id);
	CHECK(h_get(c, path, r) == 200 && r->json, "profile JSON of %s (%ld)", id, r->status);
	return r->json;
}

/* ---- the record ---- */

ITEST(t_record_own_bets,
    "record: a copier's figures, curve, latest bets and leaderboard rows "
    "leave out the copies")
static void
t_record_own_bets(void)
{
	struct scene s;
	struct client anon = h_demo();
	struct resp r;
	json_t *all, *curve;
	char path[160], out[2048];

	scene(&s);
	/* the stored row the settlement keeps, and the trader's own */
	CHECK(h_sql_num("SELECT bets FROM t_demo.profile_stats WHERE user_id = '%s';", s.f.id) == 1,
	    "f's stored record holds one bet");
	CHECK(h_sql_num("SELECT profit FROM t_demo.profile_stats WHERE user_id = '%s';", s.f.id) ==
	        -1000,
	    "f's stored profit is -10.00");
	CHECK(
	    h_sql_num("SELECT bets FROM t_demo.profile_stats WHERE user_id = '%s';", s.t.id) == 13,
	    "t's record holds all 13 of t's bets");

	profile(&anon, s.f.id, &r);
	all = json_object_get(json_object_get(r.json, "performance"), "all_time");
	CHECK(h_jint(r.json, "total_bets") == 1 && h_jint(r.json, "total_profit_loss") == -1000,
	    "profile: one bet, -10.00 (%s)", r.body);
	CHECK(h_jint(all, "total_bets") == 1 && h_jint(all, "winning_bets") == 0 &&
	        h_jint(all, "total_staked") == 1000,
	    "all time: own bet only");
	CHECK(h_jint(json_object_get(json_object_get(r.json, "performance"), "7_days"),
	          "total_bets") == 1,
	    "7 days: own bet only");
	curve = json_object_get(r.json, "equity_curve");
	CHECK(json_array_size(curve) == 1 && h_jint(json_array_get(curve, 0), "profit") == -1000,
	    "curve ends at -10.00");
	h_free(&r);

	/* the page: figures and the latest bets are the own ones */
	snprintf(path, sizeof(path), "/u/%s", s.f.name);
	CHECK(h_get(&anon, path, &r) == 200, "profile page (%ld)", r.status);
	CHECK(h_contains(&r, "Verified performance"), "the record is there");
	CHECK(!h_contains(&r, "+11.00") && !h_contains(&r, "11.00</td>"),
	    "no copy's win among the latest bets");
	h_free(&r);

	/* leaderboard rows: one bet, -10.00, in every timeframe; none beside t's 13 */
	CHECK(
	    h_sql_num(
	        "SELECT count(*) FROM t_demo.leaderboard_entries WHERE user_id = '%s' AND sport = '';",
	        s.f.id) == 4,
	    "f has a row per timeframe");
	CHECK(h_sql_num("SELECT count(*) FROM t_demo.leaderboard_entries WHERE user_id = '%s' AND "
	                "(total_bets <> 1 OR total_profit_loss <> -1000) AND sport = '';",
	          s.f.id) == 0,
	    "f's rows count the own bet only");
	snprintf(path, sizeof(path),
	    "/social/leaderboards/top-performers?timeframe=30_days&min_bets=3"
	    "&order=profit&limit=100");
	CHECK(h_get(&anon, path, &r) == 200, "leaderboard (%ld)", r.status);
	CHECK(!h_contains(&r, s.f.id), "f is not ranked with copies");
	h_free(&r);

	/* the stored figures equal a rebuild from own bets */
	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate stats check --tenant demo") == 0,
	    "stats check: %s", out);
}

ITEST(t_record_copying, "record: the profile's Copying section shows copy P&L by trader")
static void
t_record_copying(void)
{
	struct scene s;
	struct client anon = h_demo();
	struct resp r;
	json_t *c, *row;
	char path[160], link[128];

	scene(&s);
	c = json_object_get(profile(&anon, s.f.id, &r), "copying");
	CHECK(json_is_object(c), "a copying object (%s)", r.body);
	CHECK(h_jint(c, "copies") == 3 && h_jint(c, "staked") == 3000 &&
	        h_jint(c, "total_profit_loss") == 3300 &&
	        json_real_value(json_object_get(c, "roi_percentage")) == 110.0,
	    "copying totals: 3 copies, 30.00 staked, +33.00, 110 %% (%s)", r.body);
	row = json_array_get(json_object_get(c, "traders"), 0);
	CHECK(json_array_size(json_object_get(c, "traders")) == 1 &&
	        strcmp(h_jstr(json_object_get(row, "trader"), "user_id"), s.t.id) == 0 &&
	        strcmp(h_jstr(json_object_get(row, "trader"), "username"), s.t.name) == 0 &&
	        h_jint(row, "copies") == 3 && h_jint(row, "open_copies") == 0 &&
	        h_jint(row, "staked") == 3000 && h_jint(row, "total_profit_loss") == 3300,
	    "one trader row");
	h_free(&r);

	/* the trader copies nobody: an empty section */
	c = json_object_get(profile(&anon, s.t.id, &r), "copying");
	CHECK(h_jint(c, "copies") == 0 && json_array_size(json_object_get(c, "traders")) == 0,
	    "the trader copies nobody (%s)", r.body);
	h_free(&r);

	snprintf(path, sizeof(path), "/u/%s", s.f.name);
	CHECK(h_get(&anon, path, &r) == 200, "profile page (%ld)", r.status);
	snprintf(link, sizeof(link), "href=\"/u/%s\"", s.t.name);
	CHECK(h_contains(&r, "id=\"copying\"") && h_contains(&r, link) && h_contains(&r, "33.00") &&
	        h_contains(&r, "30.00") && h_contains(&r, "+110.00"),
	    "the Copying section: trader, staked, P&L, ROI");
	h_free(&r);
}

/* ---- the markings ---- */

static json_t *
find_bet(json_t *list, const char *id)
{
	size_t i;
	json_t *b;

	json_array_foreach(list, i, b) if (strcmp(h_jstr(b, "bet_id"), id) == 0) return b;
	return NULL;
}

ITEST(t_record_marked,
    "record: copies are marked copied from @trader in My bets, the wallet "
    "and bet posts")
static void
t_record_marked(void)
{
	struct scene s;
	struct resp r;
	json_t *b, *cf, *e;
	char path[160], link[128], copy[37], post[37] = "", body[512];
	size_t i;
	int marked = 0, unmarked = 0;

	scene(&s);
	snprintf(link, sizeof(link), "href=\"/u/%s\"", s.t.name);
	CHECK(h_get(&s.f.c, "/social/bets?status=all", &r) == 200 && r.json, "GET /social/bets");
	b = find_bet(json_object_get(r.json, "bets"), s.own);
	CHECK(b && json_is_null(json_object_get(b, "copied_from")), "own bet: copied_from null");
	copy[0] = '\0';
	json_array_foreach(json_object_get(r.json, "bets"), i, b)
	{
		cf = json_object_get(b, "copied_from");
		if (json_is_object(cf)) {
			CHECK(strcmp(h_jstr(cf, "user_id"), s.t.id) == 0 &&
			        strcmp(h_jstr(cf, "username"), s.t.name) == 0 &&
			        h_jstr(cf, "bet_id")[0],
			    "copied_from names the trader (%s)", json_dumps(cf, 0));
			snprintf(copy, sizeof(copy), "%s", h_jstr(b, "bet_id"));
			marked++;
		}
	}
	CHECK(marked == 3, "three copies marked (%d)", marked);
	h_free(&r);

	CHECK(h_get(&s.f.c, "/bets?status=all", &r) == 200, "My bets page");
	CHECK(h_contains(&r, "copied from") && h_contains(&r, link), "My bets: copied from @%s",
	    s.t.name);
	h_free(&r);

	/* the wallet: the copies' stakes and returns */
	CHECK(h_get(&s.f.c, "/social/wallet", &r) == 200 && r.json, "GET /social/wallet");
	marked = unmarked = 0;
	json_array_foreach(json_object_get(r.json, "entries"), i, e)
	{
		cf = json_object_get(e, "copied_from");
		if (json_is_object(cf) && strcmp(h_jstr(cf, "username"), s.t.name) == 0 &&
		    strcmp(h_jstr(cf, "user_id"), s.t.id) == 0)
			marked++;
		else if (json_is_null(cf))
			unmarked++;
	}
	/* each copy: a stake (cash, in play) and a settlement (in play, cash) */
	CHECK(marked == 12, "twelve wallet entries of copies marked (%d; %s)", marked, r.body);
	/* the welcome credit, the own bet's stake (2) and its loss (1) */
	CHECK(unmarked == 4, "the welcome credit and the own bet's entries are not (%d)", unmarked);
	h_free(&r);
	CHECK(h_get(&s.f.c, "/wallet", &r) == 200, "wallet page");
	CHECK(h_contains(&r, "copied from") && h_contains(&r, link), "wallet: copied from @%s",
	    s.t.name);
	h_free(&r);

	/* a post about a copy says whose pick it was */
	snprintf(body, sizeof(body),
	    "{\"post_type\": \"bet_post\", \"bet_id\": \"%s\", "
	    "\"content\": \"Tailing a winner\"}",
	    copy);
	CHECK(h_json(&s.f.c, "POST", "/social/posts", body, &r) == 201 && r.json,
	    "bet post about a copy (%s)", r.body);
	if (r.json)
		snprintf(
		    post, sizeof(post), "%s", h_jstr(json_object_get(r.json, "post"), "post_id"));
	cf = json_object_get(
	    json_object_get(json_object_get(r.json, "post"), "bet_summary"), "copied_from");
	CHECK(json_is_object(cf) && strcmp(h_jstr(cf, "username"), s.t.name) == 0 &&
	        strcmp(h_jstr(cf, "user_id"), s.t.id) == 0,
	    "the post's bet: copied_from (%s)", r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/posts/%s", post);
	CHECK(h_get(&s.f.c, path, &r) == 200, "post page (%ld)", r.status);
	CHECK(h_contains(&r, "copied from") && h_contains(&r, link), "post: copied from @%s",
	    s.t.name);
	h_free(&r);

	/* a post about an own bet is not marked */
	snprintf(body, sizeof(body),
	    "{\"post_type\": \"bet_post\", \"bet_id\": \"%s\", "
	    "\"content\": \"My own away pick\"}",
	    s.own);
	CHECK(h_json(&s.f.c, "POST", "/social/posts", body, &r) == 201 && r.json, "own bet post");
	CHECK(json_is_null(json_object_get(
	          json_object_get(json_object_get(r.json, "post"), "bet_summary"), "copied_from")),
	    "own bet: not marked (%s)", r.body);
	h_free(&r);
}

/* ---- the rebuild the migration asks for ---- */

ITEST(t_record_rebuild, "record: the stats_rebuild job puts back figures that counted copies")
static void
t_record_rebuild(void)
{
	struct scene s;
	char out[512], sql[512];

	scene(&s);
	/* as settlement stored them before copies were left out: the copies folded in */
	snprintf(sql, sizeof(sql),
	    "UPDATE t_demo.profile_stats SET bets = bets + 3, won = won + 3, "
	    "profit = profit + 3300, staked = staked + 3000 WHERE user_id = '%s';",
	    s.f.id);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "figures spoiled: %s", out);
	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate stats check --tenant demo") != 0,
	    "stats check sees the difference");
	CHECK(h_sql(0, out, sizeof(out),
	          "INSERT INTO t_demo.jobs (kind, payload, dedup_key) VALUES "
	          "('stats_rebuild', '{}', 'stats_rebuild') ON CONFLICT DO NOTHING;") == 0,
	    "queued: %s", out);
	h_drain("stats_rebuild");
	h_drain("profile_windows");
	CHECK(h_sql_num(
	          "SELECT bets * 100000 + profit FROM t_demo.profile_stats WHERE user_id = '%s';",
	          s.f.id) == 100000 - 1000,
	    "rebuilt: one bet, -10.00");
	CHECK(h_sql_num("SELECT count(*) FROM t_demo.leaderboard_entries WHERE user_id = '%s' AND "
	                "total_bets <> 1;",
	          s.f.id) == 0,
	    "leaderboard rows rebuilt");
	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate stats check --tenant demo") == 0,
	    "stats check: %s", out);
}
