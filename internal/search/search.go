package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// MaxResults bounds how many results a query counts, ranks and pages through: beyond it, a
// reader is better served by more words than by page 50. A word too common to tell stories
// apart (it is in thousands of them) is ranked among its newest MaxResults matches only, so
// that a query costs the same in an archive of any size; a rarer one is ranked among all.
const MaxResults = 500

// Filter narrows a search.
type Filter struct {
	// Lang is the editions' language; empty for both.
	Lang      locale.Lang
	SectionID int64
	AuthorID  int64
	// From and To bound the publication time: From ≤ published < To; zero for no bound.
	From, To time.Time
	// Staff, when set, searches the newsroom's view of every state instead of what readers
	// see (published editions).
	Staff *Staff
}

// Staff is whose newsroom view a search is: editors and translators see every edition, a
// reporter their own stories in any state and everyone's published ones (news.Actions lets
// them open no other).
type Staff struct {
	Everything bool
	UserID     int64
}

// Hit is one edition found.
type Hit struct {
	EditionID   int64
	StoryID     int64
	Lang        locale.Lang
	Status      news.Status
	SectionID   int64
	OwnerID     int64
	PublishedAt time.Time
	// Headline and Snippet are cut into pieces, the matching words marked.
	Headline []Piece
	Snippet  []Piece
}

// Results is a page of hits and how many there are in all.
type Results struct {
	Hits []Hit
	// Total counts the hits, up to MaxResults; Capped says there are more.
	Total  int
	Capped bool
}

