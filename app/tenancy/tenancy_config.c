/*
 * The pure part of tenancy: host names, colours and a tenant's configuration
 * (tenants/<slug>/tenant.json) as `tailgate tenant add` checks it and the
 * workers apply it. No I/O; tests/unit/test_misc.c and
 * tests/fuzz/fuzz_tenant.c cover it.
 */
#include "tenancy.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* Stakes per bet unless tenant.json sets "limits": 1.00 to 10,000.00. */
#define MIN_STAKE_DEFAULT 100
#define MAX_STAKE_DEFAULT 1000000

int
tenancy_color_valid(const char *c)
{
	size_t n = c ? strlen(c) : 0;

	if (!(n == 4 || n == 7) || c[0] != '#')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isxdigit((unsigned char)c[i]))
			return 0;
	return 1;
}

/* The brand colours of tenant.json's "branding" and their defaults (a light
 * theme); brand.css makes them the CSS variables of static/css/app.css. */
static const char *const color_keys[] = { "primary", "accent", "background", "surface", "text",
	"profit", "loss" };
static const char *const color_defaults[] = { "#1f6feb", "#f59e0b", "#f6f8fa", "#ffffff", "#1f2328",
	"#1a7f37", "#c62828" };
enum { C_PRIMARY, C_ACCENT, C_BACKGROUND, C_SURFACE, C_TEXT, C_PROFIT, C_LOSS, C_N };

/* WCAG 2 relative luminance of a valid #rgb or #rrggbb colour. */
static double
luminance(const char *c)
{
	static const double w[3] = { 0.2126, 0.7152, 0.0722 };
	int six = strlen(c) == 7;
	double y = 0;

	for (int i = 0; i < 3; i++) {
		char hex[3] = { c[1 + i * (six ? 2 : 1)], c[six ? 2 + i * 2 : 1 + i], '\0' };
		double s = (double)strtol(hex, NULL, 16) / 255.0;

		s = s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
		y += w[i] * s;
	}
	return y;
}

double
tenancy_color_contrast(const char *a, const char *b)
{
	double la = luminance(a), lb = luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

const char *
tenancy_color_ink(const char *bg)
{
	return tenancy_color_contrast(bg, "#ffffff") >= tenancy_color_contrast(bg, "#111111")
	    ? "#ffffff"
	    : "#111111";
}

char *
tenancy_host_normalise(struct arena *a, const char *host)
{
	size_t n;
	char *h, *colon;

	if (host == NULL || *host == '\0' || strlen(host) > 255 || host[0] == '[')
		return NULL;
	if ((h = arena_strdup(a, host)) == NULL)
		return NULL;
	if ((colon = strchr(h, ':')) != NULL)
		*colon = '\0';
	n = strlen(h);
	if (n && h[n - 1] == '.')
		h[--n] = '\0';
	/* no empty label, so that the result normalises to itself */
	if (n == 0 || h[0] == '.' || h[n - 1] == '.' || strstr(h, "..") != NULL)
		return NULL;
	for (char *p = h; *p; p++) {
		if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '.'))
			return NULL;
		*p = (char)tolower((unsigned char)*p);
	}
	return h;
}

static void
copy_str(char *dst, size_t sz, json_t *obj, const char *key, const char *def)
{
	const char *v = json_string_value(json_object_get(obj, key));

	snprintf(dst, sz, "%s", v && strlen(v) < sz ? v : def);
}

/* A positive count limit from tenant.json, or 0 (the server's default). */
static int
limit_value(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 1 &&
	        json_integer_value(v) <= TENANCY_LIMIT_MAX
	    ? (int)json_integer_value(v)
	    : 0;
}

/* The names a "features" object sets to false (a name too long to hold
 * cannot name a route's feature, so it is not kept). */
