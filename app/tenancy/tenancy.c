/* Host -> tenant cache and tenant lifecycle. */
#include "tenancy.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../db/db.h"

struct domain {
	char host[256];
	int tenant;
};

static struct tenancy_tenant *tenants;
static size_t ntenants;
static struct domain *domains;
static size_t ndomains;
static long long loaded_version = -1, seen_version = -1;
static uint64_t last_miss_reload_us;

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
	if (n == 0)
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
	    json_integer_value(v) <= TENANCY_LIMIT_MAX ? (int)json_integer_value(v) : 0;
}

static void
apply_config(struct tenancy_tenant *t, const char *config)
{
	json_t *j = json_loads(config ? config : "{}", 0, NULL), *b;
	char *cols[] = { t->primary, t->accent, t->background, t->surface, t->text };
	const char *keys[] = { "primary", "accent", "background", "surface", "text" };
	const char *defs[] = { "#1f6feb", "#f59e0b", "#f6f8fa", "#ffffff", "#1f2328" };

	b = j ? json_object_get(j, "branding") : NULL;
	for (size_t i = 0; i < TG_NELEM(cols); i++) {
		copy_str(cols[i], 16, b, keys[i], defs[i]);
		if (!tenancy_color_valid(cols[i]))
			snprintf(cols[i], 16, "%s", defs[i]);
	}
	copy_str(t->tagline, sizeof(t->tagline), b, "tagline", "");
	copy_str(t->logo, sizeof(t->logo), b, "logo", "/static/img/logo.svg");
	copy_str(t->font, sizeof(t->font), b, "font", "system-ui");
	copy_str(t->money_mode, sizeof(t->money_mode), j, "money_mode", "play");
	copy_str(t->currency, sizeof(t->currency), j, "currency", "EUR");
	{
		json_t *c = j ? json_object_get(j, "signup_credit") : NULL;

		/* play-money brands start members with 1,000.00 unless configured */
		t->signup_credit = json_is_integer(c) && json_integer_value(c) >= 0 &&
		    json_integer_value(c) <= MONEY_MAX ? json_integer_value(c)
		    : strcmp(t->money_mode, "play") == 0 ? 100000 : 0;
	}
	{
		json_t *l = j ? json_object_get(j, "limits") : NULL;
		json_t *mn = json_object_get(l, "min_stake"), *mx = json_object_get(l, "max_stake");

		/* 1.00 to 10,000.00 unless configured (tenancy_add validated them) */
		t->min_stake = json_is_integer(mn) ? json_integer_value(mn) : 100;
		t->max_stake = json_is_integer(mx) ? json_integer_value(mx) : 1000000;
		if (t->min_stake < 1 || t->max_stake > MONEY_MAX || t->min_stake > t->max_stake) {
			t->min_stake = 100;
			t->max_stake = 1000000;
		}
		t->signup_ip_limit = limit_value(json_object_get(l, "signups_per_address_per_hour"));
		t->signup_brand_limit = limit_value(json_object_get(l, "signups_per_hour"));
	}
	{
		json_t *f = j ? json_object_get(json_object_get(j, "features"), "copy_trading") : NULL;
		json_t *c = j ? json_object_get(j, "copy") : NULL;
		json_t *cap = json_object_get(c, "hard_cap_bp"), *ms = json_object_get(c, "min_settled_bets");

		t->copy_trading = f == NULL || json_is_true(f);
		t->copy_hard_cap_bp = json_is_integer(cap) && json_integer_value(cap) >= 1 &&
		    json_integer_value(cap) <= 10000 ? (int)json_integer_value(cap) : 500;
		t->copy_min_settled = json_is_integer(ms) && json_integer_value(ms) >= 0 &&
		    json_integer_value(ms) <= 100000 ? (int)json_integer_value(ms) : 10;
	}
	json_decref(j);
}

int
tenancy_load(void)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT t.slug, t.name, t.status, t.config::text, d.domain, "
	    "(SELECT v FROM platform.tenancy_version) "
	    "FROM platform.tenants t LEFT JOIN platform.tenant_domains d ON d.tenant_slug = t.slug "
	    "ORDER BY t.slug, d.domain", 0);
	struct arena *a = arena_new(4096);
	PGresult *r;
	struct tenancy_tenant *nt = NULL;
	struct domain *nd = NULL;
	size_t nn = 0, ndn = 0;
	int rows;

	if (a == NULL)
		return -1;
	if (db_ensure() != DB_OK || (r = db_query(a, &q, NULL)) == NULL) {
		arena_free(a);
		return -1;
	}
	rows = db_rows(r);
	nt = calloc((size_t)rows + 1, sizeof(*nt));
	nd = calloc((size_t)rows + 1, sizeof(*nd));
	if (nt == NULL || nd == NULL) {
		free(nt);
		free(nd);
		arena_free(a);
		return -1;
	}
	for (int i = 0; i < rows; i++) {
		const char *slug = db_val(r, i, 0);

		if (nn == 0 || strcmp(nt[nn - 1].slug, slug) != 0) {
			struct tenancy_tenant *t = &nt[nn++];

			snprintf(t->slug, sizeof(t->slug), "%s", slug);
			snprintf(t->name, sizeof(t->name), "%s", db_val(r, i, 1));
			t->active = strcmp(db_val(r, i, 2), "active") == 0;
			if (db_tenant_schema(slug, t->schema) != 0)
				t->active = 0; /* a row the CHECK constraint should have refused */
			apply_config(t, db_val(r, i, 3));
		}
		if (db_val(r, i, 4) != NULL) {
			snprintf(nd[ndn].host, sizeof(nd[ndn].host), "%s", db_val(r, i, 4));
			nd[ndn].tenant = (int)nn - 1;
			ndn++;
		}
		loaded_version = db_ll(r, i, 5);
	}
	free(tenants);
	free(domains);
	tenants = nt;
	ntenants = nn;
	domains = nd;
	ndomains = ndn;
	if (rows == 0)
		loaded_version = 0;
	seen_version = loaded_version;
	arena_free(a);
	return 0;
}

const struct tenancy_tenant *
tenancy_resolve(const char *host)
{
	for (int pass = 0; pass < 2; pass++) {
		uint64_t now;

		for (size_t i = 0; host != NULL && i < ndomains; i++)
			if (strcmp(domains[i].host, host) == 0)
				return &tenants[domains[i].tenant];
		now = util_now_us();
		if (pass == 1 || now - last_miss_reload_us < 1000000)
			break;
		last_miss_reload_us = now;
		if (tenancy_load() != 0)
			break;
	}
	return NULL;
}

const struct tenancy_tenant *
tenancy_by_slug(const char *slug)
{
	for (size_t i = 0; i < ntenants; i++)
		if (strcmp(tenants[i].slug, slug) == 0)
			return &tenants[i];
	return NULL;
}

void
tenancy_note_version(long long v)
{
	seen_version = v;
}

int
tenancy_reload_if_stale(void)
{
	if (seen_version == loaded_version)
		return 0;
	return tenancy_load();
}

size_t
tenancy_count(void)
{
	return ntenants;
}

const struct tenancy_tenant *
tenancy_at(size_t i)
{
	return i < ntenants ? &tenants[i] : NULL;
}
