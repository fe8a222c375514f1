/*
 * The copy engine: from a trader's committed bet to every copier's copy,
 * and from a settled copy back into its relationship (docs/copy.md).
 *
 * bets_place() queues job "copy" in the bet's own transaction (through its
 * listener copy_on_placed, app/app.c). That first
 * job splits the copiers into ranges of COPY_CHUNK relationship ids and
 * queues one job per range, which the copy lane's processes run side by
 * side. A range job locks its relationships and their followers' cash
 * accounts (so settings cannot change and cash cannot be spent under the
 * decision), decides every copy with copy_decide(), inserts every copy bet
 * in one statement, posts every stake in one ledger statement, records
 * every copy and skip in copy_trades and queues the range's notifications,
 * all in one commit. Ranges are separate transactions, so a fan-out to
 * 10,000 copiers never holds 10,000 locks, and a worker killed mid-fan-out
 * loses at most the ranges it was in, which run again. copy_trades is
 * unique per (original bet, follower) and copy bets per (member,
 * "copy:<original>"): a copy is never placed twice.
 *
 * The first job of a bet (delay 0) also queues one job per delay the
 * trader's copiers chose; a delayed job splits the same way and takes every
 * active relationship with a delay up to its own that has no copy of the
 * bet yet, at the price then available.
 */
#include "copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../bets/bets.h"
#include "../db/db.h"
#include "../jobs/jobs.h"
#include "../notify/notify.h"
#include "../tenancy/tenancy.h"

#define NIL_UUID "00000000-0000-0000-0000-000000000000"

int
copy_on_placed(struct arena *a, const struct bets_placed_ev *ev)
{
	const char *bet_id = ev->bet_id, *trader_id = ev->user_id;
	int64_t bankroll = ev->bankroll;
	static struct db_stmt q = DB_STMT("SELECT EXISTS (SELECT 1 FROM copy_trading_relationships "
	                                  "WHERE trader_id = $1 AND status = 'active')",
	    1);
	PGresult *r = db_query(a, &q, DB_P(trader_id));

	if (r == NULL)
		return db_last_rc();
	if (strcmp(db_val(r, 0, 0), "t") != 0)
		return DB_OK;
	return jobs_enqueue(a, "copy",
	    json_pack(
	        "{s:s, s:I, s:i}", "bet_id", bet_id, "bankroll", (json_int_t)bankroll, "delay", 0),
	    0, arena_printf(a, "copy:%s:0", bet_id));
}

/* ---- one chunk of the fan-out ---- */

struct original {
	const char *id, *trader_id, *placed_at;
	struct copy_original o;
	int32_t price; /* the selection's price now; 0: none */
	int open;      /* market open, event not started */
	int elapsed;   /* whole seconds since placement (rounded down: a delayed
	                          job is never due before placement + delay) */
};

static int
read_original(struct arena *a, const char *bet_id, int64_t bankroll, struct original *o)
{
	static struct db_stmt q =
	    DB_STMT("SELECT b.user_id, b.stake, b.odds, coalesce(b.win_probability, 0), b.sport, "
	            "b.market_kind, b.placed_at, coalesce(s.odds, 0), "
	            "m.status = 'open' AND e.status = 'scheduled' AND e.starts_at > now(), "
	            "greatest(0, floor(extract(epoch FROM now() - b.placed_at)))::int "
	            "FROM bets b JOIN selections s ON s.id = b.selection_id "
	            "JOIN markets m ON m.id = b.market_id JOIN events e ON e.id = b.event_id "
	            "WHERE b.id = $1",
	        1);
	PGresult *r = db_query(a, &q, DB_P(bet_id));

	if (r == NULL)
		return -1;
	if (db_rows(r) == 0)
		return 0;
	o->id = bet_id;
	o->trader_id = db_val(r, 0, 0);
	o->o.stake = db_ll(r, 0, 1);
	o->o.odds = (int32_t)db_ll(r, 0, 2);
	o->o.win_probability_bp = (int32_t)db_ll(r, 0, 3);
	o->o.sport = db_val(r, 0, 4);
	o->o.market_kind = db_val(r, 0, 5);
	o->o.trader_bankroll = bankroll;
	o->placed_at = db_val(r, 0, 6);
	o->price = (int32_t)db_ll(r, 0, 7);
	o->open = strcmp(db_val(r, 0, 8), "t") == 0 && o->price > 1000;
	o->elapsed = (int)db_ll(r, 0, 9);
	return 1;
}

