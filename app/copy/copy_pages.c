/*
 * Copy trading in HTML: "My copies" (/copy), the settings form that starts
 * copying a trader (/u/{username}/copy) or changes a relationship
 * (/copy/{id}/settings), the Simulate button of that form, and the pause,
 * resume and stop buttons. Every change goes through copy_relations.c, like
 * the JSON endpoints, so the two cannot disagree; the form is turned into
 * the same settings document the API takes (copy_settings_apply checks it).
 */
#include "copy_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../bets/bets.h"
#include "../auth/auth.h"
#include "../db/db.h"
#include "../ledger/ledger.h"
#include "../render/render.h"
#include "../web/web.h"
#include "../tenancy/tenancy.h"

#define CURVE_W 600
#define CURVE_H 180
#define SIM_DEFAULT_DAYS 90

/* ---- words and numbers ---- */

/* Basis points as a signed percentage with two decimals ("+2.50"). */
static const char *
pct(struct arena *a, int64_t bp)
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

static const char *
status_label(const char *status)
{
	return strcmp(status, "active") == 0 ? "Copying"
	    : strcmp(status, "paused") == 0  ? "Paused"
	                                     : "Stopped";
}

static const char *
stop_words(const char *reason)
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

static const char *
kind_label(const char *kind)
{
	return strcmp(kind, "1x2") == 0      ? "1X2"
	    : strcmp(kind, "moneyline") == 0 ? "Moneyline"
	    : strcmp(kind, "handicap") == 0  ? "Handicap"
	    : strcmp(kind, "total") == 0     ? "Total"
	                                     : kind;
}

static int
offered(struct http_req *req)
{
	return req->tenant->copy_trading;
}

static int
not_offered(struct http_req *req)
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
		buf_printf(&b, "%s%s", i ? ", " : "", kind_label(s->bet_types[i]));
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
		item(d, arena_printf(a, "edge at least %s %%", pct(a, s->min_edge_bp)));
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
	    db_val(r, i, REL_SLIPPAGE) ? arena_printf(a, "%s %%", pct(a, db_ll(r, i, REL_SLIPPAGE)))
	                               : "—");
	render_set(d, "CLV",
	    db_val(r, i, REL_CLV) ? arena_printf(a, "%s %%", pct(a, db_ll(r, i, REL_CLV))) : "—");
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
	render_set(d, "STATUS_LABEL", status_label(status));
	render_set(d, "SINCE", arena_strndup(a, db_val(r, i, REL_CREATED), 10));
	if (*db_val(r, i, REL_STOP))
		render_set(render_section(d, "STOPPED"), "WHY", stop_words(db_val(r, i, REL_STOP)));
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
mine_render(struct http_req *req, int status, const char *problem)
{
	PGresult *rels = copy_rel_list(req->a, req->user->id), *t;
	const char *flash, *next;
	render_dict *d;
	int n;

	if (rels == NULL || (t = copy_trades_page(req, NULL, &n, &next)) == NULL)
		return -1;
	d = web_page(req, "copy/mine.tpl", "Copying");
	if (problem != NULL)
		render_set(render_section(d, "PROBLEM"), "MSG", problem);
	else if ((flash = flash_text(http_kvs_get(&req->query, "done"))) != NULL)
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
	render_show(d, http_val(req, "cursor")->present ? "NEWEST" : "LATEST");
	return web_page_done(req, status);
}

int
copy_page_mine(struct http_req *req)
{
	return offered(req) ? mine_render(req, 200, NULL) : not_offered(req);
}

