-- The follow graph (social-trading.md, user_relationships): one row per
-- ordered pair. relationship_type 'follow', or 'block' (the blocker is
-- follower_id); a block replaces the blocker's follow, and the follow the
-- other way is removed in the same transaction. Copying (a later issue)
-- keeps its own table.
CREATE TABLE user_relationships (
    id                uuid PRIMARY KEY,
    follower_id       uuid NOT NULL REFERENCES users (id),
    following_id      uuid NOT NULL REFERENCES users (id),
    relationship_type text NOT NULL DEFAULT 'follow'
                      CHECK (relationship_type IN ('follow', 'block')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (follower_id, following_id),
    CHECK (follower_id <> following_id)
);
-- followers of a user, newest first; follows by recency (trending)
CREATE INDEX user_relationships_following
    ON user_relationships (following_id, relationship_type, created_at DESC, id);
CREATE INDEX user_relationships_follower
    ON user_relationships (follower_id, relationship_type, created_at DESC, id);
CREATE INDEX user_relationships_recent
    ON user_relationships (created_at) WHERE relationship_type = 'follow';

-- Exact counters, moved by the statement that changes the graph: the
-- UPDATE takes the user's row lock, so concurrent follows serialise on it
-- and no increment is lost. The two rows are always locked in id order:
-- "A follows B" next to "C follows A" and "B follows C" would otherwise
-- wait on each other in a circle.
ALTER TABLE users
    ADD COLUMN followers_count integer NOT NULL DEFAULT 0 CHECK (followers_count >= 0),
    ADD COLUMN following_count integer NOT NULL DEFAULT 0 CHECK (following_count >= 0);

CREATE FUNCTION user_relationships_bump(follower uuid, followed uuid, delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF followed < follower THEN
        UPDATE users SET followers_count = followers_count + delta WHERE id = followed;
        UPDATE users SET following_count = following_count + delta WHERE id = follower;
    ELSE
        UPDATE users SET following_count = following_count + delta WHERE id = follower;
        UPDATE users SET followers_count = followers_count + delta WHERE id = followed;
    END IF;
END $$;

CREATE FUNCTION user_relationships_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.relationship_type = 'follow' THEN
        PERFORM user_relationships_bump(OLD.follower_id, OLD.following_id, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.relationship_type = 'follow' THEN
        PERFORM user_relationships_bump(NEW.follower_id, NEW.following_id, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER user_relationships_count
    AFTER INSERT OR DELETE OR UPDATE OF relationship_type ON user_relationships
    FOR EACH ROW EXECUTE FUNCTION user_relationships_count();
