/*
 * The demo bettors of `tailgate seed` (docs/seed.md).
 *
 * The plan is pure. Each bettor's style picks bets from the generated
 * catalogue day by day (which days they play and which candidates they take
 * come from their own random stream); then one replay of every placement,
 * settlement and top-up in time order sizes the stakes from the bankroll as
 * it stood, exactly as the database will see it. A style makes a claim
 * about a whole year (the value bettor wins a little, the favourites backer
 * wins often): of several equally plausible years, drawn from successive
 * streams, the first that fits the claim is kept. Every single bet is
 * still what the style says: each of the value bettor's is at a price her
 * own estimate rates too long, each favourite is under 1.70. tilt_tom's
 * last three weeks are the one scripted part: he takes bets that lost (the
 * story is a losing run).
 *
 * The database side (seed_bets_db.c) carries the plan out.
 */
#include "seed_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bets/bets.h"
#include "../catalog/catalog.h"

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)
#define UNIT INT64_C(1000) /* a stake unit: 10.00 */
#define TILT_DAYS 21       /* tilt_tom's losing run: the last three weeks */
#define ATTEMPTS 200       /* years tried per bettor before taking the best */

const struct seed_persona seed_personas[SEED_BETS_BETTORS] = {
	{ "value_vera", "Vera Lindqvist",
	    "Prices every match herself and bets only when the opening line is wrong. Level "
	    "stakes, placed early; she beats the closing line.",
	    "{football,basketball,american_football}", 150000, SEED_STYLE_VALUE, 3 },
	{ "fav_fred", "Fred Okafor",
	    "Backs the favourite and wins most weeks. Three per cent of the bankroll on anything "
	    "under 1.70.",
	    "{football,basketball}", 100000, SEED_STYLE_FAVOURITES, 3 },
	{ "longshot_lou", "Lou Marchetti",
	    "Lives for the big-price winner: underdogs and draws at 4.0 or more, small stakes, "
	    "long droughts.",
	    "{football}", 40000, SEED_STYLE_LONGSHOTS, 2 },
	{ "tilt_tom", "Tom Reyes",
	    "Was close to break-even for months, then started chasing. Currently on a bad run.",
	    "{football,american_football}", 80000, SEED_STYLE_TILT, 3 },
	{ "hoops_hana", "Hana Kim",
	    "US sports only: basketball and american football spreads and totals, two per cent "
	    "of the bankroll a bet.",
	    "{basketball,american_football}", 100000, SEED_STYLE_HOOPS, 2 },
};

/* ---- picking ---- */

struct pick {
	uint32_t ev;
	uint8_t mk, out;
	int32_t odds, win_bps;
	double score;
};

struct picks {
	struct seed_bets_bet *v;
	size_t n, cap;
};

static struct seed_bets_bet *
picks_push(struct picks *p)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 256;
		struct seed_bets_bet *v = realloc(p->v, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		p->v = v;
		p->cap = cap;
	}
	memset(&p->v[p->n], 0, sizeof(*p->v));
	return &p->v[p->n++];
}

static int
grade(const struct seed_catalog_event *e, int mk, int out, enum bets_outcome *o)
{
	return bets_grade(e->mk[mk].kind, e->mk[mk].line, e->mk[mk].outcomes[out], e->home_score,
	    e->away_score, o);
}

/* A bettor's own estimate of a selection: the truth blurred by their skill
 * (logit noise of sd `sd`), the same whichever year is being tried. */
static double
estimate(const struct seed_catalog *cat, const struct seed_catalog_event *e, int who, int mk,
    int out, double sd)
{
	double p = e->mk[mk].p[out], l;
	struct seed_rng r;

	seed_rng_init(&r, cat->seed, e->key, 100 + who, mk * 4 + out);
	l = log(p / (1.0 - p)) + sd * seed_rng_normal(&r);
	return 1.0 / (1.0 + exp(-l));
}

static int
is_kind(const struct seed_catalog_event *e, int mk, const char *a, const char *b)
{
	return strcmp(e->mk[mk].kind, a) == 0 || (b != NULL && strcmp(e->mk[mk].kind, b) == 0);
}

