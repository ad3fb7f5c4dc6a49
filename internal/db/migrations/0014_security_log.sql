-- The security log: logins, failures, lockouts, two-step login changes, role changes,
-- password resets, the first-admin setup and exports, readable by admins in the newsroom.
-- user_id is whom the entry is about, actor_id who did it (an admin changing a role); both
-- stay when the account is gone, as plain numbers, so the log keeps its history.
CREATE TABLE security_log (
    id         {{id}},
    kind       TEXT NOT NULL,
    user_id    {{bigint}},
    actor_id   {{bigint}},
    email      TEXT NOT NULL DEFAULT '',
    addr       TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    created_at {{time}} NOT NULL
);
CREATE INDEX security_log_created ON security_log (created_at);
CREATE INDEX security_log_kind ON security_log (kind, created_at);
