/*
 * Copy trading's pure rules (docs/copy.md is the reference): one copy
 * decision (filters, the mode's size, the losing-streak reduction, the
 * caps), the words for how a stake came about, and the relationship's
 * running state after a settlement. No I/O. Every product of money, odds
 * and rates is taken in __int128, and every division rounds down, so a
 * stake is never rounded up and nothing overflows even at MONEY_MAX and
 * ODDS_MAX. The settings are copy_settings.c's; the replay copy_replay.c's.
 */
#include "copy.h"

#include <limits.h>
#include <string.h>

#include "../bets/bets.h"

typedef __int128 i128;

/* At most 1/8 of the size after a long losing streak. */
#define STREAK_HALVINGS_MAX 3

/* ---- names ---- */

static const struct {
	const char *name, *label;
} skips[COPY_SKIP__COUNT] = {
	[COPY_OK] = { "copied", "Copied" },
	[COPY_SKIP_AUTO_OFF] = { "auto_copy_off", "Automatic copying is off" },
	[COPY_SKIP_SPORT] = { "sport_filtered", "Sport not in your filter" },
	[COPY_SKIP_BET_TYPE] = { "bet_type_filtered", "Bet type not in your filter" },
	[COPY_SKIP_ODDS_LOW] = { "odds_below_min", "Odds below your minimum" },
	[COPY_SKIP_ODDS_HIGH] = { "odds_above_max", "Odds above your maximum" },
	[COPY_SKIP_NO_PROBABILITY] = { "no_probability", "No win probability stated" },
	[COPY_SKIP_EDGE] = { "edge_below_min", "Edge below your minimum" },
	[COPY_SKIP_SLIPPAGE] = { "slippage", "Price moved too far" },
	[COPY_SKIP_DAILY_LOSS] = { "daily_loss_limit", "Daily loss limit reached" },
	[COPY_SKIP_MONTHLY_LOSS] = { "monthly_loss_limit", "Monthly loss limit reached" },
	[COPY_SKIP_NO_EDGE] = { "no_kelly_edge", "No edge at this price" },
	[COPY_SKIP_TRADER_BANKROLL] = { "trader_bankroll_unknown", "Trader's bankroll unknown" },
	[COPY_SKIP_BELOW_MIN_STAKE] = { "below_min_stake", "Below the minimum stake" },
	[COPY_SKIP_NO_CASH] = { "insufficient_cash", "Not enough cash" },
	[COPY_SKIP_MARKET_CLOSED] = { "market_closed", "Market closed" },
	[COPY_SKIP_STOPPED] = { "relationship_stopped", "Copying stopped" },
	[COPY_SKIP_PAUSED] = { "paused", "Copying paused when it came due" },
	[COPY_SKIP_FOLLOWER_SUSPENDED] = { "follower_suspended",
	    "Account suspended when it came due" },
};

const char *
copy_skip_name(enum copy_skip k)
{
	return (int)k >= 0 && k < COPY_SKIP__COUNT ? skips[k].name : "unknown";
}

const char *
copy_skip_label(enum copy_skip k)
{
	return (int)k >= 0 && k < COPY_SKIP__COUNT ? skips[k].label : "Unknown reason";
}

const char *
copy_stop_name(enum copy_stop s)
{
	return s == COPY_STOP_DRAWDOWN   ? "drawdown"
	    : s == COPY_STOP_TAKE_PROFIT ? "take_profit"
	                                 : "";
}

/* ---- one decision ---- */

static int
in_list(const char (*keys)[COPY_KEY_LEN], size_t n, const char *k)
{
	if (k == NULL)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], k) == 0)
			return 1;
	return 0;
}

/* floor(a * b / c) for a, b >= 0 and c > 0, at most INT64_MAX. */
static int64_t
muldiv(int64_t a, i128 b, i128 c)
{
	i128 r = (i128)a * b / c;

	return r > INT64_MAX ? INT64_MAX : (int64_t)r;
}

/* A probability must be a probability: 0 is "not stated", and anything
 * above 100 % is treated the same rather than sized on. */
static int
has_probability(const struct copy_original *o)
{
	return o->win_probability_bp > 0 && o->win_probability_bp <= 10000;
}

