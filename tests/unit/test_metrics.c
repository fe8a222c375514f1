/*
 * Unit tests for app/profiles' pure metrics (docs/metrics.md): every metric
 * against hand-computed values on small histories, then incremental
 * maintenance (with the accumulator stored as text and reloaded before every
 * bet) against a rebuild and against a naive reference on a randomised
 * 1,000-bet history.
 *
 * Expected doubles were worked out by hand (the arithmetic is in the
 * comments); the normal tail values are from Python's math.erfc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/core.h"
#include "profiles/profiles.h"

#define EPS 1e-9
#define EPS_P 1e-6 /* the normal tail is good to 1.2e-7 relative */

/* 2024-03-10T00:00:00Z and friends */
#define T_2023_11_20 INT64_C(1700438400)
#define T_2023_12_05 INT64_C(1701734400)
#define T_2023_12_31_LAST INT64_C(1704067199)
#define T_2024_01_01 INT64_C(1704067200)
#define T_2024_01_15 INT64_C(1705276800)
#define T_2024_02_10 INT64_C(1707523200)
#define T_2024_03_10 INT64_C(1710028800)
#define T_2024_03_15 INT64_C(1710460800)
#define T_2024_04_02 INT64_C(1712016000)
#define DAY INT64_C(86400)

#define W BETS_WON
#define L BETS_LOST
#define P BETS_PUSH
#define V BETS_VOID
#define HW BETS_HALF_WON
#define HL BETS_HALF_LOST

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

static void
near(const char *what, double got, double want, double eps)
{
	double d = got - want;

	if (d > eps || d < -eps)
		fail_msg("%s = %.17g, want %.17g", what, got, want);
}
#define assert_near(got, want, eps) near(#got, (got), (want), (eps))

/* Every field; eps 0 demands bit-identical doubles. */
static void
assert_metrics_equal(const struct profiles_metrics *a, const struct profiles_metrics *b, double eps)
{
	assert_int_equal(a->total_bets, b->total_bets);
	assert_int_equal(a->winning_bets, b->winning_bets);
	assert_int_equal(a->losing_bets, b->losing_bets);
	assert_int_equal(a->push_bets, b->push_bets);
	assert_int_equal(a->void_bets, b->void_bets);
	assert_int_equal(a->half_won_bets, b->half_won_bets);
	assert_int_equal(a->half_lost_bets, b->half_lost_bets);
	assert_near(a->winning_percentage, b->winning_percentage, eps);
	assert_int_equal(a->total_staked, b->total_staked);
	assert_int_equal(a->total_profit_loss, b->total_profit_loss);
	assert_near(a->roi_percentage, b->roi_percentage, eps);
	assert_near(a->average_odds, b->average_odds, eps);
	assert_int_equal(a->longest_winning_streak, b->longest_winning_streak);
	assert_int_equal(a->longest_losing_streak, b->longest_losing_streak);
	assert_string_equal(a->best_month.month, b->best_month.month);
	assert_int_equal(a->best_month.profit, b->best_month.profit);
	assert_int_equal(a->best_month.bets, b->best_month.bets);
	assert_string_equal(a->worst_month.month, b->worst_month.month);
	assert_int_equal(a->worst_month.profit, b->worst_month.profit);
	assert_int_equal(a->worst_month.bets, b->worst_month.bets);
	assert_int_equal(a->nsports, b->nsports);
	for (size_t i = 0; i < a->nsports; i++) {
		const struct profiles_sport_stats *x = &a->sport_performance[i];
		const struct profiles_sport_stats *y = &b->sport_performance[i];

		assert_string_equal(x->sport, y->sport);
		assert_int_equal(x->bets, y->bets);
		assert_int_equal(x->winning_bets, y->winning_bets);
		assert_int_equal(x->losing_bets, y->losing_bets);
		assert_int_equal(x->total_staked, y->total_staked);
		assert_int_equal(x->total_profit_loss, y->total_profit_loss);
		assert_near(x->roi_percentage, y->roi_percentage, eps);
		assert_near(x->average_odds, y->average_odds, eps);
		assert_int_equal(x->clv_bets, y->clv_bets);
		assert_near(x->closing_line_value, y->closing_line_value, eps);
	}
	assert_int_equal(a->max_drawdown, b->max_drawdown);
	assert_near(a->max_drawdown_units, b->max_drawdown_units, eps);
	assert_near(a->sharpe_ratio, b->sharpe_ratio, eps);
	assert_near(a->volatility, b->volatility, eps);
	assert_int_equal(a->clv_bets, b->clv_bets);
	assert_near(a->closing_line_value, b->closing_line_value, eps);
	assert_near(a->yield_percentage, b->yield_percentage, eps);
	assert_near(a->p_value, b->p_value, eps);
}

static void
compute(const struct profiles_bet *bets, size_t n, struct profiles_metrics *m)
{
	assert_int_equal(profiles_metrics_compute(bets, n, m), 0);
}

/* ---- small histories ---- */

static void
test_no_bets(void **state)
{
	struct profiles_metrics m, zero;
	struct profiles_acc acc;

	(void)state;
	compute(NULL, 0, &m);
	assert_int_equal(m.total_bets, 0);
	assert_int_equal(m.winning_bets, 0);
	assert_int_equal(m.losing_bets, 0);
	assert_near(m.winning_percentage, 0, 0);
	assert_int_equal(m.total_staked, 0);
	assert_int_equal(m.total_profit_loss, 0);
	assert_near(m.roi_percentage, 0, 0);
	assert_near(m.average_odds, 0, 0);
	assert_int_equal(m.longest_winning_streak, 0);
	assert_int_equal(m.longest_losing_streak, 0);
	assert_string_equal(m.best_month.month, "");
	assert_string_equal(m.worst_month.month, "");
	assert_int_equal(m.nsports, 0);
	assert_int_equal(m.max_drawdown, 0);
	assert_near(m.max_drawdown_units, 0, 0);
	assert_near(m.sharpe_ratio, 0, 0);
	assert_near(m.volatility, 0, 0);
	assert_int_equal(m.clv_bets, 0);
	assert_near(m.closing_line_value, 0, 0);
	assert_near(m.yield_percentage, 0, 0);
	assert_near(m.p_value, 1.0, 0);

	/* an accumulator that never saw a bet says the same */
	profiles_acc_init(&acc);
	profiles_acc_metrics(&acc, &zero);
	assert_metrics_equal(&m, &zero, 0);
}

static void
test_one_winning_bet(void **state)
{
	/* 10.00 at 2.10 wins 11.00; the fair closing price was 2.00 */
	struct profiles_bet b = mk(T_2024_03_10, 1000, 2100, W, 1100, 2000, "football");
	struct profiles_metrics m;

	(void)state;
	compute(&b, 1, &m);
	assert_int_equal(m.total_bets, 1);
	assert_int_equal(m.winning_bets, 1);
	assert_int_equal(m.losing_bets, 0);
	assert_near(m.winning_percentage, 100, EPS);
	assert_int_equal(m.total_staked, 1000);
	assert_int_equal(m.total_profit_loss, 1100);
	assert_near(m.roi_percentage, 110, EPS);
	assert_near(m.average_odds, 2.1, EPS);
	assert_int_equal(m.longest_winning_streak, 1);
	assert_int_equal(m.longest_losing_streak, 0);
	assert_string_equal(m.best_month.month, "2024-03");
	assert_int_equal(m.best_month.profit, 1100);
	assert_int_equal(m.best_month.bets, 1);
	assert_string_equal(m.worst_month.month, "2024-03");
	assert_int_equal(m.worst_month.profit, 1100);
	assert_int_equal(m.nsports, 1);
	assert_string_equal(m.sport_performance[0].sport, "football");
	assert_int_equal(m.sport_performance[0].bets, 1);
	assert_int_equal(m.sport_performance[0].winning_bets, 1);
	assert_int_equal(m.sport_performance[0].total_staked, 1000);
	assert_int_equal(m.sport_performance[0].total_profit_loss, 1100);
	assert_near(m.sport_performance[0].roi_percentage, 110, EPS);
	assert_int_equal(m.max_drawdown, 0);
	assert_near(m.max_drawdown_units, 0, EPS);
	/* one return: no sample deviation, so no Sharpe */
	assert_near(m.volatility, 0, 0);
	assert_near(m.sharpe_ratio, 0, 0);
	assert_int_equal(m.clv_bets, 1);
	assert_near(m.closing_line_value, 5, EPS); /* 2.10 / 2.00 - 1 */
	assert_near(m.yield_percentage, 110, EPS);
	/* var = 1000^2 * 1.1; z = 1100 / 1048.809 = 1.048809 */
	assert_near(m.p_value, 0.1471330521524815, EPS_P);
}

