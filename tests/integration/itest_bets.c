/*
 * Integration tests for bets: placement checks, idempotency, price changes,
 * the bet slip pages, settlement by the worker (won, lost, half results,
 * void), a result sent twice, a corrected result, immutability — with the
 * ledger checked after each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "Correct-Horse-Battery-9"

static void
member(struct client *c, char *id)
{
	char name[40];

	h_unique(name, sizeof(name), "b");
	CHECK(h_signup(c, name, PW, id) == 201, "signup of %s", name);
}

static long long
wallet(struct client *c, long long *in_play)
{
	struct resp r;
	long long cash = -1;

	if (h_get(c, "/social/wallet", &r) == 200 && r.json) {
		cash = json_integer_value(json_object_get(r.json, "cash"));
		if (in_play)
			*in_play = json_integer_value(json_object_get(r.json, "in_play"));
	}
	h_free(&r);
	return cash;
}

static long
place(struct client *c, long selection, long long stake, const char *odds, const char *key,
    const char *extra, struct resp *r)
{
	char body[512];

	snprintf(body, sizeof(body),
	    "{\"selection_id\": %ld, \"stake\": %lld, \"odds\": %s, "
	    "\"idempotency_key\": \"%s\"%s}",
	    selection, stake, odds, key, extra ? extra : "");
	return h_json(c, "POST", "/social/bets", body, r);
}

static const char *
error_code(const struct resp *r)
{
	json_t *e = r->json ? json_object_get(r->json, "error") : NULL;

	return e ? json_string_value(json_object_get(e, "code")) : "";
}

static void
sql_ok(const char *fmt, const char *a1, const char *a2)
{
	char sql[1024], out[512];

	snprintf(sql, sizeof(sql), fmt, a1, a2);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "%s: %s", sql, out);
}

/* Sets a result (bumping result_version) and queues settlement; waits for the worker. */
static void
result(const struct h_event *f, int home, int away, int bump)
{
	char sql[1024], out[512];

	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; UPDATE events SET status = 'finished', "
	    "home_score = %d, away_score = %d, result_version = result_version + %d, "
	    "starts_at = least(starts_at, now() - interval '2 hours') WHERE id = '%s';"
	    "INSERT INTO jobs (kind, payload) VALUES ('settle', jsonb_build_object('event_id', '%s'));",
	    home, away, bump, f->event, f->event);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "result: %s", out);
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM t_demo.jobs WHERE kind = 'settle' "
	    "AND payload->>'event_id' = '%s' AND state <> 'done';",
	    f->event);
	H_UNTIL(h_sql_is(sql, "0", out, sizeof(out)), "the event's settlement jobs done (%s left)",
	    out);
}

static void
bet_state(const char *bet_id, char *out, size_t n)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "SELECT status || ' ' || coalesce(payout, -1) || ' ' || settled_version "
	    "FROM t_demo.bets WHERE id = '%s';",
	    bet_id);
	h_sql(0, out, n, sql);
}

static void
ledger_clean(void)
{
	char out[2048];

	CHECK(h_sh(out, sizeof(out), "scripts/stack.sh tailgate ledger check --tenant demo") == 0,
	    "ledger check: %s", out);
}

