-- Benchmark fixtures for bets (tests/bench/run.sh), written set-based as the
-- tenant role, through the same ledger tables the application uses, so that
-- `tailgate ledger check` still passes afterwards.
--
--   :settle_users x :settle_each open bets on one finished event (settlement)
--   one bettor, bench_pro, with :pro_bets bets over :pro_events finished
--   events of the last two years (profile page)
-- Needs psql variables settle_users, settle_each, pro_bets, pro_events.

\set ON_ERROR_STOP on
-- as the admin role (a member of t_demo): temporary tables need its TEMP right
SET search_path TO t_demo;
BEGIN;

INSERT INTO competitions (sport, code, name, country) VALUES ('football', 'BENCH', 'Bench League', 'Benchland')
    ON CONFLICT (sport, code) DO NOTHING;
INSERT INTO teams (sport, name) SELECT 'football', 'Bench ' || g FROM generate_series(1, 40) g
    ON CONFLICT (sport, name) DO NOTHING;

-- events: number 0 is the settlement event, 1..pro_events the bettor's history
CREATE TEMP TABLE bench_events ON COMMIT DROP AS
    SELECT g AS n, gen_random_uuid() AS id,
           CASE WHEN g = 0 THEN now() - interval '3 hours'
                ELSE now() - make_interval(hours => (g * 17520 / :pro_events)) END AS starts_at
    FROM generate_series(0, :pro_events) g;
INSERT INTO events (id, competition_id, home_team_id, away_team_id, starts_at, status, home_score,
                    away_score, result_version, source, source_key)
SELECT e.id, (SELECT id FROM competitions WHERE code = 'BENCH'),
       (SELECT id FROM teams WHERE name = 'Bench ' || (1 + e.n % 20)),
       (SELECT id FROM teams WHERE name = 'Bench ' || (21 + e.n % 20)),
       e.starts_at, 'finished', (e.n * 7) % 4, (e.n * 3) % 3, 1, 'bench', 'bench:' || e.id
FROM bench_events e;
INSERT INTO markets (event_id, kind, line, status) SELECT id, '1x2', 0, 'closed' FROM bench_events;
INSERT INTO markets (event_id, kind, line, status) SELECT id, 'handicap', -25, 'closed' FROM bench_events;
INSERT INTO selections (market_id, outcome, odds, opening_odds, closing_odds, fair_closing_odds)
SELECT m.id, o.outcome, o.odds, o.odds + 40, o.odds, o.fair
FROM markets m JOIN bench_events e ON e.id = m.event_id
JOIN (VALUES ('1x2', 'home', 2100, 2200), ('1x2', 'draw', 3400, 3560), ('1x2', 'away', 3600, 3770),
             ('handicap', 'home', 1950, 2000), ('handicap', 'away', 1900, 1950))
     AS o (kind, outcome, odds, fair) ON o.kind = m.kind;

-- members with wallets and a bench credit
CREATE TEMP TABLE bench_users ON COMMIT DROP AS
    SELECT g AS n, gen_random_uuid() AS id, CASE WHEN g = 0 THEN 'bench_pro' ELSE 'bench_' || g END AS username
    FROM generate_series(0, :settle_users) g;
INSERT INTO users (id, username, email, password_hash, display_name, bio)
SELECT id, username, username || '@bench.example', 'not-a-password-hash', initcap(replace(username, '_', ' ')),
       'Benchmark account'
FROM bench_users;
INSERT INTO ledger_accounts (kind, user_id)
SELECT k.kind, u.id FROM bench_users u CROSS JOIN (VALUES ('user_cash'), ('user_in_play')) AS k (kind);
INSERT INTO ledger_transactions (kind, idempotency_key, memo)
SELECT 'top_up', 'bench-credit:' || id, 'Benchmark credit' FROM bench_users;
INSERT INTO ledger_entries (transaction_id, account_id, amount)
SELECT t.id, a.id, x.amount
FROM bench_users u
JOIN ledger_transactions t ON t.idempotency_key = 'bench-credit:' || u.id
CROSS JOIN LATERAL (VALUES ('user_cash', u.id, 100000000::bigint), ('bonuses', NULL::uuid, -100000000::bigint))
     AS x (kind, user_id, amount)
JOIN ledger_accounts a ON a.kind = x.kind AND a.user_id IS NOT DISTINCT FROM x.user_id;

-- the bets: settlement event (every member but bench_pro), and bench_pro's history
CREATE TEMP TABLE bench_bets ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, u.id AS user_id, e.id AS event_id, s.market_id, s.id AS selection_id,
           m.kind, m.line, s.outcome, (100 + (k * 37 + u.n * 11) % 4900)::bigint AS stake, s.odds,
           e.starts_at - interval '1 day' AS placed_at
    FROM bench_users u
    CROSS JOIN generate_series(1, :settle_each) k
    JOIN bench_events e ON e.n = 0
    JOIN markets m ON m.event_id = e.id AND m.kind = CASE WHEN k % 2 = 0 THEN '1x2' ELSE 'handicap' END
    JOIN selections s ON s.market_id = m.id AND s.outcome = CASE (k + u.n) % 3 WHEN 0 THEN 'home'
         WHEN 1 THEN 'away' ELSE CASE WHEN m.kind = '1x2' THEN 'draw' ELSE 'home' END END
    WHERE u.n > 0
    UNION ALL
    SELECT gen_random_uuid(), u.id, e.id, s.market_id, s.id, m.kind, m.line, s.outcome,
           (1000 + (k * 131) % 9000)::bigint, s.odds, e.starts_at - interval '2 hours'
    FROM bench_users u
    CROSS JOIN generate_series(1, :pro_bets) k
    JOIN bench_events e ON e.n = 1 + (k - 1) % :pro_events
    JOIN markets m ON m.event_id = e.id AND m.kind = CASE WHEN k % 3 = 0 THEN 'handicap' ELSE '1x2' END
    JOIN selections s ON s.market_id = m.id AND s.outcome = CASE k % 4 WHEN 0 THEN 'away' ELSE 'home' END
    WHERE u.n = 0;
INSERT INTO bets (id, user_id, event_id, market_id, selection_id, sport, market_kind, line, outcome,
                  stake, odds, potential_payout, source, idempotency_key, placed_at)
SELECT id, user_id, event_id, market_id, selection_id, 'football', kind, line, outcome, stake, odds,
       stake * odds / 1000, 'api', 'bench:' || id, placed_at
FROM bench_bets;
INSERT INTO ledger_transactions (kind, idempotency_key, memo, actor_id)
SELECT 'bet_stake', 'bet:' || id || ':stake', 'Bet placed', user_id FROM bench_bets;
INSERT INTO ledger_entries (transaction_id, account_id, amount)
SELECT t.id, a.id, x.amount
FROM bench_bets b
JOIN ledger_transactions t ON t.idempotency_key = 'bet:' || b.id || ':stake'
CROSS JOIN LATERAL (VALUES ('user_cash', -b.stake), ('user_in_play', b.stake)) AS x (kind, amount)
JOIN ledger_accounts a ON a.kind = x.kind AND a.user_id = b.user_id;

COMMIT;
SELECT (SELECT id FROM events WHERE source = 'bench' AND starts_at > now() - interval '4 hours'
        ORDER BY starts_at DESC LIMIT 1) AS settle_event;
