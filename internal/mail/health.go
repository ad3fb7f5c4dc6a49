package mail

import (
	"context"
	"database/sql"
	"time"
)

// Health is the state of the outbox, for /readyz: how much mail waits and how long the
// oldest has, and how many queued mails failed their last attempt.
type Health struct {
	Queued int
	// Oldest is when the oldest queued mail was queued; zero with none.
	Oldest time.Time
	// Failing counts queued mails whose last attempt failed.
	Failing int
}

// Health reads the outbox's state.
func (o *Outbox) Health(ctx context.Context) (Health, error) {
	var h Health
	err := o.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN last_error <> '' THEN 1 ELSE 0 END), 0)
		FROM outbox WHERE status = ?`, StatusQueued).Scan(&h.Queued, &h.Failing)
	if err != nil || h.Queued == 0 {
		return h, err
	}
	// The column itself, not MIN(), so that SQLite's driver reads it as a time.
	err = o.db.QueryRow(ctx, "SELECT created_at FROM outbox WHERE status = ? ORDER BY created_at LIMIT 1", StatusQueued).Scan(&h.Oldest)
	if err == sql.ErrNoRows {
		err = nil
	}
	return h, err
}
