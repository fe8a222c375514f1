/*
 * The outside audit's findings on accounts, sign-in, administration and the
 * edges of the HTTP surface: each test names the behaviour the fix promises.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static void
admin_in(struct client *a)
{
	*a = h_demo();
	CHECK(h_login(a, "demo_admin", "tailgate-demo-2026") == 200, "admin sign-in");
}

/* The idempotency key of the top-up form rendered for a member on /admin/users. */
static int
rendered_key(struct client *admin, const char *username, const char *id, char *key, size_t n)
{
	char path[160], action[128];
	const char *p, *v;
	struct resp r;
	int ok = 0;

	snprintf(path, sizeof(path), "/admin/users?q=%s", username);
	snprintf(action, sizeof(action), "action=\"/admin/users/%s/adjust\"", id);
	if (h_get(admin, path, &r) == 200 && (p = strstr(r.body, action)) != NULL &&
	    (p = strstr(p, "name=\"idempotency_key\" value=\"")) != NULL) {
		v = p + strlen("name=\"idempotency_key\" value=\"");
		snprintf(key, n, "%.*s", (int)strcspn(v, "\""), v);
		ok = key[0] != '\0';
	}
	h_free(&r);
	return ok;
}

ITEST(
    t_adjust_back, "audit-auth: Back and resubmit of a top-up does not pay twice; JSON adjustments")
static void
t_adjust_back(void)
{
	struct h_member m;
	struct client admin;
	char k1[80], k2[80], path[160], body[512];
	struct resp r;
	long long before;

	h_member_new(&m, "adj");
	admin_in(&admin);
	before = h_wallet_cash(&m.c);
	CHECK(rendered_key(&admin, m.name, m.id, k1, sizeof(k1)), "first rendering has a key");
	snprintf(path, sizeof(path), "/admin/users/%s/adjust", m.id);
	snprintf(body, sizeof(body),
	    "amount=200&direction=credit&memo=Prize&idempotency_key=%s"
	    "&csrf_token=%s",
	    k1, admin.csrf);
	CHECK(h_form(&admin, path, body, &r) == 303, "top-up (%ld)", r.status);
	h_free(&r);
	CHECK(h_wallet_cash(&m.c) == before + 20000, "credited once");

	/* Back: the page is rendered again (a new key), the admin submits again */
	CHECK(rendered_key(&admin, m.name, m.id, k2, sizeof(k2)) && strcmp(k1, k2) != 0,
	    "second rendering, another key");
	snprintf(body, sizeof(body),
	    "amount=200&direction=credit&memo=Prize&idempotency_key=%s"
	    "&csrf_token=%s",
	    k2, admin.csrf);
	CHECK(h_form(&admin, path, body, &r) == 409 && h_contains(&r, "again") &&
	        h_contains(&r, "name=\"repeat\""),
	    "an identical top-up asks for confirmation (%ld)", r.status);
	h_free(&r);
	CHECK(h_wallet_cash(&m.c) == before + 20000, "nothing paid by the resubmission (%lld)",
	    h_wallet_cash(&m.c) - before);
	/* a confirmed repeat pays once more, and only once */
	snprintf(body, sizeof(body),
	    "amount=200&direction=credit&memo=Prize&idempotency_key=%s"
	    "&repeat=1&csrf_token=%s",
	    k2, admin.csrf);
	CHECK(h_form(&admin, path, body, &r) == 303, "confirmed repeat (%ld)", r.status);
	h_free(&r);
	CHECK(h_form(&admin, path, body, &r) == 303, "the confirmation twice (%ld)", r.status);
	h_free(&r);
	CHECK(h_wallet_cash(&m.c) == before + 40000, "paid twice in all (%lld)",
	    h_wallet_cash(&m.c) - before);

	/* the JSON endpoint */
	snprintf(path, sizeof(path), "/admin/api/users/%s/adjustments", m.id);
	CHECK(h_json(&admin, "POST", path,
	          "{\"amount\": 20000, \"direction\": \"credit\", "
	          "\"idempotency_key\": \"json-adjust-000001\"}",
	          &r) == 409 &&
	        r.json &&
	        strcmp(jstr(json_object_get(r.json, "error"), "code"), "duplicate_adjustment") == 0,
	    "an identical adjustment within minutes: 409 duplicate_adjustment (%ld %s)", r.status,
	    r.body);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "{\"amount\": 1234, \"direction\": \"credit\", \"memo\": \"Bonus\", "
	    "\"idempotency_key\": \"json-%s\"}",
	    m.id);
	CHECK(h_json(&admin, "POST", path, body, &r) == 201 && r.json &&
	        json_is_false(json_object_get(r.json, "duplicate")) &&
	        json_integer_value(
	            json_object_get(json_object_get(r.json, "adjustment"), "amount")) == 1234,
	    "posted: 201 (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(h_json(&admin, "POST", path, body, &r) == 200 && r.json &&
	        json_is_true(json_object_get(r.json, "duplicate")),
	    "the same key again: 200 duplicate "
	    "(%ld %s)",
	    r.status, r.body);
	h_free(&r);
	snprintf(body, sizeof(body),
	    "{\"amount\": 999, \"direction\": \"credit\", "
	    "\"idempotency_key\": \"json-%s\"}",
	    m.id);
	CHECK(h_json(&admin, "POST", path, body, &r) == 409 && r.json &&
	        strcmp(jstr(json_object_get(r.json, "error"), "code"), "idempotency_key_reused") ==
	            0,
	    "the key with another amount: 409 (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(h_json(&admin, "POST", path,
	          "{\"amount\": 0, \"direction\": \"sideways\", "
	          "\"idempotency_key\": \"x\"}",
	          &r) == 422 &&
	        r.json &&
	        json_object_get(
	            json_object_get(json_object_get(r.json, "error"), "fields"), "amount") &&
	        json_object_get(
	            json_object_get(json_object_get(r.json, "error"), "fields"), "direction"),
	    "invalid fields: 422 with fields (%ld %s)", r.status, r.body);
	h_free(&r);
	CHECK(h_wallet_cash(&m.c) == before + 40000 + 1234, "JSON paid once (%lld)",
	    h_wallet_cash(&m.c) - before);
}

