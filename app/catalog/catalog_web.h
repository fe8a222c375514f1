/* catalog internals of the web side: the reads pages and JSON share. */
#ifndef TG_CATALOG_WEB_H
#define TG_CATALOG_WEB_H

#include <libpq-fe.h>

#include "catalog.h"

/* Columns of an event row (catalog_q_events, catalog_q_event). EV_STATUS is
 * the status as a client sees it: a scheduled event past its start is
 * 'live' even before the kick-off job ran. EV_OPEN: betting is open. */
enum {
	EV_ID,
	EV_SPORT,
	EV_SPORT_NAME,
	EV_COMP_ID,
	EV_COMP_NAME,
	EV_COUNTRY,
	EV_HOME,
	EV_AWAY,
	EV_STARTS_AT,
	EV_STATUS,
	EV_HOME_SCORE,
	EV_AWAY_SCORE,
	EV_OPEN,
	EV_RESULT_VERSION,
	EV_STARTS_TEXT,
	EV_N
};

/* Columns of a market row, one per selection (a market without selections
 * has one row with MK_SEL NULL). */
enum {
	MK_EVENT,
	MK_ID,
	MK_KIND,
	MK_LINE,
	MK_STATUS,
	MK_SEL,
	MK_OUTCOME,
	MK_ODDS,
	MK_OPENING,
	MK_CLOSING,
	MK_FAIR,
	MK_N
};

/* Columns of a price row. */
enum { PH_SEL, PH_BOOK, PH_PHASE, PH_ODDS, PH_AT, PH_N };

/* catalog_list_fields (GET /events, GET /social/events), in table order. */
enum {
	CAT_L_SPORT,
	CAT_L_COMPETITION,
	CAT_L_STATUS,
	CAT_L_FROM,
	CAT_L_TO,
	CAT_L_PAGE,
	CAT_L_LIMIT
};

struct catalog_filter {
	const char *sport;     /* NULL: every sport */
	long long competition; /* 0: every competition */
	const char *status;    /* "upcoming", "live", "finished", "cancelled" */
	const char *from, *to; /* timestamptz text or NULL */
	long long page;        /* from 1 */
	int limit;
	int grouped; /* by sport and competition (the board) */
};

/* A page of events; fetches limit + 1 rows so the caller sees whether there
 * is more. */
PGresult *catalog_q_events(struct arena *, const struct catalog_filter *);
PGresult *catalog_q_event(struct arena *, const char *event_id);
/* Markets and selections of the events in ev (every row), in display order;
 * main_only: 1X2 and moneyline markets only. */
PGresult *catalog_q_markets(struct arena *, const PGresult *ev, int nrows, int main_only);
/* Every recorded price of an event's selections, oldest first. */
PGresult *catalog_q_history(struct arena *, const char *event_id);
/* Sports and competitions with events in a status (the board's filters). */
PGresult *catalog_q_filters(struct arena *, const char *status);
enum { FL_SPORT, FL_SPORT_NAME, FL_COMP_ID, FL_COMP_NAME, FL_COUNTRY, FL_EVENTS, FL_N };

/* One event as JSON, its markets from mk (rows of that event), with each
 * selection's price history from ph when it is non-NULL. */
json_t *catalog_event_json(const PGresult *ev, int row, const PGresult *mk, const PGresult *ph);
/* Odds column as JSON: a real with three decimals, or null. */
json_t *catalog_odds_json(const PGresult *, int row, int col);

/* ---- the operator feed's nested JSON (catalog_feed_parse.c, pure) ---- */

#define FEED_MARKETS_MAX 20
#define FEED_UPDATES_MAX 500

struct feed_market {
	const char *kind;
	int32_t line;
	int nsel;
	const char *outcome[3];
	int32_t odds[3];
};

struct feed_event {
	const char *code, *comp_name, *country;
	int nmk;
	struct feed_market mk[FEED_MARKETS_MAX];
};

/* The order of the feed's field tables (catalog_feed_parse.c): the
 * events route, its competition, markets and selections; the odds route and
 * each of its updates; the results route. */
enum {
	FEED_E_EXTERNAL,
	FEED_E_SPORT,
	FEED_E_COMPETITION,
	FEED_E_HOME,
	FEED_E_AWAY,
	FEED_E_STARTS,
	FEED_E_MARKETS,
	FEED_E_COUNT
};
enum { FEED_C_CODE, FEED_C_NAME, FEED_C_COUNTRY, FEED_C_COUNT };
enum { FEED_M_KIND, FEED_M_LINE, FEED_M_SELECTIONS, FEED_M_COUNT };
enum { FEED_S_OUTCOME, FEED_S_ODDS, FEED_S_COUNT };
enum { FEED_O_UPDATES, FEED_O_COUNT };
enum {
	FEED_U_SELECTION,
	FEED_U_MARKET,
	FEED_U_EVENT,
	FEED_U_EXTERNAL,
	FEED_U_KIND,
	FEED_U_LINE,
	FEED_U_OUTCOME,
	FEED_U_ODDS,
	FEED_U_STATUS,
	FEED_U_COUNT
};
enum { FEED_R_EVENT, FEED_R_EXTERNAL, FEED_R_HOME, FEED_R_AWAY, FEED_R_STATUS, FEED_R_COUNT };

/* Competition and markets of POST /admin/api/events (v: the validated
 * values of catalog_feed_event_fields) into fe (zeroed first); the rules
 * across fields that a table cannot state are field errors of req. */
void catalog_feed_parse_event(struct http_req *, const struct http_value *v, struct feed_event *fe);

struct feed_update {
	long long sel, mkt;
	const char *event_id, *ext, *kind, *outcome, *status;
	int32_t line, odds; /* odds 0: no price change */
	/* resolved */
	long long market_id, selection_id;
	const char *market_status, *event;
	int32_t current;
	int open;
};

/* One update of POST /admin/api/odds (v: its validated values, an item of
 * "updates"; p: its path such as "updates[3]") into u (zeroed first). */
void catalog_feed_parse_update(
    struct http_req *, const char *p, const struct http_value *v, struct feed_update *u);
/* A field error at path (copied into the request's arena). */
void catalog_feed_field_err(struct http_req *, const char *path, const char *msg);
int catalog_feed_in_list(const char *const *list, const char *v);
extern const char *const catalog_feed_market_statuses[]; /* "open", "suspended" */

#endif
