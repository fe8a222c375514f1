/*
 * site: the request pipeline and the pieces every page shares.
 *
 * site_handle() runs one request in this order: parse the CGI environment,
 * match a route, resolve the tenant from Host (unknown: 404, no database),
 * read and parse the body (bounded), BEGIN with the tenant's role and
 * search_path, load the session, check CSRF on state-changing requests that
 * carry the session cookie, check sign-in and role, validate the route's
 * declared fields, run the handler, COMMIT (any failure rolls back whole),
 * write the response with security headers, log one access line.
 *
 * Handlers return 0 to commit and nonzero to roll back; they fill the
 * response through site_page()/site_page_done(), site_json() or site_error().
 */
#ifndef TG_SITE_H
#define TG_SITE_H

#include <fcgiapp.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "../http/http.h"
#include "../render/render.h"

void site_handle(FCGX_Request *, struct arena *);
int site_worker_init(void);
void site_worker_exit(void);
/* Routes for metrics labels. */
size_t site_route_count(void);
const char *site_route_label(size_t i);

/* Starts an HTML page: returns the dictionary for `tpl` (the page body). */
render_dict *site_page(struct http_req *, const char *tpl, const char *title);
/* Renders the layout around the page started with site_page(). Returns 0. */
int site_page_done(struct http_req *, int status);
/* Sends JSON (steals the reference). Returns 0. */
int site_json(struct http_req *, int status, json_t *);
/* An error in the route's format (JSON or branded page). Returns -1 so the
 * transaction rolls back. */
int site_error(struct http_req *, int status, const char *message);
/* The one refusal renderer (site_refuse.c): answers a result that is not
 * TG_OK in the route's format, with status tg_status(e.code). JSON:
 * {"error":{"code","message","fields"}}; a page: the route's form again with
 * the field messages (on_invalid, for TG_INVALID) or the branded error page.
 * TG_INTERNAL answers nothing (the pipeline's 500). Returns -1 (roll back). */
int site_refuse(struct http_req *, struct tg_err);
/* The same, with members added to the JSON error object (steals `extra`;
 * ignored for pages), e.g. the relationship a conflict is about. */
int site_refuse_extra(struct http_req *, struct tg_err, json_t *extra);
/* The JSON body of a refusal: the result's field(s) and then `more` (the
 * request's field errors, or NULL) under "fields". A new reference. */
json_t *site_refusal_json(const struct tg_err *, const struct http_errors *more);
/* "Load or 404": 0 when r has a row; otherwise -1, having answered 404 with
 * `message` when r is empty (NULL r, a database error: the pipeline's 500).
 *     if (site_or_404(req, r = posts_db_get(...), "No such post.") != 0)
 *         return -1; */
int site_or_404(struct http_req *, const PGresult *r, const char *message);
/* The same for an id from the path: 0 when it is an id, else the 404. */
int site_id_or_404(struct http_req *, const char *id, const char *message);
/* Echoes submitted values (VAL_<field>) and per-field errors (ERR_<field>
 * sections and an ERRORS summary) into a form's dictionary. */
void site_form_state(struct http_req *, render_dict *);
/* True when the request wants JSON back. */
int site_wants_json(const struct http_req *);
/* A safe local redirect target from user input ("/" when not local). */
const char *site_local_path(const char *next);

#endif
