// Package views counts how often readers open each article, for the "Most read" lists and the
// newsroom's per-story counts. Nothing that identifies a reader is kept, in memory or in the
// database: a view is a story, a language and the hour it happened in. Views are counted in
// memory (Counter) and added to hourly rows in batches, so serving a page never waits on the
// database; several nodes add to the same rows.
package views

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// Keep is how long views stay in hourly rows; older ones are folded into one total per
// edition (Rollup). It is longer than the longest "Most read" window.
const Keep = 8 * 24 * time.Hour

// The "Most read" windows.
const (
	Day  = 24 * time.Hour
	Week = 7 * 24 * time.Hour
)

// Store owns the view tables.
type Store struct {
	db *db.DB
}

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Count is a number of views of one edition in one hour.
type Count struct {
	StoryID int64
	Lang    locale.Lang
	// Hour is the start of the hour, in UTC.
	Hour  time.Time
	Views int64
}

// Edition names one language edition of a story.
type Edition struct {
	StoryID int64
	Lang    locale.Lang
}

// Rank is a story's place in a "Most read" list.
type Rank struct {
	StoryID int64
	Views   int64
}

// Tally is an edition's views: all of them, and those of the last 24 hours.
type Tally struct {
	Total int64
	Day   int64
}

// hourOf is the bucket t falls in.
func hourOf(t time.Time) time.Time { return t.UTC().Truncate(time.Hour) }

// addChunk bounds the rows of one INSERT (four parameters each).
const addChunk = 200

// Add adds counts to the hourly rows in one transaction. Views of stories that no longer
// exist are dropped. Rows are written in key order, so two nodes adding at once lock them in
// the same order and never deadlock.
func (s *Store) Add(ctx context.Context, counts []Count) error {
	if len(counts) == 0 {
		return nil
	}
	merged := map[Count]int64{}
	for _, c := range counts {
		if c.Views <= 0 {
			continue
		}
		k := Count{StoryID: c.StoryID, Lang: c.Lang, Hour: hourOf(c.Hour)}
		merged[k] += c.Views
	}
	keys := make([]Count, 0, len(merged))
	for k, v := range merged {
		k.Views = v
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Count) int {
		return cmp.Or(cmp.Compare(a.StoryID, b.StoryID), cmp.Compare(a.Lang, b.Lang), a.Hour.Compare(b.Hour))
	})
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		known, err := existing(ctx, tx, keys)
		if err != nil {
			return err
		}
		rows := keys[:0]
		for _, k := range keys {
			if known[k.StoryID] {
				rows = append(rows, k)
			}
		}
		for chunk := range slices.Chunk(rows, addChunk) {
			values := make([]string, len(chunk))
			args := make([]any, 0, 4*len(chunk))
			for i, c := range chunk {
				values[i] = "(?, ?, ?, ?)"
				args = append(args, c.StoryID, string(c.Lang), c.Hour, c.Views)
			}
			_, err := tx.Exec(ctx, `INSERT INTO story_views (story_id, lang, hour, views) VALUES `+strings.Join(values, ", ")+`
				ON CONFLICT (story_id, lang, hour) DO UPDATE SET views = story_views.views + excluded.views`, args...)
			if err != nil {
				return fmt.Errorf("add views: %w", err)
			}
		}
		return nil
	})
}

