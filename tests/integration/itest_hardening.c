/*
 * Integration tests for least privilege in the database and for the links
 * that notifications carry. Process- and file-level properties (who the
 * processes run as, socket and log modes, shutdown) are checked by
 * scripts/test.sh.
 *
 * Roles (docs/decisions.md, "Roles and ownership"): tailgate_admin logs in
 * with a password and runs only migrations and the brand lifecycle;
 * tailgate_owner (NOLOGIN) owns every table of every brand; t_<slug> (NOLOGIN)
 * has only DML on its brand's tables; tailgate_app logs in by peer
 * authentication and reaches a brand only through SET ROLE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Runs sql as tailgate_app switched to t_demo, in a transaction rolled back. */
static int
as_brand(char *out, size_t n, const char *sql)
{
	char q[2048];

	snprintf(q, sizeof(q),
	    "BEGIN; SET LOCAL ROLE t_demo; SET LOCAL search_path TO t_demo; %s\n"
	    "ROLLBACK;",
	    sql);
	return h_sql(1, out, n, q);
}

ITEST(t_brand_role_dml_only, "hardening: a brand role has DML on its tables, never DDL or triggers")
static void
t_brand_role_dml_only(void)
{
	char out[2048];

	/* Every relation and function of the brand belongs to the owner role. */
	CHECK(
	    h_sql(0, out, sizeof(out),
	        "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
	        "  WHERE s.nspname = 't_demo' AND pg_get_userbyid(c.relowner) <> 'tailgate_owner') || ' ' || "
	        "(SELECT count(*) FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace "
	        "  WHERE s.nspname = 't_demo' AND pg_get_userbyid(p.proowner) <> 'tailgate_owner') || ' ' || "
	        "(SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 't_demo');") ==
	            0 &&
	        strcmp(out, "0 0 tailgate_owner") == 0,
	    "t_demo's tables, functions and schema belong to tailgate_owner: %s", out);
	/* ... and the brand role may read and write every table (the bookkeeping
	 * of migrations: read only), but not truncate, reference or trigger. */
	CHECK(
	    h_sql(0, out, sizeof(out),
	        "SELECT coalesce(string_agg(c.relname, ' ' ORDER BY c.relname), 'none') FROM pg_class c "
	        "JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 't_demo' "
	        "AND c.relkind IN ('r', 'p') AND (has_table_privilege('t_demo', c.oid, 'TRUNCATE') "
	        " OR has_table_privilege('t_demo', c.oid, 'TRIGGER') "
	        " OR has_table_privilege('t_demo', c.oid, 'REFERENCES') "
	        " OR NOT has_table_privilege('t_demo', c.oid, 'SELECT') "
	        " OR (c.relname <> 'schema_migrations') <> has_table_privilege('t_demo', c.oid, "
	        "     'INSERT, UPDATE, DELETE'));") == 0 &&
	        strcmp(out, "none") == 0,
	    "tables where t_demo's privileges are not exactly DML: %s", out);

	CHECK(as_brand(out, sizeof(out),
	          "ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_balanced;") != 0 &&
	        strstr(out, "must be owner"),
	    "t_demo cannot disable the ledger's trigger: %s", out);
	CHECK(as_brand(out, sizeof(out), "ALTER TABLE users ADD COLUMN itest_x int;") != 0 &&
	        strstr(out, "must be owner"),
	    "t_demo cannot alter its tables: %s", out);
	CHECK(as_brand(out, sizeof(out), "DROP TABLE notifications;") != 0 &&
	        strstr(out, "must be owner"),
	    "t_demo cannot drop its tables: %s", out);
	CHECK(as_brand(out, sizeof(out), "TRUNCATE ledger_entries;") != 0 &&
	        strstr(out, "permission denied"),
	    "t_demo cannot truncate: %s", out);
	CHECK(as_brand(out, sizeof(out), "CREATE TABLE itest_new (x int);") != 0 &&
	        strstr(out, "permission denied for schema"),
	    "t_demo cannot create tables: %s", out);
	CHECK(as_brand(out, sizeof(out),
	          "CREATE FUNCTION itest_f() RETURNS int LANGUAGE sql AS 'SELECT 1';") != 0 &&
	        strstr(out, "permission denied for schema"),
	    "t_demo cannot create functions: %s", out);
	CHECK(as_brand(out, sizeof(out),
	          "INSERT INTO schema_migrations (version, name) "
	          "VALUES (9999, 'itest');") != 0 &&
	        strstr(out, "permission denied"),
	    "t_demo cannot forge applied migrations: %s", out);
	/* The DML it needs still works (rolled back). */
	CHECK(
	    as_brand(out, sizeof(out),
	        "UPDATE notifications SET read_at = read_at "
	        "WHERE false; DELETE FROM notifications WHERE false; SELECT count(*) >= 0 FROM users;") ==
	        0,
	    "t_demo keeps its DML: %s", out);
}

