/*
 * Account logic shared by the HTML pages and the JSON endpoints: declared
 * fields, sign-up, sign-in, password change and profile edits.
 */
#include "accounts_int.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../auth/auth.h"
#include "../catalog/catalog.h"
#include "../db/db.h"
#include "../ledger/ledger.h"
#include "../notify/notify.h"
#include "../tenancy/tenancy.h"

static const char *
check_username(const char *v)
{
	return auth_username_check(v);
}

static const char *
check_email(const char *v)
{
	return auth_email_check(v);
}

/* Next code point of valid UTF-8 (the HTTP layer refused anything else). */
static uint32_t
next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

	if (n)
		c &= 0x3fu >> n;
	for (int i = 1; i <= n && s[i]; i++)
		c = (c << 6) | (s[i] & 0x3fu);
	*p = s + 1 + n;
	return c;
}

static int
cp_in(uint32_t c, const uint32_t (*r)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c >= r[i][0] && c <= r[i][1])
			return 1;
	return 0;
}

const char *
accounts_display_name_check(const char *v)
{
	/* marks, embeddings, overrides and isolates that reorder what follows */
	static const uint32_t bidi[][2] = { { 0x061c, 0x061c }, { 0x200e, 0x200f },
		{ 0x202a, 0x202e }, { 0x2066, 0x2069 } };
	/* invisible on their own, and no use in a name */
	static const uint32_t hidden[][2] = { { 0x00ad, 0x00ad }, { 0x034f, 0x034f },
		{ 0x115f, 0x1160 }, { 0x17b4, 0x17b5 }, { 0x180e, 0x180e }, { 0x200b, 0x200b },
		{ 0x2060, 0x2064 }, { 0x3164, 0x3164 }, { 0xfeff, 0xfeff }, { 0xffa0, 0xffa0 },
		{ 0xe0000, 0xe007f } };
	/* blank: spaces, joiners and variation selectors show nothing alone */
	static const uint32_t blank[][2] = { { 0x0009, 0x000d }, { 0x0020, 0x0020 },
		{ 0x00a0, 0x00a0 }, { 0x1680, 0x1680 }, { 0x2000, 0x200a }, { 0x200c, 0x200d },
		{ 0x2028, 0x2029 }, { 0x202f, 0x202f }, { 0x205f, 0x205f }, { 0x2800, 0x2800 },
		{ 0x3000, 0x3000 }, { 0xfe00, 0xfe0f }, { 0xe0100, 0xe01ef } };
	const unsigned char *p = (const unsigned char *)v;
	int visible = 0;

	while (*p) {
		uint32_t c = next_cp(&p);

		if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
			return "must not contain control characters";
		if (cp_in(c, bidi, TG_NELEM(bidi)))
			return "must not contain text-direction controls";
		if (cp_in(c, hidden, TG_NELEM(hidden)))
			return "must not contain invisible characters";
		visible |= !cp_in(c, blank, TG_NELEM(blank));
	}
	return visible ? NULL : "must contain a visible character";
}