static void
test_one_losing_bet(void **state)
{
	struct profiles_bet b = mk(T_2024_03_10, 500, 1800, L, -500, 0, "tennis");
	struct profiles_metrics m;

	(void)state;
	compute(&b, 1, &m);
	assert_int_equal(m.total_bets, 1);
	assert_int_equal(m.winning_bets, 0);
	assert_int_equal(m.losing_bets, 1);
	assert_near(m.winning_percentage, 0, EPS);
	assert_int_equal(m.total_staked, 500);
	assert_int_equal(m.total_profit_loss, -500);
	assert_near(m.roi_percentage, -100, EPS);
	assert_near(m.average_odds, 1.8, EPS);
	assert_int_equal(m.longest_winning_streak, 0);
	assert_int_equal(m.longest_losing_streak, 1);
	assert_string_equal(m.best_month.month, "2024-03");
	assert_int_equal(m.best_month.profit, -500);
	assert_string_equal(m.worst_month.month, "2024-03");
	/* the peak starts at 0, so a first loss is a drawdown */
	assert_int_equal(m.max_drawdown, 500);
	assert_near(m.max_drawdown_units, 1, EPS);
	assert_int_equal(m.clv_bets, 0);
	assert_near(m.closing_line_value, 0, 0);
	assert_near(m.yield_percentage, -100, EPS);
	/* var = 500^2 * 0.8 = 200000; z = -500 / 447.2136 = -1.118034 */
	assert_near(m.p_value, 0.8682237613585136, EPS_P);
}

static void
test_all_pushes(void **state)
{
	struct profiles_bet b[] = {
		mk(T_2024_03_10, 100, 2000, P, 0, 0, "football"),
		mk(T_2024_03_10 + 60, 200, 2000, P, 0, 1900, "football"),
		mk(T_2024_03_10 + 120, 300, 2000, P, 0, 0, "football"),
	};
	struct profiles_metrics m;

	(void)state;
	compute(b, 3, &m);
	assert_int_equal(m.total_bets, 3);
	assert_int_equal(m.push_bets, 3);
	assert_int_equal(m.winning_bets, 0);
	assert_int_equal(m.losing_bets, 0);
	assert_near(m.winning_percentage, 0, 0);
	assert_int_equal(m.total_staked, 0);
	assert_int_equal(m.total_profit_loss, 0);
	assert_near(m.roi_percentage, 0, 0);
	assert_near(m.average_odds, 0, 0);
	assert_int_equal(m.longest_winning_streak, 0);
	assert_int_equal(m.longest_losing_streak, 0);
	assert_string_equal(m.best_month.month, "2024-03");
	assert_int_equal(m.best_month.profit, 0);
	assert_int_equal(m.best_month.bets, 3);
	assert_int_equal(m.nsports, 1);
	assert_int_equal(m.sport_performance[0].bets, 3);
	assert_int_equal(m.sport_performance[0].total_staked, 0);
	assert_near(m.sport_performance[0].roi_percentage, 0, 0);
	assert_int_equal(m.max_drawdown, 0);
	assert_near(m.max_drawdown_units, 0, 0);
	assert_near(m.volatility, 0, 0);
	assert_near(m.sharpe_ratio, 0, 0);
	/* a push still had a price: it counts for CLV (2.00 / 1.90 - 1) */
	assert_int_equal(m.clv_bets, 1);
	assert_near(m.closing_line_value, 5.263157894736842, EPS);
	assert_near(m.yield_percentage, 0, 0);
	assert_near(m.p_value, 1.0, 0);
}

static void
test_all_losses(void **state)
{
	struct profiles_bet b[] = {
		mk(T_2024_03_10, 100, 2000, L, -100, 0, "tennis"),
		mk(T_2024_03_10 + 1, 100, 2500, L, -100, 0, "tennis"),
		mk(T_2024_03_10 + 2, 100, 1500, L, -100, 0, "tennis"),
		mk(T_2024_03_10 + 3, 100, 3000, L, -100, 0, "tennis"),
	};
	struct profiles_metrics m;

	(void)state;
	compute(b, 4, &m);
	assert_int_equal(m.total_bets, 4);
	assert_int_equal(m.losing_bets, 4);
	assert_near(m.winning_percentage, 0, EPS);
	assert_int_equal(m.total_staked, 400);
	assert_int_equal(m.total_profit_loss, -400);
	assert_near(m.roi_percentage, -100, EPS);
	assert_near(m.average_odds, 2.25, EPS); /* (2 + 2.5 + 1.5 + 3) / 4 */
	assert_int_equal(m.longest_winning_streak, 0);
	assert_int_equal(m.longest_losing_streak, 4);
	assert_int_equal(m.max_drawdown, 400);
	assert_near(m.max_drawdown_units, 4, EPS);
	/* every return is -1: no deviation, Sharpe undefined -> 0 */
	assert_near(m.volatility, 0, EPS);
	assert_near(m.sharpe_ratio, 0, 0);
	assert_near(m.yield_percentage, -100, EPS);
	/* var = 100^2 (1 + 1.5 + 0.5 + 2) = 50000; z = -400 / 223.607 */
	assert_near(m.p_value, 0.9631808649398487, EPS_P);
}

