/*
 * Anonymous attempts, counted in the tenant's tables.
 *
 * Failed sign-ins (auth_throttle): per account ('user', keyed by account id,
 * or the login as typed when no account has it), per address ('ip') and per
 * address and account ('pair'). Counts older than an hour start over. Past a
 * limit each failure doubles the lock (1 s, 2 s, 4 s ... 15 min). An
 * account's lock refuses every attempt on it; an address's lock refuses only
 * the accounts that address failed on, so the people who share an address
 * with a guesser still sign in with their right passwords.
 *
 * Sign-ups (signup_counts): per address and per brand, in windows of an hour.
 */
#include "auth.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"

static const char *
addr(const struct http_req *req)
{
	return req->remote_addr ? req->remote_addr : "";
}

long
auth_throttle_wait(struct http_req *req, const char *account)
{
	static struct db_stmt q =
	    DB_STMT("SELECT coalesce(greatest("
	            "(SELECT ceil(extract(epoch FROM locked_until - now())) FROM auth_throttle "
	            "WHERE scope = 'user' AND key = lower($1) AND locked_until > now()), "
	            "(SELECT ceil(extract(epoch FROM i.locked_until - now())) FROM auth_throttle i "
	            "JOIN auth_throttle p ON p.scope = 'pair' AND p.key = lower($2 || ' ' || $1) "
	            "AND p.last_failure_at > now() - interval '1 hour' "
	            "WHERE i.scope = 'ip' AND i.key = $2 AND i.locked_until > now())), 0)::bigint",
	        2);
	PGresult *r = db_query(req->a, &q, DB_P(account, addr(req)));

	return r ? db_ll(r, 0, 0) : 0;
}

static void
fail_one(struct http_req *req, const char *scope, const char *key, int limit)
{
	static struct db_stmt q_inc =
	    DB_STMT("INSERT INTO auth_throttle AS t (scope, key, failures, last_failure_at) "
	            "VALUES ($1, lower($2), 1, now()) ON CONFLICT (scope, key) DO UPDATE SET "
	            "failures = CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 "
	            "ELSE t.failures + 1 END, last_failure_at = now() RETURNING failures",
	        2);
	static struct db_stmt q_lock = DB_STMT(
	    "UPDATE auth_throttle SET locked_until = now() + make_interval(secs => $3::int) "
	    "WHERE scope = $1 AND key = lower($2)",
	    3);
	PGresult *r = db_query(req->a, &q_inc, DB_P(scope, key));
	long secs;
	char s[24];

	if (r == NULL)
		return;
	if ((secs = auth_throttle_backoff((int)db_ll(r, 0, 0), limit)) > 0) {
		snprintf(s, sizeof(s), "%ld", secs);
		db_cmd(req->a, &q_lock, DB_P(scope, key, s));
	}
}

void
auth_throttle_fail(struct http_req *req, const char *account)
{
	if (account != NULL && *account)
		fail_one(req, "user", account, conf.login_user_limit);
	if (*addr(req)) {
		fail_one(req, "ip", addr(req), conf.login_ip_limit);
		if (account != NULL && *account) /* counted, never locked by itself */
			fail_one(req, "pair", arena_printf(req->a, "%s %s", addr(req), account),
			    INT_MAX);
	}
}

void
auth_throttle_clear(struct http_req *req, const char *account)
{
	static struct db_stmt q =
	    DB_STMT("DELETE FROM auth_throttle WHERE (scope = 'user' AND key = lower($1)) "
	            "OR (scope = 'pair' AND key = lower($2 || ' ' || $1))",
	        2);

	db_cmd(req->a, &q, DB_P(account, addr(req)));
}

long
auth_signup_wait(struct http_req *req, int count, int ip_limit, int brand_limit)
{
	static struct db_stmt q_look = DB_STMT(
	    "SELECT coalesce(max(ceil(extract(epoch FROM window_start + interval '1 hour' - now()))), "
	    "0)::bigint FROM signup_counts WHERE window_start > now() - interval '1 hour' AND "
	    "((scope = 'ip' AND key = $1 AND count >= $2::int) OR "
	    "(scope = 'brand' AND key = '' AND count >= $3::int))",
	    3);
	/* rows locked in one order (address, then brand): no deadlock */
	static struct db_stmt q_count = DB_STMT(
	    "INSERT INTO signup_counts AS c (scope, key, window_start, count) "
	    "VALUES ('ip', $1, now(), 1), ('brand', '', now(), 1) "
	    "ON CONFLICT (scope, key) DO UPDATE SET "
	    "count = CASE WHEN c.window_start <= now() - interval '1 hour' THEN 1 "
	    "ELSE c.count + 1 END, "
	    "window_start = CASE WHEN c.window_start <= now() - interval '1 hour' THEN now() "
	    "ELSE c.window_start END "
	    "RETURNING scope, count, "
	    "greatest(1, ceil(extract(epoch FROM window_start + interval '1 hour' - now())))::bigint",
	    1);
	char ip[16], brand[16];
	long wait = 0;
	PGresult *r;

	snprintf(ip, sizeof(ip), "%d", ip_limit);
	snprintf(brand, sizeof(brand), "%d", brand_limit);
	if (!count) {
		r = db_query(req->a, &q_look, DB_P(addr(req), ip, brand));
		return r ? db_ll(r, 0, 0) : -1;
	}
	if ((r = db_query(req->a, &q_count, DB_P(addr(req)))) == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++) {
		int limit = strcmp(db_val(r, i, 0), "ip") == 0 ? ip_limit : brand_limit;

		if (db_ll(r, i, 1) > limit && db_ll(r, i, 2) > wait)
			wait = db_ll(r, i, 2);
	}
	return wait;
}
