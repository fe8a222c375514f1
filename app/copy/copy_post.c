/*
 * "Copy this bet" on a bet post: a one-off copy by an amount or a share of
 * the member's bankroll, sized and capped by exactly the rules of a
 * relationship (copy_decide: fixed_amount or percentage_of_bankroll, the
 * brand's hard cap, cash and stake limits) at the price now on offer. It is
 * one bet placed through bets_place with the key "copy:<original>", so a
 * member holds at most one copy of a bet however it reached them, and one
 * copy_trades row (no relationship, the post instead); the post's copies
 * count moves through its 'copy' interaction.
 *
 * A post about a bet that is itself a copy (bets.copied_from set) offers
 * the original: the new copy is of the trader's bet, sized and capped
 * against it, credited to that trader and keyed by it (so it counts as the
 * member's one copy of the original, however it came). The original's
 * trader cannot copy it, as the author cannot copy their own post's bet.
 */
#include "copy_int.h"

#include <stdio.h>
#include <string.h>

#include "../bets/bets.h"
#include "../db/db.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

static const char *
check_percentage(const char *v)
{
	int64_t bp;

	return money_fixed_parse(v, 2, 10000, &bp) == 0 && bp >= 1
	    ? NULL
	    : "must be a percentage between 0.01 and 100";
}

enum { POST_F_AMOUNT, POST_F_PERCENTAGE, POST_F_COUNT };
const struct http_field copy_post_fields[] = {
	[POST_F_AMOUNT] = { "amount", FT_INT, 0, 1, MONEY_MAX, NULL, NULL, "Amount" },
	[POST_F_PERCENTAGE] = { "percentage", FT_STRING, FF_DECIMAL, 1, 12, NULL, check_percentage,
	    "Percentage" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(copy_post_fields, POST_F_COUNT);

/* The post's bet (the original when it is a copy), its trader, its price
 * now and the member's wallet (cash row locked so the decision and the
 * stake see the same cash). */
enum {
	P_BET,
	P_AUTHOR,
	P_TRADER,
	P_STAKE,
	P_ODDS,
	P_WP,
	P_SPORT,
	P_KIND,
	P_SELECTION,
	P_PRICE,
	P_OPEN,
	P_CASH,
	P_IN_PLAY,
	P_PRIOR,
	P_PRIOR_STATUS
};

static PGresult *
read_post(struct arena *a, const char *post_id, const char *me)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT b.id, p.user_id, b.user_id, b.stake, b.odds, coalesce(b.win_probability, 0), "
	    "b.sport, b.market_kind, b.selection_id, coalesce(s.odds, 0), "
	    "b.status = 'open' AND m.status = 'open' AND e.status = 'scheduled' "
	    "AND e.starts_at > now(), "
	    "(SELECT balance FROM ledger_accounts WHERE user_id = $2 AND kind = 'user_cash' FOR UPDATE), "
	    "(SELECT balance FROM ledger_accounts WHERE user_id = $2 AND kind = 'user_in_play'), "
	    "x.id, x.status "
	    "FROM community_posts p JOIN users u ON u.id = p.user_id "
	    "JOIN bets pb ON pb.id = p.bet_id JOIN bets b ON b.id = coalesce(pb.copied_from, pb.id) "
	    "JOIN selections s ON s.id = b.selection_id "
	    "JOIN markets m ON m.id = b.market_id JOIN events e ON e.id = b.event_id "
	    "LEFT JOIN copy_trades x ON x.follower_id = $2 AND x.original_bet_id = b.id "
	    "WHERE p.id = $1 AND p.moderation_status = 'approved' AND u.status = 'active'",
	    2);

	return db_query(a, &q, DB_P(post_id, me));
}

/* The post's bet as one the member may copy now: 1 with *out read; 0 with
 * the refusal in o (no copy trading, no such post, their own bet, copied
 * already, its market closed); -1 on a database error. */
static int
post_copyable(struct http_req *req, const char *post_id, struct copy_outcome *o, PGresult **out)
{
	PGresult *r;

	if (!req->tenant->copy_trading) {
		copy_refuse(
		    o, 404, "copy_trading_off", "Copy trading is not offered on this site.");
		return 0;
	}
	if (!util_uuid_valid(post_id) || (r = read_post(req->a, post_id, req->user->id)) == NULL ||
	    db_rows(r) == 0) {
		if (util_uuid_valid(post_id) && db_last_rc() != DB_OK)
			return -1;
		copy_refuse(o, 404, "unknown_post", "There is no such bet post.");
		return 0;
	}
	if (strcmp(db_val(r, 0, P_AUTHOR), req->user->id) == 0 ||
	    strcmp(db_val(r, 0, P_TRADER), req->user->id) == 0) {
		copy_refuse(o, 422, "self_copy", "This is your own bet.");
		return 0;
	}
	if (db_val(r, 0, P_PRIOR) != NULL && strcmp(db_val(r, 0, P_PRIOR_STATUS), "placed") == 0) {
		copy_refuse(o, 409, "already_copied", "You have a copy of this bet already.");
		return 0;
	}
	if (strcmp(db_val(r, 0, P_OPEN), "t") != 0 || db_ll(r, 0, P_PRICE) <= 1000) {
		copy_refuse(o, 422, "market_closed",
		    "This bet can no longer be copied: its market is "
		    "closed or its event has started.");
		return 0;
	}
	*out = r;
	return 1;
}

