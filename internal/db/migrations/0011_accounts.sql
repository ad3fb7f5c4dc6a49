-- Accounts hardening: single-use TOTP codes and recovery codes.

-- totp_last_step is the 30-second step of the last TOTP code accepted for the account; a code
-- for that step or an earlier one is refused, so a code seen once cannot be replayed.
ALTER TABLE users ADD COLUMN totp_last_step {{bigint}} NOT NULL DEFAULT 0;

-- recovery_codes stand in for a TOTP code once each; only their hashes are kept.
CREATE TABLE recovery_codes (
    id         {{id}},
    user_id    {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at {{time}} NOT NULL,
    used_at    {{time}}
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
