/* Posting, wallets and balances. */
#include "ledger.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"

static const char *const kinds[] = { "user_cash", "user_in_play", "house", "deposits",
	"adjustments", "bonuses" };

static int
is_user_kind(const char *k)
{
	return strcmp(k, "user_cash") == 0 || strcmp(k, "user_in_play") == 0;
}

const char *
ledger_legs_check(const struct ledger_leg *legs, size_t n)
{
	int64_t sum = 0;

	if (n < 2)
		return "a transaction needs at least two legs";
	for (size_t i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < TG_NELEM(kinds); k++)
			if (legs[i].kind != NULL && strcmp(legs[i].kind, kinds[k]) == 0)
				break;
		if (k == TG_NELEM(kinds))
			return "unknown account kind";
		if (is_user_kind(legs[i].kind) != (legs[i].user_id != NULL) ||
		    (legs[i].user_id != NULL && !util_uuid_valid(legs[i].user_id)))
			return "member accounts need a member, tenant accounts none";
		if (legs[i].amount == 0 || legs[i].amount > MONEY_MAX || legs[i].amount < -MONEY_MAX)
			return "every leg moves a non-zero amount within limits";
		sum += legs[i].amount;
	}
	return sum == 0 ? NULL : "legs do not sum to zero";
}

int
ledger_post(struct arena *a, const char *kind, const char *key, const char *memo,
    const char *actor, const struct ledger_leg *legs, size_t n)
{
	static struct db_stmt q_tx = DB_STMT(
	    "INSERT INTO ledger_transactions (kind, idempotency_key, memo, actor_id) "
	    "VALUES ($1, $2, $3, $4) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id", 4);
	static struct db_stmt q_entries = DB_STMT(
	    "INSERT INTO ledger_entries (transaction_id, account_id, amount) "
	    "SELECT $1::bigint, a.id, x.amount "
	    "FROM unnest($2::text[], $3::uuid[], $4::bigint[]) WITH ORDINALITY AS x (kind, user_id, amount, n) "
	    "JOIN ledger_accounts a ON a.kind = x.kind AND a.user_id IS NOT DISTINCT FROM x.user_id "
	    "ORDER BY x.n", 4);
	struct buf k, u, m;
	PGresult *r;
	long long rows;

	if (ledger_legs_check(legs, n) != NULL)
		return LEDGER_INVALID;
	if ((r = db_query(a, &q_tx, DB_P(kind, key, memo ? memo : "", actor))) == NULL)
		return db_last_rc();
	if (db_rows(r) == 0)
		return LEDGER_DUPLICATE;
	/* Array literals of validated values: kinds from the fixed list, UUIDs
	 * checked, integers printed by us. */
	buf_init(&k);
	buf_init(&u);
	buf_init(&m);
	for (size_t i = 0; i < n; i++) {
		buf_printf(&k, "%s%s", i ? "," : "{", legs[i].kind);
		buf_printf(&u, "%s%s", i ? "," : "{", legs[i].user_id ? legs[i].user_id : "NULL");
		buf_printf(&m, "%s%lld", i ? "," : "{", (long long)legs[i].amount);
	}
	buf_puts(&k, "}");
	buf_puts(&u, "}");
	buf_puts(&m, "}");
	rows = db_cmd(a, &q_entries, DB_P(db_val(r, 0, 0), k.p, u.p, m.p));
	buf_free(&k);
	buf_free(&u);
	buf_free(&m);
	if (rows < 0)
		return strcmp(db_constraint(), "ledger_no_negative_user_balance") == 0
		    ? LEDGER_INSUFFICIENT : (int)rows;
	/* A leg whose account does not exist (no wallet) matched nothing. */
	return rows == (long long)n ? LEDGER_POSTED : LEDGER_INVALID;
}

int
ledger_open_wallet(struct arena *a, const char *user_id)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO ledger_accounts (kind, user_id) VALUES ('user_cash', $1), ('user_in_play', $1) "
	    "ON CONFLICT (user_id, kind) WHERE user_id IS NOT NULL DO NOTHING", 1);

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
	static struct db_stmt q = DB_STMT(
	    "SELECT coalesce(sum(balance) FILTER (WHERE kind = 'user_cash'), 0), "
	    "coalesce(sum(balance) FILTER (WHERE kind = 'user_in_play'), 0) "
	    "FROM ledger_accounts WHERE user_id = $1", 1);
	PGresult *r = db_query(a, &q, DB_P(user_id));

	if (r == NULL)
		return db_last_rc();
	*cash = db_ll(r, 0, 0);
	*in_play = db_ll(r, 0, 1);
	return DB_OK;
}
