-- The double-entry ledger. Every movement of money is one transaction whose
-- entries sum to zero (checked at commit by a deferred constraint trigger);
-- entries are immutable; account balances are kept in step by a trigger, and
-- a member's cash and money in play can never go negative (CHECK). Amounts
-- are minor units (cents).

CREATE TABLE ledger_accounts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('user_cash', 'user_in_play', 'house', 'deposits',
                                              'adjustments', 'bonuses')),
    user_id     uuid REFERENCES users (id),
    balance     bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind IN ('user_cash', 'user_in_play')) = (user_id IS NOT NULL)),
    CONSTRAINT ledger_no_negative_user_balance
        CHECK (kind NOT IN ('user_cash', 'user_in_play') OR balance >= 0)
);
CREATE UNIQUE INDEX ledger_accounts_user ON ledger_accounts (user_id, kind) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_accounts_system ON ledger_accounts (kind) WHERE user_id IS NULL;
INSERT INTO ledger_accounts (kind) VALUES ('house'), ('deposits'), ('adjustments'), ('bonuses');
-- every existing member gets a wallet
INSERT INTO ledger_accounts (kind, user_id)
    SELECT k.kind, u.id FROM users u CROSS JOIN (VALUES ('user_cash'), ('user_in_play')) AS k (kind);

CREATE TABLE ledger_transactions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('signup_credit', 'top_up', 'adjustment',
                                                  'bet_stake', 'bet_settle', 'bet_resettle')),
    -- a retry or a second submission can never post twice
    idempotency_key text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    memo            text NOT NULL DEFAULT '' CHECK (length(memo) <= 200),
    actor_id        uuid,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_entries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id  bigint NOT NULL REFERENCES ledger_transactions (id),
    account_id      bigint NOT NULL REFERENCES ledger_accounts (id),
    amount          bigint NOT NULL CHECK (amount <> 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id);
CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);

CREATE FUNCTION ledger_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id;
    RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_apply();

CREATE FUNCTION ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger history is immutable: post a reversing transaction instead'
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
CREATE TRIGGER ledger_transactions_immutable BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_immutable();

CREATE FUNCTION ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(amount) FROM ledger_entries WHERE transaction_id = NEW.transaction_id) <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not sum to zero', NEW.transaction_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_balanced();
