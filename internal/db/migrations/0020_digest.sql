-- Daily e-mail digests. A reader subscribes without an account; the address receives nothing
-- until its owner follows the confirmation link (double opt-in). Only the confirmation token's
-- hash is kept, and only until it is used or expires.
CREATE TABLE digest_subscribers (
    id               {{id}},
    email            TEXT NOT NULL UNIQUE,
    lang             TEXT NOT NULL,
    -- sections is a comma-separated list of section ids; empty means every section.
    sections         TEXT NOT NULL DEFAULT '',
    -- state: pending (not confirmed), active, unsubscribed, bounced.
    state            TEXT NOT NULL,
    token_hash       TEXT,
    token_expires_at {{time}},
    -- last_sent_on is the local date (YYYY-MM-DD) of the last digest claimed for the address.
    last_sent_on     TEXT NOT NULL DEFAULT '',
    sent_count       {{bigint}} NOT NULL DEFAULT 0,
    bounce_note      TEXT NOT NULL DEFAULT '',
    created_at       {{time}} NOT NULL,
    confirmed_at     {{time}},
    ended_at         {{time}}
);
CREATE UNIQUE INDEX digest_subscribers_token ON digest_subscribers (token_hash);
CREATE INDEX digest_subscribers_due ON digest_subscribers (state, lang, last_sent_on);

-- Extra headers of an outbox mail (List-Unsubscribe and List-Unsubscribe-Post), as JSON.
ALTER TABLE outbox ADD COLUMN headers TEXT NOT NULL DEFAULT '';
