/*
 * "What if I had copied this trader since ...": the trader's stored history
 * replayed through copy_simulate() (docs/copy.md, "Simulation over stored
 * history"). Shared by POST /social/copy-trading/simulate and the Simulate
 * button of the settings form; nothing here writes.
 *
 * The history is the trader's settled bets placed since a UTC day, the
 * newest COPY_SIM_MAX_BETS of them, copies of other members left out (the
 * engine never copies a copy). Proportional sizing needs the trader's
 * bankroll before each stake, which bets do not store: it is read back from
 * the ledger, as the sum of every entry on the trader's cash and in-play
 * accounts in transactions up to the bet's own stake transaction (which
 * moves cash into play and so leaves the sum alone). That is the figure the
 * engine passes for a live bet (cash + in play before the stake). Ledger
 * transaction ids follow commit order, which the seed respects too (it
 * replays its year in time order), so timestamps are never compared.
 */
#include "copy_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "../ledger/ledger.h"
#include "../tenancy/tenancy.h"

/* ---- the day asked ---- */

/* "YYYY-MM-DD" as 00:00 UTC of that day: 0, or -1 when it is not a real day. */
static int
parse_day(const char *s, int64_t *out)
{
	struct tm tm;
	time_t t;
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	t = timegm(&tm);
	/* timegm normalises 2026-02-30 into March: a changed day was not real */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

const char *
copy_check_since(const char *v)
{
	int64_t day;

	if (parse_day(v, &day) != 0)
		return "must be a date written YYYY-MM-DD";
	if (day > (int64_t)time(NULL))
		return "must not be in the future";
	return NULL;
}

/* ---- reads ---- */

/* The trader exists and neither blocks the other: 0, 1 (field error), -1. */
static int
trader_known(struct http_req *req, const char *trader_id)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT 1 FROM users u WHERE u.id = $1 AND NOT EXISTS (SELECT 1 FROM user_relationships b "
	    "WHERE b.relationship_type = 'block' AND ((b.follower_id = $2 AND b.following_id = u.id) "
	    "OR (b.follower_id = u.id AND b.following_id = $2)))",
	    2);
	PGresult *r;

	if (util_uuid_valid(trader_id)) {
		if ((r = db_query(req->a, &q, DB_P(trader_id, req->user->id))) == NULL)
			return -1;
		if (db_rows(r) == 1)
			return 0;
	}
	http_field_error(req, "trader_id", "is not a member here");
	return 1;
}

/* Oldest first, one more than the cap so that a cut shows; columns H_*. */
enum { H_STAKE, H_ODDS, H_PROB, H_SPORT, H_KIND, H_STATUS, H_PLACED, H_SETTLED, H_BANK };

static PGresult *
history(struct arena *a, const char *trader_id, const char *since)
{
	/* w: the trader's entries and, after the entries of each stake
	 * transaction, a marker for its bet; a running sum in that order gives
	 * each marker the bankroll before the stake, in one pass. */
	static struct db_stmt q = DB_STMT(
	    "WITH b AS (SELECT id, stake, odds, coalesce(win_probability, 0) AS p, sport, market_kind, "
	    "  status, placed_at, extract(epoch FROM placed_at)::bigint AS placed, "
	    "  extract(epoch FROM settled_at)::bigint AS settled FROM bets "
	    "  WHERE user_id = $1 AND status <> 'open' AND source <> 'copy' "
	    "  AND placed_at >= ($2::date::timestamp AT TIME ZONE 'UTC') "
	    "  ORDER BY placed_at DESC, id DESC LIMIT $3::int), "
	    "s AS (SELECT b.id, t.id AS tx FROM b JOIN ledger_transactions t "
	    "  ON t.idempotency_key = 'bet:' || b.id || ':stake'), "
	    "w AS (SELECT e.transaction_id AS tx, e.amount, NULL::uuid AS bet FROM ledger_entries e "
	    "  JOIN ledger_accounts a ON a.id = e.account_id WHERE a.user_id = $1 "
	    "  AND a.kind IN ('user_cash', 'user_in_play') "
	    "  AND e.transaction_id <= (SELECT max(tx) FROM s) "
	    "  UNION ALL SELECT tx, 0, id FROM s), "
	    "r AS (SELECT bet, sum(amount) OVER (ORDER BY tx, bet NULLS FIRST "
	    "  ROWS UNBOUNDED PRECEDING) AS bank FROM w) "
	    "SELECT b.stake, b.odds, b.p, b.sport, b.market_kind, b.status, b.placed, b.settled, "
	    "coalesce(r.bank, 0) FROM b LEFT JOIN r ON r.bet = b.id ORDER BY b.placed_at, b.id",
	    3);
	char lim[16];

	snprintf(lim, sizeof(lim), "%d", COPY_SIM_MAX_BETS + 1);
	return db_query(a, &q, DB_P(trader_id, since, lim));
}

