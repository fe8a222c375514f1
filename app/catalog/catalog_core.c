/*
 * The catalogue's pure helpers: no I/O, no globals, no allocation, so the
 * unit tests call them directly (tests/unit/test_catalog.c).
 */
#include "catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../core/core.h"

const char *const catalog_sports[] = { "football", "basketball", "american_football", "tennis",
	"baseball", "ice_hockey", "cricket", "rugby", "mma", "boxing", "golf", "esports", NULL };

static const char *const outcomes_1x2[] = { "home", "draw", "away", NULL };
static const char *const outcomes_two[] = { "home", "away", NULL };
static const char *const outcomes_total[] = { "over", "under", NULL };

const char *const *
catalog_outcomes(const char *kind)
{
	if (kind == NULL)
		return NULL;
	if (strcmp(kind, "1x2") == 0)
		return outcomes_1x2;
	if (strcmp(kind, "moneyline") == 0 || strcmp(kind, "handicap") == 0)
		return outcomes_two;
	if (strcmp(kind, "total") == 0)
		return outcomes_total;
	return NULL;
}

int
catalog_outcome_count(const char *kind)
{
	const char *const *o = catalog_outcomes(kind);
	int n = 0;

	while (o != NULL && o[n] != NULL)
		n++;
	return n;
}

int
catalog_kind_has_line(const char *kind)
{
	return kind != NULL && (strcmp(kind, "handicap") == 0 || strcmp(kind, "total") == 0);
}

/* A JSON number or string as decimal text. A real goes through 15
 * significant digits, which gives back the shortest decimal the client
 * wrote (2.1, not 2.1000000000000001); the exact parsers then refuse
 * anything with too many decimals rather than round it. */
static const char *
json_decimal(const json_t *j, char *b, size_t n)
{
	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_integer(j)) {
		snprintf(b, n, "%lld", (long long)json_integer_value(j));
		return b;
	}
	if (json_is_real(j)) {
		snprintf(b, n, "%.15g", json_real_value(j));
		return b;
	}
	return NULL;
}

const char *
catalog_json_odds(const json_t *j, int32_t *out)
{
	char b[64];
	const char *s = json_decimal(j, b, sizeof(b));
	int64_t v;

	if (s == NULL)
		return "must be decimal odds such as 2.10";
	if (odds_parse(s, out) == 0)
		return NULL;
	if (money_fixed_parse(s, 3, INT64_C(1000000000000), &v) == 0)
		return v <= 1000 ? "must be greater than 1.0" : "must be at most 1000";
	return "must be decimal odds with at most three decimals, such as 2.10";
}

const char *
catalog_json_line(const json_t *j, int32_t *out)
{
	char b[64];
	const char *s = json_decimal(j, b, sizeof(b));

	if (s == NULL || odds_line_parse(s, out) != 0)
		return "must be a line in quarter steps, such as -0.25 or 2.5";
	return NULL;
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
catalog_time_valid(const char *s, int date_ok)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, sec, oh, om, leap;
	const char *p;

	if (s == NULL || strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap))
		return 0;
	if (s[10] == '\0')
		return date_ok;
	p = s + 10;
	if ((*p != 'T' && *p != 't') || strlen(p) < 9 || digits(p + 1, 2, &h) || p[3] != ':' ||
	    digits(p + 4, 2, &mi) || p[6] != ':' || digits(p + 7, 2, &sec))
		return 0;
	if (h > 23 || mi > 59 || sec > 59)
		return 0;
	p += 9;
	if (*p == '.') {
		int n = 0;

		for (p++; isdigit((unsigned char)*p); p++)
			n++;
		if (n < 1 || n > 6)
			return 0;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return 1;
	if ((*p != '+' && *p != '-') || strlen(p) != 6 || digits(p + 1, 2, &oh) || p[3] != ':' ||
	    digits(p + 4, 2, &om))
		return 0;
	return oh <= 23 && om <= 59;
}

