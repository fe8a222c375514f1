/* The seed module's plug-in: the `seed` command and the demo's result job (app/app.c lists it). */
#include "seed.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct jobs_kind jobs[] = {
	{ .kind = "seed_result", .lane = JOBS_BULK, .run = seed_job_result },
};

static const struct app_command commands[] = {
	{ "seed",
	    "  seed [--seed N] [--tenant SLUG]  demo accounts, catalogue and bettors "
	    "(idempotent)\n",
	    seed_cmd, APP_NEEDS_APP_DB },
};

const struct app_module seed_module = {
	.name = "seed",
	APP_JOBS(jobs),
	APP_COMMANDS(commands),
};
