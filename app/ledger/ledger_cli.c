/*
 * `tailgate ledger check` (every invariant, ledger_check.c) and `tailgate
 * ledger open|balance|transfer|settle-escrow|provider-settle`: the ledger API
 * for operators and tests, inside one tenant transaction (committed when the
 * action succeeds). Legs are written
 * KIND[/OWNER]:AMOUNT, amounts in minor units, e.g.
 *   tailgate ledger transfer --tenant demo fee-42 user_cash/<uuid>:-150 platform_revenue:150
 */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../tenancy/tenancy.h"

/* Pure: one leg from KIND[/OWNER]:AMOUNT, its strings in the arena. 0 or -1. */
int
ledger_leg_parse(struct arena *a, const char *s, struct ledger_leg *leg)
{
	const char *colon = strrchr(s, ':'), *slash;
	long long amount;
	char *kind;

	if (colon == NULL || util_parse_ll(colon + 1, &amount) != 0)
		return -1;
	if ((kind = arena_strndup(a, s, (size_t)(colon - s))) == NULL)
		return -1;
	leg->user_id = NULL;
	if ((slash = strchr(kind, '/')) != NULL) {
		kind[slash - kind] = '\0';
		leg->user_id = slash + 1;
	}
	leg->kind = kind;
	leg->amount = amount;
	return 0;
}

static const char *
outcome(int rc)
{
	switch (rc) {
	case LEDGER_POSTED:
		return "posted";
	case LEDGER_DUPLICATE:
		return "duplicate: nothing posted";
	case LEDGER_INSUFFICIENT:
		return "refused: an account would go below zero";
	case LEDGER_INVALID:
		return "refused: invalid";
	default:
		return "database error";
	}
}

static int
legs_from(struct arena *a, int argc, char **argv, struct ledger_leg **legs, FILE *out)
{
	if (argc < 2 || (*legs = arena_alloc(a, sizeof(**legs) * (size_t)argc)) == NULL)
		return -1;
	for (int i = 0; i < argc; i++)
		if (ledger_leg_parse(a, argv[i], &(*legs)[i]) != 0) {
			fprintf(out, "not a leg (KIND[/OWNER]:AMOUNT): %s\n", argv[i]);
			return -1;
		}
	return 0;
}

int
ledger_cli(struct arena *a, int argc, char **argv, FILE *out)
{
	const char *cmd = argc > 0 ? argv[0] : "";
	struct ledger_leg *legs;
	const char *why;
	long long id;
	int64_t balance;
	int rc;

	if (strcmp(cmd, "open") == 0 && (argc == 2 || argc == 3)) {
		rc = ledger_account_open(a, argv[1], argc == 3 ? argv[2] : NULL, &id);
		if (rc == DB_OK)
			fprintf(out, "account %lld\n", id);
		else if ((why = ledger_account_check(argv[1], argc == 3 ? argv[2] : NULL)) != NULL)
			fprintf(out, "refused: %s\n", why);
		else
			fprintf(out, "%s\n", outcome(rc));
		return rc == DB_OK ? 0 : 1;
	}
	if (strcmp(cmd, "balance") == 0 && (argc == 2 || argc == 3)) {
		rc = ledger_account_find(a, argv[1], argc == 3 ? argv[2] : NULL, &id, &balance);
		if (rc == 1)
			fprintf(out, "%lld\n", (long long)balance);
		else
			fprintf(out, "%s\n", rc == 0 ? "no such account" : outcome(rc));
		return rc == 1 ? 0 : 1;
	}
	if (strcmp(cmd, "transfer") == 0 && argc >= 4) {
		if (legs_from(a, argc - 2, argv + 2, &legs, out) != 0)
			return 1;
		if ((why = ledger_legs_check(legs, (size_t)argc - 2)) != NULL) {
			fprintf(out, "refused: %s\n", why);
			return 1;
		}
		rc = ledger_post(a, "transfer", argv[1], "Transfer", NULL, legs, (size_t)argc - 2);
		fprintf(out, "%s\n", outcome(rc));
		return rc == LEDGER_POSTED || rc == LEDGER_DUPLICATE ? 0 : 1;
	}
	if (strcmp(cmd, "settle-escrow") == 0 && argc == 2) {
		rc = ledger_escrow_settle(a, argv[1]);
		fprintf(out, "%s\n",
		    rc == DB_OK ? "settled"
		        : rc == LEDGER_INVALID
		        ? "refused: no such open escrow, or money still in it"
		        : outcome(rc));
		return rc == DB_OK ? 0 : 1;
	}
	if (strcmp(cmd, "provider-settle") == 0 && argc >= 7) {
		long long closing;

		if (util_parse_ll(argv[3], &closing) != 0 ||
		    legs_from(a, argc - 5, argv + 5, &legs, out) != 0)
			return 1;
		rc = ledger_provider_settle(
		    a, argv[1], argv[2], argv[4], NULL, legs, (size_t)argc - 5, closing);
		fprintf(out, "%s\n", outcome(rc));
		return rc == LEDGER_POSTED || rc == LEDGER_DUPLICATE ? 0 : 1;
	}
	fprintf(out,
	    "usage: tailgate ledger open --tenant SLUG KIND [OWNER]\n"
	    "       tailgate ledger balance --tenant SLUG KIND [OWNER]\n"
	    "       tailgate ledger transfer --tenant SLUG KEY LEG LEG...\n"
	    "       tailgate ledger settle-escrow --tenant SLUG ESCROW_UUID\n"
	    "       tailgate ledger provider-settle --tenant SLUG PROVIDER STATEMENT CLOSING KEY "
	    "LEG LEG...\n"
	    "A leg is KIND[/OWNER]:AMOUNT in minor units; the legs sum to zero.\n");
	return 2;
}

static int
check(int argc, char **argv)
{
	const char *only = argc >= 4 && strcmp(argv[2], "--tenant") == 0 ? argv[3] : NULL;
	char **slugs = NULL;
	int n, breaches = 0, rc = 0;

	if (argc < 2 || strcmp(argv[1], "check") != 0 || util_help_requested(argc, argv)) {
		printf(
		    "usage: tailgate ledger check [--tenant SLUG]\n\nRecomputes every ledger "
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

/* `tailgate ledger SUB --tenant SLUG ARGS...` (ledger_cli): one tenant
 * transaction, committed when the action succeeds. */
static int
action(int argc, char **argv)
{
	struct arena *a;
	int rc;

	if (argc < 4 || strcmp(argv[2], "--tenant") != 0)
		return ledger_cli(NULL, 0, NULL, stderr);
	if (tenancy_cli_begin("ledger", argv[3]) != 0)
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

int
ledger_cmd(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "check") != 0 && !util_help_requested(argc, argv))
		return action(argc, argv);
	return check(argc, argv);
}