/* Was the relationship r active at time t (a bet placed then is owed a copy
 * or a recorded skip)? Created by then, not in a closed inactive period,
 * and not inactive since before t. */
#define COPY_ACTIVE_AT(t)                                                               \
	"(r.created_at <= " t "::timestamptz AND NOT r.inactive @> " t "::timestamptz " \
	"AND (r.inactive_since IS NULL OR r.inactive_since > " t "::timestamptz))"

/* The first chunk queues the delayed ones: one job per delay in use by the
 * relationships the bet is owed to (a paused one too: its copy, when due,
 * is a copy after a resume or a `paused` skip). */
static int
queue_delays(struct arena *a, const struct original *o, int64_t bankroll)
{
	static struct db_stmt q =
	    DB_STMT("SELECT DISTINCT copy_delay_seconds FROM copy_trading_relationships r "
	            "WHERE trader_id = $1 AND copy_delay_seconds > 0 AND " COPY_ACTIVE_AT("$2"),
	        2);
	PGresult *r = db_query(a, &q, DB_P(o->trader_id, o->placed_at));

	if (r == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++) {
		int d = (int)db_ll(r, i, 0);

		if (jobs_enqueue(a, "copy",
		        json_pack("{s:s, s:I, s:i}", "bet_id", o->id, "bankroll",
		            (json_int_t)bankroll, "delay", d),
		        d > o->elapsed ? d - o->elapsed : 0,
		        arena_printf(a, "copy:%s:%d", o->id, d)) != DB_OK)
			return -1;
	}
	return 0;
}

#define MAX_UUID "ffffffff-ffff-ffff-ffff-ffffffffffff"

/* Queues the chunk of relationships (after, upto] (upto NULL: no bound). */
static int
queue_range(struct arena *a, const char *bet_id, json_int_t bankroll, const char *delay,
    const char *after, const char *upto)
{
	json_t *p = json_pack("{s:s, s:I, s:i, s:s}", "bet_id", bet_id, "bankroll", bankroll,
	    "delay", atoi(delay), "after", after);

	if (upto != NULL)
		json_object_set_new(p, "upto", json_string(upto));
	return jobs_enqueue(
	    a, "copy", p, 0, arena_printf(a, "copy:%s:%s:%s", bet_id, delay, after));
}

/* Splits a delay's copiers into ranges of COPY_CHUNK relationship ids and
 * queues one job per range, so the copy lane's processes run them side by
 * side (disjoint relationships and followers: no lock in common but the
 * trader's row, updated last). The first range starts after the nil id,
 * the last has no upper bound: the ranges cover every id, and each range
 * job selects its own copiers, so the split only sizes them. It counts the
 * copiers the job is for (delay 0: every active one, an index-only walk;
 * a delay: those with a delay up to it, the others were copied already).
 * Returns the jobs queued: none when every copier fits in one range, which
 * the caller then runs itself rather than queue. */
static int
split_ranges(struct arena *a, const struct original *o, json_int_t bankroll, const char *delay)
{
	static struct db_stmt q_now = DB_STMT(
	    "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS c "
	    "FROM copy_trading_relationships WHERE trader_id = $1 AND status = 'active') s "
	    "WHERE n % $2::int = 0 AND n < c ORDER BY id",
	    2);
	static struct db_stmt q_delayed = DB_STMT(
	    "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS c "
	    "FROM copy_trading_relationships WHERE trader_id = $1 AND status = 'active' "
	    "AND copy_delay_seconds BETWEEN 1 AND $3::int) s "
	    "WHERE n % $2::int = 0 AND n < c ORDER BY id",
	    3);
	char chunk[16];
	PGresult *r;
	int n;

	snprintf(chunk, sizeof(chunk), "%d", COPY_CHUNK);
	r = strcmp(delay, "0") == 0 ? db_query(a, &q_now, DB_P(o->trader_id, chunk))
	                            : db_query(a, &q_delayed, DB_P(o->trader_id, chunk, delay));
	if (r == NULL)
		return -1;
	if ((n = db_rows(r)) == 0)
		return 0;
	for (int i = 0; i <= n; i++)
		if (queue_range(a, o->id, bankroll, delay, i == 0 ? NIL_UUID : db_val(r, i - 1, 0),
		        i < n ? db_val(r, i, 0) : NULL) != DB_OK)
			return -1;
	return n + 1;
}

