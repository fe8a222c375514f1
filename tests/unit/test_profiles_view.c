/*
 * Unit tests for the pure parts of app/profiles around the metrics core:
 * the stored columns (profiles_acc_fields against PROFILES_STATS_COLS, and
 * a store/reload through them that must not lose any state), comparing
 * accumulators, the Metrics JSON both ways, thinning the equity curve and
 * its SVG path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "profiles/profiles.h"

#define T_2024_01_15 INT64_C(1705276800)
#define DAY INT64_C(86400)

static struct profiles_bet
mk(int64_t at, int64_t stake, int32_t odds, enum bets_outcome o, int64_t profit, int32_t fair,
    const char *sport)
{
	struct profiles_bet b;

	memset(&b, 0, sizeof b);
	b.settled_at = at;
	b.stake = stake;
	b.odds = odds;
	b.outcome = o;
	b.profit = profit;
	b.fair_closing_odds = fair;
	b.sport = sport;
	return b;
}

/* A small deterministic history: three sports, every outcome, two months. */
static size_t
history(struct profiles_bet *b)
{
	size_t n = 0;

	b[n++] = mk(T_2024_01_15, 1000, 2100, BETS_WON, 1100, 2000, "football");
	b[n++] = mk(T_2024_01_15 + 60, 2000, 1800, BETS_LOST, -2000, 0, "tennis");
	b[n++] = mk(T_2024_01_15 + 120, 500, 1950, BETS_PUSH, 0, 1900, "football");
	b[n++] = mk(T_2024_01_15 + 180, 800, 3000, BETS_VOID, 0, 0, NULL);
	b[n++] = mk(T_2024_01_15 + 20 * DAY, 1000, 1900, BETS_HALF_WON, 450, 1850, "basketball");
	b[n++] = mk(T_2024_01_15 + 21 * DAY, 1001, 2000, BETS_HALF_LOST, -501, 0, "football");
	return n;
}

/* ---- stored columns ---- */

static void
test_fields_match_columns(void **state)
{
	char cols[] = PROFILES_STATS_COLS;
	char *save = NULL, *tok = strtok_r(cols, ", ", &save);
	size_t i = 0;

	(void)state;
	assert_non_null(tok);
	assert_string_equal(tok, "seq");
	while ((tok = strtok_r(NULL, ", ", &save)) != NULL) {
		assert_true(i < PROFILES_ACC_NFIELDS);
		assert_string_equal(tok, profiles_acc_fields[i].col);
		i++;
	}
	assert_int_equal(i, PROFILES_ACC_NFIELDS);
}

/* Through the columns as text, into a struct full of garbage, exactly as
 * profiles_codec.c stores and loads a row. */
static void
store_reload(struct profiles_acc *a)
{
	char row[PROFILES_ACC_NFIELDS][40];
	struct profiles_acc b;

	for (int i = 0; i < PROFILES_ACC_NFIELDS; i++) {
		const struct profiles_field *f = &profiles_acc_fields[i];
		const char *p = (const char *)a + f->off;

		if (f->type == PROFILES_F_I64)
			snprintf(row[i], sizeof row[i], "%" PRId64, *(const int64_t *)p);
		else if (f->type == PROFILES_F_I32)
			snprintf(row[i], sizeof row[i], "%" PRId32, *(const int32_t *)p);
		else
			snprintf(row[i], sizeof row[i], "%.17g", *(const double *)p);
	}
	memset(&b, 0x5a, sizeof b);
	for (int i = 0; i < PROFILES_ACC_NFIELDS; i++) {
		const struct profiles_field *f = &profiles_acc_fields[i];
		char *p = (char *)&b + f->off;

		if (f->type == PROFILES_F_I64)
			*(int64_t *)p = strtoll(row[i], NULL, 10);
		else if (f->type == PROFILES_F_I32)
			*(int32_t *)p = (int32_t)strtol(row[i], NULL, 10);
		else
			*(double *)p = strtod(row[i], NULL);
	}
	/* the sport rows: nsports is their count */
	b.nsports = a->nsports;
	for (int i = 0; i < a->nsports; i++)
		b.sports[i] = a->sports[i];
	*a = b;
}

