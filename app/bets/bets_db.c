/* Placement and settlement: the SQL of bets (see bets.h for the design). */
#include "bets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../jobs/jobs.h"
#include "../ledger/ledger.h"
#include "../notify/notify.h"
#include "../tenancy/tenancy.h"

static struct tg_listeners placed_listeners, settled_listeners;

void
bets_listen_placed(bets_placed_fn fn)
{
	tg_listeners_add(&placed_listeners, (tg_listener_fn)fn);
}

void
bets_listen_settled(bets_settled_fn fn)
{
	tg_listeners_add(&settled_listeners, (tg_listener_fn)fn);
}

/* ---- placement ---- */

/* The checks of a placement on the row of q_read (bets_place): 0 when the
 * bet can be placed, else what bets_place returns (BETS_DUPLICATE for a
 * retry of the same bet). */
static int
place_check(const PGresult *r, const struct tenancy_tenant *t, const struct bets_place_req *q,
    struct bets_place_out *out)
{
	int32_t now_odds;

	if (db_val(r, 0, 0) != NULL) {
		/* A retry: the same bet is a no-op, a different one a misuse. */
		if (db_ll(r, 0, 1) != q->selection_id || db_ll(r, 0, 2) != q->stake)
			return BETS_ERR_KEY;
		snprintf(out->bet_id, sizeof(out->bet_id), "%s", db_val(r, 0, 0));
		out->odds = (int32_t)db_ll(r, 0, 3);
		return BETS_DUPLICATE;
	}
	if (db_val(r, 0, 4) == NULL)
		return BETS_ERR_SELECTION;
	if (strcmp(db_val(r, 0, 10), "scheduled") != 0 || strcmp(db_val(r, 0, 11), "t") != 0)
		return BETS_ERR_STARTED;
	if (strcmp(db_val(r, 0, 5), "open") != 0)
		return BETS_ERR_MARKET;
	if (q->stake < t->min_stake || q->stake > t->max_stake)
		return BETS_ERR_LIMITS;
	now_odds = (int32_t)db_ll(r, 0, 4);
	if (!bets_price_acceptable(q->odds, now_odds, q->accept, q->tolerance_bps)) {
		out->new_odds = now_odds;
		return BETS_ERR_PRICE;
	}
	if (db_ll(r, 0, 14) < q->stake) {
		out->cash = db_ll(r, 0, 14);
		return BETS_ERR_FUNDS;
	}
	return 0;
}

/* Inserts the bet out->bet_id at out->odds on the selection sel (r: its
 * row of q_read). BETS_PLACED, BETS_DUPLICATE when a concurrent request
 * with the same key won the race (out then holds that bet), or a DB
 * error. */
static int
place_insert(struct arena *a, const struct bets_place_req *q, const char *sel, const PGresult *r,
    struct bets_place_out *out)
{
	static struct db_stmt q_insert = DB_STMT(
	    "INSERT INTO bets (id, user_id, event_id, market_id, selection_id, sport, market_kind, "
	    "line, outcome, stake, odds, potential_payout, notes, confidence, win_probability, source, "
	    "copied_from, idempotency_key, placed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
	    "$11, $12, $13, $14, $15, $16, $17, $18, coalesce($19::timestamptz, now())) "
	    "ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id",
	    19);
	static struct db_stmt q_prior =
	    DB_STMT("SELECT id, odds FROM bets WHERE user_id = $1 AND idempotency_key = $2", 2);
	char stake[24], odds[16], payout[24], conf_s[8], wp[8], line[16];
	PGresult *ins;

