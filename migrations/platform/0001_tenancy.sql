-- The platform schema: tenants, their domains, and what the application role
-- may read. Runs with search_path = platform.

CREATE TABLE tenants (
    slug        text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9_]{1,36}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    -- Which PostgreSQL cluster holds the tenant's schema (scale-out plan).
    db_cluster  text NOT NULL DEFAULT 'default',
    config      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_domains (
    domain      text PRIMARY KEY CHECK (domain = lower(domain) AND domain ~ '^[a-z0-9.-]+$'),
    tenant_slug text NOT NULL REFERENCES tenants (slug) ON DELETE CASCADE
);
CREATE INDEX tenant_domains_tenant ON tenant_domains (tenant_slug);

-- Workers cache tenants; this counter tells them when to reload.
CREATE TABLE tenancy_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    v   bigint NOT NULL
);
INSERT INTO tenancy_version (v) VALUES (1);

CREATE FUNCTION bump_tenancy_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE platform.tenancy_version SET v = v + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH STATEMENT EXECUTE FUNCTION bump_tenancy_version();
CREATE TRIGGER tenant_domains_changed AFTER INSERT OR UPDATE OR DELETE ON tenant_domains
    FOR EACH STATEMENT EXECUTE FUNCTION bump_tenancy_version();

-- Background jobs by tenant and state for /metrics. It reads every tenant's
-- jobs table, so it runs with its owner's rights and returns only counts.
CREATE FUNCTION job_counts() RETURNS TABLE (tenant text, state text, n bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, platform AS $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT slug FROM platform.tenants ORDER BY slug LOOP
        IF to_regclass(format('%I.jobs', 't_' || t.slug)) IS NOT NULL THEN
            RETURN QUERY EXECUTE format(
                'SELECT %L::text, state, count(*) FROM %I.jobs GROUP BY state',
                t.slug, 't_' || t.slug);
        END IF;
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION job_counts() FROM PUBLIC;

-- The application logs in as tailgate_app (NOINHERIT): it reads the tenant
-- directory here and can only reach tenant data through SET ROLE.
GRANT USAGE ON SCHEMA platform TO tailgate_app;
GRANT SELECT ON tenants, tenant_domains, tenancy_version, schema_migrations TO tailgate_app;
GRANT EXECUTE ON FUNCTION job_counts() TO tailgate_app;