/* The style's best candidate on an event: 1 with *pk set, or 0. */
static int
candidate(const struct seed_catalog *cat, size_t i, int who, enum seed_style st, int phase,
    struct seed_rng *r, struct pick *pk)
{
	const struct seed_catalog_event *e = &cat->ev[i];
	const char *sport = seed_catalog_comps[e->comp].sport;
	int found = 0;

	for (int k = 0; k < e->nmk; k++)
		for (int o = 0; o < e->mk[k].nout; o++) {
			int32_t odds = e->mk[k].open[o];
			double score = -1, p;
			enum bets_outcome res;

			if (odds == 0)
				continue;
			switch (st) {
			case SEED_STYLE_VALUE:
				p = estimate(cat, e, who, k, o, 0.05);
				/* any price she rates 3 % too long; which of them she takes varies */
				if (odds >= 1500 && odds <= 4000 && p * odds / 1000.0 - 1.0 >= 0.03)
					score = seed_rng_uniform(r);
				break;
			case SEED_STYLE_HOOPS:
				p = estimate(cat, e, who, k, o, 0.07);
				if (strcmp(sport, "football") != 0 &&
				    is_kind(e, k, "handicap", "total") &&
				    p * odds / 1000.0 - 1.0 >= 0.015)
					score = seed_rng_uniform(r);
				break;
			case SEED_STYLE_FAVOURITES:
				if (is_kind(e, k, "1x2", "moneyline") &&
				    strcmp(e->mk[k].outcomes[o], "draw") && odds >= 1200 &&
				    odds <= 1690)
					score = seed_rng_uniform(r);
				break;
			case SEED_STYLE_LONGSHOTS:
				if (is_kind(e, k, "1x2", "moneyline") && odds >= 4200 &&
				    odds <= 12000)
					score = seed_rng_uniform(r);
				break;
			case SEED_STYLE_TILT:
				if (odds < 1700 || odds > (phase == 2 ? 3000 : 3200))
					break;
				/* the losing run: only bets that lost */
				if (phase == 2 &&
				    (i >= cat->nhist || grade(e, k, o, &res) != 0 ||
				        res != BETS_LOST))
					break;
				score = seed_rng_uniform(r);
				break;
			}
			if (score >= 0 && (!found || score > pk->score)) {
				found = 1;
				pk->ev = (uint32_t)i;
				pk->mk = (uint8_t)k;
				pk->out = (uint8_t)o;
				pk->odds = odds;
				pk->score = score;
				pk->win_bps = st == SEED_STYLE_VALUE || st == SEED_STYLE_HOOPS
				    ? (int32_t)lround(estimate(cat, e, who, k, o,
				                          st == SEED_STYLE_VALUE ? 0.05 : 0.07) *
				          10000)
				    : 0;
			}
		}
	return found;
}

/* Days a style plays and how many bets it takes on such a day. */
static int
day_count(enum seed_style st, int phase, int weekend, struct seed_rng *r)
{
	double u = seed_rng_uniform(r), v = seed_rng_uniform(r);

	switch (st) {
	case SEED_STYLE_VALUE:
		return u < 0.65 ? 1 + (v < 0.4) : 0;
	case SEED_STYLE_FAVOURITES:
		return u < (weekend ? 0.85 : 0.45) ? 1 + (v < 0.3) : 0;
	case SEED_STYLE_LONGSHOTS:
		return u < 0.55 ? 1 : 0;
	case SEED_STYLE_TILT:
		return u < (phase == 2 ? 0.8 : 0.55) ? 1 + (phase == 2 && v < 0.15) : 0;
	case SEED_STYLE_HOOPS:
		return u < 0.6 ? 1 : 0;
	}
	return 0;
}

/* How long before kick-off a style bets (seconds). The opening price is
 * there from three days before. */
