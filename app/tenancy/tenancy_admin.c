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

int
tenancy_add(const char *root, const char *slug)
{
	static struct db_stmt q_role = DB_STMT("SELECT 1 FROM pg_roles WHERE rolname = $1", 1);
	static struct db_stmt q_secure = DB_STMT("SELECT platform.tenant_secure($1)", 1);
	static struct db_stmt q_upsert = DB_STMT(
	    "INSERT INTO platform.tenants (slug, name, config) VALUES ($1, $2, $3::jsonb) "
	    "ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, config = EXCLUDED.config, "
	    "updated_at = now() WHERE (platform.tenants.name, platform.tenants.config) IS DISTINCT "
	    "FROM (EXCLUDED.name, EXCLUDED.config)",
	    3);
	static struct db_stmt q_owner =
	    DB_STMT("SELECT tenant_slug FROM platform.tenant_domains WHERE domain = $1", 1);
	static struct db_stmt q_deldom = DB_STMT(
	    "DELETE FROM platform.tenant_domains WHERE tenant_slug = $1 AND NOT domain = ANY($2::text[])",
	    2);
	static struct db_stmt q_adddom =
	    DB_STMT("INSERT INTO platform.tenant_domains (domain, tenant_slug) VALUES ($1, $2) "
	            "ON CONFLICT (domain) DO NOTHING",
	        2);
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
	if ((msg = tenancy_config_check(j, slug)) != NULL) {
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
		/* The schema belongs to the owner role; tenant_secure() gives the
		 * tenant's role USAGE and DML on what migrations create (and converts
		 * a schema from before, which its role owned). */
		role_sql = arena_printf(a,
		    "%s GRANT %s TO tailgate_app; CREATE SCHEMA IF NOT EXISTS %s AUTHORIZATION " DB_OWNER_ROLE
		    ";",
		    db_rows(r) ? "" : arena_printf(a, "CREATE ROLE %s NOLOGIN;", schema_id),
		    schema_id, schema_id);
		if (db_exec_script(role_sql) != DB_OK || run(a, &q_secure, DB_P(slug)) != 0)
			goto rollback;
	}
	if (run(a, &q_upsert, DB_P(slug, json_string_value(json_object_get(j, "name")), cfg)) != 0)
		goto rollback;
	buf_puts(&arr, "{");
	json_array_foreach(doms, i, d)
	{
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
	    "GROUP BY t.slug ORDER BY t.slug",
	    0);
	struct arena *a = arena_new(4096);
	PGresult *r = db_query(a, &q, NULL);

	if (r == NULL) {
		arena_free(a);
		return -1;
	}
	fprintf(f, "%-20s %-9s %-30s %s\n", "SLUG", "STATUS", "NAME", "DOMAINS");
	for (int i = 0; i < db_rows(r); i++)
		fprintf(f, "%-20s %-9s %-30s %s\n", db_val(r, i, 0), db_val(r, i, 1),
		    db_val(r, i, 2), db_val(r, i, 3));
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
	static struct db_stmt q =
	    DB_STMT("SELECT d.domain, d.tenant_slug FROM platform.tenant_domains d "
	            "ORDER BY d.domain",
	        0);
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
