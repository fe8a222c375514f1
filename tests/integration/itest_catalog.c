/*
 * Integration tests for the catalogue's web side: the operator feed (events,
 * odds, results) from creation through kick-off closing to settlement, the
 * events board and event page, the JSON reads, and bad input refused without
 * a trace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define PW "Correct-Horse-Battery-9"
#define ADMIN_PW "tailgate-demo-2026"

static void
admin(struct client *c)
{
	*c = h_demo();
	CHECK(h_login(c, "demo_admin", ADMIN_PW) == 200, "admin login");
}

/* RFC 3339 UTC time `secs` from now. */
static void
at(char *out, size_t n, long secs)
{
	time_t t = time(NULL) + secs;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* POSTs body (stolen) as JSON. */
static int
post(struct client *c, const char *path, json_t *body, struct resp *r)
{
	char *s = json_dumps(body, JSON_COMPACT);
	int st = h_json(c, "POST", path, s, r);

	free(s);
	json_decref(body);
	return st;
}

/* A feed event: 1X2 (2.10 3.40 3.60), handicap -0.25, total 2.5. */
static json_t *
event_body(const char *ext, const char *prefix, const char *starts)
{
	char home[80], away[80], code[40];

	/* markup and quotes in names: pages must escape them */
	snprintf(home, sizeof(home), "%s <b>Rovers</b> & \"Co\"", prefix);
	snprintf(away, sizeof(away), "%s Town", prefix);
	snprintf(code, sizeof(code), "%s-L", prefix);
	return json_pack(
	    "{s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:[{s:s, s:[{s:s, s:f}, "
	    "{s:s, s:s}, {s:s, s:f}]}, {s:s, s:f, s:[{s:s, s:f}, {s:s, s:f}]}, {s:s, s:s, "
	    "s:[{s:s, s:f}, {s:s, s:f}]}]}",
	    "external_id", ext, "sport", "football", "competition", "code", code, "name",
	    "Feed Test League", "country", "Testland", "home_team", home, "away_team", away,
	    "starts_at", starts, "markets", "kind", "1x2", "selections", "outcome", "home", "odds",
	    2.1, "outcome", "draw", "odds", "3.40", "outcome", "away", "odds", 3.6, "kind",
	    "handicap", "line", -0.25, "selections", "outcome", "home", "odds", 1.95, "outcome",
	    "away", "odds", 1.9, "kind", "total", "line", "2.5", "selections", "outcome", "over",
	    "odds", 2.0, "outcome", "under", "odds", 1.85);
}

/* Everything the feed may have written for events whose key starts with
 * prefix, as one digest: a request that "changes nothing" leaves it alone. */
static void
digest(const char *prefix, char *out, size_t n)
{
	char sql[2048];

	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; WITH e AS (SELECT * FROM events WHERE source = 'feed' AND "
	    "source_key LIKE '%s%%') SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM ("
	    "SELECT e::text x FROM e UNION ALL "
	    "SELECT m::text FROM markets m JOIN e ON e.id = m.event_id UNION ALL "
	    "SELECT s::text FROM selections s JOIN markets m ON m.id = s.market_id JOIN e ON "
	    "e.id = m.event_id UNION ALL "
	    "SELECT p::text FROM prices p JOIN selections s ON s.id = p.selection_id JOIN markets m "
	    "ON m.id = s.market_id JOIN e ON e.id = m.event_id UNION ALL "
	    "SELECT t::text FROM teams t WHERE t.name LIKE '%s%%' UNION ALL "
	    "SELECT c::text FROM competitions c WHERE c.code LIKE '%s%%' UNION ALL "
	    "SELECT j.id || j.kind FROM jobs j JOIN e ON j.payload->>'event_id' = e.id::text) t;",
	    prefix, prefix, prefix);
	CHECK(h_sql(0, out, n, sql) == 0, "digest: %s", out);
}

static const char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* The selection of a market kind/outcome in an event object. */
static json_t *
selection(json_t *ev, const char *kind, const char *outcome)
{
	size_t i, k;
	json_t *m, *s;

	json_array_foreach(
	    json_object_get(ev, "markets"), i, m) if (strcmp(jstr(m, "kind"), kind) == 0)
	    json_array_foreach(json_object_get(m, "selections"), k,
	        s) if (strcmp(jstr(s, "outcome"), outcome) == 0) return s;
	return NULL;
}

static long long
selection_id(json_t *ev, const char *kind, const char *outcome)
{
	return json_integer_value(json_object_get(selection(ev, kind, outcome), "selection_id"));
}

static int
near(json_t *v, double want)
{
	double d = json_number_value(v) - want;

	return json_is_number(v) && d < 1e-9 && d > -1e-9;
}

static void
sql_get(char *out, size_t n, const char *fmt, const char *arg)
{
	char sql[2048];

	snprintf(sql, sizeof(sql), fmt, arg, arg);
	if (h_sql(0, out, n, sql) != 0)
		CHECK(0, "%s: %s", sql, out);
}

/* Whether a condition in SQL holds (the query yields "t"); for H_UNTIL. The
 * stack's own worker runs the jobs awaited (kick-off, settlement). */
static int
holds(const char *fmt, const char *arg)
{
	char out[256];

	sql_get(out, sizeof(out), fmt, arg);
	return strcmp(out, "t") == 0;
}

ITEST(t_feed_lifecycle, "catalog: feed create, odds, kick-off closing, results, settlement")
static void
t_feed_lifecycle(void)
{
	struct client a, u = h_demo();
	char prefix[32], ext[64], ext2[64], when[40], before[64], after[64], out[512], path[256];
	char uid[37], ev2[37] = "";
	json_t *ev;
	struct resp r;
	long long home, over, home2;

	admin(&a);
	h_unique(prefix, sizeof(prefix), "F");
	snprintf(ext, sizeof(ext), "%s-1", prefix);
	at(when, sizeof(when), 86400);

	/* create, then the same body again: 201, then 200 and nothing changes */
	CHECK(post(&a, "/admin/api/events", event_body(ext, prefix, when), &r) == 201,
	    "created (%ld %s)", r.status, r.body);
	ev = json_incref(json_object_get(r.json, "event"));
	CHECK(json_is_true(json_object_get(r.json, "created")) && ev != NULL &&
	        strcmp(jstr(ev, "status"), "scheduled") == 0 &&
	        json_array_size(json_object_get(ev, "markets")) == 3 &&
	        near(json_object_get(selection(ev, "1x2", "draw"), "odds"), 3.4) &&
	        near(json_object_get(selection(ev, "1x2", "home"), "opening_odds"), 2.1) &&
	        json_is_null(json_object_get(selection(ev, "1x2", "home"), "closing_odds")),
	    "event shape: %s", r.body);
	h_free(&r);
	home = selection_id(ev, "1x2", "home");
	over = selection_id(ev, "total", "over");
	{
		size_t i;
		json_t *m;

		json_array_foreach(json_object_get(ev, "markets"), i, m)
		{
			if (strcmp(jstr(m, "kind"), "handicap") == 0)
				CHECK(near(json_object_get(m, "line"), -0.25), "handicap line");
			if (strcmp(jstr(m, "kind"), "1x2") == 0)
				CHECK(json_is_null(json_object_get(m, "line")), "1x2 has no line");
		}
	}
	snprintf(out, sizeof(out),
	    "SELECT count(*) || ' ' || min(dedup_key) FROM t_demo.jobs WHERE "
	    "kind = 'kickoff' AND state = 'queued' AND payload->>'event_id' = '%s';",
	    jstr(ev, "event_id"));
	{
		char q[512];

		snprintf(q, sizeof(q), "%s", out);
		CHECK(h_sql(0, out, sizeof(out), q) == 0 && strncmp(out, "1 kickoff:", 10) == 0,
		    "kick-off queued: %s", out);
	}
	digest(prefix, before, sizeof(before));
	CHECK(post(&a, "/admin/api/events", event_body(ext, prefix, when), &r) == 200 && r.json &&
	        json_is_false(json_object_get(r.json, "created")) &&
	        json_is_false(json_object_get(r.json, "changed")),
	    "same body: 200, unchanged (%ld %s)", r.status, r.body);
	h_free(&r);
	digest(prefix, after, sizeof(after));
	CHECK(strcmp(before, after) == 0, "the same body twice changes nothing");

	/* odds: a change is recorded once; suspension and reopening */
	snprintf(out, sizeof(out),
	    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.25}, "
	    "{\"external_id\": \"%s\", \"kind\": \"total\", \"line\": 2.5, \"outcome\": \"over\", "
	    "\"odds\": \"1.95\"}, {\"external_id\": \"%s\", \"kind\": \"handicap\", \"line\": -0.25, "
	    "\"status\": \"suspended\"}]}",
	    home, ext, ext);
	CHECK(h_json(&a, "POST", "/admin/api/odds", out, &r) == 200 && r.json &&
	        json_integer_value(json_object_get(r.json, "prices_changed")) == 2 &&
	        json_integer_value(json_object_get(r.json, "markets_changed")) == 1,
	    "odds updated (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(h_json(&a, "POST", "/admin/api/odds", out, &r) == 200 && r.json &&
	        json_integer_value(json_object_get(r.json, "prices_changed")) == 0 &&
	        json_integer_value(json_object_get(r.json, "markets_changed")) == 0,
	    "the same update again changes nothing (%ld %s)", r.status, r.body);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/events/%s", jstr(ev, "event_id"));
	CHECK(h_get(NULL, path, &r) == 200 && r.json, "event JSON (%ld)", r.status);
	{
		json_t *e = json_object_get(r.json, "event"), *s = selection(e, "1x2", "home");
		json_t *hist = json_object_get(s, "price_history"),
		       *o = selection(e, "total", "over");
		size_t i;
		json_t *m;

		CHECK(json_array_size(hist) == 2 &&
		        strcmp(jstr(json_array_get(hist, 0), "phase"), "open") == 0 &&
		        strcmp(jstr(json_array_get(hist, 1), "phase"), "update") == 0 &&
		        near(json_object_get(json_array_get(hist, 1), "odds"), 2.25) &&
		        strcmp(jstr(json_array_get(hist, 1), "bookmaker"), "feed") == 0 &&
		        near(json_object_get(s, "odds"), 2.25) &&
		        near(json_object_get(s, "opening_odds"), 2.1),
		    "price history grew: %s", r.body);
		CHECK(near(json_object_get(o, "odds"), 1.95) &&
		        (long long)json_integer_value(json_object_get(o, "selection_id")) == over,
		    "total over moved");
		json_array_foreach(json_object_get(e, "markets"), i,
		    m) if (strcmp(jstr(m, "kind"), "handicap") == 0)
		    CHECK(strcmp(jstr(m, "status"), "suspended") == 0, "handicap suspended");
	}
	h_free(&r);
	snprintf(out, sizeof(out),
	    "{\"updates\": [{\"external_id\": \"%s\", \"kind\": \"handicap\", "
	    "\"line\": \"-0.25\", \"status\": \"open\"}]}",
	    ext);
	CHECK(h_json(&a, "POST", "/admin/api/odds", out, &r) == 200 && r.json &&
	        json_integer_value(json_object_get(r.json, "markets_changed")) == 1,
	    "reopened (%ld %s)", r.status, r.body);
	h_free(&r);

	/* pages: the board and the event page, names escaped, slip only for members */
	snprintf(path, sizeof(path), "/events?sport=football&competition=%lld",
	    (long long)json_integer_value(
	        json_object_get(json_object_get(ev, "competition"), "id")));
	CHECK(h_get(NULL, path, &r) == 200 && h_contains(&r, "Feed Test League") &&
	        h_contains(&r, "&lt;b&gt;Rovers&lt;/b&gt; &amp; &quot;Co&quot;") &&
	        !h_contains(&r, "<b>Rovers</b>") && h_contains(&r, "2.25"),
	    "board (%ld)", r.status);
	snprintf(out, sizeof(out), "?selection=%lld#slip-%lld", home, home);
	CHECK(h_contains(&r, out), "board prices link to the slip");
	h_free(&r);
	snprintf(path, sizeof(path), "/events/%s", jstr(ev, "event_id"));
	CHECK(h_get(NULL, path, &r) == 200 && h_contains(&r, "&lt;b&gt;Rovers") &&
	        h_contains(&r, "Handicap -0.25") && h_contains(&r, "Total 2.5") &&
	        h_contains(&r, "<svg class=\"spark") && h_contains(&r, "Sign in</a>") &&
	        !h_contains(&r, "action=\"/bets\""),
	    "event page, signed out (%ld)", r.status);
	h_free(&r);
	CHECK(h_signup(&u, prefix, PW, uid) == 201, "member");
	snprintf(path, sizeof(path), "/events/%s?selection=%lld", jstr(ev, "event_id"), home);
	CHECK(h_get(&u, path, &r) == 200 && h_contains(&r, "action=\"/bets\"") &&
	        h_contains(&r, "name=\"odds\" value=\"2.25\"") && h_contains(&r, "Play money") &&
	        h_contains(&r, "name=\"accept_odds_change\" value=\"any\""),
	    "slip for a member");
	snprintf(out, sizeof(out), "id=\"slip-%lld\" open", home);
	CHECK(h_contains(&r, out), "the chosen selection's slip is open");
	h_free(&r);

	/* kick-off: an event closes with its last prices. It starts in an hour,
	 * so the bet below is in time however slow the machine; then its start
	 * and its kick-off job are brought forward through the database. */
	snprintf(ext2, sizeof(ext2), "%s-2", prefix);
	at(when, sizeof(when), 3600);
	CHECK(post(&a, "/admin/api/events", event_body(ext2, prefix, when), &r) == 201,
	    "kick-off event (%ld %s)", r.status, r.body);
	if (r.json != NULL)
		snprintf(
		    ev2, sizeof(ev2), "%s", jstr(json_object_get(r.json, "event"), "event_id"));
	home2 = selection_id(json_object_get(r.json, "event"), "1x2", "home");
	h_free(&r);
	{
		/* a member bets through the event page's slip before kick-off */
		const char *k, *e;
		char key[40] = "", body[512];

		snprintf(path, sizeof(path), "/events/%s", ev2);
		CHECK(h_get(&u, path, &r) == 200, "event 2 page");
		snprintf(out, sizeof(out), "id=\"slip-%lld\"", home2);
		if ((k = strstr(r.body, out)) != NULL &&
		    (k = strstr(k, "name=\"idempotency_key\" value=\"")) != NULL &&
		    (e = strchr(k + 30, '"')) != NULL)
			snprintf(key, sizeof(key), "%.*s", (int)(e - k - 30), k + 30);
		h_free(&r);
		CHECK(strlen(key) == 32, "slip key: %s", key);
		snprintf(body, sizeof(body),
		    "csrf_token=%s&selection_id=%lld&odds=2.10&stake=5.00&"
		    "accept_odds_change=none&confidence=6&win_probability=55&notes=&idempotency_key=%s",
		    u.csrf, home2, key);
		CHECK(h_form(&u, "/bets", body, &r) == 303, "bet placed from the slip (%ld %s)",
		    r.status, r.body);
		h_free(&r);
	}
	CHECK(holds("SELECT count(*) = 1 AND bool_and(j.run_at >= e.starts_at AND j.run_at < "
	            "e.starts_at + interval '2 seconds') FROM t_demo.jobs j JOIN t_demo.events e "
	            "ON e.id::text = j.payload->>'event_id' WHERE j.kind = 'kickoff' AND "
	            "j.state = 'queued' AND e.id = '%s';",
	          ev2),
	    "the feed queued the kick-off job at the start");
	sql_get(out, sizeof(out),
	    "UPDATE t_demo.events SET starts_at = now() WHERE id = '%s';"
	    "UPDATE t_demo.jobs SET run_at = now() WHERE kind = 'kickoff' AND state = 'queued' AND "
	    "payload->>'event_id' = '%s'; SELECT pg_notify('tailgate_jobs', 't_demo');",
	    ev2);
	H_UNTIL(holds("SELECT status = 'live' FROM t_demo.events WHERE id = '%s';", ev2),
	    "the event went live at kick-off");
	sql_get(out, sizeof(out),
	    "SELECT string_agg(s.outcome || '=' || s.closing_odds || '/' || "
	    "s.fair_closing_odds, ',' ORDER BY s.outcome) FROM t_demo.selections s JOIN t_demo.markets m "
	    "ON m.id = s.market_id WHERE m.event_id = '%s' AND m.kind = '1x2';",
	    ev2);
	/* fair odds: 2.10 3.40 3.60 times the book's sum of 1/odds (1.048085) */
	CHECK(strcmp(out, "away=3600/3773,draw=3400/3563,home=2100/2201") == 0, "closing: %s", out);
	sql_get(out, sizeof(out),
	    "SELECT count(*) || ' ' || bool_and(p.recorded_at = e.starts_at) "
	    "FROM t_demo.prices p JOIN t_demo.selections s ON s.id = p.selection_id JOIN t_demo.markets m "
	    "ON m.id = s.market_id JOIN t_demo.events e ON e.id = m.event_id WHERE e.id = '%s' "
	    "AND p.phase = 'close' AND p.bookmaker = 'feed';",
	    ev2);
	CHECK(strcmp(out, "7 true") == 0, "closing prices recorded at kick-off: %s", out);
	digest(ext2, before, sizeof(before));
	snprintf(
	    out, sizeof(out), "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.5}]}", home2);
	CHECK(h_json(&a, "POST", "/admin/api/odds", out, &r) == 409, "no odds after kick-off (%ld)",
	    r.status);
	h_free(&r);
	at(when, sizeof(when), 3600);
	CHECK(post(&a, "/admin/api/events", event_body(ext2, prefix, when), &r) == 409,
	    "no event update after kick-off (%ld)", r.status);
	h_free(&r);
	digest(ext2, after, sizeof(after));
	CHECK(strcmp(before, after) == 0, "refused changes left the event alone");

	/* results */
	snprintf(out, sizeof(out),
	    "{\"external_id\": \"%s\", \"home_score\": 1, \"away_score\": 0}", ext);
	CHECK(h_json(&a, "POST", "/admin/api/results", out, &r) == 422, "not started yet (%ld)",
	    r.status);
	h_free(&r);
	CHECK(h_json(&a, "POST", "/admin/api/results",
	          "{\"external_id\": \"no-such-event\", "
	          "\"home_score\": 1, \"away_score\": 0}",
	          &r) == 404 &&
	        strstr(r.body, "no-such-event"),
	    "unknown event (%ld %s)", r.status, r.body);
	h_free(&r);
	snprintf(out, sizeof(out),
	    "{\"external_id\": \"%s\", \"home_score\": 2, \"away_score\": 1}", ext2);
	CHECK(h_json(&a, "POST", "/admin/api/results", out, &r) == 200 && r.json &&
	        json_is_true(json_object_get(r.json, "changed")) &&
	        json_integer_value(json_object_get(r.json, "result_version")) == 1 &&
	        strcmp(jstr(r.json, "status"), "finished") == 0,
	    "result (%ld %s)", r.status, r.body);
	h_free(&r);
	sql_get(out, sizeof(out),
	    "SELECT count(*) FROM t_demo.jobs WHERE kind = 'settle' AND "
	    "payload->>'event_id' = '%s';",
	    ev2);
	CHECK(strcmp(out, "1") == 0, "settlement queued: %s", out);
	sql_get(out, sizeof(out),
	    "SELECT string_agg(DISTINCT status, ',') FROM t_demo.markets WHERE "
	    "event_id = '%s';",
	    ev2);
	CHECK(strcmp(out, "closed") == 0, "markets closed: %s", out);
	H_UNTIL(holds("SELECT count(*) = 1 AND bool_and(status = 'won') FROM t_demo.bets WHERE "
	              "event_id = '%s';",
	            ev2),
	    "the slip's bet was settled as won");
	CHECK(h_json(&a, "POST", "/admin/api/results", "{}", &r) == 422,
	    "a result names its event (%ld)", r.status);
	h_free(&r);
	snprintf(
	    out, sizeof(out), "{\"event_id\": \"%s\", \"home_score\": 2, \"away_score\": 1}", ev2);
	CHECK(h_json(&a, "POST", "/admin/api/results", out, &r) == 200 && r.json &&
	        json_is_false(json_object_get(r.json, "changed")) &&
	        json_integer_value(json_object_get(r.json, "result_version")) == 1,
	    "the same result twice changes nothing (%ld %s)", r.status, r.body);
	h_free(&r);
	sql_get(out, sizeof(out),
	    "SELECT result_version || ' ' || (SELECT count(*) FROM t_demo.jobs "
	    "WHERE kind = 'settle' AND payload->>'event_id' = '%s') FROM t_demo.events WHERE id = '%s';",
	    ev2);
	CHECK(strcmp(out, "1 1") == 0, "version and settlement jobs unchanged: %s", out);
	snprintf(
	    out, sizeof(out), "{\"event_id\": \"%s\", \"home_score\": 2, \"away_score\": 2}", ev2);
	CHECK(h_json(&a, "POST", "/admin/api/results", out, &r) == 200 && r.json &&
	        json_integer_value(json_object_get(r.json, "result_version")) == 2,
	    "a corrected result bumps the version (%ld %s)", r.status, r.body);
	h_free(&r);
	H_UNTIL(
	    holds("SELECT bool_and(status = 'lost') FROM t_demo.bets WHERE event_id = '%s';", ev2),
	    "and re-settles");
	snprintf(path, sizeof(path), "/events/%s", ev2);
	CHECK(h_get(&u, path, &r) == 200 && h_contains(&r, "2–2") && h_contains(&r, "is over") &&
	        !h_contains(&r, "action=\"/bets\""),
	    "finished event page");
	h_free(&r);

	/* a match called off before it starts */
	snprintf(out, sizeof(out), "{\"external_id\": \"%s\", \"status\": \"cancelled\"}", ext);
	CHECK(h_json(&a, "POST", "/admin/api/results", out, &r) == 200 && r.json &&
	        json_integer_value(json_object_get(r.json, "result_version")) == 1 &&
	        json_is_null(json_object_get(r.json, "home_score")),
	    "cancelled (%ld %s)", r.status, r.body);
	h_free(&r);
	json_decref(ev);
	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate ledger check --tenant demo") == 0,
	    "ledger check: %s", out);
}

