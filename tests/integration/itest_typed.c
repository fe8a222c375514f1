/*
 * Typed, declared input over the real stack: a path parameter declared with
 * a type ({post_id:uuid}, {username:username}) answers 404 for a malformed
 * value before any handler runs (JSON for the API, HTML for pages); a well
 * formed unknown id still reaches the handler; typed fields refuse with the
 * field's path in `fields`, nested ones included.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static const char *
error_code(const struct resp *r)
{
	json_t *e = r->json ? json_object_get(r->json, "error") : NULL;

	return e ? h_jstr(e, "code") : "";
}

static json_t *
error_fields(const struct resp *r)
{
	json_t *e = r->json ? json_object_get(r->json, "error") : NULL;

	return e ? json_object_get(e, "fields") : NULL;
}

ITEST(t_typed_path_params, "typed: a malformed path id is a 404 before the handler")
static void
t_typed_path_params(void)
{
	static const struct {
		const char *method, *path;
		int json;
	} bad[] = {
		{ "GET", "/social/posts/not-a-uuid", 1 },
		{ "POST", "/social/posts/not-a-uuid/like", 1 },
		{ "DELETE", "/social/posts/not-a-uuid/like", 1 },
		{ "GET", "/social/bets/01a20000-0000-7000-8000-00000000000", 1 },
		{ "GET", "/social/events/123", 1 },
		{ "GET", "/social/users/nope/profile", 1 },
		{ "DELETE", "/social/users/nope/follow", 1 },
		{ "GET", "/social/copy-trading/relationships/x", 1 },
		{ "GET", "/posts/not-a-uuid", 0 },
		{ "GET", "/events/not-a-uuid", 0 },
		{ "GET", "/u/a.b", 0 },
		{ "GET", "/u/ab/bets", 0 },
		{ "GET", "/copy/not-a-uuid/settings", 0 },
	};
	struct h_member m;
	struct h_event ev;
	struct resp r;
	char path[128], upper[37];

	h_member_new(&m, "typed");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int get = strcmp(bad[i].method, "GET") == 0;

		CHECK((bad[i].json ? h_json(&m.c, bad[i].method, bad[i].path, get ? NULL : "{}", &r)
		                   : h_get(&m.c, bad[i].path, &r)) == 404,
		    "%s %s: 404 (%ld)", bad[i].method, bad[i].path, r.status);
		if (bad[i].json)
			CHECK(strcmp(error_code(&r), "not_found") == 0,
			    "%s %s: JSON not_found (%s)", bad[i].method, bad[i].path, r.body);
		else
			CHECK(!r.json && h_contains(&r, "<html"), "%s %s: an HTML page",
			    bad[i].method, bad[i].path);
		h_free(&r);
	}
	/* a well-formed id reaches the handler: its own 404, and any case */
	CHECK(h_get(&m.c, "/social/posts/01a20000-0000-7000-8000-000000000000", &r) == 404,
	    "unknown post (%ld)", r.status);
	h_free(&r);
	CHECK(h_event_new(&ev, 86400) == 0, "fixture");
	for (size_t i = 0; i <= strlen(ev.event); i++)
		upper[i] = (char)toupper((unsigned char)ev.event[i]);
	snprintf(path, sizeof(path), "/social/events/%s", upper);
	CHECK(h_get(&m.c, path, &r) == 200, "an upper-case id is an id (%ld)", r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/u/%s", m.name);
	CHECK(h_get(&m.c, path, &r) == 200, "a member's page (%ld)", r.status);
	h_free(&r);
}

ITEST(t_typed_fields, "typed: typed fields refuse with the field's path, nested ones included")
static void
t_typed_fields(void)
{
	struct h_member m;
	struct h_event ev;
	struct client a = h_demo();
	struct resp r;
	char body[2048];
	json_t *f;

	h_member_new(&m, "typedf");
	CHECK(h_event_new(&ev, 86400) == 0, "fixture");
	/* the API's money is whole minor units; its probability a fraction */
	snprintf(body, sizeof(body),
	    "{\"selection_id\": %ld, \"stake\": \"10.00\", \"odds\": 2.05, "
	    "\"idempotency_key\": \"t1\", \"win_probability\": 55}",
	    ev.home);
	CHECK(h_json(&m.c, "POST", "/social/bets", body, &r) == 422, "bad stake (%ld)", r.status);
	f = error_fields(&r);
	CHECK(f && strcmp(h_jstr(f, "stake"), "must be a whole number") == 0 &&
	        json_object_get(f, "win_probability") && !json_object_get(f, "odds"),
	    "stake and win_probability named: %s", r.body);
	h_free(&r);
	/* the same fields on the slip form: "12.50" and a percentage */
	snprintf(body, sizeof(body),
	    "selection_id=%ld&odds=1.5x&stake=12.505&win_probability=100"
	    "&idempotency_key=typedslipkey0001&csrf_token=%s",
	    ev.home, m.c.csrf);
	CHECK(h_form(&m.c, "/bets", body, &r) == 422 && h_contains(&r, "Stake") &&
	        h_contains(&r, "must be a percentage between 0.01 and 99.99"),
	    "the slip re-rendered (%ld)", r.status);
	h_free(&r);
	/* nested JSON: the operator feed names the member that is wrong */
	CHECK(h_login(&a, "demo_admin", "tailgate-demo-2026") == 200, "admin login");
	snprintf(body, sizeof(body),
	    "{\"external_id\": \"typed-%s\", \"sport\": \"football\", "
	    "\"competition\": {\"code\": \"TY\", \"name\": \"Typed League\"}, \"home_team\": \"A\", "
	    "\"away_team\": \"B\", \"starts_at\": \"2030-01-01T12:00:00Z\", \"markets\": [{\"kind\": "
	    "\"1x2\", \"selections\": [{\"outcome\": \"home\", \"odds\": 2}, {\"outcome\": \"draw\", "
	    "\"odds\": 0.5}, {\"outcome\": \"away\", \"odds\": 3}]}]}",
	    m.id);
	CHECK(h_json(&a, "POST", "/admin/api/events", body, &r) == 422, "bad odds (%ld)", r.status);
	f = error_fields(&r);
	CHECK(f && json_object_get(f, "markets[0].selections[1].odds") && json_object_size(f) == 1,
	    "the nested path: %s", r.body);
	h_free(&r);
}
