/*
 * Unit tests for copy trading's pure rules (app/copy/copy_rules.c,
 * copy_settings.c, copy_replay.c): every skip reason and cap, the sizing
 * modes and their rounding, the settings document (checked by app/http's
 * shared validator against copy_settings_fields), the relationship's state
 * and the simulation. docs/copy.md is the
 * reference the expected figures are worked out from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "copy/copy.h"

/* The brands' default: 5 % hard cap, 1.00 minimum stake, no maximum. */
static const struct copy_limits LIM = { 500, 100, 0 };

static struct copy_settings
mode_settings(enum copy_mode mode, int64_t amount)
{
	struct copy_settings s;

	copy_settings_defaults(&s);
	s.mode = mode;
	if (mode == COPY_FIXED_AMOUNT)
		s.fixed_amount = amount;
	else if (mode == COPY_PERCENTAGE)
		s.percentage_bp = (int32_t)amount;
	return s;
}

static struct copy_original
bet(int64_t stake, int32_t odds)
{
	struct copy_original o;

	memset(&o, 0, sizeof(o));
	o.stake = stake;
	o.odds = odds;
	o.sport = "football";
	o.market_kind = "moneyline";
	return o;
}

/* copy_decide at the trader's price, a fresh state, bankroll all in cash */
static struct copy_decision
decide(const struct copy_settings *s, const struct copy_limits *lim, const struct copy_original *o,
    int64_t bankroll)
{
	struct copy_state st;
	struct copy_follower f = { bankroll, bankroll };
	struct copy_decision d;

	memset(&st, 0, sizeof(st));
	copy_decide(s, lim, o, o->odds, &st, &f, &d);
	return d;
}

static json_t *
parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);

	if (j == NULL)
		fail_msg("bad test JSON %s: %s", text, e.text);
	return j;
}

/* The arena the settings' errors live in: reset before each reading, so
 * that a test reads the errors of its last one. */
static struct arena *
errs_arena(void)
{
	static struct arena *a;

	if (a == NULL)
		a = arena_new(4096);
	else
		arena_reset(a);
	return a;
}

/* Applies a JSON text over *s (any well-formed sport key); returns what
 * copy_settings_apply returned. */
static int
apply(struct copy_settings *s, const char *text, struct copy_errors *errs)
{
	json_t *j = parse(text);
	int r = copy_settings_apply(errs_arena(), s, j, NULL, errs);

	json_decref(j);
	return r;
}

static int
settings_equal(const struct copy_settings *a, const struct copy_settings *b)
{
	if (a->mode != b->mode || a->fixed_amount != b->fixed_amount ||
	    a->percentage_bp != b->percentage_bp ||
	    a->kelly_scaling_milli != b->kelly_scaling_milli || a->nsports != b->nsports ||
	    a->min_odds != b->min_odds || a->max_odds != b->max_odds ||
	    a->has_min_edge != b->has_min_edge || a->min_edge_bp != b->min_edge_bp ||
	    a->nbet_types != b->nbet_types || a->max_bet_size != b->max_bet_size ||
	    a->daily_loss_limit != b->daily_loss_limit ||
	    a->monthly_loss_limit != b->monthly_loss_limit ||
	    a->copy_delay_seconds != b->copy_delay_seconds ||
	    a->auto_copy_enabled != b->auto_copy_enabled ||
	    a->stop_drawdown_bp != b->stop_drawdown_bp || a->reduce_streak != b->reduce_streak ||
	    a->take_profit != b->take_profit || a->has_max_slippage != b->has_max_slippage ||
	    a->max_slippage_bp != b->max_slippage_bp)
		return 0;
	for (size_t i = 0; i < a->nsports; i++)
		if (strcmp(a->sports[i], b->sports[i]) != 0)
			return 0;
	for (size_t i = 0; i < a->nbet_types; i++)
		if (strcmp(a->bet_types[i], b->bet_types[i]) != 0)
			return 0;
	return 1;
}

/* ---- the specification's tests ---- */

/* test_copy_trading_workflow: 2 % of a 1,000.00 bankroll, max_bet_size
 * 50.00, against a 100.00 bet at 2.0: the copy is 20.00. */
static void
test_spec_workflow(void **state)
{
	struct copy_settings s;
	struct copy_errors errs;
	struct copy_original o = bet(10000, 2000);
	struct copy_decision d;

	(void)state;
	copy_settings_defaults(&s);
	assert_int_equal(apply(&s,
	                     "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 2.0,"
	                     " \"max_bet_size\": 50.0}",
	                     &errs),
	    0);
	assert_int_equal(s.percentage_bp, 200);
	assert_int_equal(s.max_bet_size, 5000);
	o.sport = "american_football";
	d = decide(&s, &LIM, &o, 100000);
	assert_int_equal(d.skip, COPY_OK);
	assert_int_equal(d.amount, 2000);
	assert_int_equal(d.sized, 2000);
	assert_null(d.capped_by);
	assert_int_equal(d.reduced, 0);
	assert_int_equal(copy_ratio_bp(d.amount, o.stake), 2000); /* 0.2 of the original */
}

/* test_copy_trading_security: 50 % of the bankroll against a 10,000.00 bet
 * at 1.10 is held to the 5 % hard cap: 50.00 of 1,000.00. */
static void
test_spec_security(void **state)
{
	struct copy_settings s;
	struct copy_errors errs;
	struct copy_original o = bet(1000000, 1100);
	struct copy_decision d;

	(void)state;
	copy_settings_defaults(&s);
	assert_int_equal(
	    apply(&s, "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 50.0}", &errs),
	    0);
	d = decide(&s, &LIM, &o, 100000);
	assert_int_equal(d.skip, COPY_OK);
	assert_int_equal(d.sized, 50000);
	assert_true(d.amount <= 100000 * 5 / 100);
	assert_int_equal(d.amount, 5000);
	assert_string_equal(d.capped_by, "hard_cap");
	/* proportional to a trader betting more than the whole bankroll: the
	 * same cap */
	s.mode = COPY_PROPORTIONAL;
	o.trader_bankroll = 100000;
	d = decide(&s, &LIM, &o, 100000);
	assert_int_equal(d.skip, COPY_OK);
	assert_int_equal(d.sized, 1000000);
	assert_int_equal(d.amount, 5000);
	assert_string_equal(d.capped_by, "hard_cap");
}

/* test_copy_trading_scalability: fixed 10.00 for 1,000 followers, every one
 * copied with 10.00 (every bankroll >= 200.00, so 5 % >= 10.00). */
static void
test_spec_scalability(void **state)
{
	struct copy_settings s;
	struct copy_errors errs;
	struct copy_original o = bet(10000, 2000);
	long copied = 0;

	(void)state;
	copy_settings_defaults(&s);
	assert_int_equal(
	    apply(&s, "{\"copy_mode\": \"fixed_amount\", \"fixed_amount\": 10.0}", &errs), 0);
	for (int i = 0; i < 1000; i++) {
		int64_t bankroll = 20000 + (int64_t)i * 7919 % 5000000; /* 200.00 .. 50,200.00 */
		struct copy_state st;
		struct copy_follower f = { bankroll, bankroll - i % 3 * 100 }; /* some in play */
		struct copy_decision d;

		memset(&st, 0, sizeof(st));
		st.start_bankroll = bankroll;
		copy_decide(&s, &LIM, &o, o.odds, &st, &f, &d);
		assert_int_equal(d.skip, COPY_OK);
		assert_int_equal(d.amount, 1000);
		copied++;
	}
	assert_int_equal(copied, 1000);
}

/* ---- every skip reason, and the order of the checks ---- */

static void
test_skip_each_reason(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_original o = bet(10000, 2000);
	struct copy_state st;
	struct copy_follower f = { 100000, 100000 };
	struct copy_decision d;

	(void)state;
	memset(&st, 0, sizeof(st));
#define EXPECT(odds, reason)                                    \
	do {                                                    \
		copy_decide(&s, &LIM, &o, (odds), &st, &f, &d); \
		assert_int_equal(d.skip, (reason));             \
		if ((reason) != COPY_OK)                        \
			assert_int_equal(d.amount, 0);          \
	} while (0)

	EXPECT(2000, COPY_OK);
	s.auto_copy_enabled = 0;
	EXPECT(2000, COPY_SKIP_AUTO_OFF);
	s.auto_copy_enabled = 1;

	snprintf(s.sports[0], COPY_KEY_LEN, "%s", "tennis");
	snprintf(s.sports[1], COPY_KEY_LEN, "%s", "basketball");
	s.nsports = 2;
	EXPECT(2000, COPY_SKIP_SPORT);
	o.sport = NULL; /* a bet without a sport is not in any list */
	EXPECT(2000, COPY_SKIP_SPORT);
	o.sport = "basket"; /* exact keys, no prefixes */
	EXPECT(2000, COPY_SKIP_SPORT);
	o.sport = "basketball";
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);

	snprintf(s.bet_types[0], COPY_KEY_LEN, "%s", "total");
	s.nbet_types = 1;
	EXPECT(2000, COPY_SKIP_BET_TYPE);
	o.market_kind = "total";
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);

	s.min_odds = 1800;
	s.max_odds = 2500;
	EXPECT(1799, COPY_SKIP_ODDS_LOW);
	EXPECT(2501, COPY_SKIP_ODDS_HIGH);
	copy_decide(&s, &LIM, &o, 1800, &st, &f, &d); /* both bounds inclusive */
	assert_int_equal(d.skip, COPY_OK);
	copy_decide(&s, &LIM, &o, 2500, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);

	s.has_min_edge = 1;
	s.min_edge_bp = 0;
	EXPECT(2000, COPY_SKIP_NO_PROBABILITY);
	o.win_probability_bp = 10001; /* not a probability */
	EXPECT(2000, COPY_SKIP_NO_PROBABILITY);
	o.win_probability_bp = 4900; /* 0.49 x 2.0 - 1 = -0.02 */
	EXPECT(2000, COPY_SKIP_EDGE);
	o.win_probability_bp = 5500; /* +0.10 */

	s.has_max_slippage = 1;
	s.max_slippage_bp = 400;
	EXPECT(1900, COPY_SKIP_SLIPPAGE); /* 5 % worse than 2.00 */

	s.daily_loss_limit = 5000;
	st.day_pnl = -5000;
	EXPECT(2000, COPY_SKIP_DAILY_LOSS);
	st.day_pnl = 0;
	s.monthly_loss_limit = 20000;
	st.month_pnl = -20001;
	EXPECT(2000, COPY_SKIP_MONTHLY_LOSS);
	st.month_pnl = 0;

	s.mode = COPY_KELLY;
	o.win_probability_bp = 5000; /* fair at 2.00: no edge */
	s.has_min_edge = 0;
	EXPECT(2000, COPY_SKIP_NO_EDGE);
	o.win_probability_bp = 0;
	EXPECT(2000, COPY_SKIP_NO_PROBABILITY);

	s.mode = COPY_PROPORTIONAL;
	EXPECT(2000, COPY_SKIP_TRADER_BANKROLL);
	o.trader_bankroll = -1;
	EXPECT(2000, COPY_SKIP_TRADER_BANKROLL);
	o.trader_bankroll = 1000000;

	/* 10.00 of 100.00: 1 % of 1,000.00 is 10.00, but a 20.00 minimum */
	{
		struct copy_limits lim = { 500, 2000, 0 };

		copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
		assert_int_equal(d.skip, COPY_SKIP_BELOW_MIN_STAKE);
		assert_int_equal(d.sized, 1000);
		f.cash = 1999;
		copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
		assert_int_equal(d.skip, COPY_SKIP_NO_CASH);
		f.cash = 100000;
	}
