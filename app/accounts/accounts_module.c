/* The accounts module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "accounts.h"
#include "accounts_int.h"

#include "../auth/auth.h"
#include "../profiles/profiles.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET, .pattern = "/", .handler = accounts_home, .name = "home" },
	{ .methods = HTTP_GET, .pattern = "/ping", .handler = accounts_ping, .flags = R_NODB,
	    .name = "ping" },
	{ .methods = HTTP_GET, .pattern = "/brand.css", .handler = accounts_brand_css,
	    .flags = R_NODB, .name = "brand_css" },
	{ .methods = HTTP_GET, .pattern = "/signup", .handler = accounts_signup_form,
	    .name = "signup_form" },
	{ .methods = HTTP_POST, .pattern = "/signup", .handler = accounts_signup,
	    .fields = accounts_signup_fields, .on_invalid = accounts_signup_form,
	    .name = "signup" },
	{ .methods = HTTP_GET, .pattern = "/signin", .handler = accounts_signin_form,
	    .fields = accounts_next_fields, .name = "signin_form" },
	{ .methods = HTTP_POST, .pattern = "/signin", .handler = accounts_signin,
	    .fields = accounts_signin_fields, .on_invalid = accounts_signin_form,
	    .name = "signin" },
	{ .methods = HTTP_POST, .pattern = "/signout", .handler = accounts_signout, .flags = R_AUTH,
	    .name = "signout" },
	{ .methods = HTTP_GET, .pattern = "/settings/profile", .handler = accounts_profile_form,
	    .flags = R_AUTH, .name = "profile_form" },
	{ .methods = HTTP_POST, .pattern = "/settings/profile", .handler = accounts_profile_save,
	    .fields = accounts_profile_fields, .flags = R_AUTH, .on_invalid = accounts_profile_form,
	    .name = "profile_save" },
	{ .methods = HTTP_GET, .pattern = "/settings/password", .handler = accounts_password_form,
	    .flags = R_AUTH, .name = "password_form" },
	{ .methods = HTTP_POST, .pattern = "/settings/password", .handler = accounts_password_save,
	    .fields = accounts_password_fields, .flags = R_AUTH,
	    .on_invalid = accounts_password_form, .name = "password_save" },
	{ .methods = HTTP_GET, .pattern = "/u/{username:username}", .handler = accounts_user_page,
	    .fields = profiles_page_fields, .name = "user_page",
	    .prefetch = accounts_user_page_prefetch },
	{ .methods = HTTP_GET, .pattern = "/admin/users", .handler = accounts_admin_users,
	    .fields = accounts_list_fields, .flags = R_AUTH, .min_role = AUTH_ROLE_ADMIN,
	    .name = "admin_users" },
	{ .methods = HTTP_POST, .pattern = "/admin/users/{user_id:uuid}/role",
	    .handler = accounts_admin_role, .fields = accounts_role_fields, .flags = R_AUTH,
	    .min_role = AUTH_ROLE_ADMIN, .name = "admin_role" },
	{ .methods = HTTP_GET, .pattern = "/admin/tenants", .handler = accounts_admin_tenants,
	    .flags = R_AUTH, .min_role = AUTH_ROLE_ADMIN, .name = "admin_tenants" },
	{ .methods = HTTP_POST, .pattern = "/social/auth/signup", .handler = accounts_api_signup,
	    .fields = accounts_signup_fields, .flags = R_JSON, .name = "api_signup",
	    .summary = "Create an account and sign in" },
	{ .methods = HTTP_POST, .pattern = "/social/auth/login", .handler = accounts_api_login,
	    .fields = accounts_signin_fields, .flags = R_JSON, .name = "api_login",
	    .summary = "Sign in" },
	{ .methods = HTTP_POST, .pattern = "/social/auth/logout", .handler = accounts_api_logout,
	    .flags = R_JSON | R_AUTH, .name = "api_logout", .summary = "Sign out" },
	{ .methods = HTTP_GET, .pattern = "/social/me", .handler = accounts_api_me,
	    .flags = R_JSON | R_AUTH, .name = "api_me", .summary = "Show the signed-in member" },
	{ .methods = HTTP_PATCH, .pattern = "/social/me", .handler = accounts_api_me_patch,
	    .fields = accounts_profile_fields, .flags = R_JSON | R_AUTH, .name = "api_me_patch",
	    .summary = "Edit the signed-in member's profile" },
	{ .methods = HTTP_POST, .pattern = "/social/me/password", .handler = accounts_api_password,
	    .fields = accounts_password_fields, .flags = R_JSON | R_AUTH, .name = "api_password",
	    .summary = "Change the signed-in member's password" },
	{ .methods = HTTP_GET, .pattern = "/social/users/{user_id:uuid}/profile",
	    .handler = accounts_api_profile, .flags = R_JSON, .name = "api_profile",
	    .summary = "Show a member's public profile" },
};

static const struct app_command commands[] = {
	{ "user",
	    "  user create ...          create an account (see user --help)\n"
	    "  user set-role ...        change an account's role\n"
	    "  user reset-password ...  set a new password\n",
	    accounts_cmd_user, APP_NEEDS_APP_DB },
};

const struct app_module accounts_module = {
	.name = "accounts",
	.routes = routes,
	.nroutes = TG_NELEM(routes),
	.commands = commands,
	.ncommands = TG_NELEM(commands),
};
