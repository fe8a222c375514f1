/*
 * Performance metrics: the accumulator and what is derived from it.
 *
 * profiles_acc_add() validates a bet and checks every bounded sum before it
 * changes anything, so a refused bet leaves the accumulator as it was. The
 * month and sport buckets are bounded: the current month plus the best and
 * worst earlier months (settlement times only move forward, so an earlier
 * month is final once a later one starts), and at most PROFILES_SPORTS_MAX
 * sport buckets. Definitions: docs/metrics.md.
 */
#include "profiles.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#define DAY INT64_C(86400)

static const char *const timeframe_names[] = {
	[PROFILES_7_DAYS] = "7_days",
	[PROFILES_30_DAYS] = "30_days",
	[PROFILES_1_YEAR] = "1_year",
	[PROFILES_ALL_TIME] = "all_time",
};

/* P(Z >= z) for a standard normal Z. */
static double
normal_upper(double z)
{
	return 0.5 * erfc(z * M_SQRT1_2);
}

/* ---- calendar ---- */

/* year * 12 + month - 1 of a unix time >= 0 (H. Hinnant's civil_from_days). */
static int32_t
month_key(int64_t t)
{
	int64_t z, era, doe, yoe, doy, mp, m, y;

	z = t / DAY + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	return (int32_t)(y * 12 + m - 1);
}

static void
month_format(int32_t key, char out[8])
{
	int32_t y = key / 12, m = key % 12 + 1;

	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '\0';
}

/* ---- accumulator ---- */

static int
bet_valid(const struct profiles_bet *b)
{
	int64_t gain;

	if (b == NULL)
		return 0;
	if (b->settled_at < 0 || b->settled_at > PROFILES_TIME_MAX)
		return 0;
	if (b->stake <= 0 || b->stake > PROFILES_STAKE_MAX)
		return 0;
	if (b->odds <= 1000 || b->odds > PROFILES_ODDS_MAX)
		return 0;
	if (b->fair_closing_odds != 0 &&
	    (b->fair_closing_odds <= 1000 || b->fair_closing_odds > PROFILES_ODDS_MAX))
		return 0;
	if (b->sport != NULL && strnlen(b->sport, PROFILES_SPORT_LEN + 1) > PROFILES_SPORT_LEN)
		return 0;

	/* The ledger's profit is taken as given, within what the outcome allows
	 * (any rounding of a half stake or of the winnings passes). */
	switch (b->outcome) {
	case BETS_WON:
		gain = b->stake * (b->odds - 1000) / 1000 + 1;
		return b->profit >= 0 && b->profit <= gain;
	case BETS_HALF_WON:
		gain = (b->stake + 1) / 2 * (b->odds - 1000) / 1000 + 1;
		return b->profit >= 0 && b->profit <= gain;
	case BETS_LOST:
		return b->profit == -b->stake;
	case BETS_HALF_LOST:
		return b->profit >= -((b->stake + 1) / 2) && b->profit <= -(b->stake / 2);
	case BETS_PUSH:
	case BETS_VOID:
		return b->profit == 0;
	default:
		return 0;
	}
}

/* The bucket for a sport: its own, a new one while fewer than
 * PROFILES_SPORTS_MAX - 1 are in use, else "other" (existing or new; the
 * last slot is always free for it). */
static int32_t
sport_slot(const struct profiles_acc *a, const char *name, const char **use)
{
	int32_t i;

	if (name == NULL || name[0] == '\0')
		name = PROFILES_OTHER;
	for (i = 0; i < a->nsports; i++)
		if (strcmp(a->sports[i].name, name) == 0)
			break;
	if (i < a->nsports || a->nsports < PROFILES_SPORTS_MAX - 1) {
		*use = name;
		return i;
	}
	*use = PROFILES_OTHER;
	for (i = 0; i < a->nsports; i++)
		if (strcmp(a->sports[i].name, PROFILES_OTHER) == 0)
			break;
	assert(i < PROFILES_SPORTS_MAX);
	return i;
}

static void
month_close(struct profiles_acc *a)
{
	if (a->best.key < 0 || a->month.profit > a->best.profit)
		a->best = a->month;
	if (a->worst.key < 0 || a->month.profit < a->worst.profit)
		a->worst = a->month;
}

void
profiles_acc_init(struct profiles_acc *a)
{
	memset(a, 0, sizeof *a);
	a->month.key = -1;
	a->best.key = -1;
	a->worst.key = -1;
}

/* The bet's outcome in the counts. */
static void
acc_count(struct profiles_acc *a, enum bets_outcome outcome)
{
	switch (outcome) {
	case BETS_WON:
		a->won++;
		break;
	case BETS_LOST:
		a->lost++;
		break;
	case BETS_PUSH:
		a->pushes++;
		break;
	case BETS_VOID:
		a->voids++;
		break;
	case BETS_HALF_WON:
		a->half_won++;
		break;
	case BETS_HALF_LOST:
		a->half_lost++;
		break;
	}
}

