/* The profiles module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "profiles.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct jobs_kind jobs[] = {
	{ .kind = "profile_windows", .lane = JOBS_BULK, .run = profiles_job_windows },
	{ .kind = "profile_windows_sweep",
	    .lane = JOBS_BULK,
	    .run = profiles_job_sweep,
	    .schedule = "every 10 minutes" },
	{ .kind = "stats_rebuild", .lane = JOBS_BULK, .run = profiles_job_rebuild },
};

static const struct app_command commands[] = {
	{ "stats",
	    "  stats rebuild|check [--tenant SLUG]  recompute profile figures from the "
	    "bets\n",
	    profiles_cli, APP_NEEDS_APP_DB },
};

const struct app_module profiles_module = {
	.name = "profiles",
	APP_JOBS(jobs),
	APP_COMMANDS(commands),
};
