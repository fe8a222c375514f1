/*
 * libFuzzer driver: copy settings (copy_settings_apply and
 * copy_settings_json in app/copy/copy_settings.c, over app/http's shared
 * validator), the document a follower sends to start or change copying.
 *
 * The input is a JSON body (json_loadb with the production flags); the
 * parity of its first byte picks whether sports are checked against a
 * catalogue ('{' odd) or only for their form (a leading space); bet types
 * are always the market kinds. Applied over the defaults:
 *   - refused: 1..16 errors, each with a field and a message, and the
 *     settings unchanged;
 *   - accepted: no errors and every value within its documented bounds (mode,
 *     amounts, rates, odds, filters distinct, well formed and known,
 *     min_odds <= max_odds, the mode's own amount present); applying the
 *     same document again changes nothing; and the settings as stored
 *     (copy_settings_json, dumped and loaded again) apply over the defaults
 *     to the same settings.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "copy/copy.h"

#include "fuzz.h"

static const char *const sports[] = { "football", "basketball", "tennis", "american_football",
	"ice_hockey", NULL };
static const char *const kinds[] = { "1x2", "moneyline", "handicap", "total", NULL };

static int
known(const char *key, void *arg)
{
	for (const char *const *k = arg; *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

static void
check_keys(const char (*k)[COPY_KEY_LEN], size_t n, size_t max, const char *const *list)
{
	FUZZ_CHECK(n <= max, "%zu keys (at most %zu)", n, max);
	for (size_t i = 0; i < n; i++) {
		size_t len = strnlen(k[i], COPY_KEY_LEN);

		FUZZ_CHECK(len > 0 && len < COPY_KEY_LEN, "key %zu of length %zu", i, len);
		FUZZ_CHECK(strspn(k[i], "abcdefghijklmnopqrstuvwxyz0123456789_") == len,
		    "key '%s' is not [a-z0-9_]+", k[i]);
		FUZZ_CHECK(
		    list == NULL || known(k[i], (void *)list), "unknown key '%s' accepted", k[i]);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(k[i], k[j]) != 0, "key '%s' twice", k[i]);
	}
}

static void
check_bounds(const struct copy_settings *s, int catalogue)
{
	FUZZ_CHECK(s->mode >= COPY_FIXED_AMOUNT && s->mode <= COPY_KELLY, "mode %d", (int)s->mode);
	FUZZ_CHECK(s->fixed_amount >= 0 && s->fixed_amount <= MONEY_MAX, "fixed_amount %lld",
	    (long long)s->fixed_amount);
	FUZZ_CHECK(
	    s->mode != COPY_FIXED_AMOUNT || s->fixed_amount > 0, "fixed mode without amount");
	FUZZ_CHECK(
	    s->percentage_bp >= 0 && s->percentage_bp <= 10000, "percentage %d", s->percentage_bp);
	FUZZ_CHECK(s->mode != COPY_PERCENTAGE || s->percentage_bp > 0,
	    "percentage mode without percentage");
	FUZZ_CHECK(s->kelly_scaling_milli >= 1 && s->kelly_scaling_milli <= 1000, "kelly %d",
	    s->kelly_scaling_milli);
	check_keys(s->sports, s->nsports, COPY_SPORTS_MAX, catalogue ? sports : NULL);
	check_keys(s->bet_types, s->nbet_types, COPY_BET_TYPES_MAX, kinds);
	FUZZ_CHECK(s->min_odds == 0 || (s->min_odds >= ODDS_MIN && s->min_odds <= ODDS_MAX),
	    "min_odds %d", s->min_odds);
	FUZZ_CHECK(s->max_odds == 0 || (s->max_odds >= ODDS_MIN && s->max_odds <= ODDS_MAX),
	    "max_odds %d", s->max_odds);
	FUZZ_CHECK(!s->min_odds || !s->max_odds || s->min_odds <= s->max_odds, "min_odds %d > %d",
	    s->min_odds, s->max_odds);
	FUZZ_CHECK(s->has_min_edge ? s->min_edge_bp >= -10000 && s->min_edge_bp <= 100000
	                           : s->min_edge_bp == 0,
	    "min_edge %d", s->min_edge_bp);
	FUZZ_CHECK(s->max_bet_size >= 0 && s->max_bet_size <= MONEY_MAX, "max_bet_size");
	FUZZ_CHECK(
	    s->daily_loss_limit >= 0 && s->daily_loss_limit <= MONEY_MAX, "daily_loss_limit");
	FUZZ_CHECK(
	    s->monthly_loss_limit >= 0 && s->monthly_loss_limit <= MONEY_MAX, "monthly_loss_limit");
	FUZZ_CHECK(s->take_profit >= 0 && s->take_profit <= MONEY_MAX, "take_profit");
	FUZZ_CHECK(s->copy_delay_seconds >= 0 && s->copy_delay_seconds <= COPY_DELAY_MAX,
	    "copy_delay_seconds %d", s->copy_delay_seconds);
	FUZZ_CHECK(s->auto_copy_enabled == 0 || s->auto_copy_enabled == 1, "auto_copy_enabled %d",
	    s->auto_copy_enabled);
	FUZZ_CHECK(s->stop_drawdown_bp >= 1 && s->stop_drawdown_bp <= 10000, "drawdown %d",
	    s->stop_drawdown_bp);
	FUZZ_CHECK(s->reduce_streak >= 0 && s->reduce_streak <= COPY_STREAK_MAX, "streak %d",
	    s->reduce_streak);
	FUZZ_CHECK(s->has_max_slippage ? s->max_slippage_bp >= 0 && s->max_slippage_bp <= 10000
	                               : s->max_slippage_bp == 0,
	    "max_slippage %d", s->max_slippage_bp);
}

static int
same(const struct copy_settings *a, const struct copy_settings *b)
{
	json_t *ja = copy_settings_json(a), *jb = copy_settings_json(b);
	int eq;

	FUZZ_CHECK(ja != NULL && jb != NULL, "copy_settings_json failed");
	eq = json_equal(ja, jb);
	json_decref(ja);
	json_decref(jb);
	return eq;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct copy_settings s, before, again, back;
	struct copy_errors errs;
	static struct arena *a;
	int catalogue = size > 0 && (data[0] & 1), rc;
	const char *const *ks = catalogue ? sports : NULL;
	json_error_t jerr;
	json_t *doc, *stored, *loaded;
	char *dump;

	/* the errors live in the arena until the next input */
	if (a == NULL)
		a = arena_new(4096);
	else
		arena_reset(a);
	FUZZ_CHECK(a != NULL, "no arena");
	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	copy_settings_defaults(&s);
	before = s;
	rc = copy_settings_apply(a, &s, doc, ks, &errs);
	if (rc != 0) {
		FUZZ_CHECK(rc == -1, "copy_settings_apply = %d", rc);
		FUZZ_CHECK(errs.n >= 1 && errs.n <= 16, "refused with %zu errors", errs.n);
		for (size_t i = 0; i < errs.n; i++)
			FUZZ_CHECK(errs.field[i] != NULL && errs.msg[i] != NULL && errs.msg[i][0],
			    "error %zu without a field or a message", i);
		FUZZ_CHECK(memcmp(&s, &before, sizeof(s)) == 0, "refused settings changed");
		json_decref(doc);
		return 0;
	}
	FUZZ_CHECK(errs.n == 0, "accepted with %zu errors", errs.n);
	check_bounds(&s, catalogue);

	again = s;
	FUZZ_CHECK(copy_settings_apply(a, &again, doc, ks, &errs) == 0 && same(&s, &again),
	    "applying the same document twice differs (%zu errors, first %s: %s)", errs.n,
	    errs.n ? errs.field[0] : "", errs.n ? errs.msg[0] : "");

	stored = copy_settings_json(&s);
	FUZZ_CHECK(stored != NULL, "copy_settings_json failed");
	dump = json_dumps(stored, JSON_COMPACT);
	FUZZ_CHECK(dump != NULL, "stored settings do not dump");
	loaded = json_loads(dump, JSON_REJECT_DUPLICATES, &jerr);
	FUZZ_CHECK(loaded != NULL, "stored settings do not load: %s", dump);
	copy_settings_defaults(&back);
	rc = copy_settings_apply(a, &back, loaded, ks, &errs);
	FUZZ_CHECK(rc == 0, "stored settings %s refused: %s %s", dump, errs.n ? errs.field[0] : "",
	    errs.n ? errs.msg[0] : "");
	FUZZ_CHECK(same(&s, &back), "stored settings %s apply to other settings", dump);
	free(dump);
	json_decref(loaded);
	json_decref(stored);
	json_decref(doc);
	return 0;
}