/* ---- sign-up limits and hashing ---- */

static int
conf_value(const char *key)
{
	char out[256], *p;

	if (h_sh(out, sizeof(out), "scripts/stack.sh tailgate config 2>/dev/null | grep '^%s '",
	        key) != 0 ||
	    (p = strchr(out, '=')) == NULL)
		return -1;
	return atoi(p + 1);
}

ITEST(t_signup_limits, "audit-auth: sign-ups are limited per address and per brand")
static void
t_signup_limits(void)
{
	struct client v6 = h_acme(), c;
	char name[40], id[37], sql[512], out[256];
	int ip_limit = conf_value("auth.signup_ip_limit");
	int brand_limit = conf_value("auth.signup_brand_limit");

	CHECK(ip_limit > 0 && brand_limit > 0, "limits configured (%d, %d)", ip_limit, brand_limit);
	v6.ipv6 = 1;
	/* This hour ::1 has already created all but two accounts allowed. */
	snprintf(sql, sizeof(sql),
	    "INSERT INTO t_acme.signup_counts (scope, key, window_start, count) "
	    "VALUES ('ip', '::1', now(), %d) ON CONFLICT (scope, key) DO UPDATE SET "
	    "window_start = now(), count = EXCLUDED.count;",
	    ip_limit - 2);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "seed: %s", out);
	for (int i = 0; i < 2; i++) {
		c = v6;
		h_unique(name, sizeof(name), "lim");
		CHECK(h_signup(&c, name, H_PASSWORD, id) == 201, "sign-up %d within the limit", i);
	}
	c = v6;
	h_unique(name, sizeof(name), "lim");
	{
		struct resp r;
		char body[256], hdr[32];

		snprintf(body, sizeof(body),
		    "{\"username\": \"%s\", \"email\": \"%s@example.test\", "
		    "\"password\": \"%s\"}",
		    name, name, H_PASSWORD);
		CHECK(h_json(&c, "POST", "/social/auth/signup", body, &r) == 429 && r.json &&
		        strcmp(jstr(json_object_get(r.json, "error"), "code"),
		            "too_many_requests") == 0 &&
		        h_header(&r, "Retry-After", hdr, sizeof(hdr)) && atoi(hdr) >= 1,
		    "one more from the address: 429 with Retry-After (%ld %s)", r.status, r.body);
		h_free(&r);
		snprintf(body, sizeof(body), "username=%s&email=%s%%40example.test&password=%s",
		    name, name, H_PASSWORD);
		CHECK(h_form(&c, "/signup", body, &r) == 429 && h_contains(&r, "sign-ups"),
		    "the page says so too (%ld)", r.status);
		h_free(&r);
	}
	snprintf(
	    sql, sizeof(sql), "SELECT count(*) FROM t_acme.users WHERE username = '%s';", name);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0 && strcmp(out, "0") == 0, "no account created");
	c = h_acme();
	h_unique(name, sizeof(name), "lim");
	CHECK(h_signup(&c, name, H_PASSWORD, id) == 201, "another address still signs up");

	/* The brand as a whole: all but one allowed this hour, from any address. */
	snprintf(sql, sizeof(sql),
	    "INSERT INTO t_acme.signup_counts (scope, key, window_start, count) "
	    "VALUES ('brand', '', now(), %d) ON CONFLICT (scope, key) DO UPDATE SET "
	    "window_start = now(), count = EXCLUDED.count;",
	    brand_limit - 1);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "seed: %s", out);
	c = h_acme();
	h_unique(name, sizeof(name), "lim");
	CHECK(h_signup(&c, name, H_PASSWORD, id) == 201, "the last one of the hour");
	c = h_acme();
	h_unique(name, sizeof(name), "lim");
	CHECK(h_signup(&c, name, H_PASSWORD, id) == 429, "the brand is full for the hour");
	c = h_demo();
	h_unique(name, sizeof(name), "lim");
	CHECK(h_signup(&c, name, H_PASSWORD, id) == 201, "another brand is not");
	CHECK(
	    h_sql(0, out, sizeof(out), "DELETE FROM t_acme.signup_counts;") == 0, "reset: %s", out);
}

