/*
 * Copy trading in HTML, the copying dashboard: "My copies" (/copy) with
 * each relationship's settings in a few words, its risk and performance,
 * the member's copies, and the pause, resume and stop buttons. Also the
 * words every copy page shares (copy_int.h). The settings form is
 * copy_pages_form.c, its Simulate button copy_pages_sim.c. Every change
 * goes through copy_relations.c, like the JSON endpoints, so the two cannot
 * disagree.
 */
#include "copy_int.h"

#include <stdio.h>
#include <string.h>

#include "../bets/bets.h"
#include "../auth/auth.h"
#include "../db/db.h"
#include "../render/render.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

/* ---- words and numbers ---- */

/* Basis points as a signed percentage with two decimals ("+2.50"). */
const char *
copy_pct(struct arena *a, int64_t bp)
{
	return arena_printf(a, "%+.2f", (double)bp / 100.0);
}

static const char *
skip_label(const char *name)
{
	for (int k = 0; k < COPY_SKIP__COUNT; k++)
		if (strcmp(copy_skip_name((enum copy_skip)k), name) == 0)
			return copy_skip_label((enum copy_skip)k);
	return name;
}

const char *
copy_status_label(const char *status)
{
	return strcmp(status, "active") == 0 ? "Copying"
	    : strcmp(status, "paused") == 0  ? "Paused"
	                                     : "Stopped";
}

const char *
copy_stop_words(const char *reason)
{
	static const struct {
		const char *key, *text;
	} t[] = {
		{ "follower", "You stopped copying." },
		{ "drawdown",
		    "Stopped by itself: the fall from its peak reached your drawdown limit." },
		{ "take_profit", "Stopped by itself: the profit reached your take-profit target." },
		{ "blocked", "Stopped: one of you blocked the other." },
	};

	for (size_t i = 0; i < TG_NELEM(t); i++)
		if (strcmp(reason, t[i].key) == 0)
			return t[i].text;
	return "";
}

const char *
copy_kind_label(const char *kind)
{
	return strcmp(kind, "1x2") == 0      ? "1X2"
	    : strcmp(kind, "moneyline") == 0 ? "Moneyline"
	    : strcmp(kind, "handicap") == 0  ? "Handicap"
	    : strcmp(kind, "total") == 0     ? "Total"
	                                     : kind;
}

int
copy_offered(struct http_req *req)
{
	return req->tenant->copy_trading;
}

int
copy_not_offered(struct http_req *req)
{
	return web_error(req, 404, "Copy trading is not offered on this site.");
}

/* ---- a relationship's settings in a few words ---- */

static void
item(render_dict *d, const char *text)
{
	render_set(render_section(d, "SUMMARY"), "TEXT", text);
}

static void
size_summary(struct arena *a, render_dict *d, const struct copy_settings *s)
{
	switch (s->mode) {
	case COPY_FIXED_AMOUNT:
		item(d,
		    arena_printf(a, "%s a bet (at most 5 %% of your bankroll)",
		        money_str(a, s->fixed_amount)));
		break;
	case COPY_PERCENTAGE:
		item(
		    d, arena_printf(a, "%.2f %% of your bankroll a bet", s->percentage_bp / 100.0));
		break;
	case COPY_PROPORTIONAL:
		item(d, "In proportion to the trader's stake and bankroll");
		break;
	case COPY_KELLY:
		item(d, arena_printf(a, "Kelly sizing × %.3f", s->kelly_scaling_milli / 1000.0));
		break;
	}
	if (s->max_bet_size > 0)
		item(d, arena_printf(a, "at most %s a copy", money_str(a, s->max_bet_size)));
}

static void
filter_summary(struct arena *a, render_dict *d, const struct copy_settings *s)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < s->nsports; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", s->sports[i]);
	if (s->nsports)
		item(d, arena_printf(a, "sports: %s", buf_cstr(&b)));
	buf_reset(&b);
	for (size_t i = 0; i < s->nbet_types; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", copy_kind_label(s->bet_types[i]));
	if (s->nbet_types)
		item(d, arena_printf(a, "bet types: %s", buf_cstr(&b)));
	buf_free(&b);
	if (s->min_odds && s->max_odds)
		item(d,
		    arena_printf(
		        a, "odds %s to %s", odds_str(a, s->min_odds), odds_str(a, s->max_odds)));
	else if (s->min_odds)
		item(d, arena_printf(a, "odds from %s", odds_str(a, s->min_odds)));
	else if (s->max_odds)
		item(d, arena_printf(a, "odds up to %s", odds_str(a, s->max_odds)));
	if (s->has_min_edge)
		item(d, arena_printf(a, "edge at least %s %%", copy_pct(a, s->min_edge_bp)));
	if (s->has_max_slippage)
		item(d, arena_printf(a, "price at most %.2f %% worse", s->max_slippage_bp / 100.0));
}