static enum copy_skip
filters(const struct copy_settings *s, const struct copy_original *o, int32_t copy_odds,
    const struct copy_state *st)
{
	if (!s->auto_copy_enabled)
		return COPY_SKIP_AUTO_OFF;
	if (s->nsports > 0 && !in_list(s->sports, s->nsports, o->sport))
		return COPY_SKIP_SPORT;
	if (s->nbet_types > 0 && !in_list(s->bet_types, s->nbet_types, o->market_kind))
		return COPY_SKIP_BET_TYPE;
	if (s->min_odds > 0 && copy_odds < s->min_odds)
		return COPY_SKIP_ODDS_LOW;
	if (s->max_odds > 0 && copy_odds > s->max_odds)
		return COPY_SKIP_ODDS_HIGH;
	if (s->has_min_edge) {
		int64_t edge_bp;

		if (!has_probability(o))
			return COPY_SKIP_NO_PROBABILITY;
		/* p x odds - 1 in bp: 10^7 is a multiple of 1000, so the floor
		 * of the whole equals this */
		edge_bp = (int64_t)o->win_probability_bp * copy_odds / 1000 - 10000;
		if (edge_bp < s->min_edge_bp)
			return COPY_SKIP_EDGE;
	}
	if (s->has_max_slippage && o->odds > 0 && copy_odds < o->odds) {
		int64_t worse = ((int64_t)o->odds - copy_odds) * 10000 / o->odds;

		if (worse > s->max_slippage_bp)
			return COPY_SKIP_SLIPPAGE;
	}
	if (s->daily_loss_limit > 0 && st->day_pnl <= -s->daily_loss_limit)
		return COPY_SKIP_DAILY_LOSS;
	if (s->monthly_loss_limit > 0 && st->month_pnl <= -s->monthly_loss_limit)
		return COPY_SKIP_MONTHLY_LOSS;
	return COPY_OK;
}

static enum copy_skip
size_by_mode(const struct copy_settings *s, const struct copy_original *o, int32_t copy_odds,
    int64_t bankroll, int64_t *size)
{
	*size = 0;
	switch (s->mode) {
	case COPY_FIXED_AMOUNT:
		*size = s->fixed_amount; /* its 5 % cap is a cap (copy_decide) */
		break;
	case COPY_PERCENTAGE:
		*size = muldiv(bankroll, s->percentage_bp, 10000);
		break;
	case COPY_PROPORTIONAL:
		if (o->trader_bankroll <= 0)
			return COPY_SKIP_TRADER_BANKROLL;
		*size = o->stake > 0 ? muldiv(bankroll, o->stake, o->trader_bankroll) : 0;
		break;
	case COPY_KELLY: {
		i128 num, den;

		if (!has_probability(o))
			return COPY_SKIP_NO_PROBABILITY;
		/* f = (p·o - 1) / (o - 1) with p = p_bp/10^4, o = odds/10^3,
		 * at the copy's price */
		num = (i128)o->win_probability_bp * copy_odds - 10000 * 1000;
		if (num <= 0)
			return COPY_SKIP_NO_EDGE;
		den = (i128)10000 * (copy_odds - 1000); /* > 0: num > 0 needs odds > 1 */
		if (s->kelly_scaling_milli > 0)
			*size = muldiv(bankroll, num * s->kelly_scaling_milli, den * 1000);
		break;
	}
	}
	if (*size < 0)
		*size = 0;
	return COPY_OK;
}

void
copy_decide(const struct copy_settings *s, const struct copy_limits *lim,
    const struct copy_original *o, int32_t copy_odds, const struct copy_state *st,
    const struct copy_follower *f, struct copy_decision *out)
{
	int64_t bankroll = f->bankroll > 0 ? f->bankroll : 0;
	int64_t cash = f->cash > 0 ? f->cash : 0;
	int64_t amount, hard;

	memset(out, 0, sizeof(*out));
	if ((out->skip = filters(s, o, copy_odds, st)) != COPY_OK)
		return;
	if ((out->skip = size_by_mode(s, o, copy_odds, bankroll, &out->sized)) != COPY_OK)
		return;
	amount = out->sized;
	/* The fixed amount's own cap (the specification's min(fixed_amount,
	 * 5 % of the bankroll), whatever the brand's hard cap says) comes
	 * before the reduction, as the specification sizes it. */
	if (s->mode == COPY_FIXED_AMOUNT &&
	    amount > (hard = muldiv(bankroll, COPY_FIXED_CAP_BP, 10000))) {
		amount = hard;
		out->capped_by = "hard_cap";
	}
	if (s->reduce_streak > 0 && st->losing_streak >= s->reduce_streak) {
		int h = st->losing_streak / s->reduce_streak;

		amount >>= h < STREAK_HALVINGS_MAX ? h : STREAK_HALVINGS_MAX;
		out->reduced = 1;
	}
	if (s->max_bet_size > 0 && amount > s->max_bet_size) {
		amount = s->max_bet_size;
		out->capped_by = "max_bet_size";
	}
	hard = muldiv(bankroll, lim->hard_cap_bp > 0 ? lim->hard_cap_bp : 0, 10000);
	if (amount > hard) {
		amount = hard;
		out->capped_by = "hard_cap";
	}
	if (amount > cash) {
		amount = cash;
		out->capped_by = "cash";
	}
	if (lim->max_stake > 0 && amount > lim->max_stake) {
		amount = lim->max_stake;
		out->capped_by = "max_stake";
	}
	/* Nothing below the brand's minimum, and never a stake of 0. */
	if (amount <= 0 || amount < lim->min_stake) {
		out->skip = cash < lim->min_stake || cash <= 0 ? COPY_SKIP_NO_CASH
		                                               : COPY_SKIP_BELOW_MIN_STAKE;
		return;
	}
	out->amount = amount;
}