#undef EXPECT
}

/* The first failing check decides: with everything failing, each reason
 * shows once all the earlier ones are put right. */
static void
test_skip_order(void **state)
{
	struct copy_settings s = mode_settings(COPY_KELLY, 0);
	struct copy_original o = bet(10000, 2000);
	struct copy_state st;
	struct copy_follower f = { 100000, 0 };
	struct copy_decision d;

	(void)state;
	memset(&st, 0, sizeof(st));
	s.auto_copy_enabled = 0;
	snprintf(s.sports[0], COPY_KEY_LEN, "%s", "tennis");
	s.nsports = 1;
	snprintf(s.bet_types[0], COPY_KEY_LEN, "%s", "total");
	s.nbet_types = 1;
	s.min_odds = 3000;
	s.has_min_edge = 1;
	s.min_edge_bp = 100;
	s.has_max_slippage = 1;
	s.max_slippage_bp = 0;
	s.daily_loss_limit = 100;
	s.monthly_loss_limit = 100;
	st.day_pnl = st.month_pnl = -100;

	static const enum copy_skip order[] = {
		COPY_SKIP_AUTO_OFF,
		COPY_SKIP_SPORT,
		COPY_SKIP_BET_TYPE,
		COPY_SKIP_ODDS_LOW,
		COPY_SKIP_ODDS_HIGH,
		COPY_SKIP_NO_PROBABILITY,
		COPY_SKIP_EDGE,
		COPY_SKIP_SLIPPAGE,
		COPY_SKIP_DAILY_LOSS,
		COPY_SKIP_MONTHLY_LOSS,
		COPY_SKIP_NO_EDGE,
		COPY_SKIP_NO_CASH,
	};
	int32_t copy_odds = 1900;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		copy_decide(&s, &LIM, &o, copy_odds, &st, &f, &d);
		assert_int_equal(d.skip, order[i]);
		switch (order[i]) {
		case COPY_SKIP_AUTO_OFF:
			s.auto_copy_enabled = 1;
			break;
		case COPY_SKIP_SPORT:
			s.nsports = 0;
			break;
		case COPY_SKIP_BET_TYPE:
			s.nbet_types = 0;
			break;
		case COPY_SKIP_ODDS_LOW:
			s.min_odds = 0;
			s.max_odds = 1500;
			break;
		case COPY_SKIP_ODDS_HIGH:
			s.max_odds = 0;
			break;
		case COPY_SKIP_NO_PROBABILITY:
			o.win_probability_bp = 5000;
			break;
		case COPY_SKIP_EDGE:
			s.has_min_edge = 0;
			break;
		case COPY_SKIP_SLIPPAGE:
			s.has_max_slippage = 0;
			break;
		case COPY_SKIP_DAILY_LOSS:
			s.daily_loss_limit = 0;
			break;
		case COPY_SKIP_MONTHLY_LOSS:
			s.monthly_loss_limit = 0;
			break;
		case COPY_SKIP_NO_EDGE:
			o.win_probability_bp = 6000;
			break;
		default:
			break;
		}
	}
	f.cash = 100000;
	copy_decide(&s, &LIM, &o, copy_odds, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);
}

/* The odds range, the edge and Kelly use the copy's price; slippage
 * compares it with the trader's. */
static void
test_filters_at_copy_price(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_original o = bet(10000, 2100);
	struct copy_state st;
	struct copy_follower f = { 100000, 100000 };
	struct copy_decision d;

	(void)state;
	memset(&st, 0, sizeof(st));
	s.min_odds = 2000;
	copy_decide(&s, &LIM, &o, 1990, &st, &f, &d); /* the trader had 2.10 */
	assert_int_equal(d.skip, COPY_SKIP_ODDS_LOW);
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);
	s.min_odds = 0;
	s.max_odds = 2100;
	o.odds = 2000;
	copy_decide(&s, &LIM, &o, 2101, &st, &f, &d); /* a better price can leave the range */
	assert_int_equal(d.skip, COPY_SKIP_ODDS_HIGH);
}

static void
test_edge(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_original o = bet(10000, 2100);
	struct copy_state st;
	struct copy_follower f = { 100000, 100000 };
	struct copy_decision d;
	static const struct {
		int32_t p, odds, min_edge;
		enum copy_skip want;
	} cases[] = {
		{ 5000, 2100, 500, COPY_OK }, /* 0.5 x 2.1 - 1 = +0.05 exactly */
		{ 5000, 2100, 501, COPY_SKIP_EDGE },
		{ 5000, 2080, 500, COPY_SKIP_EDGE }, /* the copy's price, not the trader's */
		{ 3333, 3001, 2, COPY_OK },          /* 1.0002333: floor 2 bp */
		{ 3333, 3001, 3, COPY_SKIP_EDGE },
		{ 4500, 2000, -1000, COPY_OK }, /* -0.10: a negative minimum */
		{ 4500, 2000, -999, COPY_SKIP_EDGE },
		{ 10000, ODDS_MAX, 100000, COPY_OK }, /* edge 999 = 9,990,000 bp */
		{ 5000, 2000, 1, COPY_SKIP_EDGE },    /* a fair price has no edge */
		{ 1, ODDS_MIN, -9999, COPY_OK },      /* floor(1.001) - 10000 = -9999 */
		{ 1, ODDS_MIN, -9998, COPY_SKIP_EDGE },
	};

	(void)state;
	memset(&st, 0, sizeof(st));
	s.has_min_edge = 1;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		o.win_probability_bp = cases[i].p;
		s.min_edge_bp = cases[i].min_edge;
		copy_decide(&s, &LIM, &o, cases[i].odds, &st, &f, &d);
		assert_int_equal(d.skip, cases[i].want);
	}
}

static void
test_slippage(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_original o = bet(10000, 2000);
	struct copy_state st;
	struct copy_follower f = { 100000, 100000 };
	struct copy_decision d;
	static const struct {
		int32_t orig, copy, max;
		enum copy_skip want;
	} cases[] = {
		{ 2000, 1900, 500, COPY_OK }, /* exactly 5 % worse */
		{ 2000, 1900, 499, COPY_SKIP_SLIPPAGE },
		{ 2100, 1999, 480, COPY_OK }, /* 4.8095 %: floor 480 bp */
		{ 2100, 1999, 479, COPY_SKIP_SLIPPAGE },
		{ 2000, 1999, 0, COPY_SKIP_SLIPPAGE }, /* 0: any worse price */
		{ 2000, 1999, 5, COPY_OK },            /* 0.05 % */
		{ 2000, 2000, 0, COPY_OK },
		{ 2000, 5000, 0, COPY_OK }, /* better prices never skip */
		{ ODDS_MAX, ODDS_MIN, 9988, COPY_SKIP_SLIPPAGE },
		{ ODDS_MAX, ODDS_MIN, 9989, COPY_OK }, /* 99.8999 %: floor 9989 bp */
	};

	(void)state;
	memset(&st, 0, sizeof(st));
	s.has_max_slippage = 1;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		o.odds = cases[i].orig;
		s.max_slippage_bp = cases[i].max;
		copy_decide(&s, &LIM, &o, cases[i].copy, &st, &f, &d);
		assert_int_equal(d.skip, cases[i].want);
	}
	/* off: anything goes */
	s.has_max_slippage = 0;
	s.max_slippage_bp = 0;
	o.odds = 2000;
	copy_decide(&s, &LIM, &o, 1100, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);
}

static void
test_loss_limits(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_original o = bet(10000, 2000);
	struct copy_state st;
	struct copy_follower f = { 100000, 100000 };
	struct copy_decision d;

	(void)state;
	memset(&st, 0, sizeof(st));
	s.daily_loss_limit = 5000;
	s.monthly_loss_limit = 8000;
	st.day_pnl = -4999; /* one minor unit short */
	st.month_pnl = -7999;
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);
	st.day_pnl = -5000; /* reached */
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_DAILY_LOSS);
	st.day_pnl = -9000;
	st.month_pnl = -9000; /* daily is checked first */
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_DAILY_LOSS);
	st.day_pnl = 3000;
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_MONTHLY_LOSS);
	st.month_pnl = 10000; /* profits never skip */
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);
	/* 0: no limit, whatever was lost */
	s.daily_loss_limit = s.monthly_loss_limit = 0;
	st.day_pnl = st.month_pnl = -MONEY_MAX;
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_OK);
}

/* ---- sizing ---- */

/* A 100 % hard cap so that the mode's own size shows. */
static const struct copy_limits OPEN = { 10000, 1, 0 };

static void
test_size_fixed(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_original o = bet(10000, 2000);
	struct copy_decision d;

	(void)state;
	d = decide(&s, &OPEN, &o, 20000); /* 5 % of 200.00 = 10.00: not lowered */
	assert_int_equal(d.amount, 1000);
	assert_null(d.capped_by);
	d = decide(&s, &OPEN, &o, 19999); /* 9.9995: down to 9.99, and it says so */
	assert_int_equal(d.sized, 1000);  /* sized: the amount asked, before the cap */
	assert_int_equal(d.amount, 999);
	assert_string_equal(d.capped_by, "hard_cap");
	d = decide(&s, &OPEN, &o, 1000000); /* the fixed amount, not 5 % */
	assert_int_equal(d.amount, 1000);
	assert_null(d.capped_by);
	/* the specification's 5 % holds even under a looser brand cap, and is
	 * reported as the cap that bound (20.00 asked of 250.00: 12.50) */
	s.fixed_amount = 2000;
	d = decide(&s, &OPEN, &o, 25000);
	assert_int_equal(d.sized, 2000);
	assert_int_equal(d.amount, 1250);
	assert_string_equal(d.capped_by, "hard_cap");
	s.fixed_amount = 100000;
	d = decide(&s, &OPEN, &o, 100000);
	assert_int_equal(d.sized, 100000);
	assert_int_equal(d.amount, 5000);
	assert_string_equal(d.capped_by, "hard_cap");
	/* 19 minor units: 5 % is 0.95 of a unit, nothing to stake */
	d = decide(&s, &OPEN, &o, 19);
	assert_int_equal(d.sized, 100000);
	assert_int_equal(d.skip, COPY_SKIP_BELOW_MIN_STAKE);
	d = decide(&s, &OPEN, &o, 20);
	assert_int_equal(d.skip, COPY_OK);
	assert_int_equal(d.amount, 1);
}