static int64_t
lead_time(enum seed_style st, struct seed_rng *r)
{
	double u = seed_rng_uniform(r);

	switch (st) {
	case SEED_STYLE_VALUE:
		return 72 * HOUR - (int64_t)((1 + 30 * u) * HOUR); /* early */
	case SEED_STYLE_FAVOURITES:
		return (int64_t)((1 + 5 * u) * HOUR); /* match day */
	case SEED_STYLE_LONGSHOTS:
		return (int64_t)((2 + 46 * u) * HOUR);
	case SEED_STYLE_TILT:
		return (int64_t)((0.25 + 24 * u) * HOUR);
	case SEED_STYLE_HOOPS:
		return (int64_t)((6 + 24 * u) * HOUR);
	}
	return HOUR;
}

static int
cmp_pick(const void *x, const void *y)
{
	const struct pick *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return (a->ev > b->ev) - (a->ev < b->ev);
}

static int
cmp_pick_ev(const void *x, const void *y)
{
	const struct pick *a = x, *b = y;

	return (a->ev > b->ev) - (a->ev < b->ev);
}

/* One candidate year of a bettor: the picks of every day, in time order. */
static int
pick_year(const struct seed_catalog *cat, int who, int attempt, struct picks *out)
{
	const struct seed_persona *ps = &seed_personas[who];
	struct seed_rng r, lead;
	struct pick *day = NULL;
	size_t cap = 0, nopen = 0;
	int64_t tilt_from = cat->today - TILT_DAYS * DAY;

	out->n = 0;
	seed_rng_init(&r, cat->seed, ps->username, attempt, 0);
	seed_rng_init(&lead, cat->seed, ps->username, attempt, 1);
	for (size_t i = 0; i < cat->n;) {
		int64_t d = cat->ev[i].starts_at / DAY;
		size_t j = i, nd = 0;
		int weekday = (int)((d + 3) % 7), phase, count; /* 0 = Monday */

		while (j < cat->n && cat->ev[j].starts_at / DAY == d)
			j++;
		phase = cat->ev[i].starts_at >= cat->today ? 3
		    : cat->ev[i].starts_at >= tilt_from    ? 2
		                                           : 1;
		if (ps->style != SEED_STYLE_TILT && phase == 2)
			phase = 1;
		count = day_count(ps->style, phase, weekday >= 4, &r);
		/* open bets: one a day from tomorrow on, a few per bettor */
		if (phase == 3)
			count = d * DAY >= cat->today + DAY && nopen < (size_t)ps->open_bets;
		if (count > 0) {
			if (j - i > cap) {
				struct pick *v = realloc(day, (j - i) * sizeof(*v));

				if (v == NULL) {
					free(day);
					return -1;
				}
				day = v;
				cap = j - i;
			}
			for (size_t k = i; k < j; k++)
				if (candidate(cat, k, who, ps->style, phase, &r, &day[nd]))
					nd++;
			qsort(day, nd, sizeof(*day), cmp_pick);
			/* the day's best few, kept in kick-off order */
			if (nd > (size_t)count)
				nd = (size_t)count;
			qsort(day, nd, sizeof(*day), cmp_pick_ev);
			for (size_t k = 0; k < nd; k++) {
				const struct seed_catalog_event *e = &cat->ev[day[k].ev];
				struct seed_bets_bet *b = picks_push(out);

				if (b == NULL) {
					free(day);
					return -1;
				}
				b->ev = day[k].ev;
				b->mk = day[k].mk;
				b->out = day[k].out;
				b->odds = day[k].odds;
				b->win_bps = day[k].win_bps;
				b->placed_at = e->starts_at - lead_time(ps->style, &lead);
				if (phase == 3) {
					/* placed before today: the opening price was there an hour earlier */
					b->placed_at = cat->today -
					    (int64_t)(10 + (seed_rng_next(&lead) % 40)) * 60;
					nopen++;
				}
			}
		}
		i = j;
	}
	free(day);
	return 0;
}

/* Level-stake figures of a candidate year (settled bets, phase filter). */
struct year_eval {
	long decisive, won;
	double units, staked, clv;
	long clv_n;
};