/* A bet that won or lost (fully or by half): the level-stake, return and
 * variance sums and the runs. */
static void
acc_add_graded(struct profiles_acc *a, const struct profiles_bet *b, int win, int half)
{
	int64_t n;
	double r, d, v;

	n = a->won + a->lost + a->half_won + a->half_lost;
	a->odds_sum += b->odds;
	/* Level stake of 1 unit, in 1/2000 units: a win pays odds - 1,
	 * a half win half of that; a loss costs 1, a half loss 1/2. */
	if (win)
		a->level_sum += (int64_t)(b->odds - 1000) * (half ? 1 : 2);
	else
		a->level_sum -= half ? 1000 : 2000;

	r = (double)b->profit / (double)b->stake;
	d = r - a->ret_mean;
	a->ret_mean += d / (double)n;
	a->ret_m2 += d * (r - a->ret_mean);

	/* Under no skill a (half) stake s at odds o wins s(o-1) with
	 * probability 1/o, else loses s: mean 0, variance s^2 (o-1). */
	v = (double)b->stake * (double)b->stake * (double)(b->odds - 1000) / 1000;
	a->null_var += half ? v / 4 : v;

	if (win) {
		a->win_run++;
		a->loss_run = 0;
		if (a->win_run > a->win_streak)
			a->win_streak = a->win_run;
	} else {
		a->loss_run++;
		a->win_run = 0;
		if (a->loss_run > a->loss_streak)
			a->loss_streak = a->loss_run;
	}
}

/* The bet in its sport's bucket (slot; a new bucket named sport when slot
 * is the next free one), with the sums already checked. */
static void
acc_add_sport(struct profiles_acc *a, int32_t slot, const char *sport, const struct profiles_bet *b,
    int win, int loss, int64_t sp_staked, int64_t sp_profit, int64_t sp_odds)
{
	struct profiles_sport *s;

	s = &a->sports[slot];
	if (slot == a->nsports) {
		memset(s, 0, sizeof *s);
		memcpy(s->name, sport, strlen(sport) + 1);
		a->nsports++;
	}
	s->bets++;
	s->winning += win;
	s->losing += loss;
	s->staked = sp_staked;
	s->profit = sp_profit;
	s->odds_sum = sp_odds;
	if (b->fair_closing_odds != 0 && b->outcome != BETS_VOID) {
		s->clv_bets++;
		s->clv_sum += (double)b->odds / (double)b->fair_closing_odds - 1;
	}
}

int
profiles_acc_add(struct profiles_acc *a, const struct profiles_bet *b)
{
	const struct profiles_sport *sp;
	int64_t at, counted, staked, profit, sp_staked, sp_profit, sp_odds, mo_profit;
	int32_t key, slot;
	const char *sport;
	int win, loss, half;

	if (!bet_valid(b))
		return -1;
	win = b->outcome == BETS_WON || b->outcome == BETS_HALF_WON;
	loss = b->outcome == BETS_LOST || b->outcome == BETS_HALF_LOST;
	half = b->outcome == BETS_HALF_WON || b->outcome == BETS_HALF_LOST;
	counted = win || loss ? b->stake : 0;

	at = a->bets > 0 && a->last_at > b->settled_at ? a->last_at : b->settled_at;
	key = month_key(at);
	slot = sport_slot(a, b->sport, &sport);
	sp = slot < a->nsports ? &a->sports[slot] : NULL;

	/* Every bounded sum first: a refused bet changes nothing. */
	if (__builtin_add_overflow(a->staked, counted, &staked) ||
	    __builtin_add_overflow(a->profit, b->profit, &profit) || profit > PROFILES_SUM_MAX ||
	    profit < -PROFILES_SUM_MAX ||
	    __builtin_add_overflow(sp ? sp->staked : 0, counted, &sp_staked) ||
	    __builtin_add_overflow(sp ? sp->profit : 0, b->profit, &sp_profit) ||
	    __builtin_add_overflow(
	        sp ? sp->odds_sum : 0, win || loss ? (int64_t)b->odds : 0, &sp_odds) ||
	    __builtin_add_overflow(
	        a->month.key == key ? a->month.profit : 0, b->profit, &mo_profit))
		return -1;

	a->bets++;
	acc_count(a, b->outcome);
	a->staked = staked;
	a->profit = profit;

	if (win || loss)
		acc_add_graded(a, b, win, half);

	if (a->profit > a->peak)
		a->peak = a->profit;
	if (a->peak - a->profit > a->max_drawdown)
		a->max_drawdown = a->peak - a->profit;

	if (b->fair_closing_odds != 0 && b->outcome != BETS_VOID) {
		a->clv_bets++;
		a->clv_sum += (double)b->odds / (double)b->fair_closing_odds - 1;
	}

	if (a->month.key != key) {
		if (a->month.key >= 0)
			month_close(a);
		a->month.key = key;
		a->month.bets = 0;
	}
	a->month.bets++;
	a->month.profit = mo_profit;
	a->last_at = at;

	acc_add_sport(a, slot, sport, b, win, loss, sp_staked, sp_profit, sp_odds);
	return 0;
}

