/*
 * JSON: the specification's copy-trading endpoints under
 * /social/copy-trading/, the simulation, and "copy this bet" from a post.
 * Settings use the specification's names and, like its CopySettings,
 * decimal amounts and rates ("10.00", 2, 0.2: copy_settings_apply); the
 * totals of a relationship are integers in minor units like every other
 * amount the API returns.
 */
#include "copy_int.h"

#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

/* Tables and their enums (kcgi-style: a handler reads v[ENUM]). */
const struct http_field copy_list_fields[] = {
	[COPY_LIST_F_CURSOR] = { "cursor", FT_STRING, 0, 0, 36, NULL, http_check_uuid, "Cursor" },
	[COPY_LIST_F_LIMIT] = { "limit", FT_INT, 0, 1, COPY_PAGE_MAX, NULL, NULL, "Limit" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(copy_list_fields, COPY_LIST_F_COUNT);

/* The /copy page: the list's fields, and the flash word a redirect after an
 * action names (?done=saved; an unknown word shows nothing). */
const struct http_field copy_mine_fields[] = {
	[COPY_LIST_F_CURSOR] = { "cursor", FT_STRING, 0, 0, 36, NULL, http_check_uuid, "Cursor" },
	[COPY_LIST_F_LIMIT] = { "limit", FT_INT, 0, 1, COPY_PAGE_MAX, NULL, NULL, "Limit" },
	[COPY_MINE_F_DONE] = { "done", FT_STRING, 0, 0, 16, NULL, NULL, "Done" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(copy_mine_fields, COPY_MINE_F_COUNT);

/* {"copies": [a page], "next_cursor": the cursor of the next, or null} */
static json_t *
copies_json(struct http_req *req, const char *rel_id)
{
	const char *next;
	int n;
	PGresult *t = copy_trades_page(req, http_vals(req, copy_list_fields), rel_id, &n, &next);
	json_t *copies;

	if (t == NULL)
		return NULL;
	copies = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(copies, copy_trade_json(req->a, t, i));
	return json_pack("{s:o, s:s?}", "copies", copies, "next_cursor", next);
}

enum { CREATE_F_TRADER, CREATE_F_SETTINGS };
const struct http_field copy_create_fields[] = {
	[CREATE_F_TRADER] = { "trader_id", FT_STRING, FF_REQUIRED, 36, 36, NULL, NULL, "Trader" },
	/* checked by copy_settings_apply against copy_settings_fields */
	[CREATE_F_SETTINGS] = { "settings", FT_STRING, FF_JSON, 0, 0, NULL, NULL, "Settings" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* Answers an outcome that is not a success: the code, the message, the
 * settings' field errors and the relationship concerned. */
int
copy_api_refusal(struct http_req *req, const struct copy_outcome *o)
{
	struct tg_fields f = { o->errs.n, o->errs.field, o->errs.msg };
	struct tg_err e = { .code = tg_code_of_status(o->status),
		.reason = o->code,
		.message = o->msg,
		.fields = o->errs.n > 0 ? &f : NULL };

	return web_refuse_extra(
	    req, e, o->id[0] ? json_pack("{s:s}", "relationship_id", o->id) : NULL);
}

static int
answer(struct http_req *req, int status, const char *id)
{
	PGresult *r = copy_rel_get(req->a, req->user->id, id);

	if (r == NULL || db_rows(r) == 0)
		return -1;
	return web_json(req, status, json_pack("{s:o}", "relationship", copy_rel_json(r, 0)));
}

/* The settings document: the body's "settings" (create), or the body
 * itself (PUT), borrowed from the request. An absent document is the
 * defaults: an empty object the request's arena frees. NULL when out of
 * memory. */
static json_t *
settings_doc(struct http_req *req, int whole)
{
	json_t *s = whole ? req->json : json_object_get(req->json, "settings");

	if (s != NULL)
		return s;
	if ((s = json_object()) == NULL ||
	    arena_cleanup(req->a, (arena_cleanup_fn)json_decref, s) != 0)
		return NULL;
	return s;
}

int
copy_api_create(struct http_req *req)
{
	const struct http_value *v = http_vals(req, copy_create_fields);
	struct copy_outcome o;
	struct auth_actor me;
	json_t *doc = settings_doc(req, 0);

	if (doc == NULL ||
	    copy_rel_create(
	        req->a, auth_actor_from_req(req, &me), v[CREATE_F_TRADER].str, doc, &o) != 0)
		return -1;
	return o.status == 201 ? answer(req, 201, o.id) : copy_api_refusal(req, &o);
}

int
copy_api_mine(struct http_req *req)
{
	PGresult *r = copy_rel_list(req->a, req->user->id);
	json_t *list;

	if (r == NULL)
		return -1;
	list = json_array();
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(list, copy_rel_json(r, i));
	return web_json(req, 200,
	    json_pack("{s:o, s:s}", "relationships", list, "currency", req->tenant->currency));
}

int
copy_api_get(struct http_req *req)
{
	const char *id = http_param(req, "relationship_id");
	PGresult *r = copy_rel_get(req->a, req->user->id, id);
	json_t *page;

	if (r == NULL)
		return -1;
	if (db_rows(r) == 0)
		return web_error(req, 404, "There is no such copy relationship.");
	if ((page = copies_json(req, id)) == NULL)
		return -1;
	json_object_set_new(page, "relationship", copy_rel_json(r, 0));
	return web_json(req, 200, page);
}

int
copy_api_settings(struct http_req *req)
{
	const char *id = http_param(req, "relationship_id");
	struct copy_outcome o;
	struct auth_actor me;
	json_t *doc = settings_doc(req, 1);

	if (doc == NULL || copy_rel_update(req->a, auth_actor_from_req(req, &me), id, doc, &o) != 0)
		return -1;
	return o.status == 200 ? answer(req, 200, id) : copy_api_refusal(req, &o);
}

static int
action(struct http_req *req, enum copy_action act)
{
	const char *id = http_param(req, "relationship_id");
	struct copy_outcome o;
	struct auth_actor me;

	if (copy_rel_action(req->a, auth_actor_from_req(req, &me), id, act, &o) != 0)
		return -1;
	return o.status == 200 ? answer(req, 200, id) : copy_api_refusal(req, &o);
}

int
copy_api_pause(struct http_req *req)
{
	return action(req, COPY_PAUSE);
}
int
copy_api_resume(struct http_req *req)
{
	return action(req, COPY_RESUME);
}
int
copy_api_stop(struct http_req *req)
{
	return action(req, COPY_STOP);
}

int
copy_api_copies(struct http_req *req)
{
	json_t *page = copies_json(req, NULL);

	return page != NULL ? web_json(req, 200, page) : -1;
}

/* The simulation: bankroll in minor units like every amount the API takes
 * as an integer; absent, the member's own cash and money in play. */
enum { SIM_F_TRADER, SIM_F_SINCE, SIM_F_BANKROLL, SIM_F_SETTINGS };
const struct http_field copy_simulate_fields[] = {
	[SIM_F_TRADER] = { "trader_id", FT_STRING, FF_REQUIRED, 0, 36, NULL, NULL, "Trader" },
	[SIM_F_SINCE] = { "since", FT_STRING, FF_REQUIRED, 0, 10, NULL, copy_check_since, "Since" },
	[SIM_F_BANKROLL] = { "bankroll", FT_INT, 0, 1, MONEY_MAX, NULL, NULL, "Bankroll" },
	[SIM_F_SETTINGS] = { "settings", FT_STRING, FF_JSON, 0, 0, NULL, NULL, "Settings" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

int
copy_api_simulate(struct http_req *req)
{
	const struct http_value *v = http_vals(req, copy_simulate_fields);
	struct copy_sim_run run;
	json_t *j, *doc;
	int rc;

	if (!req->tenant->copy_trading)
		return web_error(req, 404, "Copy trading is not offered on this site.");
	if ((doc = settings_doc(req, 0)) == NULL)
		return -1;
	rc = copy_sim_history(req, v[SIM_F_TRADER].str, v[SIM_F_SINCE].str,
	    v[SIM_F_BANKROLL].present ? v[SIM_F_BANKROLL].num : 0, doc, &run);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return web_error(req, 422, "Some of what you sent is not valid.");
	j = copy_sim_json(req->a, &run);
	copy_sim_free(&run.r);
	return web_json(
	    req, 200, json_pack("{s:o, s:s}", "result", j, "currency", req->tenant->currency));
}
