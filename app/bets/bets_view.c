/* How a bet is read back: one column list, its JSON shape and its page view. */
#include "bets_int.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"

#define BET_FIELDS                                                                                     \
	"b.id, b.event_id, ht.name, at.name, "                                                         \
	"to_char(e.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), b.sport, c.name, " \
	"b.market_kind, b.line, b.outcome, b.stake, b.odds, b.potential_payout, b.status, b.payout, "  \
	"to_char(b.placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "                  \
	"to_char(b.settled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), b.notes, "        \
	"b.confidence, b.win_probability, b.closing_odds, b.fair_closing_odds, e.home_score, "         \
	"e.away_score, b.source, b.settle_seq, " BETS_COPIED_COLS " "
#define BET_COLUMNS BET_FIELDS ", count(*) OVER () "
#define BET_FROM                                                                                                    \
	"FROM bets b JOIN events e ON e.id = b.event_id JOIN teams ht ON ht.id = e.home_team_id "                   \
	"JOIN teams at ON at.id = e.away_team_id JOIN competitions c ON c.id = e.competition_id " BETS_COPIED_JOIN( \
	    "b")

PGresult *
bets_list(struct arena *a, const char *user_id, const char *filter, const char *sport,
    long long page, int per_page)
{
	static struct db_stmt q =
	    DB_STMT("SELECT " BET_COLUMNS BET_FROM
	            "WHERE b.user_id = $1 AND ($2 = 'all' OR ($2 = 'open' AND b.status = 'open') "
	            "OR ($2 = 'settled' AND b.status <> 'open') OR b.status = $2) "
	            "AND ($3 = '' OR b.sport = $3) "
	            "ORDER BY b.placed_at DESC, b.id DESC OFFSET $4::bigint LIMIT $5::int",
	        5);
	char off[24], lim[16];

	snprintf(off, sizeof(off), "%lld", (page - 1) * per_page);
	snprintf(lim, sizeof(lim), "%d", per_page);
	return db_query(a, &q, DB_P(user_id, filter, sport ? sport : "", off, lim));
}

PGresult *
bets_get(struct arena *a, const char *user_id, const char *bet_id, int with_wallet)
{
	static struct db_stmt q =
	    DB_STMT("SELECT " BET_COLUMNS BET_FROM "WHERE b.user_id = $1 AND b.id = $2", 2);
	/* after a placement: the bet and the wallet it moved, in one round trip */
	static struct db_stmt q_wallet = DB_STMT(
	    "SELECT " BET_COLUMNS
	    ", (SELECT balance FROM ledger_accounts WHERE user_id = $1 AND kind = 'user_cash'), "
	    "(SELECT balance FROM ledger_accounts WHERE user_id = $1 AND kind = 'user_in_play') " BET_FROM
	    "WHERE b.user_id = $1 AND b.id = $2",
	    2);

	return db_query(a, with_wallet ? &q_wallet : &q, DB_P(user_id, bet_id));
}

PGresult *
bets_list_settled(struct arena *a, const char *user_id, long long before_seq, int limit)
{
	/* By the index of own settled picks (0019), newest settlement first;
	 * no count of the whole record, so a page costs the same at any depth. */
	static struct db_stmt q =
	    DB_STMT("SELECT " BET_FIELDS ", "
	            "to_char(b.settled_at AT TIME ZONE 'UTC', 'FMDD Mon YYYY, HH24:MI'), "
	            "to_char(e.starts_at AT TIME ZONE 'UTC', 'FMDD Mon YYYY, HH24:MI') " BET_FROM
	            "WHERE b.user_id = $1 AND b.settle_seq IS NOT NULL AND b.copied_from IS NULL "
	            "AND b.settle_seq < coalesce($2::bigint, 9223372036854775807) "
	            "ORDER BY b.settle_seq DESC LIMIT $3::int",
	        3);
	char before[24], lim[16];

	snprintf(before, sizeof(before), "%lld", before_seq);
	snprintf(lim, sizeof(lim), "%d", limit);
	return db_query(a, &q, DB_P(user_id, before_seq > 0 ? before : NULL, lim));
}