/* The rows from `from` on as the simulation's bets (pointing into r). */
static struct copy_sim_bet *
sim_bets(struct arena *a, const PGresult *r, int from)
{
	int n = db_rows(r) - from;
	struct copy_sim_bet *b = arena_calloc(a, n > 0 ? (size_t)n : 1, sizeof(*b));

	for (int i = 0; b != NULL && i < n; i++) {
		int row = from + i;
		enum bets_outcome oc = 0; /* not an outcome: copy_simulate voids it */

		bets_outcome_parse(db_val(r, row, H_STATUS), &oc);
		b[i].placed_at = db_ll(r, row, H_PLACED);
		b[i].settled_at = db_ll(r, row, H_SETTLED);
		b[i].outcome = oc;
		b[i].orig.stake = db_ll(r, row, H_STAKE);
		b[i].orig.odds = (int32_t)db_ll(r, row, H_ODDS);
		b[i].orig.win_probability_bp = (int32_t)db_ll(r, row, H_PROB);
		b[i].orig.sport = db_val(r, row, H_SPORT);
		b[i].orig.market_kind = db_val(r, row, H_KIND);
		b[i].orig.trader_bankroll = db_ll(r, row, H_BANK);
	}
	return b;
}

/* ---- the run ---- */

/* Every input checked, each mistake a field error: 0, 1 or -1. */
static int
check_input(struct http_req *req, const char *trader_id, const char *since, int64_t *bankroll,
    json_t *doc, struct copy_settings *s, struct copy_sim_run *out)
{
	struct copy_errors e;
	const char *why;
	int64_t cash, in_play;
	int rc;

	if ((rc = trader_known(req, trader_id)) < 0)
		return -1;
	if ((why = copy_check_since(since)) != NULL)
		http_field_error(req, "since", why);
	else
		parse_day(since, &out->since);
	if ((rc = copy_settings_read(req->a, doc, s, &e)) < 0)
		return -1;
	for (size_t i = 0; rc > 0 && i < e.n; i++)
		http_field_error(req, e.field[i], e.msg[i]);
	if (*bankroll == 0) {
		if (ledger_balance(req->a, req->user->id, &cash, &in_play) != DB_OK)
			return -1;
		*bankroll = cash + in_play;
		if (*bankroll <= 0)
			http_field_error(req, "bankroll", "is needed: your wallet is empty");
	} else if (*bankroll < 0 || *bankroll > MONEY_MAX)
		http_field_error(req, "bankroll", "must be a positive amount");
	return req->errors.n > 0 ? 1 : 0;
}

