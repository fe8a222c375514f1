-- Balances move once per account per statement instead of once per entry.
-- A settlement posts thousands of entries against the house account in one
-- statement; a row-level trigger updated that one row thousands of times in
-- one transaction, and every update had to walk the growing chain of row
-- versions the transaction itself had created (quadratic). The statement
-- trigger sums the new entries per account first. The non-negative CHECK on
-- member balances still holds after every statement.

DROP TRIGGER ledger_entries_apply ON ledger_entries;
DROP FUNCTION ledger_apply();

CREATE FUNCTION ledger_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_accounts a SET balance = a.balance + n.amount
    FROM (SELECT account_id, sum(amount) AS amount FROM ledger_new_entries GROUP BY account_id) n
    WHERE a.id = n.account_id;
    RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS ledger_new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_apply();