static void
risk_summary(struct arena *a, render_dict *d, const struct copy_settings *s)
{
	if (s->daily_loss_limit)
		item(d, arena_printf(a, "daily loss limit %s", money_str(a, s->daily_loss_limit)));
	if (s->monthly_loss_limit)
		item(d,
		    arena_printf(a, "monthly loss limit %s", money_str(a, s->monthly_loss_limit)));
	item(d, arena_printf(a, "stops %.2f %% below its peak", s->stop_drawdown_bp / 100.0));
	if (s->reduce_streak)
		item(d, arena_printf(a, "halves after %d losses in a row", s->reduce_streak));
	if (s->take_profit)
		item(d, arena_printf(a, "takes profit at %s", money_str(a, s->take_profit)));
	if (s->copy_delay_seconds)
		item(d, arena_printf(a, "%d s delay", s->copy_delay_seconds));
	if (!s->auto_copy_enabled)
		item(d, "automatic copying off");
}

/* Returns the settings for the risk line (NULL when unreadable). */
static const struct copy_settings *
summary_into(struct arena *a, render_dict *d, const char *settings_text, struct copy_settings *s)
{
	if (copy_settings_load(settings_text, s) != 0) {
		item(d, "settings unreadable");
		return NULL;
	}
	size_summary(a, d, s);
	filter_summary(a, d, s);
	risk_summary(a, d, s);
	return s;
}

/* ---- /copy ---- */

static void
skips_into(struct arena *a, render_dict *d, const char *skips_json)
{
	json_t *o = json_loads(skips_json ? skips_json : "{}", 0, NULL);
	const char *k;
	json_t *v;

	if (json_object_size(o) > 0)
		render_show(d, "HAS_SKIPS");
	json_object_foreach(o, k, v)
	{
		render_dict *s = render_section(d, "SKIPS");

		render_set(s, "LABEL", skip_label(k));
		render_set(s, "N", arena_printf(a, "%lld", (long long)json_integer_value(v)));
	}
	json_decref(o);
}

/* Realised profit against its peak since the relationship last started:
 * the fall from the peak is what the drawdown stop watches; today's and
 * this month's against the loss limits. */
static void
risk_into(struct arena *a, render_dict *d, const PGresult *r, int i, const struct copy_settings *s)
{
	int32_t stop_bp = s ? s->stop_drawdown_bp : 0;
	int64_t start = db_ll(r, i, REL_START), run = db_ll(r, i, REL_RUN);
	int64_t peak = start + db_ll(r, i, REL_PEAK), value = start + run;

	render_set(d, "START", money_str(a, start));
	render_set(d, "REALISED", money_str(a, run));
	render_set(d, "REALISED_SIGN", money_sign_class((double)run));
	render_set(d, "PEAK", money_str(a, db_ll(r, i, REL_PEAK)));
	render_set(d, "STREAK", db_val(r, i, REL_STREAK));
	render_setf(
	    d, "FALL", "%.2f", peak > 0 ? (double)(peak - value) * 100.0 / (double)peak : 0.0);
	render_setf(d, "STOP_AT", "%.2f", stop_bp / 100.0);
	render_set(d, "TODAY", money_str(a, db_ll(r, i, REL_DAY_PNL)));
	render_set(d, "TODAY_SIGN", money_sign_class((double)db_ll(r, i, REL_DAY_PNL)));
	render_set(d, "MONTH", money_str(a, db_ll(r, i, REL_MONTH_PNL)));
	render_set(d, "MONTH_SIGN", money_sign_class((double)db_ll(r, i, REL_MONTH_PNL)));
	render_set(d, "DAY_LIMIT",
	    s && s->daily_loss_limit
	        ? arena_printf(a, "of a %s daily loss limit", money_str(a, s->daily_loss_limit))
	        : "(no daily loss limit)");
	render_set(d, "MONTH_LIMIT",
	    s && s->monthly_loss_limit
	        ? arena_printf(a, "of a %s monthly loss limit", money_str(a, s->monthly_loss_limit))
	        : "(no monthly loss limit)");
}