int
copy_sim_history(struct http_req *req, const char *trader_id, const char *since, int64_t bankroll,
    json_t *doc, struct copy_sim_run *out)
{
	const struct tenancy_tenant *t = req->tenant;
	struct copy_limits lim = { t->copy_hard_cap_bp, t->min_stake, t->max_stake };
	struct copy_settings s;
	struct copy_sim_bet *bets;
	PGresult *r;
	int rc, from;

	memset(out, 0, sizeof(*out));
	if ((rc = check_input(req, trader_id, since, &bankroll, doc, &s, out)) != 0)
		return rc;
	if ((r = history(req->a, trader_id, since)) == NULL)
		return -1;
	out->capped = db_rows(r) > COPY_SIM_MAX_BETS;
	from = out->capped ? db_rows(r) - COPY_SIM_MAX_BETS : 0; /* the oldest go */
	if ((bets = sim_bets(req->a, r, from)) == NULL)
		return -1;
	out->nbets = (size_t)(db_rows(r) - from);
	out->bankroll = bankroll;
	return copy_simulate(&s, &lim, bankroll, bets, out->nbets, &out->r) == 0 ? 0 : -1;
}

/* ---- presenting it ---- */

size_t
copy_sim_curve(
    struct arena *a, const struct copy_sim_result *r, size_t max, struct profiles_point **out)
{
	size_t n = r->ncurve;
	struct profiles_point *p = arena_calloc(a, n > 0 ? n : 1, sizeof(*p));

	*out = p;
	if (p == NULL || n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		p[i] = (struct profiles_point){ r->curve[i].at, r->curve[i].equity };
	if (max < 2 || n <= max)
		return n;
	/* the start stays first; the rest thins to its last point of each run */
	return 1 + profiles_curve_downsample(p + 1, n - 1, max - 1);
}

static json_t *
skipped_json(const struct copy_sim_result *r)
{
	json_t *o = json_object();

	for (int k = 1; k < COPY_SKIP__COUNT; k++)
		if (r->skipped[k] > 0)
			json_object_set_new(
			    o, copy_skip_name((enum copy_skip)k), json_integer(r->skipped[k]));
	return o;
}

static json_t *
curve_json(struct arena *a, const struct copy_sim_result *r)
{
	struct profiles_point *p;
	size_t n = copy_sim_curve(a, r, COPY_SIM_CURVE_MAX, &p);
	json_t *c = json_array();
	char at[32];

	for (size_t i = 0; p != NULL && i < n; i++) {
		profiles_rfc3339(p[i].t, at, sizeof(at));
		json_array_append_new(
		    c, json_pack("{s:s, s:I}", "at", at, "equity", (json_int_t)p[i].profit));
	}
	return c;
}

json_t *
copy_sim_json(struct arena *a, const struct copy_sim_run *run)
{
	const struct copy_sim_result *r = &run->r;
	char since[32], stopped_at[32];

	profiles_rfc3339(run->since, since, sizeof(since));
	since[10] = '\0';
	profiles_rfc3339(r->stopped_at, stopped_at, sizeof(stopped_at));
	return json_pack("{s:s, s:I, s:I, s:b, s:i, s:o, s:i, s:i, s:i, s:I, s:I, s:f, s:I, s:I, "
	                 "s:f, s:s?, s:s?, s:o}",
	    "since", since, "start_bankroll", (json_int_t)run->bankroll, "bets_replayed",
	    (json_int_t)run->nbets, "capped", run->capped, "copies", (int)r->copies, "skipped",
	    skipped_json(r), "won", (int)r->won, "lost", (int)r->lost, "other", (int)r->other,
	    "staked", (json_int_t)r->staked, "pnl", (json_int_t)r->pnl, "roi_percentage",
	    r->roi_bp / 100.0, "final_bankroll", (json_int_t)r->final_bankroll, "peak_bankroll",
	    (json_int_t)r->peak_bankroll, "max_drawdown_percentage", r->max_drawdown_bp / 100.0,
	    "stopped", r->stopped != COPY_STOP_NONE ? copy_stop_name(r->stopped) : NULL,
	    "stopped_at", r->stopped != COPY_STOP_NONE ? stopped_at : NULL, "curve",
	    curve_json(a, r));
}
