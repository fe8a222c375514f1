-- Less work per copy in a fan-out (docs/bench.md, "Copy trading").
--
-- A relationship's counters are updated by every copy of every bet, and its
-- row is wide (the settings document): with full pages each update wrote a
-- new version elsewhere and an entry in all five of its indexes. Half-empty
-- pages keep updates on the page (HOT). As for ledger_accounts (0015), the
-- setting applies to pages written from now on.
ALTER TABLE copy_trading_relationships SET (fillfactor = 50);

-- One index for "the copies of a bet" and "this follower's copy of this
-- bet" (the unique key of a copy): (original_bet_id, follower_id) serves
-- both, so the single-column index on original_bet_id goes.
CREATE UNIQUE INDEX copy_trades_original_follower ON copy_trades (original_bet_id, follower_id);
ALTER TABLE copy_trades DROP CONSTRAINT copy_trades_follower_id_original_bet_id_key;
DROP INDEX copy_trades_original;

-- Nothing looks bets up by copied_from (copy_trades links a copy to its
-- original), and bets are never deleted, so the foreign key needs no index
-- on the referencing side either.
DROP INDEX bets_copied_from;
