-- Media library: words that travel with a photo, who uploaded it, the hash of the uploaded
-- bytes (so the same upload finds its row before any decoding), and the responsive copies.
ALTER TABLE media ADD COLUMN alt TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN caption TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN credit TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN uploaded_by {{bigint}} REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE media ADD COLUMN source_sha256 TEXT;
CREATE INDEX media_source ON media (source_sha256);
CREATE INDEX media_newest ON media (created_at, id);

CREATE TABLE media_variants (
    id          {{id}},
    media_id    {{bigint}} NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    format      TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    bytes       {{bigint}} NOT NULL,
    UNIQUE (media_id, format, width)
);
