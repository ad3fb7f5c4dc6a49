-- Imports from other systems. redirects maps an old address (path, or path and query, as the
-- old site served it) to its new path; the reader site answers it with a 301. wp_items
-- remembers what each WordPress item of an import became, so a second run updates rather
-- than duplicates (keyed by the export's site and the item's kind and id, with its GUID).
CREATE TABLE redirects (
    old_path   TEXT PRIMARY KEY,
    new_path   TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    created_at {{time}} NOT NULL
);

CREATE TABLE wp_items (
    site       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    wp_id      {{bigint}} NOT NULL,
    guid       TEXT NOT NULL DEFAULT '',
    target_id  {{bigint}} NOT NULL,
    lang       TEXT NOT NULL DEFAULT '',
    checksum   TEXT NOT NULL DEFAULT '',
    created_at {{time}} NOT NULL,
    PRIMARY KEY (site, kind, wp_id)
);
CREATE INDEX wp_items_guid ON wp_items (site, guid);
