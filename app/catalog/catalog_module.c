/* The catalog module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "catalog.h"
#include "catalog_int.h"

#include "../auth/auth.h"
#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/events",
	    .handler = catalog_events_page,
	    .fields = catalog_list_fields,
	    .name = "events" },
	{ .methods = HTTP_GET,
	    .pattern = "/events/{event_id:uuid}",
	    .handler = catalog_event_page,
	    .fields = catalog_event_fields,
	    .name = "event" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/events",
	    .handler = catalog_api_events,
	    .fields = catalog_list_fields,
	    .flags = R_JSON,
	    .name = "api_events",
	    .summary = "List events" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/events/{event_id:uuid}",
	    .handler = catalog_api_event,
	    .flags = R_JSON,
	    .name = "api_event",
	    .summary = "Show an event with its markets and prices" },
	{ .methods = HTTP_POST,
	    .pattern = "/admin/api/events",
	    .handler = catalog_feed_event,
	    .fields = catalog_feed_event_fields,
	    .flags = R_JSON | R_AUTH,
	    .min_role = AUTH_ROLE_ADMIN,
	    .name = "feed_events",
	    .summary = "Create or update events from the odds feed (admin)" },
	{ .methods = HTTP_POST,
	    .pattern = "/admin/api/odds",
	    .handler = catalog_feed_odds,
	    .fields = catalog_feed_odds_fields,
	    .flags = R_JSON | R_AUTH,
	    .min_role = AUTH_ROLE_ADMIN,
	    .name = "feed_odds",
	    .summary = "Update prices from the odds feed (admin)" },
	{ .methods = HTTP_POST,
	    .pattern = "/admin/api/results",
	    .handler = catalog_feed_result,
	    .fields = catalog_feed_result_fields,
	    .flags = R_JSON | R_AUTH,
	    .min_role = AUTH_ROLE_ADMIN,
	    .name = "feed_results",
	    .summary = "Record results from the odds feed (admin)" },
};

static const struct jobs_kind jobs[] = {
	{ .kind = "kickoff", .lane = JOBS_LIVE, .run = catalog_job_kickoff },
};

static const struct app_command commands[] = {
	{ "import",
	    "  import SOURCE FILE...    import events, odds and results (football-data, nba, "
	    "nfl)\n",
	    catalog_cmd_import, APP_NEEDS_APP_DB },
};

const struct app_module catalog_module = {
	.name = "catalog",
	APP_ROUTES(routes),
	APP_JOBS(jobs),
	APP_COMMANDS(commands),
};
