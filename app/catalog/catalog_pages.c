/*
 * The events board (/events) and the event page (/events/{event_id}) with
 * its markets, price movement and a bet slip per selection. The slip posts
 * to /bets (app/bets/), which re-renders its own slip page on a refusal.
 */
#include "catalog_web.h"

#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define BOARD_PAGE 50
#define SPARK_W 96
#define SPARK_H 24

enum { CAT_E_SELECTION };
const struct http_field catalog_event_fields[] = {
	[CAT_E_SELECTION] = { "selection", FT_INT, 0, 1, INT64_MAX, NULL, NULL, "Selection" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

static const char *
odds_text(struct arena *a, const PGresult *r, int row, int col)
{
	return db_val(r, row, col) == NULL ? "–" : odds_str(a, (int32_t)db_ll(r, row, col));
}

static const char *
status_label(const char *status)
{
	if (strcmp(status, "scheduled") == 0)
		return "Upcoming";
	if (strcmp(status, "live") == 0)
		return "Started";
	if (strcmp(status, "finished") == 0)
		return "Finished";
	return "Cancelled";
}

static void
score_into(render_dict *d, const PGresult *ev, int row)
{
	if (db_val(ev, row, EV_HOME_SCORE) != NULL && db_val(ev, row, EV_AWAY_SCORE) != NULL) {
		render_dict *s = render_section(d, "SCORE");

		render_set(s, "HOME_SCORE", db_val(ev, row, EV_HOME_SCORE));
		render_set(s, "AWAY_SCORE", db_val(ev, row, EV_AWAY_SCORE));
	}
}

/* ---- the board ---- */

static const char *
board_href(
    struct http_req *req, const char *status, const char *sport, long long comp, long long page)
{
	struct buf b;
	const char *s;

	buf_init(&b);
	buf_printf(&b, "/events?status=%s", status);
	if (sport != NULL)
		buf_printf(&b, "&sport=%s", http_urlencode(req->a, sport));
	if (comp > 0)
		buf_printf(&b, "&competition=%lld", comp);
	if (page > 1)
		buf_printf(&b, "&page=%lld", page);
	s = arena_strdup(req->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The sport and competition pickers, from the sports and competitions that
 * have events in this tab. */
static int
filters_into(struct http_req *req, render_dict *d, const struct catalog_filter *f)
{
	PGresult *r = catalog_q_filters(req->a, f->status);
	render_dict *grp = NULL;
	const char *prev = NULL;

	if (r == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++) {
		const char *sport = db_val(r, i, FL_SPORT);
		render_dict *c;

		if (prev == NULL || strcmp(prev, sport) != 0) {
			render_dict *s = render_section(d, "SPORTS");

			render_set(s, "KEY", sport);
			render_set(s, "NAME", db_val(r, i, FL_SPORT_NAME));
			if (f->sport != NULL && strcmp(f->sport, sport) == 0)
				render_show(s, "SELECTED");
			grp = render_section(d, "COMP_GROUPS");
			render_set(grp, "SPORT_NAME", db_val(r, i, FL_SPORT_NAME));
			prev = sport;
		}
		c = render_section(grp, "COMPS");
		render_set(c, "ID", db_val(r, i, FL_COMP_ID));
		render_set(c, "NAME", db_val(r, i, FL_COMP_NAME));
		if (*db_val(r, i, FL_COUNTRY))
			render_set(
			    render_section(c, "COUNTRY"), "COUNTRY", db_val(r, i, FL_COUNTRY));
		if (db_ll(r, i, FL_COMP_ID) == f->competition)
			render_show(c, "SELECTED");
	}
	return 0;
}

/* The first market of each event in mk is its main one (1X2 or moneyline). */
static void
prices_into(struct http_req *req, render_dict *row, const PGresult *ev, int i, const PGresult *mk)
{
	const char *id = db_val(ev, i, EV_ID), *market = NULL;
	int open = strcmp(db_val(ev, i, EV_OPEN), "t") == 0, shown = 0;
	static const char *const short_1x2[] = { "1", "X", "2" };

	for (int k = 0; k < db_rows(mk); k++) {
		const char *kind, *outcome;
		render_dict *p;
		char title[256];
		int o;

		if (strcmp(db_val(mk, k, MK_EVENT), id) != 0 || db_val(mk, k, MK_SEL) == NULL)
			continue;
		if (market == NULL)
			market = db_val(mk, k, MK_ID);
		else if (strcmp(market, db_val(mk, k, MK_ID)) != 0)
			break;
		kind = db_val(mk, k, MK_KIND);
		outcome = db_val(mk, k, MK_OUTCOME);
		o = strcmp(outcome, "home") == 0 ? 0 : strcmp(outcome, "draw") == 0 ? 1 : 2;
		catalog_outcome_label(kind, 0, outcome, db_val(ev, i, EV_HOME),
		    db_val(ev, i, EV_AWAY), title, sizeof(title));
		p = render_section(row, "PRICES");
		if (open && db_val(mk, k, MK_ODDS) != NULL &&
		    strcmp(db_val(mk, k, MK_STATUS), "open") == 0) {
			p = render_section(p, "LINK");
			render_set(p, "HREF",
			    arena_printf(req->a, "/events/%s?selection=%s#slip-%s", id,
			        db_val(mk, k, MK_SEL), db_val(mk, k, MK_SEL)));
		} else
			p = render_section(p, "PLAIN");
		render_set(p, "LABEL",
		    strcmp(kind, "1x2") == 0 ? short_1x2[o]
		        : o == 0             ? "1"
		                             : "2");
		render_set(p, "TITLE", title);
		render_set(p, "ODDS", odds_text(req->a, mk, k, MK_ODDS));
		shown++;
	}
	if (shown == 0)
		render_show(row, "NO_PRICES");
}

int
catalog_events_page(struct http_req *req)
{
	static const char *const tabs[][2] = { { "upcoming", "Upcoming" }, { "live", "Started" },
		{ "finished", "Results" } };
	const struct http_value *v = http_vals(req, catalog_list_fields);
	const struct http_value *sport = &v[CAT_L_SPORT], *st = &v[CAT_L_STATUS];
	const struct http_value *pg = &v[CAT_L_PAGE];
	struct catalog_filter f;
	const char *prev_comp = NULL;
	render_dict *d, *grp = NULL;
	PGresult *ev, *mk = NULL;
	int n;

	memset(&f, 0, sizeof(f));
	f.sport = sport->present && *sport->str ? sport->str : NULL;
	f.competition = v[CAT_L_COMPETITION].present ? v[CAT_L_COMPETITION].num : 0;
	f.status = st->present ? st->str : "upcoming";
	f.page = pg->present ? pg->num : 1;
	f.limit = BOARD_PAGE;
	f.grouped = 1;
	if ((ev = catalog_q_events(req->a, &f)) == NULL)
		return -1;
	n = db_rows(ev) > f.limit ? f.limit : db_rows(ev);
	if (n > 0 && (mk = catalog_q_markets(req->a, ev, n, 1)) == NULL)
		return -1;
	d = web_page(req, "catalog/events.tpl", "Events");
	render_set(d, "STATUS", f.status);
	for (size_t i = 0; i < TG_NELEM(tabs); i++) {
		render_dict *t = render_section(d, "TABS");

		render_set(t, "LABEL", tabs[i][1]);
		render_set(t, "HREF", board_href(req, tabs[i][0], f.sport, f.competition, 1));
		if (strcmp(f.status, tabs[i][0]) == 0)
			render_show(t, "CURRENT");
	}
	if (filters_into(req, d, &f) != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *status = db_val(ev, i, EV_STATUS);
		render_dict *row;

		/* A new heading whenever the competition changes (rows come grouped). */
		if (prev_comp == NULL || strcmp(prev_comp, db_val(ev, i, EV_COMP_ID)) != 0) {
			grp = render_section(d, "GROUPS");
			render_set(grp, "SPORT_NAME", db_val(ev, i, EV_SPORT_NAME));
			render_set(grp, "COMP_NAME", db_val(ev, i, EV_COMP_NAME));
			if (*db_val(ev, i, EV_COUNTRY))
				render_set(render_section(grp, "COUNTRY"), "COUNTRY",
				    db_val(ev, i, EV_COUNTRY));
			prev_comp = db_val(ev, i, EV_COMP_ID);
		}
		row = render_section(grp, "EVENTS");
		render_set(row, "HREF", arena_printf(req->a, "/events/%s", db_val(ev, i, EV_ID)));
		render_set(row, "HOME", db_val(ev, i, EV_HOME));
		render_set(row, "AWAY", db_val(ev, i, EV_AWAY));
		render_set(row, "STARTS_AT", db_val(ev, i, EV_STARTS_AT));
		render_set(row, "STARTS_TEXT", db_val(ev, i, EV_STARTS_TEXT));
		if (strcmp(status, "scheduled") != 0) {
			render_dict *b = render_section(row, "STATUS_BADGE");

			render_set(b, "STATUS", status);
			render_set(b, "STATUS_LABEL", status_label(status));
		}
		score_into(row, ev, i);
		prices_into(req, row, ev, i, mk);
	}
	if (n == 0)
		render_show(d, "NO_EVENTS");
	if (f.page > 1)
		render_set(render_section(d, "PREV"), "HREF",
		    board_href(req, f.status, f.sport, f.competition, f.page - 1));
	if (db_rows(ev) > f.limit)
		render_set(render_section(d, "NEXT"), "HREF",
		    board_href(req, f.status, f.sport, f.competition, f.page + 1));
	return web_page_done(req, 200);
}

/* ---- the event page ---- */

/* A selection's prices for the sparkline: the feed's own when it has any,
 * otherwise the bookmaker with the most prices (imports carry several).
 * Rows [from, to) of ph are the selection's, oldest first. */
static size_t
spark_prices(const PGresult *ph, int from, int to, int32_t *out)
{
	const char *book = NULL;
	int best = 0;
	size_t n = 0;

	for (int i = from; i < to; i++) {
		const char *b = db_val(ph, i, PH_BOOK);
		int c = 0;

		if (strcmp(b, "feed") == 0) {
			book = b;
			break;
		}
		for (int k = from; k < to; k++)
			c += strcmp(db_val(ph, k, PH_BOOK), b) == 0;
		if (c > best) {
			best = c;
			book = b;
		}
	}
	for (int i = from; book != NULL && i < to; i++)
		if (strcmp(db_val(ph, i, PH_BOOK), book) == 0)
			out[n++] = (int32_t)db_ll(ph, i, PH_ODDS);
	return n;
}

static void
movement_into(struct http_req *req, render_dict *row, const PGresult *ph, const char *sel)
{
	int from = -1, to = -1;

	for (int i = 0; i < db_rows(ph); i++)
		if (strcmp(db_val(ph, i, PH_SEL), sel) == 0) {
			if (from < 0)
				from = i;
			to = i + 1;
		}
	if (from < 0) {
		render_show(row, "NO_HISTORY");
		return;
	}
	{
		int32_t *px = arena_alloc(req->a, (size_t)(to - from) * sizeof(*px));
		size_t n = px ? spark_prices(ph, from, to, px) : 0;
		char pts[4096], a[24], b[24];
		render_dict *s;

		if (n > 0 && catalog_sparkline(px, n, SPARK_W, SPARK_H, pts, sizeof(pts)) > 0) {
			s = render_section(row, "SPARK");
			render_set(s, "POINTS", pts);
			render_set_int(s, "W", SPARK_W);
			render_set_int(s, "H", SPARK_H);
			odds_format(px[0], a, sizeof(a));
			odds_format(px[n - 1], b, sizeof(b));
			render_set(s, "TREND",
			    px[n - 1] > px[0]       ? "up"
			        : px[n - 1] < px[0] ? "down"
			                            : "flat");
			render_set(s, "SUMMARY",
			    n == 1 ? arena_printf(req->a, "%s", a)
			           : arena_printf(req->a, "%s → %s", a, b));
		}
	}
	{
		render_dict *h = render_section(row, "HAS_HISTORY");

		render_set_int(h, "COUNT", to - from);
		for (int i = from; i < to; i++) {
			render_dict *e = render_section(h, "HISTORY");

			render_set(e, "AT", db_val(ph, i, PH_AT));
			render_set(e, "BOOK", db_val(ph, i, PH_BOOK));
			render_set(e, "PHASE", db_val(ph, i, PH_PHASE));
			render_set(e, "ODDS", odds_text(req->a, ph, i, PH_ODDS));
		}
	}
}

/* Why the event takes no bets (NULL: it does). */
static const char *
closed_reason(const PGresult *ev)
{
	const char *st = db_val(ev, 0, EV_STATUS);

	if (strcmp(db_val(ev, 0, EV_OPEN), "t") == 0)
		return NULL;
	if (strcmp(st, "finished") == 0)
		return "This event is over: betting on it is closed.";
	if (strcmp(st, "cancelled") == 0)
		return "This event was cancelled: bets on it are void.";
	return "This event has started: betting on it is closed. The price at kick-off is the "
	       "closing price.";
}

int
catalog_event_page(struct http_req *req)
{
	const char *id = http_param(req, "event_id"), *why;
	const struct http_value *pick = &http_vals(req, catalog_event_fields)[CAT_E_SELECTION];
	const char *home, *away, *cur = NULL;
	render_dict *d, *m = NULL;
	PGresult *ev, *mk, *ph;
	int open, slips = 0;

	if (web_or_404(req, ev = catalog_q_event(req->a, id), "No such event.") != 0)
		return -1;
	if ((mk = catalog_q_markets(req->a, ev, 1, 0)) == NULL ||
	    (ph = catalog_q_history(req->a, id)) == NULL)
		return -1;
	home = db_val(ev, 0, EV_HOME);
	away = db_val(ev, 0, EV_AWAY);
	d = web_page(req, "catalog/event.tpl", arena_printf(req->a, "%s v %s", home, away));
	render_set(d, "SPORT", db_val(ev, 0, EV_SPORT));
	render_set(d, "SPORT_NAME", db_val(ev, 0, EV_SPORT_NAME));
	render_set(d, "COMP_ID", db_val(ev, 0, EV_COMP_ID));
	render_set(d, "COMP_NAME", db_val(ev, 0, EV_COMP_NAME));
	if (*db_val(ev, 0, EV_COUNTRY))
		render_set(render_section(d, "COUNTRY"), "COUNTRY", db_val(ev, 0, EV_COUNTRY));
	render_set(d, "HOME", home);
	render_set(d, "AWAY", away);
	render_set(d, "STARTS_AT", db_val(ev, 0, EV_STARTS_AT));
	render_set(d, "STARTS_TEXT", db_val(ev, 0, EV_STARTS_TEXT));
	render_set(d, "STATUS", db_val(ev, 0, EV_STATUS));
	render_set(d, "STATUS_LABEL", status_label(db_val(ev, 0, EV_STATUS)));
	score_into(d, ev, 0);
	render_set(d, "MIN_STAKE", money_str(req->a, req->tenant->min_stake));
	render_set(d, "MAX_STAKE", money_str(req->a, req->tenant->max_stake));
	why = closed_reason(ev);
	open = why == NULL;
	if (why != NULL)
		render_set(render_section(d, "CLOSED"), "WHY", why);
	else if (req->user == NULL)
		render_set(render_section(d, "SIGN_IN"), "NEXT", req->path);
	for (int i = 0; i < db_rows(mk); i++) {
		const char *kind = db_val(mk, i, MK_KIND), *mstatus = db_val(mk, i, MK_STATUS);
		const char *sel = db_val(mk, i, MK_SEL);
		int32_t line = (int32_t)db_ll(mk, i, MK_LINE);
		int bettable;
		render_dict *row;
		char label[256];

		if (cur == NULL || strcmp(cur, db_val(mk, i, MK_ID)) != 0) {
			if (m != NULL && slips == 0 && open && req->user != NULL)
				render_set(render_section(m, "NO_SLIP"), "WHY",
				    "No selection of this market can be bet on at the moment.");
			cur = db_val(mk, i, MK_ID);
			m = render_section(d, "MARKETS");
			slips = 0;
			catalog_market_label(kind, line, label, sizeof(label));
			render_set(m, "TITLE", label);
			render_set(m, "MARKET_ID", cur);
			if (strcmp(mstatus, "open") != 0) {
				render_dict *note = render_section(m, "MARKET_NOTE");

				render_set(note, "MARKET_STATUS", mstatus);
				render_set(note, "NOTE",
				    strcmp(mstatus, "suspended") == 0  ? "Suspended"
				        : strcmp(mstatus, "void") == 0 ? "Void"
				                                       : "Closed");
			}
		}
		if (sel == NULL)
			continue;
		catalog_outcome_label(
		    kind, line, db_val(mk, i, MK_OUTCOME), home, away, label, sizeof(label));
		row = render_section(m, "SELECTIONS");
		render_set(row, "LABEL", label);
		render_set(row, "OPENING", odds_text(req->a, mk, i, MK_OPENING));
		render_set(row, "CLOSING", odds_text(req->a, mk, i, MK_CLOSING));
		render_set(row, "FAIR", odds_text(req->a, mk, i, MK_FAIR));
		movement_into(req, row, ph, sel);
		bettable = open && strcmp(mstatus, "open") == 0 && db_val(mk, i, MK_ODDS) != NULL;
		if (bettable) {
			render_dict *l = render_section(row, "BET_LINK");

			render_set(l, "HREF",
			    arena_printf(req->a, "/events/%s?selection=%s#slip-%s", id, sel, sel));
			render_set(l, "ODDS", odds_text(req->a, mk, i, MK_ODDS));
		} else
			render_set(render_section(row, "NO_LINK"), "ODDS",
			    odds_text(req->a, mk, i, MK_ODDS));
		if (bettable && req->user != NULL) {
			render_dict *s = render_section(m, "SLIPS");

			render_set(s, "SEL_ID", sel);
			render_set(s, "LABEL", label);
			render_set(s, "ODDS", odds_text(req->a, mk, i, MK_ODDS));
			render_set(
			    s, "ODDS_INPUT", odds_str(req->a, (int32_t)db_ll(mk, i, MK_ODDS)));
			render_set(s, "KEY", util_random_hex(req->a, 16));
			render_show(s,
			    strcmp(req->tenant->money_mode, "real") == 0 ? "REAL_MONEY"
			                                                 : "PLAY_MONEY");
			if (pick->present && pick->num == db_ll(mk, i, MK_SEL))
				render_show(s, "SLIP_OPEN");
			slips++;
		}
	}
	if (m != NULL && slips == 0 && open && req->user != NULL)
		render_set(render_section(m, "NO_SLIP"), "WHY",
		    "No selection of this market can be bet on at the moment.");
	if (m == NULL)
		render_show(d, "NO_MARKETS");
	return web_page_done(req, 200);
}
