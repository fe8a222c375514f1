/*
 * tailgate: one binary, subcommands. Each subcommand loads the configuration
 * (--config FILE or TAILGATE_CONFIG, then TAILGATE_* variables), opens the
 * database connection it needs (the admin role only for migrations and the
 * brand lifecycle, the application role for everything else) and runs.
 * serve and worker started as root switch to the unprivileged `user` first.
 */
#include <getopt.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "accounts/accounts.h"
#include "auth/auth.h"
#include "catalog/catalog.h"
#include "core/core.h"
#include "db/db.h"
#include "http/http.h"
#include "jobs/jobs.h"
#include "bets/bets.h"
#include "copy/copy.h"
#include "ledger/ledger.h"
#include "ops/ops.h"
#include "posts/posts.h"
#include "profiles/profiles.h"
#include "feed/feed.h"
#include "leaderboards/leaderboards.h"
#include "site/site.h"
#include "social/social.h"
#include "tenancy/tenancy.h"

static const char *config_path;

static const struct jobs_kind job_kinds[] = {
	{ "notify", JOBS_LIVE, social_job_notify },
	{ "bets_notify", JOBS_LIVE, bets_job_notify },
	{ "post_followers", JOBS_LIVE, posts_job_followers },
	{ "feed_fanout", JOBS_LIVE, feed_job_fanout },
	{ "kickoff", JOBS_LIVE, catalog_job_kickoff },
	{ "copy_notify", JOBS_COPY, copy_job_notify },
	{ "copy", JOBS_COPY, copy_job_fanout },
	{ "settle", JOBS_BULK, bets_job_settle },
	{ "trending_refresh", JOBS_BULK, leaderboards_job_trending },
	{ "seed_result", JOBS_BULK, catalog_job_seed_result },
	{ "profile_windows", JOBS_BULK, profiles_job_windows },
	{ "profile_windows_sweep", JOBS_BULK, profiles_job_sweep },
	{ "stats_rebuild", JOBS_BULK, profiles_job_rebuild },
	{ "maintenance", JOBS_BULK, jobs_run_maintenance },
};

static const char usage[] =
    "usage: tailgate [--config FILE] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  serve                    run the FastCGI master and its workers\n"
    "  worker [--drain]         run background jobs (--drain: run what is due, then exit)\n"
    "  migrate                  bring the platform and every tenant schema up to date\n"
    "  tenant add SLUG          create or update a tenant from tenants/SLUG/tenant.json\n"
    "  tenant list              list tenants\n"
    "  tenant disable SLUG      stop serving a tenant (enable SLUG to undo)\n"
    "  user create ...          create an account (see user --help)\n"
    "  user set-role ...        change an account's role\n"
    "  user reset-password ...  set a new password\n"
    "  import SOURCE FILE...    import events, odds and results (football-data, nba, nfl)\n"
    "  seed [--seed N] [--tenant SLUG]  demo accounts, catalogue and bettors (idempotent)\n"
    "  ledger check [--tenant SLUG]  verify every ledger invariant; exit 1 on a breach\n"
    "  ledger open|balance|transfer|settle-escrow|provider-settle --tenant SLUG ...\n"
    "                                accounts beyond members (docs/ledger.md)\n"
    "  stats rebuild|check [--tenant SLUG]  recompute profile figures from the bets\n"
    "  settle --tenant SLUG (EVENT_ID...|--pending)  settle bets now (the worker does it too)\n"
    "  config                   print the effective configuration (secrets masked)\n"
    "\n"
    "Every command accepts --help. Configuration: scripts/tailgate.conf documents every key;\n"
    "TAILGATE_<KEY> environment variables override the file.\n";

