-- Leaderboards (issue 4) are read from maintained rows, never from bets.
--
-- 1. Each sport bucket of a member also keeps the sums behind its average
--    odds and closing-line value, so that a sport's leaderboard shows them.
--    Existing buckets are filled from the settled bets, bucketed as the
--    accumulator does (a sport without a named bucket of its own is "other").
ALTER TABLE profile_sport_stats
    ADD COLUMN odds_sum bigint NOT NULL DEFAULT 0,           -- thousandths, decisive bets
    ADD COLUMN clv_bets bigint NOT NULL DEFAULT 0,
    ADD COLUMN clv_sum  double precision NOT NULL DEFAULT 0;

WITH named AS (
    SELECT user_id, sport FROM profile_sport_stats WHERE sport <> 'other'
), agg AS (
    SELECT b.user_id, coalesce(n.sport, 'other') AS bucket,
           coalesce(sum(b.odds) FILTER (WHERE b.status IN ('won', 'lost', 'half_won', 'half_lost')), 0)
               AS odds_sum,
           count(*) FILTER (WHERE b.fair_closing_odds IS NOT NULL AND b.status <> 'void') AS clv_bets,
           coalesce(sum(b.odds::float8 / b.fair_closing_odds - 1)
               FILTER (WHERE b.fair_closing_odds IS NOT NULL AND b.status <> 'void'), 0) AS clv_sum
    FROM bets b LEFT JOIN named n ON n.user_id = b.user_id AND n.sport = b.sport
    WHERE b.settle_seq IS NOT NULL
    GROUP BY 1, 2
)
UPDATE profile_sport_stats sp
SET odds_sum = a.odds_sum, clv_bets = a.clv_bets, clv_sum = a.clv_sum
FROM agg a WHERE a.user_id = sp.user_id AND a.bucket = sp.sport;

-- 2. One row per member, timeframe and sport ('' for every sport), with the
--    figures a leaderboard entry shows. Written with the settlement (all
--    time) and the worker's refresh of the member's windows (the others);
--    a member with no bet in a window has no row there.
CREATE TABLE leaderboard_entries (
    timeframe          text NOT NULL CHECK (timeframe IN ('7_days', '30_days', '1_year', 'all_time')),
    sport              text NOT NULL,
    user_id            uuid NOT NULL REFERENCES users (id),
    total_bets         bigint NOT NULL,
    winning_bets       bigint NOT NULL,
    losing_bets        bigint NOT NULL,
    winning_percentage double precision NOT NULL,
    total_staked       bigint NOT NULL,
    total_profit_loss  bigint NOT NULL,
    roi_percentage     double precision NOT NULL,
    average_odds       double precision NOT NULL,
    clv_bets           bigint NOT NULL,
    closing_line_value double precision NOT NULL,
    p_value            double precision,          -- every sport only; not kept per sport
    PRIMARY KEY (timeframe, sport, user_id)
);
-- one index per ordering; the partial ones serve the usual minimum of 10 bets
-- without walking past the many members with a handful of lucky bets
CREATE INDEX leaderboard_roi ON leaderboard_entries
    (timeframe, sport, roi_percentage DESC, user_id) WHERE total_bets >= 10;
CREATE INDEX leaderboard_profit ON leaderboard_entries
    (timeframe, sport, total_profit_loss DESC, user_id) WHERE total_bets >= 10;
CREATE INDEX leaderboard_clv ON leaderboard_entries
    (timeframe, sport, closing_line_value DESC, user_id) WHERE total_bets >= 10;
CREATE INDEX leaderboard_significance ON leaderboard_entries
    (timeframe, sport, p_value, user_id) WHERE total_bets >= 10;
CREATE INDEX leaderboard_user ON leaderboard_entries (user_id);

-- 3. Every member's windows are refreshed now (which writes their rows).
UPDATE profile_windows SET valid_until = now();
INSERT INTO jobs (kind, payload, run_at, dedup_key, max_attempts)
SELECT 'profile_windows', jsonb_build_object('user_id', user_id), now(), 'pw:' || user_id, 5
FROM profile_stats
ON CONFLICT DO NOTHING;
