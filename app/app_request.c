/*
 * The request pipeline, part of the composition root (it needs the route
 * tables, the tenant, the session and ops' counters).
 *
 * app_handle() runs one request in this order: parse the CGI environment,
 * match a route, resolve the tenant from Host (unknown: 404, no database),
 * the route's feature gate (a brand that turned it off: 404), read and
 * parse the body (bounded), BEGIN with the tenant's role and search_path,
 * load the session, check CSRF on state-changing requests that carry the
 * session cookie, check sign-in and role, validate the route's declared
 * fields, run the handler, COMMIT (any failure rolls back whole), write the
 * response with security headers, log one access line.
 *
 * Handlers return 0 to commit and nonzero to roll back; they fill the
 * response through web's web_page()/web_page_done(), web_json() or
 * web_error().
 */
#include "app.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/auth.h"
#include "db/db.h"
#include "ops/ops.h"
#include "tenancy/tenancy.h"
#include "web/web.h"

static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

/* ---- the pipeline ---- */

static const char *
env(FCGX_Request *f, const char *name)
{
	return FCGX_GetParam(name, f->envp);
}

static void
common_headers(struct http_req *req)
{
	http_set_header(req, "X-Request-Id", req->request_id);
	http_set_header(req, "X-Content-Type-Options", "nosniff");
	http_set_header(req, "Referrer-Policy", "strict-origin-when-cross-origin");
	if (req->content_type_out != NULL && strncmp(req->content_type_out, "text/html", 9) == 0) {
		http_set_header(req, "Content-Security-Policy", csp);
		http_set_header(req, "X-Frame-Options", "DENY");
	} else
		http_set_header(
		    req, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
	if (!strstr(buf_cstr(&req->headers), "Cache-Control:"))
		http_set_header(req, "Cache-Control",
		    req->user != NULL || web_wants_json(req) || req->status >= 400 ? "no-store"
		                                                                   : "no-cache");
}

static void
request_id(struct http_req *req)
{
	const char *rid = env(req->fcgi, "REQUEST_ID");
	size_t n = rid ? strlen(rid) : 0;
	int ok = n >= 16 && n <= 32;

	for (size_t i = 0; ok && i < n; i++)
		ok = isxdigit((unsigned char)rid[i]);
	if (ok)
		memcpy(req->request_id, rid, n + 1);
	else {
		unsigned char raw[16];

		randombytes_buf(raw, sizeof(raw));
		util_hex(raw, sizeof(raw), req->request_id);
	}
}

static int
parse_request(struct http_req *req, const char **msg)
{
	FCGX_Request *f = req->fcgi;
	const char *uri = env(f, "REQUEST_URI"), *q, *cl, *cookie;
	size_t plen;
	char *path;
	struct http_limits lim = { (size_t)conf.fields_max, (size_t)conf.field_len_max };

	req->method = http_method_parse(env(f, "REQUEST_METHOD"));
	req->remote_addr = env(f, "REMOTE_ADDR");
	req->content_type = env(f, "CONTENT_TYPE");
	req->accept = env(f, "HTTP_ACCEPT");
	req->user_agent = env(f, "HTTP_USER_AGENT");
	req->csrf_header = env(f, "HTTP_X_CSRF_TOKEN");
	req->internal = env(f, "TG_INTERNAL");
	req->host = tenancy_host_normalise(req->a, env(f, "HTTP_HOST"));
	if ((cl = env(f, "CONTENT_LENGTH")) != NULL && *cl) {
		if (util_parse_ll(cl, &req->content_length) != 0 || req->content_length < 0) {
			*msg = "invalid Content-Length";
			return 400;
		}
	}
	if (uri == NULL)
		uri = "/";
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	if ((path = http_urldecode(req->a, uri, plen, 0, &plen)) == NULL) {
		*msg = "malformed percent-encoding in the path";
		return 400;
	}
	if (strlen(path) != plen || !util_utf8_valid(path, plen)) {
		*msg = "invalid characters in the path";
		return 400;
	}
	for (const char *c = path; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			*msg = "control characters in the path";
			return 400;
		}
	req->path = path;
	req->raw_query = q ? q + 1 : "";
	if (http_parse_urlencoded(
	        req->a, req->raw_query, strlen(req->raw_query), &lim, &req->query, msg) != 0) {
		*msg = *msg ? *msg : "malformed query string";
		return 400;
	}
	if ((cookie = env(f, "HTTP_COOKIE")) != NULL)
		http_parse_cookies(req->a, cookie, &req->cookies);
	return 0;
}

static void
access_log(struct http_req *req)
{
	uint64_t us = util_now_us() - req->start_us;

	log_info("access tenant=%s method=%s path=%s status=%d us=%llu user=%s rid=%s",
	    req->tenant ? req->tenant->slug : "-", http_method_name(req->method),
	    req->path ? req->path : "-", req->status, (unsigned long long)us,
	    req->user ? req->user->id : "-", req->request_id);
	ops_observe(req->route_index, req->status, us);
}

static void
free_bufs(void *p)
{
	struct http_req *req = p;

	buf_free(&req->headers);
	buf_free(&req->body);
}

/*
 * A state-changing request sent by another site's page (a forged sign-in,
 * say) is refused even without a session: browsers label it with
 * Sec-Fetch-Site or an Origin that is not this scheme, host and port (as
 * nginx received the request: REQUEST_SCHEME, SERVER_PORT).
 */
static int
cross_site(const struct http_req *req)
{
	const char *site = env(req->fcgi, "HTTP_SEC_FETCH_SITE");
	const char *origin = env(req->fcgi, "HTTP_ORIGIN");
	const char *scheme = env(req->fcgi, "REQUEST_SCHEME");

	if (site != NULL && strcmp(site, "cross-site") == 0)
		return 1;
	if (origin == NULL || *origin == '\0')
		return 0;
	if (scheme == NULL || *scheme == '\0') {
		const char *https = env(req->fcgi, "HTTPS");

		scheme = https != NULL && *https ? "https" : "http";
	}
	return !http_origin_same(origin, scheme, req->host, env(req->fcgi, "SERVER_PORT"));
}

/* Returns 0 to commit. Sets the response for every outcome. */
static int
run(struct http_req *req)
{
	const struct http_route *route = NULL;
	struct http_limits lim = { (size_t)conf.fields_max, (size_t)conf.field_len_max };
	const struct http_route *routes, *internal;
	const char *msg = NULL;
	unsigned allow = 0;
	size_t nroutes, ninternal;
	int rc, st, readonly;

	if ((st = parse_request(req, &msg)) != 0)
		return web_error(req, st, msg);

	routes = app_routes(&nroutes);
	internal = app_internal_routes(&ninternal);
	if (req->internal != NULL && *req->internal)
		st = http_route_match(internal, ninternal, req->method, req->internal, req->a,
		    &route, &req->params, &allow);
	else
		st = http_route_match(
		    routes, nroutes, req->method, req->path, req->a, &route, &req->params, &allow);
	if (st == 0) {
		req->route = route;
		if (req->internal == NULL || *req->internal == '\0')
			req->route_index = http_route_index(routes, route);
	}
	if (route != NULL && (route->flags & R_LOOPBACK) && !http_is_loopback(req->remote_addr))
		return web_error(req, 403, "operators only");
	if (route == NULL || !(route->flags & R_NOTENANT)) {
		if ((req->tenant = tenancy_resolve(req->host)) == NULL)
			return web_error(req, 404, "There is no site at this address.");
		if (!req->tenant->active)
			return web_error(req, 503, "This site is not available at the moment.");
	}
	if (st == 405) {
		char a[64];

		http_allow_string(allow, a, sizeof(a));
		http_set_header(req, "Allow", a);
		return web_error(req, 405, NULL);
	}
	if (st != 0 || app_route_gated(route, req->tenant))
		return web_error(req, 404, NULL);

	if (req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)) {
		if ((st = http_read_body(req, &lim, conf.body_max, &msg)) != 0)
			return web_error(req, st, msg);
	}
	if (route->flags & R_NODB)
		return route->handler(req);

	readonly = (req->method & (HTTP_GET | HTTP_HEAD)) && !(route->flags & R_WRITE);
	req->readonly = readonly;
	{
		long long version = -1;
		struct db_first session;
		struct db_batch *pre = NULL;
		int tenant = !(route->flags & R_NOTENANT);

		if (tenant)
			auth_session_prepare(req, &session);
		void (*prefetch)(struct http_req *, struct db_batch *) =
		    tenant ? route->prefetch : NULL;

		/* Only for a visitor without a session: a prefetch cannot know the
		 * member the session lookup in the same pipeline will find. */
		if (prefetch != NULL && session.st == NULL &&
		    (pre = arena_calloc(req->a, 1, sizeof(*pre))) != NULL)
			prefetch(req, pre);
		rc = db_begin_with(tenant ? req->tenant->schema : NULL, readonly,
		    tenant ? &version : NULL, tenant ? &session : NULL, pre);
		if (rc != DB_OK)
			return web_error(req, rc == DB_DOWN ? 503 : 500, NULL);
		if (version >= 0)
			tenancy_note_version(version);
		if (tenant && auth_session_apply(req, session.res) != DB_OK)
			return web_error(req, 500, NULL);
	}
	if (!readonly)
		auth_session_touch(req);
	if ((req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)) &&
	    (cross_site(req) || !auth_csrf_ok(req)))
		return web_error(req, 403,
		    "The form expired or the security token is missing. "
		    "Reload the page and try again.");
	if ((route->flags & R_AUTH) && req->user == NULL) {
		if (web_wants_json(req))
			return web_error(req, 401, "Sign in first.");
		http_redirect(req, 303,
		    arena_printf(req->a, "/signin?next=%s",
		        req->method == HTTP_GET ? http_urlencode(req->a, req->path) : "/"));
		return -1;
	}
	if (route->min_role &&
	    (req->user == NULL ||
	        !auth_role_allows(req->user->role, req->user->platform_admin, route->min_role)))
		return web_error(req, 403, NULL);
	if ((st = http_validate(req, &msg)) != 0) {
		if (st == 422 && !web_wants_json(req) && route->on_invalid != NULL) {
			route->on_invalid(req);
			req->status = 422;
			return -1;
		}
		return web_error(req, st, msg);
	}
	return route->handler(req);
}

