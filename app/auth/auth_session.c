/* Sessions and CSRF, inside the request's tenant transaction. */
#include "auth.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../db/db.h"
#include "../http/http.h"
#include "../tenancy/tenancy.h"

const char *
auth_cookie_name(void)
{
	return conf.cookie_secure ? "__Host-tg_session" : "tg_session";
}

static void
set_cookie(struct http_req *req, const char *value, long max_age)
{
	char v[256];

	snprintf(v, sizeof(v), "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
	    auth_cookie_name(), value, max_age, conf.cookie_secure ? "; Secure" : "");
	http_set_header(req, "Set-Cookie", v);
}

/* The session with its member, plus the columns other modules add
 * (auth_session_column: the header badges), in one statement: a signed-in
 * page reads its session and badges in one round trip. */
#define SESSION_COLS                                                                \
	"SELECT s.id, s.csrf_token, u.id, u.username, u.display_name, u.role, "     \
	"s.last_seen_at < now() - interval '60 seconds', u.platform_admin, u.bio, " \
	"array_to_json(u.favourite_sports)::text, to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
#define SESSION_BASE_NCOLS 11
#define SESSION_FROM                                         \
	" FROM sessions s JOIN users u ON u.id = s.user_id " \
	"WHERE s.token_hash = $1 AND s.expires_at > now() "  \
	"AND s.last_seen_at > now() - make_interval(secs => $2::int) AND u.status = 'active'"
static struct db_stmt q_session = DB_STMT(SESSION_COLS SESSION_FROM, 2);
static const char *extra_cols[HTTP_USER_EXTRAS];
static int nextra, session_built;

int
auth_session_column(const char *expr)
{
	if (session_built || nextra == HTTP_USER_EXTRAS)
		return -1;
	extra_cols[nextra] = expr;
	return nextra++;
}

/* The statement with the registered columns, built once per process at the
 * first session read (registration is over by then). */
static void
session_build(void)
{
	static char sql[4096];
	size_t n;

	session_built = 1;
	if (nextra == 0)
		return;
	n = (size_t)snprintf(sql, sizeof(sql), "%s", SESSION_COLS);
	for (int i = 0; i < nextra && n < sizeof(sql); i++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, ", (%s)", extra_cols[i]);
	if (n < sizeof(sql))
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s", SESSION_FROM);
	if (n >= sizeof(sql)) {
		log_error("auth: the session statement with its %d columns is too long", nextra);
		nextra = 0;
		return;
	}
	q_session.sql = sql;
}

const char *
auth_session_value(const struct http_req *req, int index)
{
	if (req->user == NULL || index < 0 || index >= HTTP_USER_EXTRAS)
		return NULL;
	return req->user->extras[index];
}

int
auth_session_prepare(struct http_req *req, struct db_first *first)
{
	char hash[AUTH_HASH_HEX + 1];
	const char **p;

	memset(first, 0, sizeof(*first));
	req->session_token = http_kvs_get(&req->cookies, auth_cookie_name());
	if (req->session_token == NULL || auth_token_hash(req->session_token, hash) != 0)
		return 0;
	if ((p = arena_alloc(req->a, 2 * sizeof(*p))) == NULL)
		return 0;
	if (!session_built)
		session_build();
	p[0] = arena_strdup(req->a, hash);
	p[1] = arena_printf(req->a, "%d", conf.session_idle);
	first->st = &q_session;
	first->params = p;
	first->a = req->a;
	return 1;
}

int
auth_session_apply(struct http_req *req, const PGresult *r)
{
	struct http_user *u;

	if (r == NULL || db_rows(r) != 1)
		return DB_OK;
	if ((u = arena_calloc(req->a, 1, sizeof(*u))) == NULL)
		return DB_ERR;
	u->session_id = db_ll(r, 0, 0);
	snprintf(u->csrf, sizeof(u->csrf), "%s", db_val(r, 0, 1));
	snprintf(u->id, sizeof(u->id), "%s", db_val(r, 0, 2));
	snprintf(u->username, sizeof(u->username), "%s", db_val(r, 0, 3));
	snprintf(u->display_name, sizeof(u->display_name), "%s", db_val(r, 0, 4));
	u->role = auth_role_parse(db_val(r, 0, 5));
	u->touch = db_val(r, 0, 6)[0] == 't';
	u->platform_admin = db_val(r, 0, 7)[0] == 't';
	/* The result lives as long as the request's arena. */
	u->bio = db_val(r, 0, 8);
	u->sports_json = db_val(r, 0, 9);
	u->member_since = db_val(r, 0, 10);
	for (int i = 0; i < nextra; i++)
		u->extras[i] = db_val(r, 0, SESSION_BASE_NCOLS + i);
	req->user = u;
	return DB_OK;
}

