-- Bets: singles on one selection. A bet's terms never change and a bet is
-- never deleted (triggers); only its settlement state moves, and every
-- settlement (a first one, or a re-settlement after a corrected result) is
-- kept in bet_settlements with the ledger transaction that moved the money.
-- Stakes and payouts are minor units; odds are decimal thousandths.

CREATE TABLE bets (
    id                  uuid PRIMARY KEY,                  -- bet_id
    user_id             uuid NOT NULL REFERENCES users (id),
    event_id            uuid NOT NULL REFERENCES events (id),
    market_id           bigint NOT NULL REFERENCES markets (id),
    selection_id        bigint NOT NULL REFERENCES selections (id),
    -- what was bet on, as it stood at placement (for history and profiles)
    sport               text NOT NULL,
    market_kind         text NOT NULL,
    line                int NOT NULL,
    outcome             text NOT NULL,
    stake               bigint NOT NULL CHECK (stake > 0),
    odds                int NOT NULL CHECK (odds > 1000),
    potential_payout    bigint NOT NULL CHECK (potential_payout >= stake),
    notes               text NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
    confidence          smallint CHECK (confidence BETWEEN 1 AND 10),
    win_probability     int CHECK (win_probability BETWEEN 1 AND 9999),   -- basis points
    source              text NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'api', 'copy', 'seed')),
    copied_from         uuid REFERENCES bets (id),
    idempotency_key     text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 100),
    placed_at           timestamptz NOT NULL DEFAULT now(),
    -- settlement state: the only columns an UPDATE may change
    status              text NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'won', 'lost', 'push', 'void', 'half_won', 'half_lost')),
    payout              bigint CHECK (payout >= 0),        -- returned to cash, stake included
    settled_version     int NOT NULL DEFAULT 0,            -- events.result_version settled for
    settled_at          timestamptz,
    settle_seq          bigint,                            -- ledger transaction of the settlement
    closing_odds        int CHECK (closing_odds > 1000),
    fair_closing_odds   int CHECK (fair_closing_odds > 1000),
    UNIQUE (user_id, idempotency_key),
    CHECK ((status = 'open') = (settled_at IS NULL))
);
CREATE INDEX bets_user_placed ON bets (user_id, placed_at DESC, id DESC);
CREATE INDEX bets_user_open ON bets (user_id) WHERE status = 'open';
CREATE INDEX bets_event ON bets (event_id);
CREATE INDEX bets_user_settled ON bets (user_id, settle_seq) WHERE settle_seq IS NOT NULL;
CREATE INDEX bets_copied_from ON bets (copied_from) WHERE copied_from IS NOT NULL;

CREATE FUNCTION bets_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'bets are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF (NEW.id, NEW.user_id, NEW.event_id, NEW.market_id, NEW.selection_id, NEW.sport,
        NEW.market_kind, NEW.line, NEW.outcome, NEW.stake, NEW.odds, NEW.potential_payout,
        NEW.notes, NEW.confidence, NEW.win_probability, NEW.source, NEW.copied_from,
        NEW.idempotency_key, NEW.placed_at)
       IS DISTINCT FROM
       (OLD.id, OLD.user_id, OLD.event_id, OLD.market_id, OLD.selection_id, OLD.sport,
        OLD.market_kind, OLD.line, OLD.outcome, OLD.stake, OLD.odds, OLD.potential_payout,
        OLD.notes, OLD.confidence, OLD.win_probability, OLD.source, OLD.copied_from,
        OLD.idempotency_key, OLD.placed_at) THEN
        RAISE EXCEPTION 'a bet''s terms are immutable' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER bets_immutable BEFORE UPDATE OR DELETE ON bets
    FOR EACH ROW EXECUTE FUNCTION bets_immutable();

-- Every settlement of every bet, in order; never updated.
CREATE TABLE bet_settlements (
    bet_id          uuid NOT NULL REFERENCES bets (id),
    version         int NOT NULL,                 -- events.result_version
    status          text NOT NULL CHECK (status IN ('won', 'lost', 'push', 'void', 'half_won', 'half_lost')),
    payout          bigint NOT NULL CHECK (payout >= 0),
    transaction_id  bigint NOT NULL REFERENCES ledger_transactions (id),
    settled_at      timestamptz NOT NULL,
    PRIMARY KEY (bet_id, version)
);
CREATE TRIGGER bet_settlements_immutable BEFORE UPDATE OR DELETE ON bet_settlements
    FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