static uint64_t rng = 88172645463325252ull;
static int64_t
rnd(int64_t lo, int64_t hi)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return lo + (int64_t)(rng % (uint64_t)(hi - lo + 1));
}

static void
test_store_reload_keeps_everything(void **state)
{
	static const char *const sports[] = { "football", "tennis", "basketball", NULL };
	struct profiles_acc inc, whole;
	struct profiles_metrics m1, m2;
	int64_t at = T_2024_01_15;

	(void)state;
	profiles_acc_init(&inc);
	profiles_acc_init(&whole);
	for (int i = 0; i < 500; i++) {
		int64_t stake = rnd(100, 5000);
		int32_t odds = (int32_t)rnd(1200, 4000);
		int o = (int)rnd(BETS_WON, BETS_HALF_LOST);
		int64_t profit = o == BETS_WON ? stake * (odds - 1000) / 1000
		    : o == BETS_LOST           ? -stake
		    : o == BETS_HALF_WON       ? (stake + 1) / 2 * (odds - 1000) / 1000
		    : o == BETS_HALF_LOST      ? -((stake + 1) / 2)
		                               : 0;
		struct profiles_bet b = mk(at, stake, odds, (enum bets_outcome)o, profit,
		    rnd(0, 1) ? (int32_t)rnd(1200, 4000) : 0, sports[rnd(0, 3)]);

		at += rnd(0, 3 * DAY);
		store_reload(&inc);
		assert_int_equal(profiles_acc_add(&inc, &b), 0);
		assert_int_equal(profiles_acc_add(&whole, &b), 0);
		assert_true(profiles_acc_equal(&inc, &whole, 0));
	}
	profiles_acc_metrics(&inc, &m1);
	profiles_acc_metrics(&whole, &m2);
	assert_memory_equal(&m1, &m2, sizeof m1);
}

static void
test_acc_equal(void **state)
{
	struct profiles_bet b[8];
	struct profiles_acc x, y;
	size_t n = history(b);

	(void)state;
	profiles_acc_init(&x);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(profiles_acc_add(&x, &b[i]), 0);
	y = x;
	assert_true(profiles_acc_equal(&x, &y, 0));

	y.max_drawdown++;
	assert_false(profiles_acc_equal(&x, &y, 1e-9));
	y = x;
	y.best.key++;
	assert_false(profiles_acc_equal(&x, &y, 1e-9));

	/* doubles: bit for bit at 0, relative within a tolerance */
	y = x;
	y.ret_m2 = x.ret_m2 * (1 + 1e-12);
	assert_false(profiles_acc_equal(&x, &y, 0));
	assert_true(profiles_acc_equal(&x, &y, 1e-9));
	y.ret_m2 = x.ret_m2 * (1 + 1e-6);
	assert_false(profiles_acc_equal(&x, &y, 1e-9));

	/* sport buckets: name, counts and count of buckets */
	y = x;
	y.sports[1].name[0] = 'X';
	assert_false(profiles_acc_equal(&x, &y, 0));
	y = x;
	y.sports[2].staked--;
	assert_false(profiles_acc_equal(&x, &y, 0));
	y = x;
	y.nsports--;
	assert_false(profiles_acc_equal(&x, &y, 0));
}

/* ---- Metrics JSON ---- */

static const char *const metric_keys[] = {
	"total_bets",
	"winning_bets",
	"losing_bets",
	"winning_percentage",
	"total_staked",
	"total_profit_loss",
	"roi_percentage",
	"average_odds",
	"longest_winning_streak",
	"longest_losing_streak",
	"best_month",
	"worst_month",
	"sport_performance",
	"max_drawdown",
	"sharpe_ratio",
	"volatility",
	"closing_line_value_percentage",
	"clv_bets",
	"yield_percentage",
	"p_value",
	"push_bets",
	"void_bets",
	"half_won_bets",
	"half_lost_bets",
	"max_drawdown_units",
	NULL,
};

