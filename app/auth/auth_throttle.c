/*
 * Failed sign-ins, counted per account and per client address in the
 * tenant's auth_throttle table. Counts older than an hour start over.
 * Past the limit each failure doubles the lock (1 s, 2 s, 4 s ... 15 min).
 */
#include "auth.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"

long
auth_throttle_wait(struct http_req *req, const char *username)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT coalesce(ceil(extract(epoch FROM max(locked_until) - now())), 0)::bigint "
	    "FROM auth_throttle WHERE locked_until > now() AND "
	    "((scope = 'user' AND key = lower($1)) OR (scope = 'ip' AND key = $2))", 2);
	PGresult *r = db_query(req->a, &q,
	    DB_P(username, req->remote_addr ? req->remote_addr : ""));

	return r ? db_ll(r, 0, 0) : 0;
}

static void
fail_one(struct http_req *req, const char *scope, const char *key, int limit)
{
	static struct db_stmt q_inc = DB_STMT(
	    "INSERT INTO auth_throttle AS t (scope, key, failures, last_failure_at) "
	    "VALUES ($1, lower($2), 1, now()) ON CONFLICT (scope, key) DO UPDATE SET "
	    "failures = CASE WHEN t.last_failure_at < now() - interval '1 hour' THEN 1 "
	    "ELSE t.failures + 1 END, last_failure_at = now() RETURNING failures", 2);
	static struct db_stmt q_lock = DB_STMT(
	    "UPDATE auth_throttle SET locked_until = now() + make_interval(secs => $3::int) "
	    "WHERE scope = $1 AND key = lower($2)", 3);
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
auth_throttle_fail(struct http_req *req, const char *username)
{
	if (username != NULL && *username)
		fail_one(req, "user", username, conf.login_user_limit);
	if (req->remote_addr != NULL && *req->remote_addr)
		fail_one(req, "ip", req->remote_addr, conf.login_ip_limit);
}

void
auth_throttle_clear(struct http_req *req, const char *username)
{
	static struct db_stmt q = DB_STMT(
	    "DELETE FROM auth_throttle WHERE scope = 'user' AND key = lower($1)", 1);

	db_cmd(req->a, &q, DB_P(username));
}
