/* Posting, wallets and balances. */
#include "ledger.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"

/* Every kind, its owner and whether it may go below zero (PostgreSQL
 * enforces the same: migrations/tenant/0003 and 0026). */
static const struct kind {
	const char *name;
	enum ledger_owner owner;
	int may_go_negative;
} kinds[] = {
	{ "user_cash", LEDGER_OWNER_MEMBER, 0 },
	{ "user_in_play", LEDGER_OWNER_MEMBER, 0 },
	{ "house", LEDGER_OWNER_NONE, 1 },
	{ "deposits", LEDGER_OWNER_NONE, 1 },
	{ "adjustments", LEDGER_OWNER_NONE, 1 },
	{ "bonuses", LEDGER_OWNER_NONE, 1 },
	{ "platform_revenue", LEDGER_OWNER_NONE, 0 },
	{ "escrow", LEDGER_OWNER_UUID, 0 },
	{ "team", LEDGER_OWNER_UUID, 0 },
	{ "provider_clearing", LEDGER_OWNER_SLUG, 1 },
	{ "commissions_payable", LEDGER_OWNER_UUID, 0 },
};

static const struct kind *
kind_of(const char *name)
{
	for (size_t k = 0; name != NULL && k < TG_NELEM(kinds); k++)
		if (strcmp(name, kinds[k].name) == 0)
			return &kinds[k];
	return NULL;
}

int
ledger_kind_owner(const char *name)
{
	const struct kind *k = kind_of(name);

	return k != NULL ? (int)k->owner : -1;
}

int
ledger_kind_may_go_negative(const char *name)
{
	const struct kind *k = kind_of(name);

	return k != NULL ? k->may_go_negative : -1;
}

const char *
ledger_account_check(const char *name, const char *owner)
{
	const struct kind *k = kind_of(name);

	if (k == NULL)
		return "unknown account kind";
	switch (k->owner) {
	case LEDGER_OWNER_NONE:
		return owner == NULL ? NULL : "the tenant's accounts have no owner";
	case LEDGER_OWNER_MEMBER:
		return owner != NULL && util_uuid_valid(owner) ? NULL
		                                               : "member accounts need a member";
	case LEDGER_OWNER_UUID:
		return owner != NULL && util_uuid_valid(owner)
		    ? NULL
		    : "escrow, team and commission accounts need a uuid";
	case LEDGER_OWNER_SLUG:
		return owner != NULL && util_slug_valid(owner)
		    ? NULL
		    : "provider clearing accounts need a provider's slug";
	}
	return "unknown account kind";
}

const char *
ledger_legs_check(const struct ledger_leg *legs, size_t n)
{
	int64_t sum = 0;

	if (n < 2)
		return "a transaction needs at least two legs";
	for (size_t i = 0; i < n; i++) {
		const char *why = ledger_account_check(legs[i].kind, legs[i].user_id);

		if (why != NULL)
			return why;
		if (legs[i].amount == 0 || legs[i].amount > MONEY_MAX ||
		    legs[i].amount < -MONEY_MAX)
			return "every leg moves a non-zero amount within limits";
		sum += legs[i].amount;
	}
	return sum == 0 ? NULL : "legs do not sum to zero";
}

/* What ledger_post_many returns when its statement failed. */
static int
post_failed(void)
{
	/* an unbalanced statement (a leg naming an account that does not
	 * exist wrote nothing) is the caller's mistake, not an incident */
	return strcmp(db_constraint(), "ledger_no_negative_user_balance") == 0 ||
	        strcmp(db_constraint(), "ledger_no_negative_balance") == 0
	    ? LEDGER_INSUFFICIENT
	    : strcmp(db_sqlstate(), "23514") == 0 ? LEDGER_INVALID
	                                          : db_last_rc();
}

/* The ids of the posted transactions (rows of r: id, key) into t[0..n).
 * Returns the number of entries they should have written. */
