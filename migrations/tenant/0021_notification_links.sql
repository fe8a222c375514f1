-- A notification's link is a path on the brand's own site: it starts with one
-- "/" (never "//" or "/\", which browsers read as another host) and holds no
-- control character (browsers drop tabs and newlines, so "/\t/x" is "//x").
-- app/social checks the same before storing or pushing one; this keeps every
-- writer to it.
UPDATE notifications SET link = NULL
WHERE link IS NOT NULL AND link !~ '^/([^/\\[:cntrl:]][^[:cntrl:]]*)?$';
ALTER TABLE notifications ADD CONSTRAINT notifications_link_local
    CHECK (link ~ '^/([^/\\[:cntrl:]][^[:cntrl:]]*)?$');
