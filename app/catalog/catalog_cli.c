/* `tailgate import`: the importers (catalog_import.c) for operators. */
#include "catalog_int.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../db/db.h"

static const char import_usage[] =
    "usage: tailgate import football-data [--tenant SLUG] FILE...\n"
    "       tailgate import nba [--tenant SLUG] FILE\n"
    "       tailgate import nfl [--tenant SLUG] FILE\n"
    "\nImports events, results and prices into a tenant's catalogue (default tenant:\n"
    "demo). Bad rows are reported as FILE:LINE: reason on stderr and skipped; importing\n"
    "a file again changes nothing. Prints a summary per file.\n";

int
catalog_cmd_import(int argc, char **argv)
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
		fprintf(
		    stderr, "tailgate import: unknown source '%s'\n\n%s", argv[1], import_usage);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			tenant = optarg;
			break;
		case 'h':
			fputs(import_usage, stdout);
			return 0;
		default:
			fputs(import_usage, stderr);
			return 2;
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
		printf(
		    "%s: %ld rows, %ld events created, %ld updated, %ld prices, %ld rows skipped\n",
		    argv[i], st.rows, st.created, st.updated, st.prices, st.skipped);
		total.rows += st.rows;
		total.created += st.created;
		total.updated += st.updated;
		total.prices += st.prices;
		total.skipped += st.skipped;
	}
	if (argc - optind > 1)
		printf(
		    "total: %ld rows, %ld events created, %ld updated, %ld prices, %ld rows skipped\n",
		    total.rows, total.created, total.updated, total.prices, total.skipped);
	{
		double s = (double)(util_now_us() - t0) / 1e6;

		printf("%.1f s, %.0f rows/s\n", s, s > 0 ? (double)total.rows / s : 0.0);
	}
	db_close();
	return rc;
}
