-- Every statement that writes ledger entries must leave each ledger
-- transaction it touches summing to zero, checked once per statement over
-- the statement's own entries instead of once per entry at commit. A
-- fan-out of copies posts 1,000 entries in one statement: the deferred
-- row-level check ran 1,000 PL/pgSQL calls and 1,000 index lookups at commit.
-- The rule is stricter than before: a ledger transaction's entries can no
-- longer be spread over several statements (nothing did; ledger_post_many
-- writes every entry of every transaction it posts in one statement), and
-- an unbalanced statement fails at once rather than at COMMIT. Since the
-- entries a statement adds to any transaction sum to zero, so does every
-- transaction, by induction; entries are never updated or deleted.

DROP TRIGGER ledger_entries_balanced ON ledger_entries;
DROP FUNCTION ledger_balanced();

CREATE FUNCTION ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t bigint;
BEGIN
    SELECT transaction_id INTO t FROM ledger_new_entries
    GROUP BY transaction_id HAVING sum(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not sum to zero', t
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS ledger_new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_balanced();

-- Balances are updated by every posting: room on each page keeps the new
-- row version on the same page (a HOT update, no index entry), and page
-- pruning reclaims the old ones. Applies to pages written from now on; a
-- row moves to such a page at its next non-HOT update.
ALTER TABLE ledger_accounts SET (fillfactor = 50);
