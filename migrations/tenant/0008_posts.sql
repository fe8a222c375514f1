-- Community posts and their interactions (social-trading.md: community_posts,
-- post_interactions). The spec's column names are kept; ids are the
-- application's UUIDv7 and user ids reference users (id).
--
-- Nothing here is hard-deleted by members (triggers): a later moderation
-- issue hides posts through moderation_status. A post's author, type and bet
-- never change; its text may be edited and every earlier version is kept in
-- post_edits. Counters are moved by triggers on the interaction tables: the
-- UPDATE of the post takes its row lock, so concurrent likes serialise on it
-- and the counts stay exact.

-- Anti-spam limits of this brand (one row; operators change it with SQL).
CREATE TABLE posts_settings (
    id                      boolean PRIMARY KEY DEFAULT true CHECK (id),
    new_account_days        int NOT NULL DEFAULT 7 CHECK (new_account_days >= 0),
    posts_per_hour          int NOT NULL DEFAULT 20 CHECK (posts_per_hour >= 0),
    posts_per_hour_new      int NOT NULL DEFAULT 5 CHECK (posts_per_hour_new >= 0),
    comments_per_hour       int NOT NULL DEFAULT 60 CHECK (comments_per_hour >= 0),
    comments_per_hour_new   int NOT NULL DEFAULT 15 CHECK (comments_per_hour_new >= 0),
    duplicate_window_hours  int NOT NULL DEFAULT 24 CHECK (duplicate_window_hours >= 0),
    links_max               int NOT NULL DEFAULT 5 CHECK (links_max >= 0),
    links_max_new           int NOT NULL DEFAULT 1 CHECK (links_max_new >= 0)
);
INSERT INTO posts_settings DEFAULT VALUES;

CREATE TABLE community_posts (
    id                uuid PRIMARY KEY,                      -- post_id
    user_id           uuid NOT NULL REFERENCES users (id),
    post_type         text NOT NULL CHECK (post_type IN ('bet_post', 'analysis', 'discussion')),
    title             text CHECK (length(title) <= 255),
    content           text NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
    bet_id            uuid REFERENCES bets (id),
    sport             text CHECK (length(sport) <= 50),
    confidence_level  int CHECK (confidence_level BETWEEN 1 AND 10),
    likes_count       int NOT NULL DEFAULT 0 CHECK (likes_count >= 0),
    comments_count    int NOT NULL DEFAULT 0 CHECK (comments_count >= 0),
    shares_count      int NOT NULL DEFAULT 0 CHECK (shares_count >= 0),
    copies_count      int NOT NULL DEFAULT 0 CHECK (copies_count >= 0),
    is_featured       boolean NOT NULL DEFAULT false,
    is_flagged        boolean NOT NULL DEFAULT false,
    moderation_status text NOT NULL DEFAULT 'approved',
    tags              jsonb NOT NULL DEFAULT '[]',           -- lower-case, from #hashtags
    mentions          jsonb NOT NULL DEFAULT '[]',           -- usernames of existing members
    media_urls        jsonb,
    content_key       text NOT NULL,                         -- md5 of the normalised content
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    edited_at         timestamptz,                           -- last text edit
    -- for the full-text search of a later piece of issue 4
    search            tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
                          setweight(to_tsvector('english'::regconfig, content), 'B')) STORED,
    CHECK ((post_type = 'bet_post') = (bet_id IS NOT NULL))
);
CREATE INDEX community_posts_author ON community_posts (user_id, created_at DESC, id DESC);
CREATE INDEX community_posts_sport ON community_posts (sport, created_at DESC, id DESC);
CREATE INDEX community_posts_recent ON community_posts (created_at DESC, id DESC);
CREATE INDEX community_posts_bet ON community_posts (bet_id) WHERE bet_id IS NOT NULL;
CREATE INDEX community_posts_search ON community_posts USING gin (search);
CREATE INDEX community_posts_tags ON community_posts USING gin (tags jsonb_path_ops);
-- duplicate detection: same author, same normalised content, recently
CREATE INDEX community_posts_dup ON community_posts (user_id, content_key, created_at);

CREATE FUNCTION community_posts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'posts are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.id, NEW.user_id, NEW.post_type, NEW.bet_id, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.user_id, OLD.post_type, OLD.bet_id, OLD.created_at) THEN
        RAISE EXCEPTION 'a post''s author, type and bet never change'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER community_posts_guard BEFORE UPDATE OR DELETE ON community_posts
    FOR EACH ROW EXECUTE FUNCTION community_posts_guard();

