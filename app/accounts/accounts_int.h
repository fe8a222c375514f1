/* accounts internals: the users table (accounts_db.c). */
#ifndef TG_ACCOUNTS_INT_H
#define TG_ACCOUNTS_INT_H

#include <jansson.h>
#include <libpq-fe.h>

#include "accounts.h"

/* The field tables' order (accounts.c). */
enum { ACC_SU_USERNAME, ACC_SU_EMAIL, ACC_SU_PASSWORD, ACC_SU_DISPLAY, ACC_SU_COUNT };
enum { ACC_SI_LOGIN, ACC_SI_PASSWORD, ACC_SI_NEXT, ACC_SI_COUNT };
enum { ACC_N_NEXT, ACC_N_COUNT };
enum { ACC_PR_DISPLAY, ACC_PR_BIO, ACC_PR_SPORTS, ACC_PR_COUNT };
enum { ACC_PW_CURRENT, ACC_PW_NEW, ACC_PW_COUNT };
enum { ACC_R_ROLE, ACC_R_COUNT };
enum { ACC_S_SAVED, ACC_S_COUNT };

/* Column order of user rows: */
enum {
	U_ID,
	U_USERNAME,
	U_DISPLAY,
	U_EMAIL,
	U_BIO,
	U_SPORTS,
	U_ROLE,
	U_STATUS,
	U_CREATED,
	U_PLATFORM_ADMIN,
	U_TOTAL
};

PGresult *accounts_db_get(struct arena *, const char *id);
PGresult *accounts_db_by_username(struct arena *, const char *username);
struct db_batch;
void accounts_db_by_username_queue(
    struct arena *, struct db_batch *, const char *username, PGresult **out);
PGresult *accounts_db_login(struct arena *, const char *login);
int accounts_db_taken(struct arena *, const char *username, const char *email);
int accounts_db_insert(struct arena *, const char *id, const char *username, const char *email,
    const char *hash, const char *display_name, const char *role);
int accounts_db_set_hash(struct arena *, const char *id, const char *hash, int changed);
int accounts_db_update_profile(struct arena *, const char *id, const char *display_name,
    const char *bio, const char *sports_json);
int accounts_db_touch_active(struct arena *, const char *id);
PGresult *accounts_db_list(struct arena *, const char *search, long long offset, int limit);
int accounts_db_set_role(struct arena *, const char *id, const char *role, const char *actor);
json_t *accounts_user_json(const PGresult *, int row, int self);

/* Shared by pages and JSON: 0 on success, else an HTTP status with
 * req->errors or *msg set. */
int accounts_do_signup(struct http_req *, char id_out[37], const char **msg);
int accounts_do_login(struct http_req *, const char **msg);
int accounts_do_password(struct http_req *, const char **msg);
int accounts_do_profile(struct http_req *, const char **msg);

/* The Copying part (accounts_copying.c): the member's copies by trader,
 * apart from the record. On the page, the include COPYING
 * (accounts/copying.tpl) when they copied anyone, from the result of
 * accounts_copying_queue (by username, batched with the page's reads); in
 * the JSON, the object "copying" (docs/api.md). 0 or -1. */
void accounts_copying_queue(
    struct http_req *, struct db_batch *, const char *username, PGresult **out);
struct render_dict;
int accounts_copying_into(struct http_req *, struct render_dict *, PGresult *);
int accounts_copying_json_into(struct http_req *, json_t *user, const char *user_id);

/* `tailgate user` (accounts_cli.c). */
int accounts_cmd_user(int argc, char **argv);

#endif
