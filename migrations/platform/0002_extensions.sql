-- Extensions shared by every tenant schema. Tenant roles cannot create
-- extensions, so `tailgate migrate` (which runs as the admin role, before
-- any `tenant add`) installs them once per database in their own schema.
-- Tenant SQL names them schema-qualified (extensions.gin_trgm_ops,
-- OPERATOR(extensions.%)), so no tenant's search_path has to change and a
-- tenant cannot shadow them. USAGE goes to PUBLIC: the schema holds only
-- the extensions' functions, operators and operator classes, no data.
CREATE SCHEMA IF NOT EXISTS extensions;
GRANT USAGE ON SCHEMA extensions TO PUBLIC;
-- Trigram similarity for typo-tolerant user search (app/search).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