/* How a stake came about, in the follower's words (/copy). */
static void
test_sizing_words(void **state)
{
	struct arena *a = arena_new(4096);

	(void)state;
	/* the fixed amount's 5 % under a brand cap of 5 % or 10 % */
	assert_string_equal(copy_sizing_words(a, 2000, 1250, "hard_cap", 0, 25000, 0, 500),
	    "20.00 asked, cut to 12.50 by the 5 % hard cap");
	assert_string_equal(copy_sizing_words(a, 2000, 1250, "hard_cap", 0, 25000, 0, 1000),
	    "20.00 asked, cut to 12.50 by the 5 % hard cap");
	assert_string_equal(copy_sizing_words(a, 50000, 2500, "hard_cap", 0, 100000, 0, 250),
	    "500.00 asked, cut to 25.00 by the 2.50 % hard cap");
	assert_string_equal(copy_sizing_words(a, 3000, 2000, "max_bet_size", 1, 100000, 0, 500),
	    "30.00 asked, cut to 20.00 by your maximum bet size after the losing-streak reduction");
	assert_string_equal(copy_sizing_words(a, 3000, 1500, NULL, 1, 100000, 0, 500),
	    "30.00 asked, 15.00 after the losing-streak reduction");
	assert_string_equal(copy_sizing_words(a, 1000, 800, "cash", 0, 100000, 400000, 500),
	    "10.00 asked, cut to 8.00 by the cash in your wallet; sized on the trader's 4000.00 "
	    "bankroll");
	assert_null(copy_sizing_words(a, 1000, 1000, "", 0, 100000, 0, 500));
	arena_free(a);
}

static void
test_size_percentage(void **state)
{
	struct copy_settings s = mode_settings(COPY_PERCENTAGE, 200);
	struct copy_original o = bet(10000, 2000);
	struct copy_decision d;

	(void)state;
	d = decide(&s, &OPEN, &o, 99999); /* 1,999.98 minor units: 1,999 */
	assert_int_equal(d.sized, 1999);
	d = decide(&s, &OPEN, &o, 50); /* 1.00 minor unit exactly */
	assert_int_equal(d.amount, 1);
	d = decide(&s, &OPEN, &o, 49); /* 0.98: nothing */
	assert_int_equal(d.skip, COPY_SKIP_BELOW_MIN_STAKE);
	s.percentage_bp = 10000;
	d = decide(&s, &OPEN, &o, 123457);
	assert_int_equal(d.amount, 123457);
	s.percentage_bp = 1; /* 0.01 % */
	d = decide(&s, &OPEN, &o, 129999);
	assert_int_equal(d.sized, 12);
}

static void
test_size_proportional(void **state)
{
	struct copy_settings s = mode_settings(COPY_PROPORTIONAL, 0);
	struct copy_original o = bet(2500, 2000);
	struct copy_decision d;

	(void)state;
	o.trader_bankroll = 333333;        /* the trader staked 0.75 % */
	d = decide(&s, &OPEN, &o, 100000); /* 750.0007: 750 */
	assert_int_equal(d.skip, COPY_OK);
	assert_int_equal(d.amount, 750);
	o.trader_bankroll = 250000; /* exactly 1 % */
	d = decide(&s, &OPEN, &o, 99999);
	assert_int_equal(d.amount, 999);
	o.trader_bankroll = 0;
	d = decide(&s, &OPEN, &o, 100000);
	assert_int_equal(d.skip, COPY_SKIP_TRADER_BANKROLL);
	assert_int_equal(d.sized, 0);
}

static void
test_size_kelly(void **state)
{
	struct copy_settings s = mode_settings(COPY_KELLY, 0);
	struct copy_original o = bet(10000, 2200);
	struct copy_decision d;

	(void)state;
	o.win_probability_bp = 5500;
	/* at the copy's 2.00: f = (0.55 x 2 - 1) / 1 = 0.10 */
	{
		struct copy_state st;
		struct copy_follower f = { 100000, 100000 };

		memset(&st, 0, sizeof(st));
		copy_decide(&s, &OPEN, &o, 2000, &st, &f, &d);
		assert_int_equal(d.skip, COPY_OK);
		assert_int_equal(d.sized, 10000);
		/* at the trader's 2.20 it would have been (1.21 - 1) / 1.2 = 0.175 */
		copy_decide(&s, &OPEN, &o, 2200, &st, &f, &d);
		assert_int_equal(d.sized, 17500);
		s.kelly_scaling_milli = 500; /* half Kelly */
		copy_decide(&s, &OPEN, &o, 2000, &st, &f, &d);
		assert_int_equal(d.sized, 5000);
		/* the brand's 5 % still caps a big Kelly fraction */
		s.kelly_scaling_milli = 1000;
		copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
		assert_int_equal(d.sized, 10000);
		assert_int_equal(d.amount, 5000);
		assert_string_equal(d.capped_by, "hard_cap");
	}
	/* rounding: f = 0.02, 12345 x 0.02 = 246.9 -> 246; x 0.333 = 82.2 -> 82 */
	o = bet(10000, 2000);
	o.win_probability_bp = 5100;
	d = decide(&s, &OPEN, &o, 12345);
	assert_int_equal(d.sized, 246);
	s.kelly_scaling_milli = 333;
	d = decide(&s, &OPEN, &o, 12345);
	assert_int_equal(d.sized, 82);
	/* an edge too thin for a unit: f x B < 1 */
	s.kelly_scaling_milli = 1;
	d = decide(&s, &OPEN, &o, 12345);
	assert_int_equal(d.sized, 0);
	assert_int_equal(d.skip, COPY_SKIP_BELOW_MIN_STAKE);
	/* no edge, a negative one, and odds that cannot win anything */
	s.kelly_scaling_milli = 1000;
	o.win_probability_bp = 5000;
	assert_int_equal(decide(&s, &OPEN, &o, 100000).skip, COPY_SKIP_NO_EDGE);
	o.win_probability_bp = 4000;
	assert_int_equal(decide(&s, &OPEN, &o, 100000).skip, COPY_SKIP_NO_EDGE);
	o.win_probability_bp = 10000;
	o.odds = 1000;
	assert_int_equal(decide(&s, &OPEN, &o, 100000).skip, COPY_SKIP_NO_EDGE);
	/* certainty at any real price is the whole bankroll */
	o.odds = ODDS_MIN;
	d = decide(&s, &OPEN, &o, 100000);
	assert_int_equal(d.sized, 100000);
}

static void
test_losing_streak(void **state)
{
	struct copy_settings s = mode_settings(COPY_PERCENTAGE, 1001);
	struct copy_original o = bet(10000, 2000);
	struct copy_state st;
	struct copy_follower f = { 100000, 100000 };
	struct copy_decision d;
	static const struct {
		int streak;
		int64_t amount;
		int reduced;
	} cases[] = {
		{ 0, 10010, 0 },
		{ 4, 10010, 0 },
		{ 5, 5005, 1 },
		{ 9, 5005, 1 },
		{ 10, 2502, 1 }, /* 10010 / 4 = 2502.5: down */
		{ 14, 2502, 1 },
		{ 15, 1251, 1 },
		{ 20, 1251, 1 },
		{ 100, 1251, 1 },
		{ 1000000, 1251, 1 },
	};

	(void)state;
	memset(&st, 0, sizeof(st));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		st.losing_streak = cases[i].streak;
		copy_decide(&s, &OPEN, &o, 2000, &st, &f, &d);
		assert_int_equal(d.skip, COPY_OK);
		assert_int_equal(d.sized, 10010); /* sized is before the reduction */
		assert_int_equal(d.amount, cases[i].amount);
		assert_int_equal(d.reduced, cases[i].reduced);
	}
	/* 0: never reduce */
	s.reduce_streak = 0;
	st.losing_streak = 50;
	copy_decide(&s, &OPEN, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 10010);
	assert_int_equal(d.reduced, 0);
	/* the reduction comes before the caps: 5 % of 1,000.00 halved is under
	 * the hard cap */
	s.reduce_streak = 1;
	st.losing_streak = 1;
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 5000);
	assert_string_equal(d.capped_by, "hard_cap");
	st.losing_streak = 2;
	copy_decide(&s, &LIM, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 2502);
	assert_null(d.capped_by);
}

/* ---- caps ---- */

static void
test_caps(void **state)
{
	struct copy_settings s = mode_settings(COPY_PERCENTAGE, 1000); /* 10 % */
	struct copy_original o = bet(10000, 2000);
	struct copy_limits lim = { 500, 100, 0 };
	struct copy_state st;
	struct copy_follower f = { 100000, 100000 };
	struct copy_decision d;

	(void)state;
	memset(&st, 0, sizeof(st));
	/* 10 % = 100.00; max_bet_size 80.00; hard cap 50.00: the last cap that
	 * lowered it is named */
	s.max_bet_size = 8000;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 5000);
	assert_string_equal(d.capped_by, "hard_cap");
	/* max_bet_size alone */
	s.max_bet_size = 3000;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 3000);
	assert_string_equal(d.capped_by, "max_bet_size");
	/* equal to a cap is not capped */
	s.max_bet_size = 10000;
	lim.hard_cap_bp = 1000;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 10000);
	assert_null(d.capped_by);
	/* cash: most of the bankroll in play */
	f.cash = 4321;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 4321);
	assert_string_equal(d.capped_by, "cash");
	/* the brand's max stake after all of them */
	lim.max_stake = 4000;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 4000);
	assert_string_equal(d.capped_by, "max_stake");
	/* max_bet_size, then hard cap, then cash each lowering it */
	f.cash = 6000;
	lim.max_stake = 0;
	lim.hard_cap_bp = 700;
	s.max_bet_size = 9000;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 6000);
	assert_string_equal(d.capped_by, "cash");
	/* hard cap rounds down: 5 % of 999.99 is 49.9995 */
	lim.hard_cap_bp = 500;
	s.max_bet_size = 0;
	f.bankroll = f.cash = 99999;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.amount, 4999);
	assert_string_equal(d.capped_by, "hard_cap");
	/* a brand with a 0 % cap copies nothing */
	lim.hard_cap_bp = 0;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_BELOW_MIN_STAKE);
	assert_string_equal(d.capped_by, "hard_cap");
}

static void
test_min_stake(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_original o = bet(10000, 2000);
	struct copy_limits lim = { 500, 1000, 0 };
	struct copy_state st;
	struct copy_follower f = { 100000, 1000 };
	struct copy_decision d;

	(void)state;
	memset(&st, 0, sizeof(st));
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d); /* exactly the minimum */
	assert_int_equal(d.skip, COPY_OK);
	assert_int_equal(d.amount, 1000);
	f.cash = 999; /* one unit short, in cash */
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_NO_CASH);
	assert_int_equal(d.amount, 0);
	assert_string_equal(d.capped_by, "cash");
	f.cash = 100000;
	s.fixed_amount = 999; /* one unit short, sized */
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_BELOW_MIN_STAKE);
	assert_int_equal(d.sized, 999);
	/* no minimum: still never a stake of 0 */
	lim.min_stake = 0;
	f.bankroll = 19;
	f.cash = 19;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_BELOW_MIN_STAKE);
	f.cash = 0;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_NO_CASH);
	/* a negative bankroll or cash (never in the ledger) counts as none */
	f.bankroll = -100000;
	f.cash = -5;
	copy_decide(&s, &lim, &o, 2000, &st, &f, &d);
	assert_int_equal(d.skip, COPY_SKIP_NO_CASH);
}

