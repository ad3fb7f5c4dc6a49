-- Newsroom accounts: registration details, verification and approval, two-factor login,
-- sessions, one-time tokens and login throttling.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN district TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN ui_lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE users ADD COLUMN email_verified_at {{time}};
ALTER TABLE users ADD COLUMN approved_at {{time}};
ALTER TABLE users ADD COLUMN reviewed_by {{bigint}} REFERENCES users (id);
ALTER TABLE users ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled {{bool}} NOT NULL DEFAULT {{false}};

CREATE TABLE tokens (
    id         {{id}},
    user_id    {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at {{time}} NOT NULL,
    used_at    {{time}},
    created_at {{time}} NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id, purpose);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    second_factor_pending {{bool}} NOT NULL DEFAULT {{false}},
    user_agent   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    created_at   {{time}} NOT NULL,
    last_seen_at {{time}} NOT NULL,
    expires_at   {{time}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    last_failure  {{time}} NOT NULL,
    blocked_until {{time}} NOT NULL
);
