/*
 * Unit tests for the demo seed's pure parts (docs/seed.md): the catalogue
 * generator of app/seed/seed_catalog.c and the bettors' plan of
 * app/seed/seed_bets.c. Determinism, windows that agree with each other,
 * prices (every margin 4-6 %, every price above 1.0, probabilities that
 * sum to one), results that follow the model, and each style doing on the
 * generated year what its bio claims.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bets/bets.h"
#include "catalog/catalog.h"
#include "core/core.h"
#include "seed/seed.h"

#define DAY INT64_C(86400)
#define T_2026_11_22 INT64_C(1795305600)
#define T_2026_03_01 INT64_C(1772323200)

static int
market_equal(const struct seed_catalog_market *a, const struct seed_catalog_market *b)
{
	if (strcmp(a->kind, b->kind) != 0 || a->line != b->line || a->nout != b->nout)
		return 0;
	for (int o = 0; o < a->nout; o++)
		if (a->p[o] != b->p[o] || a->open[o] != b->open[o] || a->close[o] != b->close[o] ||
		    a->fair[o] != b->fair[o] || strcmp(a->outcomes[o], b->outcomes[o]) != 0)
			return 0;
	return 1;
}

static int
event_equal(const struct seed_catalog_event *a, const struct seed_catalog_event *b)
{
	if (strcmp(a->key, b->key) != 0 || a->comp != b->comp || a->home != b->home ||
	    a->away != b->away || a->starts_at != b->starts_at || a->home_score != b->home_score ||
	    a->away_score != b->away_score || a->nmk != b->nmk)
		return 0;
	for (int k = 0; k < a->nmk; k++)
		if (!market_equal(&a->mk[k], &b->mk[k]))
			return 0;
	return 1;
}

static void
test_rng(void **state)
{
	struct seed_rng a, b, c;
	double sum = 0, sq = 0;
	int differ = 0;

	(void)state;
	seed_rng_init(&a, 1, "x", 2, 3);
	seed_rng_init(&b, 1, "x", 2, 3);
	seed_rng_init(&c, 1, "x", 2, 4);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = seed_rng_next(&a);

		assert_int_equal(x, seed_rng_next(&b));
		differ += x != seed_rng_next(&c);
	}
	assert_true(differ > 990);
	for (int i = 0; i < 20000; i++) {
		double u = seed_rng_uniform(&a), z = seed_rng_normal(&b);

		assert_true(u >= 0 && u < 1);
		sum += z;
		sq += z * z;
	}
	assert_true(fabs(sum / 20000) < 0.05);
	assert_true(fabs(sq / 20000 - 1.0) < 0.05);
}

static void
test_deterministic(void **state)
{
	struct seed_catalog a, b, c;
	size_t differ = 0;

	(void)state;
	assert_int_equal(seed_catalog_generate(1, T_2026_11_22 + 5 * 3600, &a), 0);
	assert_int_equal(seed_catalog_generate(1, T_2026_11_22 + 20 * 3600, &b), 0);
	assert_int_equal(a.today, T_2026_11_22);
	assert_int_equal(a.n, b.n);
	assert_int_equal(a.nhist, b.nhist);
	for (size_t i = 0; i < a.n; i++)
		assert_true(event_equal(&a.ev[i], &b.ev[i]));

	/* another seed: other fixtures, strengths, prices and results */
	assert_int_equal(seed_catalog_generate(2, T_2026_11_22, &c), 0);
	assert_true(c.n > 0);
	for (size_t i = 0; i < a.n && i < c.n; i++) {
		const struct seed_catalog_event *x = &a.ev[i], *y = &c.ev[i];

		differ += x->home != y->home || x->away != y->away ||
		    x->home_score != y->home_score || x->mk[0].open[0] != y->mk[0].open[0];
	}
	assert_true(differ > a.n * 3 / 4);
	assert_memory_equal(c.ev[0].key, "s2:", 3);
	seed_catalog_free(&a);
	seed_catalog_free(&b);
	seed_catalog_free(&c);
}

/* A later day sees the same matches where the windows overlap, and the
 * job can draw any match again from its key alone. */
