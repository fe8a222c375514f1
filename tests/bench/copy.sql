-- Benchmark fixtures for copy trading (tests/bench/run.sh, scenarios
-- copy_fanout_* and copy_latency), written set-based as the admin role
-- through the same ledger tables the application uses, so that
-- `tailgate ledger check` still passes afterwards.
--
--   :followers members copy_f<n> (n = 1 .. followers), each with a wallet
--   holding :cash (minor units) credited by a balanced 'top_up' transaction;
--   relationships, all active, fixed_amount 5.00, no delay, the settings
--   document exactly as copy_settings_json() writes it:
--     copy_fan_big    copied by every follower            (copy_fanout_10000)
--     copy_fan_small  copied by followers 1 .. :small      (copy_fanout_1000)
--     copy_lat_<k>    copied by the followers n with (n - 1) % :lat_traders = k - 1,
--                     k = 1 .. :lat_traders               (copy_latency)
-- The traders signed up through the API beforehand (run.sh), so they have
-- sessions, wallets and their welcome credit.
-- Needs psql variables followers, small, lat_traders, cash.

\set ON_ERROR_STOP on
SET search_path TO t_demo;
BEGIN;

CREATE TEMP TABLE bench_followers ON COMMIT DROP AS
    SELECT g AS n, gen_random_uuid() AS id, 'copy_f' || g AS username
    FROM generate_series(1, :followers) g;
INSERT INTO users (id, username, email, password_hash, display_name, bio)
SELECT id, username, username || '@bench.example', 'not-a-password-hash', 'Copier ' || n,
       'Benchmark account'
FROM bench_followers ORDER BY n;
INSERT INTO ledger_accounts (kind, user_id)
SELECT k.kind, f.id FROM bench_followers f CROSS JOIN (VALUES ('user_cash'), ('user_in_play')) AS k (kind)
ORDER BY f.n, k.kind;
INSERT INTO ledger_transactions (kind, idempotency_key, memo)
SELECT 'top_up', 'bench-copy-credit:' || id, 'Benchmark credit' FROM bench_followers ORDER BY n;
INSERT INTO ledger_entries (transaction_id, account_id, amount)
SELECT t.id, a.id, x.amount
FROM bench_followers f
JOIN ledger_transactions t ON t.idempotency_key = 'bench-copy-credit:' || f.id
CROSS JOIN LATERAL (VALUES ('user_cash', f.id, (:cash)::bigint), ('bonuses', NULL::uuid, -(:cash)::bigint))
     AS x (kind, user_id, amount)
JOIN ledger_accounts a ON a.kind = x.kind AND a.user_id IS NOT DISTINCT FROM x.user_id;

-- every pair (follower, trader) once; the copiers_count trigger (one update
-- of the trader's row per relationship) is off for this insert only, and the
-- counters are set from count(*) below, in the same transaction
CREATE TEMP TABLE bench_pairs ON COMMIT DROP AS
    SELECT f.id AS follower_id, t.id AS trader_id
    FROM bench_followers f JOIN users t ON t.username = 'copy_fan_big'
    UNION ALL
    SELECT f.id, t.id FROM bench_followers f JOIN users t ON t.username = 'copy_fan_small'
    WHERE f.n <= :small
    UNION ALL
    SELECT f.id, t.id FROM bench_followers f
    JOIN users t ON t.username = 'copy_lat_' || (1 + (f.n - 1) % :lat_traders);
CREATE TEMP TABLE bench_expect ON COMMIT DROP AS SELECT (:followers + :small + :followers)::bigint AS n;
DO $$ BEGIN
    IF (SELECT count(*) FROM bench_pairs) <> (SELECT n FROM bench_expect) THEN
        RAISE EXCEPTION 'copy fixture: the traders copy_fan_big, copy_fan_small and copy_lat_<k> must exist';
    END IF;
END $$;

ALTER TABLE copy_trading_relationships DISABLE TRIGGER copy_relationships_count;
INSERT INTO copy_trading_relationships (id, follower_id, trader_id, settings, copy_delay_seconds,
                                        start_bankroll)
SELECT gen_random_uuid(), follower_id, trader_id,
       '{"auto_copy_enabled":true,"bet_types_filter":[],"copy_delay_seconds":0,"copy_mode":"fixed_amount","daily_loss_limit":null,"fixed_amount":"5.00","kelly_scaling_factor":"1.000","max_bet_size":null,"max_odds":null,"max_slippage":null,"min_edge":null,"min_odds":null,"monthly_loss_limit":null,"percentage":null,"reduce_size_if_losing_streak":5,"sports_filter":[],"stop_copying_if_drawdown":"0.2000","take_profit":null}'::jsonb,
       0, :cash
FROM bench_pairs;
ALTER TABLE copy_trading_relationships ENABLE TRIGGER copy_relationships_count;
UPDATE users u SET copiers_count = c.n
FROM (SELECT trader_id, count(*) AS n FROM copy_trading_relationships WHERE status = 'active'
      GROUP BY trader_id) c
WHERE u.id = c.trader_id AND u.copiers_count <> c.n;

COMMIT;
VACUUM (ANALYZE) users, ledger_accounts, ledger_transactions, ledger_entries, copy_trading_relationships;
SELECT count(*) FILTER (WHERE t.username = 'copy_fan_big') || ' ' ||
       count(*) FILTER (WHERE t.username = 'copy_fan_small') || ' ' ||
       count(*) FILTER (WHERE t.username LIKE 'copy\_lat\_%')
FROM copy_trading_relationships r JOIN users t ON t.id = r.trader_id WHERE r.status = 'active';
