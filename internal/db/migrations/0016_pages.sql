-- Static pages (About us, Privacy policy, Terms...): a page has one edition per language, each
-- with its own slug, title, body, status and revisions, as a story's editions do. Which pages
-- the footer links to, in order, is the setting menu.footer.
CREATE TABLE pages (
    id         {{id}},
    created_at {{time}} NOT NULL
);

CREATE TABLE page_editions (
    id           {{id}},
    page_id      {{bigint}} NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    lang         TEXT NOT NULL,
    slug         TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 0,
    published_at {{time}},
    updated_at   {{time}},
    modified_at  {{time}} NOT NULL,
    created_at   {{time}} NOT NULL,
    UNIQUE (page_id, lang),
    UNIQUE (lang, slug)
);

CREATE TABLE page_revisions (
    id         {{id}},
    edition_id {{bigint}} NOT NULL REFERENCES page_editions (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    user_id    {{bigint}} REFERENCES users (id),
    created_at {{time}} NOT NULL,
    UNIQUE (edition_id, number)
);
