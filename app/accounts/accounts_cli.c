/* Account commands for operators (`tailgate user ...`, `tailgate seed`). */
#include "accounts_int.h"

#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../ledger/ledger.h"

/* 0 created, 1 already exists, -1 error (reported). */
int
accounts_cli_create(struct arena *a, const char *username, const char *email, const char *pw,
    const char *role, int64_t credit, char id_out[37])
{
	char *u = util_lower(arena_strdup(a, username)), hash[128];
	const char *why;
	int taken;

	if ((why = auth_username_check(u)) != NULL || (why = auth_email_check(email)) != NULL) {
		fprintf(stderr, "tailgate: %s: %s\n", username, why);
		return -1;
	}
	if (auth_role_parse(role) == AUTH_ROLE_NONE) {
		fprintf(stderr, "tailgate: unknown role '%s'\n", role);
		return -1;
	}
	if ((why = auth_password_policy(pw, u, email)) != NULL) {
		fprintf(stderr, "tailgate: password %s\n", why);
		return -1;
	}
	if ((taken = accounts_db_taken(a, u, email)) < 0)
		return -1;
	if (taken) {
		fprintf(stderr, "tailgate: %s or %s is already registered\n", u, email);
		return 1;
	}
	if (auth_password_hash(pw, hash) != 0)
		return -1;
	util_uuid7(id_out);
	if (accounts_db_insert(a, id_out, u, email, hash, u, role) != DB_OK ||
	    ledger_open_wallet(a, id_out) != DB_OK || ledger_signup_credit(a, id_out, credit) != DB_OK)
		return -1;
	return 0;
}

int
accounts_cli_set_role(struct arena *a, const char *username, const char *role, int platform_admin)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE users SET role = coalesce($2, role), platform_admin = coalesce($3::boolean, "
	    "platform_admin), updated_at = now() WHERE lower(username) = lower($1)", 3);
	long long n;

	if (role != NULL && auth_role_parse(role) == AUTH_ROLE_NONE) {
		fprintf(stderr, "tailgate: unknown role '%s'\n", role);
		return -1;
	}
	n = db_cmd(a, &q, DB_P(username, role,
	    platform_admin < 0 ? NULL : platform_admin ? "true" : "false"));
	if (n != 1)
		fprintf(stderr, "tailgate: no user '%s'\n", username);
	return n == 1 ? 0 : -1;
}

int
accounts_cli_reset_password(struct arena *a, const char *username, const char *pw)
{
	static struct db_stmt q_end = DB_STMT("DELETE FROM sessions WHERE user_id = $1", 1);
	PGresult *u = accounts_db_by_username(a, username);
	const char *why, *id;
	char hash[128];

	if (u == NULL || db_rows(u) != 1) {
		fprintf(stderr, "tailgate: no user '%s'\n", username);
		return -1;
	}
	id = db_val(u, 0, U_ID);
	if ((why = auth_password_policy(pw, db_val(u, 0, U_USERNAME), db_val(u, 0, U_EMAIL))) != NULL) {
		fprintf(stderr, "tailgate: password %s\n", why);
		return -1;
	}
	if (auth_password_hash(pw, hash) != 0 || accounts_db_set_hash(a, id, hash, 1) != DB_OK ||
	    db_cmd(a, &q_end, DB_P(id)) < 0)
		return -1;
	return 0;
}