static void
eval_year(
    const struct seed_catalog *cat, const struct picks *p, int64_t before, struct year_eval *ye)
{
	memset(ye, 0, sizeof(*ye));
	for (size_t i = 0; i < p->n; i++) {
		const struct seed_bets_bet *b = &p->v[i];
		const struct seed_catalog_event *e = &cat->ev[b->ev];
		enum bets_outcome o;
		double w = b->odds / 1000.0 - 1.0;

		if (b->ev >= cat->nhist || e->starts_at >= before ||
		    grade(e, b->mk, b->out, &o) != 0)
			continue;
		if (e->mk[b->mk].fair[b->out] > 0) {
			ye->clv += (double)b->odds / e->mk[b->mk].fair[b->out] - 1.0;
			ye->clv_n++;
		}
		switch (o) {
		case BETS_WON:
			ye->units += w;
			ye->won++;
			ye->decisive++;
			break;
		case BETS_HALF_WON:
			ye->units += w / 2;
			ye->won++;
			ye->decisive++;
			break;
		case BETS_LOST:
			ye->units -= 1;
			ye->decisive++;
			break;
		case BETS_HALF_LOST:
			ye->units -= 0.5;
			ye->decisive++;
			break;
		default:
			break;
		}
	}
	ye->staked = (double)ye->decisive;
	if (ye->clv_n)
		ye->clv /= (double)ye->clv_n;
}

/* Does the year tell the style's story? A distance from it: 0 fits. */
static double
misfit(const struct seed_catalog *cat, int who, const struct picks *p)
{
	struct year_eval y;
	double roi, winp, d = 0;

	eval_year(cat, p,
	    seed_personas[who].style == SEED_STYLE_TILT ? cat->today - TILT_DAYS * DAY : cat->today,
	    &y);
	if (y.decisive == 0)
		return 1e9;
	roi = y.units / y.staked;
	winp = (double)y.won / (double)y.decisive;
#define OUTSIDE(v, lo, hi) ((v) < (lo) ? (lo) - (v) : (v) > (hi) ? (v) - (hi) : 0.0)
	switch (seed_personas[who].style) {
	case SEED_STYLE_VALUE: /* a modest, believable winner */
		d = OUTSIDE(roi, 0.03, 0.12) + OUTSIDE(y.clv, 0.02, 1.0);
		break;
	case SEED_STYLE_FAVOURITES:
		d = OUTSIDE(winp, 0.64, 1.0) + OUTSIDE(roi, -0.07, 0.02);
		break;
	case SEED_STYLE_LONGSHOTS:
		d = OUTSIDE(winp, 0.08, 0.22) + OUTSIDE(roi, -0.25, 0.10);
		break;
	case SEED_STYLE_TILT: { /* mediocre before the run, and a run of a dozen or more */
		size_t run = 0;

		for (size_t i = 0; i < p->n; i++)
			run += p->v[i].ev < cat->nhist &&
			    cat->ev[p->v[i].ev].starts_at >= cat->today - TILT_DAYS * DAY;
		d = OUTSIDE(roi, -0.08, -0.01) + OUTSIDE(winp, 0.36, 0.50) +
		    (run < 12 ? 0.01 * (double)(12 - run) : 0);
		break;
	}
	case SEED_STYLE_HOOPS:
		d = OUTSIDE(roi, -0.01, 0.08) + OUTSIDE(y.clv, 0.0, 1.0);
		break;
	}
#undef OUTSIDE
	return d;
}

/* ---- the replay ---- */

static int
cmp_action(const void *x, const void *y)
{
	const struct seed_action *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	if (a->ev != b->ev)
		return a->ev < b->ev ? -1 : 1;
	if (a->who != b->who)
		return a->who - b->who;
	return (a->i > b->i) - (a->i < b->i);
}

static int64_t
settle_time(const struct seed_catalog *cat, uint32_t ev)
{
	const struct seed_catalog_event *e = &cat->ev[ev];

	return e->starts_at + (int64_t)seed_catalog_comps[e->comp].minutes * 60;
}

/* Every placement and every settlement of the plan, in the order they
 * happen (settlements first at equal times; one event's together). */
