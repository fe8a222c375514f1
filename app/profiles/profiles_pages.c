/*
 * The performance part of a member's page (/u/{username}, template
 * profiles/performance.tpl) and of their profile JSON. Both read the same
 * view (profiles_db_view): the stored all-time figures, the cached windows
 * when current, and the equity curve.
 */
#include "profiles_int.h"

#include <stdio.h>
#include <string.h>

#include "../bets/bets.h" /* bets_selection_label */
#include "../db/db.h"
#include "../render/render.h"
#include "../social/social.h"
#include "../tenancy/tenancy.h"

#define P_VALUE_MIN_BETS 30 /* docs/metrics.md: below this, "not enough bets" */
#define CURVE_W 600
#define CURVE_H 180

static const char *const timeframe_choices[] = { "7_days", "30_days", "1_year", "all_time", NULL };
static const char *const timeframe_labels[] = { "7 days", "30 days", "1 year", "All time" };

const struct http_field profiles_page_fields[] = {
	[PROFILES_P_TIMEFRAME] = { "timeframe", FT_ENUM, 0, 0, 0, timeframe_choices, NULL,
	    "Timeframe" },
	[PROFILES_P_GRAPH] = SOCIAL_GRAPH_FLASH_FIELD,
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
HTTP_FIELDS_CHECK(profiles_page_fields, PROFILES_P_COUNT);

static void
month_into(struct arena *a, render_dict *d, const char *name, const struct profiles_month_stats *m)
{
	render_dict *s = render_section(d, name);

	render_set(s, "MONTH", m->month);
	render_set(s, "PROFIT", money_str(a, m->profit));
	render_set(s, "SIGN", money_sign_class((double)m->profit));
	render_set_int(s, "BETS", m->bets);
}

/* A sport's display name: the catalogue's, else its key. The windows'
 * buckets are a subset of the all-time ones, whose names came with them. */
static const char *
sport_label(const struct profiles_view *v, const char *key)
{
	const struct profiles_metrics *all = &v->m[PROFILES_ALL_TIME];

	for (int32_t i = 0; i < v->nsport_names; i++)
		if (strcmp(all->sport_performance[i].sport, key) == 0 && v->sport_names[i] != NULL)
			return v->sport_names[i];
	return key;
}

static void
metrics_into(struct arena *a, render_dict *d, const struct profiles_view *v,
    const struct profiles_metrics *m)
{
	int64_t decisive = m->winning_bets + m->losing_bets;

	render_set_int(d, "TOTAL_BETS", m->total_bets);
	render_set_int(d, "WINNING_BETS", m->winning_bets);
	render_set_int(d, "LOSING_BETS", m->losing_bets);
	render_set_int(d, "PUSH_BETS", m->push_bets);
	render_set_int(d, "VOID_BETS", m->void_bets);
	render_set_int(d, "HALF_WON_BETS", m->half_won_bets);
	render_set_int(d, "HALF_LOST_BETS", m->half_lost_bets);
	render_setf(d, "WINNING_PCT", "%.1f", m->winning_percentage);
	render_set(d, "STAKED", money_str(a, m->total_staked));
	render_set(d, "PROFIT", money_str(a, m->total_profit_loss));
	render_set(d, "PROFIT_SIGN", money_sign_class((double)m->total_profit_loss));
	render_setf(d, "ROI", "%+.2f", m->roi_percentage);
	render_set(d, "ROI_SIGN", money_sign_class(m->roi_percentage));
	render_setf(d, "AVERAGE_ODDS", "%.2f", m->average_odds);
	render_set_int(d, "WIN_STREAK", m->longest_winning_streak);
	render_set_int(d, "LOSE_STREAK", m->longest_losing_streak);
	if (m->best_month.month[0] != '\0') {
		month_into(a, d, "BEST_MONTH", &m->best_month);
		month_into(a, d, "WORST_MONTH", &m->worst_month);
	} else
		render_show(d, "NO_MONTHS");
	render_set(d, "DRAWDOWN", money_str(a, m->max_drawdown));
	render_setf(d, "DRAWDOWN_UNITS", "%.1f", m->max_drawdown_units);
	render_setf(d, "SHARPE", "%.3f", m->sharpe_ratio);
	render_setf(d, "VOLATILITY", "%.3f", m->volatility);
	if (m->clv_bets > 0) {
		render_dict *c = render_section(d, "CLV");

		render_setf(c, "VALUE", "%+.2f", m->closing_line_value);
		render_set_int(c, "BETS", m->clv_bets);
	} else
		render_show(d, "NO_CLV");
	render_setf(d, "YIELD", "%+.2f", m->yield_percentage);
	if (decisive >= P_VALUE_MIN_BETS)
		render_setf(render_section(d, "P_VALUE"), "VALUE", "%.4f", m->p_value);
	else {
		render_dict *n = render_section(d, "P_VALUE_TOO_FEW");

		render_set_int(n, "DECISIVE", decisive);
		render_set_int(n, "NEEDED", P_VALUE_MIN_BETS);
	}
	for (size_t i = 0; i < m->nsports; i++) {
		const struct profiles_sport_stats *s = &m->sport_performance[i];
		render_dict *r = render_section(d, "SPORTS");

		render_set(r, "SPORT", sport_label(v, s->sport));
		render_set_int(r, "BETS", s->bets);
		render_set_int(r, "WINNING", s->winning_bets);
		render_set_int(r, "LOSING", s->losing_bets);
		render_set(r, "STAKED", money_str(a, s->total_staked));
		render_set(r, "PROFIT", money_str(a, s->total_profit_loss));
		render_set(r, "SIGN", money_sign_class((double)s->total_profit_loss));
		render_setf(r, "ROI", "%+.2f", s->roi_percentage);
	}
	if (m->nsports == 0)
		render_show(d, "NO_SPORTS");
}

static void
curve_into(struct arena *a, render_dict *d, const struct profiles_view *v)
{
	int64_t lo = 0, hi = 0;
	render_dict *c;
	struct buf path;
	double zero_y;
	char t[32];

	buf_init(&path);
	if (profiles_svg_path(v->curve, v->ncurve, CURVE_W, CURVE_H, &path, &zero_y) != 0) {
		render_show(d, "NO_CURVE");
		buf_free(&path);
		return;
	}
	for (size_t i = 0; i < v->ncurve; i++) {
		lo = v->curve[i].profit < lo ? v->curve[i].profit : lo;
		hi = v->curve[i].profit > hi ? v->curve[i].profit : hi;
	}
	c = render_section(d, "CURVE");
	render_set(c, "PATH", buf_cstr(&path));
	render_setf(c, "ZERO_Y", "%.1f", zero_y);
	render_set_int(c, "W", CURVE_W);
	render_set_int(c, "H", CURVE_H);
	profiles_rfc3339(v->curve[0].t, t, sizeof(t));
	render_set(c, "FROM", arena_strndup(a, t, 10));
	profiles_rfc3339(v->curve[v->ncurve - 1].t, t, sizeof(t));
	render_set(c, "TO", arena_strndup(a, t, 10));
	render_set(c, "HIGH", money_str(a, hi));
	render_set(c, "LOW", money_str(a, lo));
	render_set(c, "FINAL", money_str(a, v->curve[v->ncurve - 1].profit));
	render_set(c, "FINAL_SIGN", money_sign_class((double)v->curve[v->ncurve - 1].profit));
	buf_free(&path);
}

static void
recent_into(struct arena *a, render_dict *d, const struct profiles_view *v)
{
	for (size_t i = 0; i < v->nrecent; i++) {
		const struct profiles_recent *r = &v->recent[i];
		render_dict *b = render_section(d, "RECENT");
		char date[32];

		profiles_rfc3339(r->settled_at, date, sizeof(date));
		date[10] = '\0';
		render_set(b, "DATE", date);
		render_set(b, "SPORT", r->sport);
		render_setf(b, "EVENT", "%s v %s", r->home, r->away);
		render_set(b, "SELECTION",
		    bets_selection_label(a, r->kind, r->line, r->outcome, r->home, r->away));
		render_set(b, "ODDS", odds_str(a, r->odds));
		render_set(b, "STAKE", money_str(a, r->stake));
		render_set(b, "STATUS", r->status);
		render_set(b, "STATUS_LABEL", bets_status_label(r->status));
		render_set(b, "PROFIT", money_str(a, r->profit));
		render_set(b, "SIGN", money_sign_class((double)r->profit));
	}
	if (v->nrecent == 0)
		render_show(d, "NO_RECENT");
}

/*
 * The performance part is the same for every viewer, so the worker keeps it
 * rendered per member and timeframe while the cache row it came from is
 * current (render_cache_get): a repeat view costs one small query instead
 * of the figures' query and a few hundred template values.
 */
void
profiles_page_queue(struct http_req *req, struct db_batch *b, const char *username, PGresult **out)
{
	profiles_db_version_queue(req->a, b, username, out);
}

int
profiles_page_into(struct http_req *req, struct render_dict *d, const char *user_id, PGresult *pre)
{
	const struct http_value *tv = &http_vals(req, profiles_page_fields)[PROFILES_P_TIMEFRAME];
	struct profiles_view *v = arena_alloc(req->a, sizeof(*v));
	enum profiles_timeframe tf = PROFILES_ALL_TIME;
	char version[PROFILES_VERSION_LEN];
	const char *key, *html;
	render_dict *p;
	struct buf out;
	int rc;

	for (int i = PROFILES_7_DAYS; i <= PROFILES_ALL_TIME; i++)
		if (tv != NULL && tv->present && strcmp(tv->str, timeframe_choices[i]) == 0)
			tf = (enum profiles_timeframe)i;
	key = arena_printf(req->a, "profile:%s:%s:%d", req->tenant->slug, user_id, (int)tf);
	if (v == NULL || key == NULL ||
	    (pre != NULL ? profiles_db_version_from(pre, version, sizeof(version))
	                 : profiles_db_version(req->a, user_id, version, sizeof(version))) != DB_OK)
		return -1;
	if ((html = render_cache_get(key, version)) != NULL) {
		render_set(d, "PERFORMANCE", html);
		return 0;
	}
	if (profiles_db_view(req->a, user_id, PROFILES_WANT(tf) | PROFILES_WANT_RECENT, v) !=
	        DB_OK ||
	    (p = render_dict_new(req->a)) == NULL)
		return -1;
	render_set(p, "CURRENCY", req->tenant->currency);
	for (int i = PROFILES_7_DAYS; i <= PROFILES_ALL_TIME; i++) {
		render_dict *t = render_section(p, "TABS");

		render_set(t, "LABEL", timeframe_labels[i]);
		render_set(t, "HREF", arena_printf(req->a, "?timeframe=%s", timeframe_choices[i]));
		if (i == (int)tf)
			render_show(t, "CURRENT");
	}
	render_set(p, "TIMEFRAME_LABEL", timeframe_labels[tf]);
	if (v->m[tf].total_bets == 0)
		render_show(p, "NO_BETS");
	else
		metrics_into(req->a, render_section(p, "METRICS"), v, &v->m[tf]);
	curve_into(req->a, p, v);
	recent_into(req->a, p, v);
	buf_init(&out);
	rc = render_expand(req->tenant->slug, "profiles/performance.tpl", p, &out);
	if (rc == 0) {
		if (v->cached)
			render_cache_put(key, v->version, buf_cstr(&out), out.len);
		render_set(d, "PERFORMANCE", buf_cstr(&out));
	}
	buf_free(&out);
	return rc;
}

int
profiles_json_into(struct http_req *req, json_t *u, const char *user_id)
{
	struct profiles_view *v = arena_alloc(req->a, sizeof(*v));
	const struct profiles_metrics *all;
	json_t *perf;

	if (v == NULL || u == NULL ||
	    profiles_db_view(req->a, user_id, PROFILES_WANT_ALL, v) != DB_OK)
		return -1;
	all = &v->m[PROFILES_ALL_TIME];
	if ((perf = json_object()) == NULL)
		return -1;
	for (int i = PROFILES_7_DAYS; i <= PROFILES_ALL_TIME; i++)
		json_object_set_new(perf, profiles_timeframe_name((enum profiles_timeframe)i),
		    profiles_metrics_json(&v->m[i]));
	/* The specification's top-level figures are the all-time ones. */
	json_object_set_new(u, "total_bets", json_integer(all->total_bets));
	json_object_set_new(u, "winning_percentage", json_real(all->winning_percentage));
	json_object_set_new(u, "total_profit_loss", json_integer(all->total_profit_loss));
	json_object_set_new(u, "roi_percentage", json_real(all->roi_percentage));
	json_object_set_new(u, "average_odds", json_real(all->average_odds));
	json_object_set_new(u, "currency", json_string(req->tenant->currency));
	json_object_set_new(u, "performance", perf);
	json_object_set_new(u, "equity_curve", profiles_curve_json(v->curve, v->ncurve));
	return 0;
}
