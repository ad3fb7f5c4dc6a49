-- Web push. A reader's browser gives a subscription (its push service's endpoint and the keys
-- to encrypt for it) and the topics it wants: a language, and a section or every section
-- (section_id 0). No account is involved; the endpoint is the subscription's identity.
CREATE TABLE push_subscriptions (
    id         {{id}},
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at {{time}} NOT NULL
);

CREATE TABLE push_topics (
    subscription_id {{bigint}} NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    section_id      {{bigint}} NOT NULL DEFAULT 0,
    PRIMARY KEY (subscription_id, lang, section_id)
);
CREATE INDEX push_topics_reach ON push_topics (lang, section_id);

-- One notification an editor sent for a published edition, and its tallies.
CREATE TABLE push_messages (
    id         {{id}},
    story_id   {{bigint}} NOT NULL,
    edition_id {{bigint}} NOT NULL,
    lang       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL,
    sent_by    {{bigint}},
    recipients INTEGER NOT NULL DEFAULT 0,
    delivered  INTEGER NOT NULL DEFAULT 0,
    gone       INTEGER NOT NULL DEFAULT 0,
    failed     INTEGER NOT NULL DEFAULT 0,
    created_at {{time}} NOT NULL
);
CREATE INDEX push_messages_edition ON push_messages (edition_id);
CREATE INDEX push_messages_recent ON push_messages (lang, created_at);

-- The delivery queue: one row per message and subscription, claimed with leases like the
-- mail outbox. A delivered row is deleted (the message keeps the count); a failed one stays
-- for the newsroom to see until its message goes.
CREATE TABLE push_deliveries (
    id              {{id}},
    message_id      {{bigint}} NOT NULL REFERENCES push_messages (id) ON DELETE CASCADE,
    subscription_id {{bigint}} NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    -- queued or failed.
    status          TEXT NOT NULL DEFAULT 'queued',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{time}} NOT NULL,
    locked_until    {{time}},
    lease_token     TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    UNIQUE (message_id, subscription_id)
);
CREATE INDEX push_deliveries_due ON push_deliveries (status, next_attempt_at);
CREATE INDEX push_deliveries_subscription ON push_deliveries (subscription_id);
