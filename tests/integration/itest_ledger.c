/*
 * Integration tests for ledger accounts beyond members (docs/ledger.md,
 * migrations/tenant/0026_ledger_account_kinds.sql): postings between
 * kinds through `tailgate ledger`, refusals that change nothing, and
 * breaches of the new invariants that `tailgate ledger check` finds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define LEDGER "scripts/stack.sh tailgate ledger"

/* A fresh uuid from PostgreSQL. */
static void
new_uuid(char out[37])
{
	char buf[128];

	CHECK(h_sql(0, buf, sizeof(buf), "SELECT gen_random_uuid()") == 0 && strlen(buf) == 36,
	    "uuid: %s", buf);
	memcpy(out, buf, 36);
	out[36] = '\0';
}

static long long
balance(const char *kind, const char *owner)
{
	char out[256];

	if (h_sh(out, sizeof(out), LEDGER " balance --tenant demo %s %s 2>&1", kind,
	        owner ? owner : "") != 0)
		return -999999;
	return atoll(out);
}

static long long
transactions(void)
{
	return h_sql_num("SET ROLE t_demo; SELECT count(*) FROM ledger_transactions");
}

ITEST(t_ledger_kinds,
    "ledger: postings between member, escrow, revenue, team, commission and "
    "provider accounts")
static void
t_ledger_kinds(void)
{
	struct h_member m;
	char escrow[37], team[37], prov[40], key[64], out[2048];
	long long cash;

	h_member_new(&m, "lk");
	new_uuid(escrow);
	new_uuid(team);
	h_unique(prov, sizeof(prov), "pay");
	cash = h_wallet_cash(&m.c);
	CHECK(cash >= 1000, "the member has cash to move (%lld)", cash);
	CHECK(h_sh(out, sizeof(out), LEDGER " open --tenant demo escrow %s", escrow) == 0 &&
	        strstr(out, "account "),
	    "an escrow opens: %s", out);
	CHECK(h_sh(out, sizeof(out), LEDGER " open --tenant demo escrow %s", escrow) == 0,
	    "opening again finds it: %s", out);
	CHECK(h_sh(out, sizeof(out), LEDGER " open --tenant demo team %s", team) == 0, "team: %s",
	    out);
	CHECK(
	    h_sh(out, sizeof(out), LEDGER " open --tenant demo commissions_payable %s", m.id) == 0,
	    "commissions: %s", out);
	CHECK(h_sh(out, sizeof(out), LEDGER " open --tenant demo provider_clearing %s", prov) == 0,
	    "provider: %s", out);

	/* stakes into escrow, a fee to the platform */
	h_unique(key, sizeof(key), "lk-hold-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s user_cash/%s:-300 "
	                 "escrow/%s:300",
	          key, m.id, escrow) == 0 &&
	        strcmp(out, "posted") == 0,
	    "hold: %s", out);
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s user_cash/%s:-300 "
	                 "escrow/%s:300",
	          key, m.id, escrow) == 0 &&
	        strstr(out, "duplicate"),
	    "the same key posts once: %s", out);
	h_unique(key, sizeof(key), "lk-fee-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s user_cash/%s:-50 "
	                 "platform_revenue:50",
	          key, m.id) == 0,
	    "fee: %s", out);
	/* the escrow pays out to a team and a commission, then settles */
	h_unique(key, sizeof(key), "lk-release-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s escrow/%s:-300 team/%s:200 "
	                 "commissions_payable/%s:100",
	          key, escrow, team, m.id) == 0,
	    "release: %s", out);
	CHECK(balance("escrow", escrow) == 0, "the escrow is empty");
	CHECK(balance("team", team) == 200, "the team holds 2.00");
	CHECK(balance("commissions_payable", m.id) == 100, "1.00 is owed to the member");
	CHECK(h_wallet_cash(&m.c) == cash - 350, "the member paid 3.50");
	CHECK(h_sh(out, sizeof(out), LEDGER " settle-escrow --tenant demo %s", escrow) == 0 &&
	        strcmp(out, "settled") == 0,
	    "the empty escrow settles: %s", out);
	/* a deposit through a provider, then the provider's settlement */
	h_unique(key, sizeof(key), "lk-dep-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s provider_clearing/%s:-1000 "
	                 "user_cash/%s:1000",
	          key, prov, m.id) == 0,
	    "deposit: %s", out);
	CHECK(balance("provider_clearing", prov) == -1000, "provider clearing may go negative");
	h_unique(key, sizeof(key), "lk-psettle-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " provider-settle --tenant demo %s stmt-1 0 %s "
	                 "provider_clearing/%s:1000 deposits:-1000",
	          prov, key, prov) == 0 &&
	        strcmp(out, "posted") == 0,
	    "the provider settles: %s", out);
	CHECK(balance("provider_clearing", prov) == 0, "clearing is back at zero");
	CHECK(h_sh(out, sizeof(out), LEDGER " check --tenant demo") == 0, "ledger check: %s", out);
}

