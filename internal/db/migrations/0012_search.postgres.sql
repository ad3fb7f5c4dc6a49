-- The words of each edition as internal/search folds and stems them, weighted by where they
-- stand (A headline, B standfirst, tags and bylines, D body).
ALTER TABLE search_docs ADD COLUMN tsv tsvector NOT NULL DEFAULT '';
CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv);