ITEST(t_app_role_reach,
    "hardening: the application role reaches brands by SET ROLE, never the owner or admin")
static void
t_app_role_reach(void)
{
	char out[1024];

	CHECK(h_sql(1, out, sizeof(out),
	          "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR "
	          "rolbypassrls FROM pg_roles WHERE rolname = current_user;") == 0 &&
	        strcmp(out, "f") == 0,
	    "tailgate_app has no special attributes: %s", out);
	CHECK(h_sql(1, out, sizeof(out), "SET ROLE tailgate_owner;") != 0 &&
	        strstr(out, "permission denied"),
	    "no way to the owner role: %s", out);
	CHECK(h_sql(1, out, sizeof(out), "SET ROLE tailgate_admin;") != 0 &&
	        strstr(out, "permission denied"),
	    "no way to the admin role: %s", out);
	CHECK(h_sql(1, out, sizeof(out),
	          "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
	          "WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = 'tailgate_app') "
	          "AND r.rolname !~ '^t_';") == 0 &&
	        strcmp(out, "0") == 0,
	    "tailgate_app is a member of brand roles only: %s", out);
	CHECK(h_sql(1, out, sizeof(out), "CREATE TABLE platform.itest_x (x int);") != 0 &&
	        strstr(out, "permission denied"),
	    "no DDL in the platform schema: %s", out);
	CHECK(h_sql(1, out, sizeof(out), "UPDATE platform.tenants SET name = name;") != 0 &&
	        strstr(out, "permission denied"),
	    "the tenant directory is read-only to it: %s", out);
	/* What still depends on the application (docs/decisions.md): the switch
	 * between brands is SET ROLE on one login, so SQL run on its connection
	 * may switch to any brand, but in each only with that brand's rights. */
	CHECK(h_sql(1, out, sizeof(out),
	          "BEGIN; SET LOCAL ROLE t_acme; "
	          "ALTER TABLE t_acme.ledger_entries DISABLE TRIGGER ledger_entries_balanced;") !=
	            0 &&
	        strstr(out, "must be owner"),
	    "t_acme cannot either: %s", out);
}

ITEST(t_db_auth,
    "hardening: PostgreSQL trusts no local connection; the admin role needs its password")
static void
t_db_auth(void)
{
	char out[1024];

	CHECK(
	    h_sql(0, out, sizeof(out),
	        "SELECT count(*) FROM pg_hba_file_rules "
	        "WHERE auth_method NOT IN ('peer', 'scram-sha-256', 'reject') OR error IS NOT NULL;") ==
	            0 &&
	        strcmp(out, "0") == 0,
	    "pg_hba.conf: only peer, scram-sha-256 and reject: %s", out);
	CHECK(h_sql(0, out, sizeof(out),
	          "SELECT count(*) FROM pg_hba_file_rules WHERE "
	          "auth_method = 'peer' AND user_name <> '{tailgate_app}';") == 0 &&
	        strcmp(out, "0") == 0,
	    "only the application role logs in by peer: %s", out);
	/* Without the admin's password file, the admin role is out of reach. */
	CHECK(h_sh(out, sizeof(out),
	          "PGPASSFILE=/dev/null psql -X -w -tA -h '%s/run/pg' "
	          "-U tailgate_admin -d tailgate -c 'SELECT 1' 2>&1",
	          h_var()) != 0 &&
	        (strstr(out, "password") != NULL),
	    "admin without its password: %s", out);
	CHECK(h_sh(out, sizeof(out),
	          "PGPASSFILE=/dev/null psql -X -w -tA -h '%s/run/pg' "
	          "-U postgres -d tailgate -c 'SELECT 1' 2>&1",
	          h_var()) != 0,
	    "no other role logs in: %s", out);
}

