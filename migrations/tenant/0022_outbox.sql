-- The outbox (app/notify): side effects that must not happen unless the
-- transaction that caused them commits: live pushes today, outbound HTTP
-- later. A row is written in that transaction and delivered by the worker
-- after COMMIT, retried with backoff until max_attempts. Its id is the key a
-- receiver dedupes on: a delivery that succeeded but could not be recorded is
-- made again with the same id (at least once, idempotent on the receiver).
CREATE TABLE outbox (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind          text NOT NULL,
    payload       jsonb NOT NULL DEFAULT '{}',
    state         text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'done', 'failed')),
    attempts      int NOT NULL DEFAULT 0,
    max_attempts  int NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
    run_at        timestamptz NOT NULL DEFAULT now(),
    last_error    text,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at   timestamptz
);
CREATE INDEX outbox_due ON outbox (run_at, created_at) WHERE state = 'queued';

-- Wakes the worker (it LISTENs on the jobs' channel) when the writing
-- transaction commits: delivery follows the commit within milliseconds.
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_notify();
