-- The search index: one row per edition, in every state, with the plain text that snippets are
-- cut from. Its word index is the dialect's own: an FTS5 table on SQLite, a tsvector column
-- with a GIN index on PostgreSQL (the dialect files). internal/search owns all three.
CREATE TABLE search_docs (
    edition_id   {{bigint}} PRIMARY KEY REFERENCES editions (id) ON DELETE CASCADE,
    story_id     {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    lang         TEXT NOT NULL,
    status       TEXT NOT NULL,
    section_id   {{bigint}} NOT NULL,
    owner_id     {{bigint}},
    published_at {{time}},
    ranked_at    {{bigint}} NOT NULL,
    headline     TEXT NOT NULL,
    standfirst   TEXT NOT NULL,
    body         TEXT NOT NULL,
    version      INTEGER NOT NULL
);
CREATE INDEX search_docs_story ON search_docs (story_id);
CREATE INDEX search_docs_listing ON search_docs (lang, status, published_at);
