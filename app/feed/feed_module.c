/* The feed module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "feed.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/feed",
	    .handler = feed_page,
	    .fields = feed_fields,
	    .flags = R_AUTH | R_WRITE,
	    .name = "feed" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/feed",
	    .handler = feed_api,
	    .fields = feed_fields,
	    .flags = R_JSON | R_AUTH | R_WRITE,
	    .name = "api_feed",
	    .summary = "List the signed-in member's feed" },
};

static const struct jobs_kind jobs[] = {
	{ .kind = "feed_fanout", .lane = JOBS_LIVE, .run = feed_job_fanout },
};

const struct app_module feed_module = {
	.name = "feed",
	APP_ROUTES(routes),
	APP_JOBS(jobs),
};