static void
test_metrics_json_shape(void **state)
{
	struct profiles_bet b[8];
	struct profiles_metrics m;
	size_t n = history(b), k = 0;
	json_t *j, *s, *f;
	const char *key;
	json_t *v;

	(void)state;
	assert_int_equal(profiles_metrics_compute(b, n, &m), 0);
	j = profiles_metrics_json(&m);
	assert_non_null(j);

	/* exactly these keys, in the specification's order */
	json_object_foreach(j, key, v)
	{
		assert_non_null(metric_keys[k]);
		assert_string_equal(key, metric_keys[k]);
		k++;
	}
	assert_null(metric_keys[k]);

	/* money and counts are integers; ratios are reals */
	assert_true(json_is_integer(json_object_get(j, "total_staked")));
	assert_int_equal(json_integer_value(json_object_get(j, "total_bets")), 6);
	assert_int_equal(json_integer_value(json_object_get(j, "winning_bets")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "losing_bets")), 2);
	/* decisive stakes 1000 + 2000 + 1000 + 1001; profits 1100 - 2000 + 450 - 501 */
	assert_int_equal(json_integer_value(json_object_get(j, "total_staked")), 5001);
	assert_int_equal(json_integer_value(json_object_get(j, "total_profit_loss")), -951);
	assert_true(json_is_real(json_object_get(j, "roi_percentage")));
	assert_true(json_is_real(json_object_get(j, "p_value")));
	assert_true(json_number_value(json_object_get(j, "average_odds")) > 1.9);

	/* months: {month, profit, bets}; January has four bets, February two */
	f = json_object_get(j, "best_month");
	assert_string_equal(json_string_value(json_object_get(f, "month")), "2024-02");
	assert_int_equal(json_integer_value(json_object_get(f, "profit")), -51);
	assert_int_equal(json_integer_value(json_object_get(f, "bets")), 2);
	f = json_object_get(j, "worst_month");
	assert_string_equal(json_string_value(json_object_get(f, "month")), "2024-01");
	assert_int_equal(json_integer_value(json_object_get(f, "profit")), -900);

	/* sports keyed by sport, in order of first appearance */
	s = json_object_get(j, "sport_performance");
	assert_int_equal(json_object_size(s), 4);
	f = json_object_get(s, "football");
	assert_string_equal(json_string_value(json_object_get(f, "sport")), "football");
	assert_int_equal(json_integer_value(json_object_get(f, "bets")), 3);
	assert_int_equal(json_integer_value(json_object_get(f, "winning_bets")), 1);
	assert_int_equal(json_integer_value(json_object_get(f, "losing_bets")), 1);
	assert_int_equal(json_integer_value(json_object_get(f, "total_staked")), 2001);
	assert_int_equal(json_integer_value(json_object_get(f, "total_profit_loss")), 599);
	/* the closing line value in percent, named so (docs/api.md, Units) */
	assert_true(json_is_real(json_object_get(f, "closing_line_value_percentage")));
	assert_null(json_object_get(f, "closing_line_value"));
	assert_non_null(json_object_get(s, "other"));
	k = 0;
	json_object_foreach(s, key, v)
	{
		static const char *const order[] = { "football", "tennis", "other", "basketball" };

		assert_string_equal(key, order[k++]);
	}
	json_decref(j);
}

