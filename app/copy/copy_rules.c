/*
 * Copy trading's pure rules (docs/copy.md is the reference): settings and
 * their validation, one copy decision, the relationship's running state and
 * the replay of a trader's history. No I/O. Every product of money, odds and
 * rates is taken in __int128, and every division rounds down, so a stake is
 * never rounded up and nothing overflows even at MONEY_MAX and ODDS_MAX.
 */
#include "copy.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bets/bets.h"

typedef __int128 i128;

/* At most 1/8 of the size after a long losing streak. */
#define STREAK_HALVINGS_MAX 3

/* ---- names ---- */

static const char *const mode_names[] = {
	[COPY_FIXED_AMOUNT] = "fixed_amount",
	[COPY_PERCENTAGE] = "percentage_of_bankroll",
	[COPY_PROPORTIONAL] = "proportional",
	[COPY_KELLY] = "kelly_scaled",
};

const char *
copy_mode_name(enum copy_mode m)
{
	if ((int)m < COPY_FIXED_AMOUNT || (int)m > COPY_KELLY)
		return "";
	return mode_names[m];
}

int
copy_mode_parse(const char *s, enum copy_mode *out)
{
	if (s == NULL)
		return -1;
	for (int m = COPY_FIXED_AMOUNT; m <= COPY_KELLY; m++)
		if (strcmp(s, mode_names[m]) == 0) {
			*out = (enum copy_mode)m;
			return 0;
		}
	return -1;
}

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

/* ---- settings ---- */

void
copy_settings_defaults(struct copy_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->mode = COPY_FIXED_AMOUNT;
	s->kelly_scaling_milli = 1000;
	s->auto_copy_enabled = 1;
	s->stop_drawdown_bp = 2000;
	s->reduce_streak = 5;
}

static void
err_add(struct copy_errors *e, const char *field, const char *msg)
{
	if (e->n < sizeof(e->field) / sizeof(e->field[0])) {
		e->field[e->n] = field;
		e->msg[e->n] = msg;
		e->n++;
	}
}

/* A JSON number or string as decimal text. A real goes through 15
 * significant digits, which gives back the shortest decimal the client
 * wrote (2.1, not 2.1000000000000001); the exact parsers then refuse
 * anything with too many decimals rather than round it. */
static const char *
dec_text(const json_t *j, char *b, size_t n)
{
	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_integer(j)) {
		snprintf(b, n, "%lld", (long long)json_integer_value(j));
		return b;
	}
	if (json_is_real(j) && isfinite(json_real_value(j))) {
		snprintf(b, n, "%.15g", json_real_value(j));
		return b;
	}
	return NULL;
}

static const char *const too_many_decimals[] = {
	"must be a whole number",
	"must have at most 1 decimal",
	"must have at most 2 decimals",
	"must have at most 3 decimals",
	"must have at most 4 decimals",
};

enum { DEC_OK, DEC_BIG, DEC_JUNK = -1, DEC_DECIMALS = -2 };

/* Reads [-]digits[.digits] with at most `scale` decimals as value x
 * 10^scale: DEC_OK; DEC_BIG when well formed but beyond what any field
 * takes (the caller's range message says why); DEC_JUNK for the wrong type
 * or anything else; DEC_DECIMALS for too many decimals (never rounded).
 * *unsigned_text is the text after the sign. */
static int
dec_read(const json_t *j, int scale, int64_t *out, const char **unsigned_text, char *b, size_t n)
{
	const char *s = dec_text(j, b, n), *p;
	int neg = 0, digits = 0, decimals = -1;
	int64_t v;

	if (s == NULL)
		return DEC_JUNK;
	/* %.15g writes tiny and huge reals with an exponent */
	if (json_is_real(j) && strchr(s, 'e') != NULL)
		return fabs(json_real_value(j)) < 1 ? DEC_DECIMALS : DEC_BIG;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (p = s; *p; p++) {
		if (*p == '.') {
			if (decimals >= 0 || digits == 0)
				return DEC_JUNK;
			decimals = 0;
		} else if (*p >= '0' && *p <= '9') {
			digits++;
			if (decimals >= 0)
				decimals++;
		} else {
			return DEC_JUNK;
		}
	}
	if (digits == 0 || decimals == 0)
		return DEC_JUNK;
	if (decimals > scale)
		return DEC_DECIMALS;
	*unsigned_text = s;
	if (money_fixed_parse(s, scale, MONEY_MAX, &v) != 0)
		return DEC_BIG;
	*out = neg ? -v : v;
	return DEC_OK;
}

