/*
 * Profiles, pure presentation: the accumulator's stored columns, comparing
 * two accumulators (rebuild), and the Metrics JSON both ways (the API, and
 * the cached windows in profile_windows). No I/O.
 */
#include "profiles.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define ACC_I64(f)                                                   \
	{                                                            \
#f, offsetof(struct profiles_acc, f), PROFILES_F_I64 \
	}
#define ACC_I32(c, f)                                               \
	{                                                           \
		c, offsetof(struct profiles_acc, f), PROFILES_F_I32 \
	}
#define ACC_M64(c, f)                                               \
	{                                                           \
		c, offsetof(struct profiles_acc, f), PROFILES_F_I64 \
	}
#define ACC_DBL(f)                                                   \
	{                                                            \
#f, offsetof(struct profiles_acc, f), PROFILES_F_DBL \
	}

/* In the order of PROFILES_STATS_COLS (after seq); a unit test checks it.
 * The declaration in profiles.h fixes the count, so a missing entry does not
 * compile. */
const struct profiles_field profiles_acc_fields[] = {
	ACC_I64(bets),
	ACC_I64(won),
	ACC_I64(lost),
	ACC_I64(half_won),
	ACC_I64(half_lost),
	ACC_I64(pushes),
	ACC_I64(voids),
	ACC_I64(staked),
	ACC_I64(profit),
	ACC_I64(odds_sum),
	ACC_I64(level_sum),
	ACC_I64(win_run),
	ACC_I64(loss_run),
	ACC_I64(win_streak),
	ACC_I64(loss_streak),
	ACC_I64(peak),
	ACC_I64(max_drawdown),
	ACC_I64(clv_bets),
	ACC_I64(last_at),
	ACC_I32("month_key", month.key),
	ACC_M64("month_bets", month.bets),
	ACC_M64("month_profit", month.profit),
	ACC_I32("best_key", best.key),
	ACC_M64("best_bets", best.bets),
	ACC_M64("best_profit", best.profit),
	ACC_I32("worst_key", worst.key),
	ACC_M64("worst_bets", worst.bets),
	ACC_M64("worst_profit", worst.profit),
	ACC_DBL(ret_mean),
	ACC_DBL(ret_m2),
	ACC_DBL(clv_sum),
	ACC_DBL(null_var),
};

static int
dbl_equal(double x, double y, double tol)
{
	double m = fabs(x) > fabs(y) ? fabs(x) : fabs(y);

	if (tol == 0)
		return memcmp(&x, &y, sizeof x) == 0 || x == y; /* 0.0 == -0.0 */
	return fabs(x - y) <= tol * m;
}

int
profiles_acc_equal(const struct profiles_acc *a, const struct profiles_acc *b, double tol)
{
	for (size_t i = 0; i < PROFILES_ACC_NFIELDS; i++) {
		const struct profiles_field *f = &profiles_acc_fields[i];
		const char *x = (const char *)a + f->off, *y = (const char *)b + f->off;

		switch (f->type) {
		case PROFILES_F_I64:
			if (*(const int64_t *)x != *(const int64_t *)y)
				return 0;
			break;
		case PROFILES_F_I32:
			if (*(const int32_t *)x != *(const int32_t *)y)
				return 0;
			break;
		case PROFILES_F_DBL:
			if (!dbl_equal(*(const double *)x, *(const double *)y, tol))
				return 0;
			break;
		}
	}
	if (a->nsports != b->nsports)
		return 0;
	for (int32_t i = 0; i < a->nsports; i++) {
		const struct profiles_sport *s = &a->sports[i], *t = &b->sports[i];

		if (strcmp(s->name, t->name) != 0 || s->bets != t->bets ||
		    s->winning != t->winning || s->losing != t->losing || s->staked != t->staked ||
		    s->profit != t->profit || s->odds_sum != t->odds_sum ||
		    s->clv_bets != t->clv_bets || !dbl_equal(s->clv_sum, t->clv_sum, tol))
			return 0;
	}
	return 1;
}