const struct http_field accounts_signup_fields[] = {
	[ACC_SU_USERNAME] = { "username", FT_STRING, FF_REQUIRED, 3, 30, NULL, check_username,
	    "Username" },
	[ACC_SU_EMAIL] = { "email", FT_STRING, FF_REQUIRED, 3, 254, NULL, check_email, "Email" },
	[ACC_SU_PASSWORD] = { "password", FT_STRING, FF_REQUIRED | FF_SECRET | FF_RAW, 10, 128,
	    NULL, NULL, "Password" },
	[ACC_SU_DISPLAY] = { "display_name", FT_STRING, 0, 1, 50, NULL, accounts_display_name_check,
	    "Display name" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(accounts_signup_fields, ACC_SU_COUNT);

const struct http_field accounts_signin_fields[] = {
	[ACC_SI_LOGIN] = { "login", FT_STRING, FF_REQUIRED, 1, 254, NULL, NULL,
	    "Username or email" },
	[ACC_SI_PASSWORD] = { "password", FT_STRING, FF_REQUIRED | FF_SECRET | FF_RAW, 1, 128, NULL,
	    NULL, "Password" },
	[ACC_SI_NEXT] = { "next", FT_STRING, 0, 0, 512, NULL, NULL, "Next" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(accounts_signin_fields, ACC_SI_COUNT);

const struct http_field accounts_next_fields[] = {
	[ACC_N_NEXT] = { "next", FT_STRING, 0, 0, 512, NULL, NULL, "Next" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(accounts_next_fields, ACC_N_COUNT);

const struct http_field accounts_saved_fields[] = {
	[ACC_S_SAVED] = { "saved", FT_BOOL, 0, 0, 0, NULL, NULL, "Saved" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(accounts_saved_fields, ACC_S_COUNT);

const struct http_field accounts_profile_fields[] = {
	[ACC_PR_DISPLAY] = { "display_name", FT_STRING, 0, 1, 50, NULL, accounts_display_name_check,
	    "Display name" },
	[ACC_PR_BIO] = { "bio", FT_TEXT, 0, 0, 500, NULL, NULL, "Bio" },
	[ACC_PR_SPORTS] = { "favourite_sports", FT_LIST, 0, 0, 12, catalog_sports, NULL,
	    "Favourite sports" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(accounts_profile_fields, ACC_PR_COUNT);

const struct http_field accounts_password_fields[] = {
	[ACC_PW_CURRENT] = { "current_password", FT_STRING, FF_REQUIRED | FF_SECRET | FF_RAW, 1,
	    128, NULL, NULL, "Current password" },
	[ACC_PW_NEW] = { "new_password", FT_STRING, FF_REQUIRED | FF_SECRET | FF_RAW, 10, 128, NULL,
	    NULL, "New password" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(accounts_password_fields, ACC_PW_COUNT);

const struct http_field accounts_role_fields[] = {
	[ACC_R_ROLE] = { "role", FT_ENUM, FF_REQUIRED, 0, 0, auth_role_names, NULL, "Role" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(accounts_role_fields, ACC_R_COUNT);

const struct http_field accounts_list_fields[] = {
	[ACC_L_Q] = { "q", FT_STRING, 0, 0, 64, NULL, NULL, "Search" },
	[ACC_L_PAGE] = { "page", FT_INT, 0, 1, 100000, NULL, NULL, "Page" },
	/* the flashes after a redirect: "1" (adjusted: "1" or "again") */
	[ACC_L_CHANGED] = { "changed", FT_STRING, 0, 0, 10, NULL, NULL, "Changed" },
	[ACC_L_ADJUSTED] = { "adjusted", FT_STRING, 0, 0, 10, NULL, NULL, "Adjusted" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(accounts_list_fields, ACC_L_COUNT);

static int
busy(const char **msg)
{
	*msg = "The server is busy; please try again in a moment.";
	return 503;
}

/* 429 with Retry-After once this address or this brand has had its
 * sign-ups for the hour (auth_signup_wait; the brand's own limits from
 * tenant.json, else the server's); 0 to go ahead. */
static int
signup_limited(struct http_req *req, int count, const char **msg)
{
	const struct tenancy_tenant *t = req->tenant;
	long wait = auth_signup_wait(req, count,
	    t->signup_ip_limit ? t->signup_ip_limit : conf.signup_ip_limit,
	    t->signup_brand_limit ? t->signup_brand_limit : conf.signup_brand_limit);
	long minutes = (wait + 59) / 60;
	char s[24];

	if (wait < 0)
		return db_last_rc() == DB_DOWN ? 503 : 500;
	if (wait == 0)
		return 0;
	snprintf(s, sizeof(s), "%ld", wait);
	http_set_header(req, "Retry-After", s);
	*msg = arena_printf(req->a,
	    "Too many sign-ups from your address or on this site in the "
	    "last hour. Please try again in %ld minute%s.",
	    minutes, minutes == 1 ? "" : "s");
	log_info("signup refused tenant=%s addr=%s wait=%ld", req->tenant->slug,
	    req->remote_addr ? req->remote_addr : "-", wait);
	return 429;
}

int
accounts_do_signup(struct http_req *req, char id_out[37], const char **msg)
{
	const struct http_value *v = http_vals(req, accounts_signup_fields);
	char *username = util_lower(arena_strdup(req->a, v[ACC_SU_USERNAME].str));
	const char *email = v[ACC_SU_EMAIL].str;
	const char *password = v[ACC_SU_PASSWORD].str;
	const char *display = v[ACC_SU_DISPLAY].str;
	const char *why;
	char hash[128];
	int taken, rc;

	/* a look first: a refused sign-up costs no hashing */
	if ((rc = signup_limited(req, 0, msg)) != 0)
		return rc;
	if ((why = auth_password_policy(password, username, email)) != NULL)
		http_field_error(req, "password", why);
	if ((taken = accounts_db_taken(req->a, username, email)) < 0)
		return db_last_rc() == DB_DOWN ? 503 : 500;
	if (taken & 1)
		http_field_error(req, "username", "is already taken");
	if (taken & 2)
		http_field_error(req, "email", "is already registered");
	if (req->errors.n) {
		*msg = "some fields are not valid";
		return 422;
	}
	if ((rc = auth_password_hash(password, hash)) == -2)
		return busy(msg);
	if (rc != 0)
		return 500;
	/* then the count itself, under row locks held until COMMIT */
	if ((rc = signup_limited(req, 1, msg)) != 0)
		return rc;
	util_uuid7(id_out);
	if (accounts_db_insert(req->a, id_out, username, email, hash, *display ? display : username,
	        "user") != DB_OK) {
		if (db_is_unique_violation()) {
			/* Lost a race with a simultaneous sign-up. */
			http_field_error(req,
			    strstr(db_constraint(), "email") ? "email" : "username",
			    "is already taken");
			*msg = "some fields are not valid";
			return 422;
		}
		return db_last_rc() == DB_DOWN ? 503 : 500;
	}
	if (auth_session_start(req, id_out) != DB_OK ||
	    ledger_open_wallet(req->a, id_out) != DB_OK ||
	    ledger_signup_credit(req->a, id_out, req->tenant->signup_credit) != DB_OK)
		return db_last_rc() == DB_DOWN ? 503 : 500;
	if (notify_user(req->a, id_out, NOTIFY_WELCOME,
	        arena_printf(
	            req->a, "Welcome to %s, %s!", req->tenant->name, *display ? display : username),
	        "Follow proven bettors, tail their bets and share your own. Start by completing your "
	        "profile.",
	        "/settings/profile") != DB_OK)
		return db_last_rc() == DB_DOWN ? 503 : 500;
	log_info("signup tenant=%s user=%s", req->tenant->slug, id_out);
	return 0;
}

/* A hash to verify against when the account does not exist, so that a wrong
 * username costs the same time as a wrong password. */
static const char *
dummy_hash(void)
{
	static char h[128];

	if (h[0] == '\0') {
		char pw[33];
		unsigned char raw[16];

		randombytes_buf(raw, sizeof(raw));
		util_hex(raw, sizeof(raw), pw);
		if (auth_password_rehash(pw, h) != 0)
			h[0] = '\0';
	}
	return h;
}

int
accounts_do_login(struct http_req *req, const char **msg)
{
	const struct http_value *v = http_vals(req, accounts_signin_fields);
	const char *login = v[ACC_SI_LOGIN].str, *password = v[ACC_SI_PASSWORD].str;
	const char *account;
	long wait;
	PGresult *r;
	int ok;

	if ((r = accounts_db_login(req->a, login)) == NULL)
		return db_last_rc() == DB_DOWN ? 503 : 500;
	/* throttled per account: its username and its email are one */
	account = db_rows(r) == 1 ? db_val(r, 0, 0) : arena_printf(req->a, "login:%s", login);
	if ((wait = auth_throttle_wait(req, account)) > 0) {
		char s[24];

		snprintf(s, sizeof(s), "%ld", wait);
		http_set_header(req, "Retry-After", s);
		*msg = arena_printf(req->a, "Too many failed sign-ins. Try again in %ld second%s.",
		    wait, wait == 1 ? "" : "s");
		return 429;
	}
	if (db_rows(r) == 1)
		ok = auth_password_verify(db_val(r, 0, 1), password);
	else {
		auth_password_verify(dummy_hash(), password);
		ok = 0;
	}
	if (ok == -2)
		return busy(msg);
	if (ok != 1) {
		auth_throttle_fail(req, account);
		*msg = "Wrong username or password.";
		return 401;
	}
	{
		const char *id = db_val(r, 0, 0), *hash = db_val(r, 0, 1);

		if (auth_password_needs_rehash(hash)) {
			char nh[128];

			if (auth_password_rehash(password, nh) == 0)
				accounts_db_set_hash(req->a, id, nh, 0);
		}
		auth_throttle_clear(req, account);
		if (auth_session_start(req, id) != DB_OK ||
		    accounts_db_touch_active(req->a, id) != DB_OK)
			return db_last_rc() == DB_DOWN ? 503 : 500;
	}
	return 0;
}

int
accounts_do_password(struct http_req *req, const char **msg)
{
	const struct http_value *v = http_vals(req, accounts_password_fields);
	const char *cur = v[ACC_PW_CURRENT].str;
	const char *nw = v[ACC_PW_NEW].str;
	PGresult *u = accounts_db_get(req->a, req->user->id), *l;
	const char *why;
	char hash[128];
	int ok;

	if (u == NULL || db_rows(u) != 1)
		return 500;
	if ((l = accounts_db_login(req->a, req->user->username)) == NULL || db_rows(l) != 1)
		return 500;
	if ((ok = auth_password_verify(db_val(l, 0, 1), cur)) == -2)
		return busy(msg);
	if (ok != 1)
		http_field_error(req, "current_password", "is not your current password");
	else if ((why = auth_password_policy(nw, req->user->username, db_val(u, 0, U_EMAIL))) !=
	    NULL)
		http_field_error(req, "new_password", why);
	else if (strcmp(cur, nw) == 0)
		http_field_error(req, "new_password", "must differ from the current password");
	if (req->errors.n) {
		*msg = "some fields are not valid";
		return 422;
	}
	if ((ok = auth_password_hash(nw, hash)) == -2)
		return busy(msg);
	if (ok != 0 || accounts_db_set_hash(req->a, req->user->id, hash, 1) != DB_OK ||
	    auth_session_end_others(req) != DB_OK ||
	    notify_user(req->a, req->user->id, NOTIFY_SECURITY, "Your password was changed",
	        "Every other session has been signed out.", "/settings/password") != DB_OK)
		return db_last_rc() == DB_DOWN ? 503 : 500;
	return 0;
}

int
accounts_do_profile(struct http_req *req, const char **msg)
{
	const struct http_value *v = http_vals(req, accounts_profile_fields);
	const struct http_value *dn = &v[ACC_PR_DISPLAY], *bio = &v[ACC_PR_BIO];
	const struct http_value *sp = &v[ACC_PR_SPORTS];
	char *sports = NULL;

	(void)msg;
	if (sp->present || req->json == NULL) {
		json_t *a = json_array();

		for (size_t i = 0; i < sp->nlist; i++)
			json_array_append_new(a, json_string(sp->list[i]));
		sports = json_dumps(a, JSON_COMPACT);
		json_decref(a);
		if (sports != NULL)
			arena_cleanup(req->a, free, sports);
	}
	/* a form's empty box is not given (app/http), but the form always has
	 * one: emptied, it is a mistake, as JSON's "" is */
	if ((dn->present || req->json == NULL) && *dn->str == '\0') {
		http_field_error(req, "display_name", "must not be empty");
		return 422;
	}
	if (accounts_db_update_profile(req->a, req->user->id, dn->present ? dn->str : NULL,
	        bio->present || req->json == NULL ? bio->str : NULL, sports) != DB_OK)
		return db_last_rc() == DB_DOWN ? 503 : 500;
	return 0;
}