const char *
bets_selection_label(struct arena *a, const char *kind, int line, const char *outcome,
    const char *home, const char *away)
{
	char l[16];
	int is_home = strcmp(outcome, "home") == 0;

	if (strcmp(outcome, "draw") == 0)
		return "Draw";
	if (strcmp(kind, "total") == 0) {
		odds_line_format(line, 0, l, sizeof(l));
		return arena_printf(a, "%s %s", strcmp(outcome, "over") == 0 ? "Over" : "Under", l);
	}
	if (strcmp(kind, "handicap") == 0) {
		/* the stored line is the home side's; the away side takes its opposite */
		odds_line_format(is_home ? line : -line, 1, l, sizeof(l));
		return arena_printf(a, "%s %s", is_home ? home : away, l);
	}
	return is_home ? home : away;
}

static json_t *
odds_or_null(const PGresult *r, int row, int col)
{
	return db_val(r, row, col) ? json_real((double)db_ll(r, row, col) / 1000.0) : json_null();
}

static json_t *
int_or_null(const PGresult *r, int row, int col)
{
	return db_val(r, row, col) ? json_integer(db_ll(r, row, col)) : json_null();
}

json_t *
bets_copied_json(const PGresult *r, int row, int col)
{
	if (db_val(r, row, col) == NULL)
		return json_null();
	return json_pack("{s:s, s:s, s:s}", "bet_id", db_val(r, row, col), "user_id",
	    db_val(r, row, col + 1), "username", db_val(r, row, col + 2));
}

void
bets_copied_dict(render_dict *d, const PGresult *r, int row, int col)
{
	if (db_val(r, row, col) != NULL)
		render_set(render_include(d, "COPIED_FROM", "bets/copied_from.tpl"), "TRADER",
		    db_val(r, row, col + 2));
}

const char *
bets_status_label(const char *status)
{
	return strcmp(status, "half_won") == 0 ? "half won"
	    : strcmp(status, "half_lost") == 0 ? "half lost"
	                                       : status;
}

json_t *
bets_row_json(const PGresult *r, int i)
{
	const char *kind = db_val(r, i, BV_KIND), *status = db_val(r, i, BV_STATUS);
	int line = (int)db_ll(r, i, BV_LINE);
	int open = strcmp(status, "open") == 0;
	json_t *j;
	struct arena *a = arena_new(512);

	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:I, s:o, s:I, s:I, "
	              "s:s, s:o, s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o}",
	    "bet_id", db_val(r, i, BV_ID), "event_id", db_val(r, i, BV_EVENT_ID), "home_team",
	    db_val(r, i, BV_HOME), "away_team", db_val(r, i, BV_AWAY), "starts_at",
	    db_val(r, i, BV_STARTS_AT), "sport", db_val(r, i, BV_SPORT), "competition",
	    db_val(r, i, BV_COMPETITION), "market_kind", kind, "line",
	    strcmp(kind, "handicap") == 0 || strcmp(kind, "total") == 0 ? json_real(line / 100.0)
	                                                                : json_null(),
	    "outcome", db_val(r, i, BV_OUTCOME), "selection",
	    a ? bets_selection_label(a, kind, line, db_val(r, i, BV_OUTCOME), db_val(r, i, BV_HOME),
	            db_val(r, i, BV_AWAY))
	      : "",
	    "stake", (json_int_t)db_ll(r, i, BV_STAKE), "odds", odds_or_null(r, i, BV_ODDS),
	    "potential_payout", (json_int_t)db_ll(r, i, BV_POTENTIAL), "potential_profit",
	    (json_int_t)(db_ll(r, i, BV_POTENTIAL) - db_ll(r, i, BV_STAKE)), "status", status,
	    "payout", int_or_null(r, i, BV_PAYOUT), "profit",
	    open ? json_null() : json_integer(db_ll(r, i, BV_PAYOUT) - db_ll(r, i, BV_STAKE)),
	    "placed_at", db_val(r, i, BV_PLACED_AT), "settled_at",
	    db_val(r, i, BV_SETTLED_AT) ? json_string(db_val(r, i, BV_SETTLED_AT)) : json_null(),
	    "notes", db_val(r, i, BV_NOTES), "confidence", int_or_null(r, i, BV_CONFIDENCE),
	    "win_probability",
	    db_val(r, i, BV_WIN_PROB) ? json_real((double)db_ll(r, i, BV_WIN_PROB) / 10000.0)
	                              : json_null(),
	    "closing_odds", odds_or_null(r, i, BV_CLOSING), "fair_closing_odds",
	    odds_or_null(r, i, BV_FAIR), "result",
	    db_val(r, i, BV_HOME_SCORE)
	        ? json_pack("{s:I, s:I}", "home", (json_int_t)db_ll(r, i, BV_HOME_SCORE), "away",
	              (json_int_t)db_ll(r, i, BV_AWAY_SCORE))
	        : json_null(),
	    "source", db_val(r, i, BV_SOURCE), "copied_from", bets_copied_json(r, i, BV_COPIED),
	    "settlement_seq", int_or_null(r, i, BV_SETTLE_SEQ));
	arena_free(a);
	return j;
}

