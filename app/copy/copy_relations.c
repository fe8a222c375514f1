/*
 * Copy relationships: starting, changing, pausing, resuming and stopping
 * them, and reading them back with their performance. Shared by the JSON
 * endpoints (copy_api.c) and the pages (copy_pages.c).
 *
 * A relationship is locked (FOR UPDATE) before it changes, so a change
 * waits for a fan-out chunk that holds it and the chunk never sees half a
 * change. One row per (follower, trader): stopping keeps the row and its
 * history; starting again reuses it with fresh settings and a fresh risk
 * state.
 */
#include "copy_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../jobs/jobs.h"
#include "../ledger/ledger.h"
#include "../notify/notify.h"
#include "../social/social.h"
#include "../tenancy/tenancy.h"

/* ---- settings against the catalogue ---- */

int
copy_settings_read(struct arena *a, json_t *doc, struct copy_settings *s, struct copy_errors *errs)
{
	static struct db_stmt q = DB_STMT("SELECT key FROM sports", 0);
	PGresult *r;
	const char **sports;

	copy_settings_defaults(s);
	memset(errs, 0, sizeof(*errs));
	if ((r = db_query(a, &q, NULL)) == NULL)
		return DB_ERR;
	if ((sports = arena_calloc(a, (size_t)db_rows(r) + 1, sizeof(*sports))) == NULL)
		return DB_ERR;
	for (int i = 0; i < db_rows(r); i++)
		sports[i] = db_val(r, i, 0);
	return copy_settings_apply(a, s, doc, sports, errs) == 0 ? 0 : 1;
}

/* ---- changes ---- */

void
copy_refuse(struct copy_outcome *o, int status, const char *code, const char *msg)
{
	o->status = status;
	o->code = code;
	o->msg = msg;
}

int
copy_rel_eligible(
    struct arena *a, const struct tenancy_tenant *t, const char *trader_id, struct copy_outcome *o)
{
	static struct db_stmt q =
	    DB_STMT("SELECT u.status, coalesce(p.bets, 0), u.username FROM users u "
	            "LEFT JOIN profile_stats p ON p.user_id = u.id WHERE u.id = $1",
	        1);
	PGresult *r;

	if (!util_uuid_valid(trader_id) || (r = db_query(a, &q, DB_P(trader_id))) == NULL ||
	    db_rows(r) == 0) {
		if (util_uuid_valid(trader_id) && db_last_rc() != DB_OK)
			return -1;
		copy_refuse(o, 404, "unknown_trader", "There is no such member.");
		return 1;
	}
	if (strcmp(db_val(r, 0, 0), "active") != 0) {
		copy_refuse(
		    o, 422, "trader_suspended", "This member is suspended and cannot be copied.");
		return 1;
	}
	if (db_ll(r, 0, 1) < t->copy_min_settled) {
		copy_refuse(o, 422, "trader_not_eligible",
		    arena_printf(a, "A member can be copied after %d settled bets; @%s has %lld.",
		        t->copy_min_settled, db_val(r, 0, 2), db_ll(r, 0, 1)));
		return 1;
	}
	return 0;
}

/* The settings as stored: compact, sorted JSON copied into the arena. */
static const char *
settings_text(struct arena *a, const struct copy_settings *s)
{
	json_t *j = copy_settings_json(s);
	char *text = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	const char *out = text != NULL ? arena_strdup(a, text) : NULL;

	json_decref(j);
	free(text);
	return out;
}

