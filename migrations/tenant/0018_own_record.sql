-- A member's record is their own picks (docs/metrics.md, "Own bets only").
-- A copy (bets.copied_from set) is the trader's pick: it no longer counts in
-- the copier's profile_stats, profile_sport_stats, profile_windows (windows,
-- curve, latest bets) or leaderboard_entries, and so in nothing that reads
-- them (leaderboards, the copy eligibility of a trader, the feed's beginner
-- test).
--
-- 1. The per-member reads of the record walk own settled bets only: a
--    copier's copies are never read to be skipped.
CREATE INDEX bets_user_own_settled ON bets (user_id, settle_seq)
    WHERE settle_seq IS NOT NULL AND copied_from IS NULL;

-- 2. The stored figures are rebuilt from own bets by the accumulator itself
--    (job stats_rebuild, as `tailgate stats rebuild` does): `tailgate
--    migrate` runs it before it returns, the worker otherwise. Rows that
--    differ are rewritten with their all-time leaderboard rows, their cached
--    windows are dropped and refreshed (which rewrites the other
--    leaderboard rows), so `tailgate stats check` passes afterwards.
INSERT INTO jobs (kind, payload, run_at, dedup_key, max_attempts)
VALUES ('stats_rebuild', '{}', now(), 'stats_rebuild', 5)
ON CONFLICT DO NOTHING;