void
catalog_outcome_label(const char *kind, int32_t line, const char *outcome, const char *home,
    const char *away, char *out, size_t n)
{
	char l[24];
	int handicap = strcmp(kind, "handicap") == 0;

	if (strcmp(outcome, "draw") == 0)
		snprintf(out, n, "Draw");
	else if (strcmp(outcome, "over") == 0 || strcmp(outcome, "under") == 0) {
		odds_line_format(line, 0, l, sizeof(l));
		snprintf(out, n, "%s %s", outcome[0] == 'o' ? "Over" : "Under", l);
	} else if (handicap) {
		/* The stored line is the home side's; the away side gets its opposite. */
		int home_side = strcmp(outcome, "home") == 0;

		odds_line_format(home_side ? line : -line, 1, l, sizeof(l));
		snprintf(out, n, "%s %s", home_side ? home : away, l);
	} else
		snprintf(out, n, "%s", strcmp(outcome, "home") == 0 ? home : away);
}

void
catalog_market_label(const char *kind, int32_t line, char *out, size_t n)
{
	char l[24];

	if (strcmp(kind, "1x2") == 0)
		snprintf(out, n, "Match result");
	else if (strcmp(kind, "moneyline") == 0)
		snprintf(out, n, "Moneyline");
	else {
		odds_line_format(line, strcmp(kind, "handicap") == 0, l, sizeof(l));
		snprintf(out, n, "%s %s", strcmp(kind, "handicap") == 0 ? "Handicap" : "Total", l);
	}
}

/* Tenths of a unit as "12.3". */
static int
tenths(char *out, size_t n, long v)
{
	return snprintf(out, n, "%ld.%ld", v / 10, v % 10);
}

size_t
catalog_sparkline(const int32_t *odds, size_t n, int w, int h, char *out, size_t outsz)
{
	const long pad = 20; /* tenths: keeps the stroke inside the box */
	int32_t lo, hi;
	size_t len = 0;

	if (n == 0 || outsz == 0 || w <= 0 || h <= 0)
		return 0;
	lo = hi = odds[0];
	for (size_t i = 1; i < n; i++) {
		lo = odds[i] < lo ? odds[i] : lo;
		hi = odds[i] > hi ? odds[i] : hi;
	}
	for (size_t i = 0; i < (n == 1 ? 2 : n); i++) {
		long x = n == 1 ? (long)i * w * 10 : (long)i * w * 10 / (long)(n - 1);
		long span = (long)h * 10 - 2 * pad, y;
		int k;

		if (hi == lo)
			y = (long)h * 5;
		else /* higher odds higher up: SVG's y grows downwards */
			y = pad + (long)(hi - odds[n == 1 ? 0 : i]) * span / (hi - lo);
		if (len > 0) {
			if (len + 1 >= outsz)
				return 0;
			out[len++] = ' ';
		}
		k = tenths(out + len, outsz - len, x);
		if (k < 0 || len + (size_t)k + 1 >= outsz)
			return 0;
		len += (size_t)k;
		out[len++] = ',';
		k = tenths(out + len, outsz - len, y);
		if (k < 0 || len + (size_t)k >= outsz)
			return 0;
		len += (size_t)k;
	}
	out[len] = '\0';
	return len;
}

/* ---- fair prices ---- */

int
catalog_fair_odds(const int32_t *odds, size_t n, int32_t *fair)
{
	double book = 0, v;

	if (odds == NULL || fair == NULL || n < 2)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (odds[i] <= 1000 || odds[i] > ODDS_MAX)
			return -1;
		book += 1000.0 / odds[i];
	}
	for (size_t i = 0; i < n; i++) {
		v = odds[i] * book + 0.5;
		if (v < 1001 || v >= ODDS_MAX + 1)
			return -1;
	}
	for (size_t i = 0; i < n; i++)
		fair[i] = (int32_t)(odds[i] * book + 0.5);
	return 0;
}