int
copy_rel_create(struct arena *a, const struct auth_actor *me, const char *trader_id, json_t *doc,
    struct copy_outcome *o)
{
	/* A stopped relationship starts again with the new settings and a
	 * fresh risk state; a live one is not touched (no row comes back). */
	static struct db_stmt q = DB_STMT(
	    "INSERT INTO copy_trading_relationships AS r (id, follower_id, trader_id, settings, "
	    "copy_delay_seconds, start_bankroll) VALUES ($1, $2, $3, $4::jsonb, $5::int, $6::bigint) "
	    "ON CONFLICT (follower_id, trader_id) DO UPDATE SET settings = EXCLUDED.settings, "
	    "copy_delay_seconds = EXCLUDED.copy_delay_seconds, status = 'active', stop_reason = NULL, "
	    "start_bankroll = EXCLUDED.start_bankroll, run_pnl = 0, peak_pnl = 0, "
	    "pnl_day = (now() AT TIME ZONE 'UTC')::date, day_pnl = 0, month_pnl = 0, "
	    "losing_streak = 0, started_at = now(), updated_at = now() "
	    "WHERE r.status = 'cancelled' RETURNING id",
	    6);
	static struct db_stmt q_existing = DB_STMT(
	    "SELECT id FROM copy_trading_relationships WHERE follower_id = $1 AND trader_id = $2",
	    2);
	struct copy_settings s;
	char id[UUID_STRLEN + 1], delay[16], bank[24];
	const char *text;
	struct tg_err fe;
	int64_t cash, in_play;
	PGresult *r;
	int rc;

	memset(o, 0, sizeof(*o));
	if (!me->tenant->copy_trading) {
		copy_refuse(
		    o, 404, "copy_trading_off", "Copy trading is not offered on this site.");
		return 0;
	}
	if (util_uuid_valid(trader_id) && strcmp(trader_id, me->user_id) == 0) {
		copy_refuse(o, 422, "self_copy", "You cannot copy yourself.");
		return 0;
	}
	if ((rc = copy_rel_eligible(a, me->tenant, trader_id, o)) != 0)
		return rc < 0 ? -1 : 0;
	if ((rc = copy_settings_read(a, doc, &s, &o->errs)) != 0) {
		if (rc < 0)
			return -1;
		copy_refuse(o, 422, "invalid_settings", "Some settings are not valid.");
		return 0;
	}
	/* Copying implies following (a block either way refuses both). */
	fe = social_graph_act(a, me, SG_FOLLOW, trader_id, &rc);
	if (fe.code == TG_INTERNAL)
		return -1;
	if (fe.code != TG_OK) {
		copy_refuse(o, tg_status(fe.code), "cannot_follow", fe.message);
		return 0;
	}
	if (ledger_balance(a, me->user_id, &cash, &in_play) != DB_OK)
		return -1;
	util_uuid7(id);
	snprintf(delay, sizeof(delay), "%d", s.copy_delay_seconds);
	snprintf(bank, sizeof(bank), "%lld", (long long)(cash + in_play));
	text = settings_text(a, &s);
	r = text ? db_query(a, &q, DB_P(id, me->user_id, trader_id, text, delay, bank)) : NULL;
	if (r == NULL)
		return -1;
	if (db_rows(r) == 0) {
		if ((r = db_query(a, &q_existing, DB_P(me->user_id, trader_id))) == NULL ||
		    db_rows(r) == 0)
			return -1;
		snprintf(o->id, sizeof(o->id), "%s", db_val(r, 0, 0));
		copy_refuse(o, 409, "already_copying",
		    "You already copy this member: change the settings of that relationship.");
		return 0;
	}
	snprintf(o->id, sizeof(o->id), "%s", db_val(r, 0, 0));
	o->status = 201;
	/* The trader is told (in this transaction: not for one that rolls back). */
	return notify_user(a, trader_id, NOTIFY_COPY_STARTED,
	           arena_printf(a, "%s started copying you",
	               me->display_name ? me->display_name : me->username),
	           arena_printf(a, "@%s copies your new bets from now on.", me->username),
	           arena_printf(a, "/u/%s", me->username)) == DB_OK
	    ? 0
	    : -1;
}

/* Locks the member's own relationship; NULL result with o set when it is
 * not theirs or not there. */
