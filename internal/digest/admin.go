package digest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// Filter selects subscribers for the newsroom's list.
type Filter struct {
	// State and Lang narrow the list; empty for all.
	State State
	Lang  locale.Lang
	// Limit defaults to 50 and is at most 500.
	Limit, Offset int
}

func (f Filter) where() (string, []any) {
	return "(? = '' OR state = ?) AND (? = '' OR lang = ?)", []any{string(f.State), string(f.State), string(f.Lang), string(f.Lang)}
}

// List returns one page of subscribers, newest first, and how many match f in all.
func (s *Store) List(ctx context.Context, f Filter) ([]Subscriber, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit, f.Offset = min(f.Limit, 500), max(f.Offset, 0)
	where, args := f.where()
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM digest_subscribers WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count subscribers: %w", err)
	}
	var out []Subscriber
	err := s.Each(ctx, f, func(sub Subscriber) error {
		out = append(out, sub)
		return nil
	})
	return out, total, err
}

// Each calls fn with every subscriber f selects (Limit 0: all of them), newest first; the
// CSV export streams through it.
func (s *Store) Each(ctx context.Context, f Filter, fn func(Subscriber) error) error {
	where, args := f.where()
	q := "SELECT " + columns + " FROM digest_subscribers WHERE " + where + " ORDER BY id DESC"
	if f.Limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("list subscribers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return fmt.Errorf("list subscribers: %w", err)
		}
		if err := fn(sub); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Count is how many subscribers are in one state and language.
type Count struct {
	State State
	Lang  locale.Lang
	N     int
}

// Counts returns how many subscribers each state and language has.
func (s *Store) Counts(ctx context.Context) ([]Count, error) {
	rows, err := s.db.Query(ctx, "SELECT state, lang, COUNT(*) FROM digest_subscribers GROUP BY state, lang ORDER BY state, lang")
	if err != nil {
		return nil, fmt.Errorf("count subscribers: %w", err)
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		var state, lang string
		if err := rows.Scan(&state, &lang, &c.N); err != nil {
			return nil, err
		}
		c.State, c.Lang = State(state), locale.Lang(lang)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Remove deletes a subscriber for an admin (actor, a user id), noted in the audit log with
// the subscriber's id, never the address.
func (s *Store) Remove(ctx context.Context, id, actor int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "DELETE FROM digest_subscribers WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("remove subscriber: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, actor, "digest_remove", fmt.Sprintf("subscriber=%d", id))
	})
}

// Bounce marks a subscriber bounced for an admin who learnt that its address no longer takes
// mail (a bounce report that came back by mail), noted in the audit log.
func (s *Store) Bounce(ctx context.Context, id, actor int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE digest_subscribers SET state = 'bounced', token_hash = NULL, token_expires_at = NULL,
			bounce_note = 'marked by an admin', ended_at = ? WHERE id = ? AND state <> 'bounced'`, s.clock(), id)
		if err != nil {
			return fmt.Errorf("bounce subscriber: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := scanSubscriber(tx.QueryRow(ctx, "SELECT "+columns+" FROM digest_subscribers WHERE id = ?", id)); err != nil {
				return ErrNotFound
			}
			return nil
		}
		return s.audit(ctx, tx, actor, "digest_bounce", fmt.Sprintf("subscriber=%d", id))
	})
}

// NoteExport notes in the audit log that actor exported the subscriber list.
func (s *Store) NoteExport(ctx context.Context, actor int64, rows int) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.audit(ctx, tx, actor, "digest_export", fmt.Sprintf("rows=%d", rows))
	})
}

func (s *Store) audit(ctx context.Context, tx *db.Tx, actor int64, action, detail string) error {
	var user any
	if actor != 0 {
		user = actor
	}
	_, err := tx.Exec(ctx, "INSERT INTO audit_events (user_id, action, detail, created_at) VALUES (?, ?, ?, ?)",
		user, action, detail, s.clock())
	return err
}

// cell guards a value a reader typed against spreadsheets reading it as a formula.
func cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// stamp is t in the form the CSV export writes, empty for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// CSVHeader is the first line of the subscriber export.
func CSVHeader() []string {
	return []string{"id", "email", "lang", "sections", "state", "digests_sent", "last_sent_on", "created_at", "confirmed_at", "ended_at", "bounce_note"}
}

// CSVRecord is sub as a line of the subscriber export.
func CSVRecord(sub Subscriber) []string {
	return []string{
		fmt.Sprint(sub.ID), cell(sub.Email), string(sub.Lang), joinIDs(sub.Sections), string(sub.State), fmt.Sprint(sub.SentCount),
		sub.LastSentOn, stamp(sub.CreatedAt), stamp(sub.ConfirmedAt), stamp(sub.EndedAt), cell(sub.BounceNote),
	}
}