ITEST(t_bet_placement, "bets: placement, idempotency, price changes, bad input")
static void
t_bet_placement(void)
{
	struct client u = h_demo();
	struct h_event f;
	struct resp r;
	char id[37], bet[37] = "", key[40], out[512];
	long long in_play = 0;

	member(&u, id);
	CHECK(h_event_new(&f, 86400) == 0, "fixture");
	h_unique(key, sizeof(key), "k");
	CHECK(place(&u, f.home, 1000, "2.1", key,
	          ", \"notes\": \"Home form\", \"confidence\": 7, "
	          "\"win_probability\": 0.52",
	          &r) == 201,
	    "placed (%ld %s)", r.status, r.body);
	if (r.json) {
		json_t *b = json_object_get(r.json, "bet");

		snprintf(bet, sizeof(bet), "%s", json_string_value(json_object_get(b, "bet_id")));
		CHECK(json_integer_value(json_object_get(b, "stake")) == 1000 &&
		        json_real_value(json_object_get(b, "odds")) == 2.1 &&
		        json_integer_value(json_object_get(b, "potential_payout")) == 2100 &&
		        strcmp(json_string_value(json_object_get(b, "status")), "open") == 0 &&
		        json_integer_value(json_object_get(b, "confidence")) == 7 &&
		        strcmp(json_string_value(json_object_get(b, "selection")), "") != 0,
		    "bet shape: %s", r.body);
	}
	h_free(&r);
	CHECK(wallet(&u, &in_play) == 99000 && in_play == 1000, "the stake moved into play");
	CHECK(place(&u, f.home, 1000, "2.1", key, NULL, &r) == 200 && r.json &&
	        json_is_true(json_object_get(r.json, "duplicate")),
	    "a retry is a no-op (%ld)", r.status);
	h_free(&r);
	CHECK(wallet(&u, &in_play) == 99000 && in_play == 1000, "and moved nothing");
	CHECK(place(&u, f.home, 2000, "2.1", key, NULL, &r) == 409 &&
	        strcmp(error_code(&r), "idempotency_key_reused") == 0,
	    "key reuse for another bet (%ld)", r.status);
	h_free(&r);

	/* the price moved */
	snprintf(out, sizeof(out), "%ld", f.home);
	sql_ok("SET ROLE t_demo; UPDATE selections SET odds = 2050 WHERE id = %s;%s", out, "");
	h_unique(key, sizeof(key), "k");
	CHECK(place(&u, f.home, 500, "2.1", key, NULL, &r) == 409 &&
	        strcmp(error_code(&r), "price_changed") == 0 && r.json &&
	        json_real_value(
	            json_object_get(json_object_get(r.json, "error"), "current_odds")) == 2.05,
	    "a moved price is refused with the new one (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(place(&u, f.home, 500, "2.1", key, ", \"accept_odds_change\": \"better\"", &r) == 409,
	    "a worse price is not 'better' (%ld)", r.status);
	h_free(&r);
	CHECK(place(&u, f.home, 500, "2.1", key, ", \"accept_odds_change\": \"any\"", &r) == 201 &&
	        r.json &&
	        json_real_value(json_object_get(json_object_get(r.json, "bet"), "odds")) == 2.05,
	    "accepted within 5%%, struck at the current price (%ld %s)", r.status, r.body);
	h_free(&r);
	h_unique(key, sizeof(key), "k");
	CHECK(place(&u, f.home, 500, "2", key, ", \"accept_odds_change\": \"better\"", &r) == 201,
	    "a better price is accepted when asked (%ld)", r.status);
	h_free(&r);
	CHECK(wallet(&u, &in_play) == 98000 && in_play == 2000, "three bets in play");

	/* bad input: a clear error, nothing changed */
	{
		static const struct {
			const char *json;
			long status;
			const char *code;
		} bad[] = {
			{ "{\"selection_id\": %ld, \"stake\": 0, \"odds\": 2.05, \"idempotency_key\": \"z1\"}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": -100, \"odds\": 2.05, \"idempotency_key\": \"z2\"}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": 10.5, \"odds\": 2.05, \"idempotency_key\": \"z3\"}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": \"10.00\", \"odds\": 2.05, \"idempotency_key\": \"z4\"}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": 1000, \"odds\": 1.0, \"idempotency_key\": \"z5\"}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": 1000, \"odds\": 0.5, \"idempotency_key\": \"z6\"}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": 1000, \"odds\": 2.0555, \"idempotency_key\": \"z7\"}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": 1000, \"odds\": 2.05}", 422,
			    "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": 50, \"odds\": 2.05, \"idempotency_key\": \"z8\"}",
			    422, "stake_out_of_limits" },
			{ "{\"selection_id\": %ld, \"stake\": 100001, \"odds\": 2.05, \"idempotency_key\": \"z9\"}",
			    422, "stake_out_of_limits" },
			{ "{\"selection_id\": %ld, \"stake\": 99000, \"odds\": 2.05, \"idempotency_key\": \"z10\"}",
			    422, "insufficient_funds" },
			{ "{\"selection_id\": %ld, \"stake\": 1000, \"odds\": 2.05, \"idempotency_key\": \"z11\", \"confidence\": 11}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": 1000, \"odds\": 2.05, \"idempotency_key\": \"z12\", \"win_probability\": 1.5}",
			    422, "validation_failed" },
			{ "{\"selection_id\": %ld, \"stake\": 1000, \"odds\": 2.05, \"idempotency_key\": \"z13\", \"bogus\": 1}",
			    422, "validation_failed" },
		};
		char body[512];

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			snprintf(body, sizeof(body), bad[i].json, f.home);
			CHECK(h_json(&u, "POST", "/social/bets", body, &r) == bad[i].status &&
			        strcmp(error_code(&r), bad[i].code) == 0,
			    "bad bet %zu: %ld %s", i, r.status, r.body);
			h_free(&r);
		}
		CHECK(h_json(&u, "POST", "/social/bets",
		          "{\"selection_id\": 999999999, \"stake\": 1000, "
		          "\"odds\": 2.05, \"idempotency_key\": \"z14\"}",
		          &r) == 404,
		    "unknown selection (%ld)", r.status);
		h_free(&r);
		CHECK(h_json(&u, "POST", "/social/bets", "{\"selection_id\": 1, \"stake\": 1000",
		          &r) == 400,
		    "malformed JSON (%ld)", r.status);
		h_free(&r);
	}
	/* a suspended market and a started event */
	snprintf(out, sizeof(out), "%ld", f.over);
	sql_ok(
	    "SET ROLE t_demo; UPDATE markets SET status = 'suspended' WHERE id = (SELECT market_id "
	    "FROM selections WHERE id = %s);%s",
	    out, "");
	h_unique(key, sizeof(key), "k");
	CHECK(place(&u, f.over, 1000, "2", key, NULL, &r) == 422 &&
	        strcmp(error_code(&r), "market_closed") == 0,
	    "suspended market (%ld)", r.status);
	h_free(&r);
	sql_ok(
	    "SET ROLE t_demo; UPDATE events SET starts_at = now() - interval '1 minute' WHERE id = '%s';%s",
	    f.event, "");
	CHECK(place(&u, f.draw, 1000, "3.4", key, NULL, &r) == 422 &&
	        strcmp(error_code(&r), "event_started") == 0,
	    "started event (%ld)", r.status);
	h_free(&r);
	CHECK(wallet(&u, &in_play) == 98000 && in_play == 2000, "refusals moved nothing");
	CHECK(h_get(&u, "/social/bets?status=open", &r) == 200 && r.json &&
	        json_array_size(json_object_get(r.json, "bets")) == 3,
	    "three open bets listed (%s)", r.body);
	h_free(&r);
	CHECK(h_get(&u, "/social/bets?status=bogus", &r) == 422, "unknown filter (%ld)", r.status);
	h_free(&r);
	{
		char path[128];
		struct client other = h_demo();
		char oid[37];

		snprintf(path, sizeof(path), "/social/bets/%s", bet);
		CHECK(h_get(&u, path, &r) == 200, "own bet (%ld)", r.status);
		h_free(&r);
		member(&other, oid);
		CHECK(h_get(&other, path, &r) == 404, "someone else's bet is not found (%ld)",
		    r.status);
		h_free(&r);
	}
	/* bets are immutable and never deleted */
	CHECK(h_sql(0, out, sizeof(out), "SET ROLE t_demo; UPDATE bets SET stake = stake + 1;") !=
	            0 &&
	        strstr(out, "immutable"),
	    "terms cannot change: %s", out);
	CHECK(h_sql(0, out, sizeof(out), "SET ROLE t_demo; DELETE FROM bets;") != 0 &&
	        strstr(out, "never deleted"),
	    "no delete: %s", out);
	ledger_clean();
}