static int
action(struct http_req *req, enum copy_action act, const char *done)
{
	struct copy_outcome o;
	struct auth_actor me;

	if (!offered(req))
		return not_offered(req);
	if (copy_rel_action(req->a, auth_actor_from_req(req, &me),
	        http_param(req, "relationship_id"), act, &o) != 0)
		return -1;
	if (o.status == 200) {
		http_redirect(req, 303, arena_printf(req->a, "/copy?done=%s", done));
		return 0;
	}
	mine_render(req, o.status, o.msg);
	return -1; /* nothing changed: roll back, the page stays */
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

/* ---- the settings form ---- */

static const char *const mode_choices[] = { "fixed_amount", "percentage_of_bankroll",
	"proportional", "kelly_scaled", NULL };
static const char *const kind_choices[] = { "1x2", "moneyline", "handicap", "total", NULL };

/* Decimal settings, sent on as the strings typed: copy_settings_apply
 * parses them exactly and words the errors. */
static const char *const decimal_names[] = { "fixed_amount", "percentage", "kelly_scaling_factor",
	"min_odds", "max_odds", "min_edge", "max_bet_size", "daily_loss_limit",
	"monthly_loss_limit", "stop_copying_if_drawdown", "take_profit", "max_slippage", NULL };
/* Settings the API takes as JSON integers. */
static const char *const int_names[] = { "copy_delay_seconds", "reduce_size_if_losing_streak",
	NULL };

#define SETTING(name, label)                                 \
	{                                                    \
		name, FT_STRING, 0, 0, 24, NULL, NULL, label \
	}
/* sports_filter comes once per ticked box: the validator sees the first,
 * the handler reads them all (form_list) and copy_settings_apply checks
 * each against the catalogue. */
const struct http_field copy_form_fields[] = {
	{ "copy_mode", FT_ENUM, 0, 0, 0, mode_choices, NULL, "Copy mode" },
	SETTING("fixed_amount", "Fixed amount"),
	SETTING("percentage", "Percentage"),
	SETTING("kelly_scaling_factor", "Kelly factor"),
	SETTING("min_odds", "Lowest odds"),
	SETTING("max_odds", "Highest odds"),
	SETTING("min_edge", "Minimum edge"),
	SETTING("max_bet_size", "Largest copy"),
	SETTING("daily_loss_limit", "Daily loss limit"),
	SETTING("monthly_loss_limit", "Monthly loss limit"),
	SETTING("stop_copying_if_drawdown", "Drawdown stop"),
	SETTING("take_profit", "Take profit"),
	SETTING("max_slippage", "Largest price move"),
	SETTING("copy_delay_seconds", "Delay"),
	SETTING("reduce_size_if_losing_streak", "Losing streak"),
	{ "auto_copy_enabled", FT_BOOL, 0, 0, 0, NULL, NULL, "Copy automatically" },
	{ "sports_filter", FT_STRING, 0, 0, COPY_KEY_LEN - 1, NULL, NULL, "Sports" },
	{ "bet_types_filter", FT_LIST, 0, 0, COPY_BET_TYPES_MAX, kind_choices, NULL, "Bet types" },
	/* checked when simulating (copy_sim_history): Start ignores them */
	{ "since", FT_STRING, 0, 0, 10, NULL, NULL, "Since" },
	{ "bankroll", FT_STRING, 0, 0, 20, NULL, http_check_money, "Bankroll" },
	{ "simulate", FT_STRING, 0, 0, 8, NULL, NULL, "Simulate" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
#undef SETTING

static json_t *
form_list(const struct http_req *req, const char *name)
{
	json_t *a = json_array();

	for (size_t i = 0; i < req->form.n; i++)
		if (strcmp(req->form.v[i].key, name) == 0 && req->form.v[i].val[0] != '\0')
			json_array_append_new(a, json_string(req->form.v[i].val));
	return a;
}

/* The document lives as long as the request (field errors may point
 * into it); NULL when out of memory. */
static json_t *
owned(struct http_req *req, json_t *doc)
{
	if (doc == NULL || arena_cleanup(req->a, (arena_cleanup_fn)json_decref, doc) != 0)
		return NULL;
	return doc;
}

/* The posted form as the API's settings document: empty boxes left out
 * (the default, or unset), integers as integers when they are. */
static json_t *
form_doc(struct http_req *req)
{
	const struct http_value *v, *kinds = http_val(req, "bet_types_filter");
	json_t *doc = owned(req, json_object()), *k = json_array();
	long long n;

	if (doc == NULL) {
		json_decref(k);
		return NULL;
	}
	if ((v = http_val(req, "copy_mode"))->present)
		json_object_set_new(doc, "copy_mode", json_string(v->str));
	for (size_t i = 0; decimal_names[i] != NULL; i++)
		if (*(v = http_val(req, decimal_names[i]))->str)
			json_object_set_new(doc, decimal_names[i], json_string(v->str));
	for (size_t i = 0; int_names[i] != NULL; i++)
		if (*(v = http_val(req, int_names[i]))->str)
			json_object_set_new(doc, int_names[i],
			    util_parse_ll(v->str, &n) == 0 ? json_integer(n) : json_string(v->str));
	if ((v = http_val(req, "auto_copy_enabled"))->present)
		json_object_set_new(doc, "auto_copy_enabled", json_boolean(v->yes));
	json_object_set_new(doc, "sports_filter", form_list(req, "sports_filter"));
	for (size_t i = 0; i < kinds->nlist; i++)
		json_array_append_new(k, json_string(kinds->list[i]));
	json_object_set_new(doc, "bet_types_filter", k);
	return doc;
}

/* Stored settings (NULL: the defaults) as a document for the form. */
static json_t *
stored_doc(struct http_req *req, const char *text)
{
	struct copy_settings s;

	if (text == NULL || copy_settings_load(text, &s) != 0)
		copy_settings_defaults(&s);
	return owned(req, copy_settings_json(&s));
}

static int
listed(json_t *list, const char *key)
{
	size_t i;
	json_t *v;

	json_array_foreach(
	    list, i, v) if (json_is_string(v) && strcmp(json_string_value(v), key) == 0) return 1;
	return 0;
}

static void
values_into(struct arena *a, render_dict *d, json_t *doc)
{
	const char *k;
	json_t *v;

	json_object_foreach(doc, k, v)
	{
		const char *key = arena_printf(a, "VAL_%s", k);

		if (json_is_string(v))
			render_set(d, key, json_string_value(v));
		else if (json_is_integer(v))
			render_set_int(d, key, (long long)json_integer_value(v));
		else if (json_is_real(v))
			render_setf(d, key, "%.15g", json_real_value(v));
	}
	if (!json_is_false(json_object_get(doc, "auto_copy_enabled")))
		render_show(d, "AUTO_CHECKED");
}

static void
modes_into(render_dict *d, json_t *doc)
{
	static const struct {
		const char *label, *help;
	} t[] = {
		{ "Fixed amount", "The same amount on every bet, at most 5 % of your bankroll." },
		{ "Percentage of bankroll", "A share of your bankroll on every bet." },
		{ "Proportional", "The share of their bankroll the trader stakes, of yours." },
		{ "Kelly scaled", "Sized on the edge the trader states, times the Kelly factor." },
	};
	const char *mode = json_string_value(json_object_get(doc, "copy_mode"));

	for (size_t i = 0; mode_choices[i] != NULL; i++) {
		render_dict *m = render_section(d, "MODES");

		render_set(m, "VALUE", mode_choices[i]);
		render_set(m, "LABEL", t[i].label);
		render_set(m, "HELP", t[i].help);
		if (mode != NULL ? strcmp(mode, mode_choices[i]) == 0 : i == 0)
			render_show(m, "CHECKED");
	}
}

static int
filters_into(struct http_req *req, render_dict *d, json_t *doc)
{
	static struct db_stmt q = DB_STMT("SELECT key, name FROM sports ORDER BY position, key", 0);
	json_t *sports = json_object_get(doc, "sports_filter");
	json_t *kinds = json_object_get(doc, "bet_types_filter");
	PGresult *r = db_query(req->a, &q, NULL);

	if (r == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *s = render_section(d, "SPORTS");

		render_set(s, "KEY", db_val(r, i, 0));
		render_set(s, "NAME", db_val(r, i, 1));
		if (listed(sports, db_val(r, i, 0)))
			render_show(s, "CHECKED");
	}
	for (size_t i = 0; kind_choices[i] != NULL; i++) {
		render_dict *k = render_section(d, "KINDS");

		render_set(k, "KEY", kind_choices[i]);
		render_set(k, "NAME", kind_label(kind_choices[i]));
		if (listed(kinds, kind_choices[i]))
			render_show(k, "CHECKED");
	}
	return 0;
}

/* The simulation's form fields: the day it starts (SIM_DEFAULT_DAYS ago
 * unless given) and the bankroll (the member's own unless given). */
static int
sim_fields_into(struct http_req *req, render_dict *d)
{
	int64_t cash, in_play;
	time_t t = time(NULL) - (time_t)SIM_DEFAULT_DAYS * 86400;
	struct tm tm;
	char day[16];

	if (http_kvs_get(&req->form, "since") == NULL && gmtime_r(&t, &tm) != NULL &&
	    strftime(day, sizeof(day), "%Y-%m-%d", &tm) > 0)
		render_set(d, "VAL_since", day);
	if (ledger_balance(req->a, req->user->id, &cash, &in_play) != DB_OK)
		return -1;
	render_set(d, "MY_BANKROLL", money_str(req->a, cash + in_play));
	return 0;
}

static void
sim_curve_into(struct arena *a, render_dict *d, const struct copy_sim_run *run)
{
	struct profiles_point *p;
	size_t n = copy_sim_curve(a, &run->r, PROFILES_CURVE_MAX + 1, &p);
	struct buf path;
	double zero_y;
	render_dict *c;
	char t[32];

	if (p == NULL || n < 2)
		return;
	/* drawn as profit over the start: the zero line is the starting bankroll */
	for (size_t i = 0; i < n; i++)
		p[i].profit -= run->bankroll;
	buf_init(&path);
	if (profiles_svg_path(p + 1, n - 1, CURVE_W, CURVE_H, &path, &zero_y) == 0) {
		c = render_section(d, "CURVE");
		render_set(c, "PATH", buf_cstr(&path));
		render_setf(c, "ZERO_Y", "%.1f", zero_y);
		render_set_int(c, "W", CURVE_W);
		render_set_int(c, "H", CURVE_H);
		profiles_rfc3339(p[0].t, t, sizeof(t));
		render_set(c, "FROM", arena_strndup(a, t, 10));
		profiles_rfc3339(p[n - 1].t, t, sizeof(t));
		render_set(c, "TO", arena_strndup(a, t, 10));
	}
	buf_free(&path);
}

static void
sim_into(struct arena *a, render_dict *d, const struct copy_sim_run *run)
{
	const struct copy_sim_result *r = &run->r;
	render_dict *s = render_section(d, "SIM");
	char t[32];
	long skipped = 0;

	render_set_int(s, "BETS", (long long)run->nbets);
	if (run->capped)
		render_set_int(render_section(s, "CAPPED"), "MAX", COPY_SIM_MAX_BETS);
	render_set(s, "START", money_str(a, run->bankroll));
	render_set_int(s, "COPIES", r->copies);
	render_set_int(s, "WON", r->won);
	render_set_int(s, "LOST", r->lost);
	render_set_int(s, "OTHER", r->other);
	render_set(s, "STAKED", money_str(a, r->staked));
	render_set(s, "PNL", money_str(a, r->pnl));
	render_set(s, "PNL_SIGN", money_sign_class((double)r->pnl));
	render_set(s, "ROI", pct(a, r->roi_bp));
	render_set(s, "FINAL", money_str(a, r->final_bankroll));
	render_set(s, "PEAK", money_str(a, r->peak_bankroll));
	render_setf(s, "DRAWDOWN", "%.2f", r->max_drawdown_bp / 100.0);
	for (int k = 1; k < COPY_SKIP__COUNT; k++) {
		render_dict *x;

		if (r->skipped[k] == 0)
			continue;
		skipped += r->skipped[k];
		x = render_section(s, "SKIPS");
		render_set(x, "LABEL", copy_skip_label((enum copy_skip)k));
		render_set_int(x, "N", r->skipped[k]);
	}
	render_set_int(s, "SKIPPED", skipped);
	if (r->stopped != COPY_STOP_NONE) {
		render_dict *x = render_section(s, "SIM_STOPPED");

		profiles_rfc3339(r->stopped_at, t, sizeof(t));
		render_set(x, "WHY", stop_words(copy_stop_name(r->stopped)));
		render_set(x, "AT", arena_strndup(a, t, 10));
	}
	sim_curve_into(a, s, run);
}

/* What the form shows: its document, an optional message, a simulation. */
struct form_view {
	const char *title, *action, *submit;
	json_t *doc;
	const char *problem;
	const struct copy_sim_run *sim;
};

/* Starts the page with the form filled in; NULL on a database error. */
static render_dict *
form_page(struct http_req *req, const struct form_view *v)
{
	render_dict *d = web_page(req, "copy/settings.tpl", v->title);

	web_form_state(req, d);
	values_into(req->a, d, v->doc);
	modes_into(d, v->doc);
	if (filters_into(req, d, v->doc) != 0 || sim_fields_into(req, d) != 0)
		return NULL;
	render_set(d, "ACTION", v->action);
	render_set(d, "SUBMIT", v->submit);
	if (v->problem != NULL)
		render_set(render_section(d, "PROBLEM"), "MSG", v->problem);
	if (v->sim != NULL)
		sim_into(req->a, d, v->sim);
	return d;
}

static int
simulating(const struct http_req *req)
{
	return req->method == HTTP_POST && http_val(req, "simulate")->present;
}

/* The Simulate button: 1 with *run filled (free run->r), 0 with the field
 * errors on req, -1 on a database error. */
static int
simulate(struct http_req *req, const char *trader_id, json_t *doc, struct copy_sim_run *run)
{
	const char *bank = http_val(req, "bankroll")->str;
	int64_t bankroll = 0;
	int rc;

	/* empty: the member's own; anything else passed http_check_money */
	if (*bank != '\0' && money_parse(bank, &bankroll) != 0)
		bankroll = -1;
	rc = copy_sim_history(req, trader_id, http_val(req, "since")->str, bankroll, doc, run);
	return rc == 0 ? 1 : rc > 0 ? 0 : -1;
}

/* ---- starting: /u/{username}/copy ---- */

struct trader {
	const char *id, *username, *display;
	long long copiers, volume, bets, staked, profit;
	const char *rel_id, *rel_status;
	int they_block, i_block;
};

/* 1 found, 0 no such member, -1 database error. */
static int
trader_load(struct http_req *req, struct trader *t)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT u.id, u.username, u.display_name, u.copiers_count, u.copied_volume, "
	    "coalesce(p.bets, 0), coalesce(p.staked, 0), coalesce(p.profit, 0), "
	    "coalesce(r.id::text, ''), coalesce(r.status, ''), "
	    "EXISTS (SELECT 1 FROM user_relationships b WHERE b.relationship_type = 'block' "
	    " AND b.follower_id = u.id AND b.following_id = $2), "
	    "EXISTS (SELECT 1 FROM user_relationships b WHERE b.relationship_type = 'block' "
	    " AND b.follower_id = $2 AND b.following_id = u.id) "
	    "FROM users u LEFT JOIN profile_stats p ON p.user_id = u.id "
	    "LEFT JOIN copy_trading_relationships r ON r.follower_id = $2 AND r.trader_id = u.id "
	    "WHERE lower(u.username) = lower($1)",
	    2);
	PGresult *r = db_query(req->a, &q, DB_P(http_param(req, "username"), req->user->id));

	if (r == NULL)
		return -1;
	if (db_rows(r) != 1 || strcmp(db_val(r, 0, 10), "t") == 0)
		return 0; /* a member who blocks you is nobody here, as on the profile */
	*t = (struct trader){ db_val(r, 0, 0), db_val(r, 0, 1), db_val(r, 0, 2), db_ll(r, 0, 3),
		db_ll(r, 0, 4), db_ll(r, 0, 5), db_ll(r, 0, 6), db_ll(r, 0, 7), db_val(r, 0, 8),
		db_val(r, 0, 9), 0, strcmp(db_val(r, 0, 11), "t") == 0 };
	return 1;
}

static void
trader_into(struct arena *a, render_dict *d, const struct trader *t)
{
	render_dict *s = render_section(d, "TRADER");

	render_set(s, "USERNAME", t->username);
	render_set(s, "DISPLAY_NAME", t->display);
	render_set_int(s, "BETS", t->bets);
	render_set(s, "PROFIT", money_str(a, t->profit));
	render_set(s, "PROFIT_SIGN", money_sign_class((double)t->profit));
	render_set(s, "ROI",
	    t->staked > 0
	        ? arena_printf(a, "%+.2f %%", (double)t->profit * 100.0 / (double)t->staked)
	        : "—");
	render_set_int(s, "COPIERS", t->copiers);
	render_set(s, "VOLUME", money_str(a, t->volume));
}

/* Offers the Start button, or says why not (a live relationship already,
 * a block, not eligible). 0, or -1 on a database error. */
static int
start_button_into(struct http_req *req, const struct trader *t, render_dict *d)
{
	struct copy_outcome o;
	const char *why = NULL;
	int rc;

	if (strcmp(t->rel_status, "active") == 0 || strcmp(t->rel_status, "paused") == 0) {
		render_set(render_section(d, "ALREADY"), "REL_ID", t->rel_id);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	if (t->i_block)
		why = "You have blocked this member: unblock them to copy them.";
	else if ((rc = copy_rel_eligible(req->a, req->tenant, t->id, &o)) < 0)
		return -1;
	else if (rc > 0)
		why = o.msg;
	if (why != NULL)
		render_set(render_section(d, "NOT_ELIGIBLE"), "MSG", why);
	else
		render_show(d, "CAN_SUBMIT");
	return 0;
}

static int
start_render(struct http_req *req, const struct trader *t, json_t *doc, int status,
    const char *problem, const struct copy_sim_run *sim)
{
	struct form_view v = { arena_printf(req->a, "Copy %s", t->display),
		arena_printf(req->a, "/u/%s/copy", http_urlencode(req->a, t->username)),
		"Start copying", doc, problem, sim };
	render_dict *d = doc != NULL ? form_page(req, &v) : NULL;

	if (d == NULL)
		return -1;
	trader_into(req->a, d, t);
	if (start_button_into(req, t, d) != 0)
		return -1;
	return web_page_done(req, status);
}

/* 1 with *t loaded, or 0 with the page answered (404, 422). */
static int
trader_or_answer(struct http_req *req, struct trader *t, int *rc)
{
	if (!offered(req)) {
		*rc = not_offered(req);
		return 0;
	}
	if ((*rc = trader_load(req, t)) <= 0) {
		if (*rc == 0)
			*rc = web_error(req, 404, "There is no member with that name here.");
		return 0;
	}
	if (strcmp(t->id, req->user->id) == 0) {
		*rc = web_error(req, 422, "You cannot copy yourself.");
		return 0;
	}
	return 1;
}

int
copy_page_start(struct http_req *req)
{
	struct trader t;
	int rc;

	if (!trader_or_answer(req, &t, &rc))
		return rc;
	/* also the form's own 422, when the POST failed its declared checks */
	if (req->method == HTTP_POST)
		return start_render(req, &t, form_doc(req), 422, NULL, NULL);
	return start_render(req, &t, stored_doc(req, NULL), 200, NULL, NULL);
}

/* Renders the form with a simulation (or with why it could not run). */
static int
simulate_render(struct http_req *req, const char *trader_id, json_t *doc,
    int (*render)(struct http_req *, json_t *, int, const struct copy_sim_run *, void *), void *arg)
{
	struct copy_sim_run run;
	int rc = simulate(req, trader_id, doc, &run);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		render(req, doc, 422, NULL, arg);
		return -1;
	}
	rc = render(req, doc, 200, &run, arg);
	copy_sim_free(&run.r);
	return rc;
}

static int
start_again(
    struct http_req *req, json_t *doc, int status, const struct copy_sim_run *sim, void *arg)
{
	return start_render(req, arg, doc, status, NULL, sim);
}

int
copy_page_create(struct http_req *req)
{
	struct copy_outcome o;
	struct auth_actor me;
	struct trader t;
	json_t *doc;
	int rc;

	if (!trader_or_answer(req, &t, &rc))
		return rc;
	if ((doc = form_doc(req)) == NULL)
		return -1;
	if (simulating(req))
		return simulate_render(req, t.id, doc, start_again, &t);
	if (copy_rel_create(req->a, auth_actor_from_req(req, &me), t.id, doc, &o) != 0)
		return -1;
	if (o.status == 201) {
		http_redirect(req, 303, "/copy?done=started");
		return 0;
	}
	for (size_t i = 0; i < o.errs.n; i++)
		http_field_error(req, o.errs.field[i], o.errs.msg[i]);
	start_render(req, &t, doc, o.status, o.msg, NULL);
	return -1; /* a refusal changes nothing (the follow it implied included) */
}

/* ---- changing: /copy/{relationship_id}/settings ---- */

/* The member's relationship, or NULL with the page answered (*rc). */
static PGresult *
rel_or_answer(struct http_req *req, int *rc)
{
	const char *id = http_param(req, "relationship_id");
	PGresult *r;

	*rc = -1;
	if (!offered(req)) {
		*rc = not_offered(req);
		return NULL;
	}
	r = copy_rel_get(req->a, req->user->id, id);
	if (r == NULL)
		return NULL;
	if (db_rows(r) == 0) {
		*rc = web_error(req, 404, "There is no such copy relationship.");
		return NULL;
	}
	return r;
}

static int
edit_render(struct http_req *req, const PGresult *r, json_t *doc, int status, const char *problem,
    const struct copy_sim_run *sim)
{
	const char *id = db_val(r, 0, REL_ID);
	struct form_view v = { "Copy settings", arena_printf(req->a, "/copy/%s/settings", id),
		"Save settings", doc, problem, sim };
	render_dict *d = doc != NULL ? form_page(req, &v) : NULL, *e;

	if (d == NULL)
		return -1;
	e = render_section(d, "EDITING");
	render_set(e, "USERNAME", db_val(r, 0, REL_USERNAME));
	render_set(e, "DISPLAY_NAME", db_val(r, 0, REL_DISPLAY));
	render_set(e, "STATUS_LABEL", status_label(db_val(r, 0, REL_STATUS)));
	if (strcmp(db_val(r, 0, REL_STATUS), "cancelled") == 0)
		render_set(render_section(d, "ENDED"), "USERNAME", db_val(r, 0, REL_USERNAME));
	else
		render_show(d, "CAN_SUBMIT");
	return web_page_done(req, status);
}

int
copy_page_edit(struct http_req *req)
{
	int rc;
	PGresult *r = rel_or_answer(req, &rc);

	if (r == NULL)
		return rc;
	/* also the form's own 422, when the POST failed its declared checks */
	if (req->method == HTTP_POST)
		return edit_render(req, r, form_doc(req), 422, NULL, NULL);
	return edit_render(req, r, stored_doc(req, db_val(r, 0, REL_SETTINGS)), 200, NULL, NULL);
}

static int
edit_again(struct http_req *req, json_t *doc, int status, const struct copy_sim_run *sim, void *arg)
{
	return edit_render(req, arg, doc, status, NULL, sim);
}

int
copy_page_update(struct http_req *req)
{
	struct copy_outcome o;
	struct auth_actor me;
	json_t *doc;
	int rc;
	PGresult *r = rel_or_answer(req, &rc);

	if (r == NULL)
		return rc;
	if ((doc = form_doc(req)) == NULL)
		return -1;
	if (simulating(req))
		return simulate_render(req, db_val(r, 0, REL_TRADER), doc, edit_again, r);
	if (copy_rel_update(req->a, auth_actor_from_req(req, &me), db_val(r, 0, REL_ID), doc, &o) !=
	    0)
		return -1;
	if (o.status == 200) {
		http_redirect(req, 303, "/copy?done=saved");
		return 0;
	}
	for (size_t i = 0; i < o.errs.n; i++)
		http_field_error(req, o.errs.field[i], o.errs.msg[i]);
	edit_render(req, r, doc, o.status, o.msg, NULL);
	return -1; /* a refusal changes nothing */
}
