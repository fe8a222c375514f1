-- Typo-tolerant post search (app/search), as member search is (0013): the
-- dictionary of every word in use in posts, whose trigram index finds the
-- nearest words of a query word that no post has ("liverpol" -> liverpool).
--
-- A word here is a lexeme of community_posts.search (the 'english'
-- configuration: stemmed, so "injuries" is stored as injuri), exactly what
-- the GIN index of posts holds, so a corrected word is searched as it is.
-- A few thousand to tens of thousands of short rows, not one per post.
-- Words are never removed: a word no post uses any more finds nothing.
CREATE TABLE post_words (
    word text COLLATE "C" PRIMARY KEY
);
CREATE INDEX post_words_trgm ON post_words USING gist (word extensions.gist_trgm_ops);

-- New posts' words once per statement (a bulk load adds its words in one
-- statement); an edit of the text adds the new words of that post. Schema-
-- qualified through TG_TABLE_SCHEMA, as member_words_add (0013). Words are
-- inserted in order, so two posts bringing the same new words at once wait
-- for each other instead of deadlocking.
CREATE FUNCTION post_words_add_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO %I.post_words (word) '
                   'SELECT DISTINCT w.lexeme FROM post_words_new_posts p, unnest(p.search) w '
                   'ORDER BY 1 ON CONFLICT DO NOTHING', TG_TABLE_SCHEMA);
    RETURN NULL;
END $$;
CREATE TRIGGER post_words_insert AFTER INSERT ON community_posts
    REFERENCING NEW TABLE AS post_words_new_posts
    FOR EACH STATEMENT EXECUTE FUNCTION post_words_add_new();

CREATE FUNCTION post_words_add_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO %I.post_words (word) SELECT lexeme FROM unnest($1) '
                   'ORDER BY 1 ON CONFLICT DO NOTHING', TG_TABLE_SCHEMA)
    USING NEW.search;
    RETURN NULL;
END $$;
CREATE TRIGGER post_words_edit AFTER UPDATE OF title, content ON community_posts
    FOR EACH ROW WHEN (OLD.search IS DISTINCT FROM NEW.search)
    EXECUTE FUNCTION post_words_add_edit();

INSERT INTO post_words (word)
SELECT DISTINCT w.lexeme FROM community_posts p, unnest(p.search) w
ON CONFLICT DO NOTHING;