ITEST(t_signup_brand_config, "audit-auth: a brand's own sign-up limit (tenant.json limits)")
static void
t_signup_brand_config(void)
{
	struct client c = h_acme();
	char name[40], id[37], out[256];

	c.ipv6 = 1;
	/* acme allows two sign-ups per address an hour, and ::1 has had two */
	CHECK(h_sql(0, out, sizeof(out),
	          "UPDATE platform.tenants SET config = jsonb_set(config, "
	          "'{limits,signups_per_address_per_hour}', '2') WHERE slug = 'acme'; "
	          "INSERT INTO t_acme.signup_counts (scope, key, window_start, count) "
	          "VALUES ('ip', '::1', now(), 2) ON CONFLICT (scope, key) DO UPDATE SET "
	          "window_start = now(), count = 2;") == 0,
	    "configure: %s", out);
	h_reload();
	h_unique(name, sizeof(name), "cfg");
	CHECK(h_signup(&c, name, H_PASSWORD, id) == 429, "the brand's limit refuses a third");
	CHECK(h_sql(0, out, sizeof(out),
	          "UPDATE platform.tenants SET config = config #- "
	          "'{limits,signups_per_address_per_hour}' WHERE slug = 'acme';") == 0,
	    "restore: %s", out);
	h_reload();
	c = h_acme();
	c.ipv6 = 1;
	h_unique(name, sizeof(name), "cfg");
	CHECK(h_signup(&c, name, H_PASSWORD, id) == 201, "the server's limit again");
	CHECK(
	    h_sql(0, out, sizeof(out), "DELETE FROM t_acme.signup_counts;") == 0, "reset: %s", out);
}