static int
delete_session(struct http_req *req, long long session_id)
{
	static struct db_stmt q = DB_STMT("DELETE FROM sessions WHERE id = $1", 1);
	char id[24];

	snprintf(id, sizeof(id), "%lld", session_id);
	return db_cmd(req->a, &q, DB_P(id)) < 0 ? db_last_rc() : DB_OK;
}

int
auth_session_start(struct http_req *req, const char *user_id)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent) "
	    "VALUES ($1, $2, $3, now() + make_interval(secs => $4::int), $5, left($6, 200)) "
	    "RETURNING id",
	    6);
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_HEX + 1], csrf[65], abs[16];
	unsigned char raw[32];
	struct http_user *u;
	PGresult *r;

	/* Rotation: whatever session the browser had ends here. */
	if (req->user != NULL && delete_session(req, req->user->session_id) != DB_OK)
		return db_last_rc();
	auth_token_new(token, hash);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(csrf, sizeof(csrf), raw, sizeof(raw));
	snprintf(abs, sizeof(abs), "%d", conf.session_absolute);
	r = db_query(req->a, &q,
	    DB_P(hash, user_id, csrf, abs, req->remote_addr ? req->remote_addr : "",
	        req->user_agent ? req->user_agent : ""));
	if (r == NULL || (u = arena_calloc(req->a, 1, sizeof(*u))) == NULL)
		return r == NULL ? db_last_rc() : DB_ERR;
	u->session_id = db_ll(r, 0, 0);
	snprintf(u->id, sizeof(u->id), "%s", user_id);
	snprintf(u->csrf, sizeof(u->csrf), "%s", csrf);
	req->user = u; /* the rest of this request runs signed in */
	set_cookie(req, token, conf.session_absolute);
	sodium_memzero(token, sizeof(token));
	return DB_OK;
}

int
auth_session_end(struct http_req *req)
{
	if (req->user == NULL)
		return DB_OK;
	if (delete_session(req, req->user->session_id) != DB_OK)
		return db_last_rc();
	set_cookie(req, "", 0);
	req->user = NULL;
	return DB_OK;
}

int
auth_session_end_others(struct http_req *req)
{
	static struct db_stmt q =
	    DB_STMT("DELETE FROM sessions WHERE user_id = $1 AND id <> $2", 2);
	char id[24];

	snprintf(id, sizeof(id), "%lld", req->user->session_id);
	return db_cmd(req->a, &q, DB_P(req->user->id, id)) < 0 ? db_last_rc() : DB_OK;
}

void
auth_session_touch(struct http_req *req)
{
	static struct db_stmt q =
	    DB_STMT("UPDATE sessions SET last_seen_at = now() WHERE id = $1", 1);
	char id[24];

	if (req->user == NULL || !req->user->touch || req->tenant == NULL)
		return;
	req->user->touch = 0;
	snprintf(id, sizeof(id), "%lld", req->user->session_id);
	if (db_in_tx()) {
		db_cmd(req->a, &q, DB_P(id));
		return;
	}
	if (db_begin(req->tenant->schema, 0, NULL) != DB_OK)
		return;
	if (db_cmd(req->a, &q, DB_P(id)) < 0)
		db_rollback();
	else
		db_commit();
}

int
auth_csrf_ok(struct http_req *req)
{
	const char *t = req->csrf_header;

	if (req->user == NULL)
		return 1;
	if (t == NULL || *t == '\0')
		t = http_kvs_get(&req->form, "csrf_token");
	if ((t == NULL || *t == '\0') && req->json != NULL)
		t = json_string_value(json_object_get(req->json, "csrf_token"));
	return auth_ct_equal(t, req->user->csrf);
}

const struct auth_actor *
auth_actor_from_req(const struct http_req *req, struct auth_actor *out)
{
	const struct http_user *u = req->user;

	if (u == NULL)
		return NULL;
	*out = (struct auth_actor){ .kind = AUTH_ACTOR_MEMBER,
		.user_id = u->id,
		.username = u->username,
		.role = u->role,
		.platform_admin = u->platform_admin,
		.scopes = AUTH_SCOPE_ALL,
		.tenant = req->tenant,
		.display_name = u->display_name };
	return out;
}
