-- Words are runs of letters, marks and digits: the default unicode61 categories (L* N* Co)
-- would split Assamese words at every vowel sign and virama. The text given to this table is
-- already folded and stemmed by internal/search, so diacritics stay as they are. Contentless:
-- the text lives in search_docs. facets holds one token per filter value (language, state,
-- section, owner, bylines), so that filters narrow the match inside FTS5.
CREATE VIRTUAL TABLE search_fts USING fts5(head, meta, body, facets, content='', contentless_delete=1,
    tokenize="unicode61 categories 'L* N* M* Co' remove_diacritics 0");
