-- A small tsvector of the headline, standfirst, tags and bylines alone (weights A and B), that
-- search ranks its candidates by: the whole edition's tsv is kept out of line, one TOAST read
-- per candidate, which made ranking 2,000 candidates cost a quarter of a second. MAIN keeps it
-- in the row; a low toast_tuple_target moves the row's large texts out of line instead, so
-- that finding the candidates of a common word reads a small heap.
ALTER TABLE search_docs ADD COLUMN tsv_head tsvector NOT NULL DEFAULT '';
ALTER TABLE search_docs ALTER COLUMN tsv_head SET STORAGE MAIN;
ALTER TABLE search_docs SET (toast_tuple_target = 128);
