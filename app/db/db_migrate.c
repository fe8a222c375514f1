/*
 * Forward-only migrations. Files are migrations/<kind>/NNNN_name.sql; each is
 * applied in its own transaction together with the row that records it, in
 * the schema it belongs to (platform.schema_migrations for the platform,
 * t_<slug>.schema_migrations for a tenant). Platform files run as the admin
 * role. Tenant files run as DB_OWNER_ROLE with the tenant's search_path: what
 * they create belongs to the owner, and the default privileges that
 * platform.tenant_secure() set give the tenant's role DML on it and nothing
 * more (docs/decisions.md, "Roles and ownership").
 */
#include "db.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mfile {
	int version;
	char name[256];
};

static int
cmp_mfile(const void *a, const void *b)
{
	return ((const struct mfile *)a)->version - ((const struct mfile *)b)->version;
}

/* Lists NNNN_*.sql in dir, sorted; returns count or -1. *out is malloc'd. */
static int
list_files(const char *dir, struct mfile **out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct mfile *v = NULL;
	int n = 0, cap = 0;

	if (d == NULL) {
		log_error("migrations: %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		int ver;

		if (len < 9 || strcmp(e->d_name + len - 4, ".sql") != 0 ||
		    sscanf(e->d_name, "%4d_", &ver) != 1 || len >= sizeof(v->name))
			continue;
		if (n == cap) {
			struct mfile *nv =
			    realloc(v, (size_t)(cap = cap ? cap * 2 : 16) * sizeof(*v));

			if (nv == NULL) {
				free(v);
				closedir(d);
				return -1;
			}
			v = nv;
		}
		v[n].version = ver;
		memcpy(v[n].name, e->d_name, len + 1);
		n++;
	}
	closedir(d);
	qsort(v, (size_t)n, sizeof(*v), cmp_mfile);
	for (int i = 1; i < n; i++)
		if (v[i].version == v[i - 1].version) {
			log_error(
			    "migrations: two files with version %04d in %s", v[i].version, dir);
			free(v);
			return -1;
		}
	*out = v;
	return n;
}

static int
commit_raw(void)
{
	PGresult *r = PQexec(db_conn(), "COMMIT");
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		log_error("migrations: %s", PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	if (b.p == NULL)
		buf_puts(&b, "");
	return b.p;
}

/* Runs the prologue (which opens a transaction scoped to the schema) and then
 * sql; returns the last result, or NULL after a failure (rolled back). */
static PGresult *
scoped(const char *prologue, const char *sql)
{
	struct buf b;
	PGresult *r;

	buf_init(&b);
	buf_puts(&b, prologue);
	buf_puts(&b, "\n");
	buf_puts(&b, sql);
	r = PQexec(db_conn(), b.p);
	buf_free(&b);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		log_error("migrations: %s", PQresultErrorMessage(r));
		PQclear(r);
		PQclear(PQexec(db_conn(), "ROLLBACK"));
		return NULL;
	}
	return r;
}

/* role: who runs the statements (the owner for migrations, the tenant's own
 * role for reading what is applied). */
static void
make_prologue(const char *schema, const char *role, int readonly, char *out, size_t outsz)
{
	const char *begin = readonly ? "BEGIN READ ONLY;" : "BEGIN;";

	if (schema != NULL) {
		char *id = PQescapeIdentifier(db_conn(), schema, strlen(schema));
		char *rid = PQescapeIdentifier(db_conn(), role, strlen(role));

		snprintf(out, outsz, "%s SET LOCAL ROLE %s; SET LOCAL search_path TO %s;", begin,
		    rid, id);
		PQfreemem(id);
		PQfreemem(rid);
	} else
		snprintf(out, outsz, "%s SET LOCAL search_path TO platform;", begin);
}

static int
current_version(const char *prologue)
{
	PGresult *r = scoped(prologue, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	int v = -1;

	if (r != NULL) {
		v = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
		PQclear(PQexec(db_conn(), "ROLLBACK"));
	}
	return v;
}

/* schema: NULL for the platform, else a valid tenant schema name. */
static int
apply_dir(const char *schema, const char *dir)
{
	static const char bookkeeping[] =
	    "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY,"
	    " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())";
	struct mfile *files = NULL;
	int n, have, applied = 0;
	char prologue[512];
	PGresult *r;

	if (schema != NULL && !util_ident_valid(schema)) {
		log_error("migrations: invalid schema name '%s'", schema);
		return -1;
	}
	if ((n = list_files(dir, &files)) < 0)
		return -1;
	make_prologue(schema, DB_OWNER_ROLE, 0, prologue, sizeof(prologue));
	if ((r = scoped(prologue, bookkeeping)) == NULL)
		goto fail;
	PQclear(r);
	if (schema != NULL) {
		/* The tenant's role reads what is applied (serve checks it) and
		 * cannot write it. */
		char *id = PQescapeIdentifier(db_conn(), schema, strlen(schema)), grant[256];

		snprintf(grant, sizeof(grant),
		    "REVOKE ALL ON schema_migrations FROM %s;"
		    " GRANT SELECT ON schema_migrations TO %s",
		    id, id);
		PQfreemem(id);
		if ((r = scoped("", grant)) == NULL)
			goto fail;
		PQclear(r);
	}
	if (commit_raw() != 0 || (have = current_version(prologue)) < 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		char path[1024], ver[16], *sql;
		const char *p[2];

		if (files[i].version <= have)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		if ((sql = slurp(path)) == NULL) {
			log_error("migrations: cannot read %s", path);
			goto fail;
		}
		r = scoped(prologue, sql);
		free(sql);
		if (r == NULL) {
			log_error("migrations: %s failed%s%s", path, schema ? " for " : "",
			    schema ? schema : "");
			goto fail;
		}
		PQclear(r);
		snprintf(ver, sizeof(ver), "%d", files[i].version);
		p[0] = ver;
		p[1] = files[i].name;
		r = PQexecParams(db_conn(),
		    "INSERT INTO schema_migrations (version, name) VALUES ($1::int, $2)", 2, NULL,
		    p, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			log_error("migrations: %s", PQresultErrorMessage(r));
			PQclear(r);
			PQclear(PQexec(db_conn(), "ROLLBACK"));
			goto fail;
		}
		PQclear(r);
		if (commit_raw() != 0)
			goto fail;
		applied++;
		log_info("migrated %s to %04d (%s)", schema ? schema : "platform", files[i].version,
		    files[i].name);
	}
	free(files);
	return applied;
fail:
	free(files);
	return -1;
}

int
db_migrate_platform(const char *dir)
{
	if (db_exec_script("CREATE SCHEMA IF NOT EXISTS platform") != DB_OK)
		return -1;
	return apply_dir(NULL, dir);
}

int
db_migrate_tenant(const char *slug, const char *dir)
{
	char schema[DB_SCHEMA_MAX];

	if (db_tenant_schema(slug, schema) != 0) {
		log_error("migrations: invalid tenant slug '%s'", slug);
		return -1;
	}
	return apply_dir(schema, dir);
}

int
db_migrations_pending(const char *schema, const char *dir, int tenant)
{
	struct mfile *files = NULL;
	int n, have, pending = 0;
	char prologue[512];

	if ((n = list_files(dir, &files)) < 0)
		return -1;
	if (tenant)
		make_prologue(schema, schema, 1, prologue, sizeof(prologue));
	else
		make_prologue(NULL, NULL, 1, prologue, sizeof(prologue));
	if ((have = current_version(prologue)) < 0) {
		free(files);
		return n; /* no bookkeeping table yet: everything is pending */
	}
	for (int i = 0; i < n; i++)
		pending += files[i].version > have;
	free(files);
	return pending;
}