ITEST(t_signin_not_behind_signup, "audit-auth: sign-ins do not wait behind sign-ups' hashing")
static void
t_signin_not_behind_signup(void)
{
	const char *e = getenv("TAILGATE_AUTH_PWHASH_CONCURRENCY");
	int slots = e && atoi(e) > 0 ? atoi(e) : 1, fds[16], held = 0;
	struct h_member m;
	struct client c = h_demo();
	char name[40], id[37];

	h_member_new(&m, "hash");
	/* Every slot for new password hashes is busy (sign-ups hashing). The
	 * slots are lock files beside the FastCGI socket, in the directory of
	 * the application's user (scripts/stack.sh): a slot file this test
	 * creates is handed to that user, or the app could not open it. */
	for (int i = 0; i < slots && i < 16; i++) {
		char dir[512], path[600];
		struct stat st;

		snprintf(dir, sizeof(dir), "%s/run/app", h_var());
		snprintf(path, sizeof(path), "%s/pwhash.%d.lock", dir, i);
		fds[i] = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fds[i] >= 0 && stat(dir, &st) == 0 && fchown(fds[i], st.st_uid, st.st_gid) != 0)
			CHECK(0, "hand %s to the app's user", path);
		if (fds[i] >= 0 && flock(fds[i], LOCK_EX) == 0)
			held++;
	}
	CHECK(held == slots, "held %d of %d slots", held, slots);
	CHECK(h_login(&c, m.name, H_PASSWORD) == 200, "a sign-in goes through");
	c = h_demo();
	h_unique(name, sizeof(name), "hash");
	CHECK(h_signup(&c, name, H_PASSWORD, id) == 503, "a sign-up waits for a slot, then 503");
	for (int i = 0; i < slots && i < 16; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* ---- sign-in throttling ---- */

ITEST(t_throttle_account_address, "audit-auth: sign-in throttling per account and per address")
static void
t_throttle_account_address(void)
{
	struct h_member m, x, y;
	struct client c = h_demo(), v6 = h_demo();
	char email[128], out[256];

	/* username and email are one account: 3 + 2 failures reach the limit of 5 */
	h_member_new(&m, "thr");
	snprintf(email, sizeof(email), "%s@example.test", m.name);
	for (int i = 0; i < 3; i++)
		CHECK(h_login(&c, m.name, "definitely-wrong-1") == 401, "username failure %d", i);
	for (int i = 0; i < 2; i++)
		CHECK(h_login(&c, email, "definitely-wrong-1") == 401, "email failure %d", i);
	CHECK(h_login(&c, m.name, H_PASSWORD) == 429, "the account is locked, by either name");

	/* An address that failed too often does not lock out other people's accounts. */
	v6.ipv6 = 1;
	h_member_new(&x, "thr");
	h_member_new(&y, "thr");
	CHECK(
	    h_sql(0, out, sizeof(out),
	        "INSERT INTO t_demo.auth_throttle (scope, key, failures, "
	        "last_failure_at, locked_until) VALUES ('ip', '::1', 10000, now(), now() + interval "
	        "'1 hour') ON CONFLICT (scope, key) DO UPDATE SET failures = 10000, "
	        "last_failure_at = now(), locked_until = now() + interval '1 hour';") == 0,
	    "seed: %s", out);
	CHECK(h_login(&v6, x.name, H_PASSWORD) == 200, "another account's right password works");
	v6.cookie[0] = '\0';
	CHECK(h_login(&v6, y.name, "definitely-wrong-1") == 401, "a wrong one is refused");
	CHECK(h_login(&v6, y.name, H_PASSWORD) == 429,
	    "the locked address gets no second try at an account it failed on");
	c = h_demo();
	CHECK(h_login(&c, y.name, H_PASSWORD) == 200, "from elsewhere that account signs in");
	CHECK(h_sql(0, out, sizeof(out),
	          "DELETE FROM t_demo.auth_throttle WHERE key LIKE '::1%';") == 0,
	    "reset: %s", out);
}

/* ---- client mistakes are 4xx ---- */

ITEST(t_client_mistakes_4xx, "audit-auth: client mistakes are 4xx, not 500")
static void
t_client_mistakes_4xx(void)
{
	struct client admin, a = h_acme();
	char name[40], id[37], path[160], body[1024];
	struct resp r;

	admin_in(&admin);
	/* a member of another brand */
	h_unique(name, sizeof(name), "oth");
	CHECK(h_signup(&a, name, H_PASSWORD, id) == 201, "acme sign-up");
	snprintf(path, sizeof(path), "/admin/users/%s/adjust", id);
	snprintf(body, sizeof(body),
	    "amount=5&direction=credit&idempotency_key=other-brand-%s"
	    "&csrf_token=%s",
	    id, admin.csrf);
	CHECK(h_form(&admin, path, body, &r) == 404, "top-up of another brand's member (%ld)",
	    r.status);
	h_free(&r);
	snprintf(path, sizeof(path), "/admin/api/users/%s/adjustments", id);
	snprintf(body, sizeof(body),
	    "{\"amount\": 500, \"direction\": \"credit\", "
	    "\"idempotency_key\": \"other-brand-json-%s\"}",
	    id);
	CHECK(h_json(&admin, "POST", path, body, &r) == 404 && r.json &&
	        strcmp(jstr(json_object_get(r.json, "error"), "code"), "not_found") == 0,
	    "JSON: 404 (%ld %s)", r.status, r.body);
	h_free(&r);

	/* an operator-feed event far in the future */
	h_unique(name, sizeof(name), "far");
	snprintf(body, sizeof(body),
	    "{\"external_id\": \"%s\", \"sport\": \"football\", "
	    "\"competition\": {\"code\": \"%s-L\", \"name\": \"Far League\", \"country\": \"Testland\"}, "
	    "\"home_team\": \"%s Home\", \"away_team\": \"%s Away\", "
	    "\"starts_at\": \"2100-01-01T12:00:00Z\"}",
	    name, name, name, name);
	CHECK(h_json(&admin, "POST", "/admin/api/events", body, &r) == 422 && r.json &&
	        json_object_get(
	            json_object_get(json_object_get(r.json, "error"), "fields"), "starts_at"),
	    "an event in 2100: 422 on starts_at (%ld %s)", r.status, r.body);
	h_free(&r);

	/* anything but GET on a live channel */
	{
		const char *methods[] = { "POST", "PUT", "DELETE", "PATCH" };

		for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			snprintf(path, sizeof(path), "/live/%s", id);
			CHECK(h_req(&admin, methods[i], path, "text/plain", "x", &r, NULL, NULL) ==
			        405,
			    "%s /live/<id>: %ld", methods[i], r.status);
			h_free(&r);
		}
	}
}

