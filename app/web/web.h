/*
 * web: the request-independent pieces every page and JSON answer shares.
 * It sits above http and render and just above tenancy (the layout shows
 * the brand; tenancy includes only core and db), and below auth, the
 * platform modules and every feature: features include web, never the
 * request pipeline or the composition root.
 *
 *   web_page()/web_page_done()  a page in the brand's layout; the page
 *                                 being built is kept in the request
 *   web_json()/web_error()      JSON answers; an error in the route's format
 *   web_refuse()                 a struct tg_err answered as a page or JSON
 *   web_or_404()                 "load or 404"
 *   web_form_state()             a form re-rendered with values and errors
 *   web_layout_hook()            lets modules above web add layout values
 *                                 (the member's header: role, badges)
 *
 * The names keep the site_ prefix until the one rename to web_ (issue 14).
 */
#ifndef TG_WEB_H
#define TG_WEB_H

#include <jansson.h>
#include <libpq-fe.h>

#include "../http/http.h"
#include "../render/render.h"

/* Starts an HTML page: returns the dictionary for `tpl` (the page body). */
render_dict *web_page(struct http_req *, const char *tpl, const char *title);
/* Renders the layout around the page started with web_page(). Returns 0. */
int web_page_done(struct http_req *, int status);
/* Sends JSON (steals the reference). Returns 0. */
int web_json(struct http_req *, int status, json_t *);
/* An error in the route's format (JSON or branded page). Returns -1 so the
 * transaction rolls back. */
int web_error(struct http_req *, int status, const char *message);
/* The one refusal renderer (web_refuse.c): answers a result that is not
 * TG_OK in the route's format, with status tg_status(e.code). JSON:
 * {"error":{"code","message","fields"}}; a page: the route's form again with
 * the field messages (on_invalid, for TG_INVALID) or the branded error page.
 * TG_INTERNAL answers nothing (the pipeline's 500). Returns -1 (roll back). */
int web_refuse(struct http_req *, struct tg_err);
/* The same, with members added to the JSON error object (steals `extra`;
 * ignored for pages), e.g. the relationship a conflict is about. */
int web_refuse_extra(struct http_req *, struct tg_err, json_t *extra);
/* The JSON body of every refusal: the result's field(s) and then `more`
 * (the request's field errors, or NULL) under "fields". A new reference. */
json_t *web_refusal_json(const struct tg_err *, const struct http_errors *more);
/* "Load or 404": 0 when r has a row; otherwise -1, having answered 404 with
 * `message` when r is empty (NULL r, a database error: the pipeline's 500).
 *     if (web_or_404(req, r = posts_db_get(...), "No such post.") != 0)
 *         return -1; */
int web_or_404(struct http_req *, const PGresult *r, const char *message);
/* The same for an id from the path: 0 when it is an id, else the 404. */
int web_id_or_404(struct http_req *, const char *id, const char *message);
/* Echoes submitted values (VAL_<field>) and per-field errors (ERR_<field>
 * sections and an ERRORS summary) into a form's dictionary. */
void web_form_state(struct http_req *, render_dict *);
/* True when the request wants JSON back. */
int web_wants_json(const struct http_req *);
/* A safe local redirect target from user input ("/" when not local). */
const char *web_local_path(const char *next);

/*
 * Layout hooks: values a module above web adds to every page's layout and
 * page dictionaries (both: ctemplate includes do not inherit). The
 * composition root registers them at start-up, before any request; they
 * run in registration order after web's own values (brand, request id,
 * signed-in member). At most SITE_LAYOUT_HOOKS.
 */
#define SITE_LAYOUT_HOOKS 8
typedef void (*web_layout_fn)(struct http_req *, render_dict *);
/* 0, or -1 when the registry is full. */
int web_layout_hook(web_layout_fn);

/*
 * A module's descriptor: what it plugs into the application. Each module
 * with routes, job kinds or commands exports one, `extern const struct
 * app_module <mod>_module;` in its header, defined in app/<mod>/<mod>_module.c;
 * the composition root (app/app.c) lists the descriptors, one line each.
 * Declared here, low, so that a module declares its descriptor without
 * including the app (web is below every module that has one).
 */
struct jobs_kind;

enum app_needs {
	APP_NEEDS_NONE = 0, /* the command opens what it needs itself (serve, worker) */
	APP_NEEDS_APP_DB,   /* the application role (db.url), opened before run */
	APP_NEEDS_ADMIN_DB, /* the admin role (db.admin_url), opened before run */
};

struct app_command {
	const char *name; /* argv word: "settle" */
	/* Its lines in `tailgate --help`, each "  WORDS   what it does\n". */
	const char *usage;
	/* argv[0] is the command's name. Returns the exit status (2: bad usage).
	 * With --help or -h anywhere in argv no connection is opened first. */
	int (*run)(int argc, char **argv);
	enum app_needs needs;
};

struct app_module {
	const char *name;
	const struct http_route *routes; /* matched in this order within the module */
	size_t nroutes;
	const struct jobs_kind *jobs;
	size_t njobs;
	const struct app_command *commands;
	size_t ncommands;
};

/* A descriptor's lists with their lengths:
 *   const struct app_module bets_module = { .name = "bets",
 *       APP_ROUTES(routes), APP_JOBS(jobs), APP_COMMANDS(commands) }; */
#define APP_ROUTES(r) .routes = (r), .nroutes = TG_NELEM(r)
#define APP_JOBS(j) .jobs = (j), .njobs = TG_NELEM(j)
#define APP_COMMANDS(c) .commands = (c), .ncommands = TG_NELEM(c)

#endif
