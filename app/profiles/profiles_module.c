/* The profiles module's plug-in: its routes, job kinds and commands (app/app.c lists it). */
#include "profiles.h"

#include "../jobs/jobs.h"
#include "../web/web.h"

static const struct jobs_kind jobs[] = {
	{ "profile_windows", JOBS_BULK, profiles_job_windows },
	{ "profile_windows_sweep", JOBS_BULK, profiles_job_sweep },
	{ "stats_rebuild", JOBS_BULK, profiles_job_rebuild },
};

static const struct app_command commands[] = {
	{ "stats", "  stats rebuild|check [--tenant SLUG]  recompute profile figures from the "
	    "bets\n", profiles_cli, APP_NEEDS_APP_DB },
};

const struct app_module profiles_module = {
	.name = "profiles",
	.jobs = jobs,
	.njobs = TG_NELEM(jobs),
	.commands = commands,
	.ncommands = TG_NELEM(commands),
};
