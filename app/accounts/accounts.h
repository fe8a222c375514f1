/*
 * accounts: sign-up, sign-in, sign-out, profile and password settings, the
 * public user page, and the tenant admin's user list, as HTML pages and as
 * the specification's JSON endpoints. Credentials and sessions themselves
 * belong to auth/; this module owns the `users` table.
 */
#ifndef TG_ACCOUNTS_H
#define TG_ACCOUNTS_H

#include "../http/http.h"

/* Field tables (shared by the page and the JSON routes). */
extern const struct http_field accounts_signup_fields[];
extern const struct http_field accounts_signin_fields[];
extern const struct http_field accounts_profile_fields[];
extern const struct http_field accounts_password_fields[];
extern const struct http_field accounts_role_fields[];
extern const struct http_field accounts_list_fields[];
enum { ACC_L_Q, ACC_L_PAGE, ACC_L_CHANGED, ACC_L_ADJUSTED, ACC_L_COUNT }; /* its order */
extern const struct http_field accounts_next_fields[];
extern const struct http_field accounts_saved_fields[]; /* ?saved= after a settings save */

/* Pure: NULL when a display name is acceptable, else why (no text-direction
 * controls, no invisible characters, at least one visible character). */
const char *accounts_display_name_check(const char *);

/* pages */
int accounts_home(struct http_req *);
int accounts_signup_form(struct http_req *);
int accounts_signup(struct http_req *);
int accounts_signin_form(struct http_req *);
int accounts_signin(struct http_req *);
int accounts_signout(struct http_req *);
int accounts_profile_form(struct http_req *);
int accounts_profile_save(struct http_req *);
int accounts_password_form(struct http_req *);
int accounts_password_save(struct http_req *);
int accounts_user_page(struct http_req *);
/* Its reads, sent with the transaction's first round trip (http_route.prefetch). */
struct db_batch;
void accounts_user_page_prefetch(struct http_req *, struct db_batch *);
int accounts_admin_users(struct http_req *);
int accounts_admin_role(struct http_req *);
int accounts_admin_tenants(struct http_req *);
int accounts_brand_css(struct http_req *);
int accounts_ping(struct http_req *);

/* JSON */
int accounts_api_signup(struct http_req *);
int accounts_api_login(struct http_req *);
int accounts_api_logout(struct http_req *);
int accounts_api_me(struct http_req *);
int accounts_api_me_patch(struct http_req *);
int accounts_api_password(struct http_req *);
int accounts_api_profile(struct http_req *);

/* CLI (admin connection, tenant transaction opened by the caller). */
/* credit: play-money welcome credit in minor units (0 for none). */
int accounts_cli_create(struct arena *, const char *username, const char *email,
    const char *password, const char *role, int64_t credit, char id_out[37]);
int accounts_cli_set_role(
    struct arena *, const char *username, const char *role, int platform_admin);
int accounts_cli_reset_password(struct arena *, const char *username, const char *password);

/* The module's routes, job kinds and commands (accounts_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module accounts_module;

#endif