/* MONEY_MAX (and beyond) bankrolls at ODDS_MAX: no overflow anywhere. */
static void
test_overflow(void **state)
{
	struct copy_settings s = mode_settings(COPY_PERCENTAGE, 10000);
	struct copy_original o = bet(MONEY_MAX, ODDS_MAX);
	struct copy_decision d;

	(void)state;
	d = decide(&s, &OPEN, &o, MONEY_MAX);
	assert_int_equal(d.sized, MONEY_MAX);
	assert_int_equal(d.amount, MONEY_MAX);
	d = decide(&s, &LIM, &o, MONEY_MAX);
	assert_int_equal(d.amount, MONEY_MAX / 20);
	s.mode = COPY_KELLY;
	o.win_probability_bp = 10000;
	d = decide(&s, &OPEN, &o, MONEY_MAX);
	assert_int_equal(d.sized, MONEY_MAX);
	o.win_probability_bp = 1; /* 0.0001 x 1000 = 0.1: no edge */
	assert_int_equal(decide(&s, &OPEN, &o, MONEY_MAX).skip, COPY_SKIP_NO_EDGE);
	o.win_probability_bp = 11; /* (1.1 - 1) / 999 */
	d = decide(&s, &OPEN, &o, MONEY_MAX);
	assert_int_equal(d.sized, 10010010010LL); /* 10^14 x 10^6 / (9.99 x 10^9) */
	s.mode = COPY_FIXED_AMOUNT;
	s.fixed_amount = MONEY_MAX;
	d = decide(&s, &OPEN, &o, MONEY_MAX);
	assert_int_equal(d.amount, MONEY_MAX / 20);
	/* past MONEY_MAX too: int64's own limits */
	s.mode = COPY_PROPORTIONAL;
	o.stake = INT64_MAX;
	o.trader_bankroll = 1;
	d = decide(&s, &OPEN, &o, INT64_MAX);
	assert_int_equal(d.sized, INT64_MAX);
	assert_int_equal(d.amount, INT64_MAX);
	d = decide(&s, &LIM, &o, INT64_MAX);
	assert_int_equal(d.amount, INT64_MAX / 20); /* x 500 / 10000, exactly */
	s.mode = COPY_PERCENTAGE;
	s.percentage_bp = 10000;
	d = decide(&s, &OPEN, &o, INT64_MAX);
	assert_int_equal(d.amount, INT64_MAX);
}

static void
test_ratio(void **state)
{
	(void)state;
	assert_int_equal(copy_ratio_bp(2000, 10000), 2000);
	assert_int_equal(copy_ratio_bp(10000, 10000), 10000);
	assert_int_equal(copy_ratio_bp(1, 3), 3333);  /* 3333.33 */
	assert_int_equal(copy_ratio_bp(2, 3), 6667);  /* 6666.67 */
	assert_int_equal(copy_ratio_bp(1, 20000), 1); /* 0.5: half up */
	assert_int_equal(copy_ratio_bp(1, 20001), 0); /* 0.49998 */
	assert_int_equal(copy_ratio_bp(1, 40000), 0);
	assert_int_equal(copy_ratio_bp(3, 8), 3750);
	assert_int_equal(copy_ratio_bp(1, 16), 625);
	assert_int_equal(copy_ratio_bp(1, 32), 313); /* 312.5 */
	assert_int_equal(copy_ratio_bp(999, 1), 9990000);
	assert_int_equal(copy_ratio_bp(1000, 1), 9999999); /* capped */
	assert_int_equal(copy_ratio_bp(MONEY_MAX, 1), 9999999);
	assert_int_equal(copy_ratio_bp(INT64_MAX, INT64_MAX), 10000);
	assert_int_equal(copy_ratio_bp(INT64_MAX, 1), 9999999);
	assert_int_equal(copy_ratio_bp(1, INT64_MAX), 0);
	assert_int_equal(copy_ratio_bp(100, 0), 0);
	assert_int_equal(copy_ratio_bp(100, -5), 0);
	assert_int_equal(copy_ratio_bp(0, 100), 0);
	assert_int_equal(copy_ratio_bp(-100, 100), 0);
}

/* ---- state after a settlement, and stopping ---- */

static void
test_state_settle(void **state)
{
	struct copy_state st;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.start_bankroll = 100000;
	copy_state_settle(&st, -1000, BETS_LOST, 0, 0);
	assert_int_equal(st.realised_pnl, -1000);
	assert_int_equal(st.peak_pnl, 0); /* the peak starts at 0 */
	assert_int_equal(st.day_pnl, -1000);
	assert_int_equal(st.month_pnl, -1000);
	assert_int_equal(st.losing_streak, 1);
	copy_state_settle(&st, -500, BETS_HALF_LOST, 1, 1);
	assert_int_equal(st.day_pnl, -1500);
	assert_int_equal(st.month_pnl, -1500);
	assert_int_equal(st.losing_streak, 2);
	copy_state_settle(&st, 0, BETS_PUSH, 1, 1); /* neither */
	assert_int_equal(st.losing_streak, 2);
	copy_state_settle(&st, 0, BETS_VOID, 0, 1); /* a new day */
	assert_int_equal(st.losing_streak, 2);
	assert_int_equal(st.day_pnl, 0);
	assert_int_equal(st.month_pnl, -1500);
	copy_state_settle(&st, 4000, BETS_WON, 1, 1);
	assert_int_equal(st.losing_streak, 0);
	assert_int_equal(st.realised_pnl, 2500);
	assert_int_equal(st.peak_pnl, 2500);
	assert_int_equal(st.day_pnl, 4000);
	assert_int_equal(st.month_pnl, 2500);
	copy_state_settle(&st, -700, BETS_LOST, 1, 0); /* a new month */
	assert_int_equal(st.losing_streak, 1);
	assert_int_equal(st.peak_pnl, 2500);
	assert_int_equal(st.realised_pnl, 1800);
	assert_int_equal(st.day_pnl, 3300);
	assert_int_equal(st.month_pnl, -700);
	copy_state_settle(&st, 300, BETS_HALF_WON, 1, 1);
	assert_int_equal(st.losing_streak, 0);
	assert_int_equal(st.start_bankroll, 100000); /* never moves */
}

static void
test_should_stop(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_state st;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.start_bankroll = 100000;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_NONE);
	st.realised_pnl = -19999; /* 19.999 % */
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_NONE);
	st.realised_pnl = -20000; /* 20 % exactly */
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_DRAWDOWN);
	/* from the peak, not from the start: 110.00 -> 88.00 is 20 % */
	st.peak_pnl = 10000;
	st.realised_pnl = -12000;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_DRAWDOWN);
	st.realised_pnl = -11999;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_NONE);
	/* take profit first, when both hold */
	s.take_profit = 5000;
	st.peak_pnl = 100000;
	st.realised_pnl = 5000; /* 200,000 -> 105,000 */
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_TAKE_PROFIT);
	st.realised_pnl = 4999;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_DRAWDOWN);
	s.take_profit = 0;
	st.realised_pnl = 1000000;
	st.peak_pnl = 1000000;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_NONE);
	/* 100 %: only when everything is gone */
	s.stop_drawdown_bp = 10000;
	st.peak_pnl = 0;
	st.realised_pnl = -99999;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_NONE);
	st.realised_pnl = -100000;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_DRAWDOWN);
	/* nothing to measure against */
	st.start_bankroll = 0;
	st.realised_pnl = -5;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_NONE);
	/* extremes */
	s.stop_drawdown_bp = 1;
	st.start_bankroll = MONEY_MAX;
	st.peak_pnl = MONEY_MAX;
	st.realised_pnl = MONEY_MAX - 20000000000LL; /* 0.01 % of 2 x MONEY_MAX */
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_DRAWDOWN);
	st.realised_pnl++;
	assert_int_equal(copy_should_stop(&s, &st), COPY_STOP_NONE);
}

static void
test_names(void **state)
{
	static const char *const names[COPY_SKIP__COUNT] = {
		"copied",
		"auto_copy_off",
		"sport_filtered",
		"bet_type_filtered",
		"odds_below_min",
		"odds_above_max",
		"no_probability",
		"edge_below_min",
		"slippage",
		"daily_loss_limit",
		"monthly_loss_limit",
		"no_kelly_edge",
		"trader_bankroll_unknown",
		"below_min_stake",
		"insufficient_cash",
		"market_closed",
		"relationship_stopped",
		"paused",
		"follower_suspended",
	};
	enum copy_mode m;

	(void)state;
	for (int k = 0; k < COPY_SKIP__COUNT; k++) {
		assert_string_equal(copy_skip_name((enum copy_skip)k), names[k]);
		assert_true(copy_skip_label((enum copy_skip)k)[0] != '\0');
		for (int j = 0; j < k; j++)
			assert_string_not_equal(
			    copy_skip_label((enum copy_skip)k), copy_skip_label((enum copy_skip)j));
	}
	assert_string_equal(copy_skip_label(COPY_SKIP_SLIPPAGE), "Price moved too far");
	assert_string_equal(copy_skip_name(COPY_SKIP__COUNT), "unknown");
	assert_string_equal(copy_stop_name(COPY_STOP_NONE), "");
	assert_string_equal(copy_stop_name(COPY_STOP_DRAWDOWN), "drawdown");
	assert_string_equal(copy_stop_name(COPY_STOP_TAKE_PROFIT), "take_profit");
	assert_string_equal(copy_mode_name(COPY_FIXED_AMOUNT), "fixed_amount");
	assert_string_equal(copy_mode_name(COPY_PERCENTAGE), "percentage_of_bankroll");
	assert_string_equal(copy_mode_name(COPY_PROPORTIONAL), "proportional");
	assert_string_equal(copy_mode_name(COPY_KELLY), "kelly_scaled");
	assert_string_equal(copy_mode_name((enum copy_mode)0), "");
	assert_string_equal(copy_mode_name((enum copy_mode)5), "");
	for (int k = COPY_FIXED_AMOUNT; k <= COPY_KELLY; k++) {
		assert_int_equal(copy_mode_parse(copy_mode_name((enum copy_mode)k), &m), 0);
		assert_int_equal(m, k);
	}
	assert_int_equal(copy_mode_parse("percentage", &m), -1);
	assert_int_equal(copy_mode_parse("Fixed_Amount", &m), -1);
	assert_int_equal(copy_mode_parse("", &m), -1);
	assert_int_equal(copy_mode_parse(NULL, &m), -1);
}

/* ---- settings ---- */

