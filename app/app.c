/*
 * The composition root: the list of modules and the tables built from it.
 * Adding a module: its folder, its descriptor (<mod>_module.c) and one line
 * in `modules` below (see docs/architecture.md).
 */
#include "app.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "accounts/accounts.h"
#include "auth/auth.h"
#include "bets/bets.h"
#include "catalog/catalog.h"
#include "copy/copy.h"
#include "core/core.h"
#include "db/db.h"
#include "feed/feed.h"
#include "integrations/integrations.h"
#include "jobs/jobs.h"
#include "leaderboards/leaderboards.h"
#include "ledger/ledger.h"
#include "live/live.h"
#include "openapi/openapi.h"
#include "notify/notify.h"
#include "ops/ops.h"
#include "posts/posts.h"
#include "profiles/profiles.h"
#include "search/search.h"
#include "seed/seed.h"
#include "social/social.h"
#include "tenancy/tenancy.h"
#include "wallet/wallet.h"

/*
 * Every module, one line each. Routes match first-come within the whole
 * table; no two modules' patterns overlap today, so the order between
 * modules only orders the command list and `tailgate --help`.
 */
static const struct app_module *const modules[] = {
	&app_root_module,
	&jobs_module,
	&live_module,
	&notify_module,
	&integrations_module,
	&accounts_module,
	&social_module,
	&catalog_module,
	&ledger_module,
	&bets_module,
	&profiles_module,
	&copy_module,
	&posts_module,
	&feed_module,
	&leaderboards_module,
	&search_module,
	&wallet_module,
	&seed_module,
	&ops_module,
};

#define APP_MAX_ROUTES 256
#define APP_MAX_INTERNAL 8
#define APP_MAX_JOBS 64
#define APP_MAX_COMMANDS 32

static struct http_route routes[APP_MAX_ROUTES], internal[APP_MAX_INTERNAL];
static size_t nroutes, ninternal;
static struct jobs_kind jobs[APP_MAX_JOBS];
static size_t njobs;
static const struct app_command *commands[APP_MAX_COMMANDS];
static size_t ncommands;
static const char *config_path;

static int
build(void)
{
	for (size_t m = 0; m < TG_NELEM(modules); m++) {
		const struct app_module *d = modules[m];

		for (size_t i = 0; i < d->nroutes; i++) {
			if (d->routes[i].flags & R_INTERNAL) {
				if (ninternal == APP_MAX_INTERNAL)
					return -1;
				internal[ninternal++] = d->routes[i];
			} else {
				if (nroutes == APP_MAX_ROUTES)
					return -1;
				routes[nroutes++] = d->routes[i];
			}
		}
		for (size_t i = 0; i < d->njobs; i++) {
			if (njobs == APP_MAX_JOBS)
				return -1;
			jobs[njobs++] = d->jobs[i];
		}
		for (size_t i = 0; i < d->ncommands; i++) {
			if (ncommands == APP_MAX_COMMANDS)
				return -1;
			commands[ncommands++] = &d->commands[i];
		}
	}
	return 0;
}

/*
 * The modules' events and their listeners, in the order the calls had
 * before they became events (docs/architecture.md).
 */
/* Who delivers each kind of outbox row, after commit (docs/architecture.md). */
static const struct notify_delivery deliveries[] = {
	{ "live", live_deliver },
};

static void
wire(void)
{
	notify_outbox_register(deliveries, TG_NELEM(deliveries));
	/* A result recorded (operator feed, demo): the event's bets settle. */
	catalog_listen_result(bets_on_result);
	/* A member's own bet: their copiers follow (job "copy"). */
	bets_listen_placed(copy_on_placed);
	/* Settled: copies into their relationships first, then the members'
	 * figures (the order bets_settle_event always had). */
	bets_listen_settled(copy_on_settled);
	bets_listen_settled(profiles_on_bets_settled);
	/* The graph: the feed's inbox, then copying (unfollow/block stop it). */
	social_listen_graph(feed_on_graph);
	social_listen_graph(copy_on_graph);
}