static void
features_off(struct tenancy_tenant *t, json_t *f)
{
	const char *k;
	json_t *v;

	t->nfeatures_off = 0;
	json_object_foreach(f, k, v)
	{
		if (!json_is_false(v) || strlen(k) >= sizeof(t->features_off[0]) ||
		    t->nfeatures_off == TENANCY_FEATURES_MAX)
			continue;
		snprintf(t->features_off[t->nfeatures_off++], sizeof(t->features_off[0]), "%s", k);
	}
}

int
tenancy_feature_on(const struct tenancy_tenant *t, const char *feature)
{
	for (int i = 0; i < t->nfeatures_off; i++)
		if (strcmp(t->features_off[i], feature) == 0)
			return 0;
	return 1;
}

void
tenancy_config_apply(struct tenancy_tenant *t, const char *config)
{
	json_t *j = json_loads(config ? config : "{}", 0, NULL), *b;
	char *cols[C_N] = { t->primary, t->accent, t->background, t->surface, t->text, t->profit,
		t->loss };

	b = j ? json_object_get(j, "branding") : NULL;
	for (size_t i = 0; i < C_N; i++) {
		copy_str(cols[i], 16, b, color_keys[i], color_defaults[i]);
		if (!tenancy_color_valid(cols[i]))
			snprintf(cols[i], 16, "%s", color_defaults[i]);
	}
	copy_str(t->tagline, sizeof(t->tagline), b, "tagline", "");
	copy_str(t->logo, sizeof(t->logo), b, "logo", "/static/img/logo.svg");
	copy_str(t->font, sizeof(t->font), b, "font", "system-ui");
	copy_str(t->money_mode, sizeof(t->money_mode), j, "money_mode", "play");
	/* one of the two modes, whatever the stored text says (code compares
	 * with either name) */
	if (strcmp(t->money_mode, "real") != 0)
		snprintf(t->money_mode, sizeof(t->money_mode), "play");
	copy_str(t->currency, sizeof(t->currency), j, "currency", "EUR");
	{
		json_t *c = j ? json_object_get(j, "signup_credit") : NULL;

		/* play-money brands start members with 1,000.00 unless configured */
		t->signup_credit = json_is_integer(c) && json_integer_value(c) >= 0 &&
		        json_integer_value(c) <= MONEY_MAX
		    ? json_integer_value(c)
		    : strcmp(t->money_mode, "play") == 0 ? 100000
		                                         : 0;
	}
	{
		json_t *l = j ? json_object_get(j, "limits") : NULL;
		json_t *mn = json_object_get(l, "min_stake"), *mx = json_object_get(l, "max_stake");

		/* the defaults unless configured (tenancy_config_check validated them) */
		t->min_stake = json_is_integer(mn) ? json_integer_value(mn) : MIN_STAKE_DEFAULT;
		t->max_stake = json_is_integer(mx) ? json_integer_value(mx) : MAX_STAKE_DEFAULT;
		if (t->min_stake < 1 || t->max_stake > MONEY_MAX || t->min_stake > t->max_stake) {
			t->min_stake = MIN_STAKE_DEFAULT;
			t->max_stake = MAX_STAKE_DEFAULT;
		}
		t->signup_ip_limit =
		    limit_value(json_object_get(l, "signups_per_address_per_hour"));
		t->signup_brand_limit = limit_value(json_object_get(l, "signups_per_hour"));
	}
	{
		json_t *f =
		    j ? json_object_get(json_object_get(j, "features"), "copy_trading") : NULL;
		json_t *c = j ? json_object_get(j, "copy") : NULL;
		json_t *cap = json_object_get(c, "hard_cap_bp"),
		       *ms = json_object_get(c, "min_settled_bets");

		t->copy_trading = f == NULL || json_is_true(f);
		features_off(t, j ? json_object_get(j, "features") : NULL);
		t->copy_hard_cap_bp = json_is_integer(cap) && json_integer_value(cap) >= 1 &&
		        json_integer_value(cap) <= 10000
		    ? (int)json_integer_value(cap)
		    : 500;
		t->copy_min_settled = json_is_integer(ms) && json_integer_value(ms) >= 0 &&
		        json_integer_value(ms) <= 100000
		    ? (int)json_integer_value(ms)
		    : 10;
	}
	memset(t->providers, 0, sizeof(t->providers));
	{
		json_t *p = j ? json_object_get(j, "providers") : NULL, *v;
		const char *k;
		size_t n = 0;

		json_object_foreach(p, k, v)
		{
			if (n == TENANCY_PROVIDERS_MAX || !json_is_string(v))
				break;
			snprintf(
			    t->providers[n].provider, sizeof(t->providers[n].provider), "%s", k);
			snprintf(t->providers[n].account, sizeof(t->providers[n].account), "%s",
			    json_string_value(v));
			n++;
		}
	}
	json_decref(j);
}

