-- Ledger accounts beyond members (docs/ledger.md). Until now an account
-- belonged to a member (user_cash, user_in_play) or was one of the tenant's
-- four (house, deposits, adjustments, bonuses). New kinds, each with its
-- owner and its rules:
--
--   platform_revenue     the tenant's one revenue account (fees); never negative
--   escrow               one per held amount (ref: the escrow's uuid); never
--                        negative, and once settled its balance is zero for good
--   team                 one per team (ref: the team's uuid); never negative
--   provider_clearing    one per payment provider (ref: its slug); may go
--                        negative between settlements, and after each recorded
--                        provider settlement stands at the provider's figure
--   commissions_payable  what is owed to one member (ref: the member's uuid);
--                        never negative
--
-- `ref` names the owner of the new kinds; `user_id` stays the owner of a
-- member's wallet only (pages and balances read accounts by user_id).
-- Postings name accounts by (kind, user_id, ref); ledger_post_many looks
-- each up by one partial unique index.

ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_kind_check;
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_kind_check
    CHECK (kind IN ('user_cash', 'user_in_play', 'house', 'deposits', 'adjustments', 'bonuses',
                    'platform_revenue', 'escrow', 'team', 'provider_clearing',
                    'commissions_payable'));
ALTER TABLE ledger_accounts ADD COLUMN ref text;
ALTER TABLE ledger_accounts ADD COLUMN settled_at timestamptz;
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_ref_owner
    CHECK ((kind IN ('escrow', 'team', 'provider_clearing', 'commissions_payable'))
           = (ref IS NOT NULL));
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_ref_form
    CHECK (ref IS NULL
           OR (kind = 'provider_clearing' AND ref ~ '^[a-z][a-z0-9_]{1,36}$')
           OR (kind <> 'provider_clearing'
               AND ref ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'));
-- only an escrow is settled
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_settled_escrow
    CHECK (settled_at IS NULL OR kind = 'escrow');
-- A settled escrow is empty: settling needs a zero balance, and a posting
-- that would move a settled escrow fails (balances move with their entries).
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_escrow_settled_empty
    CHECK (settled_at IS NULL OR balance = 0);
-- The member-balance constraint keeps its name (its violation reads as
-- "insufficient funds"); the new kinds that may not go negative get their own.
ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_no_negative_balance
    CHECK (kind NOT IN ('platform_revenue', 'escrow', 'team', 'commissions_payable')
           OR balance >= 0);

-- One account per (kind, owner): the tenant's singletons now exclude the
-- ref-owned kinds, which get their own index.
DROP INDEX ledger_accounts_system;
CREATE UNIQUE INDEX ledger_accounts_system ON ledger_accounts (kind)
    WHERE user_id IS NULL AND ref IS NULL;
CREATE UNIQUE INDEX ledger_accounts_ref ON ledger_accounts (kind, ref) WHERE ref IS NOT NULL;
INSERT INTO ledger_accounts (kind) VALUES ('platform_revenue');

ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
    CHECK (kind IN ('signup_credit', 'top_up', 'adjustment', 'bet_stake', 'bet_settle',
                    'bet_resettle', 'transfer', 'fee', 'escrow_hold', 'escrow_release',
                    'commission', 'commission_payout', 'provider_settlement'));

-- A payment provider's settlement statement, booked by one ledger
-- transaction: after that transaction the provider's clearing account must
-- stand at closing_balance (what the provider still holds for us, as the
-- ledger signs it; usually 0). `tailgate ledger check` recomputes it.
CREATE TABLE ledger_provider_settlements (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider        text NOT NULL CHECK (provider ~ '^[a-z][a-z0-9_]{1,36}$'),
    transaction_id  bigint NOT NULL UNIQUE REFERENCES ledger_transactions (id),
    statement_ref   text NOT NULL CHECK (length(statement_ref) BETWEEN 1 AND 200),
    closing_balance bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, statement_ref)
);