static void
performance_into(struct arena *a, render_dict *d, const PGresult *r, int i)
{
	int64_t pnl = db_ll(r, i, REL_PNL), staked = db_ll(r, i, REL_SETTLED_STAKED);

	render_set(d, "COPIED", money_str(a, db_ll(r, i, REL_COPIED)));
	render_set(d, "PNL", money_str(a, pnl));
	render_set(d, "PNL_SIGN", money_sign_class((double)pnl));
	render_set(d, "ROI",
	    staked > 0 ? arena_printf(a, "%+.2f %%", (double)pnl * 100.0 / (double)staked) : "—");
	render_set(d, "PLACED", db_val(r, i, REL_PLACED));
	render_set(d, "OPEN", db_val(r, i, REL_OPEN));
	render_set(d, "SKIPPED", db_val(r, i, REL_SKIPPED));
	render_set(d, "SLIPPAGE",
	    db_val(r, i, REL_SLIPPAGE)
	        ? arena_printf(a, "%s %%", copy_pct(a, db_ll(r, i, REL_SLIPPAGE)))
	        : "—");
	render_set(d, "CLV",
	    db_val(r, i, REL_CLV) ? arena_printf(a, "%s %%", copy_pct(a, db_ll(r, i, REL_CLV)))
	                          : "—");
	skips_into(a, d, db_val(r, i, REL_SKIPS));
}

static void
rel_into(struct arena *a, render_dict *d, const PGresult *r, int i)
{
	const char *status = db_val(r, i, REL_STATUS);
	struct copy_settings s;

	render_set(d, "ID", db_val(r, i, REL_ID));
	render_set(d, "USERNAME", db_val(r, i, REL_USERNAME));
	render_set(d, "DISPLAY_NAME", db_val(r, i, REL_DISPLAY));
	render_set(d, "STATUS", status);
	render_set(d, "STATUS_LABEL", copy_status_label(status));
	render_set(d, "SINCE", arena_strndup(a, db_val(r, i, REL_CREATED), 10));
	if (*db_val(r, i, REL_STOP))
		render_set(
		    render_section(d, "STOPPED"), "WHY", copy_stop_words(db_val(r, i, REL_STOP)));
	risk_into(a, d, r, i, summary_into(a, d, db_val(r, i, REL_SETTINGS), &s));
	performance_into(a, d, r, i);
	if (strcmp(status, "active") == 0)
		render_show(d, "CAN_PAUSE");
	if (strcmp(status, "paused") == 0)
		render_show(d, "CAN_RESUME");
	render_show(d, strcmp(status, "cancelled") != 0 ? "LIVE" : "ENDED");
}

static void
trade_into(struct arena *a, render_dict *d, const PGresult *t, int i, int32_t hard_cap_bp)
{
	int placed = strcmp(db_val(t, i, T_STATUS), "placed") == 0;
	const char *sizing = placed && db_val(t, i, T_FOLLOWER_BANKROLL) != NULL
	    ? copy_sizing_words(a, db_ll(t, i, T_SIZED), db_ll(t, i, T_AMOUNT),
	          db_val(t, i, T_CAPPED), strcmp(db_val(t, i, T_REDUCED), "t") == 0,
	          db_ll(t, i, T_FOLLOWER_BANKROLL),
	          db_val(t, i, T_TRADER_BANKROLL) ? db_ll(t, i, T_TRADER_BANKROLL) : 0, hard_cap_bp)
	    : NULL;

	render_set(
	    d, "EVENT", arena_printf(a, "%s v %s", db_val(t, i, T_HOME), db_val(t, i, T_AWAY)));
	render_set(d, "USERNAME", db_val(t, i, T_USERNAME));
	render_set(d, "WHEN", arena_strndup(a, db_val(t, i, T_CREATED), 10));
	render_set(d, "TRADER_ODDS", odds_str(a, (int32_t)db_ll(t, i, T_TRADER_ODDS)));
	render_set(d, "COPY_ODDS",
	    db_ll(t, i, T_COPY_ODDS) > 0 ? odds_str(a, (int32_t)db_ll(t, i, T_COPY_ODDS)) : "—");
	render_set(d, "AMOUNT", placed ? money_str(a, db_ll(t, i, T_AMOUNT)) : "—");
	if (sizing != NULL)
		render_set(render_section(d, "SIZING"), "TEXT", sizing);
	if (!placed) {
		render_set(
		    render_section(d, "SKIPPED"), "REASON", skip_label(db_val(t, i, T_REASON)));
		return;
	}
	render_show(d, "PLACED");
	render_set(d, "RESULT", db_val(t, i, T_BET_STATUS));
	render_set(d, "RESULT_LABEL", bets_status_label(db_val(t, i, T_BET_STATUS)));
	if (db_val(t, i, T_PROFIT) != NULL) {
		render_dict *p = render_section(d, "PROFIT");

		render_set(p, "VALUE", money_str(a, db_ll(t, i, T_PROFIT)));
		render_set(p, "SIGN", money_sign_class((double)db_ll(t, i, T_PROFIT)));
	}
}

