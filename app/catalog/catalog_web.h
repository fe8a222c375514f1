/* catalog internals of the web side: the reads pages and JSON share. */
#ifndef TG_CATALOG_WEB_H
#define TG_CATALOG_WEB_H

#include <libpq-fe.h>

#include "catalog.h"

/* Columns of an event row (catalog_q_events, catalog_q_event). EV_STATUS is
 * the status as a client sees it: a scheduled event past its start is
 * 'live' even before the kick-off job ran. EV_OPEN: betting is open. */
enum {
	EV_ID, EV_SPORT, EV_SPORT_NAME, EV_COMP_ID, EV_COMP_NAME, EV_COUNTRY, EV_HOME, EV_AWAY,
	EV_STARTS_AT, EV_STATUS, EV_HOME_SCORE, EV_AWAY_SCORE, EV_OPEN, EV_RESULT_VERSION,
	EV_STARTS_TEXT, EV_N
};

/* Columns of a market row, one per selection (a market without selections
 * has one row with MK_SEL NULL). */
enum {
	MK_EVENT, MK_ID, MK_KIND, MK_LINE, MK_STATUS, MK_SEL, MK_OUTCOME, MK_ODDS, MK_OPENING,
	MK_CLOSING, MK_FAIR, MK_N
};

/* Columns of a price row. */
enum { PH_SEL, PH_BOOK, PH_PHASE, PH_ODDS, PH_AT, PH_N };

struct catalog_filter {
	const char *sport;        /* NULL: every sport */
	long long competition;    /* 0: every competition */
	const char *status;       /* "upcoming", "live", "finished", "cancelled" */
	const char *from, *to;    /* timestamptz text or NULL */
	long long page;           /* from 1 */
	int limit;
	int grouped;              /* by sport and competition (the board) */
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
json_t *catalog_event_json(const PGresult *ev, int row, const PGresult *mk,
    const PGresult *ph);
/* Odds column as JSON: a real with three decimals, or null. */
json_t *catalog_odds_json(const PGresult *, int row, int col);

#endif