static void
test_windows_agree(void **state)
{
	struct seed_catalog a, b;
	size_t j = 0, shared = 0;

	(void)state;
	assert_int_equal(seed_catalog_generate(7, T_2026_11_22, &a), 0);
	assert_int_equal(seed_catalog_generate(7, T_2026_11_22 + 3 * DAY, &b), 0);
	for (size_t i = 0; i < a.n; i++) {
		while (j < b.n &&
		    (b.ev[j].starts_at < a.ev[i].starts_at ||
		        (b.ev[j].starts_at == a.ev[i].starts_at &&
		            strcmp(b.ev[j].key, a.ev[i].key) < 0)))
			j++;
		if (a.ev[i].starts_at < b.ev[0].starts_at)
			continue;
		assert_true(j < b.n);
		assert_true(event_equal(&a.ev[i], &b.ev[j]));
		shared++;
	}
	assert_true(shared > a.n * 9 / 10);
	/* the later window adds three days of matches at its end */
	assert_true(b.ev[b.n - 1].starts_at > a.ev[a.n - 1].starts_at + 2 * DAY);

	for (size_t i = 0; i < a.n; i += 37) {
		struct seed_catalog_event e;
		uint64_t seed = 0;

		assert_int_equal(seed_catalog_lookup(a.ev[i].key, &seed, &e), 0);
		assert_int_equal(seed, 7);
		assert_true(event_equal(&a.ev[i], &e));
	}
	seed_catalog_free(&a);
	seed_catalog_free(&b);
}

static void
test_lookup_bad_keys(void **state)
{
	static const char *const bad[] = {
		"",
		"s1",
		"s1:EPS:2026-11-21",
		"s1:XXX:2026-11-21:0v1",
		"s1:EPS:2026-11-21:0v1x",
		"1:EPS:2026-11-21:0v1",
		"s1:EPS:2026-11-24:0v1", /* a Tuesday: no football */
		"s1:EPS:2026-11-21:0v0",
		"s1:EPS:2026-11-21:99v1",
	};
	struct seed_catalog_event e;
	uint64_t seed;

	(void)state;
	for (size_t i = 0; i < TG_NELEM(bad); i++)
		assert_int_equal(seed_catalog_lookup(bad[i], &seed, &e), -1);
	assert_int_equal(seed_catalog_lookup(NULL, &seed, &e), -1);
}

static void
test_calendar(void **state)
{
	struct seed_catalog c;
	int per_comp[8] = { 0 };
	size_t ahead = 0;

	(void)state;
	assert_int_equal(seed_catalog_generate(1, T_2026_11_22, &c), 0);
	/* a year: about 47 matches a week; the fortnight to come */
	assert_true(c.nhist >= 1500 && c.nhist <= 2500);
	ahead = c.n - c.nhist;
	assert_true(ahead >= 60 && ahead <= 120);
	for (size_t i = 0; i < c.n; i++) {
		const struct seed_catalog_event *e = &c.ev[i];
		const struct seed_catalog_comp *k = &seed_catalog_comps[e->comp];

		assert_true(e->starts_at >= c.today - SEED_CATALOG_DAYS_BACK * DAY);
		assert_true(e->starts_at < c.today + SEED_CATALOG_DAYS_AHEAD * DAY);
		assert_true((i < c.nhist) == (e->starts_at < c.today));
		if (i > 0)
			assert_true(c.ev[i - 1].starts_at <= e->starts_at);
		assert_true(e->home != e->away && e->home >= 0 && e->away < k->nteams);
		assert_true(e->home_score >= 0 && e->away_score >= 0);
		assert_int_equal(e->nmk, 3);
		per_comp[e->comp]++;
		if (strcmp(k->sport, "football") != 0)
			assert_true(e->home_score != e->away_score); /* overtime decides */
	}
	for (size_t k = 0; k < seed_catalog_ncomps; k++) {
		const struct seed_catalog_comp *cp = &seed_catalog_comps[k];

		assert_true(per_comp[k] > 300);
		assert_true(strcmp(cp->sport, "football") == 0 ||
		    strcmp(cp->sport, "basketball") == 0 ||
		    strcmp(cp->sport, "american_football") == 0);
		assert_true(cp->country[0] != '\0' && cp->nteams % 2 == 0);
		for (int t = 0; t < cp->nteams; t++) {
			int64_t last = INT64_MIN / 2;

			for (int u = t + 1; u < cp->nteams; u++)
				assert_string_not_equal(cp->teams[t], cp->teams[u]);
			/* rounds of a round-robin: a team's matches are days apart */
			for (size_t i = 0; i < c.n; i++) {
				const struct seed_catalog_event *e = &c.ev[i];

				if (e->comp != (int)k || (e->home != t && e->away != t))
					continue;
				assert_true(e->starts_at - last >= 2 * DAY);
				last = e->starts_at;
			}
		}
	}
	seed_catalog_free(&c);
}