static void
test_mixed_history(void **state)
{
	struct profiles_bet b[] = {
		mk(T_2024_03_10, 100, 1900, W, 90, 1850, "football"),
		mk(T_2024_03_10 + 1, 200, 2000, HW, 100, 2100, "football"),
		mk(T_2024_03_10 + 2, 50, 3000, V, 0, 2500, "football"),
		mk(T_2024_03_10 + 3, 100, 1950, HL, -50, 0, "football"),
		mk(T_2024_03_10 + 4, 100, 2200, L, -100, 2000, "football"),
		mk(T_2024_03_10 + 5, 100, 1900, P, 0, 2000, "football"),
	};
	struct profiles_metrics m;

	(void)state;
	compute(b, TG_NELEM(b), &m);
	assert_int_equal(m.total_bets, 6);
	assert_int_equal(m.winning_bets, 2);
	assert_int_equal(m.losing_bets, 2);
	assert_int_equal(m.push_bets, 1);
	assert_int_equal(m.void_bets, 1);
	assert_int_equal(m.half_won_bets, 1);
	assert_int_equal(m.half_lost_bets, 1);
	assert_near(m.winning_percentage, 50, EPS);
	/* full stakes of the four decisive bets; push and void excluded */
	assert_int_equal(m.total_staked, 500);
	assert_int_equal(m.total_profit_loss, 40); /* 90 + 100 - 50 - 100 */
	assert_near(m.roi_percentage, 8, EPS);
	assert_near(m.average_odds, 2.0125, EPS); /* (1.9 + 2 + 1.95 + 2.2) / 4 */
	assert_int_equal(m.longest_winning_streak, 2);
	assert_int_equal(m.longest_losing_streak, 2);
	/* cumulative 90, 190, 190, 140, 40, 40: peak 190, trough 40 */
	assert_int_equal(m.max_drawdown, 150);
	assert_near(m.max_drawdown_units, 1.2, EPS); /* 150 / (500 / 4) */
	/* r = 0.9, 0.5, -0.5, -1.0: mean -0.025, squares of deviations
	 * 0.855625 + 0.275625 + 0.225625 + 0.950625 = 2.3075, / 3 */
	assert_near(m.volatility, 0.8770214744615246, EPS);
	assert_near(m.sharpe_ratio, -0.02850557338444828, EPS);
	/* 1.9/1.85 - 1, 2/2.1 - 1, 2.2/2 - 1, 1.9/2 - 1 (the void is out) */
	assert_int_equal(m.clv_bets, 4);
	assert_near(m.closing_line_value, 0.7351994851994836, EPS);
	/* level stakes: 0.9 + 0.5 - 0.5 - 1 = -0.1 over 4 */
	assert_near(m.yield_percentage, -2.5, EPS);
	/* var = 100^2*0.9 + 100^2*1 + 50^2*0.95 + 100^2*1.2 = 33375 */
	assert_near(m.p_value, 0.41334363354230474, EPS_P);
}

static void
test_streaks(void **state)
{
	/* W W L W P W W W L V L HL HW: a push or a void neither extends
	 * nor breaks a run; half results count as wins and losses */
	static const enum bets_outcome seq[] = { W, W, L, W, P, W, W, W, L, V, L, HL, HW };
	struct profiles_bet b[TG_NELEM(seq)];
	struct profiles_metrics m;
	int64_t profit;

	(void)state;
	for (size_t i = 0; i < TG_NELEM(seq); i++) {
		switch (seq[i]) {
		case W:
			profit = 100;
			break;
		case L:
			profit = -100;
			break;
		case HW:
			profit = 50;
			break;
		case HL:
			profit = -50;
			break;
		default:
			profit = 0;
		}
		b[i] = mk(T_2024_03_10 + (int64_t)i, 100, 2000, seq[i], profit, 0, "football");
	}
	compute(b, TG_NELEM(b), &m);
	assert_int_equal(m.longest_winning_streak, 4);
	assert_int_equal(m.longest_losing_streak, 3);
	assert_int_equal(m.winning_bets, 7);
	assert_int_equal(m.losing_bets, 4);
	assert_near(m.winning_percentage, 700.0 / 11, EPS);
}

static void
test_drawdown(void **state)
{
	/* cumulative: -40, 100, 50, 130, 100, -20, 180, 80
	 * drawdowns:   40,   0, 50,   0,  30, 150,   0, 100 */
	struct profiles_bet b[] = {
		mk(T_2024_03_10, 40, 2000, L, -40, 0, NULL),
		mk(T_2024_03_10 + 1, 100, 2400, W, 140, 0, NULL),
		mk(T_2024_03_10 + 2, 50, 2000, L, -50, 0, NULL),
		mk(T_2024_03_10 + 3, 100, 1800, W, 80, 0, NULL),
		mk(T_2024_03_10 + 4, 30, 2000, L, -30, 0, NULL),
		mk(T_2024_03_10 + 5, 120, 2000, L, -120, 0, NULL),
		mk(T_2024_03_10 + 6, 100, 3000, W, 200, 0, NULL),
		mk(T_2024_03_10 + 7, 100, 2000, L, -100, 0, NULL),
	};
	struct profiles_metrics m;

	(void)state;
	compute(b, 2, &m);
	assert_int_equal(m.max_drawdown, 40);
	compute(b, 3, &m);
	assert_int_equal(m.max_drawdown, 50);
	compute(b, TG_NELEM(b), &m);
	assert_int_equal(m.total_profit_loss, 80);
	assert_int_equal(m.max_drawdown, 150);
	/* staked 640 over 8 bets: the average stake is 80 */
	assert_int_equal(m.total_staked, 640);
	assert_near(m.max_drawdown_units, 150.0 / 80, EPS);
}

static void
test_months_year_boundary(void **state)
{
	struct profiles_bet b[] = {
		mk(T_2023_11_20, 50, 2000, W, 50, 0, NULL),         /* Nov +50 */
		mk(T_2023_12_05, 100, 4000, W, 300, 0, NULL),       /* Dec */
		mk(T_2023_12_31_LAST, 100, 2000, L, -100, 0, NULL), /* Dec +200 */
		mk(T_2024_01_01, 250, 2000, L, -250, 0, NULL),      /* Jan -250 */
		mk(T_2024_02_10, 200, 2000, W, 200, 0, NULL),       /* Feb +200, ties Dec */
		mk(T_2024_03_15, 250, 2000, L, -250, 0, NULL),      /* Mar -250, ties Jan */
		mk(T_2024_04_02, 100, 6000, W, 500, 0, NULL),       /* Apr +500 */
	};
	struct profiles_metrics m;

	(void)state;
	/* the current month is the best */
	compute(b, 3, &m);
	assert_string_equal(m.best_month.month, "2023-12");
	assert_int_equal(m.best_month.profit, 200);
	assert_int_equal(m.best_month.bets, 2);
	assert_string_equal(m.worst_month.month, "2023-11");
	assert_int_equal(m.worst_month.profit, 50);
	assert_int_equal(m.worst_month.bets, 1);

	/* the current month ties an earlier one: the earlier month wins */
	compute(b, 5, &m);
	assert_string_equal(m.best_month.month, "2023-12");
	assert_string_equal(m.worst_month.month, "2024-01");
	assert_int_equal(m.worst_month.profit, -250);
	assert_int_equal(m.worst_month.bets, 1);

	/* a closed month ties another closed one */
	compute(b, 6, &m);
	assert_string_equal(m.best_month.month, "2023-12");
	assert_string_equal(m.worst_month.month, "2024-01");

	compute(b, 7, &m);
	assert_string_equal(m.best_month.month, "2024-04");
	assert_int_equal(m.best_month.profit, 500);
	assert_int_equal(m.best_month.bets, 1);
	assert_string_equal(m.worst_month.month, "2024-01");
	assert_int_equal(m.worst_month.profit, -250);
}

static void
test_months_edges(void **state)
{
	struct profiles_bet b[] = {
		mk(0, 100, 2000, W, 100, 0, NULL),
		mk(PROFILES_TIME_MAX, 100, 2000, L, -100, 0, NULL),
	};
	struct profiles_bet late[] = {
		mk(T_2024_02_10, 100, 2000, W, 100, 0, NULL),
		/* stamped in January but settled after a February bet: it goes
		 * to the latest month seen, February */
		mk(T_2024_01_15, 300, 2000, L, -300, 0, NULL),
	};
	struct profiles_metrics m;

	(void)state;
	compute(b, 2, &m);
	assert_string_equal(m.best_month.month, "1970-01");
	assert_string_equal(m.worst_month.month, "9999-12");

	compute(late, 2, &m);
	assert_string_equal(m.best_month.month, "2024-02");
	assert_int_equal(m.best_month.profit, -200);
	assert_int_equal(m.best_month.bets, 2);
	assert_string_equal(m.worst_month.month, "2024-02");
}

