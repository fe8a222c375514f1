/*
 * `tailgate ledger check`: every invariant of a tenant's ledger, recomputed
 * from the entries. Read-only; prints each breach.
 */
#include "ledger.h"

#include <stdio.h>

#include "../db/db.h"

struct rule {
	const char *what;
	struct db_stmt q; /* rows returned are breaches: first column identifies, second explains */
};

static struct rule rules[] = {
	{ "transactions that do not sum to zero",
	    DB_STMT("SELECT transaction_id::text, sum(amount)::text FROM ledger_entries "
	            "GROUP BY transaction_id HAVING sum(amount) <> 0",
	        0) },
	{ "transactions without entries",
	    DB_STMT(
	        "SELECT t.id::text, t.idempotency_key FROM ledger_transactions t "
	        "WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.transaction_id = t.id)",
	        0) },
	{ "balances that differ from their entries",
	    DB_STMT("SELECT a.id::text, a.balance || ' <> ' || coalesce(sum(e.amount), 0) "
	            "FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id "
	            "GROUP BY a.id HAVING a.balance <> coalesce(sum(e.amount), 0)",
	        0) },
	{ "negative member balances",
	    DB_STMT("SELECT id::text, kind || ' ' || balance FROM ledger_accounts "
	            "WHERE kind IN ('user_cash', 'user_in_play') AND balance < 0",
	        0) },
	{ "money created or destroyed (all balances must sum to zero)",
	    DB_STMT(
	        "SELECT 'total', sum(balance)::text FROM ledger_accounts HAVING sum(balance) <> 0",
	        0) },
	{ "members without a wallet",
	    DB_STMT(
	        "SELECT u.id::text, u.username FROM users u WHERE (SELECT count(*) FROM ledger_accounts a "
	        "WHERE a.user_id = u.id) <> 2",
	        0) },
	/* accounts beyond members (migrations/tenant/0026_ledger_account_kinds.sql) */
	{ "accounts below zero whose kind may not go negative",
	    DB_STMT(
	        "SELECT a.id::text, a.kind || ' ' || coalesce(sum(e.amount), 0) FROM ledger_accounts a "
	        "LEFT JOIN ledger_entries e ON e.account_id = a.id "
	        "WHERE a.kind IN ('platform_revenue', 'escrow', 'team', 'commissions_payable') "
	        "GROUP BY a.id HAVING coalesce(sum(e.amount), 0) < 0",
	        0) },
	{ "settled escrows whose entries do not net to zero",
	    DB_STMT("SELECT a.ref, coalesce(sum(e.amount), 0)::text FROM ledger_accounts a "
	            "LEFT JOIN ledger_entries e ON e.account_id = a.id "
	            "WHERE a.kind = 'escrow' AND a.settled_at IS NOT NULL "
	            "GROUP BY a.id HAVING coalesce(sum(e.amount), 0) <> 0",
	        0) },
	{ "escrow entries posted after the escrow was settled",
	    DB_STMT("SELECT a.ref, e.transaction_id::text FROM ledger_accounts a "
	            "JOIN ledger_entries e ON e.account_id = a.id "
	            "WHERE a.kind = 'escrow' AND e.created_at > a.settled_at",
	        0) },
	/* what the clearing account held right after each settlement's
	 * transaction (transactions get increasing ids) */
	{ "provider clearing that differs from the provider's settlement",
	    DB_STMT(
	        "SELECT s.provider || ' ' || s.statement_ref, coalesce(sum(e.amount), 0) || ' <> ' || "
	        "s.closing_balance FROM ledger_provider_settlements s "
	        "LEFT JOIN ledger_accounts a ON a.kind = 'provider_clearing' AND a.ref = s.provider "
	        "LEFT JOIN ledger_entries e ON e.account_id = a.id AND e.transaction_id <= s.transaction_id "
	        "GROUP BY s.id HAVING coalesce(sum(e.amount), 0) <> s.closing_balance",
	        0) },
	{ "commissions payable to someone who is not a member",
	    DB_STMT(
	        "SELECT a.id::text, a.ref FROM ledger_accounts a WHERE a.kind = 'commissions_payable' "
	        "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id::text = a.ref)",
	        0) },
	/* bets (migrations/tenant/0004_bets.sql): stakes move into play at
	 * placement and out at settlement, so what is in play is what is open */
	{ "money in play that differs from open stakes",
	    DB_STMT(
	        "SELECT a.user_id::text, a.balance || ' <> ' || coalesce(sum(b.stake), 0) "
	        "FROM ledger_accounts a LEFT JOIN bets b ON b.user_id = a.user_id AND b.status = 'open' "
	        "WHERE a.kind = 'user_in_play' GROUP BY a.id HAVING a.balance <> coalesce(sum(b.stake), 0)",
	        0) },
	{ "bets whose stake was never taken",
	    DB_STMT("SELECT b.id::text, b.stake::text FROM bets b WHERE NOT EXISTS (SELECT 1 FROM "
	            "ledger_transactions t WHERE t.idempotency_key = 'bet:' || b.id || ':stake')",
	        0) },
	{ "settled bets whose payout differs from their last settlement",
	    DB_STMT(
	        "SELECT b.id::text, b.payout || ' <> ' || coalesce(s.payout::text, 'none') FROM bets b "
	        "LEFT JOIN bet_settlements s ON s.bet_id = b.id AND s.version = b.settled_version "
	        "WHERE b.status <> 'open' AND s.payout IS DISTINCT FROM b.payout",
	        0) },
};

int
ledger_check(struct arena *a, const char *tenant, FILE *out)
{
	int breaches = 0;

	for (size_t i = 0; i < TG_NELEM(rules); i++) {
		PGresult *r = db_query(a, &rules[i].q, NULL);

		if (r == NULL)
			return -1;
		for (int k = 0; k < db_rows(r); k++) {
			if (k < 20)
				fprintf(out, "%s: %s: %s (%s)\n", tenant, rules[i].what,
				    db_val(r, k, 0), db_val(r, k, 1));
			breaches++;
		}
	}
	return breaches;
}