/* ---- smaller findings ---- */

ITEST(t_origin_port_scheme, "audit-auth: the Origin check compares scheme, host and port")
static void
t_origin_port_scheme(void)
{
	struct client c = h_demo();
	char o[128];
	struct resp r;

	snprintf(o, sizeof(o), "Origin: http://demo.localhost:%d", h_port() == 1 ? 2 : 1);
	CHECK(h_req(&c, "POST", "/signin", "application/x-www-form-urlencoded",
	          "login=alice&password=tailgate-demo-2026", &r, o, NULL) == 403,
	    "another port (%ld)", r.status);
	h_free(&r);
	snprintf(o, sizeof(o), "Origin: https://demo.localhost:%d", h_port());
	CHECK(h_req(&c, "POST", "/signin", "application/x-www-form-urlencoded",
	          "login=alice&password=tailgate-demo-2026", &r, o, NULL) == 403,
	    "another scheme (%ld)", r.status);
	h_free(&r);
	snprintf(o, sizeof(o), "Origin: http://demo.localhost:%d", h_port());
	CHECK(h_req(&c, "POST", "/signin", "application/x-www-form-urlencoded",
	          "login=alice&password=tailgate-demo-2026", &r, o, NULL) == 303,
	    "the same origin (%ld)", r.status);
	h_free(&r);
}

