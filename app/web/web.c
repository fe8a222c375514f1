/* The page, JSON and error helpers every module shares (see web.h). */
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tenancy/tenancy.h"

/* The page being built between web_page() and web_page_done(), kept in
 * the request (req->page, arena memory). */
struct web_page {
	render_dict *root;
	render_dict *body;
};

static web_layout_fn hooks[SITE_LAYOUT_HOOKS];
static size_t nhooks;

int
web_layout_hook(web_layout_fn fn)
{
	for (size_t i = 0; i < nhooks; i++)
		if (hooks[i] == fn)
			return 0;
	if (nhooks == SITE_LAYOUT_HOOKS)
		return -1;
	hooks[nhooks++] = fn;
	return 0;
}

int
web_wants_json(const struct http_req *req)
{
	if (req->route != NULL)
		return (req->route->flags & R_JSON) != 0;
	if (req->path != NULL &&
	    (strncmp(req->path, "/social/", 8) == 0 || strncmp(req->path, "/admin/api/", 11) == 0 ||
	        strncmp(req->path, "/pro/api/", 9) == 0 ||
	        strncmp(req->path, "/enterprise/api/", 16) == 0))
		return 1;
	return req->accept != NULL && strstr(req->accept, "application/json") != NULL &&
	    strstr(req->accept, "text/html") == NULL;
}

const char *
web_local_path(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n") != NULL)
		return "/";
	return next;
}

static void
layout_vars(struct http_req *req, render_dict *d)
{
	const struct tenancy_tenant *t = req->tenant;

	render_set(d, "TENANT_NAME", t ? t->name : "Tailgate");
	render_set(d, "TENANT_TAGLINE", t ? t->tagline : "");
	render_set(d, "TENANT_LOGO", t ? t->logo : "/static/img/logo.svg");
	render_set(d, "TENANT_SLUG", t ? t->slug : "");
	render_set(d, "REQUEST_ID", req->request_id);
	if (t != NULL) {
		render_show(d, "HAS_TENANT");
		render_set(d, "MONEY_MODE", t->money_mode);
		render_set(d, "MONEY_MODE_LABEL",
		    strcmp(t->money_mode, "real") == 0 ? "Real money" : "Play money");
		render_set(d, "CURRENCY", t->currency);
		if (t->copy_trading)
			render_show(d, "COPY_TRADING");
	}
	if (req->user != NULL) {
		render_show(d, "SIGNED_IN");
		render_set(d, "USER_ID", req->user->id);
		render_set(d, "USERNAME", req->user->username);
		render_set(d, "DISPLAY_NAME", req->user->display_name);
		render_set(d, "CSRF_TOKEN", req->user->csrf);
		render_set(d, "LIVE_URL", arena_printf(req->a, "/live/%s", req->user->id));
	} else
		render_show(d, "SIGNED_OUT");
	for (size_t i = 0; i < nhooks; i++)
		hooks[i](req, d);
}

render_dict *
web_page(struct http_req *req, const char *tpl, const char *title)
{
	struct web_page *p = arena_calloc(req->a, 1, sizeof(*p));

	if (p == NULL) {
		log_error("out of memory starting a page for %s", req->path);
		abort();
	}
	req->page = p;
	p->root = render_dict_new(req->a);
	render_set(p->root, "PAGE_TITLE", title);
	layout_vars(req, p->root);
	p->body = render_include(p->root, "BODY", tpl);
	/* Include dictionaries do not inherit their parent's values in ctemplate,
	 * so the page sees the same tenant/user variables as the layout. */
	layout_vars(req, p->body);
	return p->body;
}

int
web_page_done(struct http_req *req, int status)
{
	struct web_page *p = req->page;

	buf_reset(&req->body);
	if (p == NULL ||
	    render_expand(
	        req->tenant ? req->tenant->slug : NULL, "layout.tpl", p->root, &req->body) != 0) {
		log_error("template expansion failed for %s", req->path);
		buf_reset(&req->body);
		buf_puts(&req->body,
		    "<!doctype html><title>Error</title><p>This page could not be shown.");
		status = 500;
	}
	req->status = status;
	req->content_type_out = "text/html; charset=utf-8";
	return 0;
}

int
web_json(struct http_req *req, int status, json_t *j)
{
	buf_reset(&req->body);
	if (render_json_dump(j, &req->body) != 0) {
		req->status = 500;
		buf_reset(&req->body);
		buf_puts(&req->body, "{}");
	} else
		req->status = status;
	req->content_type_out = "application/json";
	return 0;
}

static const char *
error_code(int status)
{
	switch (status) {
	case 400:
		return "bad_request";
	case 401:
		return "unauthorized";
	case 403:
		return "forbidden";
	case 404:
		return "not_found";
	case 405:
		return "method_not_allowed";
	case 409:
		return "conflict";
	case 413:
		return "payload_too_large";
	case 415:
		return "unsupported_media_type";
	case 422:
		return "validation_failed";
	case 429:
		return "too_many_requests";
	case 503:
		return "unavailable";
	default:
		return "internal_error";
	}
}

static const char *
error_text(int status)
{
	switch (status) {
	case 400:
		return "The request could not be understood.";
	case 401:
		return "Please sign in to continue.";
	case 403:
		return "You are not allowed to do that.";
	case 404:
		return "We could not find that page.";
	case 405:
		return "That page does not accept this kind of request.";
	case 413:
		return "What you sent is too large.";
	case 422:
		return "Some of what you entered needs another look.";
	case 429:
		return "Too many attempts. Please wait a moment and try again.";
	case 503:
		return "The service is briefly unavailable. Please try again in a moment.";
	default:
		return "Something went wrong on our side. It has been logged.";
	}
}

int
web_error(struct http_req *req, int status, const char *message)
{
	buf_reset(&req->body);
	if (web_wants_json(req)) {
		struct tg_err e = TG_ERR(tg_code_of_status(status), error_code(status),
		    message ? message : error_text(status));

		web_json(req, status, web_refusal_json(&e, &req->errors));
	} else {
		render_dict *d = web_page(req, "errors/error.tpl", http_reason(status));

		render_set_int(d, "STATUS", status);
		render_set(d, "REASON", http_reason(status));
		render_set(d, "MESSAGE", message ? message : error_text(status));
		if (message != NULL && status < 500)
			render_set(d, "HINT", error_text(status));
		for (size_t i = 0; i < req->errors.n; i++) {
			render_dict *e = render_section(d, "FIELD_ERRORS");

			render_set(e, "FIELD", req->errors.field[i]);
			render_set(e, "MSG", req->errors.msg[i]);
		}
		web_page_done(req, status);
	}
	return -1;
}

void
web_form_state(struct http_req *req, render_dict *d)
{
	const struct http_route *r = req->route;

	for (size_t i = 0; r != NULL && r->fields != NULL && r->fields[i].name != NULL; i++) {
		const struct http_field *f = &r->fields[i];
		const char *v = req->json ? NULL : http_kvs_get(&req->form, f->name);

		if (!(f->flags & FF_SECRET) && v != NULL)
			render_set(d, arena_printf(req->a, "VAL_%s", f->name), v);
	}
	for (size_t i = 0; i < req->errors.n; i++) {
		render_dict *e =
		    render_section(d, arena_printf(req->a, "ERR_%s", req->errors.field[i]));
		render_dict *s = render_section(d, "ERRORS");

		render_set(e, "MSG", req->errors.msg[i]);
		render_set(s, "FIELD", req->errors.field[i]);
		render_set(s, "MSG", req->errors.msg[i]);
	}
	if (req->errors.n)
		render_show(d, "HAS_ERRORS");
}