static PGresult *
lock_own(struct arena *a, const struct auth_actor *me, const char *id, struct copy_outcome *o)
{
	static struct db_stmt q =
	    DB_STMT("SELECT status, trader_id FROM copy_trading_relationships "
	            "WHERE id = $1 AND follower_id = $2 FOR UPDATE",
	        2);
	PGresult *r;

	memset(o, 0, sizeof(*o));
	if (!util_uuid_valid(id)) {
		copy_refuse(o, 404, "unknown_relationship", "There is no such copy relationship.");
		return NULL;
	}
	if ((r = db_query(a, &q, DB_P(id, me->user_id))) == NULL)
		return NULL;
	if (db_rows(r) == 0) {
		copy_refuse(o, 404, "unknown_relationship", "There is no such copy relationship.");
		return NULL;
	}
	snprintf(o->id, sizeof(o->id), "%s", id);
	return r;
}

/* A delay raised past the jobs already queued for the trader's recent bets:
 * those bets (placed within the longest delay, still without this
 * follower's copy or skip) get a job at the new delay, due that long after
 * their placement, so they end as a copy or a recorded skip, never
 * silently. The trader's bankroll comes from the bet's first copy job. A
 * job already queued for that bet and delay takes this relationship too. */
static int
requeue_raised(struct arena *a, const char *trader_id, const char *follower_id, int delay)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT b.id, coalesce((SELECT (j.payload->>'bankroll')::bigint FROM jobs j "
	    "WHERE j.dedup_key = 'copy:' || b.id || ':0' ORDER BY j.id LIMIT 1), 0), "
	    "greatest(0, ceil(extract(epoch FROM b.placed_at + make_interval(secs => $3::int) "
	    "- now())))::int FROM bets b WHERE b.user_id = $1 "
	    "AND b.placed_at > now() - make_interval(secs => $4::int) AND b.copied_from IS NULL "
	    "AND NOT EXISTS (SELECT 1 FROM copy_trades x WHERE x.original_bet_id = b.id "
	    "AND x.follower_id = $2)",
	    4);
	char d[16], max[16];
	PGresult *r;

	snprintf(d, sizeof(d), "%d", delay);
	snprintf(max, sizeof(max), "%d", COPY_DELAY_MAX + 60);
	if ((r = db_query(a, &q, DB_P(trader_id, follower_id, d, max))) == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++)
		if (jobs_enqueue(a, "copy",
		        json_pack("{s:s, s:I, s:i}", "bet_id", db_val(r, i, 0), "bankroll",
		            (json_int_t)db_ll(r, i, 1), "delay", delay),
		        (int)db_ll(r, i, 2),
		        arena_printf(a, "copy:%s:%d", db_val(r, i, 0), delay)) != DB_OK)
			return -1;
	return 0;
}

int
copy_rel_update(struct arena *a, const struct auth_actor *me, const char *id, json_t *doc,
    struct copy_outcome *o)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE copy_trading_relationships r SET settings = $2::jsonb, "
	    "copy_delay_seconds = $3::int, updated_at = now() FROM copy_trading_relationships old "
	    "WHERE r.id = $1 AND old.id = r.id "
	    "RETURNING old.copy_delay_seconds, r.trader_id, r.follower_id",
	    3);
	struct copy_settings s;
	char delay[16];
	const char *text;
	PGresult *r;
	int rc;

	if ((r = lock_own(a, me, id, o)) == NULL)
		return o->status ? 0 : -1;
	if (strcmp(db_val(r, 0, 0), "cancelled") == 0) {
		copy_refuse(o, 409, "relationship_stopped",
		    "This relationship has stopped: start copying again from the trader's profile.");
		return 0;
	}
	if ((rc = copy_settings_read(a, doc, &s, &o->errs)) != 0) {
		if (rc < 0)
			return -1;
		copy_refuse(o, 422, "invalid_settings", "Some settings are not valid.");
		return 0;
	}
	snprintf(delay, sizeof(delay), "%d", s.copy_delay_seconds);
	text = settings_text(a, &s);
	r = text ? db_query(a, &q, DB_P(id, text, delay)) : NULL;
	if (r == NULL || db_rows(r) != 1)
		return -1;
	if (s.copy_delay_seconds > db_ll(r, 0, 0) &&
	    requeue_raised(a, db_val(r, 0, 1), db_val(r, 0, 2), s.copy_delay_seconds) != 0)
		return -1;
	o->status = 200;
	return 0;
}

