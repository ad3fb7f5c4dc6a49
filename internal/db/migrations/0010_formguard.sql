-- One form guard for comments, enquiries and registration: rate-limit counters shared by every
-- node, replacing the enquiries' own table (limits are short-lived: old counters are not kept),
-- and one secret, taken over from the comments so the client keys stored with comments and
-- flags still match.
CREATE TABLE form_limits (
    -- "<scope>:<hash of the subject>"; the table holds no address.
    key        TEXT PRIMARY KEY,
    hits       INTEGER NOT NULL,
    expires_at {{time}} NOT NULL
);
CREATE INDEX form_limits_expires ON form_limits (expires_at);

DROP TABLE enquiry_limits;

INSERT INTO settings (key, value) SELECT 'formguard.secret', value FROM settings WHERE key = 'comments.secret';
DELETE FROM settings WHERE key IN ('comments.secret', 'enquiry.form_secret');