static void
test_sports(void **state)
{
	struct profiles_bet b[] = {
		mk(T_2024_03_10, 100, 2000, W, 100, 0, "football"),
		mk(T_2024_03_10 + 1, 200, 2000, L, -200, 0, "tennis"),
		mk(T_2024_03_10 + 2, 100, 1900, HL, -50, 0, "football"),
		mk(T_2024_03_10 + 3, 100, 2000, P, 0, 0, NULL),
		mk(T_2024_03_10 + 4, 100, 3000, W, 200, 0, ""),
		mk(T_2024_03_10 + 5, 100, 2000, V, 0, 0, "basketball"),
		mk(T_2024_03_10 + 6, 100, 2500, W, 150, 0, "tennis"),
	};
	static const struct {
		const char *sport;
		int64_t bets, won, lost, staked, profit;
		double roi;
	} want[] = {
		{ "football", 2, 1, 1, 200, 50, 25 },
		{ "tennis", 2, 1, 1, 300, -50, -50.0 / 3 },
		{ "other", 2, 1, 0, 100, 200, 200 },
		{ "basketball", 1, 0, 0, 0, 0, 0 },
	};
	struct profiles_metrics m;

	(void)state;
	compute(b, TG_NELEM(b), &m);
	assert_int_equal(m.nsports, TG_NELEM(want));
	for (size_t i = 0; i < TG_NELEM(want); i++) {
		const struct profiles_sport_stats *s = &m.sport_performance[i];

		assert_string_equal(s->sport, want[i].sport);
		assert_int_equal(s->bets, want[i].bets);
		assert_int_equal(s->winning_bets, want[i].won);
		assert_int_equal(s->losing_bets, want[i].lost);
		assert_int_equal(s->total_staked, want[i].staked);
		assert_int_equal(s->total_profit_loss, want[i].profit);
		assert_near(s->roi_percentage, want[i].roi, EPS);
	}
}

/* Per sport, average odds over decisive bets and closing-line value over
 * bets with a fair closing price that were not void (as for all sports). */
static void
test_sports_odds_clv(void **state)
{
	struct profiles_bet b[] = {
		mk(T_2024_03_10, 100, 2000, W, 100, 1900, "football"),
		mk(T_2024_03_10 + 1, 100, 1800, L, -100, 2000, "football"),
		mk(T_2024_03_10 + 2, 100, 3000, V, 0, 2500, "football"),
		mk(T_2024_03_10 + 3, 100, 2200, P, 0, 2000, "tennis"),
		mk(T_2024_03_10 + 4, 100, 2400, HW, 70, 0, "tennis"),
	};
	struct profiles_metrics m;
	const struct profiles_sport_stats *f, *t;

	(void)state;
	compute(b, TG_NELEM(b), &m);
	assert_int_equal(m.nsports, 2);
	f = &m.sport_performance[0];
	t = &m.sport_performance[1];
	assert_near(f->average_odds, 1.9, EPS);
	assert_int_equal(f->clv_bets, 2);
	assert_near(
	    f->closing_line_value, 100 * ((2000.0 / 1900 - 1) + (1800.0 / 2000 - 1)) / 2, EPS);
	assert_near(t->average_odds, 2.4, EPS);
	assert_int_equal(t->clv_bets, 1);
	assert_near(t->closing_line_value, 10, EPS);
	/* the sports add up to the whole */
	assert_int_equal(m.clv_bets, f->clv_bets + t->clv_bets);
	assert_near(m.average_odds, (2.0 + 1.8 + 2.4) / 3, EPS);
}

static void
test_sports_capacity(void **state)
{
	struct profiles_acc acc;
	struct profiles_bet b;
	struct profiles_metrics m;
	char names[41][24];

	(void)state;
	for (int i = 0; i < 41; i++)
		snprintf(names[i], sizeof names[i], "sport%02d", i);

	/* 40 distinct sports: 31 get a bucket, the other 9 share "other" */
	profiles_acc_init(&acc);
	for (int i = 0; i < 40; i++) {
		b = mk(T_2024_03_10 + i, 100, 2000, W, 100, 0, names[i]);
		assert_int_equal(profiles_acc_add(&acc, &b), 0);
	}
	b = mk(T_2024_03_10 + 40, 100, 2000, L, -100, 0, names[5]);
	assert_int_equal(profiles_acc_add(&acc, &b), 0);
	profiles_acc_metrics(&acc, &m);
	assert_int_equal(m.nsports, PROFILES_SPORTS_MAX);
	for (int i = 0; i < PROFILES_SPORTS_MAX - 1; i++)
		assert_string_equal(m.sport_performance[i].sport, names[i]);
	assert_int_equal(m.sport_performance[5].bets, 2);
	assert_int_equal(m.sport_performance[5].total_profit_loss, 0);
	assert_string_equal(m.sport_performance[31].sport, "other");
	assert_int_equal(m.sport_performance[31].bets, 9);
	assert_int_equal(m.sport_performance[31].total_profit_loss, 900);

	/* "other" named early is the overflow bucket too */
	profiles_acc_init(&acc);
	for (int i = 0; i < 41; i++) {
		b = mk(T_2024_03_10 + i, 100, 2000, W, 100, 0, i == 2 ? "other" : names[i]);
		assert_int_equal(profiles_acc_add(&acc, &b), 0);
	}
	profiles_acc_metrics(&acc, &m);
	assert_int_equal(m.nsports, PROFILES_SPORTS_MAX - 1);
	assert_string_equal(m.sport_performance[2].sport, "other");
	assert_int_equal(m.sport_performance[2].bets, 11); /* itself + sport31..sport40 */
	assert_string_equal(m.sport_performance[30].sport, "sport30");
}

static void
test_sharpe_three_bets(void **state)
{
	/* r = 1, -1, 0.5: mean 1/6; deviations 5/6, -7/6, 1/3;
	 * squares 25/36 + 49/36 + 4/36 = 78/36, / 2 = 13/12;
	 * volatility sqrt(13/12) = 1.040833; Sharpe (1/6) / 1.040833 */
	struct profiles_bet b[] = {
		mk(T_2024_03_10, 100, 2000, W, 100, 0, NULL),
		mk(T_2024_03_10 + 1, 100, 2000, L, -100, 0, NULL),
		mk(T_2024_03_10 + 2, 200, 1500, W, 100, 0, NULL),
	};
	struct profiles_metrics m;

	(void)state;
	compute(b, 3, &m);
	assert_near(m.volatility, 1.0408329997330665, EPS);
	assert_near(m.volatility * m.volatility, 13.0 / 12, EPS);
	assert_near(m.sharpe_ratio, 0.1601281538050871, EPS);
	/* ROI is money-weighted (100 / 400), yield is not: (1 - 1 + 0.5) / 3 */
	assert_near(m.roi_percentage, 25, EPS);
	assert_near(m.yield_percentage, 50.0 / 3, EPS);
	/* var = 100^2 + 100^2 + 200^2 * 0.5 = 40000; z = 100 / 200 */
	assert_near(m.p_value, 0.3085375387259869, EPS_P);
}

