-- The personalised feed (docs/feed.md).
--
-- feed_inbox: fan-out on write. One row per member and post published or
-- shared by someone the member follows (via_id), written by the worker when
-- the post appears and, for the last 14 days, when the member follows
-- someone; removed on unfollow and block. The feed's "followed" source is
-- then one index range per reader, however many people they follow.
CREATE TABLE feed_inbox (
    user_id     uuid NOT NULL REFERENCES users (id),
    post_id     uuid NOT NULL REFERENCES community_posts (id),
    via_id      uuid NOT NULL REFERENCES users (id),    -- the followed author or sharer
    created_at  timestamptz NOT NULL,                   -- when it was posted or shared
    PRIMARY KEY (user_id, post_id)
);
CREATE INDEX feed_inbox_recent ON feed_inbox (user_id, created_at DESC);
CREATE INDEX feed_inbox_via ON feed_inbox (user_id, via_id);

-- A first page's ranking, read again by the later pages' cursors (an hour)
-- and reused by first pages for a few minutes, unless the member's follows
-- changed since (reusable).
CREATE TABLE feed_snapshots (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    reusable    boolean NOT NULL DEFAULT true,
    post_ids    uuid[] NOT NULL CHECK (cardinality(post_ids) <= 500)
);
CREATE INDEX feed_snapshots_user ON feed_snapshots (user_id, created_at DESC);
CREATE INDEX feed_snapshots_created ON feed_snapshots (created_at);

-- Existing follows get their inbox now.
INSERT INTO feed_inbox (user_id, post_id, via_id, created_at)
SELECT r.follower_id, p.id, p.user_id, p.created_at
FROM user_relationships r JOIN community_posts p ON p.user_id = r.following_id
WHERE r.relationship_type = 'follow' AND p.created_at > now() - interval '14 days'
ON CONFLICT DO NOTHING;
