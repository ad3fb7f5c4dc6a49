package db

import (
	"context"
	"fmt"
	"time"
)

// TakeTurn reports whether holder (a node) takes the turn of the periodic task name at now:
// the first to ask once the previous turn is over gets it, and holds it until next. It is one
// statement, so of several nodes asking at once exactly one gets the turn: on PostgreSQL the
// others wait for its row lock and then find next in the future; SQLite has one writer.
func (d *DB) TakeTurn(ctx context.Context, name, holder string, now, next time.Time) (bool, error) {
	now, next = now.UTC().Truncate(time.Microsecond), next.UTC().Truncate(time.Microsecond)
	res, err := d.Exec(ctx, `INSERT INTO task_turns (name, holder, next_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, next_at = excluded.next_at
		WHERE task_turns.next_at <= ?`, name, holder, next, now)
	if err != nil {
		return false, fmt.Errorf("take the turn of %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