static void
test_settings_defaults(void **state)
{
	struct copy_settings s;

	(void)state;
	memset(&s, 0x5a, sizeof(s));
	copy_settings_defaults(&s);
	assert_int_equal(s.mode, COPY_FIXED_AMOUNT);
	assert_int_equal(s.fixed_amount, 0);
	assert_int_equal(s.percentage_bp, 0);
	assert_int_equal(s.kelly_scaling_milli, 1000);
	assert_int_equal(s.nsports, 0);
	assert_int_equal(s.nbet_types, 0);
	assert_int_equal(s.min_odds, 0);
	assert_int_equal(s.max_odds, 0);
	assert_int_equal(s.has_min_edge, 0);
	assert_int_equal(s.max_bet_size, 0);
	assert_int_equal(s.daily_loss_limit, 0);
	assert_int_equal(s.monthly_loss_limit, 0);
	assert_int_equal(s.copy_delay_seconds, 0);
	assert_int_equal(s.auto_copy_enabled, 1);
	assert_int_equal(s.stop_drawdown_bp, 2000);
	assert_int_equal(s.reduce_streak, 5);
	assert_int_equal(s.take_profit, 0);
	assert_int_equal(s.has_max_slippage, 0);
}

/* The catalogue's sports, as copy_settings_read passes them. */
static const char *const SPORTS[] = { "football", "tennis", "basketball", NULL };

static void
test_settings_apply(void **state)
{
	struct copy_settings s, before;
	struct copy_errors errs;
	json_t *j;

	(void)state;
	copy_settings_defaults(&s);
	j = parse("{\"copy_mode\": \"kelly_scaled\", \"kelly_scaling_factor\": \"0.25\","
	          " \"sports_filter\": [\"tennis\", \"football\", \"tennis\"],"
	          " \"bet_types_filter\": [\"moneyline\", \"1x2\"], \"min_odds\": 1.5,"
	          " \"max_odds\": \"3.125\", \"min_edge\": -0.05, \"max_bet_size\": \"25.50\","
	          " \"daily_loss_limit\": 100, \"monthly_loss_limit\": 300.5,"
	          " \"copy_delay_seconds\": 300, \"auto_copy_enabled\": false,"
	          " \"stop_copying_if_drawdown\": 0.125, \"reduce_size_if_losing_streak\": 0,"
	          " \"take_profit\": \"1000\", \"max_slippage\": 2.5, \"fixed_amount\": \"12.34\","
	          " \"percentage\": \"0.01\"}");
	assert_int_equal(copy_settings_apply(errs_arena(), &s, j, SPORTS, &errs), 0);
	json_decref(j);
	assert_int_equal(errs.n, 0);
	assert_int_equal(s.mode, COPY_KELLY);
	assert_int_equal(s.kelly_scaling_milli, 250);
	assert_int_equal(s.nsports, 2); /* the repeated tennis dropped */
	assert_string_equal(s.sports[0], "tennis");
	assert_string_equal(s.sports[1], "football");
	assert_int_equal(s.nbet_types, 2);
	assert_string_equal(s.bet_types[1], "1x2");
	assert_int_equal(s.min_odds, 1500);
	assert_int_equal(s.max_odds, 3125);
	assert_int_equal(s.has_min_edge, 1);
	assert_int_equal(s.min_edge_bp, -500);
	assert_int_equal(s.max_bet_size, 2550);
	assert_int_equal(s.daily_loss_limit, 10000);
	assert_int_equal(s.monthly_loss_limit, 30050);
	assert_int_equal(s.copy_delay_seconds, 300);
	assert_int_equal(s.auto_copy_enabled, 0);
	assert_int_equal(s.stop_drawdown_bp, 1250);
	assert_int_equal(s.reduce_streak, 0);
	assert_int_equal(s.take_profit, 100000);
	assert_int_equal(s.has_max_slippage, 1);
	assert_int_equal(s.max_slippage_bp, 250);
	assert_int_equal(s.fixed_amount, 1234); /* kept, unused by kelly */
	assert_int_equal(s.percentage_bp, 1);

	/* nulls clear the optional settings; [] clears a filter */
	assert_int_equal(
	    apply(&s,
	        "{\"sports_filter\": null, \"bet_types_filter\": [], \"min_odds\": null,"
	        " \"max_odds\": null, \"min_edge\": null, \"max_bet_size\": null,"
	        " \"daily_loss_limit\": null, \"monthly_loss_limit\": null,"
	        " \"take_profit\": null, \"max_slippage\": null, \"fixed_amount\": null,"
	        " \"percentage\": null}",
	        &errs),
	    0);
	assert_int_equal(s.nsports, 0);
	assert_int_equal(s.nbet_types, 0);
	assert_int_equal(s.min_odds, 0);
	assert_int_equal(s.max_odds, 0);
	assert_int_equal(s.has_min_edge, 0);
	assert_int_equal(s.max_bet_size, 0);
	assert_int_equal(s.daily_loss_limit, 0);
	assert_int_equal(s.monthly_loss_limit, 0);
	assert_int_equal(s.take_profit, 0);
	assert_int_equal(s.has_max_slippage, 0);
	assert_int_equal(s.fixed_amount, 0);
	assert_int_equal(s.percentage_bp, 0);
	assert_int_equal(s.mode, COPY_KELLY); /* untouched */
	assert_int_equal(s.kelly_scaling_milli, 250);

	/* the bounds themselves are accepted */
	before = s;
	assert_int_equal(
	    apply(&s,
	        "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 100,"
	        " \"kelly_scaling_factor\": 1, \"min_odds\": \"1.001\","
	        " \"max_odds\": 1000, \"min_edge\": 10, \"copy_delay_seconds\": 0,"
	        " \"stop_copying_if_drawdown\": 1, \"reduce_size_if_losing_streak\": 100,"
	        " \"max_slippage\": 0, \"max_bet_size\": \"0.01\","
	        " \"take_profit\": \"1000000000000.00\"}",
	        &errs),
	    0);
	assert_int_equal(s.percentage_bp, 10000);
	assert_int_equal(s.kelly_scaling_milli, 1000);
	assert_int_equal(s.min_odds, ODDS_MIN);
	assert_int_equal(s.max_odds, ODDS_MAX);
	assert_int_equal(s.min_edge_bp, 100000);
	assert_int_equal(s.stop_drawdown_bp, 10000);
	assert_int_equal(s.reduce_streak, 100);
	assert_int_equal(s.has_max_slippage, 1);
	assert_int_equal(s.max_slippage_bp, 0);
	assert_int_equal(s.max_bet_size, 1);
	assert_int_equal(s.take_profit, MONEY_MAX);
	(void)before;
	assert_int_equal(
	    apply(&s,
	        "{\"percentage\": 0.01, \"kelly_scaling_factor\": 0.001, \"min_edge\": -1,"
	        " \"stop_copying_if_drawdown\": 0.0001, \"max_slippage\": 100,"
	        " \"min_odds\": 2.5, \"max_odds\": \"2.500\"}",
	        &errs),
	    0);
	assert_int_equal(s.percentage_bp, 1);
	assert_int_equal(s.kelly_scaling_milli, 1);
	assert_int_equal(s.min_edge_bp, -10000);
	assert_int_equal(s.stop_drawdown_bp, 1);
	assert_int_equal(s.max_slippage_bp, 10000);
	assert_int_equal(s.min_odds, s.max_odds); /* equal bounds are a range */
	/* a signed edge as text */
	assert_int_equal(apply(&s, "{\"min_edge\": \"+0.5\"}", &errs), 0);
	assert_int_equal(s.min_edge_bp, 5000);
	assert_int_equal(apply(&s, "{\"min_edge\": \"-0.0001\"}", &errs), 0);
	assert_int_equal(s.min_edge_bp, -1);

	/* changing the mode clears nothing: the percentage stays stored */
	assert_int_equal(
	    apply(&s, "{\"copy_mode\": \"fixed_amount\", \"fixed_amount\": 5}", &errs), 0);
	assert_int_equal(s.mode, COPY_FIXED_AMOUNT);
	assert_int_equal(s.fixed_amount, 500);
	assert_int_equal(s.percentage_bp, 1);
	/* an empty object changes nothing and is valid when the rest is */
	before = s;
	assert_int_equal(apply(&s, "{}", &errs), 0);
	assert_true(settings_equal(&s, &before));
}

/* The shared validator's messages (app/http/http_valid.c) for the types of
 * copy_settings_fields, and the two copy words itself. */
#define MONEY_MSG "must be a positive amount with at most two decimals"
#define PCT_MSG "must be a percentage between 0.01 and 100.00"
#define SLIPPAGE_MSG "must be a percentage between 0.00 and 100.00"
#define KELLY_MSG "must be a fraction between 0.0010 and 1.0000, at most four decimals"
#define DRAWDOWN_MSG "must be a fraction between 0.0001 and 1.0000, at most four decimals"
#define ODDS_MSG "must be decimal odds above 1.0 with at most three decimals (e.g. 2.10)"
#define LIST_MSG "contains a value that is not allowed"
#define EDGE_MSG "must be a number between -1 and 10 with at most 4 decimals"
#define DELAY_MSG "must be a whole number of seconds between 0 and 300"

/* One bad field at a time over valid settings: one error on that field,
 * with its message, and the settings unchanged. */
