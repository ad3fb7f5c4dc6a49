// Package search is the full-text search over stories, for readers (published editions) and
// the newsroom (every state): the index, kept in the database beside the stories so that it
// commits with every change and every node sees it, and the queries against it. Words are
// folded and stemmed in Go (text.go, stem.go) the same way for the index and for queries, so
// SQLite's FTS5 and PostgreSQL's tsvector see the same words and find the same stories.
package search

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// version is the way documents are made (folding, stemming, weights); a document made by an
// older version is made again by Backfill. 2: the headline's own tsvector (PostgreSQL), and
// facets of section and bylines only (SQLite).
const version = 2

// Index is the search index over the stories in one database.
type Index struct {
	db  *db.DB
	now func() time.Time
}

// New returns the index of d.
func New(d *db.DB) *Index { return &Index{db: d, now: time.Now} }

// WithClock returns a copy of the index reading the time from now, for the recency of ranks.
func (ix *Index) WithClock(now func() time.Time) *Index {
	c := *ix
	c.now = now
	return &c
}

// edit names editions to index again: a story's edition in a language, or all of them.
type edit struct {
	story int64
	lang  locale.Lang
}

// Follow brings the index up to date with what a transaction's events say changed, inside that
// transaction, so that the index commits (or rolls back) with the change. Stories are indexed
// once per transaction however many events name them.
func (ix *Index) Follow(ctx context.Context, tx *db.Tx, events []any) error {
	var todo []edit
	add := func(story int64, lang locale.Lang) {
		for i, e := range todo {
			if e.story == story && (e.lang == lang || e.lang == "") {
				return
			}
			if e.story == story {
				// Both editions (a story has one per language): one pass indexes them.
				todo[i].lang = ""
				return
			}
		}
		todo = append(todo, edit{story, lang})
	}
	for _, ev := range events {
		switch ev := ev.(type) {
		case news.EditionWritten:
			add(ev.StoryID, ev.Lang)
		case news.StoryPublished:
			add(ev.StoryID, ev.Lang)
		case news.StoryWithdrawn:
			add(ev.StoryID, ev.Lang)
		case news.EditionChanged:
			add(ev.StoryID, ev.Lang)
		}
	}
	// The stories of each language (or of both) are indexed together.
	byLang := map[locale.Lang][]int64{}
	var langs []locale.Lang
	for _, e := range todo {
		if _, ok := byLang[e.lang]; !ok {
			langs = append(langs, e.lang)
		}
		byLang[e.lang] = append(byLang[e.lang], e.story)
	}
	for _, l := range langs {
		if err := ix.indexStories(ctx, tx, byLang[l], l); err != nil {
			return fmt.Errorf("search index stories %v: %w", byLang[l], err)
		}
	}
	return nil
}

