/* `tailgate ledger check`: every invariant (ledger_check.c), for operators. */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../tenancy/tenancy.h"

int
ledger_cmd_check(int argc, char **argv)
{
	const char *only = argc >= 4 && strcmp(argv[2], "--tenant") == 0 ? argv[3] : NULL;
	char **slugs = NULL;
	int n, breaches = 0, rc = 0;

	if (argc < 2 || strcmp(argv[1], "check") != 0 || util_help_requested(argc, argv)) {
		printf("usage: tailgate ledger check [--tenant SLUG]\n\nRecomputes every ledger "
		    "invariant (each transaction sums to zero,\nbalances equal their entries, no negative "
		    "member balance, all balances sum\nto zero, every member has a wallet) and exits 1 "
		    "on any breach.\n");
		return argc < 2 || strcmp(argv[1], "check") != 0 ? 2 : 0;
	}
	if ((n = tenancy_slugs(&slugs)) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		struct arena *a = arena_new(8192);
		int b;

		if (only == NULL || strcmp(only, slugs[i]) == 0) {
			if (tenancy_cli_begin("ledger", slugs[i]) != 0) {
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
