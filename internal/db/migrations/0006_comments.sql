-- Readers' comments: guest comments on published editions with one level of replies, reader
-- flags, and stories whose comments an editor closed.
CREATE TABLE comments (
    id            {{id}},
    story_id      {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    -- The edition the comment was posted on; each edition has its own thread.
    lang          TEXT NOT NULL,
    -- A reply's top-level comment; replies never nest deeper.
    parent_id     {{bigint}} REFERENCES comments (id) ON DELETE CASCADE,
    author_name   TEXT NOT NULL,
    -- Lower-cased; never shown to readers.
    author_email  TEXT NOT NULL,
    -- Plain text (NFC); HTML is made from it when shown.
    body          TEXT NOT NULL,
    -- pending, approved, spam or rejected.
    status        TEXT NOT NULL,
    -- Set on replies written in the newsroom, which readers see marked "Staff".
    staff_user_id {{bigint}} REFERENCES users (id) ON DELETE SET NULL,
    -- The commenter asked to be told by mail when the comment is published.
    notify        {{bool}} NOT NULL DEFAULT {{false}},
    notified_at   {{time}},
    -- Flags from readers not yet reviewed by an editor.
    flag_count    INTEGER NOT NULL DEFAULT 0,
    -- A keyed hash of the client's address, for rate limits and flags; the address itself is
    -- not kept.
    client_key    TEXT NOT NULL DEFAULT '',
    -- Why the comment went to spam (blocklist), empty otherwise.
    spam_reason   TEXT NOT NULL DEFAULT '',
    -- Derived from the form's one-time key: a retried post finds the comment it already made.
    post_key      TEXT NOT NULL UNIQUE,
    created_at    {{time}} NOT NULL,
    moderated_at  {{time}},
    moderated_by  {{bigint}} REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX comments_thread ON comments (story_id, lang, status, created_at);
CREATE INDEX comments_parent ON comments (parent_id);
CREATE INDEX comments_queue ON comments (status, created_at);
CREATE INDEX comments_email ON comments (author_email, created_at);
CREATE INDEX comments_client ON comments (client_key, created_at);
CREATE INDEX comments_flagged ON comments (flag_count) WHERE flag_count > 0;

CREATE TABLE comment_flags (
    comment_id {{bigint}} NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    client_key TEXT NOT NULL,
    created_at {{time}} NOT NULL,
    PRIMARY KEY (comment_id, client_key)
);

CREATE TABLE comment_closed_stories (
    story_id  {{bigint}} PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    closed_by {{bigint}} REFERENCES users (id) ON DELETE SET NULL,
    closed_at {{time}} NOT NULL
);
