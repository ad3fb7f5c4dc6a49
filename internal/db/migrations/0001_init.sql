-- Batori's first schema.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            {{id}},
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active',
    created_at    {{time}} NOT NULL
);

CREATE TABLE media (
    id            {{id}},
    storage_key   TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    created_at    {{time}} NOT NULL
);

CREATE TABLE sections (
    id         {{id}},
    slug       TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL,
    name_as    TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at {{time}} NOT NULL
);

CREATE TABLE authors (
    id         {{id}},
    slug       TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL,
    name_as    TEXT NOT NULL,
    bio_en     TEXT NOT NULL DEFAULT '',
    bio_as     TEXT NOT NULL DEFAULT '',
    photo_id   {{bigint}} REFERENCES media (id),
    user_id    {{bigint}} REFERENCES users (id),
    created_at {{time}} NOT NULL
);

CREATE TABLE tags (
    id      {{id}},
    slug    TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_as TEXT NOT NULL
);

CREATE TABLE stories (
    id         {{id}},
    section_id {{bigint}} NOT NULL REFERENCES sections (id),
    featured   {{bool}} NOT NULL DEFAULT {{false}},
    created_at {{time}} NOT NULL
);
CREATE INDEX stories_section ON stories (section_id);

CREATE TABLE story_tags (
    story_id {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    tag_id   {{bigint}} NOT NULL REFERENCES tags (id),
    PRIMARY KEY (story_id, tag_id)
);
CREATE INDEX story_tags_tag ON story_tags (tag_id);

CREATE TABLE editions (
    id            {{id}},
    story_id      {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    slug          TEXT NOT NULL,
    headline      TEXT NOT NULL,
    standfirst    TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    image_id      {{bigint}} REFERENCES media (id),
    image_alt     TEXT NOT NULL DEFAULT '',
    image_caption TEXT NOT NULL DEFAULT '',
    image_credit  TEXT NOT NULL DEFAULT '',
    revision      INTEGER NOT NULL DEFAULT 0,
    published_at  {{time}},
    updated_at    {{time}},
    modified_at   {{time}} NOT NULL,
    created_at    {{time}} NOT NULL,
    UNIQUE (story_id, lang)
);
CREATE INDEX editions_listing ON editions (lang, status, published_at);

CREATE TABLE edition_authors (
    edition_id {{bigint}} NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    author_id  {{bigint}} NOT NULL REFERENCES authors (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (edition_id, author_id)
);
CREATE INDEX edition_authors_author ON edition_authors (author_id);

CREATE TABLE revisions (
    id         {{id}},
    edition_id {{bigint}} NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    headline   TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    body       TEXT NOT NULL,
    user_id    {{bigint}} REFERENCES users (id),
    created_at {{time}} NOT NULL,
    UNIQUE (edition_id, number)
);