ITEST(t_feed_access, "catalog: the feed needs an administrator and the CSRF token")
static void
t_feed_access(void)
{
	struct client a, u = h_demo(), anon = h_demo(), nocsrf;
	char name[32], id[37], prefix[32], when[40], before[64], after[64];
	struct resp r;

	h_unique(prefix, sizeof(prefix), "A");
	at(when, sizeof(when), 86400);
	digest(prefix, before, sizeof(before));
	CHECK(post(&anon, "/admin/api/events", event_body(prefix, prefix, when), &r) == 401,
	    "signed out: 401 (%ld)", r.status);
	h_free(&r);
	h_unique(name, sizeof(name), "m");
	CHECK(h_signup(&u, name, PW, id) == 201, "member");
	CHECK(post(&u, "/admin/api/events", event_body(prefix, prefix, when), &r) == 403,
	    "member: 403 (%ld)", r.status);
	h_free(&r);
	CHECK(h_json(&u, "POST", "/admin/api/odds",
	          "{\"updates\": [{\"selection_id\": 1, "
	          "\"odds\": 2}]}",
	          &r) == 403,
	    "member odds: 403 (%ld)", r.status);
	h_free(&r);
	CHECK(h_json(&u, "POST", "/admin/api/results",
	          "{\"external_id\": \"x\", \"home_score\": 1, "
	          "\"away_score\": 0}",
	          &r) == 403,
	    "member results: 403 (%ld)", r.status);
	h_free(&r);
	admin(&a);
	nocsrf = a;
	nocsrf.csrf[0] = '\0';
	CHECK(post(&nocsrf, "/admin/api/events", event_body(prefix, prefix, when), &r) == 403,
	    "admin without the CSRF token: 403 (%ld)", r.status);
	h_free(&r);
	digest(prefix, after, sizeof(after));
	CHECK(strcmp(before, after) == 0, "nothing was written");
	{
		/* another brand's administrator cannot see this brand's event */
		struct client aa = h_demo();
		char ext[64], path[128];

		snprintf(ext, sizeof(ext), "%s-x", prefix);
		CHECK(post(&a, "/admin/api/events", event_body(ext, prefix, when), &r) == 201,
		    "demo event");
		snprintf(path, sizeof(path), "/social/events/%s",
		    jstr(json_object_get(r.json, "event"), "event_id"));
		h_free(&r);
		aa.host = "acme.localhost";
		CHECK(h_get(&aa, path, &r) == 404, "not visible on acme (%ld)", r.status);
		h_free(&r);
		CHECK(h_login(&aa, "acme_admin", ADMIN_PW) == 200, "acme admin");
		snprintf(path, sizeof(path), "{\"external_id\": \"%s\", \"status\": \"cancelled\"}",
		    ext);
		CHECK(h_json(&aa, "POST", "/admin/api/results", path, &r) == 404,
		    "acme cannot cancel demo's event (%ld)", r.status);
		h_free(&r);
	}
}