ITEST(t_notification_links, "hardening: notification links are same-origin paths")
static void
t_notification_links(void)
{
	struct h_member m;
	char sql[1024], out[1024];
	struct resp r;

	h_member_new(&m, "lnk");
	/* A notify job whose link leaves the site (as a bug or a forged job
	 * would queue it): stored and pushed without that link. */
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; INSERT INTO jobs (kind, payload) VALUES "
	    "('notify', jsonb_build_object('user_id', '%s', 'kind', 'itest', 'title', 'Linked', "
	    "'body', 'b', 'link', '//evil.example/x')), "
	    "('notify', jsonb_build_object('user_id', '%s', 'kind', 'itest', 'title', 'Linked2', "
	    "'body', 'b', 'link', '/\\evil.example/x')), "
	    "('notify', jsonb_build_object('user_id', '%s', 'kind', 'itest', 'title', 'Linked3', "
	    "'body', 'b', 'link', 'https://evil.example/x')), "
	    "('notify', jsonb_build_object('user_id', '%s', 'kind', 'itest', 'title', 'Local', "
	    "'body', 'b', 'link', '/wallet'));",
	    m.id, m.id, m.id, m.id);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "enqueue: %s", out);
	h_drain("notify");
	snprintf(sql, sizeof(sql),
	    "SELECT string_agg(title || '=' || coalesce(link, '-'), ' ' ORDER BY title) "
	    "FROM t_demo.notifications WHERE user_id = '%s' AND kind = 'itest';",
	    m.id);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0 &&
	        strcmp(out, "Linked=- Linked2=- Linked3=- Local=/wallet") == 0,
	    "only the same-origin link is kept: %s", out);
	/* The database refuses such a link whoever writes it. */
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_demo; INSERT INTO notifications (id, user_id, kind, "
	    "title, link) VALUES (gen_random_uuid(), '%s', 'itest', 'x', '//evil.example');",
	    m.id);
	CHECK(h_sql(0, out, sizeof(out), sql) != 0 && strstr(out, "notifications_link_local"),
	    "a protocol-relative link is refused by PostgreSQL: %s", out);
	CHECK(h_get(&m.c, "/notifications", &r) == 200 && !h_contains(&r, "evil.example"),
	    "the page links nowhere else (%ld)", r.status);
	h_free(&r);
}

ITEST(t_existing_brand_converted,
    "hardening: a brand from before (its role owned its tables) is converted")
static void
t_existing_brand_converted(void)
{
	char slug[40], sql[2048], out[1024];

	/* The layout that `tenant add` made before platform migration 0003. */
	h_unique(slug, sizeof(slug), "old");
	snprintf(sql, sizeof(sql),
	    "CREATE ROLE t_%s NOLOGIN; CREATE SCHEMA t_%s AUTHORIZATION t_%s; SET ROLE t_%s; "
	    "CREATE TABLE t_%s.things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int); "
	    "CREATE FUNCTION t_%s.f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; "
	    "CREATE TRIGGER things_f BEFORE INSERT ON t_%s.things FOR EACH ROW EXECUTE FUNCTION t_%s.f(); "
	    "CREATE TABLE t_%s.schema_migrations (version int PRIMARY KEY, name text NOT NULL); "
	    "RESET ROLE; SELECT platform.tenant_secure('%s');",
	    slug, slug, slug, slug, slug, slug, slug, slug, slug, slug);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "convert: %s", out);
	snprintf(sql, sizeof(sql),
	    "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
	    "  WHERE s.nspname = 't_%s' AND pg_get_userbyid(c.relowner) <> 'tailgate_owner') || ' ' || "
	    "(SELECT count(*) FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace "
	    "  WHERE s.nspname = 't_%s' AND pg_get_userbyid(p.proowner) <> 'tailgate_owner') || ' ' || "
	    "(SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 't_%s') || ' ' || "
	    "has_table_privilege('t_%s', 't_%s.things', 'SELECT, INSERT, UPDATE, DELETE') || ' ' || "
	    "has_table_privilege('t_%s', 't_%s.schema_migrations', 'INSERT');",
	    slug, slug, slug, slug, slug, slug, slug);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0 &&
	        strcmp(out, "0 0 tailgate_owner true false") == 0,
	    "owned by tailgate_owner, DML for the brand, migrations read-only: %s", out);
	snprintf(sql, sizeof(sql),
	    "SET ROLE t_%s; INSERT INTO t_%s.things (n) VALUES (1); "
	    "ALTER TABLE t_%s.things DISABLE TRIGGER things_f;",
	    slug, slug, slug);
	CHECK(h_sql(0, out, sizeof(out), sql) != 0 && strstr(out, "must be owner"),
	    "the brand writes rows but cannot touch the trigger any more: %s", out);
	/* A table a later migration adds (as the owner) is the brand's to use. */
	snprintf(sql, sizeof(sql),
	    "SET ROLE tailgate_owner; CREATE TABLE t_%s.later (x int); "
	    "SET ROLE t_%s; INSERT INTO t_%s.later VALUES (1); SELECT count(*) FROM t_%s.later;",
	    slug, slug, slug, slug);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0 && strcmp(out, "1") == 0,
	    "default privileges give the brand DML on new tables: %s", out);
	snprintf(sql, sizeof(sql), "DROP SCHEMA t_%s CASCADE; DROP OWNED BY t_%s; DROP ROLE t_%s;",
	    slug, slug, slug);
	CHECK(h_sql(0, out, sizeof(out), sql) == 0, "clean up: %s", out);
}