int
copy_rel_action(struct arena *a, const struct auth_actor *me, const char *id, enum copy_action act,
    struct copy_outcome *o)
{
	/* The status trigger (0017) records when the relationship was not
	 * active: a bet placed while paused is never copied, one placed while
	 * active and due during the pause is a `paused` skip, one due after
	 * the resume is copied. */
	static struct db_stmt q = DB_STMT(
	    "UPDATE copy_trading_relationships SET status = $2, "
	    "stop_reason = CASE WHEN $2 = 'cancelled' THEN 'follower' END, updated_at = now() "
	    "WHERE id = $1",
	    2);
	struct copy_outcome elig;
	const char *st, *to;
	PGresult *r;
	int rc;

	if ((r = lock_own(a, me, id, o)) == NULL)
		return o->status ? 0 : -1;
	st = db_val(r, 0, 0);
	if (strcmp(st, "cancelled") == 0 && act == COPY_STOP) {
		o->status = 200; /* stopped already: as documented, the relationship */
		return 0;
	}
	if (strcmp(st, "cancelled") == 0) {
		copy_refuse(o, 409, "relationship_stopped",
		    "This relationship has stopped: start copying again from the trader's profile.");
		return 0;
	}
	to = act == COPY_PAUSE ? "paused" : act == COPY_RESUME ? "active" : "cancelled";
	if (strcmp(st, to) == 0) {
		o->status = 200; /* already so */
		return 0;
	}
	if (act == COPY_RESUME) {
		/* the trader must still be copyable */
		memset(&elig, 0, sizeof(elig));
		if ((rc = copy_rel_eligible(a, me->tenant, db_val(r, 0, 1), &elig)) != 0) {
			if (rc < 0)
				return -1;
			*o = elig;
			snprintf(o->id, sizeof(o->id), "%s", id);
			return 0;
		}
	}
	if (db_cmd(a, &q, DB_P(id, to)) != 1)
		return -1;
	o->status = 200;
	return 0;
}

int
copy_stop_between(struct arena *a, const char *x, const char *y, int both)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE copy_trading_relationships SET status = 'cancelled', stop_reason = $3, "
	    "updated_at = now() WHERE status <> 'cancelled' AND ((follower_id = $1 AND trader_id = $2) "
	    "OR ($4::bool AND follower_id = $2 AND trader_id = $1))",
	    4);

	return db_cmd(a, &q, DB_P(x, y, both ? "blocked" : "follower", both ? "t" : "f")) < 0
	    ? db_last_rc()
	    : DB_OK;
}

int
copy_on_graph(struct arena *a, const struct social_graph_ev *ev)
{
	switch (ev->act) {
	case SG_UNFOLLOW:
		return copy_stop_between(a, ev->me, ev->target, 0);
	case SG_BLOCK:
		return copy_stop_between(a, ev->me, ev->target, 1);
	case SG_FOLLOW:
	case SG_UNBLOCK:
		break;
	}
	return DB_OK;
}

/* ---- reading ---- */

/* The relationship columns every reader receives (REL_* in copy_int.h), with
 * the performance of its copies. */