static void
test_metrics_json_empty(void **state)
{
	struct profiles_metrics m;
	json_t *j;

	(void)state;
	profiles_metrics_compute(NULL, 0, &m);
	j = profiles_metrics_json(&m);
	assert_true(json_is_null(json_object_get(j, "best_month")));
	assert_true(json_is_null(json_object_get(j, "worst_month")));
	assert_int_equal(json_object_size(json_object_get(j, "sport_performance")), 0);
	assert_true(json_number_value(json_object_get(j, "p_value")) == 1.0);
	json_decref(j);
}

/* What the windows cache stores comes back bit for bit. */
static void
test_metrics_json_round_trip(void **state)
{
	struct profiles_bet b[8];
	struct profiles_metrics m, back, empty;
	char *text;
	json_t *j;

	(void)state;
	profiles_metrics_compute(b, history(b), &m);
	j = profiles_metrics_json(&m);
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	j = json_loads(text, 0, NULL);
	assert_int_equal(profiles_metrics_from_json(j, &back), 0);
	assert_memory_equal(&m, &back, sizeof m);
	json_decref(j);
	free(text);

	profiles_metrics_compute(NULL, 0, &empty);
	j = profiles_metrics_json(&empty);
	assert_int_equal(profiles_metrics_from_json(j, &back), 0);
	assert_memory_equal(&empty, &back, sizeof empty);

	/* a wrong shape is refused */
	json_object_del(j, "volatility");
	assert_int_equal(profiles_metrics_from_json(j, &back), -1);
	json_object_set_new(j, "volatility", json_string("high"));
	assert_int_equal(profiles_metrics_from_json(j, &back), -1);
	json_decref(j);
	assert_int_equal(profiles_metrics_from_json(NULL, &back), -1);
}

/* A profile_windows row written before Version 2 of the API named the
 * closing line value "closing_line_value" (in percent all along): it still
 * reads, with the figure kept, and answers under the new name. */
static const char old_windows_metrics[] =
    "{\"total_bets\":12,\"winning_bets\":7,\"losing_bets\":5,\"winning_percentage\":58.33,"
    "\"total_staked\":12000,\"total_profit_loss\":1530,\"roi_percentage\":12.75,"
    "\"average_odds\":2.05,\"longest_winning_streak\":3,\"longest_losing_streak\":2,"
    "\"best_month\":{\"month\":\"2026-10\",\"profit\":1800,\"bets\":8},"
    "\"worst_month\":{\"month\":\"2026-11\",\"profit\":-270,\"bets\":4},"
    "\"sport_performance\":{\"football\":{\"sport\":\"football\",\"bets\":12,"
    "\"winning_bets\":7,\"losing_bets\":5,\"total_staked\":12000,"
    "\"total_profit_loss\":1530,\"roi_percentage\":12.75,\"average_odds\":2.05,"
    "\"clv_bets\":10,\"closing_line_value\":3.25}},"
    "\"max_drawdown\":900,\"sharpe_ratio\":0.41,\"volatility\":0.97,"
    "\"closing_line_value\":3.25,\"clv_bets\":10,\"yield_percentage\":11.5,"
    "\"p_value\":0.31,\"push_bets\":0,\"void_bets\":0,\"half_won_bets\":0,"
    "\"half_lost_bets\":0,\"max_drawdown_units\":0.9}";

static void
test_metrics_json_old_clv_key(void **state)
{
	struct profiles_metrics m;
	json_t *j = json_loads(old_windows_metrics, 0, NULL), *again;

	(void)state;
	assert_non_null(j);
	assert_int_equal(profiles_metrics_from_json(j, &m), 0);
	assert_true(m.closing_line_value == 3.25);
	assert_int_equal(m.nsports, 1);
	assert_string_equal(m.sport_performance[0].sport, "football");
	assert_true(m.sport_performance[0].closing_line_value == 3.25);
	assert_int_equal(m.clv_bets, 10);
	assert_true(m.roi_percentage == 12.75);

	/* written again, under the new name only */
	again = profiles_metrics_json(&m);
	assert_true(
	    json_number_value(json_object_get(again, "closing_line_value_percentage")) == 3.25);
	assert_null(json_object_get(again, "closing_line_value"));
	assert_true(json_number_value(json_object_get(
	                json_object_get(json_object_get(again, "sport_performance"), "football"),
	                "closing_line_value_percentage")) == 3.25);
	json_decref(again);

	/* neither name: the shape is wrong */
	json_object_del(j, "closing_line_value");
	assert_int_equal(profiles_metrics_from_json(j, &m), -1);
	json_decref(j);
}

