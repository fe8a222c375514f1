-- Sign-in throttling per account and address pair, and sign-up limits
-- (app/auth/auth_throttle.c).
--
-- 'user' rows are now keyed by account id (username and email are one
-- account); 'pair' rows count an address's failures on one account, so that
-- a locked address refuses only the accounts it failed on.
ALTER TABLE auth_throttle DROP CONSTRAINT auth_throttle_scope_check;
ALTER TABLE auth_throttle ADD CONSTRAINT auth_throttle_scope_check
    CHECK (scope IN ('user', 'ip', 'pair'));

-- Accounts created per client address and for the whole brand, in windows
-- of an hour: one row per address (and one for the brand, key ''), counted
-- in the sign-up's own transaction, so a refused or failed sign-up counts
-- nothing.
CREATE TABLE signup_counts (
    scope         text NOT NULL CHECK (scope IN ('ip', 'brand')),
    key           text NOT NULL,
    window_start  timestamptz NOT NULL,
    count         int NOT NULL CHECK (count >= 0),
    PRIMARY KEY (scope, key)
);