ITEST(t_bet_slip_pages, "bets: the bet slip and My bets pages")
static void
t_bet_slip_pages(void)
{
	struct client u = h_demo(), anon = h_demo();
	struct h_event f;
	struct resp r;
	char id[37], path[128], body[512], loc[256];

	member(&u, id);
	CHECK(h_event_new(&f, 86400) == 0, "fixture");
	snprintf(path, sizeof(path), "/bets/slip?selection_id=%ld", f.ah_home);
	CHECK(h_get(&anon, path, &r) == 303 || r.status == 401, "signed out: to sign-in (%ld)",
	    r.status);
	h_free(&r);
	CHECK(h_get(&u, path, &r) == 200 && h_contains(&r, "Rovers -0.25") &&
	        h_contains(&r, "name=\"idempotency_key\"") && h_contains(&r, "1.95") &&
	        h_contains(&r, "Play money"),
	    "slip page (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "selection_id=%ld&odds=1.95&stake=12.50&idempotency_key=slipkey%s"
	    "&notes=%%3Cscript%%3Ex%%3C%%2Fscript%%3E&csrf_token=%s",
	    f.ah_home, id, u.csrf);
	CHECK(h_form(&u, "/bets", body, &r) == 303 && h_header(&r, "Location", loc, sizeof(loc)) &&
	        strstr(loc, "/bets?status=open&placed="),
	    "slip placed (%ld)", r.status);
	h_free(&r);
	CHECK(h_form(&u, "/bets", body, &r) == 303, "a double submit is one bet");
	h_free(&r);
	CHECK(wallet(&u, NULL) == 100000 - 1250, "one stake taken");
	CHECK(h_get(&u, "/bets", &r) == 200 && h_contains(&r, "Rovers -0.25") &&
	        h_contains(&r, "12.50") && h_contains(&r, "&lt;script&gt;") &&
	        !h_contains(&r, "<script>x"),
	    "My bets lists it, escaped");
	h_free(&r);
	snprintf(body, sizeof(body),
	    "selection_id=%ld&odds=1.95&stake=12.505&idempotency_key=slipkey2%s"
	    "&csrf_token=%s",
	    f.ah_home, id, u.csrf);
	CHECK(h_form(&u, "/bets", body, &r) == 422 && h_contains(&r, "Stake"),
	    "fractions of a cent re-render the slip (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "selection_id=%ld&odds=2.00&stake=5&idempotency_key=slipkey3%s"
	    "&csrf_token=%s",
	    f.ah_home, id, u.csrf);
	CHECK(h_form(&u, "/bets", body, &r) == 409 && h_contains(&r, "1.95"),
	    "a changed price shows the new one (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "selection_id=%ld&odds=1.95&stake=5&idempotency_key=slipkey4%s", f.ah_home, id);
	CHECK(h_form(&u, "/bets", body, &r) == 403, "no CSRF token (%ld)", r.status);
	h_free(&r);
	CHECK(wallet(&u, NULL) == 100000 - 1250, "still one stake");
}

/* The member's bet_settled notifications, once the worker has sent them:
 * their number, and whether one has this title and a body containing body. */
static int
settled_notes(struct client *c, const char *title, const char *body, int *found)
{
	struct resp r;
	json_t *list, *n;
	size_t i;
	int count = 0;

	h_drain("bets_notify");
	*found = 0;
	if (h_get(c, "/social/notifications", &r) == 200 && r.json) {
		list = json_object_get(r.json, "notifications");
		json_array_foreach(list, i, n)
		{
			const char *k = json_string_value(json_object_get(n, "kind"));
			const char *t = json_string_value(json_object_get(n, "title"));
			const char *b = json_string_value(json_object_get(n, "body"));

			if (k == NULL || strcmp(k, "bet_settled") != 0)
				continue;
			count++;
			if (t && b && strcmp(t, title) == 0 && strstr(b, body))
				*found = 1;
		}
	}
	h_free(&r);
	return count;
}

ITEST(t_bet_settlement, "bets: settlement, a result twice, a corrected result, void")
static void
t_bet_settlement(void)
{
	struct client u = h_demo();
	struct h_event f, g;
	struct resp r;
	char id[37], key[40], b_home[37] = "", b_draw[37] = "", b_ah[37] = "", b_under[37] = "",
	                      b_void[37] = "", out[512];
	char *ids[] = { b_home, b_draw, b_ah, b_under };
	long sels[4];
	const char *odds[] = { "2.1", "3.4", "1.95", "1.85" };
	long long in_play;

	member(&u, id);
	CHECK(h_event_new(&f, 86400) == 0 && h_event_new(&g, 86400) == 0, "fixtures");
	sels[0] = f.home;
	sels[1] = f.draw;
	sels[2] = f.ah_home;
	sels[3] = f.under;
	for (int i = 0; i < 4; i++) {
		h_unique(key, sizeof(key), "s");
		CHECK(place(&u, sels[i], 1001, odds[i], key, NULL, &r) == 201, "bet %d (%ld %s)", i,
		    r.status, r.body);
		if (r.json)
			snprintf(ids[i], 37, "%s",
			    json_string_value(
			        json_object_get(json_object_get(r.json, "bet"), "bet_id")));
		h_free(&r);
	}
	h_unique(key, sizeof(key), "s");
	CHECK(place(&u, g.home, 2000, "2.1", key, NULL, &r) == 201, "bet on the other event");
	if (r.json)
		snprintf(b_void, sizeof(b_void), "%s",
		    json_string_value(json_object_get(json_object_get(r.json, "bet"), "bet_id")));
	h_free(&r);
	CHECK(wallet(&u, &in_play) == 100000 - 4 * 1001 - 2000 && in_play == 4 * 1001 + 2000,
	    "in play");

	/* 1-1: home lost, draw won, home -0.25 half lost, under 2.5 won */
	result(&f, 1, 1, 1);
	bet_state(b_home, out, sizeof(out));
	CHECK(strcmp(out, "lost 0 1") == 0, "home lost: %s", out);
	bet_state(b_draw, out, sizeof(out));
	CHECK(strcmp(out, "won 3403 1") == 0, "draw won 1001 x 3.4: %s", out);
	bet_state(b_ah, out, sizeof(out));
	CHECK(strcmp(out, "half_lost 500 1") == 0, "home -0.25 half lost: %s", out);
	bet_state(b_under, out, sizeof(out));
	CHECK(strcmp(out, "won 1851 1") == 0, "under won 1001 x 1.85: %s", out);
	CHECK(
	    wallet(&u, &in_play) == 100000 - 4 * 1001 - 2000 + 3403 + 500 + 1851 && in_play == 2000,
	    "payouts credited, the settled stakes left play");
	ledger_clean();
	{
		int found, n = settled_notes(&u, "Your bet won", " Rovers v ", &found);

		CHECK(n == 4 && found, "four bets, four notifications (%d)", n);
		settled_notes(&u, "Your bet won", "odds 3.40 · stake 10.01 · paid 34.03", &found);
		CHECK(found, "the draw's figures");
		settled_notes(&u, "Your bet half lost", "paid 5.00", &found);
		CHECK(found, "the half loss");
	}

	/* the same result again: nothing moves */
	result(&f, 1, 1, 0);
	CHECK(wallet(&u, &in_play) == 100000 - 4 * 1001 - 2000 + 3403 + 500 + 1851, "paid once");
	{
		int found;

		CHECK(settled_notes(&u, "", "", &found) == 4, "and told once");
	}

	/* corrected to 2-1: home won, draw lost, home -0.25 won, under lost */
	result(&f, 2, 1, 1);
	bet_state(b_home, out, sizeof(out));
	CHECK(strcmp(out, "won 2102 2") == 0, "re-settled home won: %s", out);
	bet_state(b_draw, out, sizeof(out));
	CHECK(strcmp(out, "lost 0 2") == 0, "re-settled draw lost: %s", out);
	bet_state(b_ah, out, sizeof(out));
	CHECK(strcmp(out, "won 1951 2") == 0, "re-settled handicap won: %s", out);
	CHECK(wallet(&u, &in_play) == 100000 - 4 * 1001 - 2000 + 2102 + 1951,
	    "net of the correction");
	{
		int found,
		    n = settled_notes(&u, "Your bet lost (result corrected)", "paid 0.00", &found);

		CHECK(n == 8 && found, "the correction told too (%d)", n);
	}
	{
		char sql[512];

		snprintf(sql, sizeof(sql),
		    "SELECT count(*) || ' ' || string_agg(status, ',' ORDER BY version) "
		    "FROM t_demo.bet_settlements WHERE bet_id = '%s';",
		    b_draw);
		h_sql(0, out, sizeof(out), sql);
		CHECK(strcmp(out, "2 won,lost") == 0, "settlement history kept: %s", out);
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM t_demo.ledger_transactions WHERE "
		    "idempotency_key LIKE 'bet:%s:%%';",
		    b_draw);
		h_sql(0, out, sizeof(out), sql);
		CHECK(strcmp(out, "3") == 0,
		    "stake, settlement and one reversing re-settlement: %s", out);
	}
	ledger_clean();

	/* a cancelled event voids its bets */
	sql_ok(
	    "SET ROLE t_demo; UPDATE events SET status = 'cancelled', result_version = 1 WHERE id = '%s';"
	    "INSERT INTO jobs (kind, payload) VALUES ('settle', jsonb_build_object('event_id', '%s'));",
	    g.event, g.event);
	H_UNTIL((bet_state(b_void, out, sizeof(out)), strncmp(out, "void", 4) == 0),
	    "the bet of the cancelled event is void: %s", out);
	CHECK(strcmp(out, "void 2000 1") == 0, "void refunds the stake: %s", out);
	CHECK(
	    wallet(&u, &in_play) == 100000 - 4 * 1001 + 2102 + 1951 && in_play == 0, "all settled");
	CHECK(h_get(&u, "/social/bets?status=settled", &r) == 200 && r.json &&
	        json_array_size(json_object_get(r.json, "bets")) == 5,
	    "five settled (%s)", r.body);
	h_free(&r);
	CHECK(h_get(&u, "/bets?status=settled", &r) == 200 && h_contains(&r, "half") == 0 &&
	        h_contains(&r, "void"),
	    "settled page");
	h_free(&r);
	ledger_clean();
}