static long long
post_match(const PGresult *r, struct ledger_txn *t, size_t n)
{
	long long want = 0;
	size_t at = 0;

	/* RETURNING order is not promised: match ids to keys, each search
	 * starting after the last match (the rows come in order in practice, so
	 * a settlement's 10,000 postings match in one pass, not 50,000,000). */
	for (int k = 0; k < db_rows(r); k++) {
		const char *key = db_val(r, k, 1);

		for (size_t s = 0; s < n; s++) {
			size_t i = (at + s) % n;

			if (t[i].id == 0 && strcmp(t[i].key, key) == 0) {
				t[i].id = db_ll(r, k, 0);
				want += (long long)t[i].n;
				at = i + 1;
				break;
			}
		}
	}
	return want;
}

int
ledger_post_many(struct arena *a, struct ledger_txn *t, size_t n)
{
	/* One round trip: the transactions whose keys are new, then the entries
	 * of exactly those (a duplicate key inserts nothing, so its legs join
	 * nothing), and the number of entries written. */
	/* Planned for each call (DB_STMT_CUSTOM): the generic plan a connection
	 * settles on assumes ten rows per unnest and joins the entries to the new
	 * transactions by a nested loop, quadratic in a fan-out's or a
	 * settlement's thousands (1,000 copies: 142 ms against 75 ms planned). */
	static struct db_stmt q = DB_STMT_CUSTOM(
	    "WITH x AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[]) "
	    "WITH ORDINALITY AS x (kind, key, memo, actor, n)), "
	    "t AS (INSERT INTO ledger_transactions (kind, idempotency_key, memo, actor_id) "
	    "SELECT kind, key, memo, actor FROM x ORDER BY n "
	    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key), "
	    "e AS (INSERT INTO ledger_entries (transaction_id, account_id, amount) "
	    "SELECT t.id, a.id, l.amount "
	    "FROM unnest($5::text[], $6::text[], $7::text[], $8::bigint[]) WITH ORDINALITY "
	    "AS l (key, kind, owner, amount, n) "
	    "JOIN t ON t.idempotency_key = l.key "
	    /* each branch is one probe of a partial unique index, or none when
	     * its one-time filter on the leg fails (the owner is a member's id,
	     * a ref or nothing: ledger_account_check); IS NOT DISTINCT FROM
	     * would scan every account */
	    "CROSS JOIN LATERAL (SELECT id FROM ledger_accounts "
	    "WHERE l.kind IN ('user_cash', 'user_in_play') AND user_id = "
	    "CASE WHEN l.kind IN ('user_cash', 'user_in_play') THEN l.owner::uuid END "
	    "AND kind = l.kind UNION ALL "
	    "SELECT id FROM ledger_accounts WHERE l.owner IS NULL AND user_id IS NULL "
	    "AND ref IS NULL AND kind = l.kind UNION ALL "
	    "SELECT id FROM ledger_accounts WHERE l.kind NOT IN ('user_cash', 'user_in_play') "
	    "AND ref = l.owner AND kind = l.kind) a "
	    "ORDER BY l.n RETURNING 1) "
	    "SELECT t.id, t.idempotency_key, (SELECT count(*) FROM e) FROM t",
	    8);
	struct buf c[8];
	PGresult *r;
	long long want;
	int posted, rc;

	for (size_t i = 0; i < n; i++) {
		t[i].id = 0;
		if (ledger_legs_check(t[i].legs, t[i].n) != NULL || t[i].key == NULL)
			return LEDGER_INVALID;
	}
	for (size_t i = 0; i < TG_NELEM(c); i++) {
		buf_init(&c[i]);
		db_arr_begin(&c[i]);
	}
	for (size_t i = 0; i < n; i++) {
		db_arr_str(&c[0], t[i].kind);
		db_arr_str(&c[1], t[i].key);
		db_arr_str(&c[2], t[i].memo ? t[i].memo : "");
		db_arr_str(&c[3], t[i].actor_id);
		for (size_t l = 0; l < t[i].n; l++) {
			db_arr_str(&c[4], t[i].key);
			db_arr_str(&c[5], t[i].legs[l].kind);
			db_arr_str(&c[6], t[i].legs[l].user_id);
			db_arr_int(&c[7], t[i].legs[l].amount, 0);
		}
	}
	r = db_query(a, &q,
	    DB_P(db_arr_end(&c[0]), db_arr_end(&c[1]), db_arr_end(&c[2]), db_arr_end(&c[3]),
	        db_arr_end(&c[4]), db_arr_end(&c[5]), db_arr_end(&c[6]), db_arr_end(&c[7])));
	for (size_t i = 0; i < TG_NELEM(c); i++)
		buf_free(&c[i]);
	if (r == NULL)
		return post_failed();
	posted = db_rows(r);
	want = post_match(r, t, n);
	/* a leg that named an account that does not exist matched nothing */
	rc = posted == 0 || db_ll(r, 0, 2) == want ? posted : LEDGER_INVALID;
	return rc;
}