/* Every market, opening and closing: a distribution, a 4-6 % book, prices
 * above 1.0 and fair prices from catalog_fair_odds. */
static void
test_prices(void **state)
{
	struct seed_catalog c;
	double lo = 1, hi = 0;

	(void)state;
	assert_int_equal(seed_catalog_generate(3, T_2026_03_01, &c), 0);
	for (size_t i = 0; i < c.n; i++)
		for (int k = 0; k < c.ev[i].nmk; k++) {
			const struct seed_catalog_market *m = &c.ev[i].mk[k];
			double sum = 0, fair = 0, o1 = seed_catalog_overround(m->open, m->nout),
			       o2 = seed_catalog_overround(m->close, m->nout);

			assert_int_equal(m->nout, strcmp(m->kind, "1x2") == 0 ? 3 : 2);
			assert_true(m->line % 25 == 0);
			for (int o = 0; o < m->nout; o++) {
				assert_true(m->p[o] > 0 && m->p[o] < 1);
				sum += m->p[o];
				assert_true(m->open[o] > 1000 && m->open[o] <= ODDS_MAX);
				assert_true(m->close[o] > 1000 && m->close[o] <= ODDS_MAX);
				assert_true(m->fair[o] > m->close[o]);
				fair += 1000.0 / m->fair[o];
			}
			assert_true(fabs(sum - 1.0) < 1e-9);
			assert_true(fabs(fair - 1.0) < 0.002);
			assert_true(o1 >= 0.04 && o1 <= 0.06);
			assert_true(o2 >= 0.04 && o2 <= 0.06);
			lo = fmin(lo, fmin(o1, o2));
			hi = fmax(hi, fmax(o1, o2));
		}
	/* the margins spread over the range, not one constant */
	assert_true(lo < 0.045 && hi > 0.055);
	seed_catalog_free(&c);
}

static void
test_price_function(void **state)
{
	static const double even[] = { 0.5, 0.5 }, fav[] = { 0.8, 0.2 },
	                    three[] = { 0.45, 0.27, 0.28 }, bad[] = { 0.5, 0.6 },
	                    zero[] = { 1.0, 0.0 };
	int32_t o[3];

	(void)state;
	assert_int_equal(seed_catalog_price(even, 2, 0.05, o), 0);
	assert_int_equal(o[0], 1900); /* 1 / 0.525, to the 0.01 tick */
	assert_int_equal(o[1], 1900);
	assert_int_equal(seed_catalog_price(three, 3, 0.05, o), 0);
	assert_true(fabs(seed_catalog_overround(o, 3) - 0.05) < 0.01);
	/* power method: the longshot carries more of the margin */
	assert_int_equal(seed_catalog_price(fav, 2, 0.05, o), 0);
	assert_true(1000.0 / o[1] - 0.2 > 1000.0 / o[0] - 0.8);
	assert_true(fabs(seed_catalog_overround(o, 2) - 0.05) < 0.01);
	assert_int_equal(seed_catalog_price(bad, 2, 0.05, o), -1);
	assert_int_equal(seed_catalog_price(zero, 2, 0.05, o), -1);
	assert_int_equal(seed_catalog_price(even, 1, 0.05, o), -1);
	assert_int_equal(seed_catalog_price(even, 2, 0, o), -1);
}

/* Results are drawn from the true model: observed frequencies sit within a
 * few standard errors of the model's probabilities; closing prices are
 * closer to the truth than opening ones. */
