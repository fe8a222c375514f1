/* Account commands for operators (`tailgate user ...`, `tailgate seed`). */
#include "accounts_int.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../ledger/ledger.h"
#include "../tenancy/tenancy.h"

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
	    ledger_open_wallet(a, id_out) != DB_OK ||
	    ledger_signup_credit(a, id_out, credit) != DB_OK)
		return -1;
	return 0;
}

int
accounts_cli_set_role(struct arena *a, const char *username, const char *role, int platform_admin)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE users SET role = coalesce($2, role), platform_admin = coalesce($3::boolean, "
	    "platform_admin), updated_at = now() WHERE lower(username) = lower($1)",
	    3);
	long long n;

	if (role != NULL && auth_role_parse(role) == AUTH_ROLE_NONE) {
		fprintf(stderr, "tailgate: unknown role '%s'\n", role);
		return -1;
	}
	n = db_cmd(a, &q,
	    DB_P(username, role,
	        platform_admin < 0   ? NULL
	            : platform_admin ? "true"
	                             : "false"));
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
	if ((why = auth_password_policy(pw, db_val(u, 0, U_USERNAME), db_val(u, 0, U_EMAIL))) !=
	    NULL) {
		fprintf(stderr, "tailgate: password %s\n", why);
		return -1;
	}
	if (auth_password_hash(pw, hash) != 0 || accounts_db_set_hash(a, id, hash, 1) != DB_OK ||
	    db_cmd(a, &q_end, DB_P(id)) < 0)
		return -1;
	return 0;
}

/* ---- tailgate user ---- */

static const char user_usage[] =
    "usage: tailgate user create --tenant SLUG --username NAME --email EMAIL\n"
    "                            [--password PW | --password-stdin] [--role ROLE]\n"
    "       tailgate user set-role --tenant SLUG --username NAME --role ROLE\n"
    "                            [--platform-admin | --no-platform-admin]\n"
    "       tailgate user reset-password --tenant SLUG --username NAME\n"
    "                            [--password PW | --password-stdin]\n"
    "\nROLE is user, moderator, reviewer or admin. Without a password option,\n"
    "reset-password generates one and prints it once.\n";

static int
read_stdin_password(char *out, size_t n)
{
	if (fgets(out, (int)n, stdin) == NULL)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

int
accounts_cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tenant", required_argument, NULL, 't' },
		{ "username", required_argument, NULL, 'u' },
		{ "email", required_argument, NULL, 'e' },
		{ "password", required_argument, NULL, 'p' },
		{ "password-stdin", no_argument, NULL, 'P' },
		{ "role", required_argument, NULL, 'r' },
		{ "platform-admin", no_argument, NULL, 'A' },
		{ "no-platform-admin", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tenant = NULL, *username = NULL, *email = NULL, *role = NULL, *action;
	char pw[256] = "", id[37];
	int c, platform_admin = -1, rc = 1, generated = 0;
	int64_t credit;
	struct arena *a;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(user_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	action = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			tenant = optarg;
			break;
		case 'u':
			username = optarg;
			break;
		case 'e':
			email = optarg;
			break;
		case 'p':
			snprintf(pw, sizeof(pw), "%s", optarg);
			break;
		case 'P':
			if (read_stdin_password(pw, sizeof(pw)) != 0)
				return 2;
			break;
		case 'r':
			role = optarg;
			break;
		case 'A':
			platform_admin = 1;
			break;
		case 'N':
			platform_admin = 0;
			break;
		case 'h':
			fputs(user_usage, stdout);
			return 0;
		default:
			fputs(user_usage, stderr);
			return 2;
		}
	}
	if (username == NULL) {
		fputs(user_usage, stderr);
		return 2;
	}
	if ((a = arena_new(8192)) == NULL)
		return 1;
	credit = tenant != NULL ? tenancy_signup_credit(tenant) : 0;
	if (tenancy_cli_begin("user", tenant) != 0) {
		arena_free(a);
		return 1;
	}
	if (strcmp(action, "create") == 0) {
		if (email == NULL || pw[0] == '\0') {
			fprintf(
			    stderr, "tailgate user create: --email and a password are required\n");
			rc = 2;
		} else
			rc = accounts_cli_create(
			         a, username, email, pw, role ? role : "user", credit, id) == 0
			    ? 0
			    : 1;
		if (rc == 0)
			printf("created %s (%s)\n", username, id);
	} else if (strcmp(action, "set-role") == 0) {
		rc = accounts_cli_set_role(a, username, role, platform_admin) == 0 ? 0 : 1;
	} else if (strcmp(action, "reset-password") == 0) {
		if (pw[0] == '\0') {
			unsigned char raw[12];

			randombytes_buf(raw, sizeof(raw));
			sodium_bin2base64(pw, sizeof(pw), raw, sizeof(raw),
			    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			generated = 1;
		}
		rc = accounts_cli_reset_password(a, username, pw) == 0 ? 0 : 1;
		if (rc == 0 && generated)
			printf("new password for %s: %s\n", username, pw);
	} else {
		fprintf(stderr, "tailgate user: unknown action '%s'\n", action);
		rc = 2;
	}
	if (rc == 0 && db_commit() != DB_OK)
		rc = 1;
	else if (rc != 0)
		db_rollback();
	sodium_memzero(pw, sizeof(pw));
	arena_free(a);
	return rc;
}