// Backfill indexes up to limit editions that the index lacks or made with an older version
// (a database from before search, or after a change of the rules) and reports how many it
// did. Several nodes may run it at once: each document is written whole, in edition order.
func (ix *Index) Backfill(ctx context.Context, limit int) (int, error) {
	rows, err := ix.db.Query(ctx, `SELECT DISTINCT e.story_id FROM editions e LEFT JOIN search_docs d ON d.edition_id = e.id
		WHERE d.edition_id IS NULL OR d.version < ? ORDER BY e.story_id LIMIT ?`, version, limit)
	if err != nil {
		return 0, fmt.Errorf("search backfill: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	err = ix.db.InTx(ctx, func(tx *db.Tx) error { return ix.indexStories(ctx, tx, ids, "") })
	if err != nil {
		return 0, fmt.Errorf("search backfill: %w", err)
	}
	return len(ids), nil
}

// doc is one edition as the index holds it.
type doc struct {
	editionID, storyID, sectionID int64
	owner                         sql.NullInt64
	lang                          string
	status                        string
	headline, standfirst, body    string
	publishedAt                   sql.NullTime
	modifiedAt                    time.Time
	// meta is what else the edition is found by: its standfirst, tags and bylines.
	meta      []string
	authorIDs []int64
}

// storiesPerQuery bounds the stories one statement reads, far below both databases' limits
// on parameters.
const storiesPerQuery = 500

// indexStories writes the documents of the stories' editions in lang (every edition when lang
// is empty). Each step reads or writes all the stories at once, so that a backfill of an
// archive costs a few statements per batch rather than a dozen per story.
func (ix *Index) indexStories(ctx context.Context, tx *db.Tx, stories []int64, lang locale.Lang) error {
	for len(stories) > 0 {
		n := min(len(stories), storiesPerQuery)
		if err := ix.indexSome(ctx, tx, stories[:n], lang); err != nil {
			return err
		}
		stories = stories[n:]
	}
	return nil
}

func (ix *Index) indexSome(ctx context.Context, tx *db.Tx, stories []int64, lang locale.Lang) error {
	args := make([]any, len(stories))
	for i, id := range stories {
		args[i] = id
	}
	q := `SELECT e.id, e.story_id, e.lang, e.status, e.headline, e.standfirst, e.body, e.published_at, e.modified_at,
		s.section_id, s.created_by FROM editions e JOIN stories s ON s.id = e.story_id WHERE e.story_id IN (` + db.In(len(stories)) + `)`
	if lang != "" {
		q += " AND e.lang = ?"
		args = append(args, string(lang))
	}
	rows, err := tx.Query(ctx, q+" ORDER BY e.id", args...)
	if err != nil {
		return err
	}
	var docs []*doc
	for rows.Next() {
		d := &doc{}
		if err := rows.Scan(&d.editionID, &d.storyID, &d.lang, &d.status, &d.headline, &d.standfirst, &d.body,
			&d.publishedAt, &d.modifiedAt, &d.sectionID, &d.owner); err != nil {
			rows.Close()
			return err
		}
		d.body = plainText(d.body)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(docs) == 0 {
		return err
	}
	// Tags and bylines are found in either language's name.
	tags := map[int64][]string{}
	err = eachRow(ctx, tx, `SELECT st.story_id, t.name_en, t.name_as FROM story_tags st JOIN tags t ON t.id = st.tag_id
		WHERE st.story_id IN (`+db.In(len(stories))+`) ORDER BY st.story_id, t.id`, args[:len(stories)], func(id int64, en, as string) {
		tags[id] = append(tags[id], en, as)
	})
	if err != nil {
		return err
	}
	editions := make([]any, len(docs))
	byID := make(map[int64]*doc, len(docs))
	for i, d := range docs {
		editions[i] = d.editionID
		byID[d.editionID] = d
	}
	bylines := map[int64][]string{}
	err = eachRow(ctx, tx, `SELECT ea.edition_id, a.name_en, a.name_as FROM edition_authors ea JOIN authors a ON a.id = ea.author_id
		WHERE ea.edition_id IN (`+db.In(len(docs))+`) ORDER BY ea.edition_id, ea.position`, editions, func(id int64, en, as string) {
		bylines[id] = append(bylines[id], en, as)
	})
	if err != nil {
		return err
	}
	rows, err = tx.Query(ctx, "SELECT edition_id, author_id FROM edition_authors WHERE edition_id IN ("+db.In(len(docs))+") ORDER BY edition_id, author_id", editions...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var edition, author int64
		if err := rows.Scan(&edition, &author); err != nil {
			rows.Close()
			return err
		}
		byID[edition].authorIDs = append(byID[edition].authorIDs, author)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range docs {
		d.meta = append(append([]string{d.standfirst}, tags[d.storyID]...), bylines[d.editionID]...)
	}
	return ix.write(ctx, tx, docs)
}

// eachRow calls fn with each row of q: an id and a pair of names (English, Assamese).
func eachRow(ctx context.Context, tx *db.Tx, q string, args []any, fn func(id int64, en, as string)) error {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var en, as string
		if err := rows.Scan(&id, &en, &as); err != nil {
			return err
		}
		fn(id, en, as)
	}
	return rows.Err()
}

// write stores docs: their rows, and their words in the dialect's word index, with as few
// multi-row statements as the databases' limits on parameters allow.
func (ix *Index) write(ctx context.Context, tx *db.Tx, docs []*doc) error {
	cols := "edition_id, story_id, lang, status, section_id, owner_id, published_at, ranked_at, headline, standfirst, body, version"
	row := "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
	set := `story_id = excluded.story_id, lang = excluded.lang, status = excluded.status, section_id = excluded.section_id,
		owner_id = excluded.owner_id, published_at = excluded.published_at, ranked_at = excluded.ranked_at,
		headline = excluded.headline, standfirst = excluded.standfirst, body = excluded.body, version = excluded.version`
	width := 12
	pg := tx.Dialect() == db.Postgres
	if pg {
		cols += ", tsv, tsv_head"
		row += ", CAST(? AS tsvector), CAST(? AS tsvector)"
		set += ", tsv = excluded.tsv, tsv_head = excluded.tsv_head"
		width += 2
	}
	var args, fts []any
	for _, d := range docs {
		ranked := d.modifiedAt
		if d.publishedAt.Valid {
			ranked = d.publishedAt.Time
		}
		head, meta, body := terms(d.headline), terms(strings.Join(d.meta, "\n")), terms(d.body)
		var published any
		if d.publishedAt.Valid {
			published = d.publishedAt.Time.UTC()
		}
		args = append(args, d.editionID, d.storyID, d.lang, d.status, d.sectionID, d.owner, published, ranked.Unix(),
			d.headline, d.standfirst, d.body, version)
		if pg {
			args = append(args, tsvector(head, meta, body), tsvector(head, meta, nil))
		} else {
			fts = append(fts, d.editionID, strings.Join(head, " "), strings.Join(meta, " "), strings.Join(body, " "), facetsOf(d))
		}
	}
	err := chunks(args, width, func(n int, part []any) error {
		_, err := tx.Exec(ctx, "INSERT INTO search_docs ("+cols+") VALUES "+rowsOf(row, n)+" ON CONFLICT (edition_id) DO UPDATE SET "+set, part...)
		return err
	})
	if err != nil || pg {
		return err
	}
	return chunks(fts, 5, func(n int, part []any) error {
		ids := make([]any, n)
		for i := range n {
			ids[i] = part[i*5]
		}
		if _, err := tx.Exec(ctx, "DELETE FROM search_fts WHERE rowid IN ("+db.In(n)+")", ids...); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO search_fts (rowid, head, meta, body, facets) VALUES "+rowsOf("?, ?, ?, ?, ?", n), part...)
		return err
	})
}

// maxParams bounds the parameters of one statement, below SQLite's limit (32766) and
// PostgreSQL's (65535).
const maxParams = 30000

// chunks calls fn with rows of args (width values each), as many at a time as maxParams allows.
func chunks(args []any, width int, fn func(n int, part []any) error) error {
	per := maxParams / width * width
	for len(args) > 0 {
		k := min(len(args), per)
		if err := fn(k/width, args[:k]); err != nil {
			return err
		}
		args = args[k:]
	}
	return nil
}

// rowsOf is n rows of VALUES, each (row).
func rowsOf(row string, n int) string {
	return strings.TrimSuffix(strings.Repeat("("+row+"), ", n), ", ")
}

// PostgreSQL keeps at most this many positions of a word, and none past maxPosition.
const (
	maxPositions = 255
	maxPosition  = 16383
)

// tsvector writes the words of the three weighted parts (A headline, B meta, D body) as a
// tsvector literal, positions counted through the parts in order. Words hold letters, marks
// and digits only, so they need no escaping inside the quotes.
func tsvector(head, meta, body []string) string {
	type entry struct {
		word string
		n    int
		pos  []byte
	}
	var list []*entry
	byWord := map[string]*entry{}
	pos := 0
	for i, part := range [][]string{head, meta, body} {
		weight := "ABD"[i]
		for _, w := range part {
			pos = min(pos+1, maxPosition)
			e := byWord[w]
			if e == nil {
				e = &entry{word: w}
				byWord[w] = e
				list = append(list, e)
			}
			if e.n < maxPositions {
				if e.n > 0 {
					e.pos = append(e.pos, ',')
				}
				e.pos = append(strconv.AppendInt(e.pos, int64(pos), 10), weight)
				e.n++
			}
		}
	}
	var b strings.Builder
	for i, e := range list {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("'" + e.word + "':")
		b.Write(e.pos)
	}
	return b.String()
}

// plainText is the text of an HTML body, blocks separated by line breaks.
func plainText(body string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "h2", "h3", "h4", "li", "blockquote", "br", "figcaption", "div", "tr", "pre":
				if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
					b.WriteByte('\n')
				}
			}
		}
	}
}