/* Columns of the chunk query. */
enum {
	C_ID,
	C_FOLLOWER,
	C_SETTINGS,
	C_START,
	C_RUN,
	C_PEAK,
	C_DAY,
	C_MONTH,
	C_STREAK,
	C_CASH,
	C_IN_PLAY,
	C_NOW,
	C_STATUS,
	C_CAN_BET
};

struct row {
	const char *rel, *follower;
	struct copy_decision d;
	int keep;                /* recorded (a settings document that does not parse is not) */
	int64_t bankroll;        /* the follower's, when sized (-1: not sized) */
	int64_t trader_bankroll; /* used by proportional sizing (-1: not used) */
	size_t copy;             /* index in the copies, when placed */
};

/* Parsed settings by document, for one chunk. Parsing a document costs
 * about 15 us (a tenth of a copy's time in a chunk of 1,000), and copiers
 * share few documents (the defaults with an amount or a percentage): each
 * distinct one is parsed once. Documents are jsonb written back as text,
 * so equal settings are equal text. */
#define SETTINGS_MEMO 32
struct settings_memo {
	size_t n;
	struct {
		const char *text;
		unsigned long hash;
		int rc;
		struct copy_settings s;
	} e[SETTINGS_MEMO];
};

static const struct copy_settings *
settings_memo_load(struct settings_memo *m, const char *text, struct copy_settings *spare, int *rc)
{
	unsigned long h = 5381;

	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		h = h * 33 + *c;
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].hash == h && strcmp(m->e[i].text, text) == 0) {
			*rc = m->e[i].rc;
			return &m->e[i].s;
		}
	if (m->n == SETTINGS_MEMO) {
		*rc = copy_settings_load(text, spare);
		return spare;
	}
	m->e[m->n].text = text;
	m->e[m->n].hash = h;
	m->e[m->n].rc = *rc = copy_settings_load(text, &m->e[m->n].s);
	return &m->e[m->n++].s;
}

/* Decides one copier of the chunk's row i into w: 1 when it is recorded
 * (a copy, or a skip with its reason), 0 when its settings do not parse. */
static int
fanout_decide(const PGresult *r, int i, const struct original *o, const struct copy_limits *lim,
    struct settings_memo *memo, struct row *w)
{
	struct copy_settings spare;
	const struct copy_settings *s;
	struct copy_state st = { db_ll(r, i, C_START), db_ll(r, i, C_RUN), db_ll(r, i, C_PEAK),
		db_ll(r, i, C_DAY), db_ll(r, i, C_MONTH), (int)db_ll(r, i, C_STREAK) };
	struct copy_follower f = { db_ll(r, i, C_CASH) + db_ll(r, i, C_IN_PLAY),
		db_ll(r, i, C_CASH) };
	int rc;

	w->rel = db_val(r, i, C_ID);
	w->follower = db_val(r, i, C_FOLLOWER);
	w->bankroll = w->trader_bankroll = -1;
	/* a follower whose account cannot bet (suspended), then a bet placed
	 * while active and due while paused or after a stop: a skip */
	if (strcmp(db_val(r, i, C_CAN_BET), "t") != 0) {
		w->d.skip = COPY_SKIP_FOLLOWER_SUSPENDED;
		return w->keep = 1;
	}
	if (strcmp(db_val(r, i, C_STATUS), "active") != 0) {
		w->d.skip = strcmp(db_val(r, i, C_STATUS), "paused") == 0 ? COPY_SKIP_PAUSED
		                                                          : COPY_SKIP_STOPPED;
		return w->keep = 1;
	}
	s = settings_memo_load(memo, db_val(r, i, C_SETTINGS), &spare, &rc);
	if (rc != 0) {
		log_warn("copy: relationship %s has settings that do not parse", w->rel);
		return 0;
	}
	w->keep = 1;
	if (!o->open) {
		w->d.skip = COPY_SKIP_MARKET_CLOSED;
		return 1;
	}
	copy_decide(s, lim, &o->o, o->price, &st, &f, &w->d);
	w->bankroll = f.bankroll;
	if (s->mode == COPY_PROPORTIONAL && o->o.trader_bankroll > 0)
		w->trader_bankroll = o->o.trader_bankroll;
	return 1;
}