static void
test_settings_errors(void **state)
{
	static const struct {
		const char *json, *field, *msg;
	} cases[] = {
		{ "{\"copy_mode\": \"copy_all\"}", "copy_mode",
		    "is not one of the allowed values" },
		{ "{\"copy_mode\": 1}", "copy_mode", "must be a string" },
		{ "{\"copy_mode\": null}", "copy_mode", "must not be null" },
		{ "{\"kelly_scaling_factor\": null}", "kelly_scaling_factor", "must not be null" },
		{ "{\"copy_delay_seconds\": null}", "copy_delay_seconds", "must not be null" },
		{ "{\"auto_copy_enabled\": null}", "auto_copy_enabled", "must not be null" },
		{ "{\"stop_copying_if_drawdown\": null}", "stop_copying_if_drawdown",
		    "must not be null" },
		{ "{\"reduce_size_if_losing_streak\": null}", "reduce_size_if_losing_streak",
		    "must not be null" },
		{ "{\"fixed_amount\": -5}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \"-5.00\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": 0}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \"1000000000000.01\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \"99999999999999999999\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": 1e300}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \"10.001\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": 10.001}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": 1e-7}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \"ten\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \"10.\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \".5\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \"NaN\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": \"1e3\"}", "fixed_amount", MONEY_MSG },
		{ "{\"fixed_amount\": true}", "fixed_amount", "must be a number" },
		{ "{\"fixed_amount\": [10]}", "fixed_amount", "must be a number" },
		{ "{\"percentage\": 101}", "percentage", PCT_MSG },
		{ "{\"percentage\": 100.01}", "percentage", PCT_MSG },
		{ "{\"percentage\": 0}", "percentage", PCT_MSG },
		{ "{\"percentage\": -2}", "percentage", PCT_MSG },
		{ "{\"percentage\": \"2.555\"}", "percentage", PCT_MSG },
		{ "{\"percentage\": {}}", "percentage", "must be a number" },
		{ "{\"kelly_scaling_factor\": 1.5}", "kelly_scaling_factor", KELLY_MSG },
		{ "{\"kelly_scaling_factor\": 0}", "kelly_scaling_factor", KELLY_MSG },
		{ "{\"kelly_scaling_factor\": 0.0005}", "kelly_scaling_factor", KELLY_MSG },
		{ "{\"kelly_scaling_factor\": 0.0015}", "kelly_scaling_factor",
		    "must have at most 3 decimals" },
		{ "{\"sports_filter\": \"football\"}", "sports_filter", "must be a list" },
		{ "{\"sports_filter\": [1]}", "sports_filter", "must be a list of strings" },
		{ "{\"sports_filter\": [\"Football\"]}", "sports_filter", LIST_MSG },
		{ "{\"sports_filter\": [\"a_key_that_is_32_bytes_long_xxxx\"]}", "sports_filter",
		    LIST_MSG },
		{ "{\"sports_filter\": [\"football\", \"cricket\"]}", "sports_filter", LIST_MSG },
		{ "{\"bet_types_filter\": [\"spread\"]}", "bet_types_filter", LIST_MSG },
		{ "{\"bet_types_filter\": {\"a\": 1}}", "bet_types_filter", "must be a list" },
		{ "{\"min_odds\": 1.0}", "min_odds", ODDS_MSG },
		{ "{\"min_odds\": \"1.000\"}", "min_odds", ODDS_MSG },
		{ "{\"min_odds\": -2}", "min_odds", ODDS_MSG },
		{ "{\"max_odds\": 1000.001}", "max_odds", ODDS_MSG },
		{ "{\"max_odds\": \"2.1234\"}", "max_odds", ODDS_MSG },
		{ "{\"max_odds\": \"evens\"}", "max_odds", ODDS_MSG },
		{ "{\"max_odds\": false}", "max_odds", "must be a number" },
		{ "{\"min_odds\": 3, \"max_odds\": 2}", "min_odds", "must not be above max_odds" },
		{ "{\"min_odds\": \"2.001\", \"max_odds\": \"2.000\"}", "min_odds",
		    "must not be above max_odds" },
		{ "{\"min_edge\": -1.5}", "min_edge", "must be between -1 and 10" },
		{ "{\"min_edge\": 10.0001}", "min_edge", "must be between -1 and 10" },
		{ "{\"min_edge\": 0.00001}", "min_edge", EDGE_MSG },
		{ "{\"min_edge\": \"+-1\"}", "min_edge", EDGE_MSG },
		{ "{\"min_edge\": true}", "min_edge", "must be a number" },
		{ "{\"max_bet_size\": -1}", "max_bet_size", MONEY_MSG },
		{ "{\"daily_loss_limit\": \"-1.00\"}", "daily_loss_limit", MONEY_MSG },
		{ "{\"monthly_loss_limit\": 0}", "monthly_loss_limit", MONEY_MSG },
		{ "{\"take_profit\": \"5.555\"}", "take_profit", MONEY_MSG },
		{ "{\"copy_delay_seconds\": 301}", "copy_delay_seconds", DELAY_MSG },
		{ "{\"copy_delay_seconds\": -1}", "copy_delay_seconds", DELAY_MSG },
		{ "{\"copy_delay_seconds\": \"ten\"}", "copy_delay_seconds",
		    "must be a whole number" },
		{ "{\"copy_delay_seconds\": 2.5}", "copy_delay_seconds", "must be a whole number" },
		{ "{\"copy_delay_seconds\": 9223372036854775807}", "copy_delay_seconds",
		    DELAY_MSG },
		{ "{\"auto_copy_enabled\": 1}", "auto_copy_enabled", "must be true or false" },
		{ "{\"auto_copy_enabled\": \"yes\"}", "auto_copy_enabled",
		    "must be true or false" },
		{ "{\"stop_copying_if_drawdown\": 0}", "stop_copying_if_drawdown", DRAWDOWN_MSG },
		{ "{\"stop_copying_if_drawdown\": 1.5}", "stop_copying_if_drawdown", DRAWDOWN_MSG },
		{ "{\"stop_copying_if_drawdown\": 0.12345}", "stop_copying_if_drawdown",
		    DRAWDOWN_MSG },
		{ "{\"reduce_size_if_losing_streak\": 101}", "reduce_size_if_losing_streak",
		    "must be between 0 and 100" },
		{ "{\"reduce_size_if_losing_streak\": -1}", "reduce_size_if_losing_streak",
		    "must be between 0 and 100" },
		{ "{\"max_slippage\": 100.01}", "max_slippage", SLIPPAGE_MSG },
		{ "{\"max_slippage\": -1}", "max_slippage", SLIPPAGE_MSG },
		{ "{\"max_slippage\": \"0.001\"}", "max_slippage", SLIPPAGE_MSG },
		{ "{\"trader_bankroll\": 100}", "trader_bankroll", "is not a known field" },
		{ "{\"Copy_Mode\": \"fixed_amount\"}", "Copy_Mode", "is not a known field" },
		{ "[]", "settings", "must be a JSON object" },
		{ "null", "settings", "must be a JSON object" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct copy_settings s, before;
		struct copy_errors errs;
		json_t *j = parse(cases[i].json);

		copy_settings_defaults(&s);
		s.fixed_amount = 1000;
		s.min_odds = 1500;
		before = s;
		if (copy_settings_apply(errs_arena(), &s, j, SPORTS, &errs) != -1)
			fail_msg("accepted: %s", cases[i].json);
		if (errs.n != 1 || strcmp(errs.field[0], cases[i].field) != 0 ||
		    strcmp(errs.msg[0], cases[i].msg) != 0)
			fail_msg("%s: %zu errors, first %s: %s", cases[i].json, errs.n,
			    errs.n ? errs.field[0] : "-", errs.n ? errs.msg[0] : "-");
		assert_true(settings_equal(&s, &before));
		json_decref(j);
	}
}

static void
test_settings_errors_combined(void **state)
{
	struct copy_settings s;
	struct copy_errors errs;
	char big[2048];
	size_t n;
	json_t *j;

	(void)state;
	/* the mode's own amount is required */
	copy_settings_defaults(&s);
	assert_int_equal(apply(&s, "{\"copy_mode\": \"fixed_amount\"}", &errs), -1);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.field[0], "fixed_amount");
	assert_string_equal(errs.msg[0], "is required when copy_mode is fixed_amount");
	assert_int_equal(apply(&s, "{}", &errs), -1); /* the defaults alone are not enough */
	assert_int_equal(
	    apply(&s, "{\"copy_mode\": \"percentage_of_bankroll\", \"fixed_amount\": 10}", &errs),
	    -1);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.field[0], "percentage");
	assert_string_equal(errs.msg[0], "is required when copy_mode is percentage_of_bankroll");
	/* a null takes the mode's amount away */
	s.fixed_amount = 1000;
	assert_int_equal(apply(&s, "{\"fixed_amount\": null}", &errs), -1);
	assert_string_equal(errs.field[0], "fixed_amount");
	assert_int_equal(s.fixed_amount, 1000);
	/* proportional and kelly need no amount */
	copy_settings_defaults(&s);
	assert_int_equal(apply(&s, "{\"copy_mode\": \"proportional\"}", &errs), 0);
	assert_int_equal(apply(&s, "{\"copy_mode\": \"kelly_scaled\"}", &errs), 0);
	/* a bad amount is reported once, not again as missing */
	copy_settings_defaults(&s);
	assert_int_equal(
	    apply(&s, "{\"fixed_amount\": -1, \"min_odds\": 5, \"max_odds\": \"x\"}", &errs), -1);
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.field[0], "fixed_amount");
	assert_string_equal(errs.field[1], "max_odds");
	/* every error, not just the first (an unknown key's field is the
	 * document's own key: read while the document lives) */
	copy_settings_defaults(&s);
	j = parse("{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 150,"
	          " \"copy_delay_seconds\": 301, \"max_bet_size\": -5, \"bogus\": 1,"
	          " \"min_odds\": 3}");
	assert_int_equal(copy_settings_apply(errs_arena(), &s, j, NULL, &errs), -1);
	/* unknown names first, then the table's order */
	assert_int_equal(errs.n, 4);
	assert_string_equal(errs.field[0], "bogus");
	assert_string_equal(errs.msg[0], "is not a known field");
	assert_string_equal(errs.field[1], "percentage");
	assert_string_equal(errs.field[2], "max_bet_size");
	assert_string_equal(errs.field[3], "copy_delay_seconds");
	json_decref(j);
	/* ...and min_odds above max_odds makes a fifth */
	assert_int_equal(apply(&s,
	                     "{\"copy_mode\": \"percentage_of_bankroll\", \"percentage\": 150,"
	                     " \"copy_delay_seconds\": 301, \"max_bet_size\": -5, \"bogus\": 1,"
	                     " \"min_odds\": 3, \"max_odds\": 2.5}",
	                     &errs),
	    -1);
	assert_int_equal(errs.n, 5);
	assert_string_equal(errs.field[4], "min_odds");
	/* at most 16 are kept */
	n = (size_t)snprintf(big, sizeof(big), "{");
	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(
		    big + n, sizeof(big) - n, "%s\"unknown_%02d\": 1", i ? ", " : "", i);
	snprintf(big + n, sizeof(big) - n, "}");
	assert_int_equal(apply(&s, big, &errs), -1);
	assert_int_equal(errs.n, 16);
	/* 17 distinct sports are too many; 16 with repeats are fine */
	assert_int_equal(
	    apply(&s,
	        "{\"copy_mode\": \"proportional\", \"sports_filter\": [\"s01\", \"s02\","
	        " \"s03\", \"s04\", \"s05\", \"s06\", \"s07\", \"s08\", \"s09\", \"s10\","
	        " \"s11\", \"s12\", \"s13\", \"s14\", \"s15\", \"s16\", \"s17\"]}",
	        &errs),
	    -1);
	assert_string_equal(errs.field[0], "sports_filter");
	assert_string_equal(errs.msg[0], "may list at most 16 items");
	assert_int_equal(
	    apply(&s,
	        "{\"copy_mode\": \"proportional\", \"sports_filter\": [\"s01\", \"s02\","
	        " \"s03\", \"s04\", \"s05\", \"s06\", \"s07\", \"s08\", \"s09\", \"s10\","
	        " \"s11\", \"s12\", \"s13\", \"s14\", \"s15\", \"s16\", \"s16\", \"s01\"]}",
	        &errs),
	    0);
	assert_int_equal(s.nsports, 16);
	/* the market kinds are the choices; repeats count once */
	assert_int_equal(apply(&s,
	                     "{\"bet_types_filter\": [\"total\", \"1x2\", \"total\", \"handicap\","
	                     " \"moneyline\", \"1x2\"]}",
	                     &errs),
	    0);
	assert_int_equal(s.nbet_types, 4);
}

