/*
 * Tenant lifecycle, run with the admin connection by `tailgate tenant ...`.
 * Adding a tenant is idempotent: role, schema, platform rows and domains are
 * brought in line with tenants/<slug>/tenant.json, then the tenant's schema
 * is migrated.
 */
#include "tenancy.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../db/db.h"

static int
run(struct arena *a, struct db_stmt *st, const char *const *p)
{
	return db_query(a, st, p) != NULL ? 0 : -1;
}

static const char *
check_config(json_t *j, const char *slug)
{
	json_t *doms = json_object_get(j, "domains"), *b = json_object_get(j, "branding"), *d;
	const char *mm = json_string_value(json_object_get(j, "money_mode"));
	const char *keys[] = { "primary", "accent", "background", "surface", "text" };
	size_t i;

	if (!json_is_string(json_object_get(j, "name")) ||
	    strlen(json_string_value(json_object_get(j, "name"))) == 0)
		return "\"name\" must be a non-empty string";
	if (json_object_get(j, "slug") && (!json_is_string(json_object_get(j, "slug")) ||
	    strcmp(json_string_value(json_object_get(j, "slug")), slug) != 0))
		return "\"slug\" does not match the folder name";
	if (!json_is_array(doms) || json_array_size(doms) == 0)
		return "\"domains\" must be a non-empty list";
	json_array_foreach(doms, i, d) {
		struct arena *a = arena_new(512);
		const char *h = json_string_value(d);
		char *n = h ? tenancy_host_normalise(a, h) : NULL;
		int ok = n != NULL && strcmp(n, h) == 0;

		arena_free(a);
		if (!ok)
			return "every domain must be a lowercase host name without a port";
	}
	if (mm != NULL && strcmp(mm, "play") != 0 && strcmp(mm, "real") != 0)
		return "\"money_mode\" must be \"play\" or \"real\"";
	if (json_object_get(j, "signup_credit") != NULL &&
	    (!json_is_integer(json_object_get(j, "signup_credit")) ||
	    json_integer_value(json_object_get(j, "signup_credit")) < 0 ||
	    (mm != NULL && strcmp(mm, "real") == 0 &&
	    json_integer_value(json_object_get(j, "signup_credit")) != 0)))
		return "\"signup_credit\" must be a non-negative integer in minor units "
		    "(and 0 for real money)";
	if (json_object_get(j, "limits") != NULL) {
		json_t *l = json_object_get(j, "limits");
		json_t *mn = json_object_get(l, "min_stake"), *mx = json_object_get(l, "max_stake");

		const char *counts[] = { "signups_per_hour", "signups_per_address_per_hour" };

		if (!json_is_object(l) || (mn && !json_is_integer(mn)) || (mx && !json_is_integer(mx)) ||
		    (mn && json_integer_value(mn) < 1) || (mx && json_integer_value(mx) > MONEY_MAX) ||
		    (mn && mx && json_integer_value(mn) > json_integer_value(mx)))
			return "\"limits\" must hold integer min_stake >= 1 and max_stake >= min_stake "
			    "(minor units)";
		for (i = 0; i < TG_NELEM(counts); i++) {
			json_t *c = json_object_get(l, counts[i]);

			if (c != NULL && (!json_is_integer(c) || json_integer_value(c) < 1 ||
			    json_integer_value(c) > TENANCY_LIMIT_MAX))
				return "\"limits\": signups_per_hour and signups_per_address_per_hour "
				    "must be integers from 1 to 1000000";
		}
	}
	if (json_object_get(j, "copy") != NULL) {
		json_t *c = json_object_get(j, "copy");
		json_t *cap = json_object_get(c, "hard_cap_bp"), *ms = json_object_get(c, "min_settled_bets");

		if (!json_is_object(c) || (cap && (!json_is_integer(cap) || json_integer_value(cap) < 1 ||
		    json_integer_value(cap) > 10000)) || (ms && (!json_is_integer(ms) ||
		    json_integer_value(ms) < 0 || json_integer_value(ms) > 100000)))
			return "\"copy\" may hold hard_cap_bp (1..10000, basis points of the "
			    "follower's bankroll) and min_settled_bets (0..100000)";
	}
	for (i = 0; b != NULL && i < TG_NELEM(keys); i++) {
		const char *c = json_string_value(json_object_get(b, keys[i]));

		if (c != NULL && !tenancy_color_valid(c))
			return "branding colours must be #rgb or #rrggbb";
	}
	return NULL;
}

