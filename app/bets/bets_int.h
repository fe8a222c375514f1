/* bets: internals shared by the pages and the JSON handlers. */
#ifndef TG_BETS_INT_H
#define TG_BETS_INT_H

#include <libpq-fe.h>

#include "bets.h"
#include "../render/render.h"

/* Columns of a bet as every listing reads it (bets_view.c). */
enum {
	BV_ID,
	BV_EVENT_ID,
	BV_HOME,
	BV_AWAY,
	BV_STARTS_AT,
	BV_SPORT,
	BV_COMPETITION,
	BV_KIND,
	BV_LINE,
	BV_OUTCOME,
	BV_STAKE,
	BV_ODDS,
	BV_POTENTIAL,
	BV_STATUS,
	BV_PAYOUT,
	BV_PLACED_AT,
	BV_SETTLED_AT,
	BV_NOTES,
	BV_CONFIDENCE,
	BV_WIN_PROB,
	BV_CLOSING,
	BV_FAIR,
	BV_HOME_SCORE,
	BV_AWAY_SCORE,
	BV_SOURCE,
	BV_SETTLE_SEQ,
	BV_COPIED,
	BV_COPIED_UID = BV_COPIED + 1,
	BV_COPIED_NAME = BV_COPIED + 2,
	BV_TOTAL
};

/* A member's bets, newest first. filter: "open", "settled", "all" or one
 * status; sport NULL or "" for all. */
PGresult *bets_list(struct arena *, const char *user_id, const char *filter, const char *sport,
    long long page, int per_page);
/* A member's own settled picks (copies left out: they are the trader's
 * record), newest settlement first: those settled before settlement_seq
 * before_seq (0: from the newest), at most limit. The columns of a bet, then
 * BV_SETTLED_HUMAN and BV_STARTS_HUMAN ("3 Dec 2026, 14:05", UTC). */
enum { BV_SETTLED_HUMAN = BV_TOTAL, BV_STARTS_HUMAN };
PGresult *bets_list_settled(struct arena *, const char *user_id, long long before_seq, int limit);
/* with_wallet adds the member's cash and in-play balances (BV_TOTAL + 1, + 2). */
PGresult *bets_get(struct arena *, const char *user_id, const char *bet_id, int with_wallet);
json_t *bets_row_json(const PGresult *, int row);
void bets_row_dict(struct arena *, render_dict *, const PGresult *, int row);
/* bets_list_fields (My bets, GET /social/bets), in table order. */
enum { BETS_L_STATUS, BETS_L_SPORT, BETS_L_PAGE, BETS_L_PLACED };

/* `tailgate settle` (bets_cli.c). */
int bets_cmd_settle(int argc, char **argv);

#endif