/* Places the copy decided (d) at the price now: BETS_PLACED with *out
 * filled, 0 with the refusal in o, or -1 (the transaction must end). */
static int
post_place(struct http_req *req, const PGresult *r, const struct copy_decision *d,
    struct copy_outcome *o, struct bets_place_out *out)
{
	struct bets_place_req q;
	int rc;

	memset(&q, 0, sizeof(q));
	q.user_id = req->user->id;
	q.selection_id = db_ll(r, 0, P_SELECTION);
	q.stake = d->amount;
	q.odds = (int32_t)db_ll(r, 0, P_PRICE);
	q.accept = BETS_ACCEPT_NONE;
	q.idempotency_key = arena_printf(req->a, "copy:%s", db_val(r, 0, P_BET));
	q.source = BETS_SRC_COPY;
	q.copied_from = db_val(r, 0, P_BET);
	rc = bets_place(req->a, req->tenant, &q, out);
	if (rc == BETS_PLACED)
		return rc;
	if (rc == BETS_DUPLICATE) {
		copy_refuse(o, 409, "already_copied", "You have a copy of this bet already.");
		return 0;
	}
	if (rc < 0 && rc > BETS_ERR_KEY - 1 && rc <= BETS_ERR_SELECTION) {
		copy_refuse(o, 422, "not_placed", bets_place_message(rc));
		return out->aborted ? -1 : 0;
	}
	return -1;
}

/* Records the copy, the post's copy interaction and, when it replaces a
 * skip of a relationship, that relationship's counters. 0 or -1. */
static int
post_record(struct http_req *req, const char *post_id, const PGresult *r,
    const struct copy_original *orig, int64_t bankroll, const struct copy_decision *d,
    const struct bets_place_out *out)
{
	/* A skip recorded by a relationship becomes this copy (the member
	 * chose to take the bet after all); its relationship's counters and
	 * the trader's copied volume follow. */
	static struct db_stmt q_record = DB_STMT(
	    "WITH up AS (INSERT INTO copy_trades AS x (id, post_id, follower_id, trader_id, "
	    "original_bet_id, copy_bet_id, status, copy_amount, copy_ratio, sized, capped_by, "
	    "trader_odds, copy_odds, follower_bankroll) VALUES ($1, $2, $3, $4, $5, $6, 'placed', "
	    "$7::bigint, $8::bigint, $9::bigint, $10, $11::int, $12::int, $14::bigint) "
	    "ON CONFLICT (follower_id, original_bet_id) DO UPDATE "
	    "SET post_id = EXCLUDED.post_id, copy_bet_id = EXCLUDED.copy_bet_id, status = 'placed', "
	    "skip_reason = NULL, copy_amount = EXCLUDED.copy_amount, copy_ratio = EXCLUDED.copy_ratio, "
	    "sized = EXCLUDED.sized, capped_by = EXCLUDED.capped_by, copy_odds = EXCLUDED.copy_odds, "
	    "follower_bankroll = EXCLUDED.follower_bankroll, trader_bankroll = NULL, "
	    "created_at = now() WHERE x.status = 'skipped' "
	    "RETURNING relationship_id, xmax <> 0 AS replaced), "
	    "rel AS (UPDATE copy_trading_relationships r SET copies_skipped = r.copies_skipped - 1, "
	    "copies_placed = r.copies_placed + 1, total_copied_amount = r.total_copied_amount + $7::bigint "
	    "FROM up WHERE up.replaced AND r.id = up.relationship_id), "
	    "vol AS (UPDATE users u SET copied_volume = u.copied_volume + $7::bigint "
	    "FROM up WHERE up.replaced AND u.id = $4) "
	    "INSERT INTO post_interactions (id, user_id, post_id, interaction_type) "
	    "SELECT $13, $3, $2, 'copy' FROM up "
	    "ON CONFLICT (user_id, post_id, interaction_type) DO NOTHING",
	    14);
	char ct[UUID_STRLEN + 1], pi[UUID_STRLEN + 1], amt[24], ratio[24], sized[24], tod[16],
	    cod[16], bank[24];

	util_uuid7(ct);
	util_uuid7(pi);
	snprintf(amt, sizeof(amt), "%lld", (long long)d->amount);
	snprintf(ratio, sizeof(ratio), "%lld", (long long)copy_ratio_bp(d->amount, orig->stake));
	snprintf(sized, sizeof(sized), "%lld", (long long)d->sized);
	snprintf(tod, sizeof(tod), "%d", orig->odds);
	snprintf(cod, sizeof(cod), "%d", out->odds);
	snprintf(bank, sizeof(bank), "%lld", (long long)bankroll);
	return db_cmd(req->a, &q_record,
	           DB_P(ct, post_id, req->user->id, db_val(r, 0, P_TRADER), db_val(r, 0, P_BET),
	               out->bet_id, amt, ratio, sized, d->capped_by, tod, cod, pi, bank)) < 0
	    ? -1
	    : 0;
}