#define REL_SQL(where)                                                                                   \
	"SELECT r.id, r.trader_id, u.username, u.display_name, r.settings::text, r.status, "             \
	"coalesce(r.stop_reason, ''), r.total_copied_amount, r.total_profit_loss, r.copies_placed, "     \
	"r.copies_skipped, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), " \
	"to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "                   \
	"coalesce(s.settled_staked, 0), coalesce(s.open_count, 0), s.slippage_bp, s.clv_bp, "            \
	"coalesce(s.skips, '{}'), r.start_bankroll, r.run_pnl, r.peak_pnl, r.losing_streak, "            \
	"r.follower_id, "                                                                                \
	"CASE WHEN r.pnl_day = (now() AT TIME ZONE 'UTC')::date THEN r.day_pnl ELSE 0 END, "             \
	"CASE WHEN date_trunc('month', r.pnl_day::timestamp) = "                                         \
	"date_trunc('month', now() AT TIME ZONE 'UTC') THEN r.month_pnl ELSE 0 END "                     \
	"FROM copy_trading_relationships r JOIN users u ON u.id = r.trader_id "                          \
	"LEFT JOIN LATERAL (SELECT "                                                                     \
	" sum(x.copy_amount) FILTER (WHERE x.profit IS NOT NULL) AS settled_staked, "                    \
	" count(*) FILTER (WHERE x.status = 'placed' AND x.profit IS NULL) AS open_count, "              \
	" round(avg((x.copy_odds - x.trader_odds) * 10000.0 / x.trader_odds) "                           \
	"  FILTER (WHERE x.status = 'placed'))::bigint AS slippage_bp, "                                 \
	" round(avg((b.odds * 10000.0 / b.fair_closing_odds) - 10000) "                                  \
	"  FILTER (WHERE b.fair_closing_odds IS NOT NULL AND b.status <> 'void'))::bigint AS clv_bp, "   \
	" (SELECT jsonb_object_agg(k.reason, k.n) FROM (SELECT skip_reason AS reason, count(*) AS n "    \
	"  FROM copy_trades WHERE relationship_id = r.id AND status = 'skipped' "                        \
	"  GROUP BY skip_reason) k)::text AS skips "                                                     \
	" FROM copy_trades x LEFT JOIN bets b ON b.id = x.copy_bet_id "                                  \
	" WHERE x.relationship_id = r.id) s ON true "                                                    \
	"WHERE " where

PGresult *
copy_rel_list(struct arena *a, const char *follower_id)
{
	static struct db_stmt q =
	    DB_STMT(REL_SQL("r.follower_id = $1 "
	                    "ORDER BY r.status = 'cancelled', r.created_at DESC, r.id"),
	        1);

	return db_query(a, &q, DB_P(follower_id));
}

PGresult *
copy_rel_get(struct arena *a, const char *follower_id, const char *id)
{
	static struct db_stmt q = DB_STMT(REL_SQL("r.follower_id = $1 AND r.id = $2"), 2);

	return util_uuid_valid(id) ? db_query(a, &q, DB_P(follower_id, id)) : NULL;
}

static PGresult *
copy_trades_list(
    struct arena *a, const char *follower_id, const char *rel_id, const char *before, int limit)
{
	/* rel_id NULL: every copy of the member, one-offs included; before: the
	 * copies older than that one of the member's (none if it is not theirs) */
	static struct db_stmt q = DB_STMT(
	    "SELECT x.id, x.status, coalesce(x.skip_reason, ''), x.copy_amount, x.copy_ratio, "
	    "x.trader_odds, coalesce(x.copy_odds, 0), x.original_bet_id, x.copy_bet_id, "
	    "x.profit, coalesce(b.status, ''), u.username, u.display_name, ht.name, at.name, "
	    "o.sport, o.market_kind, o.line, o.outcome, o.stake, "
	    "to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
	    "x.relationship_id, x.post_id, coalesce(x.capped_by, ''), x.reduced, x.sized, "
	    "x.follower_bankroll, x.trader_bankroll "
	    "FROM copy_trades x JOIN bets o ON o.id = x.original_bet_id "
	    "LEFT JOIN bets b ON b.id = x.copy_bet_id JOIN users u ON u.id = x.trader_id "
	    "JOIN events e ON e.id = o.event_id JOIN teams ht ON ht.id = e.home_team_id "
	    "JOIN teams at ON at.id = e.away_team_id "
	    "WHERE x.follower_id = $1 AND ($2::uuid IS NULL OR x.relationship_id = $2::uuid) "
	    "AND ($4::uuid IS NULL OR (x.created_at, x.id) < (SELECT c.created_at, c.id "
	    "FROM copy_trades c WHERE c.id = $4::uuid AND c.follower_id = $1)) "
	    "ORDER BY x.created_at DESC, x.id DESC LIMIT $3::int",
	    4);
	char lim[16];

