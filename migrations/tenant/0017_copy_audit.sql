-- Copy trading after the audit (docs/copy.md, "Which bets a relationship
-- copies", "Copies").
--
-- When a relationship was active. A bet placed while it was active ends as
-- a copy or as a recorded skip (`paused`, `relationship_stopped`) whenever
-- its (delayed) copy comes due; a bet placed while it was paused or stopped
-- is not its business. `inactive` holds the closed periods without copying
-- (pause to resume, stop to a new start), `inactive_since` the start of the
-- current one (NULL while active). A trigger keeps both from the status, so
-- every statement that pauses, resumes, stops or restarts is covered.
ALTER TABLE copy_trading_relationships
    ADD COLUMN inactive tstzmultirange NOT NULL DEFAULT '{}',
    ADD COLUMN inactive_since timestamptz;
-- Before this, resuming moved started_at (bets before it were not copied):
-- the time between creation and that start counts as inactive, as it did.
UPDATE copy_trading_relationships SET
    inactive = CASE WHEN started_at > created_at
        THEN tstzmultirange(tstzrange(created_at, started_at)) ELSE '{}' END,
    inactive_since = CASE WHEN status <> 'active' THEN updated_at END;
ALTER TABLE copy_trading_relationships
    ADD CONSTRAINT copy_relationships_inactive_since
    CHECK ((status = 'active') = (inactive_since IS NULL));

CREATE FUNCTION copy_relationships_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'active' AND NEW.status <> 'active' THEN
        NEW.inactive_since := now();
    ELSIF OLD.status <> 'active' AND NEW.status = 'active' THEN
        NEW.inactive := OLD.inactive + tstzmultirange(tstzrange(OLD.inactive_since, now()));
        NEW.inactive_since := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER copy_relationships_activity
    BEFORE UPDATE OF status ON copy_trading_relationships
    FOR EACH ROW EXECUTE FUNCTION copy_relationships_activity();

-- The fan-out reads a trader's relationships of every status (a paused or
-- just-stopped one still owes its bets a record), in id order.
CREATE INDEX copy_relationships_trader_all ON copy_trading_relationships (trader_id, id);

-- What each copy was sized from: the follower's bankroll (cash and money in
-- play) and, for proportional sizing, the trader's bankroll before the
-- original's stake (NULL: not used or unknown). With `sized` (the amount
-- asked before any reduction and cap) and `capped_by` (the cap that bound),
-- a copy says how its stake came about.
ALTER TABLE copy_trades
    ADD COLUMN follower_bankroll bigint,
    ADD COLUMN trader_bankroll bigint;