struct seed_action *
seed_bets_actions(const struct seed_catalog *cat, const struct seed_bets_plan *plan, size_t *n)
{
	struct seed_action *v;
	size_t total = 0, k = 0;

	for (int w = 0; w < SEED_BETS_BETTORS; w++)
		total += 2 * plan->b[w].n;
	if ((v = calloc(total ? total : 1, sizeof(*v))) == NULL)
		return NULL;
	for (int w = 0; w < SEED_BETS_BETTORS; w++)
		for (size_t i = 0; i < plan->b[w].n; i++) {
			const struct seed_bets_bet *b = &plan->b[w].bets[i];

			v[k++] = (struct seed_action){ b->placed_at, SEED_A_PLACE, b->ev, w, i };
			if (b->ev < cat->nhist)
				v[k++] = (struct seed_action){ settle_time(cat, b->ev),
					SEED_A_SETTLE, b->ev, w, i };
		}
	qsort(v, k, sizeof(*v), cmp_action);
	*n = k;
	return v;
}

struct wallet {
	int64_t cash, in_play, loss_run;
};

static int64_t
stake_for(const struct seed_catalog *cat, int who, const struct seed_bets_bet *b,
    const struct wallet *wl, int64_t lo, int64_t hi)
{
	int64_t s = 0, roll = wl->cash + wl->in_play;

	switch (seed_personas[who].style) {
	case SEED_STYLE_VALUE:
		s = 5 * UNIT / 2;
		break;
	case SEED_STYLE_FAVOURITES:
		s = roll * 3 / 100;
		break;
	case SEED_STYLE_LONGSHOTS:
		s = b->odds >= 7000 ? UNIT : 3 * UNIT / 2;
		break;
	case SEED_STYLE_TILT:
		s = 2 * UNIT;
		/* chasing: half as much again after every loss in a row */
		if (cat->ev[b->ev].starts_at >= cat->today - TILT_DAYS * DAY)
			for (int64_t k = 0; k < wl->loss_run && s < 6 * UNIT; k++)
				s = s * 3 / 2 < 6 * UNIT ? s * 3 / 2 : 6 * UNIT;
		break;
	case SEED_STYLE_HOOPS:
		s = roll * 2 / 100;
		break;
	}
	s = s / 100 * 100; /* whole currency units */
	return s < lo ? lo : s > hi ? hi : s;
}

static int
replay(const struct seed_catalog *cat, struct seed_bets_plan *plan, int64_t lo, int64_t hi,
    int64_t credit)
{
	struct wallet wl[SEED_BETS_BETTORS];
	struct seed_action *act;
	size_t n;

	if ((act = seed_bets_actions(cat, plan, &n)) == NULL)
		return -1;
	for (int w = 0; w < SEED_BETS_BETTORS; w++) {
		wl[w] = (struct wallet){ credit, 0, 0 };
		plan->b[w].ntopups = 0;
	}
	for (size_t k = 0; k < n; k++) {
		struct seed_bets_bettor *bt = &plan->b[act[k].who];
		struct seed_bets_bet *b = &bt->bets[act[k].i];
		struct wallet *w = &wl[act[k].who];

		if (act[k].kind == SEED_A_PLACE) {
			if (w->in_play == 0 && w->cash == credit && bt->ntopups == 0 &&
			    bt->bankroll > credit) {
				/* before the first bet: the bankroll the year starts with */
				bt->topups[bt->ntopups++] =
				    (struct seed_bets_topup){ b->placed_at - DAY,
					    bt->bankroll - credit, act[k].i };
				w->cash = bt->bankroll;
			}
			b->stake = stake_for(cat, act[k].who, b, w, lo, hi);
			if (w->cash < b->stake) {
				/* broke: the bettor reloads the wallet to the starting bankroll */
				int64_t amt = bt->bankroll > b->stake ? bt->bankroll : b->stake;

				if (bt->ntopups < SEED_BETS_TOPUPS) {
					bt->topups[bt->ntopups++] =
					    (struct seed_bets_topup){ b->placed_at - 60, amt,
						    act[k].i };
					w->cash += amt;
				} else
					b->stake = w->cash / 100 * 100;
			}
			w->cash -= b->stake;
			w->in_play += b->stake;
		} else {
			if (grade(&cat->ev[b->ev], b->mk, b->out, &b->outcome) != 0)
				b->outcome = BETS_VOID;
			b->payout = bets_payout(b->stake, b->odds, b->outcome);
			b->settled_at = act[k].at;
			w->cash += b->payout;
			w->in_play -= b->stake;
			if (b->outcome == BETS_LOST || b->outcome == BETS_HALF_LOST)
				w->loss_run++;
			else if (b->outcome == BETS_WON || b->outcome == BETS_HALF_WON)
				w->loss_run = 0;
		}
	}
	free(act);
	return 0;
}