void
bets_row_dict(struct arena *a, render_dict *e, const PGresult *r, int i)
{
	const char *kind = db_val(r, i, BV_KIND), *status = db_val(r, i, BV_STATUS);
	int64_t stake = db_ll(r, i, BV_STAKE);

	render_set(e, "BET_ID", db_val(r, i, BV_ID));
	render_set(e, "EVENT_ID", db_val(r, i, BV_EVENT_ID));
	render_setf(e, "EVENT", "%s v %s", db_val(r, i, BV_HOME), db_val(r, i, BV_AWAY));
	render_set(e, "COMPETITION", db_val(r, i, BV_COMPETITION));
	render_set(e, "STARTS_AT", db_val(r, i, BV_STARTS_AT));
	render_set(e, "SELECTION",
	    bets_selection_label(a, kind, (int)db_ll(r, i, BV_LINE), db_val(r, i, BV_OUTCOME),
	        db_val(r, i, BV_HOME), db_val(r, i, BV_AWAY)));
	render_set(e, "MARKET",
	    strcmp(kind, "1x2") == 0             ? "Match result"
	        : strcmp(kind, "moneyline") == 0 ? "Moneyline"
	        : strcmp(kind, "handicap") == 0  ? "Handicap"
	                                         : "Total");
	render_set(e, "STAKE", money_str(a, stake));
	render_set(e, "ODDS", odds_str(a, (int32_t)db_ll(r, i, BV_ODDS)));
	render_set(e, "POTENTIAL", money_str(a, db_ll(r, i, BV_POTENTIAL)));
	render_set(e, "STATUS", status);
	render_set(e, "STATUS_LABEL", bets_status_label(status));
	render_set(e, "PLACED_AT", db_val(r, i, BV_PLACED_AT));
	bets_copied_dict(e, r, i, BV_COPIED);
	if (db_val(r, i, BV_NOTES)[0])
		render_set(render_section(e, "NOTES"), "TEXT", db_val(r, i, BV_NOTES));
	if (db_val(r, i, BV_CONFIDENCE))
		render_set(render_section(e, "CONFIDENCE"), "VALUE", db_val(r, i, BV_CONFIDENCE));
	if (strcmp(status, "open") != 0) {
		int64_t profit = db_ll(r, i, BV_PAYOUT) - stake;
		render_dict *s = render_section(e, "SETTLED");

		render_set(s, "PAYOUT", money_str(a, db_ll(r, i, BV_PAYOUT)));
		render_set(s, "PROFIT", money_str(a, profit));
		render_set(s, "SIGN", money_sign_class((double)profit));
		render_set(s, "SETTLED_AT", db_val(r, i, BV_SETTLED_AT));
		/* sections ({{#SCORE}}...{{SCORE}}): a value alone shows no section */
		if (db_val(r, i, BV_HOME_SCORE))
			render_setf(render_section(s, "SCORE"), "SCORE", "%s–%s",
			    db_val(r, i, BV_HOME_SCORE), db_val(r, i, BV_AWAY_SCORE));
		if (db_val(r, i, BV_CLOSING))
			render_set(render_section(s, "CLOSING"), "CLOSING",
			    odds_str(a, (int32_t)db_ll(r, i, BV_CLOSING)));
	} else
		render_show(e, "OPEN");
}
