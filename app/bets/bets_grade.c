/* Grading and payouts: pure, no I/O (unit-tested in tests/unit/test_bets.c). */
#include "bets.h"

#include <string.h>

static const char *const outcome_names[] = {
	[BETS_WON] = "won",
	[BETS_LOST] = "lost",
	[BETS_PUSH] = "push",
	[BETS_VOID] = "void",
	[BETS_HALF_WON] = "half_won",
	[BETS_HALF_LOST] = "half_lost",
};

/* ---- names ---- */

static const struct {
	const char *name;
	int fans_out;
} sources[] = {
	[BETS_SRC_WEB] = { "web", 1 },
	[BETS_SRC_API] = { "api", 1 },
	[BETS_SRC_COPY] = { "copy", 0 },
	[BETS_SRC_SEED] = { "seed", 0 },
};

const char *
bets_source_name(enum bets_source s)
{
	return (size_t)s < TG_NELEM(sources) ? sources[s].name : "web";
}

int
bets_source_fans_out(enum bets_source s)
{
	return (size_t)s < TG_NELEM(sources) && sources[s].fans_out;
}

const char *
bets_outcome_name(enum bets_outcome o)
{
	if ((int)o < BETS_WON || (int)o > BETS_HALF_LOST)
		return NULL;
	return outcome_names[o];
}

int
bets_outcome_parse(const char *s, enum bets_outcome *out)
{
	if (s == NULL)
		return -1;
	for (int o = BETS_WON; o <= BETS_HALF_LOST; o++) {
		if (strcmp(s, outcome_names[o]) == 0) {
			*out = (enum bets_outcome)o;
			return 0;
		}
	}
	return -1;
}

/* One half of a line: > 0 wins, 0 pushes, < 0 loses (margins in hundredths). */
static int
sign(long m)
{
	return (m > 0) - (m < 0);
}

/* A whole or half line grades on its margin; a quarter line (-0.25, 2.75 ...)
 * is two bets of half the stake on the neighbouring lines, 25 either side. */
static enum bets_outcome
grade_margin(long margin, int line)
{
	int a, b;

	if (line % 50 == 0) {
		a = sign(margin);
		return a > 0 ? BETS_WON : a < 0 ? BETS_LOST : BETS_PUSH;
	}
	a = sign(margin - 25);
	b = sign(margin + 25);
	if (a > 0 && b > 0)
		return BETS_WON;
	if (a < 0 && b < 0)
		return BETS_LOST;
	/* adjacent halves are 50 apart: one decided, one pushed */
	return a + b > 0 ? BETS_HALF_WON : BETS_HALF_LOST;
}

int
bets_grade(
    const char *kind, int line, const char *outcome, int home, int away, enum bets_outcome *out)
{
	long diff = (long)(home - away) * 100, total = (long)(home + away) * 100;
	int is_home = strcmp(outcome, "home") == 0, is_away = strcmp(outcome, "away") == 0;

	if (home < 0 || away < 0 || line % 25 != 0)
		return -1;
	if (strcmp(kind, "1x2") == 0 && line == 0) {
		if (is_home || is_away || strcmp(outcome, "draw") == 0) {
			int won = is_home ? diff > 0 : is_away ? diff < 0 : diff == 0;

			*out = won ? BETS_WON : BETS_LOST;
			return 0;
		}
	} else if (strcmp(kind, "moneyline") == 0 && line == 0) {
		if (is_home || is_away) {
			*out = grade_margin(is_home ? diff : -diff, 0);
			return 0;
		}
	} else if (strcmp(kind, "handicap") == 0) {
		/* the line is the home side's: home -0.5 means away +0.5 */
		if (is_home || is_away) {
			*out = grade_margin(is_home ? diff + line : -diff - line, line);
			return 0;
		}
	} else if (strcmp(kind, "total") == 0 && line > 0) {
		if (strcmp(outcome, "over") == 0 || strcmp(outcome, "under") == 0) {
			long m = total - line;

			*out = grade_margin(strcmp(outcome, "over") == 0 ? m : -m, line);
			return 0;
		}
	}
	return -1;
}

int64_t
bets_payout(int64_t stake, int32_t odds, enum bets_outcome o)
{
	int64_t decided = stake - stake / 2, back = stake / 2;

	switch (o) {
	case BETS_WON:
		return money_payout(stake, odds);
	case BETS_HALF_WON:
		return money_payout(decided, odds) + back;
	case BETS_HALF_LOST:
		return back;
	case BETS_PUSH:
	case BETS_VOID:
		return stake;
	case BETS_LOST:
	default:
		return 0;
	}
}

int
bets_price_acceptable(int32_t seen, int32_t now, enum bets_accept accept, int tolerance_bps)
{
	if (now == seen)
		return 1;
	switch (accept) {
	case BETS_ACCEPT_BETTER:
		return now > seen;
	case BETS_ACCEPT_ANY:
		/* |now - seen| <= seen * tolerance, in 64-bit integers (the
		 * difference of two int32 prices may not fit an int32) */
		return tolerance_bps >= 0 && tolerance_bps <= 10000 &&
		    (now > seen ? (int64_t)now - seen : (int64_t)seen - now) * 10000 <=
		    (int64_t)seen * tolerance_bps;
	case BETS_ACCEPT_NONE:
	default:
		return 0;
	}
}

struct tg_err
bets_place_err(int rc)
{
	switch (rc) {
	case BETS_ERR_SELECTION:
		return TG_ERR(TG_NOT_FOUND, "unknown_selection",
		    "That selection does not exist or has no price.");
	case BETS_ERR_STARTED:
		return TG_ERR(TG_INVALID, "event_started",
		    "The event has already started: betting is closed.");
	case BETS_ERR_MARKET:
		return TG_ERR(
		    TG_INVALID, "market_closed", "This market is not open for betting right now.");
	case BETS_ERR_LIMITS:
		return TG_ERR(
		    TG_INVALID, "stake_out_of_limits", "The stake is outside this site's limits.");
	case BETS_ERR_PRICE:
		return TG_ERR(TG_CONFLICT, "price_changed", "The price has changed.");
	case BETS_ERR_FUNDS:
		return TG_ERR(TG_INVALID, "insufficient_funds",
		    "You do not have enough cash for this stake.");
	case BETS_ERR_KEY:
		return TG_ERR(TG_CONFLICT, "idempotency_key_reused",
		    "This idempotency key was already used for a different bet.");
	case BETS_PLACED:
	case BETS_DUPLICATE:
		return TG_OK_VAL;
	default:
		return TG_ERR(TG_INTERNAL, NULL, "The bet could not be placed.");
	}
}

const char *
bets_place_message(int rc)
{
	struct tg_err e = bets_place_err(rc);

	return tg_message(&e);
}
