-- Related stories take, for each tag of a story, the newest stories with that tag: with the
-- story id in the index that is a short walk from the end of the tag's entries instead of
-- reading and sorting every story the tag has.
DROP INDEX story_tags_tag;
CREATE INDEX story_tags_tag ON story_tags (tag_id, story_id);

-- An uploaded photo's variants are made by a background job (media/queue.go): the queue is
-- the photos still waiting, each leased by one node at a time.
ALTER TABLE media ADD COLUMN variants_queued {{bool}} NOT NULL DEFAULT {{false}};
ALTER TABLE media ADD COLUMN variants_lease {{time}};
ALTER TABLE media ADD COLUMN variants_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX media_variants_queued ON media (variants_queued, id);