/* A rate or an amount within [lo, hi] (in units of 10^-scale). 0, or -1
 * with the field's error added. */
static int
dec_field(struct copy_errors *e, const char *field, const json_t *j, int scale, int64_t lo,
    int64_t hi, const char *range_msg, int64_t *out)
{
	char b[64];
	const char *text;
	int64_t v;
	int r = dec_read(j, scale, &v, &text, b, sizeof(b));

	if (r == DEC_JUNK || r == DEC_DECIMALS) {
		err_add(e, field, r == DEC_JUNK ? "must be a number" : too_many_decimals[scale]);
		return -1;
	}
	if (r == DEC_BIG || v < lo || v > hi) {
		err_add(e, field, range_msg);
		return -1;
	}
	*out = v;
	return 0;
}

static int
money_field(struct copy_errors *e, const char *field, const json_t *j, int64_t *out)
{
	char b[64];
	const char *text;
	int64_t v;
	int r = dec_read(j, 2, &v, &text, b, sizeof(b));

	if (r == DEC_JUNK || r == DEC_DECIMALS) {
		err_add(e, field,
		    r == DEC_JUNK ? "must be an amount such as 10.00"
		                  : "must have at most 2 decimals");
		return -1;
	}
	/* the core's parser has the last word on what an amount is */
	if (r == DEC_BIG || v <= 0 || money_parse(text, &v) != 0) {
		err_add(e, field, "must be an amount between 0.01 and 1000000000000.00");
		return -1;
	}
	*out = v;
	return 0;
}

static int
odds_field(struct copy_errors *e, const char *field, const json_t *j, int32_t *out)
{
	char b[64];
	const char *text;
	int64_t v;
	int r = dec_read(j, 3, &v, &text, b, sizeof(b));

	if (r == DEC_JUNK || r == DEC_DECIMALS) {
		err_add(e, field,
		    r == DEC_JUNK
		        ? "must be decimal odds such as 2.10"
		        : "must be decimal odds with at most three decimals, such as 2.10");
		return -1;
	}
	if (r == DEC_BIG || v < 0 || odds_parse(text, out) != 0) {
		err_add(e, field, "must be decimal odds between 1.001 and 1000");
		return -1;
	}
	return 0;
}

