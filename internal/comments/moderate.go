package comments

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// Item is a comment with what the newsroom shows beside it.
type Item struct {
	Comment
	// Headline and Slug are those of the edition commented on ("" if it is gone).
	Headline string
	Slug     string
	// ParentName is the author of the comment a reply belongs to.
	ParentName string
}

// itemColumns extend commentColumns with the edition and the parent.
const itemColumns = commentColumns + `, COALESCE(e.headline, ''), COALESCE(e.slug, ''), COALESCE(p.author_name, '')`

const itemFrom = ` FROM comments c LEFT JOIN editions e ON e.story_id = c.story_id AND e.lang = c.lang
	LEFT JOIN comments p ON p.id = c.parent_id`

func scanItem(row scanner) (Item, error) {
	var it Item
	c, err := scanComment(row, &it.Headline, &it.Slug, &it.ParentName)
	if err != nil {
		return Item{}, err
	}
	it.Comment = c
	return it, nil
}

func items(ctx context.Context, q querier, query string, args ...any) ([]Item, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Get returns a comment with its story's details, in any state.
func (s *Store) Get(ctx context.Context, id int64) (Item, error) {
	list, err := items(ctx, s.db, "SELECT "+itemColumns+itemFrom+" WHERE c.id = ?", id)
	if err != nil {
		return Item{}, err
	}
	if len(list) == 0 {
		return Item{}, ErrNotFound
	}
	return list[0], nil
}

// QueueFilter selects comments for moderation.
type QueueFilter struct {
	// Status is pending, flagged, approved, spam, rejected, or empty for every comment, those
	// waiting first.
	Status string
	// StoryID, when set, keeps one story's comments.
	StoryID int64
	// Limit defaults to 50 and is at most 200.
	Limit, Offset int
}

// queueStatuses are the queue's filters, never changed after start-up.
var queueStatuses = []string{string(Pending), Flagged, string(Approved), string(Spam), string(Rejected)}

// QueueStatuses lists the queue's filters in the order the newsroom shows them.
func QueueStatuses() []string { return slices.Clone(queueStatuses) }

// ValidQueueStatus reports whether st is a queue filter (the empty "all" included).
func ValidQueueStatus(st string) bool { return st == "" || slices.Contains(queueStatuses, st) }

func (f QueueFilter) where() (string, []any, string) {
	var conds []string
	var args []any
	order := "c.created_at DESC, c.id DESC"
	switch f.Status {
	case "":
		// Waiting comments first: pending, then flagged, then the rest, newest first.
		order = "CASE WHEN c.status = 'pending' THEN 0 WHEN c.status = 'approved' AND c.flag_count > 0 THEN 1 ELSE 2 END, " + order
	case string(Pending):
		conds = append(conds, "c.status = 'pending'")
		// Fair to commenters: the longest waiting first.
		order = "c.created_at, c.id"
	case Flagged:
		conds = append(conds, "c.status = 'approved' AND c.flag_count > 0")
		order = "c.flag_count DESC, " + order
	default:
		conds = append(conds, "c.status = ?")
		args = append(args, f.Status)
	}
	if f.StoryID != 0 {
		conds = append(conds, "c.story_id = ?")
		args = append(args, f.StoryID)
	}
	if len(conds) == 0 {
		return "", args, order
	}
	return " WHERE " + strings.Join(conds, " AND "), args, order
}

// Queue returns one page of comments for moderation and how many match f in all.
func (s *Store) Queue(ctx context.Context, f QueueFilter) ([]Item, int, error) {
	if !ValidQueueStatus(f.Status) {
		return nil, 0, fielderr.New("status", fielderr.NotAllowed)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	where, args, order := f.where()
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM comments c"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count queue: %w", err)
	}
	list, err := items(ctx, s.db, "SELECT "+itemColumns+itemFrom+where+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// QueueCounts counts comments by queue filter (pending, flagged, approved, spam, rejected),
// of one story when storyID is set.
func (s *Store) QueueCounts(ctx context.Context, storyID int64) (map[string]int, error) {
	where, args := "", []any{}
	if storyID != 0 {
		where, args = " WHERE story_id = ?", append(args, storyID)
	}
	rows, err := s.db.Query(ctx, `SELECT status, COUNT(*), COALESCE(SUM(CASE WHEN status = 'approved' AND flag_count > 0 THEN 1 ELSE 0 END), 0)
		FROM comments`+where+` GROUP BY status`, args...)
	if err != nil {
		return nil, fmt.Errorf("count queue: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for _, st := range queueStatuses {
		out[st] = 0
	}
	for rows.Next() {
		var st string
		var n, flagged int
		if err := rows.Scan(&st, &n, &flagged); err != nil {
			return nil, err
		}
		out[st] += n
		out[Flagged] += flagged
	}
	return out, rows.Err()
}

// Action is a moderation step.
type Action string

// The moderation steps.
const (
	Approve  Action = "approve"
	Reject   Action = "reject"
	MarkSpam Action = "spam"
	Delete   Action = "delete"
)

// ParseAction reads an action from a form.
func ParseAction(v string) (Action, bool) {
	switch a := Action(v); a {
	case Approve, Reject, MarkSpam, Delete:
		return a, true
	}
	return "", false
}

// MaxBulk is the most comments one moderation step takes.
const MaxBulk = 200

// Moderation is one step applied to one or more comments.
type Moderation struct {
	IDs    []int64
	Action Action
	// By is the editor's account.
	By int64
}

// Moderate applies m to the comments of m.IDs that exist and returns them as they were.
// Approving clears readers' flags (an editor has looked); deleting removes a comment with its
// replies. ErrNotFound when none of the comments exists.
func (s *Store) Moderate(ctx context.Context, m Moderation) ([]Item, error) {
	ids := slices.Compact(slices.Sorted(slices.Values(m.IDs)))
	if len(ids) == 0 {
		return nil, ErrNotFound
	}
	if len(ids) > MaxBulk {
		return nil, fielderr.NewProblem("ids", fielderr.Problem{Code: fielderr.TooMany, Max: MaxBulk})
	}
	if _, ok := ParseAction(string(m.Action)); !ok {
		return nil, fielderr.New("action", fielderr.NotAllowed)
	}
	now := s.clock()
	var by any
	if m.By != 0 {
		by = m.By
	}
	var found []Item
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		in := "(" + db.In(len(ids)) + ")"
		list, err := items(ctx, tx, "SELECT "+itemColumns+itemFrom+" WHERE c.id IN "+in+" ORDER BY c.id", idArgs(ids)...)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return ErrNotFound
		}
		found = list
		args := idArgs(ids)
		switch m.Action {
		case Delete:
			_, err = tx.Exec(ctx, "DELETE FROM comments WHERE id IN "+in, args...)
			return err
		case Approve:
			if _, err := tx.Exec(ctx, "DELETE FROM comment_flags WHERE comment_id IN "+in, args...); err != nil {
				return err
			}
			_, err = tx.Exec(ctx, "UPDATE comments SET status = 'approved', flag_count = 0, spam_reason = '', moderated_at = ?, moderated_by = ? WHERE id IN "+in,
				append([]any{now, by}, args...)...)
		default:
			_, err = tx.Exec(ctx, "UPDATE comments SET status = ?, flag_count = 0, moderated_at = ?, moderated_by = ? WHERE id IN "+in,
				append([]any{string(statusOf(m.Action)), now, by}, args...)...)
		}
		if err != nil {
			return err
		}
		if m.Action != Approve {
			for _, it := range list {
				tx.Record(TakenDown{ID: it.ID, StoryID: it.StoryID, Lang: it.Lang})
			}
			return nil
		}
		for _, it := range list {
			it.Status = Approved
			if !it.Notify || it.Staff() {
				tx.Record(Published{Item: it})
				continue
			}
			// Claimed by the update, so a comment approved twice, or by two editors at
			// once, is announced once.
			res, err := tx.Exec(ctx, "UPDATE comments SET notified_at = ? WHERE id = ? AND notified_at IS NULL", now, it.ID)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			tx.Record(Published{Item: it, TellAuthor: n == 1})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return found, nil
}

func statusOf(a Action) Status {
	switch a {
	case Approve:
		return Approved
	case MarkSpam:
		return Spam
	}
	return Rejected
}

// Edition is one language edition of a story, as the moderation page names it.
type Edition struct {
	Lang      locale.Lang
	Headline  string
	Slug      string
	Published bool
}

// StoryInfo is a story as the moderation page shows it: its editions and whether an editor
// closed its comments.
type StoryInfo struct {
	ID       int64
	Editions []Edition
	Closed   bool
}

// Headline returns the story's headline in lang, else in its other edition.
func (si StoryInfo) Headline(lang locale.Lang) string {
	for _, e := range si.Editions {
		if e.Lang == lang {
			return e.Headline
		}
	}
	if len(si.Editions) > 0 {
		return si.Editions[0].Headline
	}
	return ""
}

// Story returns a story's editions and comment closing; ErrNotFound when there is no story.
func (s *Store) Story(ctx context.Context, storyID int64) (StoryInfo, error) {
	si := StoryInfo{ID: storyID}
	var n int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM stories WHERE id = ?", storyID).Scan(&n); err != nil {
		return si, err
	}
	if n == 0 {
		return si, ErrNotFound
	}
	rows, err := s.db.Query(ctx, "SELECT lang, headline, slug, status FROM editions WHERE story_id = ? ORDER BY lang DESC", storyID)
	if err != nil {
		return si, err
	}
	defer rows.Close()
	for rows.Next() {
		var e Edition
		var lang, status string
		if err := rows.Scan(&lang, &e.Headline, &e.Slug, &status); err != nil {
			return si, err
		}
		e.Lang, e.Published = locale.Lang(lang), status == string(news.Published)
		si.Editions = append(si.Editions, e)
	}
	if err := rows.Err(); err != nil {
		return si, err
	}
	err = s.db.QueryRow(ctx, "SELECT COUNT(*) FROM comment_closed_stories WHERE story_id = ?", storyID).Scan(&n)
	si.Closed = n > 0
	if errors.Is(err, db.ErrNoRows) {
		err = nil
	}
	return si, err
}