/* Records the chunk's copies and skips (arrays of one statement). 0 or -1. */
static int
fanout_record(struct arena *a, const char *bet_id, const struct original *o, const struct row *rows,
    int n, const struct bets_copy *copies)
{
	/* Every copy and skip, and the relationships' counters, in one statement.
	 * A copy another path placed meanwhile (a one-off from a post) keeps
	 * its own record: ON CONFLICT leaves it. */
	static struct db_stmt q_record = DB_STMT(
	    "WITH x AS (SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], "
	    "$7::text[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::bool[], "
	    "$15::bigint[], $16::bigint[]) "
	    "AS x (id, rel, follower, bet, reason, amount, ratio, sized, capped, reduced, fbank, "
	    "tbank)), "
	    "ins AS (INSERT INTO copy_trades (id, relationship_id, follower_id, trader_id, "
	    "original_bet_id, copy_bet_id, status, skip_reason, copy_amount, copy_ratio, sized, "
	    "capped_by, reduced, trader_odds, copy_odds, follower_bankroll, trader_bankroll) "
	    "SELECT x.id, x.rel, x.follower, $2::uuid, $1::uuid, x.bet, "
	    "CASE WHEN x.bet IS NULL THEN 'skipped' ELSE 'placed' END, x.reason, x.amount, x.ratio, "
	    "x.sized, x.capped, x.reduced, $13::int, nullif($14::int, 0), x.fbank, x.tbank FROM x "
	    "ON CONFLICT (follower_id, original_bet_id) DO NOTHING "
	    "RETURNING relationship_id, status, copy_amount) "
	    "UPDATE copy_trading_relationships r SET "
	    "total_copied_amount = r.total_copied_amount + i.copy_amount, "
	    "copies_placed = r.copies_placed + (i.status = 'placed')::int, "
	    "copies_skipped = r.copies_skipped + (i.status = 'skipped')::int "
	    "FROM ins i WHERE r.id = i.relationship_id",
	    16);
	const char *arr[12];
	struct buf c[12];
	char tod[16], pod[16];
	int rc;

	for (size_t i = 0; i < TG_NELEM(c); i++) {
		buf_init(&c[i]);
		db_arr_begin(&c[i]);
	}
	for (int i = 0; i < n; i++) {
		const struct row *w = &rows[i];
		int placed = w->keep && w->d.skip == COPY_OK;
		char id[UUID_STRLEN + 1];

		/* a copy placed meanwhile by another path has its own record */
		if (!w->keep || (placed && !copies[w->copy].placed))
			continue;
		util_uuid7(id);
		db_arr_str(&c[0], id);
		db_arr_str(&c[1], w->rel);
		db_arr_str(&c[2], w->follower);
		db_arr_str(&c[3], placed ? copies[w->copy].bet_id : NULL);
		db_arr_str(&c[4], placed ? NULL : copy_skip_name(w->d.skip));
		db_arr_int(&c[5], placed ? w->d.amount : 0, 0);
		db_arr_int(&c[6], placed ? copy_ratio_bp(w->d.amount, o->o.stake) : 0, 0);
		db_arr_int(&c[7], w->d.sized, 0);
		db_arr_str(&c[8], w->d.capped_by);
		db_arr_str(&c[9], w->d.reduced ? "t" : "f");
		db_arr_int(&c[10], w->bankroll, w->bankroll < 0);
		db_arr_int(&c[11], w->trader_bankroll, w->trader_bankroll < 0);
	}
	snprintf(tod, sizeof(tod), "%d", o->o.odds);
	snprintf(pod, sizeof(pod), "%d", o->price);
	for (size_t i = 0; i < TG_NELEM(c); i++)
		arr[i] = db_arr_end(&c[i]);
	rc = db_cmd(a, &q_record,
	         DB_P(bet_id, o->trader_id, arr[0], arr[1], arr[2], arr[3], arr[4], arr[5], arr[6],
	             arr[7], arr[8], arr[9], tod, pod, arr[10], arr[11])) < 0
	    ? -1
	    : 0;
	for (size_t i = 0; i < TG_NELEM(c); i++)
		buf_free(&c[i]);
	return rc;
}