static void
test_clv(void **state)
{
	static const int32_t close[] = { 1600, 4000, 5000 }; /* 1X2, 7.5% margin */
	int32_t fair[3];
	struct profiles_bet none[] = {
		mk(T_2024_03_10, 100, 2000, W, 100, 0, NULL),
		mk(T_2024_03_10 + 1, 100, 2000, L, -100, 0, NULL),
	};
	struct profiles_bet b[4];
	struct profiles_metrics m;

	(void)state;
	compute(none, 2, &m);
	assert_int_equal(m.clv_bets, 0);
	assert_near(m.closing_line_value, 0, 0);

	assert_int_equal(catalog_fair_odds(close, 3, fair), 0);
	assert_int_equal(fair[0], 1720);
	assert_int_equal(fair[1], 4300);
	b[0] = mk(T_2024_03_10, 100, 1800, W, 80, fair[0], NULL);       /* home at 1.80 */
	b[1] = mk(T_2024_03_10 + 1, 100, 4000, L, -100, fair[1], NULL); /* draw at 4.00 */
	b[2] = mk(T_2024_03_10 + 2, 100, 2000, L, -100, 0, NULL);       /* unknown close */
	b[3] = mk(T_2024_03_10 + 3, 100, 9000, V, 0, 2000, NULL);       /* void: out */
	compute(b, 1, &m);
	assert_int_equal(m.clv_bets, 1);
	assert_near(m.closing_line_value, 100.0 * (1800.0 / 1720 - 1), EPS);
	assert_near(m.closing_line_value, 4.651162790697683, EPS);
	compute(b, 4, &m);
	/* (1.80/1.72 - 1 + 4.00/4.30 - 1) / 2 = (0.0465116 - 0.0697674) / 2 */
	assert_int_equal(m.clv_bets, 2);
	assert_near(m.closing_line_value, -1.1627906976744187, EPS);
}

static void
test_p_value_even_money(void **state)
{
	/* four 1.00 bets at evens: under no skill each is +-1.00 with
	 * probability 1/2, so the total has mean 0 and sd sqrt(4 * 100^2) =
	 * 200. (The exact binomial tail P(>= 3 wins) is 5/16: the normal
	 * approximation is rough on four bets; see docs/metrics.md.) */
	struct profiles_bet b[4];
	struct profiles_metrics m;
	static const struct {
		enum bets_outcome o[4];
		double p;
	} cases[] = {
		{ { W, W, W, L }, 0.15865525393145707 },  /* z = 200 / 200 = 1 */
		{ { W, L, W, L }, 0.5 },                  /* z = 0 */
		{ { L, L, L, W }, 0.8413447460685429 },   /* z = -1 */
		{ { W, W, W, W }, 0.022750131948179195 }, /* z = 2 */
	};

	(void)state;
	for (size_t c = 0; c < TG_NELEM(cases); c++) {
		for (int i = 0; i < 4; i++)
			b[i] = mk(T_2024_03_10 + i, 100, 2000, cases[c].o[i],
			    cases[c].o[i] == W ? 100 : -100, 0, NULL);
		compute(b, 4, &m);
		assert_near(m.p_value, cases[c].p, EPS_P);
	}

	/* pushes and voids carry no variance and change nothing */
	b[0] = mk(T_2024_03_10, 100, 2000, W, 100, 0, NULL);
	b[1] = mk(T_2024_03_10 + 1, 100, 2000, P, 0, 0, NULL);
	b[2] = mk(T_2024_03_10 + 2, 100, 5000, V, 0, 0, NULL);
	compute(b, 3, &m);
	assert_near(m.p_value, 0.15865525393145707, EPS_P); /* z = 100 / 100 */
}

static void
test_fair_odds(void **state)
{
	static const struct {
		int32_t odds[3];
		size_t n;
		int32_t fair[3];
	} cases[] = {
		/* book 1.075: 1.6*1.075, 4*1.075, 5*1.075, all exact */
		{ { 1600, 4000, 5000 }, 3, { 1720, 4300, 5375 } },
		/* 1.90 / 1.90, book 1.0526: both 2.00 */
		{ { 1900, 1900, 0 }, 2, { 2000, 2000, 0 } },
		/* book 1.0573276: 2643.319, 3383.448, 3066.250 */
		{ { 2500, 3200, 2900 }, 3, { 2643, 3383, 3066 } },
		/* book 1.0575758: 1321.970, 6345.455, 11633.333 */
		{ { 1250, 6000, 11000 }, 3, { 1322, 6345, 11633 } },
		/* no margin: unchanged */
		{ { 2000, 4000, 4000 }, 3, { 2000, 4000, 4000 } },
	};
	int32_t fair[3];

	(void)state;
	for (size_t c = 0; c < TG_NELEM(cases); c++) {
		memset(fair, 0, sizeof fair);
		assert_int_equal(catalog_fair_odds(cases[c].odds, cases[c].n, fair), 0);
		for (size_t i = 0; i < cases[c].n; i++)
			assert_int_equal(fair[i], cases[c].fair[i]);
	}
}

static void
test_fair_odds_invalid(void **state)
{
	static const int32_t one[] = { 2000 };
	static const int32_t evens_price[] = { 2000, 1000 };
	static const int32_t huge[] = { 1001, PROFILES_ODDS_MAX + 1 };
	/* book 0.999 + 0.999 + 0.001 = 1.999 would turn 1000.000 into 1999.000 */
	static const int32_t over[] = { 1001, 1001, PROFILES_ODDS_MAX };
	int32_t fair[2] = { 7, 7 };

	(void)state;
	assert_int_equal(catalog_fair_odds(NULL, 2, fair), -1);
	assert_int_equal(catalog_fair_odds(evens_price, 2, NULL), -1);
	assert_int_equal(catalog_fair_odds(one, 1, fair), -1);
	assert_int_equal(catalog_fair_odds(evens_price, 2, fair), -1);
	assert_int_equal(catalog_fair_odds(huge, 2, fair), -1);
	assert_int_equal(catalog_fair_odds(over, 3, fair), -1);
	assert_int_equal(fair[0], 7);
	assert_int_equal(fair[1], 7);
}

static void
test_windows(void **state)
{
	const int64_t now = T_2024_03_10;
	/* profits 1, 2, 4, ... name the subset a window keeps */
	struct profiles_bet b[] = {
		mk(now - 400 * DAY, 1, 2000, W, 1, 0, NULL),
		mk(now - 365 * DAY, 2, 2000, W, 2, 0, NULL), /* on the edge: out */
		mk(now - 365 * DAY + 1, 4, 2000, W, 4, 0, NULL),
		mk(now - 30 * DAY, 8, 2000, W, 8, 0, NULL),
		mk(now - 10 * DAY, 16, 2000, W, 16, 0, NULL),
		mk(now - 7 * DAY, 32, 2000, W, 32, 0, NULL),
		mk(now - 1, 64, 2000, W, 64, 0, NULL),
		mk(now, 128, 2000, W, 128, 0, NULL),
	};
	static const struct {
		enum profiles_timeframe tf;
		int64_t bets, profit;
	} want[] = {
		{ PROFILES_7_DAYS, 2, 192 },
		{ PROFILES_30_DAYS, 4, 240 },
		{ PROFILES_1_YEAR, 6, 252 },
		{ PROFILES_ALL_TIME, 8, 255 },
	};
	struct profiles_metrics m, all;

	(void)state;
	for (size_t i = 0; i < TG_NELEM(want); i++) {
		assert_int_equal(profiles_metrics_window(b, TG_NELEM(b), want[i].tf, now, &m), 0);
		assert_int_equal(m.total_bets, want[i].bets);
		assert_int_equal(m.total_profit_loss, want[i].profit);
	}
	compute(b, TG_NELEM(b), &all);
	assert_int_equal(profiles_metrics_window(b, TG_NELEM(b), PROFILES_ALL_TIME, now, &m), 0);
	assert_metrics_equal(&m, &all, 0);

	assert_true(profiles_window_start(PROFILES_7_DAYS, now) == now - 7 * DAY);
	assert_true(profiles_window_start(PROFILES_30_DAYS, now) == now - 30 * DAY);
	assert_true(profiles_window_start(PROFILES_1_YEAR, now) == now - 365 * DAY);
	assert_true(profiles_window_start(PROFILES_ALL_TIME, now) == INT64_MIN);
	assert_true(profiles_window_start(PROFILES_7_DAYS, INT64_MIN + 5) == INT64_MIN);
}