int
copy_from_post(struct http_req *req, const char *post_id, int64_t amount, int32_t pct_bp,
    struct copy_outcome *o, struct copy_post_result *res)
{
	const struct tenancy_tenant *t = req->tenant;
	struct copy_limits lim = { t->copy_hard_cap_bp, t->min_stake, t->max_stake };
	struct copy_state st = { 0, 0, 0, 0, 0, 0 };
	struct copy_settings s;
	struct copy_original orig;
	struct copy_follower f;
	struct copy_decision d;
	struct bets_place_out out;
	PGresult *r;
	int rc;

	memset(o, 0, sizeof(*o));
	memset(res, 0, sizeof(*res));
	if ((rc = post_copyable(req, post_id, o, &r)) <= 0)
		return rc;
	/* the one-off is a copy by a fixed amount or a percentage, under the
	 * same caps as a relationship's */
	copy_settings_defaults(&s);
	if (amount > 0) {
		s.mode = COPY_FIXED_AMOUNT;
		s.fixed_amount = amount;
	} else {
		s.mode = COPY_PERCENTAGE;
		s.percentage_bp = pct_bp;
	}
	orig = (struct copy_original){ db_ll(r, 0, P_STAKE), (int32_t)db_ll(r, 0, P_ODDS),
		(int32_t)db_ll(r, 0, P_WP), db_val(r, 0, P_SPORT), db_val(r, 0, P_KIND), 0 };
	f.cash = db_ll(r, 0, P_CASH);
	f.bankroll = f.cash + db_ll(r, 0, P_IN_PLAY);
	copy_decide(&s, &lim, &orig, (int32_t)db_ll(r, 0, P_PRICE), &st, &f, &d);
	if (d.skip != COPY_OK) {
		copy_refuse(o, 422, copy_skip_name(d.skip), copy_skip_label(d.skip));
		return 0;
	}
	if ((rc = post_place(req, r, &d, o, &out)) != BETS_PLACED)
		return rc;
	if (post_record(req, post_id, r, &orig, f.bankroll, &d, &out) != 0)
		return -1;
	snprintf(res->bet_id, sizeof(res->bet_id), "%s", out.bet_id);
	res->amount = d.amount;
	res->asked = d.sized;
	res->bankroll = f.bankroll;
	res->odds = out.odds;
	res->capped_by = d.capped_by;
	o->status = 201;
	return 0;
}

struct tg_err
copy_post_bet(struct http_req *req, const char *post_id, int64_t amount, int32_t pct_bp,
    struct copy_post_result *res)
{
	struct copy_outcome o;

	if (copy_from_post(req, post_id, amount, pct_bp, &o, res) != 0)
		return TG_ERR(TG_INTERNAL, NULL, NULL);
	if (o.status == 201)
		return TG_OK_VAL;
	return TG_ERR(tg_code_of_status(o.status), o.code, o.msg);
}

/* Exactly one of amount (minor units) and percentage: JSON's rule, where a
 * member sent, even empty, is given. */
static int
sizing(struct http_req *req, int64_t *amount, int32_t *pct)
{
	const struct http_value *v = http_vals(req, copy_post_fields);
	const struct http_value *a = &v[POST_F_AMOUNT], *p = &v[POST_F_PERCENTAGE];
	int64_t bp = 0;

	*amount = a->present ? a->num : 0;
	*pct = 0;
	if (p->present && money_fixed_parse(p->str, 2, 10000, &bp) == 0)
		*pct = (int32_t)bp;
	if (a->present == p->present) {
		http_field_error(
		    req, "amount", "give either an amount or a percentage of your bankroll");
		return -1;
	}
	return 0;
}

int
copy_api_post_copy(struct http_req *req)
{
	struct copy_post_result res;
	struct tg_err e;
	int64_t amount;
	int32_t pct;

	if (sizing(req, &amount, &pct) != 0)
		return web_error(req, 422, "some fields are not valid");
	e = copy_post_bet(req, http_param(req, "post_id"), amount, pct, &res);
	if (e.code != TG_OK)
		return web_refuse(req, e);
	return web_json(req, 201,
	    json_pack("{s:s, s:I, s:I, s:I, s:f, s:s?, s:s}", "copy_bet_id", res.bet_id,
	        "copy_amount", (json_int_t)res.amount, "asked_amount", (json_int_t)res.asked,
	        "follower_bankroll", (json_int_t)res.bankroll, "odds", res.odds / 1000.0,
	        "capped_by", res.capped_by, "currency", req->tenant->currency));
}