int
ledger_post(struct arena *a, const char *kind, const char *key, const char *memo, const char *actor,
    const struct ledger_leg *legs, size_t n)
{
	struct ledger_txn t = { kind, key, memo, actor, legs, n, 0 };
	int rc = ledger_post_many(a, &t, 1);

	return rc == 1 ? LEDGER_POSTED : rc == 0 ? LEDGER_DUPLICATE : rc;
}

int
ledger_open_wallet(struct arena *a, const char *user_id)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO ledger_accounts (kind, user_id) VALUES ('user_cash', $1), ('user_in_play', $1) "
	    "ON CONFLICT (user_id, kind) WHERE user_id IS NOT NULL DO NOTHING",
	    1);

	return db_cmd(a, &q, DB_P(user_id)) < 0 ? db_last_rc() : DB_OK;
}

int
ledger_signup_credit(struct arena *a, const char *user_id, int64_t amount)
{
	struct ledger_leg legs[2] = {
		{ "bonuses", NULL, -amount },
		{ "user_cash", user_id, amount },
	};
	int rc;

	if (amount <= 0)
		return DB_OK;
	rc = ledger_post(a, "signup_credit", arena_printf(a, "signup:%s", user_id),
	    "Welcome credit", NULL, legs, 2);
	return rc == LEDGER_POSTED || rc == LEDGER_DUPLICATE ? DB_OK : DB_ERR;
}

int
ledger_balance(struct arena *a, const char *user_id, int64_t *cash, int64_t *in_play)
{
	static struct db_stmt q =
	    DB_STMT("SELECT coalesce(sum(balance) FILTER (WHERE kind = 'user_cash'), 0), "
	            "coalesce(sum(balance) FILTER (WHERE kind = 'user_in_play'), 0) "
	            "FROM ledger_accounts WHERE user_id = $1",
	        1);
	PGresult *r = db_query(a, &q, DB_P(user_id));

	if (r == NULL)
		return db_last_rc();
	*cash = db_ll(r, 0, 0);
	*in_play = db_ll(r, 0, 1);
	return DB_OK;
}

/* ---- accounts beyond members (migrations/tenant/0026) ---- */

int
ledger_account_open(struct arena *a, const char *kind, const char *owner, long long *id)
{
	/* a member's wallet opens whole (ledger_open_wallet); a tenant's
	 * singleton exists from its migration and is only found */
	static struct db_stmt q =
	    DB_STMT("WITH n AS (INSERT INTO ledger_accounts (kind, ref) SELECT $1::text, $2::text "
	            "WHERE $2::text IS NOT NULL "
	            "ON CONFLICT (kind, ref) WHERE ref IS NOT NULL DO NOTHING RETURNING id) "
	            "SELECT id FROM n UNION ALL SELECT id FROM ledger_accounts WHERE kind = $1 "
	            "AND ref IS NOT DISTINCT FROM $2::text AND user_id IS NULL LIMIT 1",
	        2);
	PGresult *r;

	if (ledger_account_check(kind, owner) != NULL ||
	    ledger_kind_owner(kind) == LEDGER_OWNER_MEMBER)
		return LEDGER_INVALID;
	if ((r = db_query(a, &q, DB_P(kind, owner))) == NULL)
		return db_last_rc();
	if (db_rows(r) == 0)
		return LEDGER_INVALID;
	if (id != NULL)
		*id = db_ll(r, 0, 0);
	return DB_OK;
}