static void
test_invalid_bets(void **state)
{
	char long_sport[PROFILES_SPORT_LEN + 2];
	struct profiles_acc acc, before;
	struct profiles_bet good = mk(T_2024_03_10, 100, 2000, W, 100, 0, "football");
	struct profiles_bet bad[18], edge[6], mixed[3];
	struct profiles_metrics m;
	size_t k = 0;

	(void)state;
	memset(long_sport, 'x', sizeof long_sport - 1);
	long_sport[sizeof long_sport - 1] = '\0';
	bad[k++] = mk(T_2024_03_10, 0, 2000, W, 0, 0, NULL);  /* stake 0 */
	bad[k++] = mk(T_2024_03_10, -5, 2000, L, 5, 0, NULL); /* negative stake */
	bad[k++] = mk(T_2024_03_10, PROFILES_STAKE_MAX + 1, 2000, P, 0, 0, NULL);
	bad[k++] = mk(T_2024_03_10, 100, 1000, P, 0, 0, NULL); /* odds 1.000 */
	bad[k++] = mk(T_2024_03_10, 100, PROFILES_ODDS_MAX + 1, P, 0, 0, NULL);
	bad[k++] = mk(T_2024_03_10, 100, 2000, 0, 0, 0, NULL); /* no outcome */
	bad[k++] = mk(T_2024_03_10, 100, 2000, 99, 0, 0, NULL);
	bad[k++] = mk(T_2024_03_10, 100, 2000, W, -100, 0, NULL); /* won, negative */
	bad[k++] = mk(T_2024_03_10, 100, 2000, W, 102, 0, NULL);  /* won above the odds */
	bad[k++] = mk(T_2024_03_10, 100, 2000, L, -99, 0, NULL);  /* lost, not the stake */
	bad[k++] = mk(T_2024_03_10, 100, 2000, P, 5, 0, NULL);    /* push with profit */
	bad[k++] = mk(T_2024_03_10, 100, 2000, V, -1, 0, NULL);
	bad[k++] = mk(T_2024_03_10, 100, 2000, HL, -60, 0, NULL);  /* not half */
	bad[k++] = mk(T_2024_03_10, 100, 2000, HW, 100, 0, NULL);  /* a full win */
	bad[k++] = mk(T_2024_03_10, 100, 2000, W, 100, 900, NULL); /* fair below 1 */
	bad[k++] = mk(-1, 100, 2000, W, 100, 0, NULL);
	bad[k++] = mk(PROFILES_TIME_MAX + 1, 100, 2000, W, 100, 0, NULL);
	bad[k++] = mk(T_2024_03_10, 100, 2000, W, 100, 0, long_sport);
	assert_int_equal(k, TG_NELEM(bad));

	profiles_acc_init(&acc);
	assert_int_equal(profiles_acc_add(&acc, &good), 0);
	assert_int_equal(profiles_acc_add(&acc, NULL), -1);
	for (size_t i = 0; i < k; i++) {
		memcpy(&before, &acc, sizeof acc);
		if (profiles_acc_add(&acc, &bad[i]) != -1)
			fail_msg("bad bet %zu accepted", i);
		assert_memory_equal(&before, &acc, sizeof acc);
	}

	/* the edges that are fine: any rounding of a half stake, a win too
	 * small to round up, a sport key of exactly the maximum length */
	long_sport[PROFILES_SPORT_LEN] = '\0';
	k = 0;
	edge[k++] = mk(T_2024_03_10, 101, 2000, HL, -50, 0, NULL);
	edge[k++] = mk(T_2024_03_10, 101, 2000, HL, -51, 0, NULL);
	edge[k++] = mk(T_2024_03_10, 101, 2000, HW, 51, 0, NULL);
	edge[k++] = mk(T_2024_03_10, 1, 1001, W, 0, 0, NULL);
	edge[k++] = mk(T_2024_03_10, 100, 2000, W, 101, 0, NULL);
	edge[k++] = mk(T_2024_03_10, 100, 2000, W, 100, 0, long_sport);
	for (size_t i = 0; i < k; i++)
		if (profiles_acc_add(&acc, &edge[i]) != 0)
			fail_msg("edge bet %zu refused", i);

	/* a rebuild skips what settlement would have refused, and says so */
	mixed[0] = good;
	mixed[1] = bad[7];
	mixed[2] = good;
	assert_int_equal(profiles_metrics_compute(mixed, 3, &m), -1);
	assert_int_equal(m.total_bets, 2);
	assert_int_equal(m.total_profit_loss, 200);
}

static void
test_bounds(void **state)
{
	/* 10^12 at 1000.000 wins 999 * 10^12: the total profit may not pass
	 * PROFILES_SUM_MAX = 4611686018427387903, i.e. 4616 such wins */
	struct profiles_bet b = mk(T_2024_03_10, PROFILES_STAKE_MAX, PROFILES_ODDS_MAX, W,
	    PROFILES_STAKE_MAX * 999, 0, "football");
	struct profiles_acc acc, before;
	struct profiles_metrics m;
	int accepted = 0;

	(void)state;
	profiles_acc_init(&acc);
	for (int i = 0; i < 5000; i++) {
		memcpy(&before, &acc, sizeof acc);
		if (profiles_acc_add(&acc, &b) == -1) {
			assert_memory_equal(&before, &acc, sizeof acc);
			break;
		}
		accepted++;
	}
	assert_int_equal(accepted, 4616);
	profiles_acc_metrics(&acc, &m);
	assert_int_equal(m.total_profit_loss, INT64_C(4616) * 999 * PROFILES_STAKE_MAX);
	assert_near(m.roi_percentage, 99900, 1e-6);
	assert_near(m.yield_percentage, 99900, 1e-6);
	assert_true(m.p_value >= 0 && m.p_value < 1e-12);
}

static void
test_names(void **state)
{
	static const char *const names[] = { "won", "lost", "push", "void", "half_won",
		"half_lost" };
	enum bets_outcome o;

	(void)state;
	for (int i = 0; i < 6; i++) {
		assert_string_equal(bets_outcome_name((enum bets_outcome)(BETS_WON + i)), names[i]);
		assert_int_equal(bets_outcome_parse(names[i], &o), 0);
		assert_int_equal(o, BETS_WON + i);
	}
	assert_null(bets_outcome_name((enum bets_outcome)0));
	assert_null(bets_outcome_name((enum bets_outcome)7));
	assert_int_equal(bets_outcome_parse("WON", &o), -1);
	assert_int_equal(bets_outcome_parse("", &o), -1);
	assert_int_equal(bets_outcome_parse(NULL, &o), -1);
	assert_string_equal(profiles_timeframe_name(PROFILES_7_DAYS), "7_days");
	assert_string_equal(profiles_timeframe_name(PROFILES_30_DAYS), "30_days");
	assert_string_equal(profiles_timeframe_name(PROFILES_1_YEAR), "1_year");
	assert_string_equal(profiles_timeframe_name(PROFILES_ALL_TIME), "all_time");
	assert_null(profiles_timeframe_name((enum profiles_timeframe)4));
}

