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
	const char *kind;      /* account kind */
	const char *user_id;   /* owner for user_* kinds, NULL for the tenant's accounts */
	int64_t amount;        /* minor units, non-zero; the legs sum to zero */
};

enum {
	LEDGER_POSTED = 1,
	LEDGER_DUPLICATE = 0,        /* the key was used before: nothing posted */
	LEDGER_INSUFFICIENT = -10,   /* a member's balance would go negative */
	LEDGER_INVALID = -11,        /* legs do not balance or name no account */
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
/* Creates the member's accounts if missing. */
int ledger_open_wallet(struct arena *, const char *user_id);
/* A new member's play-money credit (no-op for 0), idempotent per member. */
int ledger_signup_credit(struct arena *, const char *user_id, int64_t amount);
int ledger_balance(struct arena *, const char *user_id, int64_t *cash, int64_t *in_play);

/* Every invariant for the tenant whose transaction is open; problems are
 * printed to out. Returns the number of breaches, or -1 on a DB error. */
int ledger_check(struct arena *, const char *tenant, FILE *out);

/* `tailgate ledger check` (ledger_cli.c). */
int ledger_cmd_check(int argc, char **argv);

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
