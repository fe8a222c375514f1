/*
 * Placing a bet, from either door: the JSON API (POST /social/bets) and the
 * bet slip form (POST /bets). Both declare the same fields in the same order
 * (enum bets_place_field) with the same types; they differ only where the
 * transports differ (the API's amounts are whole minor units and its
 * probability a fraction, docs/api.md, Units; the form takes what a member
 * types, "12.50" and a percentage; the slip's key is the server's own). One
 * reader turns either table's values into typed arguments, and one function
 * places the bet for an actor; the handlers only render the outcome.
 */
#include "bets_int.h"

#include <string.h>

#include "../db/db.h"
#include "../tenancy/tenancy.h"

static const char *const accept_choices[] = { "none", "better", "any", NULL };

/* Tolerance for "any change" when the client names none: 5 % of the price. */
#define DEFAULT_TOLERANCE_BPS 500

static const char *
check_api_key(const char *v)
{
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return "must be printable ASCII without spaces";
	return NULL;
}

static const char *
check_slip_key(const char *v)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == ':' ||
		        *p == '.'))
			return "may hold only letters, digits and - _ : .";
	return NULL;
}

/* The entries both tables share; each table is in the order of enum
 * bets_place_field (bets.h), the designated indexes keep it so. */
#define BETS_SELECTION_FIELD                                                                  \
	[BETS_F_SELECTION] = { "selection_id", FT_INT, FF_REQUIRED, 1, INT64_MAX, NULL, NULL, \
		"Selection" }
#define BETS_ODDS_FIELD [BETS_F_ODDS] = { "odds", FT_ODDS, FF_REQUIRED, 0, 0, NULL, NULL, "Odds" }
#define BETS_COMMON_FIELDS                                                                \
	[BETS_F_ACCEPT] = { "accept_odds_change", FT_ENUM, 0, 0, 0, accept_choices, NULL, \
		"Price changes" },                                                        \
	[BETS_F_TOLERANCE] = { "odds_tolerance_bps", FT_INT, 0, 0, 2000, NULL, NULL,      \
		"Tolerance" },                                                            \
	[BETS_F_NOTES] = { "notes", FT_TEXT, 0, 0, 1000, NULL, NULL, "Notes" },           \
	[BETS_F_CONFIDENCE] = { "confidence", FT_INT, 0, 1, 10, NULL, NULL, "Confidence" }

/* The API: amounts in whole minor units, the probability a fraction. */
const struct http_field bets_place_fields[] = {
	BETS_SELECTION_FIELD,
	[BETS_F_STAKE] = { "stake", FT_MONEY, FF_REQUIRED | FF_MINOR, 1, MONEY_MAX, NULL, NULL,
	    "Stake" },
	BETS_ODDS_FIELD,
	BETS_COMMON_FIELDS,
	[BETS_F_WIN_PROBABILITY] = { "win_probability", FT_BP, FF_FRACTION, 1, 9999, NULL, NULL,
	    "Win probability" },
	[BETS_F_KEY] = { "idempotency_key", FT_STRING, FF_REQUIRED, 1, 80, NULL, check_api_key,
	    "Idempotency key" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* The slip: the stake as a member types it, the probability in percent. */
const struct http_field bets_slip_fields[] = {
	BETS_SELECTION_FIELD,
	[BETS_F_STAKE] = { "stake", FT_MONEY, FF_REQUIRED, 0, 0, NULL, NULL, "Stake" },
	BETS_ODDS_FIELD,
	BETS_COMMON_FIELDS,
	[BETS_F_WIN_PROBABILITY] = { "win_probability", FT_BP, 0, 1, 9999, NULL, NULL,
	    "Your win probability" },
	[BETS_F_KEY] = { "idempotency_key", FT_STRING, FF_REQUIRED, 16, 100, NULL, check_slip_key,
	    "Slip key" },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL },
};

void
bets_place_args_read(
    const struct http_value *v, enum bets_source channel, struct bets_place_args *out)
{
	memset(out, 0, sizeof(*out));
	out->selection_id = v[BETS_F_SELECTION].num;
	out->stake = v[BETS_F_STAKE].money;
	out->odds = v[BETS_F_ODDS].odds;
	/* accept_choices is in the order of enum bets_accept */
	out->accept =
	    v[BETS_F_ACCEPT].idx >= 0 ? (enum bets_accept)v[BETS_F_ACCEPT].idx : BETS_ACCEPT_NONE;
	out->tolerance_bps =
	    v[BETS_F_TOLERANCE].present ? (int)v[BETS_F_TOLERANCE].num : DEFAULT_TOLERANCE_BPS;
	out->notes = v[BETS_F_NOTES].str;
	out->confidence = v[BETS_F_CONFIDENCE].present ? (int)v[BETS_F_CONFIDENCE].num : 0;
	out->win_probability_bps =
	    v[BETS_F_WIN_PROBABILITY].present ? v[BETS_F_WIN_PROBABILITY].bp : 0;
	out->key = v[BETS_F_KEY].str;
	out->channel = channel;
}

int
bets_place_as(struct arena *a, const struct auth_actor *actor, const struct bets_place_args *in,
    struct bets_place_out *out)
{
	struct bets_place_req q;

	memset(&q, 0, sizeof(q));
	memset(out, 0, sizeof(*out));
	if (actor == NULL || actor->user_id == NULL || actor->tenant == NULL)
		return DB_ERR; /* only a member places a bet */
	q.user_id = actor->user_id;
	q.selection_id = in->selection_id;
	q.stake = in->stake;
	q.odds = in->odds;
	q.accept = in->accept;
	q.tolerance_bps = in->tolerance_bps;
	q.notes = in->notes;
	q.confidence = in->confidence;
	q.win_probability_bps = in->win_probability_bps;
	/* Keys live in the channel's namespace: the slip's key is per rendered
	 * slip (a double click is one bet), the API's the client's own. */
	q.idempotency_key = arena_printf(a, "%s:%s",
	    in->channel == BETS_SRC_WEB ? "slip" : bets_source_name(in->channel), in->key);
	q.source = in->channel;
	return bets_place(a, actor->tenant, &q, out);
}
