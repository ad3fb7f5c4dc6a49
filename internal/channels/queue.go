package channels

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/queue"
	"github.com/batori-news/batori/internal/settings"
)

// ErrNotFailed is returned by Retry for a post that has not failed.
var ErrNotFailed = errors.New("only a failed channel post can be sent again")

// ErrNotFound is returned for a post that does not exist.
var ErrNotFound = errors.New("channel post not found")

// EnqueueTx queues story storyID's post to lang's channel inside the caller's transaction (the
// one publishing the edition), when that channel is on. It reports whether a post was queued:
// false for a channel that is off, and for a story already queued or posted in lang, which is
// never posted again. Call Kick after the commit to send it without waiting for a poll.
func EnqueueTx(ctx context.Context, tx *db.Tx, storyID int64, lang locale.Lang) (bool, error) {
	vals, err := settings.In(tx).GetMany(ctx, chatKey(lang), tokenKey(lang))
	if err != nil {
		return false, err
	}
	if vals[chatKey(lang)] == "" || vals[tokenKey(lang)] == "" {
		return false, nil
	}
	t := time.Now().UTC().Truncate(time.Microsecond)
	res, err := tx.Exec(ctx, `INSERT INTO channel_posts (story_id, lang, status, next_attempt_at, created_at)
		VALUES (?, ?, 'queued', ?, ?) ON CONFLICT (story_id, lang) DO NOTHING`, storyID, string(lang), t, t)
	if err != nil {
		return false, fmt.Errorf("queue channel post: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Post is one row of the queue, for the newsroom.
type Post struct {
	ID      int64
	StoryID int64
	Lang    locale.Lang
	Status  string
	// Attempts counts the deliveries begun.
	Attempts      int
	NextAttemptAt time.Time
	// LastError is the last failure, as Telegram described it; ErrorCode its status (0 for
	// a network failure).
	LastError string
	ErrorCode int
	// Headline is the headline as posted; empty before.
	Headline  string
	ChatID    string
	MessageID int64
	CreatedAt time.Time
	// SentAt is zero until the post is sent.
	SentAt time.Time
	// StoryHeadline is the edition's headline now, to name the story in lists.
	StoryHeadline string
}

// Recent lists lang's newest posts, at most limit (1 to 200), newest first.
func (s *Store) Recent(ctx context.Context, lang locale.Lang, limit int) ([]Post, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.Query(ctx, `SELECT p.id, p.story_id, p.lang, p.status, p.attempts, p.next_attempt_at, p.last_error,
		p.error_code, p.headline, p.chat_id, p.message_id, p.created_at, p.sent_at, COALESCE(e.headline, '')
		FROM channel_posts p LEFT JOIN editions e ON e.story_id = p.story_id AND e.lang = p.lang
		WHERE p.lang = ? ORDER BY p.created_at DESC, p.id DESC LIMIT ?`, string(lang), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Post
	for rows.Next() {
		var p Post
		var lang string
		var sent sql.NullTime
		if err := rows.Scan(&p.ID, &p.StoryID, &lang, &p.Status, &p.Attempts, &p.NextAttemptAt, &p.LastError,
			&p.ErrorCode, &p.Headline, &p.ChatID, &p.MessageID, &p.CreatedAt, &sent, &p.StoryHeadline); err != nil {
			return nil, err
		}
		p.Lang = locale.Lang(lang)
		p.NextAttemptAt, p.CreatedAt = p.NextAttemptAt.UTC(), p.CreatedAt.UTC()
		if sent.Valid {
			p.SentAt = sent.Time.UTC()
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Counts are how many of a language's posts are in each state.
type Counts struct{ Queued, Sent, Failed, Skipped int }

// CountsIn counts lang's posts by state.
func (s *Store) CountsIn(ctx context.Context, lang locale.Lang) (Counts, error) {
	rows, err := s.db.Query(ctx, "SELECT status, COUNT(*) FROM channel_posts WHERE lang = ? GROUP BY status", string(lang))
	if err != nil {
		return Counts{}, err
	}
	defer rows.Close()
	var c Counts
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return Counts{}, err
		}
		switch st {
		case StatusQueued:
			c.Queued = n
		case StatusSent:
			c.Sent = n
		case StatusFailed:
			c.Failed = n
		case StatusSkipped:
			c.Skipped = n
		}
	}
	return c, rows.Err()
}

// Retry queues a failed post again, with its attempts counted afresh: an admin who fixed the
// cause (the bot made an administrator of the channel, say) sends it again.
func (s *Store) Retry(ctx context.Context, id int64) error {
	t := s.stamp()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var st string
		err := tx.QueryRow(ctx, "SELECT status FROM channel_posts WHERE id = ?", id).Scan(&st)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if st != StatusFailed {
			return ErrNotFailed
		}
		_, err = tx.Exec(ctx, `UPDATE channel_posts SET status = 'queued', attempts = 0, next_attempt_at = ?,
			locked_until = NULL, lease_token = NULL WHERE id = ?`, t, id)
		return err
	})
}

// post is what a worker reads of a claimed row (a job of the leased queue channel_posts, see
// internal/queue).
type post struct {
	storyID int64
	lang    locale.Lang
}

// claim leases up to n due posts for lease; the token lets only this worker record them.
func (s *Store) claim(ctx context.Context, n int, lease time.Duration) (queue.Batch[post], error) {
	return queue.Claim(ctx, s.jobs, s.stamp(), n, lease, "story_id, lang", func(into func(...any) error) (post, error) {
		var p post
		var lang string
		err := into(&p.storyID, &lang)
		p.lang = locale.Lang(lang)
		return p, err
	})
}

func (s *Store) markSent(ctx context.Context, id int64, token, headline, chat string, messageID int64, note string) (bool, error) {
	return s.jobs.Settle(ctx, id, token, "status = 'sent', headline = ?, chat_id = ?, message_id = ?, sent_at = ?, last_error = ?, error_code = 0",
		headline, chat, messageID, s.stamp(), note)
}

func (s *Store) markRetry(ctx context.Context, id int64, token string, at time.Time, uncount bool, code int, lastErr string) (bool, error) {
	q := "next_attempt_at = ?, error_code = ?, last_error = ?"
	if uncount {
		// Telegram asked us to slow down: the post itself is not at fault.
		q += ", attempts = attempts - 1"
	}
	return s.jobs.Settle(ctx, id, token, q, at.UTC().Truncate(time.Microsecond), code, lastErr)
}

func (s *Store) markFailed(ctx context.Context, id int64, token string, code int, lastErr string) (bool, error) {
	return s.jobs.Settle(ctx, id, token, "status = 'failed', error_code = ?, last_error = ?", code, lastErr)
}

func (s *Store) markSkipped(ctx context.Context, id int64, token, why string) (bool, error) {
	return s.jobs.Settle(ctx, id, token, "status = 'skipped', last_error = ?", why)
}

// errorText bounds a stored error, so a chatty server cannot bloat the table.
func errorText(s string) string {
	if len(s) > 500 {
		s = strings.ToValidUTF8(s[:500], "") + "…"
	}
	return s
}