ITEST(t_ledger_kinds_refused, "ledger: bad postings between kinds are refused and change nothing")
static void
t_ledger_kinds_refused(void)
{
	struct h_member m;
	char escrow[37], team[37], key[64], out[2048];
	long long before, cash;

	h_member_new(&m, "lr");
	new_uuid(escrow);
	new_uuid(team);
	cash = h_wallet_cash(&m.c);
	CHECK(h_sh(out, sizeof(out), LEDGER " open --tenant demo team %s", team) == 0, "team: %s",
	    out);
	CHECK(
	    h_sh(out, sizeof(out), LEDGER " open --tenant demo escrow %s", escrow) == 0, "escrow");
	h_unique(key, sizeof(key), "lr-in-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s user_cash/%s:-200 team/%s:200", key, m.id,
	          team) == 0,
	    "team funded: %s", out);
	before = transactions();

	static const char *const bad[] = {
		"user_cash/%s:-100 team/%s:99",              /* unbalanced */
		"user_cash/%s:-100 savings/%s:100",          /* unknown kind */
		"user_cash/%s:-100 escrow/stripe%s:100",     /* an escrow is owned by a uuid */
		"user_cash/%s:-100 platform_revenue/%s:100", /* revenue has no owner */
		"user_cash/%s:0 team/%s:0",                  /* zero legs */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char legs[256];

		snprintf(legs, sizeof(legs), bad[i], m.id, team);
		h_unique(key, sizeof(key), "lr-bad-");
		CHECK(h_sh(out, sizeof(out), LEDGER " transfer --tenant demo %s %s", key, legs) ==
		            1 &&
		        strstr(out, "refused"),
		    "refused (%s): %s", legs, out);
	}
	/* a team, revenue or escrow cannot go below zero */
	h_unique(key, sizeof(key), "lr-neg-");
	CHECK(h_sh(out, sizeof(out), LEDGER " transfer --tenant demo %s team/%s:-201 house:201",
	          key, team) == 1 &&
	        strstr(out, "below zero"),
	    "the team cannot overdraw: %s", out);
	h_unique(key, sizeof(key), "lr-neg-");
	CHECK(h_sh(out, sizeof(out), LEDGER " transfer --tenant demo %s escrow/%s:-1 house:1", key,
	          escrow) == 1 &&
	        strstr(out, "below zero"),
	    "nor an escrow: %s", out);
	/* an account that was never opened */
	{
		char ghost[37];

		new_uuid(ghost);
		h_unique(key, sizeof(key), "lr-ghost-");
		CHECK(h_sh(out, sizeof(out), LEDGER " transfer --tenant demo %s team/%s:-1 house:1",
		          key, ghost) == 1 &&
		        strstr(out, "refused"),
		    "no such team account: %s", out);
	}
	CHECK(transactions() == before, "none of these wrote a transaction");
	CHECK(balance("team", team) == 200 && h_wallet_cash(&m.c) == cash - 200, "nor moved money");
	/* opening a member's wallet or a malformed owner */
	CHECK(h_sh(out, sizeof(out), LEDGER " open --tenant demo user_cash %s", m.id) == 1,
	    "wallets open with the member: %s", out);
	CHECK(
	    h_sh(out, sizeof(out), LEDGER " open --tenant demo provider_clearing Not-A-Slug") == 1,
	    "a provider is a slug: %s", out);
	/* an escrow holding money does not settle; a settled one takes nothing */
	h_unique(key, sizeof(key), "lr-hold-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s user_cash/%s:-10 "
	                 "escrow/%s:10",
	          key, m.id, escrow) == 0,
	    "hold: %s", out);
	before = transactions();
	CHECK(h_sh(out, sizeof(out), LEDGER " settle-escrow --tenant demo %s", escrow) == 1,
	    "an escrow with money in it does not settle: %s", out);
	h_unique(key, sizeof(key), "lr-back-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s escrow/%s:-10 "
	                 "user_cash/%s:10",
	          key, escrow, m.id) == 0,
	    "returned: %s", out);
	CHECK(h_sh(out, sizeof(out), LEDGER " settle-escrow --tenant demo %s", escrow) == 0,
	    "settled");
	before = transactions();
	h_unique(key, sizeof(key), "lr-late-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s user_cash/%s:-10 "
	                 "escrow/%s:10",
	          key, m.id, escrow) == 1 &&
	        strstr(out, "refused"),
	    "a settled escrow takes nothing: %s", out);
	/* a provider settlement whose figure the ledger does not show */
	{
		char prov[40];

		h_unique(prov, sizeof(prov), "pay");
		CHECK(h_sh(out, sizeof(out), LEDGER " open --tenant demo provider_clearing %s",
		          prov) == 0,
		    "provider: %s", out);
		h_unique(key, sizeof(key), "lr-ps-");
		CHECK(h_sh(out, sizeof(out),
		          LEDGER " provider-settle --tenant demo %s stmt-9 5 %s "
		                 "provider_clearing/%s:100 deposits:-100",
		          prov, key, prov) == 1 &&
		        strstr(out, "refused"),
		    "a settlement that does not match is refused: %s", out);
		CHECK(balance("provider_clearing", prov) == 0, "and nothing was posted");
	}
	CHECK(transactions() == before, "no refused posting wrote a transaction");
	CHECK(balance("team", team) == 200, "the team still holds 2.00");
	CHECK(h_wallet_cash(&m.c) == cash - 200,
	    "the member's cash moved only for the good postings");
	CHECK(h_sh(out, sizeof(out), LEDGER " check --tenant demo") == 0, "ledger check: %s", out);
}