static int
int_field(struct copy_errors *e, const char *field, const json_t *j, int lo, int hi,
    const char *msg, int *out)
{
	json_int_t v = json_is_integer(j) ? json_integer_value(j) : (json_int_t)lo - 1;

	if (v < lo || v > hi) {
		err_add(e, field, msg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Sport keys and market kinds: ^[a-z0-9_]+$, shorter than COPY_KEY_LEN. */
static int
key_wellformed(const char *k)
{
	size_t n = 0;

	for (; k[n]; n++)
		if (!((k[n] >= 'a' && k[n] <= 'z') || (k[n] >= '0' && k[n] <= '9') || k[n] == '_'))
			return 0;
	return n > 0 && n < COPY_KEY_LEN;
}

/* A filter list: null or [] for none; duplicates are dropped (the filter
 * means the same), so only distinct keys count towards the maximum. */
static int
list_field(struct copy_errors *e, const char *field, const json_t *j, copy_known_fn known,
    void *arg, char (*keys)[COPY_KEY_LEN], size_t max, size_t *nkeys, const char *type_msg,
    const char *unknown_msg, const char *max_msg)
{
	size_t i, n = 0;
	json_t *v;

	if (json_is_null(j)) {
		*nkeys = 0;
		return 0;
	}
	if (!json_is_array(j)) {
		err_add(e, field, type_msg);
		return -1;
	}
	json_array_foreach(j, i, v)
	{
		const char *k = json_string_value(v);
		size_t d;

		if (k == NULL || !key_wellformed(k)) {
			err_add(e, field, type_msg);
			return -1;
		}
		if (known != NULL && !known(k, arg)) {
			err_add(e, field, unknown_msg);
			return -1;
		}
		for (d = 0; d < n; d++)
			if (strcmp(keys[d], k) == 0)
				break;
		if (d < n)
			continue;
		if (n == max) {
			err_add(e, field, max_msg);
			return -1;
		}
		memcpy(keys[n], k, strlen(k) + 1); /* fits: key_wellformed */
		n++;
	}
	*nkeys = n;
	return 0;
}

/* The settings' names as static strings, so that an error names its field
 * without pointing into the document. */
static const char *const setting_names[] = {
	"copy_mode",
	"fixed_amount",
	"percentage",
	"kelly_scaling_factor",
	"sports_filter",
	"bet_types_filter",
	"min_odds",
	"max_odds",
	"min_edge",
	"max_bet_size",
	"daily_loss_limit",
	"monthly_loss_limit",
	"take_profit",
	"copy_delay_seconds",
	"auto_copy_enabled",
	"stop_copying_if_drawdown",
	"reduce_size_if_losing_streak",
	"max_slippage",
};

static const char *
setting_name(const char *key)
{
	for (size_t i = 0; i < sizeof(setting_names) / sizeof(setting_names[0]); i++)
		if (strcmp(key, setting_names[i]) == 0)
			return setting_names[i];
	return NULL;
}

int
copy_settings_apply(struct copy_settings *s, json_t *obj, copy_known_fn sport_known,
    copy_known_fn kind_known, void *arg, struct copy_errors *errs)
{
	struct copy_settings t = *s;
	const char *key;
	json_t *v;
	int bad_mode = 0, bad_fixed = 0, bad_pct = 0, bad_odds = 0;
	int64_t x;

	errs->n = 0;
	if (!json_is_object(obj)) {
		err_add(errs, "settings", "must be a JSON object");
		return -1;
	}
	json_object_foreach(obj, key, v)
	{
		const char *f = setting_name(key);
		int null = json_is_null(v);

		if (f == NULL) {
			err_add(errs, key, "is not a copy setting");
			continue;
		}
		if (strcmp(f, "copy_mode") == 0) {
			if (copy_mode_parse(json_string_value(v), &t.mode) != 0) {
				err_add(errs, f,
				    "must be one of fixed_amount, percentage_of_bankroll, "
				    "proportional, kelly_scaled");
				bad_mode = 1;
			}
		} else if (strcmp(f, "fixed_amount") == 0) {
			if (null)
				t.fixed_amount = 0;
			else
				bad_fixed = money_field(errs, f, v, &t.fixed_amount) != 0;
		} else if (strcmp(f, "percentage") == 0) {
			if (null)
				t.percentage_bp = 0;
			else if (dec_field(errs, f, v, 2, 1, 10000, "must be between 0.01 and 100",
			             &x) == 0)
				t.percentage_bp = (int32_t)x;
			else
				bad_pct = 1;
		} else if (strcmp(f, "kelly_scaling_factor") == 0) {
			if (dec_field(errs, f, v, 3, 1, 1000, "must be between 0.001 and 1", &x) ==
			    0)
				t.kelly_scaling_milli = (int32_t)x;
		} else if (strcmp(f, "sports_filter") == 0) {
			list_field(errs, f, v, sport_known, arg, t.sports, COPY_SPORTS_MAX,
			    &t.nsports, "must be a list of sport keys such as \"football\"",
			    "names a sport that is not offered", "may name at most 16 sports");
		} else if (strcmp(f, "bet_types_filter") == 0) {
			list_field(errs, f, v, kind_known, arg, t.bet_types, COPY_BET_TYPES_MAX,
			    &t.nbet_types, "must be a list of bet types such as \"moneyline\"",
			    "names a bet type that is not offered", "may name at most 8 bet types");
		} else if (strcmp(f, "min_odds") == 0) {
			if (null)
				t.min_odds = 0;
			else
				bad_odds |= odds_field(errs, f, v, &t.min_odds) != 0;
		} else if (strcmp(f, "max_odds") == 0) {
			if (null)
				t.max_odds = 0;
			else
				bad_odds |= odds_field(errs, f, v, &t.max_odds) != 0;
		} else if (strcmp(f, "min_edge") == 0) {
			if (null) {
				t.has_min_edge = 0;
				t.min_edge_bp = 0;
			} else if (dec_field(errs, f, v, 4, -10000, 100000,
			               "must be between -1 and 10", &x) == 0) {
				t.has_min_edge = 1;
				t.min_edge_bp = (int32_t)x;
			}
		} else if (strcmp(f, "max_bet_size") == 0) {
			if (null)
				t.max_bet_size = 0;
			else
				money_field(errs, f, v, &t.max_bet_size);
		} else if (strcmp(f, "daily_loss_limit") == 0) {
			if (null)
				t.daily_loss_limit = 0;
			else
				money_field(errs, f, v, &t.daily_loss_limit);
		} else if (strcmp(f, "monthly_loss_limit") == 0) {
			if (null)
				t.monthly_loss_limit = 0;
			else
				money_field(errs, f, v, &t.monthly_loss_limit);
		} else if (strcmp(f, "take_profit") == 0) {
			if (null)
				t.take_profit = 0;
			else
				money_field(errs, f, v, &t.take_profit);
		} else if (strcmp(f, "copy_delay_seconds") == 0) {
			int_field(errs, f, v, 0, COPY_DELAY_MAX,
			    "must be a whole number of seconds between 0 and 300",
			    &t.copy_delay_seconds);
		} else if (strcmp(f, "auto_copy_enabled") == 0) {
			if (json_is_boolean(v))
				t.auto_copy_enabled = json_is_true(v);
			else
				err_add(errs, f, "must be true or false");
		} else if (strcmp(f, "stop_copying_if_drawdown") == 0) {
			if (dec_field(
			        errs, f, v, 4, 1, 10000, "must be between 0.0001 and 1", &x) == 0)
				t.stop_drawdown_bp = (int32_t)x;
		} else if (strcmp(f, "reduce_size_if_losing_streak") == 0) {
			int_field(errs, f, v, 0, COPY_STREAK_MAX,
			    "must be a whole number between 0 and 100", &t.reduce_streak);
		} else if (strcmp(f, "max_slippage") == 0) {
			if (null) {
				t.has_max_slippage = 0;
				t.max_slippage_bp = 0;
			} else if (dec_field(errs, f, v, 2, 0, 10000, "must be between 0 and 100",
			               &x) == 0) {
				t.has_max_slippage = 1;
				t.max_slippage_bp = (int32_t)x;
			}
		}
	}
	/* The combination, only where its parts were themselves valid (one
	 * error per mistake). */
	if (!bad_mode && !bad_fixed && t.mode == COPY_FIXED_AMOUNT && t.fixed_amount <= 0)
		err_add(errs, "fixed_amount", "is required when copy_mode is fixed_amount");
	if (!bad_mode && !bad_pct && t.mode == COPY_PERCENTAGE && t.percentage_bp <= 0)
		err_add(errs, "percentage", "is required when copy_mode is percentage_of_bankroll");
	if (!bad_odds && t.min_odds > 0 && t.max_odds > 0 && t.min_odds > t.max_odds)
		err_add(errs, "min_odds", "must not be above max_odds");
	if (errs->n > 0)
		return -1;
	*s = t;
	return 0;
}

static json_t *
jmoney(int64_t v)
{
	char b[32];

	if (v <= 0)
		return json_null();
	money_format(v, b, sizeof(b));
	return json_string(b);
}

/* A fixed-point value with `scale` decimals (bp as "0.2000" or "2.00"). */
static json_t *
jfixed(int64_t v, int scale)
{
	static const int64_t pow10[] = { 1, 10, 100, 1000, 10000 };
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char b[48];

	snprintf(b, sizeof(b), "%s%llu.%0*llu", v < 0 ? "-" : "",
	    (unsigned long long)(a / (uint64_t)pow10[scale]), scale,
	    (unsigned long long)(a % (uint64_t)pow10[scale]));
	return json_string(b);
}

static json_t *
jodds(int32_t o)
{
	char b[16];

	if (o <= 0)
		return json_null();
	odds_format(o, b, sizeof(b));
	return json_string(b);
}

static json_t *
jlist(const char (*keys)[COPY_KEY_LEN], size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(keys[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

json_t *
copy_settings_json(const struct copy_settings *s)
{
	json_t *o = json_object();
	int bad = 0;

	if (o == NULL)
		return NULL;
	bad |= json_object_set_new(o, "copy_mode", json_string(copy_mode_name(s->mode)));
	bad |= json_object_set_new(o, "fixed_amount", jmoney(s->fixed_amount));
	bad |= json_object_set_new(
	    o, "percentage", s->percentage_bp > 0 ? jfixed(s->percentage_bp, 2) : json_null());
	bad |= json_object_set_new(o, "kelly_scaling_factor", jfixed(s->kelly_scaling_milli, 3));
	bad |= json_object_set_new(o, "sports_filter", jlist(s->sports, s->nsports));
	bad |= json_object_set_new(o, "min_odds", jodds(s->min_odds));
	bad |= json_object_set_new(o, "max_odds", jodds(s->max_odds));
	bad |= json_object_set_new(
	    o, "min_edge", s->has_min_edge ? jfixed(s->min_edge_bp, 4) : json_null());
	bad |= json_object_set_new(o, "bet_types_filter", jlist(s->bet_types, s->nbet_types));
	bad |= json_object_set_new(o, "max_bet_size", jmoney(s->max_bet_size));
	bad |= json_object_set_new(o, "daily_loss_limit", jmoney(s->daily_loss_limit));
	bad |= json_object_set_new(o, "monthly_loss_limit", jmoney(s->monthly_loss_limit));
	bad |= json_object_set_new(o, "copy_delay_seconds", json_integer(s->copy_delay_seconds));
	bad |= json_object_set_new(o, "auto_copy_enabled", json_boolean(s->auto_copy_enabled));
	bad |= json_object_set_new(o, "stop_copying_if_drawdown", jfixed(s->stop_drawdown_bp, 4));
	bad |=
	    json_object_set_new(o, "reduce_size_if_losing_streak", json_integer(s->reduce_streak));
	bad |= json_object_set_new(o, "take_profit", jmoney(s->take_profit));
	bad |= json_object_set_new(
	    o, "max_slippage", s->has_max_slippage ? jfixed(s->max_slippage_bp, 2) : json_null());
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
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

/* ---- simulation ---- */

static int64_t
utc_day(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* year x 12 + month - 1 of a UTC time, from its day number by the
 * proleptic Gregorian calendar (H. Hinnant's civil_from_days): pure, and
 * defined for every int64 time, unlike gmtime_r. */
static int64_t
utc_month(int64_t t)
{
	int64_t z = utc_day(t) + 719468; /* days since 0000-03-01 */
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097; /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;      /* March = 0 */
	int64_t m = mp < 10 ? mp + 3 : mp - 9; /* 1..12 */

	return (yoe + era * 400 + (m <= 2)) * 12 + m - 1;
}

struct open_copy {
	int64_t settled_at;
	size_t seq; /* placement order breaks ties */
	int64_t amount;
	int32_t odds;
	enum bets_outcome outcome;
};

struct sim {
	const struct copy_settings *s;
	struct copy_state st;
	int64_t cash, open; /* open: stakes of unsettled copies */
	int64_t last_at;    /* the previous settlement; valid when settled */
	int settled;
	struct open_copy *heap; /* min-heap by (settled_at, seq) */
	size_t nheap;
	struct copy_sim_result *r;
};

static int
before(const struct open_copy *a, const struct open_copy *b)
{
	return a->settled_at != b->settled_at ? a->settled_at < b->settled_at : a->seq < b->seq;
}

static void
heap_push(struct sim *m, struct open_copy c)
{
	size_t i = m->nheap++;

	while (i > 0 && before(&c, &m->heap[(i - 1) / 2])) {
		m->heap[i] = m->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	m->heap[i] = c;
}

static struct open_copy
heap_pop(struct sim *m)
{
	struct open_copy top = m->heap[0], last = m->heap[--m->nheap];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= m->nheap)
			break;
		if (c + 1 < m->nheap && before(&m->heap[c + 1], &m->heap[c]))
			c++;
		if (!before(&m->heap[c], &last))
			break;
		m->heap[i] = m->heap[c];
		i = c;
	}
	if (m->nheap > 0)
		m->heap[i] = last;
	return top;
}

static void
settle_one(struct sim *m, const struct open_copy *c)
{
	struct copy_sim_result *r = m->r;
	int64_t payout = bets_payout(c->amount, c->odds, c->outcome);
	int64_t profit = payout - c->amount;
	int same_day = m->settled && utc_day(m->last_at) == utc_day(c->settled_at);
	int same_month = m->settled && utc_month(m->last_at) == utc_month(c->settled_at);

	m->cash += payout;
	m->open -= c->amount;
	r->pnl += profit;
	copy_state_settle(&m->st, profit, c->outcome, same_day, same_month);
	m->settled = 1;
	m->last_at = c->settled_at;
	if (c->outcome == BETS_WON || c->outcome == BETS_HALF_WON)
		r->won++;
	else if (c->outcome == BETS_LOST || c->outcome == BETS_HALF_LOST)
		r->lost++;
	else
		r->other++;
	r->curve[r->ncurve].at = c->settled_at;
	r->curve[r->ncurve].equity = m->cash + m->open;
	r->ncurve++;
	if (r->stopped == COPY_STOP_NONE) {
		r->stopped = copy_should_stop(m->s, &m->st);
		if (r->stopped != COPY_STOP_NONE)
			r->stopped_at = c->settled_at;
	}
}

static void
settle_until(struct sim *m, int64_t t, int all)
{
	while (m->nheap > 0 && (all || m->heap[0].settled_at <= t)) {
		struct open_copy c = heap_pop(m);

		settle_one(m, &c);
	}
}

int
copy_simulate(const struct copy_settings *s, const struct copy_limits *lim, int64_t start_bankroll,
    const struct copy_sim_bet *bets, size_t n, struct copy_sim_result *out)
{
	struct sim m;
	int64_t peak;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	/* one point per settlement (at most one per bet) and the start */
	out->curve = malloc((n + 1) * sizeof(*out->curve));
	m.heap = malloc((n > 0 ? n : 1) * sizeof(*m.heap));
	if (out->curve == NULL || m.heap == NULL) {
		free(m.heap);
		copy_sim_free(out);
		return -1;
	}
	m.s = s;
	m.r = out;
	m.cash = start_bankroll;
	m.st.start_bankroll = start_bankroll;
	out->curve[0].at = n > 0 ? bets[0].placed_at : 0;
	out->curve[0].equity = start_bankroll;
	out->ncurve = 1;

	for (size_t i = 0; i < n; i++) {
		const struct copy_sim_bet *b = &bets[i];
		struct copy_state view;
		struct copy_follower f;
		struct copy_decision d;
		struct open_copy c;

		settle_until(&m, b->placed_at, 0);
		if (out->stopped != COPY_STOP_NONE) {
			out->skipped[COPY_SKIP_STOPPED]++;
			continue;
		}
		/* The loss limits count today's and this month's losses: a new
		 * day (month) since the last settlement starts from 0. */
		view = m.st;
		if (!m.settled || utc_day(m.last_at) != utc_day(b->placed_at))
			view.day_pnl = 0;
		if (!m.settled || utc_month(m.last_at) != utc_month(b->placed_at))
			view.month_pnl = 0;
		f.bankroll = m.cash + m.open;
		f.cash = m.cash;
		copy_decide(s, lim, &b->orig, b->orig.odds, &view, &f, &d);
		if (d.skip != COPY_OK) {
			out->skipped[d.skip]++;
			continue;
		}
		c.settled_at = b->settled_at > b->placed_at ? b->settled_at : b->placed_at;
		c.seq = i;
		c.amount = d.amount;
		c.odds = b->orig.odds;
		/* a history row without a result gives the stake back */
		c.outcome = (int)b->outcome >= BETS_WON && b->outcome <= BETS_HALF_LOST ? b->outcome
		                                                                        : BETS_VOID;
		m.cash -= d.amount;
		m.open += d.amount;
		out->copies++;
		out->staked += d.amount;
		heap_push(&m, c);
	}
	settle_until(&m, 0, 1);
	free(m.heap);

	out->final_bankroll = m.cash;
	peak = out->curve[0].equity;
	for (size_t i = 0; i < out->ncurve; i++) {
		int64_t eq = out->curve[i].equity;

		if (eq > peak)
			peak = eq;
		if (peak > 0 && eq < peak) {
			i128 dd = ((i128)peak - eq) * 10000 / peak;

			if (dd > out->max_drawdown_bp)
				out->max_drawdown_bp = dd > INT32_MAX ? INT32_MAX : (int32_t)dd;
		}
	}
	out->peak_bankroll = peak;
	if (out->staked > 0) {
		i128 roi = (i128)out->pnl * 10000 / out->staked;

		out->roi_bp = roi > INT32_MAX ? INT32_MAX
		    : roi < INT32_MIN         ? INT32_MIN
		                              : (int32_t)roi;
	}
	return 0;
}

void
copy_sim_free(struct copy_sim_result *r)
{
	free(r->curve);
	r->curve = NULL;
	r->ncurve = 0;
}
