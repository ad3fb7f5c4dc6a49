package push

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// Queued is recorded when a notification's deliveries are queued; after the commit the
// events subscriber wakes the push worker.
type Queued struct {
	MessageID  int64
	Recipients int
}

// ErrAlreadySent is returned by Send for an edition that was pushed before, unless the
// editor confirmed a second send.
var ErrAlreadySent = errors.New("this edition was already sent as a push notification")

// ErrHourlyCap is returned by Send when the language's notifications of the last hour reached
// the per-hour cap.
var ErrHourlyCap = errors.New("the per-hour cap of push notifications is reached")

// ErrNoSubscribers is returned by Send when no subscription follows the edition's language
// and section: nothing is recorded, so a later send is not a second one.
var ErrNoSubscribers = errors.New("no subscription follows this story")

// Send is an editor's request to push a published edition to its readers.
type Send struct {
	EditionID int64
	// UserID is the editor sending, for the message and the audit log.
	UserID int64
	// Path is where the notification leads: the story's address on the reader site.
	Path string
	// Again confirms a second send of an edition already pushed.
	Again bool
}

// Message is a notification an editor sent, with its delivery tallies.
type Message struct {
	ID         int64
	StoryID    int64
	EditionID  int64
	Lang       locale.Lang
	Title      string
	Body       string
	URL        string
	SentBy     int64
	Recipients int
	// Delivered, Gone (subscriptions the push service no longer knows, removed) and Failed
	// count the deliveries settled so far; Pending those still queued. Readers who
	// unsubscribe meanwhile are in none.
	Delivered, Gone, Failed, Pending int
	CreatedAt                        time.Time
}

// Send queues the edition's notification for every subscription following its language and
// section, in one transaction with the message row, its audit entry and the Queued event. It
// returns news.ErrNotFound or news.ErrInvalidState (not published), ErrAlreadySent,
// ErrHourlyCap or ErrNoSubscribers; the edition's row stays locked until the commit, so two
// editors sending at once are decided one after the other.
func (s *Store) Send(ctx context.Context, in Send) (Message, error) {
	var m Message
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := news.LockPublishedTx(ctx, tx, in.EditionID)
		if err != nil {
			return err
		}
		var sent int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM push_messages WHERE edition_id = ?", t.EditionID).Scan(&sent); err != nil {
			return err
		}
		if sent > 0 && !in.Again {
			return ErrAlreadySent
		}
		if s.opt.PerHour > 0 {
			var recent int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM push_messages WHERE lang = ? AND created_at > ?",
				string(t.Lang), now.Add(-time.Hour)).Scan(&recent); err != nil {
				return err
			}
			if recent >= s.opt.PerHour {
				return ErrHourlyCap
			}
		}
		m = Message{StoryID: t.StoryID, EditionID: t.EditionID, Lang: t.Lang, Title: t.Headline, Body: t.Standfirst,
			URL: in.Path, SentBy: in.UserID, CreatedAt: now}
		m.ID, err = tx.InsertID(ctx, `INSERT INTO push_messages (story_id, edition_id, lang, title, body, url, sent_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.StoryID, m.EditionID, string(m.Lang), m.Title, m.Body, m.URL, nullID(in.UserID), now)
		if err != nil {
			return err
		}
		// The fan-out is one statement however many readers subscribe. PostgreSQL cannot guess
		// the types of parameters in a select list.
		at := "?"
		if tx.Dialect() == db.Postgres {
			at = "CAST(? AS TIMESTAMPTZ)"
		}
		res, err := tx.Exec(ctx, `INSERT INTO push_deliveries (message_id, subscription_id, status, next_attempt_at)
			SELECT DISTINCT CAST(? AS BIGINT), subscription_id, 'queued', `+at+` FROM push_topics WHERE `+reachWhere,
			m.ID, now, string(t.Lang), t.SectionID)
		if err != nil {
			return fmt.Errorf("queue deliveries: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		m.Recipients = int(n)
		if n == 0 {
			return ErrNoSubscribers
		}
		if _, err := tx.Exec(ctx, "UPDATE push_messages SET recipients = ? WHERE id = ?", m.Recipients, m.ID); err != nil {
			return err
		}
		tx.Record(Queued{MessageID: m.ID, Recipients: m.Recipients})
		return news.AuditTx(ctx, tx, in.UserID, "push", t.StoryID, t.EditionID, strconv.Itoa(m.Recipients), now)
	})
	if err != nil {
		return Message{}, err
	}
	return m, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const messageColumns = `id, story_id, edition_id, lang, title, body, url, COALESCE(sent_by, 0), recipients, delivered, gone, failed,
	(SELECT COUNT(*) FROM push_deliveries d WHERE d.message_id = push_messages.id AND d.status = 'queued'), created_at`

// Sent lists the notifications sent for an edition, newest first.
func (s *Store) Sent(ctx context.Context, editionID int64) ([]Message, error) {
	rows, err := s.db.Query(ctx, "SELECT "+messageColumns+" FROM push_messages WHERE edition_id = ? ORDER BY id DESC", editionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanMessage(row scanner) (Message, error) {
	var m Message
	var lang string
	err := row.Scan(&m.ID, &m.StoryID, &m.EditionID, &lang, &m.Title, &m.Body, &m.URL, &m.SentBy,
		&m.Recipients, &m.Delivered, &m.Gone, &m.Failed, &m.Pending, &m.CreatedAt)
	m.Lang = locale.Lang(lang)
	m.CreatedAt = m.CreatedAt.UTC()
	return m, err
}

// PerHour is the per-hour cap of notifications in one language; 0 for none.
func (s *Store) PerHour() int { return s.opt.PerHour }

// Backlog counts the deliveries waiting in the queue.
func (s *Store) Backlog(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM push_deliveries WHERE status = 'queued'").Scan(&n)
	return n, err
}

// Prune deletes the notifications sent before before, with what is left of their queue
// (failed deliveries, and any still waiting): the newsroom's record of them, kept as long as
// the mail outbox keeps sent mail.
func (s *Store) Prune(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.Exec(ctx, "DELETE FROM push_messages WHERE created_at < ?", before.UTC())
	if err != nil {
		return 0, fmt.Errorf("prune push messages: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
