/*
 * The one refusal renderer: a struct tg_err (core.h) answered in the
 * route's format. JSON callers get {"error":{"code","message","fields"}}
 * with the status tg_status() maps; page callers get the route's form again
 * with the field messages (its on_invalid) or the branded error page. Every
 * JSON refusal of the site is built by web_refusal_json(), here.
 */
#include "web.h"

#include "../core/core.h"
#include "../db/db.h"

static void
add_field(json_t *f, const char *field, const char *msg)
{
	/* the first message for a field wins, as on the form */
	if (field != NULL && json_object_get(f, field) == NULL)
		json_object_set_new(f, field, json_string(msg ? msg : ""));
}

json_t *
web_refusal_json(const struct tg_err *e, const struct http_errors *more)
{
	json_t *err = json_pack("{s:s, s:s}", "code", tg_reason(e), "message", tg_message(e));
	json_t *f = json_object();

	if (e->field != NULL)
		add_field(f, e->field, tg_message(e));
	for (size_t i = 0; e->fields != NULL && i < e->fields->n; i++)
		add_field(f, e->fields->field[i], e->fields->msg[i]);
	for (size_t i = 0; more != NULL && i < more->n; i++)
		add_field(f, more->field[i], more->msg[i]);
	if (json_object_size(f) > 0)
		json_object_set_new(err, "fields", f);
	else
		json_decref(f);
	return json_pack("{s:o}", "error", err);
}

/* The result's field errors join the request's, for the form or the page. */
static void
note_fields(struct http_req *req, const struct tg_err *e)
{
	if (e->field != NULL)
		http_field_error(req, e->field, tg_message(e));
	for (size_t i = 0; e->fields != NULL && i < e->fields->n; i++)
		http_field_error(req, e->fields->field[i], e->fields->msg[i]);
}

int
web_refuse_extra(struct http_req *req, struct tg_err e, json_t *extra)
{
	int status = tg_status(e.code);

	if (e.code == TG_OK || e.code == TG_INTERNAL) {
		/* not a refusal: the pipeline answers 500 (or 503) and logs */
		json_decref(extra);
		return -1;
	}
	if (web_wants_json(req)) {
		json_t *j = web_refusal_json(&e, &req->errors);

		if (extra != NULL)
			json_object_update_new(json_object_get(j, "error"), extra);
		buf_reset(&req->body);
		web_json(req, status, j);
		return -1;
	}
	json_decref(extra);
	note_fields(req, &e);
	if (e.code == TG_INVALID && req->errors.n > 0 && req->route != NULL &&
	    req->route->on_invalid != NULL) {
		buf_reset(&req->body);
		req->route->on_invalid(req);
		req->status = status;
		return -1;
	}
	return web_error(req, status, tg_message(&e));
}

int
web_refuse(struct http_req *req, struct tg_err e)
{
	return web_refuse_extra(req, e, NULL);
}

int
web_or_404(struct http_req *req, const PGresult *r, const char *message)
{
	if (r == NULL)
		return -1;
	if (db_rows(r) == 0)
		return web_refuse(req, TG_ERR(TG_NOT_FOUND, NULL, message));
	return 0;
}

int
web_id_or_404(struct http_req *req, const char *id, const char *message)
{
	return util_uuid_valid(id) ? 0 : web_refuse(req, TG_ERR(TG_NOT_FOUND, NULL, message));
}