static void
test_results_follow_model(void **state)
{
	struct seed_catalog c;
	double exp_h = 0, var_h = 0, exp_o = 0, var_o = 0, exp_ml = 0, var_ml = 0;
	double err_open = 0, err_close = 0;
	long home = 0, over = 0, ml = 0;

	(void)state;
	assert_int_equal(seed_catalog_generate(11, T_2026_11_22, &c), 0);
	for (size_t i = 0; i < c.nhist; i++) {
		const struct seed_catalog_event *e = &c.ev[i];

		for (int k = 0; k < e->nmk; k++)
			for (int o = 0; o < e->mk[k].nout; o++) {
				double p = e->mk[k].p[o];

				err_open += fabs(1000.0 / e->mk[k].open[o] /
				        (1 + seed_catalog_overround(e->mk[k].open, e->mk[k].nout)) -
				    p);
				err_close += fabs(1000.0 / e->mk[k].fair[o] - p);
			}
		if (strcmp(e->mk[0].kind, "1x2") == 0) {
			exp_h += e->mk[0].p[0];
			var_h += e->mk[0].p[0] * (1 - e->mk[0].p[0]);
			home += e->home_score > e->away_score;
			exp_o += e->mk[1].p[0];
			var_o += e->mk[1].p[0] * (1 - e->mk[1].p[0]);
			over += e->home_score + e->away_score > 2;
		} else {
			exp_ml += e->mk[0].p[0];
			var_ml += e->mk[0].p[0] * (1 - e->mk[0].p[0]);
			ml += e->home_score > e->away_score;
		}
	}
	assert_true(fabs(home - exp_h) < 4 * sqrt(var_h));
	assert_true(fabs(over - exp_o) < 4 * sqrt(var_o));
	assert_true(fabs(ml - exp_ml) < 4 * sqrt(var_ml));
	assert_true(err_close < err_open / 2);
	seed_catalog_free(&c);
}

/* ---- the bettors ---- */

static const struct seed_bets_bettor *
bettor(const struct seed_bets_plan *p, const char *name)
{
	for (int i = 0; i < SEED_BETS_BETTORS; i++)
		if (strcmp(p->b[i].username, name) == 0)
			return &p->b[i];
	fail_msg("no bettor %s", name);
	return NULL;
}

struct tl {
	int64_t at;
	int kind; /* 0 settle, 1 place */
	const struct seed_bets_bet *b;
};

static int
cmp_tl(const void *x, const void *y)
{
	const struct tl *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return (a->b->ev > b->b->ev) - (a->b->ev < b->b->ev);
}

/* Replays one bettor's wallet: cash never goes negative, settlement comes
 * after kick-off, and the stake rules hold. */
static void
check_wallet(const struct seed_catalog *c, const struct seed_bets_bettor *bt, int64_t lo,
    int64_t hi, int64_t credit)
{
	struct tl *v = calloc(2 * bt->n + 1, sizeof(*v));
	size_t n = 0, tp = 0;
	int64_t cash = credit;

	assert_non_null(v);
	for (size_t i = 0; i < bt->n; i++) {
		const struct seed_bets_bet *b = &bt->bets[i];
		const struct seed_catalog_event *e = &c->ev[b->ev];

		assert_true(b->stake >= lo && b->stake <= hi && b->stake % 100 == 0);
		assert_true(b->placed_at < e->starts_at);
		assert_true(b->placed_at >= e->starts_at - 3 * DAY || b->ev >= c->nhist);
		assert_int_equal(b->odds, e->mk[b->mk].open[b->out]);
		if (i > 0)
			assert_true(bt->bets[i - 1].ev < b->ev); /* one bet per event */
		v[n++] = (struct tl){ b->placed_at, 1, b };
		if (b->outcome != 0) {
			assert_true(b->ev < c->nhist);
			assert_true(b->settled_at > e->starts_at);
			assert_int_equal(b->payout, bets_payout(b->stake, b->odds, b->outcome));
			v[n++] = (struct tl){ b->settled_at, 0, b };
		} else
			assert_true(b->ev >= c->nhist);
	}
	qsort(v, n, sizeof(*v), cmp_tl);
	assert_true(bt->ntopups == 0 || bt->topups[0].amount > 0);
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == 1) {
			size_t idx = (size_t)(v[i].b - bt->bets);

			while (tp < bt->ntopups && bt->topups[tp].before == idx)
				cash += bt->topups[tp++].amount;
			cash -= v[i].b->stake;
			assert_true(cash >= 0);
		} else
			cash += v[i].b->payout;
	}
	assert_int_equal(tp, bt->ntopups); /* every top-up came before its bet */
	free(v);
}

