/*
 * libFuzzer driver: host names and tenant configuration
 * (app/tenancy/tenancy_config.c).
 *
 *   - The input (up to a NUL) as a Host header: tenancy_host_normalise
 *     agrees with the rule written out here (at most 255 bytes, not an IPv6
 *     literal, port and one trailing dot dropped, then 1+ of [A-Za-z0-9.-]
 *     without an empty label, lower-cased) and is idempotent.
 *   - The input as tenant.json (loaded as `tailgate tenant add` loads it):
 *     whatever the text, tenancy_config_apply gives usable settings (valid
 *     colours, money mode play or real, 0 <= signup credit <= MONEY_MAX,
 *     1 <= min stake <= max stake <= MONEY_MAX, copy cap 1..10000, settled
 *     bets 0..100000); and when tenancy_config_check accepts a document,
 *     everything it sets is applied as written: nothing accepted is silently
 *     replaced by a default.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tenancy/tenancy.h"

#include "fuzz.h"

static void
check_host(struct arena *a, const char *in)
{
	const char *h = tenancy_host_normalise(a, in);
	char ref[256];
	size_t n = strcspn(in, ":");
	int ok = in[0] != '\0' && strlen(in) <= 255 && in[0] != '[';

	if (ok) {
		memcpy(ref, in, n);
		ref[n] = '\0';
		if (n > 0 && ref[n - 1] == '.')
			ref[--n] = '\0';
		ok = n > 0 && ref[0] != '.' && ref[n - 1] != '.' && strstr(ref, "..") == NULL &&
		    strspn(ref,
		        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		        "0123456789.-") == n;
		for (size_t i = 0; i < n; i++)
			ref[i] = (char)tolower((unsigned char)ref[i]);
	}
	FUZZ_CHECK((h != NULL) == ok, "tenancy_host_normalise('%s') = %s", in, h ? h : "NULL");
	if (h == NULL)
		return;
	FUZZ_CHECK(
	    strcmp(h, ref) == 0, "tenancy_host_normalise('%s') = '%s', want '%s'", in, h, ref);
	FUZZ_CHECK(strcmp(tenancy_host_normalise(a, h), h) == 0, "'%s' not idempotent", h);
}

static void
check_usable(const struct tenancy_tenant *t)
{
	const char *cols[] = { t->primary, t->accent, t->background, t->surface, t->text, t->profit,
		t->loss };

	for (size_t i = 0; i < TG_NELEM(cols); i++)
		FUZZ_CHECK(tenancy_color_valid(cols[i]), "colour %zu '%s'", i, cols[i]);
	FUZZ_CHECK(strcmp(t->money_mode, "play") == 0 || strcmp(t->money_mode, "real") == 0,
	    "money mode '%s'", t->money_mode);
	FUZZ_CHECK(t->signup_credit >= 0 && t->signup_credit <= MONEY_MAX, "signup credit %lld",
	    (long long)t->signup_credit);
	FUZZ_CHECK(t->min_stake >= 1 && t->min_stake <= t->max_stake && t->max_stake <= MONEY_MAX,
	    "stakes %lld..%lld", (long long)t->min_stake, (long long)t->max_stake);
	FUZZ_CHECK(t->copy_hard_cap_bp >= 1 && t->copy_hard_cap_bp <= 10000, "cap %d",
	    t->copy_hard_cap_bp);
	FUZZ_CHECK(t->copy_min_settled >= 0 && t->copy_min_settled <= 100000, "settled %d",
	    t->copy_min_settled);
	FUZZ_CHECK(
	    t->copy_trading == 0 || t->copy_trading == 1, "copy_trading %d", t->copy_trading);
}

/* A member the check accepted is applied as written. */
static void
same_str(json_t *obj, const char *key, const char *applied)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return;
	FUZZ_CHECK(json_is_string(v) && strcmp(json_string_value(v), applied) == 0,
	    "accepted %s is applied as '%s'", key, applied);
}

static void
same_int(json_t *obj, const char *key, long long applied)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return;
	FUZZ_CHECK(json_is_integer(v) && json_integer_value(v) == applied,
	    "accepted %s is applied as %lld", key, applied);
}

static void
check_config(const uint8_t *data, size_t size)
{
	struct tenancy_tenant t;
	json_error_t err;
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err), *b, *f;
	char *text;

	/* any stored text, even one that is not JSON, gives usable settings */
	text = fuzz_cstr(data, size);
	memset(&t, 0, sizeof(t));
	tenancy_config_apply(&t, text);
	check_usable(&t);
	free(text);
	if (j == NULL || tenancy_config_check(j, "demo") != NULL) {
		json_decref(j);
		return;
	}
	FUZZ_CHECK(json_is_object(j), "a non-object configuration accepted");
	/* the workers see it as the database stores it (jsonb text) */
	text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	FUZZ_CHECK(text != NULL, "accepted configuration does not dump");
	memset(&t, 0, sizeof(t));
	tenancy_config_apply(&t, text);
	check_usable(&t);
	FUZZ_CHECK(strlen(json_string_value(json_object_get(j, "name"))) < sizeof(t.name),
	    "accepted name does not fit the tenant's %zu bytes", sizeof(t.name));
	b = json_object_get(j, "branding");
	same_str(b, "primary", t.primary);
	same_str(b, "accent", t.accent);
	same_str(b, "background", t.background);
	same_str(b, "surface", t.surface);
	same_str(b, "text", t.text);
	same_str(b, "profit", t.profit);
	same_str(b, "loss", t.loss);
	same_str(b, "tagline", t.tagline);
	same_str(b, "logo", t.logo);
	same_str(b, "font", t.font);
	same_str(j, "money_mode", t.money_mode);
	same_str(j, "currency", t.currency);
	same_int(j, "signup_credit", t.signup_credit);
	same_int(json_object_get(j, "limits"), "min_stake", t.min_stake);
	same_int(json_object_get(j, "limits"), "max_stake", t.max_stake);
	same_int(json_object_get(j, "copy"), "hard_cap_bp", t.copy_hard_cap_bp);
	same_int(json_object_get(j, "copy"), "min_settled_bets", t.copy_min_settled);
	f = json_object_get(json_object_get(j, "features"), "copy_trading");
	FUZZ_CHECK(f == NULL || (json_is_boolean(f) && json_is_true(f) == t.copy_trading),
	    "accepted features.copy_trading is applied as %d", t.copy_trading);
	free(text);
	json_decref(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct arena *a = arena_new(1024);

	if (a == NULL)
		abort();
	check_host(a, s);
	check_config(data, size);
	arena_free(a);
	free(s);
	return 0;
}