int
seed_bets_plan(const struct seed_catalog *cat, int64_t min_stake, int64_t max_stake, int64_t credit,
    struct seed_bets_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	for (int w = 0; w < SEED_BETS_BETTORS; w++) {
		struct seed_bets_bettor *bt = &plan->b[w];
		struct picks best = { NULL, 0, 0 }, cur = { NULL, 0, 0 };
		double best_d = 1e18;

		bt->username = seed_personas[w].username;
		bt->display_name = seed_personas[w].display;
		bt->bio = seed_personas[w].bio;
		bt->sports = seed_personas[w].sports;
		bt->bankroll = seed_personas[w].bankroll;
		for (int at = 0; at < ATTEMPTS && best_d > 0; at++) {
			double d;

			if (pick_year(cat, w, at, &cur) != 0) {
				free(cur.v);
				free(best.v);
				seed_bets_plan_free(plan);
				return -1;
			}
			if ((d = misfit(cat, w, &cur)) < best_d) {
				struct picks t = best;

				best = cur;
				cur = t;
				best_d = d;
			}
		}
		free(cur.v);
		bt->bets = best.v;
		bt->n = best.n;
	}
	if (replay(cat, plan, min_stake, max_stake, credit) != 0) {
		seed_bets_plan_free(plan);
		return -1;
	}
	return 0;
}

void
seed_bets_plan_free(struct seed_bets_plan *plan)
{
	for (int w = 0; w < SEED_BETS_BETTORS; w++) {
		free(plan->b[w].bets);
		plan->b[w].bets = NULL;
		plan->b[w].n = 0;
	}
}

static int
cmp_settled(const void *x, const void *y)
{
	const struct profiles_bet *a = x, *b = y;

	return (a->settled_at > b->settled_at) - (a->settled_at < b->settled_at);
}

int
seed_bets_metrics(
    const struct seed_catalog *cat, const struct seed_bets_bettor *bt, struct profiles_metrics *out)
{
	struct profiles_bet *v = calloc(bt->n ? bt->n : 1, sizeof(*v));
	size_t n = 0;
	int rc;

	if (v == NULL)
		return -1;
	for (size_t i = 0; i < bt->n; i++) {
		const struct seed_bets_bet *b = &bt->bets[i];
		const struct seed_catalog_event *e = &cat->ev[b->ev];

		if (b->outcome == 0)
			continue;
		v[n++] = (struct profiles_bet){ b->settled_at, b->stake, b->odds, b->outcome,
			b->payout - b->stake, e->mk[b->mk].fair[b->out],
			seed_catalog_comps[e->comp].sport };
	}
	/* one bet per event, events in time order: settlement order is time order */
	qsort(v, n, sizeof(*v), cmp_settled);
	rc = profiles_metrics_compute(v, n, out);
	free(v);
	return rc;
}

/* The note a bettor writes on a bet, in their style (seed_int.h). */
const char *
seed_bets_note(
    struct arena *a, const struct seed_catalog *cat, int who, const struct seed_bets_bet *b)
{
	const struct seed_catalog_event *e = &cat->ev[b->ev];

	switch (seed_personas[who].style) {
	case SEED_STYLE_VALUE:
	case SEED_STYLE_HOOPS:
		if (b->win_bps > 0)
			return arena_printf(a, "My price %.2f, taking %.2f: %+.1f %% edge.",
			    10000.0 / b->win_bps, b->odds / 1000.0,
			    (b->win_bps * (double)b->odds / 1e7 - 1.0) * 100.0);
		break;
	case SEED_STYLE_TILT:
		if (e->starts_at >= cat->today - TILT_DAYS * DAY && b->stake > 2 * UNIT)
			return "Getting it back on this one.";
		break;
	default:
		break;
	}
	return NULL;
}
