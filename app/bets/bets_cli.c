/* `tailgate settle`: settlement now, for operators (the worker settles on its own). */
#include "bets_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../tenancy/tenancy.h"

int
bets_cmd_settle(int argc, char **argv)
{
	const char *slug = argc >= 3 && strcmp(argv[1], "--tenant") == 0 ? argv[2] : NULL;
	struct arena *a;
	char err[256] = "";
	uint64_t t0;
	long n = 0, k;
	int rc = 0;

	if (slug == NULL || argc < 4 || util_help_requested(argc, argv)) {
		printf(
		    "usage: tailgate settle --tenant SLUG (EVENT_ID... | --pending)\n\nSettles the "
		    "bets of finished or cancelled events now, in one transaction\n(the worker does this "
		    "on its own when a result arrives). Idempotent:\nonly bets behind their event's "
		    "result move money.\n");
		return slug == NULL || argc < 4 ? 2 : 0;
	}
	if (tenancy_cli_begin("settle", slug) != 0)
		return 1;
	a = arena_new(1 << 16);
	t0 = util_now_us();
	for (int i = 3; i < argc && rc == 0; i++) {
		k = strcmp(argv[i], "--pending") == 0
		    ? bets_settle_pending(a, err, sizeof(err))
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
		fprintf(stderr, "tailgate settle: %s\n",
		    err[0] ? err : "the database refused the settlement");
	} else {
		double ms = (double)(util_now_us() - t0) / 1000.0;

		printf("settled %ld bets in %.1f ms (%.0f bets/s)\n", n, ms,
		    ms > 0 ? n * 1000.0 / ms : 0);
	}
	arena_free(a);
	return rc;
}
