-- Editions kept in step: which edition a translation was made from and at which revision, whether
-- its text is still an unedited machine draft, and who translated it; and the queue of machine
-- translations readers ask for.
ALTER TABLE editions ADD COLUMN source_lang TEXT NOT NULL DEFAULT '';
ALTER TABLE editions ADD COLUMN source_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE editions ADD COLUMN machine {{bool}} NOT NULL DEFAULT {{false}};
ALTER TABLE editions ADD COLUMN translator_id {{bigint}} REFERENCES users (id);

CREATE TABLE mt_jobs (
    id                {{id}},
    story_id          {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    source_edition_id {{bigint}} NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    source_revision   INTEGER NOT NULL,
    target_lang       TEXT NOT NULL,
    status            TEXT NOT NULL,
    error             TEXT NOT NULL DEFAULT '',
    headline          TEXT NOT NULL DEFAULT '',
    standfirst        TEXT NOT NULL DEFAULT '',
    body              TEXT NOT NULL DEFAULT '',
    attempts          INTEGER NOT NULL DEFAULT 0,
    created_at        {{time}} NOT NULL,
    updated_at        {{time}} NOT NULL,
    UNIQUE (source_edition_id, source_revision, target_lang)
);
CREATE INDEX mt_jobs_status ON mt_jobs (status, id);
CREATE INDEX mt_jobs_story ON mt_jobs (story_id);
