package search

import (
	"context"
	"database/sql"
	"fmt"
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

// Search runs q with f and returns limit hits from offset on, best first: the most relevant
// (words in the headline count most, then standfirst, tags and bylines, then the body), with
// newer stories lifted (a story of today counts double, one of a month ago one and a half).
func (ix *Index) Search(ctx context.Context, q Query, f Filter, limit, offset int) (Results, error) {
	var res Results
	if q.Empty() || offset >= MaxResults {
		return res, nil
	}
	limit = min(limit, MaxResults-offset)
	match, from, score, args := ix.matchSQL(q)
	where, wargs := f.where()
	args = append(args, wargs...)
	count := "SELECT COUNT(*) FROM (SELECT 1 FROM " + from + " WHERE " + match + where + " LIMIT ?) n"
	if err := ix.db.QueryRow(ctx, count, append(append([]any{}, args...), MaxResults+1)...).Scan(&res.Total); err != nil {
		return res, fmt.Errorf("search count: %w", err)
	}
	if res.Total > MaxResults {
		res.Total, res.Capped = MaxResults, true
	}
	if res.Total == 0 || offset >= res.Total {
		return res, nil
	}
	rows, err := ix.db.Query(ctx, `SELECT d.edition_id, d.story_id, d.lang, d.status, d.section_id, d.owner_id, d.published_at,
		d.headline, d.standfirst, d.body FROM `+from+" WHERE "+match+where+" ORDER BY "+score+" DESC, d.edition_id DESC LIMIT ? OFFSET ?",
		ix.rankArgs(args, limit, offset)...)
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

// matchSQL is the dialect's part of a search: the condition that matches q, the tables it
// reads (d is search_docs), and the relevance score with its recency lift, which reads the
// time now as the first of the ranking arguments (rankArgs).
func (ix *Index) matchSQL(q Query) (match, from, score string, args []any) {
	// Ages are in days; a story's relevance is multiplied by 1 + 1/(1 + age/30).
	if ix.db.Dialect == db.Postgres {
		return "d.tsv @@ CAST(? AS tsquery)", "search_docs d",
			"ts_rank('{0.1, 0.2, 0.4, 1.0}', d.tsv, CAST(? AS tsquery), 1) * (1.0 + 1.0 / (1.0 + GREATEST(0, CAST(? AS BIGINT) - d.ranked_at) / 2592000.0))",
			[]any{q.tsquery()}
	}
	return "search_fts MATCH ?", "search_fts JOIN search_docs d ON d.edition_id = search_fts.rowid",
		"-bm25(search_fts, 10.0, 4.0, 1.0) * (1.0 + 1.0 / (1.0 + MAX(0, ? - d.ranked_at) / 2592000.0))",
		[]any{q.fts()}
}

// rankArgs puts the arguments of the ranked query in the order of its placeholders: the
// match's and the filter's, the score's (the query again on PostgreSQL, and now), the page.
func (ix *Index) rankArgs(args []any, limit, offset int) []any {
	out := append([]any{}, args...)
	if ix.db.Dialect == db.Postgres {
		out = append(out, args[0])
	}
	return append(out, ix.now().Unix(), limit, offset)
}

// where is the filter as conditions on search_docs d, each starting with AND.
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