ITEST(t_feed_bad_input, "catalog: bad feed input gets 4xx with per-field errors, changes nothing")
static void
t_feed_bad_input(void)
{
	struct client a;
	char prefix[32], ext[64], when[40], past[40], before[64], after[64], body[1024];
	struct resp r;
	json_t *b, *ev;
	static const struct {
		const char *path, *value, *field; /* JSON pointer-ish edit of a good body */
	} bad[] = {
		{ "sport", "\"quidditch\"", "sport" },
		{ "away_team", NULL, "away_team" }, /* = home team, any case */
		{ "starts_at", "\"2026-02-30T10:00:00Z\"", "starts_at" },
		{ "starts_at", "\"PAST\"", "starts_at" },
		{ "competition", "null", "competition" },
		{ "competition", "{\"code\": \"X\"}", "competition.name" },
		{ "markets",
		    "[{\"kind\": \"1x2\", \"selections\": [{\"outcome\": \"home\", \"odds\": 1.0}, "
		    "{\"outcome\": \"draw\", \"odds\": 3}, {\"outcome\": \"away\", \"odds\": 3}]}]",
		    "markets[0].selections[0].odds" },
		{ "markets",
		    "[{\"kind\": \"handicap\", \"line\": 0.3, \"selections\": [{\"outcome\": "
		    "\"home\", \"odds\": 2}, {\"outcome\": \"away\", \"odds\": 2}]}]",
		    "markets[0].line" },
		{ "markets",
		    "[{\"kind\": \"total\", \"line\": 2.5, \"selections\": [{\"outcome\": "
		    "\"home\", \"odds\": 2}, {\"outcome\": \"away\", \"odds\": 2}]}]",
		    "markets[0].selections[0].outcome" },
		{ "markets",
		    "[{\"kind\": \"moneyline\", \"selections\": [{\"outcome\": \"home\", "
		    "\"odds\": 2}]}]",
		    "markets[0].selections" },
		{ "markets", "[{\"kind\": \"spread\", \"selections\": []}]", "markets[0].kind" },
		{ "markets", "\"none\"", "markets" },
		{ "surprise", "1", "surprise" },
	};

	admin(&a);
	h_unique(prefix, sizeof(prefix), "B");
	snprintf(ext, sizeof(ext), "%s-1", prefix);
	at(when, sizeof(when), 86400);
	at(past, sizeof(past), -60);
	digest(prefix, before, sizeof(before));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *fields;

		b = event_body(ext, prefix, when);
		if (bad[i].value == NULL) {
			char lower[80];

			snprintf(lower, sizeof(lower), "%s", jstr(b, "home_team"));
			for (char *c = lower; *c; c++)
				*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
			json_object_set_new(b, bad[i].path, json_string(lower));
		} else if (strcmp(bad[i].value, "\"PAST\"") == 0)
			json_object_set_new(b, bad[i].path, json_string(past));
		else
			json_object_set_new(
			    b, bad[i].path, json_loads(bad[i].value, JSON_DECODE_ANY, NULL));
		CHECK(post(&a, "/admin/api/events", b, &r) == 422 && r.json, "bad %s: 422 (%ld %s)",
		    bad[i].field, r.status, r.body);
		fields = json_object_get(json_object_get(r.json, "error"), "fields");
		CHECK(json_object_get(fields, bad[i].field) != NULL, "bad %s names the field: %s",
		    bad[i].field, r.body);
		h_free(&r);
	}
	snprintf(body, sizeof(body),
	    "csrf_token=%s&external_id=%s&sport=football&home_team=H&"
	    "away_team=A&starts_at=%s",
	    a.csrf, ext, when);
	CHECK(h_form(&a, "/admin/api/events", body, &r) == 415, "a form is not the feed (%ld)",
	    r.status);
	h_free(&r);
	digest(prefix, after, sizeof(after));
	CHECK(strcmp(before, after) == 0, "no bad event wrote anything");

	/* a good event, then bad odds batches: none of a batch applies */
	CHECK(
	    post(&a, "/admin/api/events", event_body(ext, prefix, when), &r) == 201, "good event");
	ev = json_incref(json_object_get(r.json, "event"));
	h_free(&r);
	digest(prefix, before, sizeof(before));
	{
		long long home = selection_id(ev, "1x2", "home"),
		          draw = selection_id(ev, "1x2", "draw");
		const struct {
			int status;
			const char *fmt;
		} odds[] = {
			{ 422,
			    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.2}, {\"selection_id\": %lld, "
			    "\"odds\": 0.99}]}" },
			{ 422,
			    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.2}, {\"selection_id\": %lld, "
			    "\"odds\": 2.3}]}" }, /* the same selection twice */
			{ 422,
			    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.2}, {\"selection_id\": %lld, "
			    "\"kind\": \"1x2\", \"odds\": 2.3}]}" },
			{ 404,
			    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.2}, {\"selection_id\": 9%lld9999, "
			    "\"odds\": 2.3}]}" },
			{ 422,
			    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.2}, {\"market_id\": %lld, "
			    "\"status\": \"closed\"}]}" },
			{ 422,
			    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.2, \"bogus\": %lld}]}" },
			{ 422,
			    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.2}, {\"external_id\": "
			    "\"x\", \"kind\": \"total\", \"line\": 2.4, \"outcome\": \"over\", \"odds\": %lld}]}" },
		};

		for (size_t i = 0; i < sizeof(odds) / sizeof(odds[0]); i++) {
			snprintf(body, sizeof(body), odds[i].fmt, home, i == 1 ? home : draw);
			CHECK(h_json(&a, "POST", "/admin/api/odds", body, &r) == odds[i].status &&
			        r.json &&
			        json_object_get(json_object_get(r.json, "error"), "fields"),
			    "bad odds %zu: %d (%ld %s)", i, odds[i].status, r.status, r.body);
			h_free(&r);
		}
		CHECK(h_json(&a, "POST", "/admin/api/odds", "{\"updates\": []}", &r) == 422,
		    "no updates (%ld)", r.status);
		h_free(&r);
		/* a nested error names its path in the standard error shape */
		snprintf(body, sizeof(body),
		    "{\"updates\": [{\"selection_id\": %lld, \"odds\": 2.2}, "
		    "{\"selection_id\": %lld, \"odds\": \"x\"}, {\"market_id\": 1, \"status\": "
		    "\"closed\"}]}",
		    home, draw);
		CHECK(h_json(&a, "POST", "/admin/api/odds", body, &r) == 422 && r.json,
		    "bad nested odds: 422 (%ld %s)", r.status, r.body);
		{
			json_t *e = json_object_get(r.json, "error"),
			       *f = json_object_get(e, "fields");

			CHECK(strcmp(jstr(e, "code"), "validation_failed") == 0 &&
			        json_is_string(json_object_get(e, "message")) &&
			        json_is_string(json_object_get(f, "updates[1].odds")) &&
			        json_is_string(json_object_get(f, "updates[2].status")) &&
			        json_object_size(f) == 2,
			    "the nested paths, only those: %s", r.body);
		}
		h_free(&r);
		/* the event's nested competition too */
		b = event_body(ext, prefix, when);
		json_object_set_new(
		    b, "competition", json_pack("{s:i, s:s}", "code", 7, "name", "N"));
		CHECK(post(&a, "/admin/api/events", b, &r) == 422 && r.json &&
		        json_object_get(json_object_get(json_object_get(r.json, "error"), "fields"),
		            "competition.code"),
		    "bad competition code: its path (%ld %s)", r.status, r.body);
		h_free(&r);
	}
	CHECK(h_json(&a, "POST", "/admin/api/results",
	          "{\"event_id\": \"not-a-uuid\", "
	          "\"home_score\": 1, \"away_score\": 1}",
	          &r) == 422,
	    "bad event id (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "{\"external_id\": \"%s\", \"home_score\": -1, \"away_score\": 1}", ext);
	CHECK(h_json(&a, "POST", "/admin/api/results", body, &r) == 422, "negative score (%ld)",
	    r.status);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "{\"external_id\": \"%s\", \"status\": \"cancelled\", "
	    "\"home_score\": 1}",
	    ext);
	CHECK(h_json(&a, "POST", "/admin/api/results", body, &r) == 422,
	    "a cancellation with a score (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "{\"external_id\": \"%s\", \"event_id\": \"%s\", "
	    "\"home_score\": 1, \"away_score\": 1}",
	    ext, jstr(ev, "event_id"));
	CHECK(
	    h_json(&a, "POST", "/admin/api/results", body, &r) == 422, "two names (%ld)", r.status);
	h_free(&r);
	digest(prefix, after, sizeof(after));
	CHECK(strcmp(before, after) == 0, "no bad odds or result wrote anything");
	json_decref(ev);
}

