/*
 * The `users` table: every statement that touches it. A user's JSON shape is
 * built here too, next to its columns, so the fields that must never leave
 * the database (password_hash) are visibly absent from it.
 */
#include "accounts_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"

#define USER_COLS                                                                                  \
	"id, username, display_name, email, bio, array_to_json(favourite_sports)::text, "          \
	"role, status, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), " \
	"platform_admin"

PGresult *
accounts_db_get(struct arena *a, const char *id)
{
	static struct db_stmt q = DB_STMT("SELECT " USER_COLS " FROM users WHERE id = $1", 1);

	if (!util_uuid_valid(id))
		return NULL;
	return db_query(a, &q, DB_P(id));
}

static struct db_stmt q_by_username =
    DB_STMT("SELECT " USER_COLS " FROM users WHERE lower(username) = lower($1)", 1);

PGresult *
accounts_db_by_username(struct arena *a, const char *username)
{
	return db_query(a, &q_by_username, DB_P(username));
}

void
accounts_db_by_username_queue(
    struct arena *a, struct db_batch *b, const char *username, PGresult **out)
{
	db_batch_add(a, b, &q_by_username, DB_P(username), out);
}

PGresult *
accounts_db_login(struct arena *a, const char *login)
{
	static struct db_stmt q =
	    DB_STMT("SELECT id, password_hash, username FROM users WHERE status = 'active' AND "
	            "(lower(username) = lower($1) OR lower(email) = lower($1)) "
	            "ORDER BY lower(username) = lower($1) DESC LIMIT 1",
	        1);

	return db_query(a, &q, DB_P(login));
}

/* Which of username/email are taken: returns a bitmask (1 username, 2 email). */
int
accounts_db_taken(struct arena *a, const char *username, const char *email)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT bool_or(lower(username) = lower($1)), bool_or(lower(email) = lower($2)) "
	    "FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($2)",
	    2);
	PGresult *r = db_query(a, &q, DB_P(username, email));
	int m = 0;

	if (r == NULL)
		return -1;
	if (db_val(r, 0, 0) && db_val(r, 0, 0)[0] == 't')
		m |= 1;
	if (db_val(r, 0, 1) && db_val(r, 0, 1)[0] == 't')
		m |= 2;
	return m;
}

int
accounts_db_insert(struct arena *a, const char *id, const char *username, const char *email,
    const char *hash, const char *display_name, const char *role)
{
	static struct db_stmt q =
	    DB_STMT("INSERT INTO users (id, username, email, password_hash, display_name, role) "
	            "VALUES ($1, $2, $3, $4, $5, $6)",
	        6);

	return db_cmd(a, &q, DB_P(id, username, email, hash, display_name, role)) == 1
	    ? DB_OK
	    : db_last_rc();
}

int
accounts_db_set_hash(struct arena *a, const char *id, const char *hash, int changed)
{
	static struct db_stmt q =
	    DB_STMT("UPDATE users SET password_hash = $2, updated_at = now(), "
	            "password_changed_at = CASE WHEN $3 THEN now() ELSE password_changed_at END "
	            "WHERE id = $1",
	        3);

	return db_cmd(a, &q, DB_P(id, hash, changed ? "true" : "false")) == 1 ? DB_OK
	                                                                      : db_last_rc();
}

int
accounts_db_update_profile(struct arena *a, const char *id, const char *display_name,
    const char *bio, const char *sports_json)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE users SET display_name = coalesce($2, display_name), bio = coalesce($3, bio), "
	    "favourite_sports = CASE WHEN $4::jsonb IS NULL THEN favourite_sports "
	    "ELSE ARRAY(SELECT jsonb_array_elements_text($4::jsonb)) END, updated_at = now() "
	    "WHERE id = $1",
	    4);

	return db_cmd(a, &q, DB_P(id, display_name, bio, sports_json)) == 1 ? DB_OK : db_last_rc();
}

int
accounts_db_touch_active(struct arena *a, const char *id)
{
	static struct db_stmt q =
	    DB_STMT("UPDATE users SET last_active_at = now() WHERE id = $1", 1);

	return db_cmd(a, &q, DB_P(id)) < 0 ? db_last_rc() : DB_OK;
}

PGresult *
accounts_db_list(struct arena *a, const char *search, long long offset, int limit)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT " USER_COLS ", count(*) OVER () FROM users "
	    "WHERE $1 = '' OR username ILIKE '%' || $1 || '%' OR display_name ILIKE '%' || $1 || '%' "
	    "OR email ILIKE '%' || $1 || '%' ORDER BY created_at, id OFFSET $2::bigint LIMIT $3::int",
	    3);
	char off[24], lim[16], *esc;
	size_t n = 0;

	/* LIKE metacharacters in the search are literal. */
	esc = arena_alloc(a, strlen(search) * 2 + 1);
	for (const char *p = search; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			esc[n++] = '\\';
		esc[n++] = *p;
	}
	esc[n] = '\0';
	snprintf(off, sizeof(off), "%lld", offset);
	snprintf(lim, sizeof(lim), "%d", limit);
	return db_query(a, &q, DB_P(esc, off, lim));
}

int
accounts_db_set_role(struct arena *a, const char *id, const char *role, const char *actor)
{
	static struct db_stmt q =
	    DB_STMT("WITH u AS (UPDATE users SET role = $2, updated_at = now() WHERE id = $1 "
	            "AND role IS DISTINCT FROM $2 RETURNING id) "
	            "INSERT INTO audit_log (actor_id, action, target_id, detail) "
	            "SELECT $3, 'role.change', id, jsonb_build_object('role', $2::text) FROM u",
	        3);

	return (int)db_cmd(a, &q, DB_P(id, role, actor));
}

json_t *
accounts_user_json(const PGresult *r, int row, int self)
{
	json_t *sports = json_loads(db_val(r, row, 5) ? db_val(r, row, 5) : "[]", 0, NULL);
	json_t *u = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "user_id", db_val(r, row, 0),
	    "username", db_val(r, row, 1), "display_name", db_val(r, row, 2), "bio",
	    db_val(r, row, 4), "favourite_sports", sports ? sports : json_array(), "role",
	    db_val(r, row, 6), "created_at", db_val(r, row, 8));

	if (self && u != NULL)
		json_object_set_new(u, "email", json_string(db_val(r, row, 3)));
	return u;
}
