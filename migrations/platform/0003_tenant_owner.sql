-- Roles and ownership (docs/decisions.md, "Roles and ownership").
--
-- A brand's role t_<slug> used to own its schema and tables, so SQL running
-- as it could ALTER, DROP or DISABLE TRIGGER them (the ledger's balance
-- checks are triggers). From here on everything in a brand's schema belongs
-- to tailgate_owner, a NOLOGIN role that only migrations act as (the admin
-- role runs them with SET ROLE); the brand's role keeps USAGE on its schema and
-- DML on its tables, through default privileges for whatever later migrations
-- create. Runs as the admin role with search_path = platform.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tailgate_owner') THEN
        CREATE ROLE tailgate_owner NOLOGIN;
    END IF;
END $$;

-- Brings one brand in line: idempotent, called by `tailgate tenant add` and
-- below for the brands of an existing installation.
CREATE FUNCTION tenant_secure(slug text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    s text := 't_' || slug;
BEGIN
    IF slug !~ '^[a-z][a-z0-9_]{1,36}$' THEN
        RAISE EXCEPTION 'invalid tenant slug %', slug;
    END IF;
    -- Whatever the brand's role owned (schema, tables, sequences, functions,
    -- types, bookkeeping) now belongs to the owner.
    EXECUTE format('REASSIGN OWNED BY %I TO tailgate_owner', s);
    EXECUTE format('ALTER SCHEMA %I OWNER TO tailgate_owner', s);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', s);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, s);
    -- DML only: no TRUNCATE, TRIGGER or REFERENCES, and no DDL (not the owner).
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', s, s);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', s, s);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE tailgate_owner IN SCHEMA %I '
                   'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', s, s);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE tailgate_owner IN SCHEMA %I '
                   'GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I', s, s);
    -- What is applied is read by `serve` (as the brand) and written only by
    -- migrations.
    IF to_regclass(format('%I.schema_migrations', s)) IS NOT NULL THEN
        EXECUTE format('REVOKE ALL ON %I.schema_migrations FROM %I', s, s);
        EXECUTE format('GRANT SELECT ON %I.schema_migrations TO %I', s, s);
    END IF;
END $$;
REVOKE ALL ON FUNCTION tenant_secure(text) FROM PUBLIC;

-- Existing installations: every brand is converted now.
SELECT tenant_secure(slug) FROM tenants WHERE to_regnamespace('t_' || slug) IS NOT NULL;
