/*
 * `tailgate seed`: the demo accounts of every demo brand, then each brand's
 * catalogue, bettors and posts (seed_tenant). Idempotent; docs/seed.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "seed.h"

#include "../accounts/accounts.h"
#include "../core/core.h"
#include "../db/db.h"
#include "../tenancy/tenancy.h"

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

/* The demo accounts of the brands listed (every brand's when none is). 0,
 * 1 when one could not be created, or -1 when out of memory. */
static int
seed_accounts(const char *const *only, size_t nonly)
{
	struct arena *a;
	int rc = 0;

	if ((a = arena_new(8192)) == NULL)
		return -1;
	for (size_t i = 0; i < TG_NELEM(demo_accounts); i++) {
		const struct demo_account *d = &demo_accounts[i];
		char id[37];
		int r;

		if (!seed_listed(d->tenant, only, nonly))
			continue;
		int64_t credit = tenancy_signup_credit(d->tenant);

		if (tenancy_cli_begin("seed", d->tenant) != 0) {
			log_warn("seed: tenant %s missing; skipped %s", d->tenant, d->username);
			continue;
		}
		r = accounts_cli_create(
		    a, d->username, d->email, DEMO_PASSWORD, d->role, credit, id);
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
	return rc;
}

/* Each brand's catalogue, bettors and posts: the brands listed, or the demo
 * brands when none is. 0, or 1 when one failed or a listed one is
 * missing. */
static int
seed_brands(const char *const *only, size_t nonly, uint64_t seed)
{
	static const char *const brands[] = { "demo", "acme" };
	int rc = 0;

	for (size_t i = 0; i < (nonly ? nonly : TG_NELEM(brands)); i++) {
		const char *slug = nonly ? only[i] : brands[i];
		const struct tenancy_tenant *t;

		if ((tenancy_count() == 0 && tenancy_load() != 0) ||
		    (t = tenancy_by_slug(slug)) == NULL) {
			log_warn("seed: tenant %s missing; no catalogue or bettors", slug);
			rc = nonly ? 1 : rc;
			continue;
		}
		if (seed_tenant(t, seed, DEMO_PASSWORD) != 0)
			rc = 1;
	}
	return rc;
}

int
seed_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "tenant", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *only[16];
	size_t nonly = 0;
	long long seed = 1;
	int rc, c;

	if (util_help_requested(argc, argv)) {
		printf(
		    "usage: tailgate seed [--seed N] [--tenant SLUG]...\n\nCreates the demo accounts,\n"
		    "a year of finished events and the next two weeks (fictional leagues), and demo\n"
		    "bettors with a year of bets, on the demo and acme brands or each --tenant\n"
		    "(password " DEMO_PASSWORD
		    "). Deterministic for a seed value (default 1) and a\n"
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
	if ((rc = seed_accounts(only, nonly)) < 0)
		return 1;
	if (seed_brands(only, nonly, (uint64_t)seed) != 0)
		rc = 1;
	return rc;
}
