/*
 * The commands that belong to the whole application rather than one module:
 * serve and worker (they run every module's routes and job kinds), migrate
 * and tenant (the platform and the brands' lifecycle), seed (the demo data
 * across modules, until app/seed takes it) and config. serve and worker
 * started as root switch to the unprivileged `user` first.
 */
#include "app.h"

#include <getopt.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "auth/auth.h"
#include "bets/bets.h"
#include "core/core.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "ops/ops.h"
#include "posts/posts.h"
#include "profiles/profiles.h"
#include "tenancy/tenancy.h"

static void
lock_dir_init(void)
{
	char tmp[sizeof(conf.socket)];

	snprintf(tmp, sizeof(tmp), "%s", conf.socket);
	auth_init(dirname(tmp));
}

/* Least privilege for the long-running processes: started as root (CI, `sudo
 * make run`), serve and worker become conf.user with its group only before
 * they open anything. The socket directory and the log files are prepared for
 * that user by whoever starts them (scripts/stack.sh). Files they create are
 * 0640 at most. */
static int
drop_root(void)
{
	struct passwd *pw;

	umask(027);
	if (geteuid() != 0)
		return 0;
	if ((pw = getpwnam(conf.user)) == NULL || pw->pw_uid == 0) {
		log_error("started as root: the unprivileged user '%s' %s (`make deps` creates it)",
		    conf.user, pw == NULL ? "does not exist" : "is root");
		return -1;
	}
	if (setgroups(1, &pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0 ||
	    setuid(0) == 0) {
		log_error("cannot switch to user '%s'", conf.user);
		return -1;
	}
	log_info("running as user %s", conf.user);
	return 0;
}

static char *
mdir(const char *kind)
{
	static char p[2][1024];
	int i = strcmp(kind, "platform") == 0 ? 0 : 1;

	snprintf(p[i], sizeof(p[i]), "%s/migrations/%s", conf.root, kind);
	return p[i];
}

/* ---- serve ---- */

static int
pending_migrations(void)
{
	int total = 0, n;

	if (db_open(conf.db_url) != DB_OK)
		return -1;
	if ((n = db_migrations_pending("platform", mdir("platform"), 0)) < 0)
		return -1;
	total += n;
	if (tenancy_load() != 0)
		return -1;
	for (size_t i = 0; i < tenancy_count(); i++) {
		if ((n = db_migrations_pending(tenancy_at(i)->schema, mdir("tenant"), 1)) < 0)
			return -1;
		if (n)
			log_error("tenant %s has %d pending migration%s", tenancy_at(i)->slug, n,
			    n == 1 ? "" : "s");
		total += n;
	}
	db_close();
	return total;
}

static int
cmd_serve(int argc, char **argv)
{
	struct http_server s;
	size_t nroutes;
	int pending;

	if (util_help_requested(argc, argv)) {
		printf(
		    "usage: tailgate serve\n\nRuns the FastCGI master on `socket` with `workers`\n"
		    "workers (0: four per core). SIGTERM drains and stops; SIGHUP reloads the\n"
		    "configuration and templates by replacing the workers.\n");
		return 0;
	}
	if (drop_root() != 0)
		return 1;
	if ((pending = pending_migrations()) != 0) {
		log_error(pending < 0 ? "cannot check migrations: is the database up?"
		                      : "pending migrations: run `tailgate migrate` first");
		return 1;
	}
	lock_dir_init();
	app_routes(&nroutes);
	if (ops_metrics_init(nroutes, app_route_label) != 0)
		return 1;
	if (app_openapi(1, 0, NULL) != 0)
		log_warn("the OpenAPI document could not be built; /openapi.json answers 500");
	memset(&s, 0, sizeof(s));
	s.socket_path = conf.socket;
	s.socket_group = conf.socket_group;
	s.workers = conf.workers > 0 ? conf.workers : 4 * util_cpu_count();
	s.worker_init = app_worker_init;
	s.handle = app_handle;
	s.worker_exit = app_worker_exit;
	s.reload = app_load_config;
	s.on_restart = ops_worker_restart;
	return http_serve(&s);
}

/* ---- worker ---- */

static int
cmd_worker(int argc, char **argv)
{
	int drain = argc > 1 && strcmp(argv[1], "--drain") == 0;
	size_t njobs;
	const struct jobs_kind *kinds = app_jobs(&njobs);

	if (util_help_requested(argc, argv)) {
		printf(
		    "usage: tailgate worker [--drain]\n\nRuns queued jobs for every tenant, woken by\n"
		    "LISTEN/NOTIFY, in two processes: the live lane (notifications, fan-out)\n"
		    "and the bulk lane (settlement, recomputations, maintenance).\n"
		    "--drain runs what is due now, every lane, and exits.\n");
		return 0;
	}
	log_init("tailgate-worker", log_level_parse(conf.log_level));
	if (drop_root() != 0)
		return 1;
	lock_dir_init();
	if (notify_outbox_start() != 0)
		return 1;
	if (drain) {
		if (db_open(conf.db_url) != DB_OK || tenancy_load() != 0)
			return 1;
		printf("%d jobs run\n", jobs_drain(kinds, njobs));
		return 0;
	}
	return jobs_worker_main(kinds, njobs);
}

/* ---- migrate ---- */

static int
cmd_migrate(int argc, char **argv)
{
	char **slugs = NULL;
	int n, rc = 0;

	if (util_help_requested(argc, argv)) {
		printf(
		    "usage: tailgate migrate\n\nApplies migrations/platform/*.sql, then\n"
		    "migrations/tenant/*.sql to every tenant, each file in its own transaction.\n"
		    "Safe to run again: applied versions are recorded per schema.\n");
		return 0;
	}
	if (db_migrate_platform(mdir("platform")) < 0)
		return 1;
	if ((n = tenancy_slugs(&slugs)) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		/* then a rebuild of the figures a migration asked for */
		if (db_migrate_tenant(slugs[i], mdir("tenant")) < 0 ||
		    profiles_rebuild_queued(slugs[i]) != 0)
			rc = 1;
		free(slugs[i]);
	}
	free(slugs);
	if (rc == 0)
		printf("migrations up to date (%d tenant%s)\n", n, n == 1 ? "" : "s");
	return rc;
}

/* ---- tenant ---- */

static int
cmd_tenant(int argc, char **argv)
{
	if (argc < 2 || util_help_requested(argc, argv)) {
		printf(
		    "usage: tailgate tenant add SLUG | list | map | disable SLUG | enable SLUG\n\n"
		    "add reads tenants/SLUG/tenant.json (name, domains, branding, money_mode,\n"
		    "currency), creates the role t_SLUG and schema t_SLUG, records the domains\n"
		    "and migrates the schema. Running it again applies changes to the file.\n"
		    "map prints the domain -> tenant lines for nginx's configuration.\n");
		return argc < 2 ? 2 : 0;
	}
	/* Reading the tenant directory needs no more than the application role. */
	if (strcmp(argv[1], "list") == 0 || strcmp(argv[1], "map") == 0) {
		if (app_connect(APP_NEEDS_APP_DB) != 0)
			return 1;
		return (strcmp(argv[1], "list") == 0 ? tenancy_list(stdout)
		                                     : tenancy_nginx_map(stdout)) == 0
		    ? 0
		    : 1;
	}
	if (app_connect(APP_NEEDS_ADMIN_DB) != 0)
		return 1;
	if (argc != 3) {
		fprintf(stderr, "tailgate tenant %s: expected a slug\n", argv[1]);
		return 2;
	}
	if (strcmp(argv[1], "add") == 0)
		return tenancy_add(conf.root, argv[2]) == 0 ? 0 : 1;
	if (strcmp(argv[1], "disable") == 0 || strcmp(argv[1], "enable") == 0)
		return tenancy_set_status(argv[2], strcmp(argv[1], "enable") == 0) == 0 ? 0 : 1;
	fprintf(stderr, "tailgate tenant: unknown action '%s'\n", argv[1]);
	return 2;
}

/* ---- openapi ---- */

static int
cmd_openapi(int argc, char **argv)
{
	return app_openapi(0, argc, argv);
}

/* ---- config ---- */

static int
cmd_config(int argc, char **argv)
{
	struct buf b;

	(void)argc;
	(void)argv;
	buf_init(&b);
	conf_dump(&b);
	fputs(buf_cstr(&b), stdout);
	buf_free(&b);
	return 0;
}

static const struct app_command commands[] = {
	{ "serve", "  serve                    run the FastCGI master and its workers\n", cmd_serve,
	    APP_NEEDS_NONE },
	{ "worker",
	    "  worker [--drain]         run background jobs (--drain: run what is due, then "
	    "exit)\n",
	    cmd_worker, APP_NEEDS_NONE },
	{ "migrate",
	    "  migrate                  bring the platform and every tenant schema up to "
	    "date\n",
	    cmd_migrate, APP_NEEDS_ADMIN_DB },
	{ "tenant",
	    "  tenant add SLUG          create or update a tenant from tenants/SLUG/tenant.json\n"
	    "  tenant list              list tenants\n"
	    "  tenant disable SLUG      stop serving a tenant (enable SLUG to undo)\n",
	    cmd_tenant, APP_NEEDS_NONE },
	{ "openapi", "  openapi                  print the JSON API's OpenAPI 3.1 document\n",
	    cmd_openapi, APP_NEEDS_NONE },
	{ "config",
	    "  config                   print the effective configuration (secrets "
	    "masked)\n",
	    cmd_config, APP_NEEDS_NONE },
};

const struct app_module app_root_module = {
	.name = "app",
	APP_COMMANDS(commands),
};
