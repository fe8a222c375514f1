/*
 * libFuzzer driver: money, odds and line parsing (app/core/money.c).
 *
 * The input (up to a NUL) goes through money_parse, money_fixed_parse
 * (scales 0..4), odds_parse and odds_line_parse, each compared with a
 * reference written here independently (a grammar check, then the value in
 * 128-bit arithmetic): the same inputs are accepted and give the same value.
 * Accepted values are in bounds and survive format -> parse unchanged;
 * money_payout is floor(stake x odds / 1000) exactly. The first four bytes
 * are also read as an American price for odds_from_american, checked
 * against the rule "+a -> 1 + a/100; -a -> 1 + 100/a to the nearest
 * thousandth, half up; within ODDS_MIN..ODDS_MAX".
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#include "fuzz.h"

typedef __int128 i128;

/* [sign]digits[.digits] with 1..scale decimals; value x 10^scale <= max. */
static int
ref_fixed(const char *s, int scale, int allow_neg, int64_t max, int64_t *out)
{
	const char *p = s, *dot;
	size_t ip, fp = 0;
	i128 v = 0;
	int neg = 0;

	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	if (neg && !allow_neg)
		return -1;
	ip = strspn(p, "0123456789");
	if (ip == 0)
		return -1;
	dot = p + ip;
	if (*dot == '.') {
		fp = strspn(dot + 1, "0123456789");
		if (fp == 0 || dot[1 + fp] != '\0')
			return -1;
	} else if (*dot != '\0')
		return -1;
	if ((int)fp > scale)
		return -1;
	for (const char *q = p; q < dot + (fp ? 1 + fp : 0); q++) {
		if (*q == '.')
			continue;
		v = v * 10 + (*q - '0');
		if (v > (i128)max)
			return -1; /* only grows from here */
	}
	for (int d = (int)fp; d < scale; d++)
		v *= 10;
	if (v > (i128)max)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

static void
check_money(const char *s)
{
	int64_t v = -1, r = -1, back = -1;
	int rc = money_parse(s, &v), rrc = ref_fixed(s, 2, 0, MONEY_MAX, &r);
	char b[32];

	FUZZ_CHECK(rc == rrc, "money_parse(\"%s\") = %d, reference %d", s, rc, rrc);
	if (rc != 0)
		return;
	FUZZ_CHECK(
	    v == r, "money_parse(\"%s\") = %lld, reference %lld", s, (long long)v, (long long)r);
	FUZZ_CHECK(v >= 0 && v <= MONEY_MAX, "money %lld out of range", (long long)v);
	money_format(v, b, sizeof(b));
	FUZZ_CHECK(money_parse(b, &back) == 0 && back == v, "money %lld -> \"%s\" -> %lld",
	    (long long)v, b, (long long)back);
}

static void
check_fixed(const char *s)
{
	for (int scale = 0; scale <= 4; scale++) {
		int64_t v = -1, r = -1;
		int rc = money_fixed_parse(s, scale, MONEY_MAX, &v);
		int rrc = ref_fixed(s, scale, 0, MONEY_MAX, &r);

		FUZZ_CHECK(rc == rrc, "money_fixed_parse(\"%s\", %d) = %d, reference %d", s, scale,
		    rc, rrc);
		FUZZ_CHECK(rc != 0 || v == r,
		    "money_fixed_parse(\"%s\", %d) = %lld, reference %lld", s, scale, (long long)v,
		    (long long)r);
	}
}

static void
check_odds(const char *s)
{
	int32_t o = -1, back = -1;
	int64_t r = -1;
	int rc = odds_parse(s, &o), rrc = ref_fixed(s, 3, 0, ODDS_MAX, &r);
	char b[16];

	if (rrc == 0 && r < ODDS_MIN)
		rrc = -1;
	FUZZ_CHECK(rc == rrc, "odds_parse(\"%s\") = %d, reference %d", s, rc, rrc);
	if (rc != 0)
		return;
	FUZZ_CHECK(o == r && o >= ODDS_MIN && o <= ODDS_MAX, "odds_parse(\"%s\") = %d", s, o);
	odds_format(o, b, sizeof(b));
	FUZZ_CHECK(odds_parse(b, &back) == 0 && back == o, "odds %d -> \"%s\" -> %d", o, b, back);
}

static void
check_line(const char *s)
{
	int32_t l = -1, back = -1;
	int64_t r = -1;
	int rc = odds_line_parse(s, &l), rrc = ref_fixed(s, 2, 1, 100000, &r);
	char b[32];

	if (rrc == 0 && r % 25 != 0)
		rrc = -1;
	FUZZ_CHECK(rc == rrc, "odds_line_parse(\"%s\") = %d, reference %d", s, rc, rrc);
	if (rc != 0)
		return;
	FUZZ_CHECK(l == r && l >= -100000 && l <= 100000 && l % 25 == 0,
	    "odds_line_parse(\"%s\") = %d", s, l);
	for (int plus = 0; plus < 2; plus++) {
		odds_line_format(l, plus, b, sizeof(b));
		FUZZ_CHECK(odds_line_parse(b, &back) == 0 && back == l, "line %d -> \"%s\" -> %d",
		    l, b, back);
		FUZZ_CHECK(l >= 0 || b[0] == '-', "line %d -> \"%s\": sign lost", l, b);
		FUZZ_CHECK(!plus || l <= 0 || b[0] == '+', "line %d -> \"%s\": no plus", l, b);
	}
}

static void
check_american(int32_t am)
{
	int32_t o = -1;
	int rc = odds_from_american(am, &o), rrc = -1;
	int64_t r = 0;

	if (am >= 100) {
		r = 1000 + (int64_t)am * 10;
		rrc = 0;
	} else if (am <= -100) {
		int64_t m = -(int64_t)am, q = 100000 / m, rem = 100000 % m;

		r = 1000 + q + (2 * rem >= m);
		rrc = 0;
	}
	if (rrc == 0 && (r < ODDS_MIN || r > ODDS_MAX))
		rrc = -1;
	FUZZ_CHECK(rc == rrc, "odds_from_american(%d) = %d, reference %d", am, rc, rrc);
	FUZZ_CHECK(
	    rc != 0 || o == r, "odds_from_american(%d) = %d, reference %lld", am, o, (long long)r);
}

static void
check_payout(int64_t stake, int32_t odds)
{
	i128 want = (i128)stake * odds / 1000;

	FUZZ_CHECK(money_payout(stake, odds) == (int64_t)want,
	    "money_payout(%lld, %d) = %lld, want %lld", (long long)stake, odds,
	    (long long)money_payout(stake, odds), (long long)want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int64_t stake;
	int32_t odds;

	check_money(s);
	check_fixed(s);
	check_odds(s);
	check_line(s);
	if (size >= 4) {
		uint32_t u = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		    (uint32_t)data[3] << 24;

		check_american((int32_t)u);
		check_american((int32_t)(u % 200000) - 100000);
	}
	/* the payout of a parsed stake at parsed odds ("12.50@2.10") */
	{
		char *at = strchr(s, '@');

		if (at != NULL) {
			*at = '\0';
			if (money_parse(s, &stake) == 0 && odds_parse(at + 1, &odds) == 0)
				check_payout(stake, odds);
		}
	}
	free(s);
	return 0;
}