// Search runs q with f and returns limit hits from offset on, best first: the most relevant
// (words in the headline count most, then standfirst, tags and bylines, then the body), with
// newer stories lifted (a story of today counts double, one of a month ago one and a half).
func (ix *Index) Search(ctx context.Context, q Query, f Filter, limit, offset int) (Results, error) {
	var res Results
	if q.Empty() || offset >= MaxResults {
		return res, nil
	}
	limit = min(limit, MaxResults-offset)
	// One statement finds the candidates, newest first (by edition, after the filters of
	// language, state, section and author), at most one more than MaxResults so that the
	// walk stops early for a common word and their number says whether there are more; it
	// scores them by id alone, and reads the texts of the one page shown: sorting the
	// candidates with their bodies costs more than the ranking. A date range lifts the bound:
	// its stories may be old, and they are counted and ranked all.
	bound := MaxResults + 1
	if !f.From.IsZero() || !f.To.IsZero() {
		bound = 1 << 30
	}
	where, wargs := f.where(ix.db.Dialect)
	dates, dargs := f.dates()
	wargs = append(wargs, dargs...)
	now := ix.now().Unix()
	var count, ranked string
	var cargs, args []any
	if ix.db.Dialect == db.Postgres {
		// PostgreSQL ranks by the small tsv_head (headline, standfirst, tags, bylines): the
		// whole edition's tsv is a TOAST read per candidate. An edition that matches in its
		// body alone ranks by its date, after those that match in their headline.
		// The query goes into the statement as a literal, not a parameter: a statement
		// prepared once is soon planned for any word, and a plan good for a common word (walk
		// the newest editions, reading each one's tsv) takes a second for a rare one. A
		// tsquery holds letters, marks, digits and its own quotes, doubled here.
		tsq := "CAST('" + strings.ReplaceAll(q.tsquery(), "'", "''") + "' AS tsquery)"
		count = "SELECT COUNT(*) FROM (SELECT 1 FROM search_docs d WHERE d.tsv @@ " + tsq + where + dates + " LIMIT ?) n"
		newest := "d.edition_id DESC"
		if walk, err := ix.walkNewest(ctx, tsq+where+dates, wargs); err != nil {
			return res, err
		} else if !walk {
			// Ordered by an expression, the id index cannot give the order: the matches
			// come from the GIN index.
			newest = "d.edition_id + 0 DESC"
		}
		ranked = `WITH m AS (SELECT d.edition_id FROM search_docs d WHERE d.tsv @@ ` + tsq + where + dates + ` ORDER BY ` + newest + ` LIMIT ?),
			t AS (SELECT d.edition_id AS id, (ts_rank('{0.1, 0.2, 0.4, 1.0}', d.tsv_head, ` + tsq + `, 1) + 0.01) *
				(1.0 + 1.0 / (1.0 + GREATEST(0, CAST(? AS BIGINT) - d.ranked_at) / 2592000.0)) AS s
				FROM m JOIN search_docs d ON d.edition_id = m.edition_id ORDER BY s DESC, id DESC LIMIT ? OFFSET ?)
			SELECT ` + docColumns + `, (SELECT COUNT(*) FROM m) FROM t JOIN search_docs d ON d.edition_id = t.id ORDER BY t.s DESC, t.id DESC`
		cargs = wargs
		args = append(wargs[:len(wargs):len(wargs)], bound, now, limit, offset)
	} else {
		// The words, and the filters few editions pass (section, byline), are matched by
		// FTS5; the filters nearly every edition passes (state, language) are read from
		// search_docs beside it, as their tokens' lists (half the index or all of it) would
		// make FTS5 walk them for every query.
		//
		// FTS5's bm25 is not used: its weight of a word is computed from every story that
		// holds it, a walk of the word's whole list even for LIMIT 1 (80 ms for a word in
		// most of 100,000 stories). Instead each word found in the headline, or in the
		// standfirst, tags and bylines, lifts a candidate: one FTS5 query per word and
		// column, bounded to the candidates' rowids and joined with the whole query so that
		// FTS5 seeks through its rarest word rather than walking the common one.
		match := q.fts() + f.facets()
		count = "SELECT COUNT(*) FROM (SELECT 1 FROM search_fts f JOIN search_docs d ON d.edition_id = f.rowid WHERE search_fts MATCH ?" + where + dates + " LIMIT ?) n"
		var lifts strings.Builder
		var largs []any
		for _, w := range q.Words {
			for _, c := range []struct {
				column string
				weight string
			}{{"head", "3.0"}, {"meta", "1.5"}} {
				if lifts.Len() > 0 {
					lifts.WriteString(" UNION ALL ")
				}
				lifts.WriteString("SELECT rowid AS id, " + c.weight + " AS w FROM search_fts WHERE search_fts MATCH ? AND rowid >= (SELECT MIN(id) FROM m)")
				largs = append(largs, "{"+c.column+"} : "+q.group(w)+" AND "+q.fts())
			}
		}
		ranked = `WITH m AS MATERIALIZED (SELECT f.rowid AS id, d.ranked_at FROM search_fts f
				JOIN search_docs d ON d.edition_id = f.rowid WHERE search_fts MATCH ?` + where + dates + ` ORDER BY f.rowid DESC LIMIT ?),
			l AS MATERIALIZED (SELECT id, SUM(w) AS w FROM (` + lifts.String() + `) GROUP BY id),
			t AS (SELECT m.id, (1.0 + COALESCE(l.w, 0) / ?) * (1.0 + 1.0 / (1.0 + MAX(0, ? - m.ranked_at) / 2592000.0)) AS s
				FROM m LEFT JOIN l ON l.id = m.id ORDER BY s DESC, m.id DESC LIMIT ? OFFSET ?)
			SELECT ` + docColumns + `, (SELECT COUNT(*) FROM m) FROM t JOIN search_docs d ON d.edition_id = t.id ORDER BY t.s DESC, t.id DESC`
		cargs = append([]any{match}, wargs...)
		args = append(append([]any{match}, wargs...), bound)
		args = append(append(args, largs...), len(q.Words), now, limit, offset)
	}
	rows, err := ix.db.Query(ctx, ranked, args...)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	mark := newMarker(q.allForms())
	for rows.Next() {
		var h Hit
		var lang, headline, standfirst, body string
		var owner sql.NullInt64
		var published sql.NullTime
		if err := rows.Scan(&h.EditionID, &h.StoryID, &lang, &h.Status, &h.SectionID, &owner, &published,
			&headline, &standfirst, &body, &res.Total); err != nil {
			return res, err
		}
		h.Lang, h.OwnerID, h.PublishedAt = locale.Lang(lang), owner.Int64, published.Time
		h.Headline = highlight(headline, mark)
		h.Snippet = snippet(mark, standfirst, body)
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	if len(res.Hits) == 0 && offset > 0 {
		// A page past the last: the number of hits alone.
		if err := ix.db.QueryRow(ctx, count, append(cargs, MaxResults+1)...).Scan(&res.Total); err != nil {
			return res, fmt.Errorf("search count: %w", err)
		}
	}
	if res.Total > MaxResults {
		res.Total, res.Capped = MaxResults, true
	}
	return res, nil
}

// walkNewest reports whether PostgreSQL should find the newest editions matching cond (a
// condition on search_docs d after "WHERE d.tsv @@ ") by walking the editions newest first,
// testing each, rather than by reading every match from the GIN index. The planner weighs the
// two but counts nothing for reading a walked edition's tsvector, which is kept out of line,
// so it walked for a word in one story in forty, reading fourteen thousand tsvectors (100 ms
// and more), where the index found its few thousand matches in a quarter of that. The walk
// reads about total × MaxResults / matches editions, the index about matches, at about the
// same cost each (measured on 100,000 stories): the walk pays when matches² > MaxResults ×
// total. Both numbers are the planner's own estimates, from its statistics, without running
// anything.
func (ix *Index) walkNewest(ctx context.Context, cond string, args []any) (bool, error) {
	matches, err := ix.estimate(ctx, "SELECT 1 FROM search_docs d WHERE d.tsv @@ "+cond, args...)
	if err != nil {
		return false, err
	}
	total, err := ix.estimate(ctx, "SELECT 1 FROM search_docs")
	if err != nil {
		return false, err
	}
	return matches*matches > MaxResults*total, nil
}

// estimate is the number of rows the PostgreSQL planner expects query to return.
func (ix *Index) estimate(ctx context.Context, query string, args ...any) (float64, error) {
	var plan string
	if err := ix.db.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+query, args...).Scan(&plan); err != nil {
		return 0, fmt.Errorf("search estimate: %w", err)
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal([]byte(plan), &out); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("search estimate: reading the plan: %v", err)
	}
	return out[0].Plan.Rows, nil
}