int
ledger_account_find(
    struct arena *a, const char *kind, const char *owner, long long *id, int64_t *balance)
{
	/* two statements: a constant that is no uuid cannot meet a cast to one */
	static struct db_stmt q_member = DB_STMT(
	    "SELECT id, balance FROM ledger_accounts WHERE kind = $1 AND user_id = $2::uuid", 2);
	static struct db_stmt q_other =
	    DB_STMT("SELECT id, balance FROM ledger_accounts WHERE kind = $1 AND user_id IS NULL "
	            "AND ref IS NOT DISTINCT FROM $2::text",
	        2);
	PGresult *r;

	if (ledger_account_check(kind, owner) != NULL)
		return LEDGER_INVALID;
	r = db_query(a, ledger_kind_owner(kind) == LEDGER_OWNER_MEMBER ? &q_member : &q_other,
	    DB_P(kind, owner));
	if (r == NULL)
		return db_last_rc();
	if (db_rows(r) == 0)
		return 0;
	if (id != NULL)
		*id = db_ll(r, 0, 0);
	if (balance != NULL)
		*balance = db_ll(r, 0, 1);
	return 1;
}

int
ledger_escrow_settle(struct arena *a, const char *escrow)
{
	/* the row lock orders this after any posting in flight */
	static struct db_stmt q = DB_STMT(
	    "UPDATE ledger_accounts SET settled_at = now() WHERE kind = 'escrow' AND ref = $1 "
	    "AND settled_at IS NULL AND balance = 0",
	    1);
	long long n;

	if (ledger_account_check("escrow", escrow) != NULL)
		return LEDGER_INVALID;
	if ((n = db_cmd(a, &q, DB_P(escrow))) < 0)
		return (int)n;
	return n == 1 ? DB_OK : LEDGER_INVALID;
}

int
ledger_provider_settle(struct arena *a, const char *provider, const char *statement_ref,
    const char *key, const char *actor, const struct ledger_leg *legs, size_t n,
    int64_t closing_balance)
{
	/* The statement is recorded only when the clearing account stands at
	 * the provider's figure after the posting (no row: a mismatch). */
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO ledger_provider_settlements (provider, transaction_id, statement_ref, "
	    "closing_balance) SELECT $1, t.id, $3, $4::bigint FROM ledger_transactions t "
	    "JOIN ledger_accounts c ON c.kind = 'provider_clearing' AND c.ref = $1 "
	    "WHERE t.idempotency_key = $2 AND c.balance = $4::bigint",
	    4);
	char closing[24];
	size_t i;
	int rc;
	long long rows;

	if (!util_slug_valid(provider) || statement_ref == NULL || statement_ref[0] == '\0' ||
	    strlen(statement_ref) > 200 || closing_balance > MONEY_MAX ||
	    closing_balance < -MONEY_MAX)
		return LEDGER_INVALID;
	for (i = 0; i < n; i++)
		if (strcmp(legs[i].kind, "provider_clearing") == 0 && legs[i].user_id != NULL &&
		    strcmp(legs[i].user_id, provider) == 0)
			break;
	if (i == n)
		return LEDGER_INVALID;
	rc = ledger_post(a, "provider_settlement", key, "Provider settlement", actor, legs, n);
	if (rc != LEDGER_POSTED)
		return rc;
	snprintf(closing, sizeof(closing), "%lld", (long long)closing_balance);
	if ((rows = db_cmd(a, &q, DB_P(provider, key, statement_ref, closing))) < 0)
		return (int)rows;
	return rows == 1 ? LEDGER_POSTED : LEDGER_INVALID;
}