static const char *
cap_words(
    struct arena *a, const char *capped_by, int64_t amount, int64_t bankroll, int32_t brand_cap_bp)
{
	static const struct {
		const char *name, *words;
	} caps[] = {
		{ "max_bet_size", "your maximum bet size" },
		{ "cash", "the cash in your wallet" },
		{ "max_stake", "the site's maximum stake" },
	};
	int32_t bp = 0;

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (strcmp(capped_by, caps[i].name) == 0)
			return caps[i].words;
	if (strcmp(capped_by, "hard_cap") != 0)
		return capped_by;
	/* which hard cap bound: the brand's or the fixed amount's 5 % */
	if (bankroll > 0 && muldiv(bankroll, brand_cap_bp > 0 ? brand_cap_bp : 0, 10000) == amount)
		bp = brand_cap_bp;
	else if (bankroll > 0 && muldiv(bankroll, COPY_FIXED_CAP_BP, 10000) == amount)
		bp = COPY_FIXED_CAP_BP;
	if (bp == 0)
		return "the hard cap";
	return bp % 100 == 0 ? arena_printf(a, "the %d %% hard cap", bp / 100)
	                     : arena_printf(a, "the %.2f %% hard cap", bp / 100.0);
}

const char *
copy_sizing_words(struct arena *a, int64_t asked, int64_t amount, const char *capped_by,
    int reduced, int64_t follower_bankroll, int64_t trader_bankroll, int32_t brand_cap_bp)
{
	const char *w = NULL;

	if (capped_by != NULL && capped_by[0] != '\0')
		w = arena_printf(a, "%s asked, cut to %s by %s%s", money_str(a, asked),
		    money_str(a, amount),
		    cap_words(a, capped_by, amount, follower_bankroll, brand_cap_bp),
		    reduced ? " after the losing-streak reduction" : "");
	else if (reduced)
		w = arena_printf(a, "%s asked, %s after the losing-streak reduction",
		    money_str(a, asked), money_str(a, amount));
	if (trader_bankroll > 0)
		w = arena_printf(a, "%s%ssized on the trader's %s bankroll", w ? w : "",
		    w ? "; " : "", money_str(a, trader_bankroll));
	return w;
}

int64_t
copy_ratio_bp(int64_t copy_amount, int64_t original_stake)
{
	i128 r;

	if (original_stake <= 0 || copy_amount <= 0)
		return 0;
	r = ((i128)copy_amount * 20000 + original_stake) / ((i128)original_stake * 2);
	return r > 9999999 ? 9999999 : (int64_t)r;
}

/* ---- after a copy settles ---- */

void
copy_state_settle(
    struct copy_state *st, int64_t profit, enum bets_outcome oc, int same_day, int same_month)
{
	st->realised_pnl += profit;
	if (st->realised_pnl > st->peak_pnl)
		st->peak_pnl = st->realised_pnl;
	st->day_pnl = (same_day ? st->day_pnl : 0) + profit;
	st->month_pnl = (same_month ? st->month_pnl : 0) + profit;
	switch (oc) {
	case BETS_WON:
	case BETS_HALF_WON:
		st->losing_streak = 0;
		break;
	case BETS_LOST:
	case BETS_HALF_LOST:
		if (st->losing_streak < INT_MAX)
			st->losing_streak++;
		break;
	default: /* push, void: neither a win nor a loss */
		break;
	}
}

enum copy_stop
copy_should_stop(const struct copy_settings *s, const struct copy_state *st)
{
	i128 peak = (i128)st->start_bankroll + st->peak_pnl;
	i128 value = (i128)st->start_bankroll + st->realised_pnl;

	if (s->take_profit > 0 && st->realised_pnl >= s->take_profit)
		return COPY_STOP_TAKE_PROFIT;
	/* (peak - value) / peak >= stop_drawdown_bp / 10000, cross-multiplied */
	if (s->stop_drawdown_bp > 0 && peak > 0 &&
	    (peak - value) * 10000 >= (i128)s->stop_drawdown_bp * peak)
		return COPY_STOP_DRAWDOWN;
	return COPY_STOP_NONE;
}