static void
test_settings_json(void **state)
{
	struct copy_settings s, back;
	struct copy_errors errs;
	json_t *j;
	char *text;

	(void)state;
	copy_settings_defaults(&s);
	s.mode = COPY_PERCENTAGE;
	s.fixed_amount = 1000;
	s.percentage_bp = 250;
	s.kelly_scaling_milli = 500;
	snprintf(s.sports[0], COPY_KEY_LEN, "%s", "football");
	snprintf(s.sports[1], COPY_KEY_LEN, "%s", "tennis");
	s.nsports = 2;
	snprintf(s.bet_types[0], COPY_KEY_LEN, "%s", "1x2");
	s.nbet_types = 1;
	s.min_odds = 1905;
	s.max_odds = 2100;
	s.has_min_edge = 1;
	s.min_edge_bp = -500;
	s.max_bet_size = 5000;
	s.daily_loss_limit = 10001;
	s.monthly_loss_limit = 99;
	s.copy_delay_seconds = 30;
	s.auto_copy_enabled = 0;
	s.stop_drawdown_bp = 2000;
	s.reduce_streak = 3;
	s.take_profit = 123456789;
	s.has_max_slippage = 1;
	s.max_slippage_bp = 500;

	j = copy_settings_json(&s);
	assert_non_null(j);
	text = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(text,
	    "{\"auto_copy_enabled\":false,\"bet_types_filter\":[\"1x2\"],\"copy_delay_seconds\":30,"
	    "\"copy_mode\":\"percentage_of_bankroll\",\"daily_loss_limit\":\"100.01\","
	    "\"fixed_amount\":\"10.00\",\"kelly_scaling_factor\":\"0.500\","
	    "\"max_bet_size\":\"50.00\",\"max_odds\":\"2.10\",\"max_slippage\":\"5.00\","
	    "\"min_edge\":\"-0.0500\",\"min_odds\":\"1.905\",\"monthly_loss_limit\":\"0.99\","
	    "\"percentage\":\"2.50\",\"reduce_size_if_losing_streak\":3,"
	    "\"sports_filter\":[\"football\",\"tennis\"],\"stop_copying_if_drawdown\":\"0.2000\","
	    "\"take_profit\":\"1234567.89\"}");
	free(text);
	/* the round trip: over the defaults, the same settings */
	copy_settings_defaults(&back);
	assert_int_equal(copy_settings_apply(errs_arena(), &back, j, SPORTS, &errs), 0);
	assert_true(settings_equal(&back, &s));
	json_decref(j);

	/* the defaults of a fixed 10.00: nulls and empty lists */
	copy_settings_defaults(&s);
	s.fixed_amount = 1000;
	j = copy_settings_json(&s);
	text = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(text,
	    "{\"auto_copy_enabled\":true,\"bet_types_filter\":[],\"copy_delay_seconds\":0,"
	    "\"copy_mode\":\"fixed_amount\",\"daily_loss_limit\":null,\"fixed_amount\":\"10.00\","
	    "\"kelly_scaling_factor\":\"1.000\",\"max_bet_size\":null,\"max_odds\":null,"
	    "\"max_slippage\":null,\"min_edge\":null,\"min_odds\":null,\"monthly_loss_limit\":null,"
	    "\"percentage\":null,\"reduce_size_if_losing_streak\":5,\"sports_filter\":[],"
	    "\"stop_copying_if_drawdown\":\"0.2000\",\"take_profit\":null}");
	free(text);
	/* over settings with everything set, the nulls clear it all again */
	back.fixed_amount = 1000;
	back.mode = COPY_FIXED_AMOUNT;
	assert_int_equal(copy_settings_apply(errs_arena(), &back, j, NULL, &errs), 0);
	assert_true(settings_equal(&back, &s));
	json_decref(j);

	/* extremes survive the trip */
	s.mode = COPY_KELLY;
	s.fixed_amount = MONEY_MAX;
	s.min_odds = ODDS_MIN;
	s.max_odds = ODDS_MAX;
	s.has_min_edge = 1;
	s.min_edge_bp = -10000;
	s.kelly_scaling_milli = 1;
	s.stop_drawdown_bp = 1;
	s.has_max_slippage = 1;
	s.max_slippage_bp = 0;
	s.reduce_streak = 0;
	j = copy_settings_json(&s);
	assert_string_equal(json_string_value(json_object_get(j, "min_edge")), "-1.0000");
	assert_string_equal(json_string_value(json_object_get(j, "max_slippage")), "0.00");
	assert_string_equal(
	    json_string_value(json_object_get(j, "fixed_amount")), "1000000000000.00");
	copy_settings_defaults(&back);
	assert_int_equal(copy_settings_apply(errs_arena(), &back, j, NULL, &errs), 0);
	assert_true(settings_equal(&back, &s));
	json_decref(j);
}

/* ---- simulation ---- */

#define T0 1704103200LL /* 2024-01-01 10:00 UTC */
#define DAY 86400LL

static struct copy_sim_bet
sim_bet(int64_t placed, int64_t settled, int32_t odds, enum bets_outcome oc)
{
	struct copy_sim_bet b;

	memset(&b, 0, sizeof(b));
	b.placed_at = placed;
	b.settled_at = settled;
	b.orig = bet(10000, odds);
	b.outcome = oc;
	return b;
}

static void
test_sim_empty(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_sim_result r;

	(void)state;
	assert_int_equal(copy_simulate(&s, &LIM, 100000, NULL, 0, &r), 0);
	assert_int_equal(r.copies, 0);
	assert_int_equal(r.staked, 0);
	assert_int_equal(r.pnl, 0);
	assert_int_equal(r.roi_bp, 0);
	assert_int_equal(r.final_bankroll, 100000);
	assert_int_equal(r.peak_bankroll, 100000);
	assert_int_equal(r.max_drawdown_bp, 0);
	assert_int_equal(r.stopped, COPY_STOP_NONE);
	assert_int_equal(r.ncurve, 1);
	assert_int_equal(r.curve[0].at, 0);
	assert_int_equal(r.curve[0].equity, 100000);
	copy_sim_free(&r);
	assert_null(r.curve);
	copy_sim_free(&r); /* twice is harmless */
}

/* Five bets, worked by hand: 5 % of the bankroll, halved after two losses.
 *
 *   1  100,000 x 5 % = 5,000 at 2.00 lost       cash  95,000  streak 1
 *   2   95,000 x 5 % = 4,750 at 2.00 lost       cash  90,250  streak 2
 *   3   90,250 x 5 % = 4,512 (4,512.5 down), halved: 2,256 at 2.50 won:
 *       payout 5,640, profit 3,384              cash  93,634  streak 0
 *   4   93,634 x 5 % = 4,681 at 1.90 push       cash  93,634
 *   5   4,681 at 3.00 half won: 2,341 x 3 = 7,023 + 2,340 back = 9,363,
 *       profit 4,682                            cash  98,316
 *
 * staked 21,368; pnl -1,684; ROI -788 bp (-0.0788..., toward zero); the
 * deepest point 90,250 is 9.75 % under the start. */
static void
test_sim_five_bets(void **state)
{
	struct copy_settings s = mode_settings(COPY_PERCENTAGE, 500);
	struct copy_sim_bet b[5];
	struct copy_sim_result r;
	static const int64_t equity[] = { 100000, 95000, 90250, 93634, 93634, 98316 };

	(void)state;
	s.reduce_streak = 2;
	b[0] = sim_bet(T0, T0 + 100, 2000, BETS_LOST);
	b[1] = sim_bet(T0 + 200, T0 + 300, 2000, BETS_LOST);
	b[2] = sim_bet(T0 + 400, T0 + 500, 2500, BETS_WON);
	b[3] = sim_bet(T0 + 600, T0 + 700, 1900, BETS_PUSH);
	b[4] = sim_bet(T0 + 800, T0 + 900, 3000, BETS_HALF_WON);
	assert_int_equal(copy_simulate(&s, &LIM, 100000, b, 5, &r), 0);
	assert_int_equal(r.copies, 5);
	assert_int_equal(r.won, 2);
	assert_int_equal(r.lost, 2);
	assert_int_equal(r.other, 1);
	assert_int_equal(r.staked, 21368);
	assert_int_equal(r.pnl, -1684);
	assert_int_equal(r.final_bankroll, 98316);
	assert_int_equal(r.peak_bankroll, 100000);
	assert_int_equal(r.max_drawdown_bp, 975);
	assert_int_equal(r.roi_bp, -788);
	assert_int_equal(r.stopped, COPY_STOP_NONE);
	assert_int_equal(r.stopped_at, 0);
	for (int k = 0; k < COPY_SKIP__COUNT; k++)
		assert_int_equal(r.skipped[k], 0);
	assert_int_equal(r.ncurve, 6);
	assert_int_equal(r.curve[0].at, T0);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(r.curve[i].equity, equity[i]);
		if (i > 0)
			assert_int_equal(r.curve[i].at, T0 + 100 + 200 * (int64_t)(i - 1));
	}
	copy_sim_free(&r);
}

/* A 10 % drawdown stop with copies open at once: open stakes count in the
 * bankroll, the stop comes at the settlement that crosses 10 %, later bets
 * are not copied, and a copy still open settles anyway.
 *
 *   1  at 100  5,000 lost at 150                  equity 95,000
 *   2  at 200  4,750 lost at 250                  equity 90,250
 *   3  at 300  4,512 (of 90,250), settles 400, lost
 *   3b at 350  4,512 (bankroll 85,738 cash + 4,512 open), settles 500, won 2.00
 *      at 400: equity 85,738 (14.26 % down): stop
 *   4  at 450  not copied (stopped)
 *      at 500: 3b pays 9,024: 90,250 */
static void
test_sim_drawdown_stop(void **state)
{
	struct copy_settings s = mode_settings(COPY_PERCENTAGE, 500);
	struct copy_sim_bet b[5];
	struct copy_sim_result r;

	(void)state;
	s.reduce_streak = 0;
	s.stop_drawdown_bp = 1000;
	b[0] = sim_bet(T0 + 100, T0 + 150, 2000, BETS_LOST);
	b[1] = sim_bet(T0 + 200, T0 + 250, 2000, BETS_LOST);
	b[2] = sim_bet(T0 + 300, T0 + 400, 2000, BETS_LOST);
	b[3] = sim_bet(T0 + 350, T0 + 500, 2000, BETS_WON);
	b[4] = sim_bet(T0 + 450, T0 + 600, 2000, BETS_WON);
	assert_int_equal(copy_simulate(&s, &LIM, 100000, b, 5, &r), 0);
	assert_int_equal(r.copies, 4);
	assert_int_equal(r.skipped[COPY_SKIP_STOPPED], 1);
	assert_int_equal(r.stopped, COPY_STOP_DRAWDOWN);
	assert_int_equal(r.stopped_at, T0 + 400);
	assert_int_equal(r.staked, 5000 + 4750 + 4512 + 4512);
	assert_int_equal(r.won, 1);
	assert_int_equal(r.lost, 3);
	assert_int_equal(r.final_bankroll, 90250);
	assert_int_equal(r.pnl, -9750);
	assert_int_equal(r.ncurve, 5);
	assert_int_equal(r.curve[3].at, T0 + 400);
	assert_int_equal(r.curve[3].equity, 85738);
	assert_int_equal(r.curve[4].equity, 90250);
	assert_int_equal(r.max_drawdown_bp, 1426); /* 14,262 / 100,000 */
	copy_sim_free(&r);
}