/* ---- Metrics JSON ---- */

/* The closing line value is in percent, so the API names it *_percentage
 * (docs/api.md, Units; Version 2). Rows of profile_windows written before
 * the rename carry CLV_OLD_KEY instead: reading accepts either, so those
 * rows stay usable until their next refresh (some never expire). */
#define CLV_KEY "closing_line_value_percentage"
#define CLV_OLD_KEY "closing_line_value"

/* In the specification's order; the month and sport entries are objects. */
enum mtype { M_INT, M_DBL, M_BEST, M_WORST, M_SPORTS };
static const struct {
	const char *name;
	size_t off;
	enum mtype type;
} metric_fields[] = {
#define MI(f)                                                   \
	{                                                       \
#f, offsetof(struct profiles_metrics, f), M_INT \
	}
#define MD(f)                                                   \
	{                                                       \
#f, offsetof(struct profiles_metrics, f), M_DBL \
	}
#define MDN(k, f)                                              \
	{                                                      \
		k, offsetof(struct profiles_metrics, f), M_DBL \
	}
	MI(total_bets),
	MI(winning_bets),
	MI(losing_bets),
	MD(winning_percentage),
	MI(total_staked),
	MI(total_profit_loss),
	MD(roi_percentage),
	MD(average_odds),
	MI(longest_winning_streak),
	MI(longest_losing_streak),
	{ "best_month", 0, M_BEST },
	{ "worst_month", 0, M_WORST },
	{ "sport_performance", 0, M_SPORTS },
	MI(max_drawdown),
	MD(sharpe_ratio),
	MD(volatility),
	MDN(CLV_KEY, closing_line_value),
	MI(clv_bets),
	MD(yield_percentage),
	MD(p_value),
	MI(push_bets),
	MI(void_bets),
	MI(half_won_bets),
	MI(half_lost_bets),
	MD(max_drawdown_units),
#undef MI
#undef MD
#undef MDN
};

/* JSON has no infinity or NaN; the metrics never produce them, but a
 * corrupt cache must not make jansson return NULL. */
static json_t *
real(double v)
{
	return json_real(isfinite(v) ? v : 0);
}

static json_t *
month_json(const struct profiles_month_stats *m)
{
	if (m->month[0] == '\0')
		return json_null();
	return json_pack("{s:s, s:I, s:I}", "month", m->month, "profit", (json_int_t)m->profit,
	    "bets", (json_int_t)m->bets);
}