ITEST(t_events_json, "catalog: GET /social/events filters, paging, shapes and 404s")
static void
t_events_json(void)
{
	struct client a;
	char prefix[32], ext[64], when[40], path[256];
	struct resp r;
	long long comp = 0;

	admin(&a);
	h_unique(prefix, sizeof(prefix), "J");
	for (int i = 0; i < 3; i++) {
		snprintf(ext, sizeof(ext), "%s-%d", prefix, i);
		at(when, sizeof(when), 86400 * (i + 2));
		CHECK(post(&a, "/admin/api/events", event_body(ext, prefix, when), &r) == 201,
		    "event %d", i);
		comp = json_integer_value(json_object_get(
		    json_object_get(json_object_get(r.json, "event"), "competition"), "id"));
		h_free(&r);
	}
	snprintf(path, sizeof(path), "/social/events?competition=%lld&limit=2", comp);
	CHECK(h_get(NULL, path, &r) == 200 && r.json &&
	        json_array_size(json_object_get(r.json, "events")) == 2 &&
	        json_is_true(json_object_get(r.json, "has_more")) &&
	        json_integer_value(json_object_get(r.json, "page")) == 1,
	    "page 1 (%ld %s)", r.status, r.body);
	{
		json_t *e = json_array_get(json_object_get(r.json, "events"), 0);
		json_t *c = json_object_get(e, "competition");

		CHECK(strcmp(jstr(e, "sport"), "football") == 0 &&
		        strcmp(jstr(c, "country"), "Testland") == 0 &&
		        strcmp(jstr(c, "name"), "Feed Test League") == 0 &&
		        strlen(jstr(e, "starts_at")) == 20 && jstr(e, "starts_at")[19] == 'Z' &&
		        json_is_null(json_object_get(e, "home_score")) &&
		        strcmp(jstr(e, "status"), "scheduled") == 0 &&
		        selection(e, "total", "under") &&
		        json_object_get(selection(e, "total", "under"), "fair_closing_odds") &&
		        !json_object_get(selection(e, "total", "under"), "price_history"),
		    "event shape: %s", r.body);
	}
	h_free(&r);
	snprintf(path, sizeof(path), "/social/events?competition=%lld&limit=2&page=2", comp);
	CHECK(h_get(NULL, path, &r) == 200 && r.json &&
	        json_array_size(json_object_get(r.json, "events")) == 1 &&
	        json_is_false(json_object_get(r.json, "has_more")),
	    "page 2 (%ld)", r.status);
	h_free(&r);
	at(when, sizeof(when), 86400 * 3 + 60);
	snprintf(path, sizeof(path), "/social/events?competition=%lld&from=%s", comp, when);
	CHECK(h_get(NULL, path, &r) == 200 && r.json &&
	        json_array_size(json_object_get(r.json, "events")) == 1,
	    "from (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/events?competition=%lld&status=finished", comp);
	CHECK(h_get(NULL, path, &r) == 200 && r.json &&
	        json_array_size(json_object_get(r.json, "events")) == 0,
	    "status filter (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/social/events?competition=%lld&sport=basketball", comp);
	CHECK(h_get(NULL, path, &r) == 200 && r.json &&
	        json_array_size(json_object_get(r.json, "events")) == 0,
	    "sport filter (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(NULL, "/social/events?limit=101", &r) == 422, "limit over 100 (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(NULL, "/social/events?status=someday", &r) == 422, "unknown status (%ld)",
	    r.status);
	h_free(&r);
	CHECK(h_get(NULL, "/social/events?from=yesterday", &r) == 422, "bad date (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(NULL, "/social/events/not-a-uuid", &r) == 404 && r.json, "bad id (%ld)",
	    r.status);
	h_free(&r);
	CHECK(h_get(NULL, "/social/events/01a20000-0000-7000-8000-000000000000", &r) == 404,
	    "unknown id (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(NULL, "/events/01a20000-0000-7000-8000-000000000000", &r) == 404 && !r.json,
	    "unknown event page (%ld)", r.status);
	h_free(&r);
	CHECK(h_get(NULL, "/events?status=finished", &r) == 200 && h_contains(&r, "Results"),
	    "results tab (%ld)", r.status);
	h_free(&r);
}
