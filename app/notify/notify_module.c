/* The notify module's plug-in: its pages, JSON and job kinds (app/app.c lists it). */
#include "notify.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct http_route routes[] = {
	{ .methods = HTTP_GET,
	    .pattern = "/notifications",
	    .handler = notify_page,
	    .flags = R_AUTH,
	    .name = "notifications" },
	{ .methods = HTTP_POST,
	    .pattern = "/notifications/read",
	    .handler = notify_read_form,
	    .flags = R_AUTH,
	    .name = "notifications_read" },
	{ .methods = HTTP_GET,
	    .pattern = "/social/notifications",
	    .handler = notify_api_list,
	    .flags = R_JSON | R_AUTH,
	    .name = "api_notifications",
	    .summary = "List the signed-in member's notifications" },
	{ .methods = HTTP_POST,
	    .pattern = "/social/notifications/read",
	    .handler = notify_api_read,
	    .flags = R_JSON | R_AUTH,
	    .name = "api_notifications_read",
	    .summary = "Mark every notification read" },
};

static const struct jobs_kind jobs[] = {
	{ .kind = "notify", .lane = JOBS_LIVE, .run = notify_job_store },
	{ .kind = "outbox_purge",
	    .lane = JOBS_BULK,
	    .run = notify_job_purge,
	    .schedule = "daily at 00:05 UTC" },
};

const struct app_module notify_module = {
	.name = "notify",
	APP_ROUTES(routes),
	APP_JOBS(jobs),
};
