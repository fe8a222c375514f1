/* The leaderboards module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "leaderboards.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/leaderboards",
	    .handler = leaderboards_page,
	    .fields = leaderboards_fields,
	    .name = "leaderboards" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/leaderboards/top-performers",
	    .handler = leaderboards_api_top,
	    .fields = leaderboards_fields,
	    .flags = R_JSON,
	    .name = "api_top_performers",
	    .summary = "List the top performers" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/leaderboards/trending",
	    .handler = leaderboards_api_trending,
	    .fields = leaderboards_trending_fields,
	    .flags = R_JSON,
	    .name = "api_trending",
	    .summary = "List the trending bettors" },
};

static const struct jobs_kind jobs[] = {
	{ .kind = "trending_refresh",
	    .lane = JOBS_BULK,
	    .run = leaderboards_job_trending,
	    .schedule = "every 5 minutes" },
};

const struct app_module leaderboards_module = {
	.name = "leaderboards",
	APP_ROUTES(routes),
	APP_JOBS(jobs),
};
