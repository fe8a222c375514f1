/*
 * site: the request pipeline (the shared page helpers are in app/web).
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
 * response through web's site_page()/site_page_done(), site_json() or
 * site_error() (app/web/web.h; features include web, not site).
 */
#ifndef TG_SITE_H
#define TG_SITE_H

#include <fcgiapp.h>

#include "../http/http.h"
#include "../web/web.h"

void site_handle(FCGX_Request *, struct arena *);
int site_worker_init(void);
void site_worker_exit(void);
/* Routes for metrics labels. */
size_t site_route_count(void);
const char *site_route_label(size_t i);

#endif
