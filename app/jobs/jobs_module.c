/* The jobs module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "jobs.h"

#include "../web/web.h"

static const struct jobs_kind jobs[] = {
	{ .kind = "maintenance",
	    .lane = JOBS_BULK,
	    .run = jobs_run_maintenance,
	    .schedule = "every 1 hour" },
};

const struct app_module jobs_module = {
	.name = "jobs",
	APP_JOBS(jobs),
};
