/*
 * auth: credentials and sessions.
 *
 *   passwords  Argon2id via crypto_pwhash_str; at most conf.pwhash_concurrency
 *              new hashes (sign-ups, password changes) and, apart from them,
 *              conf.pwhash_signin_concurrency sign-in checks run at once on
 *              the host (a lock file slot per hash, so a killed worker never
 *              leaks a slot, and sign-ins never queue behind sign-ups); rehash
 *              on sign-in when the parameters changed; common passwords
 *              refused.
 *   tokens     32 random bytes, base64url to the client, BLAKE2b-256 (hex)
 *              in the database; compared only through the hash lookup.
 *   sessions   rows in the tenant's `sessions`; idle and absolute expiry;
 *              each carries its own CSRF token.
 *   throttle   failed sign-ins per account and per address: after a limit,
 *              a lock that doubles with each further failure (429 + Retry-After);
 *              sign-ups per address and per brand and hour.
 *   roles      user < moderator, reviewer < admin; platform admins are admins
 *              on every brand they sign in to.
 */
#ifndef TG_AUTH_H
#define TG_AUTH_H

#include "../core/core.h"

enum auth_role {
	AUTH_ROLE_NONE = 0,
	AUTH_ROLE_USER = 1,
	AUTH_ROLE_MODERATOR = 2,
	AUTH_ROLE_REVIEWER = 3,
	AUTH_ROLE_ADMIN = 4,
};
/* Who is acting: domain functions take an actor, not a request, so that a
 * member's session, an API key, a job and the platform operator reach the
 * same code. Scopes limit an API key; a member session has AUTH_SCOPE_ALL. */
enum auth_actor_kind {
	AUTH_ACTOR_MEMBER = 1, /* a signed-in member (browser session) */
	AUTH_ACTOR_API_KEY,    /* a member's API key, limited to its scopes */
	AUTH_ACTOR_JOB,        /* a background job acting for the brand */
	AUTH_ACTOR_OPERATOR,   /* the platform operator (CLI, operator API) */
};
#define AUTH_SCOPE_ALL (~0u)

struct tenancy_tenant;
struct auth_actor {
	enum auth_actor_kind kind;
	const char *user_id; /* the member acting (member, API key); NULL otherwise */
	const char *username;
	int role; /* AUTH_ROLE_* of that member */
	int platform_admin;
	unsigned scopes; /* AUTH_SCOPE_* bits */
	const struct tenancy_tenant *tenant;
	const char *display_name; /* the member's, for sentences about them ("X follows you") */
};

struct http_req;
/* The actor of a web request: the signed-in member with every scope (a
 * session acts fully), in the request's brand. Fills *out and returns it;
 * NULL when nobody is signed in. Handlers build it once and pass it down. */
const struct auth_actor *auth_actor_from_req(const struct http_req *, struct auth_actor *out);

int auth_role_parse(const char *);
const char *auth_role_name(int);
/* Does a user with `have` pass a route that requires `need`? */
int auth_role_allows(int have, int platform_admin, int need);
/* Layout hook (web_layout_hook): the signed-in member's admin link. The
 * header badges are the ledger's and the notifications' hooks. */
struct http_req;
struct render_dict;
void auth_layout_vars(struct http_req *, struct render_dict *);
/* A module adds a value to the session's one query (an SQL expression over
 * u, the member's users row, e.g. a badge's count), at start-up before any
 * request: its index for auth_session_value(), or -1 (too many, or too late). */
int auth_session_column(const char *sql_expr);
/* That value for the signed-in member as text (NULL: signed out, SQL NULL). */
const char *auth_session_value(const struct http_req *, int index);
extern const char *const auth_role_names[]; /* NULL-terminated, for validation */
/* "a user", "a moderator", "a reviewer", "an admin" (for sentences). */
const char *auth_role_with_article(const char *role);
/* May an admin change a member's role? Never their own; a platform
 * administrator's only when the actor is one too. */
int auth_role_change_allowed(int actor_platform_admin, int self, int target_platform_admin);

#define AUTH_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */
#define AUTH_HASH_HEX 64
void auth_token_new(char token[AUTH_TOKEN_LEN + 1], char hash[AUTH_HASH_HEX + 1]);
/* 0, or -1 when the token is not a well-formed token. */
int auth_token_hash(const char *token, char hash[AUTH_HASH_HEX + 1]);
int auth_ct_equal(const char *a, const char *b);

/* Password policy: NULL when acceptable, otherwise the reason. */
const char *auth_password_policy(const char *pw, const char *username, const char *email);
int auth_password_common(const char *pw);
/* A new hash (sign-up, password change): 0, -1 on failure, -2 when the host
 * is too busy hashing (503). */
int auth_password_hash(const char *pw, char out[128]);
/* The same, in the sign-in pool (rehash at sign-in). */
int auth_password_rehash(const char *pw, char out[128]);
/* Sign-in pool: 1 match, 0 mismatch, -2 busy. */
int auth_password_verify(const char *hash, const char *pw);
int auth_password_needs_rehash(const char *hash);
/* Lock directory for hashing slots (created if missing). */
void auth_init(const char *lockdir);

/* Username rules: 3-30 of [a-z0-9_] after lowercasing; NULL or message. */
const char *auth_username_check(const char *);
const char *auth_email_check(const char *);

struct http_req;
/* Session cookie name for this configuration. */
const char *auth_cookie_name(void);
struct db_first;
/* The session lookup travels with the request's BEGIN: prepare fills the
 * statement (returns 0 when there is no well-formed cookie), apply sets
 * req->user from its result. */
int auth_session_prepare(struct http_req *, struct db_first *);
struct pg_result;
int auth_session_apply(struct http_req *, const struct pg_result *);
/* Creates a session for user_id and sets the cookie. 0 or DB error. */
int auth_session_start(struct http_req *, const char *user_id);
int auth_session_end(struct http_req *);
/* Ends every other session of the signed-in user. */
int auth_session_end_others(struct http_req *);
/* Refreshes a stale last_seen_at: inside the open read-write transaction, or
 * in a short one of its own after a read-only request. */
void auth_session_touch(struct http_req *);
/* 1 when the request carries the session's CSRF token. */
int auth_csrf_ok(struct http_req *);

/* Sign-in throttle, keyed by account: its id (so that username and email
 * count as one), or the login as typed when no account has it. Seconds to
 * wait before another attempt (0: go ahead): the account's own lock, or the
 * address's lock when this address has failed on this account; a locked
 * address still signs in to accounts it has not failed on. */
long auth_throttle_wait(struct http_req *, const char *account);
void auth_throttle_fail(struct http_req *, const char *account);
/* After a success: the account's failures and this address's on it. */
void auth_throttle_clear(struct http_req *, const char *account);
/* Sign-ups per address and per brand in an hour's window, against these
 * limits. count 0 only looks (before hashing); count 1 counts this sign-up
 * under row locks (just before it is written; a refusal rolls the count
 * back). Seconds until the window ends when a limit is reached, 0 to go
 * ahead, -1 on a DB error. */
long auth_signup_wait(struct http_req *, int count, int ip_limit, int brand_limit);
/* Pure: lock seconds after `failures` failures with a limit. */
long auth_throttle_backoff(int failures, int limit);

#endif
