-- The mail outbox: every mail Batori sends is stored here first and delivered by the mail
-- worker, so a mail accepted survives restarts and is retried.
CREATE TABLE outbox (
    id              {{id}},
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL DEFAULT '',
    -- queued, sent or failed.
    status          TEXT NOT NULL DEFAULT 'queued',
    -- How a sent mail left: smtp, or log when no SMTP server is configured.
    sent_via        TEXT NOT NULL DEFAULT '',
    -- Delivery attempts begun, counted when a worker claims the mail.
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{time}} NOT NULL,
    -- A worker's claim: until locked_until passes no other worker takes the mail, so one that
    -- dies mid-send releases it; lease_token lets only the claiming worker record the outcome.
    locked_until    {{time}},
    lease_token     TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    -- Set by callers that must not queue the same mail twice; NULL when unused.
    dedupe_key      TEXT UNIQUE,
    created_at      {{time}} NOT NULL,
    sent_at         {{time}}
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