static void
test_sim_take_profit(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 2000);
	struct copy_sim_bet b[4];
	struct copy_sim_result r;

	(void)state;
	s.take_profit = 3000;
	b[0] = sim_bet(T0, T0 + 10, 2500, BETS_WON);      /* +3,000: reached */
	b[1] = sim_bet(T0 + 5, T0 + 20, 2000, BETS_LOST); /* open already: settles */
	b[2] = sim_bet(T0 + 30, T0 + 40, 2000, BETS_WON);
	b[3] = sim_bet(T0 + 50, T0 + 60, 2000, BETS_WON);
	assert_int_equal(copy_simulate(&s, &LIM, 100000, b, 4, &r), 0);
	assert_int_equal(r.stopped, COPY_STOP_TAKE_PROFIT);
	assert_int_equal(r.stopped_at, T0 + 10);
	assert_int_equal(r.copies, 2);
	assert_int_equal(r.skipped[COPY_SKIP_STOPPED], 2);
	assert_int_equal(r.pnl, 1000);
	assert_int_equal(r.final_bankroll, 101000);
	assert_int_equal(r.peak_bankroll, 103000);
	assert_int_equal(r.max_drawdown_bp, 194); /* 2,000 / 103,000 = 1.94 % */
	assert_int_equal(r.roi_bp, 2500);         /* 1,000 / 4,000 */
	copy_sim_free(&r);
}

/* A daily loss limit skips for the rest of the day, and the next UTC day
 * starts again; the month works the same across a month's (and a year's)
 * end. */
static void
test_sim_loss_limits(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 5000);
	struct copy_sim_bet b[6];
	struct copy_sim_result r;
	const int64_t day0 = 1704067200LL; /* 2024-01-01 00:00 UTC */

	(void)state;
	s.daily_loss_limit = 9000;
	s.reduce_streak = 0;
	b[0] = sim_bet(day0 + 3600, day0 + 7200, 2000, BETS_LOST);       /* -5,000 */
	b[1] = sim_bet(day0 + 8000, day0 + 9000, 2000, BETS_LOST);       /* -4,750: -9,750 */
	b[2] = sim_bet(day0 + 10000, day0 + 11000, 2000, BETS_WON);      /* limit: skipped */
	b[3] = sim_bet(day0 + DAY - 1, day0 + DAY + 10, 2000, BETS_WON); /* 23:59:59: skipped */
	b[4] = sim_bet(day0 + DAY, day0 + DAY + 100, 2000, BETS_LOST);   /* next day */
	b[5] = sim_bet(day0 + DAY + 200, day0 + DAY + 300, 2000, BETS_WON);
	assert_int_equal(copy_simulate(&s, &LIM, 100000, b, 6, &r), 0);
	assert_int_equal(r.skipped[COPY_SKIP_DAILY_LOSS], 2);
	assert_int_equal(r.copies, 4);
	/* 100,000 - 5,000 - 4,750 = 90,250; then 4,512 lost; then 4,286
	 * (5 % of 85,738) won at 2.00 */
	assert_int_equal(r.staked, 5000 + 4750 + 4512 + 4286);
	assert_int_equal(r.final_bankroll, 90250 - 4512 + 4286);
	copy_sim_free(&r);

	/* month: a loss on 31 January skips the rest of January only */
	s = mode_settings(COPY_FIXED_AMOUNT, 5000);
	s.monthly_loss_limit = 5000;
	b[0] = sim_bet(1706695200LL, 1706698800LL, 2000, BETS_LOST); /* 31 Jan 10:00 */
	b[1] = sim_bet(1706731200LL, 1706734800LL, 2000, BETS_WON);  /* 31 Jan 20:00 */
	b[2] = sim_bet(1706745599LL, 1706745600LL, 2000, BETS_WON);  /* 23:59:59 */
	b[3] = sim_bet(1706745600LL, 1706749200LL, 2000, BETS_WON);  /* 1 Feb 00:00 */
	assert_int_equal(copy_simulate(&s, &LIM, 100000, b, 4, &r), 0);
	assert_int_equal(r.skipped[COPY_SKIP_MONTHLY_LOSS], 2);
	assert_int_equal(r.copies, 2);
	copy_sim_free(&r);

	/* and across the year: 31 December 2023 to 1 January 2024 */
	b[0] = sim_bet(1704063600LL, 1704064000LL, 2000, BETS_LOST); /* 31 Dec 23:00 */
	b[1] = sim_bet(1704065000LL, 1704066000LL, 2000, BETS_WON);  /* 31 Dec 23:23 */
	b[2] = sim_bet(1704069000LL, 1704070000LL, 2000, BETS_WON);  /* 1 Jan 00:30 */
	assert_int_equal(copy_simulate(&s, &LIM, 100000, b, 3, &r), 0);
	assert_int_equal(r.skipped[COPY_SKIP_MONTHLY_LOSS], 1);
	assert_int_equal(r.copies, 2);
	copy_sim_free(&r);

	/* a day with a loss and a win nets out: the limit counts the net */
	s = mode_settings(COPY_FIXED_AMOUNT, 5000);
	s.daily_loss_limit = 5000;
	b[0] = sim_bet(day0 + 100, day0 + 200, 3000, BETS_WON);  /* +10,000 */
	b[1] = sim_bet(day0 + 300, day0 + 400, 2000, BETS_LOST); /* -5,000: net +5,000 */
	b[2] = sim_bet(day0 + 500, day0 + 600, 2000, BETS_LOST);
	assert_int_equal(copy_simulate(&s, &LIM, 100000, b, 3, &r), 0);
	assert_int_equal(r.copies, 3);
	copy_sim_free(&r);
}

/* Skips by reason, and the copies' settlement order: by settled_at, ties
 * in placement order. */
static void
test_sim_skips_and_order(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_sim_bet b[7];
	struct copy_sim_result r;

	(void)state;
	snprintf(s.sports[0], COPY_KEY_LEN, "%s", "football");
	s.nsports = 1;
	s.min_odds = 1500;
	s.max_odds = 4000;
	b[0] = sim_bet(T0, T0 + 1000, 2000, BETS_WON);    /* settles last */
	b[1] = sim_bet(T0 + 1, T0 + 10, 1400, BETS_WON);  /* odds_below_min */
	b[2] = sim_bet(T0 + 2, T0 + 10, 5000, BETS_WON);  /* odds_above_max */
	b[3] = sim_bet(T0 + 3, T0 + 10, 2000, BETS_LOST); /* sport_filtered */
	b[3].orig.sport = "tennis";
	b[4] = sim_bet(T0 + 4, T0 + 500, 2000, BETS_VOID);
	b[5] = sim_bet(T0 + 5, T0 + 500, 2000, BETS_HALF_LOST);
	b[6] = sim_bet(T0 + 6, T0 + 2, 2000, (enum bets_outcome)0); /* no result, bad time */
	assert_int_equal(copy_simulate(&s, &LIM, 100000, b, 7, &r), 0);
	assert_int_equal(r.copies, 4);
	assert_int_equal(r.skipped[COPY_SKIP_ODDS_LOW], 1);
	assert_int_equal(r.skipped[COPY_SKIP_ODDS_HIGH], 1);
	assert_int_equal(r.skipped[COPY_SKIP_SPORT], 1);
	assert_int_equal(r.won, 1);
	assert_int_equal(r.lost, 1);
	assert_int_equal(r.other, 2);
	/* b6 at its placing (T0+6), b4 and b5 at T0+500 in that order, b0 */
	assert_int_equal(r.ncurve, 5);
	assert_int_equal(r.curve[1].at, T0 + 6);
	assert_int_equal(r.curve[1].equity, 100000);
	assert_int_equal(r.curve[2].at, T0 + 500);
	assert_int_equal(r.curve[2].equity, 100000); /* void */
	assert_int_equal(r.curve[3].at, T0 + 500);
	assert_int_equal(r.curve[3].equity, 99500); /* half lost */
	assert_int_equal(r.curve[4].at, T0 + 1000);
	assert_int_equal(r.curve[4].equity, 100500);
	assert_int_equal(r.final_bankroll, 100500);
	assert_int_equal(r.pnl, 500);
	assert_int_equal(r.staked, 4000);
	assert_int_equal(r.roi_bp, 1250);
	assert_int_equal(r.max_drawdown_bp, 50);
	copy_sim_free(&r);
}

/* Cash runs out while copies are open: the cap is the cash, then nothing. */
static void
test_sim_cash(void **state)
{
	struct copy_settings s = mode_settings(COPY_FIXED_AMOUNT, 1000);
	struct copy_limits lim = { 10000, 600, 0 };
	struct copy_sim_bet b[4];
	struct copy_sim_result r;

	(void)state;
	s.fixed_amount = 1000;
	for (int i = 0; i < 4; i++)
		b[i] = sim_bet(T0 + i, T0 + 100, 2000, BETS_LOST);
	/* 5 % of 2,500 is 125 ... a 6.00 minimum, 25.00 bankroll: nothing */
	assert_int_equal(copy_simulate(&s, &lim, 2500, b, 4, &r), 0);
	assert_int_equal(r.copies, 0);
	assert_int_equal(r.skipped[COPY_SKIP_BELOW_MIN_STAKE], 4);
	copy_sim_free(&r);
	/* 20.00 a copy out of 50.00 with no 5 % rule to stop it (percentage) */
	s = mode_settings(COPY_PERCENTAGE, 4000);
	s.stop_drawdown_bp = 10000;
	assert_int_equal(copy_simulate(&s, &lim, 5000, b, 4, &r), 0);
	/* 2,000 (cash 3,000); 2,000 (cash 1,000); 1,000 capped by cash; then 0 */
	assert_int_equal(r.copies, 3);
	assert_int_equal(r.staked, 5000);
	assert_int_equal(r.skipped[COPY_SKIP_NO_CASH], 1);
	assert_int_equal(r.final_bankroll, 0);
	assert_int_equal(r.max_drawdown_bp, 10000);
	assert_int_equal(r.roi_bp, -10000);
	assert_int_equal(r.stopped, COPY_STOP_DRAWDOWN); /* at 100 % */
	copy_sim_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizing_words),
		cmocka_unit_test(test_spec_workflow),
		cmocka_unit_test(test_spec_security),
		cmocka_unit_test(test_spec_scalability),
		cmocka_unit_test(test_skip_each_reason),
		cmocka_unit_test(test_skip_order),
		cmocka_unit_test(test_filters_at_copy_price),
		cmocka_unit_test(test_edge),
		cmocka_unit_test(test_slippage),
		cmocka_unit_test(test_loss_limits),
		cmocka_unit_test(test_size_fixed),
		cmocka_unit_test(test_size_percentage),
		cmocka_unit_test(test_size_proportional),
		cmocka_unit_test(test_size_kelly),
		cmocka_unit_test(test_losing_streak),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_min_stake),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_state_settle),
		cmocka_unit_test(test_should_stop),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_settings_defaults),
		cmocka_unit_test(test_settings_apply),
		cmocka_unit_test(test_settings_errors),
		cmocka_unit_test(test_settings_errors_combined),
		cmocka_unit_test(test_settings_json),
		cmocka_unit_test(test_sim_empty),
		cmocka_unit_test(test_sim_five_bets),
		cmocka_unit_test(test_sim_drawdown_stop),
		cmocka_unit_test(test_sim_take_profit),
		cmocka_unit_test(test_sim_loss_limits),
		cmocka_unit_test(test_sim_skips_and_order),
		cmocka_unit_test(test_sim_cash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