int
tenancy_add(const char *root, const char *slug)
{
	static struct db_stmt q_role = DB_STMT("SELECT 1 FROM pg_roles WHERE rolname = $1", 1);
	static struct db_stmt q_upsert = DB_STMT(
	    "INSERT INTO platform.tenants (slug, name, config) VALUES ($1, $2, $3::jsonb) "
	    "ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, config = EXCLUDED.config, "
	    "updated_at = now() WHERE (platform.tenants.name, platform.tenants.config) IS DISTINCT "
	    "FROM (EXCLUDED.name, EXCLUDED.config)", 3);
	static struct db_stmt q_owner = DB_STMT(
	    "SELECT tenant_slug FROM platform.tenant_domains WHERE domain = $1", 1);
	static struct db_stmt q_deldom = DB_STMT(
	    "DELETE FROM platform.tenant_domains WHERE tenant_slug = $1 AND NOT domain = ANY($2::text[])", 2);
	static struct db_stmt q_adddom = DB_STMT(
	    "INSERT INTO platform.tenant_domains (domain, tenant_slug) VALUES ($1, $2) "
	    "ON CONFLICT (domain) DO NOTHING", 2);
	struct arena *a = arena_new(8192);
	char path[1024], schema[DB_SCHEMA_MAX], *schema_id = NULL, *role_sql = NULL, *cfg = NULL;
	json_error_t err;
	json_t *j = NULL, *doms, *d;
	const char *msg;
	struct buf arr;
	size_t i;
	int rc = -1;

	buf_init(&arr);
	if (db_tenant_schema(slug, schema) != 0) {
		log_error("tenant slug '%s' must match ^[a-z][a-z0-9_]{1,36}$", slug);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/tenants/%s/tenant.json", root, slug);
	if ((j = json_load_file(path, JSON_REJECT_DUPLICATES, &err)) == NULL) {
		log_error("%s:%d: %s", path, err.line, err.text);
		goto out;
	}
	if ((msg = check_config(j, slug)) != NULL) {
		log_error("%s: %s", path, msg);
		goto out;
	}
	cfg = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	doms = json_object_get(j, "domains");

	if (db_begin(NULL, 0, NULL) != DB_OK)
		goto out;
	{
		PGresult *r;

		schema_id = PQescapeIdentifier(db_conn(), schema, strlen(schema));
		if ((r = db_query(a, &q_role, DB_P(schema))) == NULL)
			goto rollback;
		role_sql = arena_printf(a,
		    "%s GRANT %s TO tailgate_app; CREATE SCHEMA IF NOT EXISTS %s AUTHORIZATION %s;"
		    " REVOKE ALL ON SCHEMA %s FROM PUBLIC;",
		    db_rows(r) ? "" : arena_printf(a, "CREATE ROLE %s NOLOGIN;", schema_id),
		    schema_id, schema_id, schema_id, schema_id);
		if (db_exec_script(role_sql) != DB_OK)
			goto rollback;
	}
	if (run(a, &q_upsert, DB_P(slug, json_string_value(json_object_get(j, "name")), cfg)) != 0)
		goto rollback;
	buf_puts(&arr, "{");
	json_array_foreach(doms, i, d) {
		const char *h = json_string_value(d);
		PGresult *r = db_query(a, &q_owner, DB_P(h));

		if (r == NULL)
			goto rollback;
		if (db_rows(r) && strcmp(db_val(r, 0, 0), slug) != 0) {
			log_error("domain %s already belongs to tenant %s", h, db_val(r, 0, 0));
			goto rollback;
		}
		if (run(a, &q_adddom, DB_P(h, slug)) != 0)
			goto rollback;
		buf_printf(&arr, "%s\"%s\"", i ? "," : "", h); /* validated host names */
	}
	buf_puts(&arr, "}");
	if (run(a, &q_deldom, DB_P(slug, arr.p)) != 0)
		goto rollback;
	if (db_commit() != DB_OK)
		goto out;
	if (db_migrate_tenant(slug, arena_printf(a, "%s/migrations/tenant", root)) < 0)
		goto out;
	log_info("tenant %s ready (%zu domain%s)", slug, json_array_size(doms),
	    json_array_size(doms) == 1 ? "" : "s");
	rc = 0;
	goto out;
rollback:
	db_rollback();
out:
	if (schema_id != NULL)
		PQfreemem(schema_id);
	free(cfg);
	json_decref(j);
	buf_free(&arr);
	arena_free(a);
	return rc;
}

int
tenancy_set_status(const char *slug, int active)
{
	static struct db_stmt q = DB_STMT(
	    "UPDATE platform.tenants SET status = $2, updated_at = now() WHERE slug = $1", 2);
	struct arena *a = arena_new(1024);
	long long n = db_cmd(a, &q, DB_P(slug, active ? "active" : "disabled"));

	arena_free(a);
	if (n == 0)
		log_error("no tenant '%s'", slug);
	return n == 1 ? 0 : -1;
}

int
tenancy_list(FILE *f)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT t.slug, t.status, t.name, coalesce(string_agg(d.domain, ' ' ORDER BY d.domain), '') "
	    "FROM platform.tenants t LEFT JOIN platform.tenant_domains d ON d.tenant_slug = t.slug "
	    "GROUP BY t.slug ORDER BY t.slug", 0);
	struct arena *a = arena_new(4096);
	PGresult *r = db_query(a, &q, NULL);

	if (r == NULL) {
		arena_free(a);
		return -1;
	}
	fprintf(f, "%-20s %-9s %-30s %s\n", "SLUG", "STATUS", "NAME", "DOMAINS");
	for (int i = 0; i < db_rows(r); i++)
		fprintf(f, "%-20s %-9s %-30s %s\n", db_val(r, i, 0), db_val(r, i, 1), db_val(r, i, 2),
		    db_val(r, i, 3));
	arena_free(a);
	return 0;
}

