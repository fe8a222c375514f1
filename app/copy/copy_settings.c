/*
 * Copy settings (the specification's CopySettings): one field table, one
 * reader, the rules across fields, and the stored form. The table is
 * app/http's: each setting is typed there (FT_MONEY, FT_BP, FT_ODDS,
 * FT_ENUM, FT_LIST, FT_BOOL, FT_INT), and the reader checks a settings
 * document against it with http_check_object, then fills struct
 * copy_settings by the table's enum. The JSON API sends that document
 * (the body of PUT .../settings, "settings" of a create or a simulation);
 * the HTML form is turned into the same document (copy_pages_form.c), so
 * both meet the same checks and the same messages. Pure: no I/O (the
 * catalogue's sports come in as a list).
 */
#include "copy_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the table ---- */

const char *const copy_mode_choices[] = { "fixed_amount", "percentage_of_bankroll", "proportional",
	"kelly_scaled", NULL };
const char *const copy_kind_choices[] = { "1x2", "moneyline", "handicap", "total", NULL };

/* The rate checks the types cannot say alone. */
static const char *
check_milli(const char *v)
{
	int64_t m;

	/* FT_BP reads four decimals; the factor keeps three */
	return money_fixed_parse(v, 3, 1000, &m) == 0 ? NULL : "must have at most 3 decimals";
}

/* min_edge: p x odds - 1 as a fraction, -1..10 with at most four decimals,
 * in basis points. 0, or -1 with *msg set. */
static int
edge_parse(const char *v, int32_t *bp, const char **msg)
{
	int neg = *v == '-', sign = *v == '-' || *v == '+';
	int64_t m;

	if (money_fixed_parse(v + sign, 4, 1000000000, &m) != 0) {
		*msg = "must be a number between -1 and 10 with at most 4 decimals";
		return -1;
	}
	if ((neg ? -m : m) < -10000 || (neg ? -m : m) > 100000) {
		*msg = "must be between -1 and 10";
		return -1;
	}
	*bp = (int32_t)(neg ? -m : m);
	return 0;
}

static const char *
check_edge(const char *v)
{
	const char *msg;
	int32_t bp;

	return edge_parse(v, &bp, &msg) == 0 ? NULL : msg;
}

/* The delay keeps its words (the form shows "Delay must be a whole number
 * of seconds between 0 and 300"): the range is checked here, not by min/max. */
static const char *
check_delay(const char *v)
{
	long long n;

	return util_parse_ll(v, &n) == 0 && n >= 0 && n <= COPY_DELAY_MAX
	    ? NULL
	    : "must be a whole number of seconds between 0 and 300";
}

/* FF_JSON on every entry: the routes that carry settings let them through
 * untouched, so that the reader reports every wrong setting, the rules
 * across fields included, as one invalid_settings answer. The reader
 * checks them by their types (settings_table). */
#define S(name, type, min, max, choices, check, label)               \
	{                                                            \
		name, type, FF_JSON, min, max, choices, check, label \
	}
#define S_FLAGS(name, type, flags, min, max, choices, check, label)            \
	{                                                                      \
		name, type, FF_JSON | (flags), min, max, choices, check, label \
	}