int
copy_job_fanout(struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err, size_t errsz)
{
	/* The followers' cash rows are locked with their relationships; a
	 * follower whose own bet is being placed waits for this chunk's commit
	 * (or this chunk for it), and the ledger sees the cash the decision saw. */
	static struct db_stmt q_chunk = DB_STMT(
	    "SELECT r.id, r.follower_id, r.settings::text, r.start_bankroll, r.run_pnl, r.peak_pnl, "
	    "CASE WHEN r.pnl_day = (now() AT TIME ZONE 'UTC')::date THEN r.day_pnl ELSE 0 END, "
	    "CASE WHEN date_trunc('month', r.pnl_day::timestamp) = "
	    "date_trunc('month', now() AT TIME ZONE 'UTC') "
	    "THEN r.month_pnl ELSE 0 END, r.losing_streak, c.balance, i.balance, now()::text, "
	    "r.status, f.status = 'active' "
	    "FROM copy_trading_relationships r JOIN users f ON f.id = r.follower_id "
	    "JOIN ledger_accounts c ON c.user_id = r.follower_id AND c.kind = 'user_cash' "
	    "JOIN ledger_accounts i ON i.user_id = r.follower_id AND i.kind = 'user_in_play' "
	    "WHERE r.trader_id = $1 AND r.copy_delay_seconds <= $2::int "
	    "AND r.id > $3::uuid AND r.id <= $7::uuid AND " COPY_ACTIVE_AT(
	        "$4") " "
	              "AND NOT EXISTS (SELECT 1 FROM copy_trades x WHERE x.follower_id = r.follower_id "
	              "AND x.original_bet_id = $5) "
	              "ORDER BY r.id LIMIT $6::int FOR UPDATE OF r, c",
	    7);
	const char *bet_id = json_string_value(json_object_get(p, "bet_id"));
	const char *after = json_string_value(json_object_get(p, "after"));
	const char *upto = json_string_value(json_object_get(p, "upto"));
	json_t *jb = json_object_get(p, "bankroll"), *jd = json_object_get(p, "delay");
	struct copy_limits lim = { t->copy_hard_cap_bp, t->min_stake, t->max_stake };
	struct original o;
	struct bets_copy *copies;
	struct row *rows;
	struct settings_memo *memo;
	char chunk[16], delay[16];
	size_t ncopies = 0;
	PGresult *r;
	int n, rc;

	if (bet_id == NULL || !util_uuid_valid(bet_id) || !json_is_integer(jb) ||
	    !json_is_integer(jd) || json_integer_value(jd) < 0 ||
	    json_integer_value(jd) > COPY_DELAY_MAX || (after && !util_uuid_valid(after)) ||
	    (upto && !util_uuid_valid(upto))) {
		snprintf(
		    err, errsz, "payload needs bet_id, bankroll, delay (and valid after, upto)");
		return -1;
	}
	if ((rc = read_original(a, bet_id, json_integer_value(jb), &o)) <= 0) {
		if (rc < 0)
			snprintf(err, errsz, "reading the original bet failed (%s)", db_sqlstate());
		return rc; /* no such bet: nothing to copy */
	}
	if (after == NULL && json_integer_value(jd) == 0 &&
	    queue_delays(a, &o, json_integer_value(jb)) != 0) {
		snprintf(err, errsz, "queueing the delayed copies failed");
		return -1;
	}
	snprintf(chunk, sizeof(chunk), "%d", 2 * COPY_CHUNK);
	snprintf(delay, sizeof(delay), "%d", (int)json_integer_value(jd));
	/* The first job of a delay splits its copiers into ranges, which the
	 * copy lane's processes then run side by side once it commits; when
	 * they fit in one range it runs that range itself. */
	if (after == NULL && upto == NULL) {
		if ((rc = split_ranges(a, &o, json_integer_value(jb), delay)) < 0) {
			snprintf(err, errsz, "splitting the fan-out failed (%s)", db_sqlstate());
			return -1;
		}
		if (rc > 0)
			return 0;
	}
	if (upto == NULL)
		upto = ""; /* the last range: no bound */
	if ((r = db_query(a, &q_chunk,
	         DB_P(o.trader_id, delay, after ? after : NIL_UUID, o.placed_at, bet_id, chunk,
	             upto[0] ? upto : MAX_UUID))) == NULL) {
		snprintf(err, errsz, "reading the copiers failed (%s)", db_sqlstate());
		return -1;
	}
	if ((n = db_rows(r)) == 0)
		return 0;
	rows = arena_calloc(a, (size_t)n, sizeof(*rows));
	copies = arena_calloc(a, (size_t)n, sizeof(*copies));
	memo = arena_calloc(a, 1, sizeof(*memo));
	if (rows == NULL || copies == NULL || memo == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (fanout_decide(r, i, &o, &lim, memo, &rows[i]) && rows[i].d.skip == COPY_OK) {
			rows[i].copy = ncopies;
			copies[ncopies++] =
			    (struct bets_copy){ rows[i].follower, rows[i].d.amount, "", 0 };
		}
	if (ncopies > 0 && (rc = bets_place_copies(a, bet_id, o.price, copies, ncopies)) < 0) {
		snprintf(err, errsz, "placing %zu copies failed (%s)", ncopies,
		    rc == BETS_ERR_FUNDS ? "cash" : db_sqlstate());
		return -1;
	}

	if ((rc = fanout_record(a, bet_id, &o, rows, n, copies)) != 0) {
		snprintf(err, errsz, "recording the copies failed (%s)", db_sqlstate());
		return -1;
	}
	/* The rest of a range that grew (delays lowered since the split), then
	 * the followers' notifications (live lane). */
	if ((n == 2 * COPY_CHUNK &&
	        queue_range(a, bet_id, json_integer_value(jb), delay, rows[n - 1].rel,
	            upto[0] ? upto : NULL) != DB_OK) ||
	    jobs_enqueue(a, "copy_notify",
	        json_pack("{s:s, s:s, s:s, s:s}", "bet_id", bet_id, "from",
	            after ? after : NIL_UUID, "to", rows[n - 1].rel, "at", db_val(r, 0, C_NOW)),
	        0, NULL) != DB_OK) {
		snprintf(err, errsz, "queueing the next chunk failed");
		return -1;
	}
	return 0;
}

/* ---- notifications ---- */

/* Skips a follower is told about: those not of their own choosing, and a
 * bet that came due while the relationship was paused (a filter
 * or auto copy off is recorded and shown on /copy, but not pushed for every
 * bet the trader places). */
static const enum copy_skip told[] = { COPY_SKIP_SLIPPAGE, COPY_SKIP_DAILY_LOSS,
	COPY_SKIP_MONTHLY_LOSS, COPY_SKIP_TRADER_BANKROLL, COPY_SKIP_BELOW_MIN_STAKE,
	COPY_SKIP_NO_CASH, COPY_SKIP_MARKET_CLOSED, COPY_SKIP_PAUSED };

int
copy_job_notify(struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err, size_t errsz)
{
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO notifications (id, user_id, kind, title, body, link) "
	    "SELECT gen_random_uuid(), x.follower_id, 'copy_' || x.status, "
	    "CASE x.status WHEN 'placed' THEN 'Copied ' || u.display_name || '''s bet: stake ' "
	    " || money_text(x.copy_amount) ELSE 'Skipped a copy of ' || u.display_name || '''s bet: ' "
	    " || lower(($5::text[])[array_position($4::text[], x.skip_reason)]) END, "
	    "ht.name || ' v ' || at.name || ' · ' || o.sport || ' · trader''s odds ' "
	    " || odds_text(x.trader_odds) || coalesce(' · copy''s odds ' || odds_text(x.copy_odds), ''), "
	    "'/copy' FROM copy_trades x JOIN users u ON u.id = x.trader_id "
	    "JOIN bets o ON o.id = x.original_bet_id JOIN events e ON e.id = o.event_id "
	    "JOIN teams ht ON ht.id = e.home_team_id JOIN teams at ON at.id = e.away_team_id "
	    "WHERE x.original_bet_id = $1 AND x.relationship_id > $2::uuid "
	    "AND x.relationship_id <= $3::uuid AND x.created_at = $7::timestamptz "
	    "AND (x.status = 'placed' OR x.skip_reason = ANY($6::text[])) "
	    "RETURNING " NOTIFY_COLS ", user_id",
	    7);
	const char *bet = json_string_value(json_object_get(p, "bet_id"));
	const char *from = json_string_value(json_object_get(p, "from"));
	const char *to = json_string_value(json_object_get(p, "to"));
	const char *at = json_string_value(json_object_get(p, "at"));
	struct buf names, labels, tell;
	PGresult *r;

	(void)t;
	if (bet == NULL || from == NULL || to == NULL || at == NULL || !util_uuid_valid(bet) ||
	    !util_uuid_valid(from) || !util_uuid_valid(to)) {
		snprintf(err, errsz, "payload needs bet_id, from, to and at");
		return -1;
	}
	buf_init(&names);
	buf_init(&labels);
	buf_init(&tell);
	db_arr_begin(&names);
	db_arr_begin(&labels);
	db_arr_begin(&tell);
	for (int k = 1; k < COPY_SKIP__COUNT; k++) {
		db_arr_str(&names, copy_skip_name((enum copy_skip)k));
		db_arr_str(&labels, copy_skip_label((enum copy_skip)k));
	}
	for (size_t k = 0; k < TG_NELEM(told); k++)
		db_arr_str(&tell, copy_skip_name(told[k]));
	r = db_query(a, &q,
	    DB_P(bet, from, to, db_arr_end(&names), db_arr_end(&labels), db_arr_end(&tell), at));
	buf_free(&names);
	buf_free(&labels);
	buf_free(&tell);
	if (r == NULL) {
		snprintf(err, errsz, "storing the notifications failed (%s)", db_sqlstate());
		return -1;
	}
	if (notify_push_rows(a, r) != DB_OK) {
		snprintf(err, errsz, "queueing the pushes failed (%s)", db_sqlstate());
		return -1;
	}
	return 0;
}

