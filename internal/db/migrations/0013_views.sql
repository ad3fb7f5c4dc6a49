-- Article views for "Most read" and the newsroom's counts. Nothing about a reader is kept:
-- each row is how many times one edition (story, language) was read in one hour (UTC),
-- added to by every node's batched flushes.
CREATE TABLE story_views (
    story_id {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    lang     TEXT NOT NULL,
    hour     {{time}} NOT NULL,
    views    {{bigint}} NOT NULL,
    PRIMARY KEY (story_id, lang, hour)
);
CREATE INDEX story_views_window ON story_views (lang, hour);

-- Hourly rows older than the longest "Most read" window are folded into one total per edition.
CREATE TABLE story_view_totals (
    story_id {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    lang     TEXT NOT NULL,
    views    {{bigint}} NOT NULL,
    PRIMARY KEY (story_id, lang)
);
