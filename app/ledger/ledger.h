/*
 * ledger: every cent in a double-entry ledger (ARCHITECTURE.md).
 *
 * A movement of money is one ledger transaction: a kind, an idempotency key
 * (unique, so a retry or a second submission never posts twice) and legs
 * that sum to zero. Legs name accounts by kind and owner: each member has
 * `user_cash` and `user_in_play`; the tenant has `house`, `deposits`,
 * `adjustments` and `bonuses`. PostgreSQL enforces the rest
 * (migrations/tenant/0003_ledger.sql): entries are immutable, each
 * transaction sums to zero at commit, balances move with their entries, and
 * a member's balances can never go negative.
 */
#ifndef TG_LEDGER_H
#define TG_LEDGER_H

#include <stdio.h>

#include "../core/core.h"
#include "../http/http.h"

struct ledger_leg {
	const char *kind;    /* account kind */
	const char *user_id; /* the account's owner (ledger_kind_owner): the member for
	                        * user_* kinds, the escrow's or team's uuid, the provider's
	                        * slug, the payee member's uuid for commissions_payable;
	                        * NULL for the tenant's singletons */
	int64_t amount;      /* minor units, non-zero; the legs sum to zero */
};

/*
 * Account kinds and their owners (migrations/tenant/0026_ledger_account_kinds.sql,
 * docs/ledger.md). Members have user_cash and user_in_play; the tenant has
 * one each of house, deposits, adjustments, bonuses and platform_revenue;
 * escrow and team accounts belong to a uuid, provider_clearing to a
 * provider's slug, commissions_payable to the member they are owed to.
 */
enum ledger_owner {
	LEDGER_OWNER_NONE,   /* the tenant's singleton */
	LEDGER_OWNER_MEMBER, /* a member's wallet (ledger_accounts.user_id) */
	LEDGER_OWNER_UUID,   /* escrow, team, commissions_payable (ledger_accounts.ref) */
	LEDGER_OWNER_SLUG,   /* provider_clearing (ledger_accounts.ref) */
};
/* Pure: the owner a kind takes, or -1 for an unknown kind. */
int ledger_kind_owner(const char *kind);
/* Pure: may an account of this kind go below zero? (-1: unknown kind) */
int ledger_kind_may_go_negative(const char *kind);
/* Pure: does (kind, owner) name an account? NULL or the reason. */
const char *ledger_account_check(const char *kind, const char *owner);

enum {
	LEDGER_POSTED = 1,
	LEDGER_DUPLICATE = 0,      /* the key was used before: nothing posted */
	LEDGER_INSUFFICIENT = -10, /* a member's balance would go negative */
	LEDGER_INVALID = -11,      /* legs do not balance or name no account */
};

/* Posts in the current transaction. After LEDGER_INSUFFICIENT or a DB error
 * the transaction is aborted and must be rolled back. */
int ledger_post(struct arena *, const char *kind, const char *idempotency_key, const char *memo,
    const char *actor_id, const struct ledger_leg *legs, size_t n);
/* Many transactions in two statements (settlement of thousands of bets).
 * Each is posted unless its key was used before; id is set to the new
 * transaction's id, or 0 for a duplicate. Transactions get ids in array
 * order. Returns the number posted, LEDGER_INVALID (nothing posted when any
 * transaction is invalid; a leg naming no account is found by PostgreSQL, and
 * then the transaction is aborted too), LEDGER_INSUFFICIENT or a DB error;
 * after the last two the transaction is aborted. */
struct ledger_txn {
	const char *kind, *key, *memo, *actor_id;
	const struct ledger_leg *legs;
	size_t n;
	long long id;
};
int ledger_post_many(struct arena *, struct ledger_txn *, size_t n);
/* Pure: do the legs balance and name valid accounts? NULL or the reason. */
const char *ledger_legs_check(const struct ledger_leg *legs, size_t n);
/* Opens the account (kind, owner) if missing and sets *id (may be NULL):
 * DB_OK, LEDGER_INVALID for a kind/owner that names no account (nothing
 * written), or a DB error. A member's wallet opens with ledger_open_wallet. */
int ledger_account_open(struct arena *, const char *kind, const char *owner, long long *id);
/* Finds the account: 1 (id and balance set; either may be NULL), 0 when
 * there is none, LEDGER_INVALID or a DB error. */
int ledger_account_find(
    struct arena *, const char *kind, const char *owner, long long *id, int64_t *balance);
/* Settles an escrow: from now on its balance is zero for good. DB_OK,
 * LEDGER_INVALID (no such escrow, already settled, or money still in it:
 * nothing changed), or a DB error. */
int ledger_escrow_settle(struct arena *, const char *escrow);
/* A payment provider's settlement statement: posts the legs as one
 * `provider_settlement` transaction (they must move the provider's clearing
 * account) and records that afterwards the clearing account stands at
 * closing_balance, which `ledger check` verifies from then on. LEDGER_POSTED,
 * LEDGER_DUPLICATE (the key was used: nothing posted), LEDGER_INVALID (the
 * legs do not balance, miss the clearing account, or the clearing account
 * would not stand at closing_balance; the transaction is aborted when the
 * ledger had written anything), LEDGER_INSUFFICIENT or a DB error. */
int ledger_provider_settle(struct arena *, const char *provider, const char *statement_ref,
    const char *key, const char *actor, const struct ledger_leg *legs, size_t n,
    int64_t closing_balance);
/* Creates the member's accounts if missing. */
int ledger_open_wallet(struct arena *, const char *user_id);
/* A new member's play-money credit (no-op for 0), idempotent per member. */
int ledger_signup_credit(struct arena *, const char *user_id, int64_t amount);
int ledger_balance(struct arena *, const char *user_id, int64_t *cash, int64_t *in_play);

/* Pure: one leg from KIND[/OWNER]:AMOUNT (strings in the arena). 0 or -1. */
int ledger_leg_parse(struct arena *, const char *, struct ledger_leg *);
/* `tailgate ledger open|balance|transfer|settle-escrow|provider-settle` with
 * argv[0] the subcommand, in the tenant transaction the caller opened and
 * commits when this returns 0; messages to out. Exit status. */
int ledger_cli(struct arena *, int argc, char **argv, FILE *out);

/* Every invariant for the tenant whose transaction is open; problems are
 * printed to out. Returns the number of breaches, or -1 on a DB error. */
int ledger_check(struct arena *, const char *tenant, FILE *out);

/* `tailgate ledger check|open|balance|transfer|settle-escrow|provider-settle` (ledger_cli.c). */
int ledger_cmd(int argc, char **argv);

/* The module's routes, job kinds and commands (ledger_module.c; app/app.c lists it). */
struct app_module;
extern const struct app_module ledger_module;

/* The header's cash badge (ledger_layout.c): at start-up, adds the balance
 * to the session's query and registers the layout hook. 0 or -1. */
struct http_req;
struct render_dict;
int ledger_layout_init(void);
void ledger_layout_vars(struct http_req *, struct render_dict *);

#endif