const struct http_field copy_settings_fields[] = {
	[S_MODE] = S("copy_mode", FT_ENUM, 0, 0, copy_mode_choices, NULL, "Copy mode"),
	[S_FIXED] = S("fixed_amount", FT_MONEY, 0, 0, NULL, NULL, "Fixed amount"),
	[S_PERCENTAGE] = S("percentage", FT_BP, 1, 10000, NULL, NULL, "Percentage"),
	[S_KELLY] = S_FLAGS("kelly_scaling_factor", FT_BP, FF_FRACTION, 10, 10000, NULL,
	    check_milli, "Kelly factor"),
	/* the choices are the catalogue's sports (settings_table) */
	[S_SPORTS] = S("sports_filter", FT_LIST, 0, COPY_SPORTS_MAX, NULL, NULL, "Sports"),
	[S_MIN_ODDS] = S("min_odds", FT_ODDS, 0, 0, NULL, NULL, "Lowest odds"),
	[S_MAX_ODDS] = S("max_odds", FT_ODDS, 0, 0, NULL, NULL, "Highest odds"),
	/* may be negative: FT_BP cannot say so */
	[S_MIN_EDGE] =
	    S_FLAGS("min_edge", FT_STRING, FF_DECIMAL, 0, 24, NULL, check_edge, "Minimum edge"),
	[S_BET_TYPES] = S("bet_types_filter", FT_LIST, 0, COPY_BET_TYPES_MAX, copy_kind_choices,
	    NULL, "Bet types"),
	[S_MAX_BET] = S("max_bet_size", FT_MONEY, 0, 0, NULL, NULL, "Largest copy"),
	[S_DAILY_LOSS] = S("daily_loss_limit", FT_MONEY, 0, 0, NULL, NULL, "Daily loss limit"),
	[S_MONTHLY_LOSS] =
	    S("monthly_loss_limit", FT_MONEY, 0, 0, NULL, NULL, "Monthly loss limit"),
	[S_DELAY] =
	    S("copy_delay_seconds", FT_INT, LLONG_MIN, LLONG_MAX, NULL, check_delay, "Delay"),
	[S_AUTO] = S("auto_copy_enabled", FT_BOOL, 0, 0, NULL, NULL, "Copy automatically"),
	[S_DRAWDOWN] = S_FLAGS(
	    "stop_copying_if_drawdown", FT_BP, FF_FRACTION, 1, 10000, NULL, NULL, "Drawdown stop"),
	[S_STREAK] = S("reduce_size_if_losing_streak", FT_INT, 0, COPY_STREAK_MAX, NULL, NULL,
	    "Losing streak"),
	[S_TAKE_PROFIT] = S("take_profit", FT_MONEY, 0, 0, NULL, NULL, "Take profit"),
	[S_SLIPPAGE] = S("max_slippage", FT_BP, 0, 10000, NULL, NULL, "Largest price move"),
	[S__COUNT] = { NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};
#undef S
#undef S_FLAGS

const char *
copy_mode_name(enum copy_mode m)
{
	if ((int)m < COPY_FIXED_AMOUNT || (int)m > COPY_KELLY)
		return "";
	return copy_mode_choices[m - COPY_FIXED_AMOUNT];
}

int
copy_mode_parse(const char *s, enum copy_mode *out)
{
	for (int m = COPY_FIXED_AMOUNT; s != NULL && m <= COPY_KELLY; m++)
		if (strcmp(s, copy_mode_choices[m - COPY_FIXED_AMOUNT]) == 0) {
			*out = (enum copy_mode)m;
			return 0;
		}
	return -1;
}

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

/* ---- the reader ---- */

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

/* The well-formed keys of the document's own sports_filter: the choices
 * when no catalogue is given (a stored document keeps a sport the
 * catalogue has since dropped). */
static const char **
own_keys(struct arena *a, json_t *doc)
{
	json_t *list = json_object_get(doc, "sports_filter"), *v;
	const char **keys = arena_calloc(a, json_array_size(list) + 1, sizeof(*keys));
	size_t i, n = 0;

	json_array_foreach(list, i, v)
	{
		if (keys != NULL && json_is_string(v) && key_wellformed(json_string_value(v)))
			keys[n++] = json_string_value(v);
	}
	return keys;
}

/* The table the reader checks with: copy_settings_fields by their types
 * (without FF_JSON), the sports' choices filled in. NULL out of memory. */
static struct http_field *
settings_table(struct arena *a, json_t *doc, const char *const *sports)
{
	struct http_field *t = arena_alloc(a, sizeof(copy_settings_fields));

	if (t == NULL)
		return NULL;
	memcpy(t, copy_settings_fields, sizeof(copy_settings_fields));
	for (size_t i = 0; i < S__COUNT; i++)
		t[i].flags &= ~FF_JSON;
	t[S_SPORTS].choices =
	    sports != NULL ? (const void *)sports : (const void *)own_keys(a, doc);
	return t[S_SPORTS].choices != NULL ? t : NULL;
}

static void
keys_put(char (*keys)[COPY_KEY_LEN], size_t *n, const struct http_value *v)
{
	*n = 0;
	for (size_t i = 0; i < v->nlist; i++)
		if (key_wellformed(v->list[i])) /* fits: shorter than COPY_KEY_LEN */
			memcpy(keys[(*n)++], v->list[i], strlen(v->list[i]) + 1);
}

/* One setting from its checked value. */
static void
setting_put(struct copy_settings *t, int i, const struct http_value *v)
{
	const char *msg;

	switch (i) {
	case S_MODE:
		t->mode = (enum copy_mode)(v->idx + COPY_FIXED_AMOUNT);
		break;
	case S_FIXED:
		t->fixed_amount = v->money;
		break;
	case S_PERCENTAGE:
		t->percentage_bp = v->bp;
		break;
	case S_KELLY:
		t->kelly_scaling_milli = v->bp / 10;
		break;
	case S_SPORTS:
		keys_put(t->sports, &t->nsports, v);
		break;
	case S_BET_TYPES:
		keys_put(t->bet_types, &t->nbet_types, v);
		break;
	case S_MIN_ODDS:
		t->min_odds = v->odds;
		break;
	case S_MAX_ODDS:
		t->max_odds = v->odds;
		break;
	case S_MIN_EDGE:
		t->has_min_edge = edge_parse(v->str, &t->min_edge_bp, &msg) == 0;
		break;
	case S_MAX_BET:
		t->max_bet_size = v->money;
		break;
	case S_DAILY_LOSS:
		t->daily_loss_limit = v->money;
		break;
	case S_MONTHLY_LOSS:
		t->monthly_loss_limit = v->money;
		break;
	case S_DELAY:
		t->copy_delay_seconds = (int)v->num;
		break;
	case S_AUTO:
		t->auto_copy_enabled = v->yes;
		break;
	case S_DRAWDOWN:
		t->stop_drawdown_bp = v->bp;
		break;
	case S_STREAK:
		t->reduce_streak = (int)v->num;
		break;
	case S_TAKE_PROFIT:
		t->take_profit = v->money;
		break;
	case S_SLIPPAGE:
		t->has_max_slippage = 1;
		t->max_slippage_bp = v->bp;
		break;
	}
}

/* A null in the document: an optional setting unset (1), or 0 for one that
 * is never unset (the mode, the Kelly factor, the delay, automatic copying,
 * the drawdown stop, the losing streak), which refuses it. */
static int
setting_clear(struct copy_settings *t, int i)
{
	switch (i) {
	case S_FIXED:
		t->fixed_amount = 0;
		return 1;
	case S_PERCENTAGE:
		t->percentage_bp = 0;
		return 1;
	case S_SPORTS:
		t->nsports = 0;
		return 1;
	case S_BET_TYPES:
		t->nbet_types = 0;
		return 1;
	case S_MIN_ODDS:
		t->min_odds = 0;
		return 1;
	case S_MAX_ODDS:
		t->max_odds = 0;
		return 1;
	case S_MIN_EDGE:
		t->has_min_edge = 0;
		t->min_edge_bp = 0;
		return 1;
	case S_MAX_BET:
		t->max_bet_size = 0;
		return 1;
	case S_DAILY_LOSS:
		t->daily_loss_limit = 0;
		return 1;
	case S_MONTHLY_LOSS:
		t->monthly_loss_limit = 0;
		return 1;
	case S_TAKE_PROFIT:
		t->take_profit = 0;
		return 1;
	case S_SLIPPAGE:
		t->has_max_slippage = 0;
		t->max_slippage_bp = 0;
		return 1;
	default:
		return 0;
	}
}

static int
has_error(const struct http_errors *e, const char *field)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return 1;
	return 0;
}

