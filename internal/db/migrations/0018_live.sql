-- Live blogs: a story's edition that is live carries timestamped entries, newest first. A
-- live blog belongs to one edition, so the English and the Assamese edition of a story each
-- run their own, side by side. ended_at is set when an editor ends it, with a closing note.
CREATE TABLE live_blogs (
    edition_id   {{bigint}} PRIMARY KEY REFERENCES editions (id) ON DELETE CASCADE,
    started_at   {{time}} NOT NULL,
    ended_at     {{time}},
    closing_note TEXT NOT NULL DEFAULT ''
);

-- An entry is pending (a reporter's, waiting for an editor), posted, or removed (readers see
-- "An entry was removed at …" in its place). The byline is author_id's profile, else the
-- profile of the account that wrote it (user_id), else its name. source_id is the entry it
-- was translated from.
CREATE TABLE live_entries (
    id           {{id}},
    edition_id   {{bigint}} NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    body         TEXT NOT NULL,
    media_id     {{bigint}} REFERENCES media (id),
    image_alt    TEXT NOT NULL DEFAULT '',
    embed_url    TEXT NOT NULL DEFAULT '',
    key_point    {{bool}} NOT NULL DEFAULT {{false}},
    user_id      {{bigint}} REFERENCES users (id),
    author_id    {{bigint}} REFERENCES authors (id),
    source_id    {{bigint}} REFERENCES live_entries (id) ON DELETE SET NULL,
    created_at   {{time}} NOT NULL,
    posted_at    {{time}},
    corrected_at {{time}},
    removed_at   {{time}}
);

CREATE INDEX live_entries_edition ON live_entries (edition_id, posted_at);
