package people

import (
	"context"
	"errors"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// ErrThrottled is returned while a login key is blocked after repeated failures.
type ErrThrottled struct{ RetryAfter time.Duration }

func (e ErrThrottled) Error() string {
	return "too many failed attempts; try again in " + e.RetryAfter.Round(time.Second).String()
}

// delayAfter is the wait imposed after n consecutive failures: none for the first three, then
// doubling from two seconds up to fifteen minutes. The table is shared by every node, so an
// attacker gains nothing by spreading guesses over the load balancer.
func delayAfter(n int) time.Duration {
	if n <= 3 {
		return 0
	}
	d := 2 * time.Second << min(n-4, 10)
	return min(d, 15*time.Minute)
}

// CheckThrottle returns ErrThrottled while any of keys is blocked.
func (s *Store) CheckThrottle(ctx context.Context, keys ...string) error {
	now := s.clock()
	for _, k := range keys {
		var until time.Time
		err := s.db.QueryRow(ctx, "SELECT blocked_until FROM login_throttle WHERE key = ?", k).Scan(&until)
		if errors.Is(err, db.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		if until.After(now) {
			return ErrThrottled{RetryAfter: until.Sub(now)}
		}
	}
	return nil
}

// RecordFailure counts a failed attempt against each key and blocks it for a growing delay.
func (s *Store) RecordFailure(ctx context.Context, keys ...string) error {
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, k := range keys {
			// One upsert per key: on PostgreSQL it locks the row until commit, so failures
			// recorded at once all count instead of colliding on the primary key.
			var n int
			err := tx.QueryRow(ctx, `INSERT INTO login_throttle (key, failures, last_failure, blocked_until) VALUES (?, 1, ?, ?)
				ON CONFLICT (key) DO UPDATE SET
					failures = CASE WHEN login_throttle.last_failure < ? THEN 1 ELSE login_throttle.failures + 1 END,
					last_failure = excluded.last_failure
				RETURNING failures`, k, now, now, now.Add(-24*time.Hour)).Scan(&n)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE login_throttle SET blocked_until = ? WHERE key = ?", now.Add(delayAfter(n)), k); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearThrottle forgets the failures of keys after a successful login.
func (s *Store) ClearThrottle(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := s.db.Exec(ctx, "DELETE FROM login_throttle WHERE key = ?", k); err != nil {
			return err
		}
	}
	return nil
}