static int
help_requested(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static int
load_config(void)
{
	if (config_path == NULL)
		config_path = getenv("TAILGATE_CONFIG");
	if (conf_load(config_path) != 0)
		return -1;
	log_init("tailgate", log_level_parse(conf.log_level));
	return 0;
}

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

/* The application role: every command but migrations and the brand lifecycle. */
static int
app_connect(void)
{
	if (db_open(conf.db_url) != DB_OK) {
		fprintf(stderr, "tailgate: cannot connect with db.url\n");
		return -1;
	}
	return 0;
}

static int
admin_connect(void)
{
	if (db_open(conf.db_admin_url) != DB_OK) {
		fprintf(stderr, "tailgate: cannot connect with db.admin_url\n");
		return -1;
	}
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
reload(void)
{
	return load_config();
}

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
	int pending;

	if (help_requested(argc, argv)) {
		printf("usage: tailgate serve\n\nRuns the FastCGI master on `socket` with `workers`\n"
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
	if (ops_metrics_init(site_route_count()) != 0)
		return 1;
	memset(&s, 0, sizeof(s));
	s.socket_path = conf.socket;
	s.socket_group = conf.socket_group;
	s.workers = conf.workers > 0 ? conf.workers : 4 * util_cpu_count();
	s.worker_init = site_worker_init;
	s.handle = site_handle;
	s.worker_exit = site_worker_exit;
	s.reload = reload;
	s.on_restart = ops_worker_restart;
	return http_serve(&s);
}

/* ---- worker ---- */

static int
cmd_worker(int argc, char **argv)
{
	int drain = argc > 1 && strcmp(argv[1], "--drain") == 0;

	if (help_requested(argc, argv)) {
		printf("usage: tailgate worker [--drain]\n\nRuns queued jobs for every tenant, woken by\n"
		    "LISTEN/NOTIFY, in two processes: the live lane (notifications, fan-out)\n"
		    "and the bulk lane (settlement, recomputations, maintenance).\n"
		    "--drain runs what is due now, every lane, and exits.\n");
		return 0;
	}
	log_init("tailgate-worker", log_level_parse(conf.log_level));
	if (drop_root() != 0)
		return 1;
	lock_dir_init();
	if (drain) {
		if (db_open(conf.db_url) != DB_OK || tenancy_load() != 0)
			return 1;
		printf("%d jobs run\n", jobs_drain(job_kinds, TG_NELEM(job_kinds)));
		return 0;
	}
	return jobs_worker_main(job_kinds, TG_NELEM(job_kinds));
}

/* ---- migrate ---- */

static int
cmd_migrate(int argc, char **argv)
{
	char **slugs = NULL;
	int n, rc = 0;

	if (help_requested(argc, argv)) {
		printf("usage: tailgate migrate\n\nApplies migrations/platform/*.sql, then\n"
		    "migrations/tenant/*.sql to every tenant, each file in its own transaction.\n"
		    "Safe to run again: applied versions are recorded per schema.\n");
		return 0;
	}
	if (admin_connect() != 0)
		return 1;
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
	if (argc < 2 || help_requested(argc, argv)) {
		printf("usage: tailgate tenant add SLUG | list | map | disable SLUG | enable SLUG\n\n"
		    "add reads tenants/SLUG/tenant.json (name, domains, branding, money_mode,\n"
		    "currency), creates the role t_SLUG and schema t_SLUG, records the domains\n"
		    "and migrates the schema. Running it again applies changes to the file.\n"
		    "map prints the domain -> tenant lines for nginx's configuration.\n");
		return argc < 2 ? 2 : 0;
	}
	/* Reading the tenant directory needs no more than the application role. */
	if (strcmp(argv[1], "list") == 0 || strcmp(argv[1], "map") == 0) {
		if (app_connect() != 0)
			return 1;
		return (strcmp(argv[1], "list") == 0 ? tenancy_list(stdout) : tenancy_nginx_map(stdout)) == 0
		    ? 0 : 1;
	}
	if (admin_connect() != 0)
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

/* ---- user ---- */

static const char user_usage[] =
    "usage: tailgate user create --tenant SLUG --username NAME --email EMAIL\n"
    "                            [--password PW | --password-stdin] [--role ROLE]\n"
    "       tailgate user set-role --tenant SLUG --username NAME --role ROLE\n"
    "                            [--platform-admin | --no-platform-admin]\n"
    "       tailgate user reset-password --tenant SLUG --username NAME\n"
    "                            [--password PW | --password-stdin]\n"
    "\nROLE is user, moderator, reviewer or admin. Without a password option,\n"
    "reset-password generates one and prints it once.\n";

static int
read_stdin_password(char *out, size_t n)
{
	if (fgets(out, (int)n, stdin) == NULL)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

/* The play-money welcome credit of a brand (outside a transaction). */
static int64_t
tenant_credit(const char *slug)
{
	const struct tenancy_tenant *t;

	if (tenancy_count() == 0 && tenancy_load() != 0)
		return 0;
	t = tenancy_by_slug(slug);
	return t != NULL ? t->signup_credit : 0;
}

static int
tenant_tx(const char *slug)
{
	char schema[DB_SCHEMA_MAX];

	if (slug == NULL || db_tenant_schema(slug, schema) != 0) {
		fprintf(stderr, "tailgate user: --tenant SLUG is required\n");
		return -1;
	}
	if (db_begin(schema, 0, NULL) != DB_OK) {
		fprintf(stderr, "tailgate user: no tenant '%s'\n", slug);
		return -1;
	}
	return 0;
}

static int
cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tenant", required_argument, NULL, 't' },
		{ "username", required_argument, NULL, 'u' },
		{ "email", required_argument, NULL, 'e' },
		{ "password", required_argument, NULL, 'p' },
		{ "password-stdin", no_argument, NULL, 'P' },
		{ "role", required_argument, NULL, 'r' },
		{ "platform-admin", no_argument, NULL, 'A' },
		{ "no-platform-admin", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tenant = NULL, *username = NULL, *email = NULL, *role = NULL, *action;
	char pw[256] = "", id[37];
	int c, platform_admin = -1, rc = 1, generated = 0;
	int64_t credit;
	struct arena *a;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fputs(user_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	action = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': tenant = optarg; break;
		case 'u': username = optarg; break;
		case 'e': email = optarg; break;
		case 'p': snprintf(pw, sizeof(pw), "%s", optarg); break;
		case 'P':
			if (read_stdin_password(pw, sizeof(pw)) != 0)
				return 2;
			break;
		case 'r': role = optarg; break;
		case 'A': platform_admin = 1; break;
		case 'N': platform_admin = 0; break;
		case 'h': fputs(user_usage, stdout); return 0;
		default: fputs(user_usage, stderr); return 2;
		}
	}
	if (username == NULL) {
		fputs(user_usage, stderr);
		return 2;
	}
	lock_dir_init();
	if (app_connect() != 0 || (a = arena_new(8192)) == NULL)
		return 1;
	credit = tenant != NULL ? tenant_credit(tenant) : 0;
	if (tenant_tx(tenant) != 0) {
		arena_free(a);
		return 1;
	}
	if (strcmp(action, "create") == 0) {
		if (email == NULL || pw[0] == '\0') {
			fprintf(stderr, "tailgate user create: --email and a password are required\n");
			rc = 2;
		} else
			rc = accounts_cli_create(a, username, email, pw, role ? role : "user", credit, id) ==
			    0 ? 0 : 1;
		if (rc == 0)
			printf("created %s (%s)\n", username, id);
	} else if (strcmp(action, "set-role") == 0) {
		rc = accounts_cli_set_role(a, username, role, platform_admin) == 0 ? 0 : 1;
	} else if (strcmp(action, "reset-password") == 0) {
		if (pw[0] == '\0') {
			unsigned char raw[12];

			randombytes_buf(raw, sizeof(raw));
			sodium_bin2base64(pw, sizeof(pw), raw, sizeof(raw),
			    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			generated = 1;
		}
		rc = accounts_cli_reset_password(a, username, pw) == 0 ? 0 : 1;
		if (rc == 0 && generated)
			printf("new password for %s: %s\n", username, pw);
	} else {
		fprintf(stderr, "tailgate user: unknown action '%s'\n", action);
		rc = 2;
	}
	if (rc == 0 && db_commit() != DB_OK)
		rc = 1;
	else if (rc != 0)
		db_rollback();
	sodium_memzero(pw, sizeof(pw));
	arena_free(a);
	return rc;
}

/* ---- import ---- */

static const char import_usage[] =
    "usage: tailgate import football-data [--tenant SLUG] FILE...\n"
    "       tailgate import nba [--tenant SLUG] FILE\n"
    "       tailgate import nfl [--tenant SLUG] FILE\n"
    "\nImports events, results and prices into a tenant's catalogue (default tenant:\n"
    "demo). Bad rows are reported as FILE:LINE: reason on stderr and skipped; importing\n"
    "a file again changes nothing. Prints a summary per file.\n";

static int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tenant", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		const char *name;
		int (*fn)(const char *, const char *, struct catalog_stats *);
	} sources[] = {
		{ "football-data", catalog_import_football_data },
		{ "nba", catalog_import_nba },
		{ "nfl", catalog_import_nfl },
	};
	const char *tenant = "demo";
	char schema[DB_SCHEMA_MAX];
	struct catalog_stats total;
	uint64_t t0;
	size_t k;
	int c, rc = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(import_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (k = 0; k < TG_NELEM(sources); k++)
		if (strcmp(argv[1], sources[k].name) == 0)
			break;
	if (k == TG_NELEM(sources)) {
		fprintf(stderr, "tailgate import: unknown source '%s'\n\n%s", argv[1], import_usage);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': tenant = optarg; break;
		case 'h': fputs(import_usage, stdout); return 0;
		default: fputs(import_usage, stderr); return 2;
		}
	}
	if (optind >= argc) {
		fputs(import_usage, stderr);
		return 2;
	}
	if (db_tenant_schema(tenant, schema) != 0) {
		fprintf(stderr, "tailgate import: bad tenant '%s'\n", tenant);
		return 2;
	}
	if (app_connect() != 0)
		return 1;
	if (db_begin(schema, 1, NULL) != DB_OK) {
		fprintf(stderr, "tailgate import: no tenant '%s'\n", tenant);
		return 1;
	}
	db_rollback();
	memset(&total, 0, sizeof(total));
	t0 = util_now_us();
	for (int i = optind; i < argc; i++) {
		struct catalog_stats st;

		memset(&st, 0, sizeof(st));
		if (sources[k].fn(schema, argv[i], &st) != 0)
			rc = 1;
		printf("%s: %ld rows, %ld events created, %ld updated, %ld prices, %ld rows skipped\n",
		    argv[i], st.rows, st.created, st.updated, st.prices, st.skipped);
		total.rows += st.rows;
		total.created += st.created;
		total.updated += st.updated;
		total.prices += st.prices;
		total.skipped += st.skipped;
	}
	if (argc - optind > 1)
		printf("total: %ld rows, %ld events created, %ld updated, %ld prices, %ld rows skipped\n",
		    total.rows, total.created, total.updated, total.prices, total.skipped);
	{
		double s = (double)(util_now_us() - t0) / 1e6;

		printf("%.1f s, %.0f rows/s\n", s, s > 0 ? (double)total.rows / s : 0.0);
	}
	db_close();
	return rc;
}

/* ---- seed ---- */

struct demo_account {
	const char *tenant, *username, *email, *role;
	int platform_admin;
};

static const struct demo_account demo_accounts[] = {
	{ "demo", "demo_admin", "admin@demo.localhost", "admin", 1 },
	{ "demo", "alice", "alice@demo.localhost", "user", 0 },
	{ "demo", "marco", "marco@demo.localhost", "moderator", 0 },
	{ "demo", "rita", "rita@demo.localhost", "reviewer", 0 },
	{ "acme", "acme_admin", "admin@acme.localhost", "admin", 0 },
	{ "acme", "alice", "alice@acme.localhost", "user", 0 },
};

#define DEMO_PASSWORD "tailgate-demo-2026"

static int
seed_listed(const char *slug, const char *const *only, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(only[i], slug) == 0)
			return 1;
	return n == 0;
}

static int
cmd_seed(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "tenant", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const brands[] = { "demo", "acme" };
	const char *only[16];
	size_t nonly = 0;
	long long seed = 1;
	struct arena *a;
	int rc = 0, c;

	if (help_requested(argc, argv)) {
		printf("usage: tailgate seed [--seed N] [--tenant SLUG]...\n\nCreates the demo accounts,\n"
		    "a year of finished events and the next two weeks (fictional leagues), and demo\n"
		    "bettors with a year of bets, on the demo and acme brands or each --tenant\n"
		    "(password " DEMO_PASSWORD "). Deterministic for a seed value (default 1) and a\n"
		    "day; running it again only adds the days to come. See docs/seed.md.\n");
		return 0;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (util_parse_ll(optarg, &seed) != 0 || seed < 0) {
				fprintf(stderr, "tailgate seed: --seed needs a number >= 0\n");
				return 2;
			}
			break;
		case 't':
			if (nonly < TG_NELEM(only))
				only[nonly++] = optarg;
			break;
		default:
			fprintf(stderr, "usage: tailgate seed [--seed N] [--tenant SLUG]...\n");
			return 2;
		}
	}
	lock_dir_init();
	if (app_connect() != 0 || (a = arena_new(8192)) == NULL)
		return 1;
	for (size_t i = 0; i < TG_NELEM(demo_accounts); i++) {
		const struct demo_account *d = &demo_accounts[i];
		char id[37];
		int r;

		if (!seed_listed(d->tenant, only, nonly))
			continue;
		int64_t credit = tenant_credit(d->tenant);

		if (tenant_tx(d->tenant) != 0) {
			log_warn("seed: tenant %s missing; skipped %s", d->tenant, d->username);
			continue;
		}
		r = accounts_cli_create(a, d->username, d->email, DEMO_PASSWORD, d->role, credit, id);
		if (r == 0 && d->platform_admin)
			r = accounts_cli_set_role(a, d->username, d->role, 1);
		if (r == 0) {
			db_commit();
			printf("seeded %s on %s\n", d->username, d->tenant);
		} else {
			db_rollback();
			if (r != 1)
				rc = 1;
		}
		arena_reset(a);
	}
	arena_free(a);
	for (size_t i = 0; i < (nonly ? nonly : TG_NELEM(brands)); i++) {
		const char *slug = nonly ? only[i] : brands[i];
		const struct tenancy_tenant *t;

		if ((tenancy_count() == 0 && tenancy_load() != 0) ||
		    (t = tenancy_by_slug(slug)) == NULL) {
			log_warn("seed: tenant %s missing; no catalogue or bettors", slug);
			rc = nonly ? 1 : rc;
			continue;
		}
		if (bets_seed_tenant(t, (uint64_t)seed, 0, DEMO_PASSWORD) != 0 ||
		    posts_seed_tenant(t) != 0)
			rc = 1;
	}
	return rc;
}

/* ---- settle ---- */

static int
cmd_settle(int argc, char **argv)
{
	const char *slug = argc >= 3 && strcmp(argv[1], "--tenant") == 0 ? argv[2] : NULL;
	struct arena *a;
	char err[256] = "";
	uint64_t t0;
	long n = 0, k;
	int rc = 0;

	if (slug == NULL || argc < 4 || help_requested(argc, argv)) {
		printf("usage: tailgate settle --tenant SLUG (EVENT_ID... | --pending)\n\nSettles the "
		    "bets of finished or cancelled events now, in one transaction\n(the worker does this "
		    "on its own when a result arrives). Idempotent:\nonly bets behind their event's "
		    "result move money.\n");
		return slug == NULL || argc < 4 ? 2 : 0;
	}
	if (app_connect() != 0 || tenant_tx(slug) != 0)
		return 1;
	a = arena_new(1 << 16);
	t0 = util_now_us();
	for (int i = 3; i < argc && rc == 0; i++) {
		k = strcmp(argv[i], "--pending") == 0 ? bets_settle_pending(a, err, sizeof(err))
		    : bets_settle_event(a, argv[i], NULL, err, sizeof(err));
		if (k < 0)
			rc = 1;
		else
			n += k;
	}
	if (rc == 0 && db_commit() != DB_OK)
		rc = 1;
	if (rc != 0) {
		db_rollback();
		fprintf(stderr, "tailgate settle: %s\n", err[0] ? err : "the database refused the settlement");
	} else {
		double ms = (double)(util_now_us() - t0) / 1000.0;

		printf("settled %ld bets in %.1f ms (%.0f bets/s)\n", n, ms, ms > 0 ? n * 1000.0 / ms : 0);
	}
	arena_free(a);
	return rc;
}

/* ---- ledger ---- */

/* `tailgate ledger SUB --tenant SLUG ARGS...` (ledger_cli): one tenant
 * transaction, committed when the subcommand succeeds. */
static int
ledger_command(int argc, char **argv)
{
	struct arena *a;
	int rc;

	if (argc < 4 || strcmp(argv[2], "--tenant") != 0)
		return ledger_cli(NULL, 0, NULL, stderr);
	if (app_connect() != 0 || tenant_tx(argv[3]) != 0)
		return 1;
	if ((a = arena_new(8192)) == NULL) {
		db_rollback();
		return 1;
	}
	argv[3] = argv[1];
	rc = ledger_cli(a, argc - 3, argv + 3, stdout);
	if (rc == 0 && db_commit() != DB_OK)
		rc = 1;
	if (rc != 0)
		db_rollback();
	arena_free(a);
	return rc;
}

static int
cmd_ledger(int argc, char **argv)
{
	const char *only = argc >= 4 && strcmp(argv[2], "--tenant") == 0 ? argv[3] : NULL;
	char **slugs = NULL;
	int n, breaches = 0, rc = 0;

	if (argc >= 2 && strcmp(argv[1], "check") != 0 && !help_requested(argc, argv))
		return ledger_command(argc, argv);
	if (argc < 2 || strcmp(argv[1], "check") != 0 || help_requested(argc, argv)) {
		printf("usage: tailgate ledger check [--tenant SLUG]\n\nRecomputes every ledger "
		    "invariant (each transaction sums to zero,\nbalances equal their entries, no negative "
		    "member balance, all balances sum\nto zero, every member has a wallet) and exits 1 "
		    "on any breach.\n");
		return argc < 2 || strcmp(argv[1], "check") != 0 ? 2 : 0;
	}
	if (app_connect() != 0 || (n = tenancy_slugs(&slugs)) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		struct arena *a = arena_new(8192);
		int b;

		if (only == NULL || strcmp(only, slugs[i]) == 0) {
			if (tenant_tx(slugs[i]) != 0) {
				rc = 1;
			} else {
				if ((b = ledger_check(a, slugs[i], stdout)) < 0)
					rc = 1;
				else {
					breaches += b;
					printf("ledger %s: %s\n", slugs[i], b ? "BREACHED" : "ok");
				}
				db_rollback();
			}
		}
		arena_free(a);
		free(slugs[i]);
	}
	free(slugs);
	return rc || breaches ? 1 : 0;
}

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

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "serve", cmd_serve }, { "worker", cmd_worker }, { "migrate", cmd_migrate },
		{ "tenant", cmd_tenant }, { "user", cmd_user }, { "seed", cmd_seed },
		{ "ledger", cmd_ledger }, { "stats", profiles_cli }, { "config", cmd_config }, { "import", cmd_import },
		{ "settle", cmd_settle },
	};
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config_path = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (i >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return 1;
	if (load_config() != 0)
		return 1;
	for (size_t k = 0; k < TG_NELEM(cmds); k++)
		if (strcmp(argv[i], cmds[k].name) == 0)
			return cmds[k].fn(argc - i, argv + i);
	fprintf(stderr, "tailgate: unknown command '%s'\n\n%s", argv[i], usage);
	return 2;
}
