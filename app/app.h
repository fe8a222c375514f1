/*
 * app: the composition root. It lists every module's descriptor (struct
 * app_module, declared in web.h) in app.c, one line each, and builds from
 * them the route tables, the job kinds and the command list; it wires the
 * layout hooks and the listeners; it runs the request pipeline
 * (app_request.c) and the commands that belong to no single module
 * (app_cmd.c: serve, worker, migrate, tenant, seed, config). It may include
 * every module; no module includes it. main.c only parses argv.
 */
#ifndef TG_APP_H
#define TG_APP_H

#include <stdio.h>

#include <fcgiapp.h>

#include "http/http.h"
#include "web/web.h"

struct tenancy_tenant;

/* Builds the tables from the descriptors and registers the hooks; once, at
 * start-up, before anything else here. 0, or -1 when a table is full. */
int app_init(void);

/* Public routes in match order (modules in app.c's order, each module's
 * routes in its own order), and the routes only nginx reaches (R_INTERNAL). */
const struct http_route *app_routes(size_t *n);
const struct http_route *app_internal_routes(size_t *n);
/* A public route's metrics label (its name, else its pattern). */
const char *app_route_label(size_t i);
const struct jobs_kind *app_jobs(size_t *n);
/* The OpenAPI document of every module's JSON routes: printed (`tailgate
 * openapi`; 1 and the problems on stderr when a route is undescribed) or,
 * with serve, built once for GET /openapi.json. */
int app_openapi(int serve, int argc, char **argv);

/* `tailgate --help`: generated from the commands' usage lines. */
void app_usage(FILE *);
/* Runs argv[0] as a command with the configuration file `config` (NULL:
 * TAILGATE_CONFIG or defaults): loads it, opens the connection the command
 * needs and runs it. Returns the exit status. */
int app_main(const char *config, int argc, char **argv);
/* Opens the connection `needs` names (APP_NEEDS_NONE: nothing); 0 or -1
 * with a message on stderr. */
int app_connect(enum app_needs needs);
/* Reloads the configuration (serve's SIGHUP). */
int app_load_config(void);

/* The request pipeline (app_request.c), for http_serve. */
void app_handle(FCGX_Request *, struct arena *);
int app_worker_init(void);
void app_worker_exit(void);
/* Pure: 1 when a brand turned off the route's feature (it answers 404). */
int app_route_gated(const struct http_route *, const struct tenancy_tenant *);

/* The commands the root owns (app_cmd.c). */
extern const struct app_module app_root_module;

#endif
