-- Trending members (issue 4): who gains followers and engagement fastest.
--
-- member_daily counts, per member and UTC day, the follows they gained and
-- the likes, comments and shares their posts received; triggers move the
-- counts in the statement that causes them (an unfollow takes its count back
-- from the day of the follow, an unlike from today). trending_members holds
-- the ranking the worker computes from them every few minutes
-- (job trending_refresh), which the API and pages read.
CREATE TABLE member_daily (
    day               date NOT NULL,
    user_id           uuid NOT NULL REFERENCES users (id),
    followers_gained  int NOT NULL DEFAULT 0,
    likes             int NOT NULL DEFAULT 0,
    comments          int NOT NULL DEFAULT 0,
    shares            int NOT NULL DEFAULT 0,
    PRIMARY KEY (day, user_id)
);

CREATE FUNCTION member_daily_add(u uuid, at timestamptz, f int, l int, c int, s int)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO member_daily AS m (day, user_id, followers_gained, likes, comments, shares)
    VALUES ((at AT TIME ZONE 'UTC')::date, u, f, l, c, s)
    ON CONFLICT (day, user_id) DO UPDATE SET
        followers_gained = m.followers_gained + EXCLUDED.followers_gained,
        likes = m.likes + EXCLUDED.likes, comments = m.comments + EXCLUDED.comments,
        shares = m.shares + EXCLUDED.shares
$$;

CREATE FUNCTION member_daily_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.relationship_type = 'follow' THEN
        PERFORM member_daily_add(OLD.following_id, OLD.created_at, -1, 0, 0, 0);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.relationship_type = 'follow' THEN
        PERFORM member_daily_add(NEW.following_id, NEW.created_at, 1, 0, 0, 0);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER member_daily_follows
    AFTER INSERT OR DELETE OR UPDATE OF relationship_type ON user_relationships
    FOR EACH ROW EXECUTE FUNCTION member_daily_follows();

-- Likes and shares of one's own posts do not count.
CREATE FUNCTION member_daily_interactions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    author uuid;
    d int := 0;
BEGIN
    IF NEW.interaction_type NOT IN ('like', 'share') THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.removed_at IS NULL THEN
        d := 1;
    ELSIF TG_OP = 'UPDATE' AND (OLD.removed_at IS NULL) <> (NEW.removed_at IS NULL) THEN
        d := CASE WHEN NEW.removed_at IS NULL THEN 1 ELSE -1 END;
    END IF;
    SELECT user_id INTO author FROM community_posts WHERE id = NEW.post_id;
    IF d <> 0 AND author <> NEW.user_id THEN
        PERFORM member_daily_add(author, now(), 0,
            CASE WHEN NEW.interaction_type = 'like' THEN d ELSE 0 END, 0,
            CASE WHEN NEW.interaction_type = 'share' THEN d ELSE 0 END);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER member_daily_interactions
    AFTER INSERT OR UPDATE OF removed_at ON post_interactions
    FOR EACH ROW EXECUTE FUNCTION member_daily_interactions();

CREATE FUNCTION member_daily_comments() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    author uuid;
BEGIN
    SELECT user_id INTO author FROM community_posts WHERE id = NEW.post_id;
    IF author <> NEW.user_id THEN
        PERFORM member_daily_add(author, NEW.created_at, 0, 0, 1, 0);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER member_daily_comments AFTER INSERT ON post_comments
    FOR EACH ROW EXECUTE FUNCTION member_daily_comments();

CREATE TABLE trending_members (
    timeframe         text NOT NULL CHECK (timeframe IN ('7_days', '30_days')),
    rank              int NOT NULL,
    user_id           uuid NOT NULL REFERENCES users (id),
    followers_gained  int NOT NULL,
    engagement        int NOT NULL,
    score             int NOT NULL,
    computed_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (timeframe, rank)
);

-- What happened before this table: the follows still standing and every
-- interaction, on the days they were made.
INSERT INTO member_daily (day, user_id, followers_gained)
SELECT (created_at AT TIME ZONE 'UTC')::date, following_id, count(*)
FROM user_relationships WHERE relationship_type = 'follow' GROUP BY 1, 2;
INSERT INTO member_daily AS m (day, user_id, likes, shares)
SELECT (i.created_at AT TIME ZONE 'UTC')::date, p.user_id,
       count(*) FILTER (WHERE i.interaction_type = 'like'),
       count(*) FILTER (WHERE i.interaction_type = 'share')
FROM post_interactions i JOIN community_posts p ON p.id = i.post_id
WHERE i.removed_at IS NULL AND i.user_id <> p.user_id GROUP BY 1, 2
ON CONFLICT (day, user_id) DO UPDATE SET likes = EXCLUDED.likes, shares = EXCLUDED.shares;
INSERT INTO member_daily AS m (day, user_id, comments)
SELECT (c.created_at AT TIME ZONE 'UTC')::date, p.user_id, count(*)
FROM post_comments c JOIN community_posts p ON p.id = c.post_id
WHERE c.user_id <> p.user_id GROUP BY 1, 2
ON CONFLICT (day, user_id) DO UPDATE SET comments = EXCLUDED.comments;

INSERT INTO jobs (kind, payload, run_at, dedup_key, max_attempts)
VALUES ('trending_refresh', '{}', now(), 'trending_refresh', 5) ON CONFLICT DO NOTHING;
