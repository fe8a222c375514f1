-- The settlement sequence: the order in which a member's settled bets are
-- folded into their figures (docs/metrics.md, "Settlement order"), public
-- as each settled bet's settlement_seq so that anyone can recompute the
-- streaks and the drawdown of a record (docs/api.md, "A member's settled
-- bets").
--
-- bets.settle_seq was the id of the settlement's ledger transaction. Those
-- ids are drawn when the ledger rows are written, before the settlement
-- locks the members' figures, so two settlements of one member running at
-- once could fold in another order than their ids (and the later fold's
-- bets, with lower ids, were skipped as already applied). From now on the
-- value comes from this sequence, drawn by the settlement while it holds
-- the brand's settlement lock (app/bets/bets_db.c), so sequence order is the
-- order of the folds. A corrected result draws new values for the bets it
-- re-settles, which then come last, as the rebuild that follows folds them.
--
-- Backfill: the figures stored so far were computed in settle_seq order
-- (incremental maintenance and rebuild alike), and every value is distinct
-- (one ledger transaction per settlement), so the existing values already
-- are that order and stay; the sequence continues above the largest one so
-- that profile_stats.seq ("the sequence last applied") keeps holding.
CREATE SEQUENCE bet_settlement_seq AS bigint;
SELECT setval('bet_settlement_seq', greatest(
    (SELECT max(settle_seq) FROM bets), (SELECT max(seq) FROM profile_stats), 1));

COMMENT ON COLUMN bets.settle_seq IS
    'settlement order (bet_settlement_seq): folded into the figures in this order; settlement_seq in the API';

-- The public listing pages through a member's own settled picks, newest
-- settlement first (copies are the trader's record, not the copier's).
CREATE INDEX bets_user_settled_own ON bets (user_id, settle_seq DESC)
    WHERE settle_seq IS NOT NULL AND copied_from IS NULL;