ITEST(t_ledger_kinds_check, "ledger: ledger check finds breaches of the new kinds' invariants")
static void
t_ledger_kinds_check(void)
{
	char prov[40], ghost[37], key[64], sql[1024], out[4096];

	/* a provider statement the clearing account does not match */
	h_unique(prov, sizeof(prov), "pay");
	CHECK(h_sh(out, sizeof(out), LEDGER " open --tenant demo provider_clearing %s", prov) == 0,
	    "provider: %s", out);
	h_unique(key, sizeof(key), "lc-dep-");
	CHECK(h_sh(out, sizeof(out),
	          LEDGER " transfer --tenant demo %s provider_clearing/%s:-700 "
	                 "deposits:700",
	          key, prov) == 0,
	    "deposit: %s", out);
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; INSERT INTO ledger_provider_settlements "
	    "(provider, transaction_id, statement_ref, closing_balance) SELECT '%s', id, 'forged', 0 "
	    "FROM ledger_transactions WHERE idempotency_key = '%s'",
	    prov, key);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "forged statement: %s", out);
	CHECK(h_sh(out, sizeof(out), LEDGER " check --tenant demo") == 1 &&
	        strstr(out, "differs from the provider's settlement") && strstr(out, prov),
	    "ledger check finds the mismatch: %s", out);
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; DELETE FROM ledger_provider_settlements "
	    "WHERE provider = '%s'",
	    prov);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "undo: %s", out);
	/* commissions owed to someone who is not a member */
	new_uuid(ghost);
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; INSERT INTO ledger_accounts (kind, ref) "
	    "VALUES ('commissions_payable', '%s')",
	    ghost);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "stray account: %s", out);
	CHECK(h_sh(out, sizeof(out), LEDGER " check --tenant demo") == 1 &&
	        strstr(out, "not a member") && strstr(out, ghost),
	    "ledger check finds it: %s", out);
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; DELETE FROM ledger_accounts "
	    "WHERE kind = 'commissions_payable' AND ref = '%s'",
	    ghost);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "undo: %s", out);
	/* the brand's role has DML only: it cannot drop the rules */
	CHECK(h_sql(0, out, sizeof(out),
	          "SET ROLE t_demo; ALTER TABLE ledger_accounts "
	          "DROP CONSTRAINT ledger_no_negative_balance") != 0 &&
	        strstr(out, "owner"),
	    "the brand cannot drop a ledger constraint: %s", out);
	CHECK(h_sh(out, sizeof(out), LEDGER " check --tenant demo") == 0, "clean again: %s", out);
}
