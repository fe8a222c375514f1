/*
 * libFuzzer driver: the bet slip's price rule (bets_price_acceptable in
 * app/bets/bets_grade.c): may a bet placed at the price the member saw go
 * through at the current price?
 *
 * Input: seen and now (int32, little-endian), the acceptance (a byte, any
 * value: unknown ones must behave like "none") and the tolerance in basis
 * points (int32); anything after the first 13 bytes is ignored. Checked
 * against the rule written out in 128-bit arithmetic: the same price always
 * goes through; "better" takes a higher price only; "any" takes a change
 * of at most tolerance/10000 of the seen price, and only for a tolerance
 * of 0..10000; "none" takes nothing else. Also: with "any", a tolerance
 * one higher never refuses what a lower one took.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bets/bets.h"

#include "fuzz.h"

typedef __int128 i128;

static int32_t
le32(const uint8_t *p)
{
	return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static int
ref(int32_t seen, int32_t now, int accept, int32_t tol)
{
	i128 diff = (i128)now - seen;

	if (now == seen)
		return 1;
	if (accept == BETS_ACCEPT_BETTER)
		return now > seen;
	if (accept == BETS_ACCEPT_ANY)
		return tol >= 0 && tol <= 10000 &&
		    (diff < 0 ? -diff : diff) * 10000 <= (i128)seen * tol;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int32_t seen, now, tol;
	int accept, got;

	if (size < 13)
		return 0;
	seen = le32(data);
	now = le32(data + 4);
	accept = data[8] % 4; /* 3: not an acceptance */
	tol = le32(data + 9);
	/* half the inputs within real prices and tolerances, where it matters */
	if (data[8] & 0x80) {
		seen = ODDS_MIN + (int32_t)((uint32_t)seen % (ODDS_MAX - ODDS_MIN + 1));
		now = ODDS_MIN + (int32_t)((uint32_t)now % (ODDS_MAX - ODDS_MIN + 1));
		tol = (int32_t)((uint32_t)tol % 10002) - 1;
	}
	got = bets_price_acceptable(seen, now, (enum bets_accept)accept, tol);
	FUZZ_CHECK(got == ref(seen, now, accept, tol), "bets_price_acceptable(%d, %d, %d, %d) = %d",
	    seen, now, accept, tol, got);
	if (accept == BETS_ACCEPT_ANY && got && tol >= 0 && tol < 10000)
		FUZZ_CHECK(bets_price_acceptable(seen, now, BETS_ACCEPT_ANY, tol + 1),
		    "tolerance %d takes %d -> %d but %d does not", tol, seen, now, tol + 1);
	return 0;
}