void
app_handle(FCGX_Request *f, struct arena *a)
{
	struct http_req req;
	int rc;

	memset(&req, 0, sizeof(req));
	req.a = a;
	req.fcgi = f;
	req.start_us = util_now_us();
	req.route_index = -1;
	buf_init(&req.headers);
	buf_init(&req.body);
	arena_cleanup(a, free_bufs, &req);
	request_id(&req);

	rc = run(&req);
	if (db_in_tx() && rc == 0 && req.readonly)
		db_commit_deferred();
	if (db_in_tx()) {
		if (rc == 0 && db_commit() != DB_OK) {
			req.user = NULL;
			buf_reset(&req.headers);
			web_error(&req, db_last_rc() == DB_DOWN ? 503 : 500, NULL);
		} else if (rc != 0)
			db_rollback();
	}
	if (rc != 0 && req.status == 0) {
		/* A handler failed without answering: the database, or a bug. */
		if (db_last_rc() == DB_DOWN)
			web_error(&req, 503, NULL);
		else
			web_error(&req, 500, NULL);
	}
	if (req.status == 0)
		req.status = 200;
	{
		static unsigned long seen_errors;
		unsigned long e = db_error_count();

		for (; seen_errors < e; seen_errors++)
			ops_db_error();
	}
	common_headers(&req);
	http_send(&req);
	FCGX_FFlush(f->out); /* the client has its answer before the chores below */
	access_log(&req);
	if (req.method == HTTP_GET || req.method == HTTP_HEAD)
		auth_session_touch(&req);
	tenancy_reload_if_stale();
	arena_reset(a); /* runs free_bufs while req is still in scope */
}

int
app_worker_init(void)
{
	log_init("tailgate-http", log_level_parse(conf.log_level));
	if (sodium_init() < 0 || app_init() != 0)
		return -1;
	render_init(conf.root);
	if (db_open(conf.db_url) != DB_OK)
		log_warn("database not reachable yet; requests will get 503 until it is");
	else if (tenancy_load() != 0)
		log_warn("could not load tenants");
	return 0;
}

void
app_worker_exit(void)
{
	db_close();
}
