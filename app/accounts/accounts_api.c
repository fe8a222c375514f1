/* JSON endpoints for accounts (/social/auth/..., /social/me, profiles). */
#include "accounts_int.h"

#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../profiles/profiles.h"
#include "../web/web.h"
#include "../social/social.h"

static int
me(struct http_req *req, int status)
{
	PGresult *u = accounts_db_get(req->a, req->user->id);

	if (u == NULL || db_rows(u) != 1)
		return -1;
	return web_json(req, status,
	    json_pack(
	        "{s:o, s:s}", "user", accounts_user_json(u, 0, 1), "csrf_token", req->user->csrf));
}

int
accounts_api_signup(struct http_req *req)
{
	char id[37];
	const char *msg = NULL;
	int st = accounts_do_signup(req, id, &msg);

	if (st != 0)
		return web_error(req, st, msg);
	(void)id;
	return me(req, 201);
}

int
accounts_api_login(struct http_req *req)
{
	const char *msg = NULL;
	int st = accounts_do_login(req, &msg);

	if (st == 401 || st == 429) {
		web_error(req, st, msg);
		return 0; /* commit: the failure counters must stick */
	}
	if (st != 0)
		return web_error(req, st, msg);
	return me(req, 200);
}

int
accounts_api_logout(struct http_req *req)
{
	if (auth_session_end(req) != DB_OK)
		return -1;
	req->status = 204;
	return 0;
}

int
accounts_api_me(struct http_req *req)
{
	return me(req, 200);
}

int
accounts_api_me_patch(struct http_req *req)
{
	const char *msg = NULL;
	int st = accounts_do_profile(req, &msg);

	if (st != 0)
		return web_error(req, st, msg);
	return me(req, 200);
}

int
accounts_api_password(struct http_req *req)
{
	const char *msg = NULL;
	int st = accounts_do_password(req, &msg);

	if (st != 0)
		return web_error(req, st, msg);
	req->status = 204;
	return 0;
}

int
accounts_api_profile(struct http_req *req)
{
	const char *id = http_param(req, "user_id");
	PGresult *u;
	json_t *j;

	if (web_or_404(req, u = accounts_db_get(req->a, id), "No such user.") != 0)
		return -1;
	j = accounts_user_json(u, 0, req->user != NULL && strcmp(req->user->id, id) == 0);
	/* followers_count, following_count, tier; 404 to a member it blocks. */
	switch (social_graph_json_into(req, j, id)) {
	case 0:
		break;
	case 404:
		json_decref(j);
		return web_error(req, 404, "No such user.");
	default:
		json_decref(j);
		return -1;
	}
	if (profiles_json_into(req, j, db_val(u, 0, U_ID)) != 0 ||
	    accounts_copying_json_into(req, j, db_val(u, 0, U_ID)) != 0) {
		json_decref(j);
		return -1;
	}
	return web_json(req, 200, j);
}