/* ---- settlement ---- */

static int
utc_day(int64_t at, int *month_key)
{
	time_t tt = (time_t)at;
	struct tm tm;

	gmtime_r(&tt, &tm);
	*month_key = (tm.tm_year + 1900) * 12 + tm.tm_mon;
	return (int)(at / 86400);
}

/* Folds a relationship's settled copies (the rows of q_trades from *k on
 * that belong to id, in settlement order) into its state st, counting
 * today and this month from *day_at on (moved to the last settlement).
 * Returns what its total profit changes by. */
static int64_t
settle_fold(
    const PGresult *tr, int *k, int nt, const char *id, struct copy_state *st, int64_t *day_at)
{
	int64_t delta = 0;
	int mk, day = utc_day(*day_at, &mk);

	for (; *k < nt && strcmp(db_val(tr, *k, 0), id) == 0; (*k)++) {
		int64_t now = db_ll(tr, *k, 2), at = db_ll(tr, *k, 4);
		int m2, d2 = utc_day(at, &m2);
		enum bets_outcome oc;

		if (db_val(tr, *k, 1) != NULL) {
			/* a corrected result: the difference, streak unchanged */
			int64_t diff = now - db_ll(tr, *k, 1);

			delta += diff;
			st->realised_pnl += diff;
			if (st->realised_pnl > st->peak_pnl)
				st->peak_pnl = st->realised_pnl;
			if (d2 == day)
				st->day_pnl += diff;
			if (m2 == mk)
				st->month_pnl += diff;
			continue;
		}
		if (bets_outcome_parse(db_val(tr, *k, 3), &oc) != 0)
			oc = BETS_VOID;
		delta += now;
		if (d2 < day) {
			/* history older than the day being counted: life totals only */
			st->realised_pnl += now;
			if (st->realised_pnl > st->peak_pnl)
				st->peak_pnl = st->realised_pnl;
			continue;
		}
		copy_state_settle(st, now, oc, d2 == day, m2 == mk);
		day = d2, mk = m2, *day_at = at;
	}
	return delta;
}

