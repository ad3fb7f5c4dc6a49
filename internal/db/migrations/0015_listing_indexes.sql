-- Reader lists over a large archive. editions_published replaces editions_listing with the
-- story id added, so a list walks published editions in date order and finds each story
-- (its section, its tags) without reading the editions' bodies; editions_story_status
-- counts a section's or an author's published editions from the stories' side.
DROP INDEX editions_listing;
CREATE INDEX editions_published ON editions (lang, status, published_at, story_id);
CREATE INDEX editions_story_status ON editions (story_id, lang, status, published_at);