	snprintf(lim, sizeof(lim), "%d", limit);
	return db_query(a, &q, DB_P(follower_id, rel_id, lim, before));
}

PGresult *
copy_trades_page(struct http_req *req, const struct http_value *list, const char *rel_id, int *n,
    const char **next)
{
	const struct http_value *c = list ? &list[COPY_LIST_F_CURSOR] : NULL;
	const struct http_value *l = list ? &list[COPY_LIST_F_LIMIT] : NULL;
	int limit = l && l->present ? (int)l->num : COPY_PAGE;
	PGresult *t = copy_trades_list(
	    req->a, req->user->id, rel_id, c && c->present && c->str[0] ? c->str : NULL, limit + 1);

	if (t == NULL)
		return NULL;
	*n = db_rows(t) > limit ? limit : db_rows(t);
	*next = db_rows(t) > limit ? db_val(t, *n - 1, T_ID) : NULL;
	return t;
}

static json_t *
money_or_null(const PGresult *r, int row, int col)
{
	return db_val(r, row, col) ? json_integer(db_ll(r, row, col)) : json_null();
}

/* Basis points as a percentage (docs/api.md, Units): 1234 -> 12.34. */
static json_t *
bp_percentage(const PGresult *r, int row, int col)
{
	return db_val(r, row, col) ? json_real(db_ll(r, row, col) / 100.0) : json_null();
}

/* A loss limit of the settings in minor units, or null when unset. */
static json_t *
limit_or_null(int ok, int64_t v)
{
	return ok && v > 0 ? json_integer(v) : json_null();
}

json_t *
copy_rel_json(const PGresult *r, int i)
{
	json_t *settings = json_loads(db_val(r, i, REL_SETTINGS), 0, NULL);
	json_t *skips = json_loads(db_val(r, i, REL_SKIPS), 0, NULL);
	long long staked = db_ll(r, i, REL_SETTLED_STAKED);
	struct copy_settings s;
	int ok = copy_settings_load(db_val(r, i, REL_SETTINGS), &s) == 0;
	json_t *roi = json_null();

	/* ROI of settled copies in percent, 2 decimals, rounded half away from 0 */
	if (staked > 0) {
		long long pnl = db_ll(r, i, REL_PNL), q = pnl * 10000 / staked;
		long long rem = pnl * 10000 % staked;

		if (2 * (rem < 0 ? -rem : rem) >= staked)
			q += rem < 0 ? -1 : 1;
		roi = json_real(q / 100.0);
	}
	return json_pack(
	    "{s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:s, s:s?, s:I, s:I, s:I, s:I, s:I, "
	    "s:o, s:o, s:o, s:o, s:s, s:s, s:{s:I, s:I, s:I, s:i, s:I, s:o, s:I, s:o}}",
	    "id", db_val(r, i, REL_ID), "follower_id", db_val(r, i, REL_FOLLOWER), "trader", "id",
	    db_val(r, i, REL_TRADER), "username", db_val(r, i, REL_USERNAME), "display_name",
	    db_val(r, i, REL_DISPLAY), "settings", settings ? settings : json_object(), "status",
	    db_val(r, i, REL_STATUS), "stop_reason",
	    db_val(r, i, REL_STOP)[0] ? db_val(r, i, REL_STOP) : NULL, "total_copied_amount",
	    (json_int_t)db_ll(r, i, REL_COPIED), "total_profit_loss",
	    (json_int_t)db_ll(r, i, REL_PNL), "copies_placed", (json_int_t)db_ll(r, i, REL_PLACED),
	    "copies_skipped", (json_int_t)db_ll(r, i, REL_SKIPPED), "copies_open",
	    (json_int_t)db_ll(r, i, REL_OPEN), "roi_percentage", roi, "skipped_by_reason",
	    skips ? skips : json_object(), "avg_odds_slippage_percentage",
	    bp_percentage(r, i, REL_SLIPPAGE), "closing_line_value_percentage",
	    bp_percentage(r, i, REL_CLV), "created_at", db_val(r, i, REL_CREATED), "updated_at",
	    db_val(r, i, REL_UPDATED), "risk", "start_bankroll", (json_int_t)db_ll(r, i, REL_START),
	    "realised_pnl", (json_int_t)db_ll(r, i, REL_RUN), "peak_pnl",
	    (json_int_t)db_ll(r, i, REL_PEAK), "losing_streak", (int)db_ll(r, i, REL_STREAK),
	    "today_pnl", (json_int_t)db_ll(r, i, REL_DAY_PNL), "daily_loss_limit",
	    limit_or_null(ok, s.daily_loss_limit), "month_pnl",
	    (json_int_t)db_ll(r, i, REL_MONTH_PNL), "monthly_loss_limit",
	    limit_or_null(ok, s.monthly_loss_limit));
}

