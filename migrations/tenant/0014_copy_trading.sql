-- Copy trading (social-trading.md; docs/copy.md). A follower copies a
-- trader's bets by the relationship's settings; every copy, placed or
-- skipped, is one copy_trades row. Money in minor units, odds in
-- thousandths, rates in basis points, as everywhere else.

CREATE TABLE copy_trading_relationships (
    id                   uuid PRIMARY KEY,
    follower_id          uuid NOT NULL REFERENCES users (id),
    trader_id            uuid NOT NULL REFERENCES users (id),
    settings             jsonb NOT NULL,           -- copy_settings_json(): the API's names
    -- settings the fan-out selects on, kept beside the document
    copy_delay_seconds   int NOT NULL DEFAULT 0 CHECK (copy_delay_seconds BETWEEN 0 AND 300),
    status               text NOT NULL DEFAULT 'active'
                         CHECK (status IN ('active', 'paused', 'cancelled')),
    stop_reason          text CHECK (stop_reason IN ('follower', 'drawdown', 'take_profit', 'blocked')),
    total_copied_amount  bigint NOT NULL DEFAULT 0 CHECK (total_copied_amount >= 0),
    total_profit_loss    bigint NOT NULL DEFAULT 0,
    copies_placed        int NOT NULL DEFAULT 0 CHECK (copies_placed >= 0),
    copies_skipped       int NOT NULL DEFAULT 0 CHECK (copies_skipped >= 0),
    -- the risk state (struct copy_state) since the relationship last
    -- started: the follower's bankroll then, realised profit of settled
    -- copies and its peak, the current UTC day's and month's realised
    -- profit, consecutive losing copies. The totals above are for its life.
    start_bankroll       bigint NOT NULL CHECK (start_bankroll >= 0),
    run_pnl              bigint NOT NULL DEFAULT 0,
    peak_pnl             bigint NOT NULL DEFAULT 0 CHECK (peak_pnl >= 0),
    pnl_day              date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
    day_pnl              bigint NOT NULL DEFAULT 0,
    month_pnl            bigint NOT NULL DEFAULT 0,
    losing_streak        int NOT NULL DEFAULT 0 CHECK (losing_streak >= 0),
    started_at           timestamptz NOT NULL DEFAULT now(),   -- bets placed since are copied
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (follower_id, trader_id),
    CHECK (follower_id <> trader_id),
    CHECK ((status = 'cancelled') = (stop_reason IS NOT NULL))
);
-- the fan-out: a trader's active copiers in id order (keyset chunks of
-- 1,000 read 1,000 rows and stop, whatever delays the copiers chose), and
-- the delays in use (the first chunk queues one job per delay)
CREATE INDEX copy_relationships_trader ON copy_trading_relationships (trader_id, id)
    WHERE status = 'active';
CREATE INDEX copy_relationships_delays ON copy_trading_relationships (trader_id, copy_delay_seconds)
    WHERE status = 'active' AND copy_delay_seconds > 0;
CREATE INDEX copy_relationships_follower ON copy_trading_relationships (follower_id, created_at DESC);

-- One row per (follower, original bet): the unique key that makes a copy
-- happen at most once, whether it came from a relationship or from a post
-- ("Copy this bet"), and however often a job is retried.
CREATE TABLE copy_trades (
    id                uuid PRIMARY KEY,
    relationship_id   uuid REFERENCES copy_trading_relationships (id),  -- NULL: a one-off copy
    post_id           uuid REFERENCES community_posts (id),             -- the one-off's post
    follower_id       uuid NOT NULL REFERENCES users (id),
    trader_id         uuid NOT NULL REFERENCES users (id),
    original_bet_id   uuid NOT NULL REFERENCES bets (id),
    copy_bet_id       uuid UNIQUE REFERENCES bets (id),
    status            text NOT NULL CHECK (status IN ('placed', 'skipped')),
    skip_reason       text,
    copy_amount       bigint NOT NULL DEFAULT 0 CHECK (copy_amount >= 0),
    copy_ratio        bigint NOT NULL DEFAULT 0,     -- basis points of the original stake
    sized             bigint NOT NULL DEFAULT 0,     -- what the mode asked before the caps
    capped_by         text,
    reduced           boolean NOT NULL DEFAULT false, -- the losing-streak reduction applied
    trader_odds       int NOT NULL CHECK (trader_odds > 1000),
    copy_odds         int CHECK (copy_odds > 1000),  -- the price the copy got (or was offered)
    profit            bigint,                        -- the copy's settled profit
    settled_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (follower_id, original_bet_id),
    CHECK ((status = 'placed') = (copy_bet_id IS NOT NULL AND copy_amount > 0)),
    CHECK ((status = 'skipped') = (skip_reason IS NOT NULL)),
    CHECK (relationship_id IS NOT NULL OR post_id IS NOT NULL)
);
CREATE INDEX copy_trades_relationship ON copy_trades (relationship_id, created_at DESC)
    WHERE relationship_id IS NOT NULL;
CREATE INDEX copy_trades_original ON copy_trades (original_bet_id);
CREATE INDEX copy_trades_follower ON copy_trades (follower_id, created_at DESC);

-- A trader's active copiers and the volume copied from them, for the
-- profile; moved by the statements that change relationships and copies.
ALTER TABLE users
    ADD COLUMN copiers_count integer NOT NULL DEFAULT 0 CHECK (copiers_count >= 0),
    ADD COLUMN copied_volume bigint NOT NULL DEFAULT 0 CHECK (copied_volume >= 0);

CREATE FUNCTION copy_relationships_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d int := 0;
BEGIN
    IF TG_OP = 'INSERT' THEN
        d := CASE WHEN NEW.status = 'active' THEN 1 ELSE 0 END;
    ELSIF (OLD.status = 'active') <> (NEW.status = 'active') THEN
        d := CASE WHEN NEW.status = 'active' THEN 1 ELSE -1 END;
    END IF;
    IF d <> 0 THEN
        EXECUTE format('UPDATE %I.users SET copiers_count = copiers_count + $1 WHERE id = $2',
                       TG_TABLE_SCHEMA) USING d, NEW.trader_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER copy_relationships_count
    AFTER INSERT OR UPDATE OF status ON copy_trading_relationships
    FOR EACH ROW EXECUTE FUNCTION copy_relationships_count();

-- Volume per trader once per statement: a fan-out inserts thousands of
-- copies of one trader's bet, and one update of the trader's row is enough.
CREATE FUNCTION copy_trades_volume() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE %I.users u SET copied_volume = u.copied_volume + n.amount '
                   'FROM (SELECT trader_id, sum(copy_amount) AS amount FROM copy_new_trades '
                   'WHERE status = ''placed'' GROUP BY trader_id) n WHERE u.id = n.trader_id',
                   TG_TABLE_SCHEMA);
    RETURN NULL;
END $$;
CREATE TRIGGER copy_trades_volume AFTER INSERT ON copy_trades
    REFERENCING NEW TABLE AS copy_new_trades
    FOR EACH STATEMENT EXECUTE FUNCTION copy_trades_volume();

-- Money and odds as money_format and odds_format write them, for messages
-- composed by set-based statements.
CREATE FUNCTION money_text(m bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN m < 0 THEN '-' ELSE '' END || (abs(m) / 100) || '.' || lpad((abs(m) % 100)::text, 2, '0')
$$;
CREATE FUNCTION odds_text(o int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(o / 1000.0, CASE WHEN o % 10 = 0 THEN 'FM999990.00' ELSE 'FM999990.000' END)
$$;