/* Tells the follower of q_rels' row j that the relationship stopped itself. */
static int
stop_tell(struct arena *a, const PGresult *rr, int j, enum copy_stop stop,
    const struct copy_settings *s, const struct copy_state *st)
{
	return notify_user(a, db_val(rr, j, 1), NOTIFY_COPY_STOPPED,
	    arena_printf(a, "Copying %s stopped", db_val(rr, j, 11)),
	    stop == COPY_STOP_DRAWDOWN
	        ? arena_printf(a, "The relationship fell %s%% below its peak, your stop.",
	              arena_printf(a, "%.1f", s->stop_drawdown_bp / 100.0))
	        : arena_printf(a, "It made %s, your take-profit.", money_str(a, st->realised_pnl)),
	    "/copy");
}

int
copy_on_settled(struct arena *a, const struct bets_settled_ev *ev)
{
	const char *bet_ids = ev->bet_ids;
	int live = ev->live;
	/* The copies among the settled bets, with the profit they had before
	 * (NULL: a first settlement) and have now. */
	static struct db_stmt q_trades = DB_STMT(
	    "WITH o AS (SELECT x.id, x.relationship_id, x.profit AS old, b.payout - b.stake AS new, "
	    "b.status, b.settled_at FROM copy_trades x JOIN bets b ON b.id = x.copy_bet_id "
	    "WHERE x.copy_bet_id = ANY($1::uuid[])), "
	    "u AS (UPDATE copy_trades x SET profit = o.new, settled_at = o.settled_at FROM o "
	    "WHERE x.id = o.id) "
	    "SELECT o.relationship_id, o.old, o.new, o.status, "
	    "extract(epoch FROM o.settled_at)::bigint FROM o WHERE o.relationship_id IS NOT NULL "
	    "ORDER BY o.relationship_id, o.settled_at, o.id",
	    1);
	static struct db_stmt q_rels = DB_STMT(
	    "SELECT id, follower_id, settings::text, start_bankroll, run_pnl, peak_pnl, "
	    "extract(epoch FROM pnl_day::timestamp)::bigint, day_pnl, month_pnl, losing_streak, "
	    "status, (SELECT display_name FROM users WHERE id = trader_id) "
	    "FROM copy_trading_relationships WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE",
	    1);
	static struct db_stmt q_write = DB_STMT(
	    "UPDATE copy_trading_relationships r SET "
	    "total_profit_loss = r.total_profit_loss + x.delta, run_pnl = x.run, peak_pnl = x.peak, "
	    "pnl_day = (to_timestamp(x.day) AT TIME ZONE 'UTC')::date, day_pnl = x.day_pnl, month_pnl = x.month_pnl, "
	    "losing_streak = x.streak, status = coalesce(x.stop_status, r.status), "
	    "stop_reason = coalesce(x.stop, r.stop_reason), "
	    "updated_at = CASE WHEN x.stop IS NULL THEN r.updated_at ELSE now() END "
	    "FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], "
	    "$6::bigint[], $7::bigint[], $8::int[], $9::text[], $10::text[]) "
	    "AS x (id, delta, run, peak, day, day_pnl, month_pnl, streak, stop_status, stop) "
	    "WHERE r.id = x.id",
	    10);
	struct buf ids, c[10];
	PGresult *tr, *rr;
	int nt, nr, k = 0, rc = DB_OK;

	if ((tr = db_query(a, &q_trades, DB_P(bet_ids))) == NULL)
		return db_last_rc();
	if ((nt = db_rows(tr)) == 0)
		return DB_OK;
	buf_init(&ids);
	db_arr_begin(&ids);
	for (int i = 0; i < nt; i++)
		if (i == 0 || strcmp(db_val(tr, i, 0), db_val(tr, i - 1, 0)) != 0)
			db_arr_str(&ids, db_val(tr, i, 0));
	rr = db_query(a, &q_rels, DB_P(db_arr_end(&ids)));
	buf_free(&ids);
	if (rr == NULL)
		return db_last_rc();
	nr = db_rows(rr);
	for (size_t i = 0; i < TG_NELEM(c); i++) {
		buf_init(&c[i]);
		db_arr_begin(&c[i]);
	}
	/* Both results are in relationship id order: walk them together. */
	for (int j = 0; j < nr && rc == DB_OK; j++) {
		const char *id = db_val(rr, j, 0);
		struct copy_state st = { db_ll(rr, j, 3), db_ll(rr, j, 4), db_ll(rr, j, 5),
			db_ll(rr, j, 7), db_ll(rr, j, 8), (int)db_ll(rr, j, 9) };
		int64_t day_at = db_ll(rr, j, 6), delta;
		struct copy_settings s;
		enum copy_stop stop = COPY_STOP_NONE;

		copy_settings_defaults(&s);
		for (; k < nt && strcmp(db_val(tr, k, 0), id) < 0; k++)
			;
		delta = settle_fold(tr, &k, nt, id, &st, &day_at);
		if (strcmp(db_val(rr, j, 10), "cancelled") != 0 &&
		    copy_settings_load(db_val(rr, j, 2), &s) == 0)
			stop = copy_should_stop(&s, &st);
		db_arr_str(&c[0], id);
		db_arr_int(&c[1], delta, 0);
		db_arr_int(&c[2], st.realised_pnl, 0);
		db_arr_int(&c[3], st.peak_pnl, 0);
		db_arr_int(&c[4], day_at, 0);
		db_arr_int(&c[5], st.day_pnl, 0);
		db_arr_int(&c[6], st.month_pnl, 0);
		db_arr_int(&c[7], st.losing_streak, 0);
		db_arr_str(&c[8], stop ? "cancelled" : NULL);
		db_arr_str(&c[9], stop ? copy_stop_name(stop) : NULL);
		if (stop && live && stop_tell(a, rr, j, stop, &s, &st) != 0)
			rc = DB_ERR;
	}
	if (rc == DB_OK) {
		const char *arr[10];

		for (size_t i = 0; i < TG_NELEM(c); i++)
			arr[i] = db_arr_end(&c[i]);
		if (db_cmd(a, &q_write,
		        DB_P(arr[0], arr[1], arr[2], arr[3], arr[4], arr[5], arr[6], arr[7], arr[8],
		            arr[9])) != nr)
			rc = DB_ERR;
	}
	for (size_t i = 0; i < TG_NELEM(c); i++)
		buf_free(&c[i]);
	return rc;
}