-- Every earlier version of an edited post's text, oldest first.
CREATE TABLE post_edits (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id           uuid NOT NULL REFERENCES community_posts (id),
    title             text,
    content           text NOT NULL,
    confidence_level  int,
    sport             text,
    edited_at         timestamptz NOT NULL DEFAULT now(),
    after_start       boolean NOT NULL    -- a bet post edited once its event had started
);
CREATE INDEX post_edits_post ON post_edits (post_id, id);

-- Likes, shares (reposts to the sharer's followers) and copies. A like that
-- is taken back keeps its row with removed_at set, so it is never deleted and
-- a like again reuses it (the UNIQUE key of the spec holds).
CREATE TABLE post_interactions (
    id                uuid PRIMARY KEY,
    user_id           uuid NOT NULL REFERENCES users (id),
    post_id           uuid NOT NULL REFERENCES community_posts (id),
    interaction_type  text NOT NULL CHECK (interaction_type IN ('like', 'share', 'copy')),
    content           text CHECK (length(content) <= 500),  -- a share's own words
    created_at        timestamptz NOT NULL DEFAULT now(),
    removed_at        timestamptz,
    UNIQUE (user_id, post_id, interaction_type)
);
-- shares by sharer (the feed reads a followed member's reposts), likes by post
CREATE INDEX post_interactions_user ON post_interactions (user_id, interaction_type, created_at DESC)
    WHERE removed_at IS NULL;
CREATE INDEX post_interactions_post ON post_interactions (post_id, interaction_type, created_at DESC)
    WHERE removed_at IS NULL;

-- Comments: the spec's post_interactions key allows one per member and post,
-- so comments have their own table. Replies are one level deep: parent_id is
-- always a top-level comment of the same post (the application attaches a
-- reply to a reply to its top comment).
CREATE TABLE post_comments (
    id          uuid PRIMARY KEY,
    post_id     uuid NOT NULL REFERENCES community_posts (id),
    user_id     uuid NOT NULL REFERENCES users (id),
    parent_id   uuid REFERENCES post_comments (id),
    content     text NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
    content_key text NOT NULL,
    mentions    jsonb NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id <> id)
);
CREATE INDEX post_comments_post ON post_comments (post_id, created_at, id);
CREATE INDEX post_comments_parent ON post_comments (parent_id, created_at, id)
    WHERE parent_id IS NOT NULL;
CREATE INDEX post_comments_author ON post_comments (user_id, created_at);
CREATE INDEX post_comments_dup ON post_comments (user_id, content_key, created_at);

CREATE FUNCTION post_rows_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER post_comments_immutable BEFORE UPDATE OR DELETE ON post_comments
    FOR EACH ROW EXECUTE FUNCTION post_rows_immutable();
CREATE TRIGGER post_edits_immutable BEFORE UPDATE OR DELETE ON post_edits
    FOR EACH ROW EXECUTE FUNCTION post_rows_immutable();
CREATE FUNCTION post_interactions_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'interactions are never deleted' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER post_interactions_no_delete BEFORE DELETE ON post_interactions
    FOR EACH ROW EXECUTE FUNCTION post_interactions_no_delete();

-- Exact counters, moved by the statement that changes an interaction.
CREATE FUNCTION post_interactions_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d int := 0;
BEGIN
    IF TG_OP = 'INSERT' AND NEW.removed_at IS NULL THEN
        d := 1;
    ELSIF TG_OP = 'UPDATE' AND (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL) THEN
        d := CASE WHEN NEW.removed_at IS NULL THEN 1 ELSE -1 END;
    END IF;
    IF d <> 0 THEN
        UPDATE community_posts SET
            likes_count  = likes_count  + CASE WHEN NEW.interaction_type = 'like'  THEN d ELSE 0 END,
            shares_count = shares_count + CASE WHEN NEW.interaction_type = 'share' THEN d ELSE 0 END,
            copies_count = copies_count + CASE WHEN NEW.interaction_type = 'copy'  THEN d ELSE 0 END
        WHERE id = NEW.post_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER post_interactions_count
    AFTER INSERT OR UPDATE OF removed_at ON post_interactions
    FOR EACH ROW EXECUTE FUNCTION post_interactions_count();

CREATE FUNCTION post_comments_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE community_posts SET comments_count = comments_count + 1 WHERE id = NEW.post_id;
    RETURN NULL;
END $$;
CREATE TRIGGER post_comments_count AFTER INSERT ON post_comments
    FOR EACH ROW EXECUTE FUNCTION post_comments_count();