/* ---- randomised history: incremental == rebuild == reference ---- */

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static int64_t
rng_in(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

#define NRANDOM 1000
#define NSPORTNAMES 40

static char sport_names[NSPORTNAMES][24];

static void
random_history(struct profiles_bet *b, size_t n)
{
	static const char *const main_sports[] = { "football", "tennis", "basketball", "hockey" };
	int64_t at = INT64_C(1654041600); /* 2022-06-01 */

	rng_state = UINT64_C(0x5eed7a11a7e5);
	for (int i = 0; i < NSPORTNAMES; i++)
		snprintf(sport_names[i], sizeof sport_names[i], "sport%02d", i);
	for (size_t i = 0; i < n; i++) {
		int64_t stake = rng_in(1, 100000), pick = rng_in(0, 99), profit;
		int32_t odds = (int32_t)rng_in(1010, 8000), fair = 0;
		enum bets_outcome o;

		at += rng_in(0, 4) * DAY / 2 + rng_in(0, 3600);
		if (pick < 40)
			o = W;
		else if (pick < 80)
			o = L;
		else if (pick < 86)
			o = P;
		else if (pick < 90)
			o = V;
		else if (pick < 95)
			o = HW;
		else
			o = HL;
		/* the ledger's rounding: half up, on the half stake for halves */
		switch (o) {
		case W:
			profit = (stake * (odds - 1000) + 500) / 1000;
			break;
		case HW:
			profit = (stake / 2 * (odds - 1000) + 500) / 1000;
			break;
		case L:
			profit = -stake;
			break;
		case HL:
			profit = -(stake - stake / 2);
			break;
		default:
			profit = 0;
		}
		if (rng_in(0, 2) != 0)
			fair = (int32_t)(odds + rng_in(-odds / 10, odds / 10));
		if (fair != 0 && fair < 1001)
			fair = 1001;
		b[i] = mk(at, stake, odds, o, profit, fair,
		    rng_in(0, 9) < 8        ? main_sports[rng_in(0, 3)]
		        : rng_in(0, 9) == 0 ? NULL
		                            : sport_names[rng_in(0, NSPORTNAMES - 1)]);
	}
}

/*
 * Settlement stores the accumulator in a database row and loads it back for
 * the next bet. This round-trips every field through text (the fields listed
 * in docs/metrics.md), into a struct filled with garbage first, so a field
 * left out of the list shows up as a mismatch with the rebuild.
 */
/* One field list laid out by hand: clang-format 14 does not settle on one
 * layout for a macro of this shape. */
/* clang-format off */
#define ACC_INTS(X)                                                                  \
	X(bets) X(won) X(lost) X(half_won) X(half_lost) X(pushes) X(voids) X(staked)  \
	X(profit) X(odds_sum) X(level_sum) X(win_run) X(loss_run) X(win_streak)        \
	X(loss_streak) X(peak) X(max_drawdown) X(clv_bets) X(last_at) X(month.key)     \
	X(month.bets) X(month.profit) X(best.key) X(best.bets) X(best.profit)          \
	X(worst.key) X(worst.bets) X(worst.profit) X(nsports)
/* clang-format on */
#define ACC_DOUBLES(X) X(ret_mean) X(ret_m2) X(clv_sum) X(null_var)

static void
acc_store_reload(struct profiles_acc *a)
{
	char row[64][40], sports[PROFILES_SPORTS_MAX][9][48];
	struct profiles_acc b;
	int k = 0;

	/* store */
#define PUT_I(f) snprintf(row[k++], sizeof row[0], "%" PRId64, (int64_t)a->f);
#define PUT_D(f) snprintf(row[k++], sizeof row[0], "%.17g", a->f);
	ACC_INTS(PUT_I)
	ACC_DOUBLES(PUT_D)
	for (int i = 0; i < a->nsports; i++) {
		const struct profiles_sport *s = &a->sports[i];

		snprintf(sports[i][0], sizeof sports[i][0], "%s", s->name);
		snprintf(sports[i][1], sizeof sports[i][1], "%" PRId64, s->bets);
		snprintf(sports[i][2], sizeof sports[i][2], "%" PRId64, s->winning);
		snprintf(sports[i][3], sizeof sports[i][3], "%" PRId64, s->losing);
		snprintf(sports[i][4], sizeof sports[i][4], "%" PRId64, s->staked);
		snprintf(sports[i][5], sizeof sports[i][5], "%" PRId64, s->profit);
		snprintf(sports[i][6], sizeof sports[i][6], "%" PRId64, s->odds_sum);
		snprintf(sports[i][7], sizeof sports[i][7], "%" PRId64, s->clv_bets);
		snprintf(sports[i][8], sizeof sports[i][8], "%.17g", s->clv_sum);
	}

	/* load */
	memset(&b, 0x5a, sizeof b);
	k = 0;
#define GET_I(f) b.f = strtoll(row[k++], NULL, 10);
#define GET_D(f) b.f = strtod(row[k++], NULL);
	ACC_INTS(GET_I)
	ACC_DOUBLES(GET_D)
	for (int i = 0; i < b.nsports; i++) {
		struct profiles_sport *s = &b.sports[i];

		snprintf(s->name, sizeof s->name, "%s", sports[i][0]);
		s->bets = strtoll(sports[i][1], NULL, 10);
		s->winning = strtoll(sports[i][2], NULL, 10);
		s->losing = strtoll(sports[i][3], NULL, 10);
		s->staked = strtoll(sports[i][4], NULL, 10);
		s->profit = strtoll(sports[i][5], NULL, 10);
		s->odds_sum = strtoll(sports[i][6], NULL, 10);
		s->clv_bets = strtoll(sports[i][7], NULL, 10);
		s->clv_sum = strtod(sports[i][8], NULL);
	}
	*a = b;
}

struct ref_month {
	int32_t key;
	int64_t bets, profit;
};

static int
ref_month_cmp(const void *x, const void *y)
{
	const struct ref_month *a = x, *b = y;

	return (a->key > b->key) - (a->key < b->key);
}

static void
ref_month_name(int32_t key, char out[16])
{
	snprintf(out, 16, "%04u-%02u", (unsigned)key / 12 % 10000, (unsigned)key % 12 % 100 + 1);
}

/* The same definitions, written the obvious way: two passes, every month
 * kept, gmtime_r for the calendar. No libm here either, so the volatility
 * is checked squared, Sharpe through mean = Sharpe * volatility, and the
 * p-value only against the incremental figures. */
static void
reference_check(const struct profiles_bet *b, size_t n, const struct profiles_metrics *m)
{
	struct ref_month *months = calloc(n + 1, sizeof *months);
	struct profiles_sport_stats sports[PROFILES_SPORTS_MAX];
	double *ret = calloc(n + 1, sizeof *ret), mean = 0, var = 0, clv = 0, level = 0;
	int64_t bets = 0, win = 0, loss = 0, staked = 0, profit = 0, odds = 0, dec = 0;
	int64_t run_w = 0, run_l = 0, best_w = 0, best_l = 0, peak = 0, dd = 0, clv_n = 0;
	int64_t latest = 0;
	const char *seen[64];
	size_t nm = 0, ns = 0, bi = 0, wi = 0, nseen = 0;
	char name[16];

	assert_non_null(months);
	assert_non_null(ret);
	memset(sports, 0, sizeof sports);
	for (size_t i = 0; i < n; i++) {
		const struct profiles_bet *x = &b[i];
		int w = x->outcome == W || x->outcome == HW,
		    l = x->outcome == L || x->outcome == HL;
		int half = x->outcome == HW || x->outcome == HL;
		const char *sp = x->sport && x->sport[0] ? x->sport : "other";
		struct tm tm;
		time_t t;
		int32_t key;
		size_t j;

		bets++;
		profit += x->profit;
		if (w || l) {
			dec++;
			staked += x->stake;
			odds += x->odds;
			ret[dec - 1] = (double)x->profit / (double)x->stake;
			level +=
			    w ? (x->odds - 1000) / 1000.0 / (half ? 2 : 1) : (half ? -0.5 : -1);
		}
		win += w;
		loss += l;
		if (w) {
			run_w++;
			run_l = 0;
		} else if (l) {
			run_l++;
			run_w = 0;
		}
		best_w = run_w > best_w ? run_w : best_w;
		best_l = run_l > best_l ? run_l : best_l;
		peak = profit > peak ? profit : peak;
		dd = peak - profit > dd ? peak - profit : dd;
		if (x->fair_closing_odds && x->outcome != V) {
			clv_n++;
			clv += (double)x->odds / x->fair_closing_odds - 1;
		}

		latest = x->settled_at > latest ? x->settled_at : latest;
		t = (time_t)latest;
		gmtime_r(&t, &tm);
		key = (int32_t)((tm.tm_year + 1900) * 12 + tm.tm_mon);
		for (j = 0; j < nm && months[j].key != key; j++)
			;
		if (j == nm)
			months[nm++].key = key;
		months[j].bets++;
		months[j].profit += x->profit;

		for (j = 0; j < nseen && strcmp(seen[j], sp) != 0; j++)
			;
		if (j == nseen && nseen < TG_NELEM(seen))
			seen[nseen++] = sp;
		for (j = 0; j < ns && strcmp(sports[j].sport, sp) != 0; j++)
			;
		if (j == ns && ns >= PROFILES_SPORTS_MAX - 1) {
			sp = "other";
			for (j = 0; j < ns && strcmp(sports[j].sport, sp) != 0; j++)
				;
		}
		if (j == ns)
			snprintf(sports[ns++].sport, sizeof sports[0].sport, "%s", sp);
		sports[j].bets++;
		sports[j].winning_bets += w;
		sports[j].losing_bets += l;
		sports[j].total_staked += w || l ? x->stake : 0;
		sports[j].total_profit_loss += x->profit;
	}
	for (int64_t i = 0; i < dec; i++)
		mean += ret[i];
	mean /= (double)dec;
	for (int64_t i = 0; i < dec; i++)
		var += (ret[i] - mean) * (ret[i] - mean);
	var /= (double)(dec - 1);

	assert_int_equal(m->total_bets, bets);
	assert_int_equal(m->winning_bets, win);
	assert_int_equal(m->losing_bets, loss);
	assert_int_equal(
	    m->total_bets, m->winning_bets + m->losing_bets + m->push_bets + m->void_bets);
	assert_near(m->winning_percentage, 100.0 * (double)win / (double)(win + loss), EPS);
	assert_int_equal(m->total_staked, staked);
	assert_int_equal(m->total_profit_loss, profit);
	assert_near(m->roi_percentage, 100.0 * (double)profit / (double)staked, EPS);
	assert_near(m->average_odds, (double)odds / (double)dec / 1000, EPS);
	assert_int_equal(m->longest_winning_streak, best_w);
	assert_int_equal(m->longest_losing_streak, best_l);
	assert_int_equal(m->max_drawdown, dd);
	assert_near(m->max_drawdown_units, (double)dd / ((double)staked / (double)dec), EPS);
	assert_near(m->volatility * m->volatility, var, EPS);
	assert_near(m->sharpe_ratio * m->volatility, mean, EPS);
	assert_int_equal(m->clv_bets, clv_n);
	assert_near(m->closing_line_value, 100 * clv / (double)clv_n, EPS);
	assert_near(m->yield_percentage, 100 * level / (double)dec, EPS);
	assert_true(m->p_value > 0 && m->p_value < 1);

	qsort(months, nm, sizeof *months, ref_month_cmp);
	for (size_t j = 1; j < nm; j++) {
		if (months[j].profit > months[bi].profit)
			bi = j;
		if (months[j].profit < months[wi].profit)
			wi = j;
	}
	assert_true(nm > 24); /* the history spans years */
	ref_month_name(months[bi].key, name);
	assert_string_equal(m->best_month.month, name);
	assert_int_equal(m->best_month.profit, months[bi].profit);
	assert_int_equal(m->best_month.bets, months[bi].bets);
	ref_month_name(months[wi].key, name);
	assert_string_equal(m->worst_month.month, name);
	assert_int_equal(m->worst_month.profit, months[wi].profit);
	assert_int_equal(m->worst_month.bets, months[wi].bets);

	assert_int_equal(m->nsports, ns);
	assert_true(nseen > ns); /* the history has more sports than buckets */
	for (size_t j = 0; j < ns; j++) {
		const struct profiles_sport_stats *s = &m->sport_performance[j];

		assert_string_equal(s->sport, sports[j].sport);
		assert_int_equal(s->bets, sports[j].bets);
		assert_int_equal(s->winning_bets, sports[j].winning_bets);
		assert_int_equal(s->losing_bets, sports[j].losing_bets);
		assert_int_equal(s->total_staked, sports[j].total_staked);
		assert_int_equal(s->total_profit_loss, sports[j].total_profit_loss);
		assert_near(s->roi_percentage,
		    sports[j].total_staked ? 100.0 * (double)sports[j].total_profit_loss /
		            (double)sports[j].total_staked
		                           : 0,
		    EPS);
	}
	free(months);
	free(ret);
}

static void
test_incremental_equals_rebuild(void **state)
{
	struct profiles_bet *b = calloc(NRANDOM, sizeof *b);
	struct profiles_metrics *inc = malloc(sizeof *inc), *reb = malloc(sizeof *reb);
	struct profiles_acc *acc = malloc(sizeof *acc);
	int64_t now;
	size_t first;

	(void)state;
	assert_non_null(b);
	assert_non_null(inc);
	assert_non_null(reb);
	assert_non_null(acc);
	random_history(b, NRANDOM);

	profiles_acc_init(acc);
	for (size_t i = 0; i < NRANDOM; i++) {
		acc_store_reload(acc);
		assert_int_equal(profiles_acc_add(acc, &b[i]), 0);
		if (i % 97 == 0) {
			profiles_acc_metrics(acc, inc);
			compute(b, i + 1, reb);
			assert_metrics_equal(inc, reb, 0);
		}
	}
	acc_store_reload(acc);
	profiles_acc_metrics(acc, inc);
	compute(b, NRANDOM, reb);
	assert_metrics_equal(inc, reb, 0);
	reference_check(b, NRANDOM, reb);

	/* a window is the rebuild of the bets inside it */
	now = b[NRANDOM - 1].settled_at;
	for (first = 0; b[first].settled_at <= now - 365 * DAY; first++)
		;
	assert_true(first > 0);
	assert_int_equal(profiles_metrics_window(b, NRANDOM, PROFILES_1_YEAR, now, inc), 0);
	compute(b + first, NRANDOM - first, reb);
	assert_metrics_equal(inc, reb, 0);
	assert_true(inc->total_bets < NRANDOM);

	free(b);
	free(inc);
	free(reb);
	free(acc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_bets),
		cmocka_unit_test(test_one_winning_bet),
		cmocka_unit_test(test_one_losing_bet),
		cmocka_unit_test(test_all_pushes),
		cmocka_unit_test(test_all_losses),
		cmocka_unit_test(test_mixed_history),
		cmocka_unit_test(test_streaks),
		cmocka_unit_test(test_drawdown),
		cmocka_unit_test(test_months_year_boundary),
		cmocka_unit_test(test_months_edges),
		cmocka_unit_test(test_sports),
		cmocka_unit_test(test_sports_odds_clv),
		cmocka_unit_test(test_sports_capacity),
		cmocka_unit_test(test_sharpe_three_bets),
		cmocka_unit_test(test_clv),
		cmocka_unit_test(test_p_value_even_money),
		cmocka_unit_test(test_fair_odds),
		cmocka_unit_test(test_fair_odds_invalid),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_invalid_bets),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_incremental_equals_rebuild),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
