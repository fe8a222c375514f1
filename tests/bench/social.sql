-- Benchmark fixtures for the social layer (tests/bench/run.sh, issue 4),
-- written set-based into the demo brand (schema t_demo) as the admin role.
--
--   :users members (default 100,000), one of them feed_fan
--   follows: every member but feed_fan follows 1..2*:follows_each others,
--     skewed towards a popular few (so authors of every tier exist);
--     feed_fan (favourite sports football and basketball, no bets: a
--     beginner) follows :fan_follows members (500) spread over the base
--   :posts community posts (1,000,000) over the last :days days (60) in
--     football, basketball and american_football, with #tags; among them the
--     specification's scenario: each of feed_fan's :fan_follows followees
--     posted exactly :fan_posts_each times (10) in the last 7 days, and a bet
--     post for every bet already placed (the demo bettors' own bets)
--   about :likes likes (5,000,000), skewed towards popular authors
--   leaderboard_entries for :lb_members members (20,000): four timeframes,
--     every sport ('') and one to three sports each
--
-- Every member's password is the demo password: the fixture copies alice's
-- (valid Argon2id) hash, so feed_fan can sign in like any member.
--
-- Bulk-loading decisions, each stated where it happens: follows and likes
-- are inserted with their counter triggers disabled, in the same transaction
-- as the one statement that sets the counters from count(*) (so no one ever
-- sees wrong counters); foreign keys, CHECKs and every index stay on.
-- Nothing the application needs is dropped; tables stay logged. Each step is
-- one transaction and prints its time.
--
-- Variables (all optional): users, follows_each, posts, likes, days,
-- fan_follows, fan_posts_each, lb_members, seed.

\set ON_ERROR_STOP on
\if :{?users} \else \set users 100000 \endif
\if :{?follows_each} \else \set follows_each 10 \endif
\if :{?posts} \else \set posts 1000000 \endif
\if :{?likes} \else \set likes 5000000 \endif
\if :{?days} \else \set days 60 \endif
\if :{?fan_follows} \else \set fan_follows 500 \endif
\if :{?fan_posts_each} \else \set fan_posts_each 10 \endif
\if :{?lb_members} \else \set lb_members 20000 \endif
\if :{?seed} \else \set seed 0.42 \endif

SET search_path TO t_demo;
SET work_mem = '128MB';
SET maintenance_work_mem = '256MB';
SET client_min_messages = warning;
\timing on
SELECT setseed(:seed) \g /dev/null

-- A UUIDv7 for a given time (the application's ids are UUIDv7): ids follow
-- creation time, as they would have, so indexes on id grow at their end.
CREATE FUNCTION pg_temp.bench_uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
    SELECT encode(set_byte(overlay(uuid_send(gen_random_uuid())
               PLACING substring(int8send(floor(extract(epoch FROM ts) * 1000)::bigint) FROM 3)
               FROM 1 FOR 6), 6, 112 + floor(random() * 16)::int), 'hex')::uuid
$$;

-- ---- members ----------------------------------------------------------------
\echo '== social fixture: members'
BEGIN;
-- n -> member; n = 0 is feed_fan. Later steps join on n.
CREATE TEMP TABLE bench_u (n int PRIMARY KEY, id uuid NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO bench_u
SELECT n, pg_temp.bench_uuid7(c), c
FROM (SELECT n, CASE WHEN n = 0 THEN now() - interval '30 days'
                     ELSE now() - interval '2 days' - random() * interval '700 days' END AS c
      FROM generate_series(0, :users - 1) n) s;
-- username first_last<k> (or a handle for every fifth), unique by construction:
-- n -> (n % 40, n / 40 % 50, n / 2000) is one-to-one.
INSERT INTO users (id, username, email, password_hash, display_name, bio, favourite_sports,
                   created_at, updated_at, last_active_at)
SELECT b.id, x.username, x.username || '@bench.example',
       (SELECT password_hash FROM users WHERE username = 'alice'),
       x.display, CASE WHEN b.n % 3 = 0 THEN 'Bettor since ' || to_char(b.created_at, 'YYYY') ELSE '' END,
       CASE WHEN b.n = 0 THEN '{football,basketball}'::text[]
            ELSE (ARRAY['{football}', '{basketball}', '{american_football}', '{football,basketball}',
                        '{}', '{football,american_football}', '{basketball,american_football}'])[1 + b.n % 7]::text[]
       END,
       b.created_at, b.created_at, now() - random() * interval '20 days'
FROM bench_u b
CROSS JOIN LATERAL (
    SELECT f, l, CASE WHEN b.n / 2000 > 0 THEN (b.n / 2000)::text ELSE '' END AS k,
           (ARRAY['sharp', 'value', 'tipster', 'odds', 'punter', 'capper', 'hoops', 'gridiron',
                  'parlay', 'underdog'])[1 + b.n / 40 % 10] AS handle
    FROM (SELECT (ARRAY['james', 'mary', 'john', 'patricia', 'robert', 'jennifer', 'michael', 'linda',
                        'william', 'elizabeth', 'david', 'barbara', 'richard', 'susan', 'joseph',
                        'jessica', 'thomas', 'sarah', 'charles', 'karen', 'chris', 'nancy', 'daniel',
                        'lisa', 'matthew', 'betty', 'anthony', 'margaret', 'mark', 'sandra', 'luca',
                        'sofia', 'mateo', 'emma', 'kenji', 'yuki', 'ahmed', 'fatima', 'oliver',
                        'chloe'])[1 + b.n % 40] AS f,
                 (ARRAY['smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis',
                        'rodriguez', 'martinez', 'hernandez', 'lopez', 'gonzalez', 'wilson',
                        'anderson', 'thomas', 'taylor', 'moore', 'jackson', 'martin', 'lee', 'perez',
                        'thompson', 'white', 'harris', 'sanchez', 'clark', 'ramirez', 'lewis',
                        'robinson', 'walker', 'young', 'allen', 'king', 'wright', 'scott', 'torres',
                        'nguyen', 'hill', 'flores', 'green', 'adams', 'nelson', 'baker', 'hall',
                        'rivera', 'campbell', 'mitchell', 'carter', 'roberts'])[1 + b.n / 40 % 50] AS l
         ) names
) s
CROSS JOIN LATERAL (
    SELECT CASE WHEN b.n = 0 THEN 'feed_fan'
                WHEN b.n % 5 = 4 THEN s.handle || '_' || s.l || s.k || '_' || s.f
                ELSE s.f || '_' || s.l || s.k END AS username,
           CASE WHEN b.n = 0 THEN 'Feed Fan'
                ELSE initcap(s.f) || ' ' || initcap(s.l) END AS display
) x;
-- every member has a wallet (`tailgate ledger check` requires its two
-- accounts), empty: the fixture places no bets for them
INSERT INTO ledger_accounts (kind, user_id)
SELECT k.kind, b.id FROM bench_u b CROSS JOIN (VALUES ('user_cash'), ('user_in_play')) AS k (kind)
ORDER BY b.n, k.kind;
COMMIT;

-- ---- follows ---------------------------------------------------------------
\echo '== social fixture: follows'
BEGIN;
-- Bulk load: the row trigger that moves users.followers_count and
-- following_count would update two user rows per follow; it is disabled
-- for this transaction's inserts only, and the counters are then set in one
-- UPDATE from count(*) before the same transaction commits.
ALTER TABLE user_relationships DISABLE TRIGGER user_relationships_count;
-- likewise the per-day trending counts (member_daily), set from the rows below
ALTER TABLE user_relationships DISABLE TRIGGER member_daily_follows;
-- feed_fan's followees: every (:users / :fan_follows)-th member, from n = 7
CREATE TEMP TABLE bench_fan_followees AS
    SELECT 7 + i * (:users / :fan_follows) AS n FROM generate_series(0, :fan_follows - 1) i;
INSERT INTO user_relationships (id, follower_id, following_id, relationship_type, created_at)
SELECT pg_temp.bench_uuid7(c), fu.id, tu.id, 'follow', c
FROM (
    -- feed_fan's follows, made since feed_fan signed up
    SELECT 0 AS f, n AS t, now() - random() * interval '29 days' AS c FROM bench_fan_followees
    UNION ALL
    -- everyone else: 1..2*follows_each each, skewed towards low n (the popular)
    SELECT DISTINCT ON (f, t) f, t, c
    FROM (SELECT f.n AS f, 1 + floor((:users - 1) * power(random(), 2.5))::int AS t,
                 now() - random() * interval '365 days' AS c
          FROM generate_series(1, :users - 1) f(n)
          CROSS JOIN LATERAL generate_series(1, 1 + floor(random() * 2 * :follows_each)::int + f.n * 0) k
         ) r
    WHERE f <> t
) x
JOIN bench_u fu ON fu.n = x.f
JOIN bench_u tu ON tu.n = x.t
ORDER BY fu.id;  -- in follower order, two of the table's indexes grow at their end
ALTER TABLE user_relationships ENABLE TRIGGER user_relationships_count;
ALTER TABLE user_relationships ENABLE TRIGGER member_daily_follows;
INSERT INTO member_daily AS m (day, user_id, followers_gained)
SELECT (created_at AT TIME ZONE 'UTC')::date, following_id, count(*)
FROM user_relationships WHERE relationship_type = 'follow' AND created_at > now() - interval '40 days'
GROUP BY 1, 2
ON CONFLICT (day, user_id) DO UPDATE SET followers_gained = m.followers_gained + EXCLUDED.followers_gained;
UPDATE users u SET followers_count = coalesce(fr.c, 0), following_count = coalesce(fg.c, 0)
FROM bench_u b
LEFT JOIN (SELECT following_id AS id, count(*) AS c FROM user_relationships
           WHERE relationship_type = 'follow' GROUP BY 1) fr ON fr.id = b.id
LEFT JOIN (SELECT follower_id AS id, count(*) AS c FROM user_relationships
           WHERE relationship_type = 'follow' GROUP BY 1) fg ON fg.id = b.id
WHERE u.id = b.id;
COMMIT;

-- ---- posts -------------------------------------------------------------------
\echo '== social fixture: posts (plan)'
-- The posts to write, with their like counts decided up front: each post's
-- likes are then inserted exactly that many times, so likes_count is right
-- from the start (checked against count(*) at the end) and 1,000,000 posts
-- are not rewritten by an UPDATE.
CREATE TEMP TABLE bench_topics (sport text PRIMARY KEY, teams text[], tags text[], weight float8);
INSERT INTO bench_topics VALUES
    ('football', '{Arsenal,Chelsea,Liverpool,Barcelona,Madrid,Juventus,Bayern,Dortmund,Milan,Inter,Napoli,Ajax}',
     '{premierleague,laliga,seriea,bundesliga,championsleague,btts,over25,accumulator,value,bankroll}', 0.5),
    ('basketball', '{Lakers,Celtics,Warriors,Bucks,Nuggets,Heat,Knicks,Suns,Mavericks,Sixers}',
     '{nba,playoffs,overunder,props,euroleague,value,parlay,bankroll}', 0.3),
    ('american_football', '{Chiefs,Eagles,Cowboys,Bills,Ravens,Niners,Packers,Dolphins,Lions,Bengals}',
     '{nfl,superbowl,spread,fantasy,collegefootball,value,parlay,bankroll}', 0.2);
CREATE TEMP TABLE bench_posts AS
SELECT pg_temp.bench_uuid7(x.created_at) AS id, x.*, 0 AS likes,
       floor(random() * :users)::bigint AS like_base
FROM (
    -- the followees of feed_fan: :fan_posts_each recent posts each
    SELECT f.n AS author_n, now() - random() * interval '7 days' AS created_at, true AS fan,
           random() AS r_sport, random() AS r_kind
    FROM bench_fan_followees f CROSS JOIN generate_series(1, :fan_posts_each) j
    UNION ALL
    -- everyone else but feed_fan and its followees, skewed towards the popular
    SELECT a + CASE WHEN (a - 7) % (:users / :fan_follows) = 0 AND a < 7 + :fan_follows * (:users / :fan_follows)
                    THEN 1 ELSE 0 END,
           now() - random() * make_interval(days => :days), false, random(), random()
    FROM (SELECT 1 + floor((:users - 2) * power(random(), 2))::int AS a
          FROM generate_series(1, :posts - :fan_follows * :fan_posts_each
                                  - (SELECT count(*) FROM bets)::int) k) s
) x;
ALTER TABLE bench_posts ADD COLUMN w float8, ADD COLUMN sport text;
UPDATE bench_posts SET
    sport = CASE WHEN r_sport < 0.5 THEN 'football' WHEN r_sport < 0.8 THEN 'basketball'
                 ELSE 'american_football' END,
    -- an exponential draw per post, weighted towards popular authors
    w = -ln(1 - random()) * CASE WHEN author_n < 1000 THEN 4 WHEN author_n < 10000 THEN 2 ELSE 1 END;
-- likes per post: the weights scaled to :likes, rounded at random (unbiased)
UPDATE bench_posts SET likes = least(:users - 1, floor(w * :likes / (SELECT sum(w) FROM bench_posts) + random())::int);
ANALYZE bench_posts;

\echo '== social fixture: posts'
BEGIN;
INSERT INTO community_posts (id, user_id, post_type, title, content, sport, confidence_level,
                             likes_count, tags, content_key, created_at, updated_at)
SELECT p.id, u.id, c.post_type, c.title, c.content, p.sport, c.confidence, p.likes,
       to_jsonb(ARRAY[c.tag1] || CASE WHEN c.tag2 <> c.tag1 THEN ARRAY[c.tag2] ELSE '{}' END),
       md5(lower(c.content)), p.created_at, p.created_at
FROM bench_posts p
JOIN bench_u u ON u.n = p.author_n
JOIN bench_topics t ON t.sport = p.sport
CROSS JOIN LATERAL (
    SELECT t.teams[1 + floor(random() * cardinality(t.teams))::int] AS home,
           t.teams[1 + floor(random() * cardinality(t.teams))::int] AS away,
           t.tags[1 + floor(random() * cardinality(t.tags))::int] AS tag1,
           t.tags[1 + floor(random() * cardinality(t.tags))::int] AS tag2,
           (ARRAY['backing the favourites at home', 'the underdog looks like value',
                  'the line moved overnight and I think it went too far',
                  'injury news changes everything here', 'the market is sleeping on the defence',
                  'pace and form both point the same way', 'fading the public on this one',
                  'a classic trap game', 'weather could keep the total low',
                  'the closing line will tell us who was right'])[1 + floor(random() * 10)::int] AS line1,
           (ARRAY['Small stake, long season.', 'Bankroll first.', 'Thoughts welcome.',
                  'Tailing my own model here.', 'Check the head to head numbers.',
                  'Keep an eye on the lineup news.', 'Not financial advice.',
                  'Over the last ten meetings the trend is clear.'])[1 + floor(random() * 8)::int] AS line2,
           p.r_kind
) r
CROSS JOIN LATERAL (
    SELECT CASE WHEN r.r_kind < 0.4 THEN 'analysis' ELSE 'discussion' END AS post_type,
           CASE WHEN r.r_kind < 0.4 THEN r.home || ' v ' || r.away || ': ' || r.line1 END AS title,
           r.home || ' v ' || r.away || ': ' || r.line1 || '. ' || r.line2 || ' #' || r.tag1
               || CASE WHEN r.tag2 <> r.tag1 THEN ' #' || r.tag2 ELSE '' END AS content,
           CASE WHEN r.r_kind < 0.7 THEN 1 + floor(r.r_kind * 1000)::int % 10 END AS confidence,
           r.tag1, r.tag2
) c
ORDER BY p.created_at;
-- a bet post by the bettor for every bet already placed (the demo bettors)
INSERT INTO community_posts (id, user_id, post_type, title, content, bet_id, sport, confidence_level,
                             tags, content_key, created_at, updated_at)
SELECT pg_temp.bench_uuid7(b.placed_at), b.user_id, 'bet_post', NULL,
       'On it: ' || b.outcome || ' at ' || to_char(b.odds / 1000.0, 'FM990.00') || ' #value', b.id, b.sport,
       5, '["value"]', md5('on it: ' || b.id), b.placed_at, b.placed_at
FROM bets b
WHERE NOT EXISTS (SELECT 1 FROM community_posts p WHERE p.bet_id = b.id)
ORDER BY b.placed_at;
COMMIT;

-- ---- likes -------------------------------------------------------------------
\echo '== social fixture: likes'
BEGIN;
-- Bulk load: the row trigger that moves community_posts.likes_count is
-- disabled for this transaction's inserts; every post was written with its
-- number of likes below (checked against count(*) at the end).
ALTER TABLE post_interactions DISABLE TRIGGER post_interactions_count;
ALTER TABLE post_interactions DISABLE TRIGGER member_daily_interactions;
-- a post's likers: like_base + j * 7919 modulo :users for j < likes, all
-- different because 7919 (a prime) is coprime with :users
INSERT INTO post_interactions (id, user_id, post_id, interaction_type, created_at)
SELECT pg_temp.bench_uuid7(c), u.id, x.post_id, 'like', c
FROM (SELECT p.id AS post_id, ((p.like_base + j * 7919) % :users)::int AS liker,
             p.created_at + (now() - p.created_at) * power(random(), 3) AS c
      FROM bench_posts p CROSS JOIN LATERAL generate_series(0, p.likes - 1) j) x
JOIN bench_u u ON u.n = x.liker
ORDER BY u.id;  -- in liker order, two of the table's indexes grow at their end (~40% faster)
ALTER TABLE post_interactions ENABLE TRIGGER post_interactions_count;
ALTER TABLE post_interactions ENABLE TRIGGER member_daily_interactions;
-- the trending counts of the last 40 days, as the trigger would have kept them
INSERT INTO member_daily AS m (day, user_id, likes)
SELECT (i.created_at AT TIME ZONE 'UTC')::date, p.user_id, count(*)
FROM post_interactions i JOIN community_posts p ON p.id = i.post_id
WHERE i.created_at > now() - interval '40 days' AND i.user_id <> p.user_id
GROUP BY 1, 2
ON CONFLICT (day, user_id) DO UPDATE SET likes = m.likes + EXCLUDED.likes;
COMMIT;

-- ---- feed_fan's inbox ---------------------------------------------------------
-- The worker's feed_fanout job puts each new post in its author's followers'
-- inboxes; the posts above were written directly, so the inbox of the member
-- the feed scenario reads is filled here as the fan-out and the follows
-- (their last 14 days) would have filled it. Other members' inboxes are left
-- empty: no scenario reads them.
\echo '== social fixture: feed_fan inbox'
BEGIN;
INSERT INTO feed_inbox (user_id, post_id, via_id, created_at)
SELECT r.follower_id, p.id, p.user_id, p.created_at
FROM bench_u f
JOIN user_relationships r ON r.follower_id = f.id AND r.relationship_type = 'follow'
JOIN community_posts p ON p.user_id = r.following_id AND p.created_at > now() - interval '14 days'
WHERE f.n = 0
ON CONFLICT DO NOTHING;
COMMIT;

-- ---- leaderboard rows --------------------------------------------------------
\echo '== social fixture: leaderboard rows'
-- Inserted directly with plausible figures, not derived from bets (the
-- fixture places no bets for these members): a skill (true ROI, mean -3%,
-- sd 4%) per member, a lifetime bet count of 20..2000, each window a share
-- of it (7 days ~3%, 30 days ~12%, a year ~60%; no row when empty), an
-- observed ROI with the noise of that many bets at decimal odds 1.6..2.8,
-- and per-sport rows splitting the bets over one to three sports. p_value
-- is one-sided for ROI > 0 (logistic approximation of the normal).
BEGIN;
INSERT INTO leaderboard_entries (timeframe, sport, user_id, total_bets, winning_bets, losing_bets,
                                 winning_percentage, total_staked, total_profit_loss, roi_percentage,
                                 average_odds, clv_bets, closing_line_value, p_value)
SELECT tf, sport, id, bets, wins, bets - wins - pushes,
       100.0 * wins / bets, staked, round(staked * roi / 100)::bigint, roi,
       odds, floor(bets * 0.9)::bigint, clv,
       CASE WHEN sport = '' THEN 1 / (1 + exp(1.702 * roi * sqrt(bets) / (100 * sqrt(odds - 1)))) END
FROM (
    SELECT w.tf, s.sport, m.id, s.bets, m.odds,
           least(s.bets, greatest(0, round(s.bets * (1 + s.roi / 100) / m.odds)))::bigint AS wins,
           floor(s.bets * 0.03)::bigint AS pushes,
           s.bets * m.stake AS staked, s.roi,
           m.skill * 60 + (random() + random() + random() - 1.5) * 4 / sqrt(s.bets) AS clv
    FROM (SELECT u.id, u.n, -0.03 + 0.04 * (random() + random() + random() - 1.5) * 2 AS skill,
                 floor(20 * power(100, random()))::int AS lifetime, 1.6 + random() * 1.2 AS odds,
                 (500 + floor(random() * 10) * 500)::bigint AS stake,
                 1 + floor(random() * 3)::int AS nsports, floor(random() * 4)::int AS first_sport
          FROM bench_u u
          WHERE u.n > 0 AND u.n % greatest(1, (:users - 1) / :lb_members) = 0
          LIMIT :lb_members) m
    CROSS JOIN (VALUES ('7_days', 0.03), ('30_days', 0.12), ('1_year', 0.6), ('all_time', 1.0)) AS w (tf, share)
    CROSS JOIN LATERAL (SELECT CASE WHEN w.tf = 'all_time' THEN m.lifetime
                                    ELSE floor(m.lifetime * w.share * (0.5 + random()))::int END AS bets) t
    CROSS JOIN LATERAL (
        -- every sport, then each of the member's sports with its share
        SELECT '' AS sport, t.bets,
               100 * (m.skill + (random() + random() + random() - 1.5) * 2 * sqrt(m.odds - 1) / sqrt(greatest(t.bets, 1))) AS roi
        UNION ALL
        SELECT (ARRAY['football', 'basketball', 'american_football', 'tennis'])[1 + (m.first_sport + k) % 4],
               CASE WHEN k = m.nsports - 1 THEN t.bets - (m.nsports - 1) * (t.bets / m.nsports)
                    ELSE t.bets / m.nsports END,
               100 * (m.skill + (random() + random() + random() - 1.5) * 2 * sqrt(m.odds - 1)
                      / sqrt(greatest(t.bets / m.nsports, 1)))
        FROM generate_series(0, m.nsports - 1) k
    ) s
    WHERE s.bets > 0
) e;
COMMIT;

\echo '== social fixture: vacuum, analyze and check'
-- as autovacuum would soon after such a load; done here so that it does not
-- run in the middle of a measurement, and the planner knows the new sizes
VACUUM (ANALYZE) users, user_relationships, community_posts, post_interactions, leaderboard_entries;
-- the counters the triggers would have kept, checked against count(*)
SELECT 'bad post counters: ' || count(*) FROM community_posts p
    JOIN (SELECT post_id, count(*) AS n FROM post_interactions
          WHERE interaction_type = 'like' AND removed_at IS NULL GROUP BY 1) l ON l.post_id = p.id
    WHERE p.likes_count <> l.n;
SELECT 'bad user counters: ' || count(*) FROM users u
    WHERE followers_count <> (SELECT count(*) FROM user_relationships r
                              WHERE r.following_id = u.id AND r.relationship_type = 'follow');
\timing off
SELECT format('social fixture: %s members, %s follows, %s posts, %s likes, %s leaderboard rows; '
              'feed_fan follows %s members with %s posts in the last 7 days',
              (SELECT count(*) FROM users), (SELECT count(*) FROM user_relationships),
              (SELECT count(*) FROM community_posts), (SELECT count(*) FROM post_interactions),
              (SELECT count(*) FROM leaderboard_entries),
              (SELECT following_count FROM users WHERE username = 'feed_fan'),
              (SELECT count(*) FROM community_posts p JOIN user_relationships r ON r.following_id = p.user_id
               JOIN users f ON f.id = r.follower_id AND f.username = 'feed_fan'
               WHERE p.created_at > now() - interval '7 days'));