/* An optional member: absent, or a string of 1..size-1 bytes (what a
 * tenant's char[size] field holds whole). */
static int
fits(json_t *obj, const char *key, size_t size)
{
	json_t *v = json_object_get(obj, key);

	return v == NULL ||
	    (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) < size &&
	        strlen(json_string_value(v)) == json_string_length(v));
}

/* Everything accepted here is applied as written by tenancy_config_apply
 * (tests/fuzz/fuzz_tenant.c checks it): a value the tenant cannot hold is
 * refused, never replaced by a default. */
const char *
tenancy_config_check(json_t *j, const char *slug)
{
	static const struct tenancy_tenant t;
	json_t *doms = json_object_get(j, "domains"), *b = json_object_get(j, "branding"), *d;
	json_t *mmj = json_object_get(j, "money_mode"), *f = json_object_get(j, "features");
	const char *mm = json_string_value(mmj);
	const char *col[C_N];
	size_t i;

	if (!json_is_string(json_object_get(j, "name")) ||
	    strlen(json_string_value(json_object_get(j, "name"))) == 0 ||
	    !fits(j, "name", sizeof(t.name)))
		return "\"name\" must be a non-empty string of at most 127 bytes";
	if (json_object_get(j, "slug") &&
	    (!json_is_string(json_object_get(j, "slug")) ||
	        strcmp(json_string_value(json_object_get(j, "slug")), slug) != 0))
		return "\"slug\" does not match the folder name";
	if (!json_is_array(doms) || json_array_size(doms) == 0)
		return "\"domains\" must be a non-empty list";
	json_array_foreach(doms, i, d)
	{
		struct arena *a = arena_new(512);
		const char *h = json_string_value(d);
		char *n = h ? tenancy_host_normalise(a, h) : NULL;
		int ok = n != NULL && strcmp(n, h) == 0;

		arena_free(a);
		if (!ok)
			return "every domain must be a lowercase host name without a port";
	}
	if (mmj != NULL && (mm == NULL || (strcmp(mm, "play") != 0 && strcmp(mm, "real") != 0)))
		return "\"money_mode\" must be \"play\" or \"real\"";
	if (!fits(j, "currency", sizeof(t.currency)))
		return "\"currency\" must be a code of at most 7 bytes, such as \"EUR\"";
	if (json_object_get(j, "signup_credit") != NULL &&
	    (!json_is_integer(json_object_get(j, "signup_credit")) ||
	        json_integer_value(json_object_get(j, "signup_credit")) < 0 ||
	        json_integer_value(json_object_get(j, "signup_credit")) > MONEY_MAX ||
	        (mm != NULL && strcmp(mm, "real") == 0 &&
	            json_integer_value(json_object_get(j, "signup_credit")) != 0)))
		return "\"signup_credit\" must be a non-negative integer in minor units up to "
		       "10^14 (and 0 for real money)";
	if (json_object_get(j, "limits") != NULL) {
		json_t *l = json_object_get(j, "limits");
		json_t *mn = json_object_get(l, "min_stake"), *mx = json_object_get(l, "max_stake");
		json_int_t lo = json_is_integer(mn) ? json_integer_value(mn) : MIN_STAKE_DEFAULT;
		json_int_t hi = json_is_integer(mx) ? json_integer_value(mx) : MAX_STAKE_DEFAULT;
		const char *counts[] = { "signups_per_hour", "signups_per_address_per_hour" };

		/* an absent bound keeps its default, which the other must respect */
		if (!json_is_object(l) || (mn && !json_is_integer(mn)) ||
		    (mx && !json_is_integer(mx)) || lo < 1 || hi > MONEY_MAX || lo > hi)
			return "\"limits\" must hold integer min_stake >= 1 and max_stake >= min_stake "
			       "(minor units; defaults 100 and 1000000)";
		for (i = 0; i < TG_NELEM(counts); i++) {
			json_t *c = json_object_get(l, counts[i]);

			if (c != NULL &&
			    (!json_is_integer(c) || json_integer_value(c) < 1 ||
			        json_integer_value(c) > TENANCY_LIMIT_MAX))
				return "\"limits\": signups_per_hour and signups_per_address_per_hour "
				       "must be integers from 1 to 1000000";
		}
	}
	if (json_object_get(j, "copy") != NULL) {
		json_t *c = json_object_get(j, "copy");
		json_t *cap = json_object_get(c, "hard_cap_bp"),
		       *ms = json_object_get(c, "min_settled_bets");

		if (!json_is_object(c) ||
		    (cap &&
		        (!json_is_integer(cap) || json_integer_value(cap) < 1 ||
		            json_integer_value(cap) > 10000)) ||
		    (ms &&
		        (!json_is_integer(ms) || json_integer_value(ms) < 0 ||
		            json_integer_value(ms) > 100000)))
			return "\"copy\" may hold hard_cap_bp (1..10000, basis points of the "
			       "follower's bankroll) and min_settled_bets (0..100000)";
	}
	if (f != NULL &&
	    (!json_is_object(f) ||
	        (json_object_get(f, "copy_trading") != NULL &&
	            !json_is_boolean(json_object_get(f, "copy_trading")))))
		return "\"features\" must be an object of true/false switches (copy_trading)";
	if (json_object_get(j, "providers") != NULL) {
		json_t *p = json_object_get(j, "providers"), *v;
		const char *k;
		int ok = json_is_object(p) && json_object_size(p) <= TENANCY_PROVIDERS_MAX;

		json_object_foreach(p, k, v) ok = ok && conf_provider_name_ok(k, strlen(k)) &&
		    json_is_string(v) &&
		    conf_provider_name_ok(json_string_value(v), json_string_length(v));
		if (!ok)
			return "\"providers\" must map at most 4 provider names to account names "
			       "(each 1 to 24 of a-z, 0-9 and -), e.g. {\"stripe\": \"acme\"}";
	}
	if (b != NULL && !json_is_object(b))
		return "\"branding\" must be an object";
	for (i = 0; i < C_N; i++) {
		json_t *c = json_object_get(b, color_keys[i]);

		if (c != NULL && (!json_is_string(c) || !tenancy_color_valid(json_string_value(c))))
			return "branding colours must be #rgb or #rrggbb";
		col[i] = c != NULL ? json_string_value(c) : color_defaults[i];
	}
	/* readable as applied (WCAG AA, 4.5:1): text, gains and losses on both
	 * grounds (tests/e2e/contrast.mjs checks every page) */
	for (i = C_TEXT; i <= C_LOSS; i++)
		if (tenancy_color_contrast(col[i], col[C_BACKGROUND]) < 4.5 ||
		    tenancy_color_contrast(col[i], col[C_SURFACE]) < 4.5)
			return "branding text, profit and loss colours must reach a contrast of 4.5:1 "
			       "on both background and surface (WCAG AA)";
	if (!fits(b, "tagline", sizeof(t.tagline)) || !fits(b, "logo", sizeof(t.logo)) ||
	    !fits(b, "font", sizeof(t.font)))
		return "branding tagline and logo must be text of at most 255 bytes, font of at "
		       "most 63";
	return NULL;
}