// docColumns are what a hit reads of search_docs d.
const docColumns = "d.edition_id, d.story_id, d.lang, d.status, d.section_id, d.owner_id, d.published_at, d.headline, d.standfirst, d.body"

// where is the filter, but for dates, as conditions on search_docs d, each starting with AND.
// On SQLite, section and byline are FTS5 facets instead (facets).
func (f Filter) where(dialect db.Dialect) (string, []any) {
	var b strings.Builder
	var args []any
	switch {
	case f.Staff == nil:
		b.WriteString(" AND d.status = ?")
		args = append(args, string(news.Published))
	case !f.Staff.Everything:
		b.WriteString(" AND (d.owner_id = ? OR d.status = ?)")
		args = append(args, f.Staff.UserID, string(news.Published))
	}
	if f.Lang != "" {
		b.WriteString(" AND d.lang = ?")
		args = append(args, string(f.Lang))
	}
	if dialect == db.SQLite {
		return b.String(), args
	}
	if f.SectionID != 0 {
		b.WriteString(" AND d.section_id = ?")
		args = append(args, f.SectionID)
	}
	if f.AuthorID != 0 {
		b.WriteString(" AND d.edition_id IN (SELECT edition_id FROM edition_authors WHERE author_id = ?)")
		args = append(args, f.AuthorID)
	}
	return b.String(), args
}

// facets is the filter's section and byline as FTS5 conditions on the facets column
// (SQLite), to follow the words' expression: few editions pass them, so FTS5 finds the
// editions that do faster than search_docs would.
func (f Filter) facets() string {
	var b strings.Builder
	if f.SectionID != 0 {
		b.WriteString(" AND facets:" + facet("section", strconv.FormatInt(f.SectionID, 10)))
	}
	if f.AuthorID != 0 {
		b.WriteString(" AND facets:" + facet("author", strconv.FormatInt(f.AuthorID, 10)))
	}
	return b.String()
}

// dates is the date range as conditions on search_docs d, each starting with AND.
func (f Filter) dates() (string, []any) {
	var b strings.Builder
	var args []any
	if !f.From.IsZero() {
		b.WriteString(" AND d.published_at >= ?")
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		b.WriteString(" AND d.published_at < ?")
		args = append(args, f.To.UTC())
	}
	return b.String(), args
}

// facetPrefix starts every token of the facets column; queries only ever look for words in
// the other columns, so a reader typing one finds nothing by it.
const facetPrefix = "zzfacet"

// facet is the quoted token of a filter's value in the facets column.
func facet(name, value string) string {
	return `"` + facetPrefix + name + value + `"`
}

// facetsOf are the facets column's tokens of a document: its section and bylines (documents
// indexed by older code also hold their state, language and owner, which no query reads).
func facetsOf(d *doc) string {
	list := []string{facetPrefix + "section" + strconv.FormatInt(d.sectionID, 10)}
	for _, a := range d.authorIDs {
		list = append(list, facetPrefix+"author"+strconv.FormatInt(a, 10))
	}
	return strings.Join(list, " ")
}
