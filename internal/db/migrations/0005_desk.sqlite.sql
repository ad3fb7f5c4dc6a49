-- The story desk: who created a story, submission and correction details, notes between
-- reporters and editors, and the audit log. Keep in step with 0005_desk.postgres.sql.
ALTER TABLE stories ADD COLUMN created_by INTEGER REFERENCES users (id);
ALTER TABLE editions ADD COLUMN submitted_at TIMESTAMP;
ALTER TABLE editions ADD COLUMN correction_note TEXT NOT NULL DEFAULT '';
ALTER TABLE editions ADD COLUMN correction_at TIMESTAMP;
CREATE INDEX editions_status ON editions (status, modified_at);

CREATE TABLE edition_notes (
    id         INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX edition_notes_edition ON edition_notes (edition_id);

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER REFERENCES users (id),
    action     TEXT NOT NULL,
    story_id   INTEGER,
    edition_id INTEGER,
    detail     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_events_story ON audit_events (story_id, created_at);
CREATE INDEX audit_events_time ON audit_events (created_at);
