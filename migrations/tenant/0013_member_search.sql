-- Member search by words (app/search), replacing the trigram indexes on whole
-- names of 0010_search.sql. Scoring every name that shares a trigram with a
-- common first name, or walking the nearest names through GiST, cost 30-55 ms
-- among 100,000 members (docs/decisions.md, "Member search by words").
--
-- A member's words are the 'simple' full-text lexemes of username and display
-- name ("value_vera" "Vera Lindqvist" -> value, vera, lindqvist): a GIN index
-- finds the members having every word of the query as a word prefix. Typos
-- are corrected against member_words, the dictionary of every word in use
-- (a few thousand rows, not one per member), whose trigram index finds the
-- nearest words of one the dictionary does not have. Words are never removed
-- from the dictionary: a word nobody uses any more finds nobody.
DROP INDEX users_username_trgm;
DROP INDEX users_display_name_trgm;

CREATE INDEX users_name_words ON users
    USING gin (to_tsvector('simple'::regconfig, username || ' ' || display_name));

CREATE TABLE member_words (
    word text COLLATE "C" PRIMARY KEY   -- "C": the primary key serves LIKE 'prefix%'
);
CREATE INDEX member_words_trgm ON member_words USING gist (word extensions.gist_trgm_ops);

-- Schema-qualified through TG_TABLE_SCHEMA: an operator's UPDATE of a
-- tenant's users (under another search_path) keeps the dictionary too.
CREATE FUNCTION member_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO %I.member_words (word) '
                   'SELECT lexeme FROM unnest(to_tsvector(''simple''::regconfig, $1)) '
                   'ON CONFLICT DO NOTHING', TG_TABLE_SCHEMA)
    USING NEW.username || ' ' || NEW.display_name;
    RETURN NULL;
END $$;

CREATE TRIGGER users_member_words AFTER INSERT OR UPDATE OF username, display_name ON users
    FOR EACH ROW EXECUTE FUNCTION member_words_add();

INSERT INTO member_words (word)
SELECT DISTINCT lexeme
FROM users, unnest(to_tsvector('simple'::regconfig, username || ' ' || display_name))
ON CONFLICT DO NOTHING;

-- Post search checks each candidate's author is active: through this index
-- of the few members who are not, instead of a primary-key probe per post.
CREATE INDEX users_not_active ON users (id) WHERE status <> 'active';
