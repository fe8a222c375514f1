/* The notify module's plug-in: its job kinds (app/app.c lists it). */
#include "notify.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct jobs_kind jobs[] = {
	{ .kind = "notify", .lane = JOBS_LIVE, .run = notify_job_store },
	{ .kind = "outbox_purge",
	    .lane = JOBS_BULK,
	    .run = notify_job_purge,
	    .schedule = "daily at 00:05 UTC" },
};

const struct app_module notify_module = {
	.name = "notify",
	APP_JOBS(jobs),
};
