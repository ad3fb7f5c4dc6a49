-- The story desk: who created a story, submission and correction details, notes between
-- reporters and editors, and the audit log.
ALTER TABLE stories ADD COLUMN created_by {{bigint}} REFERENCES users (id);
ALTER TABLE editions ADD COLUMN submitted_at {{time}};
ALTER TABLE editions ADD COLUMN correction_note TEXT NOT NULL DEFAULT '';
ALTER TABLE editions ADD COLUMN correction_at {{time}};
CREATE INDEX editions_status ON editions (status, modified_at);

CREATE TABLE edition_notes (
    id         {{id}},
    edition_id {{bigint}} NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    user_id    {{bigint}} REFERENCES users (id),
    body       TEXT NOT NULL,
    created_at {{time}} NOT NULL
);
CREATE INDEX edition_notes_edition ON edition_notes (edition_id);

CREATE TABLE audit_events (
    id         {{id}},
    user_id    {{bigint}} REFERENCES users (id),
    action     TEXT NOT NULL,
    story_id   {{bigint}},
    edition_id {{bigint}},
    detail     TEXT NOT NULL DEFAULT '',
    created_at {{time}} NOT NULL
);
CREATE INDEX audit_events_story ON audit_events (story_id, created_at);
CREATE INDEX audit_events_time ON audit_events (created_at);