int
app_init(void)
{
	static int done;

	if (done)
		return 0;
	if (build() != 0) {
		fprintf(
		    stderr, "tailgate: too many routes, job kinds or commands (app.c limits)\n");
		return -1;
	}
	/* the header's member values web cannot know */
	web_layout_hook(auth_layout_vars);
	/* the header badges: cash (ledger) and unread notifications (social);
	 * their columns join the one session statement, built on first use */
	if (ledger_layout_init() != 0 || notify_layout_init() != 0)
		log_warn("the header badges could not be registered");
	wire();
	done = 1;
	return 0;
}

const struct http_route *
app_routes(size_t *n)
{
	*n = nroutes;
	return routes;
}

const struct http_route *
app_internal_routes(size_t *n)
{
	*n = ninternal;
	return internal;
}

const char *
app_route_label(size_t i)
{
	if (i >= nroutes)
		return "unmatched";
	return routes[i].name ? routes[i].name : routes[i].pattern;
}

/*
 * The JSON API's description (`tailgate openapi`, GET /openapi.json), one
 * table per module so that its operations are tagged with the module.
 */
int
app_openapi(int serve, int argc, char **argv)
{
	struct openapi_table t[TG_NELEM(modules)];
	size_t n = 0;
	const struct openapi_info info = {
		.title = "Tailgate API",
		.version = "2",
		.session_cookie = auth_cookie_name(),
		.role_name = auth_role_name,
	};

	for (size_t m = 0; m < TG_NELEM(modules); m++)
		if (modules[m]->nroutes)
			t[n++] = (struct openapi_table){ modules[m]->name, modules[m]->routes,
				modules[m]->nroutes };
	return serve ? openapi_serve_init(t, n, &info) : openapi_cli(argc, argv, t, n, &info);
}

const struct jobs_kind *
app_jobs(size_t *n)
{
	*n = njobs;
	return jobs;
}

int
app_route_gated(const struct http_route *r, const struct tenancy_tenant *t)
{
	return r != NULL && r->feature != NULL && t != NULL && !tenancy_feature_on(t, r->feature);
}

/* ---- commands ---- */

void
app_usage(FILE *f)
{
	fputs("usage: tailgate [--config FILE] COMMAND [ARGS]\n\ncommands:\n", f);
	for (size_t i = 0; i < ncommands; i++)
		fputs(commands[i]->usage, f);
	fputs(
	    "\nEvery command accepts --help. Configuration: scripts/tailgate.conf documents every "
	    "key;\nTAILGATE_<KEY> environment variables override the file.\n",
	    f);
}

int
app_load_config(void)
{
	if (config_path == NULL)
		config_path = getenv("TAILGATE_CONFIG");
	if (conf_load(config_path) != 0)
		return -1;
	log_init("tailgate", log_level_parse(conf.log_level));
	return 0;
}

/* The connection a command declared; the hashing slots live beside the
 * socket (auth_init) for every command that reaches a brand's data. */
int
app_connect(enum app_needs needs)
{
	const char *url = needs == APP_NEEDS_ADMIN_DB ? conf.db_admin_url : conf.db_url;

	if (needs == APP_NEEDS_NONE)
		return 0;
	if (needs == APP_NEEDS_APP_DB) {
		char dir[sizeof(conf.socket)];

		snprintf(dir, sizeof(dir), "%s", conf.socket);
		auth_init(dirname(dir));
	}
	if (db_open(url) != DB_OK) {
		fprintf(stderr, "tailgate: cannot connect with %s\n",
		    needs == APP_NEEDS_ADMIN_DB ? "db.admin_url" : "db.url");
		return -1;
	}
	return 0;
}

int
app_main(const char *config, int argc, char **argv)
{
	config_path = config;
	if (app_init() != 0)
		return 1;
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return 1;
	if (app_load_config() != 0)
		return 1;
	for (size_t k = 0; k < ncommands; k++) {
		if (strcmp(argv[0], commands[k]->name) != 0)
			continue;
		if (!util_help_requested(argc, argv) && app_connect(commands[k]->needs) != 0)
			return 1;
		return commands[k]->run(argc, argv);
	}
	fprintf(stderr, "tailgate: unknown command '%s'\n\n", argv[0]);
	app_usage(stderr);
	return 2;
}