static json_t *
sports_json(const struct profiles_metrics *m)
{
	json_t *o = json_object();

	for (size_t i = 0; o != NULL && i < m->nsports; i++) {
		const struct profiles_sport_stats *s = &m->sport_performance[i];

		if (json_object_set_new(o, s->sport,
		        json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:I, s:o}", "sport",
		            s->sport, "bets", (json_int_t)s->bets, "winning_bets",
		            (json_int_t)s->winning_bets, "losing_bets", (json_int_t)s->losing_bets,
		            "total_staked", (json_int_t)s->total_staked, "total_profit_loss",
		            (json_int_t)s->total_profit_loss, "roi_percentage",
		            real(s->roi_percentage), "average_odds", real(s->average_odds),
		            "clv_bets", (json_int_t)s->clv_bets, CLV_KEY,
		            real(s->closing_line_value))) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *
profiles_metrics_json(const struct profiles_metrics *m)
{
	json_t *o = json_object();

	for (size_t i = 0; o != NULL && i < TG_NELEM(metric_fields); i++) {
		const char *p = (const char *)m + metric_fields[i].off;
		json_t *v = NULL;

		switch (metric_fields[i].type) {
		case M_INT:
			v = json_integer(*(const int64_t *)p);
			break;
		case M_DBL:
			v = real(*(const double *)p);
			break;
		case M_BEST:
			v = month_json(&m->best_month);
			break;
		case M_WORST:
			v = month_json(&m->worst_month);
			break;
		case M_SPORTS:
			v = sports_json(m);
			break;
		}
		if (v == NULL || json_object_set_new(o, metric_fields[i].name, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static int
get_int(const json_t *o, const char *k, int64_t *out)
{
	const json_t *v = json_object_get(o, k);

	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

static int
get_dbl(const json_t *o, const char *k, double *out)
{
	const json_t *v = json_object_get(o, k);

	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return 0;
}

/* The closing line value under its name or, in a row cached before Version
 * 2, under the old one. */
static int
get_clv(const json_t *o, double *out)
{
	return get_dbl(o, CLV_KEY, out) == 0 ? 0 : get_dbl(o, CLV_OLD_KEY, out);
}

static int
month_from(const json_t *v, struct profiles_month_stats *m)
{
	const char *s;

	memset(m, 0, sizeof *m);
	if (json_is_null(v))
		return 0;
	s = json_string_value(json_object_get(v, "month"));
	if (s == NULL || strlen(s) != 7 || get_int(v, "profit", &m->profit) != 0 ||
	    get_int(v, "bets", &m->bets) != 0)
		return -1;
	memcpy(m->month, s, 8);
	return 0;
}

int
profiles_metrics_from_json(const json_t *o, struct profiles_metrics *m)
{
	const json_t *sports, *v;
	const char *k;

	memset(m, 0, sizeof *m);
	if (!json_is_object(o))
		return -1;
	for (size_t i = 0; i < TG_NELEM(metric_fields); i++) {
		char *p = (char *)m + metric_fields[i].off;
		const char *name = metric_fields[i].name;

		if ((metric_fields[i].type == M_INT && get_int(o, name, (int64_t *)p) != 0) ||
		    (metric_fields[i].type == M_DBL &&
		        (strcmp(name, CLV_KEY) == 0 ? get_clv(o, (double *)p)
		                                    : get_dbl(o, name, (double *)p)) != 0))
			return -1;
	}
	if (month_from(json_object_get(o, "best_month"), &m->best_month) != 0 ||
	    month_from(json_object_get(o, "worst_month"), &m->worst_month) != 0)
		return -1;
	sports = json_object_get(o, "sport_performance");
	if (!json_is_object(sports) || json_object_size(sports) > PROFILES_SPORTS_MAX)
		return -1;
	/* jansson keeps insertion order: the order of first appearance. */
	json_object_foreach((json_t *)sports, k, v)
	{
		struct profiles_sport_stats *s = &m->sport_performance[m->nsports++];

		if (strlen(k) > PROFILES_SPORT_LEN || get_int(v, "bets", &s->bets) != 0 ||
		    get_int(v, "winning_bets", &s->winning_bets) != 0 ||
		    get_int(v, "losing_bets", &s->losing_bets) != 0 ||
		    get_int(v, "total_staked", &s->total_staked) != 0 ||
		    get_int(v, "total_profit_loss", &s->total_profit_loss) != 0 ||
		    get_dbl(v, "roi_percentage", &s->roi_percentage) != 0 ||
		    get_dbl(v, "average_odds", &s->average_odds) != 0 ||
		    get_int(v, "clv_bets", &s->clv_bets) != 0 ||
		    get_clv(v, &s->closing_line_value) != 0)
			return -1;
		memcpy(s->sport, k, strlen(k) + 1);
	}
	return 0;
}

/* ---- the equity curve as JSON ---- */

void
profiles_rfc3339(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, n, "1970-01-01T00:00:00Z");
}

json_t *
profiles_curve_json(const struct profiles_point *pts, size_t n)
{
	json_t *a = json_array();
	char t[32];

	for (size_t i = 0; a != NULL && i < n; i++) {
		profiles_rfc3339(pts[i].t, t, sizeof t);
		if (json_array_append_new(
		        a, json_pack("{s:s, s:I}", "t", t, "profit", (json_int_t)pts[i].profit)) !=
		    0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}
