package comments

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// Closing says why a story takes no more comments; the zero value means it takes them.
type Closing string

// The reasons comments are closed.
const (
	NotClosed      Closing = ""
	ClosedByEditor Closing = "editor"
	ClosedByAge    Closing = "age"
)

// Closing reports whether the story, whose edition was published at publishedAt, takes
// comments now.
func (s *Store) Closing(ctx context.Context, storyID int64, publishedAt time.Time) (Closing, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return NotClosed, err
	}
	return closingOf(ctx, s.db, storyID, publishedAt, set, s.clock())
}

// ClosingUnder is Closing under comment settings set the caller has read (Settings), for a
// caller that keeps them.
func (s *Store) ClosingUnder(ctx context.Context, storyID int64, publishedAt time.Time, set Settings) (Closing, error) {
	return closingOf(ctx, s.db, storyID, publishedAt, set, s.clock())
}

func closingOf(ctx context.Context, q querier, storyID int64, publishedAt time.Time, set Settings, now time.Time) (Closing, error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM comment_closed_stories WHERE story_id = ?", storyID).Scan(&n); err != nil {
		return NotClosed, fmt.Errorf("read comment closing: %w", err)
	}
	if n > 0 {
		return ClosedByEditor, nil
	}
	if set.CloseAfterDays > 0 && !publishedAt.IsZero() && now.Sub(publishedAt) > time.Duration(set.CloseAfterDays)*24*time.Hour {
		return ClosedByAge, nil
	}
	return NotClosed, nil
}

// SetClosed closes a story's comments (both editions), or opens them again.
func (s *Store) SetClosed(ctx context.Context, storyID int64, closed bool, by int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM stories WHERE id = ?", storyID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		tx.Record(ClosedChanged{StoryID: storyID, Closed: closed})
		if !closed {
			_, err := tx.Exec(ctx, "DELETE FROM comment_closed_stories WHERE story_id = ?", storyID)
			return err
		}
		var user any
		if by != 0 {
			user = by
		}
		_, err := tx.Exec(ctx, "INSERT INTO comment_closed_stories (story_id, closed_by, closed_at) VALUES (?, ?, ?) ON CONFLICT (story_id) DO NOTHING",
			storyID, user, s.clock())
		return err
	})
}

// visible is the condition, on comments c, for a comment readers see: approved, and a reply
// only while its thread's first comment is approved too.
const visible = `c.status = 'approved' AND (c.parent_id IS NULL OR EXISTS
	(SELECT 1 FROM comments p WHERE p.id = c.parent_id AND p.status = 'approved'))`

// ThreadQuery selects one page of an edition's comments.
type ThreadQuery struct {
	StoryID int64
	Lang    locale.Lang
	// Oldest lists the threads oldest first; newest first otherwise.
	Oldest bool
	// Page counts from 1; PerPage top-level comments make a page (20 when 0).
	Page    int
	PerPage int
}

// Thread is one page of an edition's comments as readers see them.
type Thread struct {
	// Comments are the page's top-level comments, each with all its approved replies.
	Comments []Comment
	// Count is every comment readers see on the edition, replies included.
	Count int
	// TopLevel counts the threads, which pages divide.
	TopLevel    int
	Page, Pages int
}

// DefaultPerPage is how many threads a page of comments shows.
const DefaultPerPage = 20

// Thread returns a page of the approved comments of an edition; ErrNotFound for a page past
// the last.
func (s *Store) Thread(ctx context.Context, q ThreadQuery) (Thread, error) {
	per := q.PerPage
	if per <= 0 {
		per = DefaultPerPage
	}
	page := max(q.Page, 1)
	t := Thread{Page: page}
	err := s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.parent_id IS NULL THEN 1 ELSE 0 END), 0)
		FROM comments c WHERE c.story_id = ? AND c.lang = ? AND `+visible, q.StoryID, string(q.Lang)).Scan(&t.Count, &t.TopLevel)
	if err != nil {
		return Thread{}, fmt.Errorf("count comments: %w", err)
	}
	t.Pages = max(1, (t.TopLevel+per-1)/per)
	if page > t.Pages {
		return Thread{}, ErrNotFound
	}
	if t.TopLevel == 0 {
		return t, nil
	}
	order := "DESC"
	if q.Oldest {
		order = "ASC"
	}
	tops, err := s.list(ctx, `SELECT `+commentColumns+` FROM comments c WHERE c.story_id = ? AND c.lang = ? AND c.parent_id IS NULL
		AND c.status = 'approved' ORDER BY c.created_at `+order+`, c.id `+order+` LIMIT ? OFFSET ?`,
		q.StoryID, string(q.Lang), per, (page-1)*per)
	if err != nil {
		return Thread{}, err
	}
	ids := make([]int64, len(tops))
	at := make(map[int64]int, len(tops))
	for i, c := range tops {
		ids[i] = c.ID
		at[c.ID] = i
	}
	// Filtered and sorted here, not by the query: a condition on status or an order by date
	// led SQLite to walk every approved comment (comments_queue) instead of looking up the
	// page's few replies (comments_parent).
	all, err := s.list(ctx, `SELECT `+commentColumns+` FROM comments c WHERE c.parent_id IN (`+db.In(len(ids))+`)`, idArgs(ids)...)
	if err != nil {
		return Thread{}, err
	}
	replies := slices.DeleteFunc(all, func(c Comment) bool { return c.Status != Approved })
	slices.SortFunc(replies, func(a, b Comment) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for _, r := range replies {
		i := at[r.ParentID]
		tops[i].Replies = append(tops[i].Replies, r)
	}
	t.Comments = tops
	return t, nil
}

func (s *Store) list(ctx context.Context, q string, args ...any) ([]Comment, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Counts returns how many comments readers see on each story's edition in lang, in one query;
// stories without comments are absent.
func (s *Store) Counts(ctx context.Context, lang locale.Lang, storyIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(storyIDs) == 0 {
		return out, nil
	}
	args := append([]any{string(lang)}, idArgs(storyIDs)...)
	rows, err := s.db.Query(ctx, `SELECT c.story_id, COUNT(*) FROM comments c WHERE c.lang = ? AND c.story_id IN (`+
		db.In(len(storyIDs))+`) AND `+visible+` GROUP BY c.story_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("count comments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// Visible returns a comment readers can see on the edition of storyID in lang; the reply
// form uses it to name the comment replied to.
func (s *Store) Visible(ctx context.Context, id, storyID int64, lang locale.Lang) (Comment, error) {
	c, err := scanComment(s.db.QueryRow(ctx, "SELECT "+commentColumns+" FROM comments c WHERE c.id = ? AND c.story_id = ? AND c.lang = ? AND "+visible,
		id, storyID, string(lang)))
	if errors.Is(err, db.ErrNoRows) {
		return Comment{}, ErrNotFound
	}
	return c, err
}

// Flag records a reader's flag on a comment they can see, once per client address, and
// reports whether this flag was new. Flagged comments wait in the moderation queue.
func (s *Store) Flag(ctx context.Context, id, storyID int64, lang locale.Lang, client string) (bool, error) {
	ck, err := s.guard.ClientKey(ctx, client)
	if err != nil {
		return false, err
	}
	added := false
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM comments c WHERE c.id = ? AND c.story_id = ? AND c.lang = ? AND "+visible,
			id, storyID, string(lang)).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		res, err := tx.Exec(ctx, "INSERT INTO comment_flags (comment_id, client_key, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			id, ck, s.clock())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		added = true
		_, err = tx.Exec(ctx, "UPDATE comments SET flag_count = flag_count + 1 WHERE id = ?", id)
		return err
	})
	return added, err
}
