/*
 * Integration tests for the copy-trading pages: the settings form on
 * /u/{username}/copy (refused settings re-render 422 with the field's
 * message and leave nothing behind; valid ones start copying and /copy
 * lists it), and the simulation (over JSON and the form's Simulate button)
 * of the seeded value_vera's history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define PW H_PASSWORD
#define TRADER "value_vera"

/* One figure from the demo brand's schema about a member (the one %s in
 * fmt), -1 when the query fails. */
static long long
sql_count(const char *fmt, const char *member_id)
{
	char q[1024], out[64];

	snprintf(q, sizeof(q), fmt, member_id);
	if (h_sql(0, out, sizeof(out), q) != 0)
		return -1;
	return atoll(out);
}

static void
trader_id(char *out, size_t n)
{
	char q[] = "SELECT id FROM t_demo.users WHERE username = '" TRADER "';";

	out[0] = '\0';
	CHECK(h_sql(0, out, n, q) == 0 && strlen(out) >= 36, "the seeded trader %s", TRADER);
	out[36 < n ? 36 : n - 1] = '\0';
}

static long long
relationships(const char *follower)
{
	return sql_count("SELECT count(*) FROM t_demo.copy_trading_relationships "
	                 "WHERE follower_id = '%s';",
	    follower);
}

ITEST(t_form_invalid,
    "copy pages: the form renders; invalid settings re-render 422 and change nothing")
static void
t_form_invalid(void)
{
	struct h_member m;
	struct resp r;
	char body[512];

	h_member_new(&m, "cp");
	CHECK(h_get(&m.c, "/u/" TRADER "/copy", &r) == 200, "GET the form: %ld", r.status);
	CHECK(h_contains(&r, "name=\"copy_mode\"") && h_contains(&r, "name=\"sports_filter\"") &&
	        h_contains(&r, "name=\"bet_types_filter\"") &&
	        h_contains(&r, "name=\"simulate\"") && h_contains(&r, "data-count=\"copiers\""),
	    "the form has every part");
	h_free(&r);

	/* fixed_amount mode without its amount, and a delay out of range */
	snprintf(body, sizeof(body),
	    "csrf_token=%s&copy_mode=fixed_amount&fixed_amount="
	    "&copy_delay_seconds=999&auto_copy_enabled=1&auto_copy_enabled=0",
	    m.c.csrf);
	CHECK(
	    h_form(&m.c, "/u/" TRADER "/copy", body, &r) == 422, "invalid settings: %ld", r.status);
	CHECK(h_contains(&r,
	          "<p class=\"field-error\">Fixed amount is required when copy_mode is "
	          "fixed_amount</p>"),
	    "the amount's error beside its field");
	CHECK(h_contains(&r,
	          "<p class=\"field-error\">Delay must be a whole number of seconds "
	          "between 0 and 300</p>"),
	    "the delay's error beside its field");
	CHECK(h_contains(&r, "value=\"999\""), "what was typed is shown again");
	h_free(&r);
	CHECK(relationships(m.id) == 0, "no relationship after a refusal");
	CHECK(sql_count("SELECT count(*) FROM t_demo.user_relationships WHERE follower_id = '%s';",
	          m.id) == 0,
	    "and no follow either");
}

ITEST(t_form_valid, "copy pages: a valid form starts copying and /copy lists it")
static void
t_form_valid(void)
{
	struct h_member m;
	struct resp r;
	char body[512], loc[256], rel[64], path[128], q[256];

	h_member_new(&m, "cp");
	snprintf(body, sizeof(body),
	    "csrf_token=%s&copy_mode=fixed_amount&fixed_amount=5.00"
	    "&sports_filter=football&sports_filter=tennis&bet_types_filter=1x2&min_odds=1.5"
	    "&auto_copy_enabled=1&auto_copy_enabled=0&since=&bankroll=",
	    m.c.csrf);
	CHECK(h_form(&m.c, "/u/" TRADER "/copy", body, &r) == 303 &&
	        h_header(&r, "Location", loc, sizeof(loc)) &&
	        strcmp(loc, "/copy?done=started") == 0,
	    "started: %ld", r.status);
	h_free(&r);
	CHECK(
	    sql_count(
	        "SELECT count(*) FROM t_demo.copy_trading_relationships WHERE follower_id = "
	        "'%s' AND status = 'active' AND settings->>'fixed_amount' = '5.00' AND settings->"
	        "'sports_filter' = '[\"football\", \"tennis\"]' AND settings->'bet_types_filter' = "
	        "'[\"1x2\"]' AND settings->>'min_odds' = '1.50' AND "
	        "(settings->>'auto_copy_enabled')::bool;",
	        m.id) == 1,
	    "the relationship holds the form's settings");

	snprintf(q, sizeof(q),
	    "SELECT id FROM t_demo.copy_trading_relationships "
	    "WHERE follower_id = '%s';",
	    m.id);
	rel[0] = '\0';
	CHECK(h_sql(0, rel, sizeof(rel), q) == 0 && strlen(rel) >= 36, "its id");
	rel[36] = '\0';

	CHECK(h_get(&m.c, "/copy?done=started", &r) == 200, "GET /copy: %ld", r.status);
	snprintf(path, sizeof(path), "action=\"/copy/%s/pause\"", rel);
	CHECK(h_contains(&r, "href=\"/u/" TRADER "\"") &&
	        h_contains(&r, "data-status=\"active\"") && h_contains(&r, "5.00 a bet") &&
	        h_contains(&r, path),
	    "listed with its settings and a pause button");
	h_free(&r);
	CHECK(h_get(&m.c, "/u/" TRADER, &r) == 200 && h_contains(&r, "You copy this member"),
	    "the profile knows");
	h_free(&r);

	/* stop it again: the trader's later bets in other tests owe it nothing */
	snprintf(path, sizeof(path), "/copy/%s/stop", rel);
	snprintf(body, sizeof(body), "csrf_token=%s", m.c.csrf);
	CHECK(h_form(&m.c, path, body, &r) == 303, "stop: %ld", r.status);
	h_free(&r);
	CHECK(h_form(&m.c, path, body, &r) == 303, "stopping again is no mistake: %ld", r.status);
	h_free(&r);
}

