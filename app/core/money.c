/*
 * Money and odds as integers (ARCHITECTURE.md): money in int64 minor units,
 * decimal odds in int32 thousandths, lines in hundredths. Parsing is exact
 * decimal arithmetic on the digits; nothing here goes through a double.
 */
#include "core.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses [-]digits[.digits] with at most `scale` decimals into value *
 * 10^scale. Rejects more decimals (no silent rounding), empty parts, junk
 * and overflow beyond `max`. */
static int
fixed_parse(const char *s, int scale, int allow_negative, int64_t max, int64_t *out)
{
	int64_t v = 0;
	int neg = 0, decimals = -1, digits = 0;

	if (s == NULL || *s == '\0')
		return -1;
	if (*s == '-' || *s == '+') {
		if (*s == '-') {
			if (!allow_negative)
				return -1;
			neg = 1;
		}
		s++;
	}
	for (; *s; s++) {
		if (*s == '.') {
			if (decimals >= 0 || digits == 0)
				return -1;
			decimals = 0;
			continue;
		}
		if (!isdigit((unsigned char)*s))
			return -1;
		if (decimals >= 0 && ++decimals > scale)
			return -1;
		if (v > (max - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (digits == 0 || decimals == 0)
		return -1;
	for (int d = decimals < 0 ? 0 : decimals; d < scale; d++) {
		if (v > max / 10)
			return -1;
		v *= 10;
	}
	*out = neg ? -v : v;
	return 0;
}

int
money_fixed_parse(const char *s, int scale, int64_t max, int64_t *out)
{
	return fixed_parse(s, scale, 0, max, out);
}

int
money_parse(const char *s, int64_t *out)
{
	return fixed_parse(s, 2, 0, MONEY_MAX, out);
}

void
money_format(int64_t minor, char *out, size_t n)
{
	uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;

	snprintf(out, n, "%s%llu.%02llu", minor < 0 ? "-" : "", (unsigned long long)(a / 100),
	    (unsigned long long)(a % 100));
}

int
odds_parse(const char *s, int32_t *out)
{
	int64_t v;

	if (fixed_parse(s, 3, 0, ODDS_MAX, &v) != 0 || v < ODDS_MIN)
		return -1;
	*out = (int32_t)v;
	return 0;
}

void
odds_format(int32_t odds, char *out, size_t n)
{
	if (odds % 10 == 0)
		snprintf(out, n, "%d.%02d", odds / 1000, (odds % 1000) / 10);
	else
		snprintf(out, n, "%d.%03d", odds / 1000, odds % 1000);
}

int
odds_from_american(int32_t american, int32_t *out)
{
	int64_t v;

	if (american >= 100 && american <= 99900)
		v = 1000 + (int64_t)american * 10; /* +150 -> 2.500, exact */
	else if (american <= -100 && american >= -1000000)
		/* -110 -> 1 + 100/110 = 1.90909..., to the nearest thousandth, half up */
		v = 1000 + (100000 * 2 + (-(int64_t)american)) / (2 * -(int64_t)american);
	else
		return -1;
	if (v < ODDS_MIN || v > ODDS_MAX)
		return -1;
	*out = (int32_t)v;
	return 0;
}

int
odds_line_parse(const char *s, int32_t *out)
{
	int64_t v;

	if (fixed_parse(s, 2, 1, 100000, &v) != 0 || v % 25 != 0)
		return -1;
	*out = (int32_t)v;
	return 0;
}

int64_t
money_payout(int64_t stake, int32_t odds)
{
	/* Rounded down to the minor unit: the house never pays a fraction. */
	return stake / 1000 * odds + (stake % 1000) * odds / 1000;
}

void
odds_line_format(int32_t line, int plus, char *out, size_t n)
{
	int32_t m = line < 0 ? -line : line;
	const char *sign = line < 0 ? "-" : plus && line > 0 ? "+" : "";

	if (m % 100 == 0)
		snprintf(out, n, "%s%d", sign, m / 100);
	else if (m % 10 == 0)
		snprintf(out, n, "%s%d.%d", sign, m / 100, m % 100 / 10);
	else
		snprintf(out, n, "%s%d.%02d", sign, m / 100, m % 100);
}

const char *
money_sign_class(double v)
{
	return v > 0 ? "credit" : v < 0 ? "debit" : "even";
}

const char *
money_str(struct arena *a, int64_t minor)
{
	char b[32];

	money_format(minor, b, sizeof(b));
	return arena_strdup(a, b);
}

const char *
odds_str(struct arena *a, int32_t odds)
{
	char b[16];

	odds_format(odds, b, sizeof(b));
	return arena_strdup(a, b);
}