	snprintf(stake, sizeof(stake), "%lld", (long long)q->stake);
	snprintf(odds, sizeof(odds), "%d", out->odds);
	snprintf(payout, sizeof(payout), "%lld", (long long)money_payout(q->stake, out->odds));
	snprintf(conf_s, sizeof(conf_s), "%d", q->confidence);
	snprintf(wp, sizeof(wp), "%d", q->win_probability_bps);
	snprintf(line, sizeof(line), "%s", db_val(r, 0, 7));
	ins = db_query(a, &q_insert,
	    DB_P(out->bet_id, q->user_id, db_val(r, 0, 9), db_val(r, 0, 13), sel, db_val(r, 0, 12),
	        db_val(r, 0, 6), line, db_val(r, 0, 8), stake, odds, payout,
	        q->notes ? q->notes : "", q->confidence ? conf_s : NULL,
	        q->win_probability_bps ? wp : NULL, bets_source_name(q->source), q->copied_from,
	        q->idempotency_key, q->at));
	if (ins == NULL)
		return db_last_rc();
	if (db_rows(ins) == 0) {
		/* a concurrent request with the same key won the race */
		if ((ins = db_query(a, &q_prior, DB_P(q->user_id, q->idempotency_key))) == NULL ||
		    db_rows(ins) == 0)
			return DB_ERR;
		snprintf(out->bet_id, sizeof(out->bet_id), "%s", db_val(ins, 0, 0));
		out->odds = (int32_t)db_ll(ins, 0, 1);
		return BETS_DUPLICATE;
	}
	return BETS_PLACED;
}

int
bets_place(struct arena *a, const struct tenancy_tenant *t, const struct bets_place_req *q,
    struct bets_place_out *out)
{
	/* One round trip reads everything the checks need: an earlier bet with
	 * this key, the selection with its market and event, and the cash. */
	static struct db_stmt q_read = DB_STMT(
	    "SELECT p.id, p.selection_id, p.stake, p.odds, s.odds, m.status, m.kind, m.line, "
	    "s.outcome, e.id, e.status, e.starts_at > coalesce($4::timestamptz, now()), c.sport, m.id, "
	    "(SELECT balance FROM ledger_accounts WHERE user_id = $2 AND kind = 'user_cash'), "
	    "(SELECT balance FROM ledger_accounts WHERE user_id = $2 AND kind = 'user_in_play') "
	    "FROM (SELECT 1) AS one "
	    "LEFT JOIN bets p ON p.user_id = $2 AND p.idempotency_key = $3 "
	    "LEFT JOIN selections s ON s.id = $1::bigint "
	    "LEFT JOIN markets m ON m.id = s.market_id "
	    "LEFT JOIN events e ON e.id = m.event_id "
	    "LEFT JOIN competitions c ON c.id = e.competition_id",
	    4);
	char sel[24];
	struct ledger_leg legs[2];
	PGresult *r;
	int64_t bankroll;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(sel, sizeof(sel), "%lld", q->selection_id);
	if ((r = db_query(a, &q_read, DB_P(sel, q->user_id, q->idempotency_key, q->at))) == NULL)
		return db_last_rc();
	if ((rc = place_check(r, t, q, out)) != 0)
		return rc;

	bankroll = db_ll(r, 0, 14) + db_ll(r, 0, 15); /* before this stake */
	util_uuid7(out->bet_id);
	out->odds = (int32_t)db_ll(r, 0, 4);
	if ((rc = place_insert(a, q, sel, r, out)) != BETS_PLACED)
		return rc;
	legs[0] = (struct ledger_leg){ "user_cash", q->user_id, -q->stake };
	legs[1] = (struct ledger_leg){ "user_in_play", q->user_id, q->stake };
	rc = ledger_post(a, "bet_stake", arena_printf(a, "bet:%s:stake", out->bet_id), "Bet placed",
	    q->user_id, legs, 2);
	if (rc == LEDGER_INSUFFICIENT) {
		out->aborted = 1; /* cash spent by a concurrent request */
		return BETS_ERR_FUNDS;
	}
	if (rc != LEDGER_POSTED)
		return rc < 0 ? rc : DB_ERR;
	/* The member's copiers follow in this transaction: no copy of a bet
	 * that rolled back, none lost for one that committed. */
	if (bets_source_fans_out(q->source)) {
		struct bets_placed_ev ev = { out->bet_id, q->user_id, bankroll };

		for (size_t i = 0; i < placed_listeners.n; i++)
			if ((rc = ((bets_placed_fn)placed_listeners.fn[i])(a, &ev)) != DB_OK)
				return rc;
	}
	return BETS_PLACED;
}

