/* `tailgate stats rebuild|check [--tenant SLUG]`: stored figures against the bets. */
#include "profiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../tenancy/tenancy.h"

static const char usage[] =
    "usage: tailgate stats rebuild [--tenant SLUG]\n"
    "       tailgate stats check [--tenant SLUG]\n"
    "\nRecomputes every member's stored performance figures from their settled bets\n"
    "(docs/metrics.md, \"Rebuild\") and prints, per tenant, how many members' stored\n"
    "rows differed. rebuild replaces those rows and queues a refresh of their cached\n"
    "windows; check changes nothing and exits 1 when any row differed.\n";

/* One tenant in one transaction. queued: only if a "stats_rebuild" job is
 * queued, which this run replaces. Returns the members that differed, or -1. */
static long
one_tenant(const char *slug, int store, int queued)
{
	static struct db_stmt q_queued =
	    DB_STMT("DELETE FROM jobs WHERE kind = 'stats_rebuild' AND state = 'queued'", 0);
	char schema[DB_SCHEMA_MAX];
	struct arena *a;
	long members = 0, d = -1;
	long long n;

	if (db_tenant_schema(slug, schema) != 0 || (a = arena_new(64 * 1024)) == NULL)
		return -1;
	if (db_begin(schema, 0, NULL) != DB_OK) {
		fprintf(stderr, "tailgate stats: cannot open tenant %s\n", slug);
		arena_free(a);
		return -1;
	}
	if (queued && (n = db_cmd(a, &q_queued, NULL)) <= 0) {
		db_rollback();
		arena_free(a);
		if (n < 0)
			fprintf(stderr, "tailgate stats: %s: reading the jobs failed\n", slug);
		return n < 0 ? -1 : 0;
	}
	d = profiles_rebuild_all(a, store, &members);
	if (d < 0 || !store)
		db_rollback();
	else if (db_commit() != DB_OK)
		d = -1;
	if (d < 0)
		fprintf(stderr, "tailgate stats: %s failed (%s)\n", slug, db_sqlstate());
	else
		printf("stats %s: %ld member%s, %ld differed%s\n", slug, members,
		    members == 1 ? "" : "s", d, store && d > 0 ? " (rebuilt)" : "");
	arena_free(a);
	return d;
}

int
profiles_rebuild_queued(const char *slug)
{
	return one_tenant(slug, 1, 1) < 0 ? -1 : 0;
}

int
profiles_cli(int argc, char **argv)
{
	const char *only = NULL;
	char **slugs = NULL;
	long differed = 0, d;
	int n, store, found = 0, rc = 0;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		}
	if (argc < 2 || (strcmp(argv[1], "rebuild") != 0 && strcmp(argv[1], "check") != 0)) {
		fputs(usage, stderr);
		return 2;
	}
	store = strcmp(argv[1], "rebuild") == 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--tenant") == 0 && i + 1 < argc)
			only = argv[++i];
		else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if ((n = tenancy_slugs(&slugs)) < 0) {
		db_close();
		return 1;
	}
	for (int i = 0; i < n; i++) {
		if (only == NULL || strcmp(only, slugs[i]) == 0) {
			found = 1;
			if ((d = one_tenant(slugs[i], store, 0)) < 0)
				rc = 1;
			else
				differed += d;
		}
		free(slugs[i]);
	}
	free(slugs);
	db_close();
	if (only != NULL && !found) {
		fprintf(stderr, "tailgate stats: no tenant '%s'\n", only);
		return 1;
	}
	return rc != 0 || (!store && differed > 0) ? 1 : 0;
}
