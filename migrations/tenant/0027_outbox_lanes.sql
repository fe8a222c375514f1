-- Each outbox row is delivered by the worker lane whose transaction wrote it
-- (app/notify/notify_outbox.c): a copy fan-out's notifications follow its
-- copies on the copy lane instead of taking CPU from them on the live lane;
-- a request's rows (no lane of its own) go to the live lane.
ALTER TABLE outbox ADD COLUMN lane text NOT NULL DEFAULT 'live'
    CHECK (lane IN ('live', 'bulk', 'copy'));
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (lane, run_at, created_at) WHERE state = 'queued';