int
bets_place_copies(
    struct arena *a, const char *original_id, int32_t odds, struct bets_copy *c, size_t n)
{
	/* Every copy in one statement, as the original's terms at the copy's
	 * price; the key "copy:<original>" is the member's, so a member gets a
	 * copy of a bet once whichever way it comes (bets_place shares it). */
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO bets (id, user_id, event_id, market_id, selection_id, sport, market_kind, "
	    "line, outcome, stake, odds, potential_payout, source, copied_from, idempotency_key) "
	    "SELECT x.id, x.user_id, o.event_id, o.market_id, o.selection_id, o.sport, o.market_kind, "
	    "o.line, o.outcome, x.stake, $2::int, x.payout, 'copy', o.id, 'copy:' || o.id "
	    "FROM unnest($3::uuid[], $4::uuid[], $5::bigint[], $6::bigint[]) AS x (id, user_id, stake, payout) "
	    "CROSS JOIN bets o WHERE o.id = $1 "
	    "ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id",
	    6);
	struct buf c4[4];
	struct ledger_txn *tx;
	struct ledger_leg *legs;
	char o[16];
	PGresult *r;
	size_t nt = 0;
	int rc;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < TG_NELEM(c4); i++) {
		buf_init(&c4[i]);
		db_arr_begin(&c4[i]);
	}
	for (size_t i = 0; i < n; i++) {
		util_uuid7(c[i].bet_id);
		c[i].placed = 0;
		db_arr_str(&c4[0], c[i].bet_id);
		db_arr_str(&c4[1], c[i].user_id);
		db_arr_int(&c4[2], c[i].stake, 0);
		db_arr_int(&c4[3], money_payout(c[i].stake, odds), 0);
	}
	snprintf(o, sizeof(o), "%d", odds);
	r = db_query(a, &q,
	    DB_P(original_id, o, db_arr_end(&c4[0]), db_arr_end(&c4[1]), db_arr_end(&c4[2]),
	        db_arr_end(&c4[3])));
	for (size_t i = 0; i < TG_NELEM(c4); i++)
		buf_free(&c4[i]);
	if (r == NULL)
		return db_last_rc();
	tx = arena_calloc(a, n, sizeof(*tx));
	legs = arena_calloc(a, 2 * n, sizeof(*legs));
	if (tx == NULL || legs == NULL)
		return DB_ERR;
	/* A conflict (a member copied already) returns no row: then match the
	 * returned ids; usually every copy was inserted. */
	for (size_t i = 0; db_rows(r) == (int)n && i < n; i++)
		c[i].placed = 1;
	for (int k = 0; db_rows(r) != (int)n && k < db_rows(r); k++)
		for (size_t i = 0; i < n; i++)
			if (!c[i].placed && strcmp(c[i].bet_id, db_val(r, k, 0)) == 0) {
				c[i].placed = 1;
				break;
			}
	for (size_t i = 0; i < n; i++) {
		if (!c[i].placed)
			continue;
		legs[2 * nt] = (struct ledger_leg){ "user_cash", c[i].user_id, -c[i].stake };
		legs[2 * nt + 1] = (struct ledger_leg){ "user_in_play", c[i].user_id, c[i].stake };
		tx[nt] =
		    (struct ledger_txn){ "bet_stake", arena_printf(a, "bet:%s:stake", c[i].bet_id),
			    "Bet placed (copy)", c[i].user_id, &legs[2 * nt], 2, 0 };
		nt++;
	}
	if (nt > 0 && (rc = ledger_post_many(a, tx, nt)) != (int)nt)
		return rc == LEDGER_INSUFFICIENT ? BETS_ERR_FUNDS : rc < 0 ? rc : DB_ERR;
	return (int)nt;
}

/* ---- settlement ---- */

