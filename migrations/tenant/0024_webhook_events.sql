-- Inbound provider webhooks (app/integrations/integrations_webhook.c): one
-- row per verified event, keyed by the provider's own event id, so a second
-- delivery of the same event (providers retry and duplicate) finds its row
-- and is answered 200 without being applied again. A delivery whose
-- signature or timestamp fails is refused before anything is written.
CREATE TABLE webhook_events (
    id           bigserial PRIMARY KEY,
    provider     text NOT NULL CHECK (provider ~ '^[a-z0-9-]{1,24}$'),
    event_id     text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
    type         text NOT NULL DEFAULT '' CHECK (length(type) <= 255),
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    -- handled: a registered handler applied it (in the same transaction);
    -- unhandled: no handler for this provider yet (kept for replay).
    status       text NOT NULL CHECK (status IN ('handled', 'unhandled')),
    UNIQUE (provider, event_id)
);
CREATE INDEX webhook_events_received ON webhook_events (provider, received_at);
