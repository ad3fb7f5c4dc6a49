package search

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// MaxResults bounds how many results a query counts and pages through: beyond it, a reader
// is better served by more words than by page 60.
const MaxResults = 1000

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

// candidates bounds how many matching editions a query ranks: past it, a word too common to
// tell stories apart (it is in thousands of them) ranks the newest candidates (by edition,
// after the filters of language, state, section and author) instead of reading every one. A
// date range lifts the bound: its stories may be old.
const candidates = 2000

// Search runs q with f and returns limit hits from offset on, best first: the most relevant
// (words in the headline count most, then standfirst, tags and bylines, then the body), with
// newer stories lifted (a story of today counts double, one of a month ago one and a half).
func (ix *Index) Search(ctx context.Context, q Query, f Filter, limit, offset int) (Results, error) {
	var res Results
	if q.Empty() || offset >= MaxResults {
		return res, nil
	}
	limit = min(limit, MaxResults-offset)
	var count, ranked string
	var args []any
	bound := candidates
	if !f.From.IsZero() || !f.To.IsZero() {
		bound = 1 << 30
	}
	dates, dargs := f.dates()
	now := ix.now().Unix()
	if ix.db.Dialect == db.Postgres {
		where, wargs := f.where()
		args = append([]any{q.tsquery()}, wargs...)
		args = append(args, dargs...)
		count = "SELECT COUNT(*) FROM (SELECT 1 FROM search_docs d WHERE d.tsv @@ CAST(? AS tsquery)" + where + dates + " LIMIT ?) n"
		ranked = `WITH m AS (SELECT d.edition_id FROM search_docs d WHERE d.tsv @@ CAST(? AS tsquery)` + where + dates + ` ORDER BY d.edition_id DESC LIMIT ?)
			SELECT ` + docColumns + ` FROM m JOIN search_docs d ON d.edition_id = m.edition_id
			ORDER BY ts_rank('{0.1, 0.2, 0.4, 1.0}', d.tsv, CAST(? AS tsquery), 1) *
				(1.0 + 1.0 / (1.0 + GREATEST(0, CAST(? AS BIGINT) - d.ranked_at) / 2592000.0)) DESC, d.edition_id DESC LIMIT ? OFFSET ?`
		if err := ix.db.QueryRow(ctx, count, append(append([]any{}, args...), MaxResults+1)...).Scan(&res.Total); err != nil {
			return res, fmt.Errorf("search count: %w", err)
		}
		args = append(args, bound, q.tsquery(), now, limit, offset)
	} else {
		match := q.fts() + f.facets()
		args = append([]any{match}, dargs...)
		count = "SELECT COUNT(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?) n"
		countArgs := []any{match, MaxResults + 1}
		if dates != "" {
			count = "SELECT COUNT(*) FROM (SELECT 1 FROM search_fts JOIN search_docs d ON d.edition_id = search_fts.rowid WHERE search_fts MATCH ?" + dates + " LIMIT ?) n"
			countArgs = append(append([]any{match}, dargs...), MaxResults+1)
		}
		ranked = `WITH m AS (SELECT search_fts.rowid AS id, bm25(search_fts, 10.0, 4.0, 1.0, 0.0) AS r FROM search_fts
				JOIN search_docs d ON d.edition_id = search_fts.rowid WHERE search_fts MATCH ?` + dates + ` ORDER BY search_fts.rowid DESC LIMIT ?)
			SELECT ` + docColumns + ` FROM m JOIN search_docs d ON d.edition_id = m.id
			ORDER BY -m.r * (1.0 + 1.0 / (1.0 + MAX(0, ? - d.ranked_at) / 2592000.0)) DESC, d.edition_id DESC LIMIT ? OFFSET ?`
		if err := ix.db.QueryRow(ctx, count, countArgs...).Scan(&res.Total); err != nil {
			return res, fmt.Errorf("search count: %w", err)
		}
		args = append(args, bound, now, limit, offset)
	}
	if res.Total > MaxResults {
		res.Total, res.Capped = MaxResults, true
	}
	if res.Total == 0 || offset >= res.Total {
		return res, nil
	}
	rows, err := ix.db.Query(ctx, ranked, args...)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	forms := q.allForms()
	for rows.Next() {
		var h Hit
		var lang, headline, standfirst, body string
		var owner sql.NullInt64
		var published sql.NullTime
		if err := rows.Scan(&h.EditionID, &h.StoryID, &lang, &h.Status, &h.SectionID, &owner, &published,
			&headline, &standfirst, &body); err != nil {
			return res, err
		}
		h.Lang, h.OwnerID, h.PublishedAt = locale.Lang(lang), owner.Int64, published.Time
		h.Headline = highlight(headline, forms)
		h.Snippet = snippet(forms, standfirst, body)
		res.Hits = append(res.Hits, h)
	}
	return res, rows.Err()
}

// docColumns are what a hit reads of search_docs d.
const docColumns = "d.edition_id, d.story_id, d.lang, d.status, d.section_id, d.owner_id, d.published_at, d.headline, d.standfirst, d.body"

// where is the filter, but for dates, as conditions on search_docs d, each starting with AND
// (PostgreSQL).
func (f Filter) where() (string, []any) {
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

// facets is the filter, but for dates, as FTS5 conditions on the facets column (SQLite), to
// follow the words' expression.
func (f Filter) facets() string {
	var b strings.Builder
	switch {
	case f.Staff == nil:
		b.WriteString(" AND facets:" + facet("status", string(news.Published)))
	case !f.Staff.Everything:
		b.WriteString(" AND (facets:" + facet("owner", strconv.FormatInt(f.Staff.UserID, 10)) +
			" OR facets:" + facet("status", string(news.Published)) + ")")
	}
	if f.Lang != "" {
		b.WriteString(" AND facets:" + facet("lang", string(f.Lang)))
	}
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

// facetsOf are the facets column's tokens of a document.
func facetsOf(d *doc) string {
	list := []string{facetPrefix + "status" + d.status, facetPrefix + "lang" + d.lang,
		facetPrefix + "section" + strconv.FormatInt(d.sectionID, 10)}
	if d.owner.Valid {
		list = append(list, facetPrefix+"owner"+strconv.FormatInt(d.owner.Int64, 10))
	}
	for _, a := range d.authorIDs {
		list = append(list, facetPrefix+"author"+strconv.FormatInt(a, 10))
	}
	return strings.Join(list, " ")
}