ITEST(t_display_names, "audit-auth: display names refuse bidi controls and invisible-only names")
static void
t_display_names(void)
{
	struct h_member m;
	struct client c = h_demo();
	struct resp r;
	const char *bad[] = {
		"{\"display_name\": \"evil\\u202egnp.exe\"}",
		"{\"display_name\": \"\\u200b\\u200b\\u200b\"}",
		"{\"display_name\": \"\\u2066x\\u2069\"}",
		"{\"display_name\": \"\\u200d \\ufeff\"}",
	};
	char name[40], body[512];

	h_member_new(&m, "dn");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(h_json(&m.c, "PATCH", "/social/me", bad[i], &r) == 422 && r.json &&
		        json_object_get(json_object_get(json_object_get(r.json, "error"), "fields"),
		            "display_name"),
		    "%s: %ld %s", bad[i], r.status, r.body);
		h_free(&r);
	}
	CHECK(h_json(&m.c, "PATCH", "/social/me",
	          "{\"display_name\": \"Zo\\u00eb \\u0645\\u062d\\u0645\\u062f\"}", &r) == 200,
	    "accents and right-to-left letters are fine (%ld %s)", r.status, r.body);
	h_free(&r);
	h_unique(name, sizeof(name), "dn");
	snprintf(body, sizeof(body),
	    "{\"username\": \"%s\", \"email\": \"%s@example.test\", "
	    "\"password\": \"%s\", \"display_name\": \"\\u200b\"}",
	    name, name, H_PASSWORD);
	CHECK(h_json(&c, "POST", "/social/auth/signup", body, &r) == 422, "at sign-up too (%ld)",
	    r.status);
	h_free(&r);
}

/* Notifications are written by the worker's notify jobs: waits for them. */
static int
has_notification(struct client *c, const char *title)
{
	struct resp r;
	int found = 0;
	size_t i;
	json_t *n;

	h_drain("notify");
	if (h_json(c, "GET", "/social/notifications", NULL, &r) == 200 && r.json)
		json_array_foreach(json_object_get(r.json, "notifications"), i,
		    n) if (strcmp(jstr(n, "title"), title) == 0) found = 1;
	h_free(&r);
	return found;
}

ITEST(t_platform_admin_role, "audit-auth: brand admins cannot change a platform admin's role")
static void
t_platform_admin_role(void)
{
	struct h_member m, u;
	struct client pa;
	char path[160], body[256], out[256], pa_id[37];
	struct resp r;

	admin_in(&pa);
	CHECK(h_me(&pa, pa_id) == 200, "platform admin's id");
	h_member_new(&m, "ba");
	snprintf(path, sizeof(path), "/admin/users/%s/role", m.id);
	snprintf(body, sizeof(body), "role=admin&csrf_token=%s", pa.csrf);
	CHECK(h_form(&pa, path, body, &r) == 303, "made a brand admin (%ld)", r.status);
	h_free(&r);
	CHECK(has_notification(&m.c, "You are now an admin"), "told: an admin");
	CHECK(h_me(&m.c, NULL) == 200, "csrf");
	snprintf(path, sizeof(path), "/admin/users/%s/role", pa_id);
	snprintf(body, sizeof(body), "role=user&csrf_token=%s", m.c.csrf);
	CHECK(h_form(&m.c, path, body, &r) == 403,
	    "the brand admin demotes the platform admin (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body), "SELECT role FROM t_demo.users WHERE id = '%s';", pa_id);
	CHECK(h_sql(0, out, sizeof(out), body) == 0 && strcmp(out, "admin") == 0, "still admin: %s",
	    out);
	/* undo whatever happened, for the tests after this one */
	snprintf(
	    body, sizeof(body), "UPDATE t_demo.users SET role = 'admin' WHERE id = '%s';", pa_id);
	h_sql(0, out, sizeof(out), body);

	/* a brand admin still manages other members, with the right article */
	h_member_new(&u, "ba");
	snprintf(path, sizeof(path), "/admin/users/%s/role", u.id);
	snprintf(body, sizeof(body), "role=moderator&csrf_token=%s", m.c.csrf);
	CHECK(h_form(&m.c, path, body, &r) == 303, "brand admin makes a moderator (%ld)", r.status);
	h_free(&r);
	snprintf(body, sizeof(body), "role=user&csrf_token=%s", m.c.csrf);
	CHECK(h_form(&m.c, path, body, &r) == 303, "and back (%ld)", r.status);
	h_free(&r);
	CHECK(has_notification(&u.c, "You are now a moderator"), "told: a moderator");
	CHECK(has_notification(&u.c, "You are now a user"), "told: a user");
}
