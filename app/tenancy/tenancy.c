/* Host -> tenant cache and tenant lifecycle. */
#include "tenancy.h"

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
tenancy_load(void)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT t.slug, t.name, t.status, t.config::text, d.domain, "
	    "(SELECT v FROM platform.tenancy_version) "
	    "FROM platform.tenants t LEFT JOIN platform.tenant_domains d ON d.tenant_slug = t.slug "
	    "ORDER BY t.slug, d.domain",
	    0);
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
			tenancy_config_apply(t, db_val(r, i, 3));
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

int64_t
tenancy_signup_credit(const char *slug)
{
	const struct tenancy_tenant *t;

	if (tenancy_count() == 0 && tenancy_load() != 0)
		return 0;
	t = tenancy_by_slug(slug);
	return t != NULL ? t->signup_credit : 0;
}

int
tenancy_cli_begin(const char *cmd, const char *slug)
{
	char schema[DB_SCHEMA_MAX];

	if (slug == NULL || db_tenant_schema(slug, schema) != 0) {
		fprintf(stderr, "tailgate %s: --tenant SLUG is required\n", cmd);
		return -1;
	}
	if (db_begin(schema, 0, NULL) != DB_OK) {
		fprintf(stderr, "tailgate %s: no tenant '%s'\n", cmd, slug);
		return -1;
	}
	return 0;
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