/* ---- the equity curve ---- */

static void
test_downsample(void **state)
{
	struct profiles_point p[1000];

	(void)state;
	for (int i = 0; i < 1000; i++)
		p[i] = (struct profiles_point){ i * DAY, i };
	assert_int_equal(profiles_curve_downsample(p, 150, 200), 150);
	assert_int_equal(p[149].profit, 149);
	assert_int_equal(profiles_curve_downsample(p, 1000, 200), 200);
	/* the last point of each run of five: 4, 9, ..., 999 */
	for (int k = 0; k < 200; k++)
		assert_int_equal(p[k].profit, 5 * k + 4);

	/* uneven runs still end on the last point and never go backwards */
	for (int i = 0; i < 1000; i++)
		p[i] = (struct profiles_point){ i * DAY, i };
	assert_int_equal(profiles_curve_downsample(p, 997, 200), 200);
	assert_int_equal(p[199].profit, 996);
	for (int k = 1; k < 200; k++)
		assert_true(p[k].profit > p[k - 1].profit);
	assert_int_equal(profiles_curve_downsample(p, 10, 0), 0);
}

static void
test_svg_path(void **state)
{
	struct profiles_point p[2] = { { 100, 100 }, { 200, -100 } };
	struct profiles_point one[1] = { { 1000, 0 } };
	struct buf b;
	double zero;

	(void)state;
	buf_init(&b);
	/* profit range -100..100 over 100 px (4 px padding): 0.5 px per unit.
	 * The start at 0 sits one average gap (50 s) before the first point, so
	 * x spans 50..200 s over 200 px. */
	assert_int_equal(profiles_svg_path(p, 2, 200, 108, &b, &zero), 0);
	assert_string_equal(buf_cstr(&b), "M0 54.0L66.7 4.0L200.0 104.0");
	assert_true(zero == 54.0);

	/* one point at 0: a flat line along the bottom, the zero line with it */
	buf_reset(&b);
	assert_int_equal(profiles_svg_path(one, 1, 600, 180, &b, &zero), 0);
	assert_string_equal(buf_cstr(&b), "M0 176.0L600.0 176.0");
	assert_true(zero == 176.0);

	buf_reset(&b);
	assert_int_equal(profiles_svg_path(one, 0, 600, 180, &b, &zero), -1);
	buf_free(&b);
}

static void
test_curve_json(void **state)
{
	struct profiles_point p[2] = { { 0, 0 }, { INT64_C(1704067200), -2500 } };
	json_t *j = profiles_curve_json(p, 2);
	char t[32];

	(void)state;
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(j, 0), "t")), "1970-01-01T00:00:00Z");
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(j, 1), "t")), "2024-01-01T00:00:00Z");
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(j, 1), "profit")), -2500);
	json_decref(j);
	profiles_rfc3339(INT64_C(1709251199), t, sizeof t);
	assert_string_equal(t, "2024-02-29T23:59:59Z");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_match_columns),
		cmocka_unit_test(test_store_reload_keeps_everything),
		cmocka_unit_test(test_acc_equal),
		cmocka_unit_test(test_metrics_json_shape),
		cmocka_unit_test(test_metrics_json_empty),
		cmocka_unit_test(test_metrics_json_round_trip),
		cmocka_unit_test(test_metrics_json_old_clv_key),
		cmocka_unit_test(test_downsample),
		cmocka_unit_test(test_svg_path),
		cmocka_unit_test(test_curve_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