struct settle {
	const char *id, *user_id, *sport;
	int64_t stake, payout, old_payout;
	long long old_seq, old_tx; /* of the previous settlement (a correction) */
	int32_t odds, closing, fair;
	enum bets_outcome outcome;
	int resettle, moves;
	int copy; /* a copy: the trader's pick, not in the copier's record */
	struct ledger_leg legs[6];
	size_t nlegs;
};

static void
leg(struct settle *s, const char *kind, const char *user, int64_t amount)
{
	if (amount != 0)
		s->legs[s->nlegs++] = (struct ledger_leg){ kind, user, amount };
}

/* First settlement: the stake leaves play; the payout goes to cash and the
 * rest to (or from) the house. A correction posts, in one transaction, the
 * reverse of the previous settlement and the new one (balances move by the
 * net of a statement, so only a net debit beyond the cash is refused). */
static void
settle_legs(struct settle *s)
{
	const char *u = s->user_id;

	s->nlegs = 0;
	if (!s->resettle) {
		leg(s, "user_cash", u, s->payout);
		leg(s, "user_in_play", u, -s->stake);
		leg(s, "house", NULL, s->stake - s->payout);
		return;
	}
	leg(s, "user_cash", u, s->payout);
	leg(s, "user_in_play", u, s->stake);
	leg(s, "house", NULL, s->stake - s->payout);
	leg(s, "user_in_play", u, -s->stake);
	leg(s, "user_cash", u, -s->old_payout);
	leg(s, "house", NULL, -(s->stake - s->old_payout));
}

/*
 * The settlement order (bets.settle_seq, public as settlement_seq): numbers
 * of the sequence bet_settlement_seq (0019), drawn while the brand's
 * settlement lock is held. The lock is taken first in every settlement and
 * held to its commit, so settlements of a brand run one after the other
 * (the bulk lane runs them so anyway) and sequence order is the order in
 * which the figures take the bets in: the figures (profiles) fold each batch
 * in sequence order, and a later settlement draws larger numbers. Without
 * it, numbers drawn before the members' figures are locked could be folded
 * out of order by two settlements at once.
 */
static int
settle_lock(struct arena *a)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT pg_advisory_xact_lock(hashtextextended('bets_settlement:' || current_schema(), 0))",
	    0);

	return db_query(a, &q, NULL) == NULL ? -1 : 0;
}

/* n numbers of the settlement sequence, ascending; NULL on error. */
static long long *
settle_seqs(struct arena *a, long n)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT nextval('bet_settlement_seq') FROM generate_series(1, $1::int) ORDER BY 1", 1);
	char ns[24];
	long long *out;
	PGresult *r;

	snprintf(ns, sizeof(ns), "%ld", n);
	if ((r = db_query(a, &q, DB_P(ns))) == NULL || db_rows(r) != n ||
	    (out = arena_calloc(a, (size_t)n, sizeof(*out))) == NULL)
		return NULL;
	for (long i = 0; i < n; i++)
		out[i] = db_ll(r, (int)i, 0);
	return out;
}

