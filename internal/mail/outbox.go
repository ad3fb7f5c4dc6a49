package mail

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/queue"
)

// The states of an outbox mail. A queued mail waits for (or is in) delivery, a sent one was
// accepted by the transport, a failed one ran out of attempts or was refused for good.
const (
	StatusQueued = "queued"
	StatusSent   = "sent"
	StatusFailed = "failed"
)

// How a sent mail left: through the SMTP server, or written to the log because no SMTP
// server is configured.
const (
	ViaSMTP = "smtp"
	ViaLog  = "log"
)

// ErrNotFailed is returned by Requeue for a mail that is not in the failed state.
var ErrNotFailed = errors.New("only a failed mail can be queued again")

// Outbox stores mail for delivery. It is safe for concurrent use.
type Outbox struct {
	db *db.DB
	// jobs is the outbox table as a leased queue.
	jobs queue.Table
	// wake tells a Worker on this Outbox that mail was queued.
	wake queue.Wake
}

// NewOutbox returns the outbox kept in d.
func NewOutbox(d *db.DB) *Outbox {
	return &Outbox{db: d, jobs: queue.Table{DB: d, Name: "outbox"}, wake: queue.NewWake()}
}

// Item is a mail as stored in the outbox.
type Item struct {
	ID int64
	Message
	Status string
	// Via is ViaSMTP or ViaLog once sent, empty before.
	Via string
	// Attempts counts the deliveries begun.
	Attempts int
	// NextAttemptAt is when a queued mail is due.
	NextAttemptAt time.Time
	// LastError is the most recent delivery error of a queued or failed mail.
	LastError string
	CreatedAt time.Time
	// SentAt is zero until the mail is sent.
	SentAt time.Time
}

// ListFilter selects outbox mail for the admin pages.
type ListFilter struct {
	// Status is StatusQueued, StatusSent, StatusFailed or empty for all.
	Status string
	// Limit defaults to 50 and is at most 500.
	Limit, Offset int
}

// now is the time written to the outbox: UTC, at the microsecond precision both databases keep.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Enqueue validates m and stores it for delivery, waking a Worker on this Outbox. With a
// DedupeKey already in the outbox it stores nothing and returns the existing mail's id.
func (o *Outbox) Enqueue(ctx context.Context, m Message) (int64, error) {
	var id int64
	err := o.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = o.EnqueueTx(ctx, tx, m)
		return err
	})
	if err != nil {
		return 0, err
	}
	o.wake.Kick()
	return id, nil
}

// EnqueueTx is Enqueue inside the caller's transaction, so that a mail is queued if and only
// if the caller's own rows are saved. The mail is due at once; call Worker.Kick after the
// commit to send it without waiting for the worker's next poll.
func (o *Outbox) EnqueueTx(ctx context.Context, tx *db.Tx, m Message) (int64, error) {
	m, err := normalize(m)
	if err != nil {
		return 0, err
	}
	var key any
	if m.DedupeKey != "" {
		key = m.DedupeKey
	}
	t := now()
	id, err := tx.InsertID(ctx, `INSERT INTO outbox (to_addr, subject, text_body, html_body, headers, status, next_attempt_at, dedupe_key, created_at)
		VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		m.To, m.Subject, m.Text, m.HTML, encodeHeaders(m.Headers), t, key, t)
	if errors.Is(err, sql.ErrNoRows) && key != nil {
		// The key is taken; on PostgreSQL a concurrent insert of it has committed by now,
		// since ON CONFLICT waited for it.
		err = tx.QueryRow(ctx, "SELECT id FROM outbox WHERE dedupe_key = ?", key).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("queue mail: %w", err)
	}
	return id, nil
}

const itemColumns = `id, to_addr, subject, text_body, html_body, headers, COALESCE(dedupe_key, ''), status, sent_via,
	attempts, next_attempt_at, last_error, created_at, sent_at`

type scanner interface{ Scan(dest ...any) error }

func scanItem(row scanner) (Item, error) {
	var it Item
	var sent sql.NullTime
	var headers string
	err := row.Scan(&it.ID, &it.To, &it.Subject, &it.Text, &it.HTML, &headers, &it.DedupeKey, &it.Status, &it.Via,
		&it.Attempts, &it.NextAttemptAt, &it.LastError, &it.CreatedAt, &sent)
	if err != nil {
		return Item{}, err
	}
	it.Headers = decodeHeaders(headers)
	it.NextAttemptAt = it.NextAttemptAt.UTC()
	it.CreatedAt = it.CreatedAt.UTC()
	if sent.Valid {
		it.SentAt = sent.Time.UTC()
	}
	return it, nil
}

// List returns one page of outbox mail, newest first, and how many mails match f in all.
func (o *Outbox) List(ctx context.Context, f ListFilter) ([]Item, int, error) {
	switch f.Status {
	case "", StatusQueued, StatusSent, StatusFailed:
	default:
		return nil, 0, fmt.Errorf("list outbox: unknown status %q", f.Status)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 500)
	f.Offset = max(f.Offset, 0)
	var total int
	err := o.db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE (? = '' OR status = ?)", f.Status, f.Status).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("count outbox: %w", err)
	}
	rows, err := o.db.Query(ctx, "SELECT "+itemColumns+" FROM outbox WHERE (? = '' OR status = ?) ORDER BY id DESC LIMIT ? OFFSET ?",
		f.Status, f.Status, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list outbox: %w", err)
	}
	defer rows.Close()
	var items []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list outbox: %w", err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list outbox: %w", err)
	}
	return items, total, nil
}

// Get returns one outbox mail, or ErrNotFound.
func (o *Outbox) Get(ctx context.Context, id int64) (Item, error) {
	it, err := scanItem(o.db.QueryRow(ctx, "SELECT "+itemColumns+" FROM outbox WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, ErrNotFound
	}
	if err != nil {
		return Item{}, fmt.Errorf("get mail %d: %w", id, err)
	}
	return it, nil
}

// Requeue gives a failed mail a fresh set of attempts, due at once; an admin uses it once the
// cause (a wrong SMTP password, a full mailbox) is fixed. It returns ErrNotFound or
// ErrNotFailed when there is no failed mail id.
func (o *Outbox) Requeue(ctx context.Context, id int64) error {
	res, err := o.db.Exec(ctx, "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ? WHERE id = ? AND status = 'failed'", now(), id)
	if err != nil {
		return fmt.Errorf("requeue mail %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("requeue mail %d: %w", id, err)
	}
	if n == 0 {
		if _, err := o.Get(ctx, id); err != nil {
			return err
		}
		return ErrNotFailed
	}
	o.wake.Kick()
	return nil
}

// encodeHeaders is the stored form of a mail's extra headers: JSON, empty for none.
func encodeHeaders(h map[string]string) string {
	if len(h) == 0 {
		return ""
	}
	b, _ := json.Marshal(h)
	return string(b)
}

// decodeHeaders reads encodeHeaders' form; a value it cannot read is no headers.
func decodeHeaders(s string) map[string]string {
	if s == "" {
		return nil
	}
	var h map[string]string
	if json.Unmarshal([]byte(s), &h) != nil {
		return nil
	}
	return h
}