static const char *
flash_text(const char *done)
{
	static const struct {
		const char *key, *text;
	} t[] = {
		{ "started",
		    "You are copying this trader now. Their next bets are copied by your settings." },
		{ "saved", "Settings saved. They apply to the trader's next bets." },
		{ "paused", "Paused. Nothing is copied until you resume." },
		{ "resumed", "Resumed." },
		{ "stopped", "Stopped. Copies already placed settle as usual." },
	};

	for (size_t i = 0; done != NULL && i < TG_NELEM(t); i++)
		if (strcmp(done, t[i].key) == 0)
			return t[i].text;
	return NULL;
}

static int
mine_render(struct http_req *req, const struct http_value *list, int status, const char *problem)
{
	PGresult *rels = copy_rel_list(req->a, req->user->id), *t;
	const char *flash, *next;
	render_dict *d;
	int n;

	if (rels == NULL || (t = copy_trades_page(req, list, NULL, &n, &next)) == NULL)
		return -1;
	d = web_page(req, "copy/mine.tpl", "Copying");
	if (problem != NULL)
		render_set(render_section(d, "PROBLEM"), "MSG", problem);
	else if (list != NULL && (flash = flash_text(list[COPY_MINE_F_DONE].str)) != NULL)
		render_set(render_section(d, "FLASH"), "MSG", flash);
	for (int i = 0; i < db_rows(rels); i++)
		rel_into(req->a, render_section(d, "RELS"), rels, i);
	if (db_rows(rels) == 0)
		render_show(d, "EMPTY");
	for (int i = 0; i < n; i++)
		trade_into(
		    req->a, render_section(d, "COPIES"), t, i, req->tenant->copy_hard_cap_bp);
	if (n > 0)
		render_show(d, "HAS_COPIES");
	if (next != NULL)
		render_set(render_section(d, "OLDER"), "CURSOR", next);
	render_show(d, list && list[COPY_LIST_F_CURSOR].present ? "NEWEST" : "LATEST");
	return web_page_done(req, status);
}

int
copy_page_mine(struct http_req *req)
{
	return copy_offered(req) ? mine_render(req, http_vals(req, copy_mine_fields), 200, NULL)
	                         : copy_not_offered(req);
}

static int
action(struct http_req *req, enum copy_action act, const char *done)
{
	struct copy_outcome o;
	struct auth_actor me;

	if (!copy_offered(req))
		return copy_not_offered(req);
	if (copy_rel_action(req->a, auth_actor_from_req(req, &me),
	        http_param(req, "relationship_id"), act, &o) != 0)
		return -1;
	if (o.status == 200) {
		http_redirect(req, 303, arena_printf(req->a, "/copy?done=%s", done));
		return 0;
	}
	mine_render(req, NULL, o.status, o.msg); /* the first page */
	return -1;                               /* nothing changed: roll back, the page stays */
}

int
copy_page_pause(struct http_req *req)
{
	return action(req, COPY_PAUSE, "paused");
}
int
copy_page_resume(struct http_req *req)
{
	return action(req, COPY_RESUME, "resumed");
}
int
copy_page_stop(struct http_req *req)
{
	return action(req, COPY_STOP, "stopped");
}