/* The rules across fields, only where their parts were themselves valid
 * (one error per mistake): the mode's own amount, the odds range. */
static void
settings_combination(const struct copy_settings *t, struct http_errors *e)
{
	int mode_ok = !has_error(e, "copy_mode");

	if (mode_ok && !has_error(e, "fixed_amount") && t->mode == COPY_FIXED_AMOUNT &&
	    t->fixed_amount <= 0)
		http_errors_add(e, "fixed_amount", "is required when copy_mode is fixed_amount");
	if (mode_ok && !has_error(e, "percentage") && t->mode == COPY_PERCENTAGE &&
	    t->percentage_bp <= 0)
		http_errors_add(
		    e, "percentage", "is required when copy_mode is percentage_of_bankroll");
	if (!has_error(e, "min_odds") && !has_error(e, "max_odds") && t->min_odds > 0 &&
	    t->max_odds > 0 && t->min_odds > t->max_odds)
		http_errors_add(e, "min_odds", "must not be above max_odds");
}

int
copy_settings_apply(struct arena *a, struct copy_settings *s, json_t *doc,
    const char *const *sports, struct copy_errors *errs)
{
	struct copy_settings t = *s;
	struct http_errors e = { 0 };
	struct http_value *v = arena_calloc(a, S__COUNT, sizeof(*v));
	struct http_field *table = json_is_object(doc) ? settings_table(a, doc, sports) : NULL;

	memset(errs, 0, sizeof(*errs));
	if (!json_is_object(doc))
		http_errors_add(&e, "settings", "must be a JSON object");
	else if (v == NULL || table == NULL)
		http_errors_add(&e, "settings", "could not be read");
	else {
		http_check_object(a, table, doc, "", v, &e);
		for (int i = 0; i < S__COUNT; i++) {
			const char *name = copy_settings_fields[i].name;

			if (has_error(&e, name))
				continue;
			if (v[i].present)
				setting_put(&t, i, &v[i]);
			else if (json_is_null(json_object_get(doc, name)) && !setting_clear(&t, i))
				http_errors_add(&e, name, "must not be null");
		}
		settings_combination(&t, &e);
	}
	for (size_t i = 0; i < e.n && errs->n < TG_NELEM(errs->field); i++, errs->n++) {
		errs->field[errs->n] = e.field[i];
		errs->msg[errs->n] = e.msg[i];
	}
	if (errs->n > 0)
		return -1;
	*s = t;
	return 0;
}

int
copy_settings_load(const char *text, struct copy_settings *s)
{
	struct arena *a = arena_new(4096);
	struct copy_errors e;
	json_t *j = json_loads(text, 0, NULL);
	int rc = -1;

	copy_settings_defaults(s);
	if (a != NULL && j != NULL)
		rc = copy_settings_apply(a, s, j, NULL, &e);
	json_decref(j);
	arena_free(a);
	return rc;
}

/* ---- the stored form ---- */

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