static double
percent(int64_t num, int64_t den)
{
	return den != 0 ? 100.0 * (double)num / (double)den : 0;
}

static void
month_stats(const struct profiles_month *m, struct profiles_month_stats *out)
{
	month_format(m->key, out->month);
	out->profit = m->profit;
	out->bets = m->bets;
}

void
profiles_acc_metrics(const struct profiles_acc *a, struct profiles_metrics *out)
{
	const struct profiles_month *best, *worst;
	int64_t decisive;

	memset(out, 0, sizeof *out);
	decisive = a->won + a->lost + a->half_won + a->half_lost;

	out->total_bets = a->bets;
	out->winning_bets = a->won + a->half_won;
	out->losing_bets = a->lost + a->half_lost;
	out->push_bets = a->pushes;
	out->void_bets = a->voids;
	out->half_won_bets = a->half_won;
	out->half_lost_bets = a->half_lost;
	out->winning_percentage = percent(out->winning_bets, decisive);
	out->total_staked = a->staked;
	out->total_profit_loss = a->profit;
	out->roi_percentage = percent(a->profit, a->staked);
	out->average_odds = decisive ? (double)a->odds_sum / (double)decisive / 1000 : 0;
	out->longest_winning_streak = a->win_streak;
	out->longest_losing_streak = a->loss_streak;

	/* Earlier months win ties: the current month must do strictly better. */
	if (a->month.key >= 0) {
		best = &a->best;
		worst = &a->worst;
		if (best->key < 0 || a->month.profit > best->profit)
			best = &a->month;
		if (worst->key < 0 || a->month.profit < worst->profit)
			worst = &a->month;
		month_stats(best, &out->best_month);
		month_stats(worst, &out->worst_month);
	}

	out->nsports = (size_t)a->nsports;
	for (int32_t i = 0; i < a->nsports; i++) {
		const struct profiles_sport *s = &a->sports[i];
		struct profiles_sport_stats *o = &out->sport_performance[i];

		memcpy(o->sport, s->name, sizeof o->sport);
		o->bets = s->bets;
		o->winning_bets = s->winning;
		o->losing_bets = s->losing;
		o->total_staked = s->staked;
		o->total_profit_loss = s->profit;
		o->roi_percentage = percent(s->profit, s->staked);
		o->average_odds = s->winning + s->losing
		    ? (double)s->odds_sum / (double)(s->winning + s->losing) / 1000
		    : 0;
		o->clv_bets = s->clv_bets;
		o->closing_line_value = s->clv_bets ? 100 * s->clv_sum / (double)s->clv_bets : 0;
	}

	out->max_drawdown = a->max_drawdown;
	out->max_drawdown_units =
	    a->staked ? (double)a->max_drawdown * (double)decisive / (double)a->staked : 0;
	out->volatility = decisive >= 2 ? sqrt(a->ret_m2 / (double)(decisive - 1)) : 0;
	out->sharpe_ratio = out->volatility > 0 ? a->ret_mean / out->volatility : 0;

	out->clv_bets = a->clv_bets;
	out->closing_line_value = a->clv_bets ? 100 * a->clv_sum / (double)a->clv_bets : 0;
	out->yield_percentage =
	    decisive ? 100.0 * (double)a->level_sum / (2000.0 * (double)decisive) : 0;
	out->p_value = a->null_var > 0 ? normal_upper((double)a->profit / sqrt(a->null_var)) : 1;
}

/* ---- whole histories and windows ---- */

int64_t
profiles_window_start(enum profiles_timeframe tf, int64_t now)
{
	int64_t len;

	switch (tf) {
	case PROFILES_7_DAYS:
		len = 7 * DAY;
		break;
	case PROFILES_30_DAYS:
		len = 30 * DAY;
		break;
	case PROFILES_1_YEAR:
		len = 365 * DAY;
		break;
	default:
		return INT64_MIN;
	}
	return now < INT64_MIN + len ? INT64_MIN : now - len;
}

int
profiles_metrics_window(const struct profiles_bet *bets, size_t n, enum profiles_timeframe tf,
    int64_t now, struct profiles_metrics *out)
{
	struct profiles_acc acc;
	int64_t start = profiles_window_start(tf, now);
	int rc = 0;

	profiles_acc_init(&acc);
	for (size_t i = 0; i < n; i++)
		if (bets[i].settled_at > start && profiles_acc_add(&acc, &bets[i]) == -1)
			rc = -1;
	profiles_acc_metrics(&acc, out);
	return rc;
}

int
profiles_metrics_compute(const struct profiles_bet *bets, size_t n, struct profiles_metrics *out)
{
	return profiles_metrics_window(bets, n, PROFILES_ALL_TIME, 0, out);
}

/* ---- names ---- */

const char *
profiles_timeframe_name(enum profiles_timeframe tf)
{
	if ((int)tf < PROFILES_7_DAYS || (int)tf > PROFILES_ALL_TIME)
		return NULL;
	return timeframe_names[tf];
}
