/* The jobs module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "jobs.h"

#include "../web/web.h"

static const struct jobs_kind jobs[] = {
	{ "maintenance", JOBS_BULK, jobs_run_maintenance },
};

const struct app_module jobs_module = {
	.name = "jobs",
	.jobs = jobs,
	.njobs = TG_NELEM(jobs),
};