int
tenancy_slugs(char ***out)
{
	static struct db_stmt q = DB_STMT("SELECT slug FROM platform.tenants ORDER BY slug", 0);
	struct arena *a = arena_new(4096);
	PGresult *r = db_query(a, &q, NULL);
	char **v;
	int n;

	if (r == NULL) {
		arena_free(a);
		return -1;
	}
	n = db_rows(r);
	v = calloc((size_t)n + 1, sizeof(*v));
	for (int i = 0; v != NULL && i < n; i++)
		v[i] = strdup(db_val(r, i, 0));
	arena_free(a);
	*out = v;
	return v ? n : -1;
}

int
tenancy_nginx_map(FILE *f)
{
	static struct db_stmt q = DB_STMT(
	    "SELECT d.domain, d.tenant_slug FROM platform.tenant_domains d "
	    "ORDER BY d.domain", 0);
	struct arena *a = arena_new(4096);
	PGresult *r = db_query(a, &q, NULL);

	if (r == NULL) {
		arena_free(a);
		return -1;
	}
	/* Both values passed the CHECK constraints: host names and slugs only. */
	for (int i = 0; i < db_rows(r); i++)
		fprintf(f, "        %s %s;\n", db_val(r, i, 0), db_val(r, i, 1));
	arena_free(a);
	return 0;
}