// existing reports which of the counts' stories exist: a beacon may name any number.
func existing(ctx context.Context, tx *db.Tx, counts []Count) (map[int64]bool, error) {
	var ids []any
	seen := map[int64]bool{}
	for _, c := range counts {
		if !seen[c.StoryID] {
			seen[c.StoryID] = true
			ids = append(ids, c.StoryID)
		}
	}
	known := map[int64]bool{}
	for chunk := range slices.Chunk(ids, 500) {
		rows, err := tx.Query(ctx, "SELECT id FROM stories WHERE id IN ("+db.In(len(chunk))+")", chunk...)
		if err != nil {
			return nil, fmt.Errorf("stories viewed: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			known[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return known, nil
}

// MostRead lists the stories in lang read most since the hour that holds since, most read
// first (the newer story first on a tie). Stories that are not published any more are the
// caller's to leave out.
func (s *Store) MostRead(ctx context.Context, lang locale.Lang, since time.Time, limit int) ([]Rank, error) {
	rows, err := s.db.Query(ctx, `SELECT story_id, CAST(SUM(views) AS BIGINT) AS n FROM story_views
		WHERE lang = ? AND hour >= ? GROUP BY story_id ORDER BY n DESC, story_id DESC LIMIT ?`,
		string(lang), hourOf(since), limit)
	if err != nil {
		return nil, fmt.Errorf("most read: %w", err)
	}
	defer rows.Close()
	var out []Rank
	for rows.Next() {
		var r Rank
		if err := rows.Scan(&r.StoryID, &r.Views); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Tallies returns the views of every edition of the stories: in all, and in the 24 hours
// before now. Editions never read are absent.
func (s *Store) Tallies(ctx context.Context, storyIDs []int64, now time.Time) (map[Edition]Tally, error) {
	out := map[Edition]Tally{}
	if len(storyIDs) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(storyIDs)+1)
	args = append(args, hourOf(now.Add(-Day)))
	for _, id := range storyIDs {
		args = append(args, id)
	}
	in := db.In(len(storyIDs))
	rows, err := s.db.Query(ctx, `SELECT story_id, lang, CAST(SUM(views) AS BIGINT), CAST(SUM(CASE WHEN hour >= ? THEN views ELSE 0 END) AS BIGINT)
		FROM story_views WHERE story_id IN (`+in+`) GROUP BY story_id, lang`, args...)
	if err != nil {
		return nil, fmt.Errorf("view counts: %w", err)
	}
	for rows.Next() {
		var e Edition
		var lang string
		var t Tally
		if err := rows.Scan(&e.StoryID, &lang, &t.Total, &t.Day); err != nil {
			rows.Close()
			return nil, err
		}
		e.Lang = locale.Lang(lang)
		out[e] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.Query(ctx, "SELECT story_id, lang, views FROM story_view_totals WHERE story_id IN ("+in+")", args[1:]...)
	if err != nil {
		return nil, fmt.Errorf("view totals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Edition
		var lang string
		var n int64
		if err := rows.Scan(&e.StoryID, &lang, &n); err != nil {
			return nil, err
		}
		e.Lang = locale.Lang(lang)
		t := out[e]
		t.Total += n
		out[e] = t
	}
	return out, rows.Err()
}

// Rollup folds the hourly rows of hours before the one holding before into the editions'
// totals and returns how many rows it folded. Each row is deleted and added in one
// statement's reach (DELETE ... RETURNING), so nodes rolling up at once never count a row
// twice.
func (s *Store) Rollup(ctx context.Context, before time.Time) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		n = 0
		rows, err := tx.Query(ctx, "DELETE FROM story_views WHERE hour < ? RETURNING story_id, lang, views", hourOf(before))
		if err != nil {
			return fmt.Errorf("fold views: %w", err)
		}
		sums := map[Edition]int64{}
		for rows.Next() {
			var e Edition
			var lang string
			var v int64
			if err := rows.Scan(&e.StoryID, &lang, &v); err != nil {
				rows.Close()
				return err
			}
			e.Lang = locale.Lang(lang)
			sums[e] += v
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		keys := make([]Edition, 0, len(sums))
		for e := range sums {
			keys = append(keys, e)
		}
		slices.SortFunc(keys, func(a, b Edition) int {
			return cmp.Or(cmp.Compare(a.StoryID, b.StoryID), cmp.Compare(a.Lang, b.Lang))
		})
		for _, e := range keys {
			_, err := tx.Exec(ctx, `INSERT INTO story_view_totals (story_id, lang, views) VALUES (?, ?, ?)
				ON CONFLICT (story_id, lang) DO UPDATE SET views = story_view_totals.views + excluded.views`,
				e.StoryID, string(e.Lang), sums[e])
			if err != nil {
				return fmt.Errorf("add to view totals: %w", err)
			}
		}
		return nil
	})
	return n, err
}