json_t *
copy_trade_json(struct arena *a, const PGresult *r, int i)
{
	int placed = strcmp(db_val(r, i, T_STATUS), "placed") == 0;

	return json_pack("{s:s, s:s, s:s?, s:I, s:f, s:f, s:o, s:s, s:s?, s:o, s:s?, s:{s:s, s:s}, "
	                 "s:s, s:s, s:s?, s:s?, s:s?, s:b, s:o, s:o, s:o}",
	    "id", db_val(r, i, T_ID), "status", db_val(r, i, T_STATUS), "skip_reason",
	    placed ? NULL : db_val(r, i, T_REASON), "copy_amount",
	    (json_int_t)db_ll(r, i, T_AMOUNT), "copy_ratio_percentage",
	    db_ll(r, i, T_RATIO) / 100.0, "trader_odds", db_ll(r, i, T_TRADER_ODDS) / 1000.0,
	    "copy_odds",
	    db_ll(r, i, T_COPY_ODDS) ? json_real(db_ll(r, i, T_COPY_ODDS) / 1000.0) : json_null(),
	    "original_bet_id", db_val(r, i, T_ORIGINAL), "copy_bet_id", db_val(r, i, T_COPY_BET),
	    "profit", money_or_null(r, i, T_PROFIT), "copy_bet_status",
	    placed ? db_val(r, i, T_BET_STATUS) : NULL, "trader", "username",
	    db_val(r, i, T_USERNAME), "display_name", db_val(r, i, T_DISPLAY), "event",
	    arena_printf(a, "%s v %s", db_val(r, i, T_HOME), db_val(r, i, T_AWAY)), "created_at",
	    db_val(r, i, T_CREATED), "relationship_id", db_val(r, i, T_REL), "post_id",
	    db_val(r, i, T_POST), "capped_by",
	    db_val(r, i, T_CAPPED)[0] ? db_val(r, i, T_CAPPED) : NULL, "reduced",
	    strcmp(db_val(r, i, T_REDUCED), "t") == 0,
	    /* how the stake came about: asked, then capped_by, of these bankrolls
	     * (not sized: a skip before sizing, or recorded before 0017) */
	    "asked_amount",
	    db_val(r, i, T_FOLLOWER_BANKROLL) ? json_integer(db_ll(r, i, T_SIZED)) : json_null(),
	    "follower_bankroll", money_or_null(r, i, T_FOLLOWER_BANKROLL), "trader_bankroll",
	    money_or_null(r, i, T_TRADER_BANKROLL));
}