ITEST(t_simulate,
    "copy pages: the simulation's curve ends at the final bankroll; a future day is refused")
static void
t_simulate(void)
{
	struct h_member m;
	struct resp r;
	char id[64], body[768], tomorrow[16];
	json_t *res, *curve;
	time_t t = time(NULL) + 2 * 86400;
	struct tm tm;
	long long skipped = 0;
	const char *k;
	json_t *v;

	h_member_new(&m, "cp");
	trader_id(id, sizeof(id));
	snprintf(body, sizeof(body),
	    "{\"trader_id\": \"%s\", \"since\": \"2000-01-01\", "
	    "\"bankroll\": 100000, \"settings\": {\"copy_mode\": \"proportional\"}}",
	    id);
	CHECK(h_json(&m.c, "POST", "/social/copy-trading/simulate", body, &r) == 200,
	    "simulate: %ld %s", r.status, r.body ? r.body : "");
	res = json_object_get(r.json, "result");
	curve = json_object_get(res, "curve");
	CHECK(json_array_size(curve) > 1, "a curve");
	CHECK(json_integer_value(json_object_get(json_array_get(curve, json_array_size(curve) - 1),
	          "equity")) == json_integer_value(json_object_get(res, "final_bankroll")),
	    "its last point is the final bankroll");
	CHECK(json_integer_value(json_object_get(json_array_get(curve, 0), "equity")) == 100000,
	    "its first the start");
	json_object_foreach(json_object_get(res, "skipped"), k, v) skipped += json_integer_value(v);
	CHECK(json_integer_value(json_object_get(res, "bets_replayed")) > 0 &&
	        json_integer_value(json_object_get(res, "copies")) + skipped ==
	            json_integer_value(json_object_get(res, "bets_replayed")),
	    "every bet copied or skipped");
	/* proportional sizing found the trader's bankroll for every bet (ledger) */
	CHECK(json_object_get(json_object_get(res, "skipped"), "trader_bankroll_unknown") == NULL,
	    "the trader's bankroll is known");
	h_free(&r);

	gmtime_r(&t, &tm);
	strftime(tomorrow, sizeof(tomorrow), "%Y-%m-%d", &tm);
	snprintf(body, sizeof(body),
	    "{\"trader_id\": \"%s\", \"since\": \"%s\", "
	    "\"settings\": {\"copy_mode\": \"proportional\"}}",
	    id, tomorrow);
	CHECK(h_json(&m.c, "POST", "/social/copy-trading/simulate", body, &r) == 422 &&
	        json_string_value(json_object_get(
	            json_object_get(json_object_get(r.json, "error"), "fields"), "since")) != NULL,
	    "a future day: %ld", r.status);
	h_free(&r);

	/* the form's Simulate button: the figures and the drawn curve, nothing started */
	snprintf(body, sizeof(body),
	    "csrf_token=%s&copy_mode=percentage_of_bankroll&percentage=2"
	    "&auto_copy_enabled=1&auto_copy_enabled=0&since=2000-01-01&bankroll=1000.00&simulate=1",
	    m.c.csrf);
	CHECK(h_form(&m.c, "/u/" TRADER "/copy", body, &r) == 200 &&
	        h_contains(&r, "data-sim=\"final_bankroll\"") &&
	        h_contains(&r, "<path class=\"curve\""),
	    "simulated on the page: %ld", r.status);
	h_free(&r);
	CHECK(relationships(m.id) == 0, "simulating starts nothing");
}