static void
check_styles(uint64_t seed, int64_t today, int64_t lo, int64_t hi, int64_t credit)
{
	struct seed_catalog c;
	struct seed_bets_plan p, q;
	struct profiles_metrics m;
	const struct seed_bets_bettor *b;
	size_t run = 0, open;

	assert_int_equal(seed_catalog_generate(seed, today, &c), 0);
	assert_int_equal(seed_bets_plan(&c, lo, hi, credit, &p), 0);
	assert_int_equal(seed_bets_plan(&c, lo, hi, credit, &q), 0);
	for (int w = 0; w < SEED_BETS_BETTORS; w++) {
		/* the same plan twice */
		assert_int_equal(p.b[w].n, q.b[w].n);
		assert_memory_equal(p.b[w].bets, q.b[w].bets, p.b[w].n * sizeof(*p.b[w].bets));
		assert_true(p.b[w].n >= 80);
		open = 0;
		for (size_t i = 0; i < p.b[w].n; i++)
			open += p.b[w].bets[i].outcome == 0;
		assert_true(open >= 1 && open <= 3);
		check_wallet(&c, &p.b[w], lo, hi, credit);
		assert_true(strlen(p.b[w].bio) > 20 && strlen(p.b[w].display_name) > 3);
	}

	/* value: every bet beat her own price; beats the close, wins modestly */
	b = bettor(&p, "value_vera");
	for (size_t i = 0; i < b->n; i++) {
		assert_true(b->bets[i].odds >= 1500 && b->bets[i].odds <= 4000);
		assert_true((double)b->bets[i].win_bps * b->bets[i].odds / 1e7 > 1.025);
	}
	assert_int_equal(seed_bets_metrics(&c, b, &m), 0);
	assert_true(m.closing_line_value > 1.0);
	assert_true(m.roi_percentage > 0 && m.roi_percentage < 15);

	/* favourites: short prices, wins most bets */
	b = bettor(&p, "fav_fred");
	for (size_t i = 0; i < b->n; i++)
		assert_true(b->bets[i].odds < 1700);
	assert_int_equal(seed_bets_metrics(&c, b, &m), 0);
	assert_true(m.winning_percentage > 60);
	assert_true(m.average_odds < 1.7);

	/* longshots: big prices, few winners */
	b = bettor(&p, "longshot_lou");
	for (size_t i = 0; i < b->n; i++)
		assert_true(b->bets[i].odds > 4000);
	assert_int_equal(seed_bets_metrics(&c, b, &m), 0);
	assert_true(m.average_odds > 4);
	assert_true(m.winning_percentage < 25);

	/* tilt: mediocre, then a long losing run up to today */
	b = bettor(&p, "tilt_tom");
	assert_int_equal(seed_bets_metrics(&c, b, &m), 0);
	assert_true(m.roi_percentage < 0);
	for (size_t i = b->n; i-- > 0;) {
		if (b->bets[i].outcome == 0)
			continue;
		if (b->bets[i].outcome != BETS_LOST)
			break;
		run++;
	}
	assert_true(run >= 10);
	assert_true(m.longest_losing_streak >= (int64_t)run);
	assert_true(b->bets[b->n - 1].placed_at > c.today - 2 * DAY);

	/* hoops: US sports spreads and totals only */
	b = bettor(&p, "hoops_hana");
	for (size_t i = 0; i < b->n; i++) {
		const struct seed_catalog_event *e = &c.ev[b->bets[i].ev];
		const char *kind = e->mk[b->bets[i].mk].kind;

		assert_string_not_equal(seed_catalog_comps[e->comp].sport, "football");
		assert_true(strcmp(kind, "handicap") == 0 || strcmp(kind, "total") == 0);
	}
	assert_int_equal(seed_bets_metrics(&c, b, &m), 0);
	assert_true(m.closing_line_value > 0);

	seed_bets_plan_free(&p);
	seed_bets_plan_free(&q);
	seed_catalog_free(&c);
}

static void
test_styles_demo(void **state)
{
	(void)state;
	check_styles(1, T_2026_11_22, 100, 100000, 100000); /* play money, 1,000 credit */
}

static void
test_styles_acme(void **state)
{
	(void)state;
	check_styles(1, T_2026_11_22, 500, 500000, 0); /* real money, no credit */
}

static void
test_styles_other_seeds(void **state)
{
	(void)state;
	for (uint64_t s = 2; s <= 6; s++)
		check_styles(s, T_2026_03_01 + (int64_t)s * 17 * DAY, 100, 100000, 100000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_windows_agree),
		cmocka_unit_test(test_lookup_bad_keys),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_prices),
		cmocka_unit_test(test_price_function),
		cmocka_unit_test(test_results_follow_model),
		cmocka_unit_test(test_styles_demo),
		cmocka_unit_test(test_styles_acme),
		cmocka_unit_test(test_styles_other_seeds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