static int
cmp_seq(const void *x, const void *y)
{
	const struct bets_settled_bet *a = x, *b = y;

	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* The event a settlement settles: its result and the version settled. */
struct settle_event {
	const char *ver;
	int64_t when;
	int home, away, cancelled;
};

/* Takes the settlement lock and reads the event, locked, so two settlement
 * jobs for one event run one after the other and the second finds nothing
 * behind. 1 when it has a result to settle, 0 when it has none yet, -1
 * with err set. */
static int
settle_read_event(struct arena *a, const char *event_id, const char *at, struct settle_event *e,
    char *err, size_t errsz)
{
	static struct db_stmt q_event =
	    DB_STMT("SELECT status, home_score, away_score, result_version, "
	            "extract(epoch FROM coalesce($2::timestamptz, now()))::bigint "
	            "FROM events WHERE id = $1 FOR UPDATE",
	        2);
	const char *status;
	PGresult *r;

	if (settle_lock(a) != 0) {
		snprintf(err, errsz, "waiting for the settlement lock failed");
		return -1;
	}
	if ((r = db_query(a, &q_event, DB_P(event_id, at))) == NULL) {
		snprintf(err, errsz, "reading the event failed");
		return -1;
	}
	if (db_rows(r) == 0) {
		snprintf(err, errsz, "no event %s", event_id);
		return -1;
	}
	status = db_val(r, 0, 0);
	e->cancelled = strcmp(status, "cancelled") == 0;
	if ((!e->cancelled && strcmp(status, "finished") != 0) || db_ll(r, 0, 3) == 0)
		return 0; /* no result yet */
	e->ver = arena_strdup(a, db_val(r, 0, 3));
	e->when = db_ll(r, 0, 4);
	e->home = (int)db_ll(r, 0, 1);
	e->away = (int)db_ll(r, 0, 2);
	return 1;
}

/* Row i of the bets to settle (q_bets of bets_settle_event) graded against
 * the event's result: its new outcome and payout, and whether it moves
 * money. 0, or -1 with err set. */
static int
settle_grade(const PGresult *r, int i, const struct settle_event *e, struct settle *b, char *err,
    size_t errsz)
{
	b->id = db_val(r, i, 0);
	b->user_id = db_val(r, i, 1);
	b->stake = db_ll(r, i, 2);
	b->odds = (int32_t)db_ll(r, i, 3);
	b->sport = db_val(r, i, 9);
	b->closing = (int32_t)db_ll(r, i, 11);
	b->fair = (int32_t)db_ll(r, i, 12);
	b->resettle = strcmp(db_val(r, i, 7), "open") != 0;
	b->old_payout = db_ll(r, i, 8);
	b->old_seq = db_ll(r, i, 13);
	b->copy = db_val(r, i, 14)[0] == 't';
	b->old_tx = db_ll(r, i, 15);
	if (e->cancelled || strcmp(db_val(r, i, 10), "void") == 0)
		b->outcome = BETS_VOID;
	else if (bets_grade(db_val(r, i, 4), (int)db_ll(r, i, 5), db_val(r, i, 6), e->home, e->away,
	             &b->outcome) != 0) {
		snprintf(err, errsz, "bet %s: cannot grade %s %s", b->id, db_val(r, i, 4),
		    db_val(r, i, 6));
		return -1;
	}
	b->payout = bets_payout(b->stake, b->odds, b->outcome);
	/* a correction that changes nothing moves no money */
	b->moves = !b->resettle || b->payout != b->old_payout ||
	    strcmp(db_val(r, i, 7), bets_outcome_name(b->outcome)) != 0;
	return 0;
}

/* Grades the n bets of r (q_bets of bets_settle_event) into s and posts
 * the money of those whose settlement moves it, in one ledger statement:
 * their transactions tx[0..*ntx) and settlement sequence numbers *seqs.
 * 0, or -1 with err set. */
static int
settle_money(struct arena *a, const PGresult *r, const struct settle_event *e, struct settle *s,
    long n, struct ledger_txn *tx, long *ntx, long long **seqs, char *err, size_t errsz)
{
	int rc;

	for (long i = 0; i < n; i++) {
		struct settle *b = &s[i];

		if (settle_grade(r, (int)i, e, b, err, errsz) != 0)
			return -1;
		if (!b->moves)
			continue;
		settle_legs(b);
		tx[(*ntx)++] = (struct ledger_txn){ b->resettle ? "bet_resettle" : "bet_settle",
			arena_printf(a, "bet:%s:settle:%s", b->id, e->ver),
			b->resettle ? "Bet re-settled after a corrected result" : "Bet settled",
			NULL, b->legs, b->nlegs, 0 };
	}
	if (*ntx > 0 && (rc = ledger_post_many(a, tx, (size_t)*ntx)) < 0) {
		snprintf(err, errsz,
		    rc == LEDGER_INSUFFICIENT
		        ? "a member's cash cannot cover a corrected result (retry after a top-up)"
		        : "posting the settlement failed");
		return -1;
	}
	if (*ntx > 0 && (*seqs = settle_seqs(a, *ntx)) == NULL) {
		snprintf(err, errsz, "drawing settlement sequence numbers failed");
		return -1;
	}
	return 0;
}

/* The columns of the bets' new state (id, status, payout, seq, closing,
 * fair, transaction) into c[0..7), and the members' own picks whose figures
 * change into ps. tx and seqs: the transactions and sequence numbers of the
 * bets that move money, in order. Returns the number of picks. */
static long
settle_columns(const struct settle *s, long n, const struct ledger_txn *tx, const long long *seqs,
    int64_t when, struct buf c[7], struct bets_settled_bet *ps)
{
	long nps = 0;

	for (long i = 0, k = 0; i < n; i++) {
		const struct settle *b = &s[i];
		/* A correction that moved nothing keeps its place in the order
		 * (the figures did not change) and its history points at the
		 * transaction that moved the money. */
		long long seq = b->moves ? seqs[k] : b->old_seq;
		long long txid = b->moves ? tx[k].id : b->old_tx;

		k += b->moves;
		db_arr_str(&c[0], b->id);
		db_arr_str(&c[1], bets_outcome_name(b->outcome));
		db_arr_int(&c[2], b->payout, 0);
		db_arr_int(&c[3], seq, seq == 0);
		db_arr_int(&c[4], b->closing, b->closing == 0);
		db_arr_int(&c[5], b->fair, b->fair == 0);
		db_arr_int(&c[6], txid, txid == 0);
		/* A member's record is their own picks: a copy moves their money
		 * and their copy relationship (settle_store's listeners), never
		 * their figures. */
		if (b->moves && seq != 0 && !b->copy)
			ps[nps++] = (struct bets_settled_bet){ b->user_id, seq, b->resettle, when,
				b->stake, b->odds, b->outcome, b->payout - b->stake,
				b->outcome == BETS_VOID ? 0 : b->fair, b->sport };
	}
	return nps;
}

/* Writes the n bets' new state and history from the columns c, then tells
 * the listeners of the own picks ps[0..nps). 0, or -1 with err set. */
static int
settle_store(struct arena *a, const char *at, const struct settle_event *e, long n, struct buf c[7],
    struct bets_settled_bet *ps, long nps, char *err, size_t errsz)
{
	static struct db_stmt q_update = DB_STMT(
	    "UPDATE bets b SET status = x.status, payout = x.payout, settled_version = $1::int, "
	    "settled_at = CASE WHEN x.seq IS DISTINCT FROM b.settle_seq THEN to_timestamp($2::bigint) "
	    "ELSE b.settled_at END, settle_seq = x.seq, "
	    "closing_odds = x.closing, fair_closing_odds = x.fair "
	    "FROM unnest($3::uuid[], $4::text[], $5::bigint[], $6::bigint[], $7::int[], $8::int[]) "
	    "AS x (id, status, payout, seq, closing, fair) WHERE b.id = x.id",
	    8);
	static struct db_stmt q_history = DB_STMT(
	    "INSERT INTO bet_settlements (bet_id, version, status, payout, transaction_id, settled_at) "
	    "SELECT x.id, $1::int, x.status, x.payout, x.tx, to_timestamp($2::bigint) "
	    "FROM unnest($3::uuid[], $4::text[], $5::bigint[], $6::bigint[]) AS x (id, status, payout, tx) "
	    "WHERE x.tx IS NOT NULL",
	    6);
	struct bets_settled_ev ev;
	const char *arr[7];
	char w[24];
	long long updated;
	int rc;

	snprintf(w, sizeof(w), "%lld", (long long)e->when);
	for (size_t i = 0; i < TG_NELEM(arr); i++)
		arr[i] = db_arr_end(&c[i]);
	updated =
	    db_cmd(a, &q_update, DB_P(e->ver, w, arr[0], arr[1], arr[2], arr[3], arr[4], arr[5]));
	rc = updated == n ? 0 : -1;
	if (rc == 0 && db_cmd(a, &q_history, DB_P(e->ver, w, arr[0], arr[1], arr[2], arr[6])) < 0)
		rc = -1;
	if (rc != 0)
		snprintf(err, errsz, "recording the settlement failed");
	/* The listeners in their order (app.c): copies settle into their
	 * relationships (P&L, loss limits, stops), then the members' figures
	 * take their own picks in settlement order. */
	qsort(ps, (size_t)nps, sizeof(*ps), cmp_seq);
	ev = (struct bets_settled_ev){ arr[0], at == NULL, ps, (size_t)nps };
	for (size_t i = 0; rc == 0 && i < settled_listeners.n; i++)
		if (((bets_settled_fn)settled_listeners.fn[i])(a, &ev) != DB_OK) {
			snprintf(err, errsz, "a listener of the settlement failed");
			rc = -1;
		}
	return rc;
}

long
bets_settle_event(struct arena *a, const char *event_id, const char *at, char *err, size_t errsz)
{
	/* the previous settlement's ledger transaction only for a correction */
	static struct db_stmt q_bets = DB_STMT(
	    "SELECT b.id, b.user_id, b.stake, b.odds, b.market_kind, b.line, b.outcome, b.status, "
	    "b.payout, b.sport, m.status, s.closing_odds, s.fair_closing_odds, b.settle_seq, "
	    "b.copied_from IS NOT NULL, "
	    "CASE WHEN b.status <> 'open' THEN (SELECT h.transaction_id FROM bet_settlements h "
	    " WHERE h.bet_id = b.id AND h.version = b.settled_version) END "
	    "FROM bets b JOIN markets m ON m.id = b.market_id JOIN selections s ON s.id = b.selection_id "
	    "WHERE b.event_id = $1 AND b.settled_version < $2::int ORDER BY b.placed_at, b.id "
	    "FOR UPDATE OF b",
	    2);
	struct settle_event e;
	struct settle *s;
	struct ledger_txn *tx;
	struct bets_settled_bet *ps;
	struct buf c[7];
	PGresult *r;
	long long *seqs = NULL;
	long n, ntx = 0, nps;
	int rc;

	if (!util_uuid_valid(event_id)) {
		snprintf(err, errsz, "invalid event id");
		return -1;
	}
	if ((rc = settle_read_event(a, event_id, at, &e, err, errsz)) <= 0)
		return rc;
	if ((r = db_query(a, &q_bets, DB_P(event_id, e.ver))) == NULL) {
		snprintf(err, errsz, "reading the bets failed");
		return -1;
	}
	n = db_rows(r);
	if (n == 0)
		return 0;
	s = arena_calloc(a, (size_t)n, sizeof(*s));
	tx = arena_calloc(a, (size_t)n, sizeof(*tx));
	ps = arena_calloc(a, (size_t)n, sizeof(*ps));
	if (s == NULL || tx == NULL || ps == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (settle_money(a, r, &e, s, n, tx, &ntx, &seqs, err, errsz) != 0)
		return -1;
	for (size_t i = 0; i < TG_NELEM(c); i++) {
		buf_init(&c[i]);
		db_arr_begin(&c[i]);
	}
	nps = settle_columns(s, n, tx, seqs, e.when, c, ps);
	rc = settle_store(a, at, &e, n, c, ps, nps, err, errsz);
	for (size_t i = 0; i < TG_NELEM(c); i++)
		buf_free(&c[i]);
	if (rc != 0)
		return -1;
	/* The bettors hear of it, unless this is history being written (the
	 * demo seed settles a year of bets as of their own dates). */
	if (at == NULL &&
	    jobs_enqueue(a, "bets_notify",
	        json_pack("{s:s, s:s}", "event_id", event_id, "version", e.ver), 0,
	        NULL) != DB_OK) {
		snprintf(err, errsz, "queueing the notifications failed");
		return -1;
	}
	return n;
}

long
bets_settle_pending(struct arena *a, char *err, size_t errsz)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT DISTINCT e.id FROM events e JOIN bets b ON b.event_id = e.id "
	    "WHERE e.status IN ('finished', 'cancelled') AND b.settled_version < e.result_version",
	    0);
	PGresult *r = db_query(a, &q, NULL);
	long total = 0, n;

	if (r == NULL) {
		snprintf(err, errsz, "listing events failed");
		return -1;
	}
	for (int i = 0; i < db_rows(r); i++) {
		if ((n = bets_settle_event(a, db_val(r, i, 0), NULL, err, errsz)) < 0)
			return -1;
		total += n;
	}
	return total;
}

