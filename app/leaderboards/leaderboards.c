/* Leaderboards: the queries, the page and the JSON (see leaderboards.h). */
#include "leaderboards.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "../db/db.h"
#include "../http/http.h"
#include "../render/render.h"
#include "../web/web.h"
#include "../social/social.h"
#include "../tenancy/tenancy.h"

static const char *const timeframes[] = { "7_days", "30_days", "1_year", "all_time", NULL };
static const char *const timeframe_labels[] = { "7 days", "30 days", "1 year", "All time" };
static const char *const orders[] = { "roi", "profit", "clv", "significance", NULL };
static const char *const order_labels[] = { "ROI", "Profit", "Closing-line value",
	"Statistical significance" };
static const char *const trending_timeframes[] = { "7_days", "30_days", NULL };

static const char *
sport_key(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return "is not a sport key (lower-case letters and _)";
	return NULL;
}

enum { LB_F_TIMEFRAME, LB_F_SPORT, LB_F_MIN_BETS, LB_F_ORDER, LB_F_LIMIT };
const struct http_field leaderboards_fields[] = {
	[LB_F_TIMEFRAME] = { "timeframe", FT_ENUM, 0, 0, 0, timeframes, NULL, "Timeframe" },
	[LB_F_SPORT] = { "sport", FT_STRING, 0, 0, 30, NULL, sport_key, "Sport" },
	[LB_F_MIN_BETS] = { "min_bets", FT_INT, 0, 1, 100000, NULL, NULL, "Minimum bets" },
	[LB_F_ORDER] = { "order", FT_ENUM, 0, 0, 0, orders, NULL, "Order" },
	[LB_F_LIMIT] = { "limit", FT_INT, 0, 1, LEADERBOARDS_LIMIT_MAX, NULL, NULL, "Limit" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

enum { LBT_F_TIMEFRAME, LBT_F_LIMIT };
const struct http_field leaderboards_trending_fields[] = {
	[LBT_F_TIMEFRAME] = { "timeframe", FT_ENUM, 0, 0, 0, trending_timeframes, NULL,
	    "Timeframe" },
	[LBT_F_LIMIT] = { "limit", FT_INT, 0, 1, LEADERBOARDS_LIMIT_MAX, NULL, NULL, "Limit" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* ---- top performers ---- */

enum {
	L_UID,
	L_USERNAME,
	L_DISPLAY,
	L_FOLLOWERS,
	L_BETS,
	L_WIN,
	L_LOSE,
	L_WPCT,
	L_STAKED,
	L_PROFIT,
	L_ROI,
	L_ODDS,
	L_CLVN,
	L_CLV,
	L_P
};

/*
 * One statement per ordering, and each twice: with "total_bets >= 10"
 * spelled out, a query for the usual minimum (10 or more) walks the partial
 * index of its ordering; a smaller minimum reads the timeframe's rows whole.
 * Suspended members are left out.
 */
#define TOP_SQL(order, floor)                                                              \
	"SELECT l.user_id, u.username, u.display_name, u.followers_count, l.total_bets, "  \
	"l.winning_bets, l.losing_bets, l.winning_percentage, l.total_staked, "            \
	"l.total_profit_loss, l.roi_percentage, l.average_odds, l.clv_bets, "              \
	"l.closing_line_value, l.p_value FROM leaderboard_entries l "                      \
	"JOIN users u ON u.id = l.user_id AND u.status = 'active' "                        \
	"WHERE l.timeframe = $1 AND l.sport = $2 " floor "AND l.total_bets >= $3::bigint " \
	"ORDER BY " order ", l.user_id LIMIT $4::int"
#define FLOOR10 "AND l.total_bets >= 10 "
#define ORDERS(floor)                                                        \
	{                                                                    \
		DB_STMT(TOP_SQL("l.roi_percentage DESC", floor), 4),         \
		    DB_STMT(TOP_SQL("l.total_profit_loss DESC", floor), 4),  \
		    DB_STMT(TOP_SQL("l.closing_line_value DESC", floor), 4), \
		    DB_STMT(TOP_SQL("l.p_value", floor), 4)                  \
	}

static struct db_stmt q_top_indexed[4] = ORDERS(FLOOR10);
static struct db_stmt q_top_all[4] = ORDERS("");

struct top_query {
	int tf, order;
	const char *sport;
	long long min_bets, limit;
};

/* The request's choices, or 422 for a combination that has no answer. */
static int
top_query(struct http_req *req, struct top_query *q, long long default_limit)
{
	const struct http_value *v = http_vals(req, leaderboards_fields);

	memset(q, 0, sizeof(*q));
	/* 30_days, the specification's default */
	q->tf = v[LB_F_TIMEFRAME].present ? v[LB_F_TIMEFRAME].idx : 1;
	q->order = v[LB_F_ORDER].present ? v[LB_F_ORDER].idx : 0;
	q->sport = v[LB_F_SPORT].str;
	q->min_bets = v[LB_F_MIN_BETS].present ? v[LB_F_MIN_BETS].num : 10;
	q->limit = v[LB_F_LIMIT].present ? v[LB_F_LIMIT].num : default_limit;
	if (q->order == 3 && q->sport[0] != '\0')
		return web_error(req, 422,
		    "Statistical significance is ranked over every sport only; "
		    "choose another order for one sport.");
	return 0;
}

static PGresult *
top_rows(struct http_req *req, const struct top_query *q)
{
	char min[24], limit[24];
	struct db_stmt *st = q->min_bets >= 10 ? &q_top_indexed[q->order] : &q_top_all[q->order];

	snprintf(min, sizeof(min), "%lld", q->min_bets);
	snprintf(limit, sizeof(limit), "%lld", q->limit);
	return db_query(req->a, st, DB_P(timeframes[q->tf], q->sport, min, limit));
}

static json_t *
num_or_null(const PGresult *r, int i, int col)
{
	const char *v = db_val(r, i, col);

	return v != NULL ? json_real(strtod(v, NULL)) : json_null();
}

int
leaderboards_api_top(struct http_req *req)
{
	struct top_query q;
	json_t *list;
	PGresult *r;

	if (top_query(req, &q, LEADERBOARDS_LIMIT_MAX) != 0)
		return -1;
	if ((r = top_rows(req, &q)) == NULL || (list = json_array()) == NULL)
		return -1;
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(list,
		    json_pack(
		        "{s:i, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:o, s:o, s:I, s:o, s:o}",
		        "rank", i + 1, "user_id", db_val(r, i, L_UID), "username",
		        db_val(r, i, L_USERNAME), "display_name", db_val(r, i, L_DISPLAY), "tier",
		        social_tier(db_ll(r, i, L_FOLLOWERS)), "followers_count",
		        (json_int_t)db_ll(r, i, L_FOLLOWERS), "total_bets",
		        (json_int_t)db_ll(r, i, L_BETS), "winning_bets",
		        (json_int_t)db_ll(r, i, L_WIN), "losing_bets",
		        (json_int_t)db_ll(r, i, L_LOSE), "winning_percentage",
		        num_or_null(r, i, L_WPCT), "total_staked",
		        (json_int_t)db_ll(r, i, L_STAKED), "total_profit_loss",
		        (json_int_t)db_ll(r, i, L_PROFIT), "roi_percentage",
		        num_or_null(r, i, L_ROI), "average_odds", num_or_null(r, i, L_ODDS),
		        "clv_bets", (json_int_t)db_ll(r, i, L_CLVN),
		        "closing_line_value_percentage", num_or_null(r, i, L_CLV), "p_value",
		        num_or_null(r, i, L_P)));
	return web_json(req, 200,
	    json_pack("{s:s, s:s?, s:I, s:s, s:s, s:o}", "timeframe", timeframes[q.tf], "sport",
	        q.sport[0] ? q.sport : NULL, "min_bets", (json_int_t)q.min_bets, "order",
	        orders[q.order], "currency", req->tenant->currency, "entries", list));
}

/* ---- trending ---- */

enum { T_UID, T_USERNAME, T_DISPLAY, T_FOLLOWERS, T_GAINED, T_ENGAGEMENT, T_SCORE, T_AT };

/* The ranking the worker keeps (trending_members), never computed here. */
static PGresult *
trending_rows(struct http_req *req, const char *timeframe, long long limit)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT u.id, u.username, u.display_name, u.followers_count, t.followers_gained, "
	    "t.engagement, t.score, to_char(t.computed_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM trending_members t "
	    "JOIN users u ON u.id = t.user_id AND u.status = 'active' "
	    "WHERE t.timeframe = $1 ORDER BY t.rank LIMIT $2::int",
	    2);
	char lim[24];

	snprintf(lim, sizeof(lim), "%lld", limit);
	return db_query(req->a, &q, DB_P(timeframe, lim));
}

int
leaderboards_job_trending(
    struct arena *a, const struct tenancy_tenant *t, json_t *p, char *err, size_t errsz)
{
	/* docs/api.md "Leaderboards": score = 3 x followers gained + likes +
	 * 2 x comments + 3 x shares received in the window. */
	static struct db_stmt q_rank = DB_STMT(
	    "WITH w (timeframe, days) AS (VALUES ('7_days', 7), ('30_days', 30)), "
	    "s AS (SELECT w.timeframe, d.user_id, sum(d.followers_gained) AS gained, "
	    " sum(d.likes + 2 * d.comments + 3 * d.shares) AS engagement "
	    " FROM w JOIN member_daily d ON d.day > (now() AT TIME ZONE 'UTC')::date - w.days "
	    " GROUP BY 1, 2), "
	    "r AS (SELECT timeframe, user_id, greatest(gained, 0) AS gained, "
	    " greatest(engagement, 0) AS engagement, "
	    " greatest(gained, 0) * 3 + greatest(engagement, 0) AS score, "
	    " row_number() OVER (PARTITION BY timeframe ORDER BY greatest(gained, 0) * 3 + "
	    " greatest(engagement, 0) DESC, user_id) AS rank FROM s) "
	    "INSERT INTO trending_members (timeframe, rank, user_id, followers_gained, engagement, "
	    "score) SELECT timeframe, rank, user_id, gained, engagement, score FROM r "
	    "WHERE rank <= " TRENDING_KEEP " AND score > 0",
	    0);
	/* a statement of its own: an INSERT does not see a DELETE of the same
	 * statement, and the old ranks would collide with the new */
	static struct db_stmt q_clear = DB_STMT("DELETE FROM trending_members", 0);
	static struct db_stmt q_old = DB_STMT(
	    "DELETE FROM member_daily WHERE day < (now() AT TIME ZONE 'UTC')::date - 40", 0);
	(void)t;
	(void)p;
	if (db_cmd(a, &q_clear, NULL) < 0 || db_cmd(a, &q_rank, NULL) < 0 ||
	    db_cmd(a, &q_old, NULL) < 0) {
		snprintf(err, errsz, "ranking failed (%s)", db_sqlstate());
		return -1;
	}
	return 0;
}

int
leaderboards_api_trending(struct http_req *req)
{
	const struct http_value *v = http_vals(req, leaderboards_trending_fields);
	const struct http_value *tf = &v[LBT_F_TIMEFRAME], *lv = &v[LBT_F_LIMIT];
	const char *timeframe = tf->present ? tf->str : "7_days";
	json_t *list = json_array();
	PGresult *r;

	if (list == NULL ||
	    (r = trending_rows(req, timeframe, lv->present ? lv->num : 50)) == NULL) {
		json_decref(list);
		return -1;
	}
	for (int i = 0; i < db_rows(r); i++)
		json_array_append_new(list,
		    json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "rank", i + 1,
		        "user_id", db_val(r, i, T_UID), "username", db_val(r, i, T_USERNAME),
		        "display_name", db_val(r, i, T_DISPLAY), "tier",
		        social_tier(db_ll(r, i, T_FOLLOWERS)), "followers_count",
		        (json_int_t)db_ll(r, i, T_FOLLOWERS), "followers_gained",
		        (json_int_t)db_ll(r, i, T_GAINED), "engagement",
		        (json_int_t)db_ll(r, i, T_ENGAGEMENT), "trend_score",
		        (json_int_t)db_ll(r, i, T_SCORE)));
	return web_json(req, 200,
	    json_pack("{s:s, s:s?, s:o}", "timeframe", timeframe, "computed_at",
	        db_rows(r) ? db_val(r, 0, T_AT) : NULL, "users", list));
}

/* ---- the page ---- */

/* The page's filters: the timeframe tabs, the sports (sp: key, name) and
 * the orders, the current ones marked. */
static void
page_filters(struct http_req *req, render_dict *d, const struct top_query *q, const PGresult *sp)
{
	for (int i = 0; timeframes[i] != NULL; i++) {
		render_dict *t = render_section(d, "TABS");

		render_set(t, "LABEL", timeframe_labels[i]);
		render_set(t, "HREF",
		    arena_printf(req->a,
		        "/leaderboards?timeframe=%s&sport=%s"
		        "&order=%s&min_bets=%lld",
		        timeframes[i], http_urlencode(req->a, q->sport), orders[q->order],
		        q->min_bets));
		if (i == q->tf)
			render_show(t, "CURRENT");
	}
	render_set(d, "TIMEFRAME", timeframes[q->tf]);
	render_set(d, "TIMEFRAME_LABEL", timeframe_labels[q->tf]);
	render_set_int(d, "MIN_BETS", q->min_bets);
	for (int i = 0; i < db_rows(sp); i++) {
		render_dict *s = render_section(d, "SPORTS");

		render_set(s, "KEY", db_val(sp, i, 0));
		render_set(s, "NAME", db_val(sp, i, 1));
		if (strcmp(q->sport, db_val(sp, i, 0)) == 0)
			render_show(s, "SELECTED");
	}
	for (int i = 0; orders[i] != NULL; i++) {
		render_dict *o = render_section(d, "ORDERS");

		render_set(o, "KEY", orders[i]);
		render_set(o, "LABEL", order_labels[i]);
		if (i == q->order)
			render_show(o, "SELECTED");
	}
}

/* The leaderboard's rows (r: top_rows). */
static void
page_entries(struct http_req *req, render_dict *d, const PGresult *r)
{
	for (int i = 0; i < db_rows(r); i++) {
		render_dict *e = render_section(d, "ENTRIES");
		double roi = strtod(db_val(r, i, L_ROI), NULL);
		const char *p = db_val(r, i, L_P);

		render_set_int(e, "RANK", i + 1);
		render_set(e, "USERNAME", db_val(r, i, L_USERNAME));
		render_set(e, "DISPLAY_NAME", db_val(r, i, L_DISPLAY));
		render_set(e, "TIER", social_tier(db_ll(r, i, L_FOLLOWERS)));
		render_set_int(e, "BETS", db_ll(r, i, L_BETS));
		render_setf(e, "WIN_PCT", "%.1f", strtod(db_val(r, i, L_WPCT), NULL));
		render_set(e, "PROFIT", money_str(req->a, db_ll(r, i, L_PROFIT)));
		render_set(e, "PROFIT_SIGN", money_sign_class((double)db_ll(r, i, L_PROFIT)));
		render_setf(e, "ROI", "%+.2f", roi);
		render_set(e, "ROI_SIGN", money_sign_class(roi));
		render_setf(e, "ODDS", "%.2f", strtod(db_val(r, i, L_ODDS), NULL));
		if (db_ll(r, i, L_CLVN) > 0)
			render_setf(render_section(e, "CLV"), "VALUE", "%+.2f",
			    strtod(db_val(r, i, L_CLV), NULL));
		else
			render_show(e, "NO_CLV");
		if (p != NULL)
			render_setf(render_section(e, "P"), "VALUE", "%.4f", strtod(p, NULL));
	}
	if (db_rows(r) == 0)
		render_show(d, "NO_ENTRIES");
}

/* The trending members (tr: trending_rows). */
static void
page_trending(render_dict *d, const PGresult *tr)
{
	for (int i = 0; i < db_rows(tr); i++) {
		render_dict *t = render_section(d, "TRENDING");

		render_set_int(t, "RANK", i + 1);
		render_set(t, "USERNAME", db_val(tr, i, T_USERNAME));
		render_set(t, "DISPLAY_NAME", db_val(tr, i, T_DISPLAY));
		render_set(t, "TIER", social_tier(db_ll(tr, i, T_FOLLOWERS)));
		render_set_int(t, "GAINED", db_ll(tr, i, T_GAINED));
		render_set_int(t, "ENGAGEMENT", db_ll(tr, i, T_ENGAGEMENT));
		render_set_int(t, "FOLLOWERS", db_ll(tr, i, T_FOLLOWERS));
	}
	if (db_rows(tr) == 0)
		render_show(d, "NO_TRENDING");
}

int
leaderboards_page(struct http_req *req)
{
	static struct db_stmt q_sports =
	    DB_STMT("SELECT key, name FROM sports ORDER BY position, name", 0);
	struct top_query q;
	PGresult *r, *sp, *tr;
	render_dict *d;

	if (top_query(req, &q, 50) != 0)
		return -1;
	if ((r = top_rows(req, &q)) == NULL || (sp = db_query(req->a, &q_sports, NULL)) == NULL ||
	    (tr = trending_rows(req, "7_days", 10)) == NULL)
		return -1;
	d = web_page(req, "leaderboards/index.tpl", "Leaderboards");
	render_set(d, "CURRENCY", req->tenant->currency);
	page_filters(req, d, &q, sp);
	page_entries(req, d, r);
	if (q.sport[0] == '\0')
		render_show(d, "ALL_SPORTS");
	page_trending(d, tr);
	return web_page_done(req, 200);
}
