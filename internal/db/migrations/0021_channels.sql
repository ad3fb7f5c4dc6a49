-- Channels: each published story's post to the Telegram channel of its language. A row is
-- queued in the transaction that publishes the edition and delivered by the channel worker,
-- which claims rows with a lease as the mail worker does. One row per story and language
-- (the unique key), so a story republished or edited is never posted twice.
CREATE TABLE channel_posts (
    id              {{id}},
    story_id        {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    -- queued, sent, failed (refused for good or out of attempts) or skipped (the edition was
    -- withdrawn, or the channel switched off, before it could be sent).
    status          TEXT NOT NULL DEFAULT 'queued',
    -- Delivery attempts begun, counted when a worker claims the post.
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{time}} NOT NULL,
    -- A worker's claim, as in the outbox: no other worker takes the post until locked_until,
    -- and only the holder of lease_token records its outcome.
    locked_until    {{time}},
    lease_token     TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    -- The Bot API's error_code (HTTP status) of the last failure; 0 for none or a network error.
    error_code      INTEGER NOT NULL DEFAULT 0,
    -- What was sent: the headline as posted, the chat and Telegram's message id.
    headline        TEXT NOT NULL DEFAULT '',
    chat_id         TEXT NOT NULL DEFAULT '',
    message_id      {{bigint}} NOT NULL DEFAULT 0,
    created_at      {{time}} NOT NULL,
    sent_at         {{time}},
    UNIQUE (story_id, lang)
);
CREATE INDEX channel_posts_due ON channel_posts (status, next_attempt_at);
CREATE INDEX channel_posts_recent ON channel_posts (lang, created_at);
