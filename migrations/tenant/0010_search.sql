-- Search (app/search). Posts already carry a generated tsvector with a GIN
-- index (0008_posts.sql: community_posts.search, 'english' configuration,
-- title weighted A, content B) and a jsonb_path_ops index on tags.
--
-- Users are found by trigram similarity on lower-cased username and display
-- name. pg_trgm lives in the shared `extensions` schema
-- (platform/0002_extensions.sql), hence the qualified operator class. The
-- GiST indexes serve `<->` (distance) in order, so the nearest names are
-- walked without scoring every name a common trigram hits, and also `%`,
-- `<%` and LIKE 'prefix%'.
CREATE INDEX users_username_trgm
    ON users USING gist (lower(username) extensions.gist_trgm_ops);
CREATE INDEX users_display_name_trgm
    ON users USING gist (lower(display_name) extensions.gist_trgm_ops);