int
bets_enqueue_settlement(struct arena *a, const char *event_id)
{
	return jobs_enqueue(a, "settle", json_pack("{s:s}", "event_id", event_id), 0,
	    arena_printf(a, "settle:%s", event_id));
}

int
bets_on_result(struct arena *a, const struct catalog_result_ev *ev)
{
	return bets_enqueue_settlement(a, ev->event_id);
}

int
bets_job_notify(
    struct arena *a, const struct tenancy_tenant *t, json_t *payload, char *err, size_t errsz)
{
	/* One notification per bet settled by this result version, in one
	 * statement, each then pushed live. Money and odds as money_format and
	 * odds_format write them. */
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO notifications (id, user_id, kind, title, body, link) "
	    "SELECT gen_random_uuid(), b.user_id, 'bet_settled', 'Your bet ' || CASE b.status "
	    " WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' WHEN 'half_won' THEN 'half won' "
	    " WHEN 'half_lost' THEN 'half lost' WHEN 'push' THEN 'was a push: stake returned' "
	    " ELSE 'was void: stake returned' END "
	    " || CASE WHEN $2::int > 1 THEN ' (result corrected)' ELSE '' END, "
	    "ht.name || ' v ' || at.name || ' · odds ' || to_char(b.odds / 1000.0, "
	    " CASE WHEN b.odds % 10 = 0 THEN 'FM999990.00' ELSE 'FM999990.000' END) "
	    " || ' · stake ' || (b.stake / 100) || '.' || lpad((b.stake % 100)::text, 2, '0') "
	    " || ' · paid ' || (b.payout / 100) || '.' || lpad((b.payout % 100)::text, 2, '0'), "
	    "'/bets?status=settled' FROM bets b JOIN events e ON e.id = b.event_id "
	    "JOIN teams ht ON ht.id = e.home_team_id JOIN teams at ON at.id = e.away_team_id "
	    "WHERE b.event_id = $1 AND b.settled_version = $2::int AND b.status <> 'open' "
	    "RETURNING " NOTIFY_COLS ", user_id",
	    2);
	const char *id = json_string_value(json_object_get(payload, "event_id"));
	const char *ver = json_string_value(json_object_get(payload, "version"));
	PGresult *r;

	(void)t;
	if (id == NULL || ver == NULL || !util_uuid_valid(id)) {
		snprintf(err, errsz, "payload needs event_id and version");
		return -1;
	}
	if ((r = db_query(a, &q, DB_P(id, ver))) == NULL) {
		snprintf(err, errsz, "storing the notifications failed (%s)", db_sqlstate());
		return -1;
	}
	if (notify_push_rows(a, r) != DB_OK) {
		snprintf(err, errsz, "queueing the pushes failed (%s)", db_sqlstate());
		return -1;
	}
	return 0;
}

int
bets_job_settle(
    struct arena *a, const struct tenancy_tenant *t, json_t *payload, char *err, size_t errsz)
{
	const char *id = json_string_value(json_object_get(payload, "event_id"));
	long n;

	if (id == NULL) {
		snprintf(err, errsz, "payload without event_id");
		return -1;
	}
	if ((n = bets_settle_event(a, id, NULL, err, errsz)) < 0)
		return -1;
	if (n > 0)
		log_info("settled %ld bets of event %s on %s", n, id, t->slug);
	return 0;
}
